/*
 * settings.c: the daemon's settings: the kernel command line and the
 * daemon's arguments at start, the board's store as soon as it is known
 * (read off the loop; the board's settings partition by the discovery
 * worker that probes it), in lib/config.h layers, highest wins; changed
 * and saved through the same store by the menus' settings screens;
 * lockdown by password; the log and system information pages.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "daemon/daemon-internal.h"
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

/* Saved text into the store layer (keys changed meanwhile stay). */
static void apply_saved(struct daemon *d, const char *text)
{
	struct config *c = &d->settings.layer[CFG_LAYER_STORE], tmp = { { 0 } };
	struct vec diags = { 0 };
	int k;

	config_parse(&tmp, text, &diags);
	log_diags(&diags, board_store_describe(d->store.board));
	for (k = 0; k < CFG_KEY_MAX; k++)
		if (!c->values[k] && tmp.values[k])
			config_set(c, k, tmp.values[k]);
	config_clear(&tmp);
	log_info("settings: read from %s",
		 board_store_describe(d->store.board));
}

static void headless_sinks(struct daemon *d)
{
	if (!settings_bool(&d->settings, CFG_HEADLESS))
		return;
	if (!d->opts.dry_run && log_add_sinks(LOG_SINK_CONSOLE))
		log_warn("headless: no console to log to");
	log_info("headless: no menu; decisions are logged on the console");
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

/* ---- the store ------------------------------------------------------- */

/*
 * A store read off the loop: the one --config names, or the board's
 * fallback (chosen first), for when discovery finds no settings partition.
 */
struct store_job {
	struct job j;		/* first: the loop hands back this pointer */
	struct daemon *d;
	bool fallback;		/* board_fallback_store() chooses it */
	struct board_store *store;
	char *text;
	int err;		/* choosing it failed */
	int load_err;		/* board_store_load(): -ENOENT: none saved */
};

static void store_job_free(struct store_job *sj)
{
	if (!sj)
		return;
	board_store_free(sj->store);
	free(sj->text);
	free(sj);
}

static void store_job_run(struct job *j)
{
	struct store_job *sj = (struct store_job *)j;

	if (sj->fallback)
		sj->err = board_fallback_store(&sj->store);
	if (!sj->err && sj->store)
		sj->load_err = board_store_load(sj->store, &sj->text);
}

/*
 * The store is known (d->store.board, perhaps NULL): the settings are complete.
 * autoboot: the countdown waited for it (at settle): go on.
 */
static void store_known(struct daemon *d, bool autoboot)
{
	d->store.looking = false;
	event_cancel_timer(d->store.timer);
	d->store.timer = NULL;
	store_job_free(d->store.fallback);
	d->store.fallback = NULL;
	headless_sinks(d);
	daemon_iso_loopback(d);
	daemon_tell(d, PROTO_SETTINGS, settings_json(d));
	server_release_held(d);
	if (autoboot)
		daemon_event(d, DAEMON_STORE_READY, NULL);
}

/* Take *st as the store, with what reading it gave (*text taken). */
static void store_ready(struct daemon *d, struct board_store **st,
			char **text, int err, bool autoboot)
{
	d->store.board = *st;
	*st = NULL;
	if (!d->store.board && err)
		log_err("settings: no store (%s): changes last until the next "
			"boot", strerror(-err));
	else if (!d->store.board)
		log_info("settings: no store: changes last until the next "
			 "boot");
	else if (err == -ENOENT)
		log_info("settings: none saved yet in %s",
			 board_store_describe(d->store.board));
	else if (err)
		log_err("settings: cannot read %s: %s",
			board_store_describe(d->store.board), strerror(-err));
	else
		apply_saved(d, *text);
	free(*text);
	*text = NULL;
	store_known(d, autoboot);
}

static void store_job_done(struct job *j)
{
	struct store_job *sj = (struct store_job *)j;
	struct daemon *d = sj->d;

	if (sj->err)
		log_err("settings: cannot choose the board's store: %s",
			strerror(-sj->err));
	if (!d->store.looking) {	/* the partition came first */
		store_job_free(sj);
		return;
	}
	if (sj->fallback && !d->settled) {
		/* a settings partition may still turn up until settling */
		store_job_free(d->store.fallback);
		d->store.fallback = sj;
		return;
	}
	store_ready(d, &sj->store, &sj->text, sj->load_err, d->settled);
	store_job_free(sj);
}

/* Read st (or the board's fallback, st NULL) off the loop. */
static void store_job_start(struct daemon *d, struct board_store *st)
{
	struct store_job *sj = calloc(1, sizeof(*sj));

	if (!sj) {
		/* unread: nowhere to save, or a save would replace it */
		log_err("settings: out of memory: not read, nowhere to save");
		board_store_free(st);
		store_known(d, false);
		return;
	}
	sj->d = d;
	sj->j.run = store_job_run;
	sj->j.done = store_job_done;
	sj->fallback = !st;
	sj->store = st;
	if (job_start(&d->jobs, &sj->j)) {	/* no thread: read it here */
		store_job_run(&sj->j);
		store_job_done(&sj->j);
	}
}

bool daemon_settings_pending(const struct daemon *d)
{
	return d->store.looking;
}

bool daemon_settings_want_partition(const struct daemon *d)
{
	return d->store.looking && d->store.from_board;
}

void daemon_settings_partition(struct daemon *d, const char *name,
			       struct board_store **st, char **text, int err)
{
	if (!daemon_settings_want_partition(d)) {
		log_warn("settings: %s: the store was chosen before it was "
			 "found: not used this boot", name);
		return;
	}
	log_info("settings: the board's partition is %s", name);
	store_ready(d, st, text, err, d->settled);
}

static void on_store_timeout(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->store.timer = NULL;
	log_warn("settings: the store is still being read after %u ms: going "
		 "on without the saved settings (nowhere to save this boot)",
		 DAEMON_STORE_WAIT_MS);
	store_known(d, true);
}

bool daemon_settings_settle(struct daemon *d)
{
	struct store_job *sj = d->store.fallback;

	if (!d->store.looking)
		return false;
	if (sj) {	/* no settings partition: the board's fallback */
		d->store.fallback = NULL;
		store_ready(d, &sj->store, &sj->text, sj->load_err, false);
		store_job_free(sj);
		return false;
	}
	/* its worker is still at it; a timer that cannot be made: no bound */
	d->store.timer = event_add_timer(d->loop, DAEMON_STORE_WAIT_MS,
					 on_store_timeout, d);
	return true;
}

int daemon_settings_load(struct daemon *d)
{
	struct board_store *st = NULL;
	int ret = 0;

	load_cmdline(d);
	load_args(d);
	d->store.looking = true;
	if (d->opts.config_spec) {
		ret = board_store_open(d->opts.config_spec, &st);
		if (ret)
			log_err("settings: store '%s': %s", d->opts.config_spec,
				strerror(-ret));
	} else if (!d->opts.dry_run) {	/* a dry run never writes a disk */
		d->store.from_board = true;
	}
	if (st || d->store.from_board)
		store_job_start(d, st);
	else
		store_known(d, false);
	return ret;
}

void daemon_settings_release(struct daemon *d)
{
	settings_release(&d->settings);
	/* a worker still writing it keeps it: left to the process's end */
	if (!d->store.saving)
		board_store_free(d->store.board);
	d->store.board = NULL;
	d->store.save_timer = NULL;	/* freed with the loop */
	json_decref(d->store.save_values);
	d->store.save_values = NULL;
	d->store.save_client = NULL;
	store_job_free(d->store.fallback);
	d->store.fallback = NULL;
	free(d->store.next_used);
	d->store.next_used = NULL;
	d->store.timer = NULL;	/* freed with the loop */
}

bool daemon_settings_locked(const struct client *c)
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
						l == CFG_LAYER_STORE &&
						!d->store.board ? "this boot" :
						origin_names[l]));
	}
	return json_pack("{s:o,s:o,s:s,s:b}", "values", values, "origins",
			 origins, "store", board_store_describe(d->store.board),
			 "lockdown", !!settings_get(&d->settings, CFG_PASSWORD));
}

