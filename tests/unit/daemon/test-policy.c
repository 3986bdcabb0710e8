/*
 * test-policy.c: which option autoboot boots, as a table: one row per
 * situation (settings, the BMC's override, options present, options
 * already tried) and the option and rule policy_choose() must give.
 */
#include <stdbool.h>

#include "daemon/policy.h"
#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static struct source_info sources[] = {
	{ .name = "sda1", .kind = "disk", .uuid = "0aa1-1111",
	  .label = "ROOT", .partuuid = "5e1f-01", .partlabel = "root",
	  .fstype = "ext4" },
	{ .name = "sdb1", .kind = "usb", .uuid = "0bb2-2222",
	  .label = "STICK", .fstype = "vfat" },
	/* a hybrid ISO written to a stick: no optical drive */
	{ .name = "sdc1", .kind = "usb", .label = "HYBRID",
	  .fstype = "iso9660" },
	{ .name = "sr0", .kind = "cdrom", .label = "CDROM",
	  .fstype = "iso9660" },
	{ .name = "net0", .kind = "network" },
};

static struct boot_file found = { .path = "/vmlinuz" };
static struct boot_file lost = { .path = "/vmlinuz-gone", .missing = true };
static char *deb_ids[] = { "gnulinux-simple-abc", NULL };

/*
 * Every option, in menu order (sda1, sdb1, sdc1, sr0, net0, then a stray
 * one).
 */
static struct boot_option options[] = {
	{ .id = "deb", .name = "Debian GNU/Linux", .source = "sda1",
	  .kernel = &found, .ids = deb_ids },
	{ .id = "deb-rescue", .name = "Debian GNU/Linux (recovery mode)",
	  .source = "sda1", .kernel = &found },
	{ .id = "deb-510", .name = "Advanced options>Debian 5.10",
	  .source = "sda1", .kernel = &found, .is_default = true },
	{ .id = "missing", .name = "Missing kernel", .source = "sda1",
	  .kernel = &lost, .is_default = true },
	{ .id = "refused", .name = "Refused entry", .source = "sda1",
	  .kernel = &found, .error = "its kernel leaves its partition" },
	{ .id = "nokernel", .name = "No kernel line", .source = "sda1" },
	{ .id = "usb-live", .name = "Live USB", .source = "sdb1",
	  .kernel = &found },
	{ .id = "usb-install", .name = "Install Debian", .source = "sdb1",
	  .kernel = &found, .is_default = true },
	{ .id = "hybrid", .name = "Hybrid ISO", .source = "sdc1",
	  .kernel = &found },
	{ .id = "cd", .name = "CD Linux", .source = "sr0", .kernel = &found },
	{ .id = "pxe", .name = "Network boot", .source = "net0",
	  .kernel = &found },
	{ .id = "orphan", .name = "Orphan", .source = "gone",
	  .kernel = &found },
};

struct row {
	const char *next, *dflt, *order;
	bool no_config_default;
	enum bmc_action bmc;
	const char *tried;	/* ids, space-separated */
	const char *present;	/* ids, space-separated; NULL: every option */
	const char *want;	/* id, or NULL: nothing */
	enum policy_rule rule;
	bool unmatched;		/* "default" names nothing that can boot */
	bool by_bmc, unmet, wait;	/* as struct policy_choice says */
};

#define ALL_BOOTABLE \
	"deb deb-rescue deb-510 usb-live usb-install hybrid cd pxe orphan"

