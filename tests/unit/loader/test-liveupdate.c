/*
 * test-liveupdate.c: live updates and crash kernels in the loader: the
 * command line keeps or gets kho=on liveupdate=on, the checks of the
 * running kernel, the kexec state read back, and their sentences.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader/liveupdate.h"
#include "loader/loader.h"
#include "tests/unit/loader/helpers.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void check_cmdline(const char *in, const char *want)
{
	char *out = NULL;

	CHECK_INT(liveupdate_cmdline(in, &out), 0);
	CHECK_STR(out, want);
	free(out);
}

static void test_cmdline_added(void)
{
	check_cmdline(NULL, "kho=on liveupdate=on");
	check_cmdline("", "kho=on liveupdate=on");
	check_cmdline("   ", "kho=on liveupdate=on");
	check_cmdline("console=ttyS0 quiet",
		      "console=ttyS0 quiet kho=on liveupdate=on");
}

static void test_cmdline_kept(void)
{
	check_cmdline("kho=on liveupdate=on", "kho=on liveupdate=on");
	check_cmdline("liveupdate=1 root=/dev/vda kho=y",
		      "liveupdate=1 root=/dev/vda kho=y");
	check_cmdline("kho=ON  quiet", "kho=ON quiet liveupdate=on");
}

static void test_cmdline_turned_on(void)
{
	check_cmdline("kho=off liveupdate=0",
		      "kho=on liveupdate=on");
	check_cmdline("liveupdate=on liveupdate=off",
		      "liveupdate=on liveupdate=on kho=on");
	check_cmdline("kho=", "kho=on liveupdate=on");
}

static void test_cmdline_lookalikes(void)
{
	/* other parameters that merely start the same are left alone */
	check_cmdline("kho_scratch=16M,64M,16M khoo=off",
		      "kho_scratch=16M,64M,16M khoo=off kho=on "
		      "liveupdate=on");
	check_cmdline("x=\"kho=off y\"", "x=\"kho=off y\" kho=on "
		      "liveupdate=on");
}

static void test_cmdline_init_args(void)
{
	/* what follows -- goes to init; the kernel must see ours first */
	check_cmdline("quiet -- single kho=off",
		      "quiet kho=on liveupdate=on -- single kho=off");
	check_cmdline("-- x", "kho=on liveupdate=on -- x");
}

static char root[] = "/tmp/baton-lu-XXXXXX";

