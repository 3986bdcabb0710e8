/*
 * fuzz-lease.c: libFuzzer target for the DHCP lease reader (discover/lease.c):
 * each input is a lease file as the udhcpc hook writes it (records split
 * by NUL) and, the same bytes, a `scan --dhcp` list (records split by
 * ','), read leniently and strictly; a lease read is formatted for tests.
 */
#include <stdint.h>
#include <stdlib.h>

#include "discover/lease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_one(const char *buf, size_t len, char sep, unsigned flags)
{
	struct lease *l = NULL;
	char *err = NULL;

	if (lease_parse_buffer(buf, len, sep, flags, &l, &err)) {
		free(err);
		return;
	}
	free(lease_format(l));	/* every field it kept is readable */
	lease_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;

	read_one(buf, size, '\0', 0);
	read_one(buf, size, ',', 0);
	read_one(buf, size, ',', LEASE_STRICT);
	return 0;
}
