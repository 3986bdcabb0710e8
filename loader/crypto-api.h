/*
 * crypto-api.h: the libcrypto functions the signature checks call, loaded
 * with dlopen by trust_new(), so that a process that never checks a
 * signature (baton scan, a daemon with verify off until a boot) maps
 * neither libcrypto nor its 1.6 MiB of relocated pages; linked directly
 * in a static build.
 *
 * Included by the loader files that call libcrypto, after the OpenSSL
 * headers: each function they call becomes the table's pointer of that
 * name (an OpenSSL macro such as sk_X509_num reaches the function it
 * expands to). A call is valid once crypto_api_load() has returned 0;
 * every public entry point of those files takes a struct trust, which
 * trust_new() makes only then.
 */
#ifndef BATON_LOADER_CRYPTO_API_H
#define BATON_LOADER_CRYPTO_API_H

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CRYPTO_API_SONAME "libcrypto.so.3"

/* Every function of the table; `nm -u` of the loader's objects lists them. */
#define CRYPTO_API_FNS(X)						\
	X(ASN1_OBJECT_free) X(ASN1_STRING_get0_data) X(ASN1_STRING_length) \
	X(ASN1_STRING_to_UTF8) X(BIO_f_null) X(BIO_free) X(BIO_free_all) \
	X(BIO_new) X(BIO_new_mem_buf) X(BIO_push) X(CMS_ContentInfo_free) \
	X(CMS_SignerInfo_get0_algs) X(CMS_SignerInfo_verify)		\
	X(CMS_get0_SignerInfos) X(CMS_get0_type) X(CMS_get1_certs)	\
	X(CMS_is_detached) X(CMS_set1_signers_certs)			\
	X(CMS_signed_get_attr_count) X(CMS_verify) X(CRYPTO_free)	\
	X(ERR_clear_error) X(EVP_DigestFinal_ex) X(EVP_DigestInit_ex)	\
	X(EVP_DigestUpdate) X(EVP_MD_CTX_free) X(EVP_MD_CTX_new)	\
	X(EVP_MD_get_size) X(EVP_MD_get_type) X(EVP_get_digestbyname)	\
	X(OBJ_cmp) X(OBJ_nid2sn) X(OBJ_obj2nid) X(OBJ_txt2obj)		\
	X(OPENSSL_sk_free) X(OPENSSL_sk_num) X(OPENSSL_sk_pop_free)	\
	X(OPENSSL_sk_value) X(PEM_read_bio_X509) X(PKCS7_free)		\
	X(PKCS7_get0_signers) X(PKCS7_verify) X(X509_NAME_ENTRY_get_data) \
	X(X509_NAME_get_entry) X(X509_NAME_get_index_by_NID)		\
	X(X509_STORE_CTX_free) X(X509_STORE_CTX_get0_chain)		\
	X(X509_STORE_CTX_get_error) X(X509_STORE_CTX_init)		\
	X(X509_STORE_CTX_new) X(X509_STORE_add_cert) X(X509_STORE_free) \
	X(X509_STORE_new) X(X509_STORE_set_flags) X(X509_STORE_set_purpose) \
	X(X509_check_issued) X(X509_cmp) X(X509_free)			\
	X(X509_get0_authority_key_id) X(X509_get0_subject_key_id)	\
	X(X509_get_issuer_name) X(X509_get_serialNumber)		\
	X(X509_get_subject_name) X(X509_verify_cert)			\
	X(X509_verify_cert_error_string) X(d2i_ASN1_OBJECT)		\
	X(d2i_CMS_ContentInfo) X(d2i_PKCS7) X(d2i_X509) X(i2d_ASN1_INTEGER)

/*
 * Load libcrypto once (thread-safe). 0, or -ELIBACC with *why (when why
 * is not NULL) saying why: a static string, the loader's message.
 */
int crypto_api_load(const char **why);

#ifndef CONFIG_STATIC
#define CRYPTO_API_MEMBER(f) __typeof__(f) *f;
struct crypto_api {
	CRYPTO_API_FNS(CRYPTO_API_MEMBER)
};
extern struct crypto_api crypto_api;

