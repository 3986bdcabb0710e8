/*
 * translit.c: UTF-8 text made plain ASCII for terminals that cannot show
 * it: Latin letters lose their accents (é -> e, Ł -> L, ß -> ss), common
 * punctuation gets its ASCII look (“ ” -> ", – -> -, … -> ...), anything
 * else becomes one '?'.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"
#include "lib/util.h"
#include "ui/term.h"

/* U+00C0..U+00FF and U+0100..U+017F; '_' marks a multi-letter case. */
static const char latin1[] =
	"AAAAAA_CEEEEIIII" "DNOOOOOxOUUUUY__" "aaaaaa_ceeeeiiii" "dnooooo/ouuuuy_y";
static const char latin_ext_a[] =
	"AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg" "GgGgHhHhIiIiIiIi" "Ii__JjKkkLlLlLlL"
	"lLlNnNnNnnNnOoOo" "Oo__RrRrRrSsSsSs" "SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";

static const struct {
	unsigned cp;
	const char *ascii;
} special[] = {
	{ 0xa0, " " }, { 0xa1, "!" }, { 0xa9, "(c)" }, { 0xab, "<<" },
	{ 0xad, "-" }, { 0xae, "(R)" }, { 0xb0, "o" }, { 0xb1, "+-" },
	{ 0xb2, "2" }, { 0xb3, "3" }, { 0xb4, "'" }, { 0xb5, "u" },
	{ 0xb7, "." }, { 0xb9, "1" }, { 0xbb, ">>" }, { 0xbf, "?" },
	{ 0xc6, "AE" }, { 0xde, "TH" }, { 0xdf, "ss" }, { 0xe6, "ae" },
	{ 0xfe, "th" }, { 0x132, "IJ" }, { 0x133, "ij" }, { 0x152, "OE" },
	{ 0x153, "oe" }, { 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" },
	{ 0x2013, "-" }, { 0x2014, "-" }, { 0x2015, "-" }, { 0x2018, "'" },
	{ 0x2019, "'" }, { 0x201a, "'" }, { 0x201c, "\"" }, { 0x201d, "\"" },
	{ 0x201e, "\"" }, { 0x2022, "*" }, { 0x2026, "..." }, { 0x2032, "'" },
	{ 0x2039, "<" }, { 0x203a, ">" }, { 0x20ac, "EUR" }, { 0x2122, "(TM)" },
	{ 0x2190, "<-" }, { 0x2192, "->" }, { 0x2212, "-" }, { 0x2264, "<=" },
	{ 0x2265, ">=" },
};

/* Decode the valid UTF-8 sequence of k bytes at s. */
static unsigned decode(const unsigned char *s, size_t k)
{
	unsigned cp = k == 1 ? s[0] : k == 2 ? s[0] & 0x1f :
		      k == 3 ? s[0] & 0x0f : s[0] & 0x07;
	size_t i;

	for (i = 1; i < k; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

const char *translit_cp(unsigned cp, char buf[2])
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(special); i++)
		if (special[i].cp == cp)
			return special[i].ascii;
	buf[1] = '\0';
	if (cp < 0x80)
		buf[0] = cp;
	else if (cp >= 0xc0 && cp <= 0xff)
		buf[0] = latin1[cp - 0xc0];
	else if (cp >= 0x100 && cp <= 0x17f)
		buf[0] = latin_ext_a[cp - 0x100];
	else
		buf[0] = '?';
	return buf;
}

char *translit_ascii(const char *s)
{
	char *clean = text_sanitize(s ? s : ""), *out, *o, buf[2];
	const unsigned char *p;
	const char *a;
	size_t k, len;

	if (!clean)
		return NULL;
	/* at most 3 ASCII bytes for every byte of a 2-byte sequence */
	out = malloc(strlen(clean) * 2 + 1);
	if (!out) {
		free(clean);
		return NULL;
	}
	p = (const unsigned char *)clean;
	len = strlen(clean);
	for (o = out; len; p += k, len -= k) {
		k = text_utf8_seq(p, len);
		if (!k)
			k = 1;	/* cannot happen after text_sanitize */
		a = k == 1 ? (buf[0] = *p, buf[1] = '\0', buf) :
		    translit_cp(decode(p, k), buf);
		memcpy(o, a, strlen(a));
		o += strlen(a);
	}
	*o = '\0';
	free(clean);
	return out;
}
