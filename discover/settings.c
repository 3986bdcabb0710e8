/*
 * settings.c: the daemon's settings: loaded once at start from the board's
 * store, the kernel command line and the daemon's arguments (lib/config.h
 * layers, highest wins); changed and saved through the same store by the
 * menus' settings screens; lockdown by password; the log and system
 * information pages.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "discover/daemon-internal.h"
#include "lib/log.h"

static const char *const origin_names[CFG_LAYER_MAX] = {
	[CFG_LAYER_STORE] = "saved",
	[CFG_LAYER_CMDLINE] = "kernel command line",
	[CFG_LAYER_ARGS] = "daemon arguments",
};

static json_t *settings_json(struct daemon *d);

static void log_diags(struct vec *diags, const char *where)
{
	size_t i;

	for (i = 0; i < diags->n; i++)
		log_warn("settings: %s: %s", where, (char *)diags->v[i]);
	vec_free(diags, free);
}

static int open_store(struct daemon *d)
{
	int ret;

	if (d->opts.config_spec)
		ret = board_store_open(d->opts.config_spec, &d->store);
	else if (d->opts.dry_run)
		ret = 0;	/* a dry run never writes a real disk */
	else
		ret = board_default_store(&d->store);
	/* the labelled partition may show up a little later: see settle */
	d->store_later = !ret && !d->store && !d->opts.config_spec &&
			 !d->opts.dry_run;
	if (ret)
		log_err("settings: store '%s': %s", d->opts.config_spec ?
			d->opts.config_spec : "board", strerror(-ret));
	return ret;
}

/* Saved text into the store layer (keys changed meanwhile stay). */
static void apply_saved(struct daemon *d, const char *text)
{
	struct config *c = &d->settings.layer[CFG_LAYER_STORE], tmp = { { 0 } };
	struct vec diags = { 0 };
	int k;

	config_parse(&tmp, text, &diags);
	log_diags(&diags, board_store_describe(d->store));
	for (k = 0; k < CFG_KEY_MAX; k++)
		if (!c->values[k] && tmp.values[k])
			config_set(c, k, tmp.values[k]);
	config_clear(&tmp);
	log_info("settings: read from %s", board_store_describe(d->store));
}

static void load_store(struct daemon *d)
{
	char *text = NULL;
	int ret;

	ret = board_store_load(d->store, &text);
	if (ret == -ENOENT) {
		if (d->store)
			log_info("settings: none saved yet in %s",
				 board_store_describe(d->store));
		return;
	}
	if (ret) {
		log_err("settings: cannot read %s: %s",
			board_store_describe(d->store), strerror(-ret));
		return;
	}
	apply_saved(d, text);
	free(text);
}

static void headless_sinks(struct daemon *d)
{
	if (!settings_bool(&d->settings, CFG_HEADLESS))
		return;
	if (!d->opts.dry_run && log_add_sinks(LOG_SINK_CONSOLE))
		log_warn("headless: no console to log to");
	log_info("headless: no menu; decisions are logged on the console");
}

/* The board's store, looked for again once discovery has settled. */
struct store_job {
	struct job j;		/* first: the loop hands back this pointer */
	struct board_store *store;
	char *text;
	int err;
};

static void store_job_run(struct job *j)
{
	struct store_job *sj = (struct store_job *)j;

	sj->err = board_default_store(&sj->store);
	if (!sj->err && sj->store)
		sj->err = board_store_load(sj->store, &sj->text);
}

static void store_job_done(struct daemon *d, struct job *j)
{
	struct store_job *sj = (struct store_job *)j;
	bool waiting = d->store_timer != NULL;
	json_t *ev;

	event_cancel_timer(d->store_timer);
	d->store_timer = NULL;
	if (sj->store && !d->store) {
		d->store = sj->store;
		sj->store = NULL;
		if (sj->text)
			apply_saved(d, sj->text);
		headless_sinks(d);
		ev = settings_json(d);
		server_broadcast(d, PROTO_SETTINGS, ev);
		json_decref(ev);
	}
	board_store_free(sj->store);
	free(sj->text);
	free(sj);
	if (waiting)
		autoboot_store_ready(d);
}

static void on_store_timeout(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->store_timer = NULL;
	log_warn("settings: still looking for the board's store; going on");
	autoboot_store_ready(d);
}

