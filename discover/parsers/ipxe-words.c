/* ipxe-words.c: iPXE settings (${...}) expanded, command lines split. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/ipxe-internal.h"
#include "lib/strbuf.h"

#define IPXE_MAX_VARS 256
#define IPXE_MAX_EXPANSIONS 256	/* ${...} replaced in one line */

static char **find(const struct ipxe_vars *v, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; v->kv && v->kv[i]; i++)
		if (!strncmp(v->kv[i], name, n) && v->kv[i][n] == '=')
			return &v->kv[i];
	return NULL;
}

/* The lease's settings, by iPXE's names. */
static const char *builtin(const struct netboot_env *env, const char *arch,
			   const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} map[] = {
		{ "mac", offsetof(struct netboot_env, mac) },
		{ "ip", offsetof(struct netboot_env, ip) },
		{ "netmask", offsetof(struct netboot_env, netmask) },
		{ "gateway", offsetof(struct netboot_env, gateway) },
		{ "dns", offsetof(struct netboot_env, dns) },
		{ "next-server", offsetof(struct netboot_env, server) },
		{ "filename", offsetof(struct netboot_env, filename) },
		{ "uuid", offsetof(struct netboot_env, uuid) },
		{ "hostname", offsetof(struct netboot_env, hostname) },
		{ "ifname", offsetof(struct netboot_env, interface) },
	};
	size_t i;

	if (streq(name, "buildarch") && arch)
		return streq(arch, "aarch64") ? "arm64" : arch;
	for (i = 0; env && i < ARRAY_SIZE(map); i++)
		if (streq(name, map[i].name))
			return *(const char *const *)((const char *)env +
						      map[i].off);
	return NULL;
}

const char *ipxe_var_get(const struct ipxe_vars *v,
			 const struct netboot_env *env, const char *arch,
			 const char *name)
{
	const char *slash = strchr(name, '/');
	char **kv;

	if (slash) {
		/* net0/mac, net0.dhcp/ip: the one interface there is */
		if (strncmp(name, "net0", 4) || (name[4] != '/' && name[4] != '.'))
			return NULL;
		name = slash + 1;
	}
	kv = find(v, name);
	if (kv)
		return strchr(*kv, '=') + 1;
	return builtin(env, arch, name);
}

int ipxe_var_set(struct ipxe_vars *v, const char *name, const char *value)
{
	char **kv = find(v, name), *s;
	size_t i;

	if (!value) {
		if (!kv)
			return 0;
		free(*kv);
		for (i = kv - v->kv; v->kv[i]; i++)
			v->kv[i] = v->kv[i + 1];
		return 0;
	}
	s = str_printf("%s=%s", name, value);
	if (!s)
		return -ENOMEM;
	if (kv) {
		free(*kv);
		*kv = s;
		return 0;
	}
	if (strv_len(v->kv) >= IPXE_MAX_VARS) {
		free(s);
		return 0;	/* a hostile script: further settings dropped */
	}
	return strv_push(&v->kv, s);
}

int ipxe_vars_copy(struct ipxe_vars *dst, const struct ipxe_vars *src)
{
	dst->kv = NULL;
	if (!src->kv)
		return 0;
	dst->kv = strv_dup(src->kv);
	return dst->kv ? 0 : -ENOMEM;
}

void ipxe_vars_release(struct ipxe_vars *v)
{
	strv_free(v->kv);
	v->kv = NULL;
}

/* The value of "name[:type]", typed as iPXE shows it. */
static char *typed_value(const char *spec, size_t n,
			 const struct ipxe_vars *v,
			 const struct netboot_env *env, const char *arch)
{
	char *name = str_ndup(spec, n), *colon, *out, *p;
	const char *val;

	if (!name)
		return NULL;
	colon = strchr(name, ':');
	if (colon)
		*colon++ = '\0';
	val = ipxe_var_get(v, env, arch, name);
	out = strdup(val ? val : "");
	if (out && colon && streq(colon, "hexhyp"))
		for (p = out; *p; p++)
			if (*p == ':')
				*p = '-';
	free(name);
	return out;
}

char *ipxe_expand(const char *line, const struct ipxe_vars *v,
		  const struct netboot_env *env, const char *arch, bool *cut)
{
	char *s = strdup(line), *open, *close, *val, *next;
	unsigned n = 0;

	*cut = false;
	while (s && n++ < IPXE_MAX_EXPANSIONS) {
		/* the last "${" that is closed: innermost first */
		for (open = NULL, next = s; (next = strstr(next, "${")); next++)
			if (strchr(next, '}'))
				open = next;
		if (!open)
			break;
		close = strchr(open, '}');
		val = typed_value(open + 2, close - open - 2, v, env, arch);
		next = val ? str_printf("%.*s%s%s", (int)(open - s), s, val,
					close + 1) : NULL;
		free(val);
		free(s);
		s = next;
		if (s && strlen(s) > IPXE_LINE_MAX) {
			s[IPXE_LINE_MAX] = '\0';
			*cut = true;
		}
	}
	return s;
}

int ipxe_split(char *s, char **words)
{
	char *out;
	int n = 0;
	char q;

	while (n < IPXE_MAX_WORDS) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		words[n++] = out = s;
		for (q = 0; *s && (q || (*s != ' ' && *s != '\t')); s++) {
			if (!q && (*s == '"' || *s == '\'')) {
				q = *s;
			} else if (q && *s == q) {
				q = 0;
			} else {
				*out++ = *s;
			}
		}
		if (*s)
			s++;
		*out = '\0';
	}
	return n;
}
