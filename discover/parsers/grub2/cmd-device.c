/*
 * cmd-device.c: the commands that find and name devices: search (and
 * search.file, search.fs_uuid, search.fs_label), probe, regexp and
 * loopback. search looks at the config's own source first, then at every
 * other known source, as GRUB looks at its hints first. When nothing known
 * matches, it fails and leaves the variable alone, as GRUB does; the
 * device it wanted ("UUID=...", "LABEL=...", "FILE=...") is kept beside
 * the variable, unseen by the script, and the files loaded from it while
 * it holds that value become references discover binds when the disk
 * shows up (g2_file).
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

enum { S_FILE, S_LABEL, S_UUID, S_PARTUUID, S_PARTLABEL, S_SET, S_NOFLOPPY,
       S_EFIDISK, S_CRYPTODISK, S_DISK, S_HINT, S_HINT_IEEE, S_HINT_BIOS,
       S_HINT_BARE, S_HINT_EFI, S_HINT_ARC, S_N };

/* GRUB 2.06's options, and those later versions added (harmless here). */
static const struct g2_opt search_opts[] = {
	[S_FILE] = { "file", 'f', G2O_NONE },
	[S_LABEL] = { "label", 'l', G2O_NONE },
	[S_UUID] = { "fs-uuid", 'u', G2O_NONE },
	[S_PARTUUID] = { "part-uuid", 0, G2O_NONE },
	[S_PARTLABEL] = { "part-label", 0, G2O_NONE },
	[S_SET] = { "set", 's', G2O_ARG | G2O_OPTIONAL },
	[S_NOFLOPPY] = { "no-floppy", 'n', G2O_NONE },
	[S_EFIDISK] = { "efidisk-only", 0, G2O_NONE },
	[S_CRYPTODISK] = { "cryptodisk-only", 0, G2O_NONE },
	[S_DISK] = { "disk-only", 0, G2O_NONE },
	[S_HINT] = { "hint", 'h', G2O_ARG | G2O_REPEAT },
	[S_HINT_IEEE] = { "hint-ieee1275", 0, G2O_ARG | G2O_REPEAT },
	[S_HINT_BIOS] = { "hint-bios", 0, G2O_ARG | G2O_REPEAT },
	[S_HINT_BARE] = { "hint-baremetal", 0, G2O_ARG | G2O_REPEAT },
	[S_HINT_EFI] = { "hint-efi", 0, G2O_ARG | G2O_REPEAT },
	[S_HINT_ARC] = { "hint-arc", 0, G2O_ARG | G2O_REPEAT },
	[S_N] = { NULL, 0, 0 },
};

static int search(struct g2_interp *in, enum boot_ref ref, const char *key,
		  const char *var)
{
	static const char *const prefix[] = {
		[BOOT_REF_UUID] = "UUID=", [BOOT_REF_LABEL] = "LABEL=",
		[BOOT_REF_PARTUUID] = "PARTUUID=",
		[BOOT_REF_PARTLABEL] = "PARTLABEL=", [BOOT_REF_FILE] = "FILE=",
	};
	const struct source_info *si = g2_find_source(in, ref, key);
	char *deferred;
	int r;

	if (si)
		return var ? g2_set(in, var, g2_src_dev(in, si)) : G2_OK;
	/*
	 * An empty key is no reference to wait for: var stays, as GRUB
	 * leaves it (an empty UUID or file matches nothing there; an empty
	 * label, a partition without one, not known here).
	 */
	if (!var || !*key)
		return G2_NOT_FOUND;
	deferred = str_cat((const char *[]){ prefix[ref], key }, 2);
	if (!deferred)
		return -ENOMEM;
	r = g2_env_defer(in->env, var, deferred);
	free(deferred);
	return r == -ENOMEM ? r : G2_NOT_FOUND;
}

int g2_cmd_search(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	struct g2_optval v[S_N] = { 0 };
	const char *err, *var = NULL;
	char **pos;
	int npos, r;

	r = g2_getopt(search_opts, v, argc - 1, argv + 1, false, false, &pos,
		      &npos, NULL, &err);
	if (r == -EINVAL)
		g2_warn(in, "search: %s", err);
	if (r) {
		g2_optvals_release(search_opts, v);
		return r == -ENOMEM ? r : G2_FAIL;
	}
	if (v[S_SET].set)
		var = v[S_SET].arg ? v[S_SET].arg : "root";
	if (npos < 1)
		r = G2_FAIL;
	else if (v[S_LABEL].set)
		r = search(in, BOOT_REF_LABEL, pos[0], var);
	else if (v[S_UUID].set)
		r = search(in, BOOT_REF_UUID, pos[0], var);
	else if (v[S_FILE].set)
		r = search(in, BOOT_REF_FILE, pos[0], var);
	else if (v[S_PARTUUID].set)
		r = search(in, BOOT_REF_PARTUUID, pos[0], var);
	else if (v[S_PARTLABEL].set)
		r = search(in, BOOT_REF_PARTLABEL, pos[0], var);
	else
		r = G2_FAIL;
	free(pos);
	g2_optvals_release(search_opts, v);
	return r;
}

