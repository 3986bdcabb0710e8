/* pxe.c: the config URLs a lease points at, in pxelinux's lookup order. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "discover/pxe.h"
#include "lib/url.h"
#include "lib/util.h"

static const char *pick_server(const struct lease *l)
{
	if (l->tftp)
		return l->tftp;
	if (l->siaddr && strcmp(l->siaddr, "0.0.0.0"))
		return l->siaddr;
	if (l->sname)
		return l->sname;
	return l->serverid;
}

/* "tftp://host/" (an IPv6 address in brackets) */
static char *server_url(const char *host)
{
	return str_printf(strchr(host, ':') ? "tftp://[%s]/" : "tftp://%s/", host);
}

/*
 * The path prefix: option 210 (a URL, or a path on the TFTP server), else
 * the folder of the boot file (67, or DHCPv6 59), else the server's root.
 */
static char *make_prefix(const struct lease *l, const char *boot,
			 const char *root)
{
	const char *p = l->pxepathprefix;
	char *url, *dir;

	if (p) {
		url = url_is(p) ? strdup(p) : root ? url_resolve(root, p) : NULL;
		if (url && !str_endswith(url, "/")) {
			dir = str_printf("%s/", url);
			free(url);
			url = dir;
		}
		return url;
	}
	if (boot && url_is(boot))
		return url_dir(boot);
	if (boot && root) {
		url = url_resolve(root, boot);
		dir = url ? url_dir(url) : NULL;
		free(url);
		return dir;
	}
	return root ? strdup(root) : NULL;
}

/* push base + "pxelinux.cfg/" + name; failures sticky in *ret */
static void push_cfg(char ***v, const char *prefix, const char *name, int *ret)
{
	if (!*ret && strv_push(v, str_printf("%spxelinux.cfg/%s", prefix, name)))
		*ret = -ENOMEM;
}

static int lookup_order(const struct pxe_plan *p, const struct lease *l,
			const char *uuid, char ***out)
{
	char **v = NULL, name[32];
	struct in_addr a;
	uint32_t ip;
	int ret = 0, i;

	if (uuid)
		push_cfg(&v, p->prefix, uuid, &ret);
	if (l->mac) {
		snprintf(name, sizeof(name), "01-%s", l->mac);
		for (i = 3; name[i]; i++)
			if (name[i] == ':')
				name[i] = '-';
		push_cfg(&v, p->prefix, name, &ret);
	}
	if (l->family == 4 && l->ip && inet_pton(AF_INET, l->ip, &a) == 1) {
		ip = ntohl(a.s_addr);
		for (i = 8; i >= 1; i--) {
			snprintf(name, sizeof(name), "%08X", ip);
			name[i] = '\0';
			push_cfg(&v, p->prefix, name, &ret);
		}
	}
	push_cfg(&v, p->prefix, "default", &ret);
	if (ret) {
		strv_free(v);
		return ret;
	}
	*out = v;
	return 0;
}

static int fill_plan(struct pxe_plan *p, const struct lease *l,
		     const char *sys_uuid, char **err)
{
	const char *server = pick_server(l);
	char *root = NULL, *c;
	const char *boot = l->bootfile_url ? l->bootfile_url : l->bootfile;
	int ret = -ENOMEM;

	if (server && !(p->server = strdup(server)))
		return -ENOMEM;
	if (server && !(root = server_url(server)))
		return -ENOMEM;
	p->prefix = make_prefix(l, boot, root);
	if (!p->prefix && !(l->pxeconffile && url_is(l->pxeconffile)) &&
	    !(boot && url_is(boot))) {
		if (err)
			*err = str_printf("%s: the lease names no boot server "
					  "(options 66, siaddr, sname, server id) "
					  "and no config URL",
					  l->interface ? l->interface : "DHCP");
		ret = -ENOENT;
		goto out;
	}
	if (boot && !(p->bootfile = url_is(boot) ? strdup(boot) :
		      root ? url_resolve(root, boot) : NULL))
		goto out;
	if (l->pxeconffile) {
		c = url_is(l->pxeconffile) ? strdup(l->pxeconffile) :
		    url_resolve(p->prefix, l->pxeconffile);
		if (!c || strv_push(&p->configs, c))
			goto out;
		p->from_209 = true;
		ret = 0;
	} else if (p->prefix) {
		ret = lookup_order(p, l, l->uuid ? l->uuid : sys_uuid,
				   &p->configs);
	} else {
		ret = 0;	/* only a boot file URL (DHCPv6 59) */
	}
out:
	free(root);
	return ret;
}

