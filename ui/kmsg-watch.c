/*
 * kmsg-watch.c: the kernel prints its errors (a damaged disk's, say) on the
 * console the menu may be drawn on. Such a line lands wherever the cursor
 * is and, at the bottom row, scrolls the whole screen, while curses still
 * believes its picture and sends only the cells it changes: the menu stays
 * torn. The menu reads /dev/kmsg to learn of each such line and paints the
 * whole screen again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "ui/kmsg-watch.h"

#define KMSG_RECORD_MAX 8192	/* the kernel's records are shorter */

int kmsg_watch_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int kmsg_record_level(const char *rec, size_t len)
{
	unsigned long pri = 0;
	size_t i;

	for (i = 0; i < len && rec[i] >= '0' && rec[i] <= '9'; i++) {
		pri = pri * 10 + (unsigned long)(rec[i] - '0');
		if (pri > 0xffffff)
			return -1;
	}
	if (i == 0 || i >= len || rec[i] != ',')
		return -1;
	return (int)(pri & 7);
}

bool kmsg_watch_printed(int fd, int console_level)
{
	char rec[KMSG_RECORD_MAX];
	bool printed = false;
	ssize_t n;
	int level;

	for (;;) {
		n = read(fd, rec, sizeof(rec));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {	/* overrun: records lost */
			printed = true;
			continue;
		}
		if (n <= 0)
			break;
		level = kmsg_record_level(rec, (size_t)n);
		if (level >= 0 && level < console_level)
			printed = true;
	}
	return printed;
}

int kmsg_console_level(void)
{
	char buf[64];
	int level;

	if (read_small_file(AT_FDCWD, "/proc/sys/kernel/printk", buf,
			    sizeof(buf)) < 0 ||
	    sscanf(buf, "%d", &level) != 1)
		return 7;
	return level;
}
