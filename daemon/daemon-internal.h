/*
 * daemon-internal.h: the daemon's context, shared by its parts. Each part
 * keeps its own state in its own struct, declared in its own header:
 * server.h, autoboot.h (the choice: policy.h), catalog.h, boot.h,
 * settings.h, sysinfo.h, override.h (the BMC), rescan.h. What they truly
 * share is here: the options, the sources, the settings in force, the loop
 * and its jobs, discovery, and daemon.c's services (status, events,
 * lookups).
 */
#ifndef BATON_DAEMON_DAEMON_INTERNAL_H
#define BATON_DAEMON_DAEMON_INTERNAL_H

#include <stdbool.h>

#include "daemon/autoboot.h"
#include "daemon/boot.h"
#include "daemon/catalog.h"
#include "daemon/override.h"
#include "daemon/rescan.h"
#include "daemon/server.h"
#include "daemon/settings.h"
#include "daemon/signed.h"
#include "daemon/sysinfo.h"
#include "discover/discovery.h"
#include "lib/config.h"
#include "lib/event.h"
#include "lib/job.h"
#include "lib/protocol.h"
#include "lib/util.h"

#define DAEMON_SETTLE_MS	4000	/* longest wait for slow sources */
#define DAEMON_STATUS_KEEP	64
/* the state message's options; the rest of it (sources, status) fits in
   what is left of PROTO_MAX_PAYLOAD */
#define DAEMON_STATE_OPTIONS_MAX	(PROTO_MAX_PAYLOAD - (128u << 10))

struct daemon_opts {
	bool dry_run;
	char **source_args;	/* --source DIR[:k=v...]: folders, no devices */
	const char *socket_path;
	const char *cmdline_path;	/* default /proc/cmdline */
	int timeout;		/* from the command line; INT_MIN: not set */
	const char *default_pattern;	/* id, title glob or "submenu>entry" */
	const char *config_spec;	/* --config: settings store (board.h) */
	const char *log_tty;	/* --log-tty: a terminal that gets the log */
	const char *source_dir;	/* --source-dir: its folders come and go */
	const char *ipmi_path;	/* --ipmi: the BMC's device, or a socket */
	const char *lease_dir;	/* --lease-dir: the DHCP hook's leases */
	char **url_roots;	/* --url-root URL=DIR: read from folders */
	const char *dhcp_hook;	/* --dhcp-hook: the DHCP client's script */
	const char *machine;	/* --machine: a folder standing for /sys */
	const char *trust_dir;	/* --trust: baton's certificates */
};

struct daemon {
	struct event_loop *loop;
	struct daemon_opts opts;
	struct job_runner jobs;	/* workers hand their results back */
	struct discovery disc;	/* devices and folders: it reports here */

	/* shared: what every part reads */
	struct vec sources;	/* struct source *, in menu order */
	struct scan_result res;	/* every option, menu order */
	struct settings settings;	/* saved, kernel command line, args */
	bool settled;		/* initial discovery done (or gave up) */

	/* daemon.c */
	struct vec status;	/* char *: last messages, oldest first */
	struct event_timer *settle_timer;
	uint64_t started_ms;	/* CLOCK_MONOTONIC ms at start */
	uint64_t probing_ms;	/* ... when the first device was probed */

	/* each part's own */
	struct server_state server;
	struct autoboot_state autoboot;
	struct catalog_state catalog;
	struct boot_state boot;
	struct store_state store;
	struct override_state override;
	struct rescan_state rescan;
	struct signed_state sig;
};

/* daemon.c */
/*
 * What the daemon's parts report to daemon.c, which decides what follows
 * (today: what autoboot does). No part calls a file above it: catalog.c,
 * boot.c and settings.c report here instead of calling autoboot.c.
 */
enum daemon_event {
	DAEMON_OPTIONS_CHANGED,	/* catalog.c: options came, went, changed */
	DAEMON_BOOT_FAILED,	/* boot.c: loading or handing over id failed */
	DAEMON_BOOTED,		/* boot.c: a dry run "booted" id */
	DAEMON_SETTINGS_CHANGED,	/* settings.c: new settings in force */
	DAEMON_STORE_READY,	/* settings.c: the store autoboot waited
				   for at settling is known */
	DAEMON_BMC_READ,	/* override.c: a read of the BMC's flags
				   ended */
};
void daemon_event(struct daemon *d, enum daemon_event ev, const char *id);
/*
 * Tell every client that follows events what happened: a message of type
 * (PROTO_STATUS, PROTO_OPTION_ADD, ...) with payload (taken; NULL: out of
 * memory, nothing is sent). daemon.c alone sends events: the parts build
 * what they report and hand it here, in the order it happened. A reply to
 * the one client that asked is not an event (server_reply).
 */
void daemon_tell(struct daemon *d, unsigned type, json_t *payload);
/*
 * The iso_loopback setting may have changed (the store was read, a client
 * set it): discovery takes the new value, and the devices are probed
 * again when it changed after discovery started (not while a boot loads:
 * then the devices probed later take it).
 */
void daemon_iso_loopback(struct daemon *d);
/* Wire d->disc to the daemon (loop, jobs, its events, the options). */
void daemon_discovery_init(struct daemon *d);
void daemon_status(struct daemon *d, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
json_t *daemon_state_json(struct daemon *d);

#endif
