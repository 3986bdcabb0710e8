/*
 * config.h: baton's settings: the table of keys (docs/config.md), parsing
 * and writing the "key = value" file, baton.KEY=VALUE words of the kernel
 * command line, and the rules that use them: which option a default
 * pattern names, where a source stands in the boot order, and password
 * checks for lockdown. Pure: no files, no devices (board/ stores the text).
 */
#ifndef BATON_LIB_CONFIG_H
#define BATON_LIB_CONFIG_H

#include <stdbool.h>

#include "lib/boot-option.h"
#include "lib/util.h"

enum config_key {
	CFG_TIMEOUT,		/* -1, 0 or seconds */
	CFG_DEFAULT,		/* id, title glob or "submenu>entry" */
	CFG_BOOT_ORDER,		/* "usb disk label=X ..." */
	CFG_NEXT,		/* one-shot default for the next boot */
	CFG_CONFIG_DEFAULT,	/* on: the configs' own default/timeout apply */
	CFG_FALL_THROUGH,	/* on: a failed autoboot tries the next option */
	CFG_HEADLESS,		/* on: no menu; decisions on the console */
	CFG_PASSWORD,		/* crypt(3) hash; lockdown when set */
	CFG_KEXEC_LOAD,		/* on: load with kexec_load(2) always */
	CFG_LIVEUPDATE_SESSIONS, /* "NAME:TOKEN+TOKEN,...": carried through */
	CFG_LIVEUPDATE_DROP,	/* on: a live update's sessions may be lost */
	CFG_BMC,		/* on: the BMC's boot override over IPMI */
	CFG_NET_INTERFACES,	/* "all", "none", or names and MACs */
	CFG_NET_CONFIG,		/* "[IF=]dhcp|ADDR/PREFIX[,gw=..][,dns=..]" */
	CFG_NET_CA_FILE,	/* CA bundle for https */
	CFG_NET_PROXY,		/* "http://HOST:PORT": http(s) fetches */
	CFG_SSH_KEYS,		/* "KEY;KEY...": root's SSH keys (init) */
	CFG_VERIFY,		/* "off", "warn", "enforce": detached signatures */
	CFG_ISO_LOOPBACK,	/* on: ISO images' own loopback.cfg listed */
	CFG_NET_WAIT,		/* -1, 0 or seconds: the BMC's pxe waits */
	CFG_KEY_MAX,
};

enum config_type {
	CFG_INT, CFG_BOOL, CFG_STRING, CFG_ORDER, CFG_HASH,
	CFG_KEYS,	/* a string up to CFG_KEYS_MAX bytes: several keys */
	CFG_WORD,	/* one of the words of the key's `words` */
};

struct config_key_desc {
	const char *name;	/* as in the file and after "baton." */
	enum config_type type;
	const char *builtin;	/* value when no layer sets it (NULL: none) */
	bool cmdline;		/* may the kernel command line set it */
	const char *help;	/* one line, for the settings screen */
	const char *const *words;	/* CFG_WORD: the values, NULL-ended */
	const char *want;	/* CFG_WORD, CFG_INT: why another value is
				   refused */
};

/* Layers, lowest first: the highest that sets a key wins. */
enum config_layer {
	CFG_LAYER_STORE,	/* the saved file / EFI variable */
	CFG_LAYER_CMDLINE,	/* baton.KEY=VALUE on the kernel command line */
	CFG_LAYER_ARGS,		/* `baton daemon --timeout/--default` */
	CFG_LAYER_MAX,
};

/* One layer: NULL where the layer does not set the key. */
struct config {
	char *values[CFG_KEY_MAX];
};

struct settings {
	struct config layer[CFG_LAYER_MAX];
};

extern const struct config_key_desc config_keys[CFG_KEY_MAX];

/* The key named name, or -ENOENT. */
int config_key_find(const char *name);

/*
 * Check value for key k: 0, or -EINVAL with *why set to a static sentence.
 * "" always passes: it unsets the key.
 */
int config_check(enum config_key k, const char *value, const char **why);

/* Set (a copy of) value, or unset with NULL/"". 0, -EINVAL, -ENOMEM. */
int config_set(struct config *c, enum config_key k, const char *value);
void config_clear(struct config *c);

/*
 * Parse a file's text into c (which it replaces on success only). Lines are
 * "key = value" (spaces around '=' optional, value to the end of the line,
 * double quotes around it removed), '#' starts a comment line. Unknown keys
 * and bad values are skipped with a "line N: ..." string pushed to diags
 * (may be NULL). Returns 0 or -ENOMEM.
 */
int config_parse(struct config *c, const char *text, struct vec *diags);

/* The file's text for c (keys that are set, in table order); NULL: ENOMEM. */
char *config_format(const struct config *c);

/*
 * Read baton.KEY=VALUE words (kernel quoting: "baton.default=A B") from a
 * command line into c. Keys the command line may not set, unknown keys and
 * bad values go to diags. Returns 0 or -ENOMEM.
 */
int config_read_cmdline(struct config *c, const char *cmdline,
			struct vec *diags);

void settings_release(struct settings *s);

/* The value in force (highest layer, else the builtin; may be NULL). */
const char *settings_get(const struct settings *s, enum config_key k);
/* The layer that sets k, or -1 when the builtin applies. */
int settings_origin(const struct settings *s, enum config_key k);

/* Typed views of settings_get. */
int settings_int(const struct settings *s, enum config_key k, int fallback);
bool settings_bool(const struct settings *s, enum config_key k);

/* Parse "on|off|yes|no|true|false|1|0": 1, 0, or -EINVAL. */
int config_parse_bool(const char *s);

/*
 * Does the default pattern name this option? by_id: compare the option's
 * id (and the names its config gives it); else the title as a glob, where
 * a submenu entry's title is "Submenu>Entry".
 */
bool config_pattern_matches(const char *pattern, const struct boot_option *o,
			    bool by_id);

/*
 * Place of a source in the boot order: the index of the first item that
 * matches it (disk, usb, cdrom, network, dir, any, uuid=, label=,
 * partuuid=, partlabel=, name=), or -1 when the order is set and no item
 * matches. With no order (NULL or ""), every source is 0.
 */
int config_order_rank(const char *order, const struct source_info *si);

/* crypt(3) check of password against hash: true on a match. */
bool config_password_ok(const char *hash, const char *password);
/* A new crypt(3) hash of password (yescrypt or SHA-512); NULL on failure. */
char *config_password_hash(const char *password);

#endif
