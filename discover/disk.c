/*
 * disk.c: the block devices (or --source folders) discovery knows. Each
 * is probed, mounted (btrfs subvolumes that hold /boot too) and parsed by
 * a worker of its own, under a time bound after which the owner stops
 * waiting for it; LVM and MD members trigger assembly.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board/board.h"
#include "discover/btrfs.h"
#include "discover/discovery.h"
#include "discover/iso-scan.h"
#include "discover/source.h"
#include "lib/log.h"

#define PROBE_SUBVOLS_MAX	8	/* btrfs subvolumes mounted per fs */

enum probe_stage {
	STAGE_STARTING,
	STAGE_PROBING,
	STAGE_SETTINGS,
	STAGE_MOUNTING,
	STAGE_SUBVOLS,
	STAGE_PARSING,
	STAGE_DONE,
};

static const char *const stage_names[] = {
	[STAGE_STARTING] = "starting",
	[STAGE_PROBING] = "probing (reading its superblocks)",
	[STAGE_SETTINGS] = "reading baton's settings",
	[STAGE_MOUNTING] = "mounting",
	[STAGE_SUBVOLS] = "looking for btrfs subvolumes",
	[STAGE_PARSING] = "reading its boot configs",
	[STAGE_DONE] = "finishing",
};

/* A worker's task and what it hands back (the loop owns it after done). */
struct probe_work {
	struct job job;
	struct discovery *dc;
	char *name;		/* kernel name, or the --source argument */
	bool is_dir;
	bool iso_loopback;	/* dc->iso_loopback when it started */
	int rank;
	int stage;		/* enum probe_stage; read by the loop's timer */
	uint64_t started_ms;
	int err;
	char *msg;		/* why not, for the log */
	struct source_info info;
	struct device_extra extra;
	struct found found[1 + PROBE_SUBVOLS_MAX];
	size_t n_found;
	size_t subvols_more;	/* btrfs subvolumes left out */
	/* the board's settings partition (board.h), read for the loop */
	bool want_store;	/* the owner still looks for it */
	bool store_found;
	struct board_store *store;
	char *store_text;
	int store_err;		/* board_store_load()'s, or -ENOMEM */
};

static void set_stage(struct probe_work *w, enum probe_stage s)
{
	__atomic_store_n(&w->stage, s, __ATOMIC_RELAXED);
}

void disk_found_release(struct found *f)
{
	if (f->src && f->src->device && f->src->root_path) {
		char *mnt = f->src->root_path;

		f->src->root_path = NULL;
		source_free(f->src);
		device_unmount(mnt);
		free(mnt);
	} else {
		source_free(f->src);
	}
	f->src = NULL;
	scan_result_release(&f->res);
}

static void work_free(struct probe_work *w)
{
	size_t i;

	for (i = 0; i < w->n_found; i++)
		disk_found_release(&w->found[i]);
	free(w->name);
	free(w->msg);
	board_store_free(w->store);
	free(w->store_text);
	source_info_clear(&w->info);
	device_extra_clear(&w->extra);
	free(w);
}

/* ---- in the worker ----------------------------------------------------- */

/*
 * Mount the device as source name; with extra (a btrfs subvolume), the
 * source gets no filesystem identity of its own: a UUID or LABEL (GRUB's
 * search, root=UUID=) means the filesystem as its default subvolume shows
 * it, so references resolve there, as GRUB and the kernel resolve them.
 */
static int mount_one(struct probe_work *w, const char *name, const char *extra)
{
	struct source_info info = w->info;
	char dev[PATH_MAX], mnt[PATH_MAX];
	struct source *src;
	int ret;

	snprintf(dev, sizeof(dev), "/dev/%s", w->name);
	ret = device_mount(dev, w->info.fstype, extra, name, mnt, sizeof(mnt));
	if (ret)
		return ret;
	info.name = (char *)name;
	if (extra)
		info.uuid = info.label = info.partuuid = info.partlabel = NULL;
	src = source_open_dir(mnt, &info, &ret);
	if (src)
		src->device = strdup(dev);
	if (!src || !src->device) {
		source_free(src);
		device_unmount(mnt);
		return ret ? ret : -ENOMEM;
	}
	w->found[w->n_found++].src = src;
	return 0;
}

