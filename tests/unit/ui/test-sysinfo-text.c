/* test-sysinfo-text.c: the network part of `baton sysinfo` and the `i` page. */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "ui/sysinfo-text.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* The lines for network (a JSON array), joined with '\n' after "Network:". */
static char *network_text(const char *network)
{
	json_error_t e;
	json_t *net = json_loads(network, 0, &e), *si;
	char **v, *s = NULL;
	size_t i, len = 0;
	bool after = false;

	if (!net) {
		printf("#   bad JSON: %s\n", e.text);
		return NULL;
	}
	si = json_pack("{s:{},s:[],s:o}", "kernel", "devices", "network", net);
	v = sysinfo_lines(si, NULL);
	json_decref(si);
	for (i = 0; v && v[i]; i++) {
		if (streq(v[i], "Network:"))
			after = true;
		else if (after) {
			s = realloc(s, len + strlen(v[i]) + 2);
			if (!s)
				abort();
			len += sprintf(s + len, "%s\n", v[i]);
		}
	}
	strv_free(v);
	return s;
}

static void check_net(const char *network, const char *want)
{
	char *got = network_text(network);

	CHECK_STR(got, want);
	free(got);
}

static void test_bound_lease_with_pxe_options(void)
{
	check_net("[{\"name\": \"eth0\", \"mac\": \"52:54:00:12:34:56\","
		  " \"state\": \"up\", \"addresses\": [\"10.0.0.5\", \"fe80::1\"],"
		  " \"link\": {\"carrier\": true, \"speed\": 1000},"
		  " \"method\": \"dhcp\", \"dhcp\": \"bound\", \"leases\": [{"
		  "\"family\": 4, \"interface\": \"eth0\", \"ip\": \"10.0.0.5\","
		  " \"mask\": 24, \"router\": \"10.0.0.1\", \"serverid\": \"10.0.0.2\","
		  " \"tftp\": \"10.0.0.3\", \"bootfile\": \"pxelinux.0\","
		  " \"pxeconffile\": \"lab/eth0.cfg\", \"pxepathprefix\": \"/srv/tftp/\","
		  " \"dns\": [\"10.0.0.1\", \"10.0.0.9\"], \"lease\": 3600,"
		  " \"taken\": 1796625697, \"age\": 60, \"left\": 3540}]}]",
		  "  eth0       52:54:00:12:34:56  up, link 1000 Mb/s  10.0.0.5 fe80::1\n"
		  "             DHCP lease 10.0.0.5/24 from 10.0.0.2, 3540 s left of 3600 (taken 60 s ago)\n"
		  "             router 10.0.0.1, DNS 10.0.0.1 10.0.0.9\n"
		  "             PXE: TFTP server 10.0.0.3, boot file pxelinux.0, config file lab/eth0.cfg, path prefix /srv/tftp/\n");
}

/* keys this client does not know by name (a later lease's) still show */
static void test_unknown_lease_keys_shown(void)
{
	check_net("[{\"name\": \"eth0\", \"mac\": \"m\", \"state\": \"up\","
		  " \"addresses\": [], \"link\": {\"carrier\": true, \"speed\": null},"
		  " \"method\": \"dhcp\", \"dhcp\": \"bound\", \"leases\": [{"
		  "\"family\": 6, \"ip\": \"fd00::5\", \"age\": 5,"
		  " \"bootfile_url\": \"http://[fd00::1]/boot.ipxe\","
		  " \"ntp\": \"fd00::1\", \"t1\": 1800}]}]",
		  "  eth0       m  up, link  (no address)\n"
		  "             DHCPv6 lease fd00::5 (taken 5 s ago)\n"
		  "             PXE: boot file URL http://[fd00::1]/boot.ipxe\n"
		  "             also: ntp=fd00::1 t1=1800\n");
}

