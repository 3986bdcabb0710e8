/*
 * boot-option.h: the one record every parser produces and every consumer
 * (daemon, menu, CLI, loader) reads: a boot option, its files, and the
 * identity of the boot source they live on. Its JSON form is the contract
 * of `baton scan --json` (docs/scan-json.md).
 */
#ifndef BATON_LIB_BOOT_OPTION_H
#define BATON_LIB_BOOT_OPTION_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "lib/strbuf.h"

/* Identity of a boot source (a partition, a folder, a network server). */
struct source_info {
	char *name;		/* "vda2", or a folder's last component */
	char *uuid;		/* filesystem UUID as blkid prints it */
	char *label;
	char *partuuid;
	char *partlabel;
	char *fstype;
	char *kind;		/* "disk", "usb", "cdrom", "network", "dir" */
	char *url;		/* network sources: base URL */
};

void source_info_clear(struct source_info *si);
int source_info_copy(struct source_info *dst, const struct source_info *src);
json_t *source_info_to_json(const struct source_info *si);
int source_info_from_json(struct source_info *si, const json_t *obj);

/*
 * How a file names its source before a resolver binds it. A config often
 * names another partition (GRUB `search --fs-uuid`, `(hd0,gpt2)`, root=).
 * The reference stays in the record so that a disk that appears later can
 * still complete the option.
 */
enum boot_ref {
	BOOT_REF_SELF = 0,	/* the source of the config */
	BOOT_REF_NAME,		/* a source name */
	BOOT_REF_UUID,
	BOOT_REF_LABEL,
	BOOT_REF_PARTUUID,
	BOOT_REF_PARTLABEL,
	BOOT_REF_FILE,		/* the source that holds ref_value (search --file) */
	BOOT_REF_DEVICE,	/* a BIOS-style device, e.g. "hd0,gpt2" */
};

const char *boot_ref_name(enum boot_ref ref);

/*
 * Whether the source has the identity a reference names: its name, UUID,
 * label, partition UUID or partition label equal to value. UUIDs are
 * compared without regard to case (as blkid prints them in either case
 * and GRUB's search --fs-uuid/--part-uuid compares them), names and labels
 * exactly (as GRUB's search --label does). False for a NULL value and for
 * references that are no field of the source (SELF, FILE, DEVICE): FILE
 * needs the source's files, which the caller reaches.
 */
bool source_info_matches(const struct source_info *si, enum boot_ref ref,
			 const char *value);

struct boot_file {
	char *source;		/* resolved source name; NULL if unresolved */
	enum boot_ref ref;
	char *ref_value;
	char *path;		/* absolute path inside the source */
	char *url;		/* or a URL (then source/path are NULL) */
	/*
	 * Or a file inside an ISO image (GRUB's loopback): iso is the image,
	 * a file of a source like any other, and path is absolute inside the
	 * image's file system (source, ref_value and url stay NULL).
	 */
	struct boot_file *iso;
	bool missing;
};

/* New file on the config's own source (ref SELF); NULL when out of memory. */
struct boot_file *boot_file_new(const char *path);
struct boot_file *boot_file_new_url(const char *url);
struct boot_file *boot_file_new_ref(enum boot_ref ref, const char *value,
				    const char *path);
/* A file at path inside the image iso (taken, freed on failure too). */
struct boot_file *boot_file_new_in_iso(struct boot_file *iso,
				       const char *path);
/* The file whose source holds f: f's image when f is inside one, or f. */
const struct boot_file *boot_file_outer(const struct boot_file *f);
struct boot_file *boot_file_dup(const struct boot_file *f);
/*
 * f in words for a person, appended to sb: "SOURCE:PATH", a reference not
 * bound to a source yet as "uuid=VALUE:PATH" (its kind and value), a URL
 * as it is, a file inside an ISO image as the image's words then
 * " (loop)PATH". The bytes are the config's: sanitize before printing.
 */
void boot_file_words(struct strbuf *sb, const struct boot_file *f);
void boot_file_free(struct boot_file *f);
json_t *boot_file_to_json(const struct boot_file *f);
struct boot_file *boot_file_from_json(const json_t *obj);

struct boot_module {
	struct boot_file *file;
	char *cmdline;
};

struct boot_option {
	char *id;		/* stable, unique per system (set by discover) */
	char *name;		/* title; submenu titles joined with '>' */
	char *source;		/* name of the source whose config produced it */
	char *parser;		/* "grub2", "bls", ... */
	char *config;		/* path of that config inside its source */
	char *kind;		/* "linux", "multiboot", "uki" */
	struct boot_file *kernel;
	struct boot_file **initrds;	/* NULL-terminated, may be NULL */
	struct boot_file *dtb;
	struct boot_file **dtb_overlays;	/* NULL-terminated, may be NULL */
	struct boot_module **modules;	/* multiboot modules, NULL-terminated */
	char *cmdline;
	bool is_default;

	/* Filled by parsers, used by discover; not all appear in JSON. */
	char *key;		/* stable key inside its config (for the id) */
	char **ids;		/* names a "default" may use (grub --id, label) */
	char *origin;		/* BLS entry file an option came from (dedup) */
	char *version;		/* BLS/UKI version, for display and sorting */
	char *error;		/* why this option cannot boot, if it cannot */
	/*
	 * Signed boot (set by the daemon, daemon/signed.c): will the running
	 * kernel accept this option's kernel? sig_message says why (NULL:
	 * not predicted); sig_refused when it will refuse it.
	 */
	char *sig_message;
	bool sig_refused;
};

struct boot_option *boot_option_new(void);
void boot_option_free(struct boot_option *opt);
struct boot_option *boot_option_dup(const struct boot_option *opt);

/* Append (taking ownership of f; freed on failure). 0 or -ENOMEM. */
int boot_option_add_initrd(struct boot_option *opt, struct boot_file *f);
int boot_option_add_overlay(struct boot_option *opt, struct boot_file *f);
int boot_option_add_module(struct boot_option *opt, struct boot_file *f,
			   const char *cmdline);

/* Number of elements of a NULL-terminated array of pointers. */
size_t boot_array_len(void *const *array);

/* The contract form (see docs/scan-json.md). NULL when out of memory. */
json_t *boot_option_to_json(const struct boot_option *opt);
/*
 * The text json_text_add() writes of boot_option_to_json(opt) at depth,
 * appended to sb without building the JSON values (`baton scan --json`
 * of thousands of options). 0, -ENOMEM, or -EINVAL where
 * boot_option_to_json() fails (a string that is not UTF-8).
 */
int boot_option_json_text(struct strbuf *sb, const struct boot_option *opt,
			  unsigned indent, unsigned depth);
/* Back from that form; NULL (and *err set to a reason) when malformed. */
struct boot_option *boot_option_from_json(const json_t *obj, const char **err);

#endif
