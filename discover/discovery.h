/*
 * discovery.h: the block devices (or --source folders) baton reads and
 * what makes them come and go: disk.c probes, mounts and parses each in a
 * worker of its own under a time bound; devwatch.c follows the devices at
 * start, uevents, --source-dir and LVM / MD assembly. Discovery decides
 * nothing about booting: it reports what happened to its owner (the
 * daemon) through struct discovery_events.
 */
#ifndef BATON_DISCOVER_DISCOVERY_H
#define BATON_DISCOVER_DISCOVERY_H

#include <stdbool.h>
#include <stdint.h>

#include "discover/assemble.h"
#include "discover/devices.h"
#include "discover/scan.h"
#include "lib/event.h"
#include "lib/job.h"
#include "lib/util.h"

#define DISCOVERY_DEVICE_WAIT_MS	3000	/* per device: longest wait
						   before the owner goes on */
#define DISCOVERY_ASSEMBLE_WAIT_MS	3000	/* the same for LVM / MD */
#define DISCOVERY_ASSEMBLE_KILL_MS	30000	/* a tool is killed then */
#define DISCOVERY_MEDIA_POLL_MS		1000	/* CD/DVD media polling */

struct discovery;
struct board_store;
struct probe_work;

/* One filesystem a worker mounted and parsed. */
struct found {
	struct source *src;
	struct scan_result res;
};

/*
 * What discovery tells its owner, on the loop. Discovery never calls a
 * function of the daemon: these are the only way up.
 */
struct discovery_events {
	/* found[0..n) were mounted and parsed: the owner takes them over
	   (clearing found[i]), or leaves them to be released */
	void (*found)(struct discovery *dc, struct found *found, size_t n);
	/* every source of device dev ("/dev/vdb1", or a folder's path)
	   went away with its device: the owner drops and unmounts them */
	void (*gone)(struct discovery *dc, const char *dev);
	/* a locked device came or went (the sources list shows it) */
	void (*sources_changed)(struct discovery *dc);
	/* the worker for name read the board's settings partition: *st,
	   *text (taken when used) and err as board_store_load() gave them */
	void (*settings_partition)(struct discovery *dc, const char *name,
				   struct board_store **st, char **text,
				   int err);
	/* one thing the owner waited for is done, or its bound passed
	   (dc->pending: how many are left) */
	void (*waited)(struct discovery *dc);
	/* a message for the operator (the owner logs it) */
	void (*status)(struct discovery *dc, bool error, const char *msg);
	/* should the next worker look for the board's settings partition? */
	bool (*want_settings)(struct discovery *dc);
};

/* One LVM or MD assembly (devwatch.c): at most one runs per kind. */
struct assembly {
	struct discovery *dc;
	int kind;		/* enum assemble_kind */
	bool running;
	bool again;		/* more members appeared meanwhile: rerun */
	bool waited;		/* counted in discovery.pending */
	bool told;		/* "no tool to assemble it" was logged */
	struct event_timer *timer;	/* the time bound on waiting for it */
};

enum disk_state {
	DISK_PROBING,		/* a worker is at it */
	DISK_READY,		/* mounted: its sources went to the owner */
	DISK_EMPTY,		/* no filesystem, or nothing baton mounts */
	DISK_MEMBER,		/* swap, an LVM or RAID member... */
	DISK_LOCKED,		/* crypto_LUKS: listed as a locked source */
	DISK_FAILED,		/* probing or mounting failed (logged) */
};

/* A block device (or --source folder) discovery knows (disk.c). */
struct disk {
	struct discovery *dc;
	char *name;		/* kernel name "vdb1", or --source's argument */
	bool is_dir;
	int rank;		/* --source order; 0 for devices (by name) */
	enum disk_state state;
	struct probe_work *work;	/* while probing */
	struct event_timer *timer;	/* the time bound on waiting for it */
	bool waited;		/* counted in discovery.pending */
	struct source_info info;	/* what probing said (LOCKED: listed) */
	struct device_extra extra;
};

struct discovery {
	/* set by the owner before discovery_start */
	struct event_loop *loop;
	struct job_runner *jobs;
	const struct discovery_events *ev;
	char *const *source_args;	/* --source DIR[:k=v...]: no devices */
	const char *source_dir;	/* --source-dir: its folders come and go */
	const char *lease_dir;	/* the DHCP hook's leases (NULL: none) */
	char *const *url_roots;	/* "URL=DIR": read from folders (tests) */
	const char *ca_file;	/* CA bundle for https (NULL: default) */
	const char *proxy;	/* net_proxy: configs' http(s) (NULL: none) */
	struct netwatch *net;	/* netwatch.c's state, or NULL */
	struct netup *netup;	/* netup.c's state, or NULL */
	bool settled;		/* set by the owner when it stops waiting:
				   later disks are not waited for */
	bool iso_loopback;	/* the owner's iso_loopback setting: list
				   what ISO images' loopback.cfg offer
				   (iso-scan.h) for disks probed from now */

	int pending;		/* disks and assemblies waited for */
	struct vec disks;	/* struct disk *: devices and folders known */
	int hotplug_fd;		/* uevents (inotify with --source-dir); or -1 */
	struct event_fd *hotplug_watch;
	struct assembly assembly[ASSEMBLE_KINDS];
};

/* devwatch.c */
/*
 * Start: the --source folders, else --source-dir's, else every block
 * device and uevents. Returns 0, or -errno when --source-dir cannot be
 * watched (logged).
 */
int devwatch_start(struct discovery *dc);
/* A message for the operator, through dc->ev->status. */
void discovery_say(struct discovery *dc, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Forget every disk (the owner hears gone() for each one that had
 * sources) and probe again what is there now, each one waited for
 * (dc->pending, then waited() as each ends or its bound passes).
 */
void devwatch_rescan(struct discovery *dc);
/* Forget every disk (mounts stay: the owner's sources hold them). */
void devwatch_stop(struct discovery *dc);
/* member (a device name, or NULL) belongs to a volume of kind: assemble. */
void devwatch_assemble(struct discovery *dc, enum assemble_kind kind,
		       const char *member);

/* disk.c */
/*
 * Start probing name unless known already; waited: the owner waits for
 * it (counted in dc->pending until done or its bound passes). 0 or -errno.
 */
int disk_add(struct discovery *dc, const char *name, bool is_dir, int rank,
	     bool waited);
/* name went away (or its medium changed): forget it and its sources. */
void disk_forget(struct discovery *dc, const char *name);
struct disk *disk_find(struct discovery *dc, const char *name);
void disk_free(struct disk *k);
/* Clear *waited, and tell the owner one thing less is waited for. */
void disk_stop_waiting(struct discovery *dc, bool *waited);
/* Unmount (if mounted) and free what a worker found. */
void disk_found_release(struct found *f);

#endif
