/* log.h: leveled logging to stderr, the kernel log and/or a file. */
#ifndef BATON_LIB_LOG_H
#define BATON_LIB_LOG_H

enum log_level { LOG_ERR = 3, LOG_WARN = 4, LOG_INFO = 6, LOG_DEBUG = 7 };

enum log_sink {
	LOG_SINK_STDERR = 1 << 0,
	LOG_SINK_KMSG = 1 << 1,	/* /dev/kmsg: shows on the console */
	LOG_SINK_FILE = 1 << 2,
	LOG_SINK_CONSOLE = 1 << 3,	/* every active console (headless) */
	LOG_SINK_TTY = 1 << 4,	/* one terminal, named (log_add_tty) */
};

/*
 * Configure where messages go. path is used with LOG_SINK_FILE. Returns 0 or
 * -errno when a sink could not be opened (the others stay active).
 */
int log_open(unsigned sinks, const char *path, enum log_level max_level);
void log_close(void);

/*
 * Open more sinks (LOG_SINK_CONSOLE: /sys/class/tty/console/active, which
 * first get the lines kept so far: see log_recent).
 */
int log_add_sinks(unsigned sinks);

/*
 * Copy every line from now on to the terminal at path (a second serial
 * port), "\r\n"-ended. Writes never block: a line the terminal cannot
 * take at once is cut. 0 or -errno (then nothing is copied there).
 */
int log_add_tty(const char *path);

/*
 * Before the machine goes away (a kexec): wait until the terminals that
 * get the log (LOG_SINK_TTY, LOG_SINK_CONSOLE) have sent what they were
 * given, max_ms at most (a line held by flow control never ends).
 */
void log_drain(unsigned max_ms);

/*
 * The last LOG_RECENT_MAX lines logged (whatever the sinks), oldest first,
 * as a new NULL-terminated strv (strv_free), or NULL when out of memory.
 */
#define LOG_RECENT_MAX 256
char **log_recent(void);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
