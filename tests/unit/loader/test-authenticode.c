/*
 * test-authenticode.c: Authenticode checks on PE images and unified kernel
 * images signed by sbsign with keys the test makes: a signed image
 * verifies; unsigned, signed by another key, changed in a section, in
 * the header or after signing, each refused with its own sentence.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/verify.h"
#include "tests/unit/loader/signing.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#ifndef CONFIG_LOADER_VERIFY
int main(void)
{
	return sign_skip_all();
}
#else

#define DEBIAN_KERNEL "/var/cache/baton/kernels/linux-image-6.1.0-57-" \
	"cloud-amd64/boot/vmlinuz-6.1.0-57-cloud-amd64"

static struct trust *trust;

static const struct peb_section kernel_sections[] = {
	{ ".text", "\x55\x48\x89\xe5\xc3", 5 },
	{ ".data", "kernel data", 11 },
	{ ".linux", NULL, 3000 },
};

static const struct peb_section uki_sections[] = {
	{ ".text", "\xc3", 1 },
	{ ".osrel", "NAME=Test\nVERSION_ID=1\n", 23 },
	{ ".cmdline", "root=/dev/vda1 quiet", 20 },
	{ ".linux", NULL, 3000 },
	{ ".initrd", NULL, 700 },
};

static int verify_file(const char *name, void (*change)(unsigned char *,
			size_t *), struct verify_result *res)
{
	return sign_verify(trust, name, change, res);
}

static void test_signed_verifies(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.signed", NULL, &res), 0);
	CHECK_INT(res.err, 0);
	CHECK_STR(res.signer, "Baton Test: Kernel Signer");
	CHECK_STR(res.message, "kernel.signed is signed by \"Baton Test: "
		  "Kernel Signer\", trusted through the test CA");
}

static void test_unsigned_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.efi", NULL, &res), -ENODATA);
	CHECK_STR(res.message, "kernel.efi is not signed (it has no "
		  "Authenticode signature)");
}

static void test_other_key_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.other", NULL, &res), -ENOKEY);
	CHECK_STR(res.signer, "Someone Else");
	CHECK(strstr(res.message, "kernel.other is signed by \"Someone "
		     "Else\", which no trusted certificate vouches for (") ==
	      res.message);
}

static size_t section_at(unsigned i)
{
	return peb_align(PEB_TABLE + 40 * ARRAY_SIZE(kernel_sections)) +
	       i * PEB_ALIGN;
}

static void change_section(unsigned char *p, size_t *len)
{
	p[section_at(2) + 1000] ^= 1;	/* in .linux */
}

static void test_changed_section_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.signed", change_section, &res),
		  -EKEYREJECTED);
	CHECK_STR(res.message, "kernel.signed does not match its signature: "
		  "it was changed after it was signed by \"Baton Test: "
		  "Kernel Signer\"");
}

static void change_header(unsigned char *p, size_t *len)
{
	p[PEB_LFANEW + 8] ^= 0x40;	/* COFF TimeDateStamp */
}

static void change_checksum(unsigned char *p, size_t *len)
{
	p[PEB_LFANEW + 24 + 64] ^= 0x40;	/* CheckSum: not hashed */
}

static void test_changed_header_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.signed", change_header, &res),
		  -EKEYREJECTED);
	CHECK(strstr(res.message, "does not match its signature") != NULL);
	/* Authenticode leaves the CheckSum out: changing it changes nothing */
	CHECK_INT(verify_file("kernel.signed", change_checksum, &res), 0);
}

static void append(unsigned char *p, size_t *len)
{
	memcpy(p + *len, "appended", 8);
	*len += 8;
}

static void test_appended_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.signed", append, &res), -EKEYREJECTED);
	CHECK_STR(res.message, "kernel.signed has 8 bytes after its "
		  "signature: they were added after it was signed");
}

/* The last bytes of the PKCS#7 are its RSA signature. */
static void change_signature(unsigned char *p, size_t *len)
{
	p[*len - 20] ^= 1;
}

static void test_changed_signature_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("kernel.signed", change_signature, &res),
		  -EKEYREJECTED);
	CHECK(strstr(res.message, "signature does not verify with the "
		     "certificate of its signer \"Baton Test: Kernel "
		     "Signer\"") != NULL);
}

/* Data past the last section, there before signing, is covered too. */
static void change_trailer(unsigned char *p, size_t *len)
{
	size_t size;
	unsigned char *img = sign_pe(kernel_sections,
				     ARRAY_SIZE(kernel_sections), &size);

	p[size + 3] ^= 1;
	free(img);
}

static void test_trailing_data(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("trailer.signed", NULL, &res), 0);
	CHECK_INT(verify_file("trailer.signed", change_trailer, &res),
		  -EKEYREJECTED);
}

