/*
 * daemon.c: `baton daemon`: start-up, jobs run off the event loop (worker
 * threads that hand their result back through a pipe), the moment
 * discovery settles, and the state that the control socket serves.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/daemon-internal.h"
#include "discover/daemon.h"
#include "discover/devices.h"
#include "lib/log.h"
#include "lib/text.h"

void daemon_status(struct daemon *d, bool error, const char *fmt, ...)
{
	char msg[512];
	json_t *ev;
	va_list ap;
	char *keep;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(error ? LOG_ERR : LOG_INFO, "%s", msg);
	keep = strdup(msg);
	if (keep && vec_push(&d->status, keep))
		free(keep);
	if (d->status.n > DAEMON_STATUS_KEEP) {
		free(d->status.v[0]);
		memmove(d->status.v, d->status.v + 1,
			(d->status.n - 1) * sizeof(void *));
		d->status.n--;
	}
	ev = json_pack("{s:s,s:s}", "level", error ? "error" : "info",
		       "message", msg);
	server_broadcast(d, PROTO_STATUS, ev);
	json_decref(ev);
}

struct boot_option *daemon_find_option(struct daemon *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->res.options.n; i++) {
		struct boot_option *o = d->res.options.v[i];

		if (streq(o->id, id))
			return o;
	}
	return NULL;
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
	json_t *opts = state_options(d), *st = json_array();
	size_t i;

	for (i = 0; st && i < d->status.n; i++)
		json_array_append_new(st, json_string(d->status.v[i]));
	return json_pack("{s:o,s:o,s:o*,s:i,s:o,s:o*}", "options", opts,
			 "sources", catalog_sources_json(d),
			 "default", d->chosen ? json_string(d->chosen) : NULL,
			 "countdown", d->countdown, "status", st,
			 "booting", d->boot ? json_string(daemon_boot_id(d)) :
			 NULL);
}

/* ---- jobs ------------------------------------------------------------- */

static void *job_thread(void *arg)
{
	struct job *j = arg;

	j->run(j);
	/* hand j back to the loop; a pointer is written atomically to a pipe */
	if (write(j->pipe_fd, &j, sizeof(j)) != sizeof(j))
		log_err("lost the result of a worker");
	return NULL;
}

int daemon_start_job(struct daemon *d, struct job *j)
{
	pthread_attr_t attr;
	pthread_t tid;
	int ret;

	j->pipe_fd = d->work_pipe[1];
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 << 10);
	ret = -pthread_create(&tid, &attr, job_thread, j);
	pthread_attr_destroy(&attr);
	return ret;
}

static void on_work(struct event_loop *loop, int fd, uint32_t events,
		    void *data)
{
	struct daemon *d = data;
	struct job *j;

	while (read(fd, &j, sizeof(j)) == sizeof(j))
		j->done(d, j);
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
	event_cancel_timer(d->settle_timer);
	d->settle_timer = NULL;
	now = event_now_ms();
	log_info("discovery: %zu source(s), %zu boot option(s) in %llu ms "
		 "(%llu ms of probing), peak RSS %ld KiB%s", d->sources.n,
		 d->res.options.n,
		 (unsigned long long)(now - d->started_ms),
		 (unsigned long long)(now - d->probing_ms), peak_rss_kib(),
		 d->pending ? " (slow devices still probing)" : "");
	autoboot_settled(d);
}

void daemon_waited(struct daemon *d)
{
	if (d->pending > 0)
		d->pending--;
	if (!d->pending)
		settle(d);
}

static void on_settle_timeout(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->settle_timer = NULL;
	settle(d);
}

static int start_discovery(struct daemon *d)
{
	int ret;

	d->pending++;	/* until every start is made */
	d->probing_ms = event_now_ms();
	ret = probe_start(d);
	d->settle_timer = event_add_timer(d->loop, DAEMON_SETTLE_MS,
					  on_settle_timeout, d);
	daemon_waited(d);
	return ret;
}

