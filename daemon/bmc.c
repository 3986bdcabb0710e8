/*
 * daemon/bmc.c: the BMC's boot override (IPMI System Boot Options,
 * parameter 5), decoded, acknowledged once honoured, and the OS boot report.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "daemon/bmc.h"
#include "lib/util.h"

#define BOOT_PARAM_INFO_ACK	4
#define BOOT_PARAM_FLAGS	5
#define BOOT_PARAM_FLAGS_LEN	5
#define BOOT_PARAM_VERSION	0x01

#define FLAGS_VALID		0x80	/* data byte 1 */
#define FLAGS_PERSISTENT	0x40
#define FLAGS_EFI		0x20
#define ACK_OS_LOADER		0x02	/* parameter 4, data byte 2 */

/* IPMI completion codes that mean "not there" rather than "failed". */
static bool cc_unsupported(uint8_t cc)
{
	return cc == 0x80 || cc == 0xc1 || cc == 0xc9 || cc == 0xcb;
}

static int cc_errno(uint8_t cc)
{
	if (cc == 0)
		return 0;
	return cc_unsupported(cc) ? -EOPNOTSUPP : -EIO;
}

int bmc_flags_decode(const uint8_t *reply, size_t len,
		     struct bmc_boot_flags *out)
{
	struct bmc_boot_flags f = { 0 };
	const uint8_t *d;
	int err;

	if (len < 1)
		return -EPROTO;
	err = cc_errno(reply[0]);
	if (err)
		return err;
	if (len < 3 + BOOT_PARAM_FLAGS_LEN)
		return -EPROTO;
	if ((reply[1] & 0x0f) != BOOT_PARAM_VERSION)
		return -EPROTO;
	if ((reply[2] & 0x7f) != BOOT_PARAM_FLAGS)
		return -EPROTO;
	if (reply[2] & 0x80)
		return -EBUSY;
	d = reply + 3;
	memcpy(f.data, d, sizeof(f.data));
	f.valid = d[0] & FLAGS_VALID;
	f.persistent = d[0] & FLAGS_PERSISTENT;
	f.efi = d[0] & FLAGS_EFI;
	f.selector = (d[1] >> 2) & 0x0f;
	f.instance = d[4] & 0x0f;
	*out = f;
	return 0;
}

enum bmc_action bmc_flags_action(const struct bmc_boot_flags *flags)
{
	if (!flags->valid)
		return BMC_ACT_POLICY;
	switch (flags->selector) {
	case BMC_DEV_PXE:
		return BMC_ACT_NETWORK;
	case BMC_DEV_DISK:
	case BMC_DEV_REMOTE_DISK:
		return BMC_ACT_DISK;
	case BMC_DEV_CDROM:
	case BMC_DEV_REMOTE_CDROM:
		return BMC_ACT_OPTICAL;
	case BMC_DEV_DISK_SAFE:
	case BMC_DEV_DIAG:
	case BMC_DEV_SETUP:
		return BMC_ACT_WAIT;
	default:
		return BMC_ACT_POLICY;
	}
}

const char *bmc_selector_name(uint8_t selector)
{
	static const char *const names[16] = {
		[BMC_DEV_NONE] = "no override",
		[BMC_DEV_PXE] = "PXE",
		[BMC_DEV_DISK] = "hard disk",
		[BMC_DEV_DISK_SAFE] = "hard disk, safe mode",
		[BMC_DEV_DIAG] = "diagnostic partition",
		[BMC_DEV_CDROM] = "CD/DVD",
		[BMC_DEV_SETUP] = "BIOS setup",
		[BMC_DEV_REMOTE_FLOPPY] = "remote removable media",
		[BMC_DEV_REMOTE_CDROM] = "remote CD/DVD",
		[BMC_DEV_REMOTE_MEDIA] = "primary remote media",
		[BMC_DEV_REMOTE_DISK] = "remote hard disk",
		[BMC_DEV_FLOPPY] = "removable media",
	};

	if (selector < ARRAY_SIZE(names) && names[selector])
		return names[selector];
	return "a reserved device";
}

char *bmc_flags_describe(const struct bmc_boot_flags *flags, char *buf,
			 size_t size)
{
	const char *how = flags->persistent ? "every boot" : "one-shot";
	const char *name = bmc_selector_name(flags->selector);

	if (!flags->valid || flags->selector == BMC_DEV_NONE) {
		snprintf(buf, size, "the BMC asks for no boot override");
		return buf;
	}
	switch (bmc_flags_action(flags)) {
	case BMC_ACT_WAIT:
		snprintf(buf, size,
			 "the BMC asks for %s (%s): no autoboot, choose an entry",
			 name, how);
		break;
	case BMC_ACT_POLICY:
		snprintf(buf, size,
			 "the BMC asks for %s (selector %u, %s), which baton cannot boot: the configured order applies",
			 name, flags->selector, how);
		break;
	default:
		snprintf(buf, size, "the BMC asks for %s (%s)", name, how);
		break;
	}
	return buf;
}

