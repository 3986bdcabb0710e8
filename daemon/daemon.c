/*
 * daemon.c: `baton daemon`: start-up, the runner of the jobs done off the
 * event loop (lib/job.h), what discovery reports (the daemon decides what
 * it means), the moment discovery settles, and the state that the control
 * socket serves.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "daemon/daemon.h"
#include "discover/devices.h"
#include "discover/dhcp.h"
#include "discover/netup.h"
#include "discover/netwatch.h"
#include "lib/args.h"
#include "lib/log.h"
#include "lib/text.h"
#include "loader/liveupdate.h"
#include "loader/loader.h"
#include "loader/verify.h"

void daemon_status(struct daemon *d, bool error, const char *fmt, ...)
{
	char msg[LOAD_MESSAGE_MAX + 512];	/* boot.c's "boot failed: ..." whole */
	va_list ap;
	char *keep;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(error ? LOG_ERR : LOG_INFO, "%s", msg);
	keep = strdup(msg);
	if (keep && vec_push(&d->status, keep))
		free(keep);
	if (d->status.n > DAEMON_STATUS_KEEP)
		free(vec_remove(&d->status, 0));
	daemon_tell(d, PROTO_STATUS,
		    json_pack("{s:s,s:s}", "level", error ? "error" : "info",
			      "message", msg));
}

void daemon_tell(struct daemon *d, unsigned type, json_t *payload)
{
	server_broadcast(d, type, payload);
	json_decref(payload);
}

/*
 * The options, in menu order, as many as fit in one state message: a
 * hostile disk's 4,096 entries with long titles would not, and a state
 * the protocol cannot carry would leave every new client without one.
 */
static json_t *state_options(struct daemon *d)
{
	json_t *opts = json_array(), *j;
	size_t i, n, used = 0;

	for (i = 0; opts && i < d->res.options.n; i++) {
		j = boot_option_to_json(d->res.options.v[i]);
		n = j ? json_dumpb(j, NULL, 0, JSON_COMPACT) + 1 : 0;
		if (used + n > DAEMON_STATE_OPTIONS_MAX) {
			json_decref(j);
			log_warn("%zu of %zu options left out of the state "
				 "sent to a client: over %u KiB",
				 d->res.options.n - i, d->res.options.n,
				 DAEMON_STATE_OPTIONS_MAX >> 10);
			break;
		}
		used += n;
		json_array_append_new(opts, j);
	}
	return opts;
}

json_t *daemon_state_json(struct daemon *d)
{
	const char *chosen = d->autoboot.chosen, *booting = daemon_boot_id(d);
	json_t *opts = state_options(d), *st = json_array();
	const char *lu = NULL;
	size_t i;

	if (!d->boot.job)	/* a boot's worker may be changing it */
		lu = lu_state_name(lu_carry_state(d->boot.lu));
	/* this state lacks what a running rescan forgot and finds again
	   unchanged: the rescan's end then sends every option (catalog.c) */
	if (d->rescan.running)
		d->catalog.resend = true;

	for (i = 0; st && i < d->status.n; i++)
		json_array_append_new(st, json_string(d->status.v[i]));
	return json_pack("{s:o,s:o,s:o*,s:i,s:o,s:o*,s:o*,s:s*,s:s*,s:o*,"
			 "s:o*}",
			 "options", opts, "sources", catalog_sources_json(d),
			 "default", chosen ? json_string(chosen) : NULL,
			 "countdown", d->autoboot.countdown, "status", st,
			 "booting", booting ? json_string(booting) : NULL,
			 "fetching", daemon_boot_fetch_json(d),
			 "liveupdate", lu, "liveupdate_message",
			 lu ? lu_carry_summary(d->boot.lu) : NULL,
			 "bmc", override_json(d),
			 "signed_boot", daemon_signed_json(d));
}

/* ---- the network: settings for discover/netup.c and netwatch.c ------ */

/* Does any layer (store, kernel command line) set key k? */
static bool set_explicitly(struct daemon *d, enum config_key k)
{
	int l;

	for (l = 0; l < CFG_LAYER_MAX; l++)
		if (d->settings.layer[l].values[k])
			return true;
	return false;
}

static struct netup_conf net_conf(struct daemon *d)
{
	struct netup_conf c = {
		.interfaces = settings_get(&d->settings, CFG_NET_INTERFACES),
		.config = settings_get(&d->settings, CFG_NET_CONFIG),
		.hook = d->opts.dhcp_hook,
		/* a dry run never rewrites this machine's resolv.conf */
		.resolv_conf = d->opts.dry_run ? "none" : NULL,
	};

