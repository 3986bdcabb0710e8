/*
 * devwatch.c: what makes disks come and go: the devices there at start,
 * the kernel's uevents (hotplug, media inserted or ejected, volumes coming
 * up), the folders of --source-dir, and LVM / MD assembly, whose volumes
 * are probed as they appear.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover/discovery.h"
#include "discover/hotplug.h"
#include "lib/log.h"

/* ---- hotplug ---------------------------------------------------------- */

/* A partition appeared on a disk probed whole so far: forget the disk. */
static void forget_parent(struct discovery *dc, const char *part)
{
	char path[PATH_MAX], real[PATH_MAX], *base;

	snprintf(path, sizeof(path), "/sys/class/block/%s/..", part);
	if (!realpath(path, real))
		return;
	base = strrchr(real, '/');
	if (base && disk_find(dc, base + 1))
		disk_forget(dc, base + 1);
}

/* Look at /sys/class/block again: after assembly, or lost uevents. */
static void resync(struct discovery *dc)
{
	char **names = NULL;
	size_t i, j;

	if (devices_enumerate(&names))
		return;
	for (i = 0; names[i]; i++)
		disk_add(dc, names[i], false, 0, !dc->settled);
	for (i = 0; i < dc->disks.n;) {
		struct disk *k = dc->disks.v[i];

		for (j = 0; names[j] && !streq(names[j], k->name); j++)
			;
		if (names[j] || k->is_dir) {
			i++;
			continue;
		}
		disk_forget(dc, k->name);	/* moves another into slot i */
	}
	strv_free(names);
}

static void handle_uevent(struct discovery *dc, const struct uevent *ev)
{
	switch (ev->action) {
	case UEVENT_ADD:
		device_watch_media(ev->name, DISCOVERY_MEDIA_POLL_MS);
		if (ev->partition)
			forget_parent(dc, ev->name);
		if (device_wanted(ev->name))
			disk_add(dc, ev->name, false, 0, !dc->settled);
		break;
	case UEVENT_REMOVE:
		disk_forget(dc, ev->name);
		break;
	case UEVENT_CHANGE:
		/* not for baton's own loop devices (ISO images it boots) */
		if ((ev->media_change || ev->eject_request) &&
		    (disk_find(dc, ev->name) || device_wanted(ev->name))) {
			log_info("%s: %s", ev->name, ev->eject_request ?
				 "eject requested" : "medium changed");
			disk_forget(dc, ev->name);
		}
		/* a new medium; dm, MD and loop devices come up this way */
		if (!ev->eject_request && !disk_find(dc, ev->name) &&
		    device_wanted(ev->name))
			disk_add(dc, ev->name, false, 0, !dc->settled);
		break;
	default:
		break;
	}
}

static void on_uevent(struct event_loop *loop, int fd, uint32_t events,
		      void *data)
{
	struct discovery *dc = data;
	struct uevent ev;
	int ret;

	while ((ret = hotplug_read(fd, &ev)) > 0)
		handle_uevent(dc, &ev);
	if (ret == -ENOBUFS) {
		log_warn("uevents were lost: looking at every device again");
		resync(dc);
	}
}

/* --source-dir: each folder in it is a disk; they come and go. */
static int dir_rank(struct discovery *dc)
{
	return dc->source_args ? strv_len(dc->source_args) : 0;
}

static void on_dir_event(struct event_loop *loop, int fd, uint32_t events,
			 void *data)
{
	struct uevent evs[DIRWATCH_EVENTS_MAX];
	struct discovery *dc = data;
	char path[PATH_MAX];
	size_t i, n;
	int ret;

	while ((ret = dirwatch_read(fd, evs, ARRAY_SIZE(evs), &n)) > 0) {
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s",
				 dc->source_dir, evs[i].name);
			if (evs[i].action == UEVENT_ADD)
				disk_add(dc, path, true, dir_rank(dc),
					 !dc->settled);
			else
				disk_forget(dc, path);
		}
	}
	if (ret == -ENOBUFS)
		log_warn("%s: folder events were lost", dc->source_dir);
}

/* Each folder in --source-dir now: a disk, waited for. */
static void add_dir_folders(struct discovery *dc)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dp = opendir(dc->source_dir);

	while (dp && (de = readdir(dp))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dc->source_dir,
			 de->d_name);
		disk_add(dc, path, true, dir_rank(dc), true);
	}
	if (dp)
		closedir(dp);
}

static int start_source_dir(struct discovery *dc)
{
	const char *dir = dc->source_dir;

	dc->hotplug_fd = dirwatch_open(dir);
	if (dc->hotplug_fd < 0) {
		log_err("%s: cannot watch: %s", dir, strerror(-dc->hotplug_fd));
		return dc->hotplug_fd;
	}
	dc->hotplug_watch = event_add_fd(dc->loop, dc->hotplug_fd, EPOLLIN,
					on_dir_event, dc);
	add_dir_folders(dc);
	return 0;
}

/* ---- LVM and MD RAID --------------------------------------------------- */

