/*
 * client-internal.h: what the command-line client's files share: one
 * connection to the daemon, asking it something, printing safely.
 */
#ifndef BATON_UI_CLIENT_INTERNAL_H
#define BATON_UI_CLIENT_INTERNAL_H

#include <stdbool.h>

#include "lib/protocol.h"

struct cli {
	const char *verb;
	bool json;	/* --json: stdout holds one JSON document (watch:
			   one a line) and nothing else */
	bool clear;	/* next --clear */
	int fd;
	struct proto_reader rd;
};

/*
 * Send a request (payload taken) and wait for the message of type want,
 * or a reply. Returns 0 with *answer (a new reference; a reply with ok
 * true when want is PROTO_REPLY), -EIO when the daemon refused (a reply
 * with ok false: with --json it is printed on stdout; the reason goes to
 * stderr), or -errno when the connection failed.
 */
int cli_ask(struct cli *c, unsigned type, json_t *payload, unsigned want,
	    json_t **answer);
/* Say hello (no events) and return the state in *state. 0 or -errno. */
int cli_hello(struct cli *c, bool events, json_t **state);
void cli_dump_json(const json_t *j);
/* Print prefix and s, control characters made harmless, and a newline. */
void cli_print_clean(const char *prefix, const char *s);
/* With --json, a refusal the client found itself, as the daemon's are. */
void cli_refuse(struct cli *c, const char *why);

/* client-info.c: log, sysinfo and next; 0, -EIO (refused) or -errno. */
int cli_log(struct cli *c, const char *unused);
int cli_sysinfo(struct cli *c, const char *unused);
int cli_next(struct cli *c, const char *id);

#endif
