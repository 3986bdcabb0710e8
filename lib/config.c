/* config.c: baton's settings: key table, file and command-line parsing, rules. */
#include <crypt.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/config.h"
#include "lib/strbuf.h"
#include "lib/url.h"

#define CFG_VALUE_MAX	512
#define CFG_KEYS_MAX	4096	/* ssh_keys: about 40 ed25519 keys, or
				   5 RSA-4096 ones */

static const char *const verify_words[] = { "off", "warn", "enforce", NULL };

const struct config_key_desc config_keys[CFG_KEY_MAX] = {
	[CFG_TIMEOUT] = {
		.name = "timeout",
		.type = CFG_INT,
		.cmdline = true,
		.help = "seconds before the default boots; 0 at once, -1 wait",
	},
	[CFG_DEFAULT] = {
		.name = "default",
		.type = CFG_STRING,
		.cmdline = true,
		.help = "option to boot: id, title glob or Submenu>Entry",
	},
	[CFG_BOOT_ORDER] = {
		.name = "boot_order",
		.type = CFG_ORDER,
		.cmdline = true,
		.help = "sources to autoboot from, best first: disk usb cdrom network label=L uuid=U any",
	},
	[CFG_NEXT] = {
		.name = "next",
		.type = CFG_STRING,
		.cmdline = true,
		.help = "boot this once, next time (then forgotten)",
	},
	[CFG_CONFIG_DEFAULT] = {
		.name = "config_default",
		.type = CFG_BOOL,
		.builtin = "on",
		.cmdline = true,
		.help = "follow the configs' own default and timeout (GRUB, BLS, syslinux)",
	},
	[CFG_FALL_THROUGH] = {
		.name = "fall_through",
		.type = CFG_BOOL,
		.builtin = "on",
		.cmdline = true,
		.help = "when the default fails to boot, try the next option",
	},
	[CFG_HEADLESS] = {
		.name = "headless",
		.type = CFG_BOOL,
		.builtin = "off",
		.cmdline = true,
		.help = "no menu; every decision logged to the console",
	},
	[CFG_PASSWORD] = {
		.name = "password",
		.type = CFG_HASH,
		.cmdline = false,
		.help = "crypt(3) hash: editing, the shell and settings need it",
	},
	[CFG_KEXEC_LOAD] = {
		.name = "kexec_load",
		.type = CFG_BOOL,
		.builtin = "off",
		.cmdline = true,
		.help = "load with kexec_load(2) and baton's own segments, even where kexec_file_load(2) would do",
	},
	[CFG_LIVEUPDATE_SESSIONS] = {
		.name = "liveupdate_sessions",
		.type = CFG_STRING,
		.cmdline = true,
		.help = "live update sessions to carry to the OS: NAME:TOKEN[+TOKEN],...",
	},
	[CFG_LIVEUPDATE_DROP] = {
		.name = "liveupdate_drop",
		.type = CFG_BOOL,
		.builtin = "off",
		.cmdline = true,
		.help = "boot even when a live update's sessions cannot be carried (they are lost)",
	},
	[CFG_BMC] = {
		.name = "bmc",
		.type = CFG_BOOL,
		.builtin = "on",
		.cmdline = true,
		.help = "honour the BMC's boot override (IPMI), report the OS boot to it",
	},
	[CFG_NET_INTERFACES] = {
		.name = "net_interfaces",
		.type = CFG_STRING,
		.builtin = "all",
		.cmdline = true,
		.help = "network interfaces to boot from: all, none, or names and MACs",
	},
	[CFG_NET_CONFIG] = {
		.name = "net_config",
		.type = CFG_STRING,
		.builtin = "dhcp",
		.cmdline = true,
		.help = "[IF=]dhcp|dhcp6|dhcp+dhcp6 or ADDR/PREFIX[,gw=GW][,dns=A+B] per interface",
	},
	[CFG_NET_CA_FILE] = {
		.name = "net_ca_file",
		.type = CFG_STRING,
		.cmdline = true,
		.help = "CA bundle (PEM) that https servers are checked against",
	},
	[CFG_NET_PROXY] = {
		.name = "net_proxy",
		.type = CFG_STRING,
		.cmdline = true,
		.help = "HTTP proxy (http://HOST:PORT) for network boot's http and https fetches",
	},
	[CFG_SSH_KEYS] = {
		.name = "ssh_keys",
		.type = CFG_KEYS,
		.cmdline = false,
		.help = "SSH keys that may log in as root, ';' between: TYPE BASE64 [COMMENT]",
	},
	[CFG_VERIFY] = {
		.name = "verify",
		.type = CFG_WORD,
		.builtin = "off",
		.cmdline = true,
		.help = "detached signatures of initrds, device trees, command lines: off, warn, enforce",
		.words = verify_words,
		.want = "want off, warn or enforce",
	},
	[CFG_ISO_LOOPBACK] = {
		.name = "iso_loopback",
		.type = CFG_BOOL,
		.builtin = "off",
		.cmdline = true,
		.help = "list what ISO images in /iso, /boot/iso, /images offer (loopback.cfg)",
	},
	[CFG_NET_WAIT] = {
		.name = "net_wait",
		.type = CFG_INT,
		.builtin = "30",
		.cmdline = true,
		.help = "seconds the BMC's bootdev pxe waits for a network option; 0 none, -1 no bound",
		.want = "want -1 (no bound), 0 (no wait) or seconds up to 86400",
	},
};

