/*
 * test-detached.c: detached CMS signatures made by `openssl cms -sign
 * -binary -outform DER` with keys the test makes: an initrd checked on a
 * sealed private copy (the one to load), and the exact command line;
 * unsigned, changed, edited, signed by another key, malformed or
 * non-detached signatures each refused with their sentence.
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

#define CMDLINE "root=/dev/vda1 console=ttyS0 quiet"

static struct trust *trust;
static char initrd[8192];

static int initrd_fd = -1, flipped = -1;

/* flipped.sig, opened again after each write (the last one closed). */
static int flipped_fd(void)
{
	if (flipped >= 0)
		close(flipped);
	flipped = open(sign_path("flipped.sig"), O_RDONLY | O_CLOEXEC);
	return flipped;
}

static int open_file(const char *name)
{
	int fd = open(sign_path(name), O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		printf("# cannot open %s\n", sign_path(name));
	return fd;
}

/* Check initrd.bin (reopened) against the signature file sig. */
static int check_initrd(const char *sig, int *copy, struct verify_result *res)
{
	int fd = open_file("initrd.bin"), sfd = sig ? open_file(sig) : -1;
	int ret;

	ret = detached_verify_copy(trust, fd, "initrd.bin", sfd,
				   sig ? sig : "initrd.bin.sig", copy, res);
	printf("# %s\n", res->message);
	close(fd);
	if (sfd >= 0)
		close(sfd);
	return ret;
}

static void test_signed_initrd(void)
{
	struct verify_result res;
	char back[sizeof(initrd)];
	int copy;

	CHECK_INT(check_initrd("initrd.bin.sig", &copy, &res), 0);
	CHECK_STR(res.message, "initrd.bin is signed by \"Baton Test: "
		  "Kernel Signer\", trusted through the test CA");
	CHECK(copy >= 0);
	if (copy < 0)
		return;
	CHECK_INT(pread(copy, back, sizeof(back), 0), sizeof(initrd));
	CHECK(!memcmp(back, initrd, sizeof(initrd)));
	/* read-only, and sealed: nobody can change what was checked */
	CHECK_INT(fcntl(copy, F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK((fcntl(copy, F_GET_SEALS) & (F_SEAL_WRITE | F_SEAL_SHRINK |
		F_SEAL_GROW)) == (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW));
	close(copy);
}

/* Changing the file once it is checked changes nothing that is loaded. */
static void test_copy_is_private(void)
{
	struct verify_result res;
	char back[sizeof(initrd)], was;
	int copy;

	CHECK_INT(check_initrd("initrd.bin.sig", &copy, &res), 0);
	if (copy < 0)
		return;
	was = initrd[100];
	initrd[100] = (char)(was + 1);
	sign_write("initrd.bin", initrd, sizeof(initrd));
	CHECK_INT(pread(copy, back, sizeof(back), 0), sizeof(initrd));
	CHECK(back[100] == was);
	close(copy);
	/* checked again, the changed file is refused */
	CHECK_INT(check_initrd("initrd.bin.sig", &copy, &res),
		  -EKEYREJECTED);
	CHECK_INT(copy, -1);
	CHECK_STR(res.message, "initrd.bin does not match its signature "
		  "initrd.bin.sig: it was changed after it was signed by "
		  "\"Baton Test: Kernel Signer\"");
	initrd[100] = was;
	sign_write("initrd.bin", initrd, sizeof(initrd));
}

static void test_unsigned_refused(void)
{
	struct verify_result res;
	int copy;

	CHECK_INT(check_initrd(NULL, &copy, &res), -ENODATA);
	CHECK_INT(copy, -1);
	CHECK_STR(res.message, "initrd.bin is not signed (there is no "
		  "initrd.bin.sig)");
}

static void test_other_key_refused(void)
{
	struct verify_result res;
	int copy;

	CHECK_INT(check_initrd("initrd.bin.other.sig", &copy, &res), -ENOKEY);
	CHECK_INT(copy, -1);
	CHECK(strstr(res.message, "initrd.bin is signed by \"Someone Else\", "
		     "which no trusted certificate vouches for") ==
	      res.message);
}

static void test_without_attributes(void)
{
	struct verify_result res;
	int copy;

	CHECK_INT(check_initrd("initrd.bin.noattr.sig", &copy, &res), 0);
	close(copy);
}

static void test_malformed_refused(void)
{
	struct verify_result res;
	int copy;

	CHECK_INT(check_initrd("ca.crt", &copy, &res), -EBADMSG);
	CHECK_STR(res.message, "ca.crt is not a CMS signature in DER form "
		  "(openssl cms -sign -binary -outform DER)");
	CHECK_INT(check_initrd("initrd.bin.attached.sig", &copy, &res),
		  -EBADMSG);
	CHECK(strstr(res.message, "it must be a detached signature") != NULL);
	/* another file's signature */
	CHECK_INT(check_initrd("cmdline.bin.sig", &copy, &res), -EKEYREJECTED);
	CHECK_INT(copy, -1);
}

/* The signature's own bytes changed: the last ones are the RSA value. */
static void test_tampered_signature_refused(void)
{
	struct verify_result res;
	unsigned char *sig;
	size_t len;
	int copy;

	sig = sign_read("initrd.bin.sig", &len);
	CHECK(sig != NULL);
	if (!sig)
		return;
	sig[len - 10] ^= 1;
	sign_write("tampered.sig", sig, len);
	free(sig);
	CHECK_INT(check_initrd("tampered.sig", &copy, &res), -EKEYREJECTED);
	CHECK_STR(res.message, "tampered.sig does not verify with the "
		  "certificate of its signer \"Baton Test: Kernel Signer\": "
		  "the signature was tampered with");
}

/*
 * Every byte of a signature changed in turn: never a crash (the test also
 * runs under ASan and UBSan), a sentence for every refusal, and always a
 * refusal where the RSA signature value (the last bytes) changes.
 */
static void test_every_signature_byte(void)
{
	struct verify_result res;
	unsigned char *sig;
	size_t len, i;
	int copy, ret, accepted = 0;

	sig = sign_read("initrd.bin.sig", &len);
	CHECK(sig != NULL && len > 256);
	if (!sig || len <= 256)
		return;
	for (i = 0; i < len; i++) {
		sig[i] ^= 0x01;
		sign_write("flipped.sig", sig, len);
		sig[i] ^= 0x01;
		ret = detached_verify_copy(trust, initrd_fd, "initrd.bin",
					   flipped_fd(), "flipped.sig", &copy,
					   &res);
		if (ret) {
			CHECK(res.message[0] && res.err == ret && copy == -1);
			continue;
		}
		close(copy);
		accepted++;
		if (i >= len - 256)
			CHECK_INT(i, -1);
	}
	printf("# %d of %zu bytes changed were accepted (not covered)\n",
	       accepted, len);
	CHECK(accepted < 32);
	free(sig);
}

static int check_cmdline(const char *cmdline, struct verify_result *res)
{
	int sfd = open_file("cmdline.bin.sig"), ret;

	ret = detached_verify_cmdline(trust, cmdline, sfd, "vmlinuz.cmdline.sig",
				      res);
	printf("# \"%.*s\": %s\n", (int)strcspn(cmdline, "\n"), cmdline,
	       res->message);
	close(sfd);
	return ret;
}

static void test_cmdline(void)
{
	struct verify_result res;

	CHECK_INT(check_cmdline(CMDLINE, &res), 0);
	CHECK(strstr(res.message, "the command line is signed by") ==
	      res.message);
	CHECK_INT(check_cmdline(CMDLINE " init=/bin/sh", &res),
		  -EKEYREJECTED);
	CHECK_STR(res.message, "the command line does not match its "
		  "signature vmlinuz.cmdline.sig: it was changed after it "
		  "was signed by \"Baton Test: Kernel Signer\"");
	/* exactly the bytes: a trailing newline is a change */
	CHECK_INT(check_cmdline(CMDLINE "\n", &res), -EKEYREJECTED);
	CHECK_INT(detached_verify_cmdline(trust, CMDLINE, -1,
					  "vmlinuz.cmdline.sig", &res),
		  -ENODATA);
	CHECK_STR(res.message, "the command line is not signed (there is no "
		  "vmlinuz.cmdline.sig)");
}

static void test_not_a_file(void)
{
	struct verify_result res;
	int dir = open(sign_dir, O_RDONLY), sfd = open_file("initrd.bin.sig");
	int copy;

	CHECK_INT(detached_verify_copy(trust, dir, "a folder", sfd, "s",
				       &copy, &res), -EINVAL);
	CHECK_INT(copy, -1);
	close(dir);
	close(sfd);
}

static const struct test_case cases[] = {
	TEST(test_signed_initrd),
	TEST(test_copy_is_private),
	TEST(test_unsigned_refused),
	TEST(test_other_key_refused),
	TEST(test_without_attributes),
	TEST(test_malformed_refused),
	TEST(test_tampered_signature_refused),
	TEST(test_every_signature_byte),
	TEST(test_cmdline),
	TEST(test_not_a_file),
	{ 0 },
};

int main(int argc, char **argv)
{
	size_t i;
	int ret = 1;

	if (!mkdtemp(sign_dir))
		return 1;
	for (i = 0; i < sizeof(initrd); i++)
		initrd[i] = (char)(i * 7 + i / 256);
	sign_write("initrd.bin", initrd, sizeof(initrd));
	sign_write("cmdline.bin", CMDLINE, strlen(CMDLINE));
	if (!sign_setup()) {
		trust = sign_trust();
		initrd_fd = open_file("initrd.bin");
		ret = test_main(argc, argv, cases);
		close(initrd_fd);
		if (flipped >= 0)
			close(flipped);
		trust_free(trust);
	}
	return sign_cleanup(ret);
}

#endif	/* CONFIG_LOADER_VERIFY */
