/*
 * boot-fetch.c: a network option's files fetched into tmpfs when it boots,
 * with the progress the loop shows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "daemon/boot-fetch.h"
#include "discover/fetch.h"
#include "lib/text.h"
#include "lib/util.h"

int boot_fetch_init(struct boot_fetch *bf, const char *ca_file,
		    const char *proxy)
{
	memset(bf, 0, sizeof(*bf));
	if (ca_file && !(bf->ca_file = strdup(ca_file)))
		return -ENOMEM;
	if (proxy && !(bf->proxy = strdup(proxy))) {
		free(bf->ca_file);
		bf->ca_file = NULL;
		return -ENOMEM;
	}
	pthread_mutex_init(&bf->lock, NULL);
	return 0;
}

void boot_fetch_release(struct boot_fetch *bf)
{
	free(bf->ca_file);
	free(bf->proxy);
	bf->ca_file = NULL;
	bf->proxy = NULL;
	pthread_mutex_destroy(&bf->lock);
}

#ifdef CONFIG_NET
static int on_progress(const struct fetch_progress *p, void *data)
{
	struct boot_fetch *bf = data;

	pthread_mutex_lock(&bf->lock);
	bf->bytes = p->bytes;
	bf->total = p->total;
	bf->rate = p->rate;
	pthread_mutex_unlock(&bf->lock);
	return 0;
}

int boot_fetch_open(struct boot_fetch *bf, const char *url, char *why,
		    size_t len)
{
	struct fetch_opts o = {
		.ca_file = bf->ca_file,
		.proxy = bf->proxy,
		.progress = on_progress,
		.progress_data = bf,
	};
	char *err = NULL;
	int fd, ret;

	fd = memfd_create("baton-fetch", MFD_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(why, len, "%s: no room in memory: %s", url,
			 strerror(-ret));
		return ret;
	}
	pthread_mutex_lock(&bf->lock);
	snprintf(bf->url, sizeof(bf->url), "%s", url);
	bf->bytes = bf->total = bf->rate = 0;
	bf->active = true;
	pthread_mutex_unlock(&bf->lock);
	ret = fetch_to_fd(url, fd, &o, &err);
	pthread_mutex_lock(&bf->lock);
	bf->active = false;
	pthread_mutex_unlock(&bf->lock);
	if (!ret && lseek(fd, 0, SEEK_SET) < 0)
		ret = -errno;
	if (ret) {
		/* fetch.h's sentences name the URL already */
		snprintf(why, len, "%s", err ? err : strerror(-ret));
		free(err);
		close(fd);
		return ret;
	}
	return fd;
}
#else
int boot_fetch_open(struct boot_fetch *bf, const char *url, char *why,
		    size_t len)
{
	snprintf(why, len, "%s: this baton is built without network boot",
		 url);
	return -EOPNOTSUPP;
}
#endif

json_t *boot_fetch_json(struct boot_fetch *bf, char *msg, size_t len)
{
	json_t *j = NULL;
	char *safe;

	pthread_mutex_lock(&bf->lock);
	if (bf->active) {
		j = json_pack("{s:s,s:I,s:I,s:I}", "url", bf->url,
			      "bytes", (json_int_t)bf->bytes,
			      "total", (json_int_t)bf->total,
			      "rate", (json_int_t)bf->rate);
		safe = text_sanitize(bf->url);
		if (bf->total)
			snprintf(msg, len, "fetching %s: %llu of %llu KiB, "
				 "%llu KiB/s", safe ? safe : "?",
				 (unsigned long long)bf->bytes >> 10,
				 (unsigned long long)bf->total >> 10,
				 (unsigned long long)bf->rate >> 10);
		else
			snprintf(msg, len, "fetching %s: %llu KiB, %llu KiB/s",
				 safe ? safe : "?",
				 (unsigned long long)bf->bytes >> 10,
				 (unsigned long long)bf->rate >> 10);
		free(safe);
	}
	pthread_mutex_unlock(&bf->lock);
	return j;
}
