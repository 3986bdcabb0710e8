/* store-internal.h: the store backends behind board.h, and their table. */
#ifndef BATON_BOARD_STORE_INTERNAL_H
#define BATON_BOARD_STORE_INTERNAL_H

#include <stddef.h>

struct board_store_ops {
	const char *name;	/* the spec's prefix: "file", "label", "efi" */
	/* arg: what follows "name:" in the spec (ops may supply a default) */
	int (*load)(const char *arg, char **text);
	int (*save)(const char *arg, const char *text);
	const char *default_arg;
};

struct board_store {
	const struct board_store_ops *ops;
	char *arg;
	char *desc;
};

extern const struct board_store_ops board_store_file;
extern const struct board_store_ops board_store_label;
extern const struct board_store_ops board_store_efi;

/* store-file.c: whole-file helpers shared by the backends. */
int store_read_file(int dirfd, const char *path, size_t max, char **buf,
		    size_t *len);
int store_write_file(const char *dir, const char *name, const char *text);

/* store-label.c: the device holding the label, or -ENOENT. */
int store_find_label(const char *label, char *dev, size_t len,
		     char *fstype, size_t flen);

#endif