bool daemon_settings_look_again(struct daemon *d)
{
	struct store_job *sj;

	if (!d->store_later)
		return false;
	d->store_later = false;
	sj = calloc(1, sizeof(*sj));
	if (!sj)
		return false;
	sj->j.run = store_job_run;
	sj->j.done = store_job_done;
	d->store_timer = event_add_timer(d->loop, 2000, on_store_timeout, d);
	if (!d->store_timer || daemon_start_job(d, &sj->j)) {
		event_cancel_timer(d->store_timer);
		d->store_timer = NULL;
		free(sj);
		return false;
	}
	return true;
}

static void load_cmdline(struct daemon *d)
{
	const char *path = d->opts.cmdline_path ? d->opts.cmdline_path :
			   "/proc/cmdline";
	struct vec diags = { 0 };
	char buf[4096];
	size_t n;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	config_read_cmdline(&d->settings.layer[CFG_LAYER_CMDLINE], buf, &diags);
	log_diags(&diags, path);
}

static void load_args(struct daemon *d)
{
	struct config *c = &d->settings.layer[CFG_LAYER_ARGS];
	char t[16];

	if (d->opts.timeout != INT_MIN) {
		snprintf(t, sizeof(t), "%d", d->opts.timeout);
		if (config_set(c, CFG_TIMEOUT, t))
			log_warn("settings: --timeout %s: out of range", t);
	}
	if (d->opts.default_pattern &&
	    config_set(c, CFG_DEFAULT, d->opts.default_pattern))
		log_warn("settings: --default: not a valid pattern");
}

int daemon_settings_load(struct daemon *d)
{
	int ret = open_store(d);

	load_store(d);
	load_cmdline(d);
	load_args(d);
	headless_sinks(d);
	return ret;
}

void daemon_settings_release(struct daemon *d)
{
	settings_release(&d->settings);
	board_store_free(d->store);
	d->store = NULL;
	free(d->next_used);
	d->next_used = NULL;
	d->store_timer = NULL;	/* freed with the loop */
}

bool daemon_client_locked(const struct client *c)
{
	const char *pw = settings_get(&c->d->settings, CFG_PASSWORD);

	return pw && *pw && !c->unlocked;
}

static json_t *settings_json(struct daemon *d)
{
	json_t *values = json_object(), *origins = json_object();
	const char *v;
	int k, l;

	for (k = 0; k < CFG_KEY_MAX; k++) {
		if (k == CFG_PASSWORD)
			continue;	/* the hash stays in the daemon */
		v = settings_get(&d->settings, k);
		l = settings_origin(&d->settings, k);
		json_object_set_new(values, config_keys[k].name,
				    v ? json_string(v) : json_null());
		json_object_set_new(origins, config_keys[k].name,
				    json_string(l < 0 ? "builtin" :
						l == CFG_LAYER_STORE && !d->store ?
						"this boot" : origin_names[l]));
	}
	return json_pack("{s:o,s:o,s:s,s:b}", "values", values, "origins",
			 origins, "store", board_store_describe(d->store),
			 "lockdown", !!settings_get(&d->settings, CFG_PASSWORD));
}

static int save(struct daemon *d)
{
	char *text = config_format(&d->settings.layer[CFG_LAYER_STORE]);
	int ret;

	if (!text)
		return -ENOMEM;
	ret = board_store_save(d->store, text);
	free(text);
	if (ret)
		log_err("settings: cannot save to %s: %s",
			board_store_describe(d->store), strerror(-ret));
	else
		log_info("settings: saved to %s", board_store_describe(d->store));
	return ret;
}

void daemon_settings_forget_next(struct daemon *d)
{
	struct config *c = &d->settings.layer[CFG_LAYER_STORE];

	if (!d->next_used)
		d->next_used = str_dup(settings_get(&d->settings, CFG_NEXT));
	if (!c->values[CFG_NEXT])
		return;
	config_set(c, CFG_NEXT, NULL);
	if (d->store)
		save(d);
}

/*
 * Check and apply one key of a settings-set to a copy of the saved layer.
 * The password arrives in clear and is kept as a crypt(3) hash.
 */
