/*
 * lexer.c: GRUB 2's script lexer. Reads the config as GRUB's line reader
 * delivers it (carriage returns dropped, a NUL byte ends its line, lines
 * whose first character is '#' dropped whole, even inside quotes) and
 * cuts it into tokens: words made of parts that remember their quoting,
 * keywords (only when written plainly), ';', newline, '{', '}', and the
 * operators GRUB's grammar has no rule for (a syntax error there).
 */
#include <errno.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

/*
 * The keyword a plain word of n bytes (2 to 8) is, or G2T_WORD: at most
 * one keyword has a given length and first letter, but for "if"/"in" and
 * "elif"/"else"/"esac", so one compare decides.
 */
static enum g2_tok keyword(const char *s, size_t n)
{
	const char *kw;
	enum g2_tok t;

#define KW(word, tok) do { kw = (word); t = (tok); } while (0)
	switch (n << 8 | (unsigned char)s[0]) {
	case 2 << 8 | 'd': KW("do", G2T_DO); break;
	case 2 << 8 | 'f': KW("fi", G2T_FI); break;
	case 2 << 8 | 'i':
		if (s[1] == 'f')
			return G2T_IF;
		KW("in", G2T_IN);
		break;
	case 3 << 8 | 'f': KW("for", G2T_FOR); break;
	case 4 << 8 | 'c': KW("case", G2T_CASE); break;
	case 4 << 8 | 'd': KW("done", G2T_DONE); break;
	case 4 << 8 | 'e':
		if (s[1] == 's')
			KW("esac", G2T_ESAC);
		else if (s[2] == 'i')
			KW("elif", G2T_ELIF);
		else
			KW("else", G2T_ELSE);
		break;
	case 4 << 8 | 't': KW("then", G2T_THEN); break;
	case 5 << 8 | 'u': KW("until", G2T_UNTIL); break;
	case 5 << 8 | 'w': KW("while", G2T_WHILE); break;
	case 6 << 8 | 's': KW("select", G2T_SELECT); break;
	case 8 << 8 | 'f': KW("function", G2T_FUNCTION); break;
	default:
		return G2T_WORD;
	}
#undef KW
	return memcmp(s, kw, n) ? G2T_WORD : t;
}

/*
 * What stops a run of bytes copied as they are (C_* bits): in a word, the
 * ends of a word, quotes, '$', '\\'; inside double or single quotes, their
 * own specials; everywhere, what GRUB's line reader drops or stops at.
 */
enum { C_WORD = 1, C_DQ = 2, C_SQ = 4 };

static const unsigned char stops[256] = {
	['\0'] = 7, ['\n'] = 7, ['\r'] = 7,
	['\t'] = C_WORD, [' '] = C_WORD, ['&'] = C_WORD, [';'] = C_WORD,
	['<'] = C_WORD, ['>'] = C_WORD, ['{'] = C_WORD, ['|'] = C_WORD,
	['}'] = C_WORD,
	['"'] = C_WORD | C_DQ, ['$'] = C_WORD | C_DQ, ['\\'] = C_WORD | C_DQ,
	['\''] = C_WORD | C_SQ,
};

/* Copy the run of bytes at pos that no byte of class `what` stops. */
static inline void copy_run(struct g2_lexer *lx, unsigned what)
{
	const unsigned char *b = (const unsigned char *)lx->buf;
	size_t start = lx->pos, pos = lx->pos, end = lx->len;

	/* four bytes a round while four are left: runs are words, paths */
	while (pos + 4 <= end && !((stops[b[pos]] | stops[b[pos + 1]] |
				    stops[b[pos + 2]] | stops[b[pos + 3]]) &
				   what))
		pos += 4;
	while (pos < end && !(stops[b[pos]] & what))
		pos++;
	lx->pos = pos;
	if (pos > start)
		sb_add(&lx->text, lx->buf + start, pos - start);
}

/* Drop the lines that start with '#' from pos (at the start of a line). */
static void skip_comment_lines(struct g2_lexer *lx)
{
	const char *nl;
	size_t p;

	for (;;) {
		p = lx->pos;
		while (p < lx->len && lx->buf[p] == '\r')
			p++;
		if (p >= lx->len || lx->buf[p] != '#')
			return;
		nl = memchr(lx->buf + p, '\n', lx->len - p);
		if (!nl) {
			lx->pos = lx->len;
			return;
		}
		lx->pos = nl - lx->buf + 1;
		lx->line++;
	}
}

