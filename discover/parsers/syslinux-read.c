/*
 * syslinux-read.c: reading syslinux/extlinux config files into labels and
 * submenus, line by line as syslinux's menu module does: a LABEL block is
 * finished by the next LABEL, MENU BEGIN/END, MENU SEPARATOR or the end;
 * MENU LABEL right after MENU BEGIN names the submenu; INCLUDE (with a
 * title: as a submenu) is read in place; TEXT HELP blocks are skipped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/syslinux-internal.h"

/* The keywords that give a label its kernel, and how to boot it. */
static const struct {
	const char *word;
	enum ktype type;
} kernel_words[] = {
	{ "kernel", KT_KERNEL }, { "linux", KT_LINUX }, { "boot", KT_BOOT },
	{ "bss", KT_BSS }, { "pxe", KT_PXE }, { "fdimage", KT_FDIMAGE },
	{ "comboot", KT_COMBOOT }, { "com32", KT_COM32 },
	{ "config", KT_CONFIG }, { "localboot", KT_LOCALBOOT },
};

/* ---- small helpers ---------------------------------------------------- */

/* The value after keyword at p (case-insensitive, then a space or end). */
static char *keyword(char *p, const char *word)
{
	size_t n;

	/* words are lower case letters: most lines differ at the first */
	if ((p[0] | 0x20) != word[0])
		return NULL;
	n = strlen(word);
	if (strncasecmp(p, word, n) || (unsigned char)p[n] > ' ')
		return NULL;
	return conf_rtrim(conf_skip_space(p + n));
}

static int set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = strdup(v);
	return *slot ? 0 : -ENOMEM;
}

static void label_release(struct label *ld)
{
	free(ld->name);
	free(ld->menulabel);
	free(ld->kernel);
	free(ld->append);
	free(ld->initrd);
	free(ld->fdt);
	free(ld->fdtdir);
	free(ld->fdtoverlays);
	memset(ld, 0, sizeof(*ld));
}

void sys_rec_free(void *p)
{
	struct rec *r = p;

	if (!r)
		return;
	label_release(&r->ld);
	free(r->append);
	free(r);
}

static void menu_free(void *p)
{
	struct menu *m = p;

	if (m)
		free(m->display);
	free(m);
}

/* A copy of s without '^' hotkey marks (the menu does not show them). */
char *sys_strip_carets(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++)
		if (*s != '^')
			*o++ = *s;
	*o = '\0';
	return out;
}

const char *sys_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Kernel type by extension, as syslinux decides for KERNEL. */
enum ktype sys_type_by_name(const char *file)
{
	static const struct {
		const char *ext;
		enum ktype type;
	} exts[] = {
		{ ".c32", KT_COM32 }, { ".com", KT_COMBOOT },
		{ ".cbt", KT_COMBOOT }, { ".bss", KT_BSS }, { ".bs", KT_BOOT },
		{ ".bin", KT_BOOT }, { ".0", KT_PXE }, { ".img", KT_FDIMAGE },
	};
	const char *dot = strrchr(sys_basename(file), '.');
	size_t i;

	for (i = 0; dot && i < ARRAY_SIZE(exts); i++)
		if (strcasecmp(dot, exts[i].ext) == 0)
			return exts[i].type;
	return KT_LINUX;
}

/* The first word of s, allocated. */
char *sys_first_word(const char *s)
{
	size_t n = 0;

	s = conf_skip_space(s);
	while (s[n] && !conf_is_space(s[n]))
		n++;
	return str_ndup(s, n);
}

/* ---- reading: labels and menus ---------------------------------------- */

/* The type a finished label boots as, or -1 when kexec cannot boot it. */
static int boot_type(const struct label *ld)
{
	enum ktype t = ld->type;
	char *file;
	int ret = -1;

	if (ld->no_boot || !ld->kernel || !*ld->kernel)
		return -1;
	if (t == KT_CONFIG)
		return t;
	file = sys_first_word(ld->kernel);
	if (!file)
		return -1;
	if (t == KT_KERNEL)
		t = sys_type_by_name(file);
	if (t == KT_LINUX && strcasecmp(sys_basename(file), "memdisk"))
		ret = t;	/* memdisk needs a BIOS */
	if (t == KT_COM32 && (!strcasecmp(sys_basename(file), "mboot.c32") ||
			      !strcasecmp(sys_basename(file), "linux.c32")))
		ret = t;
	free(file);
	return ret;
}

