/* lockdown.c: the kernel's lockdown mode and the Secure Boot state. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/lockdown.h"

#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define SMALL_FILE_MAX 256

/*
 * Read a small file whole into buf (NUL-terminated). Returns its length,
 * -ENOENT when it does not exist (or cannot be read: no securityfs, no
 * permission) and -EINVAL when it is larger than buf.
 */
static ssize_t read_small(const char *path, char *buf, size_t cap)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -ENOENT;
	while ((size_t)got < cap) {
		n = read(fd, buf + got, cap - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	if ((size_t)got == cap)
		return -EINVAL;
	buf[got] = '\0';
	return got;
}

static const char *const mode_names[] = {
	[LOCKDOWN_UNKNOWN] = "unknown",
	[LOCKDOWN_NONE] = "none",
	[LOCKDOWN_INTEGRITY] = "integrity",
	[LOCKDOWN_CONFIDENTIALITY] = "confidentiality",
};

/* "none [integrity] confidentiality": the bracketed word is the mode. */
static int parse_lockdown(const char *text, enum lockdown_mode *mode)
{
	const char *open = strchr(text, '['), *close;
	size_t len, i;

	if (!open || !(close = strchr(open, ']')))
		return -EINVAL;
	len = (size_t)(close - open - 1);
	for (i = LOCKDOWN_NONE; i < ARRAY_SIZE(mode_names); i++) {
		if (strlen(mode_names[i]) == len &&
		    !strncmp(open + 1, mode_names[i], len)) {
			*mode = (enum lockdown_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int read_lockdown(const char *sysfs, enum lockdown_mode *mode)
{
	char path[512], buf[SMALL_FILE_MAX];
	ssize_t n;

	*mode = LOCKDOWN_UNKNOWN;
	if ((size_t)snprintf(path, sizeof(path), "%s/kernel/security/lockdown",
			     sysfs) >= sizeof(path))
		return -ENAMETOOLONG;
	n = read_small(path, buf, sizeof(buf));
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return (int)n;
	return parse_lockdown(buf, mode);
}

/*
 * A one-byte EFI global variable (4 bytes of attributes, then the value):
 * 0 or 1 in *val, -ENOENT when it does not exist.
 */
static int read_efi_bool(const char *efivars, const char *name, int *val)
{
	char path[600], buf[16];
	ssize_t n;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s-" EFI_GLOBAL_GUID,
			     efivars, name) >= sizeof(path))
		return -ENAMETOOLONG;
	n = read_small(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (n != 5 || (unsigned char)buf[4] > 1)
		return -EINVAL;
	*val = buf[4];
	return 0;
}

/* efivarfs is mounted when its folder lists at least one variable. */
static bool has_variables(const char *efivars)
{
	struct dirent *d;
	bool any = false;
	DIR *dir = opendir(efivars);

	if (!dir)
		return false;
	while (!any && (d = readdir(dir)))
		any = d->d_name[0] != '.';
	closedir(dir);
	return any;
}

static int read_secure_boot(const char *sysfs, enum secure_boot *sb)
{
	char efi[512], efivars[512];
	int on = 0, setup = 0, ret;

	*sb = SECURE_BOOT_UNKNOWN;
	if ((size_t)snprintf(efivars, sizeof(efivars), "%s/firmware/efi/efivars",
			     sysfs) >= sizeof(efivars))
		return -ENAMETOOLONG;
	snprintf(efi, sizeof(efi), "%.*s", (int)(strlen(efivars) -
		 strlen("/efivars")), efivars);
	if (access(efi, F_OK))
		*sb = SECURE_BOOT_NO_EFI;
	if (*sb == SECURE_BOOT_NO_EFI || !has_variables(efivars))
		return 0;
	ret = read_efi_bool(efivars, "SetupMode", &setup);
	if (ret && ret != -ENOENT)
		return ret;
	ret = read_efi_bool(efivars, "SecureBoot", &on);
	if (ret && ret != -ENOENT)
		return ret;
	/* firmware without Secure Boot has no SecureBoot variable: off */
	if (setup)
		*sb = SECURE_BOOT_SETUP;
	else
		*sb = on ? SECURE_BOOT_ON : SECURE_BOOT_OFF;
	return 0;
}

int machine_state_read(struct machine_state *ms, const char *sysfs)
{
	struct machine_state st;
	int ret;

	if (!sysfs)
		sysfs = "/sys";
	ret = read_lockdown(sysfs, &st.lockdown);
	if (!ret)
		ret = read_secure_boot(sysfs, &st.secure_boot);
	if (!ret)
		*ms = st;
	return ret;
}

bool machine_state_signed_only(const struct machine_state *ms)
{
	return ms->lockdown == LOCKDOWN_INTEGRITY ||
	       ms->lockdown == LOCKDOWN_CONFIDENTIALITY;
}

bool machine_state_checks_kernels(const struct machine_state *ms)
{
	return machine_state_signed_only(ms) ||
	       (ms->lockdown == LOCKDOWN_UNKNOWN &&
		ms->secure_boot == SECURE_BOOT_ON);
}

const char *lockdown_mode_name(enum lockdown_mode mode)
{
	if ((size_t)mode < ARRAY_SIZE(mode_names))
		return mode_names[mode];
	return "unknown";
}

const char *secure_boot_name(enum secure_boot sb)
{
	switch (sb) {
	case SECURE_BOOT_NO_EFI:
		return "no EFI";
	case SECURE_BOOT_OFF:
		return "off";
	case SECURE_BOOT_ON:
		return "on";
	case SECURE_BOOT_SETUP:
		return "setup mode";
	default:
		return "unknown";
	}
}

static const char *secure_boot_clause(enum secure_boot sb)
{
	switch (sb) {
	case SECURE_BOOT_NO_EFI:
		return "This machine did not boot through UEFI";
	case SECURE_BOOT_OFF:
		return "Secure Boot is off";
	case SECURE_BOOT_ON:
		return "Secure Boot is on";
	case SECURE_BOOT_SETUP:
		return "The firmware is in Secure Boot setup mode (no "
		       "platform key), so it checks no signatures";
	default:
		return "The Secure Boot state cannot be read (efivarfs is "
		       "not mounted)";
	}
}

static const char *lockdown_clause(enum lockdown_mode mode)
{
	switch (mode) {
	case LOCKDOWN_NONE:
		return "the kernel is not locked down: it boots any kernel";
	case LOCKDOWN_INTEGRITY:
	case LOCKDOWN_CONFIDENTIALITY:
		return "only kernels signed by a key the running kernel "
		       "trusts can be booted, and no device tree can be "
		       "passed (kexec_load(2) is forbidden)";
	default:
		return "the kernel's lockdown mode cannot be read (no "
		       "securityfs, or no lockdown support)";
	}
}

int machine_state_describe(const struct machine_state *ms, char *buf,
			   size_t len)
{
	if (machine_state_signed_only(ms))
		return snprintf(buf, len, "%s and the kernel is locked down "
				"(%s): %s", secure_boot_clause(ms->secure_boot),
				lockdown_mode_name(ms->lockdown),
				lockdown_clause(ms->lockdown));
	return snprintf(buf, len, "%s, and %s",
			secure_boot_clause(ms->secure_boot),
			lockdown_clause(ms->lockdown));
}