static void test_no_lease_says_why(void)
{
	check_net("[{\"name\": \"eth0\", \"mac\": \"m\", \"state\": \"down\","
		  " \"addresses\": [], \"link\": {\"carrier\": false, \"speed\": null},"
		  " \"method\": \"dhcp\", \"dhcp\": \"waiting\", \"why\": \"no link yet\","
		  " \"leases\": []},"
		  " {\"name\": \"eth1\", \"mac\": \"n\", \"state\": \"up\","
		  " \"addresses\": [], \"link\": {\"carrier\": true, \"speed\": 100},"
		  " \"method\": \"dhcp\", \"dhcp\": \"waiting\", \"leases\": []},"
		  " {\"name\": \"eth2\", \"mac\": \"o\", \"state\": \"up\","
		  " \"addresses\": [], \"method\": \"dhcp\", \"dhcp\": \"none\","
		  " \"why\": \"the DHCP client exited (status 1)\", \"leases\": []}]",
		  "  eth0       m  down, no link  (no address)\n"
		  "             waiting for a lease (no link yet)\n"
		  "  eth1       n  up, link 100 Mb/s  (no address)\n"
		  "             waiting for a lease\n"
		  "  eth2       o  up  (no address)\n"
		  "             no lease: the DHCP client exited (status 1)\n");
}

static void test_static_unused_and_refused(void)
{
	check_net("[{\"name\": \"eth0\", \"mac\": \"m\", \"state\": \"up\","
		  " \"addresses\": [\"10.1.0.5\"], \"method\": \"static\", \"leases\": []},"
		  " {\"name\": \"eth1\", \"mac\": \"n\", \"state\": \"up\","
		  " \"addresses\": [], \"method\": \"unused\", \"leases\": []},"
		  " {\"name\": \"eth2\", \"mac\": \"o\", \"state\": \"up\","
		  " \"addresses\": [], \"method\": \"none\","
		  " \"why\": \"net_config: eth2: not an address\", \"leases\": []},"
		  " {\"name\": \"eth3\", \"mac\": \"p\", \"state\": \"up\","
		  " \"addresses\": [], \"method\": \"dhcp\", \"dhcp\": \"refused\","
		  " \"leases\": [{\"family\": 4, \"error\": \"DHCP lease: bootfile: bad\"}]}]",
		  "  eth0       m  up  10.1.0.5\n"
		  "             static address\n"
		  "  eth1       n  up  (no address)\n"
		  "             not used to boot (net_interfaces)\n"
		  "  eth2       o  up  (no address)\n"
		  "             not configured: net_config: eth2: not an address\n"
		  "  eth3       p  up  (no address)\n"
		  "             refused: DHCP lease: bootfile: bad\n");
}

/* a daemon without network boot: interfaces as before */
static void test_plain_interfaces(void)
{
	check_net("[{\"name\": \"eth0\", \"mac\": \"52:54:00:12:34:56\","
		  " \"state\": \"up\", \"addresses\": [\"10.0.2.15\"]}]",
		  "  eth0       52:54:00:12:34:56  up  10.0.2.15\n");
	check_net("[]", "  (no interfaces)\n");
}

/* a name longer than 10 columns widens the column for every line */
static void test_long_name_widens_column(void)
{
	check_net("[{\"name\": \"veth-baton0a\", \"mac\": \"m\", \"state\": \"up\","
		  " \"addresses\": [], \"method\": \"unused\", \"leases\": []},"
		  " {\"name\": \"eth0\", \"mac\": \"n\", \"state\": \"up\","
		  " \"addresses\": [\"10.0.0.5\"], \"method\": \"static\","
		  " \"leases\": []}]",
		  "  veth-baton0a m  up  (no address)\n"
		  "               not used to boot (net_interfaces)\n"
		  "  eth0         n  up  10.0.0.5\n"
		  "               static address\n");
}

static const struct test_case cases[] = {
	TEST(test_bound_lease_with_pxe_options),
	TEST(test_unknown_lease_keys_shown),
	TEST(test_no_lease_says_why),
	TEST(test_static_unused_and_refused),
	TEST(test_plain_interfaces),
	TEST(test_long_name_widens_column),
	{ 0 }
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
