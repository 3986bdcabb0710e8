/*
 * daemon/ipmi.c: requests to the BMC through the kernel's IPMI device, or
 * a socket that stands for it (ipmi.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/ipmi.h>

#include "daemon/ipmi.h"
#include "lib/protocol.h"

struct ipmi_dev {
	int fd;
	bool sock;		/* a socket standing for the device */
	int timeout_ms;
	long next_msgid;
};

int ipmi_open(const char *path, int timeout_ms, struct ipmi_dev **out)
{
	struct ipmi_dev *dev;
	struct stat st;
	bool sock;
	int fd;

	if (stat(path, &st) < 0)
		return -errno;
	sock = S_ISSOCK(st.st_mode);
	/* a Unix stream socket, connected as the control socket's clients do */
	fd = sock ? proto_connect(path) : open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return sock ? fd : -errno;
	dev = calloc(1, sizeof(*dev));
	if (!dev) {
		close(fd);
		return -ENOMEM;
	}
	dev->fd = fd;
	dev->sock = sock;
	dev->timeout_ms = timeout_ms;
	dev->next_msgid = 1;
	*out = dev;
	return 0;
}

void ipmi_close(struct ipmi_dev *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev);
}

static long ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

/*
 * Reads replies until the one for MSGID arrives; other messages (events,
 * late replies to requests that timed out earlier) are dropped.
 */
static int ipmi_wait_reply(struct ipmi_dev *dev, long msgid, uint8_t *reply,
			   size_t reply_max, size_t *reply_len)
{
	struct ipmi_system_interface_addr addr;
	struct ipmi_recv recv;
	struct pollfd pfd = { .fd = dev->fd, .events = POLLIN };
	struct timespec start;
	long left;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		left = dev->timeout_ms - ms_since(&start);
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ETIMEDOUT;
		memset(&recv, 0, sizeof(recv));
		recv.addr = (unsigned char *)&addr;
		recv.addr_len = sizeof(addr);
		recv.msg.data = reply;
		recv.msg.data_len = (unsigned short)reply_max;
		if (ioctl(dev->fd, IPMICTL_RECEIVE_MSG_TRUNC, &recv) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		if (recv.recv_type != IPMI_RESPONSE_RECV_TYPE ||
		    recv.msgid != msgid)
			continue;
		if (recv.msg.data_len < 1)
			return -EIO;
		*reply_len = recv.msg.data_len;
		return 0;
	}
}

static int ipmi_dev_xfer(void *ctx, uint8_t netfn, uint8_t cmd,
			 const uint8_t *data, size_t len, uint8_t *reply,
			 size_t reply_max, size_t *reply_len)
{
	struct ipmi_dev *dev = ctx;
	struct ipmi_system_interface_addr addr = {
		.addr_type = IPMI_SYSTEM_INTERFACE_ADDR_TYPE,
		.channel = IPMI_BMC_CHANNEL,
		.lun = 0,
	};
	uint8_t buf[IPMI_REPLY_MAX];
	struct ipmi_req req;
	long msgid = dev->next_msgid++;

	if (len > sizeof(buf))
		return -EMSGSIZE;
	memcpy(buf, data, len);
	memset(&req, 0, sizeof(req));
	req.addr = (unsigned char *)&addr;
	req.addr_len = sizeof(addr);
	req.msgid = msgid;
	req.msg.netfn = netfn;
	req.msg.cmd = cmd;
	req.msg.data = buf;
	req.msg.data_len = (unsigned short)len;
	if (ioctl(dev->fd, IPMICTL_SEND_COMMAND, &req) < 0)
		return -errno;
	return ipmi_wait_reply(dev, msgid, reply, reply_max, reply_len);
}

/* Reads exactly len bytes from the socket within the time left. */
static int sock_read(struct ipmi_dev *dev, const struct timespec *start,
		     uint8_t *buf, size_t len)
{
	struct pollfd pfd = { .fd = dev->fd, .events = POLLIN };
	size_t got = 0;
	long left;
	ssize_t n;

	while (got < len) {
		left = dev->timeout_ms - ms_since(start);
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -errno : -ETIMEDOUT;
		n = read(dev->fd, buf + got, len - got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n ? -errno : -ECONNRESET;
		got += (size_t)n;
	}
	return 0;
}

static int ipmi_sock_xfer(void *ctx, uint8_t netfn, uint8_t cmd,
			  const uint8_t *data, size_t len, uint8_t *reply,
			  size_t reply_max, size_t *reply_len)
{
	struct ipmi_dev *dev = ctx;
	uint8_t buf[4 + IPMI_REPLY_MAX], hdr[2];
	struct timespec start;
	size_t n;
	int err;

	if (len > IPMI_REPLY_MAX)
		return -EMSGSIZE;
	buf[0] = netfn;
	buf[1] = cmd;
	buf[2] = len & 0xff;
	buf[3] = len >> 8;
	memcpy(buf + 4, data, len);
	if (send(dev->fd, buf, 4 + len, MSG_NOSIGNAL) != (ssize_t)(4 + len))
		return -EIO;
	clock_gettime(CLOCK_MONOTONIC, &start);
	err = sock_read(dev, &start, hdr, sizeof(hdr));
	if (err)
		return err;
	n = hdr[0] | (size_t)hdr[1] << 8;
	if (n < 1 || n > reply_max || n > IPMI_REPLY_MAX)
		return -EPROTO;
	err = sock_read(dev, &start, reply, n);
	if (err)
		return err;
	*reply_len = n;
	return 0;
}

struct ipmi_transport ipmi_transport(struct ipmi_dev *dev)
{
	if (dev->sock)
		return (struct ipmi_transport){ .xfer = ipmi_sock_xfer,
						.ctx = dev };
	return (struct ipmi_transport){ .xfer = ipmi_dev_xfer, .ctx = dev };
}
