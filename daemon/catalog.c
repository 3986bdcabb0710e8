/*
 * catalog.c: the sources and boot options the daemon serves: what workers
 * found goes in (in menu order), what went away comes out (unmounted
 * lazily), and every change reaches the clients as option-add,
 * option-remove and sources events computed from what they were sent.
 * While a rescan runs, what goes out and comes back in is published once,
 * when it ends: an option found again unchanged is not sent at all (but
 * to a client that was given the state meanwhile, every option is).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "lib/log.h"
#include "lib/strindex.h"

/* What check_escapes() writes into an option's error; how it knows its own. */
#define ESCAPE_MARK "leaves its partition"

static const char *source_name(const void *s)
{
	return ((const struct source *)s)->info.name;
}

static const char *option_id(const void *o)
{
	return ((const struct boot_option *)o)->id;
}

static const char *string(const void *s)
{
	return s;
}

/*
 * The position in v of the element whose key is k, or -1: through the
 * index ix (built first when v changed since), or, when it cannot be
 * built (out of memory), by walking v. The first of equal keys wins.
 */
static ssize_t position(struct str_index *ix, const struct vec *v,
			const char *(*key)(const void *), const char *k)
{
	size_t i;

	if (ix->valid || !str_index_build(ix, v, key))
		return str_index_find(ix, k);
	for (i = 0; i < v->n; i++)
		if (streq(key(v->v[i]), k))
			return i;
	return -1;
}

struct source *catalog_source(struct daemon *d, const char *name)
{
	ssize_t at = position(&d->catalog.source_names, &d->sources,
			      source_name, name);

	return at < 0 ? NULL : d->sources.v[at];
}

struct boot_option *catalog_option(struct daemon *d, const char *id)
{
	ssize_t at = position(&d->catalog.option_ids, &d->res.options,
			      option_id, id);

	return at < 0 ? NULL : d->res.options.v[at];
}

/* The sources, or the options (or their ids), changed. */
static void sources_changed(struct daemon *d)
{
	str_index_clear(&d->catalog.source_names);
}

static void options_changed(struct daemon *d)
{
	str_index_clear(&d->catalog.option_ids);
}

/* Menu order of sources: --source order, then device names (vda2 < vda10). */
static int source_cmp(const struct source *a, const struct source *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strverscmp(a->info.name, b->info.name);
}

static void send_remove(struct daemon *d, const char *id)
{
	daemon_tell(d, PROTO_OPTION_REMOVE, json_pack("{s:s}", "id", id));
}

