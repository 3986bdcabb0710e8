/* trust.c: the certificates signatures must chain to, and the chain check. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "lib/array.h"
#include "lib/text.h"
#include "lib/util.h"
#include "loader/crypto-api.h"
#include "loader/verify-internal.h"

#define TRUST_FILE_MAX (1u << 20)

struct trust_cert {
	X509 *cert;
	char *origin;		/* "the trust folder (ca.pem)" */
};

/* A key in one of the kernel's keyrings, known by its description. */
struct trust_key {
	char *keyring;		/* ".platform" */
	char *name;		/* the subject, as the kernel names it */
	char *id;		/* the key id: SKID (or serial), lower hex */
};

struct trust {
	struct trust_cert *certs;
	size_t n_certs;
	size_t cap_certs;
	struct trust_key *keys;
	size_t n_keys;
	size_t cap_keys;
};

int verify_set(struct verify_result *res, int err, const char *fmt, ...)
{
	char raw[VERIFY_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize_into(res->message, sizeof(res->message), raw);
	res->err = err;
	return err;
}

/*
 * The last entry of nid in name (the kernel's parser keeps the last one),
 * as UTF-8 (OPENSSL_free it), or NULL.
 */
static char *name_entry(const X509_NAME *name, int nid)
{
	int i = -1, next;
	unsigned char *utf8 = NULL;

	while ((next = X509_NAME_get_index_by_NID(name, nid, i)) >= 0)
		i = next;
	if (i < 0)
		return NULL;
	if (ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
			X509_NAME_get_entry(name, i))) < 0)
		return NULL;
	return (char *)utf8;
}

void verify_x509_name(const X509_NAME *name, char *buf, size_t len)
{
	char *cn, *o, *mail;
	char raw[512];

	/* name came from libcrypto: only a caller linked with it gets here
	 * before trust_new() (the unit tests) */
	if (crypto_api_load(NULL)) {
		if (len)
			buf[0] = '\0';
		return;
	}
	cn = name_entry(name, NID_commonName);
	o = name_entry(name, NID_organizationName);
	mail = name_entry(name, NID_pkcs9_emailAddress);
	/* crypto/asymmetric_keys/x509_cert_parser.c: x509_fabricate_name */
	if (cn && o && strncmp(cn, o, strlen(o)) &&
	    (strlen(cn) < 7 || strlen(o) < 7 || strncmp(cn, o, 7)))
		snprintf(raw, sizeof(raw), "%s: %s", o, cn);
	else
		snprintf(raw, sizeof(raw), "%s", cn ? cn : o ? o :
			 mail ? mail : "");
	text_sanitize_into(buf, len, raw);
	OPENSSL_free(cn);
	OPENSSL_free(o);
	OPENSSL_free(mail);
}

struct trust *trust_new(void)
{
	struct trust *t;
	int err = crypto_api_load(NULL);

	if (err) {
		errno = -err;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		errno = ENOMEM;
	return t;
}

void trust_free(struct trust *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_certs; i++) {
		X509_free(t->certs[i].cert);
		free(t->certs[i].origin);
	}
	for (i = 0; i < t->n_keys; i++) {
		free(t->keys[i].keyring);
		free(t->keys[i].name);
		free(t->keys[i].id);
	}
	free(t->certs);
	free(t->keys);
	free(t);
}

size_t trust_count(const struct trust *t)
{
	return t->n_certs + t->n_keys;
}

int trust_add_key(struct trust *t, const char *keyring, const char *name,
		  const char *id)
{
	struct trust_key *k;
	size_t i;

	if (ARRAY_RESERVE(t->keys, t->cap_keys, t->n_keys + 1))
		return -ENOMEM;
	k = &t->keys[t->n_keys];
	k->keyring = strdup(keyring);
	k->name = strdup(name);
	k->id = strdup(id);
	if (!k->keyring || !k->name || !k->id) {
		free(k->keyring);
		free(k->name);
		free(k->id);
		return -ENOMEM;
	}
	for (i = 0; k->id[i]; i++)
		k->id[i] = (char)tolower((unsigned char)k->id[i]);
	t->n_keys++;
	return 0;
}

