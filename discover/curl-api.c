/* curl-api.c: libcurl loaded at the first fetch (dlopen), or linked in. */
#include <dlfcn.h>
#include <stdbool.h>

#include "discover/curl-api.h"
#include "lib/dlib.h"

/* The table's functions: member NAME is libcurl's curl_NAME. */
#define CURL_API_FNS(X) \
	X(easy_init) X(easy_setopt) X(easy_perform) X(easy_getinfo) \
	X(easy_cleanup) X(easy_strerror)

static struct curl_api api;
static CURLcode (*global_init)(long flags);

#ifdef CONFIG_STATIC
static bool resolve(void *h)
{
#define CURL_API_LINKED(f) api.f = curl_##f;
	CURL_API_FNS(CURL_API_LINKED)
#undef CURL_API_LINKED
	global_init = curl_global_init;
	return true;
}
#else
static bool resolve(void *h)
{
	bool ok = true;

#define CURL_API_RESOLVE(f)					\
	api.f = (__typeof__(api.f))dlsym(h, "curl_" #f);	\
	ok = ok && api.f;
	CURL_API_FNS(CURL_API_RESOLVE)
#undef CURL_API_RESOLVE
	global_init = (__typeof__(global_init))dlsym(h, "curl_global_init");
	return ok && global_init;
}
#endif

static int start(void)
{
	return global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static struct dlib libcurl = DLIB_INIT(CURL_API_SONAME, resolve, start);

const struct curl_api *curl_api_get(const char **why)
{
	return dlib_load(&libcurl, why) ? NULL : &api;
}