/* Finish the current label: keep it if it can boot, else forget it. */
int sys_record(struct sys_state *st)
{
	const char *a = st->ld.append ? st->ld.append : st->append;
	struct rec *r = NULL;
	int type;

	if (!st->in_label)
		return 0;
	st->in_label = false;
	type = boot_type(&st->ld);
	if (type < 0)
		goto drop;
	if (type != KT_CONFIG && st->run->entries >= PARSE_MAX_OPTIONS) {
		if (!st->run->full)
			parse_warn(st->ctx, st->ld.file, st->ld.line,
				   "more than %d entries: the rest ignored",
				   PARSE_MAX_OPTIONS);
		st->run->full = true;
		goto drop;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->append = strdup(a && strcmp(a, "-") ? a : "")) ||
	    vec_push(&st->recs, r)) {
		sys_rec_free(r);
		label_release(&st->ld);
		return -ENOMEM;
	}
	r->ld = st->ld;
	r->ld.type = type;
	r->menu = st->cur;
	memset(&st->ld, 0, sizeof(st->ld));
	if (type != KT_CONFIG)
		st->run->entries++;
	return 0;
drop:
	/* still a label: DEFAULT naming it is no kernel file */
	if (st->ld.name && vec_push(&st->unbootable, st->ld.name)) {
		label_release(&st->ld);
		return -ENOMEM;
	}
	st->ld.name = NULL;
	label_release(&st->ld);
	return 0;
}

static int start_label(struct sys_state *st, const struct conf_reader *r,
		       const char *name)
{
	int ret = sys_record(st);

	if (ret)
		return ret;
	label_release(&st->ld);		/* MENU HIDE before any LABEL */
	st->in_label = true;
	st->ld.type = KT_KERNEL;	/* the kernel is the label's name */
	st->ld.file = r->file;
	st->ld.line = r->lineno;
	conf_check_name(r, name);
	if (set_str(&st->ld.name, name) || set_str(&st->ld.kernel, name))
		return -ENOMEM;
	return 0;
}

static int begin_menu(struct sys_state *st, const struct conf_reader *r,
		      const char *tag)
{
	struct menu *m;
	unsigned depth = 0;
	int ret = sys_record(st);

	for (m = st->cur; m->parent; m = m->parent)
		depth++;
	if (ret || depth >= PARSE_MAX_DEPTH) {
		if (!ret)
			parse_warn(st->ctx, r->file, r->lineno,
				   "submenus nested deeper than %d: flattened",
				   PARSE_MAX_DEPTH);
		return ret;
	}
	m = calloc(1, sizeof(*m));
	if (!m || !(m->display = strdup(tag)) || vec_push(&st->menus, m)) {
		menu_free(m);
		return -ENOMEM;
	}
	m->display_is_tag = true;
	m->parent = st->cur;
	st->cur = m;
	return 0;
}

static int end_menu(struct sys_state *st)
{
	int ret = sys_record(st);

	if (st->cur->parent)
		st->cur = st->cur->parent;
	return ret;
}

/* MENU LABEL / MENU TITLE name the label, or the submenu being opened. */
static int menu_name(struct sys_state *st, const struct conf_reader *r,
		     const char *v, bool is_title)
{
	struct menu *m = st->cur;

	if (!is_title && st->in_label) {
		conf_check_name(r, v);
		return set_str(&st->ld.menulabel, v);
	}
	if (!m->parent || (is_title && !m->display_is_tag))
		return 0;
	m->display_is_tag = false;
	return set_str(&m->display, v);
}

static int do_include(struct sys_state *st, const struct conf_reader *r,
		      char *v);

