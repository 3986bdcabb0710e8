/*
 * segments.c: the kexec_load(2) path, for kernels that need a device tree
 * from the boot loader (arm64, riscv) or when the running kernel lacks
 * kexec_file_load(2): kernel, initrd, patched device tree and an entry stub
 * placed in System RAM, then loaded as segments.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdio.h>
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
	case KARCH_X86_64:
		return IS_ENABLED(CONFIG_ARCH_X86_64) && f == KFMT_BZIMAGE;
	default:
		return false;
	}
}

/*
 * Where segments may go (usable) and, for a device tree's memory node,
 * all of RAM (ram, unless NULL); *io keeps what was read, for the caller
 * to free.
 */
static int seg_memory(struct load_ctx *ctx, struct iomem *io,
		      struct mem_map *usable, struct mem_map *ram)
{
	struct why why;
	uint64_t t = now_ns();
	int ret;

	ret = iomem_read(ctx->req->iomem_path, io, &why);
	ctx->read_ns += now_ns() - t;
	if (ret)
		return load_fail(ctx, LOAD_STAGE_MEMORY, ret, "%s", why.s);
	ret = iomem_usable(io, usable);
	if (!ret && ram)
		ret = iomem_ram(io, ram);
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

/* Every initrd, joined into one buffer. */
static int seg_initrd(struct load_ctx *ctx, uint8_t **buf, size_t *len)
{
	uint64_t t = now_ns();
	int ret;

	ret = buf_join(ctx->initrd_fds, ctx->n_initrds, LOAD_INITRD_MAX, buf,
		       len);
	ctx->read_ns += now_ns() - t;
	if (ret)
		return load_fail(ctx, LOAD_STAGE_INITRD, ret, NULL);
	return 0;
}

/* Device tree architectures: the tree, then the kernel's entry stub. */
static int load_dt(struct load_ctx *ctx, struct plan_input *in,
		   const struct mem_map *usable, const struct mem_map *ram)
{
	void *dtb = NULL;
	int ret;

	ret = build_dtb(ctx, ram, in->initrd_len > 0, &dtb, &in->dtb_len);
	if (!ret) {
		in->dtb = dtb;
		ret = place_and_load(ctx, in, usable, dtb);
	}
	free(dtb);
	return ret;
}

#ifdef CONFIG_ARCH_X86_64
#define SZ_1M (1ull << 20)
#define SZ_4G (1ull << 32)

/*
 * x86_64: the protected-mode kernel, the zero page followed by the
 * command line, the initrd and the entry stub, all between 1 MiB (the
 * real-mode area stays the firmware's) and 4 GiB (the zero page's 32-bit
 * fields, the stub's identity map).
 */
static int x86_layout(struct load_ctx *ctx, struct plan_input *in)
{
	struct x86_kernel xk;
	struct why why;
	int ret;

	ret = x86_kernel_layout(ctx->kernel_buf, ctx->kernel_len, &in->kernel,
				&xk, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, "%s", why.s);
	in->initrd_max = MIN(xk.initrd_max, SZ_4G);
	in->floor = SZ_1M;
	in->ceiling = SZ_4G;
	in->stub_len = x86_stub_size();
	in->params_len = sizeof(struct boot_params) + strlen(ctx->cmdline) + 1;
	return 0;
}

static int x86_fill(struct load_ctx *ctx, const struct plan *plan,
		    const struct plan_input *in, const struct x86_e820 *e820,
		    uint8_t *params)
{
	const char *fw = ctx->req->firmware_path;
	struct screen_info si;
	struct x86_params p = {
		.kernel = ctx->kernel_buf, .kernel_len = ctx->kernel_len,
		.cmdline_mem = plan->params_mem + sizeof(struct boot_params),
		.initrd_mem = plan->initrd_mem, .initrd_len = in->initrd_len,
		.e820 = e820, .acpi_rsdp = x86_acpi_rsdp(fw), .screen = &si,
	};
	struct boot_params *bp = (struct boot_params *)params;
	struct why why;
	char efi[512];
	int ret;

	snprintf(efi, sizeof(efi), "%s/efi", fw ? fw : "/sys/firmware");
	x86_screen_info(&si, ctx->dry ? NULL : "/dev/fb0",
			!access(efi, F_OK));
	ret = x86_boot_params(bp, &p, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, "%s", why.s);
	strcpy((char *)params + sizeof(*bp), ctx->cmdline);
	return 0;
}

/* x86_64: the e820 map, then the zero page, its command line and stub. */
static int load_x86(struct load_ctx *ctx, struct plan_input *in,
		    const struct mem_map *usable, const struct iomem *io)
{
	uint8_t *params = NULL, *stub = NULL;
	struct x86_e820 *e820;
	struct plan plan;
	struct why why;
	int ret;

	e820 = malloc(sizeof(*e820));
	params = calloc(1, in->params_len);
	stub = calloc(1, in->stub_len);
	if (!e820 || !params || !stub) {
		ret = load_fail(ctx, LOAD_STAGE_MEMORY, -ENOMEM, NULL);
		goto out;
	}
	ret = x86_e820_read(ctx->req->firmware_path, io, e820, &why);
	if (ret) {
		load_fail(ctx, LOAD_STAGE_MEMORY, ret, "%s", why.s);
		goto out;
	}
	in->params = params;
	in->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	ret = plan_segments(usable, in, &plan, &why);
	if (ret) {
		load_fail(ctx, LOAD_STAGE_MEMORY, ret, "%s", why.s);
		goto out;
	}
	ret = x86_fill(ctx, &plan, in, e820, params);
	if (ret)
		goto out;
	x86_stub_build(stub, plan.params_mem, plan.kernel_entry);
	plan.seg[plan.stub_index].buf = stub;
	ret = kexec_load_plan(ctx, &plan);
out:
	free(params);
	free(stub);
	free(e820);
	return ret;
}
#else
static int x86_layout(struct load_ctx *ctx, struct plan_input *in)
{
	return -EOPNOTSUPP;	/* segments_possible() said no */
}

static int load_x86(struct load_ctx *ctx, struct plan_input *in,
		    const struct mem_map *usable, const struct iomem *io)
{
	return -EOPNOTSUPP;
}
#endif

/*
 * The kernel's layout: a bzImage's on x86_64, where the zero page carries
 * what a device tree carries elsewhere; an arm64/riscv Image's or an
 * ELF's otherwise.
 */
static int seg_layout(struct load_ctx *ctx, struct plan_input *in)
{
	struct why why;
	int ret;

	ret = ctx_read_kernel(ctx);
	if (ret)
		return ret;
	if (ctx->host == KARCH_X86_64)
		return x86_layout(ctx, in);
	ctx->dtb_passed = true;
	if (ctx->ki.format == KFMT_ELF)
		ret = elf_layout(ctx->kernel_buf, ctx->kernel_len, &in->kernel,
				 &why);
	else
		ret = image_layout(&ctx->ki, ctx->kernel_buf, ctx->kernel_len,
				   &in->kernel, &why);
	if (ret)
		return load_fail(ctx, LOAD_STAGE_KERNEL, ret, "%s", why.s);
	return 0;
}

int load_segments(struct load_ctx *ctx)
{
	struct mem_map usable = { 0 }, ram = { 0 };
	struct iomem io = { 0 };
	struct plan_input in = { .arch = ctx->host };
	bool x86 = ctx->host == KARCH_X86_64;
	uint8_t *initrd = NULL;
	int ret;

	/* load_file() falls back here only when this is possible */
	if (!segments_possible(ctx))
		return load_fail(ctx, LOAD_STAGE_MEMORY, -EOPNOTSUPP,
				 "baton builds kexec_load(2) segments only "
				 "for arm64 and riscv kernels%s, not for %s "
				 "%s", IS_ENABLED(CONFIG_ARCH_X86_64) ?
				 " and x86_64 bzImages" : "",
				 karch_name(ctx->host),
				 kformat_name(ctx->ki.format));
	ret = seg_layout(ctx, &in);
	if (!ret)	/* all of RAM only for a device tree's memory node */
		ret = seg_memory(ctx, &io, &usable, x86 ? NULL : &ram);
	if (!ret)
		ret = seg_initrd(ctx, &initrd, &in.initrd_len);
	if (ret)
		goto out;
	in.initrd = initrd;
	if (x86)
		ret = load_x86(ctx, &in, &usable, &io);
	else
		ret = load_dt(ctx, &in, &usable, &ram);
out:
	mem_map_free(&usable);
	mem_map_free(&ram);
	iomem_free(&io);
	free(initrd);
	return ret;
}
