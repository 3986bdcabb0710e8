/* dlib.c: a shared library dlopened at first use, or linked in (dlib.h). */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include "lib/dlib.h"

/* One lock for every library: a first load is rare and short. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int open_and_resolve(struct dlib *lib)
{
	void *h = NULL;

	/* not even named in a static build, whose link would warn of it */
#ifndef CONFIG_STATIC
	h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lib->why, sizeof(lib->why), "%s", dlerror());
		return -ELIBACC;
	}
#endif
	if (!lib->resolve(h)) {
		snprintf(lib->why, sizeof(lib->why),
			 "%s lacks a function baton needs", lib->soname);
		return -ELIBACC;	/* h stays open: it may be in use */
	}
	if (lib->start && lib->start()) {
		snprintf(lib->why, sizeof(lib->why), "%s could not start",
			 lib->soname);
		return -ELIBACC;
	}
	return 0;
}

int dlib_load(struct dlib *lib, const char **why)
{
	int err;

	pthread_mutex_lock(&lock);
	if (!lib->done) {
		lib->err = open_and_resolve(lib);
		lib->done = true;
	}
	err = lib->err;
	pthread_mutex_unlock(&lock);
	if (err && why)
		*why = lib->why;
	return err;
}
