/*
 * test-uki-load.c: loading unified kernel images (dry runs): .linux is the
 * kernel, .initrd comes first, .cmdline is the default command line, .dtb
 * the device tree where kernels take one.
 */
#include <errno.h>
#include <string.h>

#include "loader/loader.h"
#include "tests/unit/lib/pebuild.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

struct uki {
	struct load_request req;
	struct load_file initrd;
	struct load_result res;
};

static void uki_init(struct uki *u, const char *machine,
		     const struct peb_section *s, unsigned n)
{
	size_t size;
	unsigned char *pe = peb_build(0x8664, s, n, &size);

	memset(u, 0, sizeof(*u));
	u->req.kernel.fd = fd_with(pe, size);
	u->req.kernel.name = "esp:/EFI/Linux/uki.efi";
	u->req.dtb.fd = -1;
	u->req.machine = machine;
	u->req.flags = LOAD_DRY_RUN;
	u->req.iomem_path = FIXTURES "iomem-arm64-kvm-uefi.txt";
	u->req.fdt_path = "/nonexistent";
	free(pe);
}

static int run(struct uki *u)
{
	int ret = loader_load(&u->req, &u->res);

	if (ret)
		printf("# %s\n", u->res.message);
	return ret;
}

static void uki_free(struct uki *u)
{
	close(u->req.kernel.fd);
	if (u->req.n_initrds)
		close(u->initrd.fd);
	load_result_clear(&u->res);
}

static void test_x86_uki(void)
{
	uint8_t *bz = make_bzimage();
	struct peb_section s[] = {
		{ ".osrel", "ID=test\n", 8 },
		{ ".cmdline", "root=/dev/vda2 quiet\n", 21 },
		{ ".initrd", "0707010000", 10 },
		{ ".linux", (const char *)bz, BZ_SIZE },
	};
	struct uki u;

	uki_init(&u, "x86_64", s, 4);
	CHECK_INT(run(&u), 0);
	CHECK_INT(u.res.method, LOAD_METHOD_FILE);
	CHECK_STR(u.res.arch, "x86_64");
	CHECK_STR(u.res.cmdline, "root=/dev/vda2 quiet");
	CHECK(u.res.initrds && u.res.initrds[0] && !u.res.initrds[1]);
	if (u.res.initrds && u.res.initrds[0])
		CHECK_STR(u.res.initrds[0], "esp:/EFI/Linux/uki.efi:.initrd");
	CHECK(strstr(u.res.message, "unified kernel image") != NULL);
	uki_free(&u);
	free(bz);
}

static void test_cmdline_override_and_extra_initrd(void)
{
	uint8_t *bz = make_bzimage();
	struct peb_section s[] = {
		{ ".cmdline", "from-uki", 8 },
		{ ".initrd", "0707010000", 10 },
		{ ".linux", (const char *)bz, BZ_SIZE },
	};
	struct uki u;

	uki_init(&u, "x86_64", s, 3);
	u.req.cmdline = "from-menu";
	u.initrd.fd = fd_with("extra", 5);
	u.initrd.name = "esp:/extra.img";
	u.req.initrds = &u.initrd;
	u.req.n_initrds = 1;
	CHECK_INT(run(&u), 0);
	CHECK_STR(u.res.cmdline, "from-menu");
	CHECK(u.res.initrds && u.res.initrds[0] && u.res.initrds[1]);
	if (u.res.initrds && u.res.initrds[1]) {
		CHECK_STR(u.res.initrds[0], "esp:/EFI/Linux/uki.efi:.initrd");
		CHECK_STR(u.res.initrds[1], "esp:/extra.img");
	}
	uki_free(&u);
	free(bz);
}

static void test_arm64_uki_with_dtb(void)
{
	uint8_t *img = make_image(0, IMAGE_SIZE);
	size_t dtb_len = 0;
	char *dtb = dtb_compile("base.dts", &dtb_len);
	struct peb_section s[] = {
		{ ".cmdline", "console=ttyAMA0", 15 },
		{ ".dtb", dtb, dtb_len },
		{ ".linux", (const char *)img, IMAGE_SIZE },
	};
	struct uki u;

	uki_init(&u, "aarch64", s, 3);
	CHECK_INT(run(&u), 0);
	CHECK_INT(u.res.method, LOAD_METHOD_SEGMENTS);
	CHECK_STR(u.res.dtb, "the unified kernel image's .dtb");
	CHECK_INT(u.res.n_segments, 3);
	uki_free(&u);
	free(img);
	free(dtb);
}

static void test_uki_for_other_arch(void)
{
	uint8_t *img = make_image(0, IMAGE_SIZE);
	struct peb_section s[] = {
		{ ".linux", (const char *)img, IMAGE_SIZE },
	};
	struct uki u;

	uki_init(&u, "x86_64", s, 1);
	CHECK_INT(run(&u), -ENOEXEC);
	CHECK(strstr(u.res.message, "this is an arm64 kernel; this machine "
		     "is x86_64") != NULL);
	uki_free(&u);
	free(img);
}

static void test_uki_bad_linux(void)
{
	struct peb_section empty[] = { { ".linux", NULL, 0 } };
	struct peb_section junk[] = { { ".linux", "not a kernel at all", 19 } };
	struct uki u;

	uki_init(&u, "x86_64", empty, 1);
	CHECK_INT(run(&u), -ENOEXEC);
	CHECK_INT(u.res.stage, LOAD_STAGE_UKI);
	CHECK(strstr(u.res.message, ".linux section is empty") != NULL);
	uki_free(&u);
	uki_init(&u, "x86_64", junk, 1);
	CHECK_INT(run(&u), -ENOEXEC);
	CHECK(strstr(u.res.message, "its .linux section: not a Linux "
		     "kernel") != NULL);
	uki_free(&u);
}

static void test_uki_cmdline_too_big(void)
{
	static char big[5000];
	uint8_t *bz = make_bzimage();
	struct peb_section s[] = {
		{ ".cmdline", big, sizeof(big) },
		{ ".linux", (const char *)bz, BZ_SIZE },
	};
	struct uki u;

	memset(big, 'x', sizeof(big));
	uki_init(&u, "x86_64", s, 2);
	CHECK_INT(run(&u), -E2BIG);
	CHECK(strstr(u.res.message, ".cmdline") != NULL);
	uki_free(&u);
	free(bz);
}

static void test_pe_without_linux_is_not_a_kernel(void)
{
	struct peb_section s[] = { { ".text", "\xc3", 1 } };
	struct uki u;

	uki_init(&u, "x86_64", s, 1);
	CHECK_INT(run(&u), -ENOEXEC);
	CHECK(strstr(u.res.message, "EFI application") != NULL);
	uki_free(&u);
}

static const struct test_case cases[] = {
	TEST(test_x86_uki),
	TEST(test_cmdline_override_and_extra_initrd),
	TEST(test_arm64_uki_with_dtb),
	TEST(test_uki_for_other_arch),
	TEST(test_uki_bad_linux),
	TEST(test_uki_cmdline_too_big),
	TEST(test_pe_without_linux_is_not_a_kernel),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
