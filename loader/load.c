/*
 * load.c: loader_load(): recognise the kernel, check it against this
 * machine and its command line limit, join the initrds, and load it with
 * kexec_file_load(2), or hand over to the kexec_load(2) path (segments.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/util.h"
#include "lib/pe.h"
#include "loader/liveupdate.h"
#include "loader/load-internal.h"

#define PE_HEAD_MAX PE_HEADER_MAX

int load_fail(struct load_ctx *ctx, enum load_stage stage, int err,
	      const char *fmt, ...)
{
	struct load_result *res = ctx->res;
	size_t cap = sizeof(res->message);
	va_list ap;
	int n;

	res->err = err;
	res->stage = stage;
	n = snprintf(res->message, cap, "cannot load %s: ", ctx->kernel_name);
	if (n < 0 || (size_t)n >= cap)
		return err;
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(res->message + n, cap - (size_t)n, fmt, ap);
		va_end(ap);
	} else {
		snprintf(res->message + n, cap - (size_t)n, "%s",
			 loader_strerror(err, stage));
	}
	return err;
}

int ctx_read_all(struct load_ctx *ctx, int fd, size_t max, uint8_t **buf,
		 size_t *len)
{
	uint64_t t = now_ns();
	int ret = fd_read_all(fd, max, buf, len);

	ctx->read_ns += now_ns() - t;
	return ret;
}

static int read_sysctl(const char *path, char *buf, size_t cap)
{
	ssize_t n = read_small_file(AT_FDCWD, path, buf, cap);

	return n < 0 ? (int)n : 0;
}

int ctx_read_kernel(struct load_ctx *ctx)
{
	uint64_t t = now_ns();
	int ret;

	if (ctx->kernel_buf)
		return 0;
	ret = fd_read_range(ctx->kernel_fd, ctx->kernel_off, ctx->kernel_size,
			    LOAD_KERNEL_MAX, &ctx->kernel_buf);
	ctx->read_ns += now_ns() - t;
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, NULL);
	ctx->kernel_len = (size_t)ctx->kernel_size;
	return 0;
}

const char *eperm_reason(enum load_stage stage)
{
	char buf[128];

	if (geteuid() != 0)
		return "baton is not running as root: loading a kernel needs "
		       "the CAP_SYS_BOOT capability";
	if (!read_sysctl("/proc/sys/kernel/kexec_load_disabled", buf,
			 sizeof(buf)) && buf[0] == '1')
		return "kexec is disabled on this system (sysctl "
		       "kernel.kexec_load_disabled is 1 until the next reboot)";
	if (!read_sysctl("/proc/sys/kernel/kexec_load_limit_reboot", buf,
			 sizeof(buf)) && !strcmp(buf, "0\n"))
		return "kexec may not be used again before a reboot (sysctl "
		       "kernel.kexec_load_limit_reboot is 0)";
	if (!read_sysctl("/sys/kernel/security/lockdown", buf, sizeof(buf)) &&
	    !strstr(buf, "[none]")) {
		if (stage == LOAD_STAGE_KEXEC_LOAD)
			return "the kernel is locked down (by Secure Boot or "
			       "lockdown=), which forbids kexec_load(2), needed "
			       "to pass a device tree: this machine only boots "
			       "signed kernels through kexec_file_load(2)";
		return "the kernel is locked down (by Secure Boot or lockdown=) "
		       "and this kernel is not signed by a trusted key: this "
		       "machine only boots signed kernels";
	}
	return loader_strerror(-EPERM, stage);
}

/* ---- the request and the kernel ---------------------------------------- */

static const char *file_name(const struct load_file *f, char *buf,
			     size_t cap)
{
	if (f->name)
		return f->name;
	snprintf(buf, cap, "fd %d", f->fd);
	return buf;
}

