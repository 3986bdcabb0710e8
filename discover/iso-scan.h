/*
 * iso-scan.h: the ISO images in a partition's image folders (where
 * multiboot sticks keep them) and what each one's own loopback.cfg
 * offers, as options of the partition whose files are inside the image.
 */
#ifndef BATON_DISCOVER_ISO_SCAN_H
#define BATON_DISCOVER_ISO_SCAN_H

#include "discover/scan.h"

#define ISO_SCAN_MAX	16	/* images looked at per source */

/* The folders looked in, NULL-terminated: /iso, /boot/iso, /images. */
extern const char *const iso_scan_dirs[];

/*
 * For each *.iso file (a regular file; at most ISO_SCAN_MAX, in folder
 * and name order) of iso_scan_dirs in src: mount it (iso-mount.h, under
 * mount_dir), run its /boot/grub/loopback.cfg as GRUB's loopback
 * convention does (grub2-loopback.h) with all other sources visible, add
 * the options and diagnostics to res, and unmount it. An image that
 * cannot be mounted is a diagnostic ("NAME: /iso/x.iso: why"); one
 * without loopback.cfg adds nothing. Returns 0 or -ENOMEM.
 */
int iso_scan_source(struct source *src, struct source *const *all,
		    size_t n_all, const char *mount_dir,
		    struct scan_result *res);

#endif
