/*
 * scan-net.h: `baton scan --dhcp KEY=VALUE,... --url-root URL=DIR`: the
 * network configs a lease leads to, read from folders standing for the
 * servers (no network needed).
 */
#ifndef BATON_DISCOVER_SCAN_NET_H
#define BATON_DISCOVER_SCAN_NET_H

#include <errno.h>
#include <stddef.h>

#include "discover/scan.h"

#ifdef CONFIG_NET
/*
 * Parse the lease dhcp ("KEY=VALUE,KEY=VALUE", udhcpc's names), map each
 * "URL=DIR" of roots, and append what net_scan finds to res (files under
 * a root that do not exist marked missing). 0, or -errno with a sentence
 * on stderr (a bad key value, root or lease naming no server).
 */
int scan_network(const char *dhcp, char *const *roots, size_t n_roots,
		 struct scan_result *res);
#else
static inline int scan_network(const char *dhcp, char *const *roots,
			       size_t n_roots, struct scan_result *res)
{
	return -ENOSYS;
}
#endif

#endif
