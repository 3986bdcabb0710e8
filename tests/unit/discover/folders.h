/*
 * folders.h: folders standing for partitions, for the unit tests that run
 * discovery (or a daemon) on --source folders. Each test defines FOLDERS_ROOT
 * (a mkdtemp(3) template) before including this; folders_main() makes the
 * root and the folders, runs the cases and removes it all.
 */
#ifndef BATON_TESTS_DISCOVER_FOLDERS_H
#define BATON_TESTS_DISCOVER_FOLDERS_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tests/unit/test.h"

static char root[] = FOLDERS_ROOT;

/* root/name, in a buffer the next call reuses. */
static inline char *path_in(const char *name)
{
	static char buf[600];

	snprintf(buf, sizeof(buf), "%s/%s", root, name);
	return buf;
}

/* A folder NAME: one BLS entry titled TITLE, and its (fake) kernel. */
static inline void folder(const char *name, const char *title)
{
	char path[600], text[256];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/loader", root, name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/loader/entries", root, name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/loader/entries/%s.conf", root,
		 name, name);
	snprintf(text, sizeof(text), "title %s\nlinux /vmlinuz\n", title);
	test_write_file(NULL, path, text);
	snprintf(path, sizeof(path), "%s/%s/vmlinuz", root, name);
	test_write_file(NULL, path, "not really a kernel");
}

/* folders: NAME, TITLE pairs, NULL-terminated. */
static inline int folders_main(int argc, char **argv,
			       const struct test_case *cases,
			       const char *const *folders)
{
	char cmd[600];
	int ret;

	if (!mkdtemp(root))
		abort();
	for (; folders[0] && folders[1]; folders += 2)
		folder(folders[0], folders[1]);
	ret = test_main(argc, argv, cases);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		ret = 1;
	return ret;
}

#endif
