/* net-scan.c: the boot options a DHCP lease leads to. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "discover/net-scan.h"
#include "discover/parsers/netboot.h"
#include "discover/pxe.h"
#include "lib/url.h"

#define NET_HEAD_BYTES 4096	/* enough to tell what a boot file is */

struct net_run {
	const struct lease *lease;
	struct net_io *io;
	struct scan_result *res;
	struct pxe_plan *plan;
	struct netboot_env env;
	char netmask[INET_ADDRSTRLEN];
	const char *name;	/* the source's name: the interface */
	char **proxy;
};

/* A context on the server of url, parsed by fn, collected into res. */
static int with_ctx(struct net_run *r, const char *url,
		    int (*fn)(struct net_run *r, struct parse_ctx *ctx,
			      const char *url))
{
	struct source_info si = { .name = (char *)r->name,
				  .kind = (char *)"network" };
	struct parse_ctx ctx;
	int ret;

	si.url = str_ndup(url, url_origin_len(url));
	if (!si.url)
		return -ENOMEM;
	parse_ctx_init(&ctx, &net_parse_io, r->io, &si, NULL, 0);
	ret = fn(r, &ctx, url);
	if (scan_collect(r->res, &ctx, r->name))
		ret = -ENOMEM;
	parse_ctx_release(&ctx);
	free(si.url);
	return ret;
}

