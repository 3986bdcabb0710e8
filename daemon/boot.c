/*
 * boot.c: hand a chosen option to the loader: open its files confined to
 * their sources (a network option's fetched into tmpfs: boot-fetch.c,
 * its progress sent to the clients) and load them in a worker (the loop keeps serving clients
 * while a large initrd is read), then, back on the loop and unless this is
 * a dry run, unmount every source and start the new kernel. Before that,
 * the worker tells the BMC (override.h). A failure is
 * one sentence in the menus and the log, and autoboot moves on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/boot-fetch.h"
#include "daemon/boot-record.h"
#include "daemon/boot-verify.h"
#include "daemon/daemon-internal.h"
#include "discover/devices.h"
#include "discover/iso-mount.h"
#include "lib/log.h"
#include "loader/liveupdate.h"
#include "loader/fdtdir.h"
#include "loader/loader.h"

#define BOOT_PROGRESS_MS 250	/* a fetch's progress is shown this often */

/*
 * A load in a worker. It works on copies: the option, and the sources it
 * names (their roots dup'ed), so that a disk removed meanwhile or a new
 * option list changes nothing under it.
 */
struct boot_job {
	struct job job;
	struct daemon *d;
	struct boot_option *opt;
	struct vec sources;	/* struct source *: private copies */
	bool dry_run;
	bool kexec_load;	/* the kexec_load setting: segments always */
	bool signed_only;	/* locked down: kexec_file_load(2) only */
	struct lu_carry *lu;	/* the daemon's; one boot at a time uses it */
	char *lu_spec;		/* the liveupdate_sessions setting */
	bool lu_drop;		/* the liveupdate_drop setting */
	struct boot_fetch fetch;	/* a network option's files */
	struct boot_verify verify;	/* the verify setting's checks */
	bool fetch_ready;	/* fetch initialised */
	struct event_timer *tick;	/* shows the fetch's progress */
	int ret;
	char dtb_note[FDTDIR_NAME_MAX + 256];
	char why[LOAD_MESSAGE_MAX + 256];
	struct load_result res;
	struct override_handover *bmc;	/* what the BMC is told; NULL */
	const char *by;		/* who chose: BOOT_BY_* */
	char *reason;		/* why, in words; or NULL */
	char bmc_msg[192];
};

static struct source *find_source(struct vec *sources, const char *name)
{
	size_t i;

	for (i = 0; i < sources->n; i++) {
		struct source *s = sources->v[i];

		if (streq(s->info.name, name))
			return s;
	}
	return NULL;
}

/* Open path of src (a partition, or an image: what) into op: its index,
 * or -errno with why filled. */
static int open_in(struct source *src, const char *path, const char *what,
		   struct opened *op, char *why, size_t len)
{
	int fd = source_open(src, path, O_RDONLY);

	if (fd < 0) {
		if (fd == -EXDEV || fd == -ELOOP)
			snprintf(why, len, "%.200s:%.200s: the path leaves its "
				 "%s; refused", src->info.name, path, what);
		else
			snprintf(why, len, "%.200s:%.200s: %s", src->info.name,
				 path, strerror(-fd));
		return fd;
	}
	op->names[op->n] = str_printf("%s:%s", src->info.name, path);
	op->srcs[op->n] = src;
	op->paths[op->n] = strdup(path);
	op->files[op->n].fd = fd;
	op->files[op->n].name = op->names[op->n];
	return op->n++;
}

/*
 * The image f (a file of a source) mounted: one op mounted already for an
 * earlier file, else a new one kept in op until close_all. NULL with why.
 */
static struct source *iso_source(struct vec *sources,
				 const struct boot_file *iso, struct opened *op,
				 char *why, size_t len)
{
	struct source *part;
	char name[1024], msg[512];
	size_t i;
	int r;

	part = iso->source ? find_source(sources, iso->source) : NULL;
	if (!part) {
		snprintf(why, len, "%s: the partition of the image (%s %s) is "
			 "not here", iso->path, boot_ref_name(iso->ref),
			 iso->ref_value ? iso->ref_value : "?");
		return NULL;
	}
	snprintf(name, sizeof(name), "%s:%s", part->info.name, iso->path);
	for (i = 0; i < op->n_isos; i++)
		if (streq(op->isos[i]->src->info.name, name))
			return op->isos[i]->src;
	if (op->n_isos == BOOT_MAX_ISOS) {
		snprintf(why, len, "%.300s: too many images", name);
		return NULL;
	}
	r = iso_mount(part, iso->path, NULL, DEVICES_MOUNT_DIR,
		      &op->isos[op->n_isos], msg, sizeof(msg));
	if (r) {
		snprintf(why, len, "%.200s: %.400s", name, msg);
		return NULL;
	}
	log_info("%s: mounted read-only (%s)", name,
		 op->isos[op->n_isos]->src->info.fstype);
	return op->isos[op->n_isos++]->src;
}

