/* text.c: sanitising untrusted text before it reaches a terminal or log. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"

size_t text_utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned cp;

	if (!len)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool text_fix_utf8(char *s, size_t len)
{
	char *e = s + len;
	bool bad = false;
	uint64_t w;
	size_t n;

	while (s < e) {
		/* eight bytes a round while they are ASCII and not NUL */
		if (e - s >= 8) {
			memcpy(&w, s, 8);
			if (!((((w - 0x0101010101010101ull) & ~w) | w) &
			      0x8080808080808080ull)) {
				s += 8;
				continue;
			}
		}
		if ((unsigned char)*s - 1u < 0x7fu) {	/* ASCII, not NUL */
			s++;
			continue;
		}
		n = *s ? text_utf8_seq((unsigned char *)s, e - s) : 0;
		if (!n) {
			*s++ = '?';
			bad = true;
			continue;
		}
		s += n;
	}
	return bad;
}

void text_sanitize_into(char *dst, size_t n, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), o = 0, k;

	if (!n)
		return;
	while (len && o + 1 < n) {
		k = text_utf8_seq(p, len);
		if ((k == 1 && (*p < 0x20 || *p == 0x7f)) ||
		    (k == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			/* C0, DEL and C1 (U+0080..U+009F: 0x9b is CSI) */
			dst[o++] = '?';
			p += k;
			len -= k;
			continue;
		}
		if (!k) {
			dst[o++] = '?';
			p++;
			len--;
			continue;
		}
		if (o + k >= n)
			break;
		memcpy(dst + o, p, k);
		o += k;
		p += k;
		len -= k;
	}
	dst[o] = '\0';
}

char *text_sanitize(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		text_sanitize_into(d, n, s);
	return d;
}
