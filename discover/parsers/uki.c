/*
 * uki.c: Boot Loader Specification type #2 entries, unified kernel images
 * in /EFI/Linux/NAME.efi (and /boot/EFI/Linux on a root file system). Only
 * the PE headers and the small text sections (.osrel, .cmdline, .uname)
 * are read; the option's kernel is the .efi file itself, from which the
 * loader later takes .linux, .initrd and .dtb. Of a multi-profile image,
 * profile @0 is listed. A truncated or hostile image is refused with a
 * reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/bls-common.h"
#include "discover/parsers/conf.h"
#include "lib/pe.h"
#include "lib/text.h"

/* The text sections are small; anything larger is refused. */
#define UKI_MAX_TEXT	(64u * 1024)

enum uki_section { S_LINUX, S_OSREL, S_CMDLINE, S_UNAME, S_COUNT };

static const char *const section_names[S_COUNT] = {
	[S_LINUX] = ".linux", [S_OSREL] = ".osrel",
	[S_CMDLINE] = ".cmdline", [S_UNAME] = ".uname",
};

/* What a UKI says about itself, from .osrel, .cmdline and .uname. */
struct uki_info {
	char *osrel[6];		/* indexed by enum osrel_key */
	char *cmdline;
	char *uname;
};

enum osrel_key { K_PRETTY, K_NAME, K_ID, K_VERSION_ID, K_IMAGE_ID,
		 K_IMAGE_VERSION };

static const char *const osrel_keys[] = {
	[K_PRETTY] = "PRETTY_NAME", [K_NAME] = "NAME", [K_ID] = "ID",
	[K_VERSION_ID] = "VERSION_ID", [K_IMAGE_ID] = "IMAGE_ID",
	[K_IMAGE_VERSION] = "IMAGE_VERSION",
};

static void info_release(struct uki_info *u)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(u->osrel); i++)
		free(u->osrel[i]);
	free(u->cmdline);
	free(u->uname);
}

/*
 * The sections of profile @0: those before the first .profile, overridden
 * by those between the first and the second. A name twice in one profile
 * is refused (the spec allows each once).
 */
static int pick_sections(const struct pe_image *img,
			 const struct pe_section *out[S_COUNT])
{
	const struct pe_section *prof[S_COUNT] = { 0 };
	const struct pe_section **cur = out;
	unsigned i, k, profiles = 0;

	memset(out, 0, S_COUNT * sizeof(*out));
	for (i = 0; i < img->n_sections; i++) {
		const struct pe_section *s = &img->sections[i];

		if (streq(s->name, ".profile")) {
			if (++profiles > 1)
				break;
			cur = prof;
			continue;
		}
		for (k = 0; k < S_COUNT; k++) {
			if (!streq(s->name, section_names[k]))
				continue;
			if (cur[k])
				return -EEXIST;
			cur[k] = s;
		}
	}
	for (k = 0; k < S_COUNT; k++)
		if (prof[k])
			out[k] = prof[k];
	return 0;
}

/* Replace bytes that are not UTF-8 by '?'; true if there were any. */
static bool fix_utf8(char *s, size_t n)
{
	bool bad = false;
	size_t i, step;

	for (i = 0; i < n; i += step) {
		step = text_utf8_seq((unsigned char *)s + i, n - i);
		if (!step) {
			s[i] = '?';
			step = 1;
			bad = true;
		}
	}
	return bad;
}

/* A text section: cut at the first NUL, made valid UTF-8. */
static int read_text(struct parse_ctx *ctx, const char *path,
		     const struct pe_section *s, char **out)
{
	uint32_t size = pe_section_size(s);
	size_t got;
	char *buf;
	int ret;

	if (size > UKI_MAX_TEXT)
		return -EFBIG;
	buf = malloc(size + 1);
	if (!buf)
		return -ENOMEM;
	ret = parse_read_at(ctx, NULL, path, s->raw_offset, buf, size, &got);
	if (ret || got != size) {
		free(buf);
		return ret ? ret : -EIO;
	}
	buf[size] = '\0';
	if (fix_utf8(buf, strlen(buf)))
		parse_warn(ctx, path, 0, "%s: invalid UTF-8 replaced by '?'",
			   s->name);
	*out = buf;
	return 0;
}

