/*
 * fuzz-bzimage.c: libFuzzer target for the x86 bzImage readers: the
 * format probe, the setup header's layout for kexec_load(2), the segment
 * plan made of it and the zero page filled from it.
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
	struct x86_kernel xk;
	struct x86_e820 e820 = { .n = 1 };
	struct boot_params bp;
	struct x86_params p = {
		.cmdline_mem = 0x20000, .initrd_mem = 0x1000000,
		.initrd_len = 5000, .e820 = &e820,
	};
	struct why why;
	uint8_t *buf;
	int probed;

	buf = kernel_copy(data, size, &ki, &probed);
	if (!buf)
		return 0;
	if (!probed) {
		kimage_cmdline_max(&ki, true);
		kimage_cmdline_max(&ki, false);
		kimage_check_file_load(&ki, &why);
	}
	if (!x86_kernel_layout(buf, size, &kl, &xk, &why)) {
		plan_try(KARCH_X86_64, &kl, 1ull << 20, 1ull << 32,
			 xk.initrd_max < (1ull << 32) ? xk.initrd_max :
			 1ull << 32, sizeof(bp) + 64, x86_stub_size());
		e820.e[0].addr = 1ull << 20;
		e820.e[0].size = 1ull << 30;
		e820.e[0].type = 1;
		p.kernel = buf;
		p.kernel_len = size;
		x86_boot_params(&bp, &p, &why);
	}
	free(buf);
	return 0;
}
