/*
 * cmd-core.c: the table of GRUB commands baton knows, GRUB's option
 * parser (extcmd), and the commands of the language itself: set, unset,
 * export, setparams, shift, return, break, continue, eval, true, false.
 * Commands that only matter on a screen or to hardware (insmod, echo,
 * terminal_output, gfxmode ...) are accepted and do nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

/* ---- GRUB's option parser ---------------------------------------------- */

static const struct g2_opt *find_short(const struct g2_opt *opts, char c)
{
	for (; opts->longname; opts++)
		if (opts->shortname && opts->shortname == c)
			return opts;
	return NULL;
}

static const struct g2_opt *find_long(const struct g2_opt *opts,
				      const char *s, size_t len)
{
	for (; opts->longname; opts++)
		if (strlen(opts->longname) == len &&
		    !strncmp(opts->longname, s, len))
			return opts;
	return NULL;
}

static int set_opt(const struct g2_opt *opts, struct g2_optval *vals,
		   const struct g2_opt *o, const char *arg)
{
	struct g2_optval *v = &vals[o - opts];
	const char **a;

	v->set = true;
	v->arg = arg;
	if (!(o->flags & G2O_REPEAT) || !arg)
		return 0;
	a = realloc(v->args, (v->nargs + 2) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	a[v->nargs++] = arg;
	a[v->nargs] = NULL;
	v->args = a;
	return 0;
}

struct optstate {
	const struct g2_opt *opts;
	struct g2_optval *vals;
	char **argv;
	int argc, total, i;
	bool accept_dash, block_eaten;
	const char *err;
};

static const char *arg_at(struct optstate *s, int i)
{
	return i < s->argc ? s->argv[i] : "{";
}

/* The value of o given as the next word, if GRUB would take it. */
static const char *next_value(struct optstate *s, const struct g2_opt *o,
			      bool is_short)
{
	const char *next;

	if (!(o->flags & G2O_ARG) || s->i + 1 >= s->total)
		return NULL;
	next = arg_at(s, s->i + 1);
	if (is_short ? ((o->flags & G2O_OPTIONAL) &&
			strlen(next) >= 2 && next[0] == '-') :
	    next[0] == '-')
		return NULL;
	if (++s->i == s->argc)
		s->block_eaten = true;
	return next;
}

/* -abc: returns the option the value goes to (the last), or NULL. */
static const struct g2_opt *short_opts(struct optstate *s, const char *arg,
				       const char **value, int *r)
{
	const struct g2_opt *o = NULL;
	const char *c;

	for (c = arg + 1; *c; c++) {
		o = find_short(s->opts, *c);
		if (!o) {
			s->err = "unknown argument";
			return NULL;
		}
		if (!c[1])
			break;
		if ((o->flags & G2O_ARG) && !(o->flags & G2O_OPTIONAL)) {
			s->err = "missing mandatory option";
			return NULL;
		}
		*r = set_opt(s->opts, s->vals, o, NULL);
		if (*r)
			return NULL;
	}
	*value = next_value(s, o, true);
	return o;
}

static bool dash_unknown(struct optstate *s, const char *arg)
{
	const char *c;

	if (arg[1] == '-') {
		const char *eq = strchr(arg, '=');

		return !find_long(s->opts, arg + 2,
				  eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
	}
	for (c = arg + 1; *c; c++)
		if (!find_short(s->opts, *c))
			return true;
	return false;
}

/* One word starting with '-'; 1: it is positional after all. */
static int one_option(struct optstate *s, const char *arg)
{
	const struct g2_opt *o;
	const char *value = NULL, *eq;
	int r = 0;

	if (s->accept_dash && dash_unknown(s, arg))
		return 1;
	if (arg[1] != '-') {
		o = short_opts(s, arg, &value, &r);
	} else {
		eq = strchr(arg, '=');
		o = find_long(s->opts, arg + 2,
			      eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
		if (!o)
			s->err = "unknown argument";
		else if (eq)
			value = eq + 1;
		else
			value = next_value(s, o, false);
	}
	if (!o)
		return r ? r : -EINVAL;
	if (!(o->flags & G2O_ARG) && value) {
		s->err = "option takes no value";
		return -EINVAL;
	}
	if ((o->flags & G2O_ARG) && !value && !(o->flags & G2O_OPTIONAL)) {
		s->err = "missing mandatory option";
		return -EINVAL;
	}
	return set_opt(s->opts, s->vals, o, value);
}

int g2_getopt(const struct g2_opt *opts, struct g2_optval *vals, int argc,
	      char **argv, bool accept_dash, bool has_block, char ***pos,
	      int *npos, bool *block_eaten, const char **err)
{
	struct optstate s = {
		.opts = opts, .vals = vals, .argv = argv, .argc = argc,
		.total = argc + has_block, .accept_dash = accept_dash,
	};
	const char *arg;
	int r = 0;

	*pos = calloc(argc + 1, sizeof(**pos));
	*npos = 0;
	if (!*pos)
		return -ENOMEM;
	for (s.i = 0; s.i < s.total && !r; s.i++) {
		arg = arg_at(&s, s.i);
		if (!strcmp(arg, "--")) {
			while (++s.i < argc)
				(*pos)[(*npos)++] = argv[s.i];
			break;
		}
		r = arg[0] == '-' && arg[1] ? one_option(&s, arg) : 1;
		if (r == 1) {
			if (s.i < argc)
				(*pos)[(*npos)++] = argv[s.i];
			r = 0;
		}
	}
	if (block_eaten)
		*block_eaten = s.block_eaten;
	*err = s.err;
	if (r) {
		free(*pos);
		*pos = NULL;
		*npos = 0;
	}
	return r;
}

void g2_optvals_release(const struct g2_opt *opts, struct g2_optval *vals)
{
	for (; opts->longname; opts++, vals++) {
		free(vals->args);
		vals->args = NULL;
	}
}

/* ---- the language's own commands --------------------------------------- */

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
	int i, status;

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
	in->call_depth++;
	status = g2_run_text(in, sb_str(&sb), sb.len, true);
	if (!--in->call_depth)
		in->unwind = false;
	sb_release(&sb);
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

/* boot, reboot, halt: nothing after them runs. */
static int cmd_boot(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc)
{
	if (in->boot && argv[0][0] != 'b')
		g2_boot_clear_loader(in->boot);
	in->booted = true;
	return G2_OK;
}

/* ---- the table ----------------------------------------------------------- */

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
	{ "break", cmd_break },
	{ "cat", cmd_ok },
	{ "chainloader", g2_cmd_other_loader },
	{ "clear", cmd_ok },
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
	{ "false", cmd_fail },
	{ "file", cmd_ok },
	{ "freedos", g2_cmd_other_loader },
	{ "fwsetup", cmd_ok },
	{ "gdbstub", cmd_ok },
	{ "gettext", cmd_ok },
	{ "gptsync", cmd_ok },
	{ "halt", cmd_boot },
	{ "hashsum", cmd_ok },
	{ "hdparm", cmd_ok },
	{ "help", cmd_ok },
	{ "hexdump", cmd_ok },
	{ "hwmatch", cmd_fail },
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
	{ "lsefi", cmd_ok },
	{ "lsefimmap", cmd_ok },
	{ "lsefisystab", cmd_ok },
	{ "lsfonts", cmd_ok },
	{ "lsmmap", cmd_ok },
	{ "lsmod", cmd_ok },
	{ "lspci", cmd_ok },
	{ "md5sum", cmd_ok },
	{ "menuentry", g2_cmd_menuentry },
	{ "module", g2_cmd_module },
	{ "module2", g2_cmd_module },
	{ "multiboot", g2_cmd_multiboot },
	{ "multiboot2", g2_cmd_multiboot },
	{ "nativedisk", cmd_ok },
	{ "net_bootp", cmd_ok },
	{ "net_dhcp", cmd_ok },
	{ "normal", cmd_ok },
	{ "normal_exit", cmd_ok },
	{ "ntldr", g2_cmd_other_loader },
	{ "parttool", cmd_ok },
	{ "password", cmd_ok },
	{ "password_pbkdf2", cmd_ok },
	{ "plan9", g2_cmd_other_loader },
	{ "play", cmd_ok },
	{ "probe", g2_cmd_probe },
	{ "pxechainloader", g2_cmd_other_loader },
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
	{ "sha1sum", cmd_ok },
	{ "sha256sum", cmd_ok },
	{ "sha512sum", cmd_ok },
	{ "shift", cmd_shift },
	{ "shim_lock", cmd_ok },
	{ "sleep", cmd_ok },
	{ "smbios", cmd_fail },
	{ "source", g2_cmd_source },
	{ "submenu", g2_cmd_menuentry },
	{ "terminal_input", cmd_ok },
	{ "terminal_output", cmd_ok },
	{ "terminfo", cmd_ok },
	{ "test", g2_cmd_test },
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
	{ "xen_hypervisor", g2_cmd_other_loader },
	{ "xen_module", cmd_ok },
	{ "xnu_kernel", g2_cmd_other_loader },
	{ "xnu_kernel64", g2_cmd_other_loader },
};

g2_builtin_fn g2_builtin_find(const char *name)
{
	size_t lo = 0, hi = ARRAY_SIZE(builtins), mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(name, builtins[mid].name);
		if (!c)
			return builtins[mid].fn;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
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
