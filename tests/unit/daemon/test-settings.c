/*
 * test-settings.c: how the settings store reaches the daemon without a
 * search of every disk before discovery: the settings partition handed
 * over by the worker that probed it, the board's fallback when discovery
 * settles without one, the countdown that waits for the store, and
 * requests (a save, an unlock) held until it is known, then answered
 * against it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/board.h"
#include "daemon/daemon-internal.h"
#include "tests/unit/test.h"

#define FOLDERS_ROOT "/tmp/baton-test-settings-XXXXXX"
#include "tests/unit/discover/folders.h"

TEST_GLOBALS;

static char *read_text(const char *path)
{
	static char buf[4096];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

struct rig {
	struct daemon d;
	int cfd;		/* a client of the control socket */
	struct proto_reader rd;
};

static void on_quit(struct event_loop *loop, void *data)
{
	event_loop_quit(loop, 0);
}

/* Send a request as a client does (payload taken). */
static void send_msg(struct rig *r, unsigned type, json_t *payload)
{
	if (proto_send(r->cfd, type, payload))
		abort();
	json_decref(payload);
}

/* Run the loop for ms milliseconds. */
static void spin(struct rig *r, unsigned ms)
{
	event_add_timer(r->d.loop, ms, on_quit, NULL);
	event_loop_run(r->d.loop);
}

/*
 * A daemon as daemon_main sets it up, its socket in root, with a client
 * connected; looking: the board's store is not known yet (as while
 * discovery runs), without the fallback job daemon_settings_load starts.
 */
static void rig_init(struct rig *r, bool looking)
{
	memset(r, 0, sizeof(*r));
	r->d.autoboot.countdown = -1;
	r->d.server.listen_fd = -1;
	r->d.res.timeout = -1;
	r->d.opts.dry_run = true;
	r->d.opts.timeout = INT_MIN;	/* no --timeout */
	r->d.opts.cmdline_path = path_in("no-cmdline");
	r->d.opts.socket_path = path_in("sock");
	r->d.loop = event_loop_new();
	if (!r->d.loop || job_runner_init(&r->d.jobs, r->d.loop) ||
	    server_start(&r->d))
		abort();
	r->d.store.looking = looking;
	r->d.store.from_board = looking;
	r->cfd = proto_connect(r->d.opts.socket_path);
	if (r->cfd < 0)
		abort();
	fcntl(r->cfd, F_SETFL, O_NONBLOCK);
	send_msg(r, PROTO_HELLO, json_pack("{s:s,s:b}", "client", "test",
					    "events", 1));
	spin(r, 20);
}

static void rig_release(struct rig *r)
{
	size_t i;

	server_stop(&r->d);
	event_cancel_timer(r->d.autoboot.tick);
	for (i = 0; i < r->d.sources.n; i++)
		source_free(r->d.sources.v[i]);
	vec_free(&r->d.sources, NULL);
	scan_result_release(&r->d.res);
	catalog_release(&r->d);
	vec_free(&r->d.status, free);
	autoboot_release(&r->d);
	daemon_settings_release(&r->d);
	job_runner_release(&r->d.jobs);
	event_loop_free(r->d.loop);
	close(r->cfd);
	proto_reader_release(&r->rd);
}

/* Add folder name's option, as a discovery worker would hand it over. */
static void add_source(struct rig *r, const char *name)
{
	struct found f = { 0 };
	int err;

	f.src = source_open_dir(path_in(name), NULL, &err);
	if (!f.src)
		abort();
	f.res.timeout = -1;
	scan_source(f.src, &f.src, 1, NULL, &f.res);
	catalog_add(&r->d, &f, 1);
}

/* Discovery settles, as daemon.c's settle() does it. */
static void settle(struct rig *r)
{
	catalog_flush(&r->d);
	r->d.settled = true;
	autoboot_settled(&r->d);
}

/* What the client was sent since last time: "settings reply:ok ..." */
static const char *received(struct rig *r, json_t **last_reply)
{
	static char out[1024];
	unsigned type;
	size_t n = 0;
	json_t *m;

	out[0] = '\0';
	proto_reader_fill(&r->rd, r->cfd);
	while (proto_reader_next(&r->rd, &type, &m) > 0) {
		if (type == PROTO_REPLY) {
			n += snprintf(out + n, sizeof(out) - n, "reply:%s ",
				      json_is_true(json_object_get(m, "ok")) ?
				      "ok" : "error");
			if (last_reply) {
				json_decref(*last_reply);
				*last_reply = json_incref(m);
			}
		} else if (type == PROTO_SETTINGS) {
			n += snprintf(out + n, sizeof(out) - n, "settings ");
		}
		json_decref(m);
	}
	return out;
}

