/* lease.c: a DHCP lease read from udhcpc's KEY=VALUE strings, checked. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "discover/lease.h"
#include "lib/strbuf.h"
#include "lib/text.h"
#include "lib/util.h"

enum kind {
	K_NAME,		/* host name or address */
	K_PATH,		/* printable, no spaces */
	K_TEXT,		/* printable, spaces allowed */
	K_IFNAME,
	K_EVENT,
	K_IP4,
	K_IP6,
	K_IP4_FIRST,	/* a list of IPv4 addresses: the first kept */
	K_IP_LIST,	/* addresses of either family */
	K_BITS,
	K_SUBNET,
	K_SECS,
	K_MAC,
	K_UUID,
	K_URL,
	K_PARAMS,	/* DHCPv6 option 60 in hex (dhcpcd's binhex) */
};

struct key {
	const char *name;
	enum kind kind;
	size_t off;		/* of the field in struct lease */
};

#define F(field) offsetof(struct lease, field)

static const struct key keys[] = {
	{ "interface", K_IFNAME, F(interface) },
	{ "event", K_EVENT, F(event) },
	{ "mac", K_MAC, F(mac) },
	{ "uuid", K_UUID, F(uuid) },
	{ "ip", K_IP4, F(ip) },
	{ "ipv6", K_IP6, F(ip) },
	{ "mask", K_BITS, F(prefix) },
	{ "subnet", K_SUBNET, F(prefix) },
	{ "router", K_IP4_FIRST, F(router) },
	{ "dns", K_IP_LIST, F(dns) },
	{ "serverid", K_IP4, F(serverid) },
	{ "siaddr", K_IP4, F(siaddr) },
	{ "sname", K_NAME, F(sname) },
	{ "tftp", K_NAME, F(tftp) },
	{ "boot_file", K_PATH, F(bootfile) },	/* option 67 wins: below */
	{ "bootfile", K_PATH, F(bootfile) },
	{ "pxeconffile", K_PATH, F(pxeconffile) },
	{ "pxepathprefix", K_PATH, F(pxepathprefix) },
	{ "reboottime", K_SECS, F(reboottime) },
	{ "lease", K_SECS, F(lease_secs) },
	{ "bootfile_url", K_URL, F(bootfile_url) },
	{ "bootfile_param", K_TEXT, F(bootfile_param) },
	{ "bootfile_param_hex", K_PARAMS, F(bootfile_param) },
};

static int bad(char **err, const char *key, const char *value,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(char **err, const char *key, const char *value,
	       const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char shown[80];
	va_list ap;

	if (!err)
		return -EINVAL;
	text_sanitize_into(shown, sizeof(shown), value);
	sb_addf(&sb, "DHCP lease: %s=\"%s%s\": ", key, shown,
		strlen(value) >= sizeof(shown) ? "..." : "");
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	*err = sb_detach(&sb);
	return -EINVAL;
}

static bool printable(const char *v, bool spaces)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || (unsigned char)*v >= 0x7f ||
		    (*v == ' ' && !spaces))
			return false;
	return true;
}

static bool host_name(const char *v)
{
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr(".-_:", *v))
			return false;
	return true;
}

static bool is_addr(int af, const char *v)
{
	unsigned char a[16];

	return inet_pton(af, v, a) == 1;
}

static int parse_secs(const char *v, long *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n > UINT32_MAX)
		return -EINVAL;
	*out = (long)n;
	return 0;
}

static int subnet_bits(const char *v)
{
	struct in_addr a;
	uint32_t m;
	int bits = 0;

	if (inet_pton(AF_INET, v, &a) != 1)
		return -EINVAL;
	m = ntohl(a.s_addr);
	while (m & 0x80000000u) {
		bits++;
		m <<= 1;
	}
	return m ? -EINVAL : bits;	/* holes: not a mask */
}