/* Take cert (owned from here on, freed on failure). */
int trust_add_x509(struct trust *t, X509 *cert, const char *origin)
{
	struct trust_cert *c;

	if (ARRAY_RESERVE(t->certs, t->cap_certs, t->n_certs + 1))
		goto nomem;
	c = &t->certs[t->n_certs];
	c->origin = strdup(origin);
	if (!c->origin)
		goto nomem;
	c->cert = cert;
	t->n_certs++;
	return 0;
nomem:
	X509_free(cert);
	return -ENOMEM;
}

/* Every certificate of a PEM or DER buffer. Returns how many. */
static int add_buf(struct trust *t, const void *buf, size_t len,
		   const char *origin)
{
	const unsigned char *p = buf;
	BIO *bio;
	X509 *x;
	int n = 0, ret;

	x = d2i_X509(NULL, &p, (long)len);
	if (x)
		return trust_add_x509(t, x, origin) ?: 1;
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio)
		return -ENOMEM;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		ret = trust_add_x509(t, x, origin);
		if (ret) {
			n = ret;
			break;
		}
		n++;
	}
	BIO_free(bio);
	ERR_clear_error();
	return n ?: -EBADMSG;
}

static int read_file(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	FILE *f = fopen(path, "rbe");
	int ret = 0;

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		ret = -EINVAL;
	else if ((uint64_t)st.st_size > TRUST_FILE_MAX)
		ret = -EFBIG;
	else if (!(*buf = malloc((size_t)st.st_size + 1)))
		ret = -ENOMEM;
	else if ((*len = fread(*buf, 1, (size_t)st.st_size, f)) !=
		 (size_t)st.st_size) {
		free(*buf);
		ret = -EIO;
	}
	fclose(f);
	return ret;
}

int trust_add_file(struct trust *t, const char *path, const char *origin)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int ret = read_file(path, &buf, &len);

	if (ret)
		return ret;
	ret = add_buf(t, buf, len, origin);
	free(buf);
	return ret;
}

static int cert_file_filter(const struct dirent *d)
{
	return d->d_name[0] != '.' &&
	       (str_endswith(d->d_name, ".pem") ||
		str_endswith(d->d_name, ".crt") ||
		str_endswith(d->d_name, ".cer") ||
		str_endswith(d->d_name, ".der"));
}

int trust_add_dir(struct trust *t, const char *dir)
{
	struct dirent **names;
	char path[4096];
	int n, i, ret = 0, total = 0;

	n = scandir(dir, &names, cert_file_filter, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		if (!ret) {
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
					     names[i]->d_name) >= sizeof(path))
				ret = -ENAMETOOLONG;
			else
				ret = trust_add_file(t, path, path);
			if (ret > 0) {
				total += ret;
				ret = 0;
			}
		}
		free(names[i]);
	}
	free(names);
	return ret ?: total;
}

/* The trusted certificate equal to cert, or NULL. */
static const struct trust_cert *find_cert(const struct trust *t, X509 *cert)
{
	size_t i;

	for (i = 0; i < t->n_certs; i++)
		if (!X509_cmp(t->certs[i].cert, cert))
			return &t->certs[i];
	return NULL;
}

static void hex(char *out, size_t cap, const unsigned char *p, size_t n)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && 2 * i + 2 < cap; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/*
 * The id the kernel gives a certificate's key in its description: the
 * subject key identifier, else the serial number's DER content bytes.
 */
static void kernel_key_id(X509 *c, char *out, size_t cap)
{
	const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(c);
	unsigned char *der = NULL;
	int n;

	if (skid) {
		hex(out, cap, ASN1_STRING_get0_data(skid),
		    (size_t)ASN1_STRING_length(skid));
		return;
	}
	out[0] = '\0';
	n = i2d_ASN1_INTEGER(X509_get_serialNumber(c), &der);
	/* a serial is at most 20 bytes: a one-byte length */
	if (n > 2 && der[1] < 0x80)
		hex(out, cap, der + 2, (size_t)n - 2);
	OPENSSL_free(der);
}

static const struct trust_key *find_key(const struct trust *t,
					const char *name, const char *id)
{
	size_t i;

	for (i = 0; id[0] && i < t->n_keys; i++)
		if (streq(t->keys[i].name, name) && streq(t->keys[i].id, id))
			return &t->keys[i];
	return NULL;
}

/*
 * The kernel key that is c's own, or that issued c (by its authority key
 * identifier), as the kernel's pkcs7_validate_trust looks for them.
 */
