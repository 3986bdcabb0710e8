/*
 * test-syslinux.c: the syslinux/isolinux/extlinux parser on the fixture
 * folders of tests/data/syslinux (one behaviour each: INCLUDE cycle,
 * U-Boot FDTDIR, APPEND -, INITRD lists, submenus, COM32 modules, CONFIG,
 * ONTIMEOUT) and on hostile input built in memory.
 */
#include <stdio.h>
#include <time.h>

#include "lib/text.h"
#include "tests/unit/discover/parsers/dirfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define DATA "tests/data/syslinux/"

/* Names of all options, "|"-separated, into buf. */
static const char *names(struct parse_ctx *ctx, char *buf, size_t n)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < ctx->options.n && o < n; i++)
		o += snprintf(buf + o, n - o, "%s%s", i ? "|" : "",
			      memfs_opt(ctx, i)->name);
	return buf;
}

static void test_include_cycle(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "include-cycle",
				       "syslinux", NULL);
	char buf[256];

	CHECK_STR(names(&ctx, buf, sizeof(buf)), "first|from-a|from-b|last");
	CHECK(memfs_diag(&ctx, "/syslinux/b.cfg:3: INCLUDE cycle: "
			 "/syslinux/a.cfg is already being read"));
	CHECK(memfs_diag(&ctx, "/syslinux/b.cfg:4: INCLUDE cycle: "
			 "/syslinux/syslinux.cfg"));
	CHECK_INT(ctx.diags.n, 2);
	CHECK(memfs_opt(&ctx, 2) &&
	      streq(memfs_opt(&ctx, 2)->config, "/syslinux/b.cfg"));
	fixture_done(&ctx, fx);
}

static void test_uboot_fdt(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "fdtdir", "syslinux", NULL);
	struct boot_option *o;

	CHECK_INT(ctx.options.n, 3);
	CHECK(ctx.has_timeout && ctx.timeout == 3);
	o = memfs_named(&ctx, "Linux 6.6 (device tree from the folder)");
	if (o) {
		CHECK(o->is_default);
		CHECK_STR(memfs_path(o->kernel), "/boot/Image");
		/* a folder: the loader picks the machine's file in it */
		CHECK_STR(memfs_path(o->dtb), "/boot/dtbs/");
		CHECK_STR(memfs_path(o->initrds[0]), "/boot/initramfs.img");
		CHECK_STR(o->cmdline,
			  "root=/dev/mmcblk0p2 rw console=ttyS2,1500000");
	}
	o = memfs_named(&ctx, "Linux 6.6 (one device tree and overlays)");
	if (o) {
		CHECK_STR(memfs_path(o->dtb),
			  "/boot/dtbs/rockchip/rk3399-rockpro64.dtb");
		CHECK_INT(boot_array_len((void **)o->dtb_overlays), 2);
		CHECK_STR(memfs_path(o->dtb_overlays[1]),
			  "/boot/dtbs/overlays/b.dtbo");
	}
	o = memfs_named(&ctx, "L4T");
	CHECK(o && streq(memfs_path(o->dtb), "/boot/tegra.dtb") &&
	      streq(o->cmdline, "${cbootargs} root=PARTUUID=11aa-bbcc"));
	fixture_done(&ctx, fx);
}

static void test_append_dash_and_global(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "append-dash",
				       "syslinux", NULL);
	struct boot_option *o;

	CHECK_INT(ctx.options.n, 4);
	/* a label's APPEND replaces the global one (syslinux.txt) */
	o = memfs_named(&ctx, "own");
	CHECK(o && streq(o->cmdline, "console=tty0") && o->is_default);
	o = memfs_named(&ctx, "hyphen");
	CHECK(o && streq(o->cmdline, ""));
	/* "APPEND quiet" comes after LABEL global: it is global's own */
	o = memfs_named(&ctx, "global");
	CHECK(o && streq(o->cmdline, "quiet"));
	o = memfs_named(&ctx, "later");
	CHECK(o && streq(o->cmdline, "console=ttyS0"));
	CHECK(!ctx.has_timeout);
	fixture_done(&ctx, fx);
}

