/*
 * test-plan.c: kexec_load(2) segment placement against real /proc/iomem
 * layouts, and the arm64 entry stub.
 */
#include <stdlib.h>
#include <string.h>

#include "loader/loader-internal.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define PAGE 4096u
#define MB (1ull << 20)

static void usable_of(const char *fixture, struct mem_map *m)
{
	struct iomem io;
	struct why why;
	size_t len = 0;
	char *text = fixture_read(fixture, &len);

	memset(m, 0, sizeof(*m));
	CHECK(text != NULL);
	if (!text)
		return;
	CHECK_INT(iomem_parse(text, len, &io, &why), 0);
	CHECK_INT(iomem_usable(&io, m), 0);
	iomem_free(&io);
	free(text);
}

/* What every plan must satisfy, whatever the layout. */
static void check_plan(const struct plan *p, const struct mem_map *usable,
		       uint64_t page)
{
	size_t i, j;

	CHECK(p->n > 0 && p->n <= LOAD_MAX_SEGMENTS);
	for (i = 0; i < p->n; i++) {
		const struct plan_seg *s = &p->seg[i];

		CHECK(s->mem % page == 0);
		CHECK(s->memsz % page == 0 && s->memsz > 0);
		CHECK(s->bufsz <= s->memsz);
		if (!mem_map_contains(usable, s->mem, s->mem + s->memsz)) {
			printf("#   %s %#llx+%#llx is not usable RAM\n",
			       s->what, (unsigned long long)s->mem,
			       (unsigned long long)s->memsz);
			CHECK(0);
		}
		for (j = 0; j < i; j++)
			CHECK(s->mem + s->memsz <= p->seg[j].mem ||
			      p->seg[j].mem + p->seg[j].memsz <= s->mem);
	}
}

static void arm64_input(struct plan_input *in, uint64_t image_size,
			size_t initrd, size_t dtb)
{
	memset(in, 0, sizeof(*in));
	in->arch = KARCH_ARM64;
	in->kernel.n = 1;
	in->kernel.part[0].bufsz = image_size - 1 * MB;
	in->kernel.part[0].memsz = image_size;
	in->kernel.align = 2 * MB;
	in->initrd_len = initrd;
	in->dtb_len = dtb;
	in->stub_len = ARM64_STUB_SIZE;
	in->page_size = PAGE;
}

static const struct plan_seg *find(const struct plan *p, const char *what)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->seg[i].what, what))
			return &p->seg[i];
	return NULL;
}

static void test_arm64_rpi4_skips_reserved_holes(void)
{
	struct mem_map usable;
	struct plan_input in;
	struct plan p;
	struct why why;

	usable_of("iomem-arm64-rpi4.txt", &usable);
	arm64_input(&in, 40 * MB, 30 * MB, 70000);
	CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
	check_plan(&p, &usable, PAGE);
	/* the first 2 MiB boundary with 40 MiB free: above 0x3c2c000 */
	CHECK_INT(find(&p, "kernel")->mem, 0x3e00000);
	CHECK_INT(p.kernel_entry, 0x3e00000);
	CHECK_INT(p.n, 4);
	CHECK(p.dtb_mem / (2 * MB) == (p.dtb_mem + 70000 - 1) / (2 * MB));
	CHECK(p.initrd_mem >= 0x3e00000 + 40 * MB);
	CHECK(p.stub_index >= 0);
	CHECK_INT(p.entry, p.seg[p.stub_index].mem);
	mem_map_free(&usable);
}

static void test_arm64_kvm_uefi(void)
{
	struct mem_map usable;
	struct plan_input in;
	struct plan p;
	struct why why;

	usable_of("iomem-arm64-kvm-uefi.txt", &usable);
	arm64_input(&in, 48 * MB, 64 * MB, 1 << 20);
	CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
	check_plan(&p, &usable, PAGE);
	CHECK_INT(find(&p, "kernel")->mem, 0x40000000);
	mem_map_free(&usable);
}

static void test_text_offset_kept(void)
{
	struct mem_map usable;
	struct plan_input in;
	struct plan p;
	struct why why;

	usable_of("iomem-arm64-kvm-uefi.txt", &usable);
	arm64_input(&in, 20 * MB, 0, 4096);
	in.kernel.text_offset = 0x80000;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
	check_plan(&p, &usable, PAGE);
	CHECK_INT(p.kernel_entry % (2 * MB), 0x80000);
	CHECK(find(&p, "initrd") == NULL);
	mem_map_free(&usable);
}

