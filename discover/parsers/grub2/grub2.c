/*
 * grub2.c: the GRUB 2 parser: finds the source's grub.cfg, runs it in the
 * interpreter with the environment GRUB's normal mode starts with, shows
 * the resulting menu (which turns bootable entries into boot options) and
 * reports the timeout.
 *
 * Which config: a machine's firmware or boot sector starts one GRUB, which
 * reads one grub.cfg from its prefix. baton reads the first of
 * g2_config_paths that exists on the source and nothing else: the main
 * configs of BIOS installs and Debian-style EFI installs come first, then
 * the ESP's vendor configs (which on Debian/Ubuntu/Fedora 34+ are stubs
 * that configfile the main config: followed on the same source, left to
 * the other source's own scan when it lives elsewhere).
 *
 * Devices: the source's own GRUB device name is its source name (GRUB's
 * "hd0,gpt2" cannot be known); $root and $prefix start there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/grub2/grub2-internal.h"

const char *const g2_config_paths[] = {
	"/boot/grub/grub.cfg",
	"/grub/grub.cfg",
	"/boot/grub2/grub.cfg",
	"/grub2/grub.cfg",
	"/EFI/BOOT/grub.cfg",
	"/EFI/*/grub.cfg",
	"/boot/efi/EFI/*/grub.cfg",
	"/@/boot/grub/grub.cfg",
	"/@/boot/grub2/grub.cfg",
	NULL,
};

static const char *const features[] = {
	"feature_chainloader_bpb", "feature_ntldr",
	"feature_platform_search_hint", "feature_default_font_path",
	"feature_all_video_module", "feature_menuentry_id",
	"feature_menuentry_options", "feature_200_final",
	"feature_nativedisk_cmd", "feature_timeout_style",
};

/* The first config of pattern (one '*' for a directory) on the source. */
static char *find_pattern(struct parse_ctx *ctx, const char *pattern)
{
	const char *star = strchr(pattern, '*');
	char *dir, *path = NULL, **names = NULL;
	size_t i;

	if (!star)
		return parse_exists(ctx, NULL, pattern) ? strdup(pattern) :
		       NULL;
	dir = strndup(pattern, star - pattern - 1);
	if (!dir || parse_list(ctx, NULL, dir, &names)) {
		free(dir);
		return NULL;
	}
	for (i = 0; names && names[i] && !path; i++) {
		path = str_printf("%s/%s%s", dir, names[i], star + 1);
		if (path && !parse_exists(ctx, NULL, path)) {
			free(path);
			path = NULL;
		}
	}
	strv_free(names);
	free(dir);
	return path;
}

static char *find_config(struct parse_ctx *ctx)
{
	const char *const *p;
	char *path;

	for (p = g2_config_paths; *p; p++) {
		path = find_pattern(ctx, *p);
		if (path)
			return path;
	}
	return NULL;
}

int g2_interp_init(struct g2_interp *in, struct parse_ctx *ctx,
		   const char *cfg_path)
{
	memset(in, 0, sizeof(*in));
	in->ctx = ctx;
	in->self = ctx->source->name ? ctx->source->name : "self";
	in->file = cfg_path;
	in->active[0].src = ctx->source;
	in->active[0].path = cfg_path;
	in->steps_left = G2_TOTAL_STEPS;
	in->entry_steps_left = G2_CONFIG_STEPS;
	in->glob_steps = G2_GLOB_STEPS;
	in->env = calloc(1, sizeof(*in->env));
	if (!in->env)
		return -ENOMEM;
	return g2_env_init(in->env, &in->env_bytes, NULL);
}

void g2_interp_release(struct g2_interp *in)
{
	struct g2_func *f, *tmp;
	size_t i;

	if (in->ctx)
		g2_unknown_release(in);
	if (in->env) {
		g2_env_release(in->env);
		free(in->env);
	}
	HASH_ITER(hh, in->funcs, f, tmp) {
		HASH_DEL(in->funcs, f);
		g2_unit_unref(f->unit);
		free(f);
	}
	for (i = 0; i < in->nloops; i++) {
		free(in->loops[i].name);
		free(in->loops[i].image);
	}
	free(in->loops);
	g2_bls_seen_release(in);
	g2_argv_spares_release(in);
	g2_unit_cache_release(in);
	g2_lex_release(&in->lex_keep);
	memset(in, 0, sizeof(*in));
}

