/*
 * plan-check.h: for the kernel image targets, place a kernel layout the
 * way the kexec_load(2) path does (plan_segments over a fixed memory map,
 * with an initrd, a device tree and a stub) and abort when the plan breaks
 * its contract: every segment page aligned, inside usable RAM, no two
 * overlapping, no more bytes than the room given.
 */
#ifndef BATON_TESTS_FUZZ_PLAN_CHECK_H
#define BATON_TESTS_FUZZ_PLAN_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/loader-internal.h"

#define PLAN_PAGE 4096u

/*
 * The input copied into memory of its own (as the loader reads a kernel)
 * and probed by its first bytes: *probed gets kimage_probe's result.
 * NULL when out of memory.
 */
static inline uint8_t *kernel_copy(const uint8_t *data, size_t size,
				   struct kimage_info *ki, int *probed)
{
	uint8_t *buf = malloc(size ? size : 1);
	struct why why;

	if (!buf)
		return NULL;
	memcpy(buf, data, size);
	*probed = kimage_probe(buf, size < KIMAGE_HEAD_MAX ? size :
			       KIMAGE_HEAD_MAX, size, ki, &why);
	return buf;
}

static inline void plan_check(const struct plan *p,
			      const struct mem_map *usable)
{
	size_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct plan_seg *s = &p->seg[i];

		if (s->mem % PLAN_PAGE || s->memsz % PLAN_PAGE ||
		    s->bufsz > s->memsz ||
		    !mem_map_contains(usable, s->mem, s->mem + s->memsz))
			abort();
		for (j = 0; j < i; j++)
			if (s->mem < p->seg[j].mem + p->seg[j].memsz &&
			    p->seg[j].mem < s->mem + s->memsz)
				abort();
	}
}

/*
 * Plan kl for arch between floor and ceiling (0: none), the initrd
 * ending at or below initrd_max (0: anywhere); params_len bytes of boot
 * parameters (x86), or a device tree (the others).
 */
static inline void plan_try(enum karch arch, const struct kernel_layout *kl,
			    uint64_t floor, uint64_t ceiling,
			    uint64_t initrd_max, size_t params_len,
			    size_t stub_len)
{
	static const uint8_t blob[8192];
	struct mem_map usable = { 0 };
	struct plan_input in = {
		.arch = arch, .kernel = *kl,
		.initrd = blob, .initrd_len = 5000,
		.params = params_len ? blob : NULL, .params_len = params_len,
		.dtb = params_len ? NULL : blob,
		.dtb_len = params_len ? 0 : sizeof(blob),
		.stub_len = stub_len, .initrd_max = initrd_max,
		.floor = floor, .ceiling = ceiling, .page_size = PLAN_PAGE,
	};
	struct plan plan;
	struct why why;

	/* 1 MiB to 3 GiB, and 4 GiB to 16 GiB, like a PC's RAM */
	if (!mem_map_add(&usable, 1ull << 20, 3ull << 30) &&
	    !mem_map_add(&usable, 4ull << 30, 16ull << 30) &&
	    !plan_segments(&usable, &in, &plan, &why))
		plan_check(&plan, &usable);
	mem_map_free(&usable);
}

#endif
