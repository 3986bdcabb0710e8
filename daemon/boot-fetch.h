/*
 * boot-fetch.h: the files of a network option fetched when it boots
 * (boot-fetch.c), each into an anonymous tmpfs file (memfd) that the
 * loader then reads; how far the fetch is, for the status line and
 * `baton status --json`, read on the loop while a worker fetches.
 */
#ifndef BATON_DAEMON_BOOT_FETCH_H
#define BATON_DAEMON_BOOT_FETCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/protocol.h"

struct boot_fetch {
	pthread_mutex_t lock;	/* the worker writes, the loop reads */
	char *ca_file;		/* the net_ca_file setting, or NULL */
	char *proxy;		/* the option's config's PROXY, else
				   net_proxy; NULL: none */
	char url[512];		/* the file being fetched ("": none) */
	uint64_t bytes, total, rate;
	bool active;
};

/* 0, or -ENOMEM. ca_file and proxy (NULL: none) are copied. */
int boot_fetch_init(struct boot_fetch *bf, const char *ca_file,
		    const char *proxy);
void boot_fetch_release(struct boot_fetch *bf);

/*
 * In the worker: fetch url into a new tmpfs file; returns its fd (read
 * from offset 0), or -errno with why filled (fetch.h's sentence), or
 * -EOPNOTSUPP when baton is built without network boot.
 */
int boot_fetch_open(struct boot_fetch *bf, const char *url, char *why,
		    size_t len);

/*
 * On the loop: the fetch under way as {url, bytes, total, rate}, and
 * as a sentence in msg; NULL (msg untouched) when none is.
 */
json_t *boot_fetch_json(struct boot_fetch *bf, char *msg, size_t len);

#endif