/* ---- start-up --------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"usage: baton daemon [--dry-run] [--source DIR[:key=value,...]]...\n"
"                    [--source-dir DIR] [--socket PATH] [--cmdline FILE]\n"
"                    [--timeout N] [--default ID|GLOB] [--log PATH]\n"
"                    [--log-tty TTY] [--config STORE]\n"
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
"             (default: the board's; none with --dry-run)\n",
		PROTO_SOCKET_PATH);
}

static void open_log_tty(const char *path)
{
	int ret = log_add_tty(path);

	if (ret)
		log_err("--log-tty %s: %s", path, strerror(-ret));
}

static int parse_args(struct daemon_opts *o, int argc, char **argv,
		      const char **log_path)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "source-dir", required_argument, NULL, 'D' },
		{ "socket", required_argument, NULL, 'S' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "default", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'C' },
		{ "log", required_argument, NULL, 'l' },
		{ "log-tty", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "ns:D:S:c:t:d:l:L:hC:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'n':
			o->dry_run = true;
			break;
		case 's':
			if (strv_push(&o->source_args, strdup(optarg)))
				return -ENOMEM;
			break;
		case 'D':
			o->source_dir = optarg;
			break;
		case 'S':
			o->socket_path = optarg;
			break;
		case 'c':
			o->cmdline_path = optarg;
			break;
		case 't':
			o->timeout = strtol(optarg, &end, 10);
			if (*end || o->timeout < -1)
				return -EINVAL;
			break;
		case 'd':
			free(o->default_pattern);
			o->default_pattern = strdup(optarg);
			break;
		case 'l':
			*log_path = optarg;
			break;
		case 'L':
			o->log_tty = optarg;
			break;
		case 'C':
			o->config_spec = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	return optind < argc ? -EINVAL : 0;
}

static void on_term(struct event_loop *loop, int signo, void *data)
{
	event_loop_quit(loop, 0);
}

static void daemon_release(struct daemon *d)
{
	size_t i;

	server_stop(d);
	probe_stop(d);
	event_loop_free(d->loop);
	for (i = 0; i < d->sources.n; i++)
		source_free(d->sources.v[i]);
	vec_free(&d->sources, NULL);
	scan_result_release(&d->res);
	vec_free(&d->sent, free);
	vec_free(&d->sent_ids, free);
	vec_free(&d->status, free);
	vec_free(&d->tried, free);
	free(d->chosen);
	strv_free(d->opts.source_args);
	free(d->opts.default_pattern);
	daemon_settings_release(d);
	if (d->work_pipe[0] >= 0) {
		close(d->work_pipe[0]);
		close(d->work_pipe[1]);
	}
}

int daemon_main(int argc, char **argv)
{
	struct daemon d = {
		.opts = { .timeout = INT_MIN },
		.countdown = -1,
		.listen_fd = -1,
		.work_pipe = { -1, -1 },
		.res = { .timeout = -1 },
		.hotplug_fd = -1,
	};
	const char *log_path = NULL;
	int ret = 1;

	d.started_ms = event_now_ms();
	proto_seed();	/* before any JSON: see protocol.h */
	if (parse_args(&d.opts, argc, argv, &log_path)) {
		usage(stderr);
		goto out;
	}
	mkdir("/run/baton", 0700);
	/* in the initramfs: the kernel log; elsewhere (dry run): stderr */
	log_open(LOG_SINK_FILE | (d.opts.dry_run ? LOG_SINK_STDERR :
				  LOG_SINK_KMSG),
		 log_path ? log_path : "/run/baton/log", LOG_INFO);
	if (d.opts.log_tty)
		open_log_tty(d.opts.log_tty);
	signal(SIGPIPE, SIG_IGN);
	d.loop = event_loop_new();
	if (!d.loop || pipe2(d.work_pipe, O_CLOEXEC | O_NONBLOCK) ||
	    !event_add_fd(d.loop, d.work_pipe[0], EPOLLIN, on_work, &d) ||
	    event_add_signal(d.loop, SIGTERM, on_term, &d) ||
	    event_add_signal(d.loop, SIGINT, on_term, &d)) {
		log_err("cannot set up the event loop: %s", strerror(errno));
		goto out;
	}
	/* settings.c: cmdline and args now, the store off the loop */
	daemon_settings_load(&d);
	if (server_start(&d))
		goto out;
	log_info("daemon started%s", d.opts.dry_run ? " (dry run)" : "");
	if (start_discovery(&d))
		goto out;
	ret = event_loop_run(d.loop) ? 1 : 0;
out:
	daemon_release(&d);
	return ret;
}
