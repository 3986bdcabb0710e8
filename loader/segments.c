/*
 * segments.c: the kexec_load(2) path, for kernels that need a device tree
 * from the boot loader (arm64, riscv) or when the running kernel lacks
 * kexec_file_load(2): kernel, initrd, patched device tree and an entry stub
 * placed in System RAM, then loaded as segments.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/load-internal.h"

#define RNG_SEED_SIZE 64

bool segments_possible(const struct load_ctx *ctx)
{
	enum kformat f = ctx->ki.format;

	switch (ctx->host) {
	case KARCH_ARM64:
		return f == KFMT_ARM64_IMAGE || f == KFMT_ELF;
	case KARCH_RISCV64:
		return f == KFMT_RISCV_IMAGE || f == KFMT_ELF;
	default:
		return false;
	}
}

static int seg_kernel(struct load_ctx *ctx, struct kernel_layout *kl)
{
	struct why why;
	int ret;

	ret = ctx_read_kernel(ctx);
	if (ret)
		return ret;
	if (ctx->ki.format == KFMT_ELF)
		ret = elf_layout(ctx->kernel_buf, ctx->kernel_len, kl, &why);
	else
		ret = image_layout(&ctx->ki, ctx->kernel_buf, ctx->kernel_len,
				   kl, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, "%s", why.s);
	return 0;
}

static int seg_memory(struct load_ctx *ctx, struct mem_map *usable,
		      struct mem_map *ram)
{
	struct iomem io;
	struct why why;
	uint64_t t = now_ns();
	int ret;

	ret = iomem_read(ctx->req->iomem_path, &io, &why);
	ctx->read_ns += now_ns() - t;
	if (ret)
		return load_fail(ctx, LOAD_STAGE_MEMORY, ret, "%s", why.s);
	ret = iomem_usable(&io, usable);
	if (!ret)
		ret = iomem_ram(&io, ram);
	iomem_free(&io);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_MEMORY, ret, NULL);
	return 0;
}

static int read_blob(struct load_ctx *ctx, int fd, const char *name,
		     struct blob *b)
{
	uint8_t *buf;
	size_t len;
	int ret;

	ret = ctx_read_all(ctx, fd, FDT_MAX_SIZE, &buf, &len);
	if (ret)
		return ret;
	b->buf = buf;
	b->len = len;
	b->name = name;
	return 0;
}

static int blob_fail(struct load_ctx *ctx, int err, const char *name)
{
	if (err == -EFBIG)
		return load_fail(ctx, LOAD_STAGE_DTB, err, "%s is larger "
				 "than 2 MiB: not a device tree", name);
	return load_fail(ctx, LOAD_STAGE_DTB, err, "%s: %s", name,
			 loader_strerror(err, LOAD_STAGE_DTB));
}

/* The running tree: needed when no DTB is named, else only helpful. */
static int read_running(struct load_ctx *ctx, struct blob *b, bool needed)
{
	const char *path = ctx->req->fdt_path ? ctx->req->fdt_path :
			   "/sys/firmware/fdt";
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !needed)
		return 0;
	if (fd < 0)
		return load_fail(ctx, LOAD_STAGE_DTB, -errno, "no device tree "
				 "was named and the running one (%s) cannot "
				 "be read: %s", path, strerror(errno));
	ret = read_blob(ctx, fd, path, b);
	close(fd);
	if (ret && needed)
		return blob_fail(ctx, ret, path);
	return 0;
}

static void free_blobs(struct blob *b, size_t n)
{
	size_t i;

	for (i = 0; b && i < n; i++)
		free((void *)b[i].buf);
}

static int read_trees(struct load_ctx *ctx, struct blob *base,
		      struct blob *running, struct blob *ovs)
{
	const struct load_request *req = ctx->req;
	const char *name;
	size_t i;
	int ret;

	ret = read_running(ctx, running, ctx->dtb.fd < 0);
	if (ret)
		return ret;
	if (ctx->dtb.fd >= 0) {
		name = ctx->dtb.name ? ctx->dtb.name : "the device tree";
		ret = read_blob(ctx, ctx->dtb.fd, name, base);
		if (ret)
			return blob_fail(ctx, ret, name);
	} else {
		*base = *running;	/* shared: freed once, as running */
	}
	for (i = 0; i < req->n_overlays; i++) {
		name = req->overlays[i].name ? req->overlays[i].name :
		       "an overlay";
		ret = read_blob(ctx, req->overlays[i].fd, name, &ovs[i]);
		if (ret)
			return blob_fail(ctx, ret, name);
	}
	return 0;
}

