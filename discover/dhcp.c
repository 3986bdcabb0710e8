/* dhcp.c: udhcpc (v4) and dhcpcd (v6) run with baton's hook; lease files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/dhcp.h"
#include "lib/util.h"

extern char **environ;

static unsigned default_arch(void)
{
	return IS_ENABLED(CONFIG_ARCH_AARCH64) ? DHCP_ARCH_ARM64_EFI :
						 DHCP_ARCH_X86_64_EFI;
}

static bool good_ifname(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n > 15 || s[0] == '.' || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-@", *s))
			return false;
	return true;
}

/* "8-4-4-4-12" hex into 32 hex digits in out[33]. */
static int uuid_hex(const char *u, char *out)
{
	static const int dash[] = { 8, 13, 18, 23 };
	size_t i, n = 0, d = 0;

	if (strlen(u) != 36)
		return -EINVAL;
	for (i = 0; i < 36; i++) {
		if (d < ARRAY_SIZE(dash) && (int)i == dash[d]) {
			if (u[i] != '-')
				return -EINVAL;
			d++;
			continue;
		}
		if (!isxdigit((unsigned char)u[i]))
			return -EINVAL;
		out[n++] = tolower((unsigned char)u[i]);
	}
	out[n] = '\0';
	return 0;
}

/* push printf'd strings; a failed allocation is sticky in *ret */
static void push(char ***v, int *ret, char *s)
{
	if (!*ret && strv_push(v, s) < 0)
		*ret = -ENOMEM;
	else if (*ret)
		free(s);
}

static void v4_options(const struct dhcp_request *r, unsigned arch,
		       const char *uuid, char ***a, int *ret)
{
	static const char *const wanted[] = { "66", "67", "209", "210", "211" };
	size_t i;

	push(a, ret, strdup("-V"));
	push(a, ret, str_printf("PXEClient:Arch:%05u:UNDI:003016", arch));
	push(a, ret, strdup("-x"));
	push(a, ret, str_printf("0x5d:%04x", arch));	/* option 93 */
	if (uuid) {
		push(a, ret, strdup("-x"));
		push(a, ret, str_printf("0x61:00%s", uuid));	/* option 97 */
	}
	for (i = 0; i < ARRAY_SIZE(wanted); i++) {
		push(a, ret, strdup("-O"));
		push(a, ret, strdup(wanted[i]));
	}
}

char *dhcp_conf_path(const struct dhcp_request *r)
{
	return str_printf("%s/.dhcpcd-v6.conf",
			  r->lease_dir ? r->lease_dir : DHCP_LEASE_DIR_DEFAULT);
}

char *dhcp_dhcpcd_conf(const struct dhcp_request *r)
{
	unsigned arch = r->arch ? r->arch : default_arch();

	return str_printf("# dhcpcd's settings for baton's DHCPv6 client "
			  "(discover/dhcp.c)\n"
			  "vendclass 343 \"PXEClient:Arch:%05u:UNDI:003016\"\n",
			  arch);
}

/*
 * DHCPv6 by dhcpcd: one interface, in the foreground, v6 only, baton's
 * config file (none of the distribution's hooks or settings), our script
 * and its variables given with -e (dhcpcd hands its script no other
 * environment). It asks for 59, 60 and DNS; the config file has the
 * PXEClient vendor class (option 16, Intel's enterprise number 343, as
 * UEFI firmware sends it), which dhcpcd 9.4 sends empty when it is given
 * on its command line. dhcpcd cannot send option 61: the vendor class
 * carries the same architecture.
 */
static void v6_command(const struct dhcp_request *r, char ***a, int *ret)
{
	static const char *const wanted[] = {
		"dhcp6_bootfile_url", "dhcp6_bootfile_param", "dhcp6_name_servers",
	};
	size_t i;

	push(a, ret, strdup(r->dhcpcd ? r->dhcpcd : "dhcpcd"));
	push(a, ret, strdup("-6"));
	push(a, ret, strdup("-B"));
	push(a, ret, strdup("-q"));
	push(a, ret, strdup("-f"));
	push(a, ret, dhcp_conf_path(r));
	push(a, ret, strdup("-c"));
	push(a, ret, strdup(r->hook ? r->hook : DHCP_HOOK_DEFAULT));
	/* once: 15 s for a lease, then quit; else ask for ever */
	push(a, ret, strdup("-t"));
	push(a, ret, strdup(r->once ? "15" : "0"));
	if (r->once)
		push(a, ret, strdup("-1"));
	for (i = 0; i < ARRAY_SIZE(wanted); i++) {
		push(a, ret, strdup("-o"));
		push(a, ret, strdup(wanted[i]));
	}
}