/* ---- saving, off the loop ---------------------------------------------- */

/*
 * A save writes the store's whole text in a worker: on the settings
 * partition that is a mount, a write and a sync, which the loop must not
 * wait for. One at a time: requests that need the settings are held
 * meanwhile (server.c), a save asked for during one runs after it with
 * the settings as they are then, and a boot's hand-over waits for the
 * last (daemon_settings_after_save): a "next" forgotten for the next boot
 * is forgotten on the disk before the kexec.
 */
struct save_job {
	struct job j;		/* first: the loop hands back this pointer */
	struct daemon *d;
	const struct board_store *store;	/* the daemon's, read only */
	char *text;
	int ret;
};

static void settings_set_done(struct daemon *d, struct client *c,
			      json_t *values, bool saved, int ret);

static void save_run(struct job *j)
{
	struct save_job *sj = (struct save_job *)j;

	sj->ret = board_store_save(sj->store, sj->text);
}

static void save_start(struct daemon *d);

/* A save ended (ret): say so, answer who waits, go on with what waits. */
static void save_finish(struct daemon *d, int ret)
{
	struct client *c = d->store.save_client;
	json_t *values = d->store.save_values;
	struct job *j;

	d->store.saving = false;
	if (ret)
		log_err("settings: cannot save to %s: %s",
			board_store_describe(d->store.board), strerror(-ret));
	else
		log_info("settings: saved to %s",
			 board_store_describe(d->store.board));
	if (d->store.save_replies) {
		d->store.save_replies = false;
		d->store.save_client = NULL;
		d->store.save_values = NULL;
		settings_set_done(d, c, values, true, ret);
		json_decref(values);
	}
	if (d->store.save_again && !d->store.saving)
		save_start(d);
	if (d->store.saving)	/* another began meanwhile: wait for that one */
		return;
	server_release_held(d);
	d->store.save_stuck = false;
	event_cancel_timer(d->store.save_timer);
	d->store.save_timer = NULL;
	j = d->store.after_save;
	d->store.after_save = NULL;
	if (j)
		j->done(j);
}

