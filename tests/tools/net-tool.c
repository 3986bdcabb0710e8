/*
 * net-tool.c: the network modules driven one at a time from the command
 * line, for the system tests (tests/system/test-net-*.sh):
 *
 *   net-tool fetch [--ca F] [--proxy P] [--max BYTES] [--retries N]
 *                  [--timeout MS] [--redirects N] [--mem | --head N] URL OUT
 *       prints "fetched BYTES" (exit 0) or "error ENAME: sentence" (exit 1);
 *       progress lines "progress BYTES TOTAL RATE ATTEMPT" go to stderr
 *   net-tool lease FILE
 *       the lease file the DHCP hook wrote, as lease_format() lines, or
 *       "error ENAME: sentence"
 *   net-tool dhcp [--family 4|6] [--hook H] [--lease-dir D] [--resolv R]
 *                 [--uuid U] [--busybox B] [--keep] IFNAME
 *       runs udhcpc (dhcpcd with --family 6) once with the hook, then
 *       prints the lease;
 *       with --keep, keeps it running until the lease file appears, prints
 *       the lease, asks for a release and prints "withdrawn" once the hook
 *       has removed the file
 *   net-tool watch [--select SPEC] [--up] SECONDS
 *       interfaces from sysfs then netlink for SECONDS: "added|changed|
 *       removed NAME MAC up=0|1 carrier=0|1" lines; --up brings each
 *       selected interface up when it appears ("up NAME")
 *   net-tool static [--resolv PATH] IFNAME SETTING
 *       netif_conf_parse(SETTING) then netif_apply_static
 *   net-tool netscan [--ca F] [--timeout MS] LEASEFILE
 *       net_scan over the network (configs fetched): the options as
 *       `baton scan --json` prints them, diagnostics on stderr
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <poll.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "discover/dhcp.h"
#include "discover/fetch.h"
#include "discover/lease.h"
#include "discover/net-scan.h"
#include "discover/netif.h"
#include "lib/util.h"

/* "error ENAME: sentence" for ret and err (freed), or the fallback. */
static int print_owned(int ret, char *err, const char *fallback)
{
	const char *name = strerrorname_np(-ret);

	printf("error %s: %s\n", name ? name : "?",
	       err ? err : fallback ? fallback : strerror(-ret));
	free(err);
	return 1;
}

static int print_error(int ret, const char *sentence)
{
	const char *name = strerrorname_np(-ret);

	printf("error %s: %s\n", name ? name : "?", sentence ? sentence : "?");
	return 1;
}

static int on_progress(const struct fetch_progress *p, void *data)
{
	fprintf(stderr, "progress %llu %llu %llu %u%s\n",
		(unsigned long long)p->bytes, (unsigned long long)p->total,
		(unsigned long long)p->rate, p->attempt, p->done ? " done" : "");
	return 0;
}

static int fetch_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ca", 1, NULL, 'c' }, { "proxy", 1, NULL, 'p' },
		{ "max", 1, NULL, 'm' }, { "retries", 1, NULL, 'r' },
		{ "timeout", 1, NULL, 't' }, { "redirects", 1, NULL, 'R' },
		{ "mem", 0, NULL, 'M' }, { "head", 1, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct fetch_opts o = { .progress = on_progress };
	bool mem = false;
	size_t head = 0;
	char *err = NULL, *buf = NULL;
	size_t len = 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.ca_file = optarg; break;
		case 'p': o.proxy = optarg; break;
		case 'm': o.max_bytes = strtoull(optarg, NULL, 0); break;
		case 'r': o.retries = strtoul(optarg, NULL, 0); break;
		case 't': o.timeout_ms = strtoul(optarg, NULL, 0); break;
		case 'R': o.max_redirects = strtoul(optarg, NULL, 0); break;
		case 'M': mem = true; break;
		case 'H': head = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: net-tool fetch [options] URL OUT\n");
		return 2;
	}
	if (head) {
		buf = malloc(head);
		if (!buf)
			return 1;
		ret = fetch_head(argv[optind], &o, buf, head, &len, &err);
		if (ret) {
			free(buf);
			return print_owned(ret, err, NULL);
		}
		mem = true;
	} else if (!mem) {
		ret = fetch_to_file(argv[optind], argv[optind + 1], &o, &err);
		if (ret)
			return print_owned(ret, err, NULL);
		printf("fetched to %s\n", argv[optind + 1]);
		free(err);
		return 0;
	}
	if (!head)
		ret = fetch_to_buffer(argv[optind], &o, &buf, &len, &err);
	if (ret)
		return print_owned(ret, err, NULL);
	printf("fetched %zu\n", len);
	c = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (c < 0 || write(c, buf, len) != (ssize_t)len)
		return 1;
	close(c);
	free(buf);
	return 0;
}

