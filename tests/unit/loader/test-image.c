/* test-image.c: kernel header readers, on good, truncated and hostile input. */
#include <stdlib.h>
#include <string.h>

#include "loader/loader-internal.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static int probe(const uint8_t *buf, size_t len, struct kimage_info *ki,
		 struct why *why)
{
	return kimage_probe(buf, len, len, ki, why);
}

static void test_bzimage_64(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_BZIMAGE);
	CHECK_INT(ki.arch, KARCH_X86_64);
	CHECK_INT(ki.boot_version, 0x020f);
	CHECK_INT(ki.cmdline_size, 2047);
	CHECK_INT(kimage_check_file_load(&ki, &why), 0);
	free(b);
}

static void test_bzimage_32bit_is_i386(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	put16(b + 0x236, 0x0000);
	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), 0);
	CHECK_INT(ki.arch, KARCH_I386);
	CHECK_STR(karch_name(ki.arch), "i386");
	free(b);
}

static void test_bzimage_old_protocol_refused_for_file_load(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	put16(b + 0x206, 0x020a);
	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), 0);
	CHECK_INT(kimage_check_file_load(&ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "protocol 2.10") != NULL);
	put16(b + 0x206, 0x020f);
	put16(b + 0x236, 0x0001);	/* not loadable above 4G */
	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), 0);
	CHECK_INT(kimage_check_file_load(&ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "4 GiB") != NULL);
	free(b);
}

static void test_bzimage_truncated(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	/* header present, but the file ends inside the setup code */
	CHECK_INT(kimage_probe(b, 0x400, 0x900, &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "truncated bzImage") != NULL);
	/* the header itself cut off */
	CHECK_INT(probe(b, 0x210, &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "truncated") != NULL);
	free(b);
}

/* syssize says how long the kernel is: a file cut inside it is refused */
static void test_bzimage_payload_truncated(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	put32(b + 0x1f4, (BZ_SIZE - 5 * 512) / 16);	/* syssize */
	CHECK_INT(kimage_probe(b, 0x800, BZ_SIZE, &ki, &why), 0);
	CHECK_INT(kimage_probe(b, 0x800, BZ_SIZE + 512, &ki, &why), 0);
	CHECK_INT(kimage_probe(b, 0x800, BZ_SIZE - 1, &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "truncated bzImage") != NULL);
	free(b);
}

static void test_bzimage_without_boot_flag(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	put16(b + 0x1fe, 0);
	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "boot sector") != NULL);
	free(b);
}

static void test_cmdline_limits(void)
{
	uint8_t *b = make_bzimage();
	struct kimage_info ki;
	struct why why;

	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), 0);
	/* cmdline_size 2047 excludes the NUL; kexec keeps 30 bytes */
	CHECK_INT(kimage_cmdline_max(&ki, false), 2048);
	CHECK_INT(kimage_cmdline_max(&ki, true), 2017);
	put16(b + 0x206, 0x0205);	/* before 2.06: 255 */
	CHECK_INT(probe(b, BZ_SIZE, &ki, &why), 0);
	CHECK_INT(kimage_cmdline_max(&ki, false), 256);
	free(b);
	b = make_image(0, IMAGE_SIZE);
	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), 0);
	CHECK_INT(kimage_cmdline_max(&ki, true), 2048);
	free(b);
	b = make_image(1, IMAGE_SIZE);
	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), 0);
	CHECK_INT(kimage_cmdline_max(&ki, false), 1024);
	free(b);
}

static void test_arm64_image(void)
{
	uint8_t *b = make_image(0, 0x100000);
	struct kimage_info ki;
	struct why why;

	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_ARM64_IMAGE);
	CHECK_INT(ki.arch, KARCH_ARM64);
	CHECK_INT(ki.image_size, 0x100000);
	CHECK_INT(ki.text_offset, 0);
	CHECK_STR(karch_name(ki.arch), "arm64");
	free(b);
}

static void test_arm64_old_image_text_offset(void)
{
	uint8_t *b = make_image(0, 0);
	struct kimage_info ki;
	struct why why;

	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), 0);
	CHECK_INT(ki.text_offset, 0x80000);
	free(b);
}

static void test_arm64_big_endian_refused(void)
{
	uint8_t *b = make_image(0, IMAGE_SIZE);
	struct kimage_info ki;
	struct why why;

	put64(b + 24, 1);
	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "big-endian arm64") != NULL);
	free(b);
}

