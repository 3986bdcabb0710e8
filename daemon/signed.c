/*
 * signed.c: what the daemon knows of signed boot: the machine's lockdown
 * mode and Secure Boot state (read once at start from sysfs and
 * efivarfs, quick enough for the loop), the `verify` setting in force,
 * and whether an edited option may boot under it. Shown by `baton status
 * --json` and on the menu's information page.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/daemon-internal.h"
#include "lib/log.h"

static const char *const mode_names[] = {
	[VERIFY_OFF] = "off",
	[VERIFY_WARN] = "warn",
	[VERIFY_ENFORCE] = "enforce",
};

const char *verify_mode_name(enum verify_mode mode)
{
	return (size_t)mode < ARRAY_SIZE(mode_names) ? mode_names[mode] :
	       "off";
}

enum verify_mode daemon_verify_mode(struct daemon *d)
{
	const char *v = settings_get(&d->settings, CFG_VERIFY);
	size_t i;

	for (i = 0; v && i < ARRAY_SIZE(mode_names); i++)
		if (streq(v, mode_names[i]))
			return (enum verify_mode)i;
	return VERIFY_OFF;
}

bool daemon_signed_enforced(struct daemon *d)
{
	return machine_state_checks_kernels(&d->sig.ms);
}

void daemon_signed_start(struct daemon *d)
{
	char msg[512];
	int ret = machine_state_read(&d->sig.ms, d->opts.machine);

	if (ret) {
		log_warn("signed boot: cannot read the lockdown and Secure "
			 "Boot state: %s", strerror(-ret));
		return;
	}
	machine_state_describe(&d->sig.ms, msg, sizeof(msg));
	log_info("signed boot: %s", msg);
}

json_t *daemon_signed_json(struct daemon *d)
{
	char msg[512];

	machine_state_describe(&d->sig.ms, msg, sizeof(msg));
	return json_pack("{s:s,s:s,s:s,s:b,s:s}",
			 "lockdown", lockdown_mode_name(d->sig.ms.lockdown),
			 "secure_boot", secure_boot_name(d->sig.ms.secure_boot),
			 "verify", verify_mode_name(daemon_verify_mode(d)),
			 "signed_only", daemon_signed_enforced(d),
			 "message", msg);
}

int daemon_signed_may_edit(struct daemon *d, char *why, size_t len)
{
	if (daemon_verify_mode(d) != VERIFY_ENFORCE)
		return 0;
	snprintf(why, len, "verify=enforce: an edited option cannot boot, "
		 "since its command line and files must match their "
		 "signatures; boot the entry as its config gives it");
	return -EPERM;
}
