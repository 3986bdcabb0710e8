/*
 * cmd-core.c: the table of GRUB commands baton knows, and the commands of
 * the language itself: set, unset, export, setparams, shift, return,
 * break, continue, eval, true, false, boot.
 * Commands that only matter on a screen or to hardware (insmod, echo,
 * terminal_output, gfxmode ...) are accepted and do nothing.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

/* ---- the language's own commands ---------------------------------------- */

static int cmd_ok(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	return G2_OK;
}

static int cmd_fail(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc)
{
	return G2_FAIL;
}

static int cmd_set(struct g2_interp *in, int argc, char **argv,
		   const struct g2_cmdctx *cc)
{
	char *eq, *name;
	int r;

	if (argc < 2)
		return G2_OK;
	eq = strchr(argv[1], '=');
	if (!eq)
		return G2_FAIL;
	name = strndup(argv[1], eq - argv[1]);
	if (!name)
		return -ENOMEM;
	r = g2_set(in, name, eq + 1);
	free(name);
	return r;
}

static int cmd_unset(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc)
{
	int i, r;

	for (i = 1; i < argc; i++) {
		r = g2_env_unset(in->env, argv[i]);
		if (r == -ENOMEM)
			return r;
	}
	return G2_OK;
}

static int cmd_export(struct g2_interp *in, int argc, char **argv,
		      const struct g2_cmdctx *cc)
{
	int i, r;

	for (i = 1; i < argc; i++) {
		r = g2_env_export(in->env, argv[i]);
		if (r == -ENOMEM)
			return r;
	}
	return G2_OK;
}

static int cmd_setparams(struct g2_interp *in, int argc, char **argv,
			 const struct g2_cmdctx *cc)
{
	struct g2_scope *sc = in->scope;
	char **v;
	int i;

	if (!sc)
		return G2_FAIL;
	v = calloc(argc, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 1; i < argc; i++) {
		v[i - 1] = strdup(argv[i]);
		if (!v[i - 1]) {
			while (--i > 0)
				free(v[i - 1]);
			free(v);
			return -ENOMEM;
		}
	}
	g2_scope_release(sc);
	sc->argv = v;
	sc->argc = argc - 1;
	sc->shift = 0;
	sc->owned = true;
	return G2_OK;
}

/* A whole non-negative number, as GRUB's strtoul with an end check. */
static bool number(const char *s, unsigned long *n)
{
	const char *end;
	bool found;

	*n = g2_strtoul(s, &end, 10, &found);
	return found && !*end;
}

static int cmd_shift(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc)
{
	struct g2_scope *sc = in->scope;
	unsigned long n = 1;

	if (!sc)
		return G2_OK;
	if (argc > 2 || (argc == 2 && !number(argv[1], &n)) ||
	    n > sc->argc - sc->shift)
		return G2_FAIL;
	sc->shift += n;
	return G2_OK;
}

static int cmd_return(struct g2_interp *in, int argc, char **argv,
		      const struct g2_cmdctx *cc)
{
	const char *q;
	unsigned long n;

	if (!in->scope || argc > 2)
		return G2_FAIL;
	if (argc == 1) {
		in->func_return = true;
		q = g2_get(in, "?");
		return q ? (int)strtoul(q, NULL, 10) : G2_OK;
	}
	if (!number(argv[1], &n))
		return G2_FAIL;
	in->func_return = true;
	return n > 255 ? 255 : (int)n;
}

static int cmd_break(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc)
{
	unsigned long n = 1;

	if (argc > 2 || (argc == 2 && (!number(argv[1], &n) || !n)))
		return G2_FAIL;
	in->is_continue = argv[0][0] == 'c';
	in->active_breaks = n > in->active_loops ? in->active_loops : n;
	return G2_OK;
}

