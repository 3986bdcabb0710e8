/*
 * test-pe.c: the PE/COFF reader on images built in memory: a good UKI-like
 * image, then one hostile field at a time (truncation, offsets past the
 * end, overlapping and huge sections, too many sections, bad magic).
 */
#include "lib/pe.h"
#include "lib/util.h"
#include "tests/unit/lib/pebuild.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static const struct peb_section uki_sections[] = {
	{ ".text", "\xc3", 1 },
	{ ".osrel", "NAME=Test\nVERSION_ID=1\n", 23 },
	{ ".cmdline", "quiet", 5 },
	{ ".linux", NULL, 3000 },
	{ ".initrd", NULL, 700 },
};

static unsigned char *good(size_t *size)
{
	return peb_build(PE_MACHINE_X64, uki_sections,
			 ARRAY_SIZE(uki_sections), size);
}

static int parse(const unsigned char *p, size_t size, struct pe_image *img)
{
	return pe_parse(img, p, MIN(size, PE_HEADER_MAX), size);
}

static void test_good_image(void)
{
	struct pe_image img;
	const struct pe_section *s;
	size_t size;
	unsigned char *p = good(&size);

	CHECK_INT(parse(p, size, &img), 0);
	CHECK_INT(img.machine, PE_MACHINE_X64);
	CHECK_INT(img.magic, 0x20b);
	CHECK_INT(img.subsystem, 10);
	CHECK_INT(img.n_sections, 5);
	s = pe_find_section(&img, ".cmdline");
	CHECK(s != NULL);
	if (s) {
		CHECK_INT(pe_section_size(s), 5);
		CHECK(memcmp(p + s->raw_offset, "quiet", 5) == 0);
	}
	s = pe_find_section(&img, ".linux");
	CHECK(s && pe_section_size(s) == 3000 && s->raw_size == 3072);
	CHECK(pe_find_section(&img, ".dtb") == NULL);
	CHECK_STR(pe_machine_name(img.machine), "x64");
	free(p);
}

static void test_every_truncation_rejected(void)
{
	struct pe_image img;
	size_t size, cut;
	unsigned char *p = good(&size);
	int ret;

	/* any prefix of the file fails cleanly, never reads past it */
	for (cut = 0; cut < size; cut += cut < 1024 ? 1 : 97) {
		ret = parse(p, cut, &img);
		if (ret == 0) {
			CHECK_INT(cut, -1);
			break;
		}
	}
	CHECK_INT(parse(p, 10, &img), -PE_ERR_TRUNCATED);
	free(p);
}

static void test_bad_magic(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	p[0] = 'X';
	CHECK_INT(parse(p, size, &img), -PE_ERR_MAGIC);
	p[0] = 'M';
	p[PEB_LFANEW + 1] = 'X';
	CHECK_INT(parse(p, size, &img), -PE_ERR_MAGIC);
	free(p);
}

static void test_lfanew_out_of_range(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	peb_put32(p, 0x3c, 0xfffffff0);
	CHECK_INT(parse(p, size, &img), -PE_ERR_TRUNCATED);
	peb_put32(p, 0x3c, size - 10);
	CHECK_INT(parse(p, size, &img), -PE_ERR_TRUNCATED);
	free(p);
}

static void test_headers_beyond_64k(void)
{
	struct pe_image img;
	size_t size = 200000;
	unsigned char *p = calloc(1, size);

	p[0] = 'M';
	p[1] = 'Z';
	peb_put32(p, 0x3c, 100000);
	memcpy(p + 100000, "PE\0\0", 4);
	CHECK_INT(parse(p, size, &img), -PE_ERR_HEADER);
	free(p);
}

static void test_too_many_sections(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	peb_put16(p, PEB_NSECTIONS, 97);
	CHECK_INT(parse(p, size, &img), -PE_ERR_TOO_MANY);
	peb_put16(p, PEB_NSECTIONS, 0xffff);
	CHECK_INT(parse(p, size, &img), -PE_ERR_TOO_MANY);
	free(p);
}

