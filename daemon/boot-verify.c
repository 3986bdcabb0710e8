/*
 * boot-verify.c: the `verify` setting (off, warn, enforce) applied to a
 * load in the boot's worker. What a locked-down kernel does not check
 * (initrds, device trees, overlays, the command line, a UKI's other
 * sections) is checked here against the certificates `make initramfs
 * TRUST=DIR` packed, each file on a sealed private copy that is then the
 * one loaded, so the file changing on disk after the check changes
 * nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/boot-fetch.h"
#include "daemon/boot-verify.h"
#include "discover/source.h"
#include "lib/pe.h"
#include "lib/util.h"
#include "loader/verify.h"

/* Is fd a unified kernel image (a PE file with a .linux section)? */
static bool is_uki(int fd)
{
	struct pe_image *img = malloc(sizeof(*img));
	uint8_t *head = malloc(PE_HEADER_MAX);
	bool uki = false;
	struct stat st;
	ssize_t n;

	n = img && head && !fstat(fd, &st) ?
	    pread(fd, head, PE_HEADER_MAX, 0) : -1;
	if (n > 0 && !pe_parse(img, head, (size_t)n, (size_t)st.st_size))
		uki = pe_find_section(img, ".linux") != NULL;
	free(head);
	free(img);
	return uki;
}

static int verify_set_oom(struct verify_result *res)
{
	snprintf(res->message, sizeof(res->message), "out of memory");
	return res->err = -ENOMEM;
}

/*
 * Open the signature of op's file i (its path + suffix) into *fd (-1:
 * there is none) and its name into *name (the caller frees it).
 * 0 or -errno with res filled.
 */
static int open_sig(struct boot_verify *v, const struct opened *op, size_t i,
		    const char *suffix, int *fd, char **name,
		    struct verify_result *res)
{
	char why[512];

	*fd = -1;
	*name = NULL;
	if (!op->paths[i])
		return verify_set_oom(res);
	*name = op->srcs[i] ?
		str_printf("%s:%s%s", op->srcs[i]->info.name, op->paths[i],
			   suffix) :
		str_printf("%s%s", op->paths[i], suffix);
	if (!*name)
		return verify_set_oom(res);
	if (op->srcs[i]) {
		*fd = source_open(op->srcs[i], *name + strlen(
				  op->srcs[i]->info.name) + 1, O_RDONLY);
	} else {
		/* none on the server (404, TFTP's error 1): not signed */
		*fd = boot_fetch_open(v->fetch, *name, why, sizeof(why));
		if (*fd < 0 && *fd != -ENOENT) {
			snprintf(res->message, sizeof(res->message),
				 "%.150s cannot be fetched: %.200s", *name, why);
			res->err = *fd;
			return *fd;
		}
	}
	if (*fd == -ENOENT)
		*fd = -1;	/* not signed: the check says so */
	if (*fd < -1) {
		snprintf(res->message, sizeof(res->message), "%.200s cannot be "
			 "opened: %s", *name, strerror(-*fd));
		res->err = *fd;
		return res->err;
	}
	return 0;
}

/* Put copy in place of op's file i. */
static void replace(struct opened *op, size_t i, int copy)
{
	close(op->files[i].fd);
	op->files[i].fd = copy;
}

/* A detached signature over op's file i; its copy replaces it. */
static int check_file(struct boot_verify *v, const struct trust *t,
		      struct opened *op, size_t i, struct verify_result *res)
{
	char *sig_name;
	int sig, copy, ret;

	ret = open_sig(v, op, i, ".sig", &sig, &sig_name, res);
	if (!ret)
		ret = detached_verify_copy(t, op->files[i].fd, op->names[i],
					   sig, sig_name, &copy, res);
	if (sig >= 0)
		close(sig);
	free(sig_name);
	if (!ret)
		replace(op, i, copy);
	return ret;
}

/* The kernel, or a UKI whole; *covered: its own .cmdline is signed. */
static int check_kernel(const struct trust *t, const struct boot_option *opt,
			struct opened *op, bool *covered,
			struct verify_result *res)
{
	bool uki = is_uki(op->files[0].fd);
	int copy, ret;

	ret = authenticode_verify_copy(t, op->files[0].fd, op->names[0],
				       &copy, res);
	if (ret)
		return ret;
	replace(op, 0, copy);
	/* the uki parser's command line is the UKI's own .cmdline */
	*covered = uki && opt->parser && streq(opt->parser, "uki");
	return 0;
}

static int check_cmdline(struct boot_verify *v, const struct trust *t,
			 const struct opened *op, const char *cmdline,
			 struct verify_result *res)
{
	char *sig_name;
	int sig, ret;

	ret = open_sig(v, op, 0, ".cmdline.sig", &sig, &sig_name, res);
	if (!ret)
		ret = detached_verify_cmdline(t, cmdline ? cmdline : "", sig,
					      sig_name, res);
	if (sig >= 0)
		close(sig);
	free(sig_name);
	return ret;
}

/* warn: note res; enforce: the boot stops here. */
static int failed(struct boot_verify *v, const struct verify_result *res,
		  char *why, size_t len)
{
	size_t n = strlen(v->warnings);

	if (v->mode == VERIFY_ENFORCE) {
		snprintf(why, len, "%s", res->message);
		return res->err ? res->err : -EKEYREJECTED;
	}
	snprintf(v->warnings + n, sizeof(v->warnings) - n, "%s%s",
		 n ? "; " : "", res->message);
	return 0;
}

/* The certificates to check against; NULL with res filled. */
static struct trust *load_trust(struct boot_verify *v,
				struct verify_result *res)
{
	const char *dir = v->trust_dir ? v->trust_dir : TRUST_DIR;
	struct trust *t = trust_new();
	int ret = t ? trust_add_dir(t, dir) : -errno;

	if (ret > 0)
		return t;
	trust_free(t);
	snprintf(res->message, sizeof(res->message), "verify=%s, but no "
		 "certificate to check signatures against could be read from "
		 "%s (make initramfs TRUST=DIR): %s", verify_mode_name(v->mode),
		 dir, strerror(ret ? -ret : ENOKEY));
	res->err = -ENOKEY;
	return NULL;
}

int boot_verify_load(struct boot_verify *v, const struct boot_option *opt,
		     struct opened *op, struct load_request *req, char *why,
		     size_t len)
{
	struct verify_result res = { 0 };
	bool covered = false;
	struct trust *t;
	size_t i;
	int ret = 0;

	v->warnings[0] = '\0';
	if (v->mode == VERIFY_OFF)
		return 0;
	t = load_trust(v, &res);
	if (!t)
		return failed(v, &res, why, len);
	if (check_kernel(t, opt, op, &covered, &res))
		ret = failed(v, &res, why, len);
	for (i = 1; !ret && i < op->n; i++)
		if (check_file(v, t, op, i, &res))
			ret = failed(v, &res, why, len);
	/* enforce: the verified copy's own (the option cannot be edited) */
	if (!ret && covered && v->mode == VERIFY_ENFORCE)
		req->cmdline = NULL;
	else if (!ret && !covered &&
		 check_cmdline(v, t, op, req->cmdline, &res))
		ret = failed(v, &res, why, len);
	trust_free(t);
	req->kernel = op->files[0];
	if (op->dtb_at >= 0)
		req->dtb = op->files[op->dtb_at];
	return ret;
}
