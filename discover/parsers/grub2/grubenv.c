/*
 * grubenv.c: GRUB's environment block (grub-editenv's file): the line
 * "# GRUB Environment Block", then name=value lines where a backslash
 * escapes the next character, padded with '#'. Read as GRUB 2.06 reads
 * it: a line starting with '#' is skipped, parsing stops at the first
 * broken line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

#define SIGNATURE "# GRUB Environment Block\n"

int g2_envblk_parse(const char *buf, size_t len,
		    int (*fn)(void *data, const char *name, const char *value),
		    void *data)
{
	const char *p, *end = buf + len, *name, *eq, *nl;
	char *item, *q;
	int r;

	if (len < strlen(SIGNATURE) || memcmp(buf, SIGNATURE,
					      strlen(SIGNATURE)))
		return -EINVAL;
	for (p = buf + strlen(SIGNATURE); p < end; p = nl + 1) {
		if (*p == '#') {
			nl = memchr(p, '\n', end - p);
			if (!nl)
				break;
			continue;
		}
		name = p;
		eq = memchr(p, '=', end - p);
		if (!eq)
			break;
		for (nl = eq + 1; nl < end && *nl != '\n'; nl++)
			if (*nl == '\\')
				nl++;
		if (nl >= end)
			break;
		item = malloc(nl - name + 1);
		if (!item)
			return -ENOMEM;
		memcpy(item, name, eq - name);
		item[eq - name] = '\0';
		q = item + (eq - name) + 1;
		for (p = eq + 1; p < nl; p++) {
			if (*p == '\\')
				p++;
			*q++ = *p;
		}
		*q = '\0';
		r = fn(data, item, item + (eq - name) + 1);
		free(item);
		if (r)
			return r;
	}
	return 0;
}
