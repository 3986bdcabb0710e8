/*
 * fetch.h: fetching one URL (tftp://, http://, https:// only) with libcurl
 * into a file descriptor or a memory buffer: certificates verified against
 * a CA bundle, bounded size, time and redirects, retries with back-off, and
 * progress reported through a callback. Blocking: call it from a worker.
 */
#ifndef BATON_DISCOVER_FETCH_H
#define BATON_DISCOVER_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Defaults used where a field of struct fetch_opts is 0. */
#define FETCH_DEFAULT_MAX_BYTES (1ULL << 30)	/* 1 GiB */
#define FETCH_DEFAULT_TIMEOUT_MS 600000u	/* one attempt, whole transfer */
#define FETCH_DEFAULT_CONNECT_MS 10000u
#define FETCH_DEFAULT_STALL_MS 20000u	/* no byte for this long: give up */
#define FETCH_DEFAULT_REDIRECTS 5u
#define FETCH_DEFAULT_BACKOFF_MS 500u
#define FETCH_MAX_BACKOFF_MS 8000u

struct fetch_progress {
	const char *url;	/* the URL asked for */
	uint64_t bytes;		/* received so far (this attempt) */
	uint64_t total;		/* announced size, 0 when unknown */
	uint64_t rate;		/* bytes per second, this attempt */
	unsigned attempt;	/* 1 for the first try */
	bool done;		/* last report of a successful fetch */
};

/*
 * Called at most every 100 ms while bytes arrive, and once with done set.
 * Returning non-zero cancels the fetch (which then fails with -ECANCELED).
 */
typedef int (*fetch_progress_fn)(const struct fetch_progress *p, void *data);

struct fetch_opts {
	const char *ca_file;	/* CA bundle (PEM); NULL: libcurl's default */
	const char *proxy;	/* "http://host:port" for http(s) URLs (TFTP
				   goes direct); NULL or "": none */
	uint64_t max_bytes;	/* larger files are refused (-EFBIG) */
	unsigned timeout_ms;	/* per attempt */
	unsigned connect_timeout_ms;
	unsigned stall_ms;	/* no data for this long: -ETIMEDOUT */
	unsigned max_redirects;	/* one more is -ELOOP */
	bool no_redirects;	/* refuse every redirect (max_redirects 0) */
	unsigned retries;	/* attempts after the first, transient errors */
	unsigned backoff_ms;	/* first wait between attempts; doubles */
	unsigned tftp_blksize;	/* TFTP block size asked for; 0: 1468 */
	fetch_progress_fn progress;
	void *progress_data;
};

/*
 * 0 when url's scheme is one baton fetches (tftp, http, https, any case)
 * and a host follows it; otherwise -EPROTONOSUPPORT (or -EINVAL for a URL
 * with no scheme or host) and, when why is not NULL, a sentence in *why
 * (free it).
 */
int fetch_url_check(const char *url, char **why);

/*
 * Fetch url into fd (a regular file, e.g. on tmpfs: truncated and rewritten
 * from offset 0 on each attempt). o may be NULL for every default. Returns
 * 0, or -errno with a sentence in *err (free it) when err is not NULL:
 *   -EPROTONOSUPPORT, -EINVAL  the URL is refused (fetch_url_check)
 *   -EKEYREJECTED  the server's certificate could not be verified
 *   -EFBIG         the file is larger than max_bytes
 *   -ELOOP         more redirects than max_redirects
 *   -ETIMEDOUT     the transfer took too long, or stalled
 *   -ENOENT, -EACCES  the server says the file is missing or forbidden
 *   -ECONNREFUSED, -EHOSTUNREACH, -ENXIO (unknown host)  no server
 *   -ECANCELED     the progress callback asked to stop
 *   -ELIBACC       libcurl cannot be loaded (discover/curl-api.h)
 *   -EIO           anything else (the sentence says what)
 */
int fetch_to_fd(const char *url, int fd, const struct fetch_opts *o,
		char **err);

/*
 * Fetch url into a new buffer (*buf, NUL-terminated, free it; *len without
 * the NUL). Errors as fetch_to_fd; *buf and *len are written only on
 * success.
 */
int fetch_to_buffer(const char *url, const struct fetch_opts *o, char **buf,
		    size_t *len, char **err);

/*
 * The first len bytes of url (fewer when the file is shorter) into buf,
 * *got saying how many: enough to tell a config from a kernel without
 * fetching the kernel (HTTP asks for a range; TFTP is cut after len
 * bytes). Errors as fetch_to_fd, never -EFBIG.
 */
int fetch_head(const char *url, const struct fetch_opts *o, void *buf,
	       size_t len, size_t *got, char **err);

/*
 * Fetch url into a new file path (mode 0644), written next to it under a
 * temporary name and renamed on success: path appears whole or not at
 * all. Errors as fetch_to_fd, or -errno from creating the file.
 */
int fetch_to_file(const char *url, const char *path,
		  const struct fetch_opts *o, char **err);

#endif
