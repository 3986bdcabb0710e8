/*
 * authenticode.c: the Authenticode signature of a PE image, checked as
 * the firmware and the kernel (crypto/asymmetric_keys/verify_pefile.c)
 * check it: the image hash, the PKCS#7 SignedData over an
 * SpcIndirectDataContent holding that hash, and the signer's chain.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>

#include "lib/byteorder.h"
#include "lib/pe.h"
#include "lib/util.h"
#include "loader/loader-internal.h"
#include "loader/crypto-api.h"
#include "loader/verify-internal.h"

#define WIN_CERT_HEADER 8
#define WIN_CERT_REVISION_2 0x0200
#define WIN_CERT_TYPE_PKCS_SIGNED_DATA 0x0002
#define OID_SPC_INDIRECT_DATA "1.3.6.1.4.1.311.2.1.4"
#define OID_SPC_PE_IMAGE_DATA "1.3.6.1.4.1.311.2.1.15"

/* A DER element: its contents, and the whole element (tag and length). */
struct der {
	const uint8_t *p;
	size_t len;
	const uint8_t *tlv;
	size_t tlv_len;
};

/* Take the element of tag at the front of *in; -EBADMSG if it is not. */
static int der_take(struct der *in, uint8_t tag, struct der *out)
{
	size_t i, n, len, hdr = 2;

	if (in->len < 2 || in->p[0] != tag)
		return -EBADMSG;
	len = in->p[1];
	if (len & 0x80) {
		n = len & 0x7f;
		if (n == 0 || n > 4 || in->len < 2 + n)
			return -EBADMSG;
		for (len = 0, i = 0; i < n; i++)
			len = len << 8 | in->p[2 + i];
		hdr += n;
	}
	if (len > in->len - hdr)
		return -EBADMSG;
	out->tlv = in->p;
	out->tlv_len = hdr + len;
	out->p = in->p + hdr;
	out->len = len;
	in->p += out->tlv_len;
	in->len -= out->tlv_len;
	return 0;
}

static bool obj_is(const ASN1_OBJECT *obj, const char *text)
{
	ASN1_OBJECT *want = OBJ_txt2obj(text, 1);
	bool same = obj && want && !OBJ_cmp(obj, want);

	ASN1_OBJECT_free(want);
	return same;
}

static bool der_is_oid(const struct der *oid, const char *text)
{
	const unsigned char *p = oid->tlv;
	ASN1_OBJECT *obj = d2i_ASN1_OBJECT(NULL, &p, (long)oid->tlv_len);
	bool same = obj_is(obj, text);

	ASN1_OBJECT_free(obj);
	return same;
}

/* What the signature says the image hash is. */
struct signed_digest {
	const EVP_MD *md;
	const uint8_t *digest;
	size_t len;
	const uint8_t *content;	/* the SpcIndirectDataContent's contents, */
	size_t content_len;	/* which the PKCS#7 signature covers */
};

/*
 * SpcIndirectDataContent ::= SEQUENCE {
 *   data SEQUENCE { type OBJECT IDENTIFIER, value ANY OPTIONAL },
 *   messageDigest SEQUENCE { SEQUENCE { algorithm OID, params ANY },
 *                            digest OCTET STRING } }
 */
static int parse_indirect(const ASN1_STRING *seq, struct signed_digest *sd)
{
	struct der in = { ASN1_STRING_get0_data(seq),
			  (size_t)ASN1_STRING_length(seq), NULL, 0 };
	struct der top, data, type, info, alg, oid, digest;
	const unsigned char *p;
	ASN1_OBJECT *obj;

	if (der_take(&in, 0x30, &top))
		return -EBADMSG;
	/* the signature covers the contents of the outer SEQUENCE */
	sd->content = top.p;
	sd->content_len = top.len;
	if (der_take(&top, 0x30, &data) ||
	    der_take(&data, 0x06, &type) || der_take(&top, 0x30, &info) ||
	    der_take(&info, 0x30, &alg) || der_take(&alg, 0x06, &oid) ||
	    der_take(&info, 0x04, &digest))
		return -EBADMSG;
	if (!der_is_oid(&type, OID_SPC_PE_IMAGE_DATA))
		return -EBADMSG;
	p = oid.tlv;
	obj = d2i_ASN1_OBJECT(NULL, &p, (long)oid.tlv_len);
	sd->md = obj ? EVP_get_digestbyobj(obj) : NULL;
	ASN1_OBJECT_free(obj);
	if (!sd->md || EVP_MD_get_type(sd->md) == NID_md5)
		return -ENOPKG;
	if (digest.len != (size_t)EVP_MD_get_size(sd->md))
		return -EBADMSG;
	sd->digest = digest.p;
	sd->len = digest.len;
	return 0;
}

