/*
 * fdtdir.h: the device tree of this machine out of an extlinux FDTDIR
 * folder, as U-Boot picks its board's file there; chosen by what Linux
 * shows of the running machine instead of U-Boot's fdtfile variable.
 *
 * Like the rest of loader/, it takes open files, never paths inside boot
 * sources: the caller opens the folder confined to its partition, and the
 * folder's files are opened under it one component at a time, following no
 * symbolic link, so that nothing outside the folder is ever read.
 */
#ifndef BATON_LOADER_FDTDIR_H
#define BATON_LOADER_FDTDIR_H

#include <stddef.h>

#define FDTDIR_MAX_FILES	4096	/* .dtb files and folders looked at */
#define FDTDIR_MAX_COMPAT	4096	/* bytes of a compatible list */
#define FDTDIR_NAME_MAX		256

struct fdtdir_choice {
	int fd;			/* the chosen .dtb, open; -1: none matched */
	char name[FDTDIR_NAME_MAX];	/* its path in the folder */
	char compat[128];	/* the machine's compatible string it has */
	unsigned scanned;	/* .dtb files whose root was read */
};

/*
 * The root "compatible" list of the running machine (NUL-separated, most
 * specific first) from path (NULL: /proc/device-tree/compatible) into buf.
 * Returns 0 with *len set, -ENOENT on a machine without a device tree,
 * -E2BIG past size, or -errno.
 */
int fdtdir_machine(const char *path, char *buf, size_t size, size_t *len);

/*
 * Choose in the folder dirfd (and its subfolders one level down, where
 * distributions put each vendor's files) the .dtb whose root "compatible"
 * list holds the most specific string of machine (machine_len bytes, as
 * fdtdir_machine gives it). Among files that hold the same string, one
 * that names it first wins, then the first by path. Files that are not
 * device trees are skipped. Returns 0 with c->fd open (the caller closes
 * it) or -1 when nothing matches, or -errno (the folder cannot be read).
 */
int fdtdir_choose(int dirfd, const char *machine, size_t machine_len,
		  struct fdtdir_choice *c);

/*
 * What baton does with the FDTDIR folder dirfd (where: its name for
 * messages, "sda2:/usr/lib/linux-image-6.1/"), machine read from
 * machine_path (NULL: /proc/device-tree/compatible). Returns 0 with *fd
 * open on the chosen file and name ("where" and its path in the folder),
 * 1 to boot with the running tree (nothing suits), 2 with nothing to pass
 * (no device tree here), or -errno. note says which in a sentence (empty
 * for 2).
 */
int fdtdir_pick(int dirfd, const char *where, const char *machine_path,
		int *fd, char *name, size_t name_size, char *note,
		size_t note_size);

#endif