/* Open f, inside an image, into op: as open_file. */
static int open_in_iso(struct vec *sources, const struct boot_file *f,
		       struct opened *op, char *why, size_t len)
{
	struct source *src = iso_source(sources, f->iso, op, why, len);

	if (!src)
		return -ENODEV;
	return open_in(src, f->path, "image", op, why, len);
}

/* Open f into op; returns its index or -errno with why filled. */
static int open_file(struct vec *sources, struct boot_fetch *bf,
		     const struct boot_file *f, struct opened *op, char *why,
		     size_t len)
{
	struct source *src;
	int fd;

	if (op->n == BOOT_MAX_FILES) {
		snprintf(why, len, "too many files");
		return -E2BIG;
	}
	if (f->url) {	/* into tmpfs; the loader reads the copy */
		fd = boot_fetch_open(bf, f->url, why, len);
		if (fd < 0)
			return fd;
		op->names[op->n] = strdup(f->url);
		op->paths[op->n] = strdup(f->url);
		op->files[op->n].fd = fd;
		op->files[op->n].name = op->names[op->n];
		return op->n++;
	}
	if (f->iso)
		return open_in_iso(sources, f, op, why, len);
	src = f->source ? find_source(sources, f->source) : NULL;
	if (!src) {
		snprintf(why, len, "%s: its partition (%s %s) is not here",
			 f->path, boot_ref_name(f->ref),
			 f->ref_value ? f->ref_value : "?");
		return -ENODEV;
	}
	return open_in(src, f->path, "partition", op, why, len);
}

/*
 * An FDTDIR folder (f's path ends with '/'): open the .dtb in it that suits
 * this machine (loader/fdtdir.c) into op and return its index, or -1 to
 * boot without one (req->flags then say whether with the running tree);
 * -errno with why.
 */
static int open_fdtdir(struct vec *sources, const struct boot_file *f,
		       struct opened *op, struct load_request *req, char *why,
		       size_t len)
{
	struct source *src = f->source ? find_source(sources, f->source) : NULL;
	char *where, name[FDTDIR_NAME_MAX + 256];
	int dfd, fd, r;

	if (!src || op->n == BOOT_MAX_FILES) {
		snprintf(why, len, "%s (FDTDIR): %s", f->path, !src ?
			 "its partition is not here" : "too many files");
		return !src ? -ENODEV : -E2BIG;
	}
	dfd = source_open(src, f->path, O_RDONLY | O_DIRECTORY);
	where = str_printf("%s:%s", src->info.name, f->path);
	r = dfd < 0 ? dfd : !where ? -ENOMEM :
	    fdtdir_pick(dfd, where, NULL, &fd, name, sizeof(name),
			op->dtb_note, sizeof(op->dtb_note));
	if (dfd >= 0)
		close(dfd);
	if (r < 0)
		snprintf(why, len, "%.200s (FDTDIR): %s",
			 where ? where : f->path, strerror(-r));
	if (!r) {	/* name is where, then the tree's path in the folder */
		op->names[op->n] = strdup(name);
		op->srcs[op->n] = src;
		op->paths[op->n] = str_printf("%s%s", f->path,
				str_startswith(name, where) ?
				name + strlen(where) : name);
	}
	free(where);
	if (r == 1)
		req->flags |= LOAD_PASS_FDT;
	if (r)
		return r < 0 ? r : -1;
	op->files[op->n].fd = fd;
	op->files[op->n].name = op->names[op->n];
	return op->n++;
}

static void close_all(struct opened *op)
{
	size_t i;

	for (i = 0; i < op->n; i++) {
		close(op->files[i].fd);
		free(op->names[i]);
		free(op->paths[i]);
	}
	op->n = 0;
	/* loaded (or failed): the images are not needed any more */
	for (i = 0; i < op->n_isos; i++)
		iso_unmount(op->isos[i]);
	op->n_isos = 0;
}