static void test_64k_pages(void)
{
	struct mem_map usable;
	struct plan_input in;
	struct plan p;
	struct why why;

	usable_of("iomem-arm64-kvm-uefi.txt", &usable);
	arm64_input(&in, 30 * MB, 12345, 777);
	in.page_size = 65536;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
	check_plan(&p, &usable, 65536);
	mem_map_free(&usable);
}

static void test_x86_64_layouts(void)
{
	static const char *const fixtures[] = {
		"iomem-x86_64-vm.txt", "iomem-x86_64-crashkernel.txt",
	};
	struct plan_input in;
	struct mem_map usable;
	struct plan p;
	struct why why;
	size_t i;

	for (i = 0; i < 2; i++) {
		usable_of(fixtures[i], &usable);
		arm64_input(&in, 64 * MB, 200 * MB, 0);
		in.stub_len = 0;
		CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
		check_plan(&p, &usable, PAGE);
		CHECK_INT(p.entry, p.kernel_entry);
		mem_map_free(&usable);
	}
}

static void test_crash_kernel_never_used(void)
{
	struct mem_map usable;
	struct plan_input in;
	struct plan p;
	struct why why;
	size_t i;

	usable_of("iomem-x86_64-crashkernel.txt", &usable);
	/* big enough to end near the reservation at 0x53000000 */
	arm64_input(&in, 1200 * MB, 300 * MB, 4096);
	CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
	check_plan(&p, &usable, PAGE);
	for (i = 0; i < p.n; i++)
		CHECK(p.seg[i].mem + p.seg[i].memsz <= 0x53000000 ||
		      p.seg[i].mem >= 0x5b000000);
	mem_map_free(&usable);
}

static void test_too_big_says_which(void)
{
	struct mem_map usable;
	struct plan_input in;
	struct plan p;
	struct why why;

	usable_of("iomem-arm64-rpi4.txt", &usable);
	arm64_input(&in, 3500 * MB, 0, 4096);
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EADDRNOTAVAIL);
	CHECK(strstr(why.s, "kernel") != NULL);
	arm64_input(&in, 40 * MB, 3000 * MB, 4096);
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EADDRNOTAVAIL);
	CHECK(strstr(why.s, "initrd") != NULL);
	mem_map_free(&usable);
}

static void test_fixed_elf_parts(void)
{
	struct mem_map usable;
	struct plan_input in = { .arch = KARCH_ARM64, .page_size = PAGE };
	struct plan p;
	struct why why;

	usable_of("iomem-arm64-kvm-uefi.txt", &usable);
	in.kernel.fixed = true;
	in.kernel.n = 2;
	in.kernel.part[0] = (struct kernel_part){ NULL, 5000, 8192, 0x40200000 };
	in.kernel.part[1] = (struct kernel_part){ NULL, 100, 70000, 0x40400000 };
	in.kernel.entry = 0x40200000;
	in.dtb_len = 4096;
	in.stub_len = ARM64_STUB_SIZE;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), 0);
	check_plan(&p, &usable, PAGE);
	CHECK_INT(p.seg[0].mem, 0x40200000);
	CHECK_INT(p.seg[1].mem, 0x40400000);
	CHECK_INT(p.seg[1].memsz, 73728);
	CHECK_INT(p.kernel_entry, 0x40200000);
	/* a fixed part in a reserved hole */
	in.kernel.part[1].paddr = 0xf85e0000;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EADDRNOTAVAIL);
	CHECK(strstr(why.s, "0xf85e0000") != NULL);
	/* not page aligned */
	in.kernel.part[1].paddr = 0x40400010;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EINVAL);
	mem_map_free(&usable);
}

static void test_invalid_input(void)
{
	struct mem_map usable = { 0 };
	struct plan_input in;
	struct plan p;
	struct why why;

	mem_map_add(&usable, 0x40000000, 0x80000000);
	arm64_input(&in, 10 * MB, 0, 0);
	in.page_size = 1000;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EINVAL);
	arm64_input(&in, 10 * MB, 0, 3 * MB);	/* DTB over 2 MiB */
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EINVAL);
	arm64_input(&in, 10 * MB, 0, 0);
	in.kernel.align = 3 * MB;
	CHECK_INT(plan_segments(&usable, &in, &p, &why), -EINVAL);
	mem_map_free(&usable);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Decode the stub's instructions by their A64 encodings. */
