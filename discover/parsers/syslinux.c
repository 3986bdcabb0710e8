/*
 * syslinux.c: syslinux, isolinux and extlinux configs, and U-Boot's
 * extlinux.conf, read the way syslinux's menu module reads them: LABEL
 * blocks finished by the next LABEL, MENU BEGIN/END submenus (an entry's
 * name is its submenu titles and its label joined with '>', '^' hotkey
 * marks removed), INCLUDE (optionally as a submenu) with a depth bound and
 * cycle detection, CONFIG entries expanded as submenus, APPEND (a label's own
 * replaces the global one; "APPEND -" clears it), INITRD and initrd= lists,
 * U-Boot's FDT/FDTDIR/FDTOVERLAYS, COM32 modules (mboot.c32 is multiboot,
 * linux.c32 boots its first argument; others cannot be kexec'd and are
 * skipped), DEFAULT (a label, or a kernel file and its options when no
 * label has that name: an entry of its own), IMPLICIT, ALLOWOPTIONS,
 * MENU DEFAULT, ONTIMEOUT, MENU HIDE, TIMEOUT (tenths of seconds) and
 * PROMPT. Relative paths are relative to the main config's folder
 * (syslinux's working directory), or to the folder a CONFIG entry names.
 * The command line is the config's: an INITRD line is not repeated in it
 * as "initrd=" (U-Boot does not; the initrds are handed over separately)
 * and no BOOT_IMAGE= is added. Over the network (sys_parse_pxelinux, for
 * pxelinux.c): IPAPPEND/SYSAPPEND 1 and 2 and PROXY as well.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/syslinux-internal.h"
#include "lib/strbuf.h"

/* The first of these that exists is the main config. */
static const char *const main_configs[] = {
	"/boot/extlinux/extlinux.conf", "/extlinux/extlinux.conf",
	"/boot/syslinux/extlinux.conf", "/boot/syslinux/syslinux.cfg",
	"/syslinux/extlinux.conf", "/syslinux/syslinux.cfg",
	"/extlinux.conf", "/syslinux.cfg",
	"/boot/isolinux/isolinux.cfg", "/isolinux/isolinux.cfg",
	"/isolinux.cfg",
	"/EFI/BOOT/syslinux.cfg", "/EFI/syslinux/syslinux.cfg",
};

/* ---- building options ------------------------------------------------- */

/* "submenu>submenu>label" as the menu shows it, after prefix. */
static char *entry_name(const struct rec *r, const char *prefix)
{
	const struct menu *chain[PARSE_MAX_DEPTH + 1], *m;
	struct strbuf sb = STRBUF_INIT;
	unsigned n = 0;
	char *s;

	for (m = r->menu; m && m->parent && n < ARRAY_SIZE(chain);
	     m = m->parent)
		chain[n++] = m;
	if (!n && !(prefix && *prefix))	/* a top-level entry: its own name */
		return sys_strip_carets(r->ld.menulabel ? r->ld.menulabel :
					r->ld.name);
	if (prefix && *prefix)
		sb_adds(&sb, prefix);
	while (n--) {
		if (!chain[n]->display || !*chain[n]->display)
			continue;
		s = sys_strip_carets(chain[n]->display);
		if (sb.len)
			sb_addc(&sb, '>');
		sb_adds(&sb, s ? s : "");
		free(s);
	}
	s = sys_strip_carets(r->ld.menulabel ? r->ld.menulabel : r->ld.name);
	if (!s)
		sb.err = -ENOMEM;
	if (sb.len)
		sb_addc(&sb, '>');
	sb_adds(&sb, s ? s : "");
	free(s);
	return sb_detach(&sb);
}

/* a and b joined by one space (either may be empty). */
static char *join_args(const char *a, const char *b)
{
	a = conf_skip_space(a);
	b = conf_skip_space(b);
	if (!*a || !*b)
		return strdup(*a ? a : b);
	return str_printf("%s %s", a, b);
}