static void save_done(struct job *j)
{
	struct save_job *sj = (struct save_job *)j;
	struct daemon *d = sj->d;
	int ret = sj->ret;

	free(sj->text);
	free(sj);
	save_finish(d, ret);
}

/* Write the saved layer to the store (which must be known) in a worker. */
static void save_start(struct daemon *d)
{
	struct save_job *sj;

	if (d->store.saving) {
		d->store.save_again = true;
		return;
	}
	sj = calloc(1, sizeof(*sj));
	if (sj)
		sj->text = config_format(&d->settings.layer[CFG_LAYER_STORE]);
	if (!sj || !sj->text) {
		free(sj);
		save_finish(d, -ENOMEM);
		return;
	}
	sj->d = d;
	sj->j.run = save_run;
	sj->j.done = save_done;
	sj->store = d->store.board;
	d->store.saving = true;
	/* this one writes every change so far */
	d->store.save_again = false;
	if (job_start(&d->jobs, &sj->j)) {	/* no thread: write it here */
		save_run(&sj->j);
		save_done(&sj->j);
	}
}

bool daemon_settings_busy(const struct daemon *d)
{
	return d->store.looking || d->store.saving;
}

static void on_save_timeout(struct event_loop *loop, void *data)
{
	struct daemon *d = data;
	struct job *j = d->store.after_save;

	d->store.save_timer = NULL;
	d->store.after_save = NULL;
	d->store.save_stuck = true;
	log_warn("settings: still saving to %s after %u ms: booting without "
		 "waiting for it", board_store_describe(d->store.board),
		 DAEMON_SAVE_WAIT_MS);
	if (j)
		j->done(j);
}

bool daemon_settings_after_save(struct daemon *d, struct job *j)
{
	if (!d->store.saving || d->store.after_save || d->store.save_stuck)
		return false;
	d->store.save_timer = event_add_timer(d->loop, DAEMON_SAVE_WAIT_MS,
					on_save_timeout, d);
	if (!d->store.save_timer)
		return false;	/* no bound to be had: do not wait */
	d->store.after_save = j;
	return true;
}

void daemon_settings_forget_next(struct daemon *d)
{
	struct config *c = &d->settings.layer[CFG_LAYER_STORE];

	if (!d->store.next_used)
		d->store.next_used = str_dup(settings_get(&d->settings,
							  CFG_NEXT));
	if (!c->values[CFG_NEXT])
		return;
	config_set(c, CFG_NEXT, NULL);
	if (d->store.board)
		save_start(d);
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
	json_t *values = json_object_get(msg, "values"), *jv;
	const char *key;
	char why[256] = "";
	int k, ret = 0;
	bool save;

	if (daemon_settings_locked(c)) {
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
	save = json_is_true(json_object_get(msg, "save")) ||
	       !json_object_get(msg, "save");
	if (!save || !d->store.board) {
		settings_set_done(d, c, values, false, 0);
		return;
	}
	/* held requests wait for the save: none can be running */
	d->store.save_replies = true;
	d->store.save_client = c;
	d->store.save_values = json_incref(values);
	save_start(d);
}

/*
 * A settings-set applied (and saved, or not: ret): tell everyone, then
 * answer c (NULL: it went away meanwhile).
 */
static void settings_set_done(struct daemon *d, struct client *c,
			      json_t *values, bool saved, int ret)
{
	const char *key;
	json_t *jv;

	daemon_status(d, ret != 0, "settings %s%s", ret ? "not saved: " :
		      saved ? "saved to " : "changed for this boot only: ",
		      ret ? strerror(-ret) : saved ?
		      board_store_describe(d->store.board) : d->store.board ?
		      "not saved, as asked" : "nowhere to save them");
	json_object_foreach(values, key, jv) {
		int l = settings_origin(&d->settings, config_key_find(key));

		if (l > CFG_LAYER_STORE)
			daemon_status(d, false, "%s: the %s still sets it until "
				      "the next boot", key, origin_names[l]);
	}
	/* menus see the new values before the reply that ends their wait */
	daemon_tell(d, PROTO_SETTINGS, settings_json(d));
	if (c)
		server_reply(c, ret, NULL);
	daemon_event(d, DAEMON_SETTINGS_CHANGED, NULL);
	daemon_iso_loopback(d);
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

static json_t *log_json(struct daemon *d)
{
	json_t *lines = json_array(), *boots = daemon_boot_records(d);
	char **v = log_recent();
	size_t i;

	for (i = 0; v && v[i]; i++)
		json_array_append_new(lines, json_string(v[i]));
	strv_free(v);

	return json_pack("{s:o,s:o}", "lines", lines, "boots",
			 boots ? json_incref(boots) : json_array());
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
		out = log_json(c->d);
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

const char *daemon_settings_next_used(const struct daemon *d)
{
	return d->store.next_used;
}

bool daemon_settings_waits_for_save(const struct client *c)
{
	return c == c->d->store.save_client;
}

void daemon_settings_client_gone(struct daemon *d, struct client *c)
{
	if (d->store.save_client == c)
		d->store.save_client = NULL;
}
