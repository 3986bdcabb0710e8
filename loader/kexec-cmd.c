/*
 * kexec-cmd.c: `baton kexec`: load (and start) one kernel from host paths,
 * through the same loader_load() the daemon uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/kexec-cmd.h"
#include "loader/loader.h"

#define MAX_FILES 64

struct kexec_args {
	struct load_request req;
	const char *kernel, *dtb;
	const char *initrds[MAX_FILES], *overlays[MAX_FILES];
	struct load_file initrd_files[MAX_FILES], overlay_files[MAX_FILES];
	bool exec, unload, timing;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: baton kexec --kernel K [--initrd I]... [--cmdline C] [--dtb D]\n"
"                   [--overlay O]... [--dry-run] [--exec]\n"
"       baton kexec --exec | --unload\n"
"  Load a kernel for a fast reboot into it, like `kexec -s -l`; with --exec\n"
"  start it at once (after sync: stop services first). Paths are host\n"
"  paths. The same loader as the boot menu's: kexec_file_load(2), or\n"
"  kexec_load(2) segments when a device tree must be passed (arm64, riscv)\n"
"  or the running kernel lacks kexec_file_load.\n"
"\n"
"  --kernel K    kernel image (bzImage, Image, Image.gz, ELF) or a UKI\n"
"  --initrd I    an initrd; several are joined in the order given\n"
"  --cmdline C   kernel command line (default: a UKI's own, else none)\n"
"  --dtb D       device tree to pass (arm64, riscv)\n"
"  --overlay O   device tree overlay, applied in the order given\n"
"  --pass-fdt    pass the running device tree, patched, without --dtb\n"
"  --segments    use kexec_load(2) even where kexec_file_load would do\n"
"  --dry-run     do everything but the kexec system calls; show the plan\n"
"  --exec        start the loaded kernel (alone: the one loaded before)\n"
"  --unload      unload a loaded kernel\n"
"  --time        print the time spent reading files and in the rest\n"
"  --machine M   with --dry-run: plan for machine M (uname -m, e.g. aarch64)\n"
"  --iomem F     memory map to use instead of /proc/iomem\n"
"  --fdt F       running device tree to use instead of /sys/firmware/fdt\n");
}

static int add_path(const char **paths, size_t *n, const char *p)
{
	if (*n == MAX_FILES) {
		fprintf(stderr, "baton kexec: more than %d files\n", MAX_FILES);
		return -E2BIG;
	}
	paths[(*n)++] = p;
	return 0;
}

static int parse_args(int argc, char **argv, struct kexec_args *a)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "dtb", required_argument, NULL, 'd' },
		{ "overlay", required_argument, NULL, 'o' },
		{ "pass-fdt", no_argument, NULL, 'P' },
		{ "segments", no_argument, NULL, 'S' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "exec", no_argument, NULL, 'e' },
		{ "unload", no_argument, NULL, 'u' },
		{ "time", no_argument, NULL, 't' },
		{ "machine", required_argument, NULL, 'm' },
		{ "iomem", required_argument, NULL, 'I' },
		{ "fdt", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': a->kernel = optarg; break;
		case 'i': if (add_path(a->initrds, &a->req.n_initrds, optarg))
				return 2;
			  break;
		case 'c': a->req.cmdline = optarg; break;
		case 'd': a->dtb = optarg; break;
		case 'o': if (add_path(a->overlays, &a->req.n_overlays, optarg))
				return 2;
			  break;
		case 'P': a->req.flags |= LOAD_PASS_FDT; break;
		case 'S': a->req.flags |= LOAD_SEGMENTS; break;
		case 'n': a->req.flags |= LOAD_DRY_RUN; break;
		case 'e': a->exec = true; break;
		case 'u': a->unload = true; break;
		case 't': a->timing = true; break;
		case 'm': a->req.machine = optarg; break;
		case 'I': a->req.iomem_path = optarg; break;
		case 'F': a->req.fdt_path = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || (!a->kernel && !a->exec && !a->unload) ||
	    (a->kernel && a->unload)) {
		usage(stderr);
		return 2;
	}
	return -1;
}

static int open_file(const char *path, struct load_file *f)
{
	f->name = path;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd >= 0)
		return 0;
	fprintf(stderr, "baton kexec: %s: %s\n", path, strerror(errno));
	return -errno;
}

static int open_files(struct kexec_args *a)
{
	size_t i;

	a->req.dtb.fd = -1;
	if (open_file(a->kernel, &a->req.kernel))
		return -1;
	if (a->dtb && open_file(a->dtb, &a->req.dtb))
		return -1;
	for (i = 0; i < a->req.n_initrds; i++)
		if (open_file(a->initrds[i], &a->initrd_files[i]))
			return -1;
	for (i = 0; i < a->req.n_overlays; i++)
		if (open_file(a->overlays[i], &a->overlay_files[i]))
			return -1;
	a->req.initrds = a->initrd_files;
	a->req.overlays = a->overlay_files;
	return 0;
}

static void close_files(struct kexec_args *a)
{
	size_t i;

	if (a->req.kernel.fd >= 0)
		close(a->req.kernel.fd);
	if (a->req.dtb.fd >= 0)
		close(a->req.dtb.fd);
	for (i = 0; i < a->req.n_initrds; i++)
		if (a->initrd_files[i].fd >= 0)
			close(a->initrd_files[i].fd);
	for (i = 0; i < a->req.n_overlays; i++)
		if (a->overlay_files[i].fd >= 0)
			close(a->overlay_files[i].fd);
}

static void print_result(const struct kexec_args *a,
			 const struct load_result *res)
{
	size_t i;

	printf("%s\n", res->message);
	if (res->n_segments)
		printf("entry %#llx\n", (unsigned long long)res->entry);
	for (i = 0; i < res->n_segments; i++)
		printf("segment %-15s %#014llx-%#014llx %10llu bytes\n",
		       res->segments[i].what,
		       (unsigned long long)res->segments[i].mem,
		       (unsigned long long)(res->segments[i].mem +
					    res->segments[i].memsz - 1),
		       (unsigned long long)res->segments[i].bufsz);
	if (a->timing)
		printf("time: reading files %.3f ms, the rest %.3f ms, "
		       "total %.3f ms\n", res->read_ns / 1e6,
		       (res->total_ns - res->read_ns) / 1e6,
		       res->total_ns / 1e6);
}

static int do_load(struct kexec_args *a, struct load_result *res)
{
	int ret;

	ret = open_files(a) ? -1 : loader_load(&a->req, res);
	if (ret > 0 || ret == -1)
		return 1;
	if (ret) {
		fprintf(stderr, "baton kexec: %s\n", res->message);
		if (a->timing)
			print_result(a, res);
		return 1;
	}
	print_result(a, res);
	return 0;
}

int kexec_main(int argc, char **argv)
{
	struct kexec_args *a = calloc(1, sizeof(*a));
	struct load_result res = { 0 };
	int ret = 0, i;

	if (!a)
		return 1;
	a->req.kernel.fd = a->req.dtb.fd = -1;
	for (i = 0; i < MAX_FILES; i++)
		a->initrd_files[i].fd = a->overlay_files[i].fd = -1;
	ret = parse_args(argc, argv, a);
	if (ret >= 0)
		goto out;
	ret = 0;
	if (a->unload && (ret = loader_unload()))
		fprintf(stderr, "baton kexec: cannot unload: %s\n",
			loader_strerror(ret, LOAD_STAGE_KEXEC_FILE));
	if (a->kernel)
		ret = do_load(a, &res);
	close_files(a);
	if (!ret && a->exec && !(a->req.flags & LOAD_DRY_RUN)) {
		ret = loader_exec(a->kernel ? &res : NULL);
		fprintf(stderr, "baton kexec: cannot start the kernel: %s\n",
			loader_strerror(ret, LOAD_STAGE_EXEC));
	}
	ret = ret ? 1 : 0;
out:
	load_result_clear(&res);
	free(a);
	return ret;
}
