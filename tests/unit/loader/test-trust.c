/*
 * test-trust.c: where trusted certificates come from (a folder, the
 * firmware's db as EFI_SIGNATURE_LISTs, the kernel's keyrings as
 * /proc/keys describes them) and the prediction of what a locked-down
 * kernel's kexec_file_load(2) will refuse, with keys the test makes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/lockdown.h"
#include "loader/predict.h"
#include "loader/verify-internal.h"
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

static const struct peb_section kernel_sections[] = {
	{ ".text", "\x55\x48\x89\xe5\xc3", 5 },
	{ ".data", NULL, 2000 },
};

static const struct machine_state locked = {
	LOCKDOWN_INTEGRITY, SECURE_BOOT_ON
};

static int check_kernel(const struct trust *t, const char *name,
			struct verify_result *res)
{
	return sign_verify(t, name, NULL, res);
}

static void copy_file(const char *from, const char *to)
{
	unsigned char *p;
	size_t len;

	p = sign_read(from, &len);
	if (!p)
		abort();
	sign_write(to, p, len);
	free(p);
}

static void test_folder(void)
{
	struct trust *t = trust_new();
	struct verify_result res;
	char dir[600];

	snprintf(dir, sizeof(dir), "%s/trust", sign_dir);
	CHECK_INT(trust_add_dir(t, dir), -ENOENT);
	mkdir(dir, 0755);
	CHECK_INT(trust_add_dir(t, dir), 0);
	copy_file("ca.der", "trust/10-ca.der");
	copy_file("other.crt", "trust/20-other.pem");
	sign_write("trust/README", "not a certificate", 17);
	CHECK_INT(trust_add_dir(t, dir), 2);
	CHECK_INT(trust_count(t), 2);
	CHECK_INT(check_kernel(t, "kernel.signed", &res), 0);
	CHECK(strstr(res.message, "trusted through ") &&
	      strstr(res.message, "/trust/10-ca.der"));
	CHECK_INT(check_kernel(t, "kernel.other", &res), 0);
	trust_free(t);

	/* a certificate file that holds none is an error, not skipped */
	t = trust_new();
	sign_write("trust/30-junk.crt", "-----BEGIN NOTHING-----\n", 24);
	CHECK_INT(trust_add_dir(t, dir), -EBADMSG);
	trust_free(t);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* One EFI_SIGNATURE_LIST of one entry (owner GUID + data) at p. */
static size_t put_list(unsigned char *p, const unsigned char *type,
		       const void *data, size_t len)
{
	memcpy(p, type, 16);
	put32(p + 16, 28 + 16 + len);
	put32(p + 20, 0);
	put32(p + 24, 16 + len);
	memset(p + 28, 0x11, 16);	/* the owner's GUID */
	memcpy(p + 44, data, len);
	return 28 + 16 + len;
}

#define DB "efivars/db-d719b2cb-3d3a-4596-a3bc-dad00e67656f"

static const unsigned char x509_guid[16] = {
	0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
	0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72,
};
static const unsigned char sha256_guid[16] = {
	0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
	0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28,
};

/* db: a SHA-256 hash (skipped), the test CA and another certificate. */
static size_t make_db(unsigned char *db)
{
	unsigned char *ca, *other, hash[32] = { 1 };
	size_t n = 4, ca_len, other_len;

	ca = sign_read("ca.der", &ca_len);
	other = sign_read("other.der", &other_len);
	if (!ca || !other)
		abort();
	put32(db, 0x27);	/* NV, BS, RT, time-based authenticated */
	n += put_list(db + n, sha256_guid, hash, sizeof(hash));
	n += put_list(db + n, x509_guid, ca, ca_len);
	n += put_list(db + n, x509_guid, other, other_len);
	free(ca);
	free(other);
	return n;
}

static void test_efi_db(void)
{
	struct trust *t = trust_new();
	struct verify_result res;
	unsigned char db[8192];
	size_t n = make_db(db);

	mkdir(sign_path("efivars"), 0755);
	CHECK_INT(trust_add_efi_db(t, sign_path("efivars")), 0);
	sign_write(DB, db, n);
	CHECK_INT(trust_add_efi_db(t, sign_path("efivars")), 2);
	CHECK_INT(check_kernel(t, "kernel.signed", &res), 0);
	CHECK(strstr(res.message, "trusted through the firmware's db") != NULL);
	trust_free(t);

	/* a list whose size runs past the variable */
	t = trust_new();
	put32(db + 4 + 16, 100000);
	sign_write(DB, db, n);
	CHECK_INT(trust_add_efi_db(t, sign_path("efivars")), -EBADMSG);
	trust_free(t);
	/* a certificate entry that is not one */
	t = trust_new();
	make_db(db);
	db[4 + 76 + 44 + 5] ^= 0xff;
	sign_write(DB, db, n);
	CHECK_INT(trust_add_efi_db(t, sign_path("efivars")), -EBADMSG);
	trust_free(t);
}

/*
 * The kernel's keyrings: /proc/keys as the kernel prints it, and the
 * members of each keyring from a table (what KEYCTL_READ would give).
 */