/* Files of a comma-separated list ("a,b,c") as initrds. */
static int add_initrd_list(struct boot_option *opt, const char *base,
			   const char *list)
{
	char *copy = strdup(list), *p = copy, *item;
	size_t n = 0;
	int ret = copy ? 0 : -ENOMEM;

	while (!ret && p && n < CONF_MAX_FILES) {
		item = strsep(&p, ",");
		item = conf_rtrim(conf_skip_space(item));
		if (!*item)
			continue;
		ret = boot_option_add_initrd(opt, conf_file(base, item));
		n++;
	}
	free(copy);
	return ret;
}

/* The list of the last initrd= word of a command line, or NULL. */
static char *initrd_arg(const char *cmdline)
{
	const char *p = cmdline, *last = NULL;
	size_t n;

	while (*(p = conf_skip_space(p))) {
		n = strcspn(p, " \t\f\v\r\n");
		if (n > 7 && strncmp(p, "initrd=", 7) == 0)
			last = p;
		p += n;
	}
	if (!last)
		return NULL;
	return str_ndup(last + 7, strcspn(last + 7, " \t\f\v\r\n"));
}

/* U-Boot's device tree directives (FDT wins over FDTDIR). */
static int add_fdt(struct boot_option *opt, const char *base,
		   const struct label *ld)
{
	char *list, *p, *w, *dir;
	int ret = 0;

	if (ld->fdt && !(opt->dtb = conf_file(base, ld->fdt)))
		return -ENOMEM;
	if (!ld->fdt && ld->fdtdir) {
		/* a folder: the loader picks the file for the machine */
		dir = conf_path_join(base, ld->fdtdir);
		p = dir ? str_printf("%s%s", dir, streq(dir, "/") ? "" : "/")
			: NULL;
		opt->dtb = p ? boot_file_new(p) : NULL;
		free(dir);
		free(p);
		if (!opt->dtb)
			return -ENOMEM;
	}
	if (!ld->fdtoverlays)
		return 0;
	list = p = strdup(ld->fdtoverlays);
	if (!list)
		return -ENOMEM;
	while (!ret && (w = conf_next_word(&p)) &&
	       boot_array_len((void **)opt->dtb_overlays) < CONF_MAX_FILES)
		ret = boot_option_add_overlay(opt, conf_file(base, w));
	free(list);
	return ret;
}

/* s past its first word. */
static const char *after_word(const char *s)
{
	s = conf_skip_space(s);
	while (*s && !conf_is_space(*s))
		s++;
	return conf_skip_space(s);
}

static bool is_linux_c32(const struct rec *r)
{
	char *file = sys_first_word(r->ld.kernel);
	bool yes = file && !strcasecmp(sys_basename(file), "linux.c32");

	free(file);
	return yes;
}

/* pxelinux's IPAPPEND/SYSAPPEND 1 (ip=) and 2 (BOOTIF=) on the cmdline. */
static int ipappend(struct sys_state *st, const struct rec *r,
		    struct boot_option *opt)
{
	unsigned flags = r->ld.has_ipappend ? r->ld.ipappend : st->ipappend;
	const struct sys_net *net = st->run->net;
	char *a = opt->cmdline, *b;

	if ((flags & 1) && net->ip_arg) {
		b = join_args(a, net->ip_arg);
		free(a);
		a = b;
	}
	if (a && (flags & 2) && net->bootif) {
		b = join_args(a, net->bootif);
		free(a);
		a = b;
	}
	opt->cmdline = a;
	return a ? 0 : -ENOMEM;
}

/* A Linux kernel (or linux.c32 and the kernel it is given). */
static int build_linux(struct sys_state *st, const struct rec *r,
		       struct boot_option *opt)
{
	const char *kline = r->ld.kernel, *append = r->append;
	char *file, *list;
	int ret = 0;

