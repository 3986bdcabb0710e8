/*
 * loader.h: hands a boot option over to its kernel: kexec_file_load(2), or
 * kexec_load(2) segments where a device tree must be passed, then
 * reboot(LINUX_REBOOT_CMD_KEXEC). The loader takes open files, never paths
 * inside boot sources: the caller opens them (discover/source.c, or tmpfs
 * after a download), so the loader stays independent of discover/.
 *
 * Every function returns 0 or a negative errno. A failed load leaves no
 * kernel loaded and explains itself in one sentence (load_result.message).
 */
#ifndef BATON_LOADER_LOADER_H
#define BATON_LOADER_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An open file and the name to show for it in messages and the log. */
struct load_file {
	int fd;			/* open for reading; -1: none. Never closed. */
	const char *name;	/* "sda2:/boot/vmlinuz-6.1"; NULL: "fd N" */
};

enum load_flags {
	LOAD_DRY_RUN = 1 << 0,	/* do everything but the kexec syscalls */
	LOAD_SEGMENTS = 1 << 1,	/* kexec_load(2) even where kexec_file_load
				   would do (arm64, riscv, x86_64 bzImage) */
	LOAD_PASS_FDT = 1 << 2,	/* pass the running tree, patched, even when
				   no DTB is named (arm64, riscv) */
	LOAD_CRASH = 1 << 3,	/* into the crash slot (crashkernel=), which
				   a panic starts: KEXEC_FILE_ON_CRASH */
	LOAD_LIVE_UPDATE = 1 << 4, /* a live update: kexec_file_load only
				   (KHO rides on it), kho=on liveupdate=on
				   kept or added to the command line */
	LOAD_SIGNED_ONLY = 1 << 5, /* the running kernel is locked down:
				   kexec_file_load only; a load that needs
				   kexec_load(2) (a device tree, or
				   LOAD_SEGMENTS) fails at once with -EPERM
				   and a sentence saying why */
};

struct load_request {
	struct load_file kernel;	/* a Linux kernel image or a UKI */
	const struct load_file *initrds;	/* concatenated in this order */
	size_t n_initrds;
	struct load_file dtb;		/* fd -1: none (the running tree) */
	const struct load_file *overlays;	/* applied in this order */
	size_t n_overlays;
	/*
	 * The kernel command line. NULL: none, or a UKI's own .cmdline;
	 * a UKI's .cmdline is replaced by any non-NULL cmdline.
	 */
	const char *cmdline;
	unsigned int flags;		/* enum load_flags */
	/*
	 * For tests and dry runs (NULL: the running machine's). machine
	 * ("x86_64", "aarch64", as uname -m prints) needs LOAD_DRY_RUN.
	 */
	const char *machine;
	const char *iomem_path;		/* default /proc/iomem */
	const char *fdt_path;		/* default /sys/firmware/fdt */
	/* x86: memmap/ (the firmware's e820) and efi/systab; /sys/firmware */
	const char *firmware_path;
};

/* Where a load failed (or got to). */
enum load_stage {
	LOAD_STAGE_NONE = 0,
	LOAD_STAGE_REQUEST,	/* the request itself (bad fd, bad flags) */
	LOAD_STAGE_KERNEL,	/* reading and recognising the kernel */
	LOAD_STAGE_UKI,		/* extracting a UKI's sections */
	LOAD_STAGE_CMDLINE,	/* the command line against the kernel's limit */
	LOAD_STAGE_INITRD,	/* reading and joining the initrds */
	LOAD_STAGE_DTB,		/* reading, overlaying, patching the tree */
	LOAD_STAGE_MEMORY,	/* /proc/iomem and placing segments */
	LOAD_STAGE_KEXEC_FILE,	/* kexec_file_load(2) */
	LOAD_STAGE_KEXEC_LOAD,	/* kexec_load(2) */
	LOAD_STAGE_EXEC,	/* reboot(LINUX_REBOOT_CMD_KEXEC) */
	LOAD_STAGE_CRASH,	/* the crash slot: reservation, kexec_file_load */
	LOAD_STAGE_LIVEUPDATE,	/* what a live update needs of the kernel */
};

enum load_method {
	LOAD_METHOD_NONE = 0,
	LOAD_METHOD_FILE,	/* kexec_file_load(2) */
	LOAD_METHOD_SEGMENTS,	/* kexec_load(2) */
};

#define LOAD_MAX_SEGMENTS 16	/* KEXEC_SEGMENT_MAX */
#define LOAD_MESSAGE_MAX 512
#define LOAD_HELD_MAX 4

/* One kexec_load(2) segment as planned (for logs, dry runs, tests). */
struct load_segment {
	const char *what;	/* "kernel", "initrd", "dtb", "entry stub" */
	uint64_t mem;		/* physical address, page aligned */
	uint64_t memsz;		/* page multiple */
	uint64_t bufsz;		/* bytes copied; the rest is zeroed */
};