/* os-release value: "..." with \-escapes, '...', or bare. */
static char *osrel_value(char *v)
{
	char q = *v, *o, *i;

	if (q != '"' && q != '\'')
		return conf_rtrim(v);
	for (o = v, i = v + 1; *i && *i != q; i++) {
		if (q == '"' && *i == '\\' && i[1] && strchr("\\\"$`", i[1]))
			i++;
		*o++ = *i;
	}
	*o = '\0';
	return v;
}

static int parse_osrel(struct uki_info *u, char *text)
{
	char *line, *next, *eq, *v;
	size_t k;

	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = conf_skip_space(line);
		eq = strchr(line, '=');
		if (*line == '#' || !eq)
			continue;
		*eq = '\0';
		v = osrel_value(eq + 1);
		for (k = 0; k < ARRAY_SIZE(osrel_keys); k++) {
			if (!streq(line, osrel_keys[k]) || !*v)
				continue;
			free(u->osrel[k]);
			u->osrel[k] = strdup(v);
			if (!u->osrel[k])
				return -ENOMEM;
		}
	}
	return 0;
}

/* The kernel sees .cmdline with controls as spaces, trailing ones cut. */
static void tidy_cmdline(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	conf_rtrim(s);
}

static int read_info(struct parse_ctx *ctx, const char *path,
		     const struct pe_section *sec[S_COUNT], struct uki_info *u)
{
	char *osrel = NULL;
	int ret = 0;

	if (sec[S_OSREL] && !(ret = read_text(ctx, path, sec[S_OSREL],
					      &osrel))) {
		ret = parse_osrel(u, osrel);
		free(osrel);
	}
	if (!ret && sec[S_CMDLINE] &&
	    !(ret = read_text(ctx, path, sec[S_CMDLINE], &u->cmdline)))
		tidy_cmdline(u->cmdline);
	if (!ret && sec[S_UNAME] &&
	    !(ret = read_text(ctx, path, sec[S_UNAME], &u->uname)))
		conf_rtrim(u->uname);
	return ret;
}

/* Title and version as the spec and sd-boot take them from .osrel. */
static int name_option(struct boot_option *opt, const struct uki_info *u,
		       const char *id)
{
	char *const *k = u->osrel;
	const char *version = k[K_IMAGE_VERSION] ? k[K_IMAGE_VERSION] :
			      k[K_VERSION_ID] ? k[K_VERSION_ID] : u->uname;

	if (k[K_PRETTY])
		opt->name = strdup(k[K_PRETTY]);
	else if (k[K_NAME] && k[K_VERSION_ID])
		opt->name = str_printf("%s %s", k[K_NAME], k[K_VERSION_ID]);
	else
		opt->name = strdup(k[K_NAME] ? k[K_NAME] :
				   k[K_IMAGE_ID] ? k[K_IMAGE_ID] :
				   k[K_ID] ? k[K_ID] : id);
	opt->version = str_dup(version);
	return !opt->name || (version && !opt->version) ? -ENOMEM : 0;
}

static int build_option(struct boot_option *opt, const struct uki_info *u,
			const char *id, const char *path)
{
	if (name_option(opt, u, id))
		return -ENOMEM;
	opt->kind = strdup("uki");
	opt->kernel = boot_file_new(path);
	opt->cmdline = strdup(u->cmdline ? u->cmdline : "");
	opt->key = strdup(id);
	opt->origin = strdup(path);
	if (!opt->kind || !opt->kernel || !opt->cmdline || !opt->key ||
	    !opt->origin || strv_push(&opt->ids, strdup(id)) ||
	    strv_push(&opt->ids, str_printf("%s.efi", id)))
		return -ENOMEM;
	return 0;
}

static int refuse(struct parse_ctx *ctx, const char *path, const char *why)
{
	parse_warn(ctx, path, 0, "refused: %s", why);
	return 1;
}

