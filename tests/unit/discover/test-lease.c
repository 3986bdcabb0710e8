/*
 * test-lease.c: DHCP leases from udhcpc's KEY=VALUE strings: every key
 * read, values normalised (MAC, UUID, mask), and garbage refused with a
 * sentence naming the key.
 */
#include <errno.h>
#include <stdlib.h>

#include "discover/lease.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* the environment udhcpc gave its script against dnsmasq (trimmed) */
static char *v4_env[] = {
	"interface=eth0", "ip=192.168.211.53", "mask=24",
	"subnet=255.255.255.0", "router=192.168.211.1 192.168.211.9",
	"dns=192.168.211.1 fd00::53", "serverid=192.168.211.1",
	"siaddr=192.168.211.7", "sname=bootsrv", "tftp=tftp.example",
	"boot_file=ignored.0", "bootfile=pxelinux.0",
	"pxeconffile=pxelinux.cfg/custom", "pxepathprefix=/boot/",
	"reboottime=30", "lease=3600", "opt53=05", "PATH=/bin",
	"mac=52-54-00-AB-CD-EF", "uuid=0000112233445566778899AABBCCDDEEFF",
	"event=bound",
};

static void test_v4_every_key(void)
{
	struct lease *l = NULL;
	char *err = NULL;

	CHECK_INT(lease_parse(v4_env, sizeof(v4_env) / sizeof(v4_env[0]), 0,
			      &l, &err), 0);
	if (!l)
		return;
	CHECK_INT(l->family, 4);
	CHECK_STR(l->interface, "eth0");
	CHECK_STR(l->ip, "192.168.211.53");
	CHECK_INT(l->prefix, 24);
	CHECK_STR(l->router, "192.168.211.1");
	CHECK_STR(l->dns[0], "192.168.211.1");
	CHECK_STR(l->dns[1], "fd00::53");
	CHECK(l->dns[2] == NULL);
	CHECK_STR(l->serverid, "192.168.211.1");
	CHECK_STR(l->siaddr, "192.168.211.7");
	CHECK_STR(l->sname, "bootsrv");
	CHECK_STR(l->tftp, "tftp.example");
	CHECK_STR(l->bootfile, "pxelinux.0");	/* 67 over the file field */
	CHECK_STR(l->pxeconffile, "pxelinux.cfg/custom");
	CHECK_STR(l->pxepathprefix, "/boot/");
	CHECK_INT(l->reboottime, 30);
	CHECK_INT(l->lease_secs, 3600);
	CHECK_STR(l->mac, "52:54:00:ab:cd:ef");
	CHECK_STR(l->uuid, "00112233-4455-6677-8899-aabbccddeeff");
	CHECK_STR(l->event, "bound");
	CHECK(l->bootfile_url == NULL);
	lease_free(l);
}

static void test_bootp_file_field_alone(void)
{
	char *kv[] = { "ip=10.0.0.2", "boot_file=lpxelinux.0" };
	struct lease *l = NULL;

	CHECK_INT(lease_parse(kv, 2, 0, &l, NULL), 0);
	if (l)
		CHECK_STR(l->bootfile, "lpxelinux.0");
	CHECK_INT(l ? l->prefix : 0, -1);
	CHECK_INT(l ? l->reboottime : 0, -1);
	lease_free(l);
}

static void test_v6(void)
{
	char *kv[] = { "interface=eth1", "ipv6=fd00:baf0:11::53",
		       "bootfile_url=tftp://[fd00:baf0:11::1]/boot.ipxe",
		       "bootfile_param=quiet", "dns=fd00::1" };
	struct lease *l = NULL;

	CHECK_INT(lease_parse(kv, 5, 0, &l, NULL), 0);
	if (!l)
		return;
	CHECK_INT(l->family, 6);
	CHECK_STR(l->ip, "fd00:baf0:11::53");
	CHECK_STR(l->bootfile_url, "tftp://[fd00:baf0:11::1]/boot.ipxe");
	CHECK_STR(l->bootfile_param, "quiet");
	lease_free(l);
}

/* option 60 as dhcpcd hands it: 16-bit lengths and strings, in hex */
static void test_v6_params_hex(void)
{
	char *kv[] = { "bootfile_param_hex=0003612062000163" };
	struct lease *l = NULL;

	CHECK_INT(lease_parse(kv, 1, 0, &l, NULL), 0);
	if (!l)
		return;
	CHECK_INT(l->family, 6);
	CHECK_STR(l->bootfile_param, "a b c");
	lease_free(l);
	l = NULL;
	kv[0] = "bootfile_param_hex=";
	CHECK_INT(lease_parse(kv, 1, 0, &l, NULL), 0);
	if (l)
		CHECK_STR(l->bootfile_param, "");
	lease_free(l);
}

static void test_buffer_forms(void)
{
	static const char nul[] = "ip=10.0.0.2\0bootfile=a b\nc\0";
	struct lease *l = NULL;
	char *err = NULL;

	CHECK_INT(lease_parse_buffer("ip=10.0.0.2,mac=52:54:00:00:00:01,,tftp=10.0.0.1",
				     48, ',', LEASE_STRICT, &l, NULL), 0);
	if (l) {
		CHECK_STR(l->tftp, "10.0.0.1");
		CHECK_STR(l->mac, "52:54:00:00:00:01");
	}
	lease_free(l);
	l = NULL;
	/* a newline inside a value stays inside it: refused, not a new key */
	CHECK_INT(lease_parse_buffer(nul, sizeof(nul) - 1, '\0', 0, &l, &err),
		  -EINVAL);
	CHECK(l == NULL);
	CHECK_STR(err, "DHCP lease: bootfile=\"a b?c\": empty, or a control character or space in a path");
	free(err);
}

