/*
 * daemon-internal.h: the daemon's context, shared by its parts: daemon.c
 * (start-up, jobs, state), probe.c (devices, workers, hotplug), catalog.c
 * (sources and options), server.c (control socket and clients),
 * autoboot.c (countdown and default choice) and boot.c (handing over).
 */
#ifndef BATON_DISCOVER_DAEMON_INTERNAL_H
#define BATON_DISCOVER_DAEMON_INTERNAL_H

#include <stdbool.h>

#include "discover/assemble.h"
#include "discover/devices.h"
#include "discover/scan.h"
#include "lib/config.h"
#include "lib/event.h"
#include "lib/protocol.h"
#include "lib/util.h"

#define DAEMON_SETTLE_MS	4000	/* longest wait for slow sources */
#define DAEMON_DEFAULT_TIMEOUT	10
#define DAEMON_MAX_CLIENTS	64
#define DAEMON_CLIENT_QUEUE_MAX	(256u << 10)	/* then a client's events
						   wait for it to catch up */
#define DAEMON_CLIENT_STALL_MS	5000	/* a client behind that long without
					   reading a byte is dropped */
#define DAEMON_REQUEST_MAX	(64u << 10)	/* bytes of one request */
/* the state message's options; the rest of it (sources, status) fits in
   what is left of PROTO_MAX_PAYLOAD */
#define DAEMON_STATE_OPTIONS_MAX	(PROTO_MAX_PAYLOAD - (128u << 10))
#define DAEMON_STATUS_KEEP	64
#define DAEMON_DEVICE_WAIT_MS	3000	/* per device: longest wait before
					   the menu and autoboot go on */
#define DAEMON_ASSEMBLE_WAIT_MS	3000	/* the same for LVM / MD assembly */
#define DAEMON_ASSEMBLE_KILL_MS	30000	/* an assembly tool is killed then */
#define DAEMON_MEDIA_POLL_MS	1000	/* CD/DVD media-change polling */
#define DAEMON_STORE_WAIT_MS	2000	/* after settling: longest wait for
					   the settings store to be read */
#define DAEMON_SAVE_WAIT_MS	5000	/* longest a boot's hand-over waits
					   for a settings save in flight */
#define DAEMON_HELD_MAX		32	/* requests held per client while
					   the settings are not known */
#define DAEMON_REFRESH_MS	200	/* until discovery settles: results
					   are published this often */

struct daemon_opts {
	bool dry_run;
	char **source_args;	/* --source DIR[:k=v...]: folders, no devices */
	const char *socket_path;
	const char *cmdline_path;	/* default /proc/cmdline */
	int timeout;		/* from the command line; INT_MIN: not set */
	char *default_pattern;	/* id, title glob or "submenu>entry" */
	const char *config_spec;	/* --config: settings store (board.h) */
	const char *log_tty;	/* --log-tty: a terminal that gets the log */
	const char *source_dir;	/* --source-dir: its folders come and go */
};

struct daemon;
struct probe_work;
struct boot_job;
struct board_store;
struct store_job;

/*
 * Work done off the event loop: run() in a thread of its own, then done()
 * back on the loop, which owns (and frees) the job again.
 */
struct job {
	void (*run)(struct job *j);
	void (*done)(struct daemon *d, struct job *j);
	int pipe_fd;		/* set by daemon_start_job */
};

/* One LVM or MD assembly (probe.c): at most one runs per kind. */
struct assembly {
	struct daemon *d;
	int kind;		/* enum assemble_kind */
	bool running;
	bool again;		/* more members appeared meanwhile: rerun */
	bool waited;		/* counted in daemon.pending */
	bool told;		/* "no tool to assemble it" was logged */
	struct event_timer *timer;	/* the time bound on waiting for it */
};

enum disk_state {
	DISK_PROBING,		/* a worker is at it */
	DISK_READY,		/* mounted: its sources are in daemon.sources */
	DISK_EMPTY,		/* no filesystem, or nothing baton mounts */
	DISK_MEMBER,		/* swap, an LVM or RAID member... */
	DISK_LOCKED,		/* crypto_LUKS: listed as a locked source */
	DISK_FAILED,		/* probing or mounting failed (logged) */
};

/* A block device (or --source folder) the daemon knows (probe.c). */
struct disk {
	struct daemon *d;
	char *name;		/* kernel name "vdb1", or the --source argument */
	bool is_dir;
	int rank;		/* --source order; 0 for devices (by name) */
	enum disk_state state;
	struct probe_work *work;	/* while probing */
	struct event_timer *timer;	/* the time bound on waiting for it */
	bool waited;		/* counted in daemon.pending */
	struct source_info info;	/* what probing said (LOCKED: listed) */
	struct device_extra extra;
};