static void v4_command(const struct dhcp_request *r, unsigned arch,
		       const char *uuid, char ***a, int *ret)
{
	push(a, ret, strdup(r->busybox ? r->busybox : "busybox"));
	push(a, ret, strdup("udhcpc"));
	push(a, ret, strdup("-f"));
	push(a, ret, strdup("-i"));
	push(a, ret, strdup(r->ifname));
	push(a, ret, strdup("-s"));
	push(a, ret, strdup(r->hook ? r->hook : DHCP_HOOK_DEFAULT));
	/* 3 tries 2 s apart, then again after 10 s; -q -n: once, then quit */
	push(a, ret, strdup("-t3"));
	push(a, ret, strdup("-T2"));
	push(a, ret, strdup(r->once ? "-q" : "-A10"));
	if (r->once)
		push(a, ret, strdup("-n"));
	v4_options(r, arch, uuid, a, ret);
}

int dhcp_command(const struct dhcp_request *r, char ***argv, char ***env)
{
	unsigned arch = r->arch ? r->arch : default_arch();
	char uuid[33], **a = NULL, **e = NULL, **v;
	size_t i;
	int ret = 0;

	if (!good_ifname(r->ifname) || (r->family != 4 && r->family != 6) ||
	    (r->uuid && uuid_hex(r->uuid, uuid)) || arch > 0xffff)
		return -EINVAL;
	if (r->family == 4)
		v4_command(r, arch, r->uuid ? uuid : NULL, &a, &ret);
	else
		v6_command(r, &a, &ret);
	push(&e, &ret, str_printf("BATON_LEASE_DIR=%s",
				  r->lease_dir ? r->lease_dir : DHCP_LEASE_DIR_DEFAULT));
	push(&e, &ret, str_printf("BATON_DHCP_FAMILY=%d", r->family));
	if (r->uuid)
		push(&e, &ret, str_printf("BATON_UUID=%s", r->uuid));
	if (r->resolv_conf)
		push(&e, &ret, str_printf("BATON_RESOLV_CONF=%s", r->resolv_conf));
	/* dhcpcd: the hook's variables on its command line, then the name */
	for (i = 0, v = e; r->family == 6 && !ret && v && v[i]; i++) {
		push(&a, &ret, strdup("-e"));
		push(&a, &ret, strdup(v[i]));
	}
	if (r->family == 6)
		push(&a, &ret, strdup(r->ifname));
	if (ret) {
		strv_free(a);
		strv_free(e);
		return ret;
	}
	*argv = a;
	*env = e;
	return 0;
}

/* Whether "NAME=..." kv names a variable that add sets too. */
static bool overridden(const char *kv, char *const *add)
{
	size_t n = strcspn(kv, "=");
	size_t i;

	for (i = 0; add[i]; i++)
		if (!strncmp(add[i], kv, n) && add[i][n] == '=')
			return true;
	return false;
}

/*
 * Start the client with an empty signal mask and default handlers: a
 * daemon that takes SIGTERM through a signalfd has it blocked, and the
 * client must still die of it. It reads nothing (stdin is /dev/null) and
 * inherits none of the daemon's descriptors beyond stdout and stderr, so
 * that it can hold no client's socket or mounted disk open.
 */
static int spawn(pid_t *pid, char **argv, char **envp)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int ret;

	sigemptyset(&none);
	sigfillset(&all);
	ret = posix_spawn_file_actions_init(&fa);
	if (ret)
		return -ret;
	ret = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!ret)
		ret = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	if (ret) {
		posix_spawn_file_actions_destroy(&fa);
		return -ret;
	}
	ret = posix_spawnattr_init(&attr);
	if (ret) {
		posix_spawn_file_actions_destroy(&fa);
		return -ret;
	}
	ret = posix_spawnattr_setsigmask(&attr, &none);
	if (!ret)
		ret = posix_spawnattr_setsigdefault(&attr, &all);
	if (!ret)
		ret = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
					       POSIX_SPAWN_SETSIGDEF);
	if (!ret)
		ret = posix_spawnp(pid, argv[0], &fa, &attr, argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return -ret;
}

