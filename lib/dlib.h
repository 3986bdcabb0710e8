/*
 * dlib.h: a shared library loaded once, at its first use, with dlopen
 * (so that a process that never needs it maps none of it), its functions
 * put in the caller's table by the caller's resolve(); or, in a static
 * build, linked in and put in the table the same way.
 */
#ifndef BATON_LIB_DLIB_H
#define BATON_LIB_DLIB_H

#include <stdbool.h>

struct dlib {
	const char *soname;	/* e.g. "libcrypto.so.3" */
	/*
	 * Fill the caller's table from h (dlsym), or from the functions
	 * linked in when h is NULL (a static build). False when one is
	 * missing.
	 */
	bool (*resolve)(void *h);
	/* Then, when not NULL: start the library; 0, or -1 when it fails. */
	int (*start)(void);
	/* what dlib_load() keeps */
	bool done;
	int err;
	char why[256];
};

#define DLIB_INIT(so, res, st) \
	{ .soname = (so), .resolve = (res), .start = (st) }

/*
 * Load lib once (thread-safe; later calls give the first one's answer).
 * Returns 0, or -ELIBACC with *why (when why is not NULL) saying why, a
 * string lib keeps: the dynamic loader's message, "SONAME lacks a
 * function baton needs", or "SONAME could not start".
 */
int dlib_load(struct dlib *lib, const char **why);

#endif
