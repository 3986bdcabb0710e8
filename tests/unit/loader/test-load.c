/*
 * test-load.c: loader_load() end to end as a dry run (no kexec system
 * call): method choice, architecture check, command line limits, initrds,
 * device trees and segments, and the sentences a person reads.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "loader/loader.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

struct setup {
	struct load_request req;
	struct load_file initrds[4];
	struct load_file overlays[2];
	struct load_result res;
	char fdt_path[64];
};

static void setup_init(struct setup *s, const char *machine, const void *k,
		       size_t klen)
{
	memset(s, 0, sizeof(*s));
	s->req.kernel.fd = fd_with(k, klen);
	s->req.kernel.name = "sda2:/vmlinuz";
	s->req.dtb.fd = -1;
	s->req.machine = machine;
	s->req.flags = LOAD_DRY_RUN;
	s->req.initrds = s->initrds;
	s->req.overlays = s->overlays;
	s->req.iomem_path = FIXTURES "iomem-arm64-kvm-uefi.txt";
	s->req.fdt_path = "/nonexistent/fdt";
}

static void add_initrd(struct setup *s, const char *name, size_t len)
{
	char *buf = malloc(len + 1);

	memset(buf, 'i', len);
	s->initrds[s->req.n_initrds].fd = fd_with(buf, len);
	s->initrds[s->req.n_initrds++].name = name;
	free(buf);
}

static void add_dtb(struct setup *s, const char *dts)
{
	size_t len = 0;
	void *dtb = dtb_compile(dts, &len);

	s->req.dtb.fd = fd_with(dtb, len);
	s->req.dtb.name = dts;
	free(dtb);
}

static void add_overlay(struct setup *s, const char *dts)
{
	size_t len = 0;
	void *dtb = dtb_compile(dts, &len);

	s->overlays[s->req.n_overlays].fd = fd_with(dtb, len);
	s->overlays[s->req.n_overlays++].name = dts;
	free(dtb);
}

/* A running tree in a file, as /sys/firmware/fdt would be. */
static void set_running(struct setup *s, const char *dts)
{
	size_t len = 0;
	void *dtb = dtb_compile(dts, &len);
	int fd = tmpfile_with(dtb, len, s->fdt_path);

	close(fd);
	s->req.fdt_path = s->fdt_path;
	free(dtb);
}

static void setup_free(struct setup *s)
{
	size_t i;

	close(s->req.kernel.fd);
	if (s->req.dtb.fd >= 0)
		close(s->req.dtb.fd);
	for (i = 0; i < s->req.n_initrds; i++)
		close(s->initrds[i].fd);
	for (i = 0; i < s->req.n_overlays; i++)
		close(s->overlays[i].fd);
	if (s->req.fdt_path == s->fdt_path)
		unlink(s->fdt_path);
	load_result_clear(&s->res);
}

static int run(struct setup *s)
{
	int ret = loader_load(&s->req, &s->res);

	if (ret)
		printf("# %s\n", s->res.message);
	CHECK_INT(ret, s->res.err);
	return ret;
}

static void test_x86_file_load_two_initrds(void)
{
	uint8_t *k = make_bzimage();
	struct setup s;

	setup_init(&s, "x86_64", k, BZ_SIZE);
	add_initrd(&s, "sda2:/initrd-1", 1001);
	add_initrd(&s, "sda2:/initrd-2", 2000);
	s.req.cmdline = "root=/dev/sda2 ro";
	CHECK_INT(run(&s), 0);
	CHECK_INT(s.res.method, LOAD_METHOD_FILE);
	CHECK_STR(s.res.arch, "x86_64");
	CHECK_STR(s.res.kernel, "sda2:/vmlinuz");
	CHECK(s.res.initrds && s.res.initrds[0] && s.res.initrds[1] &&
	      !s.res.initrds[2]);
	if (s.res.initrds && s.res.initrds[1])
		CHECK_STR(s.res.initrds[1], "sda2:/initrd-2");
	CHECK_STR(s.res.cmdline, "root=/dev/sda2 ro");
	CHECK(strstr(s.res.message, "would load sda2:/vmlinuz") != NULL);
	CHECK(strstr(s.res.message, "kexec_file_load") != NULL);
	CHECK_INT(s.res.n_segments, 0);
	CHECK(s.res.total_ns > 0 && s.res.read_ns <= s.res.total_ns);
	setup_free(&s);
	free(k);
}