	return c;
}

/*
 * Interfaces are driven when leases are followed; in a dry run only when
 * net_interfaces is set (a dry run must not take the host's NICs).
 */
static bool drives_interfaces(struct daemon *d)
{
	return d->disc.lease_dir && (!d->opts.dry_run ||
				     set_explicitly(d, CFG_NET_INTERFACES));
}

/* What the config lookups fetch with (the leases there at start too). */
static void fetch_settings(struct daemon *d)
{
	d->disc.ca_file = settings_get(&d->settings, CFG_NET_CA_FILE);
	d->disc.proxy = settings_get(&d->settings, CFG_NET_PROXY);
}

static void net_settings(struct daemon *d)
{
	struct netup_conf c = net_conf(d);

	fetch_settings(d);
	if (d->disc.netup)
		netup_configure(&d->disc, &c);
	else if (drives_interfaces(d))
		netup_start(&d->disc, &c);
}

/* ---- what the daemon's parts report: daemon.c decides ---------------- */

void daemon_event(struct daemon *d, enum daemon_event ev, const char *id)
{
	switch (ev) {
	case DAEMON_OPTIONS_CHANGED:
		daemon_predict_options(d);
		autoboot_options_changed(d);
		break;
	case DAEMON_BOOT_FAILED:
		autoboot_boot_failed(d, id);
		break;
	case DAEMON_BOOTED:
		autoboot_booted(d);
		break;
	case DAEMON_SETTINGS_CHANGED:
		net_settings(d);
		autoboot_settings_changed(d);
		break;
	case DAEMON_STORE_READY:
		net_settings(d);
		autoboot_store_ready(d);
		break;
	case DAEMON_BMC_READ:
		autoboot_bmc_read(d);
		break;
	}
}

/* ---- settling --------------------------------------------------------- */