/* search.fs_uuid UUID [VAR [HINTS...]] and its brothers. */
static int search_simple(struct g2_interp *in, enum boot_ref ref, int argc,
			 char **argv)
{
	if (argc < 2)
		return G2_FAIL;
	return search(in, ref, argv[1], argc > 2 ? argv[2] : NULL);
}

int g2_cmd_search_uuid(struct g2_interp *in, int argc, char **argv,
		       const struct g2_cmdctx *cc)
{
	return search_simple(in, BOOT_REF_UUID, argc, argv);
}

int g2_cmd_search_label(struct g2_interp *in, int argc, char **argv,
			const struct g2_cmdctx *cc)
{
	return search_simple(in, BOOT_REF_LABEL, argc, argv);
}

int g2_cmd_search_file(struct g2_interp *in, int argc, char **argv,
		       const struct g2_cmdctx *cc)
{
	return search_simple(in, BOOT_REF_FILE, argc, argv);
}

/* ---- probe -------------------------------------------------------------- */

enum { P_SET, P_DRIVER, P_PARTMAP, P_FS, P_UUID, P_LABEL, P_PARTUUID, P_N };

static const struct g2_opt probe_opts[] = {
	[P_SET] = { "set", 's', G2O_ARG },
	[P_DRIVER] = { "driver", 'd', G2O_NONE },
	[P_PARTMAP] = { "partmap", 'p', G2O_NONE },
	[P_FS] = { "fs", 'f', G2O_NONE },
	[P_UUID] = { "fs-uuid", 'u', G2O_NONE },
	[P_LABEL] = { "label", 'l', G2O_NONE },
	[P_PARTUUID] = { "part-uuid", 0, G2O_NONE },
	[P_N] = { NULL, 0, 0 },
};

/* GRUB's file system names for blkid's. */
static const char *grub_fs_name(const char *t)
{
	if (!t)
		return NULL;
	if (!strcmp(t, "ext2") || !strcmp(t, "ext3") || !strcmp(t, "ext4"))
		return "ext2";
	if (!strcmp(t, "vfat") || !strcmp(t, "msdos") || !strncmp(t, "fat", 3))
		return "fat";
	return t;
}

static const char *probe_value(const struct g2_optval *v,
			       const struct g2_dev *dev)
{
	const struct source_info *si = dev->src;

	if (dev->kind == G2D_REF) {
		if ((v[P_UUID].set && dev->ref == BOOT_REF_UUID) ||
		    (v[P_LABEL].set && dev->ref == BOOT_REF_LABEL) ||
		    (v[P_PARTUUID].set && dev->ref == BOOT_REF_PARTUUID))
			return dev->value;
		return NULL;
	}
	if (dev->kind != G2D_SRC)
		return NULL;
	if (v[P_FS].set)
		return grub_fs_name(si->fstype);
	if (v[P_UUID].set)
		return si->uuid;
	if (v[P_LABEL].set)
		return si->label;
	if (v[P_PARTUUID].set)
		return si->partuuid;
	return NULL;
}

int g2_cmd_probe(struct g2_interp *in, int argc, char **argv,
		 const struct g2_cmdctx *cc)
{
	struct g2_optval v[P_N] = { 0 };
	struct g2_dev dev = { 0 };
	const char *err, *val = NULL;
	char **pos, *d = NULL;
	int npos, r;

	r = g2_getopt(probe_opts, v, argc - 1, argv + 1, false, false, &pos,
		      &npos, NULL, &err);
	if (r) {
		g2_optvals_release(probe_opts, v);
		return r == -ENOMEM ? r : G2_FAIL;
	}
	if (npos == 1) {
		size_t n = strlen(pos[0]);

		d = pos[0][0] == '(' && n >= 2 && pos[0][n - 1] == ')' ?
		    strndup(pos[0] + 1, n - 2) : strdup(pos[0]);
		r = d ? g2_resolve_dev(in, d, &dev) : -ENOMEM;
		val = r ? NULL : probe_value(v, &dev);
	}
	if (!r && val)
		r = v[P_SET].set ? g2_set(in, v[P_SET].arg, val) : G2_OK;
	else if (!r)
		r = G2_FAIL;
	g2_dev_release(&dev);
	free(d);
	free(pos);
	g2_optvals_release(probe_opts, v);
	return r;
}

/* ---- regexp ------------------------------------------------------------- */

static const struct g2_opt regexp_opts[] = {
	{ "set", 's', G2O_ARG | G2O_REPEAT },
	{ NULL, 0, 0 },
};

/*
 * Patterns that could make the C library's matcher slow or big: back
 * references and counted repetition are refused.
 */
static bool regex_safe(const char *re)
{
	const char *p;

	if (strlen(re) > G2_MAX_REGEX)
		return false;
	for (p = re; *p; p++) {
		if (*p == '{')
			return false;
		if (*p == '\\' && p[1] >= '1' && p[1] <= '9')
			return false;
		if (*p == '\\' && p[1])
			p++;
	}
	return true;
}

