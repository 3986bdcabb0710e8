/* util.c: string vectors, pointer vectors and small string helpers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/util.h"

bool str_endswith(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *str_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *str_ndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *str_printf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	return r < 0 ? NULL : p;
}

char *str_cat(const char *const *v, size_t n)
{
	size_t i, len = 0, at = 0, l;
	char *p;

	for (i = 0; i < n; i++)
		len += strlen(v[i]);
	p = malloc(len + 1);
	if (!p)
		return NULL;
	for (i = 0; i < n; i++) {
		l = strlen(v[i]);
		memcpy(p + at, v[i], l);
		at += l;
	}
	p[at] = '\0';
	return p;
}

int vec_push(struct vec *vec, void *p)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 8;
		void **v = realloc(vec->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		vec->v = v;
		vec->cap = cap;
	}
	vec->v[vec->n++] = p;
	return 0;
}

int vec_insert(struct vec *vec, size_t at, void *p)
{
	if (vec_push(vec, p))
		return -ENOMEM;
	memmove(vec->v + at + 1, vec->v + at,
		(vec->n - 1 - at) * sizeof(void *));
	vec->v[at] = p;
	return 0;
}

void *vec_remove(struct vec *vec, size_t at)
{
	void *p = vec->v[at];

	memmove(vec->v + at, vec->v + at + 1,
		(vec->n - at - 1) * sizeof(void *));
	vec->n--;
	return p;
}

void vec_free(struct vec *vec, void (*free_elem)(void *))
{
	size_t i;

	if (free_elem)
		for (i = 0; i < vec->n; i++)
			free_elem(vec->v[i]);
	free(vec->v);
	vec->v = NULL;
	vec->n = vec->cap = 0;
}

size_t strv_len(char *const *strv)
{
	size_t n = 0;

	while (strv && strv[n])
		n++;
	return n;
}

int ptrv_push(void ***ptrv, void *p)
{
	size_t n = 0;
	void **v;

	while (*ptrv && (*ptrv)[n])
		n++;
	v = realloc(*ptrv, (n + 2) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[n] = p;
	v[n + 1] = NULL;
	*ptrv = v;
	return 0;
}

int strv_push(char ***strv, char *s)
{
	if (!s || ptrv_push((void ***)strv, s)) {
		free(s);
		return -ENOMEM;
	}
	return 0;
}

void strv_free(char **strv)
{
	size_t i;

	for (i = 0; strv && strv[i]; i++)
		free(strv[i]);
	free(strv);
}

char **strv_dup(char *const *strv)
{
	size_t i, n = strv_len(strv);
	char **v = calloc(n + 1, sizeof(*v));

	if (!v)
		return NULL;
	for (i = 0; i < n; i++) {
		v[i] = strdup(strv[i]);
		if (!v[i]) {
			strv_free(v);
			return NULL;
		}
	}
	return v;
}
