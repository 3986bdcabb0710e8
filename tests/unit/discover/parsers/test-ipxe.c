/*
 * test-ipxe.c: iPXE scripts: settings (${net0/mac:hexhyp}, set), images
 * and their names, imgargs, initrd= on the kernel line, chain to scripts
 * and to kernels, menus (an option per item, the default, the timeout),
 * && and ||, goto, and hostile scripts (loops, cycles, no #!ipxe).
 */
#include "discover/parsers/netboot.h"
#include "tests/unit/discover/parsers/harness.h"
#include "tests/unit/discover/parsers/urlfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static const struct source_info server = {
	.name = (char *)"eth0", .kind = (char *)"network",
	.url = (char *)"http://10.0.0.2",
};

static const struct netboot_env env = {
	.interface = "eth0", .mac = "52:54:00:ab:cd:ef", .ip = "10.0.0.53",
	.server = "10.0.0.1", .filename = "boot.ipxe",
};

#define S "http://10.0.0.2/s/"

static const struct urlfs_file files[] = {
	{ S "simple.ipxe",
	  "#!ipxe\n# a comment\ndhcp\nset base http://10.0.0.2/os\n"
	  "kernel ${base}/vmlinuz console=ttyS0 BOOTIF=01-${net0/mac:hexhyp} ip=${ip}\n"
	  "initrd --name rd ${base}/initrd.img\nboot\n" },
	{ S "named.ipxe",
	  "#!ipxe\nkernel vmlinuz initrd=b.img quiet\ninitrd a.img\n"
	  "initrd --name b.img http://10.0.0.9/bb\nboot\n" },
	{ S "dupname.ipxe",
	  "#!ipxe\nkernel vmlinuz initrd=x\ninitrd --name x a\ninitrd --name x b\nboot\n" },
	{ S "imgargs.ipxe",
	  "#!ipxe\nkernel --name k vmlinuz\nimgargs k root=/dev/nfs ${undefined}x\n"
	  "boot k\n" },
	{ S "chain.ipxe", "#!ipxe\nchain --autofree next.ipxe\n" },
	{ S "next.ipxe", "#!ipxe\nchain http://10.0.0.3/vmlinuz quiet\n" },
	{ S "cycle-a.ipxe", "#!ipxe\nchain cycle-b.ipxe\n" },
	{ S "cycle-b.ipxe", "#!ipxe\nchain cycle-a.ipxe\n" },
	{ S "menu.ipxe",
	  "#!ipxe\n:start\nmenu Pick one\nitem --gap -- Linux\n"
	  "item deb Debian 12\nitem --key r rescue Rescue shell\nitem shell iPXE shell\n"
	  "choose --default rescue --timeout 5000 target && goto ${target}\n"
	  ":deb\nkernel deb/vmlinuz quiet\ninitrd deb/initrd.gz\nboot || goto start\n"
	  ":rescue\nkernel deb/vmlinuz single\nboot || goto start\n"
	  ":shell\nshell\n" },
	{ S "cond.ipxe",
	  "#!ipxe\niseq ${buildarch} x86_64 && set k vmlinuz-x86 || set k vmlinuz-arm\n"
	  "isset ${nothing} || set extra none\n"
	  "kernel ${k} extra=${extra}\nfrobnicate now\nboot\n" },
	{ S "loop.ipxe", "#!ipxe\n:again\nset x y\ngoto again\n" },
	{ S "notscript.ipxe", "DEFAULT linux\n" },
	{ S "scheme.ipxe", "#!ipxe\nkernel file:///boot/vmlinuz\nboot\n" },
	{ S "noboot.ipxe", "#!ipxe\nkernel vmlinuz\nsanboot iscsi:10.0.0.1::::iqn\n" },
};

static struct parse_ctx *run(const char *name)
{
	static struct parse_ctx ctx;
	static struct urlfs fs;
	static bool used;
	char url[256];

	if (used)
		parse_ctx_release(&ctx);
	used = true;
	fs = (struct urlfs)URLFS(files);
	urlfs_ctx(&ctx, &fs, &server);
	ctx.arch = "x86_64";
	snprintf(url, sizeof(url), S "%s", name);
	CHECK_INT(ipxe_parse(&ctx, url, &env), 0);
	return &ctx;
}

static void check_opt(struct parse_ctx *c, size_t i, const char *name,
		      const char *files_want, const char *cmdline)
{
	struct boot_option *o = memfs_opt(c, i);
	char *got = o ? urlfs_files(o) : NULL;

	CHECK(o != NULL);
	if (!o)
		return;
	CHECK_STR(o->name, name);
	CHECK_STR(got, files_want);
	CHECK_STR(o->cmdline, cmdline);
	CHECK_STR(o->parser, "ipxe");
	free(got);
}