/* Append JSON s (taken) and id to the sent lists; -ENOMEM: s not taken. */
static int keep_sent(struct vec *sent, struct vec *ids, char *s,
		     const char *id)
{
	char *copy = strdup(id ? id : "");

	if (!s || !copy || vec_push(sent, s)) {
		free(copy);
		return -ENOMEM;
	}
	if (vec_push(ids, copy)) {
		sent->n--;
		free(copy);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Tell the clients how the options changed since they were last told:
 * option-remove for each id gone, then, in menu order, option-add (with
 * its index) for each option new or changed. Applied in that order, a
 * client's list ends up equal to ours.
 */
static void publish(struct daemon *d)
{
	struct vec sent = { 0 }, ids = { 0 };
	struct str_index sent_at = { 0 };
	size_t i;
	ssize_t k;

	for (i = 0; i < d->catalog.sent_ids.n; i++)
		if (!catalog_option(d, d->catalog.sent_ids.v[i]))
			send_remove(d, d->catalog.sent_ids.v[i]);
	for (i = 0; i < d->res.options.n; i++) {
		struct boot_option *o = d->res.options.v[i];
		json_t *j = boot_option_to_json(o);
		char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

		k = position(&sent_at, &d->catalog.sent_ids, string, o->id);
		if (s && (d->catalog.resend || k < 0 ||
			  !streq(d->catalog.sent.v[k], s))) {
			daemon_tell(d, PROTO_OPTION_ADD,
				    json_pack("{s:O,s:i}", "option", j,
					      "index", (int)i));
		}
		json_decref(j);
		if (!s)
			s = strdup("");	/* unknown: sent again next time */
		if (keep_sent(&sent, &ids, s, o->id))
			free(s);
	}
	str_index_clear(&sent_at);
	vec_free(&d->catalog.sent, free);
	vec_free(&d->catalog.sent_ids, free);
	d->catalog.sent = sent;
	d->catalog.sent_ids = ids;
	d->catalog.resend = false;
}

void catalog_publish(struct daemon *d)
{
	publish(d);
}

/* f names a file that exists, but only by leaving its source. */
static bool escapes(struct daemon *d, const struct boot_file *f)
{
	struct source *src;
	int fd;

	if (!f || !f->missing || !f->source || !f->path)
		return false;
	src = catalog_source(d, f->source);
	if (!src)
		return false;
	fd = source_open(src, f->path, O_PATH);
	if (fd >= 0) {
		close(fd);
		return false;
	}
	return fd == -EXDEV || fd == -ELOOP;
}

static const struct boot_file *escaping_file(struct daemon *d,
					     const struct boot_option *o,
					     const char **what)
{
	size_t i;

	*what = "kernel";
	if (escapes(d, o->kernel))
		return o->kernel;
	*what = "initrd";
	for (i = 0; o->initrds && o->initrds[i]; i++)
		if (escapes(d, o->initrds[i]))
			return o->initrds[i];
	*what = "device tree";
	if (escapes(d, o->dtb))
		return o->dtb;
	for (i = 0; o->dtb_overlays && o->dtb_overlays[i]; i++)
		if (escapes(d, o->dtb_overlays[i]))
			return o->dtb_overlays[i];
	return NULL;
}

/*
 * A path through a symlink to "/" or "../../" of another filesystem is
 * refused by source_open(); say so in the option's error (which keeps
 * autoboot off it) and in the log, naming the entry, once.
 */
static void check_escapes(struct daemon *d)
{
	const struct boot_file *f;
	const char *what;
	size_t i;
	char *msg;

	for (i = 0; i < d->res.options.n; i++) {
		struct boot_option *o = d->res.options.v[i];

		f = escaping_file(d, o, &what);
		msg = f ? str_printf("entry \"%s\" (%s:%s): its %s %s "
				     ESCAPE_MARK " %s through a symlink or "
				     "\"..\"; refused", o->name ? o->name : "?",
				     o->source, o->config ? o->config : "?",
				     what, f->path, f->source) : NULL;
		if (msg && !streq(o->error, msg)) {
			log_warn("%s", msg);
			free(o->error);
			o->error = msg;
			continue;
		}
		if (!msg && o->error && strstr(o->error, ESCAPE_MARK)) {
			free(o->error);	/* a new source made the path good */
			o->error = NULL;
		}
		free(msg);
	}
}

/* Resolve references again, now that the set of sources changed. */
static void refresh(struct daemon *d)
{
	event_cancel_timer(d->catalog.refresh_timer);
	d->catalog.refresh_timer = NULL;
	d->catalog.dirty = false;
	scan_finish(&d->res, (struct source *const *)d->sources.v,
		    d->sources.n);
	options_changed(d);	/* ids made unique, duplicates dropped */
	check_escapes(d);
	if (d->rescan.running) {	/* told once, when it ends */
		d->catalog.unpublished = true;
		return;
	}
	d->catalog.unpublished = false;
	publish(d);
	catalog_sources_changed(d);
	daemon_event(d, DAEMON_OPTIONS_CHANGED, NULL);
}

/* Where src's options go: before the first option of a later source. */
static size_t options_at(struct daemon *d, const struct source *src)
{
	size_t i;

	for (i = 0; i < d->res.options.n; i++) {
		struct boot_option *o = d->res.options.v[i];
		struct source *s = catalog_source(d, o->source);

		if (s && source_cmp(s, src) > 0)
			return i;
	}
	return d->res.options.n;
}

static void add_one(struct daemon *d, struct found *f)
{
	size_t i, at;

	for (at = 0; at < d->sources.n; at++)
		if (source_cmp(d->sources.v[at], f->src) > 0)
			break;
	if (vec_insert(&d->sources, at, f->src)) {
		disk_found_release(f);
		return;
	}
	sources_changed(d);
	at = options_at(d, f->src);
	for (i = 0; i < f->res.options.n; i++)
		if (vec_insert(&d->res.options, at + i, f->res.options.v[i]))
			boot_option_free(f->res.options.v[i]);
	f->res.options.n = 0;
	options_changed(d);
	for (i = 0; i < f->res.diags.n; i++)
		log_warn("%s", (char *)f->res.diags.v[i]);
	if (f->res.has_timeout && !d->res.has_timeout) {
		d->res.timeout = f->res.timeout;
		d->res.has_timeout = true;
	}
	f->src = NULL;
	scan_result_release(&f->res);
}

static void on_refresh(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->catalog.refresh_timer = NULL;
	refresh(d);
}

void catalog_flush(struct daemon *d)
{
	if (d->catalog.dirty ||
	    (d->catalog.unpublished && !d->rescan.running))
		refresh(d);
}

void catalog_add(struct daemon *d, struct found *found, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		add_one(d, &found[i]);
	if (d->settled) {
		refresh(d);
		return;
	}
	d->catalog.dirty = true;
	if (!d->catalog.refresh_timer)
		d->catalog.refresh_timer = event_add_timer(d->loop,
							   DAEMON_REFRESH_MS,
						   on_refresh, d);
	if (!d->catalog.refresh_timer)
		refresh(d);
}

static void drop_options_of(struct daemon *d, const char *name)
{
	size_t i = 0;

	options_changed(d);	/* before any option is freed */
	while (i < d->res.options.n) {
		struct boot_option *o = d->res.options.v[i];

		if (!streq(o->source, name)) {
			i++;
			continue;
		}
		boot_option_free(o);
		vec_remove(&d->res.options, i);
	}
}

void catalog_remove_device(struct daemon *d, const char *dev)
{
	size_t i = 0, n = 0;
	bool mounted;
	char *mnt;

	while (i < d->sources.n) {
		struct source *s = d->sources.v[i];

		if (!streq(s->device, dev) &&
		    (s->device || !streq(s->root_path, dev))) {
			i++;
			continue;
		}
		drop_options_of(d, s->info.name);
		vec_remove(&d->sources, i);
		sources_changed(d);
		mounted = s->device != NULL;
		mnt = s->root_path;
		s->root_path = NULL;
		log_info("%s: gone; its options are removed", s->info.name);
		source_free(s);	/* closes its root, so the detach is clean */
		if (mounted)
			device_unmount(mnt);
		free(mnt);
		n++;
	}
	if (n)
		refresh(d);
}

/* The source of block device dev as probing saw it, or NULL. */
static struct disk *disk_of(struct daemon *d, const char *dev)
{
	size_t i;

	if (!dev || !str_startswith(dev, "/dev/"))
		return NULL;
	for (i = 0; i < d->disc.disks.n; i++) {
		struct disk *k = d->disc.disks.v[i];

		if (!k->is_dir && streq(k->name, dev + 5))
			return k;
	}
	return NULL;
}

json_t *catalog_sources_json(struct daemon *d)
{
	json_t *a = json_array(), *o;
	struct disk *k;
	size_t i;

	for (i = 0; a && i < d->sources.n; i++) {
		struct source *s = d->sources.v[i];

		o = source_info_to_json(&s->info);
		k = disk_of(d, s->device);
		if (o && k && k->extra.parttype)
			json_object_set_new(o, "parttype",
					    json_string(k->extra.parttype));
		json_array_append_new(a, o);
	}
	for (i = 0; a && i < d->disc.disks.n; i++) {
		k = d->disc.disks.v[i];
		if (k->state != DISK_LOCKED)
			continue;
		o = source_info_to_json(&k->info);
		if (o)
			json_object_set_new(o, "locked", json_true());
		json_array_append_new(a, o);
	}
	return a;
}

void catalog_sources_changed(struct daemon *d)
{
	daemon_tell(d, PROTO_SOURCES,
		    json_pack("{s:o}", "sources", catalog_sources_json(d)));
}

/* The loop's timers are its own: freed with it. */
void catalog_release(struct daemon *d)
{
	d->catalog.refresh_timer = NULL;
	str_index_clear(&d->catalog.source_names);
	str_index_clear(&d->catalog.option_ids);
	vec_free(&d->catalog.sent, free);
	vec_free(&d->catalog.sent_ids, free);
}