static const struct row rows[] = {
	/* 1-2: nothing set: the configs' own default, else the first */
	{ .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT },
	{ .no_config_default = true, .want = "deb", .rule = POLICY_FIRST },
	/* 3-9: each kind of default key */
	{ .dflt = "deb-rescue", .want = "deb-rescue",
	  .rule = POLICY_DEFAULT_ID },
	{ .dflt = "gnulinux-simple-abc", .want = "deb",
	  .rule = POLICY_DEFAULT_ID },
	{ .dflt = "Live*", .want = "usb-live", .rule = POLICY_DEFAULT_TITLE },
	{ .dflt = "Advanced options>Debian 5.10", .want = "deb-510",
	  .rule = POLICY_DEFAULT_TITLE },
	{ .dflt = "Debian*", .want = "deb", .rule = POLICY_DEFAULT_TITLE },
	{ .dflt = "*Debian*", .order = "usb disk", .want = "usb-install",
	  .rule = POLICY_DEFAULT_TITLE },
	{ .dflt = "*Debian*", .want = "deb", .rule = POLICY_DEFAULT_TITLE },
	/* 10-12: a default that names nothing bootable falls to the order */
	{ .dflt = "nothing-by-that-name", .want = "deb-510",
	  .rule = POLICY_CONFIG_DEFAULT, .unmatched = true },
	{ .dflt = "missing", .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT,
	  .unmatched = true },
	{ .dflt = "refused", .no_config_default = true, .want = "deb",
	  .rule = POLICY_FIRST, .unmatched = true },
	/* 13-14: a pattern may name a source outside the boot order */
	{ .dflt = "CD*", .order = "usb disk", .want = "cd",
	  .rule = POLICY_DEFAULT_TITLE },
	{ .dflt = "cd", .order = "usb", .want = "cd",
	  .rule = POLICY_DEFAULT_ID },
	/* 15-20: the one-shot "next" */
	{ .next = "usb-live", .want = "usb-live", .rule = POLICY_NEXT_ID },
	{ .next = "usb-live", .dflt = "deb", .want = "usb-live",
	  .rule = POLICY_NEXT_ID },
	{ .next = "CD*", .dflt = "deb", .want = "cd",
	  .rule = POLICY_NEXT_TITLE },
	{ .next = "nope", .dflt = "deb", .want = "deb",
	  .rule = POLICY_DEFAULT_ID },
	{ .next = "nope", .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT },
	{ .next = "usb-live", .dflt = "deb", .tried = "usb-live",
	  .want = "deb", .rule = POLICY_DEFAULT_ID },
	/* 21-30: boot order by kind, UUID, label, name */
	{ .order = "usb", .want = "usb-install",
	  .rule = POLICY_CONFIG_DEFAULT },
	{ .order = "usb", .no_config_default = true, .want = "usb-live",
	  .rule = POLICY_FIRST },
	{ .order = "cdrom disk", .want = "cd", .rule = POLICY_FIRST },
	{ .order = "label=STICK", .want = "usb-install",
	  .rule = POLICY_CONFIG_DEFAULT },
	{ .order = "uuid=0AA1-1111", .want = "deb-510",
	  .rule = POLICY_CONFIG_DEFAULT },
	{ .order = "partuuid=5e1f-01 usb", .no_config_default = true,
	  .want = "deb", .rule = POLICY_FIRST },
	{ .order = "name=sr0", .want = "cd", .rule = POLICY_FIRST },
	{ .order = "network disk", .want = "pxe", .rule = POLICY_FIRST },
	{ .order = "any", .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT },
	{ .order = "dir", .want = NULL, .rule = POLICY_NOTHING },
	/* 31-32: a better option arrives late (a USB stick after the disk) */
	{ .order = "usb disk", .present = "deb deb-510 cd",
	  .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT },
	{ .order = "usb disk", .want = "usb-install",
	  .rule = POLICY_CONFIG_DEFAULT },
	/* 33-38: fall-through after failures */
	{ .tried = "deb-510", .want = "usb-install",
	  .rule = POLICY_CONFIG_DEFAULT },
	{ .tried = "deb-510 usb-install", .want = "deb", .rule = POLICY_FIRST },
	{ .no_config_default = true, .tried = "deb", .want = "deb-rescue",
	  .rule = POLICY_FIRST },
	{ .order = "usb disk", .tried = "usb-install", .want = "usb-live",
	  .rule = POLICY_FIRST },
	{ .order = "usb disk", .tried = "usb-install usb-live hybrid",
	  .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT },
	{ .tried = ALL_BOOTABLE, .want = NULL, .rule = POLICY_NOTHING },
	/* 39-42: options that cannot boot, and sources no one knows */
	{ .present = "missing refused nokernel", .want = NULL,
	  .rule = POLICY_NOTHING },
	{ .present = "orphan", .want = "orphan", .rule = POLICY_FIRST },
	{ .present = "orphan", .order = "any", .want = NULL,
	  .rule = POLICY_NOTHING },
	{ .present = "orphan", .order = "disk", .dflt = "Orph*",
	  .want = "orphan", .rule = POLICY_DEFAULT_TITLE },
	/* 43: nothing at all yet */
	{ .present = "", .dflt = "deb", .want = NULL, .rule = POLICY_NOTHING,
	  .unmatched = true },
	/* 44-49: the BMC asks for the hard disk */
	{ .bmc = BMC_ACT_DISK, .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT,
	  .by_bmc = true },
	{ .bmc = BMC_ACT_DISK, .order = "usb cdrom", .want = "deb-510",
	  .rule = POLICY_CONFIG_DEFAULT, .by_bmc = true },
	{ .bmc = BMC_ACT_DISK, .dflt = "Live*", .want = "deb-510",
	  .rule = POLICY_CONFIG_DEFAULT, .by_bmc = true },
	{ .bmc = BMC_ACT_DISK, .dflt = "deb-rescue", .order = "usb",
	  .want = "deb-rescue", .rule = POLICY_DEFAULT_ID, .by_bmc = true },
	{ .bmc = BMC_ACT_DISK, .next = "usb-live", .want = "deb-510",
	  .rule = POLICY_CONFIG_DEFAULT, .by_bmc = true },
	{ .bmc = BMC_ACT_DISK, .tried = "deb deb-rescue deb-510",
	  .want = "usb-install", .rule = POLICY_CONFIG_DEFAULT, .unmet = true },
	/* 50-54: the BMC asks for CD/DVD: iso9660 or udf on sr* only */
	{ .bmc = BMC_ACT_OPTICAL, .want = "cd", .rule = POLICY_FIRST,
	  .by_bmc = true },
	{ .bmc = BMC_ACT_OPTICAL, .order = "disk", .dflt = "deb",
	  .want = "cd", .rule = POLICY_FIRST, .by_bmc = true },
	{ .bmc = BMC_ACT_OPTICAL, .present = "deb deb-510 hybrid",
	  .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT, .unmet = true },
	{ .bmc = BMC_ACT_OPTICAL, .tried = "cd", .dflt = "deb", .want = "deb",
	  .rule = POLICY_DEFAULT_ID, .unmet = true },
	{ .bmc = BMC_ACT_OPTICAL, .present = "cd", .order = "disk",
	  .want = "cd", .rule = POLICY_FIRST, .by_bmc = true },
	/* 55-56: the BMC asks for PXE */
	{ .bmc = BMC_ACT_NETWORK, .want = "pxe", .rule = POLICY_FIRST,
	  .by_bmc = true },
	{ .bmc = BMC_ACT_NETWORK, .present = "deb deb-510 cd",
	  .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT, .unmet = true },
	/* 57-59: safe mode, diagnostics or setup: no autoboot */
	{ .bmc = BMC_ACT_WAIT, .want = "deb-510", .rule = POLICY_CONFIG_DEFAULT,
	  .wait = true },
	{ .bmc = BMC_ACT_WAIT, .next = "cd", .want = "cd",
	  .rule = POLICY_NEXT_ID, .wait = true },
	{ .bmc = BMC_ACT_WAIT, .present = "", .want = NULL,
	  .rule = POLICY_NOTHING, .wait = true },
	/* 60: no override */
	{ .bmc = BMC_ACT_POLICY, .order = "cdrom", .want = "cd",
	  .rule = POLICY_FIRST },
};

