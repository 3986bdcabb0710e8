/*
 * boot-record.h: what the daemon booted, and who chose it (boot-record.c):
 * logged before the hand-over and kept for `baton log --json`.
 */
#ifndef BATON_DAEMON_BOOT_RECORD_H
#define BATON_DAEMON_BOOT_RECORD_H

#include <stdbool.h>

#include <jansson.h>

#include "lib/boot-option.h"

#define BOOT_RECORDS_KEEP	16	/* the last records kept */

/* Who chose an option to boot: the "chosen_by" of a record. */
#define BOOT_BY_PERSON		"person"	/* a menu or `baton boot` */
#define BOOT_BY_AUTOBOOT	"autoboot"	/* the countdown: the default */
#define BOOT_BY_NEXT		"next"		/* the countdown: "next" */
#define BOOT_BY_BMC		"bmc"		/* the countdown: the BMC's flags */

/*
 * Log what opt is (id, title, kernel, initrds, command line) and who
 * chose it (by, one of BOOT_BY_*; reason: in words, or NULL), then keep
 * it as a JSON record at the end of *records (a JSON array, made when
 * NULL; the oldest dropped past BOOT_RECORDS_KEEP). Out of memory only
 * loses the record, never the line.
 */
void boot_record(json_t **records, const struct boot_option *opt,
		 const char *by, const char *reason, bool dry_run);

#endif