static int bmc_xfer(const struct ipmi_transport *t, uint8_t netfn,
		    uint8_t cmd, const uint8_t *data, size_t len,
		    uint8_t *reply, size_t *reply_len)
{
	int err;

	err = t->xfer(t->ctx, netfn, cmd, data, len, reply, IPMI_REPLY_MAX,
		      reply_len);
	if (err)
		return err;
	if (*reply_len < 1)
		return -EPROTO;
	return 0;
}

int bmc_read_flags(const struct ipmi_transport *t,
		   struct bmc_boot_flags *out)
{
	/* parameter selector, set selector, block selector */
	const uint8_t req[] = { BOOT_PARAM_FLAGS, 0x00, 0x00 };
	uint8_t reply[IPMI_REPLY_MAX];
	size_t len = 0;
	int err;

	err = bmc_xfer(t, IPMI_NETFN_CHASSIS, IPMI_CMD_GET_BOOT_OPTIONS, req,
		       sizeof(req), reply, &len);
	if (err)
		return err;
	return bmc_flags_decode(reply, len, out);
}

static int bmc_set_param(const struct ipmi_transport *t, const uint8_t *req,
			 size_t len)
{
	uint8_t reply[IPMI_REPLY_MAX];
	size_t rlen = 0;
	int err;

	err = bmc_xfer(t, IPMI_NETFN_CHASSIS, IPMI_CMD_SET_BOOT_OPTIONS, req,
		       len, reply, &rlen);
	if (err)
		return err;
	return cc_errno(reply[0]);
}

int bmc_clear_once(const struct ipmi_transport *t)
{
	const uint8_t flags[] = { BOOT_PARAM_FLAGS, 0, 0, 0, 0, 0 };
	const uint8_t ack[] = { BOOT_PARAM_INFO_ACK, ACK_OS_LOADER, 0x00 };
	int err;

	err = bmc_set_param(t, flags, sizeof(flags));
	if (err)
		return err;
	/* Older BMCs lack parameter 4; the override is cleared already. */
	err = bmc_set_param(t, ack, sizeof(ack));
	return err == -EOPNOTSUPP ? 0 : err;
}

/* System Firmware Progress, "starting operating system boot", as the
 * event message's bytes from the sensor type on. */
static const uint8_t os_boot_event[] = {
	0x0f,	/* sensor type: System Firmware Progress */
	0xff,	/* sensor number: none in particular */
	0x6f,	/* assertion, sensor-specific offsets */
	0xc2,	/* offset 2 (progress), data 2 holds the code */
	0x13,	/* starting operating system boot process */
	0xff,	/* data 3 unspecified */
};

/*
 * Without an event receiver (completion code C1h, as ipmi_sim answers),
 * the same event as a system event record added to the SEL directly: the
 * record ID and time stamp are the BMC's to fill in.
 */
static int add_sel_record(const struct ipmi_transport *t)
{
	uint8_t rec[16] = {
		0x00, 0x00,		/* record ID: assigned by the BMC */
		0x02,			/* system event record */
		0x00, 0x00, 0x00, 0x00,	/* time stamp: the BMC's */
		0x41, 0x00,		/* generator: system software 20h */
		0x04,			/* event message format revision */
	};
	uint8_t reply[IPMI_REPLY_MAX];
	size_t len = 0;
	int err;

	memcpy(rec + 10, os_boot_event, sizeof(os_boot_event));
	err = bmc_xfer(t, IPMI_NETFN_STORAGE, IPMI_CMD_ADD_SEL_ENTRY, rec,
		       sizeof(rec), reply, &len);
	if (err)
		return err;
	return cc_errno(reply[0]);
}

int bmc_report_os_boot(const struct ipmi_transport *t)
{
	uint8_t event[2 + sizeof(os_boot_event)] = {
		0x41,	/* generator: system software, ID 20h */
		0x04,	/* event message format revision (IPMI 1.5+) */
	};
	uint8_t reply[IPMI_REPLY_MAX];
	size_t len = 0;
	int err;

	memcpy(event + 2, os_boot_event, sizeof(os_boot_event));
	err = bmc_xfer(t, IPMI_NETFN_SENSOR_EVENT, IPMI_CMD_PLATFORM_EVENT,
		       event, sizeof(event), reply, &len);
	if (err)
		return err;
	err = cc_errno(reply[0]);
	return err == -EOPNOTSUPP ? add_sel_record(t) : err;
}