struct bad_case {
	const char *kv;
	const char *err;
};

static const struct bad_case bad_cases[] = {
	{ "ip=10.0.0", "DHCP lease: ip=\"10.0.0\": not an IPv4 address" },
	{ "ip=fd00::1", "DHCP lease: ip=\"fd00::1\": not an IPv4 address" },
	{ "ipv6=10.0.0.1", "DHCP lease: ipv6=\"10.0.0.1\": not an IPv6 address" },
	{ "mask=33", "DHCP lease: mask=\"33\": not a mask length (0-32)" },
	{ "subnet=255.0.255.0", "DHCP lease: subnet=\"255.0.255.0\": not a subnet mask" },
	{ "router=10.0.0.1 x", "DHCP lease: router=\"10.0.0.1 x\": not a list of IPv4 addresses" },
	{ "dns= ", "DHCP lease: dns=\" \": not a list of addresses" },
	{ "siaddr=\x1b[2J", "DHCP lease: siaddr=\"?[2J\": not an IPv4 address" },
	{ "tftp=a/b", "DHCP lease: tftp=\"a/b\": not a host name or address" },
	{ "pxeconffile=", "DHCP lease: pxeconffile=\"\": empty, or a control character or space in a path" },
	{ "reboottime=-1", "DHCP lease: reboottime=\"-1\": not a number of seconds" },
	{ "reboottime=99999999999", "DHCP lease: reboottime=\"99999999999\": not a number of seconds" },
	{ "mac=52:54:00:00:00", "DHCP lease: mac=\"52:54:00:00:00\": not a MAC address" },
	{ "mac=52:54-00:00:00:01", "DHCP lease: mac=\"52:54-00:00:00:01\": not a MAC address" },
	{ "uuid=0011", "DHCP lease: uuid=\"0011\": not a UUID (32 hex digits)" },
	{ "bootfile_url=vmlinuz", "DHCP lease: bootfile_url=\"vmlinuz\": not a URL" },
	{ "bootfile_url=http://[fd00::1]/a b", "DHCP lease: bootfile_url=\"http://[fd00::1]/a b\": not a URL" },
	{ "bootfile_param_hex=0003616", "DHCP lease: bootfile_param_hex=\"0003616\": not hex" },
	{ "bootfile_param_hex=00036162zz", "DHCP lease: bootfile_param_hex=\"00036162zz\": not hex" },
	{ "bootfile_param_hex=000461626364ff", "DHCP lease: bootfile_param_hex=\"000461626364ff\": a parameter's length runs past the option's end" },
	{ "bootfile_param_hex=0002611b", "DHCP lease: bootfile_param_hex=\"0002611b\": a control character in a parameter" },
	{ "interface=../x", "DHCP lease: interface=\"../x\": not an interface name" },
	{ "event=explode", "DHCP lease: event=\"explode\": not bound, renew or deconfig" },
	{ "noequals", "DHCP lease: (record)=\"noequals\": not KEY=VALUE" },
};

static void test_garbage_refused(void)
{
	struct lease *l = NULL;
	char *err, *kv[2];
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		kv[0] = "ip=10.0.0.2";
		kv[1] = (char *)bad_cases[i].kv;
		err = NULL;
		CHECK_INT(lease_parse(kv, 2, 0, &l, &err), -EINVAL);
		CHECK_STR(err, bad_cases[i].err);
		CHECK(l == NULL);
		free(err);
	}
}

static void test_too_long_and_strict(void)
{
	char big[300 + 10] = "bootfile=";
	struct lease *l = NULL;
	char *err = NULL, *kv[1] = { big };

	memset(big + 9, 'a', 300);
	big[309] = '\0';
	CHECK_INT(lease_parse(kv, 1, 0, &l, &err), -EINVAL);
	CHECK(err && strstr(err, "longer than 255 bytes"));
	free(err);
	err = NULL;
	kv[0] = "opt53=05";
	CHECK_INT(lease_parse(kv, 1, 0, &l, &err), 0);
	lease_free(l);
	l = NULL;
	CHECK_INT(lease_parse(kv, 1, LEASE_STRICT, &l, &err), -EINVAL);
	CHECK_STR(err, "DHCP lease: (key)=\"opt53=05\": unknown key");
	free(err);
}

static void test_format(void)
{
	char *kv[] = { "ip=10.0.0.2", "mask=8", "bootfile=pxelinux.0",
		       "dns=10.0.0.1", "reboottime=0" };
	struct lease *l = NULL;
	char *s;

	CHECK_INT(lease_parse(kv, 5, 0, &l, NULL), 0);
	if (!l)
		return;
	s = lease_format(l);
	CHECK_STR(s, "family=4\nip=10.0.0.2\nbootfile=pxelinux.0\nmask=8\n"
		  "dns=10.0.0.1\nreboottime=0\n");
	free(s);
	lease_free(l);
}

static const struct test_case cases[] = {
	TEST(test_v4_every_key),
	TEST(test_bootp_file_field_alone),
	TEST(test_v6),
	TEST(test_v6_params_hex),
	TEST(test_buffer_forms),
	TEST(test_garbage_refused),
	TEST(test_too_long_and_strict),
	TEST(test_format),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
