/*
 * devices.h: block devices: enumeration from sysfs, probing with libblkid,
 * and safe read-only mounting (journal replay off) under /run/baton/mnt.
 */
#ifndef BATON_DISCOVER_DEVICES_H
#define BATON_DISCOVER_DEVICES_H

#include "lib/boot-option.h"

#define DEVICES_MOUNT_DIR "/run/baton/mnt"

/*
 * Names (as in /sys/class/block) of every block device that may hold a
 * filesystem: partitions, and whole disks without a partition table.
 * RAM disks, zram and loop devices without a backing file are skipped.
 * Returns 0 and a strv in *names, or -errno.
 */
int devices_enumerate(char ***names);

/*
 * Probe /dev/NAME with libblkid and fill info (name, fstype, uuid, label,
 * partuuid, partlabel, kind). Returns 0, -ENOENT when nothing is there,
 * -EMEDIUMTYPE for what baton never mounts (swap, RAID/LVM members: info
 * still says what it is), or -errno.
 */
int device_probe(const char *name, struct source_info *info);

/*
 * Mount dev read-only, nosuid, nodev, noexec with journal replay off
 * (ext3/4 noload, xfs norecovery, btrfs nologreplay) on target (created).
 * Only filesystem types known to be safe this way are mounted:
 * -EPROTONOSUPPORT otherwise. Returns 0 or -errno.
 */
int device_mount(const char *dev, const char *fstype, const char *target);

/* Lazily unmount everything below DEVICES_MOUNT_DIR; 0 or -errno. */
int devices_unmount_all(void);

#endif
