/*
 * test-x86.c: the x86 64-bit boot protocol for kexec_load(2): bzImage
 * layouts (and the headers that must be refused), the e820 map from a
 * firmware memmap folder or /proc/iomem, the zero page, the entry stub
 * and a whole dry-run load placed against a real /proc/iomem.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/util.h"
#include "loader/load-internal.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#ifdef CONFIG_ARCH_X86_64

#define MB (1ull << 20)
#define GB (1ull << 30)
#define INIT_SIZE (40 * MB)

/* A bzImage as Debian builds them: relocatable, 16 MiB aligned. */
static uint8_t *bz_debian(void)
{
	uint8_t *b = make_bzimage();

	b[0x201] = 0x6a;			/* jump: header ends at 0x26c */
	put32(b + 0x202, 0x53726448);		/* "HdrS" */
	put32(b + 0x22c, 0x7fffffff);		/* initrd_addr_max */
	put32(b + 0x230, 16 * MB);		/* kernel_alignment */
	b[0x234] = 1;				/* relocatable_kernel */
	put64(b + 0x258, 16 * MB);		/* pref_address */
	put32(b + 0x260, INIT_SIZE);		/* init_size */
	return b;
}

static void test_layout_debian(void)
{
	uint8_t *b = bz_debian();
	struct kernel_layout kl;
	struct x86_kernel xk;
	struct why why;

	CHECK_INT(x86_kernel_layout(b, BZ_SIZE, &kl, &xk, &why), 0);
	CHECK_INT(kl.n, 1);
	CHECK(!kl.fixed);
	CHECK(kl.part[0].buf == b + 5 * 512);	/* setup_sects 4, + 1 */
	CHECK_INT(kl.part[0].bufsz, BZ_SIZE - 5 * 512);
	CHECK_INT(kl.part[0].memsz, INIT_SIZE);
	CHECK_INT(kl.align, 16 * MB);
	CHECK_INT(kl.min, 16 * MB);
	CHECK_INT(xk.initrd_max, 0x80000000ull);
	CHECK_INT(xk.cmdline_size, 2047);
	CHECK(xk.relocatable);
	free(b);
}

static void test_layout_not_relocatable(void)
{
	uint8_t *b = bz_debian();
	struct kernel_layout kl;
	struct x86_kernel xk;
	struct why why;

	b[0x234] = 0;
	CHECK_INT(x86_kernel_layout(b, BZ_SIZE, &kl, &xk, &why), 0);
	CHECK(kl.fixed);
	CHECK_INT(kl.part[0].paddr, 16 * MB);
	CHECK_INT(kl.entry, 16 * MB);
	put64(b + 0x258, 16 * MB + 12);
	CHECK_INT(x86_kernel_layout(b, BZ_SIZE, &kl, &xk, &why), -ENOEXEC);
	CHECK(strstr(why.s, "not page aligned") != NULL);
	free(b);
}

/* Each header a 64-bit entry cannot come from, and what is said. */
static void test_layout_refused(void)
{
	static const struct {
		size_t off, width;
		uint64_t value;
		const char *why;
	} cases[] = {
		{ 0x206, 2, 0x020b, "boot protocol 2.11" },
		{ 0x211, 1, 0, "old zImage" },
		{ 0x236, 2, 0x0002, "32-bit x86 kernel" },
		{ 0x260, 4, 0, "asks for 0 bytes" },
		{ 0x260, 4, 0xffffffff, "asks for 4294967295 bytes" },
		{ 0x230, 4, 0, "not a power of two" },
		{ 0x230, 4, 0x3000, "not a power of two" },
		{ 0x230, 4, 0x80000000, "not a power of two" },
		{ 0x202, 4, 0x4a4b4c4d, "no \"HdrS\"" },
		{ 0x1fe, 2, 0, "no \"HdrS\"" },
		{ 0x1f1, 1, 40, "setup code alone is 20992" },
	};
	struct kernel_layout kl;
	struct x86_kernel xk;
	struct why why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t *b = bz_debian();
		int ret;

		if (cases[i].width == 1)
			b[cases[i].off] = (uint8_t)cases[i].value;
		else if (cases[i].width == 2)
			put16(b + cases[i].off, (uint16_t)cases[i].value);
		else
			put32(b + cases[i].off, (uint32_t)cases[i].value);
		why.s[0] = '\0';
		ret = x86_kernel_layout(b, BZ_SIZE, &kl, &xk, &why);
		if (ret != -ENOEXEC || !strstr(why.s, cases[i].why)) {
			printf("#   case %zu: %d \"%s\", want \"%s\"\n", i, ret,
			       why.s, cases[i].why);
			CHECK(0);
		}
		free(b);
	}
}

