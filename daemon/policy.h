/*
 * policy.h: which option autoboot boots, and why: one pure function of
 * the options, the settings that choose (one-shot "next", "default",
 * boot order, config_default), the BMC's override, and the options already
 * tried. No clock, no I/O, no daemon: tests/unit/daemon/test-policy.c is
 * its table.
 */
#ifndef BATON_DAEMON_POLICY_H
#define BATON_DAEMON_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon/bmc.h"
#include "lib/boot-option.h"

struct policy_input {
	/* every option, in menu order */
	struct boot_option *const *options;
	size_t n_options;
	/* the source an option names (its boot order place), or NULL */
	const struct source_info *(*source)(const void *ctx, const char *name);
	const void *ctx;
	const char *next;	/* one-shot pattern for this boot, or NULL */
	const char *default_pattern;	/* "default": id or title glob */
	const char *boot_order;	/* "usb disk label=X ...", or NULL */
	bool config_default;	/* honour what the configs call default */
	/* the BMC's override (bmc.h): a class of sources first, or wait */
	enum bmc_action bmc;
	/* ids that failed to boot this time: never chosen again */
	char *const *tried;
	size_t n_tried;
};

enum policy_rule {
	POLICY_NOTHING,		/* no option can boot */
	POLICY_NEXT_ID,		/* "next" names its id */
	POLICY_NEXT_TITLE,	/* "next" matches its title */
	POLICY_DEFAULT_ID,
	POLICY_DEFAULT_TITLE,
	POLICY_CONFIG_DEFAULT,	/* best source by boot order: its default */
	POLICY_FIRST,		/* best source by boot order: first option */
};

struct policy_choice {
	struct boot_option *option;	/* NULL with POLICY_NOTHING */
	enum policy_rule rule;
	const char *why;	/* the reason in words (static) */
	/* "default" is set but names no option that can boot (yet) */
	bool default_unmatched;
	/* the BMC's class of sources gave the option (rule: how, within it) */
	bool by_bmc;
	/* the BMC asks for a class of sources where nothing can boot (yet) */
	bool bmc_unmet;
	/* the BMC asks for no autoboot: option is only what the menu marks */
	bool wait;
};

/*
 * Choose, in this order: "next" (by id, then title glob on the best
 * placed source), "default" (the same), then the source best placed in
 * the boot order (sources outside it are not booted unless a pattern
 * names them): the first option there that its config calls default
 * when config_default is on, else the first option there.
 * Only options with a kernel that exists, no error and not tried count.
 *
 * The BMC's override comes first: BMC_ACT_DISK, _OPTICAL or _NETWORK make
 * the same choice among the options of that class of sources alone (disk:
 * kind "disk"; optical: kind "cdrom" (sr*) with an iso9660 or udf
 * filesystem; network: kind "network"), where a source outside the boot
 * order still counts, after those in it (by_bmc); when that class has
 * nothing that can boot, bmc_unmet and the choice above. BMC_ACT_WAIT:
 * the choice above, with wait set (no autoboot).
 */
void policy_choose(const struct policy_input *in, struct policy_choice *out);

/*
 * At the countdown's end, should autoboot wait before booting c (chosen
 * from in)? Yes when the BMC asks for the network, nothing there can boot
 * yet (bmc_unmet) and net_pending: an interface still waits for its lease
 * or a lease's configs are being looked up, so that a network option may
 * still come. The caller bounds the wait.
 */
bool policy_wait_for_network(const struct policy_input *in,
			     const struct policy_choice *c, bool net_pending);

#endif
