/*
 * signed.h: signed boot in the daemon: the machine's lockdown and Secure
 * Boot state (signed.c), the `verify` setting, the predictions of what a
 * locked-down kernel will refuse, made off the loop (predict-job.c), and
 * the detached signatures a load needs under `verify` (boot-verify.h).
 */
#ifndef BATON_DAEMON_SIGNED_H
#define BATON_DAEMON_SIGNED_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "loader/lockdown.h"

struct daemon;
struct predict_job;

enum verify_mode {
	VERIFY_OFF = 0,	/* the kernel's own checks only */
	VERIFY_WARN,	/* check, say what would be refused, boot anyway */
	VERIFY_ENFORCE,	/* refuse what does not verify */
};

/* signed.c's own state. */
struct signed_state {
	struct machine_state ms;	/* read once at start */
	struct predict_job *job;	/* predictions running, or NULL */
	bool again;		/* options changed while they ran */
};

/* Read the machine's state (sysfs: quick, on the loop) and log it. */
void daemon_signed_start(struct daemon *d);

/* The `verify` setting in force. */
enum verify_mode daemon_verify_mode(struct daemon *d);
/* "off", "warn", "enforce". Never NULL. */
const char *verify_mode_name(enum verify_mode mode);

/*
 * Does the running kernel check the signatures of the kernels it loads
 * (lockdown, or Secure Boot with an unreadable lockdown mode)?
 */
bool daemon_signed_enforced(struct daemon *d);

/*
 * {lockdown, secure_boot, verify, message} for `baton status --json` and
 * the menu's information page; NULL when out of memory.
 */
json_t *daemon_signed_json(struct daemon *d);

/*
 * May a client boot an option it edited? 0, or -EPERM with why filled
 * (verify=enforce: the command line is covered by its signature).
 */
int daemon_signed_may_edit(struct daemon *d, char *why, size_t len);

#ifdef CONFIG_LOADER_VERIFY
/*
 * The options changed: predict, in a worker, whether the running kernel
 * will accept the kernel of each option not yet predicted (only when it
 * checks signatures), then mark them (boot_option.sig_*) and tell the
 * clients. One run at a time; changes meanwhile start another after it.
 */
void daemon_predict_options(struct daemon *d);
#else
static inline void daemon_predict_options(struct daemon *d) { }
#endif

#endif
