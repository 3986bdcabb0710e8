/* util.h: small helpers shared by every module (macros, string vectors). */
#ifndef BATON_LIB_UTIL_H
#define BATON_LIB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/*
 * IS_ENABLED(CONFIG_FOO): 1 when the Kconfig bool is set, else 0, usable in
 * plain C expressions so that disabled code is still compiled and checked.
 * A defined symbol expands to 1, which turns the placeholder into "0," and
 * shifts the 1 into the second argument slot.
 */
#define BATON_PLACEHOLDER_1 0,
#define BATON_SECOND(ignored, val, ...) val
#define BATON_IS_SET3(arg_or_junk) BATON_SECOND(arg_or_junk 1, 0, 0)
#define BATON_IS_SET2(val) BATON_IS_SET3(BATON_PLACEHOLDER_##val)
#define IS_ENABLED(option) BATON_IS_SET2(option)

static inline bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static inline bool str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_endswith(const char *s, const char *suffix);

/* strdup() that accepts NULL (returns NULL then). */
char *str_dup(const char *s);

/*
 * Growable array of pointers. The vector owns the array, not the elements
 * (unless a caller's free function says so). vec_push returns -ENOMEM on
 * failure and leaves the vector unchanged.
 */
struct vec {
	void **v;
	size_t n;
	size_t cap;
};

int vec_push(struct vec *vec, void *p);
/* Insert p before element at (at <= n): 0, or -ENOMEM (vector unchanged). */
int vec_insert(struct vec *vec, size_t at, void *p);
/* Take element at out of the vector (not freed) and return it. */
void *vec_remove(struct vec *vec, size_t at);
void vec_free(struct vec *vec, void (*free_elem)(void *));

/*
 * NULL-terminated pointer vectors (T **, passed as void ***): append p
 * before the NULL. 0, or -ENOMEM (vector unchanged, p not taken).
 */
int ptrv_push(void ***ptrv, void *p);

/*
 * NULL-terminated string vectors (char **). strv_push takes ownership of s
 * (freeing it on failure); strv_free accepts NULL.
 */
int strv_push(char ***strv, char *s);
size_t strv_len(char *const *strv);
void strv_free(char **strv);
char **strv_dup(char *const *strv);

/* A string of at most max bytes read from a NUL-free buffer, allocated. */
char *str_ndup(const char *s, size_t n);


/* printf into a new allocation; NULL on failure. */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The n strings of v one after the other, in a new allocation; NULL on
 * failure. What str_printf("%s%s", ...) gives, without parsing a format
 * (for the paths a parser builds per entry).
 */
char *str_cat(const char *const *v, size_t n);

#endif