#ifndef CRYPTO_API_IMPL
#define ASN1_OBJECT_free crypto_api.ASN1_OBJECT_free
#define ASN1_STRING_get0_data crypto_api.ASN1_STRING_get0_data
#define ASN1_STRING_length crypto_api.ASN1_STRING_length
#define ASN1_STRING_to_UTF8 crypto_api.ASN1_STRING_to_UTF8
#define BIO_f_null crypto_api.BIO_f_null
#define BIO_free crypto_api.BIO_free
#define BIO_free_all crypto_api.BIO_free_all
#define BIO_new crypto_api.BIO_new
#define BIO_new_mem_buf crypto_api.BIO_new_mem_buf
#define BIO_push crypto_api.BIO_push
#define CMS_ContentInfo_free crypto_api.CMS_ContentInfo_free
#define CMS_SignerInfo_get0_algs crypto_api.CMS_SignerInfo_get0_algs
#define CMS_SignerInfo_verify crypto_api.CMS_SignerInfo_verify
#define CMS_get0_SignerInfos crypto_api.CMS_get0_SignerInfos
#define CMS_get0_type crypto_api.CMS_get0_type
#define CMS_get1_certs crypto_api.CMS_get1_certs
#define CMS_is_detached crypto_api.CMS_is_detached
#define CMS_set1_signers_certs crypto_api.CMS_set1_signers_certs
#define CMS_signed_get_attr_count crypto_api.CMS_signed_get_attr_count
#define CMS_verify crypto_api.CMS_verify
#define CRYPTO_free crypto_api.CRYPTO_free
#define ERR_clear_error crypto_api.ERR_clear_error
#define EVP_DigestFinal_ex crypto_api.EVP_DigestFinal_ex
#define EVP_DigestInit_ex crypto_api.EVP_DigestInit_ex
#define EVP_DigestUpdate crypto_api.EVP_DigestUpdate
#define EVP_MD_CTX_free crypto_api.EVP_MD_CTX_free
#define EVP_MD_CTX_new crypto_api.EVP_MD_CTX_new
#define EVP_MD_get_size crypto_api.EVP_MD_get_size
#define EVP_MD_get_type crypto_api.EVP_MD_get_type
#define EVP_get_digestbyname crypto_api.EVP_get_digestbyname
#define OBJ_cmp crypto_api.OBJ_cmp
#define OBJ_nid2sn crypto_api.OBJ_nid2sn
#define OBJ_obj2nid crypto_api.OBJ_obj2nid
#define OBJ_txt2obj crypto_api.OBJ_txt2obj
#define OPENSSL_sk_free crypto_api.OPENSSL_sk_free
#define OPENSSL_sk_num crypto_api.OPENSSL_sk_num
#define OPENSSL_sk_pop_free crypto_api.OPENSSL_sk_pop_free
#define OPENSSL_sk_value crypto_api.OPENSSL_sk_value
#define PEM_read_bio_X509 crypto_api.PEM_read_bio_X509
#define PKCS7_free crypto_api.PKCS7_free
#define PKCS7_get0_signers crypto_api.PKCS7_get0_signers
#define PKCS7_verify crypto_api.PKCS7_verify
#define X509_NAME_ENTRY_get_data crypto_api.X509_NAME_ENTRY_get_data
#define X509_NAME_get_entry crypto_api.X509_NAME_get_entry
#define X509_NAME_get_index_by_NID crypto_api.X509_NAME_get_index_by_NID
#define X509_STORE_CTX_free crypto_api.X509_STORE_CTX_free
#define X509_STORE_CTX_get0_chain crypto_api.X509_STORE_CTX_get0_chain
#define X509_STORE_CTX_get_error crypto_api.X509_STORE_CTX_get_error
#define X509_STORE_CTX_init crypto_api.X509_STORE_CTX_init
#define X509_STORE_CTX_new crypto_api.X509_STORE_CTX_new
#define X509_STORE_add_cert crypto_api.X509_STORE_add_cert
#define X509_STORE_free crypto_api.X509_STORE_free
#define X509_STORE_new crypto_api.X509_STORE_new
#define X509_STORE_set_flags crypto_api.X509_STORE_set_flags
#define X509_STORE_set_purpose crypto_api.X509_STORE_set_purpose
#define X509_check_issued crypto_api.X509_check_issued
#define X509_cmp crypto_api.X509_cmp
#define X509_free crypto_api.X509_free
#define X509_get0_authority_key_id crypto_api.X509_get0_authority_key_id
#define X509_get0_subject_key_id crypto_api.X509_get0_subject_key_id
#define X509_get_issuer_name crypto_api.X509_get_issuer_name
#define X509_get_serialNumber crypto_api.X509_get_serialNumber
#define X509_get_subject_name crypto_api.X509_get_subject_name
#define X509_verify_cert crypto_api.X509_verify_cert
#define X509_verify_cert_error_string crypto_api.X509_verify_cert_error_string
#define d2i_ASN1_OBJECT crypto_api.d2i_ASN1_OBJECT
#define d2i_CMS_ContentInfo crypto_api.d2i_CMS_ContentInfo
#define d2i_PKCS7 crypto_api.d2i_PKCS7
#define d2i_X509 crypto_api.d2i_X509
#define i2d_ASN1_INTEGER crypto_api.i2d_ASN1_INTEGER
#endif /* CRYPTO_API_IMPL */
#endif /* CONFIG_STATIC */

#endif
