/* arena.c: bump allocation for the AST of one parsed unit, freed at once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

#define CHUNK_MIN	256
#define CHUNK_MAX	(64u << 10)
#define ALIGN		sizeof(void *)	/* the AST holds pointers, ints */

struct g2_chunk {
	struct g2_chunk *next;
	size_t size, used;
	void *data[];
};

/* n bytes at a multiple of align (a power of two), not zeroed. */
static void *bump(struct g2_arena *a, size_t n, size_t align)
{
	struct g2_chunk *c = a->head;
	size_t size, at = 0;

	if (c)
		at = (c->used + align - 1) & ~(align - 1);
	if (!c || at > c->size || c->size - at < n) {
		size = n > CHUNK_MIN / 2 ? n : CHUNK_MIN;
		if (c && c->size * 2 > size && c->size < CHUNK_MAX)
			size = c->size * 2;
		if (a->budget && *a->budget + size > G2_MAX_AST_BYTES)
			return NULL;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->next = a->head;
		a->head = c;
		a->bytes += size;
		if (a->budget)
			*a->budget += size;
		at = 0;
	}
	c->used = at + n;
	return (char *)c->data + at;
}

void *g2_alloc(struct g2_arena *a, size_t n)
{
	void *p = bump(a, n ? n : 1, ALIGN);

	if (p)
		memset(p, 0, n);
	return p;
}

char *g2_strndup(struct g2_arena *a, const char *s, size_t n)
{
	char *d = bump(a, n + 1, 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void g2_arena_reset(struct g2_arena *a)
{
	struct g2_chunk *c, *next;
	size_t freed = 0;

	if (!a->head)
		return;
	for (c = a->head->next; c; c = next) {
		next = c->next;
		freed += c->size;
		free(c);
	}
	a->head->next = NULL;
	a->head->used = 0;
	a->bytes -= freed;
	if (a->budget)
		*a->budget -= freed;
}

void g2_arena_free(struct g2_arena *a)
{
	struct g2_chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	if (a->budget)
		*a->budget -= a->bytes;
	a->head = NULL;
	a->bytes = 0;
}
