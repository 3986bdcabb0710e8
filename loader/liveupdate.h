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

#endif