static int apply_one(struct config *c, const char *key, json_t *jv,
		     char *why, size_t len)
{
	const char *v = json_is_string(jv) ? json_string_value(jv) : NULL;
	const char *bad = NULL;
	char *hash = NULL;
	int k = config_key_find(key), ret;

	if (k < 0 || (!v && !json_is_null(jv))) {
		snprintf(why, len, "%s: %s", key, k < 0 ? "no such setting" :
			 "want a string or null");
		return -EINVAL;
	}
	if (k == CFG_PASSWORD && v && *v) {
		hash = config_password_hash(v);
		if (!hash)
			return -ENOMEM;
		v = hash;
	} else if (config_check(k, v, &bad)) {
		snprintf(why, len, "%s: %s", key, bad);
		return -EINVAL;
	}
	ret = config_set(c, k, v);
	free(hash);
	return ret;
}

static void settings_set(struct client *c, json_t *msg)
{
	struct daemon *d = c->d;
	struct config tmp = { { NULL } };
	json_t *values = json_object_get(msg, "values"), *jv, *ev;
	const char *key;
	char why[256] = "";
	int k, ret = 0;

	if (daemon_client_locked(c)) {
		server_reply(c, -EACCES, "locked: settings need the password");
		return;
	}
	for (k = 0; k < CFG_KEY_MAX && !ret; k++)
		ret = config_set(&tmp, k, d->settings.layer[CFG_LAYER_STORE].values[k]);
	json_object_foreach(values, key, jv)
		if (!ret)
			ret = apply_one(&tmp, key, jv, why, sizeof(why));
	if (ret) {
		config_clear(&tmp);
		server_reply(c, ret, *why ? why : strerror(-ret));
		return;
	}
	config_clear(&d->settings.layer[CFG_LAYER_STORE]);
	d->settings.layer[CFG_LAYER_STORE] = tmp;
	if (json_is_true(json_object_get(msg, "save")) || !json_object_get(msg, "save"))
		ret = d->store ? save(d) : 0;
	daemon_status(d, ret != 0, "settings %s%s", ret ? "not saved: " :
		      d->store ? "saved to " : "changed for this boot only: ",
		      ret ? strerror(-ret) : d->store ?
		      board_store_describe(d->store) : "nowhere to save them");
	json_object_foreach(values, key, jv) {
		int l = settings_origin(&d->settings, config_key_find(key));

		if (l > CFG_LAYER_STORE)
			daemon_status(d, false, "%s: the %s still sets it until "
				      "the next boot", key, origin_names[l]);
	}
	/* menus see the new values before the reply that ends their wait */
	ev = settings_json(d);
	server_broadcast(d, PROTO_SETTINGS, ev);
	json_decref(ev);
	server_reply(c, ret, NULL);
	autoboot_settings_changed(d);
}

static void unlock(struct client *c, json_t *msg)
{
	const char *pw = json_string_value(json_object_get(msg, "password"));
	const char *hash = settings_get(&c->d->settings, CFG_PASSWORD);

	if (!hash || config_password_ok(hash, pw)) {
		c->unlocked = true;
		server_reply(c, 0, NULL);
		return;
	}
	log_warn("lockdown: a wrong password was given");
	server_reply(c, -EACCES, "wrong password");
}

static json_t *log_json(void)
{
	json_t *lines = json_array();
	char **v = log_recent();
	size_t i;

	for (i = 0; v && v[i]; i++)
		json_array_append_new(lines, json_string(v[i]));
	strv_free(v);
	return json_pack("{s:o}", "lines", lines);
}

void daemon_settings_handle(struct client *c, unsigned type, json_t *msg)
{
	json_t *out = NULL;
	unsigned out_type = 0;

	switch (type) {
	case PROTO_SETTINGS_GET:
		out = settings_json(c->d);
		out_type = PROTO_SETTINGS;
		break;
	case PROTO_SETTINGS_SET:
		settings_set(c, msg);
		break;
	case PROTO_UNLOCK:
		unlock(c, msg);
		break;
	case PROTO_LOG_GET:
		out = log_json();
		out_type = PROTO_LOG;
		break;
	case PROTO_SYSINFO_GET:
		out = daemon_sysinfo_json(c->d);
		out_type = PROTO_SYSINFO;
		break;
	}
	if (out_type && !out)
		server_reply(c, -ENOMEM, NULL);
	else if (out_type)
		server_send(c, out_type, out);
	json_decref(out);
}
