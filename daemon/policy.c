/* policy.c: the pure choice of the option autoboot boots (policy.h). */
#include <limits.h>

#include "daemon/policy.h"
#include "lib/config.h"
#include "lib/util.h"

#define RANK_NONE INT_MAX

static bool tried(const struct policy_input *in, const struct boot_option *o)
{
	size_t i;

	for (i = 0; i < in->n_tried; i++)
		if (streq(in->tried[i], o->id))
			return true;
	return false;
}

static bool bootable(const struct policy_input *in,
		     const struct boot_option *o)
{
	return o->kernel && !o->kernel->missing && !o->error && !tried(in, o);
}

/* The option's place in the boot order; RANK_NONE: its source is not in it. */
static int rank(const struct policy_input *in, const struct boot_option *o)
{
	const struct source_info *si = in->source ?
				       in->source(in->ctx, o->source) : NULL;
	int r = config_order_rank(in->boot_order, si);

	return r < 0 ? RANK_NONE : r;
}

/*
 * The bootable option a pattern names: by id first (ids are unique), then
 * the title glob on the best-ranked source (any source, when the pattern
 * names one outside the boot order: a pattern is an explicit choice).
 */
static struct boot_option *by_pattern(const struct policy_input *in,
				      const char *pat, bool *by_id)
{
	struct boot_option *o, *best = NULL;
	int r, best_r = INT_MAX;
	size_t i;

	for (i = 0; i < in->n_options; i++) {
		o = in->options[i];
		if (bootable(in, o) && config_pattern_matches(pat, o, true)) {
			*by_id = true;
			return o;
		}
	}
	*by_id = false;
	for (i = 0; i < in->n_options; i++) {
		o = in->options[i];
		if (!bootable(in, o) || !config_pattern_matches(pat, o, false))
			continue;
		r = rank(in, o);
		if (!best || r < best_r) {
			best = o;
			best_r = r;
		}
	}
	return best;
}

/*
 * Without a pattern: the source best placed in the boot order; on it, what
 * its config calls default (unless config_default is off), else its first
 * option that can boot.
 */
static void by_order(const struct policy_input *in, struct policy_choice *out)
{
	struct boot_option *o, *first = NULL, *cfg = NULL;
	int r, first_r = RANK_NONE, cfg_r = RANK_NONE;
	size_t i;

	for (i = 0; i < in->n_options; i++) {
		o = in->options[i];
		r = bootable(in, o) ? rank(in, o) : RANK_NONE;
		if (r == RANK_NONE)
			continue;
		if (r < first_r) {
			first = o;
			first_r = r;
		}
		if (in->config_default && o->is_default && r < cfg_r) {
			cfg = o;
			cfg_r = r;
		}
	}
	if (cfg && cfg_r <= first_r) {
		out->option = cfg;
		out->rule = POLICY_CONFIG_DEFAULT;
		out->why = "its config makes it the default";
		return;
	}
	out->option = first;
	out->rule = first ? POLICY_FIRST : POLICY_NOTHING;
	out->why = in->boot_order ? "first option that can boot, by boot_order" :
		   "first option that can boot";
}

void policy_choose(const struct policy_input *in, struct policy_choice *out)
{
	struct boot_option *o;
	bool by_id;

	*out = (struct policy_choice) { .rule = POLICY_NOTHING, .why = "" };
	if (in->next && (o = by_pattern(in, in->next, &by_id))) {
		out->option = o;
		out->rule = by_id ? POLICY_NEXT_ID : POLICY_NEXT_TITLE;
		out->why = by_id ? "next (one-shot) names its id" :
			   "next (one-shot) matches its title";
		return;
	}
	if (in->default_pattern &&
	    (o = by_pattern(in, in->default_pattern, &by_id))) {
		out->option = o;
		out->rule = by_id ? POLICY_DEFAULT_ID : POLICY_DEFAULT_TITLE;
		out->why = by_id ? "default names its id" :
			   "default matches its title";
		return;
	}
	out->default_unmatched = in->default_pattern != NULL;
	by_order(in, out);
}