static void test_layout_truncated(void)
{
	uint8_t *b = bz_debian();
	struct kernel_layout kl;
	struct x86_kernel xk;
	struct why why;
	size_t len;

	/* every length up to the header and past the setup code */
	for (len = 0; len < 5 * 512 + 0x201; len += 7)
		CHECK_INT(x86_kernel_layout(b, len, &kl, &xk, &why), -ENOEXEC);
	CHECK_INT(x86_kernel_layout(b, 5 * 512 + 0x201, &kl, &xk, &why), 0);
	free(b);
}

/* ---- e820 ----------------------------------------------------------- */

static void memmap_add(const char *fw, int n, uint64_t start, uint64_t end,
		       const char *type)
{
	char dir[300], buf[64];

	snprintf(dir, sizeof(dir), "%s/memmap/%d", fw, n);
	mkdir(dir, 0755);
	snprintf(buf, sizeof(buf), "0x%llx\n", (unsigned long long)start);
	test_write_file(dir, "start", buf);
	snprintf(buf, sizeof(buf), "0x%llx\n", (unsigned long long)end);
	test_write_file(dir, "end", buf);
	test_write_file(dir, "type", type);
}

/* A fake /sys/firmware: QEMU's SeaBIOS map, listed out of order. */
static char *firmware_qemu(bool efi)
{
	char tmpl[] = "/tmp/baton-x86-fw-XXXXXX", dir[256];
	char *fw = strdup(mkdtemp(tmpl));

	snprintf(dir, sizeof(dir), "%s/memmap", fw);
	mkdir(dir, 0755);
	memmap_add(fw, 3, 0x100000, 0x7ffdffff, "System RAM\n");
	memmap_add(fw, 0, 0, 0x9fbff, "System RAM\n");
	memmap_add(fw, 1, 0x9fc00, 0x9ffff, "Reserved\n");
	memmap_add(fw, 2, 0xf0000, 0xfffff, "Reserved\n");
	memmap_add(fw, 4, 0x7ffe0000, 0x7fffffff, "Reserved\n");
	memmap_add(fw, 5, 0xfeffc000, 0xfeffffff, "Reserved\n");
	memmap_add(fw, 6, 0xfffc0000, 0xffffffff, "Something New\n");
	memmap_add(fw, 7, 0x100000000, 0x17fffffff, "System RAM\n");
	if (efi) {
		snprintf(dir, sizeof(dir), "%s/efi", fw);
		mkdir(dir, 0755);
		test_write_file(dir, "systab", "SMBIOS3=0x7f8e1000\n"
			   "ACPI=0x7f9fd000\nACPI20=0x7f9fd014\n");
	}
	return fw;
}

static void firmware_free(char *fw)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fw);
	if (system(cmd))
		printf("# cannot remove %s\n", fw);
	free(fw);
}

/* firmware/memmap is there: /proc/iomem is not looked at */
static const struct iomem no_iomem;