static void test_initrd_lists(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "initrd", "syslinux", NULL);
	struct boot_option *o;

	o = memfs_named(&ctx, "list");
	if (o) {
		CHECK_STR(memfs_path(o->kernel), "/boot/syslinux/vmlinuz");
		CHECK_INT(boot_array_len((void **)o->initrds), 3);
		CHECK_STR(memfs_path(o->initrds[0]),
			  "/boot/syslinux/ucode.img");
		CHECK_STR(memfs_path(o->initrds[1]), "/boot/initramfs.img");
		CHECK_STR(memfs_path(o->initrds[2]),
			  "/boot/syslinux/extra.cpio");
		CHECK_STR(o->cmdline, "root=/dev/sda1");
	}
	/* initrd= stays on the command line; the last one counts */
	o = memfs_named(&ctx, "append");
	if (o) {
		CHECK_STR(o->cmdline,
			  "root=/dev/sda1 initrd=a.img,b.img quiet initrd=c.img");
		CHECK_INT(boot_array_len((void **)o->initrds), 1);
		CHECK_STR(memfs_path(o->initrds[0]), "/boot/syslinux/c.img");
	}
	o = memfs_named(&ctx, "both");
	CHECK(o && boot_array_len((void **)o->initrds) == 1 &&
	      streq(memfs_path(o->initrds[0]), "/boot/syslinux/wins.img"));
	o = memfs_named(&ctx, "relative");
	CHECK(o && streq(memfs_path(o->kernel), "/boot/vmlinuz") &&
	      streq(memfs_path(o->initrds[0]), "/boot/syslinux/initrd.img"));
	fixture_done(&ctx, fx);
}

static void test_menus(void)
{
	struct boot_option *o;
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "menus", "syslinux", NULL);
	char buf[512];
	size_t i, defaults = 0;

	CHECK_STR(names(&ctx, buf, sizeof(buf)),
		  "Start the live system|"
		  "Advanced options>Start in safe mode|"
		  "Advanced options>Deeper>deep|"
		  "Tools and utilities>Rescue shell|"
		  "Install");
	for (i = 0; i < ctx.options.n; i++)
		defaults += memfs_opt(&ctx, i)->is_default;
	CHECK_INT(defaults, 1);
	o = memfs_named(&ctx, "Install");
	CHECK(o && o->is_default);
	CHECK(ctx.has_timeout && ctx.timeout == 6);	/* 55 tenths */
	CHECK_INT(ctx.diags.n, 0);
	fixture_done(&ctx, fx);
}

static void test_com32_modules(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "com32", "syslinux", NULL);
	struct boot_option *o;
	char buf[256];

	/* chain.c32, hdt.c32, LOCALBOOT, memdisk and floppy images skipped */
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "Xen|viac32|args|vmlinuz");
	o = memfs_named(&ctx, "Xen");
	if (o && o->modules && o->modules[0] && o->modules[1]) {
		CHECK_STR(o->kind, "multiboot");
		CHECK_STR(memfs_path(o->kernel), "/xen.gz");
		CHECK_STR(o->cmdline, "dom0_mem=1G");
		CHECK_STR(memfs_path(o->modules[0]->file), "/vmlinuz");
		CHECK_STR(o->modules[0]->cmdline, "/vmlinuz root=/dev/sda1 ro");
		CHECK_STR(memfs_path(o->modules[1]->file), "/initrd.img");
		CHECK(o->modules[2] == NULL);
	} else {
		CHECK(!"Xen has two modules");
	}
	o = memfs_named(&ctx, "viac32");
	CHECK(o && streq(memfs_path(o->kernel), "/vmlinuz") &&
	      streq(o->cmdline, "initrd=/initrd.img root=/dev/sda1") &&
	      streq(memfs_path(o->initrds[0]), "/initrd.img"));
	o = memfs_named(&ctx, "args");
	CHECK(o && streq(memfs_path(o->kernel), "/vmlinuz") &&
	      streq(o->cmdline, "root=/dev/sda1 quiet"));
	/* no KERNEL: the label's name is the kernel */
	o = memfs_named(&ctx, "vmlinuz");
	CHECK(o && streq(memfs_path(o->kernel), "/syslinux/vmlinuz"));
	fixture_done(&ctx, fx);
}

