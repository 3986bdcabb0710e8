/* crypto-api.c: libcrypto loaded by the first trust_new(), or linked in. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#define CRYPTO_API_IMPL
#include "loader/crypto-api.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_err;
static char why_buf[256];

#ifdef CONFIG_STATIC
static int resolve(void)
{
	return 0;
}
#else
struct crypto_api crypto_api;

static int resolve(void)
{
	void *h = dlopen(CRYPTO_API_SONAME, RTLD_NOW | RTLD_LOCAL);
	bool ok = true;

	if (!h) {
		snprintf(why_buf, sizeof(why_buf), "%s", dlerror());
		return -ELIBACC;
	}
#define CRYPTO_API_RESOLVE(f)					\
	crypto_api.f = (__typeof__(f) *)dlsym(h, #f);		\
	ok = ok && crypto_api.f;
	CRYPTO_API_FNS(CRYPTO_API_RESOLVE)
#undef CRYPTO_API_RESOLVE
	if (!ok) {
		snprintf(why_buf, sizeof(why_buf),
			 "%s lacks a function baton needs", CRYPTO_API_SONAME);
		return -ELIBACC;	/* h stays open: it may be in use */
	}
	return 0;
}
#endif

static void load(void)
{
	load_err = resolve();
}

int crypto_api_load(const char **why)
{
	pthread_once(&once, load);
	if (load_err && why)
		*why = why_buf;
	return load_err;
}
