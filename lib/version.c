/* version.c: the UAPI Version Format comparison (see version.h). */
#include <string.h>

#include "lib/version.h"

enum { C_DIGIT = 1, C_ALPHA = 2, C_MARK = 4 };

/* What each byte is: one load a test, where the loops below spend */
static const unsigned char cls[256] = {
	['0' ... '9'] = C_DIGIT,
	['a' ... 'z'] = C_ALPHA,
	['A' ... 'Z'] = C_ALPHA,
	['-'] = C_MARK, ['.'] = C_MARK, ['~'] = C_MARK, ['^'] = C_MARK,
};

static int is_digit(char c)
{
	return cls[(unsigned char)c] & C_DIGIT;
}

static int is_alpha(char c)
{
	return cls[(unsigned char)c] & C_ALPHA;
}

/* Characters with a meaning; everything else only separates. */
static int is_version_char(char c)
{
	return cls[(unsigned char)c];
}

static int sign(long long v)
{
	return (v > 0) - (v < 0);
}

/*
 * One of the marker characters '~', '-', '^', '.': when only one side has
 * it, *res says which side is lower and 1 is returned; when both have it,
 * both are skipped.
 */
static int marker(const char **a, const char **b, char m, int *res)
{
	if (**a != m && **b != m)
		return 0;
	if (**a != m || **b != m) {
		*res = **a == m ? -1 : 1;
		return 1;
	}
	(*a)++;
	(*b)++;
	return 0;
}

/* Numerical prefixes (an empty one counts as 0), advancing both. */
static int compare_numbers(const char **a, const char **b)
{
	const char *pa = *a, *pb = *b, *ea, *eb;
	size_t la, lb;
	int r;

	while (*pa == '0')
		pa++;
	while (*pb == '0')
		pb++;
	for (ea = pa; is_digit(*ea); ea++)
		;
	for (eb = pb; is_digit(*eb); eb++)
		;
	*a = ea;
	*b = eb;
	la = ea - pa;
	lb = eb - pb;
	if (la != lb)
		return la < lb ? -1 : 1;
	r = memcmp(pa, pb, la);
	return sign(r);
}

/* Alphabetical prefixes letter by letter, advancing both. */
static int compare_letters(const char **a, const char **b)
{
	const char *pa = *a, *pb = *b;

	while (is_alpha(*pa) && is_alpha(*pb)) {
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
		pa++;
		pb++;
	}
	*a = pa;
	*b = pb;
	if (is_alpha(*pa))
		return 1;
	if (is_alpha(*pb))
		return -1;
	return 0;
}

int version_compare(const char *a, const char *b)
{
	int r = 0;

	a = a ? a : "";
	b = b ? b : "";
	for (;;) {
		while (*a && !is_version_char(*a))
			a++;
		while (*b && !is_version_char(*b))
			b++;
		if (marker(&a, &b, '~', &r))
			return r;
		if (!*a || !*b)
			return (*a != 0) - (*b != 0);
		if (marker(&a, &b, '-', &r) || marker(&a, &b, '^', &r) ||
		    marker(&a, &b, '.', &r))
			return r;
		if (is_digit(*a) || is_digit(*b))
			r = compare_numbers(&a, &b);
		else
			r = compare_letters(&a, &b);
		if (r)
			return r;
	}
}
