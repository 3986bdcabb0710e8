/* command.h: running a program with a time bound, its output collected. */
#ifndef BATON_LIB_COMMAND_H
#define BATON_LIB_COMMAND_H

#include <stddef.h>

/*
 * Run argv (argv[0] an absolute path) with stdin from /dev/null, a small
 * fixed environment (PATH, LC_ALL=C, LVM_SUPPRESS_FD_WARNINGS) and
 * stdout/stderr collected into out (at most len - 1 bytes, NUL-
 * terminated; the rest is read and dropped), killed after timeout_ms.
 * Blocks: for a worker. Returns the exit status, 128 + signal,
 * -ETIMEDOUT or -errno.
 */
int run_command(char *const argv[], unsigned timeout_ms, char *out,
		size_t len);

#endif
