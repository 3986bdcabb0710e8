/*
 * devices.h: block devices: enumeration from sysfs, probing with libblkid,
 * and safe read-only mounting (journal replay off) under /run/baton/mnt.
 */
#ifndef BATON_DISCOVER_DEVICES_H
#define BATON_DISCOVER_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/boot-option.h"

#define DEVICES_MOUNT_DIR "/run/baton/mnt"

/*
 * True when the kernel block device NAME (as in /sys/class/block) may hold
 * a filesystem: a partition, or a whole disk with no partitions, that has
 * a size. RAM disks, zram and loop devices without a backing file are not.
 */
bool device_wanted(const char *name);

/*
 * Names of every wanted block device, in the order people expect (vda2
 * before vda10). Returns 0 and a strv in *names, or -errno.
 */
int devices_enumerate(char ***names);

/*
 * Every name in /sys/class/block (wanted or not), unsorted: the daemon
 * turns on media-change events for each. 0 and a strv, or -errno.
 */
int devices_list_all(char ***names);

/*
 * What probing a device tells beyond its source identity: the partition
 * type (a GPT type GUID or an MBR type such as "0x83"); NULL when none.
 */
struct device_extra {
	char *parttype;
};

void device_extra_clear(struct device_extra *x);

/*
 * Probe /dev/NAME with libblkid and fill info (name, fstype, uuid, label,
 * partuuid, partlabel, kind) and extra (may be NULL). Device-mapper devices
 * are named as /dev/mapper names them ("vg-root"). Returns 0, -ENOENT when
 * nothing is there, -EMEDIUMTYPE for what baton never mounts (swap, RAID
 * and LVM members, crypto_LUKS: info still says what it is), or -errno.
 */
int device_probe(const char *name, struct source_info *info,
		 struct device_extra *extra);

/*
 * Mount dev read-only, nosuid, nodev, noexec with journal replay off
 * (ext3/4 noload, xfs norecovery, btrfs nologreplay), with the filesystem
 * options in extra appended (may be NULL: e.g. "subvolid=257"), on a new
 * directory DEVICES_MOUNT_DIR/NAME (NAME.2, NAME.3... when that exists, so
 * that two mounts never share a directory). The directory chosen is
 * written to target. Only filesystem types known to be safe this way are
 * mounted: -EPROTONOSUPPORT otherwise. Returns 0 or -errno.
 */
int device_mount(const char *dev, const char *fstype, const char *extra,
		 const char *name, char *target, size_t len);

/* Lazily unmount target and remove its directory; 0 or -errno. */
int device_unmount(const char *target);

/* Lazily unmount everything below DEVICES_MOUNT_DIR; 0 or -errno. */
int devices_unmount_all(void);

/*
 * Ask the kernel to poll NAME for media changes (a CD/DVD drive, a card
 * reader) every ms milliseconds, so that inserting or ejecting a medium
 * sends a uevent; does nothing for devices without such events or already
 * polled. 0 or -errno.
 */
int device_watch_media(const char *name, unsigned ms);

#endif
