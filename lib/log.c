/*
 * log.c: leveled logging. Each line is prefixed "baton: " so that it can be
 * told apart on a shared serial console. Control characters in messages are
 * replaced, since messages quote titles and paths from untrusted disks.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/text.h"
#include "lib/util.h"

#define LOG_CONSOLES_MAX 8

/* Process-wide by nature (like stderr itself); guarded for worker threads. */
static struct {
	unsigned sinks;
	int kmsg_fd;
	int file_fd;
	int console_fd[LOG_CONSOLES_MAX];
	int n_consoles;
	char *recent[LOG_RECENT_MAX];	/* ring of the last lines */
	unsigned recent_next;
	enum log_level max_level;
	pthread_mutex_t lock;
} log_state = {
	.sinks = LOG_SINK_STDERR,
	.kmsg_fd = -1,
	.file_fd = -1,
	.max_level = LOG_INFO,
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int log_open(unsigned sinks, const char *path, enum log_level max_level)
{
	int ret = 0;

	log_close();
	pthread_mutex_lock(&log_state.lock);
	log_state.max_level = max_level;
	log_state.sinks = sinks;
	if (sinks & LOG_SINK_KMSG) {
		log_state.kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
		if (log_state.kmsg_fd < 0) {
			ret = -errno;
			log_state.sinks &= ~LOG_SINK_KMSG;
		}
	}
	if ((sinks & LOG_SINK_FILE) && path) {
		log_state.file_fd = open(path, O_WRONLY | O_CREAT | O_APPEND |
					 O_CLOEXEC, 0600);
		if (log_state.file_fd < 0) {
			ret = -errno;
			log_state.sinks &= ~LOG_SINK_FILE;
		}
	}
	pthread_mutex_unlock(&log_state.lock);
	return ret;
}

void log_close(void)
{
	pthread_mutex_lock(&log_state.lock);
	if (log_state.kmsg_fd >= 0)
		close(log_state.kmsg_fd);
	if (log_state.file_fd >= 0)
		close(log_state.file_fd);
	log_state.kmsg_fd = log_state.file_fd = -1;
	while (log_state.n_consoles)
		close(log_state.console_fd[--log_state.n_consoles]);
	log_state.sinks = LOG_SINK_STDERR;
	pthread_mutex_unlock(&log_state.lock);
}

/* The consoles the kernel prints on ("tty0 ttyS0"), each opened once. */
static int open_consoles(void)
{
	char buf[256], path[64], *name, *save = NULL;
	FILE *f = fopen("/sys/class/tty/console/active", "re");
	int fd;

	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	for (name = strtok_r(buf, " \n", &save); name &&
	     log_state.n_consoles < LOG_CONSOLES_MAX;
	     name = strtok_r(NULL, " \n", &save)) {
		snprintf(path, sizeof(path), "/dev/%s", name);
		fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			log_state.console_fd[log_state.n_consoles++] = fd;
	}
	return log_state.n_consoles ? 0 : -ENODEV;
}

static void write_all(int fd, const char *s, size_t n);

/*
 * The lines kept so far, on the consoles just opened (lock held): headless
 * is known only once the saved settings are read, and the console must
 * still show what was found before.
 */
static void replay_recent(void)
{
	unsigned i, j, n = MIN(log_state.recent_next, LOG_RECENT_MAX);
	unsigned first = log_state.recent_next - n;
	const char *s;

	for (i = 0; i < n; i++) {
		s = log_state.recent[(first + i) % LOG_RECENT_MAX];
		for (j = 0; s && j < (unsigned)log_state.n_consoles; j++) {
			write_all(log_state.console_fd[j], "baton: ", 7);
			write_all(log_state.console_fd[j], s, strlen(s));
			write_all(log_state.console_fd[j], "\r\n", 2);
		}
	}
}

int log_add_sinks(unsigned sinks)
{
	int ret = 0;

	pthread_mutex_lock(&log_state.lock);
	if ((sinks & LOG_SINK_CONSOLE) &&
	    !(log_state.sinks & LOG_SINK_CONSOLE)) {
		ret = open_consoles();
		if (!ret) {
			log_state.sinks |= LOG_SINK_CONSOLE;
			replay_recent();
		}
	}
	pthread_mutex_unlock(&log_state.lock);
	return ret;
}

/* Keep line in the ring (called with the lock held). */
static void remember(const char *line)
{
	unsigned i = log_state.recent_next % LOG_RECENT_MAX;

	free(log_state.recent[i]);
	log_state.recent[i] = strdup(line);
	log_state.recent_next++;
}

char **log_recent(void)
{
	char **v;
	unsigned i, n, first;

	pthread_mutex_lock(&log_state.lock);
	n = MIN(log_state.recent_next, LOG_RECENT_MAX);
	first = log_state.recent_next - n;
	v = calloc(n + 1, sizeof(*v));
	for (i = 0; v && i < n; i++) {
		const char *s = log_state.recent[(first + i) % LOG_RECENT_MAX];

		v[i] = strdup(s ? s : "");
		if (!v[i]) {
			strv_free(v);
			v = NULL;
		}
	}
	pthread_mutex_unlock(&log_state.lock);
	return v;
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char raw[1024], msg[1024], line[1100];
	int n;
	va_list ap;

	if (level > log_state.max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize_into(msg, sizeof(msg), raw);

	pthread_mutex_lock(&log_state.lock);
	if (log_state.sinks & LOG_SINK_KMSG) {
		/*
		 * Every record at info level: visible in dmesg, but not
		 * printed over a menu on the console (the menus show the
		 * daemon's messages themselves).
		 */
		n = snprintf(line, sizeof(line), "<%d>baton: %s%s\n", LOG_INFO,
			     level <= LOG_ERR ? "error: " : "", msg);
		write_all(log_state.kmsg_fd, line, MIN((size_t)n, sizeof(line) - 1));
	}
	n = snprintf(line, sizeof(line), "baton: %s\n", msg);
	n = MIN((size_t)n, sizeof(line) - 1);
	if (log_state.sinks & LOG_SINK_STDERR)
		write_all(2, line, n);
	if (log_state.sinks & LOG_SINK_FILE)
		write_all(log_state.file_fd, line, n);
	if (log_state.sinks & LOG_SINK_CONSOLE) {
		int i;

		/* "\r\n": right even on a tty whose output is raw */
		line[n - 1] = '\r';
		for (i = 0; i < log_state.n_consoles; i++) {
			write_all(log_state.console_fd[i], line, n);
			write_all(log_state.console_fd[i], "\n", 1);
		}
	}
	remember(msg);
	pthread_mutex_unlock(&log_state.lock);
}