struct ring {
	int32_t serial;
	int32_t members[4];
	int n;
};

static int read_ring(int32_t keyring, int32_t *ids, size_t max, void *ctx)
{
	const struct ring *r;

	for (r = ctx; r->serial; r++) {
		if (r->serial != keyring)
			continue;
		if (r->n < 0)
			return -EACCES;
		memcpy(ids, r->members, MIN((size_t)r->n, max) * sizeof(*ids));
		return (int)MIN((size_t)r->n, max);
	}
	return -ENOKEY;
}

static char *skid(const char *name)
{
	size_t len;
	char *s = (char *)sign_read(name, &len);

	if (!s)
		abort();
	s[len] = '\0';
	return s;
}

/* /proc/keys: five keyrings, the CA's and the signer's keys, a user key. */
static void write_proc_keys(void)
{
	char text[4096], *ca = skid("ca.skid"), *signer = skid("signer.skid");

	snprintf(text, sizeof(text),
		 "0000000a I------     1 perm 1f0b0000     0     0 keyring   "
		 ".builtin_trusted_keys: 1\n"
		 "0000000b I------     1 perm 1f0f0000     0     0 keyring   "
		 ".secondary_trusted_keys: 2\n"
		 "0000000c I------     1 perm 1f0b0000     0     0 keyring   "
		 ".platform: 1\n"
		 "0000000d I------     1 perm 1f0b0000     0     0 keyring   "
		 ".ima: 1\n"
		 "0000000e I------     1 perm 1f0b0000     0     0 keyring   "
		 ".machine: empty\n"
		 "00000101 I------     1 perm 1f010000     0     0 asymmetri "
		 "Baton Test CA: %s: X509.rsa 12345678 []\n"
		 "00000102 I------     1 perm 1f010000     0     0 asymmetri "
		 "Baton Test: Kernel Signer: %s: X509.rsa 9abcdef0 []\n"
		 "00000103 I------     1 perm 1f030000     0     0 user      "
		 "not a key: 5\n"
		 "garbage line\n", ca, signer);
	sign_write("keys", text, strlen(text));
	free(ca);
	free(signer);
}

static void test_keyrings(void)
{
	/* the CA in .platform: the signer's issuer is trusted */
	struct ring rings[] = {
		{ 0x0a, { 0 }, 0 },			/* builtin: empty */
		{ 0x0b, { 0x0a, 0x0e }, 2 },		/* secondary */
		{ 0x0c, { 0x101, 0x103 }, 2 },		/* platform */
		{ 0x0d, { 0x102 }, 1 },			/* .ima */
		{ 0x0e, { 0 }, 0 },			/* machine */
		{ 0 },
	};
	struct verify_result res;
	struct trust *t = trust_new();

	write_proc_keys();
	CHECK_INT(trust_add_keyrings(t, sign_path("keys"), read_ring, rings),
		  1);
	CHECK_INT(check_kernel(t, "kernel.signed", &res), 0);
	CHECK_STR(res.message, "kernel.signed is signed by \"Baton Test: "
		  "Kernel Signer\", trusted through the .platform keyring "
		  "(issued by \"Baton Test CA\")");
	CHECK_INT(check_kernel(t, "kernel.other", &res), -ENOKEY);
	CHECK_STR(res.message, "kernel.other is signed by \"Someone Else\", "
		  "a key the running kernel does not trust");
	trust_free(t);

	/* the signer's own key in .builtin_trusted_keys; .platform unreadable */
	t = trust_new();
	rings[0].members[0] = 0x102;
	rings[0].n = 1;
	rings[2].n = -1;
	CHECK_INT(trust_add_keyrings(t, sign_path("keys"), read_ring, rings),
		  1);
	CHECK_INT(check_kernel(t, "kernel.signed", &res), 0);
	CHECK_STR(res.message, "kernel.signed is signed by \"Baton Test: "
		  "Kernel Signer\", trusted through the "
		  ".builtin_trusted_keys keyring (\"Baton Test: Kernel "
		  "Signer\")");
	trust_free(t);

	/* only in .ima, which kexec does not use */
	t = trust_new();
	rings[0].n = 0;
	CHECK_INT(trust_add_keyrings(t, sign_path("keys"), read_ring, rings),
		  0);
	CHECK_INT(check_kernel(t, "kernel.signed", &res), -ENOKEY);
	trust_free(t);

	t = trust_new();
	CHECK_INT(trust_add_keyrings(t, sign_path("no-such-file"), read_ring,
				     rings), -ENOENT);
	/* this machine's own: whatever it holds, reading never fails */
	CHECK(trust_add_keyrings(t, NULL, NULL, NULL) >= 0);
	trust_free(t);
}

static int predict(const struct machine_state *ms, const struct trust *t,
		   const char *name, struct verify_result *res)
{
	int fd = open(sign_path(name), O_RDONLY), ret;

	ret = predict_kexec_file(ms, t, fd, name, res);
	printf("# %s: %s\n", name, res->message);
	close(fd);
	return ret;
}