struct load_result {
	int err;			/* 0 or -errno, as returned */
	enum load_stage stage;		/* where it failed; _NONE on success */
	enum load_method method;
	const char *arch;		/* the kernel's architecture ("arm64") */
	/* On failure: one sentence for a person; on success: a summary. */
	char message[LOAD_MESSAGE_MAX];
	/* What was loaded (owned; set on success), for loader_exec's log. */
	char *kernel;
	char **initrds;			/* NULL-terminated, may be NULL */
	char *dtb;
	char *cmdline;
	/* LOAD_METHOD_SEGMENTS: the segments and the entry point. */
	struct load_segment segments[LOAD_MAX_SEGMENTS];
	size_t n_segments;
	uint64_t entry;
	/* Time spent reading files, and in the whole of loader_load. */
	uint64_t read_ns;
	uint64_t total_ns;
	/*
	 * Private: memory files the kernel was given (joined initrds, a
	 * UKI's parts). Closing one frees its pages, which takes a few ms:
	 * load_result_clear does it, off the path to the reboot.
	 */
	int held[LOAD_HELD_MAX];
	size_t n_held;
};

/*
 * Load the kernel of req for a later loader_exec(). res is overwritten
 * (clear a previous result first) and filled either way; clear it with
 * load_result_clear() once the boot is abandoned. kexec_file_load(2) is
 * used unless a device tree must be passed on arm64/riscv (a DTB,
 * overlays, a UKI's .dtb, or LOAD_PASS_FDT) or the running kernel lacks
 * it (ENOSYS); then kexec_load(2) segments. A UKI's .linux is the kernel,
 * its .initrd comes before req's initrds and its .cmdline is the default.
 * On failure any loaded kernel is unloaded.
 *
 * Errors (res->stage says where, res->message says why in one sentence):
 *   -EINVAL      bad request (fd, flags, machine without LOAD_DRY_RUN),
 *                an empty or corrupt file, a corrupt device tree, or the
 *                kernel rejected the load (see loader_strerror)
 *   -ENOEXEC     not a kernel baton or the running kernel can load, or
 *                a kernel for another architecture (named in message)
 *   -E2BIG       the command line is longer than the kernel accepts
 *   -EFBIG       a file is larger than the loader accepts
 *   -ENOENT      an overlay names a node the tree lacks; no running tree
 *   -EADDRNOTAVAIL  no room in System RAM for a segment
 *   -EOPNOTSUPP  kexec_load(2) is needed but not possible for this kernel
 *   -EPERM, -EBUSY, -ENOMEM, -EBADF, -EKEYREJECTED, -ENOKEY, -EACCES,
 *   -ETXTBSY, -ENOSYS, -EIO ...  as kexec_file_load(2) and kexec_load(2)
 *                return them (loader_strerror explains each)
 */
int loader_load(const struct load_request *req, struct load_result *res);

/*
 * Does machine ("aarch64", as uname -m prints it; NULL: the running one)
 * boot kernels with a device tree from the boot loader, which only
 * kexec_load(2) can pass (arm64, riscv, powerpc, arm)?
 */
bool loader_takes_dtb(const char *machine);

/*
 * Why a locked-down machine (LOAD_SIGNED_ONLY) cannot boot an option that
 * needs kexec_load(2): for a device tree, or (kexec_load_setting) for the
 * kexec_load setting. One sentence; never NULL, static.
 */
const char *loader_signed_only_reason(bool kexec_load_setting);

/* Free what a result owns (strings, held files) and zero it; accepts NULL. */
void load_result_clear(struct load_result *res);

/*
 * One sentence a person understands for err (negative or positive errno)
 * as returned at stage, e.g. -EKEYREJECTED: "the kernel's signature was
 * rejected: this machine only boots signed kernels". Never NULL; static.
 */
const char *loader_strerror(int err, enum load_stage stage);

/* The stage's name for logs ("kexec_file_load"). Never NULL; static. */
const char *loader_stage_name(enum load_stage stage);

/*
 * Unload whatever kernel is loaded (kexec_file_load KEXEC_FILE_UNLOAD, or
 * kexec_load with no segments). 0 when nothing was loaded too.
 * Errors: -EPERM, -EBUSY, -ENOSYS (no kexec at all).
 */
int loader_unload(void);

/* The same for the crash slot (KEXEC_FILE_ON_CRASH, KEXEC_ON_CRASH). */
int loader_unload_crash(void);

/* What the running kernel has loaded, from /sys/kernel. */
struct kexec_state {
	int loaded;		/* kexec_loaded: 1, 0; -1: unknown */
	int crash_loaded;	/* kexec_crash_loaded: 1, 0; -1: unknown */
	long long crash_size;	/* kexec_crash_size: bytes reserved; -1 */
};

/*
 * Read the state from sysfs (NULL: "/sys"); a file that is missing leaves
 * its field at -1. Errors: -ENOENT when none of the three exists.
 */
int kexec_state_read(const char *sysfs, struct kexec_state *st);

/*
 * Put a terminal back to a sane state after a menu: cooked mode with echo,
 * default colours, the cursor visible, the screen cleared and the cursor
 * on a clean line; no full terminal reset (slow, and pointless on a
 * serial line). Does nothing to an fd that is not a terminal.
 * Errors: -EBADF, -EIO (from tcsetattr or write).
 */
int loader_restore_console(int fd);

/*
 * Start the loaded kernel: restore the consoles (stdin, stdout, stderr,
 * /dev/console), log exactly what is booted (from res; NULL: just that
 * the loaded kernel starts), sync and reboot(LINUX_REBOOT_CMD_KEXEC). The
 * caller has stopped children and unmounted every source. Returns only on
 * failure: -EINVAL (no kernel loaded), -EPERM (no CAP_SYS_BOOT), -EBUSY.
 */
int loader_exec(const struct load_result *res);

#endif