static void test_config_entries(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "config", "syslinux", NULL);
	struct boot_option *o;
	char buf[256];

	/* the loaded config's "local" boots as the main one: listed once */
	CHECK_STR(names(&ctx, buf, sizeof(buf)),
		  "Local system|Distro installer>Install distro");
	o = memfs_named(&ctx, "Local system");
	CHECK(o && o->is_default);
	o = memfs_named(&ctx, "Distro installer>Install distro");
	/* relative to the folder CONFIG's APPEND names */
	CHECK(o && streq(memfs_path(o->kernel), "/distro/isolinux/vmlinuz") &&
	      streq(memfs_path(o->initrds[0]), "/distro/isolinux/initrd.img") &&
	      !o->is_default);
	CHECK(!ctx.has_timeout);	/* only the first config's counts */
	CHECK_INT(ctx.diags.n, 0);
	fixture_done(&ctx, fx);
}

static void test_ontimeout_wins(void)
{
	struct parse_ctx ctx;
	struct dirfs *fx = fixture_run(&ctx, DATA "ontimeout", "syslinux",
				       NULL);

	CHECK_INT(ctx.options.n, 3);
	CHECK(memfs_named(&ctx, "c") && memfs_named(&ctx, "c")->is_default);
	CHECK(memfs_named(&ctx, "a") && !memfs_named(&ctx, "a")->is_default);
	CHECK(ctx.has_timeout && ctx.timeout == -1);	/* 0: wait */
	fixture_done(&ctx, fx);
}

/* ---- in memory -------------------------------------------------------- */

static void run_cfg(struct parse_ctx *ctx, const char *path, const char *cfg)
{
	static struct memfs_file files[1];
	static struct memfs fs;

	files[0] = (struct memfs_file){ path, cfg, 0 };
	fs = (struct memfs){ files, 1, 0 };
	memfs_run(ctx, &fs, "syslinux");
}

static void test_default_rules(void)
{
	struct parse_ctx ctx;

	/* UI: DEFAULT names a label, over MENU DEFAULT */
	run_cfg(&ctx, "/syslinux.cfg", "UI menu.c32\nDEFAULT b\n"
		"LABEL a\nMENU DEFAULT\nKERNEL /a\nLABEL b\nKERNEL /b\n");
	CHECK(memfs_named(&ctx, "b") && memfs_named(&ctx, "b")->is_default);
	parse_ctx_release(&ctx);
	/* DEFAULT starts the menu module: MENU DEFAULT decides */
	run_cfg(&ctx, "/syslinux.cfg", "DEFAULT vesamenu.c32\n"
		"LABEL a\nKERNEL /a\nLABEL b\nMENU DEFAULT\nKERNEL /b\n");
	CHECK(memfs_named(&ctx, "b") && memfs_named(&ctx, "b")->is_default);
	CHECK(!memfs_named(&ctx, "a")->is_default);
	parse_ctx_release(&ctx);
	/* labels with spaces (the menu takes the whole line) */
	run_cfg(&ctx, "/syslinux.cfg", "DEFAULT Debian Live (6.1)\n"
		"LABEL Other\nKERNEL /o\nLABEL Debian Live (6.1)\nKERNEL /d\n");
	CHECK(memfs_named(&ctx, "Debian Live (6.1)") &&
	      memfs_named(&ctx, "Debian Live (6.1)")->is_default);
	parse_ctx_release(&ctx);
	/* a hidden label is listed when it is what boots */
	run_cfg(&ctx, "/syslinux.cfg", "DEFAULT h\nLABEL v\nKERNEL /v\n"
		"LABEL h\nMENU HIDE\nKERNEL /h\nLABEL x\nMENU HIDE\nKERNEL /x\n");
	CHECK_INT(ctx.options.n, 2);
	CHECK(memfs_named(&ctx, "h") && memfs_named(&ctx, "h")->is_default);
	parse_ctx_release(&ctx);
}

