/*
 * kexec-cmd.c: `baton kexec`: load (and start) one kernel from host paths,
 * through the same loader_load() the daemon uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/util.h"
#include "loader/kexec-cmd.h"
#include "loader/liveupdate.h"
#include "loader/loader.h"

#define MAX_FILES 64

struct kexec_args {
	struct load_request req;
	const char *kernel, *dtb;
	const char *initrds[MAX_FILES], *overlays[MAX_FILES];
	struct load_file initrd_files[MAX_FILES], overlay_files[MAX_FILES];
	bool exec, load_only, unload, timing, status;
	const char *root;	/* --root: a folder standing for / (tests) */
	char **initrd_v, **overlay_v;	/* --initrd, --overlay as given */
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: baton kexec --kernel K [--initrd I]... [--cmdline C] [--dtb D]\n"
"                   [--overlay O]... [--dry-run] [--exec]\n"
"                   [--crash | --live-update [--load | --exec]]\n"
"       baton kexec --exec | --unload [--crash] | --status\n"
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
"  --exec        start the loaded kernel (alone: the one loaded before;\n"
"                through `systemctl kexec` with --live-update under systemd)\n"
"  --unload      unload a loaded kernel (with --crash: the crash kernel)\n"
"  --crash       load into the crashkernel= reservation: a panic starts it\n"
"  --live-update keep what the Live Update Orchestrator preserves: loads\n"
"                with kexec_file_load(2), kho=on liveupdate=on on the\n"
"                command line; starts the kernel unless systemd is PID 1,\n"
"                which `systemctl kexec` leaves to preserve its stores\n"
"  --load        with --live-update: load only, never start\n"
"  --status      print what is loaded, the crash reservation, live update\n"
"  --time        print the time spent reading files and in the rest\n"
"  --machine M   with --dry-run: plan for machine M (uname -m, e.g. aarch64)\n"
"  --iomem F     memory map to use instead of /proc/iomem\n"
"  --fdt F       running device tree to use instead of /sys/firmware/fdt\n"
"  --root R      a folder standing for / in the checks of --live-update\n"
"                and --status (tests)\n");
}

static int bad_args(const char *why)
{
	fprintf(stderr, "baton kexec: %s\n", why);
	usage(stderr);
	return 2;
}

/* What the options allow together; 2 (usage) or -1 (go on). */
static int check_args(struct kexec_args *a, int first, int argc)
{
	unsigned int f = a->req.flags;

	if (first < argc)
		return bad_args("unexpected argument");
	if (a->status && (a->kernel || a->exec || a->unload))
		return bad_args("--status goes alone");
	if (!a->kernel && !a->exec && !a->unload && !a->status)
		return bad_args("nothing to do: give --kernel, --exec, "
				"--unload or --status");
	if (a->kernel && a->unload)
		return bad_args("--unload takes no --kernel");
	if ((f & LOAD_CRASH) && (f & LOAD_LIVE_UPDATE))
		return bad_args("--crash and --live-update exclude each "
				"other: a panic hands nothing over");
	if ((f & LOAD_CRASH) && a->exec)
		return bad_args("a crash kernel is started by a panic, not "
				"--exec");
	if ((f & LOAD_LIVE_UPDATE) && !a->kernel)
		return bad_args("--live-update needs --kernel");
	if (a->load_only && !(f & LOAD_LIVE_UPDATE))
		return bad_args("--load goes with --live-update (without it "
				"baton kexec only loads)");
	if (a->load_only && a->exec)
		return bad_args("--load and --exec exclude each other");
	return -1;
}

/* Paths from a repeated option into paths[]; 0, or 2 when too many. */
static int take_paths(char **v, const char **paths, size_t *n)
{
	size_t i, len = strv_len(v);

	if (len > MAX_FILES) {
		fprintf(stderr, "baton kexec: more than %d files\n", MAX_FILES);
		return 2;
	}
	for (i = 0; i < len; i++)
		paths[i] = v[i];
	*n = len;
	return 0;
}

/* Flag options that set a bit of the load request. */
struct kexec_flags {
	bool pass_fdt, segments, dry_run, crash, live_update;
};

static unsigned int request_flags(const struct kexec_flags *f)
{
	return (f->pass_fdt ? LOAD_PASS_FDT : 0) |
	       (f->segments ? LOAD_SEGMENTS : 0) |
	       (f->dry_run ? LOAD_DRY_RUN : 0) |
	       (f->crash ? LOAD_CRASH : 0) |
	       (f->live_update ? LOAD_LIVE_UPDATE : 0);
}

/*
 * Parse argv into a; the path vectors stay owned by a (kexec_args_release).
 * Returns 0 after --help, 2 on a usage error, -1 to go on.
 */
