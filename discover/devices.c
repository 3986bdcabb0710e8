/* devices.c: sysfs enumeration, libblkid probing and safe mounting. */
#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "discover/devices.h"
#include "lib/event.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/mount.h"
#include "lib/util.h"

#define PARTS_KEEP_MS	5000	/* a disk's table is read again after */
#define PARTS_DISKS	4	/* disks whose tables are kept at once */
#define PARTS_WAIT_S	1	/* longest wait for another worker's read */

/* Read /sys/class/block/NAME/ATTR (at most len - 1 bytes, newline cut). */
static int sysfs_read(const char *name, const char *attr, char *buf,
		      size_t len)
{
	char path[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	n = read_small_file(AT_FDCWD, path, buf, len);
	if (n <= 0)
		return n < 0 ? (int)n : -EIO;
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

/*
 * A loop device over a file of a partition baton mounted is baton's own
 * (an ISO image a loopback entry boots, iso-mount.h): its files are
 * reached through that entry, never as a source of their own.
 */
static bool own_loop(const char *name)
{
	char file[PATH_MAX];

	return !sysfs_read(name, "loop/backing_file", file, sizeof(file)) &&
	       str_startswith(file, DEVICES_MOUNT_DIR "/");
}

bool device_wanted(const char *name)
{
	long size = 0;

	if (str_startswith(name, "ram") || str_startswith(name, "zram"))
		return false;
	if (str_startswith(name, "loop") &&
	    (!sysfs_exists(name, "loop") || own_loop(name)))
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

/* ---- partition tables, read once for all the partitions of a disk ---- */

/*
 * The workers of a disk's partitions run at the same time, and libblkid
 * would read and parse the whole disk's partition table again for each
 * (PART_ENTRY_*). The first reads it for all; the others wait for it
 * (PARTS_WAIT_S at most: a dead disk delays only its own partitions).
 * Kept PARTS_KEEP_MS, under the disk's name, device number and diskseq:
 * a table written later, or a new medium, is read again. Process-wide,
 * not in the daemon's context: detached workers may still be reading when
 * that goes away.
 */
struct part_entry {
	unsigned long long start, size;	/* 512-byte sectors */
	int partno;
	char *uuid, *name, *type;	/* as libblkid's PART_ENTRY_* */
};

enum { TABLE_FREE, TABLE_READING, TABLE_READY };

struct part_table {
	int state;
	char key[96];		/* "vda 254:0 7": name, MAJ:MIN, diskseq */
	uint64_t read_ms;
	struct part_entry *v;
	size_t n;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct part_table t[PARTS_DISKS];
} tables = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, { { 0 } } };

static void entries_free(struct part_entry *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].uuid);
		free(v[i].name);
		free(v[i].type);
	}
	free(v);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Every partition libblkid finds on /dev/disk; 0 or -errno. */
static int read_table(const char *disk, struct part_entry **out, size_t *n)
{
	struct part_entry *v = NULL;
	char dev[PATH_MAX], num[16];
	blkid_partition par;
	blkid_partlist ls;
	blkid_probe pr;
	int i, cnt, ret = 0;

	snprintf(dev, sizeof(dev), "/dev/%s", disk);
	pr = blkid_new_probe_from_filename(dev);
	if (!pr)
		return errno ? -errno : -ENOENT;
	ls = blkid_probe_get_partitions(pr);
	cnt = ls ? blkid_partlist_numof_partitions(ls) : -1;
	if (cnt <= 0 || !(v = calloc(cnt, sizeof(*v)))) {
		ret = cnt <= 0 ? -ENOENT : -ENOMEM;
		goto out;
	}
	for (i = 0; i < cnt; i++) {
		par = blkid_partlist_get_partition(ls, i);
		v[i].start = blkid_partition_get_start(par);
		v[i].size = blkid_partition_get_size(par);
		v[i].partno = blkid_partition_get_partno(par);
		v[i].uuid = dup_or_null(blkid_partition_get_uuid(par));
		v[i].name = dup_or_null(blkid_partition_get_name(par));
		snprintf(num, sizeof(num), "0x%x",
			 blkid_partition_get_type(par));
		v[i].type = dup_or_null(blkid_partition_get_type_string(par) ?:
					num);
	}
	*out = v;
	*n = cnt;
out:
	blkid_free_probe(pr);
	return ret;
}

/* The kept table under key: fresh, or being read. Called locked. */
static struct part_table *table_find(const char *key)
{
	uint64_t now = event_now_ms();
	size_t i;

	for (i = 0; i < PARTS_DISKS; i++) {
		struct part_table *t = &tables.t[i];

		if (t->state != TABLE_FREE && streq(t->key, key) &&
		    (t->state == TABLE_READING ||
		     now - t->read_ms < PARTS_KEEP_MS))
			return t;
	}
	return NULL;
}

/* A slot for a new table: a free one, else the oldest read. Locked. */
static struct part_table *table_claim(void)
{
	struct part_table *best = NULL;
	size_t i;

	for (i = 0; i < PARTS_DISKS; i++) {
		struct part_table *t = &tables.t[i];

		if (t->state == TABLE_FREE)
			return t;
		if (t->state == TABLE_READY &&
		    (!best || t->read_ms < best->read_ms))
			best = t;
	}
	return best;
}