/*
 * DEFAULT naming no label is a kernel and its options, as typed at the
 * boot: prompt (syslinux.txt, DEFAULT): an entry of its own, first and
 * default, titled with the DEFAULT text; the global APPEND goes before
 * its options; its path is relative like a LABEL's KERNEL.
 */
static void test_default_names_a_kernel(void)
{
	static const struct memfs_file files[] = {
		{ "/boot/syslinux/syslinux.cfg",
		  "PROMPT 0\nAPPEND console=ttyS0\n"
		  "DEFAULT vmlinuz initrd=initrd.img,extra.cpio "
		  "root=/dev/sda1\n"
		  "LABEL rescue\nKERNEL /boot/vmlinuz\nAPPEND single\n"
		  "INITRD /boot/rescue.img\n", 0 },
	};
	struct memfs fs = MEMFS(files);
	struct boot_option *o;
	struct parse_ctx ctx;
	char buf[256];

	memfs_run(&ctx, &fs, "syslinux");
	CHECK_STR(names(&ctx, buf, sizeof(buf)),
		  "vmlinuz initrd=initrd.img,extra.cpio root=/dev/sda1|rescue");
	o = memfs_opt(&ctx, 0);
	if (o && o->initrds && o->initrds[0] && o->initrds[1]) {
		CHECK(o->is_default);
		CHECK_STR(o->kind, "linux");
		CHECK_STR(memfs_path(o->kernel), "/boot/syslinux/vmlinuz");
		CHECK_STR(o->cmdline, "console=ttyS0 initrd=initrd.img,"
			  "extra.cpio root=/dev/sda1");
		CHECK_STR(memfs_path(o->initrds[0]),
			  "/boot/syslinux/initrd.img");
		CHECK_STR(memfs_path(o->initrds[1]),
			  "/boot/syslinux/extra.cpio");
		CHECK(!o->initrds[2]);
		CHECK_STR(o->config, "/boot/syslinux/syslinux.cfg");
		CHECK_STR(o->ids[0], "vmlinuz initrd=initrd.img,extra.cpio "
			  "root=/dev/sda1");
	} else {
		CHECK(!"the DEFAULT kernel has two initrds");
	}
	o = memfs_named(&ctx, "rescue");
	CHECK(o && !o->is_default && streq(o->cmdline, "single"));
	CHECK(ctx.has_timeout && ctx.timeout == 0);
	CHECK_INT(ctx.diags.n, 0);
	parse_ctx_release(&ctx);
}

