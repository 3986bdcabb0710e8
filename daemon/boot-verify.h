/*
 * boot-verify.h: the `verify` setting applied to a load (boot-verify.c),
 * in the boot's worker: each file is checked on a sealed private copy,
 * which then replaces it in the load.
 */
#ifndef BATON_DAEMON_BOOT_VERIFY_H
#define BATON_DAEMON_BOOT_VERIFY_H

#include <stdio.h>

#include "daemon/signed.h"
#include "lib/boot-option.h"
#include "loader/fdtdir.h"
#include "loader/loader.h"

#define BOOT_MAX_FILES 32
#define BOOT_MAX_ISOS 4		/* ISO images one option's files are in */

struct source;
struct iso_mount;
struct boot_fetch;

/*
 * The files of a load, opened by boot.c: the kernel first, then the
 * initrds, the device tree (dtb_at, or -1) and the overlays. Each
 * file's signature is looked for next to it: in src at path + ".sig",
 * or at the URL path + ".sig" (src NULL). A file inside an ISO image
 * has the mounted image as its src, mounted in isos until the load ends.
 */
struct opened {
	struct load_file files[BOOT_MAX_FILES];
	char *names[BOOT_MAX_FILES];
	const struct source *srcs[BOOT_MAX_FILES];
	char *paths[BOOT_MAX_FILES];
	size_t n;
	struct iso_mount *isos[BOOT_MAX_ISOS];
	size_t n_isos;
	int dtb_at;
	char dtb_note[FDTDIR_NAME_MAX + 256];	/* the tree FDTDIR chose */
};

/* How a load is checked, and what warn mode found. */
struct boot_verify {
	enum verify_mode mode;
	const char *trust_dir;	/* NULL: TRUST_DIR */
	struct boot_fetch *fetch;	/* a network option's signatures */
	char warnings[1024];	/* warn: what enforce would refuse */
};

#ifdef CONFIG_LOADER_VERIFY
/*
 * Check op's files for opt under v->mode, replacing each checked file's
 * fd in op (and req's kernel and dtb) by its verified private copy: the
 * kernel (or a UKI, whole) by its Authenticode signature, the initrds,
 * device tree and overlays by <file>.sig, the command line by
 * <kernel>.cmdline.sig (a UKI booted with its own .cmdline is covered by
 * its signature: req->cmdline becomes NULL). Against the certificates of
 * v->trust_dir. enforce: the first failure is returned (-ENODATA,
 * -EKEYREJECTED, -ENOKEY, -EBADMSG...) with why naming the file; warn:
 * failures are listed in v->warnings and 0 returned; off: nothing.
 */
int boot_verify_load(struct boot_verify *v, const struct boot_option *opt,
		     struct opened *op, struct load_request *req, char *why,
		     size_t len);
#else
static inline int boot_verify_load(struct boot_verify *v,
				   const struct boot_option *opt,
				   struct opened *op, struct load_request *req,
				   char *why, size_t len)
{
	if (v->mode == VERIFY_OFF)
		return 0;
	snprintf(v->warnings, sizeof(v->warnings), "verify=%s: baton is "
		 "built without signature checks (CONFIG_LOADER_VERIFY)",
		 verify_mode_name(v->mode));
	if (v->mode == VERIFY_WARN)
		return 0;
	snprintf(why, len, "%.300s", v->warnings);
	return -EOPNOTSUPP;
}
#endif

#endif
