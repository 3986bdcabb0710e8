/* crypto-api.c: libcrypto loaded by the first trust_new(), or linked in. */
#include <dlfcn.h>
#include <stdbool.h>

#define CRYPTO_API_IMPL
#include "loader/crypto-api.h"
#include "lib/dlib.h"

#ifdef CONFIG_STATIC
/* the calls reach the functions linked in: nothing to fill */
static bool resolve(void *h)
{
	return true;
}
#else
struct crypto_api crypto_api;

static bool resolve(void *h)
{
	bool ok = true;

#define CRYPTO_API_RESOLVE(f)					\
	crypto_api.f = (__typeof__(f) *)dlsym(h, #f);		\
	ok = ok && crypto_api.f;
	CRYPTO_API_FNS(CRYPTO_API_RESOLVE)
#undef CRYPTO_API_RESOLVE
	return ok;
}
#endif

static struct dlib libcrypto = DLIB_INIT(CRYPTO_API_SONAME, resolve, NULL);

int crypto_api_load(const char **why)
{
	return dlib_load(&libcrypto, why);
}
