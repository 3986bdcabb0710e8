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

#endif