/* peek() past what the line reader drops. */
static int peek_slow(struct g2_lexer *lx)
{
	const char *nl;

	while (lx->pos < lx->len) {
		char c = lx->buf[lx->pos];

		if (c == '\r') {
			lx->pos++;
			continue;
		}
		if (c == '\0') {
			nl = memchr(lx->buf + lx->pos, '\n', lx->len - lx->pos);
			lx->pos = nl ? (size_t)(nl - lx->buf) : lx->len;
			continue;
		}
		return (unsigned char)c;
	}
	return -1;
}

/* The character at pos, or -1 at the end of input. */
static inline int peek(struct g2_lexer *lx)
{
	if (lx->pos < lx->len && (unsigned char)lx->buf[lx->pos] > '\r')
		return (unsigned char)lx->buf[lx->pos];
	return peek_slow(lx);
}

static inline void adv(struct g2_lexer *lx)
{
	int c;

	/* above '\r': neither dropped nor a newline */
	if (lx->pos < lx->len && (unsigned char)lx->buf[lx->pos] > '\r') {
		lx->pos++;
		return;
	}
	c = peek_slow(lx);
	if (c < 0)
		return;
	lx->pos++;
	if (c == '\n') {
		lx->line++;
		skip_comment_lines(lx);
	}
}

static void lex_init(struct g2_lexer *lx, const char *buf, size_t end,
		     size_t pos, unsigned line)
{
	memset(lx, 0, sizeof(*lx));
	lx->buf = buf;
	lx->len = end;
	lx->pos = pos;
	lx->line = line;
	lx->tok = G2T_NEWLINE;
	skip_comment_lines(lx);
}

void g2_lex_init(struct g2_lexer *lx, const char *buf, size_t len)
{
	lex_init(lx, buf, len, 0, 1);
}

/*
 * A span starts after a '{', where a '#' starts a comment that runs to the
 * end of the line: skip_comment_lines drops the same bytes.
 */
void g2_lex_init_span(struct g2_lexer *lx, struct g2_text *t,
		      const struct g2_span *sp)
{
	lex_init(lx, t->buf, sp->off + sp->len, sp->off, sp->line);
	lx->src = t;
}

void g2_lex_release(struct g2_lexer *lx)
{
	sb_release(&lx->text);
	free(lx->parts);
	lx->parts = NULL;
	lx->nparts = lx->partcap = 0;
	free(lx->words);
	lx->words = NULL;
	lx->wcap = 0;
	free(lx->intern);
	lx->intern = NULL;
	free(lx->checked);
	lx->checked = NULL;
	if (lx->spare) {
		lx->spare->refs = 1;
		g2_unit_unref(lx->spare);
		lx->spare = NULL;
	}
}

static int grow_parts(struct g2_lexer *lx)
{
	size_t cap = lx->partcap ? lx->partcap * 2 : 16;
	struct g2_lexpart *p = realloc(lx->parts, cap * sizeof(*p));

	if (!p)
		return -ENOMEM;
	lx->parts = p;
	lx->partcap = cap;
	return 0;
}

static inline int add_part(struct g2_lexer *lx, enum g2_part_type type,
			   size_t off)
{
	struct g2_lexpart *p;

	if (lx->nparts == lx->partcap && grow_parts(lx))
		return -ENOMEM;
	p = &lx->parts[lx->nparts++];
	p->type = type;
	p->off = off;
	p->len = lx->text.len - off;
	return 0;
}

static int bad(struct g2_lexer *lx, const char *why)
{
	lx->tok = G2T_BAD;
	lx->bad = why;
	return 0;
}

static bool is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* The run of name characters at pos (stops at a byte peek() drops). */
static void copy_name(struct g2_lexer *lx)
{
	size_t start = lx->pos, pos = lx->pos;

	while (pos < lx->len && is_name_char((unsigned char)lx->buf[pos]))
		pos++;
	lx->pos = pos;
	sb_add(&lx->text, lx->buf + start, pos - start);
}

/* After '$': a name, digits or one of ?#*@, maybe in braces. */
static int lex_var(struct g2_lexer *lx, enum g2_part_type type)
{
	size_t off = lx->text.len;
	bool brace = false;
	int c = peek(lx);

	if (c == '{') {
		brace = true;
		adv(lx);
		c = peek(lx);
	}
	if (is_name_start(c)) {
		while (is_name_char(peek(lx)))
			copy_name(lx);
	} else if (c >= '0' && c <= '9') {
		while ((c = peek(lx)) >= '0' && c <= '9') {
			sb_addc(&lx->text, c);
			adv(lx);
		}
	} else if (c == '?' || c == '#' || c == '*' || c == '@') {
		sb_addc(&lx->text, c);
		adv(lx);
	} else {
		return 1;
	}
	if (brace) {
		if (peek(lx) != '}')
			return 1;
		adv(lx);
	}
	return add_part(lx, type, off);
}