	if (r->ld.type == KT_COM32) {	/* linux.c32 KERNEL ARGS... */
		kline = append;
		append = "";
	}
	file = sys_first_word(kline);
	opt->cmdline = join_args(after_word(kline), append);
	opt->kind = strdup("linux");
	if (!file || !opt->cmdline || !opt->kind)
		ret = -ENOMEM;
	else if (!*file)
		ret = -EINVAL;
	else if (!(opt->kernel = conf_file(st->base, file)))
		ret = -ENOMEM;
	free(file);
	if (ret)
		return ret;
	/* INITRD wins: syslinux appends it as the last initrd= */
	list = r->ld.initrd ? strdup(r->ld.initrd) : initrd_arg(opt->cmdline);
	if (r->ld.initrd && !list)
		return -ENOMEM;
	if (list)
		ret = add_initrd_list(opt, st->base, list);
	free(list);
	if (!ret && st->run->net)
		ret = ipappend(st, r, opt);
	return ret ? ret : add_fdt(opt, st->base, &r->ld);
}

/* One "file args" part of an mboot.c32 line: the kernel or a module. */
static int multiboot_part(struct sys_state *st, struct boot_option *opt,
			  const char *part, unsigned idx)
{
	char *file = sys_first_word(part);
	int ret = 0;

	if (!file)
		return -ENOMEM;
	if (!*file) {
		ret = idx ? 0 : -EINVAL;
	} else if (!idx) {
		opt->kernel = conf_file(st->base, file);
		opt->cmdline = strdup(after_word(part));
		if (!opt->kernel || !opt->cmdline)
			ret = -ENOMEM;
	} else if (boot_array_len((void **)opt->modules) < CONF_MAX_FILES) {
		ret = boot_option_add_module(opt, conf_file(st->base, file),
					     part);
	}
	free(file);
	return ret;
}

/* mboot.c32: "kernel args --- module args --- module args". */
static int build_multiboot(struct sys_state *st, const struct rec *r,
			   struct boot_option *opt)
{
	struct strbuf part = STRBUF_INIT;
	char *copy = strdup(r->append), *p = copy, *w;
	unsigned idx = 0;
	int ret = copy && (opt->kind = strdup("multiboot")) ? 0 : -ENOMEM;

	while (!ret) {
		w = conf_next_word(&p);
		if (w && !streq(w, "---")) {
			if (part.len)
				sb_addc(&part, ' ');
			sb_adds(&part, w);
			continue;
		}
		ret = part.err ? part.err :
		      multiboot_part(st, opt, sb_str(&part), idx++);
		sb_reset(&part);
		if (!w)
			break;
	}
	sb_release(&part);
	free(copy);
	return ret;
}

static int build_option(struct sys_state *st, const struct rec *r,
			const char *prefix, struct boot_option *opt)
{
	int ret;

	opt->name = entry_name(r, prefix);
	opt->key = strdup(r->ld.name);
	if (!opt->name || !opt->key || strv_push(&opt->ids,
						 strdup(r->ld.name)))
		return -ENOMEM;
	if (r->ld.type == KT_COM32 && !is_linux_c32(r))
		ret = build_multiboot(st, r, opt);
	else
		ret = build_linux(st, r, opt);
	if (ret == -EINVAL)
		parse_warn(st->ctx, r->ld.file, r->ld.line,
			   "no kernel file given: entry ignored");
	return ret;
}

/* ---- which entry, when, and CONFIG entries ---------------------------- */

/* The label a DEFAULT/ONTIMEOUT command names (its first word, or all). */
static struct rec *find_label(struct sys_state *st, const char *cmd)
{
	char *first = sys_first_word(cmd);
	struct rec *r, *found = NULL;
	size_t i;

	for (i = 0; first && i < st->recs.n && !found; i++) {
		r = st->recs.v[i];
		if (streq(r->ld.name, cmd) || streq(r->ld.name, first))
			found = r;
	}
	free(first);
	return found;
}

