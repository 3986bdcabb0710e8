/*
 * test-fdt.c: the device tree patcher, over .dts fixtures compiled with dtc;
 * results read back with libfdt.
 */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "loader/loader-internal.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;


static struct blob load(const char *dts)
{
	struct blob b = { NULL, 0, dts };

	b.buf = dtb_compile(dts, &b.len);
	CHECK(b.buf != NULL);
	return b;
}

static void unload(struct blob *b)
{
	free((void *)b->buf);
}

static const char *prop_str(const void *fdt, const char *path,
			    const char *name)
{
	int off = fdt_path_offset(fdt, path);

	return off < 0 ? NULL : fdt_getprop(fdt, off, name, NULL);
}

static int prop_len(const void *fdt, const char *path, const char *name)
{
	int off = fdt_path_offset(fdt, path), len = -1;

	if (off >= 0 && !fdt_getprop(fdt, off, name, &len))
		len = -1;
	return len;
}

static uint64_t prop_u64(const void *fdt, const char *path, const char *name)
{
	int off = fdt_path_offset(fdt, path), len;
	const void *v;
	fdt64_t x;

	v = off < 0 ? NULL : fdt_getprop(fdt, off, name, &len);
	if (!v || len != 8)
		return UINT64_MAX;
	memcpy(&x, v, 8);	/* properties are only 4-byte aligned */
	return fdt64_to_cpu(x);
}

/* Build from base with overlays; 0 or -errno. *out freed by the caller. */
static int build(const char *base_dts, const char *const *ovs, size_t n,
		 const struct fdt_params *p, void **out, struct why *why)
{
	struct blob base = load(base_dts), ob[4];
	size_t len, i;
	int ret;

	for (i = 0; i < n; i++)
		ob[i] = load(ovs[i]);
	ret = fdt_build(&base, ob, n, p, out, &len, why);
	if (!ret)
		CHECK_INT(fdt_check_full(*out, len), 0);
	for (i = 0; i < n; i++)
		unload(&ob[i]);
	unload(&base);
	return ret;
}

static void test_bootargs_replace_stale(void)
{
	struct fdt_params p = { .bootargs = "root=/dev/vda2 quiet" };
	struct why why;
	void *fdt;

	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_STR(prop_str(fdt, "/chosen", "bootargs"), "root=/dev/vda2 quiet");
	/* the previous boot's initrd must not survive */
	CHECK_INT(prop_len(fdt, "/chosen", "linux,initrd-start"), -1);
	CHECK_INT(prop_len(fdt, "/chosen", "linux,initrd-end"), -1);
	/* kept as it was */
	CHECK_STR(prop_str(fdt, "/chosen", "stdout-path"), "serial0:115200n8");
	free(fdt);
}

static void test_empty_cmdline_removes_bootargs(void)
{
	struct fdt_params p = { .bootargs = "" };
	struct why why;
	void *fdt;

	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_INT(prop_len(fdt, "/chosen", "bootargs"), -1);
	free(fdt);
}

static void test_initrd_placeholders_filled(void)
{
	struct fdt_params p = { .bootargs = "x", .initrd = true };
	struct why why;
	void *fdt;

	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_INT(prop_u64(fdt, "/chosen", "linux,initrd-start"), 0);
	CHECK_INT(fdt_set_initrd(fdt, 0x48000000, 0x4a345678), 0);
	CHECK_INT(prop_u64(fdt, "/chosen", "linux,initrd-start"), 0x48000000);
	CHECK_INT(prop_u64(fdt, "/chosen", "linux,initrd-end"), 0x4a345678);
	free(fdt);
}

static void test_seeds(void)
{
	uint8_t seed[64];
	struct fdt_params p = {
		.rng_seed = seed, .rng_seed_len = sizeof(seed),
		.kaslr = true, .kaslr_seed = 0x1122334455667788ull,
	};
	struct why why;
	void *fdt;
	const uint8_t *got;

	memset(seed, 0xa5, sizeof(seed));
	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_INT(prop_len(fdt, "/chosen", "rng-seed"), 64);
	got = (const uint8_t *)prop_str(fdt, "/chosen", "rng-seed");
	CHECK(got && got[0] == 0xa5 && got[63] == 0xa5);
	CHECK_INT(prop_u64(fdt, "/chosen", "kaslr-seed"),
		  0x1122334455667788ull);
	free(fdt);
}