static void write_at(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void test_check_and_systemd(void)
{
	CHECK_INT(liveupdate_check(root), -ENODEV);
	CHECK(!liveupdate_systemd_pid1(root));
	CHECK_INT(mkdirs_under(root, "sys/class/misc/liveupdate"), 0);
	CHECK_INT(mkdirs_under(root, "run/systemd/system"), 0);
	CHECK_INT(liveupdate_check(root), 0);
	CHECK(liveupdate_systemd_pid1(root));
}

static void test_state_read(void)
{
	struct kexec_state st;
	char sys[256];

	snprintf(sys, sizeof(sys), "%s/nosys", root);
	CHECK_INT(kexec_state_read(sys, &st), -ENOENT);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	CHECK_INT(mkdirs_under(root, "sys/kernel"), 0);
	write_at("sys/kernel/kexec_loaded", "1\n");
	write_at("sys/kernel/kexec_crash_loaded", "0\n");
	write_at("sys/kernel/kexec_crash_size", "268435456\n");
	CHECK_INT(kexec_state_read(sys, &st), 0);
	CHECK_INT(st.loaded, 1);
	CHECK_INT(st.crash_loaded, 0);
	CHECK(st.crash_size == 268435456LL);
	write_at("sys/kernel/kexec_crash_size", "junk\n");
	write_at("sys/kernel/kexec_loaded", "");
	CHECK_INT(kexec_state_read(sys, &st), 0);
	CHECK_INT(st.loaded, -1);
	CHECK(st.crash_size == -1);
}

/* A dry-run load of a bzImage with flags; the result in res. */
static int load_bz(unsigned int flags, const char *cmdline,
		   struct load_result *res)
{
	uint8_t *bz = make_bzimage();
	struct load_request req = {
		.kernel = { fd_with(bz, BZ_SIZE), "bzImage" },
		.dtb = { -1, NULL }, .cmdline = cmdline,
		.flags = LOAD_DRY_RUN | flags, .machine = "x86_64",
	};
	int ret = loader_load(&req, res);

	close(req.kernel.fd);
	free(bz);
	return ret;
}

static void test_load_live_update(void)
{
	struct load_result res;

	CHECK_INT(load_bz(LOAD_LIVE_UPDATE, "console=ttyS0 kho=off", &res),
		  0);
	CHECK_STR(res.cmdline, "console=ttyS0 kho=on liveupdate=on");
	CHECK(strstr(res.message, "for a live update") != NULL);
	CHECK(res.method == LOAD_METHOD_FILE);
	load_result_clear(&res);
	/* KHO rides only on kexec_file_load: segments are refused */
	CHECK_INT(load_bz(LOAD_LIVE_UPDATE | LOAD_SEGMENTS, NULL, &res),
		  -EOPNOTSUPP);
	CHECK(res.stage == LOAD_STAGE_LIVEUPDATE);
	CHECK(strstr(res.message, "kexec_file_load") != NULL);
	load_result_clear(&res);
}

static void test_load_crash(void)
{
	struct load_result res;

	CHECK_INT(load_bz(LOAD_CRASH, "console=ttyS0", &res), 0);
	CHECK_STR(res.cmdline, "console=ttyS0");
	CHECK(strstr(res.message, "as the crash kernel") != NULL);
	load_result_clear(&res);
	CHECK_INT(load_bz(LOAD_CRASH | LOAD_LIVE_UPDATE, NULL, &res),
		  -EINVAL);
	CHECK(strstr(res.message, "a panic hands nothing over") != NULL);
	load_result_clear(&res);
	CHECK_INT(load_bz(LOAD_CRASH | LOAD_SEGMENTS, NULL, &res),
		  -EOPNOTSUPP);
	CHECK(res.stage == LOAD_STAGE_CRASH);
	load_result_clear(&res);
}

/* Each sentence is ours, not strerror's, and names what to do. */
static void check_sentence(int err, enum load_stage stage, const char *has)
{
	const char *m = loader_strerror(-err, stage);

	if (!strstr(m, has)) {
		printf("#   %s %d: \"%s\" lacks \"%s\"\n",
		       loader_stage_name(stage), err, m, has);
		CHECK(0);
	}
}

static void test_sentences(void)
{
	check_sentence(ENOMEM, LOAD_STAGE_CRASH, "crashkernel=SIZE");
	check_sentence(EADDRNOTAVAIL, LOAD_STAGE_CRASH, "reserve more");
	check_sentence(EOPNOTSUPP, LOAD_STAGE_CRASH, "kexec_file_load");
	check_sentence(ENOSYS, LOAD_STAGE_CRASH, "CONFIG_CRASH_DUMP");
	check_sentence(EBUSY, LOAD_STAGE_CRASH, "try again");
	check_sentence(ENODEV, LOAD_STAGE_LIVEUPDATE, "liveupdate=on");
	check_sentence(EOPNOTSUPP, LOAD_STAGE_LIVEUPDATE, "kexec_file_load");
	check_sentence(EBUSY, LOAD_STAGE_LIVEUPDATE, "/dev/liveupdate");
	check_sentence(ENOLINK, LOAD_STAGE_LIVEUPDATE, "liveupdate_drop");
	CHECK_STR(loader_stage_name(LOAD_STAGE_CRASH), "crash kernel");
	CHECK_STR(loader_stage_name(LOAD_STAGE_LIVEUPDATE), "live update");
}

static const struct test_case cases[] = {
	TEST(test_cmdline_added),
	TEST(test_cmdline_kept),
	TEST(test_cmdline_turned_on),
	TEST(test_cmdline_lookalikes),
	TEST(test_cmdline_init_args),
	TEST(test_check_and_systemd),
	TEST(test_state_read),
	TEST(test_load_live_update),
	TEST(test_load_crash),
	TEST(test_sentences),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main_in(root, argc, argv, cases);
}
