/* fetch.c: one URL fetched with libcurl, bounded, verified and retried. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "discover/curl-api.h"
#include "discover/fetch.h"
#include "lib/strbuf.h"
#include "lib/text.h"
#include "lib/util.h"

/* Where the bytes go: a file descriptor or a memory buffer. */
struct sink {
	int fd;			/* -1: buf */
	struct strbuf buf;
	uint64_t written;
	uint64_t max;
	bool head;		/* the first max bytes are enough */
	bool stopped;		/* head: max bytes arrived, transfer cut */
	bool too_big;
	int write_err;		/* -errno from write(2) */
};

struct attempt {
	const struct curl_api *cu;
	const char *url;
	const struct fetch_opts *o;
	struct sink *sink;
	unsigned number;
	struct timespec start;
	struct timespec last_report;
	bool cancelled;
	char range[48];
};

static const char *const schemes[] = { "tftp", "http", "https" };

/* Does this attempt go through a proxy: one given, and an http(s) URL? */
static bool proxied(const struct attempt *a)
{
	return a->o->proxy && *a->o->proxy &&
	       (!strncasecmp(a->url, "http://", 7) ||
		!strncasecmp(a->url, "https://", 8));
}

/* *err = "URL: sentence", made safe for a terminal. Returns ret. */
static int fail(char **err, int ret, const char *url, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char **err, int ret, const char *url, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *raw;

	if (!err)
		return ret;
	sb_addf(&sb, "%s: ", url);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	raw = sb_detach(&sb);
	*err = raw ? text_sanitize(raw) : NULL;
	free(raw);
	return ret;
}

int fetch_url_check(const char *url, char **why)
{
	const char *sep, *p;
	size_t i, n;

	if (!url || !*url)
		return fail(why, -EINVAL, "(none)", "no URL given");
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fail(why, -EINVAL, "(URL)",
				    "a URL may not contain spaces or control characters");
	sep = strstr(url, "://");
	if (!sep || sep == url)
		return fail(why, -EINVAL, url,
			    "not a URL (expected tftp://, http:// or https://)");
	n = sep - url;
	for (i = 0; i < ARRAY_SIZE(schemes); i++)
		if (strlen(schemes[i]) == n && !strncasecmp(url, schemes[i], n))
			break;
	if (i == ARRAY_SIZE(schemes))
		return fail(why, -EPROTONOSUPPORT, url,
			    "the scheme '%.*s' is refused: baton fetches only tftp://, http:// and https://",
			    (int)MIN(n, 16), url);
	if (!sep[3] || sep[3] == '/')
		return fail(why, -EINVAL, url, "no server named after '%.*s://'",
			    (int)n, url);
	return 0;
}

static int sink_reset(struct sink *s)
{
	s->written = 0;
	s->stopped = false;
	s->too_big = false;
	s->write_err = 0;
	if (s->fd < 0) {
		sb_reset(&s->buf);
		return 0;
	}
	if (ftruncate(s->fd, 0) < 0 || lseek(s->fd, 0, SEEK_SET) < 0)
		return -errno;
	return 0;
}

static int sink_write(struct sink *s, const char *p, size_t n)
{
	ssize_t w;

	if (s->fd < 0) {
		sb_add(&s->buf, p, n);
		return s->buf.err;
	}
	while (n) {
		w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= w;
	}
	return 0;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *data)
{
	struct sink *s = data;
	size_t n = size * nmemb;
	int ret;

	if (s->written + n > s->max && s->head) {
		n = s->max - s->written;
		s->stopped = true;
	} else if (s->written + n > s->max) {
		s->too_big = true;
		return 0;	/* CURLE_WRITE_ERROR */
	}
	ret = sink_write(s, p, n);
	if (ret) {
		s->write_err = ret;
		return 0;
	}
	s->written += n;
	return s->stopped ? 0 : n;	/* head: enough, cut the transfer */
}