static int menu_line(struct sys_state *st, const struct conf_reader *r,
		     char *p)
{
	char *v;

	if ((v = keyword(p, "label")))
		return menu_name(st, r, v, false);
	if ((v = keyword(p, "title")))
		return menu_name(st, r, v, true);
	if ((v = keyword(p, "begin")))
		return begin_menu(st, r, v);
	if (keyword(p, "end"))
		return end_menu(st);
	if ((v = keyword(p, "include")))
		return do_include(st, r, v);
	if (keyword(p, "separator"))
		return sys_record(st);
	if (keyword(p, "default"))
		st->ld.menu_default = st->in_label;
	else if (keyword(p, "hide"))
		st->ld.hide = true;
	else if (keyword(p, "disable") || keyword(p, "disabled") ||
		 keyword(p, "quit") || keyword(p, "goto") ||
		 keyword(p, "help") ||
		 (keyword(p, "exit") && st->cur->parent))
		st->ld.no_boot = st->in_label;
	return 0;
}

/* Directives of a LABEL block; false when p is none of them. */
static bool label_line(struct sys_state *st, char *p, int *ret)
{
	static const struct {
		const char *word;
		size_t off;
	} files[] = {
		{ "initrd", offsetof(struct label, initrd) },
		{ "fdt", offsetof(struct label, fdt) },
		{ "devicetree", offsetof(struct label, fdt) },
		{ "fdtdir", offsetof(struct label, fdtdir) },
		{ "devicetreedir", offsetof(struct label, fdtdir) },
		{ "fdtoverlays", offsetof(struct label, fdtoverlays) },
	};
	char *v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kernel_words); i++) {
		if (!(v = keyword(p, kernel_words[i].word)))
			continue;
		if (st->in_label) {
			st->ld.type = kernel_words[i].type;
			*ret = set_str(&st->ld.kernel, v);
		}
		return true;
	}
	if ((v = keyword(p, "ipappend")) || (v = keyword(p, "sysappend"))) {
		/* in a label: that label's; outside: every label's */
		if (st->in_label) {
			st->ld.ipappend = strtoul(v, NULL, 0);
			st->ld.has_ipappend = true;
		} else {
			st->ipappend = strtoul(v, NULL, 0);
		}
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (!(v = keyword(p, files[i].word)))
			continue;
		if (st->in_label)	/* outside a label: ignored */
			*ret = set_str((char **)((char *)&st->ld +
						 files[i].off), v);
		return true;
	}
	return false;
}

/* Global directives that matter for which entry boots and when. */
static bool global_line(struct sys_state *st, const struct conf_reader *r,
			char *p, int *ret)
{
	char *v;

	if ((v = keyword(p, "default"))) {
		*ret = set_str(&st->default_cmd, v);
		st->default_file = r->file;
		st->default_line = r->lineno;
	} else if ((v = keyword(p, "ontimeout"))) {
		*ret = set_str(&st->ontimeout, v);
	} else if ((v = keyword(p, "timeout"))) {
		st->timeout_tenths = atoi(v);
	} else if ((v = keyword(p, "prompt"))) {
		st->prompt = atoi(v);
	} else if ((v = keyword(p, "implicit"))) {
		st->no_implicit = atoi(v) == 0;
	} else if ((v = keyword(p, "allowoptions"))) {
		st->no_options = atoi(v) == 0;
	} else if (keyword(p, "ui")) {
		st->has_ui = true;
	} else if ((v = keyword(p, "proxy"))) {
		*ret = set_str(&st->run->proxy, v);
	} else {
		return false;
	}
	return true;
}

/* TEXT HELP ... ENDTEXT: lines of help text, not directives. */
static void skip_text(struct conf_reader *r)
{
	char *line;

	while ((line = conf_next_line(r)))
		if (keyword(conf_skip_space(line), "endtext"))
			break;
}

static int handle_line(struct sys_state *st, struct conf_reader *r,
		       char *line)
{
	char *p, *v;
	int ret = 0;

	/* syslinux ends a line at its first CR */
	line[strcspn(line, "\r")] = '\0';
	p = conf_skip_space(line);
	if ((v = keyword(p, "menu")))
		return menu_line(st, r, v);
	if (keyword(p, "text")) {
		skip_text(r);
		return 0;
	}
	if ((v = keyword(p, "label")))
		return start_label(st, r, v);
	if ((v = keyword(p, "include")))
		return do_include(st, r, v);
	if ((v = keyword(p, "append"))) {
		if (st->in_label)
			return set_str(&st->ld.append, v);
		return set_str(&st->append, v);
	}
	if (label_line(st, p, &ret) || global_line(st, r, p, &ret))
		return ret;
	return 0;	/* SAY, DISPLAY, F1, SERIAL, MENU COLOR ...: no effect */
}

