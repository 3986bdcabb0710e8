/*
 * sysinfo-text.c: a sysinfo message (docs/protocol.md) as lines: the
 * menu's system information page and `baton sysinfo` show the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/util.h"
#include "ui/sysinfo-text.h"

static void add(char ***v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One more line; out of memory loses it (and the caller sees NULL). */
static void add(char ***v, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s && strv_push(v, s) == 0)
		return;
	strv_free(*v);
	*v = NULL;
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void add_devices(char ***v, int w, const json_t *devs)
{
	const json_t *d, *src;
	char size[32];
	size_t i;

	add(v, "Devices:");
	json_array_foreach(devs, i, d) {
		src = json_object_get(d, "source");
		if (*str(d, "path"))
			snprintf(size, sizeof(size), "folder");
		else
			snprintf(size, sizeof(size), "%lld MiB", (long long)
				 (json_integer_value(json_object_get(d, "size"))
				  >> 20));
		add(v, "  %-*s %12s  %s%s%s%s%s", w, str(d, "name"), size,
		    src ? str(src, "fstype") : "",
		    src && *str(src, "label") ? "  LABEL=" : "",
		    src ? str(src, "label") : "",
		    src && *str(src, "uuid") ? "  UUID=" : "",
		    src ? str(src, "uuid") : "");
		if (src)
			add(v, "  %-*s %s, %lld boot option(s)%s%s", w, "",
			    str(src, "kind"), (long long)json_integer_value(
				json_object_get(d, "options")),
			    *str(d, "path") ? "  " : "", str(d, "path"));
	}
}

static long long num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* " up, link 1000 Mb/s", " down, no link": the link of n. */
static void link_text(struct strbuf *sb, const json_t *n)
{
	const json_t *l = json_object_get(n, "link");

	sb_addf(sb, "%s", str(n, "state"));
	if (!l)
		return;
	if (!json_is_true(json_object_get(l, "carrier")))
		sb_addf(sb, ", no link");
	else if (num(l, "speed") > 0)
		sb_addf(sb, ", link %lld Mb/s", num(l, "speed"));
	else
		sb_addf(sb, ", link");
}

/* ", LABEL VALUE" when o has key: the pieces of a lease's lines. */
static void piece(struct strbuf *sb, const json_t *o, const char *key,
		  const char *label)
{
	const json_t *v = json_object_get(o, key);

	if (!v)
		return;
	sb_addf(sb, "%s%s ", sb->len ? ", " : "", label);
	if (json_is_integer(v))
		sb_addf(sb, "%lld", (long long)json_integer_value(v));
	else
		sb_addf(sb, "%s", json_string_value(v) ?
			json_string_value(v) : "?");
}

/* Lease keys shown by name, or not shown (the client's own). */
static const char *const shown[] = {
	"family", "interface", "mac", "uuid", "ip", "mask", "serverid",
	"router", "dns", "tftp", "siaddr", "sname", "bootfile",
	"pxeconffile", "pxepathprefix", "reboottime", "bootfile_url",
	"bootfile_param", "lease", "taken", "age", "left",
};

static bool is_shown(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(shown); i++)
		if (streq(shown[i], key))
			return true;
	return false;
}

/* A lease: who gave it and for how long, router and DNS, PXE options,
   then any key this client does not know by name. */
static void add_lease(char ***v, int w, struct strbuf *sb,
		      const json_t *l)
{
	const char *key, *fam = num(l, "family") == 6 ? "DHCPv6" : "DHCP";
	const json_t *val, *d;
	size_t i;

	sb_reset(sb);
	if (json_object_get(l, "error")) {
		add(v, "  %-*s refused: %s", w, "", str(l, "error"));
		return;
	}
	sb_addf(sb, "%s lease %s", fam, str(l, "ip"));
	if (json_object_get(l, "mask"))
		sb_addf(sb, "/%lld", num(l, "mask"));
	if (*str(l, "serverid"))
		sb_addf(sb, " from %s", str(l, "serverid"));
	if (json_object_get(l, "left"))
		sb_addf(sb, ", %lld s left of %lld", num(l, "left"),
			num(l, "lease"));
	sb_addf(sb, " (taken %lld s ago)", num(l, "age"));
	add(v, "  %-*s %s", w, "", sb_str(sb));
	sb_reset(sb);
	piece(sb, l, "router", "router");
	if (json_array_size(json_object_get(l, "dns"))) {
		sb_addf(sb, "%sDNS", sb->len ? ", " : "");
		json_array_foreach(json_object_get(l, "dns"), i, d)
			sb_addf(sb, " %s", json_string_value(d));
	}
	if (sb->len)
		add(v, "  %-*s %s", w, "", sb_str(sb));
	sb_reset(sb);
	piece(sb, l, "tftp", "TFTP server");
	piece(sb, l, "siaddr", "next server");
	piece(sb, l, "sname", "server name");
	piece(sb, l, "bootfile", "boot file");
	piece(sb, l, "pxeconffile", "config file");
	piece(sb, l, "pxepathprefix", "path prefix");
	piece(sb, l, "reboottime", "reboot time");
	piece(sb, l, "bootfile_url", "boot file URL");
	piece(sb, l, "bootfile_param", "boot file parameters");
	if (sb->len)
		add(v, "  %-*s PXE: %s", w, "", sb_str(sb));
	sb_reset(sb);
	json_object_foreach((json_t *)l, key, val) {
		if (is_shown(key))
			continue;
		sb_addf(sb, " %s=", key);
		if (json_is_integer(val))
			sb_addf(sb, "%lld", (long long)json_integer_value(val));
		else if (json_is_string(val))
			sb_addf(sb, "%s", json_string_value(val));
		else
			sb_addf(sb, "...");
	}
	if (sb->len)
		add(v, "  %-*s also:%s", w, "", sb_str(sb));
}