/* Open every file of opt and fill req. 0 or -errno with why filled. */
static int open_files(struct vec *sources, struct boot_fetch *bf,
		      const struct boot_option *opt, struct load_request *req,
		      struct opened *op, char *why, size_t len)
{
	size_t n_init = boot_array_len((void *const *)opt->initrds);
	size_t n_ov = boot_array_len((void *const *)opt->dtb_overlays);
	int k, i, first;

	if (!opt->kernel) {
		snprintf(why, len, "the option names no kernel");
		return -ENOENT;
	}
	if ((k = open_file(sources, bf, opt->kernel, op, why, len)) < 0)
		return k;
	first = op->n;
	for (i = 0; i < (int)n_init; i++)
		if ((k = open_file(sources, bf, opt->initrds[i], op, why, len)) < 0)
			return k;
	req->initrds = n_init ? &op->files[first] : NULL;
	req->n_initrds = n_init;
	k = -1;
	if (opt->dtb && opt->dtb->path && str_endswith(opt->dtb->path, "/")) {
		/* FDTDIR: the folder's tree for this machine, or its own */
		k = open_fdtdir(sources, opt->dtb, op, req, why, len);
		if (k < -1)
			return k;
	} else if (opt->dtb) {
		k = open_file(sources, bf, opt->dtb, op, why, len);
		if (k < 0)
			return k;
	}
	op->dtb_at = opt->dtb && k >= 0 ? k : -1;
	req->dtb.fd = opt->dtb && k >= 0 ? op->files[k].fd : -1;
	req->dtb.name = opt->dtb && k >= 0 ? op->files[k].name : NULL;
	first = op->n;
	for (i = 0; i < (int)n_ov; i++)
		if ((k = open_file(sources, bf, opt->dtb_overlays[i], op, why,
				   len)) < 0)
			return k;
	req->overlays = n_ov ? &op->files[first] : NULL;
	req->n_overlays = n_ov;
	req->kernel = op->files[0];
	req->cmdline = opt->cmdline;
	return 0;
}

/* In the worker: open and load; the outcome stays in the job. */
static void boot_run(struct job *j)
{
	struct boot_job *b = container_of(j, struct boot_job, job);
	struct load_request req = { .dtb.fd = -1 };
	struct opened op = { .n = 0, .dtb_at = -1, .dtb_note = "" };

	b->ret = open_files(&b->sources, &b->fetch, b->opt, &req, &op,
			    b->why, sizeof(b->why));
	if (!b->ret)	/* signatures: verified copies replace the files */
		b->ret = boot_verify_load(&b->verify, b->opt, &op, &req,
					  b->why, sizeof(b->why));
	if (!b->ret && !b->dry_run)	/* a live update's sessions */
		b->ret = lu_carry_prepare(b->lu, b->lu_spec, b->lu_drop,
					  NULL, b->why, sizeof(b->why));
	snprintf(b->dtb_note, sizeof(b->dtb_note), "%s", op.dtb_note);
	if (!b->ret) {
		req.flags |= b->dry_run ? LOAD_DRY_RUN : 0;
		if (b->kexec_load)
			req.flags |= LOAD_SEGMENTS;
		if (b->signed_only)	/* lockdown: kexec_file_load only */
			req.flags |= LOAD_SIGNED_ONLY;
		if (lu_carry_active(b->lu))
			req.flags |= LOAD_LIVE_UPDATE;
		b->ret = loader_load(&req, &b->res);
		if (b->ret)
			snprintf(b->why, sizeof(b->why), "%s", b->res.message);
	}
	close_all(&op);
	/* loaded: the BMC hears of it before the hand-over */
	if (!b->ret && b->bmc)
		override_handover_run(b->bmc, b->bmc_msg, sizeof(b->bmc_msg));
}

static void progress(struct daemon *d, const struct boot_option *opt,
		     const char *stage, const char *msg)
{
	daemon_tell(d, PROTO_PROGRESS,
		    json_pack("{s:s?,s:s,s:s}", "id", opt->id, "stage", stage,
			      "message", msg));
}

