/*
 * server.c: the daemon's control socket. Many clients at once; each has a
 * bounded output queue: a client too slow for a burst of events (a menu
 * on a slow serial line, while a disk with thousands of entries arrives)
 * is sent the whole state again once it has caught up, one that stops
 * reading is dropped instead of holding the daemon's memory, and one that
 * sends garbage (or a request larger than any real one) is closed without
 * disturbing the others.
 * Requests that need the saved settings wait (in order, per client) until
 * the settings store is known.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "lib/fdio.h"
#include "lib/log.h"

/* A request held until the settings store is known (and written). */
struct held {
	unsigned type;
	json_t *msg;
};

static void held_free(void *p)
{
	struct held *h = p;

	json_decref(h->msg);
	free(h);
}

static void client_close(struct client *c)
{
	struct daemon *d = c->d;
	struct vec *all = &d->server.clients;
	size_t i;

	for (i = 0; i < all->n; i++) {
		if (all->v[i] == c) {
			all->v[i] = all->v[--all->n];
			break;
		}
	}
	daemon_boot_client_gone(d, c);
	daemon_settings_client_gone(d, c);
	rescan_client_gone(d, c);
	event_remove_fd(c->watch);
	close(c->fd);
	proto_reader_release(&c->rd);
	vec_free(&c->held, held_free);
	free(c->out);
	free(c);
}

static int client_send(struct client *c, unsigned type, const json_t *payload);

/* A client behind has read all it was sent: the state replaces the rest. */
static void caught_up(struct client *c)
{
	json_t *st;

	c->behind = false;
	st = daemon_state_json(c->d);
	if (st)
		client_send(c, PROTO_STATE, st);
	json_decref(st);
}

static void client_flush(struct client *c)
{
	ssize_t w = fd_write_some(c->fd, c->out, c->out_len);

	if (w > 0) {
		memmove(c->out, c->out + w, c->out_len - w);
		c->out_len -= w;
	}
	if (c->behind && !c->out_len)
		caught_up(c);
	event_fd_set_events(c->watch, EPOLLIN | (c->out_len ? EPOLLOUT : 0));
}

/* Queue a message; returns -ENOBUFS when the client stopped reading. */
static int client_send(struct client *c, unsigned type, const json_t *payload)
{
	size_t len;
	char *frame, *p;
	int ret;

	ret = proto_encode(type, payload, &frame, &len);
	if (ret)
		return ret;
	/* bounded, but any one message fits in an empty queue */
	if (c->out_len && c->out_len + len > DAEMON_CLIENT_QUEUE_MAX) {
		free(frame);
		return -ENOBUFS;
	}
	p = realloc(c->out, c->out_len + len);
	if (!p) {
		free(frame);
		return -ENOMEM;
	}
	memcpy(p + c->out_len, frame, len);
	c->out = p;
	c->out_len += len;
	free(frame);
	client_flush(c);
	return 0;
}

/*
 * Queue an event. A full queue leaves this and later events out until the
 * client has read it all (then the state replaces them); -ENOBUFS when
 * the client has read nothing for DAEMON_CLIENT_STALL_MS meanwhile.
 */
static int client_event(struct client *c, unsigned type, const json_t *payload)
{
	uint64_t now = event_now_ms();
	int ret;

	if (c->behind) {
		if (c->out_len < c->behind_len) {
			c->behind_len = c->out_len;
			c->behind_ms = now;
		}
		return now - c->behind_ms > DAEMON_CLIENT_STALL_MS ?
		       -ENOBUFS : 0;
	}
	ret = client_send(c, type, payload);
	if (ret != -ENOBUFS)
		return ret;
	log_info("client %d (%s) is behind: it gets the whole state once it "
		 "has read the %zu KiB queued", c->fd, c->name, c->out_len >> 10);
	c->behind = true;
	c->behind_len = c->out_len;
	c->behind_ms = now;
	return 0;
}

void server_broadcast(struct daemon *d, unsigned type, json_t *payload)
{
	size_t i = 0;

	if (!payload)
		return;
	while (i < d->server.clients.n) {
		struct client *c = d->server.clients.v[i];

		if (c->events && client_event(c, type, payload) == -ENOBUFS) {
			/*
			 * Not closed here (its own request may be on the
			 * stack): shut down, the loop sees the hang-up and
			 * closes it.
			 */
			log_warn("client %d (%s) does not read its events: "
				 "dropped", c->fd, c->name);
			c->events = false;
			c->behind = false;
			shutdown(c->fd, SHUT_RDWR);
			free(c->out);	/* its memory now, not at the hang-up */
			c->out = NULL;
			c->out_len = 0;
		}
		i++;
	}
}