/* What the daemon does with interface n: its leases, or why none. */
static void add_use(char ***v, int w, struct strbuf *sb,
		    const json_t *n)
{
	const char *method = str(n, "method"), *dhcp = str(n, "dhcp");
	const json_t *l;
	size_t i;

	json_array_foreach(json_object_get(n, "leases"), i, l)
		add_lease(v, w, sb, l);
	if (streq(method, "unused"))
		add(v, "  %-*s not used to boot (net_interfaces)", w, "");
	else if (streq(method, "static"))
		add(v, "  %-*s static address%s%s", w, "",
		    *str(n, "why") ? ": " : "", str(n, "why"));
	else if (streq(method, "none"))
		add(v, "  %-*s not configured: %s", w, "", str(n, "why"));
	else if (streq(dhcp, "waiting"))
		add(v, "  %-*s waiting for a lease%s%s%s", w, "",
		    *str(n, "why") ? " (" : "", str(n, "why"),
		    *str(n, "why") ? ")" : "");
	else if (streq(dhcp, "none"))
		add(v, "  %-*s no lease: %s", w, "", str(n, "why"));
}

static void add_network(char ***v, int w, const json_t *net)
{
	const json_t *n, *a;
	struct strbuf sb = STRBUF_INIT, ln = STRBUF_INIT;
	size_t i, k;

	add(v, "Network:");
	json_array_foreach(net, i, n) {
		sb_reset(&sb);
		sb_reset(&ln);
		json_array_foreach(json_object_get(n, "addresses"), k, a)
			sb_addf(&sb, " %s", json_string_value(a));
		link_text(&ln, n);
		add(v, "  %-*s %s  %s  %s", w, str(n, "name"), str(n, "mac"),
		    sb_str(&ln), sb.len ? sb_str(&sb) + 1 : "(no address)");
		add_use(v, w, &sb, n);
	}
	if (!json_array_size(net))
		add(v, "  (no interfaces)");
	sb_release(&sb);
	sb_release(&ln);
}

/* Lockdown, Secure Boot and the verify setting, then what they mean. */
static void add_signed(char ***v, const json_t *sb)
{
	if (!sb)
		return;
	add(v, "Signed boot: lockdown %s, Secure Boot %s, verify=%s",
	    str(sb, "lockdown"), str(sb, "secure_boot"), str(sb, "verify"));
	if (*str(sb, "message"))
		add(v, "%s", str(sb, "message"));
}

/* The name column's width: 10, or the longest device or interface name
   (up to NAME_COLUMN_MAX), so that a long name never pushes its line's
   other fields out of line with the rest. */
#define NAME_COLUMN_MIN 10
#define NAME_COLUMN_MAX 32

static int name_column(const json_t *devs, const json_t *net)
{
	const json_t *lists[] = { devs, net }, *o;
	size_t i, k, len;
	int w = NAME_COLUMN_MIN;

	for (i = 0; i < ARRAY_SIZE(lists); i++)
		json_array_foreach(lists[i], k, o) {
			len = strlen(str(o, "name"));
			if (len > (size_t)w)
				w = len < NAME_COLUMN_MAX ? (int)len :
				    NAME_COLUMN_MAX;
		}
	return w;
}

char **sysinfo_lines(const json_t *sysinfo, const char *extra)
{
	const json_t *k = json_object_get(sysinfo, "kernel");
	const json_t *devs = json_object_get(sysinfo, "devices");
	const json_t *net = json_object_get(sysinfo, "network");
	int w = name_column(devs, net);
	char **v = NULL;

	add(&v, "Kernel:  Linux %s (%s)", str(k, "release"), str(k, "machine"));
	add(&v, "         %s", str(k, "version"));
	add(&v, "Command line: %s", str(k, "cmdline"));
	if (extra)
		add(&v, "%s", extra);
	add_signed(&v, json_object_get(sysinfo, "signed_boot"));
	add(&v, "%s", "");
	add_devices(&v, w, devs);
	add(&v, "%s", "");
	add_network(&v, w, net);
	return v;
}
