/* iso-mount.c: ISO image files of a partition mounted read-only through a loop device. */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/iso-mount.h"
#include "lib/byteorder.h"
#include "lib/fdio.h"
#include "lib/mount.h"
#include "lib/util.h"

#define ISO_SECTOR	2048
#define ISO_VRS_FIRST	16	/* the volume recognition sequence starts */
#define ISO_VRS_MAX	64	/* descriptors looked at, at most */
#define UDF_ANCHOR	256	/* the anchor volume descriptor's sector */
#define LOOP_TRIES	8	/* another process took the free device */

#ifndef LOOP_CONFIGURE	/* Linux 5.8; older headers */
#define LOOP_CONFIGURE 0x4C0A
struct loop_config {
	uint32_t fd;
	uint32_t block_size;
	struct loop_info64 info;
	uint64_t __reserved[8];
};
#endif

/* An ISO 9660 primary volume descriptor's size against the file's. */
static int check_pvd(const unsigned char *d, uint64_t size, char *why,
		     size_t len)
{
	uint32_t blocks = le32(d + 80);
	unsigned bs = d[128] | d[129] << 8;
	uint64_t need = (uint64_t)blocks * bs;

	if (bs != 512 && bs != 1024 && bs != 2048) {
		snprintf(why, len, "its ISO 9660 block size (%u) is not valid",
			 bs);
		return -ENOEXEC;
	}
	if (need > size) {
		snprintf(why, len, "truncated: its file system is %llu bytes, "
			 "the file %llu", (unsigned long long)need,
			 (unsigned long long)size);
		return -EIO;
	}
	return 0;
}

int iso_image_check(int fd, const char **type, char *why, size_t len)
{
	unsigned char d[ISO_SECTOR];
	bool nsr = false, pvd = false;
	struct stat st;
	size_t got;
	unsigned i;
	int r;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, len, "not a regular file");
		return -ENOEXEC;
	}
	for (i = ISO_VRS_FIRST; i < ISO_VRS_FIRST + ISO_VRS_MAX; i++) {
		r = fd_pread_full(fd, d, sizeof(d), (uint64_t)i * ISO_SECTOR,
				  &got);
		if (r) {
			snprintf(why, len, "cannot read it: %s", strerror(-r));
			return r;
		}
		if (got < sizeof(d))
			break;
		if (!memcmp(d + 1, "CD001", 5) && d[0] == 1 && !pvd) {
			r = check_pvd(d, st.st_size, why, len);
			if (r)
				return r;
			pvd = true;
		} else if (!memcmp(d + 1, "NSR02", 5) ||
			   !memcmp(d + 1, "NSR03", 5)) {
			nsr = true;
		} else if (memcmp(d + 1, "CD001", 5) &&
			   memcmp(d + 1, "BEA01", 5) &&
			   memcmp(d + 1, "TEA01", 5) &&
			   memcmp(d + 1, "BOOT2", 5) &&
			   memcmp(d + 1, "CDW02", 5)) {
			break;	/* the sequence ended */
		}
		if (d[0] == 255 && !memcmp(d + 1, "CD001", 5) && pvd)
			break;	/* ISO 9660's terminator: UDF is not needed */
	}
	if (pvd) {
		*type = "iso9660";
		return 0;
	}
	if (!nsr) {
		snprintf(why, len, "not an ISO 9660 or UDF image");
		return -ENOEXEC;
	}
	/* UDF: the anchor must be there, a tag of identifier 2 */
	r = fd_pread_full(fd, d, sizeof(d), (uint64_t)UDF_ANCHOR * ISO_SECTOR,
			  &got);
	if (r || got < sizeof(d)) {
		snprintf(why, len, "truncated: its UDF anchor (sector %d) is "
			 "missing", UDF_ANCHOR);
		return r ? r : -EIO;
	}
	if (le16(d) != 2) {
		snprintf(why, len, "its UDF anchor is not valid");
		return -ENOEXEC;
	}
	*type = "udf";
	return 0;
}

