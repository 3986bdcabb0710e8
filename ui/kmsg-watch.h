/* kmsg-watch.h: kernel messages that may have been printed over the menu. */
#ifndef BATON_UI_KMSG_WATCH_H
#define BATON_UI_KMSG_WATCH_H

#include <stdbool.h>

/*
 * /dev/kmsg opened for reading from its end, non-blocking: an fd to poll,
 * or -errno (the menu then goes without).
 */
int kmsg_watch_open(void);

/*
 * Read every record waiting on fd (one record per read, as /dev/kmsg gives
 * them). True when one of them, or a record lost to an overrun, is of a
 * level the console prints (below console_level, the first number of
 * /proc/sys/kernel/printk).
 */
bool kmsg_watch_printed(int fd, int console_level);

/* The level (0-7) of a record "PRI,SEQ,TIME,FLAGS;text", or -1. */
int kmsg_record_level(const char *rec, size_t len);

/* The console's log level, from /proc/sys/kernel/printk (7 if unread). */
int kmsg_console_level(void);

#endif