/* Report a failure everywhere; why becomes "NAME: why" for the reply. */
static int fail(struct daemon *d, const struct boot_option *opt, int err,
		char *why, size_t len)
{
	char msg[LOAD_MESSAGE_MAX + 512];

	snprintf(msg, sizeof(msg), "boot failed: %.200s: %s", opt->name ?
		 opt->name : opt->id, why);
	snprintf(why, len, "%s", msg + strlen("boot failed: "));
	progress(d, opt, "failed", msg);
	daemon_status(d, true, "%s", msg);	/* logs it too */
	if (opt->id)
		daemon_event(d, DAEMON_BOOT_FAILED, opt->id);
	return err;
}

static void boot_job_free(struct boot_job *b)
{
	size_t i;

	for (i = 0; i < b->sources.n; i++)
		source_free(b->sources.v[i]);
	vec_free(&b->sources, NULL);
	override_handover_done(b->d, b->bmc);
	boot_option_free(b->opt);
	free(b->reason);
	load_result_clear(&b->res);
	event_cancel_timer(b->tick);
	if (b->fetch_ready)
		boot_fetch_release(&b->fetch);
	free(b->lu_spec);
	free(b);
}

/* Back on the loop: report, reply to who asked, or hand over. */
static void boot_done(struct job *j)
{
	struct boot_job *b = container_of(j, struct boot_job, job);
	struct daemon *d = b->d;
	struct boot_option *opt = b->opt;
	struct client *c = d->boot.client;
	int ret = b->ret;

	event_cancel_timer(b->tick);
	b->tick = NULL;
	/* a settings save still writing: the hand-over waits for it */
	if (daemon_settings_after_save(d, j))
		return;
	d->boot.job = NULL;
	d->boot.client = NULL;
	if (b->dtb_note[0])	/* the status line, and the log */
		daemon_status(d, false, "%s", b->dtb_note);
	if (b->verify.warnings[0])	/* verify=warn: what it would refuse */
		daemon_status(d, true, "verify=warn: %.200s would be refused: "
			      "%s", opt->name ? opt->name : opt->id,
			      b->verify.warnings);
	if (b->bmc_msg[0])
		log_info("%s", b->bmc_msg);
	if (!ret)	/* before the hand-over: what boots, and who chose */
		boot_record(&d->boot.records, opt, b->by, b->reason,
			    b->dry_run);
	if (!ret && b->dry_run) {
		snprintf(b->why, sizeof(b->why),
			 "dry run: would boot %.200s (%.250s%s%.250s)",
			 opt->name ? opt->name : opt->id, b->res.message,
			 b->dtb_note[0] ? "; " : "", b->dtb_note);
		daemon_status(d, false, "%s", b->why);
		progress(d, opt, "done", b->why);
		daemon_event(d, DAEMON_BOOTED, opt->id);
	} else if (!ret) {
		if (lu_carry_state(d->boot.lu) != LU_NONE)
			daemon_status(d, false, "%s", lu_carry_summary(d->boot.lu));
		progress(d, opt, "starting", "starting the new kernel");
		devices_unmount_all();
		ret = loader_exec(&b->res);
		/* still here: the hand-over failed */
		snprintf(b->why, sizeof(b->why), "%s",
			 loader_strerror(ret, LOAD_STAGE_EXEC));
		loader_unload();
	}
	if (ret)
		fail(d, opt, ret, b->why, sizeof(b->why));
	if (c)
		server_reply(c, ret, b->why);
	boot_job_free(b);
}

/* Private copies of the sources opt's files name. */
/* The proxy of opt's files: its config's PROXY, else net_proxy. */
static const char *boot_proxy(struct daemon *d, const struct boot_option *opt)
{
	struct source *s = opt->source ? catalog_source(d, opt->source) : NULL;

	if (s && s->proxy)
		return s->proxy;
	return settings_get(&d->settings, CFG_NET_PROXY);
}

static int copy_sources(struct daemon *d, const struct boot_option *opt,
			struct vec *out)
{
	const struct boot_file *files[BOOT_MAX_FILES + 2];
	size_t i, n = 0;