/* How the kernel DEFAULT names combines with the rest of the config. */
static void test_default_kernel_rules(void)
{
	struct boot_option *o;
	struct parse_ctx ctx;
	char buf[256];

	/* absolute path, no options: only the global APPEND; a global
	 * INITRD is ignored (it belongs in a LABEL) */
	run_cfg(&ctx, "/extlinux/extlinux.conf", "INITRD /ignored.img\n"
		"APPEND root=/dev/vda2\nDEFAULT /boot/vmlinuz-6.1\n");
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(memfs_path(o->kernel), "/boot/vmlinuz-6.1") &&
	      streq(o->cmdline, "root=/dev/vda2") && !o->initrds &&
	      o->is_default && ctx.options.n == 1);
	parse_ctx_release(&ctx);
	/* "APPEND -" is no global APPEND; INITRD= on the line still
	 * counts, the last one */
	run_cfg(&ctx, "/syslinux.cfg", "APPEND -\n"
		"DEFAULT k initrd=/a.img quiet initrd=/b.img\n");
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->cmdline, "initrd=/a.img quiet initrd=/b.img") &&
	      o->initrds && streq(memfs_path(o->initrds[0]), "/b.img"));
	parse_ctx_release(&ctx);
	/* ALLOWOPTIONS 0: only the APPEND options reach the kernel */
	run_cfg(&ctx, "/syslinux.cfg", "ALLOWOPTIONS 0\nAPPEND ro\n"
		"DEFAULT /vmlinuz init=/bin/sh\n");
	o = memfs_opt(&ctx, 0);
	CHECK(o && streq(o->cmdline, "ro") &&
	      streq(o->name, "/vmlinuz init=/bin/sh"));
	parse_ctx_release(&ctx);
	/* IMPLICIT 0: only labels boot; MENU DEFAULT then decides */
	run_cfg(&ctx, "/syslinux.cfg", "IMPLICIT 0\nDEFAULT /vmlinuz\n"
		"LABEL a\nKERNEL /a\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "a");
	parse_ctx_release(&ctx);
	/* a menu module shows the labels only */
	run_cfg(&ctx, "/syslinux.cfg", "UI menu.c32\nDEFAULT /vmlinuz\n"
		"LABEL a\nKERNEL /a\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "a");
	CHECK(!memfs_opt(&ctx, 0)->is_default);
	parse_ctx_release(&ctx);
	/* a label that cannot boot is still a label, not a kernel file */
	run_cfg(&ctx, "/syslinux.cfg", "DEFAULT local\nLABEL linux\n"
		"KERNEL /vmlinuz\nLABEL local\nLOCALBOOT 0\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "linux");
	CHECK(!memfs_opt(&ctx, 0)->is_default);
	parse_ctx_release(&ctx);
	/* the first word names a label: the label, not a kernel */
	run_cfg(&ctx, "/syslinux.cfg", "DEFAULT linux single\nLABEL linux\n"
		"KERNEL /vmlinuz\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "linux");
	CHECK(memfs_opt(&ctx, 0)->is_default);
	parse_ctx_release(&ctx);
	/* ONTIMEOUT's label boots unattended; the kernel stays listed */
	run_cfg(&ctx, "/syslinux.cfg", "PROMPT 1\nTIMEOUT 50\n"
		"DEFAULT /vmlinuz quiet\nONTIMEOUT b\nLABEL b\nKERNEL /b\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "/vmlinuz quiet|b");
	CHECK(!memfs_opt(&ctx, 0)->is_default &&
	      memfs_opt(&ctx, 1)->is_default);
	parse_ctx_release(&ctx);
	/* the last DEFAULT counts, also from an INCLUDEd file */
	{
		static const struct memfs_file files[] = {
			{ "/isolinux/isolinux.cfg",
			  "DEFAULT old\nINCLUDE inc.cfg\n", 0 },
			{ "/isolinux/inc.cfg", "DEFAULT linux26 ro\n", 0 },
		};
		struct memfs fs = MEMFS(files);

		memfs_run(&ctx, &fs, "syslinux");
		o = memfs_opt(&ctx, 0);
		CHECK(o && ctx.options.n == 1 &&
		      streq(o->name, "linux26 ro") &&
		      streq(memfs_path(o->kernel), "/isolinux/linux26") &&
		      streq(o->config, "/isolinux/inc.cfg"));
		parse_ctx_release(&ctx);
	}
}

/* DEFAULT lines that name no kernel kexec can boot give no entry. */
static void test_default_kernel_hostile(void)
{
	static const char *const cfgs[] = {
		"DEFAULT    \n",			/* nothing */
		"DEFAULT memdisk initrd=/dos.img\n",	/* needs a BIOS */
		"DEFAULT .com32 menu.c32\n",		/* a type specifier */
		"DEFAULT chain.c32 hd0\n",		/* a module */
		"DEFAULT pxelinux.0\n",
		"DEFAULT boot.bss\n",
	};
	struct parse_ctx ctx;
	char cfg[8192];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cfgs); i++) {
		run_cfg(&ctx, "/syslinux.cfg", cfgs[i]);
		CHECK_INT(ctx.options.n, 0);
		parse_ctx_release(&ctx);
	}
	/* control characters and a long line: kept (the menu and the JSON
	 * output escape them, as for any title) */
	memset(cfg, 'a', sizeof(cfg));
	memcpy(cfg, "DEFAULT /k \033[2J ", 16);
	strcpy(cfg + sizeof(cfg) - 2, "\n");
	run_cfg(&ctx, "/syslinux.cfg", cfg);
	CHECK_INT(ctx.options.n, 1);
	if (ctx.options.n == 1) {
		CHECK_STR(memfs_path(memfs_opt(&ctx, 0)->kernel), "/k");
		CHECK_INT(strlen(memfs_opt(&ctx, 0)->cmdline),
			  sizeof(cfg) - 2 - 11);
	}
	parse_ctx_release(&ctx);
}

static void test_timeout_and_prompt(void)
{
	struct boot_option *o;
	struct parse_ctx ctx;

	/* no menu module and PROMPT 0: the default boots at once */
	run_cfg(&ctx, "/syslinux.cfg", "PROMPT 0\nTIMEOUT 0\nSERIAL 0 115200\n"
		"DEFAULT boot\nLABEL boot\nKERNEL /vmlinuz\n"
		"APPEND console=ttyS0,115200n8 console=tty0\n");
	CHECK(ctx.has_timeout && ctx.timeout == 0);
	o = memfs_named(&ctx, "boot");
	CHECK(o && o->is_default);
	parse_ctx_release(&ctx);
	run_cfg(&ctx, "/syslinux.cfg", "PROMPT 1\nTIMEOUT 1\nLABEL a\nKERNEL /a\n");
	CHECK(ctx.has_timeout && ctx.timeout == 1);	/* rounded up */
	parse_ctx_release(&ctx);
	run_cfg(&ctx, "/syslinux.cfg", "LABEL a\nKERNEL /a\n");
	CHECK(!ctx.has_timeout);
	parse_ctx_release(&ctx);
}

/* u-root names the label before MENU BEGIN after the submenu: not so. */
static void test_menu_label_after_begin_names_submenu(void)
{
	struct parse_ctx ctx;
	char buf[256];

	run_cfg(&ctx, "/isolinux/isolinux.cfg",
		"label install\n\tmenu label ^Install\n\tkernel /vmlinuz\n"
		"menu begin advanced\n    menu label ^Advanced options\n"
		"\tmenu title Advanced options\n"
		"\tlabel expert\n\t\tmenu label E^xpert install\n"
		"\t\tkernel /vmlinuz\nmenu end\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)),
		  "Install|Advanced options>Expert install");
	parse_ctx_release(&ctx);
}

static void test_keywords(void)
{
	struct boot_option *o;
	struct parse_ctx ctx;
	char buf[256];

	/* case-insensitive; a keyword needs a space after it; a CR ends a
	 * line; lines may be indented; no comments after values */
	run_cfg(&ctx, "/extlinux.conf",
		"lAbEl one\r\n  KeRnEl /one\r\n  APPEND a # b\r\n"
		"LABELtwo\nlabel\ttwo\rignored\nkernel /two\n");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "one|two");
	o = memfs_named(&ctx, "one");
	CHECK(o && streq(o->cmdline, "a # b"));
	parse_ctx_release(&ctx);
}

static void test_config_search_order(void)
{
	static const struct memfs_file files[] = {
		{ "/syslinux.cfg", "LABEL root\nKERNEL /a\n", 0 },
		{ "/boot/extlinux/extlinux.conf", "LABEL uboot\nKERNEL /b\n", 0 },
		{ "/isolinux/isolinux.cfg", "LABEL iso\nKERNEL /c\n", 0 },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;

	memfs_run(&ctx, &fs, "syslinux");
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_named(&ctx, "uboot") != NULL);
	parse_ctx_release(&ctx);
}

/* ---- hostile input ---------------------------------------------------- */

static void test_huge_config(void)
{
	static const struct memfs_file files[] = {
		{ "/syslinux/syslinux.cfg",
		  "LABEL ok\nKERNEL /ok\nINCLUDE huge.cfg\nLABEL after\n"
		  "KERNEL /after\n", 0 },
		{ "/syslinux/huge.cfg", "LABEL x\n", 100u << 20 },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;
	char buf[128];

	memfs_run(&ctx, &fs, "syslinux");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "ok|after");
	CHECK(memfs_diag(&ctx, "/syslinux/huge.cfg: file is larger than 4 MiB"));
	parse_ctx_release(&ctx);
}

static void test_million_entries_bounded(void)
{
	/* 1000 INCLUDEs of a file of 1000 labels: 10^6 entries */
	struct memfs_file files[2] = { { "/syslinux.cfg", NULL, 0 },
				       { "/l.cfg", NULL, 0 } };
	char *main_cfg = malloc(1000 * 16 + 1), *labels = malloc(1000 * 40);
	size_t i, n = 0, m = 0;
	struct parse_ctx ctx;
	struct memfs fs;
	clock_t t0 = clock();

	for (i = 0; i < 1000; i++) {
		n += sprintf(main_cfg + n, "INCLUDE /l.cfg\n");
		m += sprintf(labels + m, "LABEL l%zu\nKERNEL /k%zu\n", i, i);
	}
	files[0].data = main_cfg;
	files[1].data = labels;
	fs = (struct memfs){ files, 2, 0 };
	memfs_run(&ctx, &fs, "syslinux");
	CHECK_INT(ctx.options.n, PARSE_MAX_OPTIONS);
	CHECK(memfs_diag(&ctx, "more than 4096 entries"));
	/* reading stopped at the bound: 5 of the 1000 includes read */
	CHECK(fs.reads < 10);
	CHECK((clock() - t0) / (CLOCKS_PER_SEC / 1000) < 2000);
	parse_ctx_release(&ctx);
	free(main_cfg);
	free(labels);
}

static void test_include_files_budget(void)
{
	/* 5000 INCLUDEs of an (almost) empty file: stops at the budget */
	struct memfs_file files[2] = { { "/syslinux.cfg", NULL, 0 },
				       { "/e.cfg", "# empty\n", 0 } };
	char *main_cfg = malloc(5000 * 16 + 64);
	size_t i, n = 0;
	struct parse_ctx ctx;
	struct memfs fs;

	n += sprintf(main_cfg, "LABEL a\nKERNEL /a\n");
	for (i = 0; i < 5000; i++)
		n += sprintf(main_cfg + n, "INCLUDE e.cfg\n");
	files[0].data = main_cfg;
	fs = (struct memfs){ files, 2, 0 };
	memfs_run(&ctx, &fs, "syslinux");
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_diag(&ctx, "more than 1024 files"));
	CHECK(fs.reads <= 1024);
	parse_ctx_release(&ctx);
	free(main_cfg);
}

