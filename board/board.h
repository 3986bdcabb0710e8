/*
 * board.h: what differs from one board to another: where baton's settings
 * are kept (a store) and which partition is reserved for them. A store
 * holds the settings file's text (docs/config.md); stores are a const
 * table of backends (plain file, file on the partition labelled for baton,
 * EFI variable through efivarfs); CONFIG_BOARD's board.c picks one.
 */
#ifndef BATON_BOARD_BOARD_H
#define BATON_BOARD_BOARD_H

#include <stdbool.h>

#include "lib/boot-option.h"

/* The label of the partition that holds baton.conf (case ignored). */
#define BOARD_CONFIG_LABEL	"baton"
#define BOARD_CONFIG_FILE	"baton.conf"
/* GUID of baton's EFI variables; the settings are BatonConfig-GUID. */
#define BOARD_EFI_GUID		"fdb8ecaa-452d-4b0b-870e-08144f336c98"
#define BOARD_EFI_VAR		"BatonConfig"
#define BOARD_EFIVARS_DIR	"/sys/firmware/efi/efivars"
#define BOARD_STORE_MAX		(64u << 10)

struct board_store;

/*
 * Open a store from a spec: "file:PATH" (or a plain PATH), "label:LABEL"
 * (a file on the partition with that filesystem label), "efi" or
 * "efi:DIR" (efivarfs mounted at DIR), "none". Nothing is read or written
 * yet. Returns 0 and *out, -EINVAL for a bad spec, -ENOMEM.
 */
int board_store_open(const char *spec, struct board_store **out);

/*
 * The board's own choice comes in two steps, so that nothing has to probe
 * every disk before discovery starts (discovery probes them all anyway):
 *
 * board_partition_store(): the store on the partition reserved for
 * settings (board_reserved_partition(si) true), which discovery found as
 * dev ("/dev/vdb1"). Loads and saves use that device (after checking that
 * it still carries the label) instead of looking for the label again.
 * Nothing is read or written yet. Returns 0 and *out, -EINVAL when si is
 * not the reserved partition, -ENOMEM.
 *
 * board_fallback_store(): the board's store when discovery settled without
 * that partition: EFI variables when efivarfs is (or can be) mounted, else
 * none (*out NULL). Touches no disk. Returns 0 or -ENOMEM.
 */
int board_partition_store(const struct source_info *si, const char *dev,
			  struct board_store **out);
int board_fallback_store(struct board_store **out);

void board_store_free(struct board_store *st);

/* "file /etc/baton.conf", "partition vdb1 (LABEL=baton), /baton.conf", ... */
const char *board_store_describe(const struct board_store *st);

/*
 * Read the saved text: 0 and a new string in *text, -ENOENT when nothing
 * was saved yet, -EFBIG over BOARD_STORE_MAX, or -errno.
 */
int board_store_load(const struct board_store *st, char **text);

/*
 * Replace the saved text (atomically where the medium allows: a file is
 * written beside and renamed). The labelled partition is mounted
 * read-write only for the write and unmounted after. 0 or -errno.
 */
int board_store_save(const struct board_store *st, const char *text);

/*
 * True for the partition reserved for settings: discovery leaves it alone
 * (it holds no boot configs, and must not be mounted when a save needs it).
 */
bool board_reserved_partition(const struct source_info *si);

#endif
