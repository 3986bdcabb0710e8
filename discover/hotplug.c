/*
 * hotplug.c: the kernel's uevent netlink socket, read and parsed (its
 * stand-in for tests, a watched folder of folders, is dirwatch.c).
 */
#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "discover/hotplug.h"
#include "lib/fdio.h"
#include "lib/util.h"

#define UEVENT_BUF_SIZE	8192		/* the kernel's UEVENT_BUFFER_SIZE is 2048 */
#define UEVENT_RCVBUF	(1 << 20)	/* room for a burst of 32 disks' events */

static enum uevent_action parse_action(const char *s)
{
	if (streq(s, "add"))
		return UEVENT_ADD;
	if (streq(s, "remove"))
		return UEVENT_REMOVE;
	if (streq(s, "change"))
		return UEVENT_CHANGE;
	return UEVENT_OTHER;
}

/* Take NAME, the last component of DEVPATH, as /sys/class/block names it. */
static int set_name(struct uevent *ev, const char *devpath)
{
	const char *base = strrchr(devpath, '/');

	base = base ? base + 1 : devpath;
	if (!*base || strlen(base) >= sizeof(ev->name) || streq(base, ".") ||
	    streq(base, ".."))
		return -EINVAL;
	strcpy(ev->name, base);
	return 0;
}

int uevent_parse(const char *buf, size_t len, struct uevent *ev)
{
	const char *p = buf, *end = buf + len, *devpath = NULL;
	bool block = false;
	size_t n;

	memset(ev, 0, sizeof(*ev));
	/* the header "ACTION@DEVPATH"; udev's messages start "libudev" */
	n = strnlen(p, end - p);
	if (n == (size_t)(end - p) || !memchr(p, '@', n))
		return 0;
	for (p += n + 1; p < end; p += n + 1) {
		n = strnlen(p, end - p);
		if (n == (size_t)(end - p))
			break;	/* not NUL-terminated: ignore the tail */
		if (str_startswith(p, "ACTION="))
			ev->action = parse_action(p + 7);
		else if (str_startswith(p, "DEVPATH="))
			devpath = p + 8;
		else if (streq(p, "SUBSYSTEM=block"))
			block = true;
		else if (streq(p, "DEVTYPE=partition"))
			ev->partition = true;
		else if (streq(p, "DISK_MEDIA_CHANGE=1"))
			ev->media_change = true;
		else if (streq(p, "DISK_EJECT_REQUEST=1"))
			ev->eject_request = true;
	}
	if (!block)
		return 0;
	if (!devpath || set_name(ev, devpath))
		return -EINVAL;
	return 1;
}

int hotplug_open(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,		/* the kernel's own events */
	};
	int fd, size = UEVENT_RCVBUF;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    NETLINK_KOBJECT_UEVENT);
	if (fd < 0)
		return -errno;
	/* FORCE needs CAP_NET_ADMIN; the plain one is capped by rmem_max */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int hotplug_read(int fd, struct uevent *ev)
{
	char buf[UEVENT_BUF_SIZE];
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;
	int ret;

	for (;;) {
		msg.msg_namelen = sizeof(sa);
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		/* port 0 is the kernel; anything else is someone pretending */
		if (msg.msg_namelen != sizeof(sa) || sa.nl_pid != 0 ||
		    (msg.msg_flags & MSG_TRUNC))
			continue;
		ret = uevent_parse(buf, n, ev);
		if (ret > 0)
			return 1;
	}
}
