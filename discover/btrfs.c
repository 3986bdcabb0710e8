/* btrfs.c: btrfs subvolumes that hold /boot, read with TREE_SEARCH. */
#include <endian.h>
#include <errno.h>
#include <linux/btrfs.h>
#include <linux/btrfs_tree.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "discover/btrfs.h"
#include "lib/array.h"
#include "lib/util.h"

#define BTRFS_PATH_DEPTH_MAX	16

/* One ROOT_BACKREF: subvolume id lives in directory dirid of parent. */
struct backref {
	uint64_t id, parent, dirid;
	char *name;
	char *path;	/* resolved, or NULL */
	bool busy;	/* on the resolution stack: a cycle */
};

struct list {
	struct backref *v;
	size_t n, cap;
};

typedef int (*item_fn)(void *ctx, const struct btrfs_ioctl_search_header *sh,
		       const void *item);

/* Step the search key just past the item sh describes. */
static bool advance(struct btrfs_ioctl_search_key *sk,
		    const struct btrfs_ioctl_search_header *sh)
{
	sk->min_objectid = sh->objectid;
	sk->min_type = sh->type;
	sk->min_offset = sh->offset;
	if (sk->min_offset < (uint64_t)-1) {
		sk->min_offset++;
	} else if (sk->min_type < 255) {
		sk->min_type++;
		sk->min_offset = 0;
	} else if (sk->min_objectid < (uint64_t)-1) {
		sk->min_objectid++;
		sk->min_type = 0;
		sk->min_offset = 0;
	} else {
		return false;
	}
	return true;
}

/* Call fn for every item of key range sk (at most max items). */
static int search(int fd, struct btrfs_ioctl_search_key *key, size_t max,
		  item_fn fn, void *ctx)
{
	struct btrfs_ioctl_search_args args;
	struct btrfs_ioctl_search_header sh;
	size_t seen = 0, off;
	unsigned i;
	int ret;

	memset(&args, 0, sizeof(args));
	args.key = *key;
	for (;;) {
		args.key.nr_items = 4096;
		if (ioctl(fd, BTRFS_IOC_TREE_SEARCH, &args) < 0)
			return -errno;
		if (args.key.nr_items == 0)
			return 0;
		for (i = 0, off = 0; i < args.key.nr_items; i++) {
			if (off + sizeof(sh) > sizeof(args.buf))
				return -EIO;
			memcpy(&sh, args.buf + off, sizeof(sh));
			off += sizeof(sh);
			if (off + sh.len > sizeof(args.buf))
				return -EIO;
			ret = fn(ctx, &sh, args.buf + off);
			if (ret)
				return ret < 0 ? ret : 0;
			off += sh.len;
			if (++seen >= max)
				return 0;
		}
		if (!advance(&args.key, &sh))
			return 0;
	}
}

static int add_backref(void *ctx, const struct btrfs_ioctl_search_header *sh,
		       const void *item)
{
	struct list *l = ctx;
	struct btrfs_root_ref ref;
	struct backref *b;
	size_t len;

	if (sh->type != BTRFS_ROOT_BACKREF_KEY || sh->len < sizeof(ref))
		return 0;
	memcpy(&ref, item, sizeof(ref));
	len = le16toh(ref.name_len);
	if (len == 0 || len > sh->len - sizeof(ref))
		return 0;
	if (ARRAY_RESERVE(l->v, l->cap, l->n + 1))
		return -ENOMEM;
	b = &l->v[l->n];
	memset(b, 0, sizeof(*b));
	b->id = sh->objectid;
	b->parent = sh->offset;
	b->dirid = le64toh(ref.dirid);
	b->name = str_ndup((const char *)item + sizeof(ref), len);
	if (!b->name)
		return -ENOMEM;
	l->n++;
	return 0;
}