struct client {
	struct daemon *d;
	int fd;
	struct event_fd *watch;
	struct proto_reader rd;
	char *out;		/* queued frames not yet written */
	size_t out_len;
	bool events;		/* wants pushed events */
	bool behind;		/* events were left out: once its queue is
				   empty, it gets the whole state again */
	size_t behind_len;	/* out_len when it last read something */
	uint64_t behind_ms;	/* and when */
	bool unlocked;		/* gave the lockdown password */
	struct vec held;	/* struct held *: requests that wait for the
				   settings store, in the order received */
};

struct daemon {
	struct event_loop *loop;
	struct daemon_opts opts;

	struct vec sources;	/* struct source *, in arrival order */
	struct scan_result res;	/* every option, menu order */
	struct vec sent;	/* char *: last JSON sent per option */

	int listen_fd;
	struct vec clients;	/* struct client * */

	int work_pipe[2];
	int pending;		/* workers still running */
	bool settled;		/* initial discovery done (or gave up) */
	struct event_timer *settle_timer;

	/* autoboot */
	int countdown;		/* seconds left; -1 when not counting */
	struct event_timer *tick;
	char *chosen;		/* id the countdown will boot */
	bool stopped;		/* a person took over: no autoboot */
	struct vec tried;	/* char *: ids that failed this boot */

	struct vec status;	/* char *: last messages, oldest first */

	/* settings (settings.c): saved, kernel command line, arguments */
	struct settings settings;
	struct board_store *store;	/* NULL: nowhere to save */
	char *next_used;	/* one-shot pattern this boot follows */
	bool store_looking;	/* the store is not known (or read) yet */
	bool store_board;	/* the board's choice: its partition, handed
				   over by discovery, else its fallback */
	struct store_job *store_fallback;	/* read, kept until settling */
	struct event_timer *store_timer;	/* bound on waiting after it */
	struct event_timer *held_timer;	/* replays held requests */
	bool saving;		/* a worker is writing the store */
	bool save_again;	/* changed meanwhile: save once more after */
	struct client *save_client;	/* its settings-set waits for it */
	json_t *save_values;	/* ... with these values */
	bool save_replies;	/* the save answers a settings-set */
	struct job *after_save;	/* a boot's hand-over, waiting for it */
	struct event_timer *save_timer;	/* ... at most this long */
	bool save_stuck;	/* that wait ran out: later boots go on */

	/* discovery (probe.c, catalog.c) and loading (boot.c) */
	uint64_t started_ms;	/* CLOCK_MONOTONIC ms at start */
	uint64_t probing_ms;	/* ... when the first device was probed */
	struct vec disks;	/* struct disk *: devices and folders known */
	int hotplug_fd;		/* uevents (inotify with --source-dir); or -1 */
	struct event_fd *hotplug_watch;
	struct assembly assembly[ASSEMBLE_KINDS];
	struct vec sent_ids;	/* char *: the id of each entry of sent */
	bool catalog_dirty;	/* added to, not yet resolved and published */
	struct event_timer *refresh_timer;	/* publishes it */
	struct boot_job *boot;	/* the load running in a worker, or NULL */
	struct client *boot_client;	/* waits for that load's reply */
};

