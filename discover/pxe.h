/*
 * pxe.h: which network config a lease points at (pure): option 209 (as a
 * URL, or under the 210 prefix, or on the TFTP server), else pxelinux's
 * own lookup order under the path prefix (client UUID, 01-<mac>, the
 * address in hex cut one digit at a time, default); option 67 (DHCPv6 59)
 * as a URL to fetch and classify (pxelinux config, iPXE script, kernel or
 * a network boot program); URLs resolved against prefixes (lib/url.h).
 */
#ifndef BATON_DISCOVER_PXE_H
#define BATON_DISCOVER_PXE_H

#include <stdbool.h>
#include <stddef.h>

#include "discover/lease.h"

struct pxe_plan {
	char *server;		/* TFTP server: 66, else siaddr, sname, serverid */
	char *prefix;		/* path prefix as a URL, ending in '/' */
	char **configs;		/* config URLs in lookup order: first found wins */
	bool from_209;		/* configs has the one URL option 209 gave */
	char *bootfile;		/* option 67 or DHCPv6 59 as a URL, or NULL */
};

/*
 * The plan for lease l. sys_uuid is the machine's UUID (pxe_system_uuid)
 * used when the lease has none (option 97 not sent); NULL: the UUID step
 * is left out. Returns 0 and *out (pxe_plan_free), -ENOENT with a
 * sentence in *err when the lease names neither a server nor a URL to
 * start from, -EINVAL when a value cannot form a URL, -ENOMEM.
 */
int pxe_plan(const struct lease *l, const char *sys_uuid,
	     struct pxe_plan **out, char **err);
void pxe_plan_free(struct pxe_plan *p);

enum pxe_file_kind {
	PXE_FILE_OTHER,		/* e.g. pxelinux.0, ipxe.efi: not baton's */
	PXE_FILE_CONFIG,	/* a pxelinux (syslinux language) config */
	PXE_FILE_IPXE,		/* an iPXE script (#!ipxe) */
	PXE_FILE_KERNEL,	/* a Linux kernel image */
};

/* What a fetched boot file is, from its first bytes. */
enum pxe_file_kind pxe_classify(const void *buf, size_t len);

/*
 * The machine's UUID from path (NULL: /sys/class/dmi/id/product_uuid),
 * lower case 8-4-4-4-12; -ENOENT when absent, -EINVAL when it is not a
 * UUID or is all zeros or all ones (unset by the firmware).
 */
int pxe_system_uuid(const char *path, char **out);

#endif