/* The first bytes of the file, parsed as PE headers. */
static int parse_headers(struct parse_ctx *ctx, const char *path,
			 uint64_t size, struct pe_image *img)
{
	size_t head_len = MIN(size, PE_HEADER_MAX), got;
	void *head = malloc(head_len);
	int ret;

	if (!head)
		return -ENOMEM;
	ret = parse_read_at(ctx, NULL, path, 0, head, head_len, &got);
	if (ret == -ENOMEM) {
		free(head);
		return ret;
	}
	if (ret)
		ret = refuse(ctx, path, strerror(-ret));
	else if ((ret = pe_parse(img, head, got, size)) < 0)
		ret = refuse(ctx, path, pe_strerror(ret));
	free(head);
	return ret;
}

/*
 * Read and check the PE headers. Returns 0, 1 when the file is not a UKI
 * for this machine (with a diagnostic when it is broken), or -ENOMEM.
 */
static int read_headers(struct parse_ctx *ctx, const char *path,
			struct pe_image *img,
			const struct pe_section *sec[S_COUNT])
{
	const char *local = bls_arch_name(ctx->arch), *arch;
	struct parse_stat st;
	int ret;

	if (parse_stat(ctx, NULL, path, &st) || st.is_dir || st.size <= 0)
		return 1;
	ret = parse_headers(ctx, path, st.size, img);
	if (ret)
		return ret;
	if (pick_sections(img, sec))
		return refuse(ctx, path, "a section appears twice");
	if (!sec[S_LINUX])
		return refuse(ctx, path,
			      "no .linux section: not a unified kernel image");
	arch = pe_machine_name(img->machine);
	return local && arch && strcmp(local, arch) ? 1 : 0;
}

static int load_uki(struct parse_ctx *ctx, struct parse_dir *dir, size_t i,
		    const char *name, struct bls_entry **out)
{
	const struct pe_section *sec[S_COUNT];
	struct uki_info u = { 0 };
	struct pe_image *img;
	struct bls_entry *e;
	char *path, *id = NULL;
	int ret = -ENOMEM;

	*out = NULL;
	path = str_printf("%s/%s", dir->path, name);
	img = malloc(sizeof(*img));
	e = calloc(1, sizeof(*e));
	if (!path || !img || !e ||
	    bls_parse_name(name, ".efi", &id, &e->sort.tries_left,
			   &e->sort.tries_done))
		goto out;
	ret = read_headers(ctx, path, img, sec);
	if (ret)
		goto out;
	ret = read_info(ctx, path, sec, &u);
	if (ret) {
		if (ret != -ENOMEM)
			ret = refuse(ctx, path, ret == -EFBIG ?
				     "a text section is over 64 KiB" :
				     strerror(-ret));
		goto out;
	}
	ret = -ENOMEM;
	e->opt = boot_option_new();
	if (!e->opt || build_option(e->opt, &u, id, path))
		goto out;
	e->sort_key = str_dup(u.osrel[K_IMAGE_ID] ? u.osrel[K_IMAGE_ID] :
			      u.osrel[K_ID]);
	*out = e;
	e = NULL;
	ret = 0;
out:
	info_release(&u);
	bls_entry_free(e);
	free(img);
	free(id);
	free(path);
	return ret == 1 ? 0 : ret;
}

/* loader.conf's default is for type #1 entries first (they come first). */
static bool has_bls_default(const struct parse_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->options.n; i++) {
		const struct boot_option *o = ctx->options.v[i];

		if (o->is_default && streq(o->parser, "bls"))
			return true;
	}
	return false;
}

static const struct bls_kind uki_kind = {
	.suffix = ".efi",
	.dirs = { "/EFI/Linux", "/boot/EFI/Linux" },
	.many = "images",
	.bad_name = "a file name",
	.load = load_uki,
};

static int uki_parse(struct parse_ctx *ctx)
{
	/* the BLS parser, when built, has reported loader.conf's problems */
	bool quiet = parser_find("bls") != NULL;

	return bls_parse_kind(ctx, &uki_kind, quiet, !has_bls_default(ctx));
}

const struct parser uki_parser = {
	.name = "uki",
	.parse = uki_parse,
};
