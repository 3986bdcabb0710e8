/*
 * verify.h: signature checks for signed boot, with OpenSSL's libcrypto
 * (CONFIG_LOADER_VERIFY): the Authenticode signature of a PE image (a
 * kernel with an EFI stub, a unified kernel image), detached CMS
 * signatures (<file>.sig, <kernel>.cmdline.sig) checked on a private copy,
 * and the certificates they must chain to (struct trust).
 *
 * Every check fills a struct verify_result with one sentence that names
 * the file and says why it is refused (or who signed it), and returns 0 or
 * the negative errno the kernel would give for the same refusal:
 *   -ENODATA       not signed
 *   -EKEYREJECTED  changed after signing, or the signature does not verify
 *   -ENOKEY        signed by a key no trusted certificate vouches for
 *   -EBADMSG       the signature is malformed
 *   -ENOPKG        a digest algorithm baton does not know
 *   -ENOEXEC       not a PE image (Authenticode)
 *   -ENOMEM, -EIO, -EFBIG, -EINVAL  reading the file
 */
#ifndef BATON_LOADER_VERIFY_H
#define BATON_LOADER_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#define VERIFY_MESSAGE_MAX 384
#define VERIFY_NAME_MAX 160

struct verify_result {
	int err;			/* 0 or -errno, as returned */
	char signer[VERIFY_NAME_MAX];	/* the signer's name ("" unknown),
					   safe for a terminal */
	char message[VERIFY_MESSAGE_MAX];	/* one sentence, safe for a
						   terminal */
};

/* ---- trusted certificates (trust.c) ------------------------------------ */

/* Where `make initramfs TRUST=DIR` puts the certificates baton trusts. */
#define TRUST_DIR "/etc/baton/trust"

/* A set of trusted certificates, each with where it came from. */
struct trust;

/*
 * An empty set; NULL with errno ENOMEM, or ELIBACC when libcrypto cannot
 * be loaded (a dynamic baton loads it here, the first time).
 */
struct trust *trust_new(void);

/* Free a set; accepts NULL. */
void trust_free(struct trust *t);

/*
 * Add every certificate of a file: PEM (any number of CERTIFICATE
 * blocks) or one DER certificate. origin names where it came from in
 * messages ("the trust folder"). Returns how many were added.
 * Errors: -ENOENT, -EBADMSG (no certificate in it), -EFBIG (over 1 MiB),
 * -ENOMEM.
 */
int trust_add_file(struct trust *t, const char *path, const char *origin);

/*
 * Add the certificates of every *.pem, *.crt, *.cer and *.der file of a
 * folder (what `make initramfs TRUST=DIR` packs), in name order. Returns
 * how many were added; a file that holds none is an error.
 * Errors: -ENOENT (no folder), -ENOTDIR, as trust_add_file.
 */
int trust_add_dir(struct trust *t, const char *dir);

/*
 * Where EFI_CERT_X509 entries are taken from: the firmware's db variable
 * in efivarfs (NULL: /sys/firmware/efi/efivars), an EFI_SIGNATURE_LIST
 * sequence. Hashes and other entry types are skipped. Returns how many
 * certificates were added (0: no db variable).
 * Errors: -EBADMSG (a malformed list or certificate), -ENOMEM, -EIO.
 */
int trust_add_efi_db(struct trust *t, const char *efivars);

/*
 * Reads the serials of the keys linked into a keyring (as KEYCTL_READ
 * does): at most max into ids; returns how many, or -errno.
 */
typedef int (*keyring_read_fn)(int32_t keyring, int32_t *ids, size_t max,
			       void *ctx);

/* The real one: keyctl(KEYCTL_READ). */
int keyring_read_keyctl(int32_t keyring, int32_t *ids, size_t max,
			void *ctx);

/*
 * Add the X.509 keys the running kernel trusts for kexec_file_load(2):
 * those linked into .builtin_trusted_keys, .secondary_trusted_keys,
 * .machine and .platform, found in proc_keys (NULL: /proc/keys) and
 * read_fn (NULL: keyring_read_keyctl). They are known by description
 * only, so a signer matches one by subject name and key id (its own, or
 * its issuer's). A keyring that is missing or cannot be read adds
 * nothing. Returns how many keys were added.
 * Errors: -ENOENT (no proc_keys), -ENOMEM.
 */
int trust_add_keyrings(struct trust *t, const char *proc_keys,
		       keyring_read_fn read_fn, void *ctx);

/* How many certificates and kernel keys the set holds. */
size_t trust_count(const struct trust *t);

/* ---- Authenticode (authenticode.c) ------------------------------------- */

/*
 * Check the Authenticode signature of the PE image img[0..len): the image
 * hash (CheckSum and the Certificate Table entry left out, sections in
 * file order, then any data up to the certificates) must equal the
 * digest in the first WIN_CERTIFICATE's PKCS#7 SpcIndirectDataContent
 * (as the kernel checks, the first signature alone counts), that
 * PKCS#7's signature must verify, and its signer must chain to t. A UKI
 * is checked whole, so its .initrd and .cmdline are covered too. name
 * ("sda2:/boot/vmlinuz") is used in res->message.
 */
int authenticode_verify(const struct trust *t, const void *img, size_t len,
			const char *name, struct verify_result *res);

/* The same for an open file (mapped read-only; at most 512 MiB). */
int authenticode_verify_fd(const struct trust *t, int fd, const char *name,
			   struct verify_result *res);

/*
 * The same on a private copy: fd is copied into a memory file sealed
 * against any change, the copy is checked, and on success *copy is a
 * read-only fd of it (the caller closes it), which is what must be
 * loaded. On failure *copy is -1.
 */
int authenticode_verify_copy(const struct trust *t, int fd, const char *name,
			     int *copy, struct verify_result *res);

/* ---- detached signatures (detached.c) --------------------------------- */

/* The largest detached signature read (a CMS with a few certificates). */
#define VERIFY_SIG_MAX (256u * 1024)

/*
 * Check a file against its detached signature and hand back the bytes
 * that were checked: fd (at most 2 GiB) is copied into a private memory
 * file, sealed against any change, and the CMS signature read from sig_fd
 * (DER, as `openssl cms -sign -binary -outform DER` makes it; -1: none)
 * is checked over that copy against t. On success *copy is a read-only fd
 * of the copy (the caller closes it), which is what must be loaded: the
 * file on disk may change afterwards without effect. name ("sda2:/initrd")
 * and sig_name ("sda2:/initrd.sig") are used in res->message. On failure
 * *copy is -1.
 */
int detached_verify_copy(const struct trust *t, int fd, const char *name,
			 int sig_fd, const char *sig_name, int *copy,
			 struct verify_result *res);

/*
 * Check a kernel command line against its detached signature
 * (<kernel>.cmdline.sig): the signature covers exactly the bytes of
 * cmdline, without a trailing newline or NUL. Same errors and messages.
 */
int detached_verify_cmdline(const struct trust *t, const char *cmdline,
			    int sig_fd, const char *sig_name,
			    struct verify_result *res);

#endif
