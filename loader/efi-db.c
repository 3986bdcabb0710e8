/*
 * efi-db.c: the certificates of the firmware's Secure Boot database (the
 * db variable), what the kernel loads into its .platform keyring, read
 * from efivarfs when the keyrings themselves cannot be.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/byteorder.h"
#include "lib/util.h"
#include "loader/crypto-api.h"
#include "loader/loader-internal.h"
#include "loader/verify-internal.h"

#define DB_VAR "db-d719b2cb-3d3a-4596-a3bc-dad00e67656f"
#define DB_MAX (1u << 20)
#define EFI_VAR_ATTR_SIZE 4
#define GUID_SIZE 16
#define LIST_HEADER (GUID_SIZE + 12)

/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as stored */
static const uint8_t cert_x509_guid[GUID_SIZE] = {
	0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
	0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72,
};

/* The X.509 entries of one EFI_SIGNATURE_LIST of size list_size. */
static int add_list(struct trust *t, const uint8_t *p, uint32_t list_size)
{
	uint32_t header = le32(p + GUID_SIZE + 4);
	uint32_t sig_size = le32(p + GUID_SIZE + 8);
	uint32_t off = LIST_HEADER + header;
	const unsigned char *der;
	int ret, n = 0;
	X509 *x;

	if (header > list_size - LIST_HEADER || sig_size <= GUID_SIZE ||
	    (list_size - off) % sig_size)
		return -EBADMSG;
	if (memcmp(p, cert_x509_guid, GUID_SIZE))
		return 0;	/* hashes, RSA keys: nothing to chain to */
	for (; off < list_size; off += sig_size) {
		/* each entry: the owner's GUID, then the certificate */
		der = p + off + GUID_SIZE;
		x = d2i_X509(NULL, &der, sig_size - GUID_SIZE);
		if (!x)
			return -EBADMSG;
		ret = trust_add_x509(t, x, "the firmware's db");
		if (ret)
			return ret;
		n++;
	}
	return n;
}

int trust_add_efi_db(struct trust *t, const char *efivars)
{
	char path[4096];
	uint8_t *buf = NULL;
	size_t len = 0, off;
	uint32_t size;
	int fd, ret, n = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/" DB_VAR, efivars ?
			     efivars : "/sys/firmware/efi/efivars") >=
	    sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	ret = fd_read_all(fd, DB_MAX, &buf, &len);
	close(fd);
	if (ret)
		return ret;
	for (off = EFI_VAR_ATTR_SIZE; !ret && off < len; off += size) {
		size = len - off >= LIST_HEADER ? le32(buf + off + GUID_SIZE) :
			0;
		if (size < LIST_HEADER || size > len - off)
			ret = -EBADMSG;
		else if ((ret = add_list(t, buf + off, size)) > 0)
			n += ret;
		ret = ret > 0 ? 0 : ret;
	}
	if (len < EFI_VAR_ATTR_SIZE)
		ret = -EBADMSG;
	free(buf);
	return ret ?: n;
}
