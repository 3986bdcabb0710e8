/* netif-config.c: links brought up, static addresses, routes and DNS. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "discover/netif.h"
#include "lib/text.h"
#include "lib/util.h"

struct nl_req {
	struct nlmsghdr h;
	char body[512];
};

static int bad(char **err, const char *value, const char *why)
{
	char shown[80];

	text_sanitize_into(shown, sizeof(shown), value);
	if (err)
		*err = str_printf("interface setting \"%s\": %s", shown, why);
	return -EINVAL;
}

static bool addr_ok(const char *s)
{
	unsigned char a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

static int set_field(char *dst, size_t size, const char *v)
{
	if (strlen(v) >= size || !addr_ok(v))
		return -EINVAL;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int parse_address(const char *item, struct netif_conf *c)
{
	const char *slash = strchr(item, '/');
	char addr[48];		/* INET6_ADDRSTRLEN */
	char *end;
	long bits;

	if (!slash || (size_t)(slash - item) >= sizeof(addr))
		return -EINVAL;
	snprintf(addr, sizeof(addr), "%.*s", (int)(slash - item), item);
	bits = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || bits < 0 ||
	    bits > (strchr(addr, ':') ? 128 : 32) || !addr_ok(addr))
		return -EINVAL;
	snprintf(c->address, sizeof(c->address), "%s/%ld", addr, bits);
	return 0;
}

static int parse_dns(const char *v, struct netif_conf *c)
{
	char *copy = strdup(v), *item, *save = NULL;
	int n = 0, ret = copy ? 0 : -ENOMEM;

	for (item = copy ? strtok_r(copy, "+", &save) : NULL; item && !ret;
	     item = strtok_r(NULL, "+", &save)) {
		if (n == ARRAY_SIZE(c->dns))
			ret = -E2BIG;
		else
			ret = set_field(c->dns[n++], sizeof(c->dns[0]), item);
	}
	free(copy);
	return ret;
}

int netif_conf_parse(const char *value, struct netif_conf *c, char **err)
{
	char *copy, *item, *save = NULL;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	if (err)
		*err = NULL;
	/* DHCPv4, DHCPv6 or both, in either order */
	if (streq(value, "dhcp") || streq(value, "dhcp6") ||
	    streq(value, "dhcp+dhcp6") || streq(value, "dhcp6+dhcp")) {
		c->dhcp = !streq(value, "dhcp6");
		c->dhcp6 = !streq(value, "dhcp");
		return 0;
	}
	copy = strdup(value);
	if (!copy)
		return -ENOMEM;
	item = strtok_r(copy, ",", &save);
	if (!item || parse_address(item, c))
		ret = bad(err, value, "expected dhcp, dhcp6, dhcp+dhcp6, or ADDRESS/PREFIX[,gw=GATEWAY][,dns=A+B]");
	while (!ret && (item = strtok_r(NULL, ",", &save))) {
		if (str_startswith(item, "gw="))
			ret = set_field(c->gateway, sizeof(c->gateway), item + 3) ?
			      bad(err, value, "the gateway is not an address") : 0;
		else if (str_startswith(item, "dns=")) {
			ret = parse_dns(item + 4, c);
			if (ret && ret != -ENOMEM)
				ret = bad(err, value, "dns= takes 1 to 4 addresses joined by '+'");
		} else
			ret = bad(err, value, "unknown item (gw= and dns= are known)");
	}
	free(copy);
	return ret;
}

/* Send one request and wait for its acknowledgement: 0 or -errno. */
static int nl_talk(struct nl_req *req)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char buf[4096] __attribute__((aligned(4)));
	struct nlmsghdr *h;
	struct nlmsgerr *e;
	ssize_t n;
	int fd, ret = -EIO;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	req->h.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->h.nlmsg_seq = 1;
	if (sendto(fd, req, req->h.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		ret = -errno;
		goto out;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0) {
		ret = -errno;
		goto out;
	}
	for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_type != NLMSG_ERROR)
			continue;
		e = NLMSG_DATA(h);
		ret = e->error;	/* 0: the acknowledgement */
		break;
	}
out:
	close(fd);
	return ret;
}

static int add_attr(struct nl_req *req, unsigned short type, const void *data,
		    size_t len)
{
	struct rtattr *a;
	size_t at = NLMSG_ALIGN(req->h.nlmsg_len);

	if (at + RTA_SPACE(len) > sizeof(*req))
		return -E2BIG;
	a = (struct rtattr *)((char *)req + at);
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	req->h.nlmsg_len = at + RTA_SPACE(len);
	return 0;
}

/* Start req as a message of type with a header of hdr bytes (returned). */
static void *nl_start(struct nl_req *req, unsigned short type, size_t hdr,
		      unsigned short flags)
{
	memset(req, 0, sizeof(*req));
	req->h.nlmsg_len = NLMSG_LENGTH(hdr);
	req->h.nlmsg_type = type;
	req->h.nlmsg_flags = flags;
	return NLMSG_DATA(&req->h);
}