static int check_request(struct load_ctx *ctx)
{
	const struct load_request *req = ctx->req;
	size_t i;

	if (req->kernel.fd < 0)
		return load_fail(ctx, LOAD_STAGE_REQUEST, -EBADF,
				 "no kernel file was given");
	for (i = 0; i < req->n_initrds; i++)
		if (!req->initrds || req->initrds[i].fd < 0)
			return load_fail(ctx, LOAD_STAGE_REQUEST, -EBADF,
					 "initrd %zu is not open", i + 1);
	for (i = 0; i < req->n_overlays; i++)
		if (!req->overlays || req->overlays[i].fd < 0)
			return load_fail(ctx, LOAD_STAGE_REQUEST, -EBADF,
					 "overlay %zu is not open", i + 1);
	if (req->flags & ~(unsigned)(LOAD_DRY_RUN | LOAD_SEGMENTS |
				     LOAD_PASS_FDT | LOAD_CRASH |
				     LOAD_LIVE_UPDATE | LOAD_SIGNED_ONLY))
		return load_fail(ctx, LOAD_STAGE_REQUEST, -EINVAL,
				 "unknown load flags %#x", req->flags);
	if ((req->flags & LOAD_CRASH) && (req->flags & LOAD_LIVE_UPDATE))
		return load_fail(ctx, LOAD_STAGE_REQUEST, -EINVAL,
				 "a crash kernel cannot be a live update: a "
				 "panic hands nothing over");
	if (req->machine && !ctx->dry)
		return load_fail(ctx, LOAD_STAGE_REQUEST, -EINVAL,
				 "another machine can only be named for a "
				 "dry run");
	if (ctx->host == KARCH_UNKNOWN)
		return load_fail(ctx, LOAD_STAGE_REQUEST, -EINVAL,
				 "unknown machine \"%s\"", req->machine ?
				 req->machine : "(uname)");
	return 0;
}

static bool decompressible(const struct kimage_info *ki)
{
	return ki->format == KFMT_GZIP ||
	       (ki->format == KFMT_ZBOOT && !strcmp(ki->comp, "gzip"));
}

/* arm64 and riscv kernels often come compressed; the boot loader unpacks. */
static int decompress_kernel(struct load_ctx *ctx)
{
	const uint8_t *in;
	uint8_t *out;
	size_t in_len, out_len;
	struct why why;
	int ret;

	ret = ctx_read_kernel(ctx);
	if (ret)
		return ret;
	in = ctx->kernel_buf;
	in_len = ctx->kernel_len;
	if (ctx->ki.format == KFMT_ZBOOT) {
		in += ctx->ki.payload_offset;
		in_len = ctx->ki.payload_size;
	}
	ret = gunzip_buf(in, in_len, LOAD_KERNEL_MAX, &out, &out_len);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret == -EINVAL ?
				 -ENOEXEC : ret, "the kernel's gzip data is "
				 "corrupt or truncated");
	free(ctx->kernel_buf);
	ctx->kernel_buf = out;
	ctx->kernel_len = out_len;
	ret = kimage_probe(out, out_len, out_len, &ctx->ki, &why);
	if (ret || decompressible(&ctx->ki))
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOEXEC,
				 "inside its compression: %s", ret ? why.s :
				 "compressed twice");
	return 0;
}

static int check_arch(struct load_ctx *ctx)
{
	const struct kimage_info *ki = &ctx->ki;

	if (ki->format >= KFMT_ZSTD)
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOEXEC,
				 "the kernel is compressed with %s; baton "
				 "unpacks only gzip", kformat_name(ki->format));
	if (ki->format == KFMT_ZBOOT && !decompressible(ki))
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOEXEC,
				 "the kernel is compressed with %s; baton "
				 "unpacks only gzip", ki->comp);
	if (ki->format == KFMT_PE)
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOEXEC,
				 "this is an EFI application for %s, not a "
				 "Linux kernel or a unified kernel image",
				 karch_name(ki->arch));
	if (ki->arch == KARCH_UNKNOWN)
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOEXEC,
				 "this kernel's architecture is unknown; this "
				 "machine is %s", karch_name(ctx->host));
	if (ki->arch != ctx->host)
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOEXEC,
				 "this is %s %s kernel; this machine is %s",
				 strchr("aeiosx", karch_name(ki->arch)[0]) ?
				 "an" : "a", karch_name(ki->arch),
				 karch_name(ctx->host));
	return 0;
}

