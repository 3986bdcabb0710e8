/*
 * log.c: leveled logging. Each line is prefixed "baton: " so that it can be
 * told apart on a shared serial console. Control characters in messages are
 * replaced, since messages quote titles and paths from untrusted disks.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/fdio.h"
#include "lib/log.h"
#include "lib/text.h"
#include "lib/util.h"

#define LOG_CONSOLES_MAX 8
/*
 * How long a line waits for room on a console (a serial line drains 4 KiB
 * in about 0.35 s at 115200 baud). A console that stays full that long is
 * taken as stuck (flow control held): its lines are then written only as
 * far as they fit, without waiting, until one fits whole again.
 */
#define LOG_CONSOLE_WAIT_MS 1000

/* Process-wide by nature (like stderr itself); guarded for worker threads. */
static struct {
	unsigned sinks;
	int kmsg_fd;
	int file_fd;
	int console_fd[LOG_CONSOLES_MAX];
	bool console_stuck[LOG_CONSOLES_MAX];
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

static void tty_stop(void);

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
	tty_stop();
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
		if (fd < 0)
			continue;
		log_state.console_stuck[log_state.n_consoles] = false;
		log_state.console_fd[log_state.n_consoles++] = fd;
	}
	return log_state.n_consoles ? 0 : -ENODEV;
}

/*
 * A line on console i (lock held). The fd is non-blocking, so that a
 * console nobody reads cannot stop the daemon; a line waits a moment for
 * room instead of being lost while a busy serial line drains.
 */
static void console_put(int i, const char *line, size_t n)
{
	int ret;

	ret = fd_write_wait(log_state.console_fd[i], line, n,
			    log_state.console_stuck[i] ? 0 : LOG_CONSOLE_WAIT_MS);
	log_state.console_stuck[i] = ret == -ETIMEDOUT;
}

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
			console_put(j, "baton: ", 7);
			console_put(j, s, strlen(s));
			console_put(j, "\r\n", 2);
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

/*
 * The log terminal (--log-tty). Loggers only queue their lines; a thread
 * of its own writes them, blocking as a slow serial line makes it, so
 * that no logger (the daemon's loop among them) ever waits for the line.
 * A queue that is full loses lines, counted and said once there is room.
 */
#define LOG_TTY_QUEUE (64 << 10)

static struct {
	pthread_mutex_t lock;
	pthread_cond_t more;	/* the writer: lines to send, or stop */
	int fd;			/* -1: no log terminal */
	unsigned gen;		/* which writer is the current one */
	char *buf;		/* the queue */
	size_t len;
	bool writing;		/* the writer is sending a chunk of it */
	unsigned dropped;	/* lines the queue had no room for */
} tty = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.more = PTHREAD_COND_INITIALIZER,
	.fd = -1,
};

/* What a writer is started with: its terminal and its generation. */
struct tty_writer_arg {
	int fd;
	unsigned gen;
};

static void *tty_writer(void *p)
{
	struct tty_writer_arg *arg = p;
	unsigned gen = arg->gen;
	int fd = arg->fd;
	char chunk[4096];
	size_t n;

	free(arg);
	pthread_mutex_lock(&tty.lock);
	for (;;) {
		while (tty.gen == gen && !tty.len)
			pthread_cond_wait(&tty.more, &tty.lock);
		if (tty.gen != gen)
			break;
		n = MIN(tty.len, sizeof(chunk));
		memcpy(chunk, tty.buf, n);
		memmove(tty.buf, tty.buf + n, tty.len - n);
		tty.len -= n;
		tty.writing = true;
		pthread_mutex_unlock(&tty.lock);
		fd_write_full(fd, chunk, n);
		pthread_mutex_lock(&tty.lock);
		tty.writing = false;
	}
	pthread_mutex_unlock(&tty.lock);
	close(fd);
	return NULL;
}

/* The current writer (if any) closes its terminal and ends. */
static void tty_stop(void)
{
	pthread_mutex_lock(&tty.lock);
	if (tty.fd >= 0) {
		tty.gen++;
		tty.fd = -1;
		free(tty.buf);
		tty.buf = NULL;
		tty.len = 0;
		tty.dropped = 0;
		pthread_cond_broadcast(&tty.more);
	}
	pthread_mutex_unlock(&tty.lock);
}

