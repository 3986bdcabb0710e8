/*
 * netwatch.c: network sources from the DHCP hook's lease files: watched
 * with inotify, each lease scanned by a worker, reported to the owner.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/dhcp.h"
#include "discover/discovery.h"
#include "discover/net-scan.h"
#include "discover/netwatch.h"
#include "discover/source.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/text.h"
#include "lib/url.h"
#include "lib/util.h"

#define NETWATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | \
		       IN_MOVED_FROM)

/* One lease file the owner has heard of ("eth0.v4"). */
struct lease_entry {
	char *file;
	unsigned gen;		/* bumped at each change: older jobs drop */
	char *seen;		/* the lease as last scanned (no event) */
	bool reported;		/* its source went to the owner */
};

struct netwatch {
	struct discovery *dc;
	int fd;			/* inotify */
	struct event_fd *watch;
	struct vec leases;	/* struct lease_entry * */
	unsigned jobs;		/* workers running: they hold nw */
	bool waited;		/* a rescan's jobs count in dc->pending */
	bool stopped;		/* freed when the last worker is done */
};

struct net_job {
	struct job job;
	struct netwatch *nw;
	char *file;
	unsigned gen;
	struct lease *lease;
	char **roots;
	char *ca_file;
	char *proxy;		/* net_proxy, for the configs */
	char *config_proxy;	/* the config's PROXY, for its files */
	struct scan_result res;
	int ret;
	char *err;
};

static struct lease_entry *entry_of(struct netwatch *nw, const char *file,
				    bool add)
{
	struct lease_entry *e;
	size_t i;

	for (i = 0; i < nw->leases.n; i++) {
		e = nw->leases.v[i];
		if (streq(e->file, file))
			return e;
	}
	if (!add)
		return NULL;
	e = calloc(1, sizeof(*e));
	if (e)
		e->file = str_dup(file);
	if (!e || !e->file || vec_push(&nw->leases, e)) {
		if (e)
			free(e->file);
		free(e);
		return NULL;
	}
	return e;
}

static void entry_free(void *p)
{
	struct lease_entry *e = p;

	free(e->file);
	free(e->seen);
	free(e);
}

/* "net:eth0.v4": the dev the owner knows the source by. */
static char *dev_of(const char *file)
{
	return str_printf(NETWATCH_DEV_PREFIX "%s", file);
}

static void withdraw(struct netwatch *nw, struct lease_entry *e)
{
	char *dev;

	if (!e->reported)
		return;
	dev = dev_of(e->file);
	if (dev)
		nw->dc->ev->gone(nw->dc, dev);
	free(dev);
	e->reported = false;
}

static void job_free(struct net_job *j)
{
	free(j->file);
	lease_free(j->lease);
	strv_free(j->roots);
	free(j->ca_file);
	free(j->proxy);
	free(j->config_proxy);
	scan_result_release(&j->res);
	free(j->err);
	free(j);
}

static void net_job_run(struct job *job)
{
	struct net_job *j = container_of(job, struct net_job, job);
	struct fetch_opts fo = { .ca_file = j->ca_file, .proxy = j->proxy };
	struct net_io io = { .fetch = &fo };
	size_t i;

	j->ret = 0;
	for (i = 0; !j->ret && j->roots && j->roots[i]; i++)
		j->ret = net_io_add_root(&io, j->roots[i], &j->err);
	if (!j->ret)
		j->ret = net_scan(j->lease, NULL, &io, &j->res,
				  &j->config_proxy, &j->err);
	net_io_release(&io);
}

/* The source the options of lease file e go under. */
static struct source *net_source(const struct net_job *j)
{
	struct source *src = calloc(1, sizeof(*src));
	const char *ifname = j->lease->interface;

	if (!src)
		return NULL;
	src->root_fd = -1;
	src->rank = NETWATCH_RANK;
	src->root_path = dev_of(j->file);
	src->info.name = str_dup(ifname ? ifname : j->file);
	src->info.kind = str_dup("network");
	if (j->config_proxy)
		src->proxy = str_dup(j->config_proxy);
	if (!src->root_path || !src->info.name || !src->info.kind ||
	    (j->config_proxy && !src->proxy)) {
		source_free(src);
		return NULL;
	}
	return src;
}

