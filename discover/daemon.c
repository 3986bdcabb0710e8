/*
 * daemon.c: `baton daemon`: start-up, boot sources found by worker threads
 * (one per device, so a slow disk never delays the others), and the state
 * that the control socket serves.
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

/* What a worker hands back to the loop through the pipe. */
struct work {
	char *arg;		/* device name or --source argument */
	bool is_dir;
	struct source *src;	/* NULL when nothing bootable was mounted */
	struct scan_result res;
	char *msg;		/* why not, for the log */
	int pipe_fd;		/* where to hand the result back */
	int rank;		/* the source's place in the menu */
};

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

static json_t *sources_json(struct daemon *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < d->sources.n; i++) {
		struct source *s = d->sources.v[i];

		json_array_append_new(a, source_info_to_json(&s->info));
	}
	return a;
}

json_t *daemon_state_json(struct daemon *d)
{
	json_t *opts = json_array(), *st = json_array();
	size_t i;

	for (i = 0; opts && i < d->res.options.n; i++)
		json_array_append_new(opts,
				boot_option_to_json(d->res.options.v[i]));
	for (i = 0; st && i < d->status.n; i++)
		json_array_append_new(st, json_string(d->status.v[i]));
	return json_pack("{s:o,s:o,s:o*,s:i,s:o}", "options", opts,
			 "sources", sources_json(d),
			 "default", d->chosen ? json_string(d->chosen) : NULL,
			 "countdown", d->countdown, "status", st);
}

/* ---- workers ---------------------------------------------------------- */

static int open_device_source(struct work *w)
{
	struct source_info info = { 0 };
	char dev[PATH_MAX], mnt[PATH_MAX];
	int ret;

	ret = device_probe(w->arg, &info);
	if (ret == -EMEDIUMTYPE)
		w->msg = str_printf("%s: %s, not mounted", w->arg, info.fstype);
	if (ret)
		goto out;
	snprintf(dev, sizeof(dev), "/dev/%s", w->arg);
	snprintf(mnt, sizeof(mnt), DEVICES_MOUNT_DIR "/%s", w->arg);
	ret = device_mount(dev, info.fstype, mnt);
	if (ret) {
		w->msg = str_printf("%s: cannot mount %s read-only: %s",
				    w->arg, info.fstype, strerror(-ret));
		goto out;
	}
	w->src = source_open_dir(mnt, &info, &ret);
	if (w->src)
		w->src->device = strdup(dev);
out:
	source_info_clear(&info);
	return ret;
}

static void *worker_main(void *arg)
{
	struct work *w = arg;
	struct source_info info = { 0 };
	char *path, *copy;
	int ret;

	w->res.timeout = -1;
	if (w->is_dir) {
		copy = strdup(w->arg);
		ret = copy ? scan_parse_source_arg(copy, &path, &info) : -ENOMEM;
		if (!ret)
			w->src = source_open_dir(path, &info, &ret);
		if (ret)
			w->msg = str_printf("%s: %s", w->arg, strerror(-ret));
		source_info_clear(&info);
		free(copy);
	} else {
		open_device_source(w);
	}
	if (w->src) {
		w->src->rank = w->rank;
		scan_source(w->src, &w->src, 1, NULL, &w->res);
	}
	/* hand w to the loop; a pointer is written atomically to a pipe */
	if (write(w->pipe_fd, &w, sizeof(w)) != sizeof(w))
		log_err("%s: lost a discovery result", w->arg);
	return NULL;
}

static int start_worker(struct daemon *d, const char *arg, bool is_dir,
			int rank)
{
	struct work *w = calloc(1, sizeof(*w));
	pthread_attr_t attr;
	pthread_t tid;
	int ret;

	if (!w || !(w->arg = strdup(arg))) {
		free(w);
		return -ENOMEM;
	}
	w->is_dir = is_dir;
	w->rank = rank;
	w->pipe_fd = d->work_pipe[1];
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 << 10);
	ret = -pthread_create(&tid, &attr, worker_main, w);
	pthread_attr_destroy(&attr);
	if (ret) {
		free(w->arg);
		free(w);
		return ret;
	}
	d->pending++;
	return 0;
}