/* After '"': literal pieces and $variables up to the closing quote. */
static int lex_dq(struct g2_lexer *lx)
{
	size_t off = lx->text.len;
	int c, r;

	for (;;) {
		copy_run(lx, C_DQ);
		c = peek(lx);
		if (c < 0)
			return 1;
		adv(lx);
		if (c == '"')
			return add_part(lx, G2P_DQ, off);
		if (c == '$') {
			r = add_part(lx, G2P_DQ, off);
			if (!r)
				r = lex_var(lx, G2P_DQVAR);
			if (r)
				return r;
			off = lx->text.len;
			continue;
		}
		if (c == '\\') {
			c = peek(lx);
			if (c == '$' || c == '\\' || c == '"') {
				adv(lx);
			} else if (c == '\n') {
				adv(lx);
				continue;
			} else {
				c = '\\';
			}
		}
		sb_addc(&lx->text, c);
	}
}

static int lex_sq(struct g2_lexer *lx)
{
	size_t off = lx->text.len;
	int c;

	for (;;) {
		copy_run(lx, C_SQ);
		c = peek(lx);
		if (c == '\'')
			break;
		if (c < 0)
			return 1;
		sb_addc(&lx->text, c);
		adv(lx);
	}
	adv(lx);
	return add_part(lx, G2P_SQ, off);
}

static int flush_text(struct g2_lexer *lx, size_t *off)
{
	int r = 0;

	if (lx->text.len > *off)
		r = add_part(lx, G2P_TEXT, *off);
	*off = lx->text.len;
	return r;
}

static void classify_word(struct g2_lexer *lx, bool plain)
{
	const char *s = lx->text.buf;
	size_t n = lx->text.len;

	lx->tok = G2T_WORD;
	if (!plain || lx->nparts != 1)
		return;
	if (n == 2 && (s[0] == '[' || s[0] == ']') && s[1] == s[0]) {
		bad(lx, "[[ and ]] are reserved");
		return;
	}
	lx->plain = true;
	if (n >= 2 && n <= 8)
		lx->tok = keyword(s, n);
}

bool g2_lex_is_name(const struct g2_lexer *lx)
{
	const char *s = lx->text.buf;
	size_t i;

	if (lx->tok != G2T_WORD || !lx->plain ||
	    !is_name_start((unsigned char)s[0]))
		return false;
	for (i = 1; i < lx->text.len; i++)
		if (!is_name_char((unsigned char)s[i]))
			return false;
	return true;
}

/* One word; returns 0, 1 for a bad token (lx->bad set), -ENOMEM. */
static int lex_word(struct g2_lexer *lx)
{
	size_t off = 0;
	bool plain = true;
	int c, r = 0;

	while (!r) {
		copy_run(lx, C_WORD);
		c = peek(lx);
		if (c < 0 || c == ' ' || c == '\t' || c == '\n' ||
		    c == '{' || c == '}' || c == '|' || c == '&' ||
		    c == ';' || c == '<' || c == '>')
			break;
		if (lx->text.len > G2_MAX_WORD)
			return bad(lx, "word too long") + 1;
		if (c == '\\') {
			plain = false;
			adv(lx);
			c = peek(lx);
			if (c == '\n') {
				adv(lx);
				continue;
			}
			if (c < 0)
				c = '\\';
			else
				adv(lx);
			if (c == '*' || c == '?' || c == '\\') {
				/* escaped, no wildcard: a quoted part */
				r = flush_text(lx, &off);
				sb_addc(&lx->text, c);
				if (!r)
					r = add_part(lx, G2P_SQ, off);
				off = lx->text.len;
				continue;
			}
			sb_addc(&lx->text, c);
			continue;
		}
		if (c == '\'' || c == '"' || c == '$') {
			plain = false;
			r = flush_text(lx, &off);
			adv(lx);
			if (!r && c == '\'')
				r = lex_sq(lx);
			else if (!r && c == '"')
				r = lex_dq(lx);
			else if (!r && peek(lx) == '"') {
				adv(lx);
				r = lex_dq(lx);	/* $"..." (gettext) */
			} else if (!r) {
				r = lex_var(lx, G2P_VAR);
			}
			off = lx->text.len;
			if (r > 0)
				return bad(lx, c == '$' ? "bad use of $" :
					   "unterminated string") + 1;
			continue;
		}
		sb_addc(&lx->text, c);
		adv(lx);
	}
	if (!r)
		r = flush_text(lx, &off);
	if (r)
		return r;
	if (lx->text.err)
		return -ENOMEM;
	classify_word(lx, plain);
	return 0;
}

