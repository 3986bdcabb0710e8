/* pe.c: PE/COFF header and section table reader (see pe.h). */
#include <string.h>

#include "lib/byteorder.h"
#include "lib/pe.h"
#include "lib/util.h"

#define DOS_HEADER_SIZE		64
#define DOS_LFANEW_OFFSET	0x3c
#define COFF_HEADER_SIZE	20	/* after the 4-byte "PE\0\0" */
#define OPT_SUBSYSTEM_OFFSET	68
#define OPT_HEADERS_OFFSET	60	/* SizeOfHeaders */
#define OPT_CHECKSUM_OFFSET	64
/* NumberOfRvaAndSizes, then the data directories, PE32 and PE32+ */
#define OPT_NDIRS_OFFSET(pe32plus)	((pe32plus) ? 108 : 92)
#define DATA_DIR_CERTS		4	/* the Certificate Table entry */
#define SECTION_HEADER_SIZE	40

/*
 * A header range [off, off + len) must lie in head: past the end of the
 * file it is truncated, inside the file but past head it is too far out.
 */
static int need(uint64_t off, uint64_t len, size_t head_len,
		uint64_t file_size)
{
	if (off + len > file_size)
		return -PE_ERR_TRUNCATED;
	if (off + len > head_len)
		return -PE_ERR_HEADER;
	return 0;
}

static void read_section(struct pe_section *s, const uint8_t *p)
{
	memcpy(s->name, p, 8);
	s->name[8] = '\0';
	s->virtual_size = le32(p + 8);
	s->virtual_address = le32(p + 12);
	s->raw_size = le32(p + 16);
	s->raw_offset = le32(p + 20);
	s->characteristics = le32(p + 36);
}

/* Sections must stay inside the file and not share bytes. */
static int check_sections(const struct pe_image *img, uint64_t file_size)
{
	const struct pe_section *a, *b;
	unsigned i, j;

	for (i = 0; i < img->n_sections; i++) {
		a = &img->sections[i];
		if ((uint64_t)a->raw_offset + a->raw_size > file_size)
			return -PE_ERR_SECTION;
	}
	for (i = 0; i < img->n_sections; i++) {
		a = &img->sections[i];
		for (j = i + 1; a->raw_size && j < img->n_sections; j++) {
			b = &img->sections[j];
			if (b->raw_size &&
			    a->raw_offset < (uint64_t)b->raw_offset + b->raw_size &&
			    b->raw_offset < (uint64_t)a->raw_offset + a->raw_size)
				return -PE_ERR_OVERLAP;
		}
	}
	return 0;
}

/*
 * The headers' size and the Certificate Table entry (whose "address" is a
 * file offset, not an RVA): both must lie inside the file, and the
 * certificates past the headers.
 */
static int read_cert_dir(struct pe_image *img, const uint8_t *h,
			 uint64_t opt, uint16_t opt_size, uint64_t file_size)
{
	uint32_t ndirs_at = OPT_NDIRS_OFFSET(img->magic == 0x20b);
	uint32_t dir_at = ndirs_at + 4 + 8 * DATA_DIR_CERTS;

	img->header_size = le32(h + opt + OPT_HEADERS_OFFSET);
	img->checksum_at = (uint32_t)opt + OPT_CHECKSUM_OFFSET;
	if (img->header_size > file_size)
		return -PE_ERR_HEADER;
	if (opt_size < dir_at + 8 ||
	    le32(h + opt + ndirs_at) <= DATA_DIR_CERTS)
		return 0;
	img->cert_dir_at = (uint32_t)opt + dir_at;
	img->cert_offset = le32(h + img->cert_dir_at);
	img->cert_size = le32(h + img->cert_dir_at + 4);
	if (!img->cert_size)
		return 0;
	if (img->cert_offset < img->header_size ||
	    (uint64_t)img->cert_offset + img->cert_size > file_size)
		return -PE_ERR_SECTION;
	return 0;
}

int pe_parse(struct pe_image *img, const void *head, size_t head_len,
	     uint64_t file_size)
{
	const uint8_t *h = head;
	uint64_t pe, opt, table;
	uint16_t opt_size;
	unsigned i;
	int ret;

	head_len = MIN(head_len, file_size);
	if ((ret = need(0, DOS_HEADER_SIZE, head_len, file_size)))
		return ret;
	if (h[0] != 'M' || h[1] != 'Z')
		return -PE_ERR_MAGIC;
	pe = le32(h + DOS_LFANEW_OFFSET);
	if ((ret = need(pe, 4 + COFF_HEADER_SIZE, head_len, file_size)))
		return ret;
	if (memcmp(h + pe, "PE\0\0", 4))
		return -PE_ERR_MAGIC;
	memset(img, 0, sizeof(*img));
	img->machine = le16(h + pe + 4);
	img->n_sections = le16(h + pe + 6);
	opt_size = le16(h + pe + 20);
	if (img->n_sections > PE_MAX_SECTIONS)
		return -PE_ERR_TOO_MANY;
	opt = pe + 4 + COFF_HEADER_SIZE;
	if (opt_size < OPT_SUBSYSTEM_OFFSET + 2)
		return -PE_ERR_HEADER;
	if ((ret = need(opt, opt_size, head_len, file_size)))
		return ret;
	img->magic = le16(h + opt);
	if (img->magic != 0x10b && img->magic != 0x20b)
		return -PE_ERR_HEADER;
	img->subsystem = le16(h + opt + OPT_SUBSYSTEM_OFFSET);
	/* opt_size covers the CheckSum field: it is past the subsystem */
	if ((ret = read_cert_dir(img, h, opt, opt_size, file_size)))
		return ret;
	table = opt + opt_size;
	if ((ret = need(table, (uint64_t)img->n_sections * SECTION_HEADER_SIZE,
			head_len, file_size)))
		return ret;
	for (i = 0; i < img->n_sections; i++)
		read_section(&img->sections[i],
			     h + table + (uint64_t)i * SECTION_HEADER_SIZE);
	return check_sections(img, file_size);
}

const struct pe_section *pe_find_section(const struct pe_image *img,
					 const char *name)
{
	unsigned i;

	for (i = 0; i < img->n_sections; i++)
		if (strcmp(img->sections[i].name, name) == 0)
			return &img->sections[i];
	return NULL;
}

uint32_t pe_section_size(const struct pe_section *s)
{
	if (!s->virtual_size || s->virtual_size > s->raw_size)
		return s->raw_size;
	return s->virtual_size;
}

const char *pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_I386:
		return "ia32";
	case PE_MACHINE_ARMNT:
		return "arm";
	case PE_MACHINE_X64:
		return "x64";
	case PE_MACHINE_ARM64:
		return "aa64";
	case PE_MACHINE_RISCV64:
		return "riscv64";
	case PE_MACHINE_LOONGARCH64:
		return "loongarch64";
	default:
		return NULL;
	}
}

const char *pe_strerror(int err)
{
	switch (-err) {
	case 0:
		return "no error";
	case PE_ERR_TRUNCATED:
		return "the file ends inside the PE headers";
	case PE_ERR_MAGIC:
		return "not a PE image (no MZ/PE signature)";
	case PE_ERR_HEADER:
		return "PE header fields are out of range";
	case PE_ERR_TOO_MANY:
		return "too many sections (more than 96)";
	case PE_ERR_SECTION:
		return "a section extends past the end of the file";
	case PE_ERR_OVERLAP:
		return "two sections overlap in the file";
	default:
		return "unknown PE error";
	}
}
