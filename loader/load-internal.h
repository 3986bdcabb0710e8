/*
 * load-internal.h: the state of one loader_load() call, shared by the
 * kexec_file_load path (load.c), the kexec_load path (segments.c) and the
 * UKI reader (uki.c).
 */
#ifndef BATON_LOADER_LOAD_INTERNAL_H
#define BATON_LOADER_LOAD_INTERNAL_H

#include "loader/loader-internal.h"

struct load_ctx {
	const struct load_request *req;
	struct load_result *res;
	enum karch host;	/* the running kernel's architecture */
	bool dry;
	struct kimage_info ki;	/* the kernel (a UKI's .linux) */
	const char *kernel_name;
	int kernel_fd;		/* the kernel is bytes [kernel_off, */
	uint64_t kernel_off;	/* kernel_off + kernel_size) of this file */
	uint64_t kernel_size;
	int own_kernel_fd;	/* a memory file of ours, or -1 */
	uint8_t *kernel_buf;	/* whole kernel, when read or decompressed */
	size_t kernel_len;
	struct load_file dtb;	/* the request's, or a UKI's .dtb */
	bool dtb_passed;	/* a device tree goes to the new kernel */
	/* a UKI's own sections */
	bool uki;
	int uki_initrd_fd;	/* -1: none */
	int uki_dtb_fd;		/* -1: none */
	char *uki_cmdline;
	const char *cmdline;	/* the effective command line ("" if none) */
	char *lu_cmdline;	/* LOAD_LIVE_UPDATE: cmdline with kho, LUO on */
	/* every initrd in order, a UKI's first */
	int *initrd_fds;
	size_t n_initrds;
	int joined_initrd_fd;	/* several initrds as one memory file */
	uint64_t read_ns;
};

/* Record a failure in ctx->res (fmt NULL: loader_strerror); returns err. */
int load_fail(struct load_ctx *ctx, enum load_stage stage, int err,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The kexec_load(2) path: build, place and load the segments. */
int load_segments(struct load_ctx *ctx);
/* True when this kernel can be loaded as segments on this machine. */
bool segments_possible(const struct load_ctx *ctx);

/*
 * If the kernel file (head: its first len bytes of size) is a UKI, make
 * its .linux the kernel and keep its .initrd, .cmdline and .dtb; 0 also
 * when it is not one.
 */
int uki_prepare(struct load_ctx *ctx, const uint8_t *head, size_t len,
		uint64_t size);

/* Read a file and count the time as reading. */
int ctx_read_all(struct load_ctx *ctx, int fd, size_t max, uint8_t **buf,
		 size_t *len);
/* Read the kernel's bytes into ctx->kernel_buf, if not there yet. */
int ctx_read_kernel(struct load_ctx *ctx);

/* A more exact sentence for EPERM from the kexec syscalls. */
const char *eperm_reason(enum load_stage stage);

#endif
