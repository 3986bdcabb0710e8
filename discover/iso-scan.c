/* iso-scan.c: ISO images in a partition's image folders and their loopback.cfg. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/iso-mount.h"
#include "discover/iso-scan.h"
#include "discover/parsers/grub2-loopback.h"
#include "lib/log.h"

const char *const iso_scan_dirs[] = { "/iso", "/boot/iso", "/images", NULL };

static int add_diag(struct scan_result *res, const char *name,
		    const char *path, const char *why)
{
	char *d = str_printf("%s: %s: %s", name, path, why);

	if (!d || vec_push(&res->diags, d)) {
		free(d);
		return -ENOMEM;
	}
	return 0;
}

/* Run the image's loopback.cfg with the mounted image among the sources. */
static int scan_image(struct source *src, struct source *const *all,
		      size_t n_all, struct iso_mount *m,
		      const char *path, struct scan_result *res)
{
	const struct source_info **infos;
	struct parse_stat st;
	struct parse_ctx ctx;
	size_t i;
	int r;

	if (source_parse_io.stat(NULL, &m->src->info, GRUB2_LOOPBACK_CFG,
				 &st) || st.is_dir)
		return 0;	/* an image not made for loopback boots */
	infos = calloc(n_all + 1, sizeof(*infos));
	if (!infos)
		return -ENOMEM;
	for (i = 0; i < n_all; i++)
		infos[i] = &all[i]->info;
	infos[n_all] = &m->src->info;
	parse_ctx_init(&ctx, &source_parse_io, NULL, &src->info,
		       (const struct source_info *const *)infos, n_all + 1);
	ctx.parser = "grub2";
	r = grub2_parse_iso_loopback(&ctx, path);
	ctx.has_timeout = false;	/* the partition's own config decides */
	if (scan_collect(res, &ctx, src->info.name))
		r = -ENOMEM;
	parse_ctx_release(&ctx);
	free(infos);
	return r;
}

/* Each *.iso of dir; *left counts down the images allowed. */
static int scan_dir(struct source *src, struct source *const *all,
		    size_t n_all, const char *mount_dir, const char *dir,
		    unsigned *left, struct scan_result *res)
{
	struct iso_mount *m;
	struct parse_stat st;
	char **names = NULL, *path, why[512];
	size_t i, n;
	int r = 0;

	if (source_parse_io.list(NULL, &src->info, dir, &names))
		return 0;
	for (i = 0; names[i] && !r; i++) {
		n = strlen(names[i]);
		if (n < 5 || strcasecmp(names[i] + n - 4, ".iso"))
			continue;
		path = str_printf("%s/%s", dir, names[i]);
		if (!path) {
			r = -ENOMEM;
			break;
		}
		if (source_parse_io.stat(NULL, &src->info, path, &st) ||
		    st.is_dir) {
			free(path);
			continue;
		}
		if (!*left) {
			snprintf(why, sizeof(why), "more images than baton "
				 "looks at (%d): left out", ISO_SCAN_MAX);
			r = add_diag(res, src->info.name, path, why);
			free(path);
			break;
		}
		(*left)--;
		if (iso_mount(src, path, NULL, mount_dir, &m, why,
			      sizeof(why))) {
			r = add_diag(res, src->info.name, path, why);
		} else {
			r = scan_image(src, all, n_all, m, path, res);
			iso_unmount(m);
		}
		free(path);
	}
	strv_free(names);
	return r;
}

int iso_scan_source(struct source *src, struct source *const *all,
		    size_t n_all, const char *mount_dir,
		    struct scan_result *res)
{
	unsigned left = ISO_SCAN_MAX;
	size_t i;
	int r = 0;

	for (i = 0; iso_scan_dirs[i] && !r; i++)
		r = scan_dir(src, all, n_all, mount_dir, iso_scan_dirs[i],
			     &left, res);
	return r;
}
