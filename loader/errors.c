/*
 * errors.c: what each error of kexec_file_load(2), kexec_load(2), reboot(2)
 * and the loader's own steps means, in one sentence a person understands.
 * The causes come from the man pages and the kernel (kernel/kexec*.c,
 * fs/kernel_read_file.c, arch/x86/kernel/kexec-bzimage64.c,
 * crypto/asymmetric_keys/verify_pefile.c).
 */
#include <errno.h>
#include <string.h>

#include "lib/util.h"
#include "loader/loader.h"

#define ANY_STAGE ((enum load_stage)-1)
#define ENOTSUPP_KERNEL 524	/* kernel-internal, leaks from verify_pefile */

struct errmsg {
	enum load_stage stage;	/* ANY_STAGE: a fallback for every stage */
	int err;
	const char *msg;
};

static const struct errmsg errmsgs[] = {
	/* kexec_file_load(2) */
	{ LOAD_STAGE_KEXEC_FILE, EPERM, "the running kernel refused to load "
	  "a new one: baton is not running as root (CAP_SYS_BOOT), kexec "
	  "is disabled (sysctl kernel.kexec_load_disabled), or the kernel "
	  "is locked down and this kernel is not signed" },
	{ LOAD_STAGE_KEXEC_FILE, EINVAL, "the running kernel rejected the "
	  "load: a file is empty or not a regular file, the command line "
	  "is too long for this kernel, or the kernel and initrd need more "
	  "than half of the memory" },
	{ LOAD_STAGE_KEXEC_FILE, ENOEXEC, "the running kernel cannot boot "
	  "this file: on x86 it must be a 64-bit bzImage loadable above "
	  "4 GiB, on arm64 an uncompressed Image" },
	{ LOAD_STAGE_KEXEC_FILE, EADDRNOTAVAIL, "the running kernel found no "
	  "free memory area large enough for the kernel or the initrd" },
	{ LOAD_STAGE_KEXEC_FILE, EBADF, "the kernel or initrd file was closed "
	  "before it could be loaded (a bug in baton)" },
	{ LOAD_STAGE_KEXEC_FILE, ENOSYS, "the running kernel was built "
	  "without kexec_file_load(2) (CONFIG_KEXEC_FILE)" },
	{ LOAD_STAGE_KEXEC_FILE, EFBIG, "the kernel or initrd is larger than "
	  "the running kernel accepts (4 GiB, or 2 GiB on some kernels)" },
	/* kexec_load(2) */
	{ LOAD_STAGE_KEXEC_LOAD, EPERM, "the running kernel refused to load "
	  "a new one: baton is not running as root (CAP_SYS_BOOT), kexec "
	  "is disabled (sysctl kernel.kexec_load_disabled), or the kernel "
	  "is locked down (by Secure Boot or lockdown=), which forbids "
	  "kexec_load(2)" },
	{ LOAD_STAGE_KEXEC_LOAD, EINVAL, "the running kernel rejected the "
	  "segments: they overlap, one is larger than its memory area, "
	  "there are more than 16, or together they need more than half of "
	  "the memory" },
	{ LOAD_STAGE_KEXEC_LOAD, EADDRNOTAVAIL, "a segment lies outside the "
	  "memory the running kernel lets kexec use, or is not page "
	  "aligned" },
	{ LOAD_STAGE_KEXEC_LOAD, ENOSYS, "the running kernel was built "
	  "without kexec support (CONFIG_KEXEC)" },
	{ LOAD_STAGE_KEXEC_LOAD, EBUSY, "the running kernel cannot kexec: "
	  "another load is in progress, or CPUs could not be taken "
	  "offline" },
	{ LOAD_STAGE_KEXEC_LOAD, EACCES, "the running kernel's integrity "
	  "policy (IMA appraisal) forbids kexec_load(2), which a "
	  "device tree needs: only a signed kernel loaded with "
	  "kexec_file_load(2) can boot" },
	/* reboot(LINUX_REBOOT_CMD_KEXEC) */
	{ LOAD_STAGE_EXEC, EINVAL, "no kernel is loaded to start" },
	{ LOAD_STAGE_EXEC, EPERM, "baton is not allowed to reboot the "
	  "machine (CAP_SYS_BOOT)" },
	{ LOAD_STAGE_EXEC, EBUSY, "the kernel is busy with another kexec "
	  "operation; try again" },
	/* the crash slot (crashkernel=) */
	{ LOAD_STAGE_CRASH, ENOMEM, "the running kernel has no memory "
	  "reserved for a crash kernel: boot it with crashkernel=SIZE "
	  "(for example crashkernel=256M)" },
	{ LOAD_STAGE_CRASH, EADDRNOTAVAIL, "the crash kernel and its initrd "
	  "do not fit in the memory reserved by crashkernel=: reserve more, "
	  "or use a smaller initrd" },
	{ LOAD_STAGE_CRASH, EOPNOTSUPP, "baton loads a crash kernel only "
	  "with kexec_file_load(2), which this kernel or machine cannot use "
	  "here (a device tree to pass, or no CONFIG_KEXEC_FILE)" },
	{ LOAD_STAGE_CRASH, ENOSYS, "the running kernel was built without "
	  "kexec_file_load(2) or crash kernel support (CONFIG_KEXEC_FILE, "
	  "CONFIG_CRASH_DUMP)" },
	{ LOAD_STAGE_CRASH, EBUSY, "the crash kernel slot is busy: another "
	  "load or unload is in progress; try again" },
	{ LOAD_STAGE_CRASH, EINVAL, "the running kernel rejected the crash "
	  "kernel: a file is empty, or the command line is too long" },
	/* a live update (Kexec HandOver, the Live Update Orchestrator) */
	{ LOAD_STAGE_LIVEUPDATE, ENODEV, "the running kernel cannot do a "
	  "live update: it has no /dev/liveupdate (it needs "
	  "CONFIG_LIVEUPDATE and CONFIG_KEXEC_HANDOVER, and liveupdate=on "
	  "on its command line; with too little memory KHO turns it off)" },
	{ LOAD_STAGE_LIVEUPDATE, EOPNOTSUPP, "a live update rides only on "
	  "kexec_file_load(2), which cannot be used here (a device tree to "
	  "pass, or --segments)" },
	{ LOAD_STAGE_LIVEUPDATE, ENOSYS, "the running kernel was built "
	  "without kexec_file_load(2), which a live update needs" },
	{ LOAD_STAGE_LIVEUPDATE, EBUSY, "another program holds "
	  "/dev/liveupdate open; only one may use it at a time" },
	{ LOAD_STAGE_LIVEUPDATE, ENOENT, "no session of that name arrived "
	  "with this live update" },
	{ LOAD_STAGE_LIVEUPDATE, EEXIST, "a session or token of that name "
	  "is already preserved" },
	{ LOAD_STAGE_LIVEUPDATE, ENOLINK, "sessions arrived with a live "
	  "update that baton cannot carry to the next kernel; they would be "
	  "lost (set liveupdate_drop to boot anyway)" },
	/* the loader's own steps */
	{ LOAD_STAGE_KERNEL, ENOEXEC, "this file is not a Linux kernel baton "
	  "can boot" },
	{ LOAD_STAGE_KERNEL, EFBIG, "the kernel file is larger than baton "
	  "accepts (512 MiB)" },
	{ LOAD_STAGE_KERNEL, EINVAL, "the kernel file is empty or is not a "
	  "regular file" },
	{ LOAD_STAGE_UKI, ENOEXEC, "this unified kernel image is corrupt or "
	  "has no .linux section" },
	{ LOAD_STAGE_CMDLINE, E2BIG, "the command line is longer than this "
	  "kernel accepts" },
	{ LOAD_STAGE_INITRD, EFBIG, "the initrds together are larger than "
	  "baton accepts (2 GiB)" },
	{ LOAD_STAGE_INITRD, EINVAL, "an initrd is empty or is not a regular "
	  "file" },
	{ LOAD_STAGE_DTB, EINVAL, "the device tree or an overlay is corrupt" },
	{ LOAD_STAGE_DTB, ENOENT, "an overlay refers to a node or label the "
	  "device tree does not have" },
	{ LOAD_STAGE_DTB, EFBIG, "the device tree is larger than 2 MiB" },
	{ LOAD_STAGE_DTB, EOPNOTSUPP, "baton was built without device tree "
	  "support" },
	{ LOAD_STAGE_MEMORY, EPERM, "the memory map in /proc/iomem shows no "
	  "addresses: baton must run as root" },
	{ LOAD_STAGE_MEMORY, ENOENT, "the memory map shows no System RAM" },
	{ LOAD_STAGE_MEMORY, EADDRNOTAVAIL, "there is no free area in System "
	  "RAM large enough for the kernel, initrd and device tree" },
	{ LOAD_STAGE_MEMORY, EOPNOTSUPP, "baton cannot build kexec_load(2) "
	  "segments for this kind of kernel" },
	/* any stage */
	{ ANY_STAGE, EKEYREJECTED, "the kernel's signature was rejected: "
	  "this machine only boots signed kernels" },
	{ ANY_STAGE, ENOKEY, "the kernel is signed with a key this machine "
	  "does not trust: it only boots kernels signed by a trusted key" },
	{ ANY_STAGE, ENODATA, "the kernel has no signature: this machine "
	  "only boots signed kernels" },
	{ ANY_STAGE, ELIBBAD, "the kernel's signature block is corrupt: this "
	  "machine only boots correctly signed kernels" },
	{ ANY_STAGE, EBADMSG, "the kernel's signature is malformed: this "
	  "machine only boots correctly signed kernels" },
	{ ANY_STAGE, EMSGSIZE, "the kernel's signature is malformed (too "
	  "large): this machine only boots correctly signed kernels" },
	{ ANY_STAGE, ENOPKG, "the kernel is signed with an algorithm the "
	  "running kernel cannot check" },
	{ ANY_STAGE, ENOTSUPP_KERNEL, "the kernel's signature is in a format "
	  "the running kernel does not support" },
	{ ANY_STAGE, EACCES, "a security policy (IMA appraisal, LoadPin or "
	  "an LSM) refused to let the kernel read this file" },
	{ ANY_STAGE, ETXTBSY, "the kernel or initrd is open for writing by "
	  "another program" },
	{ ANY_STAGE, EBUSY, "another kexec load is in progress, or a crash "
	  "kernel is being loaded; try again" },
	{ ANY_STAGE, ENOMEM, "there is not enough memory to hold the new "
	  "kernel and its initrds" },
	{ ANY_STAGE, EBADF, "a file to load is not open (a bug in baton)" },
	{ ANY_STAGE, EIO, "a read error occurred while reading the kernel or "
	  "an initrd: the disk may be failing" },
	{ ANY_STAGE, EFBIG, "a file is larger than the loader accepts" },
	{ ANY_STAGE, E2BIG, "the command line is longer than the kernel "
	  "accepts" },
	{ ANY_STAGE, ENOSYS, "the running kernel was built without kexec "
	  "support" },
	{ ANY_STAGE, EOPNOTSUPP, "this is not supported on this machine" },
	{ ANY_STAGE, EFAULT, "the loader passed a bad address to the kernel "
	  "(a bug in baton)" },
	{ ANY_STAGE, EINVAL, "the request is invalid" },
	{ ANY_STAGE, ENOEXEC, "this file is not a kernel that can be booted "
	  "here" },
	{ ANY_STAGE, EADDRNOTAVAIL, "there is no free memory area for the new "
	  "kernel" },
	{ ANY_STAGE, EPERM, "the operation is not permitted: baton must run "
	  "as root" },
	{ ANY_STAGE, ENOENT, "a file the boot needs does not exist" },
	{ ANY_STAGE, ENOSPC, "there is no space left for a file the boot "
	  "needs" },
};