static int probe_kernel(struct load_ctx *ctx, const uint8_t *head,
			size_t len)
{
	uint8_t inner[KIMAGE_HEAD_MAX];
	uint64_t t = now_ns();
	size_t n = 0;
	struct why why;
	int ret;

	if (ctx->kernel_off) {	/* a UKI's .linux: its own first bytes */
		n = MIN(sizeof(inner), ctx->kernel_size);
		ret = pread(ctx->kernel_fd, inner, n, (off_t)ctx->kernel_off) ==
		      (ssize_t)n ? 0 : -EIO;
		ctx->read_ns += now_ns() - t;
		if (ret)
			return load_fail(ctx, LOAD_STAGE_UKI, ret, NULL);
		head = inner;
		len = n;
	}
	ret = kimage_probe(head, MIN(len, (size_t)KIMAGE_HEAD_MAX),
			   ctx->kernel_size, &ctx->ki, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, "%s%s",
				 ctx->uki ? "its .linux section: " : "", why.s);
	return 0;
}

static int prepare_kernel(struct load_ctx *ctx)
{
	uint64_t size = 0, t = now_ns();
	uint8_t *head;
	size_t len = 0;
	int ret;

	head = malloc(PE_HEAD_MAX);
	if (!head)
		return load_fail(ctx, LOAD_STAGE_KERNEL, -ENOMEM, NULL);
	ret = fd_read_head(ctx->kernel_fd, head, PE_HEAD_MAX, &len, &size);
	ctx->read_ns += now_ns() - t;
	if (ret == -EINVAL)
		ret = load_fail(ctx, LOAD_STAGE_KERNEL, ret,
				"it is not a regular file");
	else if (ret)
		ret = load_fail(ctx, LOAD_STAGE_KERNEL, ret, NULL);
	else if (!size)
		ret = load_fail(ctx, LOAD_STAGE_KERNEL, -EINVAL,
				"the file is empty");
	ctx->kernel_size = size;
	if (!ret)
		ret = uki_prepare(ctx, head, len, size);
	if (!ret)
		ret = probe_kernel(ctx, head, len);
	free(head);
	if (!ret && decompressible(&ctx->ki))
		ret = decompress_kernel(ctx);
	return ret ? ret : check_arch(ctx);
}

/* ---- initrds and the command line -------------------------------------- */

static int collect_initrds(struct load_ctx *ctx)
{
	const struct load_request *req = ctx->req;
	size_t i, n = req->n_initrds + (ctx->uki_initrd_fd >= 0);
	uint64_t size;
	char buf[32];
	int ret;

	ctx->initrd_fds = calloc(n ? n : 1, sizeof(int));
	if (!ctx->initrd_fds)
		return load_fail(ctx, LOAD_STAGE_INITRD, -ENOMEM, NULL);
	if (ctx->uki_initrd_fd >= 0)
		ctx->initrd_fds[ctx->n_initrds++] = ctx->uki_initrd_fd;
	for (i = 0; i < req->n_initrds; i++) {
		const char *name = file_name(&req->initrds[i], buf,
					     sizeof(buf));

		ret = fd_size(req->initrds[i].fd, &size);
		if (ret == -EINVAL)
			return load_fail(ctx, LOAD_STAGE_INITRD, ret,
					 "initrd %s is not a regular file",
					 name);
		if (ret)
			return load_fail(ctx, LOAD_STAGE_INITRD, ret,
					 "initrd %s: %s", name,
					 loader_strerror(ret,
							 LOAD_STAGE_INITRD));
		if (!size)
			return load_fail(ctx, LOAD_STAGE_INITRD, -EINVAL,
					 "initrd %s is empty", name);
		ctx->initrd_fds[ctx->n_initrds++] = req->initrds[i].fd;
	}
	return 0;
}

static int check_cmdline(struct load_ctx *ctx, bool file)
{
	size_t len = strlen(ctx->cmdline) + 1;
	size_t max = kimage_cmdline_max(&ctx->ki, file);

	if (len <= max)
		return 0;
	return load_fail(ctx, LOAD_STAGE_CMDLINE, -E2BIG,
			 "the command line has %zu characters; this kernel "
			 "accepts at most %zu%s", len - 1, max - 1,
			 file && ctx->ki.format == KFMT_BZIMAGE ?
			 " (kexec keeps 30 of its bytes for itself)" : "");
}