/* Whether a DEFAULT command names a label, bootable or not. */
static bool names_label(struct sys_state *st, const char *cmd)
{
	char *first;
	size_t i;
	bool yes = find_label(st, cmd) != NULL;

	if (yes)
		return true;
	first = sys_first_word(cmd);
	for (i = 0; first && !yes && i < st->unbootable.n; i++)
		yes = streq(st->unbootable.v[i], cmd) ||
		      streq(st->unbootable.v[i], first);
	free(first);
	return yes;
}

static bool is_module(const char *cmd)
{
	char *file = sys_first_word(cmd);
	bool yes = file && sys_type_by_name(file) != KT_LINUX;

	free(file);
	return yes;
}

/*
 * What boots unattended: ONTIMEOUT's label, else DEFAULT's (unless DEFAULT
 * starts a menu module) or the kernel DEFAULT names when no label has
 * that name (implicit, when there is one), else the top menu's MENU
 * DEFAULT.
 */
static const struct rec *default_rec(struct sys_state *st,
				     const struct rec *implicit)
{
	struct rec *r = NULL;
	size_t i;

	if (st->ontimeout)
		r = find_label(st, st->ontimeout);
	if (!r && implicit)
		return implicit;
	if (!r && st->default_cmd && !is_module(st->default_cmd))
		r = find_label(st, st->default_cmd);
	for (i = st->recs.n; !r && i > 0; i--) {
		struct rec *c = st->recs.v[i - 1];

		if (c->ld.menu_default && !c->menu->parent)
			r = c;
	}
	return r && r->ld.type != KT_CONFIG ? r : NULL;
}

/*
 * A DEFAULT that names no label is a command line as if typed at the
 * boot: prompt: a kernel file and its options (syslinux.txt, DEFAULT).
 * The global APPEND goes first ("added at the very beginning of the
 * kernel command line", for automatic and manual boots alike); with no
 * label, no label's APPEND or INITRD applies, and a global INITRD is
 * ignored as always. ALLOWOPTIONS 0 drops the options, IMPLICIT 0 boots
 * only labels, and a menu module (UI, or DEFAULT naming a .c32) shows
 * labels only. memdisk, boot sectors and ".type" specifiers are not
 * kexec'd. Fills r (its ld.name NULL when there is no such entry);
 * returns 0 or -ENOMEM. The caller releases r with implicit_release().
 */
static int implicit_rec(struct sys_state *st, struct rec *r)
{
	const char *cmd = st->default_cmd, *global = st->append;
	char *file;

	memset(r, 0, sizeof(*r));
	if (!cmd || st->has_ui || st->no_implicit || is_module(cmd) ||
	    names_label(st, cmd))
		return 0;
	file = sys_first_word(cmd);
	if (!file)
		return -ENOMEM;
	if (!*file || !strcasecmp(sys_basename(file), "memdisk") ||
	    (file[0] == '.' && !strchr(file, '/'))) {
		free(file);
		return 0;
	}
	if (!global || streq(global, "-"))
		global = "";
	r->ld.kernel = file;
	r->ld.type = KT_LINUX;
	r->ld.file = st->default_file;
	r->ld.line = st->default_line;
	r->menu = st->menus.v[0];
	r->append = join_args(global, st->no_options ? "" : after_word(cmd));
	r->ld.name = strdup(cmd);
	if (!r->append || !r->ld.name)
		return -ENOMEM;
	return 0;
}

static void implicit_release(struct rec *r)
{
	free(r->ld.name);
	free(r->ld.kernel);
	free(r->append);
}

/*
 * TIMEOUT is in tenths of a second, 0 meaning wait; without a menu module
 * and with PROMPT 0 there is no prompt at all: the default boots at once.
 */
