/*
 * kboot.c: kboot.conf, the format of the kboot loader (and the PS3 and
 * petitboot tools after it): lines "name=value", where the names default,
 * timeout (seconds), message, delay, initrd, root, video and dtb set
 * globals and every other name is a boot entry whose value is
 * "kernel [initrd=FILE] [root=DEV] [dtb=FILE] [args...]", quoted or not.
 * A root (the entry's or the global one) leads the command line as
 * "root=DEV"; without a default, the first entry is the default, as kboot
 * has it. Files may be URLs (tftp://, http:// ...).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/conf.h"
#include "lib/strbuf.h"

static const char *const configs[] = {
	"/etc/kboot.conf", "/boot/kboot.conf", "/kboot.conf",
	"/etc/kboot.cnf", "/boot/kboot.cnf", "/kboot.cnf",
};

enum global { G_DEFAULT, G_TIMEOUT, G_INITRD, G_ROOT, G_DTB, G_COUNT };

static const char *const global_names[G_COUNT] = {
	[G_DEFAULT] = "default", [G_TIMEOUT] = "timeout",
	[G_INITRD] = "initrd", [G_ROOT] = "root", [G_DTB] = "dtb",
};

/* Names kboot knows that are neither entries nor used here. */
static const char *const ignored_names[] = { "message", "delay", "video" };

struct kboot {
	const char *path;
	char *globals[G_COUNT];	/* pointers into the file's buffer */
	unsigned timeout_line;
	struct vec names;	/* char *, into the buffer */
	struct vec values;	/* char *, into the buffer */
	struct vec lines;	/* line numbers, as uintptr_t */
};

static int take_line(struct kboot *kb, const struct conf_reader *r,
		     char *name, char *value)
{
	size_t i;

	for (i = 0; i < G_COUNT; i++) {
		if (!streq(name, global_names[i]))
			continue;
		kb->globals[i] = value;
		if (i == G_TIMEOUT)
			kb->timeout_line = r->lineno;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(ignored_names); i++)
		if (streq(name, ignored_names[i]))
			return 0;
	if (kb->names.n >= PARSE_MAX_OPTIONS)
		return -E2BIG;
	conf_check_name(r, name);
	if (vec_push(&kb->names, name) || vec_push(&kb->values, value) ||
	    vec_push(&kb->lines, (void *)(uintptr_t)r->lineno))
		return -ENOMEM;
	return 0;
}

/* kernel [initrd=] [root=] [dtb=] [args]: the args, others pulled out. */
static int build_entry(struct boot_option *opt, const struct kboot *kb,
		       char *value)
{
	const char *initrd = kb->globals[G_INITRD], *root = kb->globals[G_ROOT];
	const char *dtb = kb->globals[G_DTB];
	struct strbuf args = STRBUF_INIT;
	char *kernel = conf_next_word(&value), *w;

	if (!kernel)
		return -EINVAL;
	while ((w = conf_next_word(&value))) {
		if (str_startswith(w, "initrd="))
			initrd = w + 7;
		else if (str_startswith(w, "root="))
			root = w + 5;
		else if (str_startswith(w, "dtb="))
			dtb = w + 4;
		else
			sb_addf(&args, "%s%s", args.len ? " " : "", w);
	}
	opt->cmdline = root && *root ?
		       str_printf("root=%s%s%s", root, args.len ? " " : "",
				  sb_str(&args)) :
		       strdup(sb_str(&args));
	sb_release(&args);
	opt->kernel = conf_file("/", kernel);
	if (!opt->cmdline || !opt->kernel)
		return -ENOMEM;
	if (initrd && *initrd &&
	    boot_option_add_initrd(opt, conf_file("/", initrd)))
		return -ENOMEM;
	if (dtb && *dtb && !(opt->dtb = conf_file("/", dtb)))
		return -ENOMEM;
	return 0;
}

static void set_timeout(struct parse_ctx *ctx, const struct kboot *kb)
{
	const char *v = kb->globals[G_TIMEOUT];
	char *end;
	long t;

	if (!v)
		return;
	t = strtol(v, &end, 10);
	if (!*v || *end || t < 0 || t > INT_MAX)
		parse_warn(ctx, kb->path, kb->timeout_line,
			   "timeout: not a number of seconds");
	else
		parse_set_timeout(ctx, t);
}

static int add_entries(struct parse_ctx *ctx, const struct kboot *kb)
{
	const char *dflt = kb->globals[G_DEFAULT];
	struct boot_option *opt;
	size_t i;
	int ret;

	for (i = 0; i < kb->names.n; i++) {
		const char *name = kb->names.v[i];

		opt = boot_option_new();
		if (!opt || !(opt->name = strdup(name)) ||
		    !(opt->key = strdup(name)) ||
		    strv_push(&opt->ids, strdup(name))) {
			boot_option_free(opt);
			return -ENOMEM;
		}
		ret = build_entry(opt, kb, kb->values.v[i]);
		if (ret) {
			boot_option_free(opt);
			if (ret != -EINVAL)
				return ret;
			parse_warn(ctx, kb->path,
				   (unsigned)(uintptr_t)kb->lines.v[i],
				   "entry has no kernel: ignored");
			continue;
		}
		opt->is_default = dflt && *dflt ? streq(dflt, name) : i == 0;
		ret = parse_add_option(ctx, opt, kb->path);
		if (ret)
			return ret == -E2BIG ? 0 : ret;
	}
	return 0;
}

static int parse_config(struct parse_ctx *ctx, const char *path, char *buf,
			size_t len)
{
	struct kboot kb = { .path = path };
	struct conf_reader r;
	char *line, *name, *value;
	int ret = 0;

	conf_reader_init(&r, ctx, path, buf, len);
	while (!ret && (line = conf_next_line(&r))) {
		if (!conf_split_pair(line, &name, &value) || !value)
			continue;
		ret = take_line(&kb, &r, name, value);
	}
	if (ret == -E2BIG) {
		parse_warn(ctx, path, r.lineno,
			   "more than %d entries: the rest ignored",
			   PARSE_MAX_OPTIONS);
		ret = 0;
	}
	if (!ret) {
		set_timeout(ctx, &kb);
		ret = add_entries(ctx, &kb);
	}
	vec_free(&kb.names, NULL);
	vec_free(&kb.values, NULL);
	vec_free(&kb.lines, NULL);
	return ret;
}

static int kboot_parse(struct parse_ctx *ctx)
{
	return conf_parse_first(ctx, configs, ARRAY_SIZE(configs),
				parse_config);
}

const struct parser kboot_parser = {
	.name = "kboot",
	.parse = kboot_parse,
};