static int cmd_eval(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc)
{
	struct strbuf sb = STRBUF_INIT;
	bool keep = in->keep_line;
	struct g2_text *t;
	int i, status;
	size_t len;

	for (i = 1; i < argc; i++) {
		if (i > 1)
			sb_addc(&sb, ' ');
		sb_adds(&sb, argv[i]);
	}
	if (sb.err)
		return -ENOMEM;
	if (in->call_depth >= G2_MAX_CALL_DEPTH) {
		sb_release(&sb);
		g2_warn(in, "eval: nested too deep");
		in->unwind = true;
		return G2_FAIL;
	}
	len = sb.len;
	status = g2_text_take(in, sb_detach(&sb), len, &t);
	if (status)
		return status;
	in->call_depth++;
	in->keep_line = true;
	status = g2_run_text(in, t, NULL, true);
	in->keep_line = keep;
	if (!--in->call_depth)
		in->unwind = false;
	g2_text_unref(t);
	return status;
}

/* Fedora's increment/decrement of a numeric variable. */
static int cmd_increment(struct g2_interp *in, int argc, char **argv,
			 const struct g2_cmdctx *cc)
{
	const char *v;
	char buf[24];
	long n;

	if (argc != 2 || !(v = g2_get(in, argv[1])))
		return G2_FAIL;
	n = strtol(v, NULL, 10) + (argv[0][0] == 'i' ? 1 : -1);
	snprintf(buf, sizeof(buf), "%ld", n);
	return g2_set(in, argv[1], buf);
}

/*
 * boot, reboot, halt in an entry: nothing after them runs, and after
 * reboot or halt nothing boots. In the config itself they are ignored
 * (baton does not load kernels there).
 */
static int cmd_boot(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc)
{
	if (!in->boot)
		return G2_FAIL;
	if (argv[0][0] != 'b')
		g2_boot_clear_loader(in->boot);
	in->booted = true;
	return G2_OK;
}

/* Commands that would make entries baton does not read (syslinux, legacy). */
static int cmd_unsupported(struct g2_interp *in, int argc, char **argv,
			   const struct g2_cmdctx *cc)
{
	g2_warn(in, "%s: not supported, the entries it would add are not "
		"listed", argv[0]);
	return G2_FAIL;
}

/* ---- the table ---------------------------------------------------------- */

struct builtin {
	const char *name;
	g2_builtin_fn fn;
};