static void set_timeout(struct sys_state *st)
{
	bool ui = st->has_ui ||
		  (st->default_cmd && is_module(st->default_cmd));

	if (!ui && st->prompt == 0)
		parse_set_timeout(st->ctx, 0);
	else if (st->timeout_tenths > 0)
		parse_set_timeout(st->ctx, (st->timeout_tenths + 9) / 10);
	else if (st->timeout_tenths == 0)
		parse_set_timeout(st->ctx, -1);
}

static bool same_file(const struct boot_file *a, const struct boot_file *b)
{
	if (!a || !b)
		return a == b;
	return streq(a->path ? a->path : "", b->path ? b->path : "") &&
	       streq(a->url ? a->url : "", b->url ? b->url : "");
}

/* Whether an option that boots the same way is already listed. */
static bool listed(struct parse_ctx *ctx, const struct boot_option *opt)
{
	size_t i, k;

	for (i = 0; i < ctx->options.n; i++) {
		const struct boot_option *o = ctx->options.v[i];

		if (!streq(o->parser, ctx->parser) ||
		    !streq(o->kind, opt->kind) ||
		    !streq(o->cmdline, opt->cmdline) ||
		    !same_file(o->kernel, opt->kernel) ||
		    boot_array_len((void **)o->initrds) !=
		    boot_array_len((void **)opt->initrds))
			continue;
		for (k = 0; opt->initrds && opt->initrds[k]; k++)
			if (!same_file(o->initrds[k], opt->initrds[k]))
				break;
		if (!opt->initrds || !opt->initrds[k])
			return true;
	}
	return false;
}

static int add_rec(struct sys_state *st, const struct rec *r,
		   const char *prefix, bool is_default)
{
	struct boot_option *opt = boot_option_new();
	int ret;

	if (!opt)
		return -ENOMEM;
	ret = build_option(st, r, prefix, opt);
	if (ret || (prefix && listed(st->ctx, opt))) {
		boot_option_free(opt);
		return ret == -EINVAL ? 0 : ret;
	}
	opt->is_default = is_default;
	ret = parse_add_option(st->ctx, opt, r->ld.file);
	return ret == -E2BIG ? 0 : ret;
}

static int parse_main(struct parse_ctx *ctx, struct sys_run *run,
		      const char *path, const char *base, const char *prefix);

/* A config read again for a CONFIG entry repeats its diagnostics: drop. */
static void drop_repeated_diags(struct parse_ctx *ctx, size_t from)
{
	size_t i, j, k = from;

	for (i = from; i < ctx->diags.n; i++) {
		for (j = 0; j < from; j++)
			if (streq(ctx->diags.v[i], ctx->diags.v[j]))
				break;
		if (j < from)
			free(ctx->diags.v[i]);
		else
			ctx->diags.v[k++] = ctx->diags.v[i];
	}
	ctx->diags.n = k;
}

/*
 * A CONFIG entry loads another config when chosen: its entries are listed
 * under the entry's name, relative to the folder its APPEND names. Configs
 * already listed, and entries already listed, are not listed again.
 */
static int expand_config(struct sys_state *st, const struct rec *r,
			 const char *prefix)
{
	char *file = sys_first_word(r->ld.kernel), *path = NULL, *name = NULL;
	char *dir = NULL, *cd = NULL;
	size_t i, diags;
	int ret = -ENOMEM;

	if (r->ld.append && !(cd = sys_first_word(r->ld.append)))
		goto out;
	if (!file)
		goto out;
	path = conf_path_join(st->base, file);
	name = entry_name(r, prefix);
	dir = cd && *cd ? conf_path_join(st->base, cd) : strdup(st->base);
	if (!path || !name || !dir)
		goto out;
	ret = 0;
	for (i = 0; i < st->run->mains.n; i++)
		if (streq(st->run->mains.v[i], path))
			goto out;
	if (st->run->config_depth >= PARSE_MAX_DEPTH) {
		parse_warn(st->ctx, r->ld.file, r->ld.line,
			   "CONFIG nested deeper than %d: not read",
			   PARSE_MAX_DEPTH);
		goto out;
	}
	st->run->config_depth++;
	diags = st->ctx->diags.n;
	ret = parse_main(st->ctx, st->run, path, dir, name);
	drop_repeated_diags(st->ctx, diags);
	st->run->config_depth--;
out:
	free(file);
	free(path);
	free(name);
	free(dir);
	free(cd);
	return ret;
}

