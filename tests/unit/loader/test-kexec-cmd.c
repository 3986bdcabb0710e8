/* test-kexec-cmd.c: `baton kexec`: options, messages, exit status. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader/kexec-cmd.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static char out[8192];

/* Run the verb with stdout and stderr captured into out. */
static int run(int argc, char **argv)
{
	char path[64];
	int fd = tmpfile_with("", 0, path), saved[2], ret;
	ssize_t n;

	fflush(stdout);
	fflush(stderr);
	saved[0] = dup(1);
	saved[1] = dup(2);
	dup2(fd, 1);
	dup2(fd, 2);
	optind = 0;
	ret = kexec_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved[0], 1);
	dup2(saved[1], 2);
	close(saved[0]);
	close(saved[1]);
	n = pread(fd, out, sizeof(out) - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return ret;
}

static void test_help(void)
{
	char *argv[] = { "kexec", "--help", NULL };

	CHECK_INT(run(2, argv), 0);
	CHECK(strstr(out, "usage: baton kexec --kernel K") != NULL);
	CHECK(strstr(out, "--overlay O") != NULL);
}

static void test_usage_errors(void)
{
	char *none[] = { "kexec", NULL };
	char *stray[] = { "kexec", "--kernel", "k", "extra", NULL };
	char *unknown[] = { "kexec", "--frobnicate", NULL };

	CHECK_INT(run(1, none), 2);
	CHECK(strstr(out, "usage") != NULL);
	CHECK_INT(run(4, stray), 2);
	CHECK_INT(run(2, unknown), 2);
}

static void test_missing_file(void)
{
	char *argv[] = { "kexec", "--kernel", "/nonexistent/vmlinuz",
			 "--dry-run", NULL };

	CHECK_INT(run(4, argv), 1);
	CHECK(strstr(out, "/nonexistent/vmlinuz: No such file") != NULL);
}

static void test_dry_run_x86(void)
{
	uint8_t *bz = make_bzimage();
	char kpath[64], ipath[64];
	int kfd = tmpfile_with(bz, BZ_SIZE, kpath);
	int ifd = tmpfile_with("initrd", 6, ipath);
	char *argv[] = { "kexec", "--kernel", kpath, "--initrd", ipath,
			 "--cmdline", "root=/dev/vda1", "--dry-run",
			 "--machine", "x86_64", "--time", NULL };

	CHECK_INT(run(11, argv), 0);
	CHECK(strstr(out, "would load") != NULL);
	CHECK(strstr(out, "with kexec_file_load") != NULL);
	CHECK(strstr(out, "time: reading files") != NULL);
	close(kfd);
	close(ifd);
	unlink(kpath);
	unlink(ipath);
	free(bz);
}

static void test_dry_run_arm64_segments(void)
{
	uint8_t *img = make_image(0, IMAGE_SIZE);
	size_t len = 0;
	void *dtb = dtb_compile("base.dts", &len);
	char kpath[64], dpath[64];
	int kfd = tmpfile_with(img, IMAGE_SIZE, kpath);
	int dfd = tmpfile_with(dtb, len, dpath);
	char *argv[] = { "kexec", "--kernel", kpath, "--dtb", dpath,
			 "--dry-run", "--machine", "aarch64", "--iomem",
			 FIXTURES "iomem-arm64-rpi4.txt", NULL };

	CHECK_INT(run(10, argv), 0);
	CHECK(strstr(out, "with kexec_load") != NULL);
	CHECK(strstr(out, "segment kernel          0x000000200000-0x00000021ffff") != NULL);
	CHECK(strstr(out, "segment entry stub") != NULL);
	close(kfd);
	close(dfd);
	unlink(kpath);
	unlink(dpath);
	free(img);
	free(dtb);
}

static void test_failure_message(void)
{
	uint8_t *img = make_image(0, IMAGE_SIZE);
	char kpath[64];
	int kfd = tmpfile_with(img, IMAGE_SIZE, kpath);
	char *argv[] = { "kexec", "--kernel", kpath, "--dry-run",
			 "--machine", "x86_64", NULL };

	CHECK_INT(run(6, argv), 1);
	CHECK(strstr(out, "baton kexec: cannot load") != NULL);
	CHECK(strstr(out, "this is an arm64 kernel; this machine is x86_64") !=
	      NULL);
	close(kfd);
	unlink(kpath);
	free(img);
}

/* Options that exclude each other, or need another, are usage errors. */
static void test_live_update_crash_usage(void)
{
	char *both[] = { "kexec", "--kernel", "k", "--crash",
			 "--live-update", NULL };
	char *crash_exec[] = { "kexec", "--kernel", "k", "--crash", "--exec",
			       NULL };
	char *lu_alone[] = { "kexec", "--live-update", "--exec", NULL };
	char *load_alone[] = { "kexec", "--kernel", "k", "--load", NULL };
	char *status_more[] = { "kexec", "--status", "--unload", NULL };

	CHECK_INT(run(5, both), 2);
	CHECK(strstr(out, "--crash and --live-update exclude") != NULL);
	CHECK_INT(run(5, crash_exec), 2);
	CHECK(strstr(out, "started by a panic") != NULL);
	CHECK_INT(run(3, lu_alone), 2);
	CHECK(strstr(out, "--live-update needs --kernel") != NULL);
	CHECK_INT(run(4, load_alone), 2);
	CHECK_INT(run(3, status_more), 2);
}

static char root[] = "/tmp/baton-kexec-XXXXXX";

/* Without /dev/liveupdate, --live-update says why and loads nothing. */
static void test_live_update_unavailable(void)
{
	uint8_t *bz = make_bzimage();
	char kpath[64];
	int kfd = tmpfile_with(bz, BZ_SIZE, kpath);
	char *argv[] = { "kexec", "--kernel", kpath, "--live-update",
			 "--root", root, "--dry-run", "--machine", "x86_64",
			 NULL };

	CHECK_INT(run(9, argv), 1);
	CHECK(strstr(out, "cannot do a live update") != NULL);
	CHECK(strstr(out, "liveupdate=on") != NULL);
	CHECK(strstr(out, "would load") == NULL);
	CHECK_INT(mkdirs_under(root, "sys/class/misc/liveupdate"), 0);
	CHECK_INT(run(9, argv), 0);
	CHECK(strstr(out, "would load") != NULL);
	CHECK(strstr(out, "for a live update") != NULL);
	close(kfd);
	unlink(kpath);
	free(bz);
}

static void test_status(void)
{
	char *argv[] = { "kexec", "--status", "--root", root, NULL };
	char path[160];
	FILE *f;

	CHECK_INT(mkdirs_under(root, "sys/kernel"), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel/kexec_crash_size", root);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("0\n", f);
	fclose(f);
	CHECK_INT(run(4, argv), 0);
	CHECK(strstr(out, "loaded: unknown") != NULL);
	CHECK(strstr(out, "crash reservation: none (boot with "
		      "crashkernel=SIZE)") != NULL);
	CHECK(strstr(out, "live update: available") != NULL);
}

static const struct test_case cases[] = {
	TEST(test_help),
	TEST(test_usage_errors),
	TEST(test_missing_file),
	TEST(test_dry_run_x86),
	TEST(test_dry_run_arm64_segments),
	TEST(test_failure_message),
	TEST(test_live_update_crash_usage),
	TEST(test_live_update_unavailable),
	TEST(test_status),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main_in(root, argc, argv, cases);
}
