/*
 * scan-ids.h: the steps at the end of a scan that look at every option at
 * once: duplicates dropped, then ids given (scan_finish runs them).
 */
#ifndef BATON_DISCOVER_SCAN_IDS_H
#define BATON_DISCOVER_SCAN_IDS_H

#include "discover/scan.h"

/*
 * Drop the BLS entry files listed twice for one source (grub's blscfg and
 * the BLS parser): of options with the same source and origin, the first
 * stays. Out of memory keeps an option (a duplicate at worst).
 */
void scan_dedupe(struct scan_result *res);

/*
 * id = "<source>:<key>", where key is what the parser says stays the same
 * across boots (a BLS file name, a GRUB --id or title, a syslinux label);
 * characters that would need quoting in a shell become '_', and "~N" makes
 * duplicates unique. Out of memory leaves an option its old id.
 */
void scan_assign_ids(struct scan_result *res);

#endif
