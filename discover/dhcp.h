/*
 * dhcp.h: DHCP by busybox's udhcpc (v4) and by dhcpcd (v6: Debian's
 * busybox has no udhcpc6), both started with baton's hook
 * (initramfs/dhcp-hook), which writes each lease as a file; this module
 * builds their command lines, starts and stops them, and reads the lease
 * files back (discover/lease.h).
 */
#ifndef BATON_DISCOVER_DHCP_H
#define BATON_DISCOVER_DHCP_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "discover/lease.h"

#define DHCP_HOOK_DEFAULT "/usr/share/baton/dhcp-hook"
#define DHCP_LEASE_DIR_DEFAULT "/run/baton/leases"
#define DHCP_LEASE_FILE_MAX 16384

/* Client system architecture (option 93, DHCPv6 option 61; RFC 4578). */
#define DHCP_ARCH_X86_64_EFI 0x0007
#define DHCP_ARCH_ARM64_EFI 0x000b

struct dhcp_request {
	const char *ifname;
	int family;		/* 4 or 6 */
	const char *busybox;	/* NULL: "busybox" found in PATH (v4) */
	const char *dhcpcd;	/* NULL: "dhcpcd" found in PATH (v6) */
	const char *hook;	/* NULL: DHCP_HOOK_DEFAULT */
	const char *lease_dir;	/* NULL: DHCP_LEASE_DIR_DEFAULT */
	const char *resolv_conf;	/* NULL: the hook's default */
	const char *uuid;	/* sent as option 97 (v4); NULL: none */
	unsigned arch;		/* 0: this build's architecture (93, and the
				   vendor class of v4 and v6) */
	bool once;		/* quit after one lease or failure (v4: -q -n;
				   v6: -1, 15 s) */
};

/*
 * The command line (argv, NULL-terminated) and the variables to add to the
 * client's environment for the hook (env, NULL-terminated "KEY=VALUE"),
 * both new strvs (strv_free). -EINVAL for a missing or bad interface name,
 * a family other than 4 or 6, or a UUID that is not 8-4-4-4-12 hex;
 * -ENOMEM. Pure: the unit tests check it.
 */
int dhcp_command(const struct dhcp_request *r, char ***argv, char ***env);

/*
 * dhcpcd's config file for r (v6): its path (in the lease folder; a name
 * the lease watcher skips) and its text, new strings; NULL when out of
 * memory. It holds the vendor class, which dhcpcd 9.4 drops when given on
 * its command line. Pure: the unit tests check it.
 */
char *dhcp_conf_path(const struct dhcp_request *r);
char *dhcp_dhcpcd_conf(const struct dhcp_request *r);

/*
 * Start the client for r (for v6, dhcp_conf_path written first, and the
 * lease folder made if need be); *pid is its pid (the caller reaps it: a client
 * that exits has given up, or, with once, is done). 0 or -errno.
 */
int dhcp_start(const struct dhcp_request *r, pid_t *pid);

/*
 * Ask a running client of family to release its lease (udhcpc: SIGUSR2,
 * dhcpcd: SIGALRM; either sends a release and runs the hook, which
 * removes the lease file), or to stop (SIGTERM). 0 or -errno from kill(2).
 */
int dhcp_release(pid_t pid, int family);
int dhcp_stop(pid_t pid);

/*
 * Ask a running client to ask for a lease at once (SIGUSR1: udhcpc sends
 * a discover or a renew now, dhcpcd a renew), but only once it catches
 * that signal (its SigCgt in /proc): a client just started has not set
 * its handlers yet and would die of it. 0, -EAGAIN (not yet: it asks on
 * its own schedule) or -errno.
 */
int dhcp_renew(pid_t pid);

/* Path of r's lease file (free it), NULL when out of memory. */
char *dhcp_lease_path(const struct dhcp_request *r);

/*
 * Path of the file where the hook says why r's client has no lease
 * (".IF.vN.fail": its event, leasefail or nak), removed by the next
 * lease; NULL when out of memory.
 */
char *dhcp_failure_path(const struct dhcp_request *r);

/*
 * Why r's client has no lease, as its hook last said: 0 with a sentence
 * in why ("no DHCP server answered", "the DHCP server refused the
 * address asked for (NAK)") and *when (when it said so); -ENOENT when it
 * said nothing since its last lease, or -errno.
 */
int dhcp_read_failure(const struct dhcp_request *r, char *why, size_t len,
		      time_t *when);

/*
 * Read a lease file the hook wrote: 0 and *out, -ENOENT when there is none
 * (no lease, or withdrawn), -EFBIG beyond DHCP_LEASE_FILE_MAX, or
 * lease_parse_buffer's errors with a sentence in *err.
 */
int dhcp_read_lease(const char *path, struct lease **out, char **err);

#endif
