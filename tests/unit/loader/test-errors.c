/* test-errors.c: every documented kexec error becomes a clear sentence. */
#include <errno.h>
#include <string.h>

#include "loader/loader.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* The sentence is ours (not strerror's) and reads as one sentence. */
static void check_ours(int err, enum load_stage stage)
{
	const char *m = loader_strerror(-err, stage);

	CHECK(m != NULL);
	if (!m)
		return;
	if (!strcmp(m, strerror(err)) || strlen(m) < 20) {
		printf("#   errno %d at %s: \"%s\"\n", err,
		       loader_stage_name(stage), m);
		CHECK(0);
	}
	CHECK(m[strlen(m) - 1] != '.' && m[strlen(m) - 1] != '\n');
}

/* kexec_file_load(2): the man page's errors and those of the kernel. */
static void test_kexec_file_load_errors(void)
{
	static const int errs[] = {
		EADDRNOTAVAIL, EBADF, EBUSY, EINVAL, ENOEXEC, ENOMEM, EPERM,
		EKEYREJECTED, ENOKEY, ENODATA, ELIBBAD, EBADMSG, EMSGSIZE,
		ENOPKG, 524, EACCES, ETXTBSY, EFBIG, ENOSYS, EIO, E2BIG,
		EFAULT,
	};
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		check_ours(errs[i], LOAD_STAGE_KEXEC_FILE);
}

static void test_kexec_load_errors(void)
{
	static const int errs[] = {
		EADDRNOTAVAIL, EBUSY, EINVAL, ENOMEM, EPERM, ENOSYS, EFAULT,
		EACCES,
	};
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		check_ours(errs[i], LOAD_STAGE_KEXEC_LOAD);
}

static void test_exec_errors(void)
{
	check_ours(EINVAL, LOAD_STAGE_EXEC);
	check_ours(EPERM, LOAD_STAGE_EXEC);
	check_ours(EBUSY, LOAD_STAGE_EXEC);
}

static void test_signature_sentence(void)
{
	CHECK_STR(loader_strerror(-EKEYREJECTED, LOAD_STAGE_KEXEC_FILE),
		  "the kernel's signature was rejected: this machine only "
		  "boots signed kernels");
	CHECK_STR(loader_strerror(EKEYREJECTED, LOAD_STAGE_KEXEC_FILE),
		  loader_strerror(-EKEYREJECTED, LOAD_STAGE_KEXEC_FILE));
}

static void test_stage_specific_differs(void)
{
	const char *f = loader_strerror(-EINVAL, LOAD_STAGE_KEXEC_FILE);
	const char *l = loader_strerror(-EINVAL, LOAD_STAGE_KEXEC_LOAD);

	CHECK(strcmp(f, l) != 0);
	CHECK(strstr(l, "segments") != NULL);
	CHECK(strstr(loader_strerror(-ENOSYS, LOAD_STAGE_KEXEC_FILE),
		     "CONFIG_KEXEC_FILE") != NULL);
	CHECK(strstr(loader_strerror(-ENOSYS, LOAD_STAGE_KEXEC_LOAD),
		     "CONFIG_KEXEC") != NULL);
}

static void test_unknown_falls_back(void)
{
	CHECK_STR(loader_strerror(-ECHILD, LOAD_STAGE_KERNEL),
		  strerror(ECHILD));
	CHECK_STR(loader_strerror(0, LOAD_STAGE_NONE), "success");
	CHECK(loader_strerror(-99999, LOAD_STAGE_KERNEL) != NULL);
}

static void test_stage_names(void)
{
	CHECK_STR(loader_stage_name(LOAD_STAGE_KEXEC_FILE),
		  "kexec_file_load");
	CHECK_STR(loader_stage_name(LOAD_STAGE_DTB), "device tree");
	CHECK_STR(loader_stage_name((enum load_stage)1000), "unknown stage");
}

static const struct test_case cases[] = {
	TEST(test_kexec_file_load_errors),
	TEST(test_kexec_load_errors),
	TEST(test_exec_errors),
	TEST(test_signature_sentence),
	TEST(test_stage_specific_differs),
	TEST(test_unknown_falls_back),
	TEST(test_stage_names),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
