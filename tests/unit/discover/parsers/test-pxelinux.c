/*
 * test-pxelinux.c: pxelinux configs read over the network: files under
 * the path prefix as URLs, IPAPPEND/SYSAPPEND 1 and 2, INCLUDE through the
 * network source (and an INCLUDE of itself refused), FDT/FDTDIR, PROXY,
 * a refused scheme; on a disk IPAPPEND adds nothing.
 */
#include "discover/parsers/netboot.h"
#include "tests/unit/discover/parsers/harness.h"
#include "tests/unit/discover/parsers/urlfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static const struct source_info server = {
	.name = (char *)"eth0", .kind = (char *)"network",
	.url = (char *)"tftp://10.0.0.1",
};

static const struct netboot_env env = {
	.interface = "eth0", .mac = "52:54:00:ab:cd:ef", .ip = "10.0.0.53",
	.netmask = "255.255.255.0", .gateway = "10.0.0.254",
	.server = "10.0.0.1",
};

#define CFG "tftp://10.0.0.1/pxelinux.cfg/01-52-54-00-ab-cd-ef"

static const struct urlfs_file files[] = {
	{ CFG,
	  "DEFAULT rescue\nTIMEOUT 50\nIPAPPEND 1\nPROXY http://10.0.0.9:3128\n"
	  "INCLUDE common.cfg\n"
	  "LABEL install\n MENU LABEL ^Install\n KERNEL vmlinuz\n"
	  " INITRD initrd.img,extra.img\n APPEND console=ttyS0\n IPAPPEND 2\n"
	  "LABEL rescue\n KERNEL /rescue/vmlinuz\n APPEND rescue\n"
	  "LABEL web\n KERNEL http://10.0.0.2/k/vmlinuz\n SYSAPPEND 3\n"
	  "LABEL board\n KERNEL Image\n FDT dtbs/board.dtb\n"
	  "LABEL boards\n KERNEL Image\n FDTDIR dtbs\n IPAPPEND 0\n"
	  "LABEL local\n KERNEL file:///etc/vmlinuz\n" },
	{ "tftp://10.0.0.1/boot/common.cfg",
	  "LABEL common\n KERNEL common/vmlinuz\n APPEND quiet\n" },
	{ "tftp://10.0.0.1/pxelinux.cfg/loop", "INCLUDE pxelinux.cfg/loop\n"
	  "LABEL a\n KERNEL a\n" },
};

static struct parse_ctx ctx;
static struct urlfs fs = URLFS(files);
static char *proxy;

static void parse_once(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	urlfs_ctx(&ctx, &fs, &server);
	CHECK_INT(pxelinux_parse(&ctx, CFG, "tftp://10.0.0.1/boot/", &env,
				 &proxy), 0);
}

static struct boot_option *named(const char *name)
{
	parse_once();
	return memfs_named(&ctx, name);
}

static void check_files(const char *name, const char *want)
{
	struct boot_option *o = named(name);
	char *got = o ? urlfs_files(o) : NULL;

	CHECK_STR(got, want);
	free(got);
}

static void test_files_under_prefix(void)
{
	check_files("Install", "tftp://10.0.0.1/boot/vmlinuz"
		    " | tftp://10.0.0.1/boot/initrd.img"
		    " | tftp://10.0.0.1/boot/extra.img");
	check_files("rescue", "tftp://10.0.0.1/rescue/vmlinuz");
	check_files("web", "http://10.0.0.2/k/vmlinuz");
	CHECK_STR(named("Install") ? named("Install")->config : NULL, CFG);
	CHECK_STR(named("Install") ? named("Install")->parser : NULL, "pxe");
	CHECK(named("Install") && named("Install")->kernel->path == NULL);
}