/* INCLUDE file [title]: with a title, the file's labels form a submenu. */
static int do_include(struct sys_state *st, const struct conf_reader *r,
		      char *v)
{
	char *file = conf_next_word(&v), *path;
	int ret = 0;

	if (!file)
		return 0;
	v = conf_skip_space(v);
	path = conf_path_join(st->base, file);
	if (!path)
		return -ENOMEM;
	if (*v)
		ret = begin_menu(st, r, v);
	if (!ret)
		ret = sys_parse_file(st, path, r->file, r->lineno);
	if (!ret && *v)
		ret = end_menu(st);
	free(path);
	return ret;
}

/* Whether path may be read now: no cycle, not too deep, within budget. */
static bool may_read(struct sys_state *st, const char *path,
		     const char *from, unsigned line)
{
	unsigned i;

	for (i = 0; i < st->depth; i++) {
		if (!streq(st->stack[i], path))
			continue;
		parse_warn(st->ctx, from, line,
			   "INCLUDE cycle: %s is already being read", path);
		return false;
	}
	if (st->depth >= PARSE_MAX_DEPTH) {
		parse_warn(st->ctx, from, line,
			   "INCLUDE nested deeper than %d: %s not read",
			   PARSE_MAX_DEPTH, path);
		return false;
	}
	if (st->run->files >= SYS_MAX_FILES ||
	    st->run->bytes >= SYS_MAX_BYTES) {
		if (!st->run->over_budget)
			parse_warn(st->ctx, from, line,
				   "more than %d files or %u MiB of config: "
				   "the rest not read", SYS_MAX_FILES,
				   SYS_MAX_BYTES >> 20);
		st->run->over_budget = true;
		return false;
	}
	return true;
}

static int read_config(struct sys_state *st, const char *path,
		       const char *from, unsigned line, char **buf,
		       size_t *len)
{
	int ret = parse_read(st->ctx, NULL, path, buf, len);

	if (ret == -ENOMEM || !ret)
		return ret;
	if (ret == -EFBIG)
		parse_warn(st->ctx, path, 0,
			   "file is larger than %u MiB: not read",
			   PARSE_MAX_FILE_SIZE >> 20);
	else if (from)
		parse_warn(st->ctx, from, line, "cannot read %s: %s", path,
			   strerror(-ret));
	else if (ret != -ENOENT)
		parse_warn(st->ctx, path, 0, "cannot read: %s",
			   strerror(-ret));
	return ret;
}

int sys_parse_file(struct sys_state *st, const char *path,
		   const char *from, unsigned from_line)
{
	struct conf_reader r;
	char *buf, *line, *own;
	size_t len;
	int ret;

	if (!may_read(st, path, from, from_line))
		return 0;
	ret = read_config(st, path, from, from_line, &buf, &len);
	if (ret)
		return ret == -ENOMEM ? ret : 0;
	own = strdup(path);	/* labels keep pointing at their file */
	if (!own || vec_push(&st->run->paths, own)) {
		free(own);
		free(buf);
		return -ENOMEM;
	}
	st->run->files++;
	st->run->bytes += len;
	st->stack[st->depth++] = own;
	conf_reader_init(&r, st->ctx, own, buf, len);
	while (!ret && !st->run->full && !st->run->over_budget &&
	       (line = conf_next_line(&r)))
		ret = handle_line(st, &r, line);
	st->depth--;
	free(buf);
	return ret;
}

int sys_state_init(struct sys_state *st, struct parse_ctx *ctx,
		   struct sys_run *run, const char *base)
{
	struct menu *root = calloc(1, sizeof(*root));

	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->run = run;
	st->timeout_tenths = -1;
	st->prompt = -1;
	st->cur = root;
	st->base = strdup(base);
	if (!root || !st->base || vec_push(&st->menus, root)) {
		free(root);
		return -ENOMEM;
	}
	return 0;
}

void sys_state_release(struct sys_state *st)
{
	label_release(&st->ld);
	vec_free(&st->recs, sys_rec_free);
	vec_free(&st->unbootable, free);
	vec_free(&st->menus, menu_free);
	free(st->base);
	free(st->append);
	free(st->default_cmd);
	free(st->ontimeout);
}
