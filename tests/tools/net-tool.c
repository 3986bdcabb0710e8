/*
 * net-tool.c: the network modules driven one at a time from the command
 * line, for the system tests (tests/system/test-net-*.sh):
 *
 *   net-tool fetch [--ca F] [--proxy P] [--max BYTES] [--retries N]
 *                  [--timeout MS] [--redirects N] [--mem] URL OUT
 *       prints "fetched BYTES" (exit 0) or "error ENAME: sentence" (exit 1);
 *       progress lines "progress BYTES TOTAL RATE ATTEMPT" go to stderr
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover/fetch.h"
#include "lib/util.h"

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
		{ "mem", 0, NULL, 'M' }, { NULL, 0, NULL, 0 },
	};
	struct fetch_opts o = { .progress = on_progress };
	bool mem = false;
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
		default: return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: net-tool fetch [options] URL OUT\n");
		return 2;
	}
	if (!mem) {
		ret = fetch_to_file(argv[optind], argv[optind + 1], &o, &err);
		if (ret)
			return print_error(ret, err);
		printf("fetched to %s\n", argv[optind + 1]);
		free(err);
		return 0;
	}
	ret = fetch_to_buffer(argv[optind], &o, &buf, &len, &err);
	if (ret)
		return print_error(ret, err);
	printf("fetched %zu\n", len);
	c = open(argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (c < 0 || write(c, buf, len) != (ssize_t)len)
		return 1;
	close(c);
	free(buf);
	return 0;
}

static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
} verbs[] = {
	{ "fetch", fetch_main },
};

int main(int argc, char **argv)
{
	size_t i;

	for (i = 0; argc > 1 && i < ARRAY_SIZE(verbs); i++)
		if (streq(argv[1], verbs[i].name))
			return verbs[i].main(argc - 1, argv + 1);
	fprintf(stderr, "usage: net-tool fetch ...\n");
	return 2;
}
