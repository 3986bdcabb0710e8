/*
 * test-dhcp.c: the udhcpc/dhcpcd command lines baton runs (PXE vendor
 * class, options 93/97 and 61, the options asked for), bad requests
 * refused, and lease files read back.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "discover/dhcp.h"
#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static char *joined(char **v)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; v[i]; i++)
		n += strlen(v[i]) + 1;
	s = calloc(1, n);
	for (i = 0; s && v[i]; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, v[i]);
	}
	return s;
}

/* r's command line and environment, each joined by spaces */
static void check_command(const struct dhcp_request *r, const char *argv_want,
			  const char *env_want)
{
	char **argv = NULL, **env = NULL, *a, *e;

	CHECK_INT(dhcp_command(r, &argv, &env), 0);
	if (!argv)
		return;
	a = joined(argv);
	e = joined(env);
	CHECK_STR(a, argv_want);
	CHECK_STR(e, env_want);
	free(a);
	free(e);
	strv_free(argv);
	strv_free(env);
}

static void test_v4_command(void)
{
	struct dhcp_request r = {
		.ifname = "eth0", .family = 4, .busybox = "/bin/busybox",
		.uuid = "00112233-4455-6677-8899-AABBCCDDEEFF", .arch = 7,
		.lease_dir = "/run/x",
	};

	check_command(&r, "/bin/busybox udhcpc -f -i eth0 -s /usr/share/baton/dhcp-hook"
		      " -t3 -T2 -A10 -V PXEClient:Arch:00007:UNDI:003016"
		      " -x 0x5d:0007 -x 0x61:0000112233445566778899aabbccddeeff"
		      " -O 66 -O 67 -O 209 -O 210 -O 211",
		      "BATON_LEASE_DIR=/run/x BATON_DHCP_FAMILY=4"
		      " BATON_UUID=00112233-4455-6677-8899-AABBCCDDEEFF");
}

static void test_v6_command(void)
{
	struct dhcp_request r = {
		.ifname = "enp1s0", .family = 6, .hook = "/h", .arch = 0x0b,
		.once = true, .resolv_conf = "none",
	};

	char *conf;

	check_command(&r, "dhcpcd -6 -B -q -f /run/baton/leases/.dhcpcd-v6.conf"
		      " -c /h -t 15 -1"
		      " -o dhcp6_bootfile_url -o dhcp6_bootfile_param"
		      " -o dhcp6_name_servers"
		      " -e BATON_LEASE_DIR=/run/baton/leases"
		      " -e BATON_DHCP_FAMILY=6 -e BATON_RESOLV_CONF=none enp1s0",
		      "BATON_LEASE_DIR=/run/baton/leases BATON_DHCP_FAMILY=6"
		      " BATON_RESOLV_CONF=none");
	r.once = false;
	r.dhcpcd = "/sbin/dhcpcd";
	r.resolv_conf = NULL;
	r.lease_dir = "/run/l";
	check_command(&r, "/sbin/dhcpcd -6 -B -q -f /run/l/.dhcpcd-v6.conf"
		      " -c /h -t 0"
		      " -o dhcp6_bootfile_url -o dhcp6_bootfile_param"
		      " -o dhcp6_name_servers"
		      " -e BATON_LEASE_DIR=/run/l"
		      " -e BATON_DHCP_FAMILY=6 enp1s0",
		      "BATON_LEASE_DIR=/run/l BATON_DHCP_FAMILY=6");
	/* the vendor class, in the config file: the architecture sent */
	conf = dhcp_dhcpcd_conf(&r);
	CHECK(conf && strstr(conf, "\nvendclass 343 "
			     "\"PXEClient:Arch:00011:UNDI:003016\"\n"));
	free(conf);
	r.arch = 7;
	conf = dhcp_dhcpcd_conf(&r);
	CHECK(conf && strstr(conf, "PXEClient:Arch:00007:"));
	free(conf);
}

static void test_bad_requests(void)
{
	struct dhcp_request r = { .ifname = "eth0", .family = 4 };
	char **argv = NULL, **env = NULL;

	r.ifname = "../eth0";
	CHECK_INT(dhcp_command(&r, &argv, &env), -EINVAL);
	r.ifname = "averyveryverylongname";
	CHECK_INT(dhcp_command(&r, &argv, &env), -EINVAL);
	r.ifname = "-x";
	CHECK_INT(dhcp_command(&r, &argv, &env), -EINVAL);
	r.ifname = "eth0";
	r.family = 5;
	CHECK_INT(dhcp_command(&r, &argv, &env), -EINVAL);
	r.family = 4;
	r.uuid = "00112233445566778899aabbccddeeff";	/* no dashes */
	CHECK_INT(dhcp_command(&r, &argv, &env), -EINVAL);
	r.uuid = "0011223x-4455-6677-8899-aabbccddeeff";
	CHECK_INT(dhcp_command(&r, &argv, &env), -EINVAL);
	CHECK(argv == NULL && env == NULL);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		abort();
	fwrite(data, 1, n, f);
	fclose(f);
}