static void test_e820_memmap(void)
{
	char *fw = firmware_qemu(false);
	struct x86_e820 m;
	struct why why;

	CHECK_INT(x86_e820_read(fw, &no_iomem, &m, &why), 0);
	CHECK_INT(m.n, 8);	/* 0x9fc00 and 0xf0000 stay apart: a hole */
	CHECK_INT(m.e[0].addr, 0);
	CHECK_INT(m.e[0].size, 0x9fc00);
	CHECK_INT(m.e[0].type, 1);
	CHECK_INT(m.e[1].addr, 0x9fc00);
	CHECK_INT(m.e[1].type, 2);
	CHECK_INT(m.e[3].addr, 0x100000);
	CHECK_INT(m.e[3].size, 0x7ffe0000 - 0x100000);
	CHECK_INT(m.e[5].addr, 0xfeffc000);
	CHECK_INT(m.e[5].size, 0x4000);
	CHECK_INT(m.e[6].type, 2);		/* unknown names: reserved */
	CHECK_INT(m.e[6].addr, 0xfffc0000);
	CHECK_INT(m.e[7].addr, 0x100000000ull);
	CHECK_INT(m.e[7].size, 2 * GB);
	CHECK_INT(m.e[7].type, 1);
	firmware_free(fw);
}

static void test_e820_from_iomem(void)
{
	struct x86_e820 m;
	struct why why;
	struct iomem io;

	CHECK_INT(iomem_read(FIXTURES "iomem-x86_64-vm.txt", &io, &why), 0);
	CHECK_INT(x86_e820_read("/nonexistent", &io, &m, &why), 0);
	iomem_free(&io);
	/* top level only: reserved, RAM, reserved, RAM, reserved, RAM */
	CHECK_INT(m.n, 6);
	CHECK_INT(m.e[1].addr, 0x1000);
	CHECK_INT(m.e[1].type, 1);
	CHECK_INT(m.e[3].addr, 0x100000);
	CHECK_INT(m.e[3].size, 0xc0000000ull - 0x100000);
	CHECK_INT(m.e[4].addr, 0xeec00000);	/* not the PCI window */
	CHECK_INT(m.e[5].addr, 0x100000000ull);
	CHECK_INT(m.e[5].type, 1);
}

static void test_e820_too_many(void)
{
	char *fw = firmware_qemu(false);
	struct x86_e820 m;
	struct why why;
	int i;

	for (i = 0; i < 130; i++)
		memmap_add(fw, 10 + i, 0x200000000ull + 0x20000ull * i,
			   0x200000000ull + 0x20000ull * i + 0xfff,
			   i & 1 ? "Reserved\n" : "System RAM\n");
	CHECK_INT(x86_e820_read(fw, &no_iomem, &m, &why), -E2BIG);
	CHECK(strstr(why.s, "at most 128") != NULL);
	firmware_free(fw);
}

static void test_e820_corrupt(void)
{
	char *fw = firmware_qemu(false);
	char dir[300];
	struct x86_e820 m;
	struct why why;

	snprintf(dir, sizeof(dir), "%s/memmap/3", fw);
	test_write_file(dir, "end", "banana\n");
	CHECK_INT(x86_e820_read(fw, &no_iomem, &m, &why), -EINVAL);
	CHECK(strstr(why.s, "memmap") != NULL);
	firmware_free(fw);
}

/* ---- the zero page -------------------------------------------------- */