/* "vda2@@rootfs" for subvolume "@rootfs" of vda2 ('/' becomes '_'). */
static char *subvol_name(const char *dev, const char *path)
{
	char *s = str_printf("%s@%s", dev, path), *p;

	for (p = s; p && *p; p++)
		if (*p == '/')
			*p = '_';
	return s;
}

/*
 * Every subvolume that holds /boot (beside the default one, mounted
 * already) becomes a source of its own. Mounted by id: a subvolume's name
 * comes from the disk and must not be able to add mount options.
 */
static void add_subvols(struct probe_work *w)
{
	struct btrfs_subvol *sv = NULL;
	char opt[64], *name;
	size_t i, n = 0;
	int fd, ret;

	set_stage(w, STAGE_SUBVOLS);
	fd = open(w->found[0].src->root_path, O_RDONLY | O_DIRECTORY |
		  O_CLOEXEC);
	if (fd < 0)
		return;
	ret = btrfs_boot_subvols(fd, PROBE_SUBVOLS_MAX, &sv, &n,
				 &w->subvols_more);
	close(fd);
	if (ret) {
		log_warn("%s: cannot list btrfs subvolumes: %s", w->name,
			 strerror(-ret));
		return;
	}
	set_stage(w, STAGE_MOUNTING);
	for (i = 0; i < n; i++) {
		snprintf(opt, sizeof(opt), "subvolid=%llu",
			 (unsigned long long)sv[i].id);
		name = subvol_name(w->info.name, sv[i].path);
		ret = name ? mount_one(w, name, opt) : -ENOMEM;
		if (ret)
			log_warn("%s: cannot mount btrfs subvolume %s: %s",
				 w->name, sv[i].path, strerror(-ret));
		free(name);
	}
	btrfs_subvols_free(sv, n);
}

/*
 * The board's settings partition: read here, off the loop, and handed
 * over with the result; the owner then needs no search of its own.
 */
static void read_store(struct probe_work *w)
{
	char dev[PATH_MAX];

	if (!w->want_store)
		return;
	w->store_found = true;
	set_stage(w, STAGE_SETTINGS);
	snprintf(dev, sizeof(dev), "/dev/%s", w->name);
	w->store_err = board_partition_store(&w->info, dev, &w->store);
	if (!w->store_err)
		w->store_err = board_store_load(w->store, &w->store_text);
}

static void open_device(struct probe_work *w)
{
	int ret;

	set_stage(w, STAGE_PROBING);
	ret = device_probe(w->name, &w->info, &w->extra);
	if (!ret && board_reserved_partition(&w->info)) {
		/* board.h: the one partition baton writes; never a source */
		read_store(w);
		w->msg = str_printf("%s: LABEL=%s holds baton's settings, not "
				    "a boot source", w->name, w->info.label);
		ret = -EPERM;
	}
	if (ret) {
		w->err = ret;
		if (!w->msg)	/* a disk whose reads fail is named */
			w->msg = str_printf("%s: cannot read its superblocks: "
					    "%s", w->name, strerror(-ret));
		return;
	}
	set_stage(w, STAGE_MOUNTING);
	ret = mount_one(w, w->info.name, NULL);
	if (ret) {
		w->err = ret;
		w->msg = str_printf("%s: cannot mount %s read-only: %s",
				    w->name, w->info.fstype, strerror(-ret));
		return;
	}
	if (streq(w->info.fstype, "btrfs"))
		add_subvols(w);
}

static void open_dir(struct probe_work *w)
{
	struct source_info info = { 0 };
	char *path, *copy = strdup(w->name);
	int ret;

	ret = copy ? scan_parse_source_arg(copy, &path, &info) : -ENOMEM;
	if (!ret) {
		w->found[0].src = source_open_dir(path, &info, &ret);
		w->n_found = !!w->found[0].src;
	}
	if (ret) {
		w->err = ret;
		w->msg = str_printf("%s: %s", w->name, strerror(-ret));
	}
	source_info_clear(&info);
	free(copy);
}

