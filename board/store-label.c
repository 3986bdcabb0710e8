/*
 * store-label.c: settings in /baton.conf on the partition labelled for
 * baton. This is the one disk baton ever writes to, and only here: the
 * partition is mounted read-only to load, read-write just for a save,
 * and unmounted right after either.
 */
#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/board.h"
#include "board/store-internal.h"
#include "lib/log.h"
#include "lib/mount.h"
#include "lib/util.h"

#define STORE_MOUNT_DIR "/run/baton/store"

/*
 * One mount on STORE_MOUNT_DIR at a time: discovery workers may read two
 * partitions that carry the label at once, and the daemon may save.
 */
static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;

/* Filesystems a settings partition may use: simple, and safe to write. */
static const char *const writable_fs[] = { "vfat", "ext2", "ext3", "ext4" };

/* LABEL and TYPE of dev, when it has a filesystem with a label. */
static int probe(const char *dev, char *label, size_t llen, char *fstype,
		 size_t flen)
{
	const char *lab = NULL, *type = NULL;
	blkid_probe pr;
	int ret = -ENOENT;

	pr = blkid_new_probe_from_filename(dev);
	if (!pr)
		return -ENOENT;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL |
					  BLKID_SUBLKS_TYPE);
	if (!blkid_do_safeprobe(pr) &&
	    !blkid_probe_lookup_value(pr, "LABEL", &lab, NULL) &&
	    !blkid_probe_lookup_value(pr, "TYPE", &type, NULL)) {
		snprintf(label, llen, "%s", lab);
		snprintf(fstype, flen, "%s", type);
		ret = 0;
	}
	blkid_free_probe(pr);
	return ret;
}

int store_find_label(const char *label, char *dev, size_t len,
		     char *fstype, size_t flen)
{
	char lab[256], type[64], path[PATH_MAX];
	struct dirent *de;
	int ret = -ENOENT;
	DIR *d;

	d = opendir("/sys/class/block");
	if (!d)
		return -errno;
	while (ret && (de = readdir(d))) {
		if (de->d_name[0] == '.' || str_startswith(de->d_name, "loop") ||
		    str_startswith(de->d_name, "ram") ||
		    str_startswith(de->d_name, "zram"))
			continue;
		snprintf(path, sizeof(path), "/dev/%s", de->d_name);
		if (probe(path, lab, sizeof(lab), type, sizeof(type)) ||
		    strcasecmp(lab, label))
			continue;
		snprintf(dev, len, "/dev/%s", de->d_name);
		snprintf(fstype, flen, "%s", type);
		ret = 0;
	}
	closedir(d);
	return ret;
}

/*
 * The device that holds label: known (found by discovery): only that one
 * is probed, to be sure that it still carries the label (a removed disk's
 * name may come back on another); else every block device is looked at.
 */
static int locate(const char *label, const char *known, char *dev,
		  size_t len, char *fstype, size_t flen)
{
	char lab[256];

	if (!known)
		return store_find_label(label, dev, len, fstype, flen);
	if (probe(known, lab, sizeof(lab), fstype, flen) ||
	    strcasecmp(lab, label)) {
		log_warn("settings: %s does not have LABEL=%s (any more)",
			 known, label);
		return -ENODEV;
	}
	snprintf(dev, len, "%s", known);
	return 0;
}

/* Mount the labelled partition on STORE_MOUNT_DIR; 0 or -errno. */
static int store_mount(const char *label, const char *known, bool rw)
{
	char dev[PATH_MAX], fstype[64];
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC |
			      (rw ? 0 : MS_RDONLY);
	const char *opts;
	size_t i;
	int ret;

	ret = locate(label, known, dev, sizeof(dev), fstype, sizeof(fstype));
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(writable_fs); i++)
		if (streq(fstype, writable_fs[i]))
			break;
	if (i == ARRAY_SIZE(writable_fs)) {
		log_warn("%s (LABEL=%s) is %s: settings need vfat or ext2/3/4",
			 dev, label, fstype);
		return -EPROTONOSUPPORT;
	}
	/* reading must not replay a journal; a write may */
	opts = !rw && str_startswith(fstype, "ext") && !streq(fstype, "ext2") ?
	       "noload" : NULL;
	mkdir("/run/baton", 0700);
	if (mkdir(STORE_MOUNT_DIR, 0700) && errno != EEXIST)
		return -errno;
	ret = mount_serialised(dev, STORE_MOUNT_DIR, fstype, flags, opts);
	if (ret)
		return ret;
	log_info("settings: %s (LABEL=%s) mounted %s", dev, label,
		 rw ? "read-write for a save" : "read-only");
	return 0;
}

static void store_unmount(void)
{
	if (umount2(STORE_MOUNT_DIR, 0) && umount2(STORE_MOUNT_DIR, MNT_DETACH))
		log_warn("settings: cannot unmount %s: %m", STORE_MOUNT_DIR);
}

static int label_load(const char *label, const char *dev, char **text)
{
	size_t len;
	int ret;

	pthread_mutex_lock(&store_lock);
	ret = store_mount(label, dev, false);
	if (ret)
		goto out;
	ret = store_read_file(AT_FDCWD, STORE_MOUNT_DIR "/" BOARD_CONFIG_FILE,
			      BOARD_STORE_MAX, text, &len);
	store_unmount();
out:
	pthread_mutex_unlock(&store_lock);
	return ret;
}

static int label_save(const char *label, const char *dev, const char *text)
{
	int ret;

	pthread_mutex_lock(&store_lock);
	ret = store_mount(label, dev, true);
	if (ret)
		goto out;
	ret = store_write_file(STORE_MOUNT_DIR, BOARD_CONFIG_FILE, text);
	sync();
	store_unmount();
out:
	pthread_mutex_unlock(&store_lock);
	return ret;
}

const struct board_store_ops board_store_label = {
	.name = "label",
	.load = label_load,
	.save = label_save,
	.default_arg = BOARD_CONFIG_LABEL,
};