/* Architectures whose kernels take a device tree from the boot loader. */
static bool arch_takes_dtb(enum karch arch)
{
	return arch == KARCH_ARM64 || arch == KARCH_RISCV64 ||
	       arch == KARCH_RISCV32 || arch == KARCH_PPC64LE ||
	       arch == KARCH_PPC64 || arch == KARCH_ARM;
}

static bool wants_segments(const struct load_ctx *ctx)
{
	const struct load_request *req = ctx->req;

	if (req->flags & LOAD_SEGMENTS)
		return true;
	if (!arch_takes_dtb(ctx->host))
		return false;
	return ctx->dtb.fd >= 0 || req->n_overlays ||
	       (req->flags & LOAD_PASS_FDT);
}

/* ---- kexec_file_load(2) ------------------------------------------------ */

/* Memory files are reopened read-only through /proc/self/fd. */
static int memfd_fail(struct load_ctx *ctx, enum load_stage stage, int err)
{
	if (err == -ENOENT)
		return load_fail(ctx, stage, err, "cannot reopen a memory file "
				 "read-only: /proc is not mounted");
	return load_fail(ctx, stage, err, NULL);
}

static int file_fds(struct load_ctx *ctx, int *kfd, int *ifd)
{
	uint64_t t;

	*kfd = ctx->kernel_fd;
	*ifd = -1;
	if (ctx->kernel_buf || ctx->kernel_off) {
		/* decompressed, or a UKI's .linux: a file of its own */
		int fd = ctx->kernel_buf ?
			 memfd_from_buf("baton-kernel", ctx->kernel_buf,
					ctx->kernel_len) :
			 memfd_from_range("baton-kernel", ctx->kernel_fd,
					  ctx->kernel_off, ctx->kernel_size);

		if (fd < 0)
			return memfd_fail(ctx, LOAD_STAGE_KERNEL, fd);
		*kfd = ctx->own_kernel_fd = fd;
	}
	if (ctx->n_initrds == 1) {
		*ifd = ctx->initrd_fds[0];
	} else if (ctx->n_initrds > 1) {
		t = now_ns();
		*ifd = memfd_join("baton-initrd", ctx->initrd_fds,
				  ctx->n_initrds);
		ctx->read_ns += now_ns() - t;
		if (*ifd < 0)
			return memfd_fail(ctx, LOAD_STAGE_INITRD, *ifd);
	}
	return 0;
}

/* Unload the slot this load was for. */
static void unload_slot(const struct load_ctx *ctx)
{
	if (ctx->req->flags & LOAD_CRASH)
		loader_unload_crash();
	else
		loader_unload();
}

/* A failed kexec_file_load(2): fall back to segments, or say why. */
static int file_failed(struct load_ctx *ctx, int ret)
{
	unsigned int special = ctx->req->flags & (LOAD_CRASH |
						  LOAD_LIVE_UPDATE);
	enum load_stage stage = LOAD_STAGE_KEXEC_FILE;

	unload_slot(ctx);
	if (ret == -ENOSYS && !special && segments_possible(ctx) &&
	    !(ctx->req->flags & LOAD_SIGNED_ONLY))
		return load_segments(ctx);
	if (ctx->req->flags & LOAD_CRASH)
		stage = LOAD_STAGE_CRASH;
	else if (ret == -ENOSYS && special)
		stage = LOAD_STAGE_LIVEUPDATE;
	if (ret == -EPERM)
		return load_fail(ctx, stage, ret, "%s",
				 eperm_reason(LOAD_STAGE_KEXEC_FILE));
	return load_fail(ctx, stage, ret, NULL);
}

static int load_file(struct load_ctx *ctx)
{
	unsigned long flags = 0;
	struct why why;
	int kfd, ifd, ret;
	long r;

	ret = kimage_check_file_load(&ctx->ki, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, "%s", why.s);
	ret = file_fds(ctx, &kfd, &ifd);
	if (ret)
		return ret;
	if (ifd < 0)
		flags |= KEXEC_FILE_NO_INITRAMFS;
	if (ctx->req->flags & LOAD_CRASH)
		flags |= KEXEC_FILE_ON_CRASH;
	ctx->res->method = LOAD_METHOD_FILE;
	r = ctx->dry ? 0 : syscall(SYS_kexec_file_load, kfd, ifd,
				   strlen(ctx->cmdline) + 1, ctx->cmdline,
				   flags);
	ret = r < 0 ? -errno : 0;
	if (ifd >= 0 && ctx->n_initrds > 1)
		ctx->joined_initrd_fd = ifd;
	if (!ret)
		return 0;
	return file_failed(ctx, ret);
}