static void net_job_end(struct job *job)
{
	struct net_job *j = container_of(job, struct net_job, job);
	struct netwatch *nw = j->nw;
	struct lease_entry *e;
	struct found f = { 0 };
	const char *why;

	nw->jobs--;
	if (nw->stopped) {	/* the watch stopped meanwhile */
		if (!nw->jobs)
			free(nw);
		job_free(j);
		return;
	}
	e = entry_of(nw, j->file, false);
	if (!e || e->gen != j->gen) {	/* changed or gone since */
		job_free(j);
		return;
	}
	if (j->ret) {
		discovery_say(nw->dc, true, "%s: %s", j->file,
		    j->err ? j->err : strerror(-j->ret));
		withdraw(nw, e);
		job_free(j);
		return;
	}
	withdraw(nw, e);	/* a renewed lease replaces what it gave */
	if (!j->res.options.n) {	/* no source without options */
		size_t i;

		for (i = 0; i < j->res.diags.n; i++)
			discovery_say(nw->dc, false, "%s",
				      (char *)j->res.diags.v[i]);
		discovery_say(nw->dc, false, "%s: no network boot option",
			      j->file);
		job_free(j);
		return;
	}
	if (j->config_proxy && url_check_proxy(j->config_proxy, &why)) {
		char *safe = text_sanitize(j->config_proxy);

		discovery_say(nw->dc, true, "%s: PROXY %s is not used: %s",
		    j->file, safe ? safe : "?", why);
		free(safe);
		free(j->config_proxy);
		j->config_proxy = NULL;	/* net_proxy applies instead */
	}
	f.src = net_source(j);
	if (!f.src) {
		discovery_say(nw->dc, true, "%s: out of memory", j->file);
		job_free(j);
		return;
	}
	f.res = j->res;
	memset(&j->res, 0, sizeof(j->res));
	discovery_say(nw->dc, false, "%s: %zu network boot option(s)", f.src->info.name,
	    f.res.options.n);
	e->reported = true;
	nw->dc->ev->found(nw->dc, &f, 1);
	if (f.src)	/* not taken over */
		disk_found_release(&f);
	job_free(j);
}

static void net_job_done(struct job *job)
{
	struct netwatch *nw = container_of(job, struct net_job, job)->nw;

	if (nw->stopped) {
		net_job_end(job);	/* frees nw after the last one */
		return;
	}
	net_job_end(job);
	if (!nw->jobs)	/* a rescan's lookups are all done */
		disk_stop_waiting(nw->dc, &nw->waited);
}

/* The lease in text form without its event: a renewal that changes
   nothing else changes nothing. */
static char *lease_key(struct lease *l)
{
	char *ev = l->event, *s;

	l->event = NULL;
	s = lease_format(l);
	l->event = ev;
	return s;
}

static void lease_changed(struct netwatch *nw, const char *file)
{
	struct lease_entry *e = entry_of(nw, file, true);
	struct lease *l = NULL;
	struct net_job *j;
	char *path, *err = NULL, *key;
	int ret;

	if (!e)
		return;
	path = str_printf("%s/%s", nw->dc->lease_dir, file);
	ret = path ? dhcp_read_lease(path, &l, &err) : -ENOMEM;
	free(path);
	if (ret == -ENOENT) {
		e->gen++;
		free(e->seen);
		e->seen = NULL;
		if (e->reported)
			discovery_say(nw->dc, false, "%s: lease gone", file);
		withdraw(nw, e);
		return;
	}
	if (ret) {
		discovery_say(nw->dc, true, "%s: %s", file, err ? err : strerror(-ret));
		free(err);
		return;
	}
	/* a DHCPv6 lease is a source of its own beside the v4 one */
	if (str_endswith(file, ".v6") && l->interface) {
		char *name = str_printf("%s-v6", l->interface);

		if (name) {
			free(l->interface);
			l->interface = name;
		}
	}
	key = lease_key(l);
	if (key && e->seen && streq(key, e->seen)) {
		free(key);
		lease_free(l);
		return;
	}
	e->gen++;
	free(e->seen);
	e->seen = key;
	j = calloc(1, sizeof(*j));
	if (j) {
		j->job.run = net_job_run;
		j->job.done = net_job_done;
		j->nw = nw;
		j->file = str_dup(file);
		j->gen = e->gen;
		j->lease = l;
		l = NULL;
		if (nw->dc->ca_file)
			j->ca_file = str_dup(nw->dc->ca_file);
		if (nw->dc->proxy)
			j->proxy = str_dup(nw->dc->proxy);
		j->res.timeout = -1;
		if (nw->dc->url_roots)
			j->roots = strv_dup(nw->dc->url_roots);
	}
	if (!j || !j->file || (nw->dc->url_roots && !j->roots) ||
	    (nw->dc->ca_file && !j->ca_file) ||
	    (nw->dc->proxy && !j->proxy) ||
	    job_start(nw->dc->jobs, &j->job)) {
		discovery_say(nw->dc, true, "%s: cannot scan the lease", file);
		if (j)
			job_free(j);
		lease_free(l);
		free(e->seen);
		e->seen = NULL;
		return;
	}
	nw->jobs++;
	discovery_say(nw->dc, false, "%s: lease %s, looking for its configs", file,
	    j->lease->ip ? j->lease->ip : "?");
}

