/* mount.h: mount(2) for threads that mount at the same time. */
#ifndef BATON_LIB_MOUNT_H
#define BATON_LIB_MOUNT_H

/*
 * Wait this long at most for another thread's first mount of the same
 * filesystem type (a dead disk must not hold the others up for longer).
 */
#define MOUNT_FIRST_WAIT_MS 2000

/*
 * mount(2), 0 or -errno; the first mount of each filesystem type in this
 * process runs alone among mounts of that type. That first mount has the
 * kernel load the type's modules (the filesystem, then the character sets
 * vfat or iso9660 use), and a mount racing it would fail: a second
 * modprobe of a module still being loaded returns at once, and the mount
 * that asked for it gets ENODEV ("unknown filesystem type") or EINVAL
 * ("IO charset ascii not found").
 */
int mount_serialised(const char *src, const char *target, const char *type,
		     unsigned long flags, const void *data);

#endif
