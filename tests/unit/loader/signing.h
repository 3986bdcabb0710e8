/*
 * signing.h: what the signature unit tests share: a temporary folder where
 * the test writes its images, then sign-fixtures.sh makes keys and
 * certificates (openssl) and signs them (sbsign, openssl cms); reading
 * those files back; a trust set holding the test CA.
 */
#ifndef BATON_TESTS_UNIT_LOADER_SIGNING_H
#define BATON_TESTS_UNIT_LOADER_SIGNING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/verify.h"
#include "tests/unit/lib/pebuild.h"

static char sign_dir[] = "/tmp/baton-test-sign-XXXXXX";

/* sign_dir/name, in a static buffer (one at a time). */
static inline const char *sign_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", sign_dir, name);
	return path;
}

static inline void sign_write(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(sign_path(name), "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		abort();
}

/* A whole file of sign_dir (free() it); NULL and a note when missing. */
static inline unsigned char *sign_read(const char *name, size_t *len)
{
	FILE *f = fopen(sign_path(name), "rb");
	unsigned char *buf = NULL;
	long n;

	*len = 0;
	if (!f) {
		printf("# cannot open %s\n", sign_path(name));
		return NULL;
	}
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/*
 * A PE32+ EFI application from sections, with the header fields a signing
 * tool needs (SizeOfHeaders, alignments, 16 data directories).
 */
static inline unsigned char *sign_pe(const struct peb_section *s, unsigned n,
				     size_t *size)
{
	unsigned char *p = peb_build(0x8664, s, n, size);
	size_t opt = PEB_LFANEW + 24;

	if (!p)
		abort();
	peb_put32(p, opt + 32, 0x1000);			/* SectionAlignment */
	peb_put32(p, opt + 36, PEB_ALIGN);		/* FileAlignment */
	peb_put32(p, opt + 56, 0x1000 * (n + 1));	/* SizeOfImage */
	peb_put32(p, opt + 60, peb_align(PEB_TABLE + 40 * n));
	peb_put32(p, opt + 108, 16);			/* NumberOfRvaAndSizes */
	return p;
}

/* Make the folder; the test has written its files when it calls this. */
static inline int sign_setup(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "sh tests/unit/loader/sign-fixtures.sh %s",
		 sign_dir);
	if (system(cmd)) {
		printf("# %s failed (openssl, sbsign: "
		       "scripts/install-deps.sh test)\n", cmd);
		return -1;
	}
	return 0;
}

static inline int sign_cleanup(int ret)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sign_dir);
	return system(cmd) ? 1 : ret;
}

/*
 * authenticode_verify of a file of sign_dir against t, changed first by
 * change (NULL: as it is; it may append up to 4 KiB); prints the sentence.
 */
static inline int sign_verify(const struct trust *t, const char *name,
			      void (*change)(unsigned char *, size_t *),
			      struct verify_result *res)
{
	unsigned char *p;
	size_t len;
	int ret;

	p = sign_read(name, &len);
	if (!p || !(p = realloc(p, len + 4096)))
		return -999;
	if (change)
		change(p, &len);
	ret = authenticode_verify(t, p, len, name, res);
	printf("# %s: %s\n", name, res->message);
	free(p);
	return ret;
}

/* Built without CONFIG_LOADER_VERIFY: nothing to test (TAP's skip all). */
static inline int sign_skip_all(void)
{
	printf("1..0 # SKIP baton is built without CONFIG_LOADER_VERIFY\n");
	return 0;
}

/* A trust set with the test CA (from ca.crt). */
static inline struct trust *sign_trust(void)
{
	struct trust *t = trust_new();

	if (!t || trust_add_file(t, sign_path("ca.crt"), "the test CA") != 1)
		abort();
	return t;
}

#endif
