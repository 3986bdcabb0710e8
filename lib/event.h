/*
 * event.h: the event loop: file descriptors, CLOCK_MONOTONIC timers and
 * signals (through signalfd) as callbacks on one epoll. Callbacks never
 * block; long work runs in worker threads that post back through an fd.
 */
#ifndef BATON_LIB_EVENT_H
#define BATON_LIB_EVENT_H

#include <stdint.h>
#include <sys/epoll.h>

struct event_loop;
struct event_fd;
struct event_timer;

/* events: EPOLLIN/EPOLLOUT/EPOLLHUP/EPOLLERR as epoll reports them. */
typedef void (*event_fd_cb)(struct event_loop *loop, int fd, uint32_t events,
			    void *data);
typedef void (*event_timer_cb)(struct event_loop *loop, void *data);
typedef void (*event_signal_cb)(struct event_loop *loop, int signo,
				void *data);

/* NULL when out of memory or epoll_create fails (errno set). */
struct event_loop *event_loop_new(void);
/* Frees the loop and every watch and timer still registered. */
void event_loop_free(struct event_loop *loop);

/* Watch fd for events (EPOLLIN and/or EPOLLOUT). NULL on failure. */
struct event_fd *event_add_fd(struct event_loop *loop, int fd, uint32_t events,
			      event_fd_cb cb, void *data);
int event_fd_set_events(struct event_fd *efd, uint32_t events);
/* Stop watching (does not close fd). Safe from within the callback. */
void event_remove_fd(struct event_fd *efd);

/* One-shot timer firing after ms milliseconds. NULL on failure. */
struct event_timer *event_add_timer(struct event_loop *loop, unsigned ms,
				    event_timer_cb cb, void *data);
/* Cancel a timer that has not fired yet (accepts NULL). */
void event_cancel_timer(struct event_timer *t);

/* Deliver signo through the loop instead of asynchronously. 0 or -errno. */
int event_add_signal(struct event_loop *loop, int signo, event_signal_cb cb,
		     void *data);

/* Run until event_loop_quit(); returns the value given to it. */
int event_loop_run(struct event_loop *loop);
void event_loop_quit(struct event_loop *loop, int status);

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t event_now_ms(void);

#endif