static int print_lease(const char *path)
{
	struct lease *l = NULL;
	char *err = NULL, *text;
	int ret;

	ret = dhcp_read_lease(path, &l, &err);
	if (ret)
		return print_owned(ret, err, NULL);
	text = lease_format(l);
	fputs(text ? text : "", stdout);
	free(text);
	lease_free(l);
	return 0;
}

static int lease_main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: net-tool lease FILE\n");
		return 2;
	}
	return print_lease(argv[1]);
}

/* poll up to 15 s for path to exist (want) or not */
static bool wait_file(const char *path, bool want)
{
	for (int i = 0; i < 150; i++) {
		if ((access(path, F_OK) == 0) == want)
			return true;
		usleep(100000);
	}
	return false;
}

static int dhcp_keep(const struct dhcp_request *r, pid_t pid)
{
	char *path = dhcp_lease_path(r);
	int ret = 1;

	if (!path)
		goto out;
	if (!wait_file(path, true)) {
		printf("error ETIMEDOUT: no lease within 15 s\n");
		goto out;
	}
	ret = print_lease(path);
	if (ret)
		goto out;
	dhcp_release(pid, r->family);
	if (wait_file(path, false))
		printf("withdrawn\n");
	else
		ret = print_error(-ETIMEDOUT, "the lease file stayed after a release");
out:
	dhcp_stop(pid);
	waitpid(pid, NULL, 0);
	free(path);
	return ret;
}

static int dhcp_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "family", 1, NULL, 'f' }, { "hook", 1, NULL, 'h' },
		{ "lease-dir", 1, NULL, 'l' }, { "resolv", 1, NULL, 'r' },
		{ "uuid", 1, NULL, 'u' }, { "busybox", 1, NULL, 'b' },
		{ "keep", 0, NULL, 'k' }, { NULL, 0, NULL, 0 },
	};
	struct dhcp_request r = { .family = 4, .once = true };
	char *path;
	pid_t pid;
	int c, ret, status;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': r.family = atoi(optarg); break;
		case 'h': r.hook = optarg; break;
		case 'l': r.lease_dir = optarg; break;
		case 'r': r.resolv_conf = optarg; break;
		case 'u': r.uuid = optarg; break;
		case 'b': r.busybox = optarg; break;
		case 'k': r.once = false; break;
		default: return 2;
		}
	}
	if (argc - optind != 1)
		return 2;
	r.ifname = argv[optind];
	ret = dhcp_start(&r, &pid);
	if (ret)
		return print_error(ret, "cannot start the DHCP client");
	if (!r.once)
		return dhcp_keep(&r, pid);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		fprintf(stderr, "net-tool: the DHCP client failed (status %d)\n",
			status);
	path = dhcp_lease_path(&r);
	ret = path ? print_lease(path) : 1;
	free(path);
	return ret;
}

struct watch_opts {
	const char *select;
	bool up;
};

static void on_netif(enum netif_event ev, const struct netif *n, void *data)
{
	static const char *const names[] = { "added", "changed", "removed" };
	const struct watch_opts *o = data;
	int ret;

	printf("%s %s %s up=%d carrier=%d\n", names[ev], n->name, n->mac,
	       n->up, n->carrier);
	if (ev == NETIF_ADDED && o->up && !n->up && netif_selected(o->select, n)) {
		ret = netif_set_up(n->ifindex);
		printf(ret ? "error up %s: %s\n" : "up %s\n", n->name,
		       strerror(-ret));
	}
	fflush(stdout);
}

