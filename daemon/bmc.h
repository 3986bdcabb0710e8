/*
 * daemon/bmc.h: the BMC's boot override (IPMI System Boot Options,
 * parameter 5), what it asks of the boot policy, and the reports back.
 */
#ifndef BATON_DAEMON_BMC_H
#define BATON_DAEMON_BMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daemon/ipmi.h"

/* The boot device selector (parameter 5, data byte 2, bits 5:2). */
enum bmc_device {
	BMC_DEV_NONE = 0x0,		/* no override */
	BMC_DEV_PXE = 0x1,
	BMC_DEV_DISK = 0x2,
	BMC_DEV_DISK_SAFE = 0x3,	/* default hard drive, safe mode */
	BMC_DEV_DIAG = 0x4,		/* diagnostic partition */
	BMC_DEV_CDROM = 0x5,
	BMC_DEV_SETUP = 0x6,		/* BIOS setup */
	BMC_DEV_REMOTE_FLOPPY = 0x7,	/* remote floppy / removable media */
	BMC_DEV_REMOTE_CDROM = 0x8,
	BMC_DEV_REMOTE_MEDIA = 0x9,	/* primary remote media */
	BMC_DEV_REMOTE_DISK = 0xb,
	BMC_DEV_FLOPPY = 0xf,		/* primary removable media */
};

/* What the override asks of the boot policy. */
enum bmc_action {
	BMC_ACT_POLICY,		/* no override: the configured policy */
	BMC_ACT_NETWORK,	/* network options first */
	BMC_ACT_DISK,		/* disk options first */
	BMC_ACT_OPTICAL,	/* optical sources (sr*, CD images) first */
	BMC_ACT_WAIT,		/* no autoboot: the menu waits */
};

struct bmc_boot_flags {
	bool valid;		/* the BMC asks for an override */
	bool persistent;	/* for every boot, not only the next one */
	bool efi;		/* EFI boot asked for, not legacy */
	uint8_t selector;	/* raw device selector, 0..15 */
	uint8_t instance;	/* device instance (data byte 5, bits 3:0) */
	uint8_t data[5];	/* the parameter as the BMC gave it */
};

/*
 * Decodes a Get System Boot Options reply for parameter 5: REPLY is the
 * reply's data, completion code first. Returns 0 and fills *out, or
 * -EPROTO for a reply that is too short, names another parameter or has a
 * wrong version, -EOPNOTSUPP when the BMC does not support the parameter
 * (completion code 80h, C1h, C9h...), -EIO for any other error completion
 * code, -EBUSY when the parameter is locked (marked invalid).
 */
int bmc_flags_decode(const uint8_t *reply, size_t len,
		     struct bmc_boot_flags *out);

/*
 * The policy's input from FLAGS: BMC_ACT_POLICY when FLAGS is not valid or
 * selects no device, or a selector baton cannot honour (reserved values).
 */
enum bmc_action bmc_flags_action(const struct bmc_boot_flags *flags);

/* "PXE", "hard disk", "CD/DVD", ... for a selector; "reserved (N)" else. */
const char *bmc_selector_name(uint8_t selector);

/*
 * Writes a sentence for the menu's status line and the log into BUF, e.g.
 * "the BMC asks for PXE (one-shot)". Returns BUF.
 */
char *bmc_flags_describe(const struct bmc_boot_flags *flags, char *buf,
			 size_t size);

/*
 * Reads parameter 5 through T. Returns 0 and *out, or -errno as
 * bmc_flags_decode() and the transport return them.
 */
int bmc_read_flags(const struct ipmi_transport *t,
		   struct bmc_boot_flags *out);

/*
 * Marks a one-shot override honoured: writes parameter 5 with the valid bit
 * off and acknowledges the boot info as the OS loader (parameter 4).
 * Returns 0 or -errno; -EIO with a completion code the BMC refused.
 */
int bmc_clear_once(const struct ipmi_transport *t);

/*
 * Tells the BMC that the OS boot starts: a Platform Event Message for
 * System Firmware Progress, "starting operating system boot", or, where
 * the BMC takes no such message, the same event added to its System Event
 * Log. Returns 0 or -errno (callers only log it).
 */
int bmc_report_os_boot(const struct ipmi_transport *t);

#endif
