/*
 * unit-cache.c: lines met again (the "insmod gzio", "load_video",
 * "search ..." every entry of a grub-mkconfig menu repeats) are not lexed
 * and parsed again: the same bytes from the start of a unit give the same
 * tokens and so the same tree, but for its line numbers, which are set
 * anew; and a line whose commands a check of a menu entry's body found
 * whole is found whole again without a look.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

#define SLOTS		64	/* a power of two */
#define LINE_MAX_BYTES	256	/* longer lines are not kept */

struct g2_unit_slot {
	struct g2_unit *unit;	/* reference, or NULL */
	unsigned hits;		/* a slot that served is not given up at once */
	unsigned next;		/* the slot used after this one, plus one */
	unsigned len;
	char key[LINE_MAX_BYTES];	/* the line, its newline excluded */
};

/* Can a tree be run again at another line? Only one without blocks, menu
 * entry bodies or functions: nothing in it outlives its run. */
static bool list_reusable(const struct g2_list *l);

static bool cmd_reusable(const struct g2_cmd *c)
{
	switch (c->type) {
	case G2C_SIMPLE:
		return !c->u.simple.block && !c->u.simple.span;
	case G2C_IF:
		return list_reusable(c->u.cif.cond) &&
		       list_reusable(c->u.cif.then_list) &&
		       list_reusable(c->u.cif.else_list);
	case G2C_FOR:
		return list_reusable(c->u.cfor.body);
	case G2C_WHILE:
	case G2C_UNTIL:
		return list_reusable(c->u.loop.cond) &&
		       list_reusable(c->u.loop.body);
	default:
		return false;
	}
}

static bool list_reusable(const struct g2_list *l)
{
	unsigned i;

	for (i = 0; l && i < l->n; i++)
		if (!cmd_reusable(l->cmds[i]))
			return false;
	return true;
}

static void list_set_line(struct g2_list *l, unsigned line);

static void cmd_set_line(struct g2_cmd *c, unsigned line)
{
	c->line = line;
	switch (c->type) {
	case G2C_IF:
		list_set_line(c->u.cif.cond, line);
		list_set_line(c->u.cif.then_list, line);
		list_set_line(c->u.cif.else_list, line);
		break;
	case G2C_FOR:
		list_set_line(c->u.cfor.body, line);
		break;
	case G2C_WHILE:
	case G2C_UNTIL:
		list_set_line(c->u.loop.cond, line);
		list_set_line(c->u.loop.body, line);
		break;
	default:
		break;
	}
}

static void list_set_line(struct g2_list *l, unsigned line)
{
	unsigned i;

	for (i = 0; l && i < l->n; i++)
		cmd_set_line(l->cmds[i], line);
}

/* Eight bytes a round (a line is looked up whole, before each unit). */
static uint32_t hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w) * 0x100000001b3ull;
	return (uint32_t)(h ^ h >> 32);
}

/* Keep u, parsed from the line [start, nl) of lx, when it may be reused. */
static void keep(struct g2_unit_slot *slot, struct g2_unit *u,
		 const char *start, size_t len)
{
	if (!list_reusable(u->list))
		return;
	if (slot->unit && slot->hits) {
		slot->hits--;	/* a line met often stays */
		return;
	}
	g2_unit_unref(slot->unit);
	/* the tree needs no text: a kept unit keeps no config alive */
	g2_text_unref(u->text);
	u->text = NULL;
	slot->unit = g2_unit_ref(u);
	slot->hits = 0;
	slot->len = len;
	memcpy(slot->key, start, len);
}

/* Does slot hold the line at start (left bytes in the text)? */
static bool holds(const struct g2_unit_slot *slot, const char *start,
		  size_t left)
{
	return slot->unit && slot->len < left && start[slot->len] == '\n' &&
	       !memcmp(slot->key, start, slot->len);
}

/* Slot i (plus one) was used: the one used before it is followed by it. */
static void used(struct g2_interp *in, unsigned i)
{
	if (in->unit_last)
		in->units[in->unit_last - 1].next = i;
	in->unit_last = i;
}