static void test_boot_params(void)
{
	char *fw = firmware_qemu(true);
	uint8_t *b = bz_debian();
	struct boot_params *bp = malloc(sizeof(*bp));
	struct screen_info si;
	struct x86_e820 m;
	struct why why;
	struct x86_params p = {
		.kernel = b, .kernel_len = BZ_SIZE,
		.cmdline_mem = 0x5000ull << 20 | 0x1000,
		.initrd_mem = 0x7000000, .initrd_len = 5 * GB,
		.e820 = &m, .screen = &si,
	};

	CHECK_INT(x86_e820_read(fw, &no_iomem, &m, &why), 0);
	p.acpi_rsdp = x86_acpi_rsdp(fw);
	CHECK_INT(p.acpi_rsdp, 0x7f9fd014);
	x86_screen_info(&si, "/nonexistent", false);
	b[0x26c] = 0x5a;	/* past the header: not copied */
	CHECK_INT(x86_boot_params(bp, &p, &why), 0);
	CHECK_INT(bp->hdr.version, 0x020f);
	CHECK_INT(bp->hdr.header, 0x53726448);
	CHECK_INT(bp->hdr.init_size, INIT_SIZE);
	CHECK_INT(bp->hdr.type_of_loader, 0xff);
	CHECK_INT(bp->hdr.cmd_line_ptr, 0x1000);
	CHECK_INT(bp->ext_cmd_line_ptr, 0x5000 >> 12);
	CHECK_INT(bp->hdr.ramdisk_image, 0x7000000);
	CHECK_INT(bp->ext_ramdisk_image, 0);
	CHECK_INT(bp->hdr.ramdisk_size, GB);
	CHECK_INT(bp->ext_ramdisk_size, 1);
	CHECK_INT(bp->hdr.setup_data, 0);
	CHECK_INT(((uint8_t *)bp)[0x26c], 0);
	CHECK_INT(bp->acpi_rsdp_addr, 0x7f9fd014);
	CHECK_INT(bp->e820_entries, m.n);
	CHECK(!memcmp(bp->e820_table, m.e, m.n * sizeof(m.e[0])));
	CHECK_INT(bp->alt_mem_k, (0x7ffe0000 - 0x100000) >> 10);
	CHECK_INT(bp->screen_info.ext_mem_k, 0xfc00);
	CHECK_INT(bp->screen_info.orig_video_isVGA, 1);
	CHECK_INT(bp->screen_info.orig_video_cols, 80);
	CHECK_INT(bp->sentinel, 0);
	CHECK_INT(x86_acpi_rsdp("/nonexistent"), 0);
	free(bp);
	free(b);
	firmware_free(fw);
}

static void test_boot_params_no_initrd(void)
{
	uint8_t *b = bz_debian();
	struct boot_params *bp = malloc(sizeof(*bp));
	struct x86_e820 m = { .n = 1, .e = { { 0, 640 << 10, 1 } } };
	struct why why;
	struct x86_params p = {
		.kernel = b, .kernel_len = BZ_SIZE, .cmdline_mem = 0x2000,
		.e820 = &m,
	};

	CHECK_INT(x86_boot_params(bp, &p, &why), 0);
	CHECK_INT(bp->hdr.ramdisk_image, 0);
	CHECK_INT(bp->hdr.ramdisk_size, 0);
	CHECK_INT(bp->alt_mem_k, 0);
	CHECK_INT(bp->screen_info.orig_video_isVGA, 0);
	CHECK_INT(bp->e820_entries, 1);
	free(bp);
	free(b);
}

/* ---- the stub ------------------------------------------------------- */

static void test_stub(void)
{
	size_t n = x86_stub_size(), i, found = 0;
	uint64_t params = 0x123456789000ull, kernel = 0x1000000, v;
	uint8_t out[4096];

	CHECK(n > 16 && n <= 1024);	/* the rest of its page: stack */
	memset(out, 0xcc, sizeof(out));
	x86_stub_build(out, params, kernel);
	CHECK_INT(out[0], 0xfa);	/* cli */
	CHECK_INT(out[1], 0xfc);	/* cld */
	CHECK_INT(out[n], 0xcc);	/* nothing past its end */
	for (i = 0; i + 8 <= n; i++) {
		memcpy(&v, out + i, 8);
		if (v == params)
			found |= 1;
		if (v == kernel + 0x200)	/* startup_64 */
			found |= 2;
	}
	CHECK_INT(found, 3);
}

/* ---- a whole load --------------------------------------------------- */

