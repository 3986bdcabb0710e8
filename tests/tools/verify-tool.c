/*
 * verify-tool.c: the signature checks of loader/verify.h from the command
 * line, for the system test that follows docs/signed-boot.md:
 *
 * --trust-db trusts the certificates of this machine's db (efivarfs).
 *
 *   verify-tool [--trust DIR_OR_FILE]... authenticode FILE
 *   verify-tool [--trust DIR_OR_FILE]... detached FILE SIG
 *   verify-tool [--trust DIR_OR_FILE]... cmdline "COMMAND LINE" SIG [NAME]
 *   verify-tool state            this machine's lockdown and Secure Boot
 *   verify-tool predict FILE     will this machine's kexec_file_load take
 *                                FILE (its keyrings, else the db)?
 *
 * Prints the check's sentence; exits 0 when it passed, 1 when refused,
 * 2 on bad usage, 77 when baton is built without CONFIG_LOADER_VERIFY. A
 * SIG of "-" means there is none (FILE.sig, or NAME for the command
 * line's, is then the name said to be missing).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/lockdown.h"
#include "loader/predict.h"
#include "loader/verify.h"

#ifdef CONFIG_LOADER_VERIFY

static int usage(void)
{
	fprintf(stderr, "usage: verify-tool [--trust DIR|FILE | --trust-db]... "
		"authenticode FILE | detached FILE SIG | cmdline TEXT SIG [NAME]"
		" | state | predict FILE\n");
	return 2;
}

static int add_trust(struct trust *t, const char *path)
{
	struct stat st;
	int ret;

	if (stat(path, &st))
		ret = -errno;
	else if (S_ISDIR(st.st_mode))
		ret = trust_add_dir(t, path);
	else
		ret = trust_add_file(t, path, path);
	return ret;
}

static int verify_set_errno(struct verify_result *res, int err)
{
	snprintf(res->message, sizeof(res->message), "%s", strerror(-err));
	return err;
}

static int open_or_none(const char *path)
{
	return streq(path, "-") ? -1 : open(path, O_RDONLY | O_CLOEXEC);
}

static int run(struct trust *t, int argc, char **argv,
	       struct verify_result *res)
{
	char sig_name[4096];
	int fd, sig, copy, ret;

	if (argc == 2 && streq(argv[0], "authenticode")) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		ret = authenticode_verify_fd(t, fd, argv[1], res);
		close(fd);
		return ret;
	}
	if (argc == 3 && streq(argv[0], "detached")) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		sig = open_or_none(argv[2]);
		snprintf(sig_name, sizeof(sig_name), "%s%s", sig < 0 ?
			 argv[1] : argv[2], sig < 0 ? ".sig" : "");
		ret = detached_verify_copy(t, fd, argv[1], sig, sig_name, &copy,
					   res);
		if (!ret)
			close(copy);
		close(fd);
		if (sig >= 0)
			close(sig);
		return ret;
	}
	if ((argc == 3 || argc == 4) && streq(argv[0], "cmdline")) {
		sig = open_or_none(argv[2]);
		ret = detached_verify_cmdline(t, argv[1], sig, argc == 4 ?
					      argv[3] : argv[2], res);
		if (sig >= 0)
			close(sig);
		return ret;
	}
	return -EINVAL;
}

/* The running machine: its state, and what its kernel trusts for kexec. */
static int run_machine(int argc, char **argv, struct verify_result *res)
{
	struct machine_state ms;
	struct trust *kt;
	int fd, ret;

	ret = machine_state_read(&ms, NULL);
	if (ret)
		return verify_set_errno(res, ret);
	if (argc == 1 && streq(argv[0], "state")) {
		machine_state_describe(&ms, res->message, sizeof(res->message));
		return 0;
	}
	if (argc != 2 || !streq(argv[0], "predict"))
		return -EINVAL;
	kt = trust_new();
	if (!kt)
		return -ENOMEM;
	ret = trust_add_keyrings(kt, NULL, NULL, NULL);
	if (ret == 0)
		ret = trust_add_efi_db(kt, NULL);
	printf("# %d key(s) or certificate(s) the kernel trusts\n", ret);
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	ret = predict_kexec_file(&ms, kt, fd, argv[1], res);
	if (fd >= 0)
		close(fd);
	trust_free(kt);
	return ret;
}

int main(int argc, char **argv)
{
	struct verify_result res;
	struct trust *t = trust_new();
	int i = 1, ret;

	if (!t)
		return 1;
	for (; i + 1 < argc && (streq(argv[i], "--trust") ||
				streq(argv[i], "--trust-db")); i++) {
		ret = streq(argv[i], "--trust-db") ? trust_add_efi_db(t, NULL) :
		      add_trust(t, argv[++i]);
		if (ret < 0) {
			fprintf(stderr, "verify-tool: %s: %s\n", argv[i],
				strerror(-ret));
			trust_free(t);
			return 2;
		}
	}
	memset(&res, 0, sizeof(res));
	ret = run(t, argc - i, argv + i, &res);
	if (ret == -EINVAL && !res.message[0])
		ret = run_machine(argc - i, argv + i, &res);
	trust_free(t);
	if (ret == -EINVAL && !res.message[0])
		return usage();
	printf("%s\n", res.message);
	return ret ? 1 : 0;
}

#else	/* !CONFIG_LOADER_VERIFY */

int main(void)
{
	fprintf(stderr, "verify-tool: baton is built without "
		"CONFIG_LOADER_VERIFY\n");
	return 77;
}

#endif
