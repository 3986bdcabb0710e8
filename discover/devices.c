/* devices.c: sysfs enumeration, libblkid probing and safe mounting. */
#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/devices.h"
#include "lib/log.h"
#include "lib/util.h"

/* Read /sys/class/block/NAME/ATTR (at most len - 1 bytes, newline cut). */
static int sysfs_read(const char *name, const char *attr, char *buf,
		      size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int sysfs_read_int(const char *name, const char *attr, long *val)
{
	char buf[32];
	int ret;

	ret = sysfs_read(name, attr, buf, sizeof(buf));
	if (!ret)
		*val = strtol(buf, NULL, 10);
	return ret;
}

static bool sysfs_exists(const char *name, const char *attr)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	return access(path, F_OK) == 0;
}

/* A whole disk that has partitions: its partitions are probed instead. */
static bool has_partitions(const char *name)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/class/block/%s", name);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d)))
		found = str_startswith(de->d_name, name) &&
			sysfs_exists(de->d_name, "partition");
	closedir(d);
	return found;
}

bool device_wanted(const char *name)
{
	long size = 0;

	if (str_startswith(name, "ram") || str_startswith(name, "zram"))
		return false;
	if (str_startswith(name, "loop") && !sysfs_exists(name, "loop"))
		return false;
	if (sysfs_read_int(name, "size", &size) || size == 0)
		return false;
	if (!sysfs_exists(name, "partition") && has_partitions(name))
		return false;
	return true;
}