/* daemon.c */
/* Run j off the loop (a detached thread). 0 or -errno (then j is not run). */
int daemon_start_job(struct daemon *d, struct job *j);
/* One thing discovery waited for is done (or timed out): maybe settle. */
void daemon_waited(struct daemon *d);
void daemon_status(struct daemon *d, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct boot_option *daemon_find_option(struct daemon *d, const char *id);
json_t *daemon_state_json(struct daemon *d);

/* server.c */
int server_start(struct daemon *d);
void server_stop(struct daemon *d);
void server_broadcast(struct daemon *d, unsigned type, json_t *payload);

/*
 * Requests that need the saved settings (settings-get and -set, unlock,
 * an edited boot), and any later request of the same client, are held
 * while the store is not known or a save writes it; then they are
 * answered in order (from the loop, not from inside the caller).
 */
void server_release_held(struct daemon *d);

/* autoboot.c */
void autoboot_settled(struct daemon *d);
void autoboot_options_changed(struct daemon *d);
void autoboot_settings_changed(struct daemon *d);
void autoboot_store_ready(struct daemon *d);
void autoboot_cancel(struct daemon *d, const char *why);
void autoboot_boot_failed(struct daemon *d, const char *id);

/*
 * settings.c: load the settings at start: the kernel command line and the
 * arguments at once, the store off the loop (docs/config.md): the one
 * --config names is read by a worker; the board's is the partition
 * reserved for settings, which the discovery worker that probes it reads
 * and hands over (daemon_settings_partition), else, once discovery has
 * settled without it, the board's fallback (read by a worker at start,
 * kept until then). Serve settings-get/-set, unlock, log-get and
 * sysinfo-get. Returns 0, or -errno for a bad --config (logged; the
 * daemon goes on with nowhere to save).
 */
int daemon_settings_load(struct daemon *d);
void daemon_settings_release(struct daemon *d);
void daemon_settings_handle(struct client *c, unsigned type, json_t *msg);
/* Lockdown is on and this client has not given the password. */
bool daemon_client_locked(const struct client *c);
/* The store is not known yet: autoboot and held requests wait for it. */
bool daemon_settings_pending(const struct daemon *d);
/*
 * The store is not known yet, or a worker is writing it: requests that
 * need the settings are held (server.c), and a boot's hand-over waits
 * (daemon_settings_after_save).
 */
bool daemon_settings_busy(const struct daemon *d);
/*
 * While a save runs: keep j, and call j->done(d, j) once the store is
 * written, or after DAEMON_SAVE_WAIT_MS (a dead disk must not keep the
 * machine from booting); false (j not kept) when no save runs.
 */
bool daemon_settings_after_save(struct daemon *d, struct job *j);
/* A discovery worker should read the board's settings partition. */
bool daemon_settings_want_partition(const struct daemon *d);
/*
 * The discovery worker for name found the board's settings partition and
 * read it: *st, *text (taken when used) and err as board_store_load()
 * returned it. Used unless the store is known already (then logged).
 */
void daemon_settings_partition(struct daemon *d, const char *name,
			       struct board_store **st, char **text, int err);
/*
 * At settle: decide the store (the partition handed over, else the
 * board's fallback); true while it is still being read (then
 * autoboot_store_ready is called when it is, or after a bound).
 */
bool daemon_settings_settle(struct daemon *d);
/* Keep "next" for this boot in d->next_used; forget it in the store. */
void daemon_settings_forget_next(struct daemon *d);

/* sysinfo.c: kernel, block devices and network interfaces, for `i`. */
json_t *daemon_sysinfo_json(struct daemon *d);

/* server.c: answer one client. */
void server_reply(struct client *c, int err, const char *msg);
int server_send(struct client *c, unsigned type, const json_t *payload);

/*
 * boot.c: load opt in a worker (the loop goes on serving clients while a
 * large initrd is read) and then, unless dry-run, hand over. Returns
 * -EINPROGRESS once the load is under way (why_buf: "booting NAME"); its
 * outcome follows on the loop: a failure is reported (status, progress,
 * the waiting client's reply, autoboot_boot_failed()), a dry-run success
 * too and sets d->stopped, a real success unmounts everything and starts
 * the new kernel. Any other -errno: nothing started, why_buf says why
 * (-EBUSY: another load is running).
 */
int daemon_boot(struct daemon *d, const struct boot_option *opt,
		char *why_buf, size_t why_len);
/* The id of the option being loaded (d->boot set), or NULL. */
const char *daemon_boot_id(struct daemon *d);

/*
 * catalog.c: the sources and options the daemon serves, kept in menu order
 * (--source order, then device names), and the events that tell clients
 * how they change.
 */
struct found {			/* one filesystem a worker mounted and parsed */
	struct source *src;
	struct scan_result res;
};

/*
 * Take over found[0..n) (sources and options) and tell the clients: at
 * once once discovery has settled; before, batched (DAEMON_REFRESH_MS),
 * since resolving and publishing cost as much as the catalog is large.
 */
void catalog_add(struct daemon *d, struct found *found, size_t n);
/*
 * Resolve and publish what catalog_add batched: before anything reads
 * the options (a request, settling).
 */
void catalog_flush(struct daemon *d);
/*
 * Drop every source of block device dev ("/dev/vdb1"), unmounted lazily,
 * or of a folder (dev: its path), with their options; tell the clients.
 */
void catalog_remove_device(struct daemon *d, const char *dev);
/* The sources list of state and sources messages (locked devices too). */
json_t *catalog_sources_json(struct daemon *d);
void catalog_sources_changed(struct daemon *d);
struct source *catalog_source(struct daemon *d, const char *name);

/* probe.c: block devices and folders: a worker each, with a time bound. */
/* Start probing name unless known already; waited: discovery waits for it. */
int disk_add(struct daemon *d, const char *name, bool is_dir, int rank,
	     bool waited);
/* name went away (or its medium changed): forget it and its sources. */
void disk_forget(struct daemon *d, const char *name);
struct disk *disk_find(struct daemon *d, const char *name);
void disk_free(struct disk *k);
/* Clear *waited, and tell discovery one thing less is waited for. */
void disk_stop_waiting(struct daemon *d, bool *waited);
/* Unmount (if mounted) and free what a worker found. */
void found_release(struct found *f);

/* devwatch.c: devices at start, uevents, --source-dir, LVM/MD assembly. */
int probe_start(struct daemon *d);
void probe_stop(struct daemon *d);
/* member (a device name, or NULL) belongs to a volume of kind: assemble. */
void assemble_request(struct daemon *d, enum assemble_kind kind,
		      const char *member);

#endif