/* "aa:bb:cc:dd:ee:ff" (':' or '-') into lower case with ':'. */
static char *norm_mac(const char *v)
{
	unsigned b[6];
	char sep[5], end;

	if (strlen(v) != 17 ||
	    sscanf(v, "%2x%c%2x%c%2x%c%2x%c%2x%c%2x%c", &b[0], &sep[0], &b[1],
		   &sep[1], &b[2], &sep[2], &b[3], &sep[3], &b[4], &sep[4],
		   &b[5], &end) != 11)
		return NULL;
	for (int i = 0; i < 5; i++)
		if (sep[i] != sep[0] || (sep[i] != ':' && sep[i] != '-'))
			return NULL;
	for (int i = 0; i < 17; i++)
		if (i % 3 != 2 && !isxdigit((unsigned char)v[i]))
			return NULL;
	return str_printf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2],
			  b[3], b[4], b[5]);
}

/*
 * A UUID as 32 hex digits, dashed or not, optionally preceded by "00"
 * (option 97's type byte) when undashed: into 8-4-4-4-12 lower case.
 */
static char *norm_uuid(const char *v)
{
	char hex[33], *out;
	size_t n = 0, len = strlen(v);
	int i;

	if (len == 34 && v[0] == '0' && v[1] == '0' && !strchr(v, '-'))
		v += 2;
	for (; *v; v++) {
		if (*v == '-')
			continue;
		if (!isxdigit((unsigned char)*v) || n == 32)
			return NULL;
		hex[n++] = tolower((unsigned char)*v);
	}
	if (n != 32)
		return NULL;
	hex[32] = '\0';
	out = malloc(37);
	if (!out)
		return NULL;
	for (i = 0, n = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[n++] = '-';
		out[n++] = hex[i];
	}
	out[n] = '\0';
	return out;
}

/* Check a space-separated list of addresses; the first in *first. */
static int addr_list(const char *v, bool v4_only, char ***all, char **first)
{
	char *copy = strdup(v), *save = NULL, *w;
	char **list = NULL;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!is_addr(AF_INET, w) && (v4_only || !is_addr(AF_INET6, w))) {
			ret = -EINVAL;
			break;
		}
		if (first && !*first && !(*first = strdup(w)))
			ret = -ENOMEM;
		if (!ret && all && strv_push(&list, strdup(w)) < 0)
			ret = -ENOMEM;
		if (ret)
			break;
	}
	free(copy);
	if (!ret && !list && !(first && *first))
		ret = -EINVAL;	/* nothing but spaces */
	if (ret) {
		strv_free(list);
		if (first) {
			free(*first);
			*first = NULL;
		}
		return ret;
	}
	if (all)
		*all = list;
	return 0;
}

static int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' :
	       isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 : -1;
}

/*
 * Option 60 (RFC 5970) as hex: parameters, each a 16-bit length and that
 * many bytes, into one string with a space between them. NULL and a
 * reason in *why when it is not that form or a parameter has a control
 * character.
 */
static char *decode_params(const char *v, const char **why)
{
	size_t n = strlen(v) / 2, i, len, at = 0;
	unsigned char *b;
	char *out = NULL, *o;

	*why = "not hex";
	if (strlen(v) % 2)
		return NULL;
	*why = NULL;	/* out of memory */
	b = malloc(n + 1);
	if (!b)
		return NULL;
	for (i = 0; i < n; i++) {
		int hi = hexval(v[2 * i]), lo = hexval(v[2 * i + 1]);

		*why = "not hex";
		if (hi < 0 || lo < 0)
			goto out;
		b[i] = hi << 4 | lo;
	}
	*why = NULL;
	out = o = malloc(n + 1);
	if (!out)
		goto out;
	while (at < n) {
		*why = "a parameter's length runs past the option's end";
		if (n - at < 2 || (len = b[at] << 8 | b[at + 1]) > n - at - 2)
			goto bad;
		at += 2;
		*why = "a control character in a parameter";
		for (i = 0; i < len; i++, at++) {
			if (b[at] < 0x20 || b[at] >= 0x7f)
				goto bad;
			*o++ = b[at];
		}
		if (at < n)
			*o++ = ' ';
	}
	*o = '\0';
	goto out;
bad:
	free(out);
	out = NULL;
out:
	free(b);
	return out;
}

