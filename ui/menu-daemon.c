/*
 * menu-daemon.c: the menu's side of the control socket: connecting,
 * applying what the daemon pushes, requests that wait for their answer,
 * and the lockdown password.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/event.h"
#include "ui/client.h"
#include "ui/menu-internal.h"

/* Messages the daemon answers with a reply, in the order they were sent. */
static bool gets_reply(unsigned type)
{
	return type == PROTO_BOOT || type == PROTO_SET_DEFAULT ||
	       type == PROTO_CANCEL || type == PROTO_SETTINGS_SET ||
	       type == PROTO_UNLOCK;
}

int menu_connect(struct menu *mn, const char *path)
{
	int tries;

	/* the daemon may still be starting: wait up to ~10 s */
	for (tries = 0; tries < 1000; tries++) {
		mn->fd = client_connect(path);
		if (mn->fd >= 0)
			break;
		usleep(10000);
	}
	if (mn->fd < 0)
		return mn->fd;
	menu_send(mn, PROTO_HELLO, json_pack("{s:s,s:b}", "client", "menu",
					     "events", 1));
	menu_send(mn, PROTO_SETTINGS_GET, json_object());
	return 0;
}

void menu_send(struct menu *mn, unsigned type, json_t *payload)
{
	if (!payload)
		return;
	if (!proto_send(mn->fd, type, payload) && gets_reply(type))
		mn->unanswered++;
	json_decref(payload);	/* proto_send takes no reference */
}

/* Apply one message; a reply to an earlier request settles its count. */
static int apply(struct menu *mn, unsigned type, json_t *msg)
{
	if (type == PROTO_REPLY && mn->unanswered > 0)
		mn->unanswered--;
	return model_apply(&mn->m, type, msg) > 0;
}

int menu_pump(struct menu *mn)
{
	int ret, changed = 0;
	unsigned type;
	json_t *msg;
	ssize_t n;

	n = proto_reader_fill(&mn->rd, mn->fd);
	if (n == 0 || (n < 0 && n != -EAGAIN))
		return -ECONNRESET;
	while ((ret = proto_reader_next(&mn->rd, &type, &msg)) > 0) {
		changed |= apply(mn, type, msg);
		json_decref(msg);
	}
	return ret < 0 ? ret : changed;
}

/* Wait for the next message (bounded by deadline). 1, 0 on timeout, -errno. */
static int next_message(struct menu *mn, uint64_t deadline, unsigned *type,
			json_t **msg)
{
	struct pollfd pfd = { .fd = mn->fd, .events = POLLIN };
	uint64_t now;
	ssize_t n;
	int ret;

	for (;;) {
		ret = proto_reader_next(&mn->rd, type, msg);
		if (ret)
			return ret;
		now = event_now_ms();
		if (now >= deadline)
			return 0;
		if (poll(&pfd, 1, deadline - now) < 0 && errno != EINTR)
			return -errno;
		n = proto_reader_fill(&mn->rd, mn->fd);
		if (n == 0 || (n < 0 && n != -EAGAIN))
			return -ECONNRESET;
	}
}

int menu_request(struct menu *mn, unsigned type, json_t *payload,
		 unsigned want, json_t **answer, const char **err)
{
	uint64_t deadline = event_now_ms() + MENU_REQUEST_MS;
	int earlier, ret;
	unsigned t;
	json_t *msg;

	*err = NULL;
	if (answer)
		*answer = NULL;
	earlier = mn->unanswered;
	ret = proto_send(mn->fd, type, payload);
	json_decref(payload);
	if (ret) {
		*err = "the daemon is gone";
		return ret;
	}
	while ((ret = next_message(mn, deadline, &t, &msg)) > 0) {
		bool mine = (t == want && want != PROTO_REPLY) ||
			    (t == PROTO_REPLY && earlier == 0);

		if (t == PROTO_REPLY && earlier > 0) {
			earlier--;
			mn->unanswered--;
		}
		if (!mine || t != PROTO_REPLY)
			model_apply(&mn->m, t, msg);
		if (!mine) {
			json_decref(msg);
			continue;
		}
		if (t == PROTO_REPLY &&
		    !json_is_true(json_object_get(msg, "ok"))) {
			*err = "refused";
			model_apply(&mn->m, t, msg);	/* the sentence */
			ret = -EPERM;
		} else {
			ret = 0;
		}
		if (answer && !ret)
			*answer = msg;
		else
			json_decref(msg);
		return ret;
	}
	*err = ret == 0 ? "the daemon did not answer" : "the daemon is gone";
	return ret == 0 ? -ETIMEDOUT : ret;
}

bool menu_unlock(struct menu *mn, const char *what)
{
	const char *err;
	char title[128];
	char *pw;
	int ret;

	if (!model_lockdown(&mn->m) || mn->unlocked)
		return true;
	snprintf(title, sizeof(title), "Locked: %s needs the password", what);
	pw = form_ask(mn, title, "Password", "", true);
	if (!pw)
		return false;
	ret = menu_request(mn, PROTO_UNLOCK, json_pack("{s:s}", "password", pw),
			   PROTO_REPLY, NULL, &err);
	explicit_bzero(pw, strlen(pw));
	free(pw);
	if (ret) {
		menu_say(mn, true, "%s: %s", what, mn->m.status &&
			 ret == -EPERM ? mn->m.status : err);
		return false;
	}
	mn->unlocked = true;
	return true;
}
