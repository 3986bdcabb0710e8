/*
 * mem.c: sets of physical address ranges (sorted, disjoint, merged) and a
 * lowest-fit allocator over them, for placing kexec_load(2) segments.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/util.h"
#include "loader/loader-internal.h"

static int mem_map_insert(struct mem_map *m, size_t at, uint64_t start,
			  uint64_t end)
{
	if (ARRAY_RESERVE(m->r, m->cap, m->n + 1))
		return -ENOMEM;
	memmove(m->r + at + 1, m->r + at, (m->n - at) * sizeof(*m->r));
	m->r[at].start = start;
	m->r[at].end = end;
	m->n++;
	return 0;
}

int mem_map_add(struct mem_map *m, uint64_t start, uint64_t end)
{
	size_t i, j;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	/* first range that ends at or after start (touching merges) */
	for (i = 0; i < m->n && m->r[i].end < start; i++)
		;
	if (i == m->n || m->r[i].start > end)
		return mem_map_insert(m, i, start, end);
	/* merge every range from i that starts at or before end */
	for (j = i; j + 1 < m->n && m->r[j + 1].start <= end; j++)
		;
	m->r[i].start = MIN(m->r[i].start, start);
	m->r[i].end = MAX(m->r[j].end, end);
	memmove(m->r + i + 1, m->r + j + 1, (m->n - j - 1) * sizeof(*m->r));
	m->n -= j - i;
	return 0;
}

int mem_map_remove(struct mem_map *m, uint64_t start, uint64_t end)
{
	size_t i = 0;

	if (end <= start)
		return 0;
	while (i < m->n) {
		struct mem_range *r = &m->r[i];

		if (r->end <= start || r->start >= end) {
			i++;
			continue;
		}
		if (r->start < start && r->end > end) {
			/* split in two */
			uint64_t old_end = r->end;

			r->end = start;
			return mem_map_insert(m, i + 1, end, old_end);
		}
		if (r->start < start) {
			r->end = start;
			i++;
		} else if (r->end > end) {
			r->start = end;
			i++;
		} else {
			memmove(r, r + 1, (m->n - i - 1) * sizeof(*r));
			m->n--;
		}
	}
	return 0;
}

bool mem_map_contains(const struct mem_map *m, uint64_t start, uint64_t end)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].start <= start && end <= m->r[i].end)
			return true;
	return false;
}

int mem_map_alloc(struct mem_map *m, uint64_t size, uint64_t align,
		  uint64_t min, uint64_t max, uint64_t *addr)
{
	size_t i;

	if (!size || !align || (align & (align - 1)))
		return -EINVAL;
	for (i = 0; i < m->n; i++) {
		uint64_t a = MAX(m->r[i].start, min);

		if (a > UINT64_MAX - align)
			break;
		a = align_up(a, align);
		if (a < m->r[i].start || a >= m->r[i].end ||
		    m->r[i].end - a < size)
			continue;
		if (max && (a > max || max - a < size))
			break;	/* ranges are sorted: the rest are higher */
		*addr = a;
		return mem_map_remove(m, a, a + size);
	}
	return -EADDRNOTAVAIL;
}

int mem_map_copy(struct mem_map *dst, const struct mem_map *src)
{
	memset(dst, 0, sizeof(*dst));
	if (!src->n)
		return 0;
	if (ARRAY_RESERVE(dst->r, dst->cap, src->n))
		return -ENOMEM;
	memcpy(dst->r, src->r, src->n * sizeof(*src->r));
	dst->n = src->n;
	return 0;
}

uint64_t mem_map_total(const struct mem_map *m)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < m->n; i++)
		total += m->r[i].end - m->r[i].start;
	return total;
}

void mem_map_free(struct mem_map *m)
{
	if (!m)
		return;
	free(m->r);
	memset(m, 0, sizeof(*m));
}
