/*
 * test-discovery.c: discovery on --source folders reports what happens
 * through its events (discovery.h) and calls nothing above it: found
 * sources in order, waits counted and ended, a folder forgotten reported
 * gone, a folder that is not there found empty, its wait ended.
 */
#include <limits.h>
#include <string.h>

#define FOLDERS_ROOT "/tmp/baton-test-discovery-XXXXXX"
#include "discover/discovery.h"
#include "discover/source.h"
#include "tests/unit/discover/folders.h"

TEST_GLOBALS;

struct owner {
	struct discovery dc;
	struct job_runner jobs;
	struct event_loop *loop;
	char names[256];	/* sources found, in order, space-separated */
	size_t options;		/* boot options found */
	char gone[256];
	int waited;		/* waited events */
	int want_asked;
};

static struct owner *of(struct discovery *dc)
{
	return container_of(dc, struct owner, dc);
}

static void on_found(struct discovery *dc, struct found *f, size_t n)
{
	struct owner *o = of(dc);
	size_t i;

	for (i = 0; i < n; i++) {
		strcat(o->names, f[i].src->info.name);
		strcat(o->names, " ");
		o->options += f[i].res.options.n;
		disk_found_release(&f[i]);	/* this owner keeps nothing */
	}
}

static void on_gone(struct discovery *dc, const char *dev)
{
	strcat(of(dc)->gone, strrchr(dev, '/') + 1);
}

static void on_sources_changed(struct discovery *dc)
{
}

static void on_settings_partition(struct discovery *dc, const char *name,
				  struct board_store **st, char **text,
				  int err)
{
	CHECK(!"no settings partition among folders");
}

static void on_waited(struct discovery *dc)
{
	of(dc)->waited++;
	if (!dc->pending)
		event_loop_quit(of(dc)->loop, 0);
}

static void on_status(struct discovery *dc, bool error, const char *msg)
{
}

static bool on_want_settings(struct discovery *dc)
{
	of(dc)->want_asked++;
	return false;
}

static const struct discovery_events events = {
	.found = on_found,
	.gone = on_gone,
	.sources_changed = on_sources_changed,
	.settings_partition = on_settings_partition,
	.waited = on_waited,
	.status = on_status,
	.want_settings = on_want_settings,
};

static void on_bound(struct event_loop *loop, void *data)
{
	event_loop_quit(loop, 1);
}

/* Run o's loop for ms milliseconds. */
static void spin(struct owner *o, unsigned ms)
{
	event_add_timer(o->loop, ms, on_bound, NULL);
	event_loop_run(o->loop);
}

/* Discovery on the folders args (NULL-terminated), run until it settles. */
static void run(struct owner *o, char **args)
{
	memset(o, 0, sizeof(*o));
	o->loop = event_loop_new();
	if (!o->loop || job_runner_init(&o->jobs, o->loop))
		abort();
	o->dc = (struct discovery) {
		.loop = o->loop, .jobs = &o->jobs, .ev = &events,
		.source_args = args, .hotplug_fd = -1,
	};
	CHECK_INT(devwatch_start(&o->dc), 0);
	event_add_timer(o->loop, 10000, on_bound, NULL);
	CHECK_INT(event_loop_run(o->loop), 0);	/* not the bound */
}

static void release(struct owner *o)
{
	devwatch_stop(&o->dc);
	job_runner_release(&o->jobs);
	event_loop_free(o->loop);
}

static void test_found_in_order(void)
{
	char a[600], b[600], arg_b[700];
	char *args[] = { a, arg_b, NULL };
	struct owner o;

	snprintf(a, sizeof(a), "%s", path_in("alpha"));
	snprintf(b, sizeof(b), "%s", path_in("beta"));
	snprintf(arg_b, sizeof(arg_b), "%s:name=second", b);
	run(&o, args);
	CHECK(strstr(o.names, "alpha ") != NULL);
	CHECK(strstr(o.names, "second ") != NULL);
	CHECK_INT(o.options, 2);
	CHECK_INT(o.waited, 2);
	CHECK_INT(o.dc.pending, 0);
	CHECK_INT(o.want_asked, 2);
	CHECK_INT(o.dc.disks.n, 2);
	CHECK(disk_find(&o.dc, a) && disk_find(&o.dc, a)->state == DISK_READY);
	/* forgetting a folder tells the owner its sources are gone */
	disk_forget(&o.dc, a);
	CHECK_STR(o.gone, "alpha");
	CHECK(disk_find(&o.dc, a) == NULL);
	CHECK_INT(o.dc.disks.n, 1);
	release(&o);
}

static void test_bad_folder_ends_its_wait(void)
{
	char a[600];
	char *args[] = { a, NULL };
	struct owner o;

	snprintf(a, sizeof(a), "%s", path_in("no-such-folder"));
	run(&o, args);
	CHECK_STR(o.names, "");
	CHECK_INT(o.waited, 1);
	CHECK_INT(o.dc.pending, 0);
	CHECK(disk_find(&o.dc, a) && disk_find(&o.dc, a)->state == DISK_EMPTY);
	disk_forget(&o.dc, a);
	CHECK_STR(o.gone, "");	/* nothing of it was ever found */
	release(&o);
}

/* A disk added once settled is not waited for. */
static void test_after_settling_not_waited(void)
{
	char a[600], b[600];
	char *args[] = { a, NULL };
	struct owner o;
	int i;

	snprintf(a, sizeof(a), "%s", path_in("alpha"));
	snprintf(b, sizeof(b), "%s", path_in("beta"));
	run(&o, args);
	o.dc.settled = true;
	CHECK_INT(disk_add(&o.dc, b, true, 1, !o.dc.settled), 0);
	CHECK_INT(o.dc.pending, 0);
	/* known: nothing happens */
	CHECK_INT(disk_add(&o.dc, b, true, 1, false), 0);
	CHECK_INT(o.dc.disks.n, 2);
	/* its worker ends; what it found still reaches the owner */
	for (i = 0; i < 100 && disk_find(&o.dc, b)->state == DISK_PROBING; i++)
		spin(&o, 50);
	CHECK(strstr(o.names, "beta ") != NULL);
	CHECK_INT(o.waited, 1);	/* only alpha's */
	release(&o);
}

static const struct test_case cases[] = {
	TEST(test_found_in_order),
	TEST(test_bad_folder_ends_its_wait),
	TEST(test_after_settling_not_waited),
	{ 0 },
};

int main(int argc, char **argv)
{
	static const char *const folders[] = {
		"alpha", "Alpha Linux", "beta", "Beta Linux", NULL,
	};

	return folders_main(argc, argv, cases, folders);
}
