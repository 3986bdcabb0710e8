/*
 * netboot.h: the parsers of network boot configs: pxelinux configs (the
 * syslinux parser, plus IPAPPEND/SYSAPPEND and PROXY) and iPXE scripts.
 * Pure like every parser: they read through the context's parse_io, whose
 * source stands for a server (source_info.url, e.g. "tftp://10.0.0.1";
 * kind "network"), and a path given to it is either absolute under that
 * URL ("/pxelinux.cfg/default") or a whole URL. Every file of the options
 * they add is a {"url": ...} FILE.
 */
#ifndef BATON_PARSERS_NETBOOT_H
#define BATON_PARSERS_NETBOOT_H

#include "discover/parsers/parser.h"

/* What the lease says, for IPAPPEND and iPXE's ${...} settings. */
struct netboot_env {
	const char *interface;	/* "eth0" */
	const char *mac;	/* "52:54:00:ab:cd:ef" */
	const char *ip;		/* the client's address */
	const char *netmask;	/* "255.255.255.0" */
	const char *gateway;
	const char *server;	/* the boot (TFTP) server */
	const char *dns;
	const char *uuid;
	const char *filename;	/* option 67 */
	const char *hostname;
};

/*
 * Parse the pxelinux config at config_url; relative file names are under
 * prefix_url (the path prefix). Both must have the origin of
 * ctx->source->url. IPAPPEND 1 adds "ip=client:server:gateway:netmask",
 * 2 adds "BOOTIF=01-<mac with dashes>". *proxy (when proxy is not NULL)
 * gets the config's PROXY, or NULL. Returns 0 (problems are diagnostics)
 * or -ENOMEM; -EINVAL when the URLs are not under ctx->source->url.
 */
int pxelinux_parse(struct parse_ctx *ctx, const char *config_url,
		   const char *prefix_url, const struct netboot_env *env,
		   char **proxy);

/*
 * Run the iPXE script at script_url (it must start with "#!ipxe"): set and
 * ${...} (the lease's settings as ${mac}, ${net0/mac}, ${ip}, ...;
 * ${name:hexhyp} for dashes), kernel/chain/imgexec/imgselect, initrd/
 * imgfetch/module, imgargs, --name, initrd= on the kernel line, boot,
 * goto and :labels, "||" and "&&" (the first command only), menus (each
 * `item` before `choose` becomes an option named by its text), chain to
 * another script (by its name: .ipxe, .cfg, .txt, .php, .sh, ending in
 * '/' or holding '?'), exit. Every boot adds an option. Returns 0 or
 * -ENOMEM.
 */
int ipxe_parse(struct parse_ctx *ctx, const char *script_url,
	       const struct netboot_env *env);

/*
 * When a file of o has a URL whose scheme baton does not fetch (file://,
 * ftp://, ...), set o->error to a sentence saying so: the option is
 * listed, and refused when chosen. 0 or -ENOMEM.
 */
int netboot_check_schemes(struct boot_option *o);

#endif