static void test_arm64_kernel_refused_on_x86(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "x86_64", k, IMAGE_SIZE);
	CHECK_INT(run(&s), -ENOEXEC);
	CHECK_INT(s.res.stage, LOAD_STAGE_KERNEL);
	CHECK_STR(s.res.message, "cannot load sda2:/vmlinuz: this is an "
		  "arm64 kernel; this machine is x86_64");
	CHECK(s.res.kernel == NULL);
	setup_free(&s);
	free(k);
}

static void test_x86_kernel_refused_on_arm64(void)
{
	uint8_t *k = make_bzimage();
	struct setup s;

	setup_init(&s, "aarch64", k, BZ_SIZE);
	CHECK_INT(run(&s), -ENOEXEC);
	CHECK(strstr(s.res.message, "this is an x86_64 kernel; this machine "
		     "is arm64") != NULL);
	setup_free(&s);
	free(k);
}

static void test_cmdline_limit_x86(void)
{
	uint8_t *k = make_bzimage();
	char cmd[2100];
	struct setup s;

	memset(cmd, 'c', sizeof(cmd));
	cmd[2016] = '\0';
	setup_init(&s, "x86_64", k, BZ_SIZE);
	s.req.cmdline = cmd;
	CHECK_INT(run(&s), 0);
	setup_free(&s);
	cmd[2016] = 'c';
	cmd[2017] = '\0';
	setup_init(&s, "x86_64", k, BZ_SIZE);
	s.req.cmdline = cmd;
	CHECK_INT(run(&s), -E2BIG);
	CHECK_INT(s.res.stage, LOAD_STAGE_CMDLINE);
	CHECK(strstr(s.res.message, "has 2017 characters; this kernel "
		     "accepts at most 2016") != NULL);
	setup_free(&s);
	free(k);
}

static void test_cmdline_limit_arm64(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	char cmd[2100];
	struct setup s;

	memset(cmd, 'c', sizeof(cmd));
	cmd[2047] = '\0';
	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	s.req.cmdline = cmd;
	CHECK_INT(run(&s), 0);
	setup_free(&s);
	cmd[2047] = 'c';
	cmd[2048] = '\0';
	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	s.req.cmdline = cmd;
	CHECK_INT(run(&s), -E2BIG);
	CHECK(strstr(s.res.message, "at most 2047") != NULL);
	setup_free(&s);
	free(k);
}

static void test_arm64_without_dtb_uses_file_load(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	add_initrd(&s, "initrd", 100);
	CHECK_INT(run(&s), 0);
	CHECK_INT(s.res.method, LOAD_METHOD_FILE);
	CHECK(s.res.dtb == NULL);
	setup_free(&s);
	free(k);
}

static void test_arm64_dtb_and_overlay_as_segments(void)
{
	uint8_t *k = make_image(0, 8 << 20);
	const struct load_segment *kern, *dtb, *stub, *initrd;
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	add_initrd(&s, "initrd-a", 3000);
	add_initrd(&s, "initrd-b", 5000);
	add_dtb(&s, "base.dts");
	add_overlay(&s, "overlay-one.dts");
	s.req.cmdline = "console=ttyAMA0";
	CHECK_INT(run(&s), 0);
	CHECK_INT(s.res.method, LOAD_METHOD_SEGMENTS);
	CHECK_INT(s.res.n_segments, 4);
	kern = seg(&s.res, "kernel");
	dtb = seg(&s.res, "dtb");
	stub = seg(&s.res, "entry stub");
	initrd = seg(&s.res, "initrd");
	CHECK(kern && dtb && stub && initrd);
	if (kern && dtb && stub && initrd) {
		CHECK_INT(kern->mem, 0x40000000);
		CHECK_INT(kern->memsz, 8 << 20);
		CHECK_INT(kern->bufsz, IMAGE_SIZE);
		CHECK_INT(initrd->bufsz, 3000 + 5000);	/* 3000 % 4 == 0 */
		CHECK_INT(s.res.entry, stub->mem);
	}
	CHECK_STR(s.res.dtb, "base.dts");
	CHECK(strstr(s.res.message, "kexec_load") != NULL);
	setup_free(&s);
	free(k);
}