int g2_parse_unit_cached(struct g2_interp *in, struct g2_lexer *lx,
			 struct g2_unit **out, const char **msg,
			 unsigned *line)
{
	const char *start = lx->buf + lx->pos, *nl = NULL;
	struct g2_unit_slot *slot = NULL;
	unsigned first = lx->line, next;
	size_t len = 0, left = lx->len - lx->pos;
	bool same = false;	/* the slot holds this line */
	int r;

	/*
	 * The lines of a menu's entries come in the same order: the slot
	 * that followed the last one used, when it holds this line, is the
	 * one its hash would give (a line is kept in its hash's slot only).
	 */
	next = in->unit_last ? in->units[in->unit_last - 1].next : 0;
	if (next && lx->pos < lx->len && holds(&in->units[next - 1], start,
					       left)) {
		slot = &in->units[next - 1];
		len = slot->len;
		nl = start + len;
		same = true;
	} else if (lx->pos < lx->len) {
		nl = memchr(start, '\n', left);
	}
	if (!slot && nl && (size_t)(nl - start) <= LINE_MAX_BYTES) {
		len = nl - start;
		if (!in->units) {
			in->units = calloc(SLOTS, sizeof(*in->units));
			if (!in->units)
				return -ENOMEM;
		}
		slot = &in->units[hash(start, len) & (SLOTS - 1)];
	}
	if (slot) {
		used(in, slot - in->units + 1);
		/* refs 1: only the cache holds it, it is not running */
		if (slot->unit && slot->unit->refs == 1 &&
		    (same || (slot->len == len &&
			      !memcmp(slot->key, start, len)))) {
			slot->hits++;
			list_set_line(slot->unit->list, first);
			slot->unit->line = first;
			g2_lex_past_line(lx, nl - lx->buf);
			*out = g2_unit_ref(slot->unit);
			return 0;
		}
	}
	r = g2_parse_unit(lx, &in->ast_bytes, out, msg, line);
	/* kept when the unit was that one line and ended at its newline */
	if (!r && *out && slot && lx->tok == G2T_NEWLINE &&
	    lx->tok_line == first && lx->tok_start == (size_t)(nl - lx->buf) &&
	    (*out)->line == first)
		keep(slot, *out, start, len);
	return r;
}

void g2_unit_cache_release(struct g2_interp *in)
{
	unsigned i;

	if (!in->units)
		return;
	for (i = 0; i < SLOTS; i++)
		g2_unit_unref(in->units[i].unit);
	free(in->units);
	in->units = NULL;
	in->unit_last = 0;
}

/* ---- lines a check found whole ------------------------------------------ */

struct g2_checked {
	unsigned len;		/* 0: empty slot */
	unsigned depth;		/* nesting it was found whole at */
	char key[LINE_MAX_BYTES];
};

/* The newline ending the line the current token is on, within reach. */
static const char *line_end(const struct g2_lexer *lx, size_t start)
{
	const char *nl;

	if (start >= lx->len)
		return NULL;
	nl = memchr(lx->buf + start, '\n', lx->len - start);
	return nl && (size_t)(nl - lx->buf) - start <= LINE_MAX_BYTES ? nl :
	       NULL;
}

static struct g2_checked *checked_slot(struct g2_lexer *lx, const char *s,
				       size_t len)
{
	if (!lx->checked)
		lx->checked = calloc(SLOTS, sizeof(*lx->checked));
	return lx->checked ? &lx->checked[hash(s, len) & (SLOTS - 1)] : NULL;
}

bool g2_checked_line_skip(struct g2_lexer *lx, unsigned depth)
{
	size_t start = lx->tok_start;
	const char *nl = line_end(lx, start);
	struct g2_checked *slot;
	size_t len;

	if (!nl)
		return false;
	len = nl - lx->buf - start;
	slot = checked_slot(lx, lx->buf + start, len);
	/* found whole deeper in: whole here too, nesting being all it adds */
	if (!slot || slot->len != len || !len || depth > slot->depth ||
	    memcmp(slot->key, lx->buf + start, len))
		return false;
	g2_lex_past_line(lx, nl - lx->buf);
	return true;
}

void g2_checked_line_keep(struct g2_lexer *lx, size_t start, unsigned line,
			  unsigned depth)
{
	const char *nl = line_end(lx, start);
	struct g2_checked *slot;
	size_t len;

	if (!nl || lx->tok != G2T_NEWLINE || lx->tok_line != line ||
	    lx->tok_start != (size_t)(nl - lx->buf))
		return;
	len = nl - lx->buf - start;
	slot = checked_slot(lx, lx->buf + start, len);
	if (!slot || !len)
		return;
	slot->len = len;
	slot->depth = depth;
	memcpy(slot->key, lx->buf + start, len);
}
