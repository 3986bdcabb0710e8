/*
 * test-assemble.c: the child processes LVM and MD assembly run under: the
 * output is collected (bounded), the exit status returned, a tool that
 * hangs killed at its time bound; member types mapped to their tool, only
 * for the kinds built in (CONFIG_DISCOVER_LVM, CONFIG_DISCOVER_MDRAID: the
 * checks follow the build's .config); and the tools' arguments keep the
 * disks read-only.
 */
#include <errno.h>
#include <string.h>

#include "discover/assemble.h"
#include "lib/event.h"
#include "lib/util.h"
#include "tests/unit/test.h"

#define LVM_ON IS_ENABLED(CONFIG_DISCOVER_LVM)
#define MD_ON IS_ENABLED(CONFIG_DISCOVER_MDRAID)

TEST_GLOBALS;

static void test_output_and_status(void)
{
	char *argv[] = { "/bin/sh", "-c", "echo out; echo err >&2; exit 3",
			 NULL };
	char out[64];

	CHECK_INT(run_command(argv, 5000, out, sizeof(out)), 3);
	CHECK_STR(out, "out\nerr\n");
}

static void test_output_bounded(void)
{
	char *argv[] = { "/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do "
			 "echo 0123456789; i=$((i+1)); done", NULL };
	char out[16];

	CHECK_INT(run_command(argv, 5000, out, sizeof(out)), 0);
	CHECK_INT(strlen(out), 15);
}

static void test_timeout(void)
{
	char *argv[] = { "/bin/sh", "-c", "exec sleep 30", NULL };
	uint64_t t0 = event_now_ms();
	char out[16];

	CHECK_INT(run_command(argv, 200, out, sizeof(out)), -ETIMEDOUT);
	CHECK(event_now_ms() - t0 < 5000);
}

static void test_missing_program(void)
{
	char *argv[] = { "/nonexistent/lvm", NULL };
	char out[16];

	CHECK(run_command(argv, 1000, out, sizeof(out)) < 0 ||
	      run_command(argv, 1000, out, sizeof(out)) == 127);
}

static void test_kinds(void)
{
	CHECK_INT(assemble_kind_of("LVM2_member"), LVM_ON ? ASSEMBLE_LVM : -1);
	CHECK_INT(assemble_kind_of("linux_raid_member"),
		  MD_ON ? ASSEMBLE_MD : -1);
	CHECK_INT(assemble_kind_of("isw_raid_member"), MD_ON ? ASSEMBLE_MD : -1);
	CHECK_INT(assemble_kind_of("ddf_raid_member"), MD_ON ? ASSEMBLE_MD : -1);
	CHECK_INT(assemble_kind_of("ext4"), -1);
	CHECK_INT(assemble_kind_of("crypto_LUKS"), -1);
	CHECK_INT(assemble_kind_of(NULL), -1);
	CHECK_STR(assemble_name(ASSEMBLE_LVM), "LVM");
	CHECK_STR(assemble_name(ASSEMBLE_MD), "MD RAID");
}

/* Each kind is built in exactly when its Kconfig symbol is set. */
static void test_enabled_follows_config(void)
{
	CHECK_INT(assemble_enabled(ASSEMBLE_LVM), LVM_ON);
	CHECK_INT(assemble_enabled(ASSEMBLE_MD), MD_ON);
	CHECK_INT(assemble_enabled(ASSEMBLE_KINDS), 0);
}

/* A kind left out is never available and never runs, tool or no tool. */
static void test_disabled_kind_never_runs(void)
{
	char out[16] = "junk";
	int kind;

	for (kind = 0; kind < ASSEMBLE_KINDS; kind++) {
		if (assemble_enabled(kind))
			continue;
		CHECK_INT(assemble_available(kind), 0);
		CHECK_INT(assemble_run(kind, 1000, out, sizeof(out)),
			  -EOPNOTSUPP);
		CHECK_STR(out, "");
	}
}

/* true when the NULL-terminated list v holds s */
static bool has_arg(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (strstr(*v, s))
			return true;
	return false;
}

/* Assembling never writes: MD arrays start read-only, LVM metadata stays. */
static void test_args_read_only(void)
{
	const char *const *md = assemble_args(ASSEMBLE_MD);
	const char *const *lvm = assemble_args(ASSEMBLE_LVM);

	CHECK(has_arg(md, "--assemble"));
	CHECK(has_arg(md, "--scan"));
	CHECK(has_arg(md, "--readonly"));
	CHECK(!has_arg(md, "--force"));		/* both rewrite superblocks */
	CHECK(!has_arg(md, "--update"));
	CHECK(has_arg(lvm, "vgchange"));
	CHECK(has_arg(lvm, "-ay"));
	CHECK(has_arg(lvm, "metadata_read_only = 1"));
}

static const struct test_case cases[] = {
	TEST(test_output_and_status),
	TEST(test_output_bounded),
	TEST(test_timeout),
	TEST(test_missing_program),
	TEST(test_kinds),
	TEST(test_enabled_follows_config),
	TEST(test_disabled_kind_never_runs),
	TEST(test_args_read_only),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
