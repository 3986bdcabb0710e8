/*
 * netif.h: Ethernet interfaces: found in sysfs at start, then followed by
 * rtnetlink (RTM_NEWLINK/RTM_DELLINK: an interface that appears, a cable
 * plugged in later, an interface that goes), each change reported through
 * a callback; which interfaces to use (a setting), bringing them up, and a
 * static address, gateway and DNS servers for those not on DHCP.
 */
#ifndef BATON_DISCOVER_NETIF_H
#define BATON_DISCOVER_NETIF_H

#include <stdbool.h>

struct netif {
	int ifindex;
	char name[16];		/* IFNAMSIZ */
	char mac[18];		/* "52:54:00:ab:cd:ef" */
	bool up;		/* administratively up (IFF_UP) */
	bool carrier;		/* a link (IFF_LOWER_UP) */
};

enum netif_event {
	NETIF_ADDED,		/* first seen (sysfs at start, or netlink) */
	NETIF_CHANGED,		/* up, carrier, name or MAC changed */
	NETIF_REMOVED,
};

typedef void (*netif_fn)(enum netif_event ev, const struct netif *nif,
			 void *data);

struct netif_watch;

/*
 * Open a watch: an rtnetlink socket on the link group (non-blocking), and
 * fn for what it sees. Returns 0 and *out, or -errno.
 */
int netif_watch_open(netif_fn fn, void *data, struct netif_watch **out);

/* The fd to poll for input (then call netif_watch_dispatch). */
int netif_watch_fd(const struct netif_watch *w);

/*
 * Report every Ethernet interface in sysfs_net (NULL: /sys/class/net) as
 * NETIF_ADDED. Call once after opening, so that nothing between the two
 * is missed (an interface netlink reports first is not reported again).
 * Returns the number found or -errno.
 */
int netif_watch_scan(struct netif_watch *w, const char *sysfs_net);

/*
 * Read what netlink has (never blocks) and report the changes to Ethernet
 * interfaces. 0, or -errno (-ENOBUFS: messages were lost; call
 * netif_watch_scan again).
 */
int netif_watch_dispatch(struct netif_watch *w);

void netif_watch_close(struct netif_watch *w);

/*
 * Whether nif is selected by spec: "all" (or NULL/""), "none", or a
 * comma-separated list of interface names and MAC addresses (any case).
 */
bool netif_selected(const char *spec, const struct netif *nif);

/* How one interface is configured. */
struct netif_conf {
	bool dhcp;		/* DHCPv4 (udhcpc) */
	bool dhcp6;		/* DHCPv6 (dhcpcd) */
	char address[64];	/* "10.0.0.5/24" (static) */
	char gateway[46];	/* "" none */
	char dns[4][46];	/* "" unused */
};

/*
 * Parse "dhcp" (v4), "dhcp6" (v6), "dhcp+dhcp6" (both; or "dhcp6+dhcp"),
 * or "ADDR/PREFIX[,gw=GW][,dns=A[+B...]]" (IPv4 or IPv6, at most 4 DNS
 * servers). 0, or -EINVAL with a sentence in *err.
 */
int netif_conf_parse(const char *value, struct netif_conf *c, char **err);

/*
 * The configuration the net_config setting gives nif: setting is items
 * separated by spaces, each "IF=VALUE" (IF a name or MAC, any case) or a
 * bare VALUE for every other interface (VALUE as netif_conf_parse takes
 * it); NULL or no item for nif: DHCP. 0, or -EINVAL with a sentence in
 * *err (the item that applies is bad), -ENOMEM.
 */
int netif_conf_for(const char *setting, const struct netif *nif,
		   struct netif_conf *c, char **err);

/* Bring the interface up (RTM_NEWLINK with IFF_UP). 0 or -errno. */
int netif_set_up(int ifindex);

/*
 * Give the interface c's static address and default route (rtnetlink),
 * and write c's DNS servers to resolv (NULL: /etc/resolv.conf; "none":
 * left alone). 0 or -errno (-EEXIST is not an error: already there).
 */
int netif_apply_static(int ifindex, const struct netif_conf *c,
		       const char *resolv);

#endif
