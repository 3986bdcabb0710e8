/* arena.c: bump allocation for the AST of one parsed unit, freed at once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

#define CHUNK_MIN	256

struct g2_chunk {
	struct g2_chunk *next;
	size_t size, used;
	max_align_t data[];
};

void *g2_alloc(struct g2_arena *a, size_t n)
{
	struct g2_chunk *c = a->head;
	size_t size;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!n)
		n = sizeof(max_align_t);
	if (!c || c->size - c->used < n) {
		size = n > CHUNK_MIN / 2 ? n : CHUNK_MIN;
		if (c && c->size * 2 > size && c->size < (64u << 10))
			size = c->size * 2;
		if (a->budget && *a->budget + size > G2_MAX_AST_BYTES)
			return NULL;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->bytes += size;
		if (a->budget)
			*a->budget += size;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *g2_strndup(struct g2_arena *a, const char *s, size_t n)
{
	char *d = g2_alloc(a, n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
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
