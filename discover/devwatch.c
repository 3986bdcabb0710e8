/*
 * devwatch.c: what makes disks come and go: the devices there at start,
 * the kernel's uevents (hotplug, media inserted or ejected, volumes coming
 * up), the folders of --source-dir, and LVM / MD assembly, whose volumes
 * are probed as they appear.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "discover/hotplug.h"
#include "lib/log.h"

/* ---- hotplug ---------------------------------------------------------- */

/* A partition appeared on a disk probed whole so far: forget the disk. */
static void forget_parent(struct daemon *d, const char *part)
{
	char path[PATH_MAX], real[PATH_MAX], *base;

	snprintf(path, sizeof(path), "/sys/class/block/%s/..", part);
	if (!realpath(path, real))
		return;
	base = strrchr(real, '/');
	if (base && disk_find(d, base + 1))
		disk_forget(d, base + 1);
}

/* Look at /sys/class/block again: after assembly, or lost uevents. */
static void resync(struct daemon *d)
{
	char **names = NULL;
	size_t i, j;

	if (devices_enumerate(&names))
		return;
	for (i = 0; names[i]; i++)
		disk_add(d, names[i], false, 0, !d->settled);
	for (i = 0; i < d->disks.n;) {
		struct disk *k = d->disks.v[i];

		for (j = 0; names[j] && !streq(names[j], k->name); j++)
			;
		if (names[j] || k->is_dir) {
			i++;
			continue;
		}
		disk_forget(d, k->name);	/* moves another into slot i */
	}
	strv_free(names);
}

static void handle_uevent(struct daemon *d, const struct uevent *ev)
{
	switch (ev->action) {
	case UEVENT_ADD:
		device_watch_media(ev->name, DAEMON_MEDIA_POLL_MS);
		if (ev->partition)
			forget_parent(d, ev->name);
		if (device_wanted(ev->name))
			disk_add(d, ev->name, false, 0, !d->settled);
		break;
	case UEVENT_REMOVE:
		disk_forget(d, ev->name);
		break;
	case UEVENT_CHANGE:
		if (ev->media_change || ev->eject_request) {
			log_info("%s: %s", ev->name, ev->eject_request ?
				 "eject requested" : "medium changed");
			disk_forget(d, ev->name);
		}
		/* a new medium; dm, MD and loop devices come up this way */
		if (!ev->eject_request && !disk_find(d, ev->name) &&
		    device_wanted(ev->name))
			disk_add(d, ev->name, false, 0, !d->settled);
		break;
	default:
		break;
	}
}

static void on_uevent(struct event_loop *loop, int fd, uint32_t events,
		      void *data)
{
	struct daemon *d = data;
	struct uevent ev;
	int ret;

	while ((ret = hotplug_read(fd, &ev)) > 0)
		handle_uevent(d, &ev);
	if (ret == -ENOBUFS) {
		log_warn("uevents were lost: looking at every device again");
		resync(d);
	}
}

/* --source-dir: each folder in it is a disk; they come and go. */
static int dir_rank(struct daemon *d)
{
	return d->opts.source_args ? strv_len(d->opts.source_args) : 0;
}

static void on_dir_event(struct event_loop *loop, int fd, uint32_t events,
			 void *data)
{
	struct uevent evs[DIRWATCH_EVENTS_MAX];
	struct daemon *d = data;
	char path[PATH_MAX];
	size_t i, n;
	int ret;

	while ((ret = dirwatch_read(fd, evs, ARRAY_SIZE(evs), &n)) > 0) {
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s",
				 d->opts.source_dir, evs[i].name);
			if (evs[i].action == UEVENT_ADD)
				disk_add(d, path, true, dir_rank(d),
					 !d->settled);
			else
				disk_forget(d, path);
		}
	}
	if (ret == -ENOBUFS)
		log_warn("%s: folder events were lost", d->opts.source_dir);
}

static int start_source_dir(struct daemon *d)
{
	const char *dir = d->opts.source_dir;
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dp;

	d->hotplug_fd = dirwatch_open(dir);
	if (d->hotplug_fd < 0) {
		log_err("%s: cannot watch: %s", dir, strerror(-d->hotplug_fd));
		return d->hotplug_fd;
	}
	d->hotplug_watch = event_add_fd(d->loop, d->hotplug_fd, EPOLLIN,
					on_dir_event, d);
	dp = opendir(dir);
	while (dp && (de = readdir(dp))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		disk_add(d, path, true, dir_rank(d), true);
	}
	if (dp)
		closedir(dp);
	return 0;
}

/* ---- LVM and MD RAID --------------------------------------------------- */

struct assemble_job {
	struct job job;
	enum assemble_kind kind;
	int ret;
	uint64_t started_ms;
	char out[1024];
};