static uint64_t ms_between(const struct timespec *a, const struct timespec *b)
{
	int64_t ms = (b->tv_sec - a->tv_sec) * 1000 +
		     (b->tv_nsec - a->tv_nsec) / 1000000;

	return ms > 0 ? (uint64_t)ms : 0;
}

static int report(struct attempt *a, uint64_t total, bool done)
{
	struct fetch_progress p = {
		.url = a->url, .bytes = a->sink->written, .total = total,
		.attempt = a->number, .done = done,
	};
	struct timespec now;
	uint64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = ms_between(&a->start, &now);
	p.rate = ms ? p.bytes * 1000 / ms : 0;
	a->last_report = now;
	if (a->o->progress(&p, a->o->progress_data)) {
		a->cancelled = true;
		return 1;
	}
	return 0;
}

static int on_progress(void *data, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct attempt *a = data;
	struct timespec now;

	if (!a->o->progress)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ms_between(&a->last_report, &now) < 100)
		return 0;
	return report(a, dltotal > 0 ? (uint64_t)dltotal : 0, false);
}

static unsigned or_default(unsigned v, unsigned def)
{
	return v ? v : def;
}

static void set_options(CURL *c, struct attempt *a, char *errbuf)
{
	const struct fetch_opts *o = a->o;
	unsigned stall = or_default(o->stall_ms, FETCH_DEFAULT_STALL_MS);

	a->cu->easy_setopt(c, CURLOPT_URL, a->url);
	a->cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "tftp,http,https");
	a->cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	a->cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	a->cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	a->cu->easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	a->cu->easy_setopt(c, CURLOPT_USERAGENT, "baton");
	a->cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, o->no_redirects ? 0L : 1L);
	a->cu->easy_setopt(c, CURLOPT_MAXREDIRS,
			 (long)or_default(o->max_redirects, FETCH_DEFAULT_REDIRECTS));
	a->cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 (long)or_default(o->connect_timeout_ms, FETCH_DEFAULT_CONNECT_MS));
	a->cu->easy_setopt(c, CURLOPT_TIMEOUT_MS,
			 (long)or_default(o->timeout_ms, FETCH_DEFAULT_TIMEOUT_MS));
	a->cu->easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	a->cu->easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)MAX(stall / 1000, 1u));
	if (a->sink->head) {
		snprintf(a->range, sizeof(a->range), "0-%llu",
			 (unsigned long long)a->sink->max - 1);
		a->cu->easy_setopt(c, CURLOPT_RANGE, a->range);	/* http(s) */
	} else {
		a->cu->easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
				 (curl_off_t)a->sink->max);
	}
	a->cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	a->cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file && *o->ca_file) {
		/* the bundle given, and nothing else */
		a->cu->easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
		a->cu->easy_setopt(c, CURLOPT_CAPATH, NULL);
	}
	/* "" also keeps libcurl from reading http_proxy from the environment;
	   an HTTP proxy carries http(s) only (TFTP goes direct) */
	a->cu->easy_setopt(c, CURLOPT_PROXY, proxied(a) ? o->proxy : "");
	a->cu->easy_setopt(c, CURLOPT_TFTP_BLKSIZE,
			 (long)or_default(o->tftp_blksize, 1468));
	/* fewer, larger writes into the copy (libcurl's default: 16 KiB) */
	a->cu->easy_setopt(c, CURLOPT_BUFFERSIZE, 256L << 10);
	a->cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	a->cu->easy_setopt(c, CURLOPT_WRITEDATA, a->sink);
	a->cu->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	a->cu->easy_setopt(c, CURLOPT_XFERINFODATA, a);
	a->cu->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
}

static int http_error(const struct attempt *a, CURL *c, char **err)
{
	const char *url = a->url;
	long code = 0;

	a->cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code == 404 || code == 410)
		return fail(err, -ENOENT, url, "the server has no such file (HTTP %ld)", code);
	if (code == 401 || code == 403)
		return fail(err, -EACCES, url, "the server refused access (HTTP %ld)", code);
	return fail(err, -EIO, url, "the server answered HTTP %ld", code);
}

