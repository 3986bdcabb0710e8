/* fdtdir.c: the device tree for this machine in an extlinux FDTDIR folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/fdtdir.h"

/*
 * Of a .dtb only the root node's properties matter, which come first in
 * the structure block, and the strings block that names them: read that
 * much, not the whole file (a distribution's folder holds a thousand).
 */
#define ROOT_STRUCT_MAX	(16u << 10)
#define STRINGS_MAX	(64u << 10)
#define RSV_END		16	/* the empty reservation map's terminator */

/* Add "prefix""name" to out (char *), up to FDTDIR_MAX_FILES. */
static int add_name(struct vec *out, const char *prefix, const char *name)
{
	char *s;

	if (out->n >= FDTDIR_MAX_FILES)
		return -E2BIG;
	s = str_printf("%s%s", prefix, name);
	if (!s || vec_push(out, s)) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

/*
 * The .dtb files of the folder fd (opened here again, so that the
 * caller's position is left alone), and of its subfolders when top.
 * Symbolic links are neither followed nor listed.
 */
static int list(int fd, const char *prefix, bool top, struct vec *out)
{
	int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	struct stat st;
	char *sub;
	DIR *d;
	int r = 0, sfd;

	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -errno;
	}
	while (!r && (de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    strlen(prefix) + strlen(de->d_name) + 2 > FDTDIR_NAME_MAX ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		if (S_ISREG(st.st_mode) && str_endswith(de->d_name, ".dtb")) {
			r = add_name(out, prefix, de->d_name);
		} else if (S_ISDIR(st.st_mode) && top) {
			sfd = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY |
				     O_NOFOLLOW | O_CLOEXEC);
			sub = str_printf("%s/", de->d_name);
			if (sfd >= 0 && sub)
				r = list(sfd, sub, false, out);
			else if (!sub)
				r = -ENOMEM;
			free(sub);
			if (sfd >= 0)
				close(sfd);
		}
	}
	closedir(d);
	return r == -E2BIG ? 0 : r;	/* past the bound: what was listed */
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Open "file" or "folder/file" under dirfd, following no link. */
static int open_under(int dirfd, const char *name)
{
	const char *slash = strchr(name, '/');
	char sub[FDTDIR_NAME_MAX];
	struct stat st;
	int sfd = dirfd, fd;

	if (slash) {
		snprintf(sub, sizeof(sub), "%.*s", (int)(slash - name), name);
		sfd = openat(dirfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			     O_CLOEXEC);
		if (sfd < 0)
			return -errno;
		name = slash + 1;
	}
	fd = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	if (slash)
		close(sfd);
	if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

static bool pread_all(int fd, void *buf, size_t len, off_t off)
{
	size_t got = 0;
	ssize_t r;

	while (got < len) {
		r = pread(fd, (char *)buf + got, len - got, off + got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += r;
	}
	return true;
}

/*
 * A small tree holding the file's header, an empty reservation map, the
 * start of its structure block (the root's properties) and its strings,
 * for libfdt to read the root's compatible list from. NULL when fd is no
 * device tree (or out of memory).
 */
static void *read_root(int fd)
{
	char hdr[sizeof(struct fdt_header)];
	uint32_t total, s_off, s_len, str_off, str_len;
	size_t size;
	char *blob;

	if (!pread_all(fd, hdr, sizeof(hdr), 0) ||
	    fdt_magic(hdr) != FDT_MAGIC || fdt_version(hdr) < 17)
		return NULL;
	total = fdt_totalsize(hdr);
	s_off = fdt_off_dt_struct(hdr);
	s_len = fdt_size_dt_struct(hdr);
	str_off = fdt_off_dt_strings(hdr);
	str_len = fdt_size_dt_strings(hdr);
	if (s_off > total || s_len > total - s_off || str_off > total ||
	    str_len > total - str_off || str_len > STRINGS_MAX)
		return NULL;
	s_len = MIN(s_len, ROOT_STRUCT_MAX) & ~3u;
	size = sizeof(hdr) + RSV_END + s_len + str_len;
	blob = calloc(1, size);
	if (!blob)
		return NULL;
	memcpy(blob, hdr, sizeof(hdr));
	fdt_set_totalsize(blob, size);
	fdt_set_off_mem_rsvmap(blob, sizeof(hdr));
	fdt_set_off_dt_struct(blob, sizeof(hdr) + RSV_END);
	fdt_set_size_dt_struct(blob, s_len);
	fdt_set_off_dt_strings(blob, sizeof(hdr) + RSV_END + s_len);
	fdt_set_size_dt_strings(blob, str_len);
	if (!pread_all(fd, blob + sizeof(hdr) + RSV_END, s_len, s_off) ||
	    !pread_all(fd, blob + sizeof(hdr) + RSV_END + s_len, str_len,
		       str_off) || fdt_check_header(blob)) {
		free(blob);
		return NULL;
	}
	return blob;
}

/*
 * How well the tree blob suits the machine: the index of the machine's
 * first compatible string it holds, doubled, plus one unless it holds it
 * first; -1 when it holds none. Lower is better. *which: that string.
 */
static int rank(const void *blob, const char *machine, size_t len,
		const char **which)
{
	size_t i = 0;
	int n, idx;

	for (n = 0; i < len; n++) {
		idx = fdt_stringlist_search(blob, 0, "compatible", machine + i);
		if (idx >= 0) {
			*which = machine + i;
			return 2 * n + (idx != 0);
		}
		i += strnlen(machine + i, len - i) + 1;
	}
	return -1;
}

int fdtdir_choose(int dirfd, const char *machine, size_t machine_len,
		  struct fdtdir_choice *c)
{
	struct vec l = { 0 };
	const char *which;
	int r, best = -1, fd, k;
	size_t i;
	void *blob;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	r = list(dirfd, "", true, &l);
	if (r) {
		vec_free(&l, free);
		return r;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp_names);
	for (i = 0; i < l.n && best != 0; i++) {
		fd = open_under(dirfd, (const char *)l.v[i]);
		if (fd < 0)
			continue;
		blob = read_root(fd);
		k = blob ? rank(blob, machine, machine_len, &which) : -1;
		c->scanned += blob != NULL;
		if (k >= 0 && (best < 0 || k < best)) {
			if (c->fd >= 0)
				close(c->fd);
			c->fd = fd;
			best = k;
			snprintf(c->name, sizeof(c->name), "%s",
				 (const char *)l.v[i]);
			snprintf(c->compat, sizeof(c->compat), "%s", which);
		} else {
			close(fd);
		}
		free(blob);
	}
	vec_free(&l, free);
	return 0;
}

int fdtdir_machine(const char *path, char *buf, size_t size, size_t *len)
{
	int fd = open(path ? path : "/proc/device-tree/compatible",
		      O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r = 1;

	if (fd < 0)
		return -errno;
	while (n < size && r) {
		r = read(fd, buf + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			close(fd);
			return r;
		}
		n += r;
	}
	close(fd);
	if (n == size)
		return -E2BIG;
	if (!n)
		return -ENOENT;
	if (buf[n - 1] != '\0')
		buf[n++] = '\0';
	*len = n;
	return 0;
}

int fdtdir_pick(int dirfd, const char *where, const char *machine_path,
		int *fd, char *name, size_t name_size, char *note,
		size_t note_size)
{
	char machine[FDTDIR_MAX_COMPAT];
	struct fdtdir_choice c;
	size_t len;
	int r;

	*fd = -1;
	note[0] = '\0';
	if (fdtdir_machine(machine_path, machine, sizeof(machine), &len))
		return 2;
	r = fdtdir_choose(dirfd, machine, len, &c);
	if (r)
		return r;
	if (c.fd < 0) {
		snprintf(note, note_size, "no device tree in %.200s suits this "
			 "machine (%.60s): the running one is passed", where,
			 machine);
		return 1;
	}
	snprintf(name, name_size, "%.200s%s", where, c.name);
	snprintf(note, note_size, "device tree %.200s%s chosen from FDTDIR "
		 "for %.60s", where, c.name, c.compat);
	*fd = c.fd;
	return 0;
}
