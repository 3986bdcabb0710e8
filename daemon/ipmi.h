/*
 * daemon/ipmi.h: requests to the BMC through the kernel's IPMI device, or
 * through a socket that stands for it (a BMC that a test plays).
 */
#ifndef BATON_DAEMON_IPMI_H
#define BATON_DAEMON_IPMI_H

#include <stddef.h>
#include <stdint.h>

/* Network functions and commands baton sends (IPMI 2.0, tables 28 and G). */
#define IPMI_NETFN_CHASSIS		0x00
#define IPMI_NETFN_SENSOR_EVENT		0x04
#define IPMI_CMD_SET_BOOT_OPTIONS	0x08
#define IPMI_CMD_GET_BOOT_OPTIONS	0x09
#define IPMI_CMD_PLATFORM_EVENT		0x02
#define IPMI_NETFN_STORAGE		0x0a
#define IPMI_CMD_ADD_SEL_ENTRY		0x44

/* The largest reply IPMI allows over a system interface. */
#define IPMI_REPLY_MAX			272

/*
 * One way to reach a BMC: the kernel's device in the daemon, a scripted BMC
 * in tests. xfer() sends one request and waits for its reply; it fills
 * reply[] with the reply's data (completion code first) and *reply_len, and
 * returns 0, or -errno when no reply came (-ETIMEDOUT, -EIO, ...).
 */
struct ipmi_transport {
	int (*xfer)(void *ctx, uint8_t netfn, uint8_t cmd,
		    const uint8_t *data, size_t len,
		    uint8_t *reply, size_t reply_max, size_t *reply_len);
	void *ctx;
};

struct ipmi_dev;

/*
 * Opens PATH (normally /dev/ipmi0). A Unix stream socket at PATH stands
 * for the device: each request goes out as netfn, cmd, the data's length
 * (two bytes, little endian) and the data; the reply comes back as its
 * length (two bytes) and its data, completion code first. TIMEOUT_MS
 * bounds each request. Returns 0 and *out, or -errno (-ENOENT where the
 * machine has no BMC or ipmi_devintf is not loaded).
 */
int ipmi_open(const char *path, int timeout_ms, struct ipmi_dev **out);

/* Closes the device; accepts NULL. */
void ipmi_close(struct ipmi_dev *dev);

/* The transport that sends through DEV (valid while DEV is open). */
struct ipmi_transport ipmi_transport(struct ipmi_dev *dev);

#endif