/* Blanks and comments before a token. */
static void skip_blanks(struct g2_lexer *lx)
{
	int c;

	for (;;) {
		while (lx->pos < lx->len && (lx->buf[lx->pos] == ' ' ||
					     lx->buf[lx->pos] == '\t'))
			lx->pos++;
		c = peek(lx);
		if (c == ' ' || c == '\t') {
			adv(lx);
		} else if (c == '#') {
			while ((c = peek(lx)) >= 0 && c != '\n')
				adv(lx);
		} else {
			return;
		}
	}
}

/* ';' '|' '&' '<' '>' and their doubles. */
static void lex_operator(struct g2_lexer *lx, int c)
{
	adv(lx);
	if (c == ';' && peek(lx) != ';') {
		lx->tok = G2T_SEMI;
		return;
	}
	if ((c == ';' || c == '|' || c == '&') && peek(lx) == c)
		adv(lx);
	bad(lx, "operator not supported by GRUB");
}

int g2_lex_next(struct g2_lexer *lx)
{
	int c, r;

	lx->text.len = 0;	/* sb_reset(), in the loop of every token */
	if (lx->text.buf)
		lx->text.buf[0] = '\0';
	lx->nparts = 0;
	lx->plain = false;
	lx->bad = NULL;
	skip_blanks(lx);
	lx->tok_line = lx->line;
	lx->tok_start = lx->pos;
	c = peek(lx);
	if (c < 0) {
		lx->tok = lx->eof_nl ? G2T_EOF : G2T_NEWLINE;
		lx->eof_nl = true;
		return 0;
	}
	switch (c) {
	case '\n':
		adv(lx);
		lx->tok = G2T_NEWLINE;
		break;
	case '{':
		adv(lx);
		lx->tok = G2T_LBR;
		break;
	case '}':
		adv(lx);
		lx->tok = G2T_RBR;
		break;
	case ';': case '|': case '&': case '<': case '>':
		lex_operator(lx, c);
		break;
	default:
		r = lex_word(lx);
		if (r < 0)
			return r;
	}
	lx->tok_end = lx->pos;
	return 0;
}

void g2_lex_past_line(struct g2_lexer *lx, size_t nl)
{
	lx->text.len = 0;
	if (lx->text.buf)
		lx->text.buf[0] = '\0';
	lx->nparts = 0;
	lx->plain = false;
	lx->bad = NULL;
	lx->pos = nl;
	lx->tok_line = lx->line;
	lx->tok_start = nl;
	adv(lx);
	lx->tok = G2T_NEWLINE;
	lx->tok_end = lx->pos;
}

void g2_lex_skip_line(struct g2_lexer *lx)
{
	int c;

	if (lx->tok == G2T_NEWLINE || lx->tok == G2T_EOF)
		return;
	while ((c = peek(lx)) >= 0 && c != '\n')
		adv(lx);
	adv(lx);
	lx->tok = G2T_NEWLINE;
}

/*
 * Classes of bytes for g2_lex_words_line: what may stand in a line of
 * plain words as the lexer would cut it, and what the scan hands back to
 * the lexer (anything else: blocks, operators, escapes, comments, bytes
 * the line reader drops, "[[").
 */
enum { W_PLAIN, W_NL, W_SQ, W_DQ, W_VAR, W_BRACKET, W_OTHER };

static const unsigned char wclass[256] = {
	['\0'] = W_OTHER, ['\r'] = W_OTHER, ['\n'] = W_NL,
	['&'] = W_OTHER, [';'] = W_OTHER, ['<'] = W_OTHER, ['>'] = W_OTHER,
	['{'] = W_OTHER, ['|'] = W_OTHER, ['}'] = W_OTHER, ['\\'] = W_OTHER,
	['#'] = W_OTHER, ['\''] = W_SQ, ['"'] = W_DQ, ['$'] = W_VAR,
	['['] = W_BRACKET, [']'] = W_BRACKET,
};