static const char *const order_words[] = {
	"disk", "usb", "cdrom", "network", "dir", "any",
};

static const char *const order_tags[] = {
	"uuid=", "label=", "partuuid=", "partlabel=", "name=",
};

int config_key_find(const char *name)
{
	int k;

	for (k = 0; k < CFG_KEY_MAX; k++)
		if (streq(config_keys[k].name, name))
			return k;
	return -ENOENT;
}

int config_parse_bool(const char *s)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -EINVAL;
}

static bool order_item_ok(const char *w, size_t n)
{
	size_t i, t;

	for (i = 0; i < ARRAY_SIZE(order_words); i++)
		if (n == strlen(order_words[i]) && !strncmp(w, order_words[i], n))
			return true;
	for (i = 0; i < ARRAY_SIZE(order_tags); i++) {
		t = strlen(order_tags[i]);
		if (n > t && !strncmp(w, order_tags[i], t))
			return true;
	}
	return false;
}

/* Split an order into items: spaces and commas separate them. */
static const char *order_next(const char *p, size_t *n)
{
	p += strspn(p, " ,\t");
	*n = strcspn(p, " ,\t");
	return *n ? p : NULL;
}

static int check_order(const char *v, const char **why)
{
	const char *p = v;
	size_t n;

	while ((p = order_next(p, &n))) {
		if (!order_item_ok(p, n)) {
			*why = "boot_order items are disk, usb, cdrom, network, dir, any, uuid=, label=, partuuid=, partlabel=, name=";
			return -EINVAL;
		}
		p += n;
	}
	return 0;
}

/* -1, 0 or seconds up to a day; else why says so (the key's own words) */
static int check_int(const struct config_key_desc *k, const char *v,
		     const char **why)
{
	char *end;
	long t = strtol(v, &end, 10);

	if (*end || end == v || t < -1 || t > 86400) {
		*why = k->want ? k->want :
		       "want -1 (wait), 0 (at once) or seconds up to 86400";
		return -EINVAL;
	}
	return 0;
}

/* One of the key's words; else why says which. */
static int check_word(const struct config_key_desc *k, const char *v,
		      const char **why)
{
	size_t i;

	for (i = 0; k->words && k->words[i]; i++)
		if (streq(k->words[i], v))
			return 0;
	*why = k->want;
	return -EINVAL;
}

/* crypt(3) hashes use [A-Za-z0-9./] and the separators $ = , */
static bool hash_chars_ok(const char *v)
{
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr("$./=,", *v))
			return false;
	return true;
}

int config_check(enum config_key k, const char *value, const char **why)
{
	const char *p;

	*why = NULL;
	if (!value || !*value)
		return 0;
	if (strlen(value) > (config_keys[k].type == CFG_KEYS ? CFG_KEYS_MAX :
			     CFG_VALUE_MAX)) {
		*why = "value too long";
		return -EINVAL;
	}
	for (p = value; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*why = "control characters are not allowed";
			return -EINVAL;
		}
	if (k == CFG_NET_PROXY)
		return url_check_proxy(value, why);
	switch (config_keys[k].type) {
	case CFG_INT:
		return check_int(&config_keys[k], value, why);
	case CFG_BOOL:
		if (config_parse_bool(value) < 0)
			*why = "want on or off";
		return *why ? -EINVAL : 0;
	case CFG_ORDER:
		return check_order(value, why);
	case CFG_WORD:
		return check_word(&config_keys[k], value, why);
	case CFG_HASH:
		if (value[0] != '$' || !hash_chars_ok(value))
			*why = "want a crypt(3) hash such as $y$... or $6$...";
		return *why ? -EINVAL : 0;
	default:
		return 0;
	}
}

