/*
 * test-grub2-fixtures.c: the GRUB 2 parser on every fixture of
 * tests/data/grub2/: each folder <name>/ is a partition (or, with a
 * SOURCES file of "<folder> key=value,..." lines, several; the first is
 * parsed) and <name>.json says what real GRUB boots (most were written by
 * the grub-oracle, a few by hand where baton must differ): the options in
 * order with name, kind, kernel, initrds, dtb, cmdline, default, modules,
 * (and origin, source, config when given), and optionally the timeout
 * and substrings the diagnostics must hold.
 * Files are written "/path" (the config's own source), "name:/path"
 * (another known source), "uuid=X:/path" (an unresolved reference),
 * "url=..." or "iso[FILE]:/path" (inside the image FILE, GRUB's loopback). One TAP line per fixture. GRUB2_FIXTURE_DUMP=1 prints what the
 * parser gives (in that form, on stderr) to help write a new expectation.
 * Each partition's folder is read into memory first (dirfs.h): the parser
 * sees in-memory files only.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "discover/parsers/parser.h"
#include "tests/unit/discover/parsers/dirfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

extern const struct parser grub2_parser;

#define DATA "tests/data/grub2"
#define MAX_SOURCES 8

struct fixture {
	struct dirfs src[MAX_SOURCES];
	const struct source_info *info[MAX_SOURCES];
	size_t n;
};

/* The loaded folder of the partition si, one of fx's. */
static struct dirfs *fixture_fs(void *priv, const struct source_info *si)
{
	struct fixture *fx = priv;
	size_t i;

	for (i = 0; i < fx->n; i++)
		if (fx->info[i] == si)
			return &fx->src[i];
	return NULL;
}

static int fx_read(void *priv, const struct source_info *si,
		   const char *path, size_t max, char **buf, size_t *len)
{
	struct dirfs *d = fixture_fs(priv, si);

	return d ? dirfs_io.read(d, si, path, max, buf, len) : -ENODEV;
}

static int fx_list(void *priv, const struct source_info *si,
		   const char *dir, char ***names)
{
	struct dirfs *d = fixture_fs(priv, si);

	return d ? dirfs_io.list(d, si, dir, names) : -ENODEV;
}

static int fx_stat(void *priv, const struct source_info *si,
		   const char *path, struct parse_stat *st)
{
	struct dirfs *d = fixture_fs(priv, si);

	return d ? dirfs_io.stat(d, si, path, st) : -ENODEV;
}

static int fx_read_at(void *priv, const struct source_info *si,
		      const char *path, uint64_t offset, void *buf,
		      size_t len, size_t *got)
{
	struct dirfs *d = fixture_fs(priv, si);

	*got = 0;
	return d ? dirfs_io.read_at(d, si, path, offset, buf, len, got) :
		   -ENODEV;
}

/* Every partition of a fixture, each read from memory. */
static const struct parse_io fixture_io = {
	.read = fx_read,
	.list = fx_list,
	.stat = fx_stat,
	.read_at = fx_read_at,
};

/* "key=value,..." into si. */
static void parse_ident(char *spec, struct source_info *si)
{
	char *item, *save = NULL, *eq;

	for (item = strtok_r(spec, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq)
			continue;
		*eq++ = '\0';
		if (!strcmp(item, "uuid"))
			si->uuid = strdup(eq);
		else if (!strcmp(item, "label"))
			si->label = strdup(eq);
		else if (!strcmp(item, "partuuid"))
			si->partuuid = strdup(eq);
		else if (!strcmp(item, "partlabel"))
			si->partlabel = strdup(eq);
		else if (!strcmp(item, "fstype"))
			si->fstype = strdup(eq);
	}
}

static int open_one(struct fixture *fx, const char *name, const char *sub,
		    char *spec)
{
	struct source_info si = { 0 };
	char path[512];
	int err = 0;

	snprintf(path, sizeof(path), DATA "/%s/%s", name, sub);
	si.name = strdup(strcmp(sub, ".") ? sub : name);
	if (spec)
		parse_ident(spec, &si);
	err = dirfs_load(&fx->src[fx->n], path, &si);
	source_info_clear(&si);
	if (err)
		return err;
	fx->info[fx->n] = &fx->src[fx->n].info;
	fx->n++;
	return 0;
}

static int open_fixture(struct fixture *fx, const char *name)
{
	char path[512], line[512], *sp;
	FILE *f;
	int r = 0;

	memset(fx, 0, sizeof(*fx));
	snprintf(path, sizeof(path), DATA "/%s/SOURCES", name);
	f = fopen(path, "r");
	if (!f)
		return open_one(fx, name, ".", NULL);
	while (!r && fx->n < MAX_SOURCES && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		sp = strchr(line, ' ');
		if (sp)
			*sp++ = '\0';
		r = open_one(fx, name, line, sp);
	}
	fclose(f);
	return r;
}

