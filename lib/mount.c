/* mount.c: mount(2) with each filesystem type's first mount alone. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mount.h>
#include <time.h>

#include "lib/mount.h"

#define MOUNT_TYPES_MAX 16

/* A type: its lock (held by its first mount), and whether one succeeded. */
struct fs_type {
	char name[32];
	pthread_mutex_t first;
	bool ready;
};

static struct {
	pthread_mutex_t lock;	/* guards the table, never held long */
	struct fs_type t[MOUNT_TYPES_MAX];
	size_t n;
} types = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The entry for name, added if need be; NULL when the table is full. */
static struct fs_type *type_of(const char *name, bool *ready)
{
	struct fs_type *t = NULL;
	size_t i;

	pthread_mutex_lock(&types.lock);
	for (i = 0; i < types.n && !t; i++)
		if (!strcmp(types.t[i].name, name))
			t = &types.t[i];
	if (!t && types.n < MOUNT_TYPES_MAX && strlen(name) <
	    sizeof(t->name)) {
		t = &types.t[types.n++];
		strcpy(t->name, name);
		pthread_mutex_init(&t->first, NULL);
	}
	*ready = t && t->ready;
	pthread_mutex_unlock(&types.lock);
	return t;
}

int mount_serialised(const char *src, const char *target, const char *type,
		     unsigned long flags, const void *data)
{
	struct timespec until;
	struct fs_type *t;
	bool ready = false, held;
	int ret;

	t = type ? type_of(type, &ready) : NULL;
	if (!t || ready)
		return mount(src, target, type, flags, data) ? -errno : 0;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += MOUNT_FIRST_WAIT_MS / 1000;
	until.tv_nsec += (MOUNT_FIRST_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	/* past the wait: mount anyway, as without this (it may still work) */
	held = !pthread_mutex_timedlock(&t->first, &until);
	ret = mount(src, target, type, flags, data) ? -errno : 0;
	if (!ret) {
		pthread_mutex_lock(&types.lock);
		t->ready = true;
		pthread_mutex_unlock(&types.lock);
	}
	if (held)
		pthread_mutex_unlock(&t->first);
	return ret;
}
