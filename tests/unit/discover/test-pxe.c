/*
 * test-pxe.c: which config a lease points at: the pxelinux lookup order
 * (UUID, 01-<mac>, hex address cut down, default) under the path prefix,
 * option 209 / 210 / 67, the TFTP server fallbacks, DHCPv6 59, and what
 * a fetched boot file is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "discover/pxe.h"
#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static struct pxe_plan *plan_of(const char *kvs, const char *sys_uuid)
{
	struct lease *l = NULL;
	struct pxe_plan *p = NULL;
	char *err = NULL;

	if (lease_parse_buffer(kvs, strlen(kvs), ',', LEASE_STRICT, &l, &err)) {
		printf("#   lease: %s\n", err);
		free(err);
		return NULL;
	}
	if (pxe_plan(l, sys_uuid, &p, &err)) {
		printf("#   plan: %s\n", err);
		free(err);
	}
	lease_free(l);
	return p;
}

static char *joined(char **v)
{
	char *s = strdup(""), *t;
	size_t i;

	for (i = 0; v && v[i] && s; i++) {
		t = str_printf("%s%s\n", s, v[i]);
		free(s);
		s = t;
	}
	return s;
}

static void check_configs(struct pxe_plan *p, const char *want)
{
	char *got;

	CHECK(p != NULL);
	if (!p)
		return;
	got = joined(p->configs);
	CHECK_STR(got, want);
	free(got);
}

static void test_lookup_order(void)
{
	struct pxe_plan *p = plan_of(
		"ip=192.168.211.53,mac=52:54:00:AB:cd:ef,siaddr=192.168.211.1,"
		"bootfile=pxelinux.0", "4c4c4544-0000-1010-8000-b3c04f4d3232");

	check_configs(p,
		"tftp://192.168.211.1/pxelinux.cfg/4c4c4544-0000-1010-8000-b3c04f4d3232\n"
		"tftp://192.168.211.1/pxelinux.cfg/01-52-54-00-ab-cd-ef\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0A8D335\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0A8D33\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0A8D3\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0A8D\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0A8\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0A\n"
		"tftp://192.168.211.1/pxelinux.cfg/C0\n"
		"tftp://192.168.211.1/pxelinux.cfg/C\n"
		"tftp://192.168.211.1/pxelinux.cfg/default\n");
	if (p) {
		CHECK_STR(p->server, "192.168.211.1");
		CHECK_STR(p->prefix, "tftp://192.168.211.1/");
		CHECK_STR(p->bootfile, "tftp://192.168.211.1/pxelinux.0");
		CHECK(!p->from_209);
	}
	pxe_plan_free(p);
}

static void test_lease_uuid_wins(void)
{
	/* option 97 as sent wins over the machine's; no MAC: no 01- step */
	struct pxe_plan *p = plan_of("ip=10.0.0.1,tftp=boot.example,"
				     "uuid=11111111-2222-3333-4444-555555555555",
				     "4c4c4544-0000-1010-8000-b3c04f4d3232");

	CHECK(p && p->configs);
	if (p && p->configs) {
		CHECK_STR(p->configs[0],
			  "tftp://boot.example/pxelinux.cfg/11111111-2222-3333-4444-555555555555");
		CHECK_STR(p->configs[1], "tftp://boot.example/pxelinux.cfg/0A000001");
		CHECK_INT(strv_len(p->configs), 10);
	}
	pxe_plan_free(p);
}

static void test_prefix_from_bootfile_folder(void)
{
	struct pxe_plan *p = plan_of("ip=10.0.0.1,siaddr=10.0.0.9,"
				     "bootfile=bios/lpxelinux.0", NULL);

	if (p) {
		CHECK_STR(p->prefix, "tftp://10.0.0.9/bios/");
		CHECK_STR(p->configs[0], "tftp://10.0.0.9/bios/pxelinux.cfg/0A000001");
	}
	CHECK(p != NULL);
	pxe_plan_free(p);
}

static void test_option_210(void)
{
	struct pxe_plan *p = plan_of("ip=10.0.0.1,siaddr=10.0.0.9,"
				     "bootfile=pxelinux.0,pxepathprefix=/srv/pxe", NULL);

	if (p)
		CHECK_STR(p->configs[0], "tftp://10.0.0.9/srv/pxe/pxelinux.cfg/0A000001");
	CHECK(p != NULL);
	pxe_plan_free(p);
	p = plan_of("ip=10.0.0.1,pxepathprefix=http://10.0.0.2/boot/", NULL);
	if (p) {
		CHECK_STR(p->prefix, "http://10.0.0.2/boot/");
		CHECK_STR(p->configs[0], "http://10.0.0.2/boot/pxelinux.cfg/0A000001");
		CHECK(p->server == NULL);
	}
	CHECK(p != NULL);
	pxe_plan_free(p);
}

static void test_option_209(void)
{
	struct pxe_plan *p;

	p = plan_of("ip=10.0.0.1,siaddr=10.0.0.9,pxeconffile=cfg/rack4", NULL);
	check_configs(p, "tftp://10.0.0.9/cfg/rack4\n");
	CHECK(p && p->from_209);
	pxe_plan_free(p);
	p = plan_of("ip=10.0.0.1,siaddr=10.0.0.9,pxepathprefix=/p/,"
		    "pxeconffile=cfg/rack4", NULL);
	check_configs(p, "tftp://10.0.0.9/p/cfg/rack4\n");
	pxe_plan_free(p);
	p = plan_of("ip=10.0.0.1,pxeconffile=https://cfg.example/a/b.cfg", NULL);
	check_configs(p, "https://cfg.example/a/b.cfg\n");
	pxe_plan_free(p);
}