/* Where the signed image's attribute certificates are (from its header). */
static uint32_t cert_at(const unsigned char *p, uint32_t *size)
{
	size_t dir = PEB_LFANEW + 24 + 144;

	*size = p[dir + 4] | p[dir + 5] << 8 | p[dir + 6] << 16 |
		(uint32_t)p[dir + 7] << 24;
	return p[dir] | p[dir + 1] << 8 | p[dir + 2] << 16 |
	       (uint32_t)p[dir + 3] << 24;
}

static int verify_patched(size_t off, const void *bytes, size_t n,
			  struct verify_result *res)
{
	unsigned char *p;
	size_t len;
	int ret;

	p = sign_read("kernel.signed", &len);
	if (!p)
		return -999;
	memcpy(p + off, bytes, n);
	ret = authenticode_verify(trust, p, len, "k", res);
	free(p);
	return ret;
}

/* A broken WIN_CERTIFICATE header, or no PKCS#7 in it. */
static void test_malformed_certificate_table(void)
{
	struct verify_result res;
	unsigned char *p;
	uint32_t at, size;
	size_t len, dir = PEB_LFANEW + 24 + 144;
	unsigned char le[4];

	p = sign_read("kernel.signed", &len);
	CHECK(p != NULL);
	if (!p)
		return;
	at = cert_at(p, &size);
	free(p);
	CHECK_INT(at + size, len);
	peb_put32(le, 0, size + 1);		/* dwLength past the table */
	CHECK_INT(verify_patched(at, le, 4, &res), -EBADMSG);
	CHECK_STR(res.message, "k has a malformed signature (not a PKCS#7 "
		  "Authenticode SignedData)");
	peb_put32(le, 0, 4);			/* dwLength inside its header */
	CHECK_INT(verify_patched(at, le, 4, &res), -EBADMSG);
	CHECK_INT(verify_patched(at + 4, "\x00\x01", 2, &res), -EBADMSG);
	CHECK_INT(verify_patched(at + 6, "\x01\x00", 2, &res), -EBADMSG);
	CHECK_INT(verify_patched(at + 8, "\x31", 1, &res), -EBADMSG);
	/* the table said to lie outside the file, or inside the headers */
	peb_put32(le, 0, (uint32_t)len - 4);
	CHECK_INT(verify_patched(dir, le, 4, &res), -ENOEXEC);
	peb_put32(le, 0, 16);
	CHECK_INT(verify_patched(dir, le, 4, &res), -ENOEXEC);
	CHECK(strstr(res.message, "k cannot carry an Authenticode "
		     "signature: ") == res.message);
}

/* The contents of the SpcIndirectDataContent in the PKCS#7 der[0..n). */
static size_t indirect_data(const unsigned char *der, size_t n, size_t *len)
{
	static const unsigned char oid[] = {
		0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02,
		0x01, 0x04,
	};
	size_t i;

	for (i = 0; i + sizeof(oid) + 2 < n; i++) {
		if (memcmp(der + i, oid, sizeof(oid)))
			continue;
		i += sizeof(oid);	/* [0] EXPLICIT, short length */
		if (der[i] != 0xa0 || der[i + 1] & 0x80)
			break;
		*len = der[i + 1];
		return i + 2;
	}
	*len = 0;
	return 0;
}

/*
 * Every byte of the PKCS#7 changed in turn: never a crash (the test also
 * runs under ASan and UBSan), a sentence for every refusal, and always a
 * refusal where the change touches what the signature covers: the
 * SpcIndirectDataContent (the image's digest) and the RSA signature value
 * at the end. (Version numbers and algorithm parameters lie outside what
 * the signature covers, and OpenSSL does not check them.)
 */
static void test_every_signature_byte(void)
{
	struct verify_result res;
	unsigned char *p, *der;
	uint32_t at, size, der_len, i;
	size_t len, idc, idc_len;
	int ret, accepted = 0, covered_accepted = 0;

	p = sign_read("kernel.signed", &len);
	CHECK(p != NULL);
	if (!p)
		return;
	at = cert_at(p, &size);
	der = p + at + 8;
	der_len = (p[at] | p[at + 1] << 8 | p[at + 2] << 16) - 8;
	idc = indirect_data(der, der_len, &idc_len);
	CHECK(idc > 0 && idc_len > 32);
	for (i = 0; i < der_len; i++) {
		der[i] ^= 0x01;
		ret = authenticode_verify(trust, p, len, "k", &res);
		der[i] ^= 0x01;
		if (ret) {
			CHECK(res.message[0] && res.err == ret);
			continue;
		}
		accepted++;
		if ((i >= idc && i < idc + idc_len) || i >= der_len - 256) {
			covered_accepted++;
			printf("#   byte %u of the PKCS#7 changed: accepted\n",
			       i);
		}
	}
	printf("# %d of %u bytes changed were accepted (not covered)\n",
	       accepted, der_len);
	CHECK_INT(covered_accepted, 0);
	CHECK(accepted < 32);
	CHECK_INT(authenticode_verify(trust, p, len, "k", &res), 0);
	free(p);
}