static void test_chosen_created(void)
{
	struct fdt_params p = { .bootargs = "console=ttyAMA0" };
	struct mem_map ram = { 0 };
	struct why why;
	void *fdt;

	mem_map_add(&ram, 0x40000000, 0x80000000);
	p.ram = &ram;
	CHECK_INT(build("nomem.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_STR(prop_str(fdt, "/chosen", "bootargs"), "console=ttyAMA0");
	free(fdt);
	mem_map_free(&ram);
}

static void test_overlays_in_order(void)
{
	static const char *const ovs[] = { "overlay-one.dts",
					   "overlay-two.dts" };
	struct fdt_params p = { .bootargs = "x" };
	struct why why;
	void *fdt;

	CHECK_INT(build("base.dts", ovs, 2, &p, &fdt, &why), 0);
	CHECK_STR(prop_str(fdt, "/serial@9000000", "status"), "okay");
	CHECK_STR(prop_str(fdt, "/serial@9000000", "baton,overlay"), "two");
	CHECK_STR(prop_str(fdt, "/baton-test", "applied-by"), "two");
	CHECK_INT(prop_len(fdt, "/baton-test", "second"), 4);
	free(fdt);
}

static void test_overlay_order_matters(void)
{
	static const char *const ovs[] = { "overlay-two.dts",
					   "overlay-one.dts" };
	struct fdt_params p = { 0 };
	struct why why;
	void *fdt;

	/* two first: /baton-test does not exist yet */
	CHECK_INT(build("base.dts", ovs, 2, &p, &fdt, &why), -ENOENT);
	CHECK(strstr(why.s, "overlay-two.dts") != NULL);
}

static void test_overlay_missing_label(void)
{
	static const char *const ovs[] = { "overlay-missing.dts" };
	struct fdt_params p = { 0 };
	struct why why;
	void *fdt;

	CHECK_INT(build("base.dts", ovs, 1, &p, &fdt, &why), -ENOENT);
	CHECK(strstr(why.s, "overlay-missing.dts") != NULL);
	CHECK(strstr(why.s, "does not have") != NULL);
}

static void test_corrupt_and_truncated_trees(void)
{
	struct blob base = load("base.dts"), bad;
	struct fdt_params p = { 0 };
	struct why why;
	void *fdt, *copy;
	size_t len, n;

	copy = malloc(base.len);
	memcpy(copy, base.buf, base.len);
	bad = (struct blob){ copy, base.len, "corrupt.dtb" };
	((uint8_t *)copy)[0] ^= 0xff;		/* magic */
	CHECK_INT(fdt_build(&bad, NULL, 0, &p, &fdt, &len, &why), -EINVAL);
	CHECK(strstr(why.s, "corrupt.dtb") != NULL);
	((uint8_t *)copy)[0] ^= 0xff;
	for (n = 0; n < base.len; n += 7) {	/* every truncation */
		bad.len = n;
		CHECK_INT(fdt_build(&bad, NULL, 0, &p, &fdt, &len, &why),
			  -EINVAL);
	}
	/* a corrupt overlay */
	bad.len = base.len;
	memset((uint8_t *)copy + 40, 0xff, 16);
	CHECK_INT(fdt_build(&base, &bad, 1, &p, &fdt, &len, &why), -EINVAL);
	free(copy);
	unload(&base);
}

/*
 * Found by fuzz-fdt (tests/data/fuzz/fdt/version-4-null-name): a tree of
 * a format before 16 made libfdt's own check read through NULL. Trees
 * before format 17 are refused with a reason, before libfdt reads them.
 */
static void test_old_formats_refused(void)
{
	struct blob base = load("base.dts"), old;
	struct fdt_params p = { 0 };
	struct why why;
	void *fdt, *copy;
	size_t len;
	char *crash;

	copy = malloc(base.len);
	memcpy(copy, base.buf, base.len);
	old = (struct blob){ copy, base.len, "old.dtb" };
	((uint8_t *)copy)[23] = 16;		/* version, big-endian */
	CHECK_INT(fdt_build(&old, NULL, 0, &p, &fdt, &len, &why), -EINVAL);
	CHECK(strstr(why.s, "format 16") != NULL);
	crash = fixture_read("../fuzz/fdt/version-4-null-name", &len);
	CHECK(crash != NULL);
	old = (struct blob){ crash, len, "fuzz.dtb" };
	CHECK_INT(fdt_build(&old, NULL, 0, &p, &fdt, &len, &why), -EINVAL);
	free(crash);
	free(copy);
	unload(&base);
}

static void test_memory_kept_when_present(void)
{
	struct mem_map ram = { 0 };
	struct fdt_params p = { .ram = &ram };
	struct why why;
	void *fdt;
	const fdt32_t *reg;
	int len;

	mem_map_add(&ram, 0x80000000, 0x90000000);
	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@40000000"),
			  "reg", &len);
	CHECK(reg && len == 16 && fdt32_to_cpu(reg[1]) == 0x40000000);
	CHECK(fdt_path_offset(fdt, "/memory@80000000") < 0);
	free(fdt);
	mem_map_free(&ram);
}

static void test_memory_from_running_tree(void)
{
	struct blob running = load("running.dts");
	struct mem_map ram = { 0 };
	struct fdt_params p = { .running = running, .ram = &ram };
	struct why why;
	void *fdt;
	const fdt32_t *reg;
	int len;

	mem_map_add(&ram, 0x1000, 0x2000);	/* must not be used */
	CHECK_INT(build("nomem.dts", NULL, 0, &p, &fdt, &why), 0);
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@40000000"),
			  "reg", &len);
	CHECK(reg && len == 16);
	if (reg && len == 16) {
		CHECK_INT(fdt32_to_cpu(reg[1]), 0x40000000);
		CHECK_INT(fdt32_to_cpu(reg[3]), 0x80000000);
	}
	CHECK_STR(prop_str(fdt, "/memory@40000000", "device_type"), "memory");
	free(fdt);
	mem_map_free(&ram);
	unload(&running);
}

