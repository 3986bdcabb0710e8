/*
 * verify-internal.h: what the signature checks (authenticode.c,
 * detached.c, trust.c) share inside the loader: OpenSSL types, results
 * and the chain check.
 */
#ifndef BATON_LOADER_VERIFY_INTERNAL_H
#define BATON_LOADER_VERIFY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "loader/verify.h"

/*
 * Fill res with err and a sentence (made safe for a terminal); returns
 * err, so a check ends with `return verify_set(res, -EKEYREJECTED, ...)`.
 */
int verify_set(struct verify_result *res, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The name the kernel gives a certificate's subject (or issuer) in its
 * key descriptions: the CN, "O: CN" when the CN does not start with the
 * organisation, else the O or the e-mail address. Safe for a terminal.
 */
void verify_x509_name(const X509_NAME *name, char *buf, size_t len);

/*
 * Does signer chain to a certificate of t (untrusted: the other
 * certificates the signature carries)? Validity dates are not checked
 * (firmware and kernel do not either, and a boot loader's clock may be
 * wrong); a trusted certificate need not be self-signed. 0 and a message
 * naming the signer and the trusted certificate's origin, or -ENOKEY and
 * a message saying why not. what names the file ("sda2:/vmlinuz").
 */
int trust_check(const struct trust *t, X509 *signer,
		STACK_OF(X509) *untrusted, const char *what,
		struct verify_result *res);

/*
 * Map a kernel file read-only (a regular file of 1 byte to 512 MiB) for a
 * check; munmap(*map, *len) afterwards. On failure res says why.
 * Errors: -EINVAL (empty, not a regular file), -EFBIG, -errno of mmap.
 */
int verify_map(int fd, const char *name, const uint8_t **map, size_t *len,
	       struct verify_result *res);

/*
 * Copy fd (at most max bytes) into a memory file sealed against any
 * change, for a check whose copy is then the one used. Returns the
 * copy's read-only fd, *size its size, or -errno with res filled
 * (-EFBIG over max).
 */
int verify_copy(int fd, uint64_t max, const char *name, uint64_t *size,
		struct verify_result *res);

/* Add a certificate to t, which owns it from here on (freed on failure). */
int trust_add_x509(struct trust *t, X509 *cert, const char *origin);

/*
 * Add a key of the kernel's keyring (".platform"), known only by its
 * description: name, as verify_x509_name gives it, and id, the hex key id.
 */
int trust_add_key(struct trust *t, const char *keyring, const char *name,
		  const char *id);

#endif
