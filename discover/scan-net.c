/* scan-net.c: `baton scan --dhcp ... --url-root ...`: a lease, no network. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "discover/net-scan.h"
#include "discover/scan-net.h"
#include "lib/text.h"

static int say(int ret, const char *msg)
{
	char *safe = text_sanitize(msg ? msg : strerror(-ret));

	fprintf(stderr, "baton scan: %s\n", safe ? safe : "out of memory");
	free(safe);
	return ret;
}

int scan_network(const char *dhcp, char *const *roots, size_t n_roots,
		 struct scan_result *res)
{
	struct net_io io = { 0 };
	struct lease *l = NULL;
	char *err = NULL;
	size_t i;
	int ret;

	ret = lease_parse_buffer(dhcp, strlen(dhcp), ',', 0, &l, &err);
	for (i = 0; !ret && i < n_roots; i++)
		ret = net_io_add_root(&io, roots[i], &err);
	if (!ret)
		ret = net_scan(l, NULL, &io, res, NULL, &err);
	if (!ret)
		net_scan_mark_missing(&io, res);
	if (ret)
		say(ret, err);
	free(err);
	lease_free(l);
	net_io_release(&io);
	return ret;
}