static const struct trust_key *key_for(const struct trust *t, X509 *c,
				       bool *issued)
{
	const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(c);
	char name[VERIFY_NAME_MAX], id[130];
	const struct trust_key *k;

	verify_x509_name(X509_get_subject_name(c), name, sizeof(name));
	kernel_key_id(c, id, sizeof(id));
	*issued = false;
	if ((k = find_key(t, name, id)) || !akid)
		return k;
	verify_x509_name(X509_get_issuer_name(c), name, sizeof(name));
	hex(id, sizeof(id), ASN1_STRING_get0_data(akid),
	    (size_t)ASN1_STRING_length(akid));
	*issued = true;
	return find_key(t, name, id);
}

/* Walk from the signer up the certificates it carries to a kernel key. */
static int check_keys(const struct trust *t, X509 *signer,
		      STACK_OF(X509) *untrusted, const char *what,
		      struct verify_result *res)
{
	const struct trust_key *k = NULL;
	X509 *c = signer, *up;
	bool issued = false;
	int depth, i;

	for (depth = 0; c && depth < 8 && !k; depth++) {
		k = key_for(t, c, &issued);
		for (up = NULL, i = 0; !k && i < sk_X509_num(untrusted); i++)
			if (sk_X509_value(untrusted, i) != c &&
			    X509_check_issued(sk_X509_value(untrusted, i),
					      c) == X509_V_OK)
				up = sk_X509_value(untrusted, i);
		c = k ? c : up;
	}
	if (!k)
		return -ENOKEY;
	return verify_set(res, 0, "%s is signed by \"%s\", trusted through "
			  "the %s keyring (%s\"%s\")", what, res->signer,
			  k->keyring, issued ? "issued by " : "", k->name);
}

static X509_STORE *make_store(const struct trust *t)
{
	X509_STORE *store = X509_STORE_new();
	size_t i;

	if (!store)
		return NULL;
	for (i = 0; i < t->n_certs; i++) {
		if (!X509_STORE_add_cert(store, t->certs[i].cert)) {
			X509_STORE_free(store);
			return NULL;
		}
	}
	/*
	 * A trusted certificate is an anchor even when it is not a root;
	 * dates are not checked (the firmware and the kernel ignore them);
	 * code signing certificates carry no S/MIME purpose.
	 */
	X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN |
			     X509_V_FLAG_NO_CHECK_TIME);
	X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	return store;
}

int trust_check(const struct trust *t, X509 *signer,
		STACK_OF(X509) *untrusted, const char *what,
		struct verify_result *res)
{
	const struct trust_cert *anchor = NULL;
	X509_STORE_CTX *ctx = NULL;
	X509_STORE *store = NULL;
	STACK_OF(X509) *chain;
	int ok = 0, err = 0;

	verify_x509_name(X509_get_subject_name(signer), res->signer,
			 sizeof(res->signer));
	if (t && !check_keys(t, signer, untrusted, what, res))
		return 0;
	if (t && t->n_keys && !t->n_certs)
		return verify_set(res, -ENOKEY, "%s is signed by \"%s\", a key "
				  "the running kernel does not trust", what,
				  res->signer);
	if (!t || !t->n_certs)
		return verify_set(res, -ENOKEY, "%s is signed by \"%s\", but "
				  "no certificate is trusted", what,
				  res->signer);
	store = make_store(t);
	ctx = X509_STORE_CTX_new();
	if (!store || !ctx || !X509_STORE_CTX_init(ctx, store, signer,
						   untrusted)) {
		X509_STORE_CTX_free(ctx);
		X509_STORE_free(store);
		return verify_set(res, -ENOMEM, "out of memory checking the "
				  "signer of %s", what);
	}
	ok = X509_verify_cert(ctx) == 1;
	if (ok) {
		chain = X509_STORE_CTX_get0_chain(ctx);
		anchor = find_cert(t, sk_X509_value(chain,
						    sk_X509_num(chain) - 1));
	} else {
		err = X509_STORE_CTX_get_error(ctx);
	}
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	ERR_clear_error();
	if (!ok)
		return verify_set(res, -ENOKEY, "%s is signed by \"%s\", which "
				  "no trusted certificate vouches for (%s)",
				  what, res->signer,
				  X509_verify_cert_error_string(err));
	return verify_set(res, 0, "%s is signed by \"%s\", trusted through "
			  "%s", what, res->signer,
			  anchor ? anchor->origin : "a trusted certificate");
}
