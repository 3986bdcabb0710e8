/* netif.c: Ethernet interfaces from sysfs and rtnetlink, changes reported. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "discover/netif.h"
#include "lib/fdio.h"
#include "lib/util.h"

#define NETIF_MAX 256		/* interfaces followed */

struct netif_watch {
	int fd;
	netif_fn fn;
	void *data;
	struct vec known;	/* struct netif * */
};

int netif_watch_open(netif_fn fn, void *data, struct netif_watch **out)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	struct netif_watch *w = calloc(1, sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	w->fn = fn;
	w->data = data;
	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       NETLINK_ROUTE);
	if (w->fd < 0 || bind(w->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		if (w->fd >= 0)
			close(w->fd);
		free(w);
		return ret;
	}
	*out = w;
	return 0;
}

int netif_watch_fd(const struct netif_watch *w)
{
	return w->fd;
}

static struct netif *find(struct netif_watch *w, int ifindex, size_t *at)
{
	size_t i;

	for (i = 0; i < w->known.n; i++) {
		struct netif *n = w->known.v[i];

		if (n->ifindex == ifindex) {
			if (at)
				*at = i;
			return n;
		}
	}
	return NULL;
}

/* Record what is now known of nif and report it if it is news. */
static void seen(struct netif_watch *w, const struct netif *nif)
{
	struct netif *old = find(w, nif->ifindex, NULL);

	if (old) {
		if (old->up == nif->up && old->carrier == nif->carrier &&
		    streq(old->name, nif->name) && streq(old->mac, nif->mac))
			return;
		*old = *nif;
		w->fn(NETIF_CHANGED, old, w->data);
		return;
	}
	if (w->known.n >= NETIF_MAX || !(old = malloc(sizeof(*old))))
		return;
	*old = *nif;
	if (vec_push(&w->known, old)) {
		free(old);
		return;
	}
	w->fn(NETIF_ADDED, old, w->data);
}

static void gone(struct netif_watch *w, int ifindex)
{
	struct netif *old;
	size_t at;

	old = find(w, ifindex, &at);
	if (!old)
		return;
	memmove(&w->known.v[at], &w->known.v[at + 1],
		(w->known.n - at - 1) * sizeof(void *));
	w->known.n--;
	w->fn(NETIF_REMOVED, old, w->data);
	free(old);
}

static bool from_sysfs(int root, const char *name, struct netif *nif)
{
	char buf[64];
	unsigned long flags;
	int dir;
	bool ok = false;

	dir = openat(root, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return false;
	memset(nif, 0, sizeof(*nif));
	if (read_first_line(dir, "type", buf, sizeof(buf)) || atoi(buf) != ARPHRD_ETHER ||
	    read_first_line(dir, "ifindex", buf, sizeof(buf)))
		goto out;
	nif->ifindex = atoi(buf);
	if (strlen(name) >= sizeof(nif->name))
		goto out;
	memcpy(nif->name, name, strlen(name) + 1);
	if (!read_first_line(dir, "address", buf, sizeof(buf)) &&
	    strlen(buf) < sizeof(nif->mac))
		memcpy(nif->mac, buf, strlen(buf) + 1);
	if (!read_first_line(dir, "flags", buf, sizeof(buf))) {
		flags = strtoul(buf, NULL, 16);
		nif->up = flags & IFF_UP;
	}
	/* carrier is unreadable (EINVAL) while the interface is down */
	nif->carrier = !read_first_line(dir, "carrier", buf, sizeof(buf)) &&
		       atoi(buf) == 1;
	ok = nif->ifindex > 0;
out:
	close(dir);
	return ok;
}

int netif_watch_scan(struct netif_watch *w, const char *sysfs_net)
{
	DIR *d = opendir(sysfs_net ? sysfs_net : "/sys/class/net");
	struct dirent *de;
	struct netif nif;
	int n = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !from_sysfs(dirfd(d), de->d_name, &nif))
			continue;
		seen(w, &nif);
		n++;
	}
	closedir(d);
	return n;
}

static void format_mac(const unsigned char *a, size_t len, char *out)
{
	if (len != 6) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2],
		 a[3], a[4], a[5]);
}

static void on_link(struct netif_watch *w, struct nlmsghdr *h)
{
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	struct rtattr *a;
	struct netif nif = { 0 };

	if (len < 0 || ifi->ifi_type != ARPHRD_ETHER)
		return;
	if (h->nlmsg_type == RTM_DELLINK) {
		gone(w, ifi->ifi_index);
		return;
	}
	nif.ifindex = ifi->ifi_index;
	nif.up = ifi->ifi_flags & IFF_UP;
	nif.carrier = ifi->ifi_flags & IFF_LOWER_UP;
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFLA_IFNAME)
			snprintf(nif.name, sizeof(nif.name), "%.*s",
				 (int)RTA_PAYLOAD(a), (char *)RTA_DATA(a));
		else if (a->rta_type == IFLA_ADDRESS)
			format_mac(RTA_DATA(a), RTA_PAYLOAD(a), nif.mac);
	}
	if (nif.name[0])
		seen(w, &nif);
}

int netif_watch_dispatch(struct netif_watch *w)
{
	char buf[16384] __attribute__((aligned(4)));
	struct nlmsghdr *h;
	ssize_t n;

	for (;;) {
		n = recv(w->fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == RTM_NEWLINK ||
			    h->nlmsg_type == RTM_DELLINK)
				on_link(w, h);
	}
}

void netif_watch_close(struct netif_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	vec_free(&w->known, free);
	free(w);
}

bool netif_selected(const char *spec, const struct netif *nif)
{
	char *copy, *item, *save = NULL;
	bool yes = false;

	if (!spec || !*spec || !strcasecmp(spec, "all"))
		return true;
	if (!strcasecmp(spec, "none"))
		return false;
	copy = strdup(spec);
	for (item = copy ? strtok_r(copy, ", ", &save) : NULL; item && !yes;
	     item = strtok_r(NULL, ", ", &save))
		yes = streq(item, nif->name) || !strcasecmp(item, nif->mac);
	free(copy);
	return yes;
}
