/*
 * protocol.h: the control protocol between `baton daemon` and its clients
 * (menus, the CLI). Each message is a frame: a 12-byte header {magic,
 * version, type, length} in network byte order, then `length` bytes of a
 * JSON object. Message types and their fields are one table (protocol.c);
 * encode and decode both check against it. docs/protocol.md describes it.
 */
#ifndef BATON_LIB_PROTOCOL_H
#define BATON_LIB_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define PROTO_MAGIC		0x4241544eu	/* "BATN" */
#define PROTO_VERSION		1
#define PROTO_HEADER_SIZE	12
#define PROTO_MAX_PAYLOAD	(4u << 20)
#define PROTO_SOCKET_PATH	"/run/baton/control"

enum proto_type {
	PROTO_HELLO = 1,	/* c->d: {client, events}          */
	PROTO_STATE,		/* d->c: the whole state           */
	PROTO_OPTION_ADD,	/* d->c: {option, index}           */
	PROTO_OPTION_REMOVE,	/* d->c: {id}                      */
	PROTO_SOURCES,		/* d->c: {sources}                 */
	PROTO_COUNTDOWN,	/* d->c: {remaining, id}           */
	PROTO_STATUS,		/* d->c: {level, message}          */
	PROTO_BOOT,		/* c->d: {id} or {option}          */
	PROTO_SET_DEFAULT,	/* c->d: {id}                      */
	PROTO_CANCEL,		/* c->d: {}                        */
	PROTO_REPLY,		/* d->c: {ok, error}               */
	PROTO_PROGRESS,		/* d->c: {id, stage, message}      */
	/* settings, log and system information (issue 4) */
	PROTO_SETTINGS_GET,	/* c->d: {}                        */
	PROTO_SETTINGS,		/* d->c: {values, origins, store, lockdown} */
	PROTO_SETTINGS_SET,	/* c->d: {values, save}            */
	PROTO_UNLOCK,		/* c->d: {password}                */
	PROTO_LOG_GET,		/* c->d: {}                        */
	PROTO_LOG,		/* d->c: {lines}                   */
	PROTO_SYSINFO_GET,	/* c->d: {}                        */
	PROTO_SYSINFO,		/* d->c: {kernel, devices, network} */
	PROTO_RESCAN,		/* c->d: {}: answered by a reply once done */
	PROTO_TYPE_MAX,
};

/* "hello", "state", ...; NULL for an unknown type. */
const char *proto_type_name(unsigned type);

/*
 * Encode a message: checks payload against the type's field table, then
 * returns a malloc'd frame in *frame (*len bytes). Takes no reference.
 * Returns 0, -EINVAL (unknown type, missing or mistyped field), -EMSGSIZE
 * or -ENOMEM.
 */
int proto_encode(unsigned type, const json_t *payload, char **frame,
		 size_t *len);

/* Incremental decoder for one connection's byte stream. */
struct proto_reader {
	char *buf;
	size_t len;
	size_t cap;
	size_t max;	/* payload bound (0: PROTO_MAX_PAYLOAD); a daemon
			   reading small requests sets less */
};

void proto_reader_release(struct proto_reader *r);

/*
 * Read what fd has (non-blocking) into r. Returns the number of bytes read,
 * 0 at end of stream, or -errno (-EAGAIN when nothing was there).
 */
ssize_t proto_reader_fill(struct proto_reader *r, int fd);

/*
 * Take the next complete message out of r. Returns 1 and sets *type and
 * *payload (a new reference), 0 when more bytes are needed, or -EPROTO (bad
 * magic, version, type, JSON or fields) / -EMSGSIZE (length over the
 * bound): then the stream cannot be trusted and should be closed.
 */
int proto_reader_next(struct proto_reader *r, unsigned *type,
		      json_t **payload);

/* Blocking helpers for simple clients: 0 or -errno. */
int proto_send(int fd, unsigned type, const json_t *payload);
int proto_recv(int fd, struct proto_reader *r, unsigned *type,
	       json_t **payload);

/* Connect to the daemon's socket (path NULL: PROTO_SOCKET_PATH). fd/-errno. */
int proto_connect(const char *path);

/*
 * Seed jansson's hash tables without /dev/urandom (once per process;
 * proto_connect does it): early in boot, before the kernel's random pool
 * is ready, that read makes the kernel gather entropy first, most of a
 * second under emulation, on the path to the first menu.
 */
void proto_seed(void);

#endif