int config_set(struct config *c, enum config_key k, const char *value)
{
	const char *why;
	char *copy = NULL;
	int b;

	if (k >= CFG_KEY_MAX || config_check(k, value, &why))
		return -EINVAL;
	if (value && *value) {
		b = config_keys[k].type == CFG_BOOL ? config_parse_bool(value) : -1;
		copy = strdup(b < 0 ? value : b ? "on" : "off");
		if (!copy)
			return -ENOMEM;
	}
	free(c->values[k]);
	c->values[k] = copy;
	return 0;
}

void config_clear(struct config *c)
{
	int k;

	for (k = 0; k < CFG_KEY_MAX; k++) {
		free(c->values[k]);
		c->values[k] = NULL;
	}
}

static int diag(struct vec *diags, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int diag(struct vec *diags, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *s;

	if (!diags)
		return 0;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	s = sb_detach(&sb);
	if (!s || vec_push(diags, s)) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	if (e - s >= 2 && *s == '"' && e[-1] == '"') {
		e[-1] = '\0';
		s++;
	}
	return s;
}

/* One "key = value" line into c; problems go to diags. */
static int parse_line(struct config *c, char *line, unsigned lineno,
		      struct vec *diags)
{
	char *eq, *key, *val;
	const char *why;
	int k;

	key = trim(line);
	if (!*key || *key == '#')
		return 0;
	eq = strchr(key, '=');
	if (!eq)
		return diag(diags, "line %u: want key = value", lineno);
	*eq = '\0';
	key = trim(key);
	val = trim(eq + 1);
	k = config_key_find(key);
	if (k < 0)
		return diag(diags, "line %u: unknown key '%s'", lineno, key);
	if (config_check(k, val, &why))
		return diag(diags, "line %u: %s: %s", lineno, key, why);
	return config_set(c, k, val);
}

int config_parse(struct config *c, const char *text, struct vec *diags)
{
	struct config tmp = { { NULL } };
	char *copy = strdup(text), *line, *next;
	unsigned lineno = 1;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	/* not strtok_r: it would merge empty lines and shift line numbers */
	for (line = copy; line && !ret; lineno++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ret = parse_line(&tmp, line, lineno, diags);
		line = next;
	}
	free(copy);
	if (ret) {
		config_clear(&tmp);
		return ret;
	}
	config_clear(c);
	*c = tmp;
	return 0;
}

/*
 * Would parse_line's trim() change this value? Then it is written in
 * double quotes, which trim() removes (one pair), so that it reads back
 * as it was: a default pattern "\"Fedora\"" or one ending in a space.
 */
static bool needs_quotes(const char *v)
{
	size_t n = strlen(v);

	return n && (isspace((unsigned char)v[0]) ||
		     isspace((unsigned char)v[n - 1]) ||
		     (n >= 2 && v[0] == '"' && v[n - 1] == '"'));
}

char *config_format(const struct config *c)
{
	struct strbuf sb = STRBUF_INIT;
	const char *q;
	int k;

	sb_adds(&sb, "# baton settings (docs/config.md); written by baton\n");
	for (k = 0; k < CFG_KEY_MAX; k++) {
		if (!c->values[k])
			continue;
		q = needs_quotes(c->values[k]) ? "\"" : "";
		sb_addf(&sb, "%s = %s%s%s\n", config_keys[k].name, q,
			c->values[k], q);
	}
	return sb_detach(&sb);
}

/* The next word of a kernel command line, quotes removed; NULL at the end. */
static char *cmdline_word(const char **p)
{
	const char *s = *p;
	bool quoted = false;
	char *w, *o;

	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s)
		return NULL;
	w = o = malloc(strlen(s) + 1);
	if (!w)
		return NULL;
	for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
		if (*s == '"')
			quoted = !quoted;
		else
			*o++ = *s;
	}
	*o = '\0';
	*p = s;
	return w;
}

