/* protocol.c: table-driven framing, encoding and checking of messages. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/fdio.h"
#include "lib/protocol.h"
#include "lib/util.h"

enum field_type { F_STR, F_INT, F_BOOL, F_OBJ, F_ARR, F_ANY };

struct field {
	const char *name;
	enum field_type type;
	int required;
};

struct msg_desc {
	const char *name;
	struct field fields[8];
};

/* The one description of every message: encoder and decoder use it. */
static const struct msg_desc msgs[PROTO_TYPE_MAX] = {
	[PROTO_HELLO] = { "hello", {
		{ "client", F_STR, 1 }, { "events", F_BOOL, 0 } } },
	[PROTO_STATE] = { "state", {
		{ "options", F_ARR, 1 }, { "sources", F_ARR, 1 },
		{ "default", F_ANY, 0 }, { "countdown", F_INT, 1 },
		{ "status", F_ARR, 0 }, { "booting", F_ANY, 0 },
		{ "liveupdate", F_STR, 0 },
		{ "liveupdate_message", F_STR, 0 } } },
	[PROTO_OPTION_ADD] = { "option-add", {
		{ "option", F_OBJ, 1 }, { "index", F_INT, 1 } } },
	[PROTO_OPTION_REMOVE] = { "option-remove", {
		{ "id", F_STR, 1 } } },
	[PROTO_SOURCES] = { "sources", {
		{ "sources", F_ARR, 1 } } },
	[PROTO_COUNTDOWN] = { "countdown", {
		{ "remaining", F_INT, 1 }, { "id", F_ANY, 0 } } },
	[PROTO_STATUS] = { "status", {
		{ "level", F_STR, 1 }, { "message", F_STR, 1 } } },
	[PROTO_BOOT] = { "boot", {
		{ "id", F_STR, 0 }, { "option", F_OBJ, 0 } } },
	[PROTO_SET_DEFAULT] = { "set-default", {
		{ "id", F_STR, 1 } } },
	[PROTO_CANCEL] = { "cancel", { { NULL, 0, 0 } } },
	[PROTO_REPLY] = { "reply", {
		{ "ok", F_BOOL, 1 }, { "error", F_STR, 0 } } },
	[PROTO_PROGRESS] = { "progress", {
		{ "id", F_ANY, 0 }, { "stage", F_STR, 1 },
		{ "message", F_STR, 0 } } },
	[PROTO_SETTINGS_GET] = { "settings-get", { { NULL, 0, 0 } } },
	[PROTO_SETTINGS] = { "settings", {
		{ "values", F_OBJ, 1 }, { "origins", F_OBJ, 0 },
		{ "store", F_STR, 0 }, { "lockdown", F_BOOL, 0 } } },
	[PROTO_SETTINGS_SET] = { "settings-set", {
		{ "values", F_OBJ, 1 }, { "save", F_BOOL, 0 } } },
	[PROTO_UNLOCK] = { "unlock", {
		{ "password", F_STR, 1 } } },
	[PROTO_LOG_GET] = { "log-get", { { NULL, 0, 0 } } },
	[PROTO_LOG] = { "log", {
		{ "lines", F_ARR, 1 }, { "boots", F_ARR, 0 } } },
	[PROTO_SYSINFO_GET] = { "sysinfo-get", { { NULL, 0, 0 } } },
	[PROTO_SYSINFO] = { "sysinfo", {
		{ "kernel", F_OBJ, 0 }, { "devices", F_ARR, 0 },
		{ "network", F_ARR, 0 } } },
	[PROTO_RESCAN] = { "rescan", { { NULL, 0, 0 } } },
};

const char *proto_type_name(unsigned type)
{
	if (type == 0 || type >= PROTO_TYPE_MAX)
		return NULL;
	return msgs[type].name;
}

static int field_ok(const json_t *v, enum field_type t)
{
	switch (t) {
	case F_STR:
		return json_is_string(v);
	case F_INT:
		return json_is_integer(v);
	case F_BOOL:
		return json_is_boolean(v);
	case F_OBJ:
		return json_is_object(v);
	case F_ARR:
		return json_is_array(v);
	default:
		return 1;
	}
}

static int check_payload(unsigned type, const json_t *payload)
{
	const struct field *f;
	size_t i;

	if (!proto_type_name(type) || !json_is_object(payload))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(msgs[type].fields); i++) {
		json_t *v;

		f = &msgs[type].fields[i];
		if (!f->name)
			break;
		v = json_object_get(payload, f->name);
		if (!v) {
			if (f->required)
				return -EINVAL;
			continue;
		}
		if (!field_ok(v, f->type))
			return -EINVAL;
	}
	return 0;
}