static void test_deep_include_chain(void)
{
	struct memfs_file files[40];
	char paths[40][24], data[40][64];
	struct parse_ctx ctx;
	struct memfs fs;
	int i;

	for (i = 0; i < 40; i++) {
		snprintf(paths[i], sizeof(paths[i]), i ? "/d%d.cfg" :
			 "/syslinux.cfg", i);
		snprintf(data[i], sizeof(data[i]),
			 "LABEL l%d\nKERNEL /k\nINCLUDE d%d.cfg\n", i, i + 1);
		files[i] = (struct memfs_file){ paths[i], data[i], 0 };
	}
	fs = (struct memfs){ files, 40, 0 };
	memfs_run(&ctx, &fs, "syslinux");
	CHECK_INT(ctx.options.n, PARSE_MAX_DEPTH);
	CHECK(memfs_diag(&ctx, "INCLUDE nested deeper than 16"));
	parse_ctx_release(&ctx);
}

static void test_nul_and_invalid_utf8(void)
{
	static const char cfg[] =
		"LABEL a\0b\nKERNEL /vmlinuz\n"
		"LABEL bad\nMENU LABEL Caf\xc3 \xff\nKERNEL /v2\n"
		"LABEL good\nKERNEL /v3\n";
	static const struct memfs_file files[] = {
		{ "/syslinux.cfg", cfg, sizeof(cfg) - 1 },
	};
	struct memfs fs = MEMFS(files);
	struct parse_ctx ctx;
	char buf[128];

	memfs_run(&ctx, &fs, "syslinux");
	CHECK_STR(names(&ctx, buf, sizeof(buf)), "a?b|Caf? ?|good");
	CHECK(memfs_diag(&ctx, "/syslinux.cfg:1: NUL byte"));
	CHECK(memfs_diag(&ctx, "/syslinux.cfg:4: NUL byte or invalid UTF-8"));
	parse_ctx_release(&ctx);
}