/* Sorted by strcmp (a unit test checks). */
static const struct builtin builtins[] = {
	{ ".", g2_cmd_source },
	{ "[", g2_cmd_test },
	{ "acpi", cmd_ok },
	{ "appleloader", g2_cmd_other_loader },
	{ "authenticate", cmd_ok },
	{ "background_color", cmd_ok },
	{ "background_image", cmd_ok },
	{ "badram", cmd_ok },
	{ "blocklist", cmd_ok },
	{ "bls_import", g2_cmd_blscfg },
	{ "blscfg", g2_cmd_blscfg },
	{ "boot", cmd_boot },
	{ "boottime", cmd_ok },
	{ "break", cmd_break },
	{ "btrfs-get-default-subvol", cmd_ok },
	{ "btrfs-list-subvols", cmd_ok },
	{ "btrfs-mount-subvol", cmd_ok },
	{ "cacheinfo", cmd_ok },
	{ "cat", cmd_ok },
	{ "chainloader", g2_cmd_other_loader },
	{ "clear", cmd_ok },
	{ "cmosclean", cmd_ok },
	{ "cmosset", cmd_ok },
	{ "cmostest", cmd_ok },
	{ "cmp", cmd_ok },
	{ "configfile", g2_cmd_configfile },
	{ "connectefi", cmd_ok },
	{ "continue", cmd_break },
	{ "cpuid", cmd_ok },
	{ "crc", cmd_ok },
	{ "cryptomount", cmd_ok },
	{ "cutmem", cmd_ok },
	{ "date", cmd_ok },
	{ "decrement", cmd_increment },
	{ "devicetree", g2_cmd_devicetree },
	{ "distrust", cmd_ok },
	{ "drivemap", cmd_ok },
	{ "echo", cmd_ok },
	{ "efiemu_loadcore", cmd_ok },
	{ "efiemu_prepare", cmd_ok },
	{ "efiemu_unload", cmd_ok },
	{ "eval", cmd_eval },
	{ "export", cmd_export },
	{ "extract_entries_configfile", cmd_unsupported },
	{ "extract_entries_source", cmd_unsupported },
	{ "extract_legacy_entries_configfile", cmd_unsupported },
	{ "extract_legacy_entries_source", cmd_unsupported },
	{ "extract_syslinux_entries_configfile", cmd_unsupported },
	{ "extract_syslinux_entries_source", cmd_unsupported },
	{ "false", cmd_fail },
	{ "fdtdump", cmd_ok },
	{ "file", cmd_ok },
	{ "freedos", g2_cmd_other_loader },
	{ "fwsetup", cmd_ok },
	{ "gdbstub", cmd_ok },
	{ "gettext", cmd_ok },
	{ "gptprio.next", cmd_ok },
	{ "gptsync", cmd_ok },
	{ "halt", cmd_boot },
	{ "hashsum", cmd_ok },
	{ "hdparm", cmd_ok },
	{ "help", cmd_ok },
	{ "hexdump", cmd_ok },
	{ "hwmatch", cmd_fail },
	{ "inb", cmd_ok },
	{ "increment", cmd_increment },
	{ "initrd", g2_cmd_initrd },
	{ "initrd16", g2_cmd_initrd },
	{ "initrdefi", g2_cmd_initrd },
	{ "insmod", cmd_ok },
	{ "keymap", cmd_ok },
	{ "keystatus", cmd_fail },
	{ "kfreebsd", g2_cmd_other_loader },
	{ "knetbsd", g2_cmd_other_loader },
	{ "kopenbsd", g2_cmd_other_loader },
	{ "legacy_configfile", cmd_unsupported },
	{ "legacy_source", cmd_unsupported },
	{ "linux", g2_cmd_linux },
	{ "linux16", g2_cmd_linux },
	{ "linuxefi", g2_cmd_linux },
	{ "list_env", cmd_ok },
	{ "list_trusted", cmd_ok },
	{ "load_env", g2_cmd_load_env },
	{ "loadfont", cmd_ok },
	{ "loopback", g2_cmd_loopback },
	{ "ls", cmd_ok },
	{ "lsacpi", cmd_ok },
	{ "lsdev", cmd_ok },
	{ "lsefi", cmd_ok },
	{ "lsefimmap", cmd_ok },
	{ "lsefisystab", cmd_ok },
	{ "lsfonts", cmd_ok },
	{ "lsmmap", cmd_ok },
	{ "lsmod", cmd_ok },
	{ "lspci", cmd_ok },
	{ "lsspd", cmd_ok },
	{ "md5sum", cmd_ok },
	{ "menuentry", g2_cmd_menuentry },
	{ "module", g2_cmd_module },
	{ "module2", g2_cmd_module },
	{ "multiboot", g2_cmd_multiboot },
	{ "multiboot2", g2_cmd_multiboot },
	{ "nativedisk", cmd_ok },
	{ "net_add_addr", cmd_ok },
	{ "net_add_dns", cmd_ok },
	{ "net_add_route", cmd_ok },
	{ "net_bootp", cmd_ok },
	{ "net_dhcp", cmd_ok },
	{ "net_get_dhcp_option", cmd_ok },
	{ "net_ipv6_autoconf", cmd_ok },
	{ "net_ls_addr", cmd_ok },
	{ "net_ls_cards", cmd_ok },
	{ "net_ls_dns", cmd_ok },
	{ "net_ls_routes", cmd_ok },
	{ "net_nslookup", cmd_ok },
	{ "normal", cmd_ok },
	{ "normal_exit", cmd_ok },
	{ "ntldr", g2_cmd_other_loader },
	{ "nvram", cmd_ok },
	{ "outb", cmd_ok },
	{ "parttool", cmd_ok },
	{ "password", cmd_ok },
	{ "password_pbkdf2", cmd_ok },
	{ "plan9", g2_cmd_other_loader },
	{ "play", cmd_ok },
	{ "probe", g2_cmd_probe },
	{ "pxechainloader", g2_cmd_other_loader },
	{ "rdmsr", cmd_ok },
	{ "read", cmd_ok },
	{ "reboot", cmd_boot },
	{ "regexp", g2_cmd_regexp },
	{ "return", cmd_return },
	{ "rmmod", cmd_ok },
	{ "save_env", cmd_ok },
	{ "search", g2_cmd_search },
	{ "search.file", g2_cmd_search_file },
	{ "search.fs_label", g2_cmd_search_label },
	{ "search.fs_uuid", g2_cmd_search_uuid },
	{ "sendkey", cmd_ok },
	{ "serial", cmd_ok },
	{ "set", cmd_set },
	{ "setparams", cmd_setparams },
	{ "setpci", cmd_ok },
	{ "sha1sum", cmd_ok },
	{ "sha256sum", cmd_ok },
	{ "sha512sum", cmd_ok },
	{ "shift", cmd_shift },
	{ "shim_lock", cmd_ok },
	{ "sleep", cmd_ok },
	{ "smbios", cmd_fail },
	{ "source", g2_cmd_source },
	{ "submenu", g2_cmd_menuentry },
	{ "syslinux_configfile", cmd_unsupported },
	{ "syslinux_source", cmd_unsupported },
	{ "terminal_input", cmd_ok },
	{ "terminal_output", cmd_ok },
	{ "terminfo", cmd_ok },
	{ "test", g2_cmd_test },
	{ "time", cmd_ok },
	{ "tpm2_key_protector_init", cmd_ok },
	{ "tr", cmd_ok },
	{ "true", cmd_ok },
	{ "truecrypt", g2_cmd_other_loader },
	{ "trust", cmd_ok },
	{ "unset", cmd_unset },
	{ "usb", cmd_ok },
	{ "vbeinfo", cmd_ok },
	{ "verify_detached", cmd_ok },
	{ "videoinfo", cmd_ok },
	{ "videotest", cmd_ok },
	{ "wrmsr", cmd_ok },
	{ "xen_hypervisor", g2_cmd_other_loader },
	{ "xen_module", cmd_ok },
	{ "xnu_kernel", g2_cmd_other_loader },
	{ "xnu_kernel64", g2_cmd_other_loader },
	{ "zfs-bootfs", cmd_ok },
	{ "zfsinfo", cmd_ok },
	{ "zfskey", cmd_ok },
};

