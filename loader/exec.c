/*
 * exec.c: the last steps of a boot: unloading a loaded kernel, putting the
 * consoles back to a sane state, and reboot(LINUX_REBOOT_CMD_KEXEC).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/util.h"
#include "loader/loader.h"

/* Unload one slot: kexec_file_load's, else kexec_load's way. */
static int unload(bool crash)
{
	int err;

	if (!syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL,
		     (unsigned long)(KEXEC_FILE_UNLOAD |
				     (crash ? KEXEC_FILE_ON_CRASH : 0))))
		return 0;
	err = errno;
	if (err != ENOSYS && err != EINVAL)
		return -err;
	if (!syscall(SYS_kexec_load, 0UL, 0UL, NULL,
		     (unsigned long)(KEXEC_ARCH_DEFAULT |
				     (crash ? KEXEC_ON_CRASH : 0))))
		return 0;
	return -errno;
}

int loader_unload(void)
{
	return unload(false);
}

int loader_unload_crash(void)
{
	return unload(true);
}

/*
 * Leave the alternate screen, default colours and character set, cursor
 * visible, screen cleared: a menu killed mid-draw leaves nothing behind.
 * Cheap on a serial line, unlike a full reset (ESC c).
 */
static const char sane_seq[] =
	"\033[?1049l\033[0m\017\033(B\033[?25h\033[H\033[J\r";

int loader_restore_console(int fd)
{
	struct termios t;

	if (!isatty(fd))
		return errno == EBADF ? -EBADF : 0;
	if (!tcgetattr(fd, &t)) {
		t.c_iflag |= ICRNL | IXON;
		t.c_iflag &= ~(tcflag_t)(INLCR | IGNCR);
		t.c_oflag |= OPOST | ONLCR;
		t.c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN;
		if (tcsetattr(fd, TCSADRAIN, &t))
			return -EIO;
	}
	if (fd_write_full(fd, sane_seq, sizeof(sane_seq) - 1))
		return -EIO;
	return 0;
}

/* The terminal device behind fd (for /dev/console: the real one). */
static dev_t tty_dev(int fd)
{
	struct stat st;
	unsigned int dev;

	if (ioctl(fd, TIOCGDEV, &dev) == 0)
		return (dev_t)dev;
	if (fstat(fd, &st) == 0)
		return st.st_rdev;
	return 0;
}

/* Restore each distinct console once: stdin, stdout, stderr, console. */
static void restore_consoles(void)
{
	dev_t seen[4];
	size_t n = 0, i;
	int fd, cfd;

	cfd = open("/dev/console", O_WRONLY | O_NOCTTY | O_NONBLOCK |
		   O_CLOEXEC);
	for (fd = 0; fd < 4; fd++) {
		int f = fd < 3 ? fd : cfd;
		dev_t d;

		if (f < 0 || !isatty(f))
			continue;
		d = tty_dev(f);
		for (i = 0; i < n && seen[i] != d; i++)
			;
		if (i < n)
			continue;
		seen[n++] = d;
		loader_restore_console(f);
	}
	if (cfd >= 0)
		close(cfd);
}

/* Longest wait for a log terminal to send the last lines (flow control). */
#define LOADER_LOG_DRAIN_MS 2000

static void log_boot(const struct load_result *res)
{
	size_t i;

	if (!res || !res->kernel) {
		log_info("starting the loaded kernel");
		return;
	}
	log_info("starting %s kernel %s (%s)", res->arch ? res->arch : "",
		 res->kernel, res->method == LOAD_METHOD_SEGMENTS ?
		 "kexec_load" : "kexec_file_load");
	for (i = 0; res->initrds && res->initrds[i]; i++)
		log_info("  initrd %s", res->initrds[i]);
	if (res->dtb)
		log_info("  device tree %s", res->dtb);
	log_info("  command line \"%s\"", res->cmdline ? res->cmdline : "");
}

int loader_exec(const struct load_result *res)
{
	restore_consoles();
	log_boot(res);
	log_drain(LOADER_LOG_DRAIN_MS);	/* a log terminal gets every line */
	sync();
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	return -errno;
}