static void close_fixture(struct fixture *fx)
{
	size_t i;

	for (i = 0; i < fx->n; i++)
		dirfs_free(&fx->src[i]);
}

/* A file in the notation of the expectations. */
static void file_str(const struct boot_file *f, char *buf, size_t n)
{
	char img[512];

	if (f && f->iso) {
		file_str(f->iso, img, sizeof(img));
		snprintf(buf, n, "iso[%s]:%s", img, f->path);
	} else if (!f)
		snprintf(buf, n, "(null)");
	else if (f->url)
		snprintf(buf, n, "url=%s", f->url);
	else if (f->ref == BOOT_REF_SELF)
		snprintf(buf, n, "%s", f->path);
	else if (f->ref == BOOT_REF_NAME)
		snprintf(buf, n, "%s:%s", f->ref_value, f->path);
	else
		snprintf(buf, n, "%s=%s:%s", boot_ref_name(f->ref),
			 f->ref_value, f->path);
}

static int fails;

static void mismatch(size_t i, const char *what, const char *want,
		     const char *got)
{
	printf("#   option %zu %s: want \"%s\", got \"%s\"\n", i, what,
	       want ? want : "(null)", got ? got : "(null)");
	fails++;
}

static void check_str(size_t i, const char *what, const json_t *want,
		      const char *got)
{
	const char *w = json_string_value(want);

	if (!want || json_is_null(want)) {
		if (got)
			mismatch(i, what, NULL, got);
		return;
	}
	if (!got || strcmp(w, got))
		mismatch(i, what, w, got);
}

static void check_file(size_t i, const char *what, const json_t *want,
		       const struct boot_file *got)
{
	char buf[1024];

	if (!got) {
		check_str(i, what, want, NULL);
		return;
	}
	file_str(got, buf, sizeof(buf));
	check_str(i, what, want, buf);
}

static void check_files(size_t i, const char *what, const json_t *want,
			struct boot_file *const *got)
{
	size_t k, n = boot_array_len((void *const *)got);
	char label[64];

	if (json_array_size(want) != n) {
		printf("#   option %zu %s: want %zu files, got %zu\n", i, what,
		       json_array_size(want), n);
		fails++;
		return;
	}
	for (k = 0; k < n; k++) {
		snprintf(label, sizeof(label), "%s[%zu]", what, k);
		check_file(i, label, json_array_get(want, k), got[k]);
	}
}

static void check_modules(size_t i, const json_t *want,
			  const struct boot_option *o)
{
	size_t k, n = boot_array_len((void *const *)o->modules);

	if (!want)
		return;
	if (json_array_size(want) != n) {
		printf("#   option %zu: want %zu modules, got %zu\n", i,
		       json_array_size(want), n);
		fails++;
		return;
	}
	for (k = 0; k < n; k++) {
		json_t *m = json_array_get(want, k);

		check_file(i, "module", json_array_get(m, 0),
			   o->modules[k]->file);
		check_str(i, "module cmdline", json_array_get(m, 1),
			  o->modules[k]->cmdline);
	}
}

static void check_option(size_t i, const json_t *w, const struct boot_option *o)
{
	const json_t *err = json_object_get(w, "error");

	check_str(i, "name", json_object_get(w, "name"), o->name);
	check_str(i, "kind", json_object_get(w, "kind"), o->kind);
	check_file(i, "kernel", json_object_get(w, "kernel"), o->kernel);
	check_files(i, "initrds", json_object_get(w, "initrds"), o->initrds);
	check_file(i, "dtb", json_object_get(w, "dtb"), o->dtb);
	check_str(i, "cmdline", json_object_get(w, "cmdline"), o->cmdline);
	check_modules(i, json_object_get(w, "modules"), o);
	if (json_is_true(json_object_get(w, "default")) != o->is_default)
		mismatch(i, "default", json_is_true(json_object_get(w,
			 "default")) ? "true" : "false",
			 o->is_default ? "true" : "false");
	if (err && (!o->error || !strstr(o->error, json_string_value(err))))
		mismatch(i, "error", json_string_value(err), o->error);
	if (json_is_string(json_object_get(w, "origin")))
		check_str(i, "origin", json_object_get(w, "origin"),
			  o->origin);
	if (json_object_get(w, "source"))
		check_str(i, "source", json_object_get(w, "source"),
			  o->source);
	if (json_object_get(w, "config"))
		check_str(i, "config", json_object_get(w, "config"),
			  o->config);
}