	files[n++] = opt->kernel;
	files[n++] = opt->dtb;
	for (i = 0; opt->initrds && opt->initrds[i] && n < ARRAY_SIZE(files);
	     i++)
		files[n++] = opt->initrds[i];
	for (i = 0; opt->dtb_overlays && opt->dtb_overlays[i] &&
	     n < ARRAY_SIZE(files); i++)
		files[n++] = opt->dtb_overlays[i];
	for (i = 0; i < n; i++) {
		struct source *s, *c;

		const struct boot_file *f = boot_file_outer(files[i]);

		if (!f || !f->source || find_source(out, f->source) ||
		    !(s = catalog_source(d, f->source)))
			continue;
		c = calloc(1, sizeof(*c));
		if (!c)
			return -ENOMEM;
		c->root_fd = fcntl(s->root_fd, F_DUPFD_CLOEXEC, 0);
		c->info.name = strdup(s->info.name);
		if (c->root_fd < 0 || !c->info.name || vec_push(out, c)) {
			source_free(c);
			return -ENOMEM;
		}
	}
	return 0;
}

/* While the worker runs: a network file's progress to every client. */
static void on_tick(struct event_loop *loop, void *data)
{
	struct boot_job *b = data;
	char msg[768];
	json_t *j;

	b->tick = event_add_timer(loop, BOOT_PROGRESS_MS, on_tick, b);
	j = boot_fetch_json(&b->fetch, msg, sizeof(msg));
	if (j)
		progress(b->d, b->opt, "fetching", msg);
	json_decref(j);
}

json_t *daemon_boot_fetch_json(struct daemon *d)
{
	char msg[768];
	json_t *j;

	if (!d->boot.job)
		return NULL;
	j = boot_fetch_json(&d->boot.job->fetch, msg, sizeof(msg));
	if (j)
		json_object_set_new(j, "message", json_string(msg));
	return j;
}

const char *daemon_boot_id(struct daemon *d)
{
	return d->boot.job ? d->boot.job->opt->id : NULL;
}

void daemon_boot_client_gone(struct daemon *d, struct client *c)
{
	if (d->boot.client == c)
		d->boot.client = NULL;
}

json_t *daemon_boot_records(struct daemon *d)
{
	return d->boot.records;
}

int daemon_boot(struct daemon *d, const struct boot_option *opt,
		struct client *c, const char *by, const char *reason,
		char *why, size_t len)
{
	struct boot_job *b;
	int ret;

	if (d->boot.job) {
		snprintf(why, len, "another boot is loading");
		return -EBUSY;
	}
	b = calloc(1, sizeof(*b));
	if (!b || !(b->opt = boot_option_dup(opt)) ||
	    copy_sources(d, opt, &b->sources)) {
		snprintf(why, len, "out of memory");
		ret = -ENOMEM;
		goto fail;
	}
	b->by = by;
	if (reason && !(b->reason = strdup(reason))) {
		snprintf(why, len, "out of memory");
		ret = -ENOMEM;
		goto fail;
	}
	b->dry_run = d->opts.dry_run;
	b->kexec_load = settings_bool(&d->settings, CFG_KEXEC_LOAD);
	b->signed_only = machine_state_signed_only(&d->sig.ms);
	b->d = d;
	b->lu = d->boot.lu;
	b->lu_drop = settings_bool(&d->settings, CFG_LIVEUPDATE_DROP);
	if (settings_get(&d->settings, CFG_LIVEUPDATE_SESSIONS) &&
	    !(b->lu_spec = strdup(settings_get(&d->settings,
					       CFG_LIVEUPDATE_SESSIONS)))) {
		snprintf(why, len, "out of memory");
		ret = -ENOMEM;
		goto fail;
	}
	b->bmc = override_handover_new(d);
	if (boot_fetch_init(&b->fetch, settings_get(&d->settings,
			    CFG_NET_CA_FILE), boot_proxy(d, opt))) {
		snprintf(why, len, "out of memory");
		ret = -ENOMEM;
		goto fail;
	}
	b->fetch_ready = true;
	b->verify.mode = daemon_verify_mode(d);
	b->verify.trust_dir = d->opts.trust_dir;
	b->verify.fetch = &b->fetch;
	b->job.run = boot_run;
	b->job.done = boot_done;
	snprintf(why, len, "booting %s", opt->name ? opt->name : opt->id);
	daemon_status(d, false, "%s", why);
	progress(d, opt, "loading", why);
	ret = job_start(&d->jobs, &b->job);
	if (ret) {
		snprintf(why, len, "cannot start loading: %s", strerror(-ret));
		goto fail;
	}
	d->boot.job = b;
	d->boot.client = c;
	b->tick = event_add_timer(d->loop, BOOT_PROGRESS_MS, on_tick, b);
	return -EINPROGRESS;
fail:
	if (b)
		boot_job_free(b);
	return fail(d, opt, ret, why, len);
}
