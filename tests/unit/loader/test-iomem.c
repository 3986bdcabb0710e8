/* test-iomem.c: /proc/iomem parsing, usable RAM, and the range allocator. */
#include <stdlib.h>
#include <string.h>

#include "loader/loader-internal.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

struct r {
	uint64_t start, end;
};

static void check_map(const struct mem_map *m, const struct r *want,
		      size_t n)
{
	size_t i;

	CHECK_INT(m->n, n);
	for (i = 0; i < n && i < m->n; i++) {
		CHECK_INT(m->r[i].start, want[i].start);
		CHECK_INT(m->r[i].end, want[i].end);
	}
}

static int usable_of(const char *fixture, struct mem_map *m)
{
	struct iomem io;
	struct why why;
	size_t len = 0;
	char *text = fixture_read(fixture, &len);
	int ret;

	if (!text)
		return -ENOENT;
	ret = iomem_parse(text, len, &io, &why);
	free(text);
	if (ret)
		return ret;
	ret = iomem_usable(&io, m);
	iomem_free(&io);
	return ret;
}

static void test_parse_depth_and_names(void)
{
	static const char text[] =
		"00001000-0009fbff : System RAM\n"
		"00100000-bfffffff : System RAM\n"
		"  01000000-0220bb07 : Kernel code\n"
		"4000000000-7fffffffff : PCI Bus 0000:00\n"
		"    4000000000-400007ffff : virtio-pci-modern\n";
	struct iomem io;
	struct why why;

	CHECK_INT(iomem_parse(text, strlen(text), &io, &why), 0);
	CHECK_INT(io.n, 5);
	CHECK_INT(io.e[2].depth, 1);
	CHECK_INT(io.e[2].start, 0x01000000);
	CHECK_INT(io.e[2].end, 0x0220bb07);
	CHECK_STR(io.e[2].name, "Kernel code");
	CHECK_INT(io.e[3].start, 0x4000000000ull);
	CHECK_INT(io.e[4].depth, 2);
	iomem_free(&io);
}

static void test_parse_malformed(void)
{
	static const char *const bad[] = {
		"00001000 : System RAM\n",
		"00001000-0009fbff System RAM\n",
		"0009fbff-00001000 : System RAM\n",	/* end before start */
		"zz-10 : x\n",
		"10000000000000000-1 : more than 64 bits\n",
	};
	struct iomem io;
	struct why why;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(iomem_parse(bad[i], strlen(bad[i]), &io, &why),
			  -EINVAL);
		CHECK(strstr(why.s, "line 1") != NULL);
	}
}

static void test_usable_x86_64_vm(void)
{
	static const struct r want[] = {
		{ 0x1000, 0x9fc00 }, { 0x100000, 0xc0000000 },
		{ 0x100000000ull, 0x640000000ull },
	};
	struct mem_map m;

	CHECK_INT(usable_of("iomem-x86_64-vm.txt", &m), 0);
	check_map(&m, want, 3);
	mem_map_free(&m);
}

static void test_usable_excludes_crash_kernel(void)
{
	static const struct r want[] = {
		{ 0x1000, 0xa0000 }, { 0x140000, 0x53000000 },
		{ 0x5b000000, 0x80000000 },
	};
	struct mem_map m;

	CHECK_INT(usable_of("iomem-x86_64-crashkernel.txt", &m), 0);
	check_map(&m, want, 3);
	mem_map_free(&m);
}

static void test_usable_arm64_rpi4_nested_reserved(void)
{
	static const struct r want[] = {
		{ 0x1000, 0x1400000 }, { 0x1800000, 0x2600000 },
		{ 0x260d000, 0x2700000 }, { 0x3c2c000, 0x2c000000 },
		{ 0x30000000, 0x37400000 }, { 0x40000000, 0xf7000000 },
		{ 0xf7800000, 0xf7806000 }, { 0xf7808000, 0xf7920000 },
		{ 0xfb800000, 0xfb805000 }, { 0xfb806000, 0xfb808000 },
	};
	struct mem_map m;

	CHECK_INT(usable_of("iomem-arm64-rpi4.txt", &m), 0);
	check_map(&m, want, sizeof(want) / sizeof(want[0]));
	mem_map_free(&m);
}

static void test_usable_arm64_kvm_holes(void)
{
	static const struct r want[] = {
		{ 0x40000000, 0xf85e0000 }, { 0xf86c0000, 0xf86e0000 },
		{ 0xf8750000, 0xfbc20000 }, { 0xfc000000, 0x100000000ull },
	};
	struct mem_map m;

	CHECK_INT(usable_of("iomem-arm64-kvm-uefi.txt", &m), 0);
	check_map(&m, want, 4);
	mem_map_free(&m);
}

static void test_ram_keeps_reserved(void)
{
	struct iomem io;
	struct mem_map m;
	struct why why;
	size_t len = 0;
	char *text = fixture_read("iomem-arm64-rpi4.txt", &len);

	CHECK_INT(iomem_parse(text, len, &io, &why), 0);
	CHECK_INT(iomem_ram(&io, &m), 0);
	CHECK_INT(m.n, 2);
	CHECK_INT(mem_map_total(&m), 0x3b400000ull + 0xbc000000ull);
	mem_map_free(&m);
	iomem_free(&io);
	free(text);
}