static int cmp_offset(const void *a, const void *b)
{
	const struct pe_section *x = *(const struct pe_section *const *)a;
	const struct pe_section *y = *(const struct pe_section *const *)b;

	return x->raw_offset < y->raw_offset ? -1 :
	       x->raw_offset > y->raw_offset;
}

/*
 * The Authenticode image hash: the headers without the CheckSum and the
 * Certificate Table entry, each section's raw data in file order, then
 * whatever lies between the last hashed byte and the certificates.
 */
static int image_hash(const struct pe_image *img, const uint8_t *p,
		      size_t end, const EVP_MD *md, uint8_t *out)
{
	const struct pe_section *order[PE_MAX_SECTIONS];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint64_t hashed = img->header_size;
	unsigned i, n = 0;
	int ok;

	if (!ctx)
		return -ENOMEM;
	for (i = 0; i < img->n_sections; i++)
		if (img->sections[i].raw_size)
			order[n++] = &img->sections[i];
	qsort(order, n, sizeof(order[0]), cmp_offset);
	ok = EVP_DigestInit_ex(ctx, md, NULL) &&
	     EVP_DigestUpdate(ctx, p, img->checksum_at) &&
	     EVP_DigestUpdate(ctx, p + img->checksum_at + 4,
			      img->cert_dir_at - img->checksum_at - 4) &&
	     EVP_DigestUpdate(ctx, p + img->cert_dir_at + 8,
			      img->header_size - img->cert_dir_at - 8);
	for (i = 0; ok && i < n; i++) {
		ok = EVP_DigestUpdate(ctx, p + order[i]->raw_offset,
				      order[i]->raw_size);
		hashed += order[i]->raw_size;
	}
	if (ok && hashed < end)
		ok = EVP_DigestUpdate(ctx, p + hashed, end - hashed);
	ok = ok && EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -ENOMEM;
}

/* The PKCS#7 of the first WIN_CERTIFICATE (as the kernel takes it). */
static int first_pkcs7(const struct pe_image *img, const uint8_t *p,
		       PKCS7 **out)
{
	const uint8_t *w = p + img->cert_offset;
	const unsigned char *der = w + WIN_CERT_HEADER;
	uint32_t len;
	PKCS7 *p7;

	if (img->cert_size < WIN_CERT_HEADER)
		return -EBADMSG;
	len = le32(w);
	if (len < WIN_CERT_HEADER || len > img->cert_size ||
	    le16(w + 4) != WIN_CERT_REVISION_2 ||
	    le16(w + 6) != WIN_CERT_TYPE_PKCS_SIGNED_DATA)
		return -EBADMSG;
	p7 = d2i_PKCS7(NULL, &der, len - WIN_CERT_HEADER);
	if (!p7 || !PKCS7_type_is_signed(p7) || !p7->d.sign->contents ||
	    !p7->d.sign->contents->d.other ||
	    p7->d.sign->contents->d.other->type != V_ASN1_SEQUENCE ||
	    !obj_is(p7->d.sign->contents->type, OID_SPC_INDIRECT_DATA)) {
		PKCS7_free(p7);
		return -EBADMSG;
	}
	*out = p7;
	return 0;
}

/*
 * The PKCS#7 signature over the SpcIndirectDataContent, by the signer's
 * certificate that the PKCS#7 carries; the chain is checked apart, so
 * that a bad signature and an untrusted signer are told apart. *signer
 * is the signer's certificate (owned by p7).
 */
static int check_signature(PKCS7 *p7, const struct signed_digest *sd,
			   X509 **signer)
{
	STACK_OF(X509) *signers;
	BIO *mem, *content;
	int ok;

	/*
	 * Behind a null filter: OpenSSL 3.0's PKCS7_verify copies a memory
	 * BIO it is given and leaks the copy when the PKCS#7 is malformed.
	 */
	mem = BIO_new_mem_buf(sd->content, (int)sd->content_len);
	content = BIO_new(BIO_f_null());
	if (!mem || !content) {
		BIO_free(mem);
		BIO_free(content);
		return -ENOMEM;
	}
	BIO_push(content, mem);
	ok = PKCS7_verify(p7, NULL, NULL, content, NULL,
			  PKCS7_BINARY | PKCS7_NOVERIFY);
	BIO_free_all(content);
	signers = PKCS7_get0_signers(p7, NULL, 0);
	*signer = sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : NULL;
	sk_X509_free(signers);
	ERR_clear_error();
	if (!*signer)
		return -EBADMSG;
	return ok == 1 ? 0 : -EKEYREJECTED;
}

/* The image hash against the signed digest, then signature and chain. */
static int check_signed(const struct trust *t, const struct pe_image *img,
			const uint8_t *p, const char *name, PKCS7 *p7,
			struct verify_result *res)
{
	uint8_t digest[EVP_MAX_MD_SIZE];
	struct signed_digest sd;
	X509 *signer = NULL;
	int ret;