/*
 * What arrives until it reads want, the loop spun in 10 ms steps for at
 * most ms (a save runs in a worker, which a loaded machine may hold up).
 */
static const char *received_until(struct rig *r, const char *want,
				  json_t **last_reply, unsigned ms)
{
	static char all[1024];
	unsigned waited;

	all[0] = '\0';
	for (waited = 0; waited <= ms && strcmp(all, want); waited += 10) {
		spin(r, 10);
		strncat(all, received(r, last_reply),
			sizeof(all) - strlen(all) - 1);
	}
	return all;
}

/* The partition's store: a file stands in for /baton.conf on it. */
static struct board_store *partition(const char *name, const char *text,
				     char **read)
{
	struct board_store *st = NULL;
	char spec[700];

	snprintf(spec, sizeof(spec), "file:%s", path_in(name));
	test_write_file(NULL, path_in(name), text);
	if (board_store_open(spec, &st) || board_store_load(st, read))
		abort();
	return st;
}

static void test_partition_opens_store(void)
{
	struct board_store *st;
	struct rig r;
	char *text;

	rig_init(&r, true);
	CHECK(daemon_settings_pending(&r.d));
	CHECK(daemon_settings_want_partition(&r.d));
	received(&r, NULL);
	st = partition("p1.conf", "timeout = 7\ndefault = Beta*\n", &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	CHECK(st == NULL && text == NULL);	/* taken */
	CHECK(!daemon_settings_pending(&r.d));
	CHECK(!daemon_settings_want_partition(&r.d));
	CHECK(strstr(board_store_describe(r.d.store.board), "p1.conf") != NULL);
	CHECK_STR(settings_get(&r.d.settings, CFG_TIMEOUT), "7");
	CHECK_STR(settings_get(&r.d.settings, CFG_DEFAULT), "Beta*");
	CHECK_STR(received_until(&r, "settings ", NULL, 5000),
		  "settings ");	/* the menus are told */
	rig_release(&r);
}

static void test_late_partition_is_not_used(void)
{
	struct board_store *st, *first;
	struct rig r;
	char *text;

	rig_init(&r, true);
	st = partition("p1.conf", "timeout = 7\n", &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	first = r.d.store.board;
	st = partition("p2.conf", "timeout = 9\n", &text);
	daemon_settings_partition(&r.d, "vdc1", &st, &text, 0);
	CHECK(r.d.store.board == first);
	CHECK(st != NULL && text != NULL);	/* not taken: the caller's */
	CHECK_STR(settings_get(&r.d.settings, CFG_TIMEOUT), "7");
	board_store_free(st);
	free(text);
	rig_release(&r);
}

/* Run the loop until the board's fallback store has been read. */
static void wait_fallback(struct rig *r)
{
	int i;

	for (i = 0; i < 200 && !r->d.store.fallback; i++)
		spin(r, 10);
	CHECK(r->d.store.fallback != NULL);
}

static void test_fallback_when_settled_without_partition(void)
{
	struct board_store *want = NULL;
	struct rig r;

	CHECK_INT(board_fallback_store(&want), 0);	/* efi, or none */
	rig_init(&r, false);
	r.d.opts.dry_run = false;	/* the board's own store */
	daemon_settings_load(&r.d);
	wait_fallback(&r);
	/* read already, but a partition may still come: not chosen yet */
	CHECK(daemon_settings_pending(&r.d));
	CHECK(r.d.store.board == NULL);
	r.d.settled = true;
	CHECK(!daemon_settings_settle(&r.d));
	CHECK(!daemon_settings_pending(&r.d));
	CHECK_STR(board_store_describe(r.d.store.board),
		  board_store_describe(want));
	board_store_free(want);
	rig_release(&r);
}

static void test_partition_wins_over_fallback(void)
{
	struct board_store *st;
	struct rig r;
	char *text;

	rig_init(&r, false);
	r.d.opts.dry_run = false;
	daemon_settings_load(&r.d);
	wait_fallback(&r);
	st = partition("p1.conf", "timeout = 4\n", &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	CHECK(r.d.store.fallback == NULL);
	CHECK(strstr(board_store_describe(r.d.store.board), "p1.conf") != NULL);
	r.d.settled = true;
	CHECK(!daemon_settings_settle(&r.d));
	CHECK(strstr(board_store_describe(r.d.store.board), "p1.conf") != NULL);
	rig_release(&r);
}

static void test_countdown_waits_for_store(void)
{
	struct board_store *st;
	struct rig r;
	char *text;

	rig_init(&r, true);
	add_source(&r, "alpha");
	add_source(&r, "beta");
	settle(&r);	/* the partition's worker still runs */
	CHECK_INT(r.d.autoboot.countdown, -1);
	CHECK(r.d.autoboot.chosen == NULL);
	CHECK(r.d.store.timer != NULL);
	st = partition("p1.conf", "timeout = 3\ndefault = Beta*\n", &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	CHECK_STR(r.d.autoboot.chosen, "beta:beta");
	CHECK_INT(r.d.autoboot.countdown, 3);
	CHECK(r.d.store.timer == NULL);
	rig_release(&r);
}

static void test_store_before_settle(void)
{
	struct board_store *st;
	struct rig r;
	char *text;

	rig_init(&r, true);
	add_source(&r, "alpha");
	st = partition("p1.conf", "timeout = 2\ndefault = Beta*\n", &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	CHECK_INT(r.d.autoboot.countdown, -1);	/* discovery has not settled */
	add_source(&r, "beta");
	settle(&r);
	CHECK_STR(r.d.autoboot.chosen, "beta:beta");
	CHECK_INT(r.d.autoboot.countdown, 2);
	rig_release(&r);
}

static void test_store_bound(void)
{
	struct rig r;
	int i;

	rig_init(&r, true);
	add_source(&r, "alpha");
	settle(&r);
	CHECK_INT(r.d.autoboot.countdown, -1);
	for (i = 0; i < 40 && daemon_settings_pending(&r.d); i++)
		spin(&r, 100);
	CHECK(!daemon_settings_pending(&r.d));
	CHECK(r.d.store.board == NULL);	/* nowhere to save this boot */
	CHECK_STR(r.d.autoboot.chosen, "alpha:alpha");
	CHECK_INT(r.d.autoboot.countdown, DAEMON_DEFAULT_TIMEOUT);
	rig_release(&r);
}

static void test_write_waits_for_store(void)
{
	struct board_store *st;
	json_t *reply = NULL;
	struct rig r;
	char *text;

	rig_init(&r, true);
	received(&r, NULL);
	send_msg(&r, PROTO_SETTINGS_SET, json_pack("{s:{s:s},s:b}", "values",
						   "timeout", "5", "save", 1));
	send_msg(&r, PROTO_CANCEL, json_object());	/* after it */
	spin(&r, 50);
	CHECK_STR(received(&r, NULL), "");	/* held, in order */
	CHECK_INT(r.d.autoboot.countdown, -1);
	st = partition("p1.conf", "default = Beta*\n", &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	CHECK_STR(received_until(&r, "settings settings reply:ok reply:ok ",
				 &reply, 5000),
		  "settings settings reply:ok reply:ok ");
	text = read_text(path_in("p1.conf"));	/* to the partition's store */
	CHECK(strstr(text, "\ntimeout = 5\n") != NULL);
	CHECK(strstr(text, "\ndefault = Beta*\n") != NULL);
	CHECK(r.d.autoboot.stopped);	/* the cancel came after the save */
	json_decref(reply);
	rig_release(&r);
}

static int after_save_calls;

static void count_done(struct job *j)
{
	after_save_calls++;
}

/*
 * A daemon whose store is the partition's, and a settings-set (timeout)
 * whose save blocks: the store's temporary file is made a FIFO, so the
 * write waits until unblock_save() opens it (then fsync fails: the save
 * reports an error). Not yet run: the caller spins the loop.
 */
static void blocked_save(struct rig *r, const char *timeout)
{
	struct board_store *st;
	char *text;

	rig_init(r, true);
	st = partition("p1.conf", "", &text);
	daemon_settings_partition(&r->d, "vdb1", &st, &text, 0);
	spin(r, 50);
	received(r, NULL);
	if (mkfifo(path_in(".p1.conf.new"), 0600))
		abort();
	send_msg(r, PROTO_SETTINGS_SET, json_pack("{s:{s:s},s:b}", "values",
						  "timeout", timeout, "save", 1));
}

/* Let blocked_save()'s write through; true once the save has ended. */
static bool unblock_save(struct rig *r)
{
	int fd = open(path_in(".p1.conf.new"), O_RDONLY | O_NONBLOCK), i;

	for (i = 0; i < 300 && r->d.store.saving; i++)
		spin(r, 10);
	if (fd >= 0)
		close(fd);
	return !r->d.store.saving;
}

/*
 * A save runs in a worker: the loop goes on, the client's next request
 * waits for the reply, and so does a boot's hand-over; the next save
 * writes.
 */
static void test_save_off_loop(void)
{
	struct job boot = { .done = count_done };
	json_t *reply = NULL;
	struct rig r;
	char *text;
	int i;

	blocked_save(&r, "7");
	send_msg(&r, PROTO_CANCEL, json_object());
	spin(&r, 100);
	CHECK(r.d.store.saving);	/* the loop runs meanwhile */
	CHECK_STR(received(&r, NULL), "");	/* the cancel waits too */
	CHECK(!r.d.autoboot.stopped);
	after_save_calls = 0;
	CHECK(daemon_settings_after_save(&r.d, &boot));
	CHECK(unblock_save(&r));
	CHECK_STR(received_until(&r, "settings reply:error reply:ok ", &reply, 5000),
		  "settings reply:error reply:ok ");
	CHECK_INT(after_save_calls, 1);		/* after the save */
	CHECK(r.d.autoboot.stopped);
	CHECK(!daemon_settings_after_save(&r.d, &boot));	/* none runs */
	send_msg(&r, PROTO_SETTINGS_SET, json_pack("{s:{s:s},s:b}", "values",
						   "timeout", "8", "save", 1));
	for (i = 0; i < 300 && !strstr(received(&r, &reply), "reply:"); i++)
		spin(&r, 10);
	CHECK(json_is_true(json_object_get(reply, "ok")));
	text = read_text(path_in("p1.conf"));
	CHECK(strstr(text, "\ntimeout = 8\n") != NULL);
	json_decref(reply);
	rig_release(&r);
}

/* A save that never ends (a dead disk) keeps a boot waiting 5 s at most. */
static void test_stuck_save_bound(void)
{
	struct job boot = { .done = count_done };
	struct rig r;

	blocked_save(&r, "9");
	spin(&r, 100);
	CHECK(r.d.store.saving);
	after_save_calls = 0;
	CHECK(daemon_settings_after_save(&r.d, &boot));
	spin(&r, DAEMON_SAVE_WAIT_MS - 500);
	CHECK_INT(after_save_calls, 0);
	spin(&r, 1000);
	CHECK_INT(after_save_calls, 1);		/* went on without it */
	CHECK(r.d.store.saving);
	CHECK(!daemon_settings_after_save(&r.d, &boot));	/* no second wait */
	CHECK(unblock_save(&r));
	CHECK_INT(after_save_calls, 1);
	rig_release(&r);
}

static void test_unlock_waits_for_password(void)
{
	struct board_store *st;
	json_t *reply = NULL;
	struct rig r;
	char conf[256], *hash, *text;

	hash = config_password_hash("secret");
	snprintf(conf, sizeof(conf), "password = %s\n", hash);
	free(hash);
	rig_init(&r, true);
	received(&r, NULL);
	send_msg(&r, PROTO_UNLOCK, json_pack("{s:s}", "password", "guess"));
	spin(&r, 50);
	CHECK_STR(received(&r, NULL), "");
	st = partition("p1.conf", conf, &text);
	daemon_settings_partition(&r.d, "vdb1", &st, &text, 0);
	CHECK_STR(received_until(&r, "settings reply:error ", &reply, 5000),
		  "settings reply:error ");
	CHECK_STR(json_string_value(json_object_get(reply, "error")),
		  "wrong password");
	json_decref(reply);
	rig_release(&r);
}

static void test_config_store_read_off_loop(void)
{
	struct rig r;
	char spec[700];
	int i;

	test_write_file(NULL, path_in("given.conf"), "timeout = 6\n");
	snprintf(spec, sizeof(spec), "file:%s", path_in("given.conf"));
	rig_init(&r, false);
	r.d.opts.config_spec = spec;
	daemon_settings_load(&r.d);
	CHECK(!daemon_settings_want_partition(&r.d));
	for (i = 0; i < 200 && daemon_settings_pending(&r.d); i++)
		spin(&r, 10);
	CHECK(!daemon_settings_pending(&r.d));
	CHECK_STR(settings_get(&r.d.settings, CFG_TIMEOUT), "6");
	rig_release(&r);
}

static const struct test_case cases[] = {
	TEST(test_partition_opens_store),
	TEST(test_late_partition_is_not_used),
	TEST(test_fallback_when_settled_without_partition),
	TEST(test_partition_wins_over_fallback),
	TEST(test_countdown_waits_for_store),
	TEST(test_store_before_settle),
	TEST(test_store_bound),
	TEST(test_write_waits_for_store),
	TEST(test_save_off_loop),
	TEST(test_stuck_save_bound),
	TEST(test_unlock_waits_for_password),
	TEST(test_config_store_read_off_loop),
	{ 0 },
};

int main(int argc, char **argv)
{
	static const char *const folders[] = {
		"alpha", "Alpha Linux", "beta", "Beta Linux", NULL,
	};

	return folders_main(argc, argv, cases, folders);
}
