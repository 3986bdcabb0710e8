/* fuzz-pe.c: libFuzzer target for the PE/COFF header reader (lib/pe.c). */
#include <stdint.h>
#include <stdlib.h>

#include "lib/pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is the start of a file; its size is the input's, or (when the
 * input ends in a flag byte 0xff) the input's times 1 Mi, so that section
 * offsets past the bytes handed over are also reached. Every section of a
 * successful parse must lie inside the file, and no two may overlap: that
 * is pe_parse's contract, and a breach aborts.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_image img;
	uint64_t file_size = size;
	size_t head = size < PE_HEADER_MAX ? size : PE_HEADER_MAX;
	unsigned i, j;

	if (size && data[size - 1] == 0xff)
		file_size = (uint64_t)size << 20;
	if (pe_parse(&img, data, head, file_size) < 0)
		return 0;
	if (img.n_sections > PE_MAX_SECTIONS)
		abort();
	for (i = 0; i < img.n_sections; i++) {
		const struct pe_section *s = &img.sections[i];
		uint64_t end = (uint64_t)s->raw_offset + s->raw_size;

		if (end > file_size || pe_section_size(s) > s->raw_size)
			abort();
		if (pe_find_section(&img, s->name) == NULL)
			abort();
		for (j = 0; j < i; j++) {
			const struct pe_section *t = &img.sections[j];

			if (!s->raw_size || !t->raw_size)
				continue;
			if (s->raw_offset < (uint64_t)t->raw_offset + t->raw_size &&
			    t->raw_offset < end)
				abort();
		}
	}
	pe_machine_name(img.machine);
	return 0;
}
