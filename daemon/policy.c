/* policy.c: the pure choice of the option autoboot boots (policy.h). */
#include <limits.h>

#include "daemon/policy.h"
#include "lib/config.h"
#include "lib/util.h"

#define RANK_NONE INT_MAX
#define RANK_AFTER (INT_MAX - 1)	/* the BMC's class, outside the order */

static bool tried(const struct policy_input *in, const struct boot_option *o)
{
	size_t i;

	for (i = 0; i < in->n_tried; i++)
		if (streq(in->tried[i], o->id))
			return true;
	return false;
}

static const struct source_info *source_of(const struct policy_input *in,
					   const struct boot_option *o)
{
	return in->source ? in->source(in->ctx, o->source) : NULL;
}

/* Is si of the class of sources the BMC asks for (policy.h)? */
static bool in_class(enum bmc_action cls, const struct source_info *si)
{
	switch (cls) {
	case BMC_ACT_DISK:
		return si && si->kind && streq(si->kind, "disk");
	case BMC_ACT_OPTICAL:
		return si && si->kind && streq(si->kind, "cdrom") &&
		       si->fstype && (streq(si->fstype, "iso9660") ||
				      streq(si->fstype, "udf"));
	case BMC_ACT_NETWORK:
		return si && si->kind && streq(si->kind, "network");
	default:
		return true;
	}
}

/* Can o boot, within cls (BMC_ACT_POLICY: any source)? */
static bool bootable(const struct policy_input *in, enum bmc_action cls,
		     const struct boot_option *o)
{
	return o->kernel && !o->kernel->missing && !o->error &&
	       !tried(in, o) && in_class(cls, source_of(in, o));
}

/*
 * The option's place in the boot order; RANK_NONE: its source is not in
 * it, but RANK_AFTER within the BMC's class (cls), which the BMC names.
 */
static int rank(const struct policy_input *in, enum bmc_action cls,
		const struct boot_option *o)
{
	int r = config_order_rank(in->boot_order, source_of(in, o));

	if (r >= 0)
		return r;
	return cls == BMC_ACT_POLICY ? RANK_NONE : RANK_AFTER;
}

/*
 * The bootable option a pattern names: by id first (ids are unique), then
 * the title glob on the best-ranked source (any source, when the pattern
 * names one outside the boot order: a pattern is an explicit choice).
 */
static struct boot_option *by_pattern(const struct policy_input *in,
				      enum bmc_action cls, const char *pat,
				      bool *by_id)
{
	struct boot_option *o, *best = NULL;
	int r, best_r = INT_MAX;
	size_t i;

	for (i = 0; i < in->n_options; i++) {
		o = in->options[i];
		if (bootable(in, cls, o) &&
		    config_pattern_matches(pat, o, true)) {
			*by_id = true;
			return o;
		}
	}
	*by_id = false;
	for (i = 0; i < in->n_options; i++) {
		o = in->options[i];
		if (!bootable(in, cls, o) ||
		    !config_pattern_matches(pat, o, false))
			continue;
		r = rank(in, cls, o);
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
static void by_order(const struct policy_input *in, enum bmc_action cls,
		     struct policy_choice *out)
{
	struct boot_option *o, *first = NULL, *cfg = NULL;
	int r, first_r = RANK_NONE, cfg_r = RANK_NONE;
	size_t i;

	for (i = 0; i < in->n_options; i++) {
		o = in->options[i];
		r = bootable(in, cls, o) ? rank(in, cls, o) : RANK_NONE;
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

/* The choice among the options of cls (BMC_ACT_POLICY: every option). */
static void choose(const struct policy_input *in, enum bmc_action cls,
		   struct policy_choice *out)
{
	struct boot_option *o;
	bool by_id;

	*out = (struct policy_choice) { .rule = POLICY_NOTHING, .why = "" };
	if (in->next && (o = by_pattern(in, cls, in->next, &by_id))) {
		out->option = o;
		out->rule = by_id ? POLICY_NEXT_ID : POLICY_NEXT_TITLE;
		out->why = by_id ? "next (one-shot) names its id" :
			   "next (one-shot) matches its title";
		return;
	}
	if (in->default_pattern &&
	    (o = by_pattern(in, cls, in->default_pattern, &by_id))) {
		out->option = o;
		out->rule = by_id ? POLICY_DEFAULT_ID : POLICY_DEFAULT_TITLE;
		out->why = by_id ? "default names its id" :
			   "default matches its title";
		return;
	}
	out->default_unmatched = in->default_pattern != NULL;
	by_order(in, cls, out);
}

static const char *bmc_why(enum bmc_action cls)
{
	switch (cls) {
	case BMC_ACT_DISK:
		return "the BMC's override: disk first";
	case BMC_ACT_OPTICAL:
		return "the BMC's override: CD/DVD first";
	default:
		return "the BMC's override: network first";
	}
}

void policy_choose(const struct policy_input *in, struct policy_choice *out)
{
	switch (in->bmc) {
	case BMC_ACT_DISK:
	case BMC_ACT_OPTICAL:
	case BMC_ACT_NETWORK:
		choose(in, in->bmc, out);
		if (out->option) {
			/* "default" may well name another class */
			out->default_unmatched = false;
			out->by_bmc = true;
			out->why = bmc_why(in->bmc);
			return;
		}
		choose(in, BMC_ACT_POLICY, out);
		out->bmc_unmet = true;
		return;
	case BMC_ACT_WAIT:
		choose(in, BMC_ACT_POLICY, out);
		out->wait = true;
		out->why = "the BMC asks for no autoboot";
		return;
	default:
		choose(in, BMC_ACT_POLICY, out);
		return;
	}
}

bool policy_wait_for_network(const struct policy_input *in,
			     const struct policy_choice *c, bool net_pending)
{
	return in->bmc == BMC_ACT_NETWORK && c->bmc_unmet && !c->wait &&
	       net_pending;
}