static const struct source_info *source_named(const void *ctx,
					      const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sources); i++)
		if (streq(sources[i].name, name))
			return &sources[i];
	return NULL;
}

/* Is word w one of the space-separated words of list? */
static bool listed(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while ((p = strstr(p, w))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

static void check_row(size_t k, const struct row *r)
{
	struct boot_option *opts[ARRAY_SIZE(options)];
	char *tried[ARRAY_SIZE(options)];
	struct policy_input in = {
		.options = opts,
		.source = source_named,
		.next = r->next,
		.default_pattern = r->dflt,
		.boot_order = r->order,
		.config_default = !r->no_config_default,
		.bmc = r->bmc,
		.tried = tried,
	};
	struct policy_choice c;
	int before = test_failed_checks;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (!r->present || listed(r->present, options[i].id))
			opts[in.n_options++] = &options[i];
		if (r->tried && listed(r->tried, options[i].id))
			tried[in.n_tried++] = options[i].id;
	}
	policy_choose(&in, &c);
	if (r->want)
		CHECK_STR(c.option ? c.option->id : "(none)", r->want);
	else
		CHECK(c.option == NULL);
	CHECK_INT(c.rule, r->rule);
	CHECK_INT(c.default_unmatched, r->unmatched);
	CHECK_INT(c.by_bmc, r->by_bmc);
	CHECK_INT(c.bmc_unmet, r->unmet);
	CHECK_INT(c.wait, r->wait);
	CHECK(c.why && (c.option == NULL || *c.why));
	if (test_failed_checks != before)
		printf("#   in row %zu\n", k + 1);
}

static void test_table(void)
{
	size_t k;

	CHECK(ARRAY_SIZE(rows) >= 30);
	for (k = 0; k < ARRAY_SIZE(rows); k++)
		check_row(k, &rows[k]);
}

/* The reasons in words that the log and the menus show. */
static void test_reasons(void)
{
	struct boot_option *opts[] = { &options[0], &options[2] };
	char *tried[] = { "deb-510" };
	struct policy_input in = {
		.options = opts, .n_options = 2, .source = source_named,
		.config_default = true,
	};
	struct policy_choice c;

	policy_choose(&in, &c);
	CHECK_STR(c.why, "its config makes it the default");
	in.tried = tried;
	in.n_tried = 1;
	policy_choose(&in, &c);
	CHECK_STR(c.why, "first option that can boot");
	in.boot_order = "disk";
	policy_choose(&in, &c);
	CHECK_STR(c.why, "first option that can boot, by boot_order");
	in.default_pattern = "Debian*";
	policy_choose(&in, &c);
	CHECK_STR(c.why, "default matches its title");
	in.next = "deb";
	policy_choose(&in, &c);
	CHECK_STR(c.why, "next (one-shot) names its id");
	in.bmc = BMC_ACT_DISK;
	policy_choose(&in, &c);
	CHECK_STR(c.why, "the BMC's override: disk first");
	in.bmc = BMC_ACT_WAIT;
	policy_choose(&in, &c);
	CHECK_STR(c.why, "the BMC asks for no autoboot");
}

/* No source lookup at all: every option ranks alike without an order. */
static void test_without_sources(void)
{
	struct boot_option *opts[] = { &options[6], &options[7] };
	struct policy_input in = {
		.options = opts, .n_options = 2, .config_default = true,
	};
	struct policy_choice c;

	policy_choose(&in, &c);
	CHECK(c.option == &options[7]);
	in.boot_order = "usb";
	policy_choose(&in, &c);
	CHECK(c.option == NULL);
	CHECK_INT(c.rule, POLICY_NOTHING);
}

/*
 * At the countdown's end, autoboot waits for the network only when the BMC
 * asks for it, nothing there can boot yet, and it may still bring one.
 */
static void test_wait_for_network(void)
{
	struct boot_option *with_net[] = { &options[0], &options[10] };
	struct boot_option *disk_only[] = { &options[0] };
	char *pxe_tried[] = { "pxe" };
	struct policy_input in = {
		.options = disk_only, .n_options = 1, .source = source_named,
		.default_pattern = "Debian*", .bmc = BMC_ACT_NETWORK,
	};
	struct policy_choice c;

	/* the disk default, for now: wait while the network is pending */
	policy_choose(&in, &c);
	CHECK(c.option == &options[0]);
	CHECK(c.bmc_unmet);
	CHECK(policy_wait_for_network(&in, &c, true));
	CHECK(!policy_wait_for_network(&in, &c, false));
	/* the network option came: no wait, it boots */
	in.options = with_net;
	in.n_options = 2;
	policy_choose(&in, &c);
	CHECK(c.option == &options[10]);
	CHECK(c.by_bmc);
	CHECK(!policy_wait_for_network(&in, &c, true));
	/* it failed to boot: another lease may bring another, so wait */
	in.tried = pxe_tried;
	in.n_tried = 1;
	policy_choose(&in, &c);
	CHECK(c.option == &options[0]);
	CHECK(policy_wait_for_network(&in, &c, true));
	/* nothing can boot at all: the network is still worth the wait */
	in.default_pattern = NULL;
	in.boot_order = "usb";
	policy_choose(&in, &c);
	CHECK(c.option == NULL);
	CHECK(policy_wait_for_network(&in, &c, true));
	in.boot_order = NULL;
	in.tried = NULL;
	in.n_tried = 0;
	/* other overrides, or none, never wait for the network */
	in.options = disk_only;
	in.n_options = 1;
	in.bmc = BMC_ACT_DISK;
	policy_choose(&in, &c);
	CHECK(!policy_wait_for_network(&in, &c, true));
	in.bmc = BMC_ACT_OPTICAL;
	policy_choose(&in, &c);
	CHECK(c.bmc_unmet);
	CHECK(!policy_wait_for_network(&in, &c, true));
	in.bmc = BMC_ACT_WAIT;
	policy_choose(&in, &c);
	CHECK(!policy_wait_for_network(&in, &c, true));
	in.bmc = BMC_ACT_POLICY;
	policy_choose(&in, &c);
	CHECK(!policy_wait_for_network(&in, &c, true));
}

static const struct test_case cases[] = {
	TEST(test_table),
	TEST(test_reasons),
	TEST(test_without_sources),
	TEST(test_wait_for_network),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
