/*
 * pebuild.h: build small PE32+ images in memory for tests (lib/pe.c, the
 * UKI parser, fuzz seeds): a DOS header, "PE\0\0", a COFF header, an
 * EFI-application optional header and the given sections, each padded to
 * 512 bytes. Tests then patch single fields to make hostile variants.
 */
#ifndef BATON_TESTS_PEBUILD_H
#define BATON_TESTS_PEBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PEB_LFANEW	0x40
#define PEB_OPT_SIZE	240
#define PEB_TABLE	(PEB_LFANEW + 24 + PEB_OPT_SIZE)
#define PEB_ALIGN	512
/* Offset of field off (8 VirtualSize, 16 SizeOfRawData, 20 Pointer...) */
#define PEB_SECTION(i, off)	(PEB_TABLE + 40 * (i) + (off))
#define PEB_NSECTIONS	(PEB_LFANEW + 6)

struct peb_section {
	const char *name;
	const char *data;	/* NULL: len zero bytes */
	size_t len;
};

static inline void peb_put16(unsigned char *p, size_t off, uint16_t v)
{
	p[off] = v & 0xff;
	p[off + 1] = v >> 8;
}

static inline void peb_put32(unsigned char *p, size_t off, uint32_t v)
{
	peb_put16(p, off, v & 0xffff);
	peb_put16(p, off + 2, v >> 16);
}

static inline size_t peb_align(size_t v)
{
	return (v + PEB_ALIGN - 1) / PEB_ALIGN * PEB_ALIGN;
}

/* A new image (free() it), its size in *size; NULL when out of memory. */
static inline unsigned char *peb_build(uint16_t machine,
				       const struct peb_section *s,
				       unsigned n, size_t *size)
{
	size_t pos = peb_align(PEB_TABLE + 40 * n), total = pos;
	unsigned char *p;
	unsigned i;

	*size = 0;
	for (i = 0; i < n; i++)
		total += peb_align(s[i].len);
	p = calloc(1, total);
	if (!p)
		return NULL;
	p[0] = 'M';
	p[1] = 'Z';
	peb_put32(p, 0x3c, PEB_LFANEW);
	memcpy(p + PEB_LFANEW, "PE\0\0", 4);
	peb_put16(p, PEB_LFANEW + 4, machine);
	peb_put16(p, PEB_NSECTIONS, n);
	peb_put16(p, PEB_LFANEW + 20, PEB_OPT_SIZE);
	peb_put16(p, PEB_LFANEW + 24, 0x20b);
	peb_put16(p, PEB_LFANEW + 24 + 68, 10);	/* EFI application */
	for (i = 0; i < n; i++) {
		memcpy(p + PEB_SECTION(i, 0), s[i].name,
		       strnlen(s[i].name, 8));
		peb_put32(p, PEB_SECTION(i, 8), s[i].len);
		peb_put32(p, PEB_SECTION(i, 12), 0x1000 * (i + 1));
		peb_put32(p, PEB_SECTION(i, 16), peb_align(s[i].len));
		peb_put32(p, PEB_SECTION(i, 20), s[i].len ? pos : 0);
		if (s[i].data)
			memcpy(p + pos, s[i].data, s[i].len);
		pos += peb_align(s[i].len);
	}
	*size = total;
	return p;
}

#endif