/* A lease file the hook writes: "IF.v4" or "IF.v6", no temporary. */
static bool lease_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 3 && (str_endswith(name, ".v4") ||
					   str_endswith(name, ".v6"));
}

static bool listed(char *const *names, const char *file)
{
	size_t i;

	for (i = 0; names && names[i]; i++)
		if (streq(names[i], file))
			return true;
	return false;
}

/* Every lease file in the folder, and those gone from it. */
static void rescan(struct netwatch *nw)
{
	DIR *dir = opendir(nw->dc->lease_dir);
	struct dirent *de;
	char **names = NULL;
	size_t i;

	if (!dir) {
		discovery_say(nw->dc, true, "%s: %s", nw->dc->lease_dir,
		    strerror(errno));
		return;
	}
	while ((de = readdir(dir)))
		if (lease_file(de->d_name) &&
		    strv_push(&names, str_dup(de->d_name)))
			break;
	closedir(dir);
	for (i = 0; names && names[i]; i++)
		lease_changed(nw, names[i]);
	for (i = 0; i < nw->leases.n; i++) {
		struct lease_entry *e = nw->leases.v[i];

		if (e->seen && !listed(names, e->file))
			lease_changed(nw, e->file);
	}
	strv_free(names);
}

static void on_inotify(struct event_loop *loop, int fd, uint32_t events,
		       void *data)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	struct netwatch *nw = data;
	const struct inotify_event *ie;
	ssize_t len;
	size_t off;

	for (;;) {
		len = fd_read_some(fd, buf, sizeof(buf));
		if (len <= 0)
			return;
		for (off = 0; off + sizeof(*ie) <= (size_t)len;
		     off += sizeof(*ie) + ie->len) {
			ie = (const void *)(buf + off);
			if (ie->mask & IN_Q_OVERFLOW) {
				rescan(nw);
				continue;
			}
			if (ie->len && lease_file(ie->name))
				lease_changed(nw, ie->name);
		}
	}
}

int netwatch_start(struct discovery *dc)
{
	struct netwatch *nw;
	int ret;

	if (!dc->lease_dir)
		return 0;
	nw = calloc(1, sizeof(*nw));
	if (!nw)
		return -ENOMEM;
	nw->dc = dc;
	nw->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (nw->fd < 0) {
		ret = -errno;
		goto fail;
	}
	if (mkdir(dc->lease_dir, 0700) && errno != EEXIST) {
		ret = -errno;
		goto fail;
	}
	if (inotify_add_watch(nw->fd, dc->lease_dir, NETWATCH_MASK) < 0) {
		ret = -errno;
		goto fail;
	}
	nw->watch = event_add_fd(dc->loop, nw->fd, EPOLLIN, on_inotify, nw);
	if (!nw->watch) {
		ret = -ENOMEM;
		goto fail;
	}
	dc->net = nw;
	rescan(nw);
	return 0;
fail:
	discovery_say(dc, true, "network leases: %s: %s", dc->lease_dir,
	    strerror(-ret));
	if (nw->fd >= 0)
		close(nw->fd);
	free(nw);
	return ret;
}

void netwatch_rescan(struct discovery *dc)
{
	struct netwatch *nw = dc->net;
	size_t i;

	if (!nw)
		return;
	for (i = 0; i < nw->leases.n; i++) {
		struct lease_entry *e = nw->leases.v[i];

		free(e->seen);	/* unchanged leases are looked up again */
		e->seen = NULL;
	}
	rescan(nw);
	if (nw->jobs && !nw->waited) {
		nw->waited = true;
		dc->pending++;
	}
}

void netwatch_stop(struct discovery *dc)
{
	struct netwatch *nw = dc->net;

	if (!nw)
		return;
	dc->net = NULL;
	event_remove_fd(nw->watch);
	close(nw->fd);
	vec_free(&nw->leases, entry_free);
	nw->stopped = true;
	if (!nw->jobs)
		free(nw);
}

bool netwatch_busy(const struct discovery *dc)
{
	return dc->net && dc->net->jobs;
}

bool netwatch_lease_seen(const struct discovery *dc, const char *file)
{
	struct lease_entry *e = dc->net ? entry_of(dc->net, file, false) : NULL;

	return e && e->seen;
}
