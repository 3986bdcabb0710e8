/* hash.h: uthash set up for baton: out of memory is an error, never exit. */
#ifndef BATON_LIB_HASH_H
#define BATON_LIB_HASH_H

/*
 * With HASH_NONFATAL_OOM, an HASH_ADD* that runs out of memory leaves the
 * table as it was instead of calling exit(). Callers see it by counting:
 *
 *	unsigned before = HASH_COUNT(head);
 *	HASH_ADD_KEYPTR(hh, head, key, len, item);
 *	if (!HASH_ADDED(head, before))
 *		return -ENOMEM;
 */
#define HASH_NONFATAL_OOM 1
/*
 * FNV-1a instead of uthash's default (Jenkins): the keys are short names
 * and paths, looked up once per command a GRUB script runs, where FNV
 * costs a third of the instructions.
 */
#define HASH_FUNCTION(keyptr, keylen, hashv) HASH_FNV(keyptr, keylen, hashv)
#include <uthash.h>

#define HASH_ADDED(head, before)	(HASH_COUNT(head) == (before) + 1)

#endif
