/*
 * sysinfo-text.c: a sysinfo message (docs/protocol.md) as lines: the
 * menu's system information page and `baton sysinfo` show the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

static void add_devices(char ***v, const json_t *devs)
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
		add(v, "  %-10s %12s  %s%s%s%s%s", str(d, "name"), size,
		    src ? str(src, "fstype") : "",
		    src && *str(src, "label") ? "  LABEL=" : "",
		    src ? str(src, "label") : "",
		    src && *str(src, "uuid") ? "  UUID=" : "",
		    src ? str(src, "uuid") : "");
		if (src)
			add(v, "  %-10s %s, %lld boot option(s)%s%s", "",
			    str(src, "kind"), (long long)json_integer_value(
				json_object_get(d, "options")),
			    *str(d, "path") ? "  " : "", str(d, "path"));
	}
}

static void add_network(char ***v, const json_t *net)
{
	const json_t *n, *a;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	add(v, "Network:");
	json_array_foreach(net, i, n) {
		sb_reset(&sb);
		json_array_foreach(json_object_get(n, "addresses"), k, a)
			sb_addf(&sb, " %s", json_string_value(a));
		add(v, "  %-10s %s  %s %s", str(n, "name"), str(n, "mac"),
		    str(n, "state"), sb.len ? sb_str(&sb) : " (no address)");
	}
	if (!json_array_size(net))
		add(v, "  (no interfaces)");
	sb_release(&sb);
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

char **sysinfo_lines(const json_t *sysinfo, const char *extra)
{
	const json_t *k = json_object_get(sysinfo, "kernel");
	char **v = NULL;

	add(&v, "Kernel:  Linux %s (%s)", str(k, "release"), str(k, "machine"));
	add(&v, "         %s", str(k, "version"));
	add(&v, "Command line: %s", str(k, "cmdline"));
	if (extra)
		add(&v, "%s", extra);
	add_signed(&v, json_object_get(sysinfo, "signed_boot"));
	add(&v, "%s", "");
	add_devices(&v, json_object_get(sysinfo, "devices"));
	add(&v, "%s", "");
	add_network(&v, json_object_get(sysinfo, "network"));
	return v;
}
