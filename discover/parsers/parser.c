/* parser.c: the parse context (bounded file access, options, diagnostics). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "discover/parsers/parser.h"
#include "lib/util.h"

void parse_ctx_init(struct parse_ctx *ctx, const struct parse_io *io,
		    void *io_priv, const struct source_info *src,
		    const struct source_info *const *sources, size_t n_sources)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->io = io;
	ctx->io_priv = io_priv;
	ctx->source = src;
	ctx->sources = sources;
	ctx->n_sources = n_sources;
	ctx->timeout = -1;
#if defined(__x86_64__)
	ctx->arch = "x86_64";
#elif defined(__aarch64__)
	ctx->arch = "aarch64";
#else
	ctx->arch = "unknown";
#endif
}

static void option_free(void *p)
{
	boot_option_free(p);
}

void parse_ctx_release(struct parse_ctx *ctx)
{
	vec_free(&ctx->options, option_free);
	vec_free(&ctx->diags, free);
}

int parse_read(struct parse_ctx *ctx, const struct source_info *src,
	       const char *path, char **buf, size_t *len)
{
	return ctx->io->read(ctx->io_priv, src ? src : ctx->source, path,
			     PARSE_MAX_FILE_SIZE, buf, len);
}

int parse_read_at(struct parse_ctx *ctx, const struct source_info *src,
		  const char *path, uint64_t offset, void *buf, size_t len,
		  size_t *got)
{
	char *whole;
	size_t n;
	int ret;

	*got = 0;
	if (ctx->io->read_at)
		return ctx->io->read_at(ctx->io_priv, src ? src : ctx->source,
					path, offset, buf, len, got);
	ret = parse_read(ctx, src, path, &whole, &n);
	if (ret)
		return ret;
	if (offset < n) {
		*got = MIN(len, n - (size_t)offset);
		memcpy(buf, whole + offset, *got);
	}
	free(whole);
	return 0;
}

int parse_list(struct parse_ctx *ctx, const struct source_info *src,
	       const char *dir, char ***names)
{
	return ctx->io->list(ctx->io_priv, src ? src : ctx->source, dir,
			     names);
}

int parse_dir_open(struct parse_ctx *ctx, const char *dir,
		   struct parse_dir *d, char ***names)
{
	*d = (struct parse_dir){ .ctx = ctx, .path = dir };
	if (!ctx->io->open_dir)
		return parse_list(ctx, NULL, dir, names);
	return ctx->io->open_dir(ctx->io_priv, ctx->source, dir, names,
				 &d->handle);
}

int parse_dir_read(struct parse_dir *d, size_t i, const char *name,
		   char **buf, size_t *len)
{
	struct parse_ctx *ctx = d->ctx;
	char *path;
	int ret;

	if (d->handle)
		return ctx->io->read_in(ctx->io_priv, d->handle, i, name,
					PARSE_MAX_FILE_SIZE, buf, len);
	free(d->buf);
	d->buf = NULL;
	path = str_cat((const char *[]){ d->path, "/", name }, 3);
	if (!path)
		return -ENOMEM;
	ret = parse_read(ctx, NULL, path, &d->buf, len);
	free(path);
	*buf = d->buf;
	return ret;
}

void parse_dir_close(struct parse_dir *d)
{
	if (d->handle)
		d->ctx->io->close_dir(d->ctx->io_priv, d->handle);
	free(d->buf);
	d->handle = d->buf = NULL;
}

int parse_stat(struct parse_ctx *ctx, const struct source_info *src,
	       const char *path, struct parse_stat *st)
{
	return ctx->io->stat(ctx->io_priv, src ? src : ctx->source, path, st);
}

bool parse_exists(struct parse_ctx *ctx, const struct source_info *src,
		  const char *path)
{
	struct parse_stat st;

	return parse_stat(ctx, src, path, &st) == 0;
}

void parse_warn(struct parse_ctx *ctx, const char *file, unsigned line,
		const char *fmt, ...)
{
	char msg[512];
	char *d;
	va_list ap;

	if (ctx->diags.n >= PARSE_MAX_DIAGS) {
		ctx->n_diags_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		d = str_printf("%s:%u: %s", file ? file : "?", line, msg);
	else
		d = str_printf("%s: %s", file ? file : "?", msg);
	if (d && vec_push(&ctx->diags, d))
		free(d);
}

int parse_add_option(struct parse_ctx *ctx, struct boot_option *opt,
		     const char *config)
{
	if (!opt)
		return -ENOMEM;
	if (ctx->options.n >= PARSE_MAX_OPTIONS) {
		if (!ctx->n_options_dropped++)
			parse_warn(ctx, config, 0,
				   "more than %d boot options: the rest are ignored",
				   PARSE_MAX_OPTIONS);
		boot_option_free(opt);
		return -E2BIG;
	}
	if ((!opt->parser && ctx->parser &&
	     !(opt->parser = strdup(ctx->parser))) ||
	    (!opt->source && ctx->source->name &&
	     !(opt->source = strdup(ctx->source->name))) ||
	    (!opt->config && config && !(opt->config = strdup(config))) ||
	    (!opt->kind && !(opt->kind = strdup("linux"))) ||
	    vec_push(&ctx->options, opt)) {
		boot_option_free(opt);
		return -ENOMEM;
	}
	return 0;
}

void parse_set_timeout(struct parse_ctx *ctx, int seconds)
{
	ctx->timeout = seconds;
	ctx->has_timeout = true;
}
