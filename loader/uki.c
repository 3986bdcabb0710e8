/*
 * uki.c: unified kernel images (a PE file with .linux, .initrd, .cmdline
 * and maybe .dtb sections): the loader boots their parts, as systemd-stub
 * would, without running the stub. Sections are read with lib/pe.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pe.h"
#include "lib/util.h"
#include "loader/load-internal.h"

#define UKI_CMDLINE_MAX 4096

static int read_cmdline(struct load_ctx *ctx, const struct pe_section *s)
{
	uint32_t n = pe_section_size(s);
	uint64_t t = now_ns();
	uint8_t *buf;
	size_t len;
	int ret;

	if (n > UKI_CMDLINE_MAX)
		return load_fail(ctx, LOAD_STAGE_UKI, -E2BIG, "its .cmdline "
				 "section is %u bytes, more than any kernel "
				 "accepts", n);
	ret = fd_read_range(ctx->kernel_fd, s->raw_offset, n, UKI_CMDLINE_MAX,
			    &buf);
	ctx->read_ns += now_ns() - t;
	if (ret)
		return load_fail(ctx, LOAD_STAGE_UKI, ret, NULL);
	/* text up to the first NUL, without the trailing newline ukify adds */
	len = strnlen((const char *)buf, n);
	while (len && strchr(" \t\r\n", buf[len - 1]))
		len--;
	ctx->uki_cmdline = str_ndup((const char *)buf, len);
	free(buf);
	if (!ctx->uki_cmdline)
		return load_fail(ctx, LOAD_STAGE_UKI, -ENOMEM, NULL);
	return 0;
}

/* A section as a read-only file of its own (for kexec_file_load). */
static int section_file(struct load_ctx *ctx, const struct pe_section *s,
			const char *name, int *out)
{
	uint64_t t = now_ns();
	int fd;

	fd = memfd_from_range(name, ctx->kernel_fd, s->raw_offset,
			      pe_section_size(s));
	ctx->read_ns += now_ns() - t;
	if (fd < 0)
		return load_fail(ctx, LOAD_STAGE_UKI, fd, "cannot copy its %s "
				 "section: %s", name, strerror(-fd));
	*out = fd;
	return 0;
}

static int take_sections(struct load_ctx *ctx, const struct pe_image *img)
{
	const struct pe_section *s;
	int ret = 0;

	s = pe_find_section(img, ".initrd");
	if (s && pe_section_size(s))
		ret = section_file(ctx, s, ".initrd", &ctx->uki_initrd_fd);
	s = pe_find_section(img, ".cmdline");
	if (!ret && s)
		ret = read_cmdline(ctx, s);
	/* a UKI's device tree, where kernels take one and none is named */
	s = pe_find_section(img, ".dtb");
	if (!ret && s && pe_section_size(s) && ctx->dtb.fd < 0 &&
	    (ctx->host == KARCH_ARM64 || ctx->host == KARCH_RISCV64)) {
		ret = section_file(ctx, s, ".dtb", &ctx->uki_dtb_fd);
		ctx->dtb.fd = ctx->uki_dtb_fd;
		ctx->dtb.name = "the unified kernel image's .dtb";
	}
	return ret;
}

int uki_prepare(struct load_ctx *ctx, const uint8_t *head, size_t len,
		uint64_t size)
{
	const struct pe_section *linux_s;
	struct pe_image *img;
	int ret = 0;

	if (len < 2 || memcmp(head, "MZ", 2))
		return 0;
	img = malloc(sizeof(*img));
	if (!img)
		return load_fail(ctx, LOAD_STAGE_UKI, -ENOMEM, NULL);
	/* a PE file pe.c cannot read is left for the kernel probe to name */
	if (pe_parse(img, head, MIN(len, (size_t)PE_HEADER_MAX), size))
		goto out;
	linux_s = pe_find_section(img, ".linux");
	if (!linux_s)
		goto out;
	ctx->uki = true;
	if (!pe_section_size(linux_s) || !linux_s->raw_offset) {
		ret = load_fail(ctx, LOAD_STAGE_UKI, -ENOEXEC, "its .linux "
				"section is empty");
		goto out;
	}
	ctx->kernel_off = linux_s->raw_offset;
	ctx->kernel_size = pe_section_size(linux_s);
	ret = take_sections(ctx, img);
out:
	free(img);
	return ret;
}