static void test_arm64_hostile_sizes(void)
{
	uint8_t *b = make_image(0, IMAGE_SIZE);
	struct kimage_info ki;
	struct why why;

	put64(b + 8, 0x123);		/* text_offset not page aligned */
	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), -ENOEXEC);
	put64(b + 8, 0);
	put64(b + 16, 0x100);		/* smaller than the file */
	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), -ENOEXEC);
	put64(b + 16, UINT64_MAX);	/* absurd */
	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), -ENOEXEC);
	free(b);
}

static void test_riscv_image(void)
{
	uint8_t *b = make_image(1, IMAGE_SIZE);
	struct kimage_info ki;
	struct why why;

	CHECK_INT(probe(b, IMAGE_SIZE, &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_RISCV_IMAGE);
	CHECK_INT(ki.arch, KARCH_RISCV64);
	free(b);
}

static void check_elf(uint8_t cls, uint8_t data, uint16_t machine,
		      enum karch want)
{
	uint8_t b[64] = { 0x7f, 'E', 'L', 'F', cls, data, 1 };
	struct kimage_info ki;
	struct why why;

	if (data == 1)
		put16(b + 18, machine);
	else {
		b[18] = (uint8_t)(machine >> 8);
		b[19] = (uint8_t)machine;
	}
	CHECK_INT(probe(b, sizeof(b), &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_ELF);
	CHECK_INT(ki.arch, want);
}

static void test_elf_machines(void)
{
	check_elf(2, 1, 62, KARCH_X86_64);
	check_elf(1, 1, 3, KARCH_I386);
	check_elf(2, 1, 183, KARCH_ARM64);
	check_elf(2, 1, 243, KARCH_RISCV64);
	check_elf(1, 1, 243, KARCH_RISCV32);
	check_elf(2, 1, 21, KARCH_PPC64LE);
	check_elf(2, 2, 21, KARCH_PPC64);
	check_elf(2, 2, 22, KARCH_S390X);
}

static void test_elf_unknown_machine_and_bad_class(void)
{
	uint8_t b[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct kimage_info ki;
	struct why why;

	put16(b + 18, 9999);
	CHECK_INT(probe(b, sizeof(b), &ki, &why), -ENOEXEC);
	b[4] = 7;
	CHECK_INT(probe(b, sizeof(b), &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "corrupt ELF") != NULL);
}

static void test_pe_machine(void)
{
	uint8_t b[512] = { 'M', 'Z' };
	struct kimage_info ki;
	struct why why;

	put32(b + 0x3c, 0x80);
	memcpy(b + 0x80, "PE\0\0", 4);
	put16(b + 0x84, 0xaa64);
	CHECK_INT(probe(b, sizeof(b), &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_PE);
	CHECK_INT(ki.arch, KARCH_ARM64);
	/* e_lfanew pointing past the end */
	put32(b + 0x3c, 0xfffffff0);
	CHECK_INT(probe(b, sizeof(b), &ki, &why), -ENOEXEC);
}

static void test_zboot(void)
{
	uint8_t b[1024] = { 'M', 'Z', 0, 0, 'z', 'i', 'm', 'g' };
	struct kimage_info ki;
	struct why why;

	put32(b + 8, 0x200);
	put32(b + 12, 0x100);
	memcpy(b + 0x18, "gzip", 5);
	put32(b + 0x3c, 0x40);
	memcpy(b + 0x40, "PE\0\0", 4);
	put16(b + 0x44, 0xaa64);
	CHECK_INT(probe(b, sizeof(b), &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_ZBOOT);
	CHECK_INT(ki.arch, KARCH_ARM64);
	CHECK_STR(ki.comp, "gzip");
	CHECK_INT(ki.payload_offset, 0x200);
	/* a payload past the end of the file */
	put32(b + 12, 0x1000);
	CHECK_INT(probe(b, sizeof(b), &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "zboot") != NULL);
}

static void test_compressed_and_unknown(void)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 8, 0 };
	static const uint8_t zst[] = { 0x28, 0xb5, 0x2f, 0xfd, 0 };
	static const uint8_t junk[] = "#!/bin/sh\necho not a kernel\n";
	struct kimage_info ki;
	struct why why;

	CHECK_INT(probe(gz, sizeof(gz), &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_GZIP);
	CHECK_INT(probe(zst, sizeof(zst), &ki, &why), 0);
	CHECK_INT(ki.format, KFMT_ZSTD);
	CHECK_INT(probe(junk, sizeof(junk), &ki, &why), -ENOEXEC);
	CHECK(strstr(why.s, "not a Linux kernel") != NULL);
	CHECK_INT(probe(junk, 0, &ki, &why), -ENOEXEC);
	CHECK_STR(why.s, "the file is empty");
}

/* Every prefix of every valid header: no crash, no read past the end. */
static void truncations(const uint8_t *full, size_t len)
{
	struct kimage_info ki;
	struct why why;
	size_t n;

	for (n = 0; n <= len; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		int ret;

		memcpy(copy, full, n);
		ret = kimage_probe(copy, n, n, &ki, &why);
		CHECK(ret == 0 || ret == -ENOEXEC);
		free(copy);
	}
}

static void test_every_truncation(void)
{
	uint8_t *bz = make_bzimage(), *img = make_image(0, IMAGE_SIZE);
	uint8_t elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	truncations(bz, 0x800);
	truncations(img, 128);
	put16(elf + 18, 183);
	truncations(elf, sizeof(elf));
	free(bz);
	free(img);
}

/* Random bytes around each magic: only 0 or -ENOEXEC, never a crash. */
static void test_random_hostile_headers(void)
{
	static const struct { size_t off; const char *magic; size_t n; } m[] = {
		{ 0x202, "HdrS", 4 }, { 56, "ARM\x64", 4 }, { 0, "MZ", 2 },
		{ 0, "\x7f" "ELF", 4 }, { 56, "RSC\x05", 4 },
	};
	struct kimage_info ki;
	struct why why;
	uint8_t buf[0x300];
	unsigned int seed = 1;
	size_t i, j;

	for (i = 0; i < 5000; i++) {
		size_t len = (size_t)rand_r(&seed) % sizeof(buf);
		int ret;

		for (j = 0; j < sizeof(buf); j++)
			buf[j] = (uint8_t)rand_r(&seed);
		j = i % (sizeof(m) / sizeof(m[0]));
		if (m[j].off + m[j].n <= len)
			memcpy(buf + m[j].off, m[j].magic, m[j].n);
		if (j == 2 && len >= 8 && i % 3 == 0)
			memcpy(buf + 4, "zimg", 4);
		ret = kimage_probe(buf, len, (uint64_t)rand_r(&seed), &ki,
				   &why);
		CHECK(ret == 0 || ret == -ENOEXEC);
	}
}

static void test_machine_names(void)
{
	CHECK_INT(karch_from_machine("x86_64"), KARCH_X86_64);
	CHECK_INT(karch_from_machine("aarch64"), KARCH_ARM64);
	CHECK_INT(karch_from_machine("arm64"), KARCH_ARM64);
	CHECK_INT(karch_from_machine("riscv64"), KARCH_RISCV64);
	CHECK_INT(karch_from_machine("ppc64le"), KARCH_PPC64LE);
	CHECK_INT(karch_from_machine("i686"), KARCH_I386);
	CHECK_INT(karch_from_machine("x86"), KARCH_UNKNOWN);
	CHECK_INT(karch_from_machine("aarch"), KARCH_UNKNOWN);
	CHECK_INT(karch_from_machine(""), KARCH_UNKNOWN);
	CHECK_INT(karch_from_machine(NULL), KARCH_UNKNOWN);
	CHECK(karch_running() != KARCH_UNKNOWN);
}

static const struct test_case cases[] = {
	TEST(test_bzimage_64),
	TEST(test_bzimage_32bit_is_i386),
	TEST(test_bzimage_old_protocol_refused_for_file_load),
	TEST(test_bzimage_truncated),
	TEST(test_bzimage_payload_truncated),
	TEST(test_bzimage_without_boot_flag),
	TEST(test_cmdline_limits),
	TEST(test_arm64_image),
	TEST(test_arm64_old_image_text_offset),
	TEST(test_arm64_big_endian_refused),
	TEST(test_arm64_hostile_sizes),
	TEST(test_riscv_image),
	TEST(test_elf_machines),
	TEST(test_elf_unknown_machine_and_bad_class),
	TEST(test_pe_machine),
	TEST(test_zboot),
	TEST(test_compressed_and_unknown),
	TEST(test_every_truncation),
	TEST(test_random_hostile_headers),
	TEST(test_machine_names),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
