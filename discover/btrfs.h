/*
 * btrfs.h: which subvolumes of a btrfs filesystem hold /boot (Debian's
 * @rootfs, openSUSE's @/.snapshots/N/snapshot, Fedora's root), so that
 * each can be mounted as a boot source of its own.
 */
#ifndef BATON_DISCOVER_BTRFS_H
#define BATON_DISCOVER_BTRFS_H

#include <stddef.h>
#include <stdint.h>

#define BTRFS_SUBVOLS_MAX	1024	/* looked at, per filesystem */

struct btrfs_subvol {
	uint64_t id;
	char *path;	/* from the top level, e.g. "@/.snapshots/1/snapshot" */
};

/*
 * The subvolumes of the btrfs filesystem that fd (any file on it) is on
 * which hold a /boot directory, in id order, leaving out the subvolume fd
 * is in (mounted already). At most max go in *subvols (*n of them; free
 * with btrfs_subvols_free); *more counts those left out. Reads the trees
 * with BTRFS_IOC_TREE_SEARCH (needs CAP_SYS_ADMIN); never writes.
 * Returns 0 or -errno (-ENOTTY: not btrfs).
 */
int btrfs_boot_subvols(int fd, size_t max, struct btrfs_subvol **subvols,
		       size_t *n, size_t *more);

void btrfs_subvols_free(struct btrfs_subvol *subvols, size_t n);

#endif