static void probe_run(struct job *j)
{
	struct probe_work *w = container_of(j, struct probe_work, job);
	struct source *all[ARRAY_SIZE(w->found)];
	size_t i;

	if (w->is_dir)
		open_dir(w);
	else
		open_device(w);
	set_stage(w, STAGE_PARSING);
	for (i = 0; i < w->n_found; i++) {
		all[i] = w->found[i].src;
		all[i]->rank = w->rank;
	}
	/*
	 * Each sees its siblings: a GRUB config in a btrfs subvolume that
	 * searches its filesystem's UUID means the default subvolume (found[0],
	 * first), where its "/@rootfs/boot/..." paths are.
	 */
	for (i = 0; i < w->n_found; i++) {
		w->found[i].res.timeout = -1;
		scan_source(all[i], all, w->n_found, NULL, &w->found[i].res);
		if (w->iso_loopback)
			iso_scan_source(all[i], all, w->n_found,
					DEVICES_MOUNT_DIR, &w->found[i].res);
	}
	set_stage(w, STAGE_DONE);
}

/* ---- on the loop: the devices known ------------------------------------ */

struct disk *disk_find(struct discovery *dc, const char *name)
{
	size_t i;

	for (i = 0; i < dc->disks.n; i++) {
		struct disk *k = dc->disks.v[i];

		if (streq(k->name, name))
			return k;
	}
	return NULL;
}

void disk_free(struct disk *k)
{
	event_cancel_timer(k->timer);
	free(k->name);
	source_info_clear(&k->info);
	device_extra_clear(&k->extra);
	free(k);
}

void disk_stop_waiting(struct discovery *dc, bool *waited)
{
	if (!*waited)
		return;
	*waited = false;
	if (dc->pending > 0)
		dc->pending--;
	dc->ev->waited(dc);
}

/* Log what a worker made of its device, and keep what matters. */
static void report(struct discovery *dc, struct disk *k,
		   struct probe_work *w)
{
	unsigned ms = event_now_ms() - w->started_ms;
	int kind;

	source_info_clear(&k->info);
	device_extra_clear(&k->extra);
	k->info = w->info;
	k->extra = w->extra;
	memset(&w->info, 0, sizeof(w->info));
	memset(&w->extra, 0, sizeof(w->extra));
	if (w->err == -EMEDIUMTYPE && streq(k->info.fstype, "crypto_LUKS")) {
		k->state = DISK_LOCKED;
		log_info("%s: crypto_LUKS: listed as locked (not unlocked)",
			 k->name);
		dc->ev->sources_changed(dc);
	} else if (w->err == -EMEDIUMTYPE) {
		k->state = DISK_MEMBER;
		log_info("%s: %s, not mounted", k->name, k->info.fstype);
		kind = assemble_kind_of(k->info.fstype);
		if (kind >= 0)
			devwatch_assemble(dc, kind, k->name);
	} else if (w->err == -ENOENT || w->err == -ENOMEDIUM) {
		k->state = DISK_EMPTY;
		log_info("%s: no filesystem (%u ms)", k->name, ms);
	} else if (w->err) {
		k->state = DISK_FAILED;
		if (w->msg)
			log_warn("%s (%u ms)", w->msg, ms);
		else
			log_warn("%s: %s (%u ms)", k->name, strerror(-w->err),
				 ms);
	} else {
		k->state = DISK_READY;
	}
}

static void log_found(struct probe_work *w, unsigned ms)
{
	size_t i;

	for (i = 0; i < w->n_found; i++) {
		struct source *s = w->found[i].src;

		log_info("%s: %s%s%s%s, %zu boot option(s) (%u ms)",
			 s->info.name, s->info.fstype ? s->info.fstype :
			 "folder", s->info.label ? " \"" : "",
			 s->info.label ? s->info.label : "",
			 s->info.label ? "\"" : "", w->found[i].res.options.n,
			 ms);
	}
	if (w->subvols_more)
		log_info("%s: %zu more btrfs subvolume(s) hold /boot; only %d "
			 "are mounted", w->name, w->subvols_more,
			 PROBE_SUBVOLS_MAX);
}

