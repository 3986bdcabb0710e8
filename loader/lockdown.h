/*
 * lockdown.h: what the running machine enforces on the next kernel: the
 * kernel's lockdown mode (/sys/kernel/security/lockdown) and the
 * firmware's Secure Boot state (SecureBoot and SetupMode in efivarfs).
 * Read once, shown on the information page and in `baton status`, and
 * used to decide that only kexec_file_load(2) can work.
 */
#ifndef BATON_LOADER_LOCKDOWN_H
#define BATON_LOADER_LOCKDOWN_H

#include <stdbool.h>
#include <stddef.h>

enum lockdown_mode {
	LOCKDOWN_UNKNOWN = 0,	/* no securityfs or no lockdown LSM */
	LOCKDOWN_NONE,
	LOCKDOWN_INTEGRITY,	/* no kexec_load(2), signed kexec only */
	LOCKDOWN_CONFIDENTIALITY,	/* integrity, and more */
};

enum secure_boot {
	SECURE_BOOT_UNKNOWN = 0,	/* EFI, but efivarfs is not readable */
	SECURE_BOOT_NO_EFI,		/* not booted through UEFI */
	SECURE_BOOT_OFF,
	SECURE_BOOT_ON,
	SECURE_BOOT_SETUP,		/* setup mode: no platform key yet */
};

struct machine_state {
	enum lockdown_mode lockdown;
	enum secure_boot secure_boot;
};

/*
 * Read the machine's state under sysfs (NULL: "/sys"; tests pass a folder
 * holding kernel/security/lockdown and firmware/efi/efivars/). A file that
 * is missing or unreadable leaves its part UNKNOWN (or NO_EFI when there
 * is no firmware/efi at all): that is not an error.
 * Errors: -EINVAL (a file holds something that is neither),
 * -ENAMETOOLONG (sysfs is too long a path).
 */
int machine_state_read(struct machine_state *ms, const char *sysfs);

/*
 * True when the running kernel refuses kexec_load(2) and unsigned kernels
 * for kexec_file_load(2): lockdown integrity or confidentiality.
 */
bool machine_state_signed_only(const struct machine_state *ms);

/*
 * True when the running kernel is expected to check the signature of a
 * kernel given to kexec_file_load(2): signed only, or a lockdown mode that
 * cannot be read while Secure Boot is on (distribution kernels lock
 * themselves down then).
 */
bool machine_state_checks_kernels(const struct machine_state *ms);

/* "none", "integrity", "confidentiality", "unknown". Never NULL. */
const char *lockdown_mode_name(enum lockdown_mode mode);

/* "on", "off", "setup mode", "no EFI", "unknown". Never NULL. */
const char *secure_boot_name(enum secure_boot sb);

/*
 * One sentence for a person about ms and what it means for booting, e.g.
 * "Secure Boot is on and the kernel is locked down (integrity): only
 * kernels signed by a key the kernel trusts can be booted". Writes at
 * most len bytes (NUL included); returns the length it needed, as
 * snprintf does.
 */
int machine_state_describe(const struct machine_state *ms, char *buf,
			   size_t len);

#endif
