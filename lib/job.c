/* job.c: worker threads that hand their job back to the loop via a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "lib/job.h"
#include "lib/log.h"

#define JOB_STACK_SIZE	(256 << 10)

static void *job_thread(void *arg)
{
	struct job *j = arg;

	j->run(j);
	/* hand j back to the loop; a pointer is written atomically to a pipe */
	if (write(j->pipe_fd, &j, sizeof(j)) != sizeof(j))
		log_err("lost the result of a worker");
	return NULL;
}

int job_start(struct job_runner *r, struct job *j)
{
	pthread_attr_t attr;
	pthread_t tid;
	int ret;

	j->pipe_fd = r->pipe[1];
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, JOB_STACK_SIZE);
	ret = -pthread_create(&tid, &attr, job_thread, j);
	pthread_attr_destroy(&attr);
	return ret;
}

static void on_done(struct event_loop *loop, int fd, uint32_t events,
		    void *data)
{
	struct job *j;

	while (read(fd, &j, sizeof(j)) == sizeof(j))
		j->done(j);
}

int job_runner_init(struct job_runner *r, struct event_loop *loop)
{
	if (pipe2(r->pipe, O_CLOEXEC | O_NONBLOCK))
		goto fail;
	r->watch = event_add_fd(loop, r->pipe[0], EPOLLIN, on_done, r);
	if (r->watch)
		return 0;
	close(r->pipe[0]);
	close(r->pipe[1]);
fail:
	r->pipe[0] = r->pipe[1] = -1;
	r->watch = NULL;
	return -errno;
}

void job_runner_release(struct job_runner *r)
{
	event_remove_fd(r->watch);
	r->watch = NULL;
	if (r->pipe[0] >= 0) {
		close(r->pipe[0]);
		close(r->pipe[1]);
	}
	r->pipe[0] = r->pipe[1] = -1;
}
