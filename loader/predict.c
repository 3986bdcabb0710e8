/*
 * predict.c: will the running kernel accept a kernel for
 * kexec_file_load(2), and if not, why? Under lockdown the kernel checks
 * the Authenticode signature of what it is given (a UKI's .linux
 * section, since baton splits UKIs) against the keys of its
 * .builtin_trusted_keys, .secondary_trusted_keys, .machine and .platform
 * keyrings; this does the same check beforehand, so a menu can mark the
 * options that would be refused.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/pe.h"
#include "lib/util.h"
#include "loader/predict.h"
#include "loader/verify-internal.h"

/*
 * What kexec_file_load gets from p[0..len): a UKI's .linux section, else
 * the whole file. *what says which, for messages.
 */
static void kexec_part(const uint8_t *p, size_t len, const char *name,
		       const uint8_t **part, size_t *part_len, char *what,
		       size_t what_len)
{
	const struct pe_section *s;
	struct pe_image *img = malloc(sizeof(*img));

	*part = p;
	*part_len = len;
	snprintf(what, what_len, "%s", name);
	if (!img)
		return;
	if (!pe_parse(img, p, MIN(len, (size_t)PE_HEADER_MAX), len) &&
	    (s = pe_find_section(img, ".linux")) && pe_section_size(s)) {
		*part = p + s->raw_offset;
		*part_len = pe_section_size(s);
		snprintf(what, what_len, "the kernel in %s", name);
	}
	free(img);
}

static int predict_buf(const struct machine_state *ms,
		       const struct trust *kt, const uint8_t *p, size_t len,
		       const char *name, struct verify_result *res)
{
	char what[VERIFY_MESSAGE_MAX / 2], why[VERIFY_MESSAGE_MAX];
	const uint8_t *part;
	size_t part_len;
	int ret;

	kexec_part(p, len, name, &part, &part_len, what, sizeof(what));
	ret = authenticode_verify(kt, part, part_len, what, res);
	snprintf(why, sizeof(why), "%s", res->message);
	if (!ret)
		return ret;
	if (ret == -ENOKEY && !trust_count(kt))
		return verify_set(res, 0, "%s is signed by \"%s\"; which keys "
				  "the running kernel trusts cannot be read, "
				  "so it may still refuse it", what,
				  res->signer);
	return verify_set(res, ret, "%s: the running kernel is locked down "
			  "and will refuse it", why);
}

int predict_kexec_file(const struct machine_state *ms,
		       const struct trust *kt, int fd, const char *name,
		       struct verify_result *res)
{
	const uint8_t *map;
	size_t len;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!machine_state_checks_kernels(ms))
		return verify_set(res, 0, "the running kernel is not locked "
				  "down: it does not check %s's signature",
				  name);
	ret = verify_map(fd, name, &map, &len, res);
	if (ret)
		return ret;
	ret = predict_buf(ms, kt, map, len, name, res);
	munmap((void *)map, len);
	return ret;
}