static void test_lease_files(void)
{
	static const char rec[] = "event=bound\0interface=eth0\0ip=10.0.0.9\0"
				  "mask=24\0bootfile=pxelinux.0\0";
	char dir[] = "/tmp/baton-test-dhcp-XXXXXX", path[256], *err = NULL;
	struct dhcp_request r = { .ifname = "eth0", .family = 4 };
	struct lease *l = NULL;
	char *big, *p;

	if (!mkdtemp(dir))
		abort();
	r.lease_dir = dir;
	p = dhcp_lease_path(&r);
	snprintf(path, sizeof(path), "%s/eth0.v4", dir);
	CHECK_STR(p, path);
	CHECK_INT(dhcp_read_lease(path, &l, &err), -ENOENT);
	write_file(path, rec, sizeof(rec) - 1);
	CHECK_INT(dhcp_read_lease(path, &l, &err), 0);
	if (l) {
		CHECK_STR(l->event, "bound");
		CHECK_STR(l->ip, "10.0.0.9");
		CHECK_INT(l->prefix, 24);
		CHECK_STR(l->bootfile, "pxelinux.0");
	}
	lease_free(l);
	l = NULL;
	write_file(path, "ip=10.0.0.300", 13);
	CHECK_INT(dhcp_read_lease(path, &l, &err), -EINVAL);
	CHECK_STR(err, "DHCP lease: ip=\"10.0.0.300\": not an IPv4 address");
	free(err);
	big = calloc(1, DHCP_LEASE_FILE_MAX + 10);
	memset(big, 'a', DHCP_LEASE_FILE_MAX + 9);
	write_file(path, big, DHCP_LEASE_FILE_MAX + 9);
	CHECK_INT(dhcp_read_lease(path, &l, &err), -EFBIG);
	free(big);
	free(p);
	unlink(path);
	rmdir(dir);
}

/* the hook's ".IF.vN.fail": why the client has no lease, and since when */
static void test_failure_file(void)
{
	char dir[] = "/tmp/baton-test-dhcp-XXXXXX", path[256], why[96];
	struct dhcp_request r = { .ifname = "eth0", .family = 4 };
	time_t when = 0, t0 = time(NULL);
	char *p;

	if (!mkdtemp(dir))
		abort();
	r.lease_dir = dir;
	p = dhcp_failure_path(&r);
	snprintf(path, sizeof(path), "%s/.eth0.v4.fail", dir);
	CHECK_STR(p, path);
	CHECK_INT(dhcp_read_failure(&r, why, sizeof(why), &when), -ENOENT);
	write_file(path, "leasefail\n", 10);
	CHECK_INT(dhcp_read_failure(&r, why, sizeof(why), &when), 0);
	CHECK_STR(why, "no DHCP server answered");
	CHECK(when >= t0 - 1 && when <= time(NULL));
	write_file(path, "nak\n", 4);
	CHECK_INT(dhcp_read_failure(&r, why, sizeof(why), &when), 0);
	CHECK_STR(why, "the DHCP server refused the address asked for (NAK)");
	write_file(path, "\033[2J", 4);	/* not the hook's: said as nothing */
	CHECK_INT(dhcp_read_failure(&r, why, sizeof(why), &when), -EINVAL);
	free(p);
	unlink(path);
	rmdir(dir);
}

static void on_usr1(int sig)
{
	_exit(7);
}

/*
 * dhcp_renew signals a client only once it catches SIGUSR1: before that,
 * the signal would kill it (a client just started when the link came up).
 */
static void test_renew(void)
{
	int fds[2], status = 0;
	pid_t pid;
	char c;

	pid = fork();
	if (pid < 0)
		abort();
	if (!pid) {	/* SIGUSR1 as exec leaves it: it would die */
		signal(SIGUSR1, SIG_DFL);
		for (;;)
			pause();
	}
	CHECK_INT(dhcp_renew(pid), -EAGAIN);
	usleep(100 * 1000);
	CHECK_INT(waitpid(pid, &status, WNOHANG), 0);	/* still there */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	if (pipe(fds))
		abort();
	pid = fork();
	if (pid < 0)
		abort();
	if (!pid) {	/* udhcpc once its handlers are set */
		signal(SIGUSR1, on_usr1);
		if (write(fds[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	CHECK_INT(read(fds[0], &c, 1), 1);
	close(fds[0]);
	CHECK_INT(dhcp_renew(pid), 0);
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

static const struct test_case cases[] = {
	TEST(test_v4_command),
	TEST(test_v6_command),
	TEST(test_bad_requests),
	TEST(test_lease_files),
	TEST(test_failure_file),
	TEST(test_renew),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
