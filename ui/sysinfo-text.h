/* sysinfo-text.h: a sysinfo message as lines a person reads (menu, CLI). */
#ifndef BATON_UI_SYSINFO_TEXT_H
#define BATON_UI_SYSINFO_TEXT_H

#include <jansson.h>

/*
 * The kernel, its command line, signed boot's state, the block devices
 * (and folders standing for sources) and the network interfaces of a
 * sysinfo message, one line each (not sanitized: the caller draws or prints them safely); extra (or
 * NULL) is a line after the command line. Returns a strv the caller
 * frees (strv_free), or NULL when out of memory.
 */
char **sysinfo_lines(const json_t *sysinfo, const char *extra);

#endif
