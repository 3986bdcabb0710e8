/*
 * fuzz-elf.c: libFuzzer target for the ELF kernel reader (loader/elf.c,
 * over libelf): the probe, the PT_LOAD segments as fixed kernel parts and
 * the segment plan made of them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/plan-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kimage_info ki;
	struct kernel_layout kl;
	struct why why;
	uint8_t *buf;
	size_t i;
	int probed;

	buf = kernel_copy(data, size, &ki, &probed);
	if (!buf)
		return 0;
	if (!elf_layout(buf, size, &kl, &why)) {
		if (!kl.fixed || kl.n > KERNEL_PARTS_MAX)
			abort();
		/* every part's bytes lie inside the file */
		for (i = 0; i < kl.n; i++)
			if ((const uint8_t *)kl.part[i].buf < buf ||
			    kl.part[i].bufsz > size ||
			    (const uint8_t *)kl.part[i].buf - buf >
			    (ptrdiff_t)(size - kl.part[i].bufsz))
				abort();
		plan_try(KARCH_ARM64, &kl, 0, 0, 0, 0, ARM64_STUB_SIZE);
	}
	free(buf);
	return 0;
}