/*
 * An open-addressing index of the table by name, built at the first
 * lookup: every command a config runs is looked up, and the binary search
 * spent eight strcmp calls on each.
 */
#define BUILTIN_SLOTS	512	/* a power of two, over twice the table */

_Static_assert(ARRAY_SIZE(builtins) < 255 &&
	       ARRAY_SIZE(builtins) * 2 < BUILTIN_SLOTS,
	       "the builtin index holds the table");

static uint8_t builtin_slot[BUILTIN_SLOTS];	/* index + 1, 0: empty */

static unsigned builtin_hash(const char *s)
{
	size_t len = strlen(s);
	uint32_t h;

	HASH_FNV(s, len, h);
	return h & (BUILTIN_SLOTS - 1);
}

static void builtin_index(void)
{
	unsigned i, h;

	for (i = 0; i < ARRAY_SIZE(builtins); i++) {
		h = builtin_hash(builtins[i].name);
		while (builtin_slot[h])
			h = (h + 1) & (BUILTIN_SLOTS - 1);
		builtin_slot[h] = i + 1;
	}
}

g2_builtin_fn g2_builtin_find(const char *name)
{
	const struct builtin *b;
	unsigned h;

	if (!builtin_slot[builtin_hash(builtins[0].name)])
		builtin_index();
	for (h = builtin_hash(name); builtin_slot[h];
	     h = (h + 1) & (BUILTIN_SLOTS - 1)) {
		b = &builtins[builtin_slot[h] - 1];
		if (b->name[0] == name[0] && !strcmp(b->name, name))
			return b->fn;
	}
	return NULL;
}

bool g2_builtins_sorted(void)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(builtins); i++)
		if (strcmp(builtins[i - 1].name, builtins[i].name) >= 0)
			return false;
	return true;
}