/* --set [N:]VAR for each requested group; 0 or -ENOMEM. */
static int set_matches(struct g2_interp *in, const struct g2_optval *v,
		       const char *str, const regmatch_t *m, size_t nm)
{
	const char *spec, *colon, *end;
	unsigned long k;
	bool found;
	char *val;
	unsigned i;
	int r = 0;

	for (i = 0; !r && i < v->nargs; i++) {
		spec = v->args[i];
		colon = strchr(spec, ':');
		k = 1;
		if (colon) {
			k = g2_strtoul(spec, &end, 10, &found);
			if (end != colon)
				return G2_FAIL;
			spec = colon + 1;
		}
		if (k >= nm || m[k].rm_so < 0) {
			r = g2_env_unset(in->env, spec);
			continue;
		}
		val = strndup(str + m[k].rm_so, m[k].rm_eo - m[k].rm_so);
		r = val ? g2_set(in, spec, val) : -ENOMEM;
		free(val);
	}
	return r;
}

/* The cost charged for a match: a backtracking matcher may need that. */
static bool regexp_affordable(struct g2_interp *in, const char *re,
			      const char *str)
{
	size_t n = strlen(str), cost = (n * n + 1) * strlen(re);

	if (in->run_work + cost > G2_RUN_WORK_BYTES ||
	    in->work_bytes + cost > G2_MAX_WORK_BYTES)
		return false;
	in->run_work += cost;
	in->work_bytes += cost;
	return true;
}

int g2_cmd_regexp(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	struct g2_optval v[1] = { { 0 } };
	regmatch_t m[10];
	const char *err;
	regex_t re;
	char **pos;
	int npos, r;

	r = g2_getopt(regexp_opts, v, argc - 1, argv + 1, false, false, &pos,
		      &npos, NULL, &err);
	if (!r && npos != 2)
		r = -EINVAL;
	if (!r && (!regex_safe(pos[0]) ||
		   strlen(pos[1]) > G2_MAX_REGEX_INPUT ||
		   !regexp_affordable(in, pos[0], pos[1]))) {
		g2_warn(in, "regexp: pattern or string too complex, "
			"not matched");
		r = -EINVAL;
	}
	if (!r && regcomp(&re, pos[0], REG_EXTENDED))
		r = -EINVAL;
	if (!r) {
		if (regexec(&re, pos[1], ARRAY_SIZE(m), m, 0))
			r = -ENOENT;
		else
			r = set_matches(in, &v[0], pos[1], m,
					MIN(re.re_nsub + 1, ARRAY_SIZE(m)));
		regfree(&re);
	}
	free(pos);
	g2_optvals_release(regexp_opts, v);
	return r == -ENOMEM ? r : r ? G2_FAIL : G2_OK;
}

/* ---- loopback ----------------------------------------------------------- */

static const struct g2_opt loopback_opts[] = {
	{ "delete", 'd', G2O_NONE },
	{ NULL, 0, 0 },
};

static void loop_delete(struct g2_interp *in, const char *name)
{
	size_t i;

	for (i = 0; i < in->nloops; i++) {
		if (strcmp(in->loops[i].name, name))
			continue;
		free(in->loops[i].name);
		free(in->loops[i].image);
		in->loops[i] = in->loops[--in->nloops];
		return;
	}
}

/* Remember "(dev)/path" of the image under the name. */
static int loop_add(struct g2_interp *in, const char *name, const char *file)
{
	struct g2_loop_dev *l;
	const struct source_info *si;
	const char *path;
	char *d, *image;
	int r;

	r = g2_split_path(in, file, &d, &path);
	if (r)
		return r == -ENOMEM ? r : G2_FAIL;
	si = g2_dev_source(in, d);
	image = str_printf("(%s)%s", si ? g2_src_dev(in, si) : d, path);
	free(d);
	if (!image)
		return -ENOMEM;
	loop_delete(in, name);
	if (in->nloops >= 16) {
		free(image);
		return G2_FAIL;
	}
	l = realloc(in->loops, (in->nloops + 1) * sizeof(*l));
	if (!l || !(l[in->nloops].name = strdup(name))) {
		if (l)
			in->loops = l;
		free(image);
		return -ENOMEM;
	}
	l[in->nloops].image = image;
	in->loops = l;
	in->nloops++;
	return G2_OK;
}

int g2_cmd_loopback(struct g2_interp *in, int argc, char **argv,
		    const struct g2_cmdctx *cc)
{
	struct g2_optval v[1] = { { 0 } };
	const char *err;
	char **pos;
	int npos, r;

	r = g2_getopt(loopback_opts, v, argc - 1, argv + 1, false, false,
		      &pos, &npos, NULL, &err);
	if (r)
		return r == -ENOMEM ? r : G2_FAIL;
	if (v[0].set && npos >= 1) {
		loop_delete(in, pos[0]);
		r = G2_OK;
	} else if (!v[0].set && npos == 2) {
		r = loop_add(in, pos[0], pos[1]);
	} else {
		r = G2_FAIL;
	}
	free(pos);
	g2_optvals_release(loopback_opts, v);
	return r;
}