static int set_exported(struct g2_interp *in, const char *name,
			const char *value)
{
	int r = g2_env_set(in->env, name, value);

	return r ? r : g2_env_export(in->env, name);
}

/* What GRUB's normal mode has set when it reads the config. */
static int initial_env(struct g2_interp *in, const char *cfg)
{
	const char *arch = in->ctx->arch ? in->ctx->arch : "";
	bool efi = !strncasecmp(cfg, "/EFI/", 5) ||
		   !strncasecmp(cfg, "/boot/efi/", 10) ||
		   (strcmp(arch, "x86_64") && strncmp(arch, "i", 1));
	const char *cpu = !efi ? "i386" : !strcmp(arch, "aarch64") ? "arm64" :
			  arch;
	char *dir = strndup(cfg, strrchr(cfg, '/') - cfg);
	char *prefix = dir ? str_printf("(%s)%s", in->self, dir) : NULL;
	char *file = str_printf("(%s)%s", in->self, cfg);
	size_t i;
	int r = prefix && file ? 0 : -ENOMEM;

	if (!r)
		r = set_exported(in, "root", in->self);
	if (!r)
		r = set_exported(in, "prefix", prefix);
	if (!r)
		r = set_exported(in, "config_directory", prefix);
	if (!r)
		r = set_exported(in, "config_file", file);
	if (!r && efi)
		r = set_exported(in, "cmdpath", prefix);
	if (!r)
		r = set_exported(in, "grub_platform", efi ? "efi" : "pc");
	if (!r)
		r = set_exported(in, "grub_cpu", cpu);
	for (i = 0; !r && i < ARRAY_SIZE(features); i++)
		r = set_exported(in, features[i], "y");
	free(dir);
	free(prefix);
	free(file);
	return r;
}

/* Run path (read from the source) and show its menu. */
int g2_parse_config(struct parse_ctx *ctx, const char *path)
{
	char *buf = NULL;
	size_t len;
	int r;

	r = parse_read(ctx, NULL, path, &buf, &len);
	if (r == -EFBIG)
		parse_warn(ctx, path, 0, "larger than %u bytes: not read",
			   PARSE_MAX_FILE_SIZE);
	else if (r && r != -ENOMEM)
		parse_warn(ctx, path, 0, "cannot be read (%s)", strerror(-r));
	if (r)
		return r == -ENOMEM ? r : 0;
	return g2_parse_buffer(ctx, path, buf, len);
}

int g2_parse_buffer(struct parse_ctx *ctx, const char *path, char *buf,
		    size_t len)
{
	struct g2_menu menu = { 0 };
	struct g2_text *text = NULL;
	struct g2_interp in;
	int r;

	r = g2_interp_init(&in, ctx, path);
	if (!r)
		r = g2_text_take(&in, buf, len, &text);
	else
		free(buf);
	if (!r)
		r = initial_env(&in, path);
	if (!r) {
		in.menu = &menu;
		in.reads = 1;
		r = g2_run_buffer(&in, path, text);
		in.stopped = in.halt;
		in.entry_steps_left = G2_ENTRY_STEPS;
	}
	if (r >= 0)
		r = g2_show_menu(&in, &menu);
	in.menu = NULL;
	g2_menu_free(&menu);
	g2_text_unref(text);
	g2_interp_release(&in);
	return r == -ENOMEM ? r : 0;
}

static int grub2_parse(struct parse_ctx *ctx)
{
	char *path = find_config(ctx);
	int r;

	if (!path)
		return 0;
	r = g2_parse_config(ctx, path);
	free(path);
	return r;
}

const struct parser grub2_parser = {
	.name = "grub2",
	.parse = grub2_parse,
};
