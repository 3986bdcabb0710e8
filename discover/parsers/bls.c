/*
 * bls.c: Boot Loader Specification type #1 entries: /loader/entries/NAME.conf
 * (and /boot/loader/entries/NAME.conf on a root file system), every key of
 * the spec, sorted as the spec says, the default and timeout from
 * loader.conf. Entries for another architecture are hidden, as the spec
 * asks. An option's origin is its entry file, so that an entry that GRUB's
 * blscfg also lists appears once.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/bls-common.h"
#include "discover/parsers/conf.h"
#include "lib/strbuf.h"
#include "lib/text.h"

/* An entry file as read: the temporary the option is built from. */
struct fields {
	char *title, *version, *machine_id, *sort_key, *arch;
	char *kernel, *efi, *uki, *uki_url, *devicetree;
	struct strbuf options;
	bool has_options;
	struct vec initrds;	/* char * */
	struct vec overlays;	/* char * */
	bool too_many_files;
};

/* Keys whose last occurrence wins. */
static const struct {
	const char *key;
	size_t off;
} single_keys[] = {
	{ "title", offsetof(struct fields, title) },
	{ "version", offsetof(struct fields, version) },
	{ "machine-id", offsetof(struct fields, machine_id) },
	{ "sort-key", offsetof(struct fields, sort_key) },
	{ "architecture", offsetof(struct fields, arch) },
	{ "linux", offsetof(struct fields, kernel) },
	{ "efi", offsetof(struct fields, efi) },
	{ "uki", offsetof(struct fields, uki) },
	{ "uki-url", offsetof(struct fields, uki_url) },
	{ "devicetree", offsetof(struct fields, devicetree) },
};

/* Keys of the spec or of GRUB's blscfg that do not change the option. */
static const char *const ignored_keys[] = {
	"extra", "profile", "grub_users", "grub_class", "grub_arg",
	"grub_hotkey",
};

static void fields_release(struct fields *f)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(single_keys); i++)
		free(*(char **)((char *)f + single_keys[i].off));
	sb_release(&f->options);
	vec_free(&f->initrds, free);
	vec_free(&f->overlays, free);
}

static int push_file(struct fields *f, struct vec *v, const char *path)
{
	char *s;

	if (v->n >= CONF_MAX_FILES) {
		f->too_many_files = true;
		return 0;
	}
	s = strdup(path);
	if (!s || vec_push(v, s)) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

static int add_overlays(struct fields *f, char *value)
{
	char *w;
	int ret = 0;

	while (!ret && (w = conf_next_word(&value)))
		ret = push_file(f, &f->overlays, w);
	return ret;
}

/* One "key value" of an entry. Returns 0, 1 for an unknown key, -ENOMEM. */
static int set_field(struct fields *f, const char *key, char *value)
{
	char **slot;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(single_keys); i++) {
		if (!streq(key, single_keys[i].key))
			continue;
		slot = (char **)((char *)f + single_keys[i].off);
		free(*slot);
		/* an empty value is as good as none */
		*slot = *value ? strdup(value) : NULL;
		return !*value || *slot ? 0 : -ENOMEM;
	}
	if (streq(key, "initrd"))
		return *value ? push_file(f, &f->initrds, value) : 0;
	if (streq(key, "devicetree-overlay"))
		return add_overlays(f, value);
	if (streq(key, "options")) {
		if (f->has_options)
			sb_addc(&f->options, ' ');
		sb_adds(&f->options, value);
		f->has_options = true;
		return f->options.err;
	}
	for (i = 0; i < ARRAY_SIZE(ignored_keys); i++)
		if (streq(key, ignored_keys[i]))
			return 0;
	return 1;
}

static int read_fields(struct parse_ctx *ctx, const char *path,
		       struct fields *f)
{
	struct conf_reader r;
	char *buf, *line, *key, *value, shown[64];
	size_t len;
	int ret;

	ret = conf_read(ctx, path, &buf, &len);
	if (ret)
		return ret == -ENOMEM ? ret : 1;
	conf_reader_init(&r, ctx, path, buf, len);
	while ((line = conf_next_line(&r))) {
		if (!bls_split_line(line, &key, &value))
			continue;
		if (streq(key, "title"))
			conf_check_name(&r, value);
		ret = set_field(f, key, value);
		if (ret < 0)
			break;
		if (ret) {
			text_sanitize_into(shown, sizeof(shown), key);
			parse_warn(ctx, path, r.lineno,
				   "unknown key '%s' ignored", shown);
		}
		ret = 0;
	}
	free(buf);
	if (f->too_many_files)
		parse_warn(ctx, path, 0,
			   "more than %d initrds or overlays: the rest ignored",
			   CONF_MAX_FILES);
	return ret;
}

