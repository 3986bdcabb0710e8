/* scan-cmd.c: `baton scan`: run every parser over folders and print options. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "discover/scan.h"
#include "lib/args.h"
#include "discover/scan-net.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/text.h"

static void print_human(const struct scan_result *res)
{
	size_t i;

	for (i = 0; i < res->options.n; i++) {
		const struct boot_option *o = res->options.v[i];
		char *name = text_sanitize(o->name ? o->name : "(untitled)");
		char *cmd = text_sanitize(o->cmdline ? o->cmdline : "");

		printf("%s%s\n    id:      %s\n    parser:  %s (%s)\n",
		       o->is_default ? "* " : "  ", name ? name : "?",
		       o->id ? o->id : "?", o->parser, o->config ? o->config : "");
		if (o->kernel && o->kernel->url) {
			char *url = text_sanitize(o->kernel->url);

			printf("    kernel:  %s%s\n", url ? url : "?",
			       o->kernel->missing ? " (missing)" : "");
			free(url);
		} else if (o->kernel)
			printf("    kernel:  %s:%s%s\n",
			       o->kernel->source ? o->kernel->source : "?",
			       o->kernel->path ? o->kernel->path : "",
			       o->kernel->missing ? " (missing)" : "");
		printf("    cmdline: %s\n", cmd ? cmd : "");
		free(name);
		free(cmd);
	}
}

/* What print_json gathers before it writes: a few system calls, little RSS. */
#define JSON_CHUNK	(4 * 1024)

/*
 * The options as one JSON array, the text json_dumpf gives for the whole
 * array, written straight into one buffer (boot_option_json_text: without
 * building jansson values), handed to stdout whenever it holds a chunk.
 */
static int print_json(const struct scan_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, done;
	int ret = 0;

	if (!res->options.n) {
		puts("[]");
		return 0;
	}
	for (i = 0; !ret && i < res->options.n; i++) {
		done = sb.len;	/* an option that fails is not written */
		sb_add(&sb, i ? ",\n  " : "[\n  ", 4);
		ret = boot_option_json_text(&sb, res->options.v[i], 2, 1);
		if (!ret && i + 1 == res->options.n)
			sb_add(&sb, "\n]\n", 3);
		if (!ret && sb.err)
			ret = -ENOMEM;
		if (ret)
			sb.len = done;
		if (sb.len >= JSON_CHUNK || ret || i + 1 == res->options.n) {
			if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len &&
			    !ret)
				ret = -EIO;
			sb_reset(&sb);
		}
	}
	sb_release(&sb);
	return ret;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * --repeat N (for bench/scan): parse everything N times and print the
 * median and fastest time of one whole scan, and the peak RSS so far.
 */
static void bench(struct source **srcs, int n, const char *only, int repeat)
{
	uint64_t *ns = calloc(repeat, sizeof(*ns));
	struct rusage ru;
	struct timespec a, b;
	int r, i;

	if (!ns)
		return;
	for (r = 0; r < repeat; r++) {
		struct scan_result res = { .timeout = -1 };

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (i = 0; i < n; i++)
			scan_source(srcs[i], srcs, n, only, &res);
		scan_finish(&res, srcs, n);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ns[r] = (b.tv_sec - a.tv_sec) * 1000000000ull + b.tv_nsec -
			a.tv_nsec;
		scan_result_release(&res);
	}
	qsort(ns, repeat, sizeof(*ns), cmp_u64);
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "scan: %d runs, median %.1f us, fastest %.1f us, "
		"peak RSS %ld KiB\n", repeat, ns[repeat / 2] / 1000.0,
		ns[0] / 1000.0, ru.ru_maxrss);
	free(ns);
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: baton scan [--json] [--parser NAME] [--repeat N] PATH[:key=value,...]...\n"
"       baton scan [--json] --dhcp KEY=VALUE[,KEY=VALUE...] [--url-root URL=DIR]...\n"
"                  [PATH...]\n"
"  Treat each PATH (a folder standing for a mounted partition) as a boot\n"
"  source and print the boot options every parser finds on it.\n"
"  keys: name (default: PATH's last component), uuid, label, partuuid,\n"
"        partlabel, fstype, kind\n"
"  --repeat N  parse N times first and print timing and memory on stderr\n"
"  --dhcp      a DHCP lease in udhcpc's names (ip, mac, siaddr, serverid,\n"
"              tftp, bootfile, pxeconffile, pxepathprefix, uuid,\n"
"              bootfile_url, ...): list the network configs it leads to\n"
"  --url-root  read URLs under URL from the folder DIR (repeatable)\n");
}