/* ---- the result -------------------------------------------------------- */

static int describe(struct load_ctx *ctx)
{
	const struct load_request *req = ctx->req;
	struct load_result *res = ctx->res;
	char buf[32];
	size_t i;
	int ret = 0;

	res->arch = karch_name(ctx->ki.arch);
	res->kernel = str_dup(ctx->kernel_name);
	res->cmdline = str_dup(ctx->cmdline);
	if (ctx->uki_initrd_fd >= 0)
		ret = strv_push(&res->initrds, str_printf("%s:.initrd",
							  ctx->kernel_name));
	for (i = 0; !ret && i < req->n_initrds; i++)
		ret = strv_push(&res->initrds,
				strdup(file_name(&req->initrds[i], buf,
						 sizeof(buf))));
	if (ctx->dtb_passed)
		res->dtb = strdup(ctx->dtb.fd >= 0 ?
				  file_name(&ctx->dtb, buf, sizeof(buf)) :
				  "the running device tree");
	if (ret || !res->kernel || !res->cmdline ||
	    (ctx->dtb_passed && !res->dtb))
		return load_fail(ctx, LOAD_STAGE_NONE, -ENOMEM, NULL);
	snprintf(res->message, sizeof(res->message),
		 "%s %s (%s%s)%s with %s: %zu initrd%s, %zu bytes of command "
		 "line", ctx->dry ? "would load" : "loaded", ctx->kernel_name,
		 res->arch, ctx->uki ? ", unified kernel image" : "",
		 req->flags & LOAD_CRASH ? " as the crash kernel" :
		 req->flags & LOAD_LIVE_UPDATE ? " for a live update" : "",
		 res->method == LOAD_METHOD_FILE ?
		 "kexec_file_load" : "kexec_load", ctx->n_initrds,
		 ctx->n_initrds == 1 ? "" : "s", strlen(ctx->cmdline));
	return 0;
}

static void free_owned(struct load_result *res)
{
	free(res->kernel);
	strv_free(res->initrds);
	free(res->dtb);
	free(res->cmdline);
	res->kernel = res->dtb = res->cmdline = NULL;
	res->initrds = NULL;
}

void load_result_clear(struct load_result *res)
{
	size_t i;

	if (!res)
		return;
	free_owned(res);
	for (i = 0; i < res->n_held && i < LOAD_HELD_MAX; i++)
		close(res->held[i]);
	memset(res, 0, sizeof(*res));
}

/*
 * Closing a memory file frees its pages, which takes milliseconds for an
 * initrd; after a load that worked, that waits for load_result_clear()
 * instead of delaying the boot.
 */
static void release(struct load_ctx *ctx, int fd, bool ok)
{
	struct load_result *res = ctx->res;

	if (fd < 0)
		return;
	if (ok && res->n_held < LOAD_HELD_MAX)
		res->held[res->n_held++] = fd;
	else
		close(fd);
}

static void ctx_free(struct load_ctx *ctx, bool ok)
{
	release(ctx, ctx->own_kernel_fd, ok);
	release(ctx, ctx->joined_initrd_fd, ok);
	release(ctx, ctx->uki_initrd_fd, ok);
	release(ctx, ctx->uki_dtb_fd, ok);
	free(ctx->kernel_buf);
	free(ctx->uki_cmdline);
	free(ctx->lu_cmdline);
	free(ctx->initrd_fds);
}

/*
 * A crash kernel needs a crashkernel= reservation; a live update needs
 * kexec_file_load and kho=on liveupdate=on on the new command line.
 */