static void test_nonroot_zeros_is_eperm(void)
{
	struct mem_map m;

	CHECK_INT(usable_of("iomem-nonroot.txt", &m), -EPERM);
	CHECK_INT(m.n, 0);
}

static void test_no_system_ram(void)
{
	static const char text[] = "09000000-09000fff : pl011@9000000\n";
	struct iomem io;
	struct mem_map m;
	struct why why;

	CHECK_INT(iomem_parse(text, strlen(text), &io, &why), 0);
	CHECK_INT(iomem_usable(&io, &m), -ENOENT);
	iomem_free(&io);
}

static void test_hostile_depth_jumps(void)
{
	static const char text[] =
		"      00001000-0000ffff : System RAM\n"
		"00100000-001fffff : reserved\n"
		"      00100000-001fffff : System RAM\n"
		"  00110000-00110fff : reserved\n";
	struct iomem io;
	struct mem_map m;
	struct why why;

	CHECK_INT(iomem_parse(text, strlen(text), &io, &why), 0);
	CHECK_INT(iomem_usable(&io, &m), 0);
	CHECK(!mem_map_contains(&m, 0x110000, 0x111000));
	CHECK(mem_map_contains(&m, 0x1000, 0x10000));
	mem_map_free(&m);
	iomem_free(&io);
}

static void test_read_missing_file(void)
{
	struct iomem io;
	struct why why;

	CHECK_INT(iomem_read("/nonexistent/iomem", &io, &why), -ENOENT);
	CHECK(strstr(why.s, "/nonexistent/iomem") != NULL);
}

static void test_map_add_merges(void)
{
	static const struct r want[] = { { 0x1000, 0x5000 }, { 0x8000, 0x9000 } };
	struct mem_map m = { 0 };

	CHECK_INT(mem_map_add(&m, 0x8000, 0x9000), 0);
	CHECK_INT(mem_map_add(&m, 0x1000, 0x2000), 0);
	CHECK_INT(mem_map_add(&m, 0x3000, 0x4000), 0);
	CHECK_INT(mem_map_add(&m, 0x2000, 0x3000), 0);	/* touches both */
	CHECK_INT(mem_map_add(&m, 0x3800, 0x5000), 0);	/* overlaps */
	check_map(&m, want, 2);
	CHECK_INT(mem_map_add(&m, 0x5000, 0x4000), -EINVAL);
	mem_map_free(&m);
}

static void test_map_remove_splits(void)
{
	static const struct r want[] = {
		{ 0x1000, 0x2000 }, { 0x3000, 0x4000 }, { 0x8800, 0x9000 },
	};
	struct mem_map m = { 0 };

	mem_map_add(&m, 0x1000, 0x4000);
	mem_map_add(&m, 0x8000, 0x9000);
	CHECK_INT(mem_map_remove(&m, 0x2000, 0x3000), 0);
	CHECK_INT(mem_map_remove(&m, 0x7000, 0x8800), 0);
	check_map(&m, want, 3);
	CHECK_INT(mem_map_remove(&m, 0, UINT64_MAX), 0);
	CHECK_INT(m.n, 0);
	mem_map_free(&m);
}

static void test_alloc_lowest_aligned_fit(void)
{
	struct mem_map m = { 0 };
	uint64_t a = 0;

	mem_map_add(&m, 0x1000, 0x180000);
	mem_map_add(&m, 0x300000, 0x900000);
	CHECK_INT(mem_map_alloc(&m, 0x200000, 0x200000, 0, 0, &a), 0);
	CHECK_INT(a, 0x400000);
	CHECK(!mem_map_contains(&m, 0x400000, 0x600000));
	CHECK_INT(mem_map_alloc(&m, 0x1000, 0x1000, 0x500000, 0, &a), 0);
	CHECK_INT(a, 0x600000);
	CHECK_INT(mem_map_alloc(&m, 0x1000, 0x1000, 0, 0, &a), 0);
	CHECK_INT(a, 0x1000);
	CHECK_INT(mem_map_alloc(&m, 0x10000000, 0x1000, 0, 0, &a),
		  -EADDRNOTAVAIL);
	CHECK_INT(mem_map_alloc(&m, 0x1000, 0x1000, 0, 0x2000, &a),
		  -EADDRNOTAVAIL);
	CHECK_INT(mem_map_alloc(&m, 0x1000, 0x3000, 0, 0, &a), -EINVAL);
	CHECK_INT(mem_map_alloc(&m, 0x1000, 0x1000, UINT64_MAX - 0x10, 0, &a),
		  -EADDRNOTAVAIL);
	mem_map_free(&m);
}

static const struct test_case cases[] = {
	TEST(test_parse_depth_and_names),
	TEST(test_parse_malformed),
	TEST(test_usable_x86_64_vm),
	TEST(test_usable_excludes_crash_kernel),
	TEST(test_usable_arm64_rpi4_nested_reserved),
	TEST(test_usable_arm64_kvm_holes),
	TEST(test_ram_keeps_reserved),
	TEST(test_nonroot_zeros_is_eperm),
	TEST(test_no_system_ram),
	TEST(test_hostile_depth_jumps),
	TEST(test_read_missing_file),
	TEST(test_map_add_merges),
	TEST(test_map_remove_splits),
	TEST(test_alloc_lowest_aligned_fit),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