int netif_set_up(int ifindex)
{
	struct nl_req req;
	struct ifinfomsg *ifi = nl_start(&req, RTM_NEWLINK, sizeof(*ifi), 0);

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return nl_talk(&req);
}

/* "a.b.c.d/n" or "x::y/n" into its family, bytes and prefix length. */
static int split_cidr(const char *cidr, int *family, unsigned char *bytes,
		      int *bits)
{
	char addr[64];
	const char *slash = strchr(cidr, '/');

	if (!slash || (size_t)(slash - cidr) >= sizeof(addr))
		return -EINVAL;
	snprintf(addr, sizeof(addr), "%.*s", (int)(slash - cidr), cidr);
	*family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	*bits = atoi(slash + 1);
	return inet_pton(*family, addr, bytes) == 1 ? 0 : -EINVAL;
}

static int add_address(int ifindex, const char *cidr)
{
	struct nl_req req;
	struct ifaddrmsg *ifa;
	unsigned char a[16];
	int family, bits, ret;
	size_t len;

	ret = split_cidr(cidr, &family, a, &bits);
	if (ret)
		return ret;
	len = family == AF_INET ? 4 : 16;
	ifa = nl_start(&req, RTM_NEWADDR, sizeof(*ifa), NLM_F_CREATE | NLM_F_REPLACE);
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = bits;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	ret = add_attr(&req, IFA_LOCAL, a, len) ?: add_attr(&req, IFA_ADDRESS, a, len);
	return ret ?: nl_talk(&req);
}

static int add_default_route(int ifindex, const char *gw)
{
	int family = strchr(gw, ':') ? AF_INET6 : AF_INET, oif = ifindex;
	struct nl_req req;
	struct rtmsg *rt;
	unsigned char a[16];
	int ret;

	if (inet_pton(family, gw, a) != 1)
		return -EINVAL;
	rt = nl_start(&req, RTM_NEWROUTE, sizeof(*rt), NLM_F_CREATE | NLM_F_REPLACE);
	rt->rtm_family = family;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = RT_SCOPE_UNIVERSE;
	rt->rtm_type = RTN_UNICAST;
	ret = add_attr(&req, RTA_GATEWAY, a, family == AF_INET ? 4 : 16) ?:
	      add_attr(&req, RTA_OIF, &oif, sizeof(oif));
	return ret ?: nl_talk(&req);
}

static int write_resolv(const struct netif_conf *c, const char *path)
{
	char *tmp;
	FILE *f;
	size_t i;
	int ret = 0;

	if (!c->dns[0][0] || streq(path, "none"))
		return 0;
	path = path ? path : "/etc/resolv.conf";
	tmp = str_printf("%s.baton", path);
	if (!tmp)
		return -ENOMEM;
	f = fopen(tmp, "we");
	if (!f) {
		ret = -errno;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(c->dns) && c->dns[i][0]; i++)
		fprintf(f, "nameserver %s\n", c->dns[i]);
	if (fclose(f) || rename(tmp, path))
		ret = -errno;
out:
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

int netif_apply_static(int ifindex, const struct netif_conf *c,
		       const char *resolv)
{
	int ret;

	if (c->dhcp || c->dhcp6 || !c->address[0])
		return -EINVAL;
	ret = netif_set_up(ifindex);
	if (!ret || ret == -EEXIST)
		ret = add_address(ifindex, c->address);
	if ((!ret || ret == -EEXIST) && c->gateway[0])
		ret = add_default_route(ifindex, c->gateway);
	if (ret && ret != -EEXIST)
		return ret;
	return write_resolv(c, resolv);
}

/*
 * The length of the interface an item names ("eth0=..."); 0 when it names
 * none (a bare value: its first '=' comes after a ',' or '/', as gw=).
 */
static size_t item_target(const char *item)
{
	size_t n = strcspn(item, "=");

	if (!item[n] || strcspn(item, ",/") < n)
		return 0;
	return n;
}

int netif_conf_for(const char *setting, const struct netif *nif,
		   struct netif_conf *c, char **err)
{
	char *copy, *item, *save = NULL, *mine = NULL, *any = NULL;
	size_t n;
	int ret;

	if (err)
		*err = NULL;
	copy = setting ? strdup(setting) : NULL;
	if (setting && !copy)
		return -ENOMEM;
	for (item = copy ? strtok_r(copy, " \t", &save) : NULL; item;
	     item = strtok_r(NULL, " \t", &save)) {
		n = item_target(item);
		if (!n) {
			any = any ? any : item;
			continue;
		}
		item[n] = '\0';
		if (!mine && (streq(item, nif->name) ||
			      !strcasecmp(item, nif->mac)))
			mine = item + n + 1;
	}
	ret = netif_conf_parse(mine ? mine : any ? any : "dhcp", c, err);
	free(copy);
	return ret;
}