static int tls_error(CURLcode rc, const struct attempt *a, const char *why,
		     char **err)
{
	const char *ca = a->o->ca_file && *a->o->ca_file ? a->o->ca_file : NULL;

	if (rc == CURLE_SSL_CACERT_BADFILE)
		return fail(err, -EKEYREJECTED, a->url,
			    "the CA bundle %s could not be read", ca ? ca : "(default)");
	return fail(err, -EKEYREJECTED, a->url,
		    "the server's certificate was not accepted (%s), checked against %s%s",
		    why, ca ? "the CA bundle " : "the default CA bundle",
		    ca ? ca : "");
}

/* Turn a curl result into -errno and a sentence. */
static int map_result(CURLcode rc, CURL *c, const struct attempt *a,
		      const char *errbuf, char **err)
{
	const char *why = *errbuf ? errbuf : a->cu->easy_strerror(rc);
	const char *url = a->url;
	const struct sink *s = a->sink;

	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && s->stopped))
		return 0;
	if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return fail(err, -EFBIG, url,
			    "the file is larger than the limit of %llu bytes",
			    (unsigned long long)s->max);
	if (s->write_err)
		return fail(err, s->write_err, url, "writing the copy failed: %s",
			    strerror(-s->write_err));
	switch (rc) {
	case CURLE_ABORTED_BY_CALLBACK:
		return fail(err, -ECANCELED, url, "cancelled");
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		return tls_error(rc, a, why, err);
	case CURLE_SSL_CONNECT_ERROR:
		return fail(err, -EPROTO, url, "the TLS handshake failed: %s", why);
	case CURLE_TOO_MANY_REDIRECTS:
		return fail(err, -ELOOP, url, "more than %u redirects (a redirect loop?)",
			    or_default(a->o->max_redirects, FETCH_DEFAULT_REDIRECTS));
	case CURLE_OPERATION_TIMEDOUT:
		return fail(err, -ETIMEDOUT, url, "timed out: %s", why);
	case CURLE_HTTP_RETURNED_ERROR:
		return http_error(a, c, err);
	case CURLE_REMOTE_FILE_NOT_FOUND:
	case CURLE_TFTP_NOTFOUND:
		return fail(err, -ENOENT, url, "the server has no such file");
	case CURLE_TFTP_PERM:
	case CURLE_REMOTE_ACCESS_DENIED:
		return fail(err, -EACCES, url, "the server refused access");
	case CURLE_COULDNT_CONNECT:
		if (proxied(a))	/* the connection is to the proxy */
			return fail(err, -ECONNREFUSED, url,
				    "the proxy %s did not answer: %s",
				    a->o->proxy, why);
		return fail(err, -ECONNREFUSED, url, "no server answered: %s", why);
	case CURLE_COULDNT_RESOLVE_PROXY:
		return fail(err, -ENXIO, url, "unknown proxy host: %s", why);
	case CURLE_COULDNT_RESOLVE_HOST:
		return fail(err, -ENXIO, url, "unknown host: %s", why);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return fail(err, -EPROTONOSUPPORT, url,
			    "refused a scheme other than tftp, http or https: %s", why);
	default:
		return fail(err, -EIO, url, "%s", why);
	}
}

static int attempt_once(struct attempt *a, char **err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *c;
	int ret;

	ret = sink_reset(a->sink);
	if (ret)
		return fail(err, ret, a->url, "cannot rewrite the copy: %s",
			    strerror(-ret));
	c = a->cu->easy_init();
	if (!c)
		return fail(err, -ENOMEM, a->url, "out of memory");
	clock_gettime(CLOCK_MONOTONIC, &a->start);
	a->last_report = a->start;
	set_options(c, a, errbuf);
	ret = map_result(a->cu->easy_perform(c), c, a, errbuf, err);
	a->cu->easy_cleanup(c);
	if (!ret && a->o->progress && report(a, a->sink->written, true))
		ret = fail(err, -ECANCELED, a->url, "cancelled");
	return ret;
}

