/*
 * server.h: the control socket (server.c): clients, their requests (held
 * while the settings store is busy) and the events pushed to them.
 */
#ifndef BATON_DAEMON_SERVER_H
#define BATON_DAEMON_SERVER_H

#include <stdbool.h>

#include "lib/event.h"
#include "lib/protocol.h"
#include "lib/util.h"

#define DAEMON_MAX_CLIENTS	64
#define DAEMON_CLIENT_QUEUE_MAX	(256u << 10)	/* then a client's events
						   wait for it to catch up */
#define DAEMON_CLIENT_STALL_MS	5000	/* a client behind that long without
					   reading a byte is dropped */
#define DAEMON_REQUEST_MAX	(64u << 10)	/* bytes of one request */
#define DAEMON_HELD_MAX		32	/* requests held per client while
					   the settings are not known */

struct daemon;

struct client {
	struct daemon *d;
	int fd;
	struct event_fd *watch;
	struct proto_reader rd;
	char *out;		/* queued frames not yet written */
	size_t out_len;
	bool events;		/* wants pushed events */
	char name[24];		/* what its hello called it, for the log
				   (letters, digits, ".-_" only) */
	bool behind;		/* events were left out: once its queue is
				   empty, it gets the whole state again */
	size_t behind_len;	/* out_len when it last read something */
	uint64_t behind_ms;	/* and when */
	bool unlocked;		/* gave the lockdown password */
	struct vec held;	/* struct held *: requests that wait for the
				   settings store, in the order received */
};

/* server.c's own state. */
struct server_state {
	int listen_fd;		/* -1 until server_start */
	struct vec clients;	/* struct client * */
	struct event_timer *held_timer;	/* replays held requests */
};

int server_start(struct daemon *d);
void server_stop(struct daemon *d);
void server_broadcast(struct daemon *d, unsigned type, json_t *payload);

/*
 * Requests that need the saved settings (settings-get and -set, unlock,
 * an edited boot), and any later request of the same client, are held
 * while the store is not known or a save writes it; then they are
 * answered in order (from the loop, not from inside the caller).
 */
void server_release_held(struct daemon *d);

/* Answer one client. */
void server_reply(struct client *c, int err, const char *msg);
int server_send(struct client *c, unsigned type, const json_t *payload);

#endif