	ret = parse_indirect(p7->d.sign->contents->d.other->value.sequence,
			     &sd);
	if (ret == -ENOPKG)
		return verify_set(res, ret, "%s is signed with a digest "
				  "algorithm baton does not accept", name);
	if (ret)
		return verify_set(res, ret, "%s has a malformed Authenticode "
				  "signature (its SpcIndirectDataContent)", name);
	ret = image_hash(img, p, img->cert_offset, sd.md, digest);
	if (ret)
		return verify_set(res, ret, "out of memory hashing %s", name);
	ret = check_signature(p7, &sd, &signer);
	if (ret == -EBADMSG)
		return verify_set(res, ret, "%s's signature names a signer "
				  "whose certificate it does not carry", name);
	verify_x509_name(X509_get_subject_name(signer), res->signer,
			 sizeof(res->signer));
	if (ret)
		return verify_set(res, ret, "%s's signature does not verify "
				  "with the certificate of its signer \"%s\": "
				  "the signature was tampered with", name,
				  res->signer);
	if (memcmp(digest, sd.digest, sd.len))
		return verify_set(res, -EKEYREJECTED, "%s does not match its "
				  "signature: it was changed after it was "
				  "signed by \"%s\"", name, res->signer);
	return trust_check(t, signer, p7->d.sign->cert, name, res);
}

int authenticode_verify(const struct trust *t, const void *img_buf,
			size_t len, const char *name,
			struct verify_result *res)
{
	const uint8_t *p = img_buf;
	struct pe_image *img;
	PKCS7 *p7 = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	img = malloc(sizeof(*img));
	if (!img)
		return verify_set(res, -ENOMEM, "out of memory checking %s",
				  name);
	ret = pe_parse(img, p, MIN(len, (size_t)PE_HEADER_MAX), len);
	if (ret) {
		ret = verify_set(res, -ENOEXEC, "%s cannot carry an "
				 "Authenticode signature: %s", name,
				 pe_strerror(ret));
	} else if (!img->cert_dir_at || !img->cert_size) {
		ret = verify_set(res, -ENODATA, "%s is not signed (it has no "
				 "Authenticode signature)", name);
	} else if ((uint64_t)img->cert_offset + img->cert_size != len) {
		ret = verify_set(res, -EKEYREJECTED, "%s has %llu bytes after "
				 "its signature: they were added after it "
				 "was signed", name, (unsigned long long)(len -
				 img->cert_offset - img->cert_size));
	} else if (img->cert_dir_at + 8 > img->header_size ||
		   img->header_size > img->cert_offset) {
		ret = verify_set(res, -EBADMSG, "%s has PE headers that "
				 "Authenticode cannot hash", name);
	} else if ((ret = first_pkcs7(img, p, &p7))) {
		ret = verify_set(res, ret, "%s has a malformed signature "
				 "(not a PKCS#7 Authenticode SignedData)", name);
	} else {
		ret = check_signed(t, img, p, name, p7, res);
	}
	PKCS7_free(p7);
	free(img);
	ERR_clear_error();
	return ret;
}

int verify_map(int fd, const char *name, const uint8_t **map, size_t *len,
	       struct verify_result *res)
{
	uint64_t size;
	void *m;
	int ret;

	ret = fd_size(fd, &size);
	if (!ret && (size == 0 || size > LOAD_KERNEL_MAX))
		ret = size ? -EFBIG : -EINVAL;
	if (ret)
		return verify_set(res, ret, "cannot read %s: %s", name,
				  strerror(-ret));
	m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return verify_set(res, -errno, "cannot read %s: %s", name,
				  strerror(errno));
	*map = m;
	*len = (size_t)size;
	return 0;
}

int authenticode_verify_fd(const struct trust *t, int fd, const char *name,
			   struct verify_result *res)
{
	const uint8_t *map;
	size_t len;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = verify_map(fd, name, &map, &len, res);
	if (ret)
		return ret;
	ret = authenticode_verify(t, map, len, name, res);
	munmap((void *)map, len);
	return ret;
}

int authenticode_verify_copy(const struct trust *t, int fd, const char *name,
			     int *copy, struct verify_result *res)
{
	uint64_t size;
	int ret, c;

	*copy = -1;
	memset(res, 0, sizeof(*res));
	/* what is checked is what the kernel is given */
	c = verify_copy(fd, LOAD_KERNEL_MAX, name, &size, res);
	if (c < 0)
		return c;
	ret = authenticode_verify_fd(t, c, name, res);
	if (ret)
		close(c);
	else
		*copy = c;
	return ret;
}
