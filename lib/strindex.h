/*
 * strindex.h: finding an element of a vector (lib/util.h) by a string key
 * in constant time: a uthash index of the keys over their positions. The
 * keys stay the elements' own strings, so the index is invalidated
 * whenever the vector or a key changes, and built again when next needed.
 */
#ifndef BATON_LIB_STRINDEX_H
#define BATON_LIB_STRINDEX_H

#include <stdbool.h>
#include <sys/types.h>

#include "lib/hash.h"
#include "lib/util.h"

struct str_index_slot {
	const char *key;	/* the element's own string */
	size_t at;		/* its position in the vector */
	UT_hash_handle hh;
};

struct str_index {
	struct str_index_slot *head;	/* the uthash table */
	struct str_index_slot *slots;	/* one allocation for every slot */
	bool valid;		/* built, and nothing changed since */
};

/*
 * Index v by key(element) (elements whose key is NULL are left out; of
 * equal keys the first in the vector wins, as a search from the start
 * finds it). 0, or -ENOMEM (then the index is not valid).
 */
int str_index_build(struct str_index *ix, const struct vec *v,
		    const char *(*key)(const void *elem));
/* The position of key in the vector indexed; -1: none (or not valid). */
ssize_t str_index_find(const struct str_index *ix, const char *key);
/* The vector changed: forget everything (built again on demand). */
void str_index_clear(struct str_index *ix);

#endif
