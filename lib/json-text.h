/*
 * json-text.h: jansson values to text, byte for byte as json_dumps() with
 * JSON_INDENT(n) | JSON_PRESERVE_ORDER writes them, appended to a strbuf
 * in one pass (`baton scan --json` of thousands of options).
 */
#ifndef BATON_LIB_JSON_TEXT_H
#define BATON_LIB_JSON_TEXT_H

#include <jansson.h>

#include "lib/strbuf.h"

/*
 * Append v as json_dumps(v, JSON_INDENT(indent) | JSON_PRESERVE_ORDER |
 * JSON_ENCODE_ANY) writes it when v sits depth levels deep in an
 * enclosing array or object (0: at the top). Returns 0, -ENOMEM, or
 * -EINVAL for what jansson would refuse to write (a string that is not
 * UTF-8).
 */
int json_text_add(struct strbuf *sb, const json_t *v, unsigned indent,
		  unsigned depth);

/*
 * Pieces for a writer of a known shape (boot_option_json_text) that gives
 * the text json_text_add() gives for the same values, without building
 * them. An object or array at depth opens with sb_addc('{' or '['); item
 * i (from 0) starts with json_text_item(sb, indent, depth, i), a member
 * with json_text_key(); json_text_close() ends a container that has
 * items (an empty one is written "{}" or "[]"). A key is a name the
 * writer chose, written as it is: plain ASCII, no '"', '\\' or control.
 */
void json_text_item(struct strbuf *sb, unsigned indent, unsigned depth,
		    size_t i);
int json_text_key(struct strbuf *sb, unsigned indent, unsigned depth,
		  size_t i, const char *key);
void json_text_close(struct strbuf *sb, unsigned indent, unsigned depth,
		     char c);
/* A string, or null for NULL. 0 or -EINVAL (not UTF-8). */
int json_text_str(struct strbuf *sb, const char *s);

#endif