static void probe_done(struct job *j)
{
	struct probe_work *w = container_of(j, struct probe_work, job);
	struct discovery *dc = w->dc;
	struct disk *k = disk_find(dc, w->name);

	if (!k || k->work != w) {	/* gone (or replaced) meanwhile */
		log_info("%s: result dropped: the device went away", w->name);
		work_free(w);
		return;
	}
	k->work = NULL;
	event_cancel_timer(k->timer);
	k->timer = NULL;
	report(dc, k, w);
	if (w->store_found)	/* before settling: autoboot waits for it */
		dc->ev->settings_partition(dc, k->name, &w->store,
					   &w->store_text, w->store_err);
	if (w->n_found) {
		log_found(w, event_now_ms() - w->started_ms);
		dc->ev->found(dc, w->found, w->n_found);
		w->n_found = 0;
	}
	work_free(w);
	disk_stop_waiting(dc, &k->waited);
}

/* The time bound: past it, the menu and autoboot go on without it. */
static void on_disk_timeout(struct event_loop *loop, void *data)
{
	struct disk *k = data;
	int stage = STAGE_STARTING;

	k->timer = NULL;
	if (k->work)
		stage = __atomic_load_n(&k->work->stage, __ATOMIC_RELAXED);
	log_warn("%s: still %s after %u ms (a slow or dead disk?)%s",
		 k->name, stage_names[stage], DISCOVERY_DEVICE_WAIT_MS,
		 k->waited ? ": not waiting for it; its options come if it "
		 "answers" : "");
	disk_stop_waiting(k->dc, &k->waited);
}

int disk_add(struct discovery *dc, const char *name, bool is_dir, int rank,
	     bool waited)
{
	struct disk *k;
	struct probe_work *w;
	int ret = -ENOMEM;

	if (disk_find(dc, name))
		return 0;
	k = calloc(1, sizeof(*k));
	w = calloc(1, sizeof(*w));
	if (!k || !w || !(k->name = strdup(name)) || !(w->name = strdup(name)))
		goto fail;
	k->dc = w->dc = dc;
	k->is_dir = w->is_dir = is_dir;
	k->rank = w->rank = rank;
	w->job.run = probe_run;
	w->job.done = probe_done;
	w->want_store = dc->ev->want_settings(dc);
	w->iso_loopback = dc->iso_loopback;
	w->started_ms = event_now_ms();
	if (vec_push(&dc->disks, k))
		goto fail;
	ret = job_start(dc->jobs, &w->job);
	if (ret) {
		dc->disks.n--;
		goto fail;
	}
	k->work = w;
	k->state = DISK_PROBING;
	k->timer = event_add_timer(dc->loop, DISCOVERY_DEVICE_WAIT_MS,
				   on_disk_timeout, k);
	if (waited) {
		k->waited = true;
		dc->pending++;
	}
	return 0;
fail:
	log_err("%s: cannot start probing: %s", name, strerror(-ret));
	if (w)
		work_free(w);
	if (k)
		disk_free(k);
	return ret;
}

/* The folder of a --source argument ("DIR:name=vdb,..."), as a source's
   root_path: no ":key=value" list, no trailing '/'. */
static void dir_of(const char *arg, char *out, size_t size)
{
	struct source_info info = { 0 };
	char *copy = strdup(arg), *path = NULL;
	size_t len;

	if (!copy || scan_parse_source_arg(copy, &path, &info))
		path = NULL;
	snprintf(out, size, "%s", path ? path : arg);
	len = strlen(out);
	while (len > 1 && out[len - 1] == '/')
		out[--len] = '\0';
	source_info_clear(&info);
	free(copy);
}

void disk_forget(struct discovery *dc, const char *name)
{
	struct disk *k = disk_find(dc, name);
	char dev[PATH_MAX];
	size_t i;

	if (!k)
		return;
	for (i = 0; i < dc->disks.n; i++)
		if (dc->disks.v[i] == k) {
			dc->disks.v[i] = dc->disks.v[--dc->disks.n];
			break;
		}
	if (k->work)
		log_info("%s: removed while %s", name, stage_names[
			 __atomic_load_n(&k->work->stage, __ATOMIC_RELAXED)]);
	snprintf(dev, sizeof(dev), "/dev/%s", name);
	if (k->is_dir)	/* the folder, as its source's root_path names it */
		dir_of(k->name, dev, sizeof(dev));
	if (k->state == DISK_READY)
		dc->ev->gone(dc, dev);
	if (k->state == DISK_LOCKED)
		dc->ev->sources_changed(dc);
	disk_stop_waiting(dc, &k->waited);
	disk_free(k);	/* a worker still at it finds no disk: dropped */
}
