/*
 * state.c: what the running kernel has loaded, read back from
 * /sys/kernel/kexec_loaded, kexec_crash_loaded and kexec_crash_size.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "loader/loader.h"

/* The number in sysfs/kernel/NAME, or -1 when it cannot be read. */
static long long read_number(const char *sysfs, const char *name)
{
	char path[256], buf[32], *end;
	long long v;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/kernel/%s", sysfs, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || v < 0)
		return -1;
	return v;
}

int kexec_state_read(const char *sysfs, struct kexec_state *st)
{
	if (!sysfs)
		sysfs = "/sys";
	st->loaded = (int)read_number(sysfs, "kexec_loaded");
	st->crash_loaded = (int)read_number(sysfs, "kexec_crash_loaded");
	st->crash_size = read_number(sysfs, "kexec_crash_size");
	if (st->loaded > 1)
		st->loaded = 1;
	if (st->crash_loaded > 1)
		st->crash_loaded = 1;
	if (st->loaded < 0 && st->crash_loaded < 0 && st->crash_size < 0)
		return -ENOENT;
	return 0;
}