static bool transient(int ret)
{
	return ret == -ETIMEDOUT || ret == -ECONNREFUSED ||
	       ret == -EHOSTUNREACH || ret == -EIO || ret == -EPROTO;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int fetch_sink(const char *url, struct sink *sink,
		      const struct fetch_opts *o, char **err)
{
	static const struct fetch_opts defaults;
	struct attempt a = { .url = url, .sink = sink };
	const char *why = NULL;
	unsigned wait;
	int ret;

	a.o = o ? o : &defaults;
	sink->max = a.o->max_bytes ? a.o->max_bytes : FETCH_DEFAULT_MAX_BYTES;
	wait = or_default(a.o->backoff_ms, FETCH_DEFAULT_BACKOFF_MS);
	ret = fetch_url_check(url, err);
	if (ret)
		return ret;
	a.cu = curl_api_get(&why);
	if (!a.cu)
		return fail(err, -ELIBACC, url, "cannot fetch: %s", why);
	for (a.number = 1;; a.number++) {
		ret = attempt_once(&a, err);
		if (!ret || !transient(ret) || a.number > a.o->retries)
			return ret;
		if (err) {
			free(*err);
			*err = NULL;
		}
		sleep_ms(wait);
		wait = MIN(wait * 2, FETCH_MAX_BACKOFF_MS);
	}
}

int fetch_to_fd(const char *url, int fd, const struct fetch_opts *o,
		char **err)
{
	struct sink sink = { .fd = fd, .buf = STRBUF_INIT };

	if (err)
		*err = NULL;
	return fetch_sink(url, &sink, o, err);
}

int fetch_to_buffer(const char *url, const struct fetch_opts *o, char **buf,
		    size_t *len, char **err)
{
	struct sink sink = { .fd = -1, .buf = STRBUF_INIT };
	size_t n;
	int ret;

	if (err)
		*err = NULL;
	ret = fetch_sink(url, &sink, o, err);
	if (ret) {
		sb_release(&sink.buf);
		return ret;
	}
	n = sink.buf.len;
	*buf = sb_detach(&sink.buf);
	if (!*buf)
		*buf = strdup("");	/* an empty file */
	if (!*buf)
		return fail(err, -ENOMEM, url, "out of memory");
	*len = n;
	return 0;
}

int fetch_head(const char *url, const struct fetch_opts *o, void *buf,
	       size_t len, size_t *got, char **err)
{
	struct fetch_opts head = o ? *o : (struct fetch_opts){ 0 };
	struct sink sink = { .fd = -1, .buf = STRBUF_INIT, .head = true };
	int ret;

	if (err)
		*err = NULL;
	if (!len)
		return fail(err, -EINVAL, url, "nothing to read");
	head.max_bytes = len;
	ret = fetch_sink(url, &sink, &head, err);
	if (!ret) {
		*got = MIN(sink.buf.len, len);
		memcpy(buf, sink.buf.buf ? sink.buf.buf : "", *got);
	}
	sb_release(&sink.buf);
	return ret;
}

int fetch_to_file(const char *url, const char *path,
		  const struct fetch_opts *o, char **err)
{
	char *tmp = str_printf("%s.part", path);
	int fd, ret;

	if (err)
		*err = NULL;
	if (!tmp)
		return fail(err, -ENOMEM, url, "out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		ret = -errno;
		fail(err, ret, url, "cannot create %s: %s", tmp, strerror(-ret));
		goto out;
	}
	ret = fetch_to_fd(url, fd, o, err);
	if (close(fd) < 0 && !ret)
		ret = fail(err, -errno, url, "writing %s failed", tmp);
	if (!ret && rename(tmp, path) < 0)
		ret = fail(err, -errno, url, "cannot rename %s: %s", tmp,
			   strerror(errno));
	if (ret)
		unlink(tmp);
out:
	free(tmp);
	return ret;
}
