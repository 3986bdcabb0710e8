/* sysinfo.h: what the menu's `i` shows (sysinfo.c). */
#ifndef BATON_DAEMON_SYSINFO_H
#define BATON_DAEMON_SYSINFO_H

#include <jansson.h>

struct daemon;

/*
 * Kernel, block devices, network interfaces and signed boot, as JSON;
 * NULL: ENOMEM.
 */
json_t *daemon_sysinfo_json(struct daemon *d);

/*
 * The network interfaces (sysinfo-net.c): name, mac, state, addresses,
 * link, and for those the daemon drives, method, leases, dhcp and why
 * (docs/protocol.md). An array; NULL: ENOMEM.
 */
json_t *daemon_sysinfo_network(struct daemon *d);

#endif