static void test_escape_sequences_in_title(void)
{
	struct parse_ctx ctx;
	char *shown;

	run_cfg(&ctx, "/syslinux.cfg",
		"LABEL x\nMENU LABEL \033[2J\033]2;gotcha\007^Evil\nKERNEL /x\n"
		"LABEL y\nKERNEL /y\n");
	CHECK_INT(ctx.options.n, 2);
	CHECK(memfs_diag(&ctx, "/syslinux.cfg:2: control characters"));
	shown = ctx.options.n ? text_sanitize(memfs_opt(&ctx, 0)->name) : NULL;
	CHECK(shown && !strchr(shown, '\033') && strstr(shown, "Evil"));
	free(shown);
	parse_ctx_release(&ctx);
}

static void test_menus_nested_too_deep(void)
{
	struct parse_ctx ctx;
	char cfg[4096];
	size_t i, n = 0;

	for (i = 0; i < 100; i++)
		n += sprintf(cfg + n, "MENU BEGIN m%zu\n", i);
	sprintf(cfg + n, "LABEL deep\nKERNEL /k\n");
	run_cfg(&ctx, "/syslinux.cfg", cfg);
	CHECK_INT(ctx.options.n, 1);
	CHECK(memfs_diag(&ctx, "submenus nested deeper than 16"));
	parse_ctx_release(&ctx);
}

