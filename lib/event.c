/* event.c: epoll event loop with fd watches, timers and signalfd signals. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/util.h"

struct event_fd {
	struct event_loop *loop;
	int fd;
	event_fd_cb cb;
	void *data;
	bool removed;
	struct event_fd *next;
};

struct event_timer {
	struct event_loop *loop;
	uint64_t due;
	event_timer_cb cb;
	void *data;
	struct event_timer *next;
};

struct event_signal {
	int signo;
	event_signal_cb cb;
	void *data;
};

struct event_loop {
	int epfd;
	struct event_fd *fds;
	struct event_timer *timers;	/* sorted by due */
	struct event_signal sigs[8];
	int n_sigs;
	int sigfd;
	sigset_t sigmask;
	struct event_fd *sig_watch;
	bool quit;
	int status;
};

uint64_t event_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct event_loop *event_loop_new(void)
{
	struct event_loop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return NULL;
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		free(loop);
		return NULL;
	}
	return loop;
}

static void reap_fds(struct event_loop *loop)
{
	struct event_fd **pp = &loop->fds, *e;

	while ((e = *pp)) {
		if (e->removed) {
			*pp = e->next;
			free(e);
		} else {
			pp = &e->next;
		}
	}
}

void event_loop_free(struct event_loop *loop)
{
	struct event_timer *t;

	if (!loop)
		return;
	while (loop->fds) {
		loop->fds->removed = true;
		reap_fds(loop);
	}
	while ((t = loop->timers)) {
		loop->timers = t->next;
		free(t);
	}
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	close(loop->epfd);
	free(loop);
}

struct event_fd *event_add_fd(struct event_loop *loop, int fd, uint32_t events,
			      event_fd_cb cb, void *data)
{
	struct event_fd *e = calloc(1, sizeof(*e));
	struct epoll_event ev = { .events = events };

	if (!e)
		return NULL;
	e->loop = loop;
	e->fd = fd;
	e->cb = cb;
	e->data = data;
	ev.data.ptr = e;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(e);
		return NULL;
	}
	e->next = loop->fds;
	loop->fds = e;
	return e;
}

int event_fd_set_events(struct event_fd *e, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = e };

	if (epoll_ctl(e->loop->epfd, EPOLL_CTL_MOD, e->fd, &ev) < 0)
		return -errno;
	return 0;
}

void event_remove_fd(struct event_fd *e)
{
	if (!e || e->removed)
		return;
	epoll_ctl(e->loop->epfd, EPOLL_CTL_DEL, e->fd, NULL);
	e->removed = true;	/* freed after the current dispatch round */
}

struct event_timer *event_add_timer(struct event_loop *loop, unsigned ms,
				    event_timer_cb cb, void *data)
{
	struct event_timer *t = calloc(1, sizeof(*t)), **pp;

	if (!t)
		return NULL;
	t->loop = loop;
	t->due = event_now_ms() + ms;
	t->cb = cb;
	t->data = data;
	for (pp = &loop->timers; *pp && (*pp)->due <= t->due; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	return t;
}

void event_cancel_timer(struct event_timer *t)
{
	struct event_timer **pp;

	if (!t)
		return;
	for (pp = &t->loop->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			free(t);
			return;
		}
	}
}

static void on_signalfd(struct event_loop *loop, int fd, uint32_t events,
			void *data)
{
	struct signalfd_siginfo si;
	int i;

	while (read(fd, &si, sizeof(si)) == sizeof(si))
		for (i = 0; i < loop->n_sigs; i++)
			if (loop->sigs[i].signo == (int)si.ssi_signo)
				loop->sigs[i].cb(loop, si.ssi_signo,
						 loop->sigs[i].data);
}

int event_add_signal(struct event_loop *loop, int signo, event_signal_cb cb,
		     void *data)
{
	int fd;

	if (loop->n_sigs == (int)ARRAY_SIZE(loop->sigs))
		return -ENOSPC;
	sigaddset(&loop->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &loop->sigmask, NULL) < 0)
		return -errno;
	fd = signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (loop->sigfd < 0) {
		loop->sigfd = fd;
		loop->sig_watch = event_add_fd(loop, fd, EPOLLIN, on_signalfd,
					       NULL);
		if (!loop->sig_watch)
			return -ENOMEM;
	}
	loop->sigs[loop->n_sigs].signo = signo;
	loop->sigs[loop->n_sigs].cb = cb;
	loop->sigs[loop->n_sigs].data = data;
	loop->n_sigs++;
	return 0;
}

static int next_timeout(struct event_loop *loop)
{
	uint64_t now;

	if (!loop->timers)
		return -1;
	now = event_now_ms();
	if (loop->timers->due <= now)
		return 0;
	return (int)MIN(loop->timers->due - now, 60000u);
}

static void run_timers(struct event_loop *loop)
{
	uint64_t now = event_now_ms();
	struct event_timer *t;

	while (!loop->quit && (t = loop->timers) && t->due <= now) {
		loop->timers = t->next;
		t->cb(loop, t->data);
		free(t);
	}
}

int event_loop_run(struct event_loop *loop)
{
	struct epoll_event evs[16];
	int i, n;

	loop->quit = false;
	while (!loop->quit) {
		n = epoll_wait(loop->epfd, evs, ARRAY_SIZE(evs),
			       next_timeout(loop));
		if (n < 0 && errno != EINTR)
			return -errno;
		for (i = 0; i < n && !loop->quit; i++) {
			struct event_fd *e = evs[i].data.ptr;

			if (!e->removed)
				e->cb(loop, e->fd, evs[i].events, e->data);
		}
		reap_fds(loop);
		run_timers(loop);
	}
	return loop->status;
}

void event_loop_quit(struct event_loop *loop, int status)
{
	loop->quit = true;
	loop->status = status;
}
