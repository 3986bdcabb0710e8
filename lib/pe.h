/*
 * pe.h: a bounds-checked reader of PE/COFF image headers and section
 * tables (what a unified kernel image is made of). It never allocates and
 * never reads a file: the caller hands it the first bytes of the file and
 * the file's size, then reads the sections it wants by file offset. Used
 * by the UKI parser to find .osrel/.cmdline and by the loader to extract
 * .linux/.initrd/.dtb.
 */
#ifndef BATON_LIB_PE_H
#define BATON_LIB_PE_H

#include <stddef.h>
#include <stdint.h>

/* The PE spec's limit on sections (the Windows loader refuses more). */
#define PE_MAX_SECTIONS		96
/* The headers and the section table must lie in this many first bytes. */
#define PE_HEADER_MAX		(64u * 1024)

/* PE machine types of interest (IMAGE_FILE_MACHINE_*). */
#define PE_MACHINE_I386		0x014c
#define PE_MACHINE_ARMNT	0x01c4
#define PE_MACHINE_X64		0x8664
#define PE_MACHINE_ARM64	0xaa64
#define PE_MACHINE_RISCV64	0x5064
#define PE_MACHINE_LOONGARCH64	0x6264

/* Errors, returned negated; pe_strerror() says them in words. */
enum pe_error {
	PE_ERR_TRUNCATED = 1,	/* the file ends inside the headers */
	PE_ERR_MAGIC,		/* no "MZ" or no "PE\0\0" signature */
	PE_ERR_HEADER,		/* header fields out of range or inconsistent */
	PE_ERR_TOO_MANY,	/* more than PE_MAX_SECTIONS sections */
	PE_ERR_SECTION,		/* a section's data lies past the end */
	PE_ERR_OVERLAP,		/* two sections claim the same file bytes */
};

struct pe_section {
	char name[9];		/* NUL-terminated, at most 8 characters */
	uint32_t virtual_size;
	uint32_t virtual_address;
	uint32_t raw_size;	/* SizeOfRawData */
	uint32_t raw_offset;	/* PointerToRawData */
	uint32_t characteristics;
};

struct pe_image {
	uint16_t machine;
	uint16_t magic;		/* 0x10b PE32, 0x20b PE32+ */
	uint16_t subsystem;	/* 10 = EFI application */
	unsigned n_sections;
	struct pe_section sections[PE_MAX_SECTIONS];
	/*
	 * What an Authenticode hash needs (file offsets): SizeOfHeaders, the
	 * CheckSum field and the Certificate Table data directory entry
	 * (cert_dir 0: the image has no such entry), and that entry's
	 * value: where the attribute certificates lie (cert_size 0: none).
	 */
	uint32_t header_size;
	uint32_t checksum_at;
	uint32_t cert_dir_at;
	uint32_t cert_offset;
	uint32_t cert_size;
};

/*
 * Parse the headers of a PE image. head holds the first head_len bytes of
 * a file of file_size bytes; head_len should be MIN(file_size,
 * PE_HEADER_MAX). On success fills *img and returns 0; otherwise returns
 * -PE_ERR_* and leaves *img unspecified. Every section of a successful
 * parse lies inside the file and no two overlap; so do the headers
 * (header_size) and the attribute certificates, when there are any.
 */
int pe_parse(struct pe_image *img, const void *head, size_t head_len,
	     uint64_t file_size);

/* The first section called name, or NULL. */
const struct pe_section *pe_find_section(const struct pe_image *img,
					 const char *name);

/*
 * How many bytes of the section's content the file holds: VirtualSize
 * (the content; SizeOfRawData is padded to the file alignment) unless
 * that is 0 or larger than SizeOfRawData.
 */
uint32_t pe_section_size(const struct pe_section *s);

/* The EFI name of a machine type ("x64", "aa64" ...), or NULL. */
const char *pe_machine_name(uint16_t machine);

/* A sentence for a -PE_ERR_* code. */
const char *pe_strerror(int err);

#endif
