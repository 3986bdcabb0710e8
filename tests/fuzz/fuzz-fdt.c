/*
 * fuzz-fdt.c: libFuzzer target for the device tree patching (loader/fdt.c
 * over libfdt): hostile base trees and overlays, and the running tree.
 *
 * The input is up to four flattened trees one after the other, each as
 * long as its header's totalsize says (the last one takes what is left,
 * as a file's end bounds a tree read from disk), each starting at the next
 * 8-byte boundary: the base, then overlays. With a fifth byte-0 flag in
 * the last input byte the base also stands for the running tree. What
 * fdt_build accepts must be a tree libfdt finds sound.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "loader/loader-internal.h"

#define FUZZ_FDT_BLOBS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t blob_len(const uint8_t *p, size_t left)
{
	uint32_t total;

	if (left < 8)
		return left;
	total = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
		(uint32_t)p[6] << 8 | p[7];
	return total && total < left ? total : left;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t seed[32] = { 1, 2, 3 };
	struct blob b[FUZZ_FDT_BLOBS];
	struct mem_map ram = { 0 };
	struct fdt_params p = {
		.bootargs = "console=ttyAMA0 root=/dev/vda2", .initrd = true,
		.ram = &ram, .rng_seed = seed, .rng_seed_len = sizeof(seed),
		.kaslr_seed = 0x1234, .kaslr = true,
	};
	uint8_t *copy;
	size_t n = 0, off = 0, len;
	struct why why;
	void *out = NULL;
	size_t out_len;

	/* libfdt wants its trees 8-byte aligned, as a read file is */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	while (n < FUZZ_FDT_BLOBS && off < size) {
		len = blob_len(copy + off, size - off);
		b[n++] = (struct blob){ copy + off, len, "fuzz.dtb" };
		off += (len + 7) & ~(size_t)7;
	}
	if (!n)
		b[n++] = (struct blob){ copy, 0, "empty.dtb" };
	if (size && data[size - 1] == 0)
		p.running = b[0];
	if (mem_map_add(&ram, 0x40000000, 0x80000000))
		goto out;
	if (!fdt_build(&b[0], b + 1, n - 1, &p, &out, &out_len, &why)) {
		if (out_len > FDT_MAX_SIZE ||
		    fdt_check_full(out, out_len) != 0 ||
		    fdt_set_initrd(out, 0x48000000, 0x49000000) != 0)
			abort();
	}
out:
	free(out);
	free(copy);
	mem_map_free(&ram);
	return 0;
}
