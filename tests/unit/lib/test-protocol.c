/* test-protocol.c: framing, the message table, and hostile byte streams. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/protocol.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* Feed bytes to a reader as if read from a socket. */
static void feed(struct proto_reader *r, const char *buf, size_t len)
{
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(sv[0], buf, len) == (ssize_t)len);
	close(sv[0]);
	while (proto_reader_fill(r, sv[1]) > 0)
		;
	close(sv[1]);
}

static void test_round_trip_every_type(void)
{
	static const char *const payloads[PROTO_TYPE_MAX] = {
		[PROTO_HELLO] = "{\"client\":\"menu\",\"events\":true}",
		[PROTO_STATE] = "{\"options\":[],\"sources\":[],"
			"\"countdown\":-1,\"liveupdate\":\"carried\","
			"\"liveupdate_message\":\"live update: carried\"}",
		[PROTO_OPTION_ADD] = "{\"option\":{\"id\":\"a\"},\"index\":0}",
		[PROTO_OPTION_REMOVE] = "{\"id\":\"a\"}",
		[PROTO_SOURCES] = "{\"sources\":[{\"name\":\"vda1\"}]}",
		[PROTO_COUNTDOWN] = "{\"remaining\":3,\"id\":\"a\"}",
		[PROTO_STATUS] = "{\"level\":\"info\",\"message\":\"hi\"}",
		[PROTO_BOOT] = "{\"id\":\"vda1:x\"}",
		[PROTO_SET_DEFAULT] = "{\"id\":\"vda1:x\"}",
		[PROTO_CANCEL] = "{}",
		[PROTO_REPLY] = "{\"ok\":false,\"error\":\"no\"}",
		[PROTO_PROGRESS] = "{\"stage\":\"loading\"}",
		[PROTO_SETTINGS_GET] = "{}",
		[PROTO_SETTINGS] = "{\"values\":{\"timeout\":\"5\"},\"origins\":{\"timeout\":\"saved\"},\"store\":\"none\",\"lockdown\":false}",
		[PROTO_SETTINGS_SET] = "{\"values\":{\"timeout\":\"-1\"},\"save\":true}",
		[PROTO_UNLOCK] = "{\"password\":\"x\"}",
		[PROTO_LOG_GET] = "{}",
		[PROTO_LOG] = "{\"lines\":[\"a\",\"b\"],\"boots\":[{\"id\":\"vda1:a\"}]}",
		[PROTO_SYSINFO_GET] = "{}",
		[PROTO_SYSINFO] = "{\"kernel\":{\"release\":\"6.1\"},\"devices\":[],\"network\":[]}",
		[PROTO_RESCAN] = "{}",
	};
	unsigned t, got;

	for (t = 1; t < PROTO_TYPE_MAX; t++) {
		struct proto_reader r = { 0 };
		json_t *in = json_loads(payloads[t], 0, NULL), *out = NULL;
		char *frame;
		size_t len;

		CHECK(in != NULL);
		CHECK_INT(proto_encode(t, in, &frame, &len), 0);
		feed(&r, frame, len);
		CHECK_INT(proto_reader_next(&r, &got, &out), 1);
		CHECK_INT(got, t);
		CHECK(json_equal(in, out));
		CHECK_INT(proto_reader_next(&r, &got, &out), 0);
		free(frame);
		json_decref(in);
		json_decref(out);
		proto_reader_release(&r);
	}
}

/* The state's live-update fields are strings when present, never null. */
static void test_state_liveupdate_fields(void)
{
	json_t *null_lu = json_loads("{\"options\":[],\"sources\":[],"
				     "\"countdown\":-1,\"liveupdate\":null}",
				     0, NULL);
	char *frame;
	size_t len;

	CHECK(null_lu != NULL);
	CHECK_INT(proto_encode(PROTO_STATE, null_lu, &frame, &len), -EINVAL);
	json_decref(null_lu);
}

static void test_encode_checks_fields(void)
{
	json_t *bad = json_pack("{s:i}", "id", 3);	/* id must be a string */
	json_t *missing = json_object();
	char *frame;
	size_t len;

	CHECK_INT(proto_encode(PROTO_SET_DEFAULT, bad, &frame, &len), -EINVAL);
	CHECK_INT(proto_encode(PROTO_STATUS, missing, &frame, &len), -EINVAL);
	CHECK_INT(proto_encode(999, missing, &frame, &len), -EINVAL);
	json_decref(bad);
	json_decref(missing);
}

static void header(char *buf, uint32_t magic, uint32_t ver_type, uint32_t n)
{
	uint32_t h[3] = { htonl(magic), htonl(ver_type), htonl(n) };

	memcpy(buf, h, sizeof(h));
}

static void test_bad_magic_version_and_size(void)
{
	struct proto_reader r = { 0 };
	char buf[64];
	unsigned t;
	json_t *p;

	header(buf, 0xdeadbeef, 1 << 16 | PROTO_CANCEL, 2);
	memcpy(buf + 12, "{}", 2);
	feed(&r, buf, 14);
	CHECK_INT(proto_reader_next(&r, &t, &p), -EPROTO);
	proto_reader_release(&r);

	header(buf, PROTO_MAGIC, 9 << 16 | PROTO_CANCEL, 2);
	feed(&r, buf, 14);
	CHECK_INT(proto_reader_next(&r, &t, &p), -EPROTO);
	proto_reader_release(&r);

	header(buf, PROTO_MAGIC, 1 << 16 | PROTO_CANCEL, PROTO_MAX_PAYLOAD + 1);
	feed(&r, buf, 12);
	CHECK_INT(proto_reader_next(&r, &t, &p), -EMSGSIZE);
	proto_reader_release(&r);
}

static void test_garbage_json_and_wrong_fields(void)
{
	struct proto_reader r = { 0 };
	char buf[64];
	unsigned t;
	json_t *p;

	header(buf, PROTO_MAGIC, 1 << 16 | PROTO_BOOT, 5);
	memcpy(buf + 12, "{{{{{", 5);
	feed(&r, buf, 17);
	CHECK_INT(proto_reader_next(&r, &t, &p), -EPROTO);
	proto_reader_release(&r);

	header(buf, PROTO_MAGIC, 1 << 16 | PROTO_STATUS, 2);
	memcpy(buf + 12, "[]", 2);
	feed(&r, buf, 14);
	CHECK_INT(proto_reader_next(&r, &t, &p), -EPROTO);
	proto_reader_release(&r);
}

static void test_partial_frames_wait(void)
{
	struct proto_reader r = { 0 };
	json_t *in = json_object(), *out = NULL;
	char *frame;
	size_t len, i;
	unsigned t;

	CHECK_INT(proto_encode(PROTO_CANCEL, in, &frame, &len), 0);
	for (i = 0; i < len - 1; i++) {
		feed(&r, frame + i, 1);
		CHECK_INT(proto_reader_next(&r, &t, &out), 0);
	}
	feed(&r, frame + len - 1, 1);
	CHECK_INT(proto_reader_next(&r, &t, &out), 1);
	CHECK_INT(t, PROTO_CANCEL);
	json_decref(out);
	json_decref(in);
	free(frame);
	proto_reader_release(&r);
}

static const struct test_case cases[] = {
	TEST(test_round_trip_every_type),
	TEST(test_state_liveupdate_fields),
	TEST(test_encode_checks_fields),
	TEST(test_bad_magic_version_and_size),
	TEST(test_garbage_json_and_wrong_fields),
	TEST(test_partial_frames_wait),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