static void check_diags(const json_t *want, const struct parse_ctx *ctx)
{
	size_t k, d;
	const char *s;

	for (k = 0; k < json_array_size(want); k++) {
		s = json_string_value(json_array_get(want, k));
		for (d = 0; d < ctx->diags.n; d++)
			if (strstr(ctx->diags.v[d], s))
				break;
		if (d == ctx->diags.n) {
			printf("#   no diagnostic holds \"%s\"\n", s);
			fails++;
		}
	}
}

static json_t *file_json(const struct boot_file *f)
{
	char buf[1024];

	if (!f)
		return json_null();
	file_str(f, buf, sizeof(buf));
	return json_string(buf);
}

/* The options in the expectations' form, on stderr. */
static void dump(const struct parse_ctx *ctx)
{
	json_t *arr = json_array(), *o, *l, *m;
	size_t i, k;

	for (i = 0; i < ctx->options.n; i++) {
		const struct boot_option *b = ctx->options.v[i];

		o = json_pack("{s:s, s:s, s:o, s:[], s:o, s:s, s:b}",
			      "name", b->name, "kind", b->kind,
			      "kernel", file_json(b->kernel), "initrds",
			      "dtb", file_json(b->dtb), "cmdline", b->cmdline,
			      "default", b->is_default);
		l = json_object_get(o, "initrds");
		for (k = 0; b->initrds && b->initrds[k]; k++)
			json_array_append_new(l, file_json(b->initrds[k]));
		if (b->modules) {
			m = json_array();
			for (k = 0; b->modules[k]; k++)
				json_array_append_new(m, json_pack("[o, s]",
					file_json(b->modules[k]->file),
					b->modules[k]->cmdline));
			json_object_set_new(o, "modules", m);
		}
		if (b->error)
			json_object_set_new(o, "error", json_string(b->error));
		json_array_append_new(arr, o);
	}
	json_dumpf(arr, stderr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', stderr);
	for (i = 0; i < ctx->diags.n; i++)
		fprintf(stderr, "diag: %s\n", (char *)ctx->diags.v[i]);
	json_decref(arr);
}

static void run_fixture(const char *name, const json_t *exp)
{
	const json_t *opts = json_object_get(exp, "options");
	const json_t *timeout = json_object_get(exp, "timeout");
	struct parse_ctx ctx;
	struct fixture fx;
	size_t i;

	if (open_fixture(&fx, name)) {
		printf("#   cannot open the fixture\n");
		fails++;
		close_fixture(&fx);
		return;
	}
	parse_ctx_init(&ctx, &fixture_io, &fx, fx.info[0], fx.info, fx.n);
	ctx.parser = "grub2";
	if (grub2_parser.parse(&ctx)) {
		printf("#   parse failed\n");
		fails++;
	}
	if (getenv("GRUB2_FIXTURE_DUMP"))
		dump(&ctx);
	if (json_array_size(opts) != ctx.options.n) {
		printf("#   want %zu options, got %zu\n", json_array_size(opts),
		       ctx.options.n);
		fails++;
	}
	for (i = 0; i < ctx.options.n && i < json_array_size(opts); i++)
		check_option(i, json_array_get(opts, i), ctx.options.v[i]);
	for (i = 0; fails && i < ctx.options.n; i++)
		printf("#   got: %s\n", ((struct boot_option *)
					 ctx.options.v[i])->name);
	if (timeout && (!ctx.has_timeout ||
			ctx.timeout != json_integer_value(timeout))) {
		printf("#   timeout: want %lld, got %d\n",
		       (long long)json_integer_value(timeout),
		       ctx.has_timeout ? ctx.timeout : -2);
		fails++;
	}
	check_diags(json_object_get(exp, "diags"), &ctx);
	for (i = 0; fails && i < ctx.diags.n; i++)
		printf("#   diag: %s\n", (char *)ctx.diags.v[i]);
	parse_ctx_release(&ctx);
	close_fixture(&fx);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	struct dirent **ents;
	json_error_t jerr;
	char path[512], name[256];
	int i, n, num = 0, failed = 0;
	json_t *exp;

	n = scandir(DATA, &ents, NULL, by_name);
	if (n < 0) {
		printf("not ok 1 - cannot read %s\n1..1\n", DATA);
		return 1;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len < 6 || strcmp(ents[i]->d_name + len - 5, ".json") ||
		    (argc > 1 && !strstr(ents[i]->d_name, argv[1])))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 5),
			 ents[i]->d_name);
		snprintf(path, sizeof(path), DATA "/%s", ents[i]->d_name);
		exp = json_load_file(path, 0, &jerr);
		fails = 0;
		if (!exp) {
			printf("#   %s: %s\n", path, jerr.text);
			fails++;
		} else {
			run_fixture(name, exp);
			json_decref(exp);
		}
		printf("%sok %d - grub2 fixture %s\n", fails ? "not " : "",
		       ++num, name);
		failed += !!fails;
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	printf("1..%d\n", num);
	return failed ? 1 : 0;
}