static int watch_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "select", 1, NULL, 's' }, { "up", 0, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct watch_opts o = { 0 };
	struct netif_watch *w;
	struct timespec end, now;
	struct pollfd pfd;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 's')
			o.select = optarg;
		else if (c == 'u')
			o.up = true;
		else
			return 2;
	}
	if (argc - optind != 1)
		return 2;
	ret = netif_watch_open(on_netif, &o, &w);
	if (ret)
		return print_error(ret, "cannot open the netlink socket");
	ret = netif_watch_scan(w, NULL);
	printf("scanned %d\n", ret);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atoi(argv[optind]);
	pfd.fd = netif_watch_fd(w);
	pfd.events = POLLIN;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		if (poll(&pfd, 1, 100) > 0 && (ret = netif_watch_dispatch(w)))
			printf("error dispatch: %s\n", strerror(-ret));
	}
	netif_watch_close(w);
	return 0;
}

static int static_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "resolv", 1, NULL, 'r' }, { NULL, 0, NULL, 0 },
	};
	const char *resolv = NULL;
	struct netif_conf conf;
	char *err = NULL;
	int c, ret;
	unsigned idx;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'r')
			return 2;
		resolv = optarg;
	}
	if (argc - optind != 2)
		return 2;
	ret = netif_conf_parse(argv[optind + 1], &conf, &err);
	if (ret)
		return print_owned(ret, err, NULL);
	idx = if_nametoindex(argv[optind]);
	if (!idx)
		return print_error(-errno, "no such interface");
	ret = netif_apply_static(idx, &conf, resolv);
	if (ret)
		return print_error(ret, strerror(-ret));
	printf("configured %s\n", argv[optind]);
	return 0;
}

static int print_options(struct scan_result *res)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < res->options.n; i++)
		json_array_append_new(arr, boot_option_to_json(res->options.v[i]));
	for (i = 0; i < res->diags.n; i++)
		fprintf(stderr, "%s\n", (char *)res->diags.v[i]);
	if (!arr)
		return 1;
	json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(arr);
	return 0;
}

static int netscan_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ca", 1, NULL, 'c' }, { "timeout", 1, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct fetch_opts o = { 0 };
	struct scan_result res = { .timeout = -1 };
	struct net_io io = { .fetch = &o };
	struct lease *l = NULL;
	char *err = NULL, *proxy = NULL;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'c')
			o.ca_file = optarg;
		else if (c == 't')
			o.timeout_ms = o.connect_timeout_ms = strtoul(optarg, NULL, 0);
		else
			return 2;
	}
	if (argc - optind != 1)
		return 2;
	ret = dhcp_read_lease(argv[optind], &l, &err);
	if (ret)
		return print_owned(ret, err, NULL);
	ret = net_scan(l, NULL, &io, &res, &proxy, &err);
	if (!ret) {
		scan_finish(&res, NULL, 0);
		ret = print_options(&res);
		if (proxy)
			fprintf(stderr, "proxy %s\n", proxy);
	} else {
		ret = print_owned(ret, err, NULL);
		err = NULL;
	}
	free(err);
	free(proxy);
	scan_result_release(&res);
	net_io_release(&io);
	lease_free(l);
	return ret;
}

static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} verbs[] = {
	{ "fetch", fetch_main },
	{ "lease", lease_main },
	{ "dhcp", dhcp_main },
	{ "watch", watch_main },
	{ "static", static_main },
	{ "netscan", netscan_main },
};

int main(int argc, char **argv)
{
	size_t i;

	for (i = 0; argc > 1 && i < ARRAY_SIZE(verbs); i++)
		if (streq(argv[1], verbs[i].name))
			return verbs[i].main(argc - 1, argv + 1);
	fprintf(stderr, "usage: net-tool fetch|lease|dhcp|watch|static|netscan ...\n");
	return 2;
}