static int build_dtb(struct load_ctx *ctx, const struct mem_map *ram,
		     bool initrd, void **dtb, size_t *len)
{
	const struct load_request *req = ctx->req;
	struct blob base = { 0 }, running = { 0 }, *ovs;
	uint8_t seed[RNG_SEED_SIZE + 8];
	struct fdt_params p = {
		.bootargs = ctx->cmdline, .initrd = initrd, .ram = ram,
	};
	struct why why;
	int ret;

	ovs = calloc(req->n_overlays + 1, sizeof(*ovs));
	if (!ovs)
		return load_fail(ctx, LOAD_STAGE_DTB, -ENOMEM, NULL);
	ret = read_trees(ctx, &base, &running, ovs);
	if (ret)
		goto out;
	p.running = running;
	if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) == sizeof(seed)) {
		p.rng_seed = seed;
		p.rng_seed_len = RNG_SEED_SIZE;
		memcpy(&p.kaslr_seed, seed + RNG_SEED_SIZE, 8);
		p.kaslr = true;
	}
	ret = fdt_build(&base, ovs, req->n_overlays, &p, dtb, len, &why);
	if (ret)
		load_fail(ctx, LOAD_STAGE_DTB, ret, "%s", why.s);
out:
	if (base.buf != running.buf)
		free((void *)base.buf);
	free((void *)running.buf);
	free_blobs(ovs, req->n_overlays);
	free(ovs);
	return ret;
}

static void record_plan(struct load_result *res, const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		res->segments[i].what = p->seg[i].what;
		res->segments[i].mem = p->seg[i].mem;
		res->segments[i].memsz = p->seg[i].memsz;
		res->segments[i].bufsz = p->seg[i].bufsz;
	}
	res->n_segments = p->n;
	res->entry = p->entry;
}

static int kexec_load_plan(struct load_ctx *ctx, const struct plan *p)
{
	struct kexec_segment ks[LOAD_MAX_SEGMENTS];
	size_t i;
	int ret;

	ctx->res->method = LOAD_METHOD_SEGMENTS;
	record_plan(ctx->res, p);
	if (ctx->dry)
		return 0;
	for (i = 0; i < p->n; i++) {
		ks[i].buf = p->seg[i].buf;
		ks[i].bufsz = p->seg[i].bufsz;
		ks[i].mem = (const void *)(uintptr_t)p->seg[i].mem;
		ks[i].memsz = p->seg[i].memsz;
	}
	if (!syscall(SYS_kexec_load, p->entry, p->n, ks, KEXEC_ARCH_DEFAULT))
		return 0;
	ret = -errno;
	loader_unload();
	if (ret == -EPERM)
		return load_fail(ctx, LOAD_STAGE_KEXEC_LOAD, ret, "%s",
				 eperm_reason(LOAD_STAGE_KEXEC_LOAD));
	return load_fail(ctx, LOAD_STAGE_KEXEC_LOAD, ret, NULL);
}

/* Place everything, fill in the addresses only known then, and load. */
static int place_and_load(struct load_ctx *ctx, struct plan_input *in,
			  const struct mem_map *usable, void *dtb)
{
	uint8_t stub[ARM64_STUB_SIZE];
	struct plan plan;
	struct why why;
	int ret;

	in->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	in->stub_len = ctx->host == KARCH_ARM64 ? sizeof(stub) : 0;
	ret = plan_segments(usable, in, &plan, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_MEMORY, ret, "%s", why.s);
	if (in->initrd_len &&
	    fdt_set_initrd(dtb, plan.initrd_mem,
			   plan.initrd_mem + in->initrd_len))
		return load_fail(ctx, LOAD_STAGE_DTB, -EINVAL, "cannot set "
				 "the initrd's address in the device tree");
	if (plan.stub_index >= 0) {
		arm64_stub_build(stub, plan.dtb_mem, plan.kernel_entry);
		plan.seg[plan.stub_index].buf = stub;
	}
	return kexec_load_plan(ctx, &plan);
}

int load_segments(struct load_ctx *ctx)
{
	struct mem_map usable = { 0 }, ram = { 0 };
	struct plan_input in = { .arch = ctx->host };
	uint8_t *initrd = NULL;
	void *dtb = NULL;
	uint64_t t;
	int ret;

	/* load_file() falls back here only when this is possible */
	if (!segments_possible(ctx))
		return load_fail(ctx, LOAD_STAGE_MEMORY, -EOPNOTSUPP,
				 "baton builds kexec_load(2) segments (needed "
				 "to pass a device tree) only for arm64 and "
				 "riscv kernels, not for %s %s",
				 karch_name(ctx->host),
				 kformat_name(ctx->ki.format));
	ret = seg_kernel(ctx, &in.kernel);
	if (!ret)
		ret = seg_memory(ctx, &usable, &ram);
	if (ret)
		goto out;
	t = now_ns();
	ret = buf_join(ctx->initrd_fds, ctx->n_initrds, LOAD_INITRD_MAX,
		       &initrd, &in.initrd_len);
	ctx->read_ns += now_ns() - t;
	if (ret) {
		load_fail(ctx, LOAD_STAGE_INITRD, ret, NULL);
		goto out;
	}
	in.initrd = initrd;
	ret = build_dtb(ctx, &ram, in.initrd_len > 0, &dtb, &in.dtb_len);
	if (ret)
		goto out;
	in.dtb = dtb;
	ret = place_and_load(ctx, &in, &usable, dtb);
out:
	mem_map_free(&usable);
	mem_map_free(&ram);
	free(initrd);
	free(dtb);
	return ret;
}