static void reply(struct client *c, int err, const char *msg)
{
	json_t *r = json_pack("{s:b}", "ok", !err);

	if (err)
		json_object_set_new(r, "error", json_string(msg ? msg :
					strerror(-err)));
	client_send(c, PROTO_REPLY, r);
	json_decref(r);
}

void server_reply(struct client *c, int err, const char *msg)
{
	reply(c, err, msg);
}

int server_send(struct client *c, unsigned type, const json_t *payload)
{
	return client_send(c, type, payload);
}

static void handle_boot(struct client *c, json_t *msg)
{
	struct daemon *d = c->d;
	const char *id = json_string_value(json_object_get(msg, "id"));
	json_t *edited = json_object_get(msg, "option");
	struct boot_option *opt = NULL, *copy = NULL;
	const char *err = NULL;
	char why[512];
	int ret;

	if (edited && daemon_settings_locked(c)) {
		reply(c, -EACCES, "locked: editing an option needs the password");
		return;
	}
	if (edited && (ret = daemon_signed_may_edit(d, why, sizeof(why)))) {
		reply(c, ret, why);
		return;
	}
	autoboot_cancel(d, "a boot was requested");
	if (edited) {
		copy = boot_option_from_json(edited, &err);
		opt = copy;
	} else if (id) {
		opt = catalog_option(d, id);
		err = "no such option";
	}
	if (!opt) {
		reply(c, -EINVAL, err ? err : "boot needs an id or an option");
		return;
	}
	ret = daemon_boot(d, opt, c, BOOT_BY_PERSON, edited ?
			  "an edited copy" : NULL, why, sizeof(why));
	if (ret != -EINPROGRESS)	/* else boot.c replies when it ends */
		reply(c, ret, why);
	boot_option_free(copy);
}

/* Keep the name a client gives itself, cut to what a log line may show. */
static void client_name(struct client *c, const char *name)
{
	size_t i;

	for (i = 0; name && name[i] && i + 1 < sizeof(c->name); i++)
		c->name[i] = isalnum((unsigned char)name[i]) ||
			     strchr(".-_", name[i]) ? name[i] : '?';
	c->name[i] = '\0';
	if (!i)
		snprintf(c->name, sizeof(c->name), "unnamed");
}

static void handle(struct client *c, unsigned type, json_t *msg)
{
	struct daemon *d = c->d;
	json_t *st;
	const char *id;

	catalog_flush(d);	/* a request sees every option found */
	switch (type) {
	case PROTO_HELLO:
		c->events = json_is_true(json_object_get(msg, "events"));
		client_name(c, json_string_value(json_object_get(msg,
								 "client")));
		st = daemon_state_json(d);
		client_send(c, PROTO_STATE, st);
		json_decref(st);
		break;
	case PROTO_BOOT:
		handle_boot(c, msg);
		break;
	case PROTO_SET_DEFAULT:
		id = json_string_value(json_object_get(msg, "id"));
		if (!catalog_option(d, id)) {
			reply(c, -ENOENT, "no such option");
			break;
		}
		autoboot_set_default(d, id);
		daemon_status(d, false, "default set to %s", id);
		reply(c, 0, NULL);
		break;
	case PROTO_CANCEL:
		autoboot_cancel(d, "cancelled by a client");
		reply(c, 0, NULL);
		break;
	case PROTO_RESCAN:
		rescan_start(d, c);
		break;
	case PROTO_SETTINGS_GET:
	case PROTO_SETTINGS_SET:
	case PROTO_UNLOCK:
	case PROTO_LOG_GET:
	case PROTO_SYSINFO_GET:
		daemon_settings_handle(c, type, msg);
		break;
	default:
		reply(c, -EOPNOTSUPP, "not a request");
		break;
	}
}

/*
 * What depends on the saved settings: their values (a menu's headless and
 * lockdown too), changing and saving them, and the lockdown password,
 * which the store may set: an unlock or an edited boot before it is read
 * would pass a lockdown not known yet.
 */
static bool needs_settings(unsigned type, json_t *msg)
{
	switch (type) {
	case PROTO_SETTINGS_GET:
	case PROTO_SETTINGS_SET:
	case PROTO_UNLOCK:
		return true;
	case PROTO_BOOT:
		return json_object_get(msg, "option") != NULL;
	}
	return false;
}

/*
 * Must msg wait? While the settings store is read or written, requests
 * that need it do; a client whose settings-set waits for its save, and
 * one with requests held already, waits for all: answers keep its order.
 */
