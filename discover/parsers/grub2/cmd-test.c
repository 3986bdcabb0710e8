/*
 * cmd-test.c: GRUB's "test" and "[": three-word comparisons first (string
 * =, ==, !=, <, <=, >, >=; numbers -eq ... -ne; -pgt/-plt that skip a
 * common prefix; -nt/-ot by modification time), then two-word tests
 * (-d -e -f -s -n -z), then "(" ")" "!" "-a" "-o", and a lone word is
 * true when not empty. An empty expression is true, as in GRUB.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

unsigned long g2_strtoul(const char *s, const char **end, int base,
			 bool *found)
{
	unsigned long n = 0, d;
	bool over = false;

	*found = false;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    (base == 0 || base == 16)) {
		base = 16;
		s += 2;
	} else if (base == 0 && s[0] == '0' && s[1] >= '0' && s[1] <= '7') {
		base = 8;
	}
	if (base == 0)
		base = 10;
	for (;; s++) {
		int c = tolower((unsigned char)*s);

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else
			break;
		if (d >= (unsigned long)base)
			break;
		*found = true;
		if (n > (ULONG_MAX - d) / base)
			over = true;
		n = n * base + d;
	}
	if (end)
		*end = s;
	return over ? ULONG_MAX : n;
}

/* GRUB's grub_strtosl: an int, a leading '-' negates. */
static int signed_num(const char *s)
{
	bool found;
	unsigned long v;

	if (s[0] == '-') {
		v = g2_strtoul(s + 1, NULL, 0, &found);
		return (int)(unsigned int)(0 - v);
	}
	v = g2_strtoul(s, NULL, 0, &found);
	return (int)(unsigned int)v;
}

struct tstate {
	struct g2_interp *in;
	char **args;
	int n, i;
	unsigned depth;
};

/* -pgt / -plt: compare the numbers after the common prefix. */
static bool prefixed(const char *a, const char *b, bool greater)
{
	unsigned long x, y;
	bool found;
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	if (i > 0) {
		i--;
		while (i > 0 && isdigit((unsigned char)a[i]))
			i--;
		i++;
	}
	x = g2_strtoul(a + i, NULL, 0, &found);
	y = g2_strtoul(b + i, NULL, 0, &found);
	return greater ? x > y : x < y;
}

/*
 * FILE1 -nt FILE2 and -ot, as GRUB 2.06 decides them: a file that exists
 * is newer than one that does not; when both exist, their modification
 * times (whole seconds) decide, if the file system keeps them. What
 * follows the operator is a bias in seconds added to FILE1's time
 * ("-nt-60", "-ot5"; GRUB's strtosl, so "+5" counts as 0).
 */
static bool newer(struct tstate *t, const char *a, const char *op,
		  const char *b)
{
	struct parse_stat s1, s2;
	bool e1 = g2_stat(t->in, a, &s1), e2 = g2_stat(t->in, b, &s2);
	int64_t bias = signed_num(op + 3), m1;
	bool times = e1 && e2 && s1.mtime != PARSE_MTIME_UNKNOWN &&
		     s2.mtime != PARSE_MTIME_UNKNOWN;

	if (times && __builtin_add_overflow(s1.mtime, bias, &m1))
		m1 = bias > 0 ? INT64_MAX : INT64_MIN;
	if (op[1] == 'n')
		return (e1 && !e2) || (times && m1 > s2.mtime);
	return (!e1 && e2) || (times && m1 < s2.mtime);
}

/* Three-word tests; *val set when op is one. */
static bool binary(struct tstate *t, const char *a, const char *op,
		   const char *b, bool *val)
{
	static const char *const ops[] = {
		"=", "==", "!=", "<", "<=", ">", ">=",
		"-eq", "-ge", "-gt", "-le", "-lt", "-ne",
	};
	int c, x, y;
	size_t k;

	for (k = 0; k < ARRAY_SIZE(ops) && strcmp(op, ops[k]); k++)
		;
	if (k < 7) {
		c = strcmp(a, b);
		*val = k <= 1 ? !c : k == 2 ? c : k == 3 ? c < 0 :
		       k == 4 ? c <= 0 : k == 5 ? c > 0 : c >= 0;
		return true;
	}
	if (k < ARRAY_SIZE(ops)) {
		x = signed_num(a);
		y = signed_num(b);
		*val = k == 7 ? x == y : k == 8 ? x >= y : k == 9 ? x > y :
		       k == 10 ? x <= y : k == 11 ? x < y : x != y;
		return true;
	}
	if (!strcmp(op, "-pgt") || !strcmp(op, "-plt")) {
		*val = prefixed(a, b, op[2] == 'g');
		return true;
	}
	if (!strncmp(op, "-nt", 3) || !strncmp(op, "-ot", 3)) {
		*val = newer(t, a, op, b);
		return true;
	}
	return false;
}

/* Is the path of "[(dev)]path" absolute? */
static bool from_root(const char *arg)
{
	const char *p = arg[0] == '(' ? strchr(arg, ')') : NULL;

	return (p ? p[1] : arg[0]) == '/';
}

static bool unary(struct tstate *t, const char *op, const char *arg,
		  bool *val)
{
	struct parse_stat st;
	bool e;

	if (!strcmp(op, "-n") || !strcmp(op, "-z")) {
		*val = op[1] == 'n' ? arg[0] != 0 : arg[0] == 0;
		return true;
	}
	if (strcmp(op, "-d") && strcmp(op, "-e") && strcmp(op, "-f") &&
	    strcmp(op, "-s"))
		return false;
	e = g2_stat(t->in, arg, &st);
	/* -s opens the file, and GRUB opens only paths from the root */
	if (op[1] == 's' && !from_root(arg))
		e = false;
	switch (op[1]) {
	case 'd':
		*val = e && st.is_dir;
		break;
	case 'e':
		*val = e;
		break;
	case 'f':
		*val = e && !st.is_dir;
		break;
	default:
		*val = e && !st.is_dir && st.size > 0;
	}
	return true;
}

static bool expr(struct tstate *t)
{
	bool and = true, or = false, invert = false, val;
	char **a;
	int left;

	while (t->i < t->n) {
		a = t->args + t->i;
		left = t->n - t->i;
		if (left >= 3 && binary(t, a[0], a[1], a[2], &val)) {
			t->i += 3;
		} else if (left >= 2 && unary(t, a[0], a[1], &val)) {
			t->i += 2;
		} else if (!strcmp(a[0], ")")) {
			t->i++;
			return or || and;
		} else if (!strcmp(a[0], "(") && t->depth < G2_MAX_NESTING) {
			t->i++;
			t->depth++;
			val = expr(t);
			t->depth--;
		} else if (!strcmp(a[0], "!")) {
			invert = !invert;
			t->i++;
			continue;
		} else if (!strcmp(a[0], "-a")) {
			t->i++;
			continue;
		} else if (!strcmp(a[0], "-o")) {
			or = or || and;
			and = true;
			t->i++;
			continue;
		} else {
			val = a[0][0] != 0;
			t->i++;
		}
		and = and && (invert ? !val : val);
		invert = false;
	}
	return or || and;
}

int g2_cmd_test(struct g2_interp *in, int argc, char **argv,
		const struct g2_cmdctx *cc)
{
	struct tstate t = { .in = in, .args = argv + 1, .n = argc - 1 };

	if (t.n >= 1 && !strcmp(t.args[t.n - 1], "]"))
		t.n--;
	return expr(&t) ? G2_OK : G2_FAIL;
}
