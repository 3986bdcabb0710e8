/*
 * plan.c: where the pieces of a kexec_load(2) boot go in physical memory
 * (kernel, initrd, device tree, entry stub), as a pure function over the
 * usable RAM, and the arm64 entry stub itself.
 */
#include <errno.h>
#include <string.h>

#include "lib/util.h"
#include "loader/loader-internal.h"

#define SZ_2M (2ull << 20)

int image_layout(const struct kimage_info *ki, const void *buf, size_t len,
		 struct kernel_layout *kl, struct why *why)
{
	memset(kl, 0, sizeof(*kl));
	if (ki->format != KFMT_ARM64_IMAGE && ki->format != KFMT_RISCV_IMAGE) {
		why_set(why, "a %s kernel cannot be loaded as an Image",
			kformat_name(ki->format));
		return -ENOEXEC;
	}
	if (!len || (ki->image_size && ki->image_size < len)) {
		why_set(why, "the Image header's size (%llu) is smaller than "
			"the file (%zu)", (unsigned long long)ki->image_size,
			len);
		return -ENOEXEC;
	}
	kl->n = 1;
	kl->part[0].buf = buf;
	kl->part[0].bufsz = len;
	kl->part[0].memsz = ki->image_size ? ki->image_size : len;
	kl->align = SZ_2M;	/* both: a 2 MiB aligned base + text_offset */
	kl->text_offset = ki->text_offset;
	return 0;
}

static int add_seg(struct plan *out, const char *what, const void *buf,
		   size_t bufsz, uint64_t mem, uint64_t memsz)
{
	struct plan_seg *s;

	if (out->n == LOAD_MAX_SEGMENTS)
		return -E2BIG;
	s = &out->seg[out->n++];
	s->what = what;
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = memsz;
	return 0;
}

static int place_fixed_kernel(struct mem_map *free_map,
			      const struct plan_input *in, struct plan *out,
			      struct why *why)
{
	const struct kernel_layout *kl = &in->kernel;
	uint64_t page = in->page_size, start, end;
	size_t i;
	int ret;

	for (i = 0; i < kl->n; i++) {
		const struct kernel_part *p = &kl->part[i];

		start = p->paddr;
		if (start & (page - 1) || p->memsz > UINT64_MAX - start - page) {
			why_set(why, "the kernel's segment at %#llx is not "
				"page aligned", (unsigned long long)start);
			return -EINVAL;
		}
		end = align_up(start + p->memsz, page);
		if (!mem_map_contains(free_map, start, end)) {
			why_set(why, "the kernel must be loaded at %#llx-%#llx, "
				"which is not free System RAM",
				(unsigned long long)start,
				(unsigned long long)end - 1);
			return -EADDRNOTAVAIL;
		}
		ret = mem_map_remove(free_map, start, end);
		if (!ret)
			ret = add_seg(out, "kernel", p->buf, p->bufsz, start,
				      end - start);
		if (ret)
			return ret;
	}
	out->kernel_entry = kl->entry;
	return 0;
}

static int place_kernel(struct mem_map *free_map, const struct plan_input *in,
			struct plan *out, struct why *why)
{
	const struct kernel_layout *kl = &in->kernel;
	uint64_t memsz, base;
	int ret;

	if (kl->fixed)
		return place_fixed_kernel(free_map, in, out, why);
	if (kl->n != 1 || !kl->align || (kl->align & (kl->align - 1)) ||
	    kl->text_offset & (in->page_size - 1) ||
	    kl->part[0].memsz > (1ull << 40)) {
		why_set(why, "the kernel's layout is invalid");
		return -EINVAL;
	}
	memsz = align_up(kl->part[0].memsz, in->page_size);
	ret = mem_map_alloc(free_map, kl->text_offset + memsz, kl->align,
			    kl->min, 0, &base);
	if (ret) {
		why_set(why, "no %llu MiB of free System RAM at a %llu MiB "
			"boundary%s for the kernel",
			(unsigned long long)(memsz >> 20) + 1,
			(unsigned long long)MAX(kl->align >> 20, 1),
			kl->min ? " above its preferred address" : "");
		return ret;
	}
	out->kernel_entry = base + kl->text_offset;
	return add_seg(out, "kernel", kl->part[0].buf, kl->part[0].bufsz,
		       out->kernel_entry, memsz);
}

/*
 * Lowest fit above min, or anywhere when nothing fits above min; ending
 * at or below max when max is not 0.
 */
static int place_blob(struct mem_map *free_map, const char *what,
		      const void *buf, size_t len, uint64_t align,
		      uint64_t min, uint64_t max, const struct plan_input *in,
		      struct plan *out, uint64_t *mem, struct why *why)
{
	uint64_t memsz = align_up(len, in->page_size);
	int ret;

