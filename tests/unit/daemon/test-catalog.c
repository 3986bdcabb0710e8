/*
 * test-catalog.c: the daemon's sources and options as clients see them:
 * sources kept in name order whatever order they arrive in, and every
 * change told as option-remove, then option-add with the index in the new
 * list, then sources; a client applying them holds the daemon's list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "tests/unit/test.h"

#define FOLDERS_ROOT "/tmp/baton-test-catalog-XXXXXX"
#include "tests/unit/discover/folders.h"

TEST_GLOBALS;

/* What a worker would hand back for folder name. */
static struct found find(const char *name)
{
	struct found f = { 0 };
	int err;

	f.src = source_open_dir(path_in(name), NULL, &err);
	if (!f.src)
		abort();
	f.res.timeout = -1;
	scan_source(f.src, &f.src, 1, NULL, &f.res);
	return f;
}

static void nothing(struct event_loop *loop, int fd, uint32_t ev, void *p)
{
}

struct rig {
	struct daemon d;
	struct client *c;
	int peer;
	struct proto_reader rd;
};

static void rig_init(struct rig *r)
{
	int sv[2];

	memset(r, 0, sizeof(*r));
	r->d.loop = event_loop_new();
	r->d.res.timeout = -1;
	r->d.autoboot.countdown = -1;
	r->d.settled = true;	/* changes are told at once */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv))
		abort();
	r->c = calloc(1, sizeof(*r->c));
	r->c->d = &r->d;
	r->c->fd = sv[0];
	r->c->events = true;
	r->c->watch = event_add_fd(r->d.loop, sv[0], EPOLLIN, nothing, r->c);
	vec_push(&r->d.server.clients, r->c);
	r->peer = sv[1];
}

static void rig_release(struct rig *r)
{
	size_t i;

	server_stop(&r->d);
	for (i = 0; i < r->d.sources.n; i++)
		source_free(r->d.sources.v[i]);
	vec_free(&r->d.sources, NULL);
	scan_result_release(&r->d.res);
	catalog_release(&r->d);
	vec_free(&r->d.status, free);
	autoboot_release(&r->d);	/* the countdown chose: the folders boot */
	event_loop_free(r->d.loop);
	close(r->peer);
	proto_reader_release(&r->rd);
}

/* Events sent since last time: "add:ID@INDEX", "remove:ID", "sources:N". */
static void events(struct rig *r, char *out, size_t len)
{
	unsigned type;
	json_t *m;
	size_t n = 0;

	out[0] = '\0';
	proto_reader_fill(&r->rd, r->peer);
	while (proto_reader_next(&r->rd, &type, &m) > 0) {
		if (type == PROTO_OPTION_ADD)
			n += snprintf(out + n, len - n, "add:%s@%d ",
				json_string_value(json_object_get(json_object_get(m,
					"option"), "id")),
				(int)json_integer_value(json_object_get(m, "index")));
		else if (type == PROTO_OPTION_REMOVE)
			n += snprintf(out + n, len - n, "remove:%s ",
				json_string_value(json_object_get(m, "id")));
		else if (type == PROTO_SOURCES)
			n += snprintf(out + n, len - n, "sources:%zu ",
				json_array_size(json_object_get(m, "sources")));
		json_decref(m);
	}
}

static void test_arrival_order_and_events(void)
{
	struct rig r;
	struct found f;
	char ev[512];

	rig_init(&r);
	f = find("vdb");
	catalog_add(&r.d, &f, 1);
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "add:vdb:vdb@0 sources:1 ");
	f = find("vda");	/* later, but first in the menu */
	catalog_add(&r.d, &f, 1);
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "add:vda:vda@0 sources:2 ");
	CHECK_STR(((struct source *)r.d.sources.v[0])->info.name, "vda");
	CHECK_STR(((struct boot_option *)r.d.res.options.v[1])->id, "vdb:vdb");
	f = find("vdc");
	catalog_add(&r.d, &f, 1);
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "add:vdc:vdc@2 sources:3 ");
	rig_release(&r);
}

static void test_remove(void)
{
	char path[600], ev[512];
	struct found f[2];
	struct rig r;

	rig_init(&r);
	f[0] = find("vda");
	f[1] = find("vdb");
	catalog_add(&r.d, f, 2);
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "add:vda:vda@0 add:vdb:vdb@1 sources:2 ");
	snprintf(path, sizeof(path), "%s/vda", root);
	catalog_remove_device(&r.d, path);	/* a folder: by its path */
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "remove:vda:vda sources:1 ");
	CHECK_INT(r.d.res.options.n, 1);
	CHECK_INT(r.d.catalog.sent_ids.n, 1);
	catalog_remove_device(&r.d, "/dev/nothing");	/* no change: silent */
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "");
	rig_release(&r);
}

/*
 * Until discovery settles, what workers hand over is published in
 * batches: resolving and publishing cost as much as the catalog is large.
 */
static void test_batched_before_settling(void)
{
	struct found f[2];
	struct rig r;
	char ev[512];

	rig_init(&r);
	r.d.settled = false;
	f[0] = find("vdb");
	catalog_add(&r.d, &f[0], 1);
	f[1] = find("vda");
	catalog_add(&r.d, &f[1], 1);
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "");
	CHECK(r.d.catalog.dirty && r.d.catalog.refresh_timer);
	catalog_flush(&r.d);	/* a request, or settling */
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "add:vda:vda@0 add:vdb:vdb@1 sources:2 ");
	CHECK(!r.d.catalog.dirty && !r.d.catalog.refresh_timer);
	catalog_flush(&r.d);	/* nothing new: silent */
	events(&r, ev, sizeof(ev));
	CHECK_STR(ev, "");
	rig_release(&r);
}

static const struct test_case cases[] = {
	TEST(test_arrival_order_and_events),
	TEST(test_remove),
	TEST(test_batched_before_settling),
	{ 0 },
};

int main(int argc, char **argv)
{
	static const char *const folders[] = {
		"vda", "A", "vdb", "B", "vdc", "C", NULL,
	};

	return folders_main(argc, argv, cases, folders);
}