static void test_section_table_past_end(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	/* 90 sections' headers need 3600 bytes: past this small file */
	peb_put16(p, PEB_NSECTIONS, 90);
	CHECK_INT(parse(p, 2048, &img), -PE_ERR_TRUNCATED);
	free(p);
}

static void test_section_past_end(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	peb_put32(p, PEB_SECTION(3, 20), size - 100);
	CHECK_INT(parse(p, size, &img), -PE_ERR_SECTION);
	free(p);
	p = good(&size);
	/* offset + size wraps around 32 bits: still caught */
	peb_put32(p, PEB_SECTION(3, 20), 0xfffff000);
	peb_put32(p, PEB_SECTION(3, 16), 0x2000);
	CHECK_INT(parse(p, size, &img), -PE_ERR_SECTION);
	free(p);
}

static void test_huge_section(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	peb_put32(p, PEB_SECTION(4, 16), 0xffffffff);
	CHECK_INT(parse(p, size, &img), -PE_ERR_SECTION);
	free(p);
}

static void test_overlapping_sections(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);
	uint32_t linux_off = p[PEB_SECTION(3, 20)] |
			     p[PEB_SECTION(3, 20) + 1] << 8;

	/* .initrd starts inside .linux */
	peb_put32(p, PEB_SECTION(4, 20), linux_off + 512);
	CHECK_INT(parse(p, size, &img), -PE_ERR_OVERLAP);
	free(p);
}

static void test_optional_header_bad(void)
{
	struct pe_image img;
	size_t size;
	unsigned char *p = good(&size);

	peb_put16(p, PEB_LFANEW + 24, 0x107);	/* ROM image magic */
	CHECK_INT(parse(p, size, &img), -PE_ERR_HEADER);
	peb_put16(p, PEB_LFANEW + 24, 0x20b);
	peb_put16(p, PEB_LFANEW + 20, 10);	/* too short for Subsystem */
	CHECK_INT(parse(p, size, &img), -PE_ERR_HEADER);
	free(p);
}

static void test_vsize_larger_than_raw(void)
{
	struct pe_image img;
	const struct pe_section *s;
	size_t size;
	unsigned char *p = good(&size);

	peb_put32(p, PEB_SECTION(2, 8), 0x100000);	/* .cmdline */
	CHECK_INT(parse(p, size, &img), 0);
	s = pe_find_section(&img, ".cmdline");
	CHECK(s && pe_section_size(s) == 512);
	free(p);
}

static void test_eight_char_names(void)
{
	static const struct peb_section secs[] = {
		{ ".dtbauto", "x", 1 }, { ".pcrpkey", "y", 1 },
	};
	struct pe_image img;
	size_t size;
	unsigned char *p = peb_build(PE_MACHINE_ARM64, secs, 2, &size);

	CHECK_INT(parse(p, size, &img), 0);
	CHECK(pe_find_section(&img, ".dtbauto") != NULL);
	CHECK(pe_find_section(&img, ".pcrpkey") != NULL);
	CHECK_STR(pe_machine_name(img.machine), "aa64");
	free(p);
}

static void test_strerror(void)
{
	CHECK(strstr(pe_strerror(-PE_ERR_OVERLAP), "overlap") != NULL);
	CHECK(strstr(pe_strerror(-PE_ERR_TOO_MANY), "96") != NULL);
	CHECK_STR(pe_strerror(-99), "unknown PE error");
	CHECK(pe_machine_name(0x1234) == NULL);
}

static const struct test_case cases[] = {
	TEST(test_good_image),
	TEST(test_every_truncation_rejected),
	TEST(test_bad_magic),
	TEST(test_lfanew_out_of_range),
	TEST(test_headers_beyond_64k),
	TEST(test_too_many_sections),
	TEST(test_section_table_past_end),
	TEST(test_section_past_end),
	TEST(test_huge_section),
	TEST(test_overlapping_sections),
	TEST(test_optional_header_bad),
	TEST(test_vsize_larger_than_raw),
	TEST(test_eight_char_names),
	TEST(test_strerror),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