static void test_settings_and_images(void)
{
	struct parse_ctx *c = run("simple.ipxe");

	CHECK_INT(c->options.n, 1);
	check_opt(c, 0, "vmlinuz", "http://10.0.0.2/os/vmlinuz | "
		  "http://10.0.0.2/os/initrd.img",
		  "console=ttyS0 BOOTIF=01-52-54-00-ab-cd-ef ip=10.0.0.53");
	CHECK(memfs_opt(c, 0) && memfs_opt(c, 0)->is_default);
	CHECK_STR(memfs_opt(c, 0) ? memfs_opt(c, 0)->config : NULL, S "simple.ipxe");
	CHECK_INT(c->diags.n, 0);
}

static void test_initrd_named_on_kernel_line(void)
{
	struct parse_ctx *c = run("named.ipxe");

	check_opt(c, 0, "vmlinuz", S "vmlinuz | http://10.0.0.9/bb",
		  "initrd=b.img quiet");
}

static void test_initrd_name_twice(void)
{
	struct parse_ctx *c = run("dupname.ipxe");

	check_opt(c, 0, "vmlinuz", S "vmlinuz | " S "a", "initrd=x");
}

static void test_imgargs(void)
{
	struct parse_ctx *c = run("imgargs.ipxe");

	check_opt(c, 0, "k", S "vmlinuz", "root=/dev/nfs x");
}

static void test_chain(void)
{
	struct parse_ctx *c = run("chain.ipxe");

	CHECK_INT(c->options.n, 1);
	check_opt(c, 0, "vmlinuz", "http://10.0.0.3/vmlinuz", "quiet");
	CHECK_STR(memfs_opt(c, 0) ? memfs_opt(c, 0)->config : NULL, S "next.ipxe");
}

static void test_chain_cycle(void)
{
	struct parse_ctx *c = run("cycle-a.ipxe");

	CHECK_INT(c->options.n, 0);
	CHECK(memfs_diag(c, "chain cycle: " S "cycle-a.ipxe is already running"));
}

static void test_menu(void)
{
	struct parse_ctx *c = run("menu.ipxe");

	CHECK_INT(c->options.n, 2);
	check_opt(c, 0, "Debian 12", S "deb/vmlinuz | " S "deb/initrd.gz", "quiet");
	check_opt(c, 1, "Rescue shell", S "deb/vmlinuz", "single");
	CHECK(memfs_opt(c, 0) && !memfs_opt(c, 0)->is_default);
	CHECK(memfs_opt(c, 1) && memfs_opt(c, 1)->is_default);
	CHECK(c->has_timeout && c->timeout == 5);
	CHECK_INT(c->diags.n, 0);
}

static void test_and_or(void)
{
	struct parse_ctx *c = run("cond.ipxe");

	check_opt(c, 0, "vmlinuz-x86", S "vmlinuz-x86", "extra=none");
	CHECK(memfs_diag(c, S "cond.ipxe:5: unknown command 'frobnicate'"));
}

static void test_hostile(void)
{
	struct parse_ctx *c = run("loop.ipxe");

	CHECK_INT(c->options.n, 0);
	CHECK(memfs_diag(c, "commands run: stopped"));
	c = run("notscript.ipxe");
	CHECK(memfs_diag(c, "not an iPXE script (no #!ipxe)"));
	c = run("missing.ipxe");
	CHECK(memfs_diag(c, "cannot read " S "missing.ipxe"));
	c = run("noboot.ipxe");
	CHECK_INT(c->options.n, 0);
	CHECK(memfs_diag(c, "sanboot: SAN disks are not booted"));
}

static void test_refused_scheme(void)
{
	struct parse_ctx *c = run("scheme.ipxe");
	struct boot_option *o = memfs_opt(c, 0);

	CHECK_STR(o ? o->error : NULL, "file:///boot/vmlinuz: the scheme is "
		  "refused: baton fetches only tftp://, http:// and https://");
	run("simple.ipxe");	/* releases the last context */
}

static const struct test_case cases[] = {
	TEST(test_settings_and_images),
	TEST(test_initrd_named_on_kernel_line),
	TEST(test_initrd_name_twice),
	TEST(test_imgargs),
	TEST(test_chain),
	TEST(test_chain_cycle),
	TEST(test_menu),
	TEST(test_and_or),
	TEST(test_hostile),
	TEST(test_refused_scheme),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