static void work_free(struct work *w)
{
	scan_result_release(&w->res);
	free(w->arg);
	free(w->msg);
	free(w);
}

/*
 * Bring clients up to date: an option-add for every option that is new or
 * changed since last sent, or (full) one state message when options moved.
 */
static void push_option_changes(struct daemon *d, bool full)
{
	json_t *st;
	size_t i;

	if (full) {
		vec_free(&d->sent, free);
		st = daemon_state_json(d);
		server_broadcast(d, PROTO_STATE, st);
		json_decref(st);
	}
	for (i = 0; i < d->res.options.n; i++) {
		json_t *o = boot_option_to_json(d->res.options.v[i]), *ev;
		char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

		while (d->sent.n <= i && !vec_push(&d->sent, NULL))
			;
		if (s && i < d->sent.n && !streq(d->sent.v[i], s)) {
			ev = json_pack("{s:O,s:i}", "option", o, "index", (int)i);
			if (!full)
				server_broadcast(d, PROTO_OPTION_ADD, ev);
			json_decref(ev);
			free(d->sent.v[i]);
			d->sent.v[i] = s;
			s = NULL;
		}
		free(s);
		json_decref(o);
	}
}

static int rank_of(struct daemon *d, const char *source)
{
	size_t i;

	for (i = 0; i < d->sources.n; i++) {
		struct source *s = d->sources.v[i];

		if (streq(s->info.name, source))
			return s->rank;
	}
	return 0;
}

/* Insert p at index at of v (which has room for one more). */
static int vec_insert(struct vec *v, size_t at, void *p)
{
	if (vec_push(v, p))
		return -ENOMEM;
	memmove(v->v + at + 1, v->v + at, (v->n - 1 - at) * sizeof(void *));
	v->v[at] = p;
	return 0;
}

/*
 * Sources and their options stay in rank order (device name, or --source
 * order), whatever order the workers finish in.
 */
static void add_source(struct daemon *d, struct work *w)
{
	size_t i, at_src = d->sources.n, at = d->res.options.n, n0 = at;
	json_t *ev;

	for (i = 0; i < d->sources.n; i++)
		if (((struct source *)d->sources.v[i])->rank > w->src->rank) {
			at_src = i;
			break;
		}
	for (i = 0; i < d->res.options.n; i++)
		if (rank_of(d, ((struct boot_option *)
				d->res.options.v[i])->source) > w->src->rank) {
			at = i;
			break;
		}
	if (vec_insert(&d->sources, at_src, w->src)) {
		source_free(w->src);
		return;
	}
	for (i = 0; i < w->res.options.n; i++)
		if (vec_insert(&d->res.options, at + i, w->res.options.v[i]))
			boot_option_free(w->res.options.v[i]);
	w->res.options.n = 0;
	for (i = 0; i < w->res.diags.n; i++)
		log_warn("%s", (char *)w->res.diags.v[i]);
	if (w->res.has_timeout && !d->res.has_timeout) {
		d->res.timeout = w->res.timeout;
		d->res.has_timeout = true;
	}
	scan_finish(&d->res, (struct source *const *)d->sources.v,
		    d->sources.n);
	log_info("%s: %s, %zu boot option(s)", w->src->info.name,
		 w->src->info.fstype ? w->src->info.fstype : "folder",
		 d->res.options.n - n0);
	ev = json_pack("{s:o}", "sources", sources_json(d));
	server_broadcast(d, PROTO_SOURCES, ev);
	json_decref(ev);
	push_option_changes(d, at != n0);
	autoboot_options_changed(d);
}

static void settle(struct daemon *d)
{
	if (d->settled)
		return;
	d->settled = true;
	event_cancel_timer(d->settle_timer);
	d->settle_timer = NULL;
	log_info("discovery: %zu source(s), %zu boot option(s)%s",
		 d->sources.n, d->res.options.n,
		 d->pending ? " (slow devices still probing)" : "");
	autoboot_settled(d);
}

