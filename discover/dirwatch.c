/*
 * dirwatch.c: hotplug's stand-in for tests (hotplug.h): the folders in a
 * folder (--source-dir) watched with inotify, as uevents.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "discover/hotplug.h"
#include "lib/fdio.h"
#include "lib/util.h"

#define DIRWATCH_MASK (IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | \
		       IN_ONLYDIR)

int dirwatch_open(const char *dir)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (inotify_add_watch(fd, dir, DIRWATCH_MASK) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Turn one inotify event into ev; 1 when it is about a folder. */
static int dir_event(const struct inotify_event *ie, struct uevent *ev)
{
	if (ie->mask & IN_Q_OVERFLOW)
		return -ENOBUFS;
	if (!(ie->mask & IN_ISDIR) || !ie->len || ie->name[0] == '.' ||
	    strlen(ie->name) >= sizeof(ev->name))
		return 0;
	memset(ev, 0, sizeof(*ev));
	ev->action = ie->mask & (IN_CREATE | IN_MOVED_TO) ? UEVENT_ADD :
		     UEVENT_REMOVE;
	strcpy(ev->name, ie->name);
	return 1;
}

int dirwatch_read(int fd, struct uevent *evs, size_t max, size_t *n)
{
	/* room for one event of the longest name, or max of the shortest */
	char buf[MAX(sizeof(struct inotify_event) + NAME_MAX + 1,
		     DIRWATCH_EVENTS_MAX * (sizeof(struct inotify_event) + 16))]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ie;
	ssize_t len;
	size_t off;
	int ret;

	*n = 0;
	if (max < DIRWATCH_EVENTS_MAX)
		return -EINVAL;
	len = fd_read_some(fd, buf, sizeof(buf));
	if (len < 0)
		return len == -EAGAIN ? 0 : len;
	for (off = 0; off + sizeof(*ie) <= (size_t)len;
	     off += sizeof(*ie) + ie->len) {
		ie = (const void *)(buf + off);
		ret = dir_event(ie, &evs[*n]);
		if (ret < 0)
			return ret;
		*n += ret;
	}
	return 1;
}
