/*
 * boot.c: hand a chosen option to the loader: open its files confined to
 * their sources, load, and (unless this is a dry run) unmount every source
 * and start the new kernel. A failure is one sentence in the menus and the
 * log, and autoboot moves on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover/daemon-internal.h"
#include "discover/devices.h"
#include "lib/log.h"
#include "loader/loader.h"

#define BOOT_MAX_FILES 32

struct opened {
	struct load_file files[BOOT_MAX_FILES];
	char *names[BOOT_MAX_FILES];
	size_t n;
};

static struct source *find_source(struct daemon *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->sources.n; i++) {
		struct source *s = d->sources.v[i];

		if (streq(s->info.name, name))
			return s;
	}
	return NULL;
}

/* Open f into op; returns its index or -errno with why filled. */
static int open_file(struct daemon *d, const struct boot_file *f,
		     struct opened *op, char *why, size_t len)
{
	struct source *src;
	int fd;

	if (op->n == BOOT_MAX_FILES) {
		snprintf(why, len, "too many files");
		return -E2BIG;
	}
	if (f->url) {
		snprintf(why, len, "%s: network files are not supported yet",
			 f->url);
		return -EOPNOTSUPP;
	}
	src = f->source ? find_source(d, f->source) : NULL;
	if (!src) {
		snprintf(why, len, "%s: its partition (%s %s) is not here",
			 f->path, boot_ref_name(f->ref),
			 f->ref_value ? f->ref_value : "?");
		return -ENODEV;
	}
	fd = source_open(src, f->path, O_RDONLY);
	if (fd < 0) {
		snprintf(why, len, "%s:%s: %s", src->info.name, f->path,
			 fd == -EXDEV || fd == -ELOOP ?
			 "the path leaves its partition; refused" :
			 strerror(-fd));
		return fd;
	}
	op->names[op->n] = str_printf("%s:%s", src->info.name, f->path);
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
	}
	op->n = 0;
}

/* Open every file of opt and fill req. 0 or -errno with why filled. */
static int open_files(struct daemon *d, const struct boot_option *opt,
		      struct load_request *req, struct opened *op,
		      char *why, size_t len)
{
	size_t n_init = boot_array_len((void *const *)opt->initrds);
	size_t n_ov = boot_array_len((void *const *)opt->dtb_overlays);
	int k, i, first;

	if (!opt->kernel) {
		snprintf(why, len, "the option names no kernel");
		return -ENOENT;
	}
	if ((k = open_file(d, opt->kernel, op, why, len)) < 0)
		return k;
	first = op->n;
	for (i = 0; i < (int)n_init; i++)
		if ((k = open_file(d, opt->initrds[i], op, why, len)) < 0)
			return k;
	req->initrds = n_init ? &op->files[first] : NULL;
	req->n_initrds = n_init;
	if (opt->dtb && (k = open_file(d, opt->dtb, op, why, len)) < 0)
		return k;
	req->dtb.fd = opt->dtb ? op->files[k].fd : -1;
	req->dtb.name = opt->dtb ? op->files[k].name : NULL;
	first = op->n;
	for (i = 0; i < (int)n_ov; i++)
		if ((k = open_file(d, opt->dtb_overlays[i], op, why, len)) < 0)
			return k;
	req->overlays = n_ov ? &op->files[first] : NULL;
	req->n_overlays = n_ov;
	req->kernel = op->files[0];
	req->cmdline = opt->cmdline;
	return 0;
}

static void progress(struct daemon *d, const struct boot_option *opt,
		     const char *stage, const char *msg)
{
	json_t *ev = json_pack("{s:s?,s:s,s:s}", "id", opt->id, "stage", stage,
			       "message", msg);

	server_broadcast(d, PROTO_PROGRESS, ev);
	json_decref(ev);
}

static int fail(struct daemon *d, const struct boot_option *opt, int err,
		char *why, size_t len)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "boot failed: %s: %s",
		 opt->name ? opt->name : opt->id, why);
	progress(d, opt, "failed", msg);	/* daemon_status logs it */
	daemon_status(d, true, "%s", msg);
	if (opt->id)
		autoboot_boot_failed(d, opt->id);
	return err;
}

int daemon_boot(struct daemon *d, const struct boot_option *opt,
		char *why, size_t len)
{
	struct load_request req = { .dtb.fd = -1 };
	struct load_result res = { 0 };
	struct opened op = { .n = 0 };
	int ret;

	snprintf(why, len, "booting %s", opt->name ? opt->name : opt->id);
	daemon_status(d, false, "%s", why);
	progress(d, opt, "loading", why);
	ret = open_files(d, opt, &req, &op, why, len);
	if (ret) {
		close_all(&op);
		return fail(d, opt, ret, why, len);
	}
	req.flags = d->opts.dry_run ? LOAD_DRY_RUN : 0;
	ret = loader_load(&req, &res);
	close_all(&op);
	if (ret) {
		snprintf(why, len, "%s", res.message);
		load_result_clear(&res);
		return fail(d, opt, ret, why, len);
	}
	if (d->opts.dry_run) {
		snprintf(why, len, "dry run: would boot %s (%s)",
			 opt->name ? opt->name : opt->id, res.message);
		daemon_status(d, false, "%s", why);
		progress(d, opt, "done", why);
		load_result_clear(&res);
		return 0;
	}
	progress(d, opt, "starting", "starting the new kernel");
	devices_unmount_all();
	ret = loader_exec(&res);
	/* still here: the hand-over failed */
	snprintf(why, len, "%s", loader_strerror(ret, LOAD_STAGE_EXEC));
	loader_unload();
	load_result_clear(&res);
	return fail(d, opt, ret, why, len);
}
