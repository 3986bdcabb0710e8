/* test-job.c: work in a thread, handed back to the loop (lib/job.h). */
#include <pthread.h>
#include <stdbool.h>

#include "lib/job.h"
#include "lib/util.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

struct square {
	struct job job;
	struct event_loop *loop;
	int in, out;
	pthread_t ran_in, done_in;
	int *left;		/* jobs not done yet; the loop quits at 0 */
};

static void square_run(struct job *j)
{
	struct square *s = container_of(j, struct square, job);

	s->ran_in = pthread_self();
	s->out = s->in * s->in;
}

static void square_done(struct job *j)
{
	struct square *s = container_of(j, struct square, job);

	s->done_in = pthread_self();
	if (--*s->left == 0)
		event_loop_quit(s->loop, 0);
}

static void on_bound(struct event_loop *loop, void *data)
{
	event_loop_quit(loop, 1);
}

static void test_jobs_run_off_the_loop(void)
{
	struct event_loop *loop = event_loop_new();
	struct job_runner r;
	struct square sq[8];
	int i, left = ARRAY_SIZE(sq);

	CHECK(loop != NULL);
	CHECK_INT(job_runner_init(&r, loop), 0);
	for (i = 0; i < (int)ARRAY_SIZE(sq); i++) {
		sq[i] = (struct square) {
			.job = { .run = square_run, .done = square_done },
			.loop = loop, .in = i, .left = &left,
		};
		CHECK_INT(job_start(&r, &sq[i].job), 0);
	}
	event_add_timer(loop, 10000, on_bound, NULL);
	CHECK_INT(event_loop_run(loop), 0);	/* all done, not the bound */
	CHECK_INT(left, 0);
	for (i = 0; i < (int)ARRAY_SIZE(sq); i++) {
		CHECK_INT(sq[i].out, i * i);
		CHECK(!pthread_equal(sq[i].ran_in, pthread_self()));
		CHECK(pthread_equal(sq[i].done_in, pthread_self()));
	}
	job_runner_release(&r);
	CHECK_INT(r.pipe[0], -1);
	job_runner_release(&r);		/* twice is harmless */
	event_loop_free(loop);
}

static const struct test_case cases[] = {
	TEST(test_jobs_run_off_the_loop),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
