/*
 * detached.c: detached CMS signatures (<file>.sig, <kernel>.cmdline.sig)
 * for what a locked-down kernel does not check itself: initrds, device
 * trees, the command line. A file is checked on a sealed private copy,
 * which is then the one loaded, so nothing can change between the check
 * and the use.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/err.h>

#include "lib/util.h"
#include "loader/loader-internal.h"
#include "loader/crypto-api.h"
#include "loader/verify-internal.h"

#define DETACHED_FILE_MAX ((uint64_t)INT_MAX)	/* a memory BIO's limit */

static int read_sig(int sig_fd, const char *name, const char *sig_name,
		    CMS_ContentInfo **out, struct verify_result *res)
{
	CMS_ContentInfo *cms;
	const unsigned char *p;
	uint8_t *buf = NULL;
	size_t len = 0;
	int ret;

	if (sig_fd < 0)
		return verify_set(res, -ENODATA, "%s is not signed (there is "
				  "no %s)", name, sig_name);
	ret = fd_read_all(sig_fd, VERIFY_SIG_MAX, &buf, &len);
	if (ret)
		return verify_set(res, ret == -EFBIG ? -EBADMSG : ret,
				  "cannot read %s: %s", sig_name,
				  ret == -EFBIG ? "it is too large to be a "
				  "signature" : strerror(-ret));
	p = buf;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	free(buf);
	if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		return verify_set(res, -EBADMSG, "%s is not a CMS signature in "
				  "DER form (openssl cms -sign -binary "
				  "-outform DER)", sig_name);
	}
	if (!CMS_is_detached(cms)) {
		CMS_ContentInfo_free(cms);
		return verify_set(res, -EBADMSG, "%s holds a copy of what it "
				  "signs: it must be a detached signature "
				  "(made without -nodetach)", sig_name);
	}
	*out = cms;
	return 0;
}

/*
 * The first signer's certificate (owned by cms), once its signature over
 * the signed attributes, if any, has been checked.
 */
static int first_signer(CMS_ContentInfo *cms, X509 **signer)
{
	STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
	CMS_SignerInfo *si;

	*signer = NULL;
	if (sk_CMS_SignerInfo_num(infos) < 1 ||
	    CMS_set1_signers_certs(cms, NULL, 0) < 1)
		return -EBADMSG;
	si = sk_CMS_SignerInfo_value(infos, 0);
	CMS_SignerInfo_get0_algs(si, NULL, signer, NULL, NULL);
	if (!*signer)
		return -EBADMSG;
	if (CMS_signed_get_attr_count(si) > 0 && CMS_SignerInfo_verify(si) != 1)
		return -EKEYREJECTED;
	return 0;
}

/* Check cms over data[0..len): signature, content, then the chain. */
static int check(const struct trust *t, CMS_ContentInfo *cms,
		 const void *data, size_t len, const char *name,
		 const char *sig_name, struct verify_result *res)
{
	STACK_OF(X509) *certs;
	X509 *signer;
	BIO *content;
	int ret, ok;

	ret = first_signer(cms, &signer);
	if (signer)
		verify_x509_name(X509_get_subject_name(signer), res->signer,
				 sizeof(res->signer));
	if (ret == -EBADMSG)
		return verify_set(res, ret, "%s does not carry the certificate "
				  "of its signer", sig_name);
	if (ret)
		return verify_set(res, ret, "%s does not verify with the "
				  "certificate of its signer \"%s\": the "
				  "signature was tampered with", sig_name,
				  res->signer);
	content = BIO_new_mem_buf(data, (int)len);
	if (!content)
		return verify_set(res, -ENOMEM, "out of memory checking %s",
				  name);
	ok = CMS_verify(cms, NULL, NULL, content, NULL,
			CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
	BIO_free(content);
	if (ok != 1)
		return verify_set(res, -EKEYREJECTED, "%s does not match its "
				  "signature %s: it was changed after it was "
				  "signed by \"%s\"", name, sig_name,
				  res->signer);
	certs = CMS_get1_certs(cms);
	ret = trust_check(t, signer, certs, name, res);
	sk_X509_pop_free(certs, X509_free);
	return ret;
}

/* Read the signature and check it over data[0..len). */
static int verify_buf(const struct trust *t, const void *data, size_t len,
		      const char *name, int sig_fd, const char *sig_name,
		      struct verify_result *res)
{
	CMS_ContentInfo *cms = NULL;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = read_sig(sig_fd, name, sig_name, &cms, res);
	if (!ret)
		ret = check(t, cms, data, len, name, sig_name, res);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return ret;
}

int verify_copy(int fd, uint64_t max, const char *name, uint64_t *size,
		struct verify_result *res)
{
	int ret, c;

	ret = fd_size(fd, size);
	if (!ret && *size > max)
		ret = -EFBIG;
	if (ret)
		return verify_set(res, ret, "cannot read %s: %s", name,
				  strerror(-ret));
	/* the copy is sealed: its bytes can no longer change */
	c = memfd_from_range("baton-verified", fd, 0, *size);
	if (c < 0)
		return verify_set(res, c, "cannot copy %s: %s", name,
				  strerror(-c));
	return c;
}

int detached_verify_copy(const struct trust *t, int fd, const char *name,
			 int sig_fd, const char *sig_name, int *copy,
			 struct verify_result *res)
{
	uint64_t size;
	void *map = NULL;
	int ret, c;

	*copy = -1;
	memset(res, 0, sizeof(*res));
	c = verify_copy(fd, DETACHED_FILE_MAX, name, &size, res);
	if (c < 0)
		return c;
	if (size) {
		map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, c, 0);
		if (map == MAP_FAILED) {
			ret = -errno;
			close(c);
			return verify_set(res, ret, "cannot read the copy of "
					  "%s: %s", name, strerror(-ret));
		}
	}
	ret = verify_buf(t, size ? map : "", (size_t)size, name, sig_fd,
			 sig_name, res);
	if (size)
		munmap(map, (size_t)size);
	if (ret)
		close(c);
	else
		*copy = c;
	return ret;
}

int detached_verify_cmdline(const struct trust *t, const char *cmdline,
			    int sig_fd, const char *sig_name,
			    struct verify_result *res)
{
	return verify_buf(t, cmdline, strlen(cmdline), "the command line",
			  sig_fd, sig_name, res);
}