/* A loop device holding fd read-only (autocleared on its last close). */
static int loop_attach(int fd, const char *control, char *why, size_t len,
		       char *dev, size_t devlen)
{
	struct loop_config cfg = { .fd = fd };
	int ctl, lfd = -1, n, i, r = -EBUSY;

	cfg.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
	ctl = open(control, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		r = -errno;
		snprintf(why, len, "no loop devices (%s: %s): the kernel "
			 "lacks the loop driver", control, strerror(-r));
		return r == -ENOENT || r == -ENXIO ? -ENODEV : r;
	}
	for (i = 0; i < LOOP_TRIES; i++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			r = -errno;
			break;
		}
		snprintf(dev, devlen, "/dev/loop%d", n);
		lfd = open(dev, O_RDONLY | O_CLOEXEC);
		if (lfd < 0) {
			r = -errno;
			break;
		}
		if (!ioctl(lfd, LOOP_CONFIGURE, &cfg))
			break;
		r = -errno;
		if (r == -EINVAL || r == -ENOTTY) {
			/* before Linux 5.8: attach, then set the flags */
			if (!ioctl(lfd, LOOP_SET_FD, fd)) {
				if (!ioctl(lfd, LOOP_SET_STATUS64, &cfg.info))
					break;
				r = -errno;
				ioctl(lfd, LOOP_CLR_FD, 0);
			} else {
				r = -errno;
			}
		}
		close(lfd);
		lfd = -1;
		if (r != -EBUSY)
			break;
	}
	close(ctl);
	if (lfd < 0)
		snprintf(why, len, "cannot attach it to a loop device: %s",
			 strerror(-r));
	return lfd < 0 ? r : lfd;
}

/* Refuse what would not be a folder of our own under dir. */
static char *make_target(const char *dir)
{
	char *t;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return NULL;
	t = str_printf("%s/.iso-XXXXXX", dir);
	if (t && !mkdtemp(t)) {
		free(t);
		return NULL;
	}
	return t;
}

/* Mount the attached image; 0 or -errno with why. */
static int mount_image(struct iso_mount *m, const char *dev,
		       const char *type, const struct source *part,
		       const char *path, const char *dir, char *why,
		       size_t len)
{
	struct source_info info = { 0 };
	int r;

	m->target = make_target(dir);
	if (!m->target) {
		r = errno ? -errno : -ENOMEM;
		snprintf(why, len, "cannot make a folder in %s: %s", dir,
			 strerror(-r));
		return r;
	}
	r = mount_serialised(dev, m->target, type, MS_RDONLY | MS_NOSUID |
			     MS_NODEV | MS_NOEXEC | MS_NOATIME, NULL);
	if (r) {
		snprintf(why, len, "cannot mount it (%s): %s", type,
			 r == -ENODEV ? "the kernel lacks that file system" :
			 strerror(-r));
		rmdir(m->target);
		free(m->target);
		m->target = NULL;
		return r;
	}
	info.name = str_printf("%s:%s", part->info.name, path);
	info.kind = (char *)"iso";
	info.fstype = (char *)type;
	m->src = info.name ? source_open_dir(m->target, &info, &r) : NULL;
	free(info.name);
	if (!m->src) {
		snprintf(why, len, "cannot open what it holds: %s",
			 strerror(-r));
		umount2(m->target, MNT_DETACH);
		rmdir(m->target);
		free(m->target);
		m->target = NULL;
		return r ? r : -ENOMEM;
	}
	return 0;
}

int iso_mount(const struct source *part, const char *path,
	      const char *loop_control, const char *dir,
	      struct iso_mount **out, char *why, size_t len)
{
	struct iso_mount *m = NULL;
	const char *type = NULL;
	char dev[64];
	int fd, lfd = -1, r;

	fd = source_open(part, path, O_RDONLY);
	if (fd < 0) {
		snprintf(why, len, "%s", fd == -EXDEV || fd == -ELOOP ?
			 "the path leaves its partition; refused" :
			 strerror(-fd));
		return fd;
	}
	r = iso_image_check(fd, &type, why, len);
	if (!r) {
		lfd = loop_attach(fd, loop_control ? loop_control :
				  ISO_LOOP_CONTROL, why, len, dev, sizeof(dev));
		r = lfd < 0 ? lfd : 0;
	}
	close(fd);	/* the loop device holds the file now */
	if (!r) {
		m = calloc(1, sizeof(*m));
		r = m ? mount_image(m, dev, type, part, path, dir, why, len) :
		    -ENOMEM;
		if (!m)
			snprintf(why, len, "out of memory");
	}
	if (lfd >= 0) {
		if (r)
			ioctl(lfd, LOOP_CLR_FD, 0);
		close(lfd);	/* mounted: freed when unmounted */
	}
	if (r) {
		free(m);
		return r;
	}
	*out = m;
	return 0;
}

void iso_unmount(struct iso_mount *m)
{
	if (!m)
		return;
	source_free(m->src);
	if (m->target) {
		umount2(m->target, MNT_DETACH);
		rmdir(m->target);
	}
	free(m->target);
	free(m);
}
