/* store-internal.h: the store backends behind board.h, and their table. */
#ifndef BATON_BOARD_STORE_INTERNAL_H
#define BATON_BOARD_STORE_INTERNAL_H

#include <stddef.h>

struct board_store_ops {
	const char *name;	/* the spec's prefix: "file", "label", "efi" */
	/*
	 * arg: what follows "name:" in the spec (ops may supply a default);
	 * dev: (label stores) the device discovery found it on, or NULL
	 */
	int (*load)(const char *arg, const char *dev, char **text);
	int (*save)(const char *arg, const char *dev, const char *text);
	const char *default_arg;
};

struct board_store {
	const struct board_store_ops *ops;
	char *arg;
	char *dev;		/* "/dev/vdb1" when known, else NULL */
	char *desc;
};

extern const struct board_store_ops board_store_file;
extern const struct board_store_ops board_store_label;
extern const struct board_store_ops board_store_efi;

/* store-file.c: whole-file helpers shared by the backends. */
int store_read_file(int dirfd, const char *path, size_t max, char **buf,
		    size_t *len);
int store_write_file(const char *dir, const char *name, const char *text);

/* store.c: a store of backend ops on arg; dev: its device, or NULL. */
int store_open(const struct board_store_ops *ops, const char *arg,
	       const char *dev, struct board_store **out);

/* store-label.c: the device holding the label, or -ENOENT. */
int store_find_label(const char *label, char *dev, size_t len,
		     char *fstype, size_t flen);

#endif
