/* scan.c: parse sources, resolve file references; scan-ids.c does the rest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discover/scan.h"
#include "discover/scan-ids.h"
#include "lib/log.h"

static const char *const ident_keys[] = {
	"name", "uuid", "label", "partuuid", "partlabel", "fstype", "kind",
};

static char **ident_field(struct source_info *si, const char *key)
{
	if (streq(key, "name"))
		return &si->name;
	if (streq(key, "uuid"))
		return &si->uuid;
	if (streq(key, "label"))
		return &si->label;
	if (streq(key, "partuuid"))
		return &si->partuuid;
	if (streq(key, "partlabel"))
		return &si->partlabel;
	if (streq(key, "fstype"))
		return &si->fstype;
	if (streq(key, "kind"))
		return &si->kind;
	return NULL;
}

/* The ':' that starts "key=value,..." (a path may itself hold colons). */
static char *find_ident(char *arg)
{
	char *c;
	size_t i;

	for (c = strchr(arg, ':'); c; c = strchr(c + 1, ':'))
		for (i = 0; i < ARRAY_SIZE(ident_keys); i++)
			if (str_startswith(c + 1, ident_keys[i]) &&
			    c[1 + strlen(ident_keys[i])] == '=')
				return c;
	return NULL;
}

int scan_parse_source_arg(char *arg, char **path, struct source_info *si)
{
	char *spec = find_ident(arg), *item, *save = NULL, *eq, **field;

	*path = arg;
	if (!spec)
		return 0;
	*spec++ = '\0';
	for (item = strtok_r(spec, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq)
			return -EINVAL;
		*eq = '\0';
		field = ident_field(si, item);
		if (!field) {
			return -EINVAL;
		}
		free(*field);
		*field = strdup(eq + 1);
		if (!*field)
			return -ENOMEM;
	}
	return 0;
}

int scan_source(struct source *src, struct source *const *all, size_t n_all,
		const char *only, struct scan_result *res)
{
	const struct source_info **infos;
	struct parse_ctx ctx;
	size_t i;
	int ret;

	infos = calloc(n_all ? n_all : 1, sizeof(*infos));
	if (!infos)
		return -ENOMEM;
	for (i = 0; i < n_all; i++)
		infos[i] = &all[i]->info;
	parse_ctx_init(&ctx, &source_parse_io, NULL, &src->info,
		       (const struct source_info *const *)infos, n_all);
	ret = parsers_run(&ctx, only);
	if (scan_collect(res, &ctx, src->info.name))
		ret = -ENOMEM;
	parse_ctx_release(&ctx);
	free(infos);
	return ret;
}

int scan_collect(struct scan_result *res, struct parse_ctx *ctx,
		 const char *name)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < ctx->options.n; i++) {
		if (vec_push(&res->options, ctx->options.v[i])) {
			boot_option_free(ctx->options.v[i]);
			ret = -ENOMEM;
		}
	}
	ctx->options.n = 0;
	for (i = 0; i < ctx->diags.n; i++) {
		char *d = str_printf("%s: %s", name, (char *)ctx->diags.v[i]);

		if (d && vec_push(&res->diags, d))
			free(d);
	}
	if (ctx->has_timeout && !res->has_timeout) {
		res->timeout = ctx->timeout;
		res->has_timeout = true;
	}
	return ret;
}

static bool ref_matches(struct source *src, const struct boot_file *f)
{
	if (f->ref == BOOT_REF_FILE) {
		struct parse_stat st;

		return f->ref_value &&
		       source_parse_io.stat(NULL, &src->info, f->ref_value,
					    &st) == 0;
	}
	return source_info_matches(&src->info, f->ref, f->ref_value);
}

static struct source *find_source(struct source *const *all, size_t n,
				  const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (streq(all[i]->info.name, name))
			return all[i];
	return NULL;
}

static void resolve_file(struct boot_file *f, const struct boot_option *opt,
			 struct source *const *all, size_t n)
{
	struct source *src = NULL;
	struct parse_stat st;
	size_t i;

	if (!f || f->url)
		return;
	if (f->iso) {
		/*
		 * Inside an image: the image is found like any file; what it
		 * holds is seen once it is mounted, at boot (iso-mount.h).
		 */
		resolve_file(f->iso, opt, all, n);
		f->missing = f->iso->missing || f->iso->iso || !f->path ||
			     f->path[0] != '/';
		return;
	}
	if (f->ref == BOOT_REF_SELF) {
		src = find_source(all, n, opt->source);
	} else {
		for (i = 0; i < n && !src; i++)
			if (ref_matches(all[i], f))
				src = all[i];
	}
	free(f->source);
	f->source = src ? strdup(src->info.name) : NULL;
	f->missing = !src || !f->path ||
		     source_parse_io.stat(NULL, &src->info, f->path, &st) ||
		     (st.is_dir && !str_endswith(f->path, "/"));	/* FDTDIR */
}

static void resolve_option(struct boot_option *opt, struct source *const *all,
			   size_t n)
{
	size_t i;

	resolve_file(opt->kernel, opt, all, n);
	resolve_file(opt->dtb, opt, all, n);
	for (i = 0; opt->initrds && opt->initrds[i]; i++)
		resolve_file(opt->initrds[i], opt, all, n);
	for (i = 0; opt->dtb_overlays && opt->dtb_overlays[i]; i++)
		resolve_file(opt->dtb_overlays[i], opt, all, n);
	for (i = 0; opt->modules && opt->modules[i]; i++)
		resolve_file(opt->modules[i]->file, opt, all, n);
}

void scan_finish(struct scan_result *res, struct source *const *all,
		 size_t n_all)
{
	size_t i;

	scan_dedupe(res);
	for (i = 0; i < res->options.n; i++)
		resolve_option(res->options.v[i], all, n_all);
	scan_assign_ids(res);
}

static void option_free(void *p)
{
	boot_option_free(p);
}

void scan_result_release(struct scan_result *res)
{
	vec_free(&res->options, option_free);
	vec_free(&res->diags, free);
}