static void diag(struct net_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void diag(struct net_run *r, const char *fmt, ...)
{
	char *msg = NULL, *d;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	d = msg ? str_printf("%s: %s", r->name, msg) : NULL;
	if (d && vec_push(&r->res->diags, d))
		free(d);
	free(msg);
}

static int run_ipxe(struct net_run *r, struct parse_ctx *ctx, const char *url)
{
	return ipxe_parse(ctx, url, &r->env);
}

static int run_pxelinux(struct net_run *r, struct parse_ctx *ctx,
			const char *url)
{
	const char *prefix = r->plan->prefix;
	char *dir = NULL;
	size_t o = url_origin_len(url);
	int ret;

	/* files under the path prefix, when it is on the config's server */
	if (!prefix || strncmp(prefix, url, o) || prefix[o] != '/')
		prefix = dir = url_dir(url);
	if (!prefix)
		return -ENOMEM;
	ret = pxelinux_parse(ctx, url, prefix, &r->env, r->proxy);
	free(dir);
	return ret == -EINVAL ? 0 : ret;
}

/* Option 67 alone names a kernel: one option "eth0: vmlinuz". */
static int run_kernel(struct net_run *r, struct parse_ctx *ctx,
		      const char *url)
{
	const char *p = url + strcspn(url, "?#"), *base = p;
	struct boot_option *o = boot_option_new();

	while (base > url && base[-1] != '/')
		base--;
	if (!o)
		return -ENOMEM;
	ctx->parser = "pxe";
	o->is_default = true;
	o->name = str_printf("%s: %.*s", r->name, (int)(p - base), base);
	o->key = strdup("bootfile");
	o->kernel = boot_file_new_url(url);
	o->cmdline = strdup(r->lease->bootfile_param ? r->lease->bootfile_param : "");
	if (!o->name || !o->key || !o->kernel || !o->cmdline) {
		boot_option_free(o);
		return -ENOMEM;
	}
	return parse_add_option(ctx, o, url);
}

/* What the file at url is, from its first bytes; -errno when unread. */
static int classify(struct net_run *r, const char *url)
{
	char *buf = malloc(NET_HEAD_BYTES), *err = NULL;
	size_t got = 0;
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = net_io_head(r->io, url, buf, NET_HEAD_BYTES, &got, &err);
	if (!ret)
		ret = pxe_classify(buf, got);
	else if (err)
		diag(r, "%s", err);
	else if (ret != -ENOMEM)	/* a file missing under a --url-root */
		diag(r, "%s: %s", url, strerror(-ret));
	free(err);
	free(buf);
	return ret;
}

/* A config or script: parsed by its content. */
static int run_config(struct net_run *r, const char *url, int kind)
{
	if (kind == PXE_FILE_IPXE)
		return with_ctx(r, url, run_ipxe);
	return with_ctx(r, url, run_pxelinux);
}

/* Option 67 / 59: 1 when it decided what boots, 0 when the lookup must. */
static int boot_file(struct net_run *r)
{
	const char *url = r->plan->bootfile;
	int kind;

	if (!url || r->plan->from_209)
		return 0;
	if (!url_fetchable(url)) {
		diag(r, "%s: the scheme is refused: baton fetches only tftp://, "
		     "http:// and https://", url);
		return 0;
	}
	kind = classify(r, url);
	if (kind < 0)
		return kind == -ENOMEM ? kind : 0;
	if (kind == PXE_FILE_KERNEL)
		return with_ctx(r, url, run_kernel) ?: 1;
	if (kind == PXE_FILE_IPXE || kind == PXE_FILE_CONFIG)
		return run_config(r, url, kind) ?: 1;
	return 0;	/* pxelinux.0 or another boot program */
}

/* The configs in lookup order: the first that exists is parsed. */
static int lookup(struct net_run *r)
{
	char **c = r->plan->configs, *buf;
	size_t i, len;
	int ret, kind;

	for (i = 0; c && c[i]; i++) {
		struct source_info si = { .name = (char *)r->name };

		ret = net_parse_io.read(r->io, &si, c[i], PARSE_MAX_FILE_SIZE,
					&buf, &len);
		if (ret == -ENOENT)
			continue;
		if (ret == -ENOMEM)
			return ret;
		if (ret) {
			diag(r, "%s: %s: the lookup stops here", c[i],
			     ret == -EHOSTUNREACH ? NET_IO_NO_ROOT : strerror(-ret));
			return 0;
		}
		kind = pxe_classify(buf, len);
		free(buf);
		return run_config(r, c[i], kind);
	}
	if (r->plan->from_209)
		diag(r, "%s (option 209): not found", c ? c[0] : "?");
	else
		diag(r, "no pxelinux config under %spxelinux.cfg/ (%zu names tried)",
		     r->plan->prefix ? r->plan->prefix : "?", strv_len(c));
	return 0;
}

static void fill_env(struct net_run *r)
{
	const struct lease *l = r->lease;
	struct in_addr m;

	r->env.interface = l->interface;
	r->env.mac = l->mac;
	r->env.ip = l->ip;
	r->env.gateway = l->router;
	r->env.server = r->plan->server;
	r->env.dns = l->dns ? l->dns[0] : NULL;
	r->env.uuid = l->uuid;
	r->env.filename = l->bootfile;
	if (l->family == 4 && l->prefix >= 0) {
		m.s_addr = htonl(l->prefix ? 0xffffffffu << (32 - l->prefix) : 0);
		if (inet_ntop(AF_INET, &m, r->netmask, sizeof(r->netmask)))
			r->env.netmask = r->netmask;
	}
}

int net_scan(const struct lease *l, const char *sys_uuid, struct net_io *io,
	     struct scan_result *res, char **proxy, char **err)
{
	struct net_run r = { .lease = l, .io = io, .res = res, .proxy = proxy };
	int ret;

	if (proxy)
		*proxy = NULL;
	r.name = l->interface ? l->interface : "net";
	ret = pxe_plan(l, sys_uuid, &r.plan, err);
	if (ret)
		return ret;
	fill_env(&r);
	ret = boot_file(&r);
	if (ret == 0)
		ret = lookup(&r);
	pxe_plan_free(r.plan);
	return ret < 0 ? ret : 0;
}

static void mark(struct net_io *io, struct boot_file *f)
{
	if (f && f->url && net_io_root_exists(io, f->url) == -ENOENT)
		f->missing = true;
}

void net_scan_mark_missing(struct net_io *io, struct scan_result *res)
{
	size_t i, k;

	for (i = 0; i < res->options.n; i++) {
		struct boot_option *o = res->options.v[i];

		mark(io, o->kernel);
		mark(io, o->dtb);
		for (k = 0; o->initrds && o->initrds[k]; k++)
			mark(io, o->initrds[k]);
		for (k = 0; o->dtb_overlays && o->dtb_overlays[k]; k++)
			mark(io, o->dtb_overlays[k]);
	}
}