static void test_predict(void)
{
	struct ring rings[] = {
		{ 0x0c, { 0x101 }, 1 },
		{ 0 },
	};
	const struct machine_state open_ms = { LOCKDOWN_NONE, SECURE_BOOT_OFF };
	const struct machine_state sb_unknown = { LOCKDOWN_UNKNOWN,
						  SECURE_BOOT_ON };
	struct verify_result res;
	struct trust *kt = trust_new(), *none = trust_new();

	write_proc_keys();
	CHECK_INT(trust_add_keyrings(kt, sign_path("keys"), read_ring, rings),
		  1);
	CHECK_INT(predict(&locked, kt, "kernel.signed", &res), 0);
	CHECK(strstr(res.message, "trusted through the .platform keyring"));
	CHECK_INT(predict(&locked, kt, "kernel.efi", &res), -ENODATA);
	CHECK_STR(res.message, "kernel.efi is not signed (it has no "
		  "Authenticode signature): the running kernel is locked down "
		  "and will refuse it");
	CHECK_INT(predict(&locked, kt, "kernel.other", &res), -ENOKEY);
	CHECK_INT(predict(&sb_unknown, kt, "kernel.other", &res), -ENOKEY);
	/* not locked down: anything goes */
	CHECK_INT(predict(&open_ms, kt, "kernel.efi", &res), 0);
	CHECK_STR(res.message, "the running kernel is not locked down: it "
		  "does not check kernel.efi's signature");
	/* no keys known: signed, but no telling */
	CHECK_INT(predict(&locked, none, "kernel.other", &res), 0);
	CHECK(strstr(res.message, "cannot be read") != NULL);
	/* a UKI: what the kernel checks is its .linux section */
	CHECK_INT(predict(&locked, kt, "uki-signed-linux.efi", &res), 0);
	CHECK(strstr(res.message, "the kernel in uki-signed-linux.efi is "
		     "signed by") == res.message);
	CHECK_INT(predict(&locked, kt, "uki-unsigned-linux.efi", &res),
		  -ENODATA);
	trust_free(kt);
	trust_free(none);
}

/* "CN=a,O=b" (in that order) as an X509_NAME. */
static X509_NAME *make_name(const char *spec)
{
	X509_NAME *n = X509_NAME_new();
	char buf[256], *field, *save = NULL, *eq;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (field = strtok_r(buf, ",", &save); n && field;
	     field = strtok_r(NULL, ",", &save)) {
		eq = strchr(field, '=');
		*eq = '\0';
		X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8,
					   (unsigned char *)eq + 1, -1, -1, 0);
	}
	return n;
}

/* The names the kernel gives keys in /proc/keys (x509_fabricate_name). */
static void test_kernel_names(void)
{
	static const char *const cases[][2] = {
		{ "O=Baton Test,CN=Baton Test CA", "Baton Test CA" },
		{ "O=Baton Test,CN=Kernel Signer", "Baton Test: Kernel Signer" },
		{ "O=Example Corp,CN=Example signing", "Example signing" },
		{ "O=Debian,CN=Debian Secure Boot CA", "Debian Secure Boot CA" },
		{ "C=US,ST=Colorado,O=SnakeOil", "SnakeOil" },
		{ "CN=first,CN=last", "last" },
		{ "emailAddress=keys@example.org", "keys@example.org" },
		{ "C=US", "" },
		{ "CN=evil\x1b[2J", "evil?[2J" },
	};
	char got[VERIFY_NAME_MAX];
	X509_NAME *n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		n = make_name(cases[i][0]);
		CHECK(n != NULL);
		if (!n)
			continue;
		verify_x509_name(n, got, sizeof(got));
		CHECK_STR(got, cases[i][1]);
		X509_NAME_free(n);
	}
}

static const struct test_case cases[] = {
	TEST(test_kernel_names),
	TEST(test_folder),
	TEST(test_efi_db),
	TEST(test_keyrings),
	TEST(test_predict),
	{ 0 },
};

/* A UKI whose .linux section is the file named (signed or not). */
static void write_uki(const char *out, const char *linux_file)
{
	struct peb_section s[] = {
		{ ".text", "\xc3", 1 },
		{ ".cmdline", "quiet", 5 },
		{ ".linux", NULL, 0 },
	};
	unsigned char *k, *p;
	size_t klen, len;

	k = sign_read(linux_file, &klen);
	if (!k)
		abort();
	s[2].data = (const char *)k;
	s[2].len = klen;
	p = sign_pe(s, ARRAY_SIZE(s), &len);
	sign_write(out, p, len);
	free(p);
	free(k);
}

int main(int argc, char **argv)
{
	unsigned char *p;
	size_t len;
	int ret = 1;

	if (!mkdtemp(sign_dir))
		return 1;
	p = sign_pe(kernel_sections, ARRAY_SIZE(kernel_sections), &len);
	sign_write("kernel.efi", p, len);
	free(p);
	if (!sign_setup()) {
		write_uki("uki-signed-linux.efi", "kernel.signed");
		write_uki("uki-unsigned-linux.efi", "kernel.efi");
		ret = test_main(argc, argv, cases);
	}
	return sign_cleanup(ret);
}

#endif	/* CONFIG_LOADER_VERIFY */