/* Queue n bytes of line for the log terminal; false: no room. */
static bool tty_put(const char *line, size_t n)
{
	if (tty.len + n > LOG_TTY_QUEUE)
		return false;
	memcpy(tty.buf + tty.len, line, n);
	tty.len += n;
	return true;
}

static void tty_queue(const char *line, size_t n)
{
	char note[96];
	int k;

	pthread_mutex_lock(&tty.lock);
	if (tty.fd < 0)
		goto out;
	if (tty.dropped) {
		k = snprintf(note, sizeof(note), "baton: (%u line(s) not sent: "
			     "the terminal was full)\r\n", tty.dropped);
		if (!tty_put(note, k)) {
			tty.dropped++;
			goto out;
		}
		tty.dropped = 0;
	}
	if (!tty_put(line, n))
		tty.dropped++;
	pthread_cond_signal(&tty.more);
out:
	pthread_mutex_unlock(&tty.lock);
}

int log_add_tty(const char *path)
{
	struct tty_writer_arg *arg;
	pthread_attr_t attr;
	pthread_t tid;
	char *buf;
	int fd, ret;

	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* opened without waiting for a carrier; written blocking */
	if (!isatty(fd) || fcntl(fd, F_SETFL, 0)) {
		ret = isatty(fd) ? -errno : -ENOTTY;
		close(fd);
		return ret;
	}
	buf = malloc(LOG_TTY_QUEUE);
	arg = malloc(sizeof(*arg));
	if (!buf || !arg) {
		free(buf);
		free(arg);
		close(fd);
		return -ENOMEM;
	}
	tty_stop();
	pthread_mutex_lock(&tty.lock);
	tty.fd = fd;
	tty.buf = buf;
	arg->fd = fd;
	arg->gen = ++tty.gen;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 << 10);
	ret = -pthread_create(&tid, &attr, tty_writer, arg);
	pthread_attr_destroy(&attr);
	if (ret) {
		tty.fd = -1;
		tty.buf = NULL;
	}
	pthread_mutex_unlock(&tty.lock);
	if (ret) {
		free(arg);
		free(buf);
		close(fd);
		return ret;
	}
	pthread_mutex_lock(&log_state.lock);
	log_state.sinks |= LOG_SINK_TTY;
	pthread_mutex_unlock(&log_state.lock);
	return 0;
}

/* Bytes fd's terminal still has to send (0 when it cannot tell). */
static int unsent(int fd)
{
	int n = 0;

	if (fd < 0 || ioctl(fd, TIOCOUTQ, &n))
		return 0;
	return n;
}

void log_drain(unsigned max_ms)
{
	uint64_t end = event_now_ms() + max_ms;
	int i, left;

	do {	/* the queue to the writer, the writer to the terminal */
		pthread_mutex_lock(&tty.lock);
		left = tty.len || tty.writing ? 1 : unsent(tty.fd);
		pthread_mutex_unlock(&tty.lock);
		pthread_mutex_lock(&log_state.lock);
		for (i = 0; i < log_state.n_consoles; i++)
			left += unsent(log_state.console_fd[i]);
		pthread_mutex_unlock(&log_state.lock);
		if (left)
			usleep(10000);
	} while (left && event_now_ms() < end);
	/* the UART's own FIFO: 16 bytes, about 1.5 ms at 115200 baud */
	usleep(5000);
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
		fd_write_full(log_state.kmsg_fd, line, MIN((size_t)n, sizeof(line) - 1));
	}
	n = snprintf(line, sizeof(line), "baton: %s\n", msg);
	n = MIN((size_t)n, sizeof(line) - 1);
	if (log_state.sinks & LOG_SINK_STDERR)
		fd_write_full(2, line, n);
	if (log_state.sinks & LOG_SINK_FILE)
		fd_write_full(log_state.file_fd, line, n);
	if (log_state.sinks & (LOG_SINK_CONSOLE | LOG_SINK_TTY)) {
		int i;

		/* "\r\n": right even on a tty whose output is raw */
		line[n - 1] = '\r';
		line[n] = '\n';
		for (i = 0; i < log_state.n_consoles; i++)
			console_put(i, line, n + 1);
		if (log_state.sinks & LOG_SINK_TTY)
			tty_queue(line, n + 1);
	}
	remember(msg);
	pthread_mutex_unlock(&log_state.lock);
}
