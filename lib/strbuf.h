/* strbuf.h: a growable, always NUL-terminated string buffer. */
#ifndef BATON_LIB_STRBUF_H
#define BATON_LIB_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/*
 * An allocation failure is sticky: the buffer stops growing and err is set
 * to -ENOMEM, so a caller can append many pieces and check once at the end.
 */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	int err;
};

#define STRBUF_INIT { NULL, 0, 0, 0 }

/* sb_add() when the bytes do not fit: grows the buffer first. */
void sb_add_grow(struct strbuf *sb, const char *s, size_t n);

/* Appends are inline while they fit: lexers and printers add by bytes. */
static inline void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->err || n >= sb->cap - sb->len) {
		sb_add_grow(sb, s, n);
		return;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void sb_addc(struct strbuf *sb, char c)
{
	if (sb->err || sb->cap - sb->len < 2) {
		sb_add_grow(sb, &c, 1);
		return;
	}
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

/*
 * Make the buffer n bytes longer and return where those n bytes start, for
 * the caller to fill (the NUL after them is written); NULL when an
 * allocation failed (err is set, nothing changes). For writers that know
 * a piece's size before they make it (json-text.c).
 */
char *sb_extend_grow(struct strbuf *sb, size_t n);

static inline char *sb_extend(struct strbuf *sb, size_t n)
{
	char *p;

	if (sb->err || n >= sb->cap - sb->len)
		return sb_extend_grow(sb, n);
	p = sb->buf + sb->len;
	sb->len += n;
	p[n] = '\0';
	return p;
}

void sb_adds(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);
/* The string (never NULL: "" when empty); still owned by sb. */
const char *sb_str(const struct strbuf *sb);
/* Hand the string to the caller (NULL if an allocation failed). */
char *sb_detach(struct strbuf *sb);
void sb_release(struct strbuf *sb);

#endif