int proto_encode(unsigned type, const json_t *payload, char **frame,
		 size_t *len)
{
	uint32_t hdr[3];
	char *body, *out;
	size_t n;
	int ret;

	ret = check_payload(type, payload);
	if (ret)
		return ret;
	body = json_dumps(payload, JSON_COMPACT);
	if (!body)
		return -ENOMEM;
	n = strlen(body);
	if (n > PROTO_MAX_PAYLOAD) {
		free(body);
		return -EMSGSIZE;
	}
	out = malloc(PROTO_HEADER_SIZE + n);
	if (!out) {
		free(body);
		return -ENOMEM;
	}
	hdr[0] = htonl(PROTO_MAGIC);
	hdr[1] = htonl((uint32_t)PROTO_VERSION << 16 | type);
	hdr[2] = htonl(n);
	memcpy(out, hdr, PROTO_HEADER_SIZE);
	memcpy(out + PROTO_HEADER_SIZE, body, n);
	free(body);
	*frame = out;
	*len = PROTO_HEADER_SIZE + n;
	return 0;
}

void proto_reader_release(struct proto_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

static size_t reader_max(const struct proto_reader *r)
{
	return r->max && r->max < PROTO_MAX_PAYLOAD ? r->max : PROTO_MAX_PAYLOAD;
}

ssize_t proto_reader_fill(struct proto_reader *r, int fd)
{
	ssize_t n;

	if (r->cap - r->len < 4096) {
		size_t cap = r->cap ? r->cap * 2 : 8192;
		char *p;

		if (cap > reader_max(r) + PROTO_HEADER_SIZE + 8192)
			return -EMSGSIZE;
		p = realloc(r->buf, cap);
		if (!p)
			return -ENOMEM;
		r->buf = p;
		r->cap = cap;
	}
	n = fd_read_some(fd, r->buf + r->len, r->cap - r->len);
	if (n < 0)
		return n;
	r->len += n;
	return n;
}

int proto_reader_next(struct proto_reader *r, unsigned *type,
		      json_t **payload)
{
	uint32_t hdr[3], n;
	json_t *p;
	unsigned t;

	if (r->len < PROTO_HEADER_SIZE)
		return 0;
	memcpy(hdr, r->buf, sizeof(hdr));
	n = ntohl(hdr[2]);
	t = ntohl(hdr[1]) & 0xffff;
	if (ntohl(hdr[0]) != PROTO_MAGIC ||
	    ntohl(hdr[1]) >> 16 != PROTO_VERSION)
		return -EPROTO;
	if (n > reader_max(r))
		return -EMSGSIZE;
	if (r->len < PROTO_HEADER_SIZE + n)
		return 0;
	p = json_loadb(r->buf + PROTO_HEADER_SIZE, n, JSON_REJECT_DUPLICATES,
		       NULL);
	memmove(r->buf, r->buf + PROTO_HEADER_SIZE + n,
		r->len - PROTO_HEADER_SIZE - n);
	r->len -= PROTO_HEADER_SIZE + n;
	if (!p || check_payload(t, p)) {
		json_decref(p);
		return -EPROTO;
	}
	*type = t;
	*payload = p;
	return 1;
}

int proto_send(int fd, unsigned type, const json_t *payload)
{
	size_t len, off = 0;
	char *frame;
	ssize_t w;
	int ret;

	ret = proto_encode(type, payload, &frame, &len);
	if (ret)
		return ret;
	while (off < len) {
		w = fd_write_some(fd, frame + off, len - off);
		if (w < 0) {
			ret = w;
			break;
		}
		off += w;
		if (off < len) {	/* a non-blocking socket is full: wait */
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			poll(&pfd, 1, 1000);
		}
	}
	free(frame);
	return ret;
}

int proto_recv(int fd, struct proto_reader *r, unsigned *type,
	       json_t **payload)
{
	ssize_t n;
	int ret;

	for (;;) {
		ret = proto_reader_next(r, type, payload);
		if (ret)
			return ret < 0 ? ret : 0;
		n = proto_reader_fill(r, fd);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0 && n != -EAGAIN)
			return n;
		if (n == -EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			poll(&pfd, 1, -1);
		}
	}
}

static void seed(void)
{
	size_t v = 0;

	if (getrandom(&v, sizeof(v), GRND_INSECURE) != sizeof(v) &&
	    getrandom(&v, sizeof(v), GRND_NONBLOCK) != sizeof(v))
		v = (size_t)event_now_ms() ^ ((size_t)getpid() << 16);
	json_object_seed(v ? v : 1);
}

void proto_seed(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, seed);
}

int proto_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	proto_seed();
	if (!path)
		path = PROTO_SOCKET_PATH;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}
