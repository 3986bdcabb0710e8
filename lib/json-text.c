/* json-text.c: jansson values to indented JSON text, as json_dumps does. */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json-text.h"
#include "lib/text.h"
#include "lib/util.h"

/*
 * A newline and the indentation of depth when indenting; else, between
 * items (between), one space. lead (0 for none) comes first: the ','
 * between items. Written in one piece with room for extra more bytes
 * after it: returns where those go, or NULL when out of memory (sb->err).
 */
static char *newline(struct strbuf *sb, unsigned indent, unsigned depth,
		     bool between, char lead, size_t extra)
{
	size_t n = (size_t)indent * depth, k = lead ? 1 : 0;
	char *p;

	if (!indent)
		n = between ? 1 : 0;
	else
		k++;
	p = sb_extend(sb, k + n + extra);
	if (!p)
		return NULL;
	if (lead)
		*p++ = lead;
	if (indent)
		*p++ = '\n';
	memset(p, ' ', n);
	return p + n;
}

/* The bytes a JSON string holds as they are: ASCII but controls, '"', '\\' */
static const bool plain[256] = {
	[0x20 ... '"' - 1] = true, ['"' + 1 ... '\\' - 1] = true,
	['\\' + 1 ... 0x7f] = true,
};

/* A string between quotes with JSON's escapes (jansson's choice of them). */
static int add_string_escaped(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, from = 0, k;
	char esc[8];

	sb_addc(sb, '"');
	while (i < len) {
		while (i < len && plain[u[i]])
			i++;
		if (i == len)
			break;
		if (u[i] >= 0x80) {
			k = text_utf8_seq(u + i, len - i);
			if (!k)
				return -EINVAL;
			i += k;
			continue;
		}
		sb_add(sb, s + from, i - from);
		switch (u[i]) {
		case '"': strcpy(esc, "\\\""); break;
		case '\\': strcpy(esc, "\\\\"); break;
		case '\b': strcpy(esc, "\\b"); break;
		case '\f': strcpy(esc, "\\f"); break;
		case '\n': strcpy(esc, "\\n"); break;
		case '\r': strcpy(esc, "\\r"); break;
		case '\t': strcpy(esc, "\\t"); break;
		default: snprintf(esc, sizeof(esc), "\\u%04X", u[i]); break;
		}
		sb_adds(sb, esc);
		from = ++i;
	}
	sb_add(sb, s + from, len - from);
	sb_addc(sb, '"');
	return 0;
}

#define ONES	0x0101010101010101ull
#define HIGHS	0x8080808080808080ull

/*
 * Whether the 8 bytes of w are all plain[]: none below 0x20, none from
 * 0x80 up, no '"' and no '\\' (the "has a byte less than n" and "has a
 * zero byte" tests of bit twiddling, exact for "any").
 */
static inline bool word_plain(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return !((((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) |
		  ((b - ONES) & ~b) | w) & HIGHS);
}

/*
 * The same, in one piece when every byte is plain (the strings of boot
 * options nearly always are): checked eight bytes a round and copied
 * once; anything else goes the escaping way.
 */
static int add_string(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;
	char *p;

	while (i + 8 <= len) {
		memcpy(&w, s + i, 8);
		if (!word_plain(w))
			goto slow;
		i += 8;
	}
	for (; i < len; i++)
		if (!plain[(unsigned char)s[i]])
			goto slow;
	p = sb_extend(sb, len + 2);
	if (!p)
		return 0;	/* sb->err tells */
	p[0] = '"';
	memcpy(p + 1, s, len);
	p[len + 1] = '"';
	return 0;
slow:
	return add_string_escaped(sb, s, len);
}

void json_text_item(struct strbuf *sb, unsigned indent, unsigned depth,
		    size_t i)
{
	newline(sb, indent, depth + 1, i, i ? ',' : 0, 0);
}

int json_text_key(struct strbuf *sb, unsigned indent, unsigned depth,
		  size_t i, const char *key)
{
	size_t len = strlen(key);
	char *p;

	p = newline(sb, indent, depth + 1, i, i ? ',' : 0, len + 4);
	if (!p)
		return 0;	/* sb->err tells */
	p[0] = '"';
	memcpy(p + 1, key, len);
	memcpy(p + 1 + len, "\": ", 3);
	return 0;
}

void json_text_close(struct strbuf *sb, unsigned indent, unsigned depth,
		     char c)
{
	char *p = newline(sb, indent, depth, false, 0, 1);

	if (p)
		*p = c;
}

int json_text_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		sb_add(sb, "null", 4);
		return 0;
	}
	return add_string(sb, s, strlen(s));
}

int json_text_add(struct strbuf *sb, const json_t *v, unsigned indent,
		  unsigned depth)
{
	const char *key;
	json_t *item;
	size_t i, n;
	char *text;
	int r = 0;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (!json_object_size(v)) {
			sb_adds(sb, "{}");
			break;
		}
		sb_addc(sb, '{');
		i = 0;
		json_object_foreach((json_t *)v, key, item) {
			newline(sb, indent, depth + 1, i, i ? ',' : 0, 0);
			i++;
			r = add_string(sb, key, strlen(key));
			sb_adds(sb, ": ");
			if (!r)
				r = json_text_add(sb, item, indent, depth + 1);
			if (r)
				return r;
		}
		json_text_close(sb, indent, depth, '}');
		break;
	case JSON_ARRAY:
		n = json_array_size(v);
		if (!n) {
			sb_adds(sb, "[]");
			break;
		}
		sb_addc(sb, '[');
		for (i = 0; i < n && !r; i++) {
			newline(sb, indent, depth + 1, i, i ? ',' : 0, 0);
			r = json_text_add(sb, json_array_get(v, i), indent,
					  depth + 1);
		}
		if (r)
			return r;
		json_text_close(sb, indent, depth, ']');
		break;
	case JSON_STRING:
		r = add_string(sb, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		sb_addf(sb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_TRUE:
		sb_adds(sb, "true");
		break;
	case JSON_FALSE:
		sb_adds(sb, "false");
		break;
	case JSON_NULL:
		sb_adds(sb, "null");
		break;
	default:
		/* reals: jansson's own formatting */
		text = json_dumps(v, JSON_ENCODE_ANY);
		if (!text)
			return -ENOMEM;
		sb_adds(sb, text);
		free(text);
		break;
	}
	if (r)
		return r;
	return sb->err ? -ENOMEM : 0;
}
