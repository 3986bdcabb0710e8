/*
 * assemble.h: bring up LVM volume groups and MD RAID arrays with the
 * system's own tools (`lvm vgchange -ay`, `mdadm --assemble --scan`) when
 * they are installed, so that the volumes they hold can be probed. The
 * tools run as child processes; the functions here block, for a worker.
 * Each kind is built in by its Kconfig symbol (CONFIG_DISCOVER_LVM,
 * CONFIG_DISCOVER_MDRAID); a kind left out is never assembled and its
 * members are only skipped.
 */
#ifndef BATON_DISCOVER_ASSEMBLE_H
#define BATON_DISCOVER_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

enum assemble_kind {
	ASSEMBLE_LVM,
	ASSEMBLE_MD,
	ASSEMBLE_KINDS,
};

/* "LVM" or "MD RAID". */
const char *assemble_name(enum assemble_kind kind);

/* True when kind is built in (its CONFIG_DISCOVER_ symbol is set). */
bool assemble_enabled(enum assemble_kind kind);

/*
 * The kind of volume a member device of type fstype belongs to, or -1 when
 * it is no member or that kind is not built in (nothing to assemble).
 */
int assemble_kind_of(const char *fstype);

/* True when kind is built in and its tool installed (/usr/sbin, /sbin...). */
int assemble_available(enum assemble_kind kind);

/* The arguments kind's tool runs with (after its path), NULL-terminated. */
const char *const *assemble_args(enum assemble_kind kind);

/*
 * Load the kernel modules kind needs, then run its tool, killed after
 * timeout_ms. Whatever it printed (at most len - 1 bytes, NUL-terminated)
 * goes to out. LVM runs with metadata_read_only, MD arrays start
 * read-only (mdadm --readonly, and md_mod's start_ro for arrays the kernel
 * starts): assembling never writes to a disk. Returns the tool's exit
 * status (0 or more), -ETIMEDOUT, -ENOENT (not installed), -EOPNOTSUPP
 * (kind not built in) or -errno.
 */
int assemble_run(enum assemble_kind kind, unsigned timeout_ms, char *out,
		 size_t len);

#endif