static struct backref *find(struct list *l, uint64_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

/* "dir/" of dirid inside subvolume tree, "" for its root (may be NULL). */
static char *dir_path(int fd, uint64_t tree, uint64_t dirid)
{
	struct btrfs_ioctl_ino_lookup_args args;

	if (dirid == BTRFS_FIRST_FREE_OBJECTID)
		return strdup("");
	memset(&args, 0, sizeof(args));
	args.treeid = tree;
	args.objectid = dirid;
	if (ioctl(fd, BTRFS_IOC_INO_LOOKUP, &args) < 0)
		return NULL;
	args.name[sizeof(args.name) - 1] = '\0';
	return strdup(args.name);
}

/* The path of b from the top level; NULL for a cycle or a lookup error. */
static const char *resolve(int fd, struct list *l, struct backref *b,
			   int depth)
{
	struct backref *parent;
	const char *ppath = "";
	char *dir;

	if (b->path || b->busy || depth > BTRFS_PATH_DEPTH_MAX)
		return b->path;
	if (strchr(b->name, '/') || streq(b->name, ".") || streq(b->name, ".."))
		return NULL;	/* not a name a sane filesystem holds */
	b->busy = true;
	if (b->parent != BTRFS_FS_TREE_OBJECTID) {
		parent = find(l, b->parent);
		ppath = parent ? resolve(fd, l, parent, depth + 1) : NULL;
	}
	dir = ppath ? dir_path(fd, b->parent, b->dirid) : NULL;
	if (dir)
		b->path = str_printf("%s%s%s%s", ppath, *ppath ? "/" : "",
				     dir, b->name);
	free(dir);
	b->busy = false;
	return b->path;
}

static int find_boot(void *ctx, const struct btrfs_ioctl_search_header *sh,
		     const void *item)
{
	bool *found = ctx;
	struct btrfs_dir_item di;

	if (sh->type != BTRFS_DIR_INDEX_KEY || sh->len < sizeof(di))
		return 0;
	memcpy(&di, item, sizeof(di));
	if (le16toh(di.name_len) == 4 && sh->len >= sizeof(di) + 4 &&
	    !memcmp((const char *)item + sizeof(di), "boot", 4) &&
	    di.type == BTRFS_FT_DIR) {
		*found = true;
		return 1;	/* stop */
	}
	return 0;
}

/* Does the root directory of subvolume tree hold a directory "boot"? */
static bool holds_boot(int fd, uint64_t tree)
{
	struct btrfs_ioctl_search_key key = {
		.tree_id = tree,
		.min_objectid = BTRFS_FIRST_FREE_OBJECTID,
		.max_objectid = BTRFS_FIRST_FREE_OBJECTID,
		.min_type = BTRFS_DIR_INDEX_KEY,
		.max_type = BTRFS_DIR_INDEX_KEY,
		.max_offset = (uint64_t)-1,
		.max_transid = (uint64_t)-1,
	};
	bool found = false;

	search(fd, &key, 4096, find_boot, &found);
	return found;
}

/* The subvolume (tree) that fd is in. */
static int own_tree(int fd, uint64_t *tree)
{
	struct btrfs_ioctl_ino_lookup_args args;

	memset(&args, 0, sizeof(args));
	args.objectid = BTRFS_FIRST_FREE_OBJECTID;
	if (ioctl(fd, BTRFS_IOC_INO_LOOKUP, &args) < 0)
		return -errno;
	*tree = args.treeid;
	return 0;
}

static int pick(int fd, struct list *l, uint64_t own, size_t max,
		struct btrfs_subvol *out, size_t *n, size_t *more)
{
	const char *path;
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct backref *b = &l->v[i];

		if (b->id == own || !holds_boot(fd, b->id))
			continue;
		path = resolve(fd, l, b, 0);
		if (!path)
			continue;
		if (*n == max) {
			(*more)++;
			continue;
		}
		out[*n].id = b->id;
		out[*n].path = strdup(path);
		if (!out[*n].path)
			return -ENOMEM;
		(*n)++;
	}
	return 0;
}

int btrfs_boot_subvols(int fd, size_t max, struct btrfs_subvol **subvols,
		       size_t *n, size_t *more)
{
	struct btrfs_ioctl_search_key key = {
		.tree_id = BTRFS_ROOT_TREE_OBJECTID,
		.min_objectid = BTRFS_FIRST_FREE_OBJECTID,
		.max_objectid = BTRFS_LAST_FREE_OBJECTID,
		.min_type = BTRFS_ROOT_BACKREF_KEY,
		.max_type = BTRFS_ROOT_BACKREF_KEY,
		.max_offset = (uint64_t)-1,
		.max_transid = (uint64_t)-1,
	};
	struct list l = { 0 };
	struct btrfs_subvol *out;
	uint64_t own;
	size_t i;
	int ret;

	*n = *more = 0;
	*subvols = NULL;
	ret = own_tree(fd, &own);
	if (ret)
		return ret;
	ret = search(fd, &key, BTRFS_SUBVOLS_MAX * 3, add_backref, &l);
	out = calloc(max ? max : 1, sizeof(*out));
	if (!ret && !out)
		ret = -ENOMEM;
	if (!ret)
		ret = pick(fd, &l, own, max, out, n, more);
	for (i = 0; i < l.n; i++) {
		free(l.v[i].name);
		free(l.v[i].path);
	}
	free(l.v);
	if (ret) {
		btrfs_subvols_free(out, *n);
		*n = 0;
		return ret;
	}
	*subvols = out;
	return 0;
}

void btrfs_subvols_free(struct btrfs_subvol *subvols, size_t n)
{
	size_t i;

	for (i = 0; subvols && i < n; i++)
		free(subvols[i].path);
	free(subvols);
}