static void test_not_pe(void)
{
	struct verify_result res;
	static const char text[] = "#!/bin/sh\necho not a kernel\n";

	CHECK_INT(authenticode_verify(trust, text, sizeof(text), "script",
				      &res), -ENOEXEC);
	CHECK(strstr(res.message, "script cannot carry an Authenticode "
		     "signature: ") == res.message);
}

static void test_no_trust(void)
{
	struct trust *empty = trust_new();
	struct verify_result res;
	unsigned char *p;
	size_t len;

	p = sign_read("kernel.signed", &len);
	CHECK(p != NULL);
	if (!p || !empty)
		return;
	CHECK_INT(authenticode_verify(empty, p, len, "k", &res), -ENOKEY);
	CHECK_STR(res.message, "k is signed by \"Baton Test: Kernel "
		  "Signer\", but no certificate is trusted");
	free(p);
	trust_free(empty);
}

static void test_signed_uki(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("uki.signed", NULL, &res), 0);
	CHECK(strstr(res.message, "uki.signed is signed by") == res.message);
}

/* root=/dev/vda1 -> root=/dev/vda2 in the .cmdline section */
static void change_cmdline(unsigned char *p, size_t *len)
{
	size_t at = peb_align(PEB_TABLE + 40 * ARRAY_SIZE(uki_sections)) +
		    2 * PEB_ALIGN;

	if (memcmp(p + at, "root=/dev/vda1", 14))
		abort();
	p[at + 13] = '2';
}

static void test_uki_changed_cmdline_refused(void)
{
	struct verify_result res;

	CHECK_INT(verify_file("uki.signed", change_cmdline, &res),
		  -EKEYREJECTED);
	CHECK(strstr(res.message, "uki.signed does not match its "
		     "signature") == res.message);
}

static void test_verify_fd(void)
{
	struct verify_result res;
	int fd = open(sign_path("kernel.signed"), O_RDONLY);

	CHECK(fd >= 0);
	CHECK_INT(authenticode_verify_fd(trust, fd, "fd", &res), 0);
	close(fd);
	fd = open(sign_path("ca.crt"), O_RDONLY);
	CHECK_INT(authenticode_verify_fd(trust, fd, "ca.crt", &res),
		  -ENOEXEC);
	close(fd);
	fd = open(sign_dir, O_RDONLY);
	CHECK_INT(authenticode_verify_fd(trust, fd, "a folder", &res),
		  -EINVAL);
	close(fd);
}

/*
 * A real kernel, when the QEMU tests have downloaded one: Debian's own
 * signature matches the image hash (the hash is computed right on a real
 * bzImage), and its signer is not one this test trusts.
 */
static void test_debian_kernel(void)
{
	struct verify_result res;
	int fd = open(DEBIAN_KERNEL, O_RDONLY);

	if (fd < 0) {
		printf("# no %s: not checked\n", DEBIAN_KERNEL);
		return;
	}
	CHECK_INT(authenticode_verify_fd(trust, fd, "vmlinuz", &res),
		  -ENOKEY);
	CHECK_STR(res.signer, "Debian Secure Boot Signer 2022 - linux");
	printf("# %s\n", res.message);
	close(fd);
}

static const struct test_case cases[] = {
	TEST(test_signed_verifies),
	TEST(test_unsigned_refused),
	TEST(test_other_key_refused),
	TEST(test_changed_section_refused),
	TEST(test_changed_header_refused),
	TEST(test_appended_refused),
	TEST(test_changed_signature_refused),
	TEST(test_trailing_data),
	TEST(test_malformed_certificate_table),
	TEST(test_every_signature_byte),
	TEST(test_not_pe),
	TEST(test_no_trust),
	TEST(test_signed_uki),
	TEST(test_uki_changed_cmdline_refused),
	TEST(test_verify_fd),
	TEST(test_debian_kernel),
	{ 0 },
};

static void write_images(void)
{
	unsigned char *p, *t;
	size_t len;

	p = sign_pe(kernel_sections, ARRAY_SIZE(kernel_sections), &len);
	sign_write("kernel.efi", p, len);
	t = malloc(len + 100);
	if (!t)
		abort();
	memcpy(t, p, len);
	memset(t + len, 0x5a, 100);
	sign_write("trailer.efi", t, len + 100);
	free(t);
	free(p);
	p = sign_pe(uki_sections, ARRAY_SIZE(uki_sections), &len);
	sign_write("uki.efi", p, len);
	free(p);
}

int main(int argc, char **argv)
{
	int ret = 1;

	if (!mkdtemp(sign_dir))
		return 1;
	write_images();
	if (!sign_setup()) {
		trust = sign_trust();
		ret = test_main(argc, argv, cases);
		trust_free(trust);
	}
	return sign_cleanup(ret);
}

#endif	/* CONFIG_LOADER_VERIFY */
