/*
 * iso-mount.h: an ISO image that is a file of a boot source (GRUB's
 * `loopback`), opened confined to that source, checked, attached to a
 * read-only loop device and mounted read-only (iso9660 or udf) as a
 * boot source of its own, whose files are opened confined to the image.
 */
#ifndef BATON_DISCOVER_ISO_MOUNT_H
#define BATON_DISCOVER_ISO_MOUNT_H

#include <stddef.h>

#include "discover/source.h"

#define ISO_LOOP_CONTROL "/dev/loop-control"

struct iso_mount {
	struct source *src;	/* the image's files; name "part:/path.iso" */
	char *target;		/* where it is mounted */
};

/*
 * Whether the regular file fd holds a whole ISO 9660 or UDF file system:
 * *type is then "iso9660" or "udf" (an ISO 9660 image that also has UDF
 * is mounted as iso9660, as GRUB reads it). Returns 0, -ENOEXEC when it
 * is no such image, -EIO when the file is shorter than the file system
 * its volume descriptor gives (a truncated download), or -errno of a
 * read. why says which, in words.
 */
int iso_image_check(int fd, const char **type, char *why, size_t len);

/*
 * Mount the image at path (absolute, inside part, resolved confined to it
 * as any file is) read-only in a new folder under dir, through a loop
 * device got from loop_control (NULL: ISO_LOOP_CONTROL). *out, owned by
 * the caller (iso_unmount), on success. Returns 0 or -errno with why
 * filled: -EXDEV the path leaves its partition, -ENOENT no such image,
 * -ENOEXEC / -EIO as iso_image_check, -ENODEV no loop devices (the
 * kernel lacks the loop driver), or what attaching or mount(2) said.
 * Nothing is left attached or mounted on failure.
 */
int iso_mount(const struct source *part, const char *path,
	      const char *loop_control, const char *dir,
	      struct iso_mount **out, char *why, size_t len);

/* Unmount (lazily: open files stay readable), free the loop device and
 * the folder; NULL is fine. */
void iso_unmount(struct iso_mount *m);

#endif