/* dhcpcd's config file, written whole (renamed into place). */
static int write_conf(const struct dhcp_request *r)
{
	char *path = dhcp_conf_path(r), *text = dhcp_dhcpcd_conf(r);
	char *tmp = path ? str_printf("%s.%d", path, (int)getpid()) : NULL;
	const char *dir = r->lease_dir ? r->lease_dir : DHCP_LEASE_DIR_DEFAULT;
	size_t n = text ? strlen(text) : 0;
	int fd = -1, ret = -ENOMEM;

	if (!path || !text || !tmp)
		goto out;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		ret = -errno;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	ret = write(fd, text, n) == (ssize_t)n ? 0 : -EIO;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
out:
	free(path);
	free(text);
	free(tmp);
	return ret;
}

int dhcp_start(const struct dhcp_request *r, pid_t *pid)
{
	char **argv = NULL, **add = NULL, **envp = NULL;
	size_t i;
	int ret;

	ret = dhcp_command(r, &argv, &add);
	if (!ret && r->family == 6)
		ret = write_conf(r);
	if (ret) {
		strv_free(argv);
		strv_free(add);
		return ret;
	}
	/* this environment, less what the hook's variables replace */
	for (i = 0; !ret && environ[i]; i++)
		if (!overridden(environ[i], add))
			ret = strv_push(&envp, strdup(environ[i]));
	for (i = 0; !ret && add[i]; i++)
		ret = strv_push(&envp, strdup(add[i]));
	if (!ret)
		ret = spawn(pid, argv, envp);
	strv_free(argv);
	strv_free(add);
	strv_free(envp);
	return ret;
}

int dhcp_release(pid_t pid, int family)
{
	/* udhcpc: SIGUSR2; dhcpcd: SIGALRM (SIGUSR2 reopens its log) */
	return kill(pid, family == 6 ? SIGALRM : SIGUSR2) < 0 ? -errno : 0;
}

int dhcp_stop(pid_t pid)
{
	return kill(pid, SIGTERM) < 0 ? -errno : 0;
}

/* Does pid catch sig (a handler set)? -errno when /proc does not say. */
static int catches(pid_t pid, int sig)
{
	char path[64], line[128];
	unsigned long long mask;
	int ret = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigCgt: %llx", &mask) == 1) {
			ret = !!(mask & (1ULL << (sig - 1)));
			break;
		}
	fclose(f);
	return ret;
}

int dhcp_renew(pid_t pid)
{
	int ret = catches(pid, SIGUSR1);

	if (ret < 0)
		return ret;
	if (!ret)
		return -EAGAIN;
	return kill(pid, SIGUSR1) < 0 ? -errno : 0;
}

char *dhcp_lease_path(const struct dhcp_request *r)
{
	return str_printf("%s/%s.v%d",
			  r->lease_dir ? r->lease_dir : DHCP_LEASE_DIR_DEFAULT,
			  r->ifname, r->family);
}

char *dhcp_failure_path(const struct dhcp_request *r)
{
	return str_printf("%s/.%s.v%d.fail",
			  r->lease_dir ? r->lease_dir : DHCP_LEASE_DIR_DEFAULT,
			  r->ifname, r->family);
}

int dhcp_read_failure(const struct dhcp_request *r, char *why, size_t len,
		      time_t *when)
{
	char *path = dhcp_failure_path(r), ev[32];
	struct stat st;
	ssize_t n;
	int fd;

	if (!path)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd < 0)
		return -errno;
	n = fstat(fd, &st) ? -1 : read(fd, ev, sizeof(ev) - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	ev[n] = '\0';
	ev[strcspn(ev, "\n")] = '\0';
	if (streq(ev, "leasefail"))
		snprintf(why, len, "no DHCP server answered");
	else if (streq(ev, "nak"))
		snprintf(why, len,
			 "the DHCP server refused the address asked for (NAK)");
	else
		return -EINVAL;
	*when = st.st_mtime;
	return 0;
}

int dhcp_read_lease(const char *path, struct lease **out, char **err)
{
	char *buf = NULL;
	struct stat st;
	ssize_t n;
	int fd, ret;

	if (err)
		*err = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out;
	}
	ret = -EFBIG;
	if (st.st_size > DHCP_LEASE_FILE_MAX)
		goto out;
	ret = -ENOMEM;
	buf = malloc(DHCP_LEASE_FILE_MAX + 1);
	if (!buf)
		goto out;
	n = read(fd, buf, DHCP_LEASE_FILE_MAX + 1);
	if (n < 0)
		ret = -errno;
	else if (n > DHCP_LEASE_FILE_MAX)
		ret = -EFBIG;
	else
		ret = lease_parse_buffer(buf, n, '\0', 0, out, err);
out:
	free(buf);
	close(fd);
	return ret;
}
