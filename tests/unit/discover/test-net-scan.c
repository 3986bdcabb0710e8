/*
 * test-net-scan.c: network sources without a network: URLs read from
 * --url-root folders (confined: "../" cannot leave them), refused outside
 * them and for other schemes, and a lease's configs found in lookup order
 * (tests/data/netboot).
 */
#include <errno.h>
#include <stdlib.h>

#include "discover/net-scan.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define DATA "tests/data/netboot"

static void root(struct net_io *io, const char *spec)
{
	char *err = NULL;

	CHECK_INT(net_io_add_root(io, spec, &err), 0);
	if (err)
		printf("#   %s\n", err);
	free(err);
}

static int read_url(struct net_io *io, const char *url, char **buf)
{
	struct source_info si = { .name = (char *)"eth0",
				  .url = (char *)"tftp://10.0.0.1" };
	size_t len;

	return net_parse_io.read(io, &si, url, 1 << 20, buf, &len);
}

static void test_roots(void)
{
	struct net_io io = { 0 };
	char *buf = NULL, *err = NULL;

	root(&io, "tftp://10.0.0.1=" DATA "/tftp");
	root(&io, "tftp://10.0.0.1/boot/=" DATA "/tftp/boot/cfg");
	CHECK_INT(read_url(&io, "/pxelinux.cfg/default", &buf), 0);
	CHECK(buf && strstr(buf, "Everyone else"));
	free(buf);
	/* the longest root wins */
	CHECK_INT(read_url(&io, "tftp://10.0.0.1/boot/rack4", &buf), 0);
	free(buf);
	CHECK_INT(read_url(&io, "tftp://10.0.0.1/../netboot/cases", &buf), -EXDEV);
	CHECK_INT(read_url(&io, "tftp://10.0.0.1/boot/../../vmlinuz", &buf), -EXDEV);
	CHECK_INT(read_url(&io, "tftp://10.0.0.1/nothing", &buf), -ENOENT);
	CHECK_INT(read_url(&io, "http://10.0.0.1/pxelinux.0", &buf), -EHOSTUNREACH);
	CHECK_INT(read_url(&io, "file:///etc/passwd", &buf), -EPROTONOSUPPORT);
	CHECK_INT(net_io_root_exists(&io, "tftp://10.0.0.1/vmlinuz"), 0);
	CHECK_INT(net_io_root_exists(&io, "tftp://10.0.0.1/nope"), -ENOENT);
	CHECK_INT(net_io_root_exists(&io, "tftp://10.9.9.9/vmlinuz"), -ENXIO);
	CHECK_INT(net_io_add_root(&io, "file:///=" DATA, &err), -EINVAL);
	CHECK_STR(err, "--url-root file:///: not a tftp://, http:// or https:// URL");
	free(err);
	CHECK_INT(net_io_add_root(&io, "tftp://x/", &err), -EINVAL);
	CHECK_STR(err, "--url-root tftp://x/: expected URL=DIR");
	free(err);
	CHECK_INT(net_io_add_root(&io, "tftp://x/=" DATA "/none", &err), -EINVAL);
	free(err);
	net_io_release(&io);
}

static struct scan_result scan_of(const char *dhcp, int *ret)
{
	struct scan_result res = { .timeout = -1 };
	struct net_io io = { 0 };
	struct lease *l = NULL;
	char *err = NULL;

	root(&io, "tftp://10.0.0.1/=" DATA "/tftp");
	*ret = lease_parse_buffer(dhcp, strlen(dhcp), ',', 0, &l, &err);
	if (!*ret)
		*ret = net_scan(l, "4c4c4544-0000-1010-8000-b3c04f4d3232", &io,
				&res, NULL, &err);
	if (err)
		printf("#   %s\n", err);
	free(err);
	lease_free(l);
	net_io_release(&io);
	return res;
}

static const char *config_of(struct scan_result *res)
{
	return res->options.n ?
	       ((struct boot_option *)res->options.v[0])->config : NULL;
}

static void test_lookup_order(void)
{
	struct scan_result res;
	int ret;

	/* the machine's UUID (no option 97) wins over 01-<mac> */
	res = scan_of("interface=eth0,ip=192.168.211.53,mac=52:54:00:12:34:56,"
		      "siaddr=10.0.0.1", &ret);
	CHECK_INT(ret, 0);
	CHECK_STR(config_of(&res), "tftp://10.0.0.1/pxelinux.cfg/"
		  "4c4c4544-0000-1010-8000-b3c04f4d3232");
	scan_result_release(&res);
	/* a UUID with no file: 01-<mac> */
	res = scan_of("interface=eth0,ip=192.168.211.53,mac=52:54:00:12:34:56,"
		      "siaddr=10.0.0.1,uuid=00000000-0000-0000-0000-000000000001",
		      &ret);
	CHECK_STR(config_of(&res), "tftp://10.0.0.1/pxelinux.cfg/01-52-54-00-12-34-56");
	scan_result_release(&res);
	/* then the hex address cut down, then default */
	res = scan_of("interface=eth0,ip=192.168.211.1,mac=52:54:00:00:00:01,"
		      "siaddr=10.0.0.1,uuid=00000000-0000-0000-0000-000000000001",
		      &ret);
	CHECK_STR(config_of(&res), "tftp://10.0.0.1/pxelinux.cfg/C0A8D3");
	scan_result_release(&res);
	res = scan_of("interface=eth0,ip=10.0.0.1,mac=52:54:00:00:00:01,"
		      "siaddr=10.0.0.1,uuid=00000000-0000-0000-0000-000000000001",
		      &ret);
	CHECK_STR(config_of(&res), "tftp://10.0.0.1/pxelinux.cfg/default");
	scan_result_release(&res);
}

static void test_nothing_found(void)
{
	struct scan_result res;
	int ret;

	res = scan_of("interface=eth0,ip=10.0.0.1,siaddr=10.0.0.1,"
		      "pxeconffile=none.cfg", &ret);
	CHECK_INT(ret, 0);
	CHECK_INT(res.options.n, 0);
	CHECK_STR(res.diags.n ? (char *)res.diags.v[0] : NULL,
		  "eth0: tftp://10.0.0.1/none.cfg (option 209): not found");
	scan_result_release(&res);
	res = scan_of("interface=eth0,ip=10.0.0.1", &ret);
	CHECK_INT(ret, -ENOENT);
	scan_result_release(&res);
}

static const struct test_case cases[] = {
	TEST(test_roots),
	TEST(test_lookup_order),
	TEST(test_nothing_found),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
