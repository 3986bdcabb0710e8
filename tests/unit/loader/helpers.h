/*
 * helpers.h: what the loader's unit tests share: reading fixtures, compiling
 * .dts fixtures with dtc, temporary files and folders, synthetic kernel
 * images.
 */
#ifndef BATON_TESTS_UNIT_LOADER_HELPERS_H
#define BATON_TESTS_UNIT_LOADER_HELPERS_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/loader.h"
#include "tests/unit/test.h"

#define FIXTURES "tests/data/loader/"

/* A whole fixture file, NUL-terminated; NULL (and a note) if missing. */
static inline char *fixture_read(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	f = fopen(path, "rb");
	if (!f) {
		printf("# cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

/* A .dts fixture compiled with dtc (with symbols, for overlays). */
static inline void *dtb_compile(const char *name, size_t *len)
{
	char cmd[512];
	size_t cap = 1 << 16, n = 0, r;
	char *buf = malloc(cap);
	FILE *p;

	snprintf(cmd, sizeof(cmd), "dtc -q -@ -I dts -O dtb " FIXTURES "%s",
		 name);
	p = popen(cmd, "r");
	if (!p || !buf) {
		free(buf);
		return NULL;
	}
	while ((r = fread(buf + n, 1, cap - n, p)) > 0)
		n += r;
	if (pclose(p) != 0 || n == 0 || n == cap) {
		printf("# dtc failed on %s\n", name);
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* A temporary file holding buf; its path is written to path (64 bytes). */
static inline int tmpfile_with(const void *buf, size_t len, char *path)
{
	int fd;

	snprintf(path, 64, "/tmp/baton-loader-test-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (len && write(fd, buf, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

/* An fd to read buf from (the file is already unlinked). */
static inline int fd_with(const void *buf, size_t len)
{
	char path[64];
	int fd = tmpfile_with(buf, len, path);

	if (fd >= 0)
		unlink(path);
	return fd;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

#define BZ_SIZE 0x4000

/* A minimal 64-bit bzImage header (boot protocol 2.15) in BZ_SIZE bytes. */
static inline uint8_t *make_bzimage(void)
{
	uint8_t *b = calloc(1, BZ_SIZE);

	if (!b)
		return NULL;
	b[0x1f1] = 4;				/* setup_sects */
	put16(b + 0x1fe, 0xaa55);		/* boot_flag */
	memcpy(b + 0x202, "HdrS", 4);
	put16(b + 0x206, 0x020f);		/* version */
	b[0x211] = 0x01;			/* LOADED_HIGH */
	put16(b + 0x236, 0x0003);		/* 64-bit, above 4G */
	put32(b + 0x238, 2047);			/* cmdline_size */
	return b;
}

#define IMAGE_SIZE 0x20000

/* An arm64 (or riscv) Image header over IMAGE_SIZE bytes. */
static inline uint8_t *make_image(int riscv, uint64_t image_size)
{
	uint8_t *b = calloc(1, IMAGE_SIZE);

	if (!b)
		return NULL;
	memcpy(b, "MZ", 2);
	put64(b + 8, 0);			/* text_offset */
	put64(b + 16, image_size);
	put64(b + 24, 0x0a);			/* LE, 4K, anywhere */
	if (riscv) {
		memcpy(b + 48, "RISCV\0\0\0", 8);
		memcpy(b + 56, "RSC\x05", 4);
	} else {
		memcpy(b + 56, "ARM\x64", 4);
	}
	return b;
}

/* Make the folder rel (and its parents) under root; 0 or -errno. */
static inline int mkdirs_under(const char *root, const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -errno : 0;
}

/*
 * test_main with root (a mkdtemp(3) template) made first and removed with
 * everything in it afterwards: for tests that stand a folder in for /.
 */
static inline int test_main_in(char *root, int argc, char **argv,
			       const struct test_case *cases)
{
	char cmd[600];
	int ret;

	if (!mkdtemp(root))
		return 1;
	ret = test_main(argc, argv, cases);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0 && !ret)
		ret = 1;
	return ret;
}

/* The segment of a load result named what ("kernel", "dtb"...), or NULL. */
static inline const struct load_segment *seg(const struct load_result *r,
					     const char *what)
{
	size_t i;

	for (i = 0; i < r->n_segments; i++)
		if (!strcmp(r->segments[i].what, what))
			return &r->segments[i];
	return NULL;
}

#endif