static void test_dry_run_load(void)
{
	char *fw = firmware_qemu(false);
	uint8_t *b = bz_debian();
	const struct load_segment *k, *p, *i, *s;
	struct load_file initrd = { .name = "sda2:/initrd.img" };
	struct load_request req = {
		.kernel = { .name = "sda2:/vmlinuz" },
		.initrds = &initrd, .n_initrds = 1, .dtb = { .fd = -1 },
		.cmdline = "console=ttyS0 root=/dev/vda2",
		.flags = LOAD_DRY_RUN | LOAD_SEGMENTS, .machine = "x86_64",
		.iomem_path = FIXTURES "iomem-x86_64-vm.txt",
		.firmware_path = fw,
	};
	char data[3000];
	struct load_result res;
	size_t n;

	memset(data, 'i', sizeof(data));
	req.kernel.fd = fd_with(b, BZ_SIZE);
	initrd.fd = fd_with(data, sizeof(data));
	CHECK_INT(loader_load(&req, &res), 0);
	CHECK_INT(res.method, LOAD_METHOD_SEGMENTS);
	CHECK(res.dtb == NULL);
	CHECK(strstr(res.message, "with kexec_load") != NULL);
	k = seg(&res, "kernel");
	p = seg(&res, "boot parameters");
	i = seg(&res, "initrd");
	s = seg(&res, "entry stub");
	CHECK(k && p && i && s);
	CHECK_INT(res.n_segments, 4);
	if (k && p && i && s) {
		CHECK_INT(k->mem % (16 * MB), 0);
		CHECK(k->mem >= 16 * MB);
		CHECK_INT(k->memsz, INIT_SIZE);
		CHECK_INT(k->bufsz, BZ_SIZE - 5 * 512);
		CHECK_INT(p->bufsz, 4096 + strlen(req.cmdline) + 1);
		CHECK_INT(i->bufsz, sizeof(data));
		CHECK(i->mem + i->memsz <= 0x80000000ull);
		CHECK_INT(res.entry, s->mem);
		for (n = 0; n < res.n_segments; n++) {
			CHECK(res.segments[n].mem >= MB);
			CHECK(res.segments[n].mem + res.segments[n].memsz <=
			      4 * GB);
		}
	}
	load_result_clear(&res);
	close(req.kernel.fd);
	close(initrd.fd);
	free(b);
	firmware_free(fw);
}

/* No room at the kernel's alignment below 4 GiB: said, not guessed. */
static void test_dry_run_no_room(void)
{
	char *fw = firmware_qemu(false);
	uint8_t *b = bz_debian();
	char iomem[300];
	struct load_request req = {
		.kernel = { .name = "sda2:/vmlinuz" }, .dtb = { .fd = -1 },
		.flags = LOAD_DRY_RUN | LOAD_SEGMENTS, .machine = "x86_64",
		.iomem_path = iomem, .firmware_path = fw,
	};
	struct load_result res;

	/* 48 MiB of RAM: no 40 MiB at a 16 MiB boundary above 16 MiB */
	test_write_file(fw, "iomem", "00001000-0009fbff : System RAM\n"
		   "00100000-02ffffff : System RAM\n"
		   "  01000000-0220bb07 : Kernel code\n");
	snprintf(iomem, sizeof(iomem), "%s/iomem", fw);
	req.kernel.fd = fd_with(b, BZ_SIZE);
	CHECK_INT(loader_load(&req, &res), -EADDRNOTAVAIL);
	CHECK_INT(res.stage, LOAD_STAGE_MEMORY);
	CHECK(strstr(res.message, "for the kernel") != NULL);
	printf("# %s\n", res.message);
	load_result_clear(&res);
	close(req.kernel.fd);
	free(b);
	firmware_free(fw);
}

static const struct test_case cases[] = {
	TEST(test_layout_debian),
	TEST(test_layout_not_relocatable),
	TEST(test_layout_refused),
	TEST(test_layout_truncated),
	TEST(test_e820_memmap),
	TEST(test_e820_from_iomem),
	TEST(test_e820_too_many),
	TEST(test_e820_corrupt),
	TEST(test_boot_params),
	TEST(test_boot_params_no_initrd),
	TEST(test_stub),
	TEST(test_dry_run_load),
	TEST(test_dry_run_no_room),
	{ 0 }
};
#else
static void test_not_x86_64(void)
{
	printf("# not an x86_64 build: the x86 boot protocol is not built\n");
}

static const struct test_case cases[] = {
	TEST(test_not_x86_64),
	{ 0 }
};
#endif

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