static void test_empty_and_garbage(void)
{
	struct parse_ctx ctx;

	run_cfg(&ctx, "/syslinux.cfg", "");
	CHECK_INT(ctx.options.n, 0);
	parse_ctx_release(&ctx);
	run_cfg(&ctx, "/syslinux.cfg", "\n\n\t \nLABEL\nKERNEL\nAPPEND\n"
		"MENU\nMENU END\nMENU END\nINCLUDE\nKERNEL mboot.c32\n"
		"LABEL m\nKERNEL mboot.c32\nLABEL m2\nKERNEL mboot.c32\n"
		"APPEND --- --- ---\n");
	CHECK_INT(ctx.options.n, 0);
	CHECK(memfs_diag(&ctx, "no kernel file given"));
	parse_ctx_release(&ctx);
}

static const struct test_case cases[] = {
	TEST(test_include_cycle),
	TEST(test_uboot_fdt),
	TEST(test_append_dash_and_global),
	TEST(test_initrd_lists),
	TEST(test_menus),
	TEST(test_com32_modules),
	TEST(test_config_entries),
	TEST(test_ontimeout_wins),
	TEST(test_default_rules),
	TEST(test_default_names_a_kernel),
	TEST(test_default_kernel_rules),
	TEST(test_default_kernel_hostile),
	TEST(test_timeout_and_prompt),
	TEST(test_menu_label_after_begin_names_submenu),
	TEST(test_keywords),
	TEST(test_config_search_order),
	TEST(test_huge_config),
	TEST(test_million_entries_bounded),
	TEST(test_include_files_budget),
	TEST(test_deep_include_chain),
	TEST(test_nul_and_invalid_utf8),
	TEST(test_escape_sequences_in_title),
	TEST(test_menus_nested_too_deep),
	TEST(test_empty_and_garbage),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