const char *loader_strerror(int err, enum load_stage stage)
{
	size_t i;

	if (err < 0)
		err = -err;
	if (!err)
		return "success";
	for (i = 0; i < ARRAY_SIZE(errmsgs); i++)
		if (errmsgs[i].stage == stage && errmsgs[i].err == err)
			return errmsgs[i].msg;
	for (i = 0; i < ARRAY_SIZE(errmsgs); i++)
		if (errmsgs[i].stage == ANY_STAGE && errmsgs[i].err == err)
			return errmsgs[i].msg;
	return strerror(err);
}

const char *loader_stage_name(enum load_stage stage)
{
	static const char *const names[] = {
		[LOAD_STAGE_NONE] = "none",
		[LOAD_STAGE_REQUEST] = "request",
		[LOAD_STAGE_KERNEL] = "kernel",
		[LOAD_STAGE_UKI] = "unified kernel image",
		[LOAD_STAGE_CMDLINE] = "command line",
		[LOAD_STAGE_INITRD] = "initrd",
		[LOAD_STAGE_DTB] = "device tree",
		[LOAD_STAGE_MEMORY] = "memory map",
		[LOAD_STAGE_KEXEC_FILE] = "kexec_file_load",
		[LOAD_STAGE_KEXEC_LOAD] = "kexec_load",
		[LOAD_STAGE_EXEC] = "reboot",
		[LOAD_STAGE_CRASH] = "crash kernel",
		[LOAD_STAGE_LIVEUPDATE] = "live update",
	};

	if ((size_t)stage < ARRAY_SIZE(names) && names[stage])
		return names[stage];
	return "unknown stage";
}