static int check_string(const struct key *k, const char *v, char **err)
{
	static const char *const events[] = { "bound", "renew", "deconfig" };
	size_t i;

	switch (k->kind) {
	case K_NAME:
		if (!*v || !host_name(v))
			return bad(err, k->name, v, "not a host name or address");
		return 0;
	case K_PATH:
		if (!*v || !printable(v, false))
			return bad(err, k->name, v,
				   "empty, or a control character or space in a path");
		return 0;
	case K_TEXT:
		if (!printable(v, true))
			return bad(err, k->name, v, "a control character");
		return 0;
	case K_IFNAME:
		if (!*v || strlen(v) > 15 || !printable(v, false) || strchr(v, '/'))
			return bad(err, k->name, v, "not an interface name");
		return 0;
	case K_EVENT:
		for (i = 0; i < ARRAY_SIZE(events); i++)
			if (streq(v, events[i]))
				return 0;
		return bad(err, k->name, v, "not bound, renew or deconfig");
	case K_IP4:
		return is_addr(AF_INET, v) ? 0 :
			bad(err, k->name, v, "not an IPv4 address");
	case K_IP6:
		return is_addr(AF_INET6, v) ? 0 :
			bad(err, k->name, v, "not an IPv6 address");
	case K_URL:
		if (!strstr(v, "://") || !printable(v, false))
			return bad(err, k->name, v, "not a URL");
		return 0;
	default:
		return 0;
	}
}

static void set_str(struct lease *l, size_t off, char *s)
{
	char **field = (char **)((char *)l + off);

	free(*field);
	*field = s;
}

/* Check v and store it in l. 0, -EINVAL (with *err) or -ENOMEM. */
static int apply(struct lease *l, const struct key *k, const char *v,
		 char **err)
{
	char *s = NULL, **list = NULL;
	const char *why;
	long secs;
	int ret;

	if (strlen(v) > (k->kind == K_PARAMS ? 2 : 1) * LEASE_VALUE_MAX)
		return bad(err, k->name, v, "longer than %d bytes", LEASE_VALUE_MAX);
	ret = check_string(k, v, err);
	if (ret)
		return ret;
	switch (k->kind) {
	case K_BITS:
		if (parse_secs(v, &secs) || secs > 32)
			return bad(err, k->name, v, "not a mask length (0-32)");
		l->prefix = (int)secs;
		return 0;
	case K_SUBNET:
		ret = subnet_bits(v);
		if (ret < 0)
			return bad(err, k->name, v, "not a subnet mask");
		l->prefix = ret;
		return 0;
	case K_SECS:
		if (parse_secs(v, &secs))
			return bad(err, k->name, v, "not a number of seconds");
		*(long *)((char *)l + k->off) = secs;
		return 0;
	case K_IP4_FIRST:
	case K_IP_LIST:
		ret = addr_list(v, k->kind == K_IP4_FIRST,
				k->kind == K_IP_LIST ? &list : NULL,
				k->kind == K_IP4_FIRST ? &s : NULL);
		if (ret == -EINVAL)
			return bad(err, k->name, v, "not a list of %saddresses",
				   k->kind == K_IP4_FIRST ? "IPv4 " : "");
		if (ret)
			return ret;
		if (list) {
			strv_free(l->dns);
			l->dns = list;
			return 0;
		}
		break;
	case K_MAC:
		s = norm_mac(v);
		if (!s)
			return bad(err, k->name, v, "not a MAC address");
		break;
	case K_UUID:
		s = norm_uuid(v);
		if (!s)
			return bad(err, k->name, v, "not a UUID (32 hex digits)");
		break;
	case K_PARAMS:
		s = decode_params(v, &why);
		if (!s && why)
			return bad(err, k->name, v, "%s", why);
		break;
	default:
		s = strdup(v);
		break;
	}
	if (!s)
		return -ENOMEM;
	set_str(l, k->off, s);
	return 0;
}