/*
 * Hand the entries over in menu order: the kernel DEFAULT names (when no
 * label has that name) first, as it is what boots when nothing is typed.
 * Entries that CONFIG entries load come after the config's own, so that
 * those already listed (a help screen's config often includes the whole
 * menu again) are left out.
 */
static int emit(struct sys_state *st, const char *prefix,
		const struct rec *target, const struct rec *implicit)
{
	size_t i;
	int ret = 0;

	if (implicit->ld.name)
		ret = add_rec(st, implicit, prefix, implicit == target);
	for (i = 0; !ret && i < st->recs.n; i++) {
		struct rec *r = st->recs.v[i];

		if (r->ld.type == KT_CONFIG)
			continue;
		if (!r->ld.hide || r == target)
			ret = add_rec(st, r, prefix, r == target);
		/*
		 * Its option made, a record is let go: the options of the
		 * next ones fill the holes it leaves (peak RSS).
		 */
		sys_rec_free(r);
		st->recs.v[i] = NULL;
	}
	for (i = 0; !ret && i < st->recs.n; i++) {
		const struct rec *r = st->recs.v[i];

		if (r && r->ld.type == KT_CONFIG)
			ret = expand_config(st, r, prefix);
	}
	return ret;
}

/*
 * Parse a main config (the first found, or one a CONFIG entry loads) and
 * hand its entries over under prefix. Only the first main config decides
 * the default and the timeout.
 */
static int parse_main(struct parse_ctx *ctx, struct sys_run *run,
		      const char *path, const char *base, const char *prefix)
{
	const struct rec *target = NULL;
	struct rec implicit = { 0 };
	struct sys_state st;
	char *own = strdup(path);
	int ret;

	if (!own || vec_push(&run->mains, own)) {
		free(own);
		return -ENOMEM;
	}
	ret = sys_state_init(&st, ctx, run, base);
	if (!ret)
		ret = sys_parse_file(&st, path, NULL, 0);
	if (!ret)
		ret = sys_record(&st);
	if (!ret)
		ret = implicit_rec(&st, &implicit);
	if (!ret && !prefix) {
		set_timeout(&st);
		target = default_rec(&st, implicit.ld.name ? &implicit : NULL);
	}
	if (!ret)
		ret = emit(&st, prefix, target, &implicit);
	implicit_release(&implicit);
	sys_state_release(&st);
	return ret;
}

static int syslinux_parse(struct parse_ctx *ctx)
{
	struct sys_run run = { 0 };
	struct parse_stat ps;
	char *base;
	size_t i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(main_configs); i++) {
		if (parse_stat(ctx, NULL, main_configs[i], &ps) || ps.is_dir)
			continue;
		base = conf_dirname(main_configs[i]);
		ret = base ? parse_main(ctx, &run, main_configs[i], base, NULL)
			   : -ENOMEM;
		free(base);
		break;
	}
	sys_run_release(&run);
	return ret;
}

int sys_parse_pxelinux(struct parse_ctx *ctx, struct sys_run *run,
		       const char *path, const char *base)
{
	return parse_main(ctx, run, path, base, NULL);
}

void sys_run_release(struct sys_run *run)
{
	vec_free(&run->paths, free);
	vec_free(&run->mains, free);
	free(run->proxy);
}

const struct parser syslinux_parser = {
	.name = "syslinux",
	.parse = syslinux_parse,
};
