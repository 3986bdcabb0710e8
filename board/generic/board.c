/*
 * board.c (generic): PCs and VMs: settings on the partition labelled
 * "baton" when discovery finds one, else in an EFI variable on EFI
 * machines.
 */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "board/board.h"
#include "board/store-internal.h"
#include "lib/util.h"

#define EFIVARFS_MAGIC 0xde5e81e4

static bool have_efivarfs(void)
{
	struct statfs sfs;

	if (!statfs(BOARD_EFIVARS_DIR, &sfs) &&
	    (unsigned long)sfs.f_type == EFIVARFS_MAGIC)
		return true;
	/* booted by UEFI, but nothing mounted efivarfs in the initramfs */
	if (access("/sys/firmware/efi", F_OK) ||
	    mount("efivarfs", BOARD_EFIVARS_DIR, "efivarfs",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return false;
	return !statfs(BOARD_EFIVARS_DIR, &sfs) &&
	       (unsigned long)sfs.f_type == EFIVARFS_MAGIC;
}

int board_partition_store(const struct source_info *si, const char *dev,
			  struct board_store **out)
{
	*out = NULL;
	if (!board_reserved_partition(si) || !dev)
		return -EINVAL;
	return store_open(&board_store_label, BOARD_CONFIG_LABEL, dev, out);
}

int board_fallback_store(struct board_store **out)
{
	*out = NULL;
	if (have_efivarfs())
		return board_store_open("efi", out);
	return 0;
}

bool board_reserved_partition(const struct source_info *si)
{
	return si && si->label && !strcasecmp(si->label, BOARD_CONFIG_LABEL);
}