static const struct key *find_key(const char *kv, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (strlen(keys[i].name) == n && !strncmp(kv, keys[i].name, n))
			return &keys[i];
	return NULL;
}

static int parse_one(struct lease *l, const char *kv, unsigned flags,
		     bool *bootfile_set, char **err)
{
	const char *eq = strchr(kv, '=');
	const struct key *k;

	if (!eq || eq == kv)
		return bad(err, "(record)", kv, "not KEY=VALUE");
	k = find_key(kv, eq - kv);
	if (!k) {
		if (!(flags & LEASE_STRICT))
			return 0;
		return bad(err, "(key)", kv, "unknown key");
	}
	/* option 67 wins over the BOOTP file field, whatever the order */
	if (streq(k->name, "boot_file") && *bootfile_set)
		return 0;
	if (streq(k->name, "bootfile"))
		*bootfile_set = true;
	if (k->kind == K_IP6 || k->kind == K_URL || k->kind == K_PARAMS)
		l->family = 6;
	return apply(l, k, eq + 1, err);
}

int lease_parse(char *const *kv, size_t n, unsigned flags, struct lease **out,
		char **err)
{
	struct lease *l = calloc(1, sizeof(*l));
	bool bootfile_set = false;
	size_t i;
	int ret = 0;

	if (err)
		*err = NULL;
	if (!l)
		return -ENOMEM;
	l->family = 4;
	l->prefix = -1;
	l->reboottime = -1;
	l->lease_secs = -1;
	for (i = 0; i < n && !ret; i++)
		ret = parse_one(l, kv[i], flags, &bootfile_set, err);
	if (ret) {
		lease_free(l);
		return ret;
	}
	*out = l;
	return 0;
}

int lease_parse_buffer(const char *buf, size_t len, char sep, unsigned flags,
		       struct lease **out, char **err)
{
	char **kv = NULL;
	size_t start = 0, i;
	int ret = 0;

	for (i = 0; i <= len && !ret; i++) {
		if (i < len && buf[i] != sep)
			continue;
		if (i > start && strv_push(&kv, str_ndup(buf + start, i - start)))
			ret = -ENOMEM;
		start = i + 1;
	}
	if (!ret)
		ret = lease_parse(kv, strv_len(kv), flags, out, err);
	strv_free(kv);
	return ret;
}

char *lease_format(const struct lease *l)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	sb_addf(&sb, "family=%d\n", l->family);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct key *k = &keys[i];
		const char *s = *(char *const *)((const char *)l + k->off);

		if (k->kind == K_BITS || k->kind == K_SUBNET || k->kind == K_SECS ||
		    k->kind == K_IP_LIST || k->kind == K_PARAMS ||
		    streq(k->name, "ipv6") || streq(k->name, "boot_file"))
			continue;
		if (s)
			sb_addf(&sb, "%s=%s\n", k->name, s);
	}
	if (l->prefix >= 0)
		sb_addf(&sb, "mask=%d\n", l->prefix);
	for (i = 0; l->dns && l->dns[i]; i++)
		sb_addf(&sb, "dns=%s\n", l->dns[i]);
	if (l->reboottime >= 0)
		sb_addf(&sb, "reboottime=%ld\n", l->reboottime);
	if (l->lease_secs >= 0)
		sb_addf(&sb, "lease=%ld\n", l->lease_secs);
	return sb_detach(&sb);
}

void lease_free(struct lease *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].kind != K_BITS && keys[i].kind != K_SUBNET &&
		    keys[i].kind != K_SECS && keys[i].kind != K_IP_LIST)
			set_str(l, keys[i].off, NULL);
	strv_free(l->dns);
	free(l);
}