/*
 * Locked down: a device tree (kexec_load(2)) is refused before anything
 * is tried, with the reason; without one, kexec_file_load goes ahead.
 */
static void test_signed_only(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	add_dtb(&s, "base.dts");
	s.req.flags |= LOAD_SIGNED_ONLY;
	CHECK_INT(run(&s), -EPERM);
	CHECK_INT(s.res.stage, LOAD_STAGE_KEXEC_LOAD);
	CHECK(strstr(s.res.message, "passes a device tree, which needs "
		     "kexec_load(2); the kernel is locked down") != NULL);
	setup_free(&s);

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	s.req.flags |= LOAD_SIGNED_ONLY | LOAD_SEGMENTS;
	CHECK_INT(run(&s), -EPERM);
	CHECK(strstr(s.res.message, "set kexec_load = off") != NULL);
	setup_free(&s);

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	s.req.flags |= LOAD_SIGNED_ONLY;
	CHECK_INT(run(&s), 0);
	CHECK_INT(s.res.method, LOAD_METHOD_FILE);
	setup_free(&s);
	free(k);
	/* what the daemon marks before anyone picks such an option */
	CHECK(loader_takes_dtb("aarch64") && loader_takes_dtb("riscv64"));
	CHECK(!loader_takes_dtb("x86_64"));
	CHECK(strstr(loader_signed_only_reason(false), "device tree") != NULL);
}

static void test_initrds_padded_to_4(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	add_initrd(&s, "a", 1001);
	add_initrd(&s, "b", 10);
	add_dtb(&s, "base.dts");
	CHECK_INT(run(&s), 0);
	CHECK(seg(&s.res, "initrd") && seg(&s.res, "initrd")->bufsz == 1014);
	setup_free(&s);
	free(k);
}

static void test_arm64_pass_running_tree(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	set_running(&s, "running.dts");
	s.req.flags |= LOAD_PASS_FDT;
	CHECK_INT(run(&s), 0);
	CHECK_INT(s.res.method, LOAD_METHOD_SEGMENTS);
	CHECK_STR(s.res.dtb, "the running device tree");
	CHECK_INT(s.res.n_segments, 3);		/* no initrd */
	setup_free(&s);
	free(k);
}

static void test_arm64_no_running_tree(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	s.req.flags |= LOAD_PASS_FDT;
	CHECK_INT(run(&s), -ENOENT);
	CHECK_INT(s.res.stage, LOAD_STAGE_DTB);
	CHECK(strstr(s.res.message, "/nonexistent/fdt") != NULL);
	setup_free(&s);
	free(k);
}

static void test_arm64_overlay_fails_clearly(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "aarch64", k, IMAGE_SIZE);
	add_dtb(&s, "base.dts");
	add_overlay(&s, "overlay-missing.dts");
	CHECK_INT(run(&s), -ENOENT);
	CHECK_INT(s.res.stage, LOAD_STAGE_DTB);
	CHECK(strstr(s.res.message, "overlay-missing.dts") != NULL);
	setup_free(&s);
	free(k);
}

static void test_riscv_segments_without_stub(void)
{
	uint8_t *k = make_image(1, IMAGE_SIZE);
	struct setup s;

	setup_init(&s, "riscv64", k, IMAGE_SIZE);
	add_dtb(&s, "base.dts");
	CHECK_INT(run(&s), 0);
	CHECK_INT(s.res.method, LOAD_METHOD_SEGMENTS);
	CHECK(seg(&s.res, "entry stub") == NULL);
	CHECK(seg(&s.res, "kernel") &&
	      s.res.entry == seg(&s.res, "kernel")->mem);
	setup_free(&s);
	free(k);
}