/* Whether the entry applies here; false (with a reason) when it cannot. */
static bool usable(struct parse_ctx *ctx, const char *path,
		   const struct fields *f)
{
	const char *local = bls_arch_name(ctx->arch);
	int kinds = !!f->kernel + !!f->efi + !!(f->uki || f->uki_url);

	if (f->arch && local && strcasecmp(f->arch, local))
		return false;	/* hidden, as the spec asks: not an error */
	if (kinds > 1) {
		parse_warn(ctx, path, 0,
			   "more than one of linux, efi and uki: ignored");
		return false;
	}
	if (f->efi) {
		parse_warn(ctx, path, 0,
			   "an 'efi' program cannot be started by kexec: ignored");
		return false;
	}
	if (!kinds) {
		parse_warn(ctx, path, 0, "no 'linux' or 'uki' key: ignored");
		return false;
	}
	/* ":name" needs the URL the boot loader was fetched from */
	return !(f->uki_url && !f->uki && f->uki_url[0] == ':');
}

static int add_files(struct boot_option *opt, const struct fields *f)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < f->initrds.n; i++)
		ret = boot_option_add_initrd(opt,
					     conf_file("/", f->initrds.v[i]));
	for (i = 0; !ret && i < f->overlays.n; i++)
		ret = boot_option_add_overlay(opt,
					      conf_file("/", f->overlays.v[i]));
	if (!ret && f->devicetree &&
	    !(opt->dtb = conf_file("/", f->devicetree)))
		ret = -ENOMEM;
	return ret;
}

/* What *p owned, now the caller's: *p is NULL. */
static char *take(char **p)
{
	char *s = *p;

	*p = NULL;
	return s;
}

/*
 * The option for usable fields. The title, version and command line of f
 * and the strings at id and path become the option's (set to NULL) rather
 * than copied; the rest stays f's.
 */
static int build_option(struct boot_option *opt, struct fields *f,
			char **id, char **path)
{
	const char *kernel = f->kernel ? f->kernel : f->uki;

	opt->name = f->title ? take(&f->title) : strdup(*id);
	opt->kind = strdup(f->kernel ? "linux" : "uki");
	opt->kernel = kernel ? conf_file("/", kernel) :
		      boot_file_new_url(f->uki_url);
	opt->cmdline = f->has_options ? sb_detach(&f->options) : strdup("");
	opt->origin = take(path);
	opt->version = take(&f->version);
	if (!opt->name || !opt->kind || !opt->kernel || !opt->cmdline ||
	    strv_push(&opt->ids, strdup(*id)) ||
	    strv_push(&opt->ids, str_cat((const char *[]){ *id, ".conf" }, 2)))
		return -ENOMEM;
	opt->key = take(id);
	return add_files(opt, f);
}

/* Load one entry file; *out is NULL when it is hidden or unusable. */
static int load_entry(struct parse_ctx *ctx, const char *dir,
		      const char *name, struct bls_entry **out)
{
	struct fields f = { .options = STRBUF_INIT };
	struct bls_entry *e = NULL;
	char *path, *id = NULL;
	int ret;

	*out = NULL;
	path = str_cat((const char *[]){ dir, "/", name }, 3);
	e = calloc(1, sizeof(*e));
	ret = -ENOMEM;
	if (!path || !e || bls_parse_name(name, ".conf", &id,
					  &e->sort.tries_left,
					  &e->sort.tries_done))
		goto out;
	ret = read_fields(ctx, path, &f);
	if (ret || !usable(ctx, path, &f))
		goto out;
	ret = -ENOMEM;
	e->opt = boot_option_new();
	if (!e->opt || build_option(e->opt, &f, &id, &path))
		goto out;
	e->sort_key = f.sort_key;
	e->machine_id = f.machine_id;
	f.sort_key = f.machine_id = NULL;
	*out = e;
	e = NULL;
	ret = 0;
out:
	fields_release(&f);
	bls_entry_free(e);
	free(id);
	free(path);
	return ret == 1 ? 0 : ret;
}

static const struct bls_kind bls_kind = {
	.suffix = ".conf",
	.dirs = { "/loader/entries", "/boot/loader/entries" },
	.many = "entries",
	.bad_name = "an entry file name",
	.load = load_entry,
};

static int bls_parse(struct parse_ctx *ctx)
{
	return bls_parse_kind(ctx, &bls_kind, false, true);
}

const struct parser bls_parser = {
	.name = "bls",
	.parse = bls_parse,
};
