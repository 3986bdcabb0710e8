/*
 * lu-test.c: the live-update QEMU tests' program, static, in the guests.
 *
 *   lu-test preserve NAME TOKEN NONCE   (in the first kernel) preserves a
 *       memfd holding NONCE in a new LUO session NAME under TOKEN, then
 *       leaves a child holding the session open until the kexec
 *   lu-test retrieve NAME TOKEN         prints "LU-NONCE: <contents>" of
 *       the memfd TOKEN of the incoming session NAME, and finishes it
 *   as /init (PID 1, in the last kernel): mounts /proc, /sys and /dev,
 *       prints BATON-TARGET-OK, its command line and "LU-MARKER: M" for
 *       lu.marker=M, retrieves lu.session=NAME lu.token=TOKEN if given,
 *       and reboots (QEMU runs with -no-reboot: it ends)
 *
 * Exit status 0 on success; every failure prints "LU-ERROR: what: why".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "loader/luo-uapi.h"

static int fail(const char *what)
{
	printf("LU-ERROR: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	return 1;
}

static void set_name(__u8 *dst, const char *name)
{
	snprintf((char *)dst, LUO_SESSION_NAME_LEN, "%s", name);
}

static int preserve(const char *name, unsigned long long token,
		    const char *nonce)
{
	struct luo_create_session cs = { .size = sizeof(cs) };
	struct luo_preserve_fd pf = { .size = sizeof(pf) };
	int luo, mfd;
	pid_t pid;

	luo = open(LUO_DEVICE, O_RDWR);
	if (luo < 0)
		return fail("open " LUO_DEVICE);
	set_name(cs.name, name);
	if (ioctl(luo, LUO_IOCTL_CREATE_SESSION, &cs) < 0)
		return fail("create session");
	mfd = memfd_create("lu-nonce", 0);
	if (mfd < 0)
		return fail("memfd_create");
	if (write(mfd, nonce, strlen(nonce)) != (ssize_t)strlen(nonce))
		return fail("write the nonce");
	pf.fd = mfd;
	pf.token = token;
	if (ioctl(cs.fd, LUO_SESSION_PRESERVE_FD, &pf) < 0)
		return fail("preserve the memfd");
	/* a session closed is a session unpreserved: a child keeps it */
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		setsid();
		close(0);
		close(1);
		close(2);
		for (;;)
			pause();
	}
	printf("LU-PRESERVED: session %s token %llu (held by pid %d)\n",
	       name, token, (int)pid);
	return 0;
}

static int retrieve(const char *name, unsigned long long token)
{
	struct luo_retrieve_session rs = { .size = sizeof(rs) };
	struct luo_retrieve_fd rf = { .size = sizeof(rf) };
	struct luo_session_finish fin = { .size = sizeof(fin) };
	char buf[256];
	ssize_t n;
	int luo;

	luo = open(LUO_DEVICE, O_RDWR);
	if (luo < 0)
		return fail("open " LUO_DEVICE);
	set_name(rs.name, name);
	if (ioctl(luo, LUO_IOCTL_RETRIEVE_SESSION, &rs) < 0)
		return fail("retrieve the session");
	rf.token = token;
	if (ioctl(rs.fd, LUO_SESSION_RETRIEVE_FD, &rf) < 0)
		return fail("retrieve the memfd");
	n = pread(rf.fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		return fail("read the memfd");
	buf[n] = '\0';
	printf("LU-NONCE: %s\n", buf);
	if (ioctl(rs.fd, LUO_SESSION_FINISH, &fin) < 0)
		return fail("finish the session");
	close(rf.fd);
	close(rs.fd);
	close(luo);
	return 0;
}

/* The value of KEY= on the kernel command line, or NULL. */
static char *cmdline_value(const char *cmdline, const char *key)
{
	size_t k = strlen(key);
	const char *p = cmdline;
	char *v;

	while ((p = strstr(p, key))) {
		if ((p == cmdline || p[-1] == ' ') && p[k] == '=') {
			v = strndup(p + k + 1, strcspn(p + k + 1, " \n"));
			return v;
		}
		p += k;
	}
	return NULL;
}

static int as_init(void)
{
	char cmdline[4096] = "";
	char *name, *token, *marker;
	ssize_t n;
	int fd, ret = 1;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("BATON-TARGET-OK\n");
	fd = open("/proc/cmdline", O_RDONLY);
	n = fd >= 0 ? read(fd, cmdline, sizeof(cmdline) - 1) : -1;
	cmdline[n > 0 ? n : 0] = '\0';
	printf("TARGET-CMDLINE: %s", cmdline);
	name = cmdline_value(cmdline, "lu.session");
	token = cmdline_value(cmdline, "lu.token");
	marker = cmdline_value(cmdline, "lu.marker");
	if (marker)
		printf("LU-MARKER: %s\n", marker);
	if (name && token)
		ret = retrieve(name, strtoull(token, NULL, 0));
	else if (marker)
		ret = 0;
	else
		printf("LU-ERROR: no lu.session= and lu.token= given\n");
	printf("LU-DONE: %d\n", ret);
	fflush(stdout);
	sleep(1);
	sync();
	reboot(RB_AUTOBOOT);	/* -no-reboot: QEMU ends; no ACPI to power off */
	return ret;
}

int main(int argc, char **argv)
{
	if (getpid() == 1)
		return as_init();
	if (argc == 5 && !strcmp(argv[1], "preserve"))
		return preserve(argv[2], strtoull(argv[3], NULL, 0), argv[4]);
	if (argc == 4 && !strcmp(argv[1], "retrieve"))
		return retrieve(argv[2], strtoull(argv[3], NULL, 0));
	fprintf(stderr, "usage: lu-test preserve NAME TOKEN NONCE | "
		"retrieve NAME TOKEN\n");
	return 2;
}