static int cmdline_item(struct config *c, char *w, struct vec *diags)
{
	char *eq = strchr(w, '=');
	const char *why;
	int k;

	if (!str_startswith(w, "baton.") || !eq)
		return 0;
	*eq = '\0';
	k = config_key_find(w + 6);
	if (k < 0)
		return 0;	/* baton.term=, baton.break: init's, not ours */
	if (!config_keys[k].cmdline)
		return diag(diags, "%s cannot be set on the kernel command line",
			    w);
	if (config_check(k, eq + 1, &why))
		return diag(diags, "ignoring %s=%s: %s", w, eq + 1, why);
	return config_set(c, k, eq + 1);
}

int config_read_cmdline(struct config *c, const char *cmdline,
			struct vec *diags)
{
	const char *p = cmdline;
	char *w;
	int ret = 0;

	while (!ret && (w = cmdline_word(&p))) {
		ret = cmdline_item(c, w, diags);
		free(w);
	}
	return ret;
}

void settings_release(struct settings *s)
{
	int l;

	for (l = 0; l < CFG_LAYER_MAX; l++)
		config_clear(&s->layer[l]);
}

int settings_origin(const struct settings *s, enum config_key k)
{
	int l;

	for (l = CFG_LAYER_MAX - 1; l >= 0; l--)
		if (s->layer[l].values[k])
			return l;
	return -1;
}

const char *settings_get(const struct settings *s, enum config_key k)
{
	int l = settings_origin(s, k);

	return l < 0 ? config_keys[k].builtin : s->layer[l].values[k];
}

int settings_int(const struct settings *s, enum config_key k, int fallback)
{
	const char *v = settings_get(s, k);

	return v ? atoi(v) : fallback;
}

bool settings_bool(const struct settings *s, enum config_key k)
{
	return config_parse_bool(settings_get(s, k)) == 1;
}

bool config_pattern_matches(const char *pattern, const struct boot_option *o,
			    bool by_id)
{
	size_t i;

	if (!pattern || !*pattern)
		return false;
	if (!by_id)
		return o->name && !fnmatch(pattern, o->name, 0);
	if (streq(o->id, pattern))
		return true;
	for (i = 0; o->ids && o->ids[i]; i++)
		if (streq(o->ids[i], pattern))
			return true;
	return false;
}

static bool tag_matches(const char *item, size_t n, const char *tag,
			const char *value)
{
	size_t t = strlen(tag);

	return n > t && !strncmp(item, tag, t) && value &&
	       strlen(value) == n - t && !strncasecmp(item + t, value, n - t);
}

static bool item_matches(const char *w, size_t n, const struct source_info *si)
{
	if (n == 3 && !strncmp(w, "any", 3))
		return true;
	if (si->kind && n == strlen(si->kind) && !strncmp(w, si->kind, n))
		return true;
	return tag_matches(w, n, "uuid=", si->uuid) ||
	       tag_matches(w, n, "label=", si->label) ||
	       tag_matches(w, n, "partuuid=", si->partuuid) ||
	       tag_matches(w, n, "partlabel=", si->partlabel) ||
	       tag_matches(w, n, "name=", si->name);
}

int config_order_rank(const char *order, const struct source_info *si)
{
	const char *p = order;
	size_t n;
	int rank = 0;

	if (!order || !*order)
		return 0;
	while ((p = order_next(p, &n))) {
		if (si && item_matches(p, n, si))
			return rank;
		rank++;
		p += n;
	}
	return -1;
}

bool config_password_ok(const char *hash, const char *password)
{
	struct crypt_data *cd;
	const char *out;
	bool ok;

	if (!hash || !*hash || !password)
		return false;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return false;
	out = crypt_r(password, hash, cd);
	/* libxcrypt returns a string starting with '*' on failure */
	ok = out && out[0] != '*' && streq(out, hash);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

char *config_password_hash(const char *password)
{
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	const char *out;
	char *hash = NULL;

	if (!cd)
		return NULL;
	if (crypt_gensalt_rn(NULL, 0, NULL, 0, salt, sizeof(salt)) ||
	    crypt_gensalt_rn("$6$", 0, NULL, 0, salt, sizeof(salt))) {
		out = crypt_r(password, salt, cd);
		if (out && out[0] != '*')
			hash = strdup(out);
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return hash;
}