/* vda2 before vda10, vda before vdb: the order people expect */
static int cmp_names(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

static int list_block(char ***names, bool (*keep)(const char *))
{
	struct dirent *de;
	char **v = NULL;
	DIR *d;
	int ret = 0;

	d = opendir("/sys/class/block");
	if (!d)
		return -errno;
	while ((de = readdir(d)) && !ret) {
		if (de->d_name[0] == '.' || (keep && !keep(de->d_name)))
			continue;
		ret = strv_push(&v, strdup(de->d_name));
	}
	closedir(d);
	if (ret) {
		strv_free(v);
		return ret;
	}
	if (!v && !(v = calloc(1, sizeof(*v))))
		return -ENOMEM;
	*names = v;
	return 0;
}

int devices_enumerate(char ***names)
{
	int ret = list_block(names, device_wanted);

	if (!ret)
		qsort(*names, strv_len(*names), sizeof(**names), cmp_names);
	return ret;
}

int devices_list_all(char ***names)
{
	return list_block(names, NULL);
}

void device_extra_clear(struct device_extra *x)
{
	if (!x)
		return;
	free(x->parttype);
	x->parttype = NULL;
}

static int set_value(blkid_probe pr, const char *key, char **out)
{
	const char *val;

	if (blkid_probe_lookup_value(pr, key, &val, NULL) || !val || !*val)
		return 0;
	*out = strdup(val);
	return *out ? 0 : -ENOMEM;
}

static const char *const never_mounted[] = {
	"swap", "linux_raid_member", "LVM2_member", "crypto_LUKS",
	"zfs_member", "ceph", "bcache", "drbd", "isw_raid_member",
	"ddf_raid_member", "BitLocker",
};

static const char *device_kind(const char *name)
{
	char path[PATH_MAX], link[PATH_MAX];
	long removable = 0;
	ssize_t n;

	if (str_startswith(name, "sr"))
		return "cdrom";
	snprintf(path, sizeof(path), "/sys/class/block/%s", name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		if (strstr(link, "/usb"))
			return "usb";
	}
	if (!sysfs_read_int(name, "removable", &removable) && removable)
		return "usb";
	return "disk";
}

/* "vg-root" for dm-3, else a copy of the kernel's name; NULL if no memory. */
static char *source_name(const char *name)
{
	char dm[128];

	if (str_startswith(name, "dm-") &&
	    !sysfs_read(name, "dm/name", dm, sizeof(dm)) && dm[0] &&
	    !strchr(dm, '/') && !streq(dm, ".") && !streq(dm, ".."))
		return strdup(dm);
	return strdup(name);
}

static int fill_info(blkid_probe pr, const char *name, struct source_info *si,
		     struct device_extra *x)
{
	if (!(si->name = source_name(name)) ||
	    !(si->kind = strdup(device_kind(name))) ||
	    set_value(pr, "TYPE", &si->fstype) ||
	    set_value(pr, "UUID", &si->uuid) ||
	    set_value(pr, "LABEL", &si->label) ||
	    set_value(pr, "PART_ENTRY_UUID", &si->partuuid) ||
	    set_value(pr, "PART_ENTRY_NAME", &si->partlabel) ||
	    (x && set_value(pr, "PART_ENTRY_TYPE", &x->parttype)))
		return -ENOMEM;
	return 0;
}

int device_probe(const char *name, struct source_info *info,
		 struct device_extra *extra)
{
	struct source_info tmp = { 0 };
	struct device_extra x = { 0 };
	char dev[PATH_MAX];
	blkid_probe pr;
	size_t i;
	int ret;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	pr = blkid_new_probe_from_filename(dev);
	if (!pr)
		return errno ? -errno : -ENOENT;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL |
					  BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	ret = blkid_do_safeprobe(pr);
	if (ret) {
		blkid_free_probe(pr);
		return ret < 0 ? -EIO : -ENOENT;
	}
	ret = fill_info(pr, name, &tmp, &x);
	if (ret)
		goto out;
	ret = tmp.fstype ? 0 : -ENOENT;
	for (i = 0; !ret && i < ARRAY_SIZE(never_mounted); i++)
		if (streq(tmp.fstype, never_mounted[i]))
			ret = -EMEDIUMTYPE;
	*info = tmp;
	memset(&tmp, 0, sizeof(tmp));
	if (extra) {
		*extra = x;
		memset(&x, 0, sizeof(x));
	}
out:
	source_info_clear(&tmp);
	device_extra_clear(&x);
	blkid_free_probe(pr);
	return ret;
}

struct fs_opts {
	const char *type;
	const char *opts[2];	/* tried in order: newer kernels first */
};

/* Options that keep each filesystem from writing (no journal replay). */
static const struct fs_opts safe_fs[] = {
	{ "ext4", { "noload" } },
	{ "ext3", { "noload" } },
	{ "ext2", { "" } },
	{ "xfs", { "norecovery" } },
	{ "btrfs", { "rescue=nologreplay", "nologreplay" } },
	{ "vfat", { "" } },
	{ "iso9660", { "" } },
	{ "udf", { "" } },
	{ "squashfs", { "" } },
};

/*
 * Ask the block layer to refuse writes too, unless something else has the
 * device mounted (baton running on a live system must not change that).
 */
static void set_block_ro(const char *dev)
{
	int fd, one = 1;

	fd = open(dev, O_RDONLY | O_CLOEXEC | O_EXCL);
	if (fd < 0)
		return;	/* busy (mounted elsewhere) or gone */
	ioctl(fd, BLKROSET, &one);
	close(fd);
}

/* Create a directory of our own for a mount: NAME, else NAME.2, NAME.3 ... */
static int make_target(const char *name, char *target, size_t len)
{
	int i;

	if (mkdir(DEVICES_MOUNT_DIR, 0700) < 0 && errno != EEXIST)
		return -errno;
	for (i = 1; i <= 16; i++) {
		if (i == 1)
			snprintf(target, len, DEVICES_MOUNT_DIR "/%s", name);
		else
			snprintf(target, len, DEVICES_MOUNT_DIR "/%s.%d", name, i);
		if (mkdir(target, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int device_mount(const char *dev, const char *fstype, const char *extra,
		 const char *name, char *target, size_t len)
{
	const unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV |
				    MS_NOEXEC | MS_NOATIME;
	const struct fs_opts *fs = NULL;
	char data[256];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(safe_fs); i++)
		if (streq(safe_fs[i].type, fstype))
			fs = &safe_fs[i];
	if (!fs)
		return -EPROTONOSUPPORT;
	if (strchr(name, '/') || streq(name, ".") || streq(name, ".."))
		return -EINVAL;
	ret = make_target(name, target, len);
	if (ret)
		return ret;
	set_block_ro(dev);
	for (i = 0; i < ARRAY_SIZE(fs->opts) && fs->opts[i]; i++) {
		snprintf(data, sizeof(data), "%s%s%s", fs->opts[i],
			 extra && *fs->opts[i] ? "," : "", extra ? extra : "");
		if (mount(dev, target, fstype, flags, data) == 0)
			return 0;
		ret = -errno;
	}
	rmdir(target);
	return ret;
}

int device_unmount(const char *target)
{
	int ret = 0;

	if (umount2(target, MNT_DETACH) < 0)
		ret = -errno;
	rmdir(target);
	return ret;
}

int devices_unmount_all(void)
{
	char line[4096], *mnt, *sp;
	struct vec targets = { 0 };
	FILE *f;
	size_t i;
	int ret = 0;

	f = fopen("/proc/self/mounts", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		mnt = strchr(line, ' ');
		if (!mnt)
			continue;
		sp = strchr(++mnt, ' ');
		if (sp)
			*sp = '\0';
		if (str_startswith(mnt, DEVICES_MOUNT_DIR "/"))
			vec_push(&targets, strdup(mnt));
	}
	fclose(f);
	/* innermost first */
	for (i = targets.n; i-- > 0;) {
		if (targets.v[i] && umount2(targets.v[i], MNT_DETACH) < 0)
			ret = -errno;
		if (targets.v[i])
			rmdir(targets.v[i]);
	}
	vec_free(&targets, free);
	return ret;
}

int device_watch_media(const char *name, unsigned ms)
{
	char buf[128], path[PATH_MAX];
	long poll;
	int fd, n, ret = 0;

	if (sysfs_read(name, "events", buf, sizeof(buf)) ||
	    !strstr(buf, "media_change"))
		return 0;
	if (!sysfs_read_int(name, "events_poll_msecs", &poll) && poll > 0)
		return 0;	/* someone chose a rate already */
	snprintf(path, sizeof(path), "/sys/class/block/%s/events_poll_msecs",
		 name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%u", ms);
	if (write(fd, buf, n) != n)
		ret = -errno;
	close(fd);
	return ret;
}
