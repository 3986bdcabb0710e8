/*
 * test-assemble.c: LVM and MD assembly: member types mapped to their
 * tool, only for the kinds built in (CONFIG_DISCOVER_LVM,
 * CONFIG_DISCOVER_MDRAID: the checks follow the build's .config); and the
 * tools' arguments keep the disks read-only. (The child processes they
 * run under: tests/unit/lib/test-command.c.)
 */
#include <errno.h>
#include <string.h>

#include "discover/assemble.h"
#include "lib/util.h"
#include "tests/unit/test.h"

#define LVM_ON IS_ENABLED(CONFIG_DISCOVER_LVM)
#define MD_ON IS_ENABLED(CONFIG_DISCOVER_MDRAID)

TEST_GLOBALS;

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