static int prepare_special(struct load_ctx *ctx, bool segments)
{
	unsigned int flags = ctx->req->flags;
	struct kexec_state st;

	if ((flags & LOAD_CRASH) && segments)
		return load_fail(ctx, LOAD_STAGE_CRASH, -EOPNOTSUPP, NULL);
	if ((flags & LOAD_CRASH) && !ctx->dry &&
	    !kexec_state_read(NULL, &st) && st.crash_size == 0)
		return load_fail(ctx, LOAD_STAGE_CRASH, -ENOMEM, NULL);
	if (!(flags & LOAD_LIVE_UPDATE))
		return 0;
	if (segments)
		return load_fail(ctx, LOAD_STAGE_LIVEUPDATE, -EOPNOTSUPP,
				 NULL);
	if (liveupdate_cmdline(ctx->cmdline, &ctx->lu_cmdline))
		return load_fail(ctx, LOAD_STAGE_CMDLINE, -ENOMEM, NULL);
	ctx->cmdline = ctx->lu_cmdline;
	return 0;
}

bool loader_takes_dtb(const char *machine)
{
	return arch_takes_dtb(machine ? karch_from_machine(machine) :
			      karch_running());
}

const char *loader_signed_only_reason(bool kexec_load_setting)
{
	if (kexec_load_setting)
		return "the kexec_load setting asks for kexec_load(2), which "
		       "the locked-down kernel forbids: only a signed kernel "
		       "loaded with kexec_file_load(2) can boot; set "
		       "kexec_load = off";
	/* locked down by Secure Boot, or by lockdown= on the command line */
	return "this option passes a device tree, which needs "
	       "kexec_load(2); the kernel is locked down, which forbids it: "
	       "only a signed kernel loaded with kexec_file_load(2), with "
	       "the firmware's device tree, can boot";
}

/* Locked down: what needs kexec_load(2) is refused before it is tried. */
static int signed_only(struct load_ctx *ctx)
{
	return load_fail(ctx, LOAD_STAGE_KEXEC_LOAD, -EPERM, "%s",
			 loader_signed_only_reason(ctx->req->flags &
						   LOAD_SEGMENTS));
}

static int load(struct load_ctx *ctx)
{
	bool segments = wants_segments(ctx);
	int ret;

	if (segments && (ctx->req->flags & LOAD_SIGNED_ONLY))
		return signed_only(ctx);
	ctx->cmdline = ctx->req->cmdline ? ctx->req->cmdline :
		       ctx->uki_cmdline ? ctx->uki_cmdline : "";
	ret = prepare_special(ctx, segments);
	if (!ret)
		ret = collect_initrds(ctx);
	if (!ret)
		ret = check_cmdline(ctx, !segments);
	if (ret)
		return ret;
	if (!arch_takes_dtb(ctx->host) && ctx->dtb.fd >= 0)
		log_warn("%s: ignoring the device tree: %s kernels take none",
			 ctx->kernel_name, karch_name(ctx->host));
	ret = segments ? load_segments(ctx) : load_file(ctx);
	if (!ret)
		ret = describe(ctx);
	if (ret && !ctx->dry && ctx->res->stage == LOAD_STAGE_NONE)
		unload_slot(ctx);	/* loaded, but cannot say what */
	return ret;
}

int loader_load(const struct load_request *req, struct load_result *res)
{
	struct load_ctx ctx = {
		.req = req, .res = res, .own_kernel_fd = -1,
		.uki_initrd_fd = -1, .uki_dtb_fd = -1, .joined_initrd_fd = -1,
		.kernel_fd = req->kernel.fd, .dtb = req->dtb,
		.dry = req->flags & LOAD_DRY_RUN,
	};
	uint64_t t0 = now_ns();
	char buf[32];
	int ret;

	memset(res, 0, sizeof(*res));
	ctx.kernel_name = file_name(&req->kernel, buf, sizeof(buf));
	ctx.host = req->machine ? karch_from_machine(req->machine) :
		   karch_running();
	ret = check_request(&ctx);
	if (!ret)
		ret = prepare_kernel(&ctx);
	if (!ret)
		ret = load(&ctx);
	if (ret)
		free_owned(res);
	res->read_ns = ctx.read_ns;
	res->total_ns = now_ns() - t0;
	ctx_free(&ctx, !ret);
	return ret;
}
