/*
 * curl-api.h: the few libcurl entry points fetch.c uses, loaded with
 * dlopen at the first fetch, so that a daemon that never fetches maps
 * neither libcurl nor the thirty-odd libraries it pulls in (its memory and
 * start-up stay as they were); linked directly in a static build.
 */
#ifndef BATON_DISCOVER_CURL_API_H
#define BATON_DISCOVER_CURL_API_H

#include <curl/curl.h>

#define CURL_API_SONAME "libcurl.so.4"

struct curl_api {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *c);
	const char *(*easy_strerror)(CURLcode code);
};

/*
 * libcurl, loaded and initialised (curl_global_init) once, thread-safe;
 * NULL when it cannot be, with *why (when why is not NULL) saying why (a
 * static string: the loader's message).
 */
const struct curl_api *curl_api_get(const char **why);

#endif
