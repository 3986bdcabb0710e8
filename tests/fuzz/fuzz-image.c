/*
 * fuzz-image.c: libFuzzer target for the arm64 and riscv Image readers
 * (and the other formats kimage_probe tells apart: EFI zboot, PE,
 * compressed kernels): the probe, the Image layout and the segment plan
 * made of it with a device tree and the arm64 entry stub.
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
	int probed;

	buf = kernel_copy(data, size, &ki, &probed);
	if (!buf)
		return 0;
	if (probed)
		goto out;
	kformat_name(ki.format);
	karch_name(ki.arch);
	kimage_cmdline_max(&ki, true);
	kimage_check_file_load(&ki, &why);
	if (!image_layout(&ki, buf, size, &kl, &why))
		plan_try(ki.arch, &kl, 0, 0, 0, 0, ARM64_STUB_SIZE);
out:
	free(buf);
	return 0;
}
