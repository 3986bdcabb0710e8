/*
 * pxelinux.c: a pxelinux config fetched over the network, read by the
 * syslinux parser (syslinux-read.c, syslinux.c) with IPAPPEND/SYSAPPEND
 * 1 and 2 and PROXY, its files turned into URLs on the server.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/netboot.h"
#include "discover/parsers/syslinux-internal.h"
#include "lib/url.h"

/* The path of url under origin ("/x/y"), or NULL when not under it. */
static const char *under(const char *url, const char *origin)
{
	size_t n = strlen(origin);

	if (strncmp(url, origin, n) || (url[n] && url[n] != '/'))
		return NULL;
	return url[n] ? url + n : "/";
}

/* A file the syslinux parser named by path on the server: its URL. */
static int to_url(struct boot_file *f, const char *origin)
{
	char *url;

	if (!f || f->url || f->ref != BOOT_REF_SELF || !f->path)
		return 0;
	url = str_printf("%s%s", origin, f->path);
	if (!url)
		return -ENOMEM;
	free(f->path);
	f->path = NULL;
	free(f->source);
	f->source = NULL;
	f->url = url;
	return 0;
}

static int option_to_urls(struct boot_option *o, const char *origin)
{
	char *config;
	size_t i;
	int ret;

	ret = to_url(o->kernel, origin) ?: to_url(o->dtb, origin);
	for (i = 0; !ret && o->initrds && o->initrds[i]; i++)
		ret = to_url(o->initrds[i], origin);
	for (i = 0; !ret && o->dtb_overlays && o->dtb_overlays[i]; i++)
		ret = to_url(o->dtb_overlays[i], origin);
	for (i = 0; !ret && o->modules && o->modules[i]; i++)
		ret = to_url(o->modules[i]->file, origin);
	if (!ret && o->config && !url_is(o->config)) {
		config = str_printf("%s%s", origin, o->config);
		if (!config)
			return -ENOMEM;
		free(o->config);
		o->config = config;
	}
	return ret;
}

/* A diagnostic "/path:line: ..." as "URL:line: ...". */
static int diag_url(void **d, const char *origin)
{
	char *s = *d, *n;

	if (s[0] != '/')
		return 0;
	n = str_printf("%s%s", origin, s);
	if (!n)
		return -ENOMEM;
	free(s);
	*d = n;
	return 0;
}

/* "BOOTIF=01-aa-bb-cc-dd-ee-ff" */
static char *bootif(const char *mac)
{
	char *s = mac ? str_printf("BOOTIF=01-%s", mac) : NULL;
	char *p;

	for (p = s ? s + 10 : NULL; p && *p; p++)
		if (*p == ':')
			*p = '-';
	return s;
}

int pxelinux_parse(struct parse_ctx *ctx, const char *config_url,
		   const char *prefix_url, const struct netboot_env *env,
		   char **proxy)
{
	const char *origin = ctx->source->url, *path, *base;
	struct sys_run run = { 0 };
	struct sys_net net = { 0 };
	char *ip = NULL, *bif = NULL;
	size_t first = ctx->options.n, first_diag = ctx->diags.n, i;
	int ret = -ENOMEM;

	if (proxy)
		*proxy = NULL;
	if (!origin || !(path = under(config_url, origin)) ||
	    !(base = under(prefix_url, origin)))
		return -EINVAL;
	if (env->ip) {
		ip = str_printf("ip=%s:%s:%s:%s", env->ip,
				env->server ? env->server : "",
				env->gateway ? env->gateway : "",
				env->netmask ? env->netmask : "");
		if (!ip)
			goto out;
	}
	if (env->mac && !(bif = bootif(env->mac)))
		goto out;
	net.ip_arg = ip;
	net.bootif = bif;
	run.net = &net;
	ctx->parser = "pxe";
	ret = sys_parse_pxelinux(ctx, &run, path, base);
	for (i = first; !ret && i < ctx->options.n; i++)
		ret = option_to_urls(ctx->options.v[i], origin) ?:
		      netboot_check_schemes(ctx->options.v[i]);
	for (i = first_diag; !ret && i < ctx->diags.n; i++)
		ret = diag_url(&ctx->diags.v[i], origin);
	if (!ret && proxy && run.proxy) {
		*proxy = run.proxy;
		run.proxy = NULL;
	}
out:
	sys_run_release(&run);
	free(ip);
	free(bif);
	return ret;
}
