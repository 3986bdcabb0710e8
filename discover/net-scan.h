/*
 * net-scan.h: a network source: from a DHCP lease to boot options. The
 * boot file (option 67, DHCPv6 59) is looked at first, by its first bytes:
 * an iPXE script or a pxelinux config is parsed, a kernel becomes one
 * option named after the interface and the file, and anything else (a
 * network boot program such as pxelinux.0) leaves the choice to the
 * config: option 209, else pxelinux's lookup order, the first config that
 * exists being parsed (pxelinux or iPXE, by its content).
 */
#ifndef BATON_DISCOVER_NET_SCAN_H
#define BATON_DISCOVER_NET_SCAN_H

#include "discover/lease.h"
#include "discover/net-io.h"
#include "discover/scan.h"

/*
 * Append the options and diagnostics lease l leads to to res, reading
 * through io (fetching, or --url-root folders). sys_uuid: the machine's
 * UUID when the lease has none (NULL: that lookup step is left out).
 * *proxy (when proxy is not NULL) gets a pxelinux PROXY, else NULL.
 * Returns 0 (a config not found is a diagnostic), -ENOENT with a sentence
 * in *err when the lease names no server and no URL, -ENOMEM.
 */
int net_scan(const struct lease *l, const char *sys_uuid, struct net_io *io,
	     struct scan_result *res, char **proxy, char **err);

/*
 * Mark the URL files of res's options that map into a --url-root folder
 * and do not exist there as missing (scan only: a server is never probed).
 */
void net_scan_mark_missing(struct net_io *io, struct scan_result *res);

#endif
