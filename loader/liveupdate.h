/*
 * liveupdate.h: live updates (Linux's Live Update Orchestrator on Kexec
 * HandOver): what a live update needs of the running kernel and of the
 * next kernel's command line, and carrying incoming sessions through
 * baton when baton is the kernel a live update lands in.
 *
 * Every function returns 0 or a negative errno; loader_strerror(err,
 * LOAD_STAGE_LIVEUPDATE) explains each.
 */
#ifndef BATON_LOADER_LIVEUPDATE_H
#define BATON_LOADER_LIVEUPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The command line in with kho=on and liveupdate=on: a kho= or liveupdate=
 * word already there is set to on (the last one counts for the kernel, so
 * every one is), a missing one is appended. *out is allocated; free it.
 * Quoted words ("a b") are kept whole. in NULL: "".
 * Errors: -ENOMEM.
 */
int liveupdate_cmdline(const char *in, char **out);

/*
 * Whether the running kernel can preserve sessions across a kexec: its
 * /dev/liveupdate exists (LUO on, which needs KHO on). root: "/" or a
 * test's folder standing for it (NULL: "/"). Does not open the device:
 * the program that preserves its sessions holds it open.
 * Errors: -ENODEV.
 */
int liveupdate_check(const char *root);

/*
 * True when systemd is PID 1 (root/run/systemd/system exists, as
 * sd_booted(3) decides): then `systemctl kexec` starts the loaded kernel,
 * so that systemd preserves its services' file descriptor stores.
 */
bool liveupdate_systemd_pid1(const char *root);

/*
 * True when the running kernel arrived by a live update: its log says LUO
 * retrieved live update data (klogctl; needs the log to be readable).
 */
bool liveupdate_arrived(void);

/* ---- baton in the middle: carrying incoming sessions ------------------ */

#define LU_CARRY_SESSIONS 16	/* sessions one spec may name */
#define LU_CARRY_TOKENS 32	/* files one session may carry */

/* One session to carry: its name and the tokens of its files. */
struct lu_session_spec {
	char name[64];			/* LUO_SESSION_NAME_LEN */
	uint64_t tokens[LU_CARRY_TOKENS];
	size_t n_tokens;
};

/*
 * Parse "NAME:TOKEN[+TOKEN]...[,NAME:TOKEN...]" (the liveupdate_sessions
 * setting; spaces around the commas are allowed) into out[max]. The
 * kernel offers no way to list what arrived, so what to carry is named.
 * Errors: -EINVAL (with the offending part in why), -E2BIG (too many).
 */
int lu_spec_parse(const char *spec, struct lu_session_spec *out, size_t max,
		  size_t *n, char *why, size_t len);

enum lu_state {
	LU_NONE,	/* this kernel did not arrive by a live update */
	LU_ARRIVED,	/* it did; nothing done yet */
	LU_CARRIED,	/* the named sessions are preserved again */
	LU_DROPPED,	/* they will be lost: liveupdate_drop allowed it */
	LU_BLOCKED,	/* they would be lost: booting is refused */
};

struct lu_carry;

/* A carry for this boot (arrived: liveupdate_arrived()); NULL: -ENOMEM. */
struct lu_carry *lu_carry_new(bool arrived);

/* Close what it holds (outgoing sessions are then unpreserved); NULL ok. */
void lu_carry_free(struct lu_carry *c);

/*
 * Before a boot: when a live update arrived, retrieve every session of
 * spec and each of its files by token, and preserve them again in new
 * sessions of the same names and tokens, held open until the kexec (the
 * caller then loads with LOAD_LIVE_UPDATE: see lu_carry_active). Done
 * once; later calls return the first outcome. When nothing is named, or
 * a session or file cannot be carried, it fails with -ENOLINK unless
 * drop is set (then the loss is in lu_carry_summary and it returns 0).
 * why gets one sentence either way; the caller logs it. luo_dev: NULL for
 * /dev/liveupdate (tests). c NULL: nothing is known, 0.
 * Errors: -ENOLINK, -EINVAL (a bad spec), what /dev/liveupdate returns.
 */
int lu_carry_prepare(struct lu_carry *c, const char *spec, bool drop,
		     const char *luo_dev, char *why, size_t len);

/* True when the next boot must be a live update (sessions carried). */
bool lu_carry_active(const struct lu_carry *c);

/* The state, and one line for the menu, status and log ("" for LU_NONE). */
enum lu_state lu_carry_state(const struct lu_carry *c);
const char *lu_carry_summary(const struct lu_carry *c);

/* The state in one word for the protocol ("arrived", ...); NULL: none. */
const char *lu_state_name(enum lu_state state);

#endif