static bool must_wait(struct client *c, unsigned type, json_t *msg)
{
	return daemon_settings_waits_for_save(c) ||
	       (daemon_settings_busy(c->d) && needs_settings(type, msg));
}

static bool waits(struct client *c, unsigned type, json_t *msg)
{
	return c->held.n || must_wait(c, type, msg);
}

/* Answer msg now, or hold it (and what follows it). 0, or -errno: close. */
static int take(struct client *c, unsigned type, json_t *msg)
{
	struct held *h;

	if (!waits(c, type, msg)) {
		handle(c, type, msg);
		return 0;
	}
	if (c->held.n >= DAEMON_HELD_MAX) {
		log_warn("client %d: too many requests while the settings "
			 "store was read or written: closed", c->fd);
		return -ENOBUFS;
	}
	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->type = type;
	h->msg = json_incref(msg);
	if (vec_push(&c->held, h)) {
		held_free(h);
		return -ENOMEM;
	}
	return 0;
}

static void on_release(struct event_loop *loop, void *data)
{
	struct daemon *d = data;
	struct vec held;
	size_t i, j;

	d->server.held_timer = NULL;
	/* handle() closes no client: the list stays as it is */
	for (i = 0; i < d->server.clients.n; i++) {
		struct client *c = d->server.clients.v[i];

		held = c->held;
		memset(&c->held, 0, sizeof(c->held));
		for (j = 0; j < held.n; j++) {
			struct held *h = held.v[j];

			/* a save one of them started: the rest waits again */
			if (must_wait(c, h->type, h->msg))
				break;
			handle(c, h->type, h->msg);
			held_free(h);
			held.v[j] = NULL;
		}
		for (; j < held.n; j++)
			if (vec_push(&c->held, held.v[j]))
				held_free(held.v[j]);	/* lost: no memory */
		vec_free(&held, NULL);
	}
}

void server_release_held(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->server.clients.n; i++)
		if (((struct client *)d->server.clients.v[i])->held.n)
			break;
	if (i == d->server.clients.n || d->server.held_timer)
		return;
	d->server.held_timer = event_add_timer(d->loop, 0, on_release, d);
	if (!d->server.held_timer)
		on_release(d->loop, d);
}

static void on_client(struct event_loop *loop, int fd, uint32_t events,
		      void *data)
{
	struct client *c = data;
	unsigned type;
	json_t *msg;
	ssize_t n;
	int ret;

	if (events & EPOLLOUT)
		client_flush(c);
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = proto_reader_fill(&c->rd, fd);
	if (n == 0 || (n < 0 && n != -EAGAIN)) {
		client_close(c);
		return;
	}
	while ((ret = proto_reader_next(&c->rd, &type, &msg)) > 0) {
		ret = take(c, type, msg);
		json_decref(msg);
		if (ret) {
			client_close(c);
			return;
		}
	}
	if (ret < 0) {
		log_warn("client %d sent a malformed message: closed", fd);
		client_close(c);
	}
}

static void on_accept(struct event_loop *loop, int fd, uint32_t events,
		      void *data)
{
	struct daemon *d = data;
	struct client *c;
	int cfd;

	cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	if (d->server.clients.n >= DAEMON_MAX_CLIENTS) {
		close(cfd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(cfd);
		return;
	}
	c->d = d;
	c->fd = cfd;
	client_name(c, NULL);
	c->rd.max = DAEMON_REQUEST_MAX;	/* requests are small */
	c->watch = event_add_fd(loop, cfd, EPOLLIN, on_client, c);
	if (!c->watch || vec_push(&d->server.clients, c)) {
		event_remove_fd(c->watch);
		close(cfd);
		free(c);
	}
}

int server_start(struct daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = d->opts.socket_path ? d->opts.socket_path :
			   PROTO_SOCKET_PATH;
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		log_err("%s: socket path too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	old = umask(0077);	/* 0600: root's menus and CLI only */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, DAEMON_MAX_CLIENTS) < 0) {
		umask(old);
		log_err("%s: %s", path, strerror(errno));
		close(fd);
		return -errno;
	}
	umask(old);
	d->server.listen_fd = fd;
	if (!event_add_fd(d->loop, fd, EPOLLIN, on_accept, d))
		return -ENOMEM;
	return 0;
}

void server_stop(struct daemon *d)
{
	while (d->server.clients.n)
		client_close(d->server.clients.v[0]);
	vec_free(&d->server.clients, NULL);
	if (d->server.listen_fd >= 0) {
		close(d->server.listen_fd);
		unlink(d->opts.socket_path ? d->opts.socket_path :
		       PROTO_SOCKET_PATH);
	}
}