static void test_server_fallbacks(void)
{
	struct pxe_plan *p;

	p = plan_of("ip=10.0.0.1,tftp=10.0.0.66,siaddr=10.0.0.2,sname=s,"
		    "serverid=10.0.0.3", NULL);
	CHECK_STR(p ? p->server : NULL, "10.0.0.66");
	pxe_plan_free(p);
	p = plan_of("ip=10.0.0.1,siaddr=10.0.0.2,sname=s,serverid=10.0.0.3", NULL);
	CHECK_STR(p ? p->server : NULL, "10.0.0.2");
	pxe_plan_free(p);
	p = plan_of("ip=10.0.0.1,siaddr=0.0.0.0,sname=s,serverid=10.0.0.3", NULL);
	CHECK_STR(p ? p->server : NULL, "s");
	pxe_plan_free(p);
	p = plan_of("ip=10.0.0.1,serverid=10.0.0.3", NULL);
	CHECK_STR(p ? p->server : NULL, "10.0.0.3");
	pxe_plan_free(p);
}

static void test_no_server(void)
{
	struct lease *l = NULL;
	struct pxe_plan *p = NULL;
	char *err = NULL, *kv[] = { "interface=eth0", "ip=10.0.0.1" };

	CHECK_INT(lease_parse(kv, 2, 0, &l, NULL), 0);
	CHECK_INT(pxe_plan(l, NULL, &p, &err), -ENOENT);
	CHECK_STR(err, "eth0: the lease names no boot server (options 66, "
		  "siaddr, sname, server id) and no config URL");
	CHECK(p == NULL);
	free(err);
	lease_free(l);
}

static void test_v6_boot_url(void)
{
	struct pxe_plan *p = plan_of("ipv6=fd00::5,mac=52:54:00:00:00:01,"
				     "bootfile_url=tftp://[fd00::1]/efi/boot.ipxe",
				     NULL);

	if (p) {
		CHECK_STR(p->bootfile, "tftp://[fd00::1]/efi/boot.ipxe");
		CHECK_STR(p->prefix, "tftp://[fd00::1]/efi/");
	}
	check_configs(p, "tftp://[fd00::1]/efi/pxelinux.cfg/01-52-54-00-00-00-01\n"
		      "tftp://[fd00::1]/efi/pxelinux.cfg/default\n");
	pxe_plan_free(p);
	p = plan_of("ipv6=fd00::5,serverid=10.0.0.1,tftp=fd00::1,bootfile=x", NULL);
	CHECK_STR(p ? p->bootfile : NULL, "tftp://[fd00::1]/x");
	pxe_plan_free(p);
}

static void test_classify(void)
{
	static char bz[0x300], arm[0x40], nbp[0x100];

	memcpy(bz + 0x202, "HdrS", 4);
	memcpy(arm + 0x38, "ARM\x64", 4);
	nbp[0] = 0x55;	/* pxelinux.0: binary with NULs */
	CHECK_INT(pxe_classify(bz, sizeof(bz)), PXE_FILE_KERNEL);
	CHECK_INT(pxe_classify(arm, sizeof(arm)), PXE_FILE_KERNEL);
	CHECK_INT(pxe_classify(nbp, sizeof(nbp)), PXE_FILE_OTHER);
	CHECK_INT(pxe_classify("#!ipxe\nkernel x\n", 16), PXE_FILE_IPXE);
	CHECK_INT(pxe_classify("  #!iPXE\n", 9), PXE_FILE_IPXE);
	CHECK_INT(pxe_classify("# comment\n\nDEFAULT linux\n", 25), PXE_FILE_CONFIG);
	CHECK_INT(pxe_classify("label x\n kernel y\n", 18), PXE_FILE_CONFIG);
	CHECK_INT(pxe_classify("hello world\nlabel x\n", 20), PXE_FILE_OTHER);
	CHECK_INT(pxe_classify("", 0), PXE_FILE_OTHER);
}

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (!f)
		abort();
	fputs(s, f);
	fclose(f);
}

static void test_system_uuid(void)
{
	char path[] = "/tmp/baton-test-pxe-XXXXXX", *u = NULL;
	int fd = mkstemp(path);

	if (fd < 0)
		abort();
	close(fd);
	write_file(path, "4C4C4544-0000-1010-8000-B3C04F4D3232\n");
	CHECK_INT(pxe_system_uuid(path, &u), 0);
	CHECK_STR(u, "4c4c4544-0000-1010-8000-b3c04f4d3232");
	free(u);
	write_file(path, "00000000-0000-0000-0000-000000000000\n");
	CHECK_INT(pxe_system_uuid(path, &u), -EINVAL);
	write_file(path, "Not Settable\n");
	CHECK_INT(pxe_system_uuid(path, &u), -EINVAL);
	unlink(path);
	CHECK_INT(pxe_system_uuid(path, &u), -ENOENT);
}

static const struct test_case cases[] = {
	TEST(test_lookup_order),
	TEST(test_lease_uuid_wins),
	TEST(test_prefix_from_bootfile_folder),
	TEST(test_option_210),
	TEST(test_option_209),
	TEST(test_server_fallbacks),
	TEST(test_no_server),
	TEST(test_v6_boot_url),
	TEST(test_classify),
	TEST(test_system_uuid),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