static void on_settle_timeout(struct event_loop *loop, void *data)
{
	struct daemon *d = data;

	d->settle_timer = NULL;
	settle(d);
}

static void on_work(struct event_loop *loop, int fd, uint32_t events,
		    void *data)
{
	struct daemon *d = data;
	struct work *w;

	while (read(fd, &w, sizeof(w)) == sizeof(w)) {
		d->pending--;
		if (w->msg)
			log_info("%s", w->msg);
		if (w->src)
			add_source(d, w);
		work_free(w);
		if (!d->pending)
			settle(d);
	}
}

static int start_discovery(struct daemon *d)
{
	char **names = NULL;
	size_t i;
	int ret;

	if (d->opts.source_args) {
		for (i = 0; d->opts.source_args[i]; i++)
			if ((ret = start_worker(d, d->opts.source_args[i], true,
						i)))
				return ret;
	} else {
		ret = devices_enumerate(&names);
		if (ret) {
			daemon_status(d, true, "cannot list block devices: %s",
				      strerror(-ret));
			names = NULL;
		}
		for (i = 0; names && names[i]; i++)
			if ((ret = start_worker(d, names[i], false, i)))
				break;
		strv_free(names);
	}
	d->settle_timer = event_add_timer(d->loop, DAEMON_SETTLE_MS,
					  on_settle_timeout, d);
	if (!d->pending)
		settle(d);
	return 0;
}

/* ---- start-up --------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"usage: baton daemon [--dry-run] [--source DIR[:key=value,...]]...\n"
"                    [--socket PATH] [--cmdline FILE] [--timeout N]\n"
"                    [--default ID|GLOB] [--log PATH]\n"
"  Discover boot options on every block device (or only in the folders\n"
"  given with --source), autoboot the default after the timeout, and\n"
"  serve menus and the CLI on the control socket (%s).\n"
"  --dry-run  never kexec: log what would be booted\n"
"  --cmdline  read baton.* keys from FILE instead of /proc/cmdline\n",
		PROTO_SOCKET_PATH);
}

static int parse_args(struct daemon_opts *o, int argc, char **argv,
		      const char **log_path)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "socket", required_argument, NULL, 'S' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "default", required_argument, NULL, 'd' },
		{ "log", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "ns:S:c:t:d:l:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'n':
			o->dry_run = true;
			break;
		case 's':
			if (strv_push(&o->source_args, strdup(optarg)))
				return -ENOMEM;
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
	event_loop_free(d->loop);
	for (i = 0; i < d->sources.n; i++)
		source_free(d->sources.v[i]);
	vec_free(&d->sources, NULL);
	scan_result_release(&d->res);
	vec_free(&d->sent, free);
	vec_free(&d->status, free);
	vec_free(&d->tried, free);
	free(d->chosen);
	strv_free(d->opts.source_args);
	free(d->opts.default_pattern);
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
	};
	const char *log_path = NULL;
	int ret = 1;

	if (parse_args(&d.opts, argc, argv, &log_path)) {
		usage(stderr);
		goto out;
	}
	mkdir("/run/baton", 0700);
	/* in the initramfs: the kernel log; elsewhere (dry run): stderr */
	log_open(LOG_SINK_FILE | (d.opts.dry_run ? LOG_SINK_STDERR :
				  LOG_SINK_KMSG),
		 log_path ? log_path : "/run/baton/log", LOG_INFO);
	autoboot_read_cmdline(&d.opts, d.opts.cmdline_path ?
			      d.opts.cmdline_path : "/proc/cmdline");
	signal(SIGPIPE, SIG_IGN);
	d.loop = event_loop_new();
	if (!d.loop || pipe2(d.work_pipe, O_CLOEXEC | O_NONBLOCK) ||
	    !event_add_fd(d.loop, d.work_pipe[0], EPOLLIN, on_work, &d) ||
	    event_add_signal(d.loop, SIGTERM, on_term, &d) ||
	    event_add_signal(d.loop, SIGINT, on_term, &d)) {
		log_err("cannot set up the event loop: %s", strerror(errno));
		goto out;
	}
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
