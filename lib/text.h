/* text.h: make untrusted text safe for a terminal (titles, paths, messages). */
#ifndef BATON_LIB_TEXT_H
#define BATON_LIB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Copy s into a new string where every C0/C1 control character and DEL is
 * (C1 as UTF-8) replaced by one '?', and every byte of invalid UTF-8 by
 * '?'. Valid
 * UTF-8 passes through. Returns NULL only when out of memory.
 */
char *text_sanitize(const char *s);

/* The same into a fixed buffer of size n (truncated, always terminated). */
void text_sanitize_into(char *dst, size_t n, const char *s);

/*
 * Length in bytes of the valid UTF-8 sequence at s (1-4), or 0 when s does
 * not start one (or len is too short).
 */
size_t text_utf8_seq(const unsigned char *s, size_t len);

/*
 * Replace, in place, every NUL byte and every byte of invalid UTF-8 of the
 * len bytes at s by '?' (a config's text made valid before it goes into
 * JSON); true if any was.
 */
bool text_fix_utf8(char *s, size_t len);

#endif