static int parse_args(int argc, char **argv, struct kexec_args *a)
{
	struct kexec_flags f = { 0 };
	const struct arg_opt opts[] = {
		OPT_STR("kernel", 0, &a->kernel),
		OPT_STRV("initrd", 0, &a->initrd_v),
		OPT_STR("cmdline", 0, &a->req.cmdline),
		OPT_STR("dtb", 0, &a->dtb),
		OPT_STRV("overlay", 0, &a->overlay_v),
		OPT_FLAG("pass-fdt", 0, &f.pass_fdt),
		OPT_FLAG("segments", 0, &f.segments),
		OPT_FLAG("dry-run", 0, &f.dry_run),
		OPT_FLAG("exec", 0, &a->exec),
		OPT_FLAG("unload", 0, &a->unload),
		OPT_FLAG("time", 0, &a->timing),
		OPT_STR("machine", 0, &a->req.machine),
		OPT_STR("iomem", 0, &a->req.iomem_path),
		OPT_STR("fdt", 0, &a->req.fdt_path),
		OPT_FLAG("crash", 0, &f.crash),
		OPT_FLAG("live-update", 0, &f.live_update),
		OPT_FLAG("load", 0, &a->load_only),
		OPT_FLAG("status", 0, &a->status),
		OPT_STR("root", 0, &a->root),
		OPT_END,
	};
	int first;

	first = args_parse(argc, argv, opts);
	if (first == ARGS_HELP) {
		usage(stdout);
		return 0;
	}
	if (first < 0) {
		usage(stderr);
		return 2;
	}
	a->req.flags |= request_flags(&f);
	if (take_paths(a->initrd_v, a->initrds, &a->req.n_initrds) ||
	    take_paths(a->overlay_v, a->overlays, &a->req.n_overlays))
		return 2;
	return check_args(a, first, argc);
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

static const char *yes_no(int v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

static int print_status(const struct kexec_args *a)
{
	struct kexec_state st;
	char sys[512];
	int ret;

	snprintf(sys, sizeof(sys), "%s/sys", a->root && strcmp(a->root, "/") ?
		 a->root : "");
	ret = kexec_state_read(sys, &st);
	if (ret) {
		fprintf(stderr, "baton kexec: %s/kernel has no kexec state: is "
			"sysfs mounted?\n", sys);
		return 1;
	}
	printf("loaded: %s\n", yes_no(st.loaded));
	printf("crash loaded: %s\n", yes_no(st.crash_loaded));
	if (st.crash_size < 0)
		printf("crash reservation: unknown\n");
	else if (!st.crash_size)
		printf("crash reservation: none (boot with crashkernel=SIZE)\n");
	else
		printf("crash reservation: %lld bytes\n", st.crash_size);
	printf("live update: %s\n", liveupdate_check(a->root) ?
	       "not available (no /dev/liveupdate)" :
	       "available (/dev/liveupdate)");
	return 0;
}

static int unload(const struct kexec_args *a)
{
	bool crash = a->req.flags & LOAD_CRASH;
	int ret = crash ? loader_unload_crash() : loader_unload();

	if (ret)
		fprintf(stderr, "baton kexec: cannot unload the %skernel: %s\n",
			crash ? "crash " : "",
			loader_strerror(ret, crash ? LOAD_STAGE_CRASH :
					LOAD_STAGE_KEXEC_FILE));
	return ret;
}

/*
 * Start the loaded kernel, or say who will: under systemd a live update is
 * started by `systemctl kexec`, which preserves the services' stores.
 */
static int start(const struct kexec_args *a, struct load_result *res)
{
	bool lu = a->req.flags & LOAD_LIVE_UPDATE;
	bool systemd = lu && liveupdate_systemd_pid1(a->root);
	int ret;

	if (a->req.flags & (LOAD_DRY_RUN | LOAD_CRASH) || a->load_only)
		return 0;
	if (lu && !a->exec && systemd) {
		printf("systemd is PID 1: run `systemctl kexec` to start the "
		       "new kernel; systemd preserves its services' file "
		       "descriptor stores\n");
		return 0;
	}
	if (!a->exec && !lu)
		return 0;
	if (systemd) {
		fflush(NULL);
		execlp("systemctl", "systemctl", "kexec", (char *)NULL);
		fprintf(stderr, "baton kexec: cannot run systemctl: %s\n",
			strerror(errno));
		return -errno;
	}
	ret = loader_exec(a->kernel ? res : NULL);
	fprintf(stderr, "baton kexec: cannot start the kernel: %s\n",
		loader_strerror(ret, LOAD_STAGE_EXEC));
	return ret;
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
	if (a->status) {
		ret = print_status(a);
		goto out;
	}
	ret = 0;
	if ((a->req.flags & LOAD_LIVE_UPDATE) &&
	    (ret = liveupdate_check(a->root)))
		fprintf(stderr, "baton kexec: %s\n",
			loader_strerror(ret, LOAD_STAGE_LIVEUPDATE));
	if (!ret && a->unload)
		ret = unload(a);
	if (!ret && a->kernel)
		ret = do_load(a, &res);
	close_files(a);
	if (!ret)
		ret = start(a, &res);
	ret = ret ? 1 : 0;
out:
	load_result_clear(&res);
	strv_free(a->initrd_v);
	strv_free(a->overlay_v);
	free(a);
	return ret;
}