static void test_memory_from_iomem(void)
{
	struct mem_map ram = { 0 };
	struct fdt_params p = { .ram = &ram };
	struct why why;
	void *fdt;
	const fdt32_t *reg;
	int len;

	mem_map_add(&ram, 0x40000000, 0xf85e0000);
	mem_map_add(&ram, 0x100000000ull, 0x140000000ull);
	CHECK_INT(build("nomem.dts", NULL, 0, &p, &fdt, &why), 0);
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@40000000"),
			  "reg", &len);
	CHECK(reg && len == 32);
	if (reg && len == 32) {
		CHECK_INT(fdt32_to_cpu(reg[3]), 0xb85e0000);
		CHECK_INT(fdt32_to_cpu(reg[4]), 1);	/* 0x1_0000_0000 */
		CHECK_INT(fdt32_to_cpu(reg[7]), 0x40000000);
	}
	free(fdt);
	mem_map_free(&ram);
}

static void test_memory_placeholder_filled(void)
{
	struct mem_map ram = { 0 };
	struct fdt_params p = { .ram = &ram };
	struct why why;
	void *fdt;
	const fdt32_t *reg;
	int len;

	mem_map_add(&ram, 0x80000000, 0xc0000000);
	CHECK_INT(build("placeholder-mem.dts", NULL, 0, &p, &fdt, &why), 0);
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "reg",
			  &len);
	CHECK(reg && len == 16 && fdt32_to_cpu(reg[1]) == 0x80000000);
	free(fdt);
	mem_map_free(&ram);
}

static void test_memory_one_cell_split(void)
{
	struct mem_map ram = { 0 };
	struct fdt_params p = { .ram = &ram };
	struct why why;
	void *fdt;
	const fdt32_t *reg;
	int len;

	/* 3 GiB at 0: more than one size cell holds in one range */
	mem_map_add(&ram, 0, 0xc0000000);
	CHECK_INT(build("cells1.dts", NULL, 0, &p, &fdt, &why), 0);
	reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "reg",
			  &len);
	CHECK(reg && len == 16);
	if (reg && len == 16) {
		CHECK_INT(fdt32_to_cpu(reg[0]), 0);
		CHECK_INT(fdt32_to_cpu(reg[1]), 0x80000000);
		CHECK_INT(fdt32_to_cpu(reg[2]), 0x80000000);
		CHECK_INT(fdt32_to_cpu(reg[3]), 0x40000000);
	}
	free(fdt);
	mem_map_free(&ram);
}