/* What ends a plain word: blanks and every byte not W_PLAIN. */
static const bool word_stop[256] = {
	['\0'] = true, ['\r'] = true, ['\n'] = true, ['\t'] = true,
	[' '] = true, ['&'] = true, [';'] = true, ['<'] = true, ['>'] = true,
	['{'] = true, ['|'] = true, ['}'] = true, ['\\'] = true, ['#'] = true,
	['\''] = true, ['"'] = true, ['$'] = true, ['['] = true, [']'] = true,
};

/* Inside quotes: the closing quote, '$' and '\\' in double quotes, and
 * what the line reader drops or ends at (handed back to the lexer). */
static const unsigned char sq_stop[256] = {
	['\0'] = 1, ['\r'] = 1, ['\n'] = 1, ['\''] = 1,
};
static const unsigned char dq_stop[256] = {
	['\0'] = 1, ['\r'] = 1, ['\n'] = 1, ['"'] = 1, ['$'] = 1, ['\\'] = 1,
};

/* Past a $name or ${name} at pos (on the '$'), or 0 when it is another. */
static size_t scan_var(const unsigned char *b, size_t pos, size_t end)
{
	bool brace = ++pos < end && b[pos] == '{';

	pos += brace;
	if (pos >= end || !is_name_start(b[pos]))
		return 0;
	while (++pos < end && is_name_char(b[pos]))
		;
	if (brace && (pos >= end || b[pos++] != '}'))
		return 0;
	return pos;
}

/* Past the closing quote of the string opening at pos, or 0. */
static size_t scan_quoted(const unsigned char *b, size_t pos, size_t end,
			  const unsigned char *stop)
{
	unsigned char q = b[pos++];

	for (;;) {
		while (pos < end && !stop[b[pos]])
			pos++;
		if (pos >= end)
			return 0;
		if (b[pos] == q)
			return pos + 1;
		if (b[pos] != '$' || !(pos = scan_var(b, pos, end)))
			return 0;
	}
}

/*
 * A check's shortcut: when the line from pos is words the lexer would cut
 * without an error (plain text, quoted strings ending on the line, $name
 * and ${name}) up to its newline, that newline's offset; else 0, and the
 * lexer reads the line.
 */
static size_t words_end(const struct g2_lexer *lx, size_t pos)
{
	const unsigned char *b = (const unsigned char *)lx->buf;
	size_t end = lx->len;

	if (end - pos > G2_MAX_WORD)	/* no word of it can be too long */
		end = pos + G2_MAX_WORD;
	while (pos < end) {
		switch (wclass[b[pos]]) {
		case W_PLAIN:
			pos++;
			while (pos + 4 <= end && !(wclass[b[pos]] |
						   wclass[b[pos + 1]] |
						   wclass[b[pos + 2]] |
						   wclass[b[pos + 3]]))
				pos += 4;
			break;
		case W_NL:
			return pos;
		case W_SQ:
			pos = scan_quoted(b, pos, end, sq_stop);
			break;
		case W_DQ:
			pos = scan_quoted(b, pos, end, dq_stop);
			break;
		case W_VAR:
			pos = scan_var(b, pos, end);
			break;
		case W_BRACKET:	/* "[[" and "]]" are reserved words */
			if (pos + 1 < end && b[pos + 1] == b[pos])
				return 0;
			pos++;
			break;
		default:
			return 0;
		}
		if (!pos)	/* a quote or $ the lexer would reject */
			return 0;
	}
	return 0;
}

bool g2_lex_words_line(struct g2_lexer *lx)
{
	size_t nl = lx->tok == G2T_WORD ? words_end(lx, lx->tok_start) : 0;

	if (!nl)
		return false;
	g2_lex_past_line(lx, nl);
	return true;
}

bool g2_lex_words_next_line(struct g2_lexer *lx)
{
	const unsigned char *b = (const unsigned char *)lx->buf;
	size_t start = lx->pos, pos, nl;

	if (lx->tok != G2T_NEWLINE)
		return false;
	while (start < lx->len && (b[start] == ' ' || b[start] == '\t'))
		start++;
	/* a plain first word, no keyword (the lexer's rule), then the rest */
	for (pos = start; pos < lx->len && !word_stop[b[pos]]; pos++)
		;
	if (pos == start || (pos < lx->len && b[pos] != ' ' &&
			     b[pos] != '\t' && b[pos] != '\n'))
		return false;
	if (pos - start >= 2 && pos - start <= 8 &&
	    keyword(lx->buf + start, pos - start) != G2T_WORD)
		return false;
	nl = words_end(lx, pos);
	if (!nl)
		return false;
	g2_lex_past_line(lx, nl);
	return true;
}