	ret = mem_map_alloc(free_map, memsz, align, min, max, mem);
	if (ret == -EADDRNOTAVAIL && min)
		ret = mem_map_alloc(free_map, memsz, align, 0, max, mem);
	if (ret == -EADDRNOTAVAIL) {
		why_set(why, "no room in System RAM%s for the %s (%zu bytes)",
			max ? " below the kernel's limit" : "", what, len);
		return ret;
	}
	if (ret)
		return ret;
	return add_seg(out, what, buf, len, *mem, memsz);
}

static uint64_t kernel_end(const struct plan *out)
{
	uint64_t end = 0;
	size_t i;

	for (i = 0; i < out->n; i++)
		end = MAX(end, out->seg[i].mem + out->seg[i].memsz);
	return end;
}

int plan_segments(const struct mem_map *usable, const struct plan_input *in,
		  struct plan *out, struct why *why)
{
	struct mem_map free_map;
	uint64_t page = in->page_size, after, mem;
	int ret;

	memset(out, 0, sizeof(*out));
	out->stub_index = -1;
	if (page < 4096 || (page & (page - 1)) || in->kernel.n == 0 ||
	    in->kernel.n > KERNEL_PARTS_MAX || in->dtb_len > FDT_MAX_SIZE) {
		why_set(why, "invalid segment request");
		return -EINVAL;
	}
	ret = mem_map_copy(&free_map, usable);
	if (ret)
		return ret;
	if (in->floor)
		ret = mem_map_remove(&free_map, 0, in->floor);
	if (!ret && in->ceiling)
		ret = mem_map_remove(&free_map, in->ceiling, UINT64_MAX);
	if (!ret)
		ret = place_kernel(&free_map, in, out, why);
	if (ret)
		goto out;
	after = kernel_end(out);
	out->entry = out->kernel_entry;
	if (in->dtb_len) {
		/* 2 MiB aligned: a tree of up to 2 MiB in one block mapping */
		ret = place_blob(&free_map, "dtb", in->dtb, in->dtb_len,
				 MAX(page, SZ_2M), after, 0, in, out,
				 &out->dtb_mem, why);
		if (ret == -EADDRNOTAVAIL)
			ret = place_blob(&free_map, "dtb", in->dtb,
					 in->dtb_len, page, after, 0, in, out,
					 &out->dtb_mem, why);
		if (ret)
			goto out;
	}
	if (in->params_len) {
		ret = place_blob(&free_map, "boot parameters", in->params,
				 in->params_len, page, after, 0, in, out,
				 &out->params_mem, why);
		if (ret)
			goto out;
	}
	if (in->initrd_len) {
		ret = place_blob(&free_map, "initrd", in->initrd,
				 in->initrd_len, page, after, in->initrd_max,
				 in, out, &out->initrd_mem, why);
		if (ret)
			goto out;
	}
	if (in->stub_len) {
		ret = place_blob(&free_map, "entry stub", NULL, in->stub_len,
				 page, after, 0, in, out, &mem, why);
		if (ret)
			goto out;
		out->stub_index = (int)out->n - 1;
		out->entry = mem;
	}
out:
	mem_map_free(&free_map);
	if (ret == -E2BIG)
		why_set(why, "more than %d segments", LOAD_MAX_SEGMENTS);
	return ret;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/*
 * kexec on arm64 enters the image with x0 = 0 when it was loaded with
 * kexec_load(2); the kernel wants x0 = the device tree's physical address
 * and x1-x3 = 0 (booting.rst). Hand-encoded A64 instructions, so that no
 * arm64 assembler is needed on an x86 build machine:
 *
 *   0: ldr x0, 24      58 00 00 c0   (LDR literal, imm19 = 6)
 *   4: ldr x4, 32      58 00 00 e4   (imm19 = 7)
 *   8: mov x1, xzr     aa 1f 03 e1   (ORR x1, xzr, xzr)
 *  12: mov x2, xzr     aa 1f 03 e2
 *  16: mov x3, xzr     aa 1f 03 e3
 *  20: br x4           d6 1f 00 80
 *  24: .quad dtb
 *  32: .quad entry
 */
void arm64_stub_build(uint8_t *out, uint64_t dtb, uint64_t entry)
{
	static const uint32_t code[] = {
		0x580000c0, 0x580000e4, 0xaa1f03e1, 0xaa1f03e2, 0xaa1f03e3,
		0xd61f0080,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(code); i++)
		put_le32(out + 4 * i, code[i]);
	put_le64(out + 24, dtb);
	put_le64(out + 32, entry);
}
