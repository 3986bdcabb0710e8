/*
 * lease.h: a DHCP lease (v4 or v6) as busybox udhcpc and baton's hook
 * (for dhcpcd, v6) hand it over, in KEY=VALUE form: read from those
 * strings (an environment, the hook's lease file, `baton scan --dhcp`),
 * every value checked.
 *
 * Keys read (any other is ignored, or refused with LEASE_STRICT):
 *   interface  ip  mask | subnet  router  dns  serverid  siaddr  sname
 *   tftp (66)  bootfile (67)  boot_file (the BOOTP file field)
 *   pxeconffile (209)  pxepathprefix (210)  reboottime (211)  lease
 *   mac  uuid (97: the client's)  ipv6  bootfile_url (v6 59)
 *   bootfile_param (v6 60, as text)  bootfile_param_hex (v6 60 as sent:
 *   16-bit lengths and strings, in hex; read into bootfile_param, the
 *   parameters joined by spaces)  event (the hook's: bound, renew, deconfig)
 */
#ifndef BATON_DISCOVER_LEASE_H
#define BATON_DISCOVER_LEASE_H

#include <stddef.h>

#define LEASE_VALUE_MAX 255	/* a DHCP option holds at most 255 bytes */

struct lease {
	int family;		/* 4 or 6: 6 when ipv6 or option 59/60 given */
	char *interface;
	char *event;		/* "bound", "renew", "deconfig", NULL */
	char *mac;		/* "aa:bb:cc:dd:ee:ff" (lower case) */
	char *uuid;		/* "8-4-4-4-12" lower-case hex */
	char *ip;		/* "10.0.0.5" or an IPv6 address */
	int prefix;		/* mask bits, -1 unknown */
	char *router;		/* the first router given */
	char **dns;		/* NULL-terminated, may be NULL */
	char *serverid;
	char *siaddr;
	char *sname;
	char *tftp;		/* option 66 (a host name or address) */
	char *bootfile;		/* option 67, else the BOOTP file field */
	char *pxeconffile;	/* option 209 */
	char *pxepathprefix;	/* option 210 */
	long reboottime;	/* option 211 in seconds, -1 absent */
	long lease_secs;	/* -1 absent */
	char *bootfile_url;	/* DHCPv6 option 59 */
	char *bootfile_param;	/* DHCPv6 option 60, parameters joined by ' ' */
};

enum lease_flags {
	LEASE_STRICT = 1 << 0,	/* an unknown key is an error */
};

/*
 * Build a lease from n "KEY=VALUE" strings (a later key wins). Returns 0
 * and *out (lease_free), or -EINVAL with a sentence in *err (free it) that
 * names the key and shows the value, made safe for a terminal: an address
 * that is not one, a mask out of range, a path or name with control
 * characters or spaces, a value longer than LEASE_VALUE_MAX, a string with
 * no '=' ... -ENOMEM when out of memory. Nothing is written on error.
 */
int lease_parse(char *const *kv, size_t n, unsigned flags, struct lease **out,
		char **err);

/*
 * The same from a buffer of records separated by sep ('\0' for the hook's
 * lease file, ',' for `scan --dhcp`); an empty record is skipped.
 */
int lease_parse_buffer(const char *buf, size_t len, char sep, unsigned flags,
		       struct lease **out, char **err);

/* The lease as KEY=VALUE lines in the order of struct lease (for tests). */
char *lease_format(const struct lease *l);

void lease_free(struct lease *l);

#endif
