/*
 * daemon-internal.h: the daemon's context, shared by its parts: daemon.c
 * (start-up, sources, workers), server.c (control socket and clients),
 * autoboot.c (countdown and default choice) and boot.c (handing over).
 */
#ifndef BATON_DISCOVER_DAEMON_INTERNAL_H
#define BATON_DISCOVER_DAEMON_INTERNAL_H

#include <stdbool.h>

#include "discover/scan.h"
#include "lib/event.h"
#include "lib/protocol.h"
#include "lib/util.h"

#define DAEMON_SETTLE_MS	4000	/* longest wait for slow sources */
#define DAEMON_DEFAULT_TIMEOUT	10
#define DAEMON_MAX_CLIENTS	64
#define DAEMON_CLIENT_QUEUE_MAX	(4u << 20)
#define DAEMON_STATUS_KEEP	64

struct daemon_opts {
	bool dry_run;
	char **source_args;	/* --source DIR[:k=v...]: folders, no devices */
	const char *socket_path;
	const char *cmdline_path;	/* default /proc/cmdline */
	int timeout;		/* from the command line; INT_MIN: not set */
	char *default_pattern;	/* id, title glob or "submenu>entry" */
};

struct client {
	struct daemon *d;
	int fd;
	struct event_fd *watch;
	struct proto_reader rd;
	char *out;		/* queued frames not yet written */
	size_t out_len;
	bool events;		/* wants pushed events */
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
};

/* daemon.c */
void daemon_status(struct daemon *d, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct boot_option *daemon_find_option(struct daemon *d, const char *id);
json_t *daemon_state_json(struct daemon *d);

/* server.c */
int server_start(struct daemon *d);
void server_stop(struct daemon *d);
void server_broadcast(struct daemon *d, unsigned type, json_t *payload);

/* autoboot.c */
void autoboot_settled(struct daemon *d);
void autoboot_options_changed(struct daemon *d);
void autoboot_cancel(struct daemon *d, const char *why);
void autoboot_boot_failed(struct daemon *d, const char *id);
int autoboot_read_cmdline(struct daemon_opts *opts, const char *path);

/*
 * boot.c: load opt and, unless dry-run, hand over (does not return then).
 * Returns 0 on a dry-run success; otherwise -errno with *why set to a
 * sentence (static or allocated into why_buf).
 */
int daemon_boot(struct daemon *d, const struct boot_option *opt,
		char *why_buf, size_t why_len);

#endif
