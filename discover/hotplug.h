/*
 * hotplug.h: block device events from the kernel's uevent netlink socket
 * (NETLINK_KOBJECT_UEVENT): disks and partitions added and removed, media
 * inserted and ejected, device-mapper and MD devices coming up.
 */
#ifndef BATON_DISCOVER_HOTPLUG_H
#define BATON_DISCOVER_HOTPLUG_H

#include <stdbool.h>
#include <stddef.h>

enum uevent_action {
	UEVENT_OTHER = 0,
	UEVENT_ADD,
	UEVENT_REMOVE,
	UEVENT_CHANGE,
};

/* One block device event, as the kernel sent it. */
struct uevent {
	enum uevent_action action;
	char name[256];		/* the name in /sys/class/block: "vdb1" */
	bool partition;		/* DEVTYPE=partition (else a whole disk) */
	bool media_change;	/* DISK_MEDIA_CHANGE=1: a medium came or went */
	bool eject_request;	/* DISK_EJECT_REQUEST=1: the eject button */
};

/*
 * Parse one kernel uevent message ("ACTION@DEVPATH\0KEY=VALUE\0...") into
 * ev. Returns 1 for an event of the block subsystem, 0 for any other
 * (another subsystem, a udev message), -EINVAL when malformed (a device
 * name that is empty, too long or holds '/').
 */
int uevent_parse(const char *buf, size_t len, struct uevent *ev);

/*
 * Open a non-blocking socket on the kernel's uevent multicast group.
 * Returns the fd or -errno.
 */
int hotplug_open(void);

/*
 * Read the next block event from fd into ev. Returns 1 for an event, 0
 * when none is waiting, -ENOBUFS when the kernel dropped events (the
 * caller should look at /sys/class/block again), or -errno. Messages
 * that did not come from the kernel are ignored.
 */
int hotplug_read(int fd, struct uevent *ev);

/*
 * dirwatch.c: the same for a folder whose sub-folders stand for disks (the daemon's
 * --source-dir, to test hotplug without root): a folder created in or
 * moved into dir is an add, one removed or moved out a remove, named as
 * in dir. Returns an inotify fd or -errno.
 */
int dirwatch_open(const char *dir);

/*
 * Read what the kernel has for a dirwatch_open() fd: up to max (at least
 * DIRWATCH_EVENTS_MAX) events into evs, *n of them. Returns 1 when it
 * read something (call again), 0 when nothing waits, -ENOBUFS when events
 * were lost, or -errno.
 */
#define DIRWATCH_EVENTS_MAX 64
int dirwatch_read(int fd, struct uevent *evs, size_t max, size_t *n);

#endif
