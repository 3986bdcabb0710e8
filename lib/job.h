/*
 * job.h: work done off the event loop: run() in a detached thread of its
 * own, then done() back on the loop, which owns (and frees) the job again.
 * A job embeds struct job and reaches its own context from it.
 */
#ifndef BATON_LIB_JOB_H
#define BATON_LIB_JOB_H

#include "lib/event.h"

struct job {
	void (*run)(struct job *j);	/* in the worker thread */
	void (*done)(struct job *j);	/* on the loop, after run() */
	int pipe_fd;			/* set by job_start */
};

/* The pipe that hands finished jobs back to one loop. */
struct job_runner {
	int pipe[2];
	struct event_fd *watch;
};

/* Watch r's pipe on loop. 0 or -errno (then r holds nothing). */
int job_runner_init(struct job_runner *r, struct event_loop *loop);
/*
 * Stop watching and close the pipe (a job still running loses its
 * result). Harmless twice, and on a runner whose pipe is { -1, -1 }.
 */
void job_runner_release(struct job_runner *r);
/* Run j in a thread of its own. 0 or -errno (then j is not run). */
int job_start(struct job_runner *r, struct job *j);

#endif
