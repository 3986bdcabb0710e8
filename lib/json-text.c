/* json-text.c: jansson values to indented JSON text, as json_dumps does. */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json-text.h"
#include "lib/text.h"
#include "lib/util.h"

/*
 * A newline and the indentation of depth when indenting; else, between
 * items (between), one space.
 */
static void newline(struct strbuf *sb, unsigned indent, unsigned depth,
		    bool between)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)indent * depth, k;

	if (!indent) {
		if (between)
			sb_addc(sb, ' ');
		return;
	}
	sb_addc(sb, '\n');
	for (; n; n -= k) {
		k = MIN(n, sizeof(spaces) - 1);
		sb_add(sb, spaces, k);
	}
}

/* The bytes a JSON string holds as they are: ASCII but controls, '"', '\\' */
static const bool plain[256] = {
	[0x20 ... '"' - 1] = true, ['"' + 1 ... '\\' - 1] = true,
	['\\' + 1 ... 0x7f] = true,
};

/* A string between quotes with JSON's escapes (jansson's choice of them). */
static int add_string(struct strbuf *sb, const char *s, size_t len)
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

void json_text_item(struct strbuf *sb, unsigned indent, unsigned depth,
		    size_t i)
{
	if (i)
		sb_addc(sb, ',');
	newline(sb, indent, depth + 1, i);
}

int json_text_key(struct strbuf *sb, unsigned indent, unsigned depth,
		  size_t i, const char *key)
{
	int r;

	json_text_item(sb, indent, depth, i);
	r = add_string(sb, key, strlen(key));
	sb_add(sb, ": ", 2);
	return r;
}

void json_text_close(struct strbuf *sb, unsigned indent, unsigned depth,
		     char c)
{
	newline(sb, indent, depth, false);
	sb_addc(sb, c);
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
			if (i)
				sb_addc(sb, ',');
			newline(sb, indent, depth + 1, i++);
			r = add_string(sb, key, strlen(key));
			sb_adds(sb, ": ");
			if (!r)
				r = json_text_add(sb, item, indent, depth + 1);
			if (r)
				return r;
		}
		newline(sb, indent, depth, false);
		sb_addc(sb, '}');
		break;
	case JSON_ARRAY:
		n = json_array_size(v);
		if (!n) {
			sb_adds(sb, "[]");
			break;
		}
		sb_addc(sb, '[');
		for (i = 0; i < n && !r; i++) {
			if (i)
				sb_addc(sb, ',');
			newline(sb, indent, depth + 1, i);
			r = json_text_add(sb, json_array_get(v, i), indent,
					  depth + 1);
		}
		if (r)
			return r;
		newline(sb, indent, depth, false);
		sb_addc(sb, ']');
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
