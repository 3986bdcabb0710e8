/* curl-api.c: libcurl loaded at the first fetch (dlopen), or linked in. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "discover/curl-api.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct curl_api api;
static const struct curl_api *loaded;
static char why_buf[256];

#ifdef CONFIG_STATIC
static int resolve(void)
{
	api.easy_init = curl_easy_init;
	api.easy_setopt = curl_easy_setopt;
	api.easy_perform = curl_easy_perform;
	api.easy_getinfo = curl_easy_getinfo;
	api.easy_cleanup = curl_easy_cleanup;
	api.easy_strerror = curl_easy_strerror;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}
#else
static int resolve(void)
{
	CURLcode (*global_init)(long flags);
	void *h = dlopen(CURL_API_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(why_buf, sizeof(why_buf), "%s", dlerror());
		return -1;
	}
	global_init = dlsym(h, "curl_global_init");
	api.easy_init = dlsym(h, "curl_easy_init");
	api.easy_setopt = dlsym(h, "curl_easy_setopt");
	api.easy_perform = dlsym(h, "curl_easy_perform");
	api.easy_getinfo = dlsym(h, "curl_easy_getinfo");
	api.easy_cleanup = dlsym(h, "curl_easy_cleanup");
	api.easy_strerror = dlsym(h, "curl_easy_strerror");
	if (!global_init || !api.easy_init || !api.easy_setopt ||
	    !api.easy_perform || !api.easy_getinfo || !api.easy_cleanup ||
	    !api.easy_strerror) {
		snprintf(why_buf, sizeof(why_buf), "%s lacks a function baton needs",
			 CURL_API_SONAME);
		return -1;	/* h stays open: it may be in use elsewhere */
	}
	return global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}
#endif

static void load(void)
{
	if (!resolve())
		loaded = &api;
	else if (!why_buf[0])
		snprintf(why_buf, sizeof(why_buf), "libcurl could not start");
}

const struct curl_api *curl_api_get(const char **why)
{
	pthread_once(&once, load);
	if (!loaded && why)
		*why = why_buf;
	return loaded;
}