static void test_ipappend(void)
{
	struct boot_option *o;

	o = named("Install");	/* its own IPAPPEND 2 replaces the global 1 */
	CHECK_STR(o ? o->cmdline : NULL,
		  "console=ttyS0 BOOTIF=01-52-54-00-ab-cd-ef");
	o = named("rescue");	/* the global IPAPPEND 1 */
	CHECK_STR(o ? o->cmdline : NULL,
		  "rescue ip=10.0.0.53:10.0.0.1:10.0.0.254:255.255.255.0");
	o = named("web");	/* SYSAPPEND 3: both */
	CHECK_STR(o ? o->cmdline : NULL,
		  "ip=10.0.0.53:10.0.0.1:10.0.0.254:255.255.255.0 "
		  "BOOTIF=01-52-54-00-ab-cd-ef");
	o = named("boards");	/* IPAPPEND 0 */
	CHECK_STR(o ? o->cmdline : NULL, "");
}

static void test_include_over_network(void)
{
	check_files("common", "tftp://10.0.0.1/boot/common/vmlinuz");
	CHECK_STR(named("common") ? named("common")->config : NULL,
		  "tftp://10.0.0.1/boot/common.cfg");
}

static void test_fdt(void)
{
	check_files("board", "tftp://10.0.0.1/boot/Image"
		    " | dtb tftp://10.0.0.1/boot/dtbs/board.dtb");
	check_files("boards", "tftp://10.0.0.1/boot/Image"
		    " | dtb tftp://10.0.0.1/boot/dtbs/");
}

static void test_default_timeout_proxy(void)
{
	struct boot_option *o = named("rescue");

	CHECK(o && o->is_default);
	CHECK(ctx.has_timeout && ctx.timeout == 5);
	CHECK_STR(proxy, "http://10.0.0.9:3128");
}

static void test_refused_scheme(void)
{
	struct boot_option *o = named("local");

	CHECK_STR(o ? o->error : NULL, "file:///etc/vmlinuz: the scheme is "
		  "refused: baton fetches only tftp://, http:// and https://");
	CHECK(named("rescue") && !named("rescue")->error);
}

static void test_include_itself(void)
{
	struct urlfs f2 = URLFS(files);
	struct parse_ctx c;

	urlfs_ctx(&c, &f2, &server);
	CHECK_INT(pxelinux_parse(&c, "tftp://10.0.0.1/pxelinux.cfg/loop",
				 "tftp://10.0.0.1/", &env, NULL), 0);
	CHECK_INT(c.options.n, 1);
	CHECK(memfs_diag(&c, "INCLUDE cycle: /pxelinux.cfg/loop is already being read"));
	parse_ctx_release(&c);
}

static void test_other_origin_refused(void)
{
	struct urlfs f2 = URLFS(files);
	struct parse_ctx c;

	urlfs_ctx(&c, &f2, &server);
	CHECK_INT(pxelinux_parse(&c, "tftp://10.0.0.2/x", "tftp://10.0.0.1/",
				 &env, NULL), -EINVAL);
	CHECK_INT(pxelinux_parse(&c, "tftp://10.0.0.10/x", "tftp://10.0.0.1/",
				 &env, NULL), -EINVAL);
	parse_ctx_release(&c);
}

static void test_disk_ignores_ipappend(void)
{
	static const struct memfs_file disk[] = {
		{ "/syslinux.cfg", "IPAPPEND 3\nPROXY http://x\nLABEL a\n"
		  " KERNEL /vmlinuz\n APPEND ro\n IPAPPEND 2\n", 0 },
		{ "/vmlinuz", "k", 0 },
	};
	struct memfs mfs = MEMFS(disk);
	struct parse_ctx c;

	CHECK_INT(memfs_run(&c, &mfs, "syslinux"), 0);
	CHECK_STR(memfs_opt(&c, 0) ? memfs_opt(&c, 0)->cmdline : NULL, "ro");
	parse_ctx_release(&c);
}

static void test_release(void)
{
	parse_once();
	parse_ctx_release(&ctx);
	free(proxy);
}

static const struct test_case cases[] = {
	TEST(test_files_under_prefix),
	TEST(test_ipappend),
	TEST(test_include_over_network),
	TEST(test_fdt),
	TEST(test_default_timeout_proxy),
	TEST(test_refused_scheme),
	TEST(test_include_itself),
	TEST(test_other_origin_refused),
	TEST(test_disk_ignores_ipappend),
	TEST(test_release),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
