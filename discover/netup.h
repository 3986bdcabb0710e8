/*
 * netup.h: the interfaces the daemon boots from: those the net_interfaces
 * setting selects (netif.h) are brought up as they appear (sysfs at start,
 * then rtnetlink: a NIC or a cable that comes later), and get either the
 * static address net_config gives them or a DHCP client (dhcp.h) whose
 * hook writes the lease that netwatch.c turns into a network source. A
 * client that exits is started again after a pause; an interface that
 * goes takes its client and its lease with it. Nothing here waits.
 */
#ifndef BATON_DISCOVER_NETUP_H
#define BATON_DISCOVER_NETUP_H

#include <errno.h>
#include <stdbool.h>

struct discovery;

#define NETUP_RESTART_MS	10000	/* a client that exited, again */
#define NETUP_REAP_MS		500	/* how often exited clients are reaped */
#define NETUP_WHY_MAX		160

/* What netup knows of one interface (for sysinfo). */
struct netup_info {
	bool selected;		/* by net_interfaces */
	bool dhcp;		/* selected, and on DHCP (not static) */
	bool bad_config;	/* its net_config item is wrong (why says) */
	bool client;		/* its DHCP client runs */
	char why[NETUP_WHY_MAX];	/* what went wrong last; "" nothing */
};

/* What the settings say; strings are copied. */
struct netup_conf {
	const char *interfaces;	/* net_interfaces: all, none, names/MACs */
	const char *config;	/* net_config (netif_conf_for) */
	const char *hook;	/* the DHCP hook (NULL: dhcp.h's default) */
	const char *resolv_conf;	/* NULL: the hook's; "none": left */
};

#ifdef CONFIG_NET
/*
 * Follow the interfaces with conf (dc->lease_dir gets the leases). 0, or
 * -errno when rtnetlink cannot be opened (said through dc->ev->status).
 */
int netup_start(struct discovery *dc, const struct netup_conf *conf);
/*
 * New settings: interfaces no longer selected lose their client and
 * lease; newly selected ones are brought up. 0 or -ENOMEM.
 */
int netup_configure(struct discovery *dc, const struct netup_conf *conf);
/* Stop every client (their leases stay with the hook's folder). */
void netup_stop(struct discovery *dc);
/*
 * May the network still bring options: a selected interface's DHCP
 * client has no lease looked up yet, or a lookup runs (netwatch.h)?
 */
bool netup_pending(const struct discovery *dc);
/*
 * What netup knows of interface ifname: 0 and *out, or -ENOENT when it
 * does not follow it (not an Ethernet interface, or netup not started).
 */
int netup_info(const struct discovery *dc, const char *ifname,
	       struct netup_info *out);
#else
static inline int netup_start(struct discovery *dc,
			      const struct netup_conf *conf)
{
	return 0;
}

static inline int netup_configure(struct discovery *dc,
				  const struct netup_conf *conf)
{
	return 0;
}

static inline void netup_stop(struct discovery *dc)
{
}

static inline bool netup_pending(const struct discovery *dc)
{
	return false;
}

static inline int netup_info(const struct discovery *dc, const char *ifname,
			     struct netup_info *out)
{
	return -ENOENT;
}
#endif

#endif
