/* array.h: growable arrays of fixed-size elements (structs, cells). */
#ifndef BATON_LIB_ARRAY_H
#define BATON_LIB_ARRAY_H

#include <stddef.h>

/*
 * The element-typed sibling of struct vec (lib/util.h), for arrays of
 * values rather than pointers: a memory map's ranges, e820 entries, a
 * device tree's cells. The array stays typed in its owner's struct
 * (T *v; size_t n, cap;) and indexes as usual; only its growth is here.
 *
 * array_reserve: make room for want elements of size bytes each in the
 * array *elems (a T **, passed as void *) of capacity *cap elements,
 * doubling (at least 16). Returns 0, -ENOMEM or -EOVERFLOW (want * size
 * does not fit); *elems and *cap are unchanged on failure, and the
 * elements already there stay.
 */
int array_reserve(void *elems, size_t *cap, size_t want, size_t size);

/* ARRAY_RESERVE(p, cap, want): array_reserve for T *p and size_t cap. */
#define ARRAY_RESERVE(p, cap, want) \
	array_reserve(&(p), &(cap), (want), sizeof(*(p)))

#endif
