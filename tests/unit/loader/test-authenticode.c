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