static void test_arm64_stub(void)
{
	uint8_t s[ARM64_STUB_SIZE];
	uint32_t ldr0, ldr4;

	arm64_stub_build(s, 0x48000000, 0x40200000);
	ldr0 = rd32(s);
	ldr4 = rd32(s + 4);
	/* LDR (literal, 64-bit): 0x58000000 | imm19 << 5 | Rt */
	CHECK_INT(ldr0 & 0xff000000, 0x58000000);
	CHECK_INT(ldr0 & 0x1f, 0);			/* x0 */
	CHECK_INT(((ldr0 >> 5) & 0x7ffff) * 4 + 0, 24);	/* -> dtb */
	CHECK_INT(ldr4 & 0x1f, 4);			/* x4 */
	CHECK_INT(((ldr4 >> 5) & 0x7ffff) * 4 + 4, 32);	/* -> entry */
	/* ORR xN, xzr, xzr for x1, x2, x3 */
	CHECK_INT(rd32(s + 8), 0xaa1f03e1);
	CHECK_INT(rd32(s + 12), 0xaa1f03e2);
	CHECK_INT(rd32(s + 16), 0xaa1f03e3);
	/* BR x4: 0xd61f0000 | Rn << 5 */
	CHECK_INT(rd32(s + 20), 0xd61f0000 | 4 << 5);
	CHECK_INT(rd64(s + 24), 0x48000000);
	CHECK_INT(rd64(s + 32), 0x40200000);
}

/* With binutils for aarch64 installed, let objdump read the stub too. */
static void test_arm64_stub_disassembles(void)
{
	uint8_t s[ARM64_STUB_SIZE];
	char path[64], cmd[256], out[2048];
	size_t n;
	FILE *p;
	int fd;

	if (system("command -v aarch64-linux-gnu-objdump >/dev/null 2>&1")) {
		printf("# skipped: no aarch64-linux-gnu-objdump\n");
		return;
	}
	arm64_stub_build(s, 0x48000000, 0x40200000);
	fd = tmpfile_with(s, 24, path);
	CHECK(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "aarch64-linux-gnu-objdump -D -b binary "
		 "-m aarch64 %s", path);
	p = popen(cmd, "r");
	n = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
	out[n] = '\0';
	if (p)
		pclose(p);
	unlink(path);
	CHECK(strstr(out, "ldr\tx0, 0x18") != NULL);
	CHECK(strstr(out, "ldr\tx4, 0x20") != NULL);
	CHECK(strstr(out, "mov\tx1, xzr") != NULL);
	CHECK(strstr(out, "mov\tx3, xzr") != NULL);
	CHECK(strstr(out, "br\tx4") != NULL);
}

static void test_image_layout(void)
{
	struct kimage_info ki = { .format = KFMT_ARM64_IMAGE,
				  .image_size = 0x300000,
				  .text_offset = 0 };
	struct kernel_layout kl;
	struct why why;
	uint8_t buf[16] = { 0 };

	CHECK_INT(image_layout(&ki, buf, 0x200000, &kl, &why), 0);
	CHECK_INT(kl.part[0].memsz, 0x300000);
	CHECK_INT(kl.part[0].bufsz, 0x200000);
	CHECK_INT(kl.align, 2 * MB);
	CHECK_INT(image_layout(&ki, buf, 0x400000, &kl, &why), -ENOEXEC);
	ki.format = KFMT_BZIMAGE;
	CHECK_INT(image_layout(&ki, buf, 100, &kl, &why), -ENOEXEC);
}

static const struct test_case cases[] = {
	TEST(test_arm64_rpi4_skips_reserved_holes),
	TEST(test_arm64_kvm_uefi),
	TEST(test_text_offset_kept),
	TEST(test_64k_pages),
	TEST(test_x86_64_layouts),
	TEST(test_crash_kernel_never_used),
	TEST(test_too_big_says_which),
	TEST(test_fixed_elf_parts),
	TEST(test_invalid_input),
	TEST(test_arm64_stub),
	TEST(test_arm64_stub_disassembles),
	TEST(test_image_layout),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