static uint8_t *gzip_of(const uint8_t *in, size_t len, size_t *out_len)
{
	z_stream zs = { 0 };
	uint8_t *out = malloc(len + 1024);

	deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
		     Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)len + 1024;
	deflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return out;
}

static void test_gzip_arm64_image(void)
{
	uint8_t *k = make_image(0, IMAGE_SIZE), *gz;
	struct setup s;
	size_t len;

	gz = gzip_of(k, IMAGE_SIZE, &len);
	setup_init(&s, "aarch64", gz, len);
	CHECK_INT(run(&s), 0);
	CHECK_STR(s.res.arch, "arm64");
	setup_free(&s);
	/* cut short: a clear error, not a crash */
	setup_init(&s, "aarch64", gz, len / 2);
	CHECK_INT(run(&s), -ENOEXEC);
	CHECK(strstr(s.res.message, "gzip") != NULL);
	setup_free(&s);
	free(gz);
	free(k);
}

static void test_zstd_kernel_named(void)
{
	static const uint8_t zst[64] = { 0x28, 0xb5, 0x2f, 0xfd };
	struct setup s;

	setup_init(&s, "aarch64", zst, sizeof(zst));
	CHECK_INT(run(&s), -ENOEXEC);
	CHECK(strstr(s.res.message, "compressed with zstd") != NULL);
	setup_free(&s);
}

static void test_efi_application_refused(void)
{
	uint8_t b[512] = { 'M', 'Z' };
	struct setup s;

	put32(b + 0x3c, 0x80);
	memcpy(b + 0x80, "PE\0\0", 4);
	put16(b + 0x84, 0x8664);
	setup_init(&s, "x86_64", b, sizeof(b));
	CHECK_INT(run(&s), -ENOEXEC);
	CHECK(strstr(s.res.message, "EFI application for x86_64") != NULL);
	setup_free(&s);
}

/* A minimal arm64 vmlinux: one PT_LOAD at 0x40200000, virtual entry. */
static uint8_t *make_elf(size_t *len)
{
	uint8_t *b = calloc(1, 0x3000);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(*eh));

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_AARCH64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0xffff800010000040ull;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_offset = 0x1000;
	ph->p_vaddr = 0xffff800010000000ull;
	ph->p_paddr = 0x40200000;
	ph->p_filesz = 0x2000;
	ph->p_memsz = 0x5000;
	ph->p_align = 0x1000;
	*len = 0x3000;
	return b;
}

static void test_arm64_elf_kernel_fixed(void)
{
	size_t len;
	uint8_t *k = make_elf(&len);
	struct setup s;

	setup_init(&s, "aarch64", k, len);
	add_dtb(&s, "base.dts");
	CHECK_INT(run(&s), 0);
	CHECK(seg(&s.res, "kernel") &&
	      seg(&s.res, "kernel")->mem == 0x40200000 &&
	      seg(&s.res, "kernel")->memsz == 0x5000);
	setup_free(&s);
	/* an ELF kernel wanting a reserved hole */
	((Elf64_Phdr *)(k + sizeof(Elf64_Ehdr)))->p_paddr = 0xf85e0000;
	setup_init(&s, "aarch64", k, len);
	add_dtb(&s, "base.dts");
	CHECK_INT(run(&s), -EADDRNOTAVAIL);
	CHECK_INT(s.res.stage, LOAD_STAGE_MEMORY);
	CHECK(strstr(s.res.message, "not free System RAM") != NULL);
	setup_free(&s);
	free(k);
}

/*
 * x86_64 builds lay bzImages out as segments (test-x86.c); this header
 * has no init_size, which that path refuses. Other builds cannot.
 */
