/*
 * store-efi.c: settings in one EFI variable, BatonConfig-GUID, through
 * efivarfs: a file whose first 4 bytes are the variable's attributes and
 * the rest its value (here the settings text). efivarfs marks variables
 * immutable; the flag is lifted just for the write.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "board/board.h"
#include "board/store-internal.h"
#include "lib/util.h"

#define EFI_VARIABLE_NON_VOLATILE	0x1
#define EFI_VARIABLE_BOOTSERVICE_ACCESS	0x2
#define EFI_VARIABLE_RUNTIME_ACCESS	0x4

static void var_path(const char *dir, char *path, size_t len)
{
	snprintf(path, len, "%s/%s-%s", dir, BOARD_EFI_VAR, BOARD_EFI_GUID);
}

static int efi_load(const char *dir, const char *dev, char **text)
{
	char path[PATH_MAX], *buf;
	size_t len;
	int ret;

	var_path(dir, path, sizeof(path));
	ret = store_read_file(AT_FDCWD, path, BOARD_STORE_MAX + 4, &buf, &len);
	if (ret)
		return ret;
	if (len < 4 || memchr(buf + 4, '\0', len - 4)) {
		free(buf);
		return -EINVAL;
	}
	memmove(buf, buf + 4, len - 4 + 1);
	*text = buf;
	return 0;
}

/* efivarfs files are immutable until told otherwise (not on plain dirs). */
static void make_mutable(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), flags;

	if (fd < 0)
		return;
	if (!ioctl(fd, FS_IOC_GETFLAGS, &flags) && (flags & FS_IMMUTABLE_FL)) {
		flags &= ~FS_IMMUTABLE_FL;
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

static int efi_save(const char *dir, const char *dev, const char *text)
{
	uint32_t attrs = EFI_VARIABLE_NON_VOLATILE |
			 EFI_VARIABLE_BOOTSERVICE_ACCESS |
			 EFI_VARIABLE_RUNTIME_ACCESS;
	size_t n = strlen(text);
	char path[PATH_MAX], *buf;
	ssize_t w;
	int fd, ret = 0;

	if (n > BOARD_STORE_MAX)
		return -EFBIG;
	var_path(dir, path, sizeof(path));
	make_mutable(path);
	if (!n)
		return unlink(path) && errno != ENOENT ? -errno : 0;
	buf = malloc(4 + n);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, &attrs, 4);	/* native byte order, as efivarfs wants */
	memcpy(buf + 4, text, n);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	/* one write: efivarfs sets the whole variable from it */
	w = write(fd, buf, 4 + n);
	if (w != (ssize_t)(4 + n))
		ret = w < 0 ? -errno : -EIO;
	/* a plain folder (tests) keeps old bytes past the end otherwise */
	if (!ret && ftruncate(fd, 4 + n) < 0) {
		/* efivarfs sizes the variable itself: nothing to do */
	}
	close(fd);
out:
	free(buf);
	return ret;
}

const struct board_store_ops board_store_efi = {
	.name = "efi",
	.load = efi_load,
	.save = efi_save,
	.default_arg = BOARD_EFIVARS_DIR,
};