static void test_no_memory_anywhere(void)
{
	struct fdt_params p = { 0 };
	struct why why;
	void *fdt;

	CHECK_INT(build("nomem.dts", NULL, 0, &p, &fdt, &why), -ENOENT);
	CHECK(strstr(why.s, "memory node") != NULL);
}

static void test_running_tree_carried_over(void)
{
	struct blob running = load("running.dts");
	struct fdt_params p = { .running = running, .bootargs = "new" };
	struct why why;
	void *fdt;

	CHECK_INT(build("nomem.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_INT(prop_u64(fdt, "/chosen", "linux,uefi-system-table"),
		  0xbfed0018);
	CHECK_INT(prop_len(fdt, "/chosen", "linux,uefi-mmap-size"), 4);
	/* its console is at a path the new tree lacks */
	CHECK_INT(prop_len(fdt, "/chosen", "stdout-path"), -1);
	/* never carried: the old boot's initrd and crash kernel header */
	CHECK_INT(prop_len(fdt, "/chosen", "linux,initrd-start"), -1);
	CHECK_INT(prop_len(fdt, "/chosen", "linux,elfcorehdr"), -1);
	CHECK_STR(prop_str(fdt, "/chosen", "bootargs"), "new");
	free(fdt);
	unload(&running);
}

static void test_running_tree_as_base(void)
{
	struct blob running = load("running.dts");
	struct fdt_params p = { .running = running, .bootargs = "new" };
	struct why why;
	size_t len;
	void *fdt;

	CHECK_INT(fdt_build(&running, NULL, 0, &p, &fdt, &len, &why), 0);
	CHECK_STR(prop_str(fdt, "/chosen", "stdout-path"), "/pl011@9000000");
	CHECK_INT(prop_len(fdt, "/chosen", "linux,initrd-end"), -1);
	CHECK_INT(prop_len(fdt, "/chosen", "linux,elfcorehdr"), -1);
	CHECK_STR(prop_str(fdt, "/chosen", "bootargs"), "new");
	free(fdt);
	unload(&running);
}

static void test_stdout_path_carried_when_it_resolves(void)
{
	struct blob running = load("base.dts");
	struct fdt_params p = { .running = running };
	struct mem_map ram = { 0 };
	struct why why;
	void *fdt;

	/* the running tree's "serial0:..." alias does not exist in nomem */
	mem_map_add(&ram, 0x40000000, 0x80000000);
	p.ram = &ram;
	CHECK_INT(build("nomem.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_INT(prop_len(fdt, "/chosen", "stdout-path"), -1);
	free(fdt);
	/* base over base: the alias resolves, kept */
	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_STR(prop_str(fdt, "/chosen", "stdout-path"), "serial0:115200n8");
	free(fdt);
	mem_map_free(&ram);
	unload(&running);
}

static void test_large_bootargs_grow_tree(void)
{
	char args[2048];
	struct fdt_params p = { .bootargs = args };
	struct why why;
	void *fdt;

	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	CHECK_INT(build("base.dts", NULL, 0, &p, &fdt, &why), 0);
	CHECK_INT(prop_len(fdt, "/chosen", "bootargs"), 2048);
	free(fdt);
}

static const struct test_case cases[] = {
	TEST(test_bootargs_replace_stale),
	TEST(test_empty_cmdline_removes_bootargs),
	TEST(test_initrd_placeholders_filled),
	TEST(test_seeds),
	TEST(test_chosen_created),
	TEST(test_overlays_in_order),
	TEST(test_overlay_order_matters),
	TEST(test_overlay_missing_label),
	TEST(test_corrupt_and_truncated_trees),
	TEST(test_old_formats_refused),
	TEST(test_memory_kept_when_present),
	TEST(test_memory_from_running_tree),
	TEST(test_memory_from_iomem),
	TEST(test_memory_placeholder_filled),
	TEST(test_memory_one_cell_split),
	TEST(test_no_memory_anywhere),
	TEST(test_running_tree_carried_over),
	TEST(test_running_tree_as_base),
	TEST(test_stdout_path_carried_when_it_resolves),
	TEST(test_large_bootargs_grow_tree),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
