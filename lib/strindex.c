/* strindex.c: a uthash index of a vector's string keys (strindex.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"
#include "lib/strindex.h"

void str_index_clear(struct str_index *ix)
{
	HASH_CLEAR(hh, ix->head);
	free(ix->slots);
	ix->slots = NULL;
	ix->valid = false;
}

int str_index_build(struct str_index *ix, const struct vec *v,
		    const char *(*key)(const void *elem))
{
	struct str_index_slot *s, *found;
	size_t i, n = 0;
	unsigned int before;

	str_index_clear(ix);
	ix->slots = calloc(v->n ? v->n : 1, sizeof(*ix->slots));
	if (!ix->slots)
		return -ENOMEM;
	for (i = 0; i < v->n; i++) {
		const char *k = key(v->v[i]);

		if (!k)
			continue;
		HASH_FIND_STR(ix->head, k, found);
		if (found)
			continue;	/* the first one wins */
		s = &ix->slots[n++];
		s->key = k;
		s->at = i;
		before = HASH_COUNT(ix->head);
		HASH_ADD_KEYPTR(hh, ix->head, s->key, strlen(s->key), s);
		if (!HASH_ADDED(ix->head, before)) {
			str_index_clear(ix);
			return -ENOMEM;
		}
	}
	ix->valid = true;
	return 0;
}

ssize_t str_index_find(const struct str_index *ix, const char *key)
{
	struct str_index_slot *s;

	if (!ix->valid || !key)
		return -1;
	HASH_FIND_STR(ix->head, key, s);
	return s ? (ssize_t)s->at : -1;
}