int scan_main(int argc, char **argv)
{
	struct scan_result res = { .timeout = -1 };
	struct source **srcs = NULL;
	const char *only = NULL;
	struct strbuf dhcp = STRBUF_INIT;
	char **roots = NULL, **dhcpv = NULL;
	bool json = false;
	int repeat = 0;
	const struct arg_opt opts[] = {
		OPT_FLAG("json", 'j', &json),
		OPT_STR("parser", 'p', &only),
		OPT_INT("repeat", 'r', &repeat, 1, 100000),
		OPT_STRV("dhcp", 0, &dhcpv),		/* one lease, keys joined */
		OPT_STRV("url-root", 0, &roots),
		OPT_END,
	};
	int first, i, n = 0, ret = 1, err;
	size_t k;

	first = args_parse(argc, argv, opts);
	if (first == ARGS_HELP) {
		ret = 0;
		usage(stdout);
		goto out;
	}
	if (first > 0 && only && !parser_find(only)) {
		fprintf(stderr, "baton scan: no parser '%s'\n", only);
		ret = 2;
		goto out;
	}
	for (k = 0; dhcpv && dhcpv[k]; k++) {
		if (dhcp.len)
			sb_addc(&dhcp, ',');
		sb_adds(&dhcp, dhcpv[k]);
	}
	if (first < 0 || (first >= argc && !dhcp.len)) {
		usage(stderr);
		ret = 2;
		goto out;
	}
	if (roots && !dhcp.len) {
		fprintf(stderr, "baton scan: --url-root needs --dhcp\n");
		ret = 2;
		goto out;
	}
	srcs = calloc(argc - first + 1, sizeof(*srcs));
	if (!srcs)
		return 1;
	for (i = first; i < argc; i++) {
		struct source_info si = { 0 };
		struct stat st;
		char *path;

		err = scan_parse_source_arg(argv[i], &path, &si);
		if (!err && (stat(path, &st) || !S_ISDIR(st.st_mode)))
			err = -ENOTDIR;
		if (!err) {
			srcs[n] = source_open_dir(path, &si, &err);
			if (srcs[n])
				n++;
		}
		source_info_clear(&si);
		if (err) {
			fprintf(stderr, "baton scan: %s: %s\n", path,
				err == -ENOTDIR ? "not a folder" :
				strerror(-err));
			goto out;
		}
	}
	if (repeat)
		bench(srcs, n, only, repeat);
	for (i = 0; i < n; i++)
		if (scan_source(srcs[i], srcs, n, only, &res)) {
			fprintf(stderr, "baton scan: out of memory\n");
			goto out;
		}
	if (dhcp.len) {
		err = scan_network(sb_str(&dhcp), roots, strv_len(roots), &res);
		if (err == -ENOSYS)
			fprintf(stderr, "baton scan: --dhcp: built without network boot (CONFIG_NET)\n");
		if (err)
			goto out;
	}
	scan_finish(&res, srcs, n);
	for (k = 0; k < res.diags.n; k++) {
		char *d = text_sanitize(res.diags.v[k]);

		fprintf(stderr, "baton scan: %s\n", d ? d : "?");
		free(d);
	}
	ret = json ? (print_json(&res) ? 1 : 0) : (print_human(&res), 0);
out:
	sb_release(&dhcp);
	strv_free(dhcpv);
	strv_free(roots);
	/*
	 * The options die with the process: freeing thousands of them one
	 * by one costs more than giving them ids. A sanitizer build frees
	 * them, so that its leak check (tests/run sanitize) still proves
	 * that scan_result_release() lets go of everything a scan holds.
	 */
	if (IS_ENABLED(CONFIG_SANITIZE))
		scan_result_release(&res);
	for (i = 0; i < n; i++)
		source_free(srcs[i]);
	free(srcs);
	return ret;
}