/* Copy the entry at start/size of v[0..n) (partno: the tie-break). */
static int table_entry(const struct part_entry *v, size_t n,
		       unsigned long long start, unsigned long long size,
		       int partno, struct part_entry *out)
{
	const struct part_entry *e = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].start == start && v[i].size == size &&
		    (!e || v[i].partno == partno))
			e = &v[i];
	if (!e)
		return -ENOENT;
	*out = *e;
	out->uuid = str_dup(e->uuid);
	out->name = str_dup(e->name);
	out->type = str_dup(e->type);
	if ((e->uuid && !out->uuid) || (e->name && !out->name) ||
	    (e->type && !out->type)) {
		free(out->uuid);
		free(out->name);
		free(out->type);
		return -ENOMEM;
	}
	return 0;
}

/* Wait for another worker's read of the same table; false on timeout. */
static bool table_wait(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += PARTS_WAIT_S;
	return pthread_cond_timedwait(&tables.cond, &tables.lock, &ts) == 0;
}

/*
 * key: what names disk's current table; partno, start and size: the
 * partition's, from sysfs. 0 and *out, or -errno (then libblkid is asked
 * about the partition itself, as for any device).
 */
static int table_lookup(const char *disk, const char *key, int partno,
			unsigned long long start, unsigned long long size,
			struct part_entry *out)
{
	struct part_entry *v = NULL;
	struct part_table *t;
	size_t n = 0;
	int ret;

	pthread_mutex_lock(&tables.lock);
	while ((t = table_find(key)) && t->state == TABLE_READING)
		if (!table_wait())
			break;
	if (t && t->state == TABLE_READY) {
		ret = table_entry(t->v, t->n, start, size, partno, out);
		pthread_mutex_unlock(&tables.lock);
		return ret;
	}
	t = t ? NULL : table_claim();	/* still being read: read it too */
	if (t) {
		entries_free(t->v, t->n);
		t->v = NULL;
		t->n = 0;
		t->state = TABLE_READING;
		snprintf(t->key, sizeof(t->key), "%s", key);
	}
	pthread_mutex_unlock(&tables.lock);
	ret = read_table(disk, &v, &n);
	if (!ret)
		ret = table_entry(v, n, start, size, partno, out);
	pthread_mutex_lock(&tables.lock);
	if (t && v) {
		t->v = v;
		t->n = n;
		v = NULL;
		t->read_ms = event_now_ms();
		t->state = TABLE_READY;
	} else if (t) {
		t->state = TABLE_FREE;
	}
	pthread_cond_broadcast(&tables.cond);
	pthread_mutex_unlock(&tables.lock);
	entries_free(v, n);
	return ret;
}

/*
 * libblkid's PART_ENTRY_* for partition name, from its disk's table read
 * once; 0 or -errno (not a partition, or not found: ask libblkid).
 */
static int part_entry_of(const char *name, struct part_entry *out)
{
	char path[PATH_MAX], real[PATH_MAX], key[96], dev[32], seq[32];
	const char *disk;
	long partno, start, size;

	if (sysfs_read_int(name, "partition", &partno) ||
	    sysfs_read_int(name, "start", &start) ||
	    sysfs_read_int(name, "size", &size))
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/class/block/%s/..", name);
	if (!realpath(path, real) || !(disk = strrchr(real, '/')))
		return -ENOENT;
	disk++;
	if (sysfs_read(disk, "dev", dev, sizeof(dev)))
		return -ENOENT;
	if (sysfs_read(disk, "diskseq", seq, sizeof(seq)))
		seq[0] = '\0';
	snprintf(key, sizeof(key), "%s %s %s", disk, dev, seq);
	return table_lookup(disk, key, partno, start, size, out);
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

/* What the disk's table says of the partition, into tmp and x (taken). */
static void take_entry(struct part_entry *pe, struct source_info *tmp,
		       struct device_extra *x)
{
	tmp->partuuid = pe->uuid;
	tmp->partlabel = pe->name;
	x->parttype = pe->type;
	memset(pe, 0, sizeof(*pe));
}

int device_probe(const char *name, struct source_info *info,
		 struct device_extra *extra)
{
	struct source_info tmp = { 0 };
	struct device_extra x = { 0 };
	struct part_entry pe = { 0 };
	bool have_entry;
	char dev[PATH_MAX];
	blkid_probe pr;
	size_t i;
	int ret;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	have_entry = !part_entry_of(name, &pe);
	pr = blkid_new_probe_from_filename(dev);
	if (!pr) {
		ret = errno ? -errno : -ENOENT;
		goto out_entry;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL |
					  BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	if (!have_entry) {
		blkid_probe_enable_partitions(pr, 1);
		blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	}
	ret = blkid_do_safeprobe(pr);
	if (ret == 1 && have_entry)
		ret = 0;	/* the table's entry, as libblkid gives it */
	if (ret) {
		blkid_free_probe(pr);
		ret = ret < 0 ? -EIO : -ENOENT;
		goto out_entry;
	}
	ret = fill_info(pr, name, &tmp, &x);
	if (ret)
		goto out;
	if (have_entry)
		take_entry(&pe, &tmp, &x);
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
out_entry:
	free(pe.uuid);
	free(pe.name);
	free(pe.type);
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
		ret = mount_serialised(dev, target, fstype, flags, data);
		if (!ret)
			return 0;
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
	int n;

	if (sysfs_read(name, "events", buf, sizeof(buf)) ||
	    !strstr(buf, "media_change"))
		return 0;
	if (!sysfs_read_int(name, "events_poll_msecs", &poll) && poll > 0)
		return 0;	/* someone chose a rate already */
	snprintf(path, sizeof(path), "/sys/class/block/%s/events_poll_msecs",
		 name);
	n = snprintf(buf, sizeof(buf), "%u", ms);
	return write_small_file(path, buf, n);
}
