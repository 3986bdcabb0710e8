/*
 * test-lockdown.c: the lockdown mode and Secure Boot state read from
 * folders the test makes in the shape of /sys (securityfs, efivarfs).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/lockdown.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

#define GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"

static char root[] = "/tmp/baton-test-lockdown-XXXXXX";
static char sys[512];
static int n_sys;

/* A fresh folder standing for /sys, with the given parts. */
static const char *new_sys(void)
{
	snprintf(sys, sizeof(sys), "%s/sys%d", root, n_sys++);
	mkdir(sys, 0755);
	return sys;
}

static void put(const char *rel, const void *data, size_t len)
{
	char path[1024], cmd[1200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", sys, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd))
		abort();
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		abort();
}

static void put_lockdown(const char *text)
{
	put("kernel/security/lockdown", text, strlen(text));
}

/* An EFI global variable: attributes (NV|BS|RT), then one byte. */
static void put_var(const char *name, unsigned char val)
{
	unsigned char data[5] = { 0x06, 0, 0, 0, val };
	char rel[256];

	snprintf(rel, sizeof(rel), "firmware/efi/efivars/%s-" GUID, name);
	put(rel, data, sizeof(data));
}

static void test_locked_down_secure_boot(void)
{
	struct machine_state ms;
	char s[512];

	new_sys();
	put_lockdown("none [integrity] confidentiality\n");
	put_var("SecureBoot", 1);
	put_var("SetupMode", 0);
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.lockdown, LOCKDOWN_INTEGRITY);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_ON);
	CHECK(machine_state_signed_only(&ms));
	CHECK(machine_state_checks_kernels(&ms));
	CHECK_STR(lockdown_mode_name(ms.lockdown), "integrity");
	CHECK_STR(secure_boot_name(ms.secure_boot), "on");
	machine_state_describe(&ms, s, sizeof(s));
	CHECK(strstr(s, "Secure Boot is on and the kernel is locked down "
		     "(integrity)") == s);
	CHECK(strstr(s, "signed") && strstr(s, "kexec_load(2)"));
}

static void test_confidentiality(void)
{
	struct machine_state ms;

	new_sys();
	put_lockdown("none integrity [confidentiality]\n");
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.lockdown, LOCKDOWN_CONFIDENTIALITY);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_NO_EFI);
	CHECK(machine_state_signed_only(&ms));
}

static void test_not_locked_down(void)
{
	struct machine_state ms;
	char s[512];

	new_sys();
	put_lockdown("[none] integrity confidentiality\n");
	put_var("SecureBoot", 0);
	put_var("SetupMode", 0);
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.lockdown, LOCKDOWN_NONE);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_OFF);
	CHECK(!machine_state_signed_only(&ms));
	CHECK(!machine_state_checks_kernels(&ms));
	machine_state_describe(&ms, s, sizeof(s));
	CHECK_STR(s, "Secure Boot is off, and the kernel is not locked "
		  "down: it boots any kernel");
}

static void test_setup_mode(void)
{
	struct machine_state ms;

	new_sys();
	put_var("SecureBoot", 0);
	put_var("SetupMode", 1);
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_SETUP);
	CHECK_INT(ms.lockdown, LOCKDOWN_UNKNOWN);
	CHECK_STR(secure_boot_name(ms.secure_boot), "setup mode");
}

/* Firmware without Secure Boot support has variables, but not this one. */
static void test_no_secure_boot_variable(void)
{
	struct machine_state ms;

	new_sys();
	put("firmware/efi/efivars/Boot0000-" GUID, "\x07\0\0\0\1", 5);
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_OFF);
}

/*
 * No securityfs, but Secure Boot on: a distribution kernel has locked
 * itself down, so kernels are expected to be checked.
 */
static void test_unknown_lockdown_secure_boot(void)
{
	struct machine_state ms;

	new_sys();
	put_var("SecureBoot", 1);
	put_var("SetupMode", 0);
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.lockdown, LOCKDOWN_UNKNOWN);
	CHECK(!machine_state_signed_only(&ms));
	CHECK(machine_state_checks_kernels(&ms));
}

/* EFI, but efivarfs not mounted; no securityfs: both unknown. */
static void test_unknown(void)
{
	struct machine_state ms;
	char s[512];

	new_sys();
	put("firmware/efi/systab", "ACPI20=0x1\n", 11);
	CHECK_INT(machine_state_read(&ms, sys), 0);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_UNKNOWN);
	CHECK_INT(ms.lockdown, LOCKDOWN_UNKNOWN);
	CHECK(!machine_state_signed_only(&ms));
	machine_state_describe(&ms, s, sizeof(s));
	CHECK(strstr(s, "efivarfs is not mounted") != NULL);
	CHECK(strstr(s, "lockdown mode cannot be read") != NULL);
}

/* Bad contents are an error, and *ms is left as it was. */
static void test_garbage_refused(void)
{
	struct machine_state ms = { LOCKDOWN_NONE, SECURE_BOOT_OFF };

	new_sys();
	put_lockdown("integrity\n");
	CHECK_INT(machine_state_read(&ms, sys), -EINVAL);
	new_sys();
	put_lockdown("none [paranoid] confidentiality\n");
	CHECK_INT(machine_state_read(&ms, sys), -EINVAL);
	new_sys();
	put_var("SecureBoot", 7);
	CHECK_INT(machine_state_read(&ms, sys), -EINVAL);
	new_sys();
	put("firmware/efi/efivars/SecureBoot-" GUID, "\x06\0\0\0\1\1", 6);
	CHECK_INT(machine_state_read(&ms, sys), -EINVAL);
	CHECK_INT(ms.lockdown, LOCKDOWN_NONE);
	CHECK_INT(ms.secure_boot, SECURE_BOOT_OFF);
}

/* The running machine: whatever it is, reading it never fails. */
static void test_running_machine(void)
{
	struct machine_state ms;
	char s[512];

	CHECK_INT(machine_state_read(&ms, NULL), 0);
	CHECK(machine_state_describe(&ms, s, sizeof(s)) > 20);
	printf("# this machine: %s\n", s);
}

static const struct test_case cases[] = {
	TEST(test_locked_down_secure_boot),
	TEST(test_confidentiality),
	TEST(test_not_locked_down),
	TEST(test_setup_mode),
	TEST(test_no_secure_boot_variable),
	TEST(test_unknown_lockdown_secure_boot),
	TEST(test_unknown),
	TEST(test_garbage_refused),
	TEST(test_running_machine),
	{ 0 },
};

int main(int argc, char **argv)
{
	char cmd[256];
	int ret;

	if (!mkdtemp(root))
		return 1;
	ret = test_main(argc, argv, cases);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		ret = 1;
	return ret;
}