/* Peak resident memory (VmHWM) in KiB, 0 when unknown. */
static long peak_rss_kib(void)
{
	char line[128];
	long kib = 0;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static void settle(struct daemon *d)
{
	uint64_t now;

	if (d->settled)
		return;
	catalog_flush(d);	/* the last results, before the choice */
	d->settled = true;
	d->disc.settled = true;	/* later devices are not waited for */
	event_cancel_timer(d->settle_timer);
	d->settle_timer = NULL;
	now = event_now_ms();
	log_info("discovery: %zu source(s), %zu boot option(s) in %llu ms "
		 "(%llu ms of probing), peak RSS %ld KiB%s", d->sources.n,
		 d->res.options.n,
		 (unsigned long long)(now - d->started_ms),
		 (unsigned long long)(now - d->probing_ms), peak_rss_kib(),
		 d->disc.pending ? " (slow devices still probing)" : "");
	autoboot_settled(d);
}

static void on_settle_timeout(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->settle_timer = NULL;
	settle(d);
}

/* ---- what discovery reports (discovery.h): the daemon decides ------- */

static struct daemon *of(struct discovery *dc)
{
	return container_of(dc, struct daemon, disc);
}

static void on_found(struct discovery *dc, struct found *found, size_t n)
{
	catalog_add(of(dc), found, n);
}

static void on_gone(struct discovery *dc, const char *dev)
{
	catalog_remove_device(of(dc), dev);
}

static void on_sources_changed(struct discovery *dc)
{
	catalog_sources_changed(of(dc));
}

static void on_settings_partition(struct discovery *dc, const char *name,
				  struct board_store **st, char **text,
				  int err)
{
	daemon_settings_partition(of(dc), name, st, text, err);
}

static void on_waited(struct discovery *dc)
{
	if (!dc->pending)
		settle(of(dc));
	rescan_waited(of(dc));
}

static void on_status(struct discovery *dc, bool error, const char *msg)
{
	daemon_status(of(dc), error, "%s", msg);
}

static bool on_want_settings(struct discovery *dc)
{
	return daemon_settings_want_partition(of(dc));
}

static const struct discovery_events discovery_events = {
	.found = on_found,
	.gone = on_gone,
	.sources_changed = on_sources_changed,
	.settings_partition = on_settings_partition,
	.waited = on_waited,
	.status = on_status,
	.want_settings = on_want_settings,
};

void daemon_discovery_init(struct daemon *d)
{
	d->disc.loop = d->loop;
	d->disc.jobs = &d->jobs;
	d->disc.ev = &discovery_events;
	d->disc.source_args = d->opts.source_args;
	d->disc.source_dir = d->opts.source_dir;
	d->disc.hotplug_fd = -1;
	/* leases: the hook's folder, but not in a dry run unless asked */
	d->disc.lease_dir = d->opts.lease_dir;
	if (!d->disc.lease_dir && !d->opts.dry_run && !d->opts.source_args &&
	    !d->opts.source_dir)
		d->disc.lease_dir = DHCP_LEASE_DIR_DEFAULT;
	d->disc.url_roots = d->opts.url_roots;
}

void daemon_iso_loopback(struct daemon *d)
{
	bool on = settings_bool(&d->settings, CFG_ISO_LOOPBACK);

	if (on == d->disc.iso_loopback)
		return;
	d->disc.iso_loopback = on;
	if (!d->disc.loop || daemon_boot_id(d))
		return;		/* not started, or booting: later probes */
	log_info("settings: iso_loopback is %s: every device is probed "
		 "again", on ? "on" : "off");
	devwatch_rescan(&d->disc);
}

static int start_discovery(struct daemon *d)
{
	int ret;

	daemon_discovery_init(d);
	d->disc.iso_loopback = settings_bool(&d->settings, CFG_ISO_LOOPBACK);
	d->disc.pending++;	/* until every start is made */
	d->probing_ms = event_now_ms();
	ret = devwatch_start(&d->disc);
	/* never waited for: a slow network delays nothing (issue 11) */
	fetch_settings(d);
	if (!netwatch_start(&d->disc))
		net_settings(d);
	d->settle_timer = event_add_timer(d->loop, DAEMON_SETTLE_MS,
					  on_settle_timeout, d);
	d->disc.pending--;
	on_waited(&d->disc);
	return ret;
}

/* ---- start-up --------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"usage: baton daemon [--dry-run] [--source DIR[:key=value,...]]...\n"
"                    [--source-dir DIR] [--socket PATH] [--cmdline FILE]\n"
"                    [--timeout N] [--default ID|GLOB] [--log PATH]\n"
"                    [--log-tty TTY] [--config STORE] [--ipmi PATH]\n"
"                    [--lease-dir DIR] [--url-root URL=DIR]...\n"
"                    [--dhcp-hook PATH] [--machine DIR] [--trust DIR]\n"
"  Discover boot options on every block device (or only in the folders\n"
"  given with --source), autoboot the default after the timeout, and\n"
"  serve menus and the CLI on the control socket (%s).\n"
"  --dry-run  never kexec: log what would be booted\n"
"  --source-dir  each folder in DIR is a source; folders moved in or out\n"
"             later come and go like hot-plugged disks (tests)\n"
"  --cmdline  read baton.* keys from FILE instead of /proc/cmdline\n"
"  --log-tty  copy the log to the terminal TTY too (a second serial\n"
"             port), sent out in full before a kexec\n"
"  --config   settings in STORE: file:PATH, label:LABEL, efi[:DIR], none\n"
"             (default: the board's; none with --dry-run)\n"
"  --ipmi     the BMC's IPMI device (default %s; none with\n"
"             --dry-run), or a Unix socket where a test plays the BMC\n"
"  --lease-dir  DHCP leases the hook writes (default %s;\n"
"             none with --dry-run, --source or --source-dir)\n"
"  --url-root  URLs under URL are read from the folder DIR (tests)\n"
"  --dhcp-hook  the DHCP client's script (default %s); a dry\n"
"             run drives interfaces only when net_interfaces is set\n"
"  --machine  read the lockdown mode, Secure Boot and db under DIR\n"
"             instead of /sys (tests)\n"
"  --trust    the certificates the verify setting trusts (default %s)\n",
		PROTO_SOCKET_PATH, OVERRIDE_IPMI_PATH, DHCP_LEASE_DIR_DEFAULT,
		DHCP_HOOK_DEFAULT, TRUST_DIR);
}

static void open_log_tty(const char *path)
{
	int ret = log_add_tty(path);

	if (ret)
		log_err("--log-tty %s: %s", path, strerror(-ret));
}

/* 0, 1 for --help, or -errno (said on stderr, or by getopt). */
static int parse_args(struct daemon_opts *o, int argc, char **argv,
		      const char **log_path)
{
	const struct arg_opt opts[] = {
		OPT_FLAG("dry-run", 'n', &o->dry_run),
		OPT_STRV("source", 's', &o->source_args),
		OPT_STR("source-dir", 'D', &o->source_dir),
		OPT_STR("socket", 'S', &o->socket_path),
		OPT_STR("cmdline", 'c', &o->cmdline_path),
		OPT_INT("timeout", 't', &o->timeout, -1, INT_MAX),
		OPT_STR("default", 'd', &o->default_pattern),
		OPT_STR("config", 'C', &o->config_spec),
		OPT_STR("log", 'l', log_path),
		OPT_STR("log-tty", 'L', &o->log_tty),
		OPT_STR("ipmi", 'I', &o->ipmi_path),
		OPT_STR("lease-dir", 'E', &o->lease_dir),
		OPT_STRV("url-root", 'U', &o->url_roots),
		OPT_STR("dhcp-hook", 'H', &o->dhcp_hook),
		OPT_STR("machine", 'M', &o->machine),
		OPT_STR("trust", 'T', &o->trust_dir),
		OPT_END,
	};
	int ret = args_parse(argc, argv, opts);

	if (ret == ARGS_HELP)
		return 1;
	if (ret < 0)
		return ret;
	return ret < argc ? -EINVAL : 0;
}

static void on_term(struct event_loop *loop, int signo, void *data)
{
	event_loop_quit(loop, 0);
}

static void daemon_release(struct daemon *d)
{
	size_t i;

	server_stop(d);
	devwatch_stop(&d->disc);
	netup_stop(&d->disc);
	netwatch_stop(&d->disc);
	job_runner_release(&d->jobs);
	event_loop_free(d->loop);
	for (i = 0; i < d->sources.n; i++)
		source_free(d->sources.v[i]);
	vec_free(&d->sources, NULL);
	scan_result_release(&d->res);
	catalog_release(d);
	vec_free(&d->status, free);
	autoboot_release(d);
	rescan_release(d);
	strv_free(d->opts.source_args);
	strv_free(d->opts.url_roots);
	daemon_settings_release(d);
	lu_carry_free(d->boot.lu);
	json_decref(d->boot.records);
}

int daemon_main(int argc, char **argv)
{
	struct daemon d = {
		.opts = { .timeout = INT_MIN },
		.autoboot = { .countdown = -1 },
		.server = { .listen_fd = -1 },
		.jobs = { .pipe = { -1, -1 } },
		.disc = { .hotplug_fd = -1 },
		.res = { .timeout = -1 },
	};
	const char *log_path = NULL;
	int ret = 1;

	d.started_ms = event_now_ms();
	proto_seed();	/* before any JSON: see protocol.h */
	ret = parse_args(&d.opts, argc, argv, &log_path);
	if (ret) {
		usage(ret > 0 ? stdout : stderr);
		ret = ret > 0 ? 0 : 1;
		goto out;
	}
	ret = 1;
	mkdir("/run/baton", 0700);
	/* in the initramfs: the kernel log; elsewhere (dry run): stderr */
	log_open(LOG_SINK_FILE | (d.opts.dry_run ? LOG_SINK_STDERR :
				  LOG_SINK_KMSG),
		 log_path ? log_path : "/run/baton/log", LOG_INFO);
	if (d.opts.log_tty)
		open_log_tty(d.opts.log_tty);
	signal(SIGPIPE, SIG_IGN);
	d.loop = event_loop_new();
	if (!d.loop || job_runner_init(&d.jobs, d.loop) ||
	    event_add_signal(d.loop, SIGTERM, on_term, &d) ||
	    event_add_signal(d.loop, SIGINT, on_term, &d)) {
		log_err("cannot set up the event loop: %s", strerror(errno));
		goto out;
	}
	/* settings.c: cmdline and args now, the store off the loop */
	daemon_settings_load(&d);
	override_start(&d);	/* the BMC's flags, off the loop */
	daemon_signed_start(&d);	/* lockdown and Secure Boot: sysfs */
	if (server_start(&d))
		goto out;
	log_info("daemon started%s", d.opts.dry_run ? " (dry run)" : "");
	d.boot.lu = lu_carry_new(!d.opts.dry_run && liveupdate_arrived());
	if (lu_carry_state(d.boot.lu) != LU_NONE)
		daemon_status(&d, false, "%s", lu_carry_summary(d.boot.lu));
	if (start_discovery(&d))
		goto out;
	ret = event_loop_run(d.loop) ? 1 : 0;
out:
	daemon_release(&d);
	return ret;
}
