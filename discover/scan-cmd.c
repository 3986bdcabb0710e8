/* scan-cmd.c: `baton scan`: run every parser over folders and print options. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "discover/scan.h"
#include "lib/json-text.h"
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
		if (o->kernel)
			printf("    kernel:  %s:%s%s\n",
			       o->kernel->source ? o->kernel->source : "?",
			       o->kernel->path ? o->kernel->path :
			       o->kernel->url ? o->kernel->url : "",
			       o->kernel->missing ? " (missing)" : "");
		printf("    cmdline: %s\n", cmd ? cmd : "");
		free(name);
		free(cmd);
	}
}

/*
 * The options as one JSON array, the text json_dumpf gives for the whole
 * array, written one option at a time (json-text.h: without jansson's
 * per-token callbacks, and without holding every option as JSON at once).
 */
static int print_json(const struct scan_result *res)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *obj;
	size_t i;
	int ret = 0;

	if (!res->options.n) {
		puts("[]");
		return 0;
	}
	for (i = 0; !ret && i < res->options.n; i++) {
		obj = boot_option_to_json(res->options.v[i]);
		sb_reset(&sb);
		sb_adds(&sb, i ? ",\n  " : "[\n  ");
		ret = obj ? json_text_add(&sb, obj, 2, 1) : -ENOMEM;
		json_decref(obj);
		if (!ret && fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
			ret = -EIO;
	}
	sb_release(&sb);
	if (!ret && fputs("\n]\n", stdout) == EOF)
		ret = -EIO;
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
"  Treat each PATH (a folder standing for a mounted partition) as a boot\n"
"  source and print the boot options every parser finds on it.\n"
"  keys: name (default: PATH's last component), uuid, label, partuuid,\n"
"        partlabel, fstype, kind\n"
"  --repeat N  parse N times first and print timing and memory on stderr\n");
}

int scan_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "parser", required_argument, NULL, 'p' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_result res = { .timeout = -1 };
	struct source **srcs = NULL;
	const char *only = NULL;
	bool json = false;
	int repeat = 0;
	int c, i, n = 0, ret = 1, err;
	size_t k;

	while ((c = getopt_long(argc, argv, "jp:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			repeat = atoi(optarg);
			if (repeat < 1 || repeat > 100000) {
				fprintf(stderr, "baton scan: --repeat takes 1..100000\n");
				return 2;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'p':
			only = optarg;
			if (!parser_find(only)) {
				fprintf(stderr, "baton scan: no parser '%s'\n",
					only);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	srcs = calloc(argc - optind, sizeof(*srcs));
	if (!srcs)
		return 1;
	for (i = optind; i < argc; i++) {
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
	scan_finish(&res, srcs, n);
	for (k = 0; k < res.diags.n; k++) {
		char *d = text_sanitize(res.diags.v[k]);

		fprintf(stderr, "baton scan: %s\n", d ? d : "?");
		free(d);
	}
	ret = json ? (print_json(&res) ? 1 : 0) : (print_human(&res), 0);
out:
	scan_result_release(&res);
	for (i = 0; i < n; i++)
		source_free(srcs[i]);
	free(srcs);
	return ret;
}