static void test_x86_segments(void)
{
	uint8_t *k = make_bzimage();
	struct setup s;

	setup_init(&s, "x86_64", k, BZ_SIZE);
	s.req.flags |= LOAD_SEGMENTS;
#ifdef CONFIG_ARCH_X86_64
	CHECK_INT(run(&s), -ENOEXEC);
	CHECK_INT(s.res.stage, LOAD_STAGE_KERNEL);
	CHECK(strstr(s.res.message, "asks for 0 bytes") != NULL);
#else
	CHECK_INT(run(&s), -EOPNOTSUPP);
	CHECK(strstr(s.res.message, "only for arm64 and riscv") != NULL);
#endif
	setup_free(&s);
	free(k);
}

static void test_bad_requests(void)
{
	uint8_t *k = make_bzimage();
	struct setup s;

	setup_init(&s, "x86_64", k, BZ_SIZE);
	s.req.flags &= ~(unsigned)LOAD_DRY_RUN;	/* machine needs dry run */
	CHECK_INT(run(&s), -EINVAL);
	CHECK_INT(s.res.stage, LOAD_STAGE_REQUEST);
	setup_free(&s);
	setup_init(&s, "vax", k, BZ_SIZE);
	CHECK_INT(run(&s), -EINVAL);
	CHECK(strstr(s.res.message, "vax") != NULL);
	setup_free(&s);
	setup_init(&s, "x86_64", k, BZ_SIZE);
	s.initrds[0].fd = -1;
	s.req.n_initrds = 1;
	CHECK_INT(run(&s), -EBADF);
	s.req.n_initrds = 0;
	setup_free(&s);
	free(k);
}

static void test_empty_files(void)
{
	uint8_t *k = make_bzimage();
	struct setup s;

	setup_init(&s, "x86_64", k, 0);
	CHECK_INT(run(&s), -EINVAL);
	CHECK_STR(s.res.message, "cannot load sda2:/vmlinuz: the file is "
		  "empty");
	setup_free(&s);
	setup_init(&s, "x86_64", k, BZ_SIZE);
	add_initrd(&s, "sda2:/empty.img", 0);
	CHECK_INT(run(&s), -EINVAL);
	CHECK_INT(s.res.stage, LOAD_STAGE_INITRD);
	CHECK(strstr(s.res.message, "initrd sda2:/empty.img is empty") !=
	      NULL);
	setup_free(&s);
	free(k);
}

static void test_kernel_not_regular_file(void)
{
	struct setup s;
	int p[2];

	CHECK_INT(pipe(p), 0);
	setup_init(&s, "x86_64", "", 0);
	close(s.req.kernel.fd);
	s.req.kernel.fd = p[0];
	s.req.kernel.name = NULL;
	CHECK_INT(run(&s), -EINVAL);
	CHECK(strstr(s.res.message, "not a regular file") != NULL);
	CHECK(strstr(s.res.message, "fd ") != NULL);
	setup_free(&s);
	close(p[1]);
}

static void test_result_clear_accepts_null(void)
{
	struct load_result r = { 0 };

	load_result_clear(NULL);
	load_result_clear(&r);
	CHECK(r.kernel == NULL);
}

static const struct test_case cases[] = {
	TEST(test_x86_file_load_two_initrds),
	TEST(test_arm64_kernel_refused_on_x86),
	TEST(test_x86_kernel_refused_on_arm64),
	TEST(test_cmdline_limit_x86),
	TEST(test_cmdline_limit_arm64),
	TEST(test_arm64_without_dtb_uses_file_load),
	TEST(test_arm64_dtb_and_overlay_as_segments),
	TEST(test_signed_only),
	TEST(test_initrds_padded_to_4),
	TEST(test_arm64_pass_running_tree),
	TEST(test_arm64_no_running_tree),
	TEST(test_arm64_overlay_fails_clearly),
	TEST(test_riscv_segments_without_stub),
	TEST(test_gzip_arm64_image),
	TEST(test_zstd_kernel_named),
	TEST(test_efi_application_refused),
	TEST(test_arm64_elf_kernel_fixed),
	TEST(test_x86_segments),
	TEST(test_bad_requests),
	TEST(test_empty_files),
	TEST(test_kernel_not_regular_file),
	TEST(test_result_clear_accepts_null),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