struct assemble_job {
	struct job job;
	struct discovery *dc;
	enum assemble_kind kind;
	int ret;
	uint64_t started_ms;
	char out[1024];
};

static void assemble_run_job(struct job *j)
{
	struct assemble_job *a = container_of(j, struct assemble_job, job);

	a->ret = assemble_run(a->kind, DISCOVERY_ASSEMBLE_KILL_MS, a->out,
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

static void assemble_done(struct job *j)
{
	struct assemble_job *a = container_of(j, struct assemble_job, job);
	struct discovery *dc = a->dc;
	struct assembly *as = &dc->assembly[a->kind];
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
	resync(dc);	/* probe the volumes that came up (waited for) */
	disk_stop_waiting(dc, &as->waited);
	if (as->again) {
		as->again = false;
		devwatch_assemble(dc, a->kind, NULL);
	}
	free(a);
}

/* The time bound on waiting for an assembly; the tool itself goes on. */
static void on_assemble_timeout(struct event_loop *loop, void *data)
{
	struct assembly *as = data;

	as->timer = NULL;
	log_warn("%s assembly still running after %u ms: not waiting for it",
		 assemble_name(as->kind), DISCOVERY_ASSEMBLE_WAIT_MS);
	disk_stop_waiting(as->dc, &as->waited);
}

void devwatch_assemble(struct discovery *dc, enum assemble_kind kind,
		       const char *member)
{
	struct assembly *as = &dc->assembly[kind];
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
	a->dc = dc;
	a->kind = kind;
	a->job.run = assemble_run_job;
	a->job.done = assemble_done;
	a->started_ms = event_now_ms();
	if (job_start(dc->jobs, &a->job)) {
		free(a);
		return;
	}
	log_info("assembling %s volumes%s%s", assemble_name(kind),
		 member ? ": found member " : "", member ? member : "");
	as->dc = dc;
	as->kind = kind;
	as->running = true;
	if (!dc->settled) {
		as->waited = true;
		dc->pending++;
		as->timer = event_add_timer(dc->loop,
					    DISCOVERY_ASSEMBLE_WAIT_MS,
					    on_assemble_timeout, as);
	}
}

/* ---- start and stop ---------------------------------------------------- */

static int start_devices(struct discovery *dc)
{
	char **names = NULL, msg[128];
	size_t i;
	int ret;

	devices_unmount_all();	/* a restarted daemon's predecessor's */
	/* the socket first: a device that comes meanwhile is not missed */
	dc->hotplug_fd = hotplug_open();
	if (dc->hotplug_fd < 0)
		log_warn("no hotplug: uevent socket: %s",
			 strerror(-dc->hotplug_fd));
	else
		dc->hotplug_watch = event_add_fd(dc->loop, dc->hotplug_fd,
						EPOLLIN, on_uevent, dc);
	if (!devices_list_all(&names)) {
		for (i = 0; names[i]; i++)
			device_watch_media(names[i], DISCOVERY_MEDIA_POLL_MS);
		strv_free(names);
	}
	ret = devices_enumerate(&names);
	if (ret) {
		snprintf(msg, sizeof(msg), "cannot list block devices: %s",
			 strerror(-ret));
		dc->ev->status(dc, true, msg);
		return 0;
	}
	for (i = 0; names[i]; i++)
		disk_add(dc, names[i], false, 0, true);
	strv_free(names);
	return 0;
}

void discovery_say(struct discovery *dc, bool error, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dc->ev->status(dc, error, msg);
}

int devwatch_start(struct discovery *dc)
{
	size_t i;

	if (!dc->source_args && !dc->source_dir)
		return start_devices(dc);
	for (i = 0; dc->source_args && dc->source_args[i]; i++)
		disk_add(dc, dc->source_args[i], true, i, true);
	return dc->source_dir ? start_source_dir(dc) : 0;
}

/*
 * Forget every disk (its sources go, unmounted) and probe what is there
 * now, each waited for: the folders of --source and --source-dir, or the
 * block devices in /sys/class/block.
 */
void devwatch_rescan(struct discovery *dc)
{
	char **names = NULL;
	size_t i;

	while (dc->disks.n)
		disk_forget(dc, ((struct disk *)dc->disks.v[0])->name);
	for (i = 0; dc->source_args && dc->source_args[i]; i++)
		disk_add(dc, dc->source_args[i], true, i, true);
	if (dc->source_dir)
		add_dir_folders(dc);
	if (dc->source_args || dc->source_dir || devices_enumerate(&names))
		return;
	for (i = 0; names[i]; i++)
		disk_add(dc, names[i], false, 0, true);
	strv_free(names);
}

void devwatch_stop(struct discovery *dc)
{
	size_t i;

	for (i = 0; i < dc->disks.n; i++)
		disk_free(dc->disks.v[i]);
	vec_free(&dc->disks, NULL);
	for (i = 0; i < ASSEMBLE_KINDS; i++)
		event_cancel_timer(dc->assembly[i].timer);
	event_remove_fd(dc->hotplug_watch);
	if (dc->hotplug_fd >= 0)
		close(dc->hotplug_fd);
	dc->hotplug_fd = -1;
}
