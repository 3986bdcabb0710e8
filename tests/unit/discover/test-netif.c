/*
 * test-netif.c: which interfaces a setting selects (all, none, names,
 * MACs) and the per-interface setting (dhcp, or a static address with
 * gateway and DNS servers) and which item of net_config applies to an
 * interface, bad values refused with a sentence.
 */
#include <errno.h>
#include <stdlib.h>

#include "discover/netif.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static const struct netif eth0 = {
	.ifindex = 2, .name = "eth0", .mac = "52:54:00:ab:cd:ef",
};

static void test_selected(void)
{
	CHECK(netif_selected(NULL, &eth0));
	CHECK(netif_selected("", &eth0));
	CHECK(netif_selected("all", &eth0));
	CHECK(netif_selected("ALL", &eth0));
	CHECK(!netif_selected("none", &eth0));
	CHECK(netif_selected("eth1,eth0", &eth0));
	CHECK(netif_selected("eth1, 52:54:00:AB:CD:EF", &eth0));
	CHECK(!netif_selected("eth1,eth00,52:54:00:ab:cd:ee", &eth0));
	CHECK(!netif_selected("eth", &eth0));
}

static void test_conf_dhcp_and_static(void)
{
	struct netif_conf c;
	char *err = NULL;

	CHECK_INT(netif_conf_parse("dhcp", &c, &err), 0);
	CHECK(c.dhcp);
	CHECK_INT(netif_conf_parse("10.0.0.5/24", &c, &err), 0);
	CHECK(!c.dhcp);
	CHECK_STR(c.address, "10.0.0.5/24");
	CHECK_STR(c.gateway, "");
	CHECK_INT(netif_conf_parse("10.0.0.5/24,gw=10.0.0.1,dns=10.0.0.1+fd00::53",
				   &c, &err), 0);
	CHECK_STR(c.gateway, "10.0.0.1");
	CHECK_STR(c.dns[0], "10.0.0.1");
	CHECK_STR(c.dns[1], "fd00::53");
	CHECK_STR(c.dns[2], "");
	CHECK_INT(netif_conf_parse("fd00::5/64,gw=fd00::1", &c, &err), 0);
	CHECK_STR(c.address, "fd00::5/64");
	CHECK(err == NULL);
}

static void test_conf_refused(void)
{
	static const char *const bad[][2] = {
		{ "", "expected dhcp" },
		{ "10.0.0.5", "expected dhcp" },
		{ "10.0.0.5/33", "expected dhcp" },
		{ "fd00::5/129", "expected dhcp" },
		{ "10.0.0.5/", "expected dhcp" },
		{ "10.0.0.5/24x", "expected dhcp" },
		{ "10.0.0.5/24,gw=10.0.0", "the gateway is not an address" },
		{ "10.0.0.5/24,dns=1.1.1.1+2.2.2.2+3.3.3.3+4.4.4.4+5.5.5.5", "dns= takes" },
		{ "10.0.0.5/24,dns=x", "dns= takes" },
		{ "10.0.0.5/24,mtu=9000", "unknown item" },
		{ "\x1b[2J/24", "\"?[2J/24\"" },
	};
	struct netif_conf c;
	size_t i;
	char *err;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		CHECK_INT(netif_conf_parse(bad[i][0], &c, &err), -EINVAL);
		if (!err || !strstr(err, bad[i][1]))
			printf("#   \"%s\": got %s\n", bad[i][0], err ? err : "(none)");
		CHECK(err && strstr(err, bad[i][1]));
		free(err);
	}
}

/* net_config: the item for this interface, else the bare one, else DHCP */
static void test_conf_for(void)
{
	struct netif_conf c;
	char *err = NULL;

	CHECK_INT(netif_conf_for(NULL, &eth0, &c, &err), 0);
	CHECK(c.dhcp && !c.dhcp6);
	/* v4, v6 or both */
	CHECK_INT(netif_conf_for("eth0=dhcp6 dhcp", &eth0, &c, &err), 0);
	CHECK(!c.dhcp && c.dhcp6);
	CHECK_INT(netif_conf_for("dhcp+dhcp6", &eth0, &c, &err), 0);
	CHECK(c.dhcp && c.dhcp6);
	CHECK_INT(netif_conf_for("eth0=dhcp6+dhcp", &eth0, &c, &err), 0);
	CHECK(c.dhcp && c.dhcp6);
	CHECK_INT(netif_conf_for("eth0=dhcp+dhcp4", &eth0, &c, &err), -EINVAL);
	CHECK(err && strstr(err, "expected dhcp, dhcp6, dhcp+dhcp6"));
	free(err);
	err = NULL;
	CHECK_INT(netif_conf_for("eth1=10.0.0.9/24", &eth0, &c, &err), 0);
	CHECK(c.dhcp);
	CHECK_INT(netif_conf_for("10.0.0.5/24,gw=10.0.0.1 eth1=dhcp", &eth0,
				 &c, &err), 0);
	CHECK(!c.dhcp);
	CHECK_STR(c.address, "10.0.0.5/24");
	CHECK_STR(c.gateway, "10.0.0.1");
	CHECK_INT(netif_conf_for("10.0.0.5/24 eth0=dhcp", &eth0, &c, &err), 0);
	CHECK(c.dhcp);
	CHECK_INT(netif_conf_for("dhcp 52:54:00:AB:CD:EF=10.0.0.7/16,dns=10.0.0.1",
				 &eth0, &c, &err), 0);
	CHECK(!c.dhcp);
	CHECK_STR(c.address, "10.0.0.7/16");
	CHECK_STR(c.dns[0], "10.0.0.1");
	CHECK_INT(netif_conf_for("eth0=10.0.0.5/40 dhcp", &eth0, &c, &err),
		  -EINVAL);
	CHECK(err && strstr(err, "expected dhcp"));
	free(err);
	err = NULL;
	/* a bad item for another interface is not this one's problem */
	CHECK_INT(netif_conf_for("eth1=bogus", &eth0, &c, &err), 0);
	CHECK(c.dhcp && !err);
}

static const struct test_case cases[] = {
	TEST(test_conf_for),
	TEST(test_selected),
	TEST(test_conf_dhcp_and_static),
	TEST(test_conf_refused),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
