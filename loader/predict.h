/*
 * predict.h: will the running kernel accept a kernel for
 * kexec_file_load(2), and why not (CONFIG_LOADER_VERIFY)? The daemon asks
 * once per option, before anyone picks it; the kernel's own refusal still
 * has the last word.
 */
#ifndef BATON_LOADER_PREDICT_H
#define BATON_LOADER_PREDICT_H

#include "loader/lockdown.h"
#include "loader/verify.h"

/*
 * Predict kexec_file_load(2) of the kernel open on fd (a kernel with an
 * EFI stub, or a UKI, whose .linux section is what the kernel checks).
 * ms is the machine's state (machine_state_read: a kernel whose lockdown
 * mode cannot be read counts as locked down when Secure Boot is on, as
 * distribution kernels lock themselves down then); kt what the running
 * kernel trusts for kexec (trust_add_keyrings, and trust_add_efi_db
 * where the keyrings cannot be read). Returns 0 when the kernel should
 * accept it, with res->message saying why (no lockdown; or who signed it
 * and through which key the kernel trusts it; or that the trusted keys
 * cannot be read), or the error the kernel is expected to return, with
 * the reason:
 *   -ENODATA       not signed
 *   -ENOKEY        signed by a key the running kernel does not trust
 *   -EKEYREJECTED  changed after signing, or a bad signature
 *   -EBADMSG, -ENOPKG, -ENOEXEC  a signature the kernel cannot use
 *   -EINVAL, -EFBIG, -EIO, -ENOMEM  reading the file
 * (A kernel that enforces signatures only through lockdown, without
 * CONFIG_KEXEC_SIG_FORCE or IMA's Secure Boot policy, reports each of
 * these refusals as -EPERM.)
 */
int predict_kexec_file(const struct machine_state *ms,
		       const struct trust *kt, int fd, const char *name,
		       struct verify_result *res);

#endif