int pxe_plan(const struct lease *l, const char *sys_uuid,
	     struct pxe_plan **out, char **err)
{
	struct pxe_plan *p = calloc(1, sizeof(*p));
	int ret;

	if (err)
		*err = NULL;
	if (!p)
		return -ENOMEM;
	ret = fill_plan(p, l, sys_uuid, err);
	if (ret) {
		pxe_plan_free(p);
		return ret;
	}
	*out = p;
	return 0;
}

void pxe_plan_free(struct pxe_plan *p)
{
	if (!p)
		return;
	free(p->server);
	free(p->prefix);
	strv_free(p->configs);
	free(p->bootfile);
	free(p);
}

static bool has_magic(const unsigned char *b, size_t len, size_t off,
		      const char *magic, size_t n)
{
	return len >= off + n && !memcmp(b + off, magic, n);
}

/* A text file whose first statement is a syslinux keyword. */
static bool looks_like_config(const char *s, size_t len)
{
	static const char *const words[] = {
		"default", "label", "kernel", "linux", "prompt", "timeout",
		"menu", "include", "ui", "append", "say", "ontimeout",
		"serial", "display", "implicit", "initrd", "localboot",
	};
	size_t i, n = MIN(len, 4096), w;
	const char *line = s;

	if (memchr(s, '\0', n))
		return false;
	while (line < s + n) {
		while (line < s + n && isspace((unsigned char)*line))
			line++;
		if (line < s + n && *line != '#') {
			for (w = 0; line + w < s + n &&
			     isalpha((unsigned char)line[w]); w++)
				;
			for (i = 0; i < ARRAY_SIZE(words); i++)
				if (strlen(words[i]) == w &&
				    !strncasecmp(line, words[i], w))
					return true;
			return false;
		}
		line = memchr(line, '\n', s + n - line);
		if (!line)
			break;
	}
	return false;
}

enum pxe_file_kind pxe_classify(const void *buf, size_t len)
{
	const unsigned char *b = buf;
	size_t skip = 0;

	while (skip < len && isspace(b[skip]))
		skip++;
	if (len - skip >= 6 && !strncasecmp((const char *)b + skip, "#!ipxe", 6))
		return PXE_FILE_IPXE;
	if (has_magic(b, len, 0x202, "HdrS", 4) ||	/* x86 bzImage */
	    has_magic(b, len, 0x38, "ARM\x64", 4) ||	/* arm64 Image */
	    has_magic(b, len, 0x38, "RSC\x05", 4) ||	/* riscv Image */
	    (has_magic(b, len, 0, "MZ", 2) && has_magic(b, len, 4, "zimg", 4)))
		return PXE_FILE_KERNEL;
	if (looks_like_config(buf, len))
		return PXE_FILE_CONFIG;
	return PXE_FILE_OTHER;
}

int pxe_system_uuid(const char *path, char **out)
{
	char buf[64], *u = NULL, *kv[1];
	struct lease *l = NULL;
	FILE *f;
	int ret;

	f = fopen(path ? path : "/sys/class/dmi/id/product_uuid", "re");
	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	if (!strcmp(buf, "00000000-0000-0000-0000-000000000000") ||
	    !strcasecmp(buf, "ffffffff-ffff-ffff-ffff-ffffffffffff"))
		return -EINVAL;
	/* lease.c normalises UUIDs: reuse it */
	kv[0] = u = str_printf("uuid=%s", buf);
	if (!u)
		return -ENOMEM;
	ret = lease_parse(kv, 1, 0, &l, NULL);
	free(u);
	if (ret)
		return ret;
	*out = l->uuid;
	l->uuid = NULL;
	lease_free(l);
	return 0;
}
