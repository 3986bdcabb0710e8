/* array.c: growing arrays of fixed-size elements (lib/array.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"

#define ARRAY_MIN_CAP	16

int array_reserve(void *elems, size_t *cap, size_t want, size_t size)
{
	size_t ncap = *cap;
	void *old, *p;

	if (want <= *cap)
		return 0;
	if (!size || want > SIZE_MAX / size)
		return -EOVERFLOW;
	ncap = ncap > SIZE_MAX / 2 ? SIZE_MAX : ncap * 2;
	if (ncap < ARRAY_MIN_CAP)
		ncap = ARRAY_MIN_CAP;
	if (ncap < want)
		ncap = want;
	if (ncap > SIZE_MAX / size)
		ncap = want;	/* doubling would overflow: just enough */
	/* the owner's T * read and written as bytes: any T, no aliasing */
	memcpy(&old, elems, sizeof(old));
	p = realloc(old, ncap * size);
	if (!p)
		return -ENOMEM;
	memcpy(elems, &p, sizeof(p));
	*cap = ncap;
	return 0;
}