static void assemble_run_job(struct job *j)
{
	struct assemble_job *a = container_of(j, struct assemble_job, job);

	a->ret = assemble_run(a->kind, DAEMON_ASSEMBLE_KILL_MS, a->out,
			      sizeof(a->out));
}

static void log_output(const char *what, char *out)
{
	char *line, *save = NULL;
	int n = 0;

	for (line = strtok_r(out, "\n", &save); line && n < 8;
	     line = strtok_r(NULL, "\n", &save), n++)
		log_info("%s: %s", what, line);
}

static void assemble_done(struct daemon *d, struct job *j)
{
	struct assemble_job *a = container_of(j, struct assemble_job, job);
	struct assembly *as = &d->assembly[a->kind];
	unsigned ms = event_now_ms() - a->started_ms;

	if (a->ret < 0)
		log_warn("%s assembly failed: %s (%u ms)",
			 assemble_name(a->kind), strerror(-a->ret), ms);
	else
		log_info("%s assembly done: exit status %d (%u ms)",
			 assemble_name(a->kind), a->ret, ms);
	log_output(assemble_name(a->kind), a->out);
	as->running = false;
	event_cancel_timer(as->timer);
	as->timer = NULL;
	resync(d);	/* probe the volumes that came up (waited for) */
	disk_stop_waiting(d, &as->waited);
	if (as->again) {
		as->again = false;
		assemble_request(d, a->kind, NULL);
	}
	free(a);
}

/* The time bound on waiting for an assembly; the tool itself goes on. */
static void on_assemble_timeout(struct event_loop *loop, void *data)
{
	struct assembly *as = data;

	as->timer = NULL;
	log_warn("%s assembly still running after %u ms: not waiting for it",
		 assemble_name(as->kind), DAEMON_ASSEMBLE_WAIT_MS);
	disk_stop_waiting(as->d, &as->waited);
}

void assemble_request(struct daemon *d, enum assemble_kind kind,
		      const char *member)
{
	struct assembly *as = &d->assembly[kind];
	struct assemble_job *a;

	if (!assemble_available(kind)) {
		if (!as->told && member)
			log_info("%s: a %s member; no tool here to assemble it",
				 member, assemble_name(kind));
		as->told = true;
		return;
	}
	if (as->running) {
		as->again = true;
		return;
	}
	a = calloc(1, sizeof(*a));
	if (!a)
		return;
	a->kind = kind;
	a->job.run = assemble_run_job;
	a->job.done = assemble_done;
	a->started_ms = event_now_ms();
	if (daemon_start_job(d, &a->job)) {
		free(a);
		return;
	}
	log_info("assembling %s volumes%s%s", assemble_name(kind),
		 member ? ": found member " : "", member ? member : "");
	as->d = d;
	as->kind = kind;
	as->running = true;
	if (!d->settled) {
		as->waited = true;
		d->pending++;
		as->timer = event_add_timer(d->loop, DAEMON_ASSEMBLE_WAIT_MS,
					    on_assemble_timeout, as);
	}
}

/* ---- start and stop ---------------------------------------------------- */

static int start_devices(struct daemon *d)
{
	char **names = NULL;
	size_t i;
	int ret;

	devices_unmount_all();	/* a restarted daemon's predecessor's */
	/* the socket first: a device that comes meanwhile is not missed */
	d->hotplug_fd = hotplug_open();
	if (d->hotplug_fd < 0)
		log_warn("no hotplug: uevent socket: %s",
			 strerror(-d->hotplug_fd));
	else
		d->hotplug_watch = event_add_fd(d->loop, d->hotplug_fd,
						EPOLLIN, on_uevent, d);
	if (!devices_list_all(&names)) {
		for (i = 0; names[i]; i++)
			device_watch_media(names[i], DAEMON_MEDIA_POLL_MS);
		strv_free(names);
	}
	ret = devices_enumerate(&names);
	if (ret) {
		daemon_status(d, true, "cannot list block devices: %s",
			      strerror(-ret));
		return 0;
	}
	for (i = 0; names[i]; i++)
		disk_add(d, names[i], false, 0, true);
	strv_free(names);
	return 0;
}

int probe_start(struct daemon *d)
{
	size_t i;

	if (!d->opts.source_args && !d->opts.source_dir)
		return start_devices(d);
	for (i = 0; d->opts.source_args && d->opts.source_args[i]; i++)
		disk_add(d, d->opts.source_args[i], true, i, true);
	return d->opts.source_dir ? start_source_dir(d) : 0;
}

void probe_stop(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->disks.n; i++)
		disk_free(d->disks.v[i]);
	vec_free(&d->disks, NULL);
	for (i = 0; i < ASSEMBLE_KINDS; i++)
		event_cancel_timer(d->assembly[i].timer);
	event_remove_fd(d->hotplug_watch);
	if (d->hotplug_fd >= 0)
		close(d->hotplug_fd);
	d->hotplug_fd = -1;
}
