/*
 * image.c: recognising kernel images from their headers (x86 bzImage, arm64
 * and riscv Image, ELF, PE, EFI zboot, compressed files) and what kexec
 * needs from them: architecture, placement, command line limit. Every read
 * is bounds-checked against the bytes actually present.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/byteorder.h"
#include "lib/util.h"
#include "loader/loader-internal.h"

void why_set(struct why *w, const char *fmt, ...)
{
	va_list ap;

	if (!w)
		return;
	va_start(ap, fmt);
	vsnprintf(w->s, sizeof(w->s), fmt, ap);
	va_end(ap);
}

static const struct {
	enum karch arch;
	const char *name;	/* as people say it */
	const char *machines;	/* uname -m values, space separated */
} arches[] = {
	{ KARCH_X86_64, "x86_64", "x86_64 amd64" },
	{ KARCH_I386, "i386", "i386 i486 i586 i686" },
	{ KARCH_ARM64, "arm64", "aarch64 arm64" },
	{ KARCH_ARM, "arm", "armv7l armv6l armv5tel arm" },
	{ KARCH_RISCV64, "riscv64", "riscv64" },
	{ KARCH_RISCV32, "riscv32", "riscv32" },
	{ KARCH_PPC64LE, "ppc64le", "ppc64le" },
	{ KARCH_PPC64, "ppc64", "ppc64" },
	{ KARCH_PPC, "powerpc", "ppc powerpc" },
	{ KARCH_S390X, "s390x", "s390x" },
	{ KARCH_LOONGARCH64, "loongarch64", "loongarch64" },
	{ KARCH_MIPS, "mips", "mips mips64 mipsel mips64el" },
};

const char *karch_name(enum karch arch)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].arch == arch)
			return arches[i].name;
	return "an unknown architecture";
}

enum karch karch_from_machine(const char *machine)
{
	size_t i, n;
	const char *p;

	if (!machine || !*machine)
		return KARCH_UNKNOWN;
	n = strlen(machine);
	for (i = 0; i < ARRAY_SIZE(arches); i++) {
		for (p = arches[i].machines; *p; p += strcspn(p, " ")) {
			p += strspn(p, " ");
			if (!strncmp(p, machine, n) && (p[n] == ' ' || !p[n]))
				return arches[i].arch;
		}
	}
	return KARCH_UNKNOWN;
}

enum karch karch_running(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return KARCH_UNKNOWN;
	return karch_from_machine(u.machine);
}

const char *kformat_name(enum kformat fmt)
{
	static const char *const names[] = {
		[KFMT_UNKNOWN] = "unknown",
		[KFMT_BZIMAGE] = "bzImage",
		[KFMT_ARM64_IMAGE] = "arm64 Image",
		[KFMT_RISCV_IMAGE] = "riscv Image",
		[KFMT_ELF] = "ELF",
		[KFMT_PE] = "PE/COFF (EFI)",
		[KFMT_ZBOOT] = "EFI zboot",
		[KFMT_GZIP] = "gzip",
		[KFMT_ZSTD] = "zstd",
		[KFMT_XZ] = "xz",
		[KFMT_LZ4] = "lz4",
		[KFMT_BZIP2] = "bzip2",
		[KFMT_LZMA] = "lzma",
	};

	if ((size_t)fmt < ARRAY_SIZE(names) && names[fmt])
		return names[fmt];
	return "unknown";
}

static bool has(size_t len, size_t off, size_t n)
{
	return off <= len && n <= len - off;
}

static bool match(const uint8_t *buf, size_t len, size_t off,
		  const void *magic, size_t n)
{
	return has(len, off, n) && !memcmp(buf + off, magic, n);
}

/* x86 boot protocol (Documentation/arch/x86/boot.rst) */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_SYSSIZE 0x1f4
#define BZ_BOOT_FLAG 0x1fe
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_LOADFLAGS 0x211
#define BZ_XLOADFLAGS 0x236
#define BZ_CMDLINE_SIZE 0x238
#define BZ_LOADED_HIGH 0x01
#define BZ_XLF_KERNEL_64 0x01
#define BZ_XLF_ABOVE_4G 0x02

static int probe_bzimage(const uint8_t *buf, size_t len, uint64_t size,
			 struct kimage_info *ki, struct why *why)
{
	uint64_t setup_bytes, sys_bytes;

	ki->format = KFMT_BZIMAGE;
	if (!has(len, BZ_CMDLINE_SIZE, 4)) {
		why_set(why, "truncated bzImage: the setup header is cut off");
		return -ENOEXEC;
	}
	ki->setup_sects = buf[BZ_SETUP_SECTS];
	ki->boot_version = le16(buf + BZ_VERSION);
	ki->loadflags = buf[BZ_LOADFLAGS];
	if (ki->boot_version >= 0x020c)
		ki->xloadflags = le16(buf + BZ_XLOADFLAGS);
	ki->cmdline_size = ki->boot_version >= 0x0206 ?
			   le32(buf + BZ_CMDLINE_SIZE) : 255;
	ki->arch = KARCH_X86_64;
	if (ki->boot_version >= 0x020c && !(ki->xloadflags & BZ_XLF_KERNEL_64))
		ki->arch = KARCH_I386;
	if (le16(buf + BZ_BOOT_FLAG) != 0xaa55) {
		why_set(why, "corrupt bzImage: no boot sector signature");
		return -ENOEXEC;
	}
	setup_bytes = ((uint64_t)(ki->setup_sects ? ki->setup_sects : 4) + 1)
		      * 512;
	if (size <= setup_bytes) {
		why_set(why, "truncated bzImage: %llu bytes, but its setup "
			"code alone is %llu", (unsigned long long)size,
			(unsigned long long)setup_bytes);
		return -ENOEXEC;
	}
	/*
	 * syssize (32 bits since protocol 2.04): the protected-mode part in
	 * 16-byte units; the kernel's build pads the file to it. kexec does
	 * not check it: a cut-off kernel would load, then halt the machine
	 * in its decompressor, past any fall-through.
	 */
	sys_bytes = (uint64_t)le32(buf + BZ_SYSSIZE) * 16;
	if (ki->boot_version >= 0x0204 && size - setup_bytes < sys_bytes) {
		why_set(why, "truncated bzImage: %llu bytes, but its header "
			"says %llu", (unsigned long long)size,
			(unsigned long long)(setup_bytes + sys_bytes));
		return -ENOEXEC;
	}
	return 0;
}

/* arm64 Image (Documentation/arch/arm64/booting.rst) and riscv Image */
#define IMG_TEXT_OFFSET 8
#define IMG_IMAGE_SIZE 16
#define IMG_FLAGS 24
#define IMG_HEADER_SIZE 64

static int probe_image(const uint8_t *buf, size_t len, uint64_t size,
		       enum kformat fmt, struct kimage_info *ki,
		       struct why *why)
{
	ki->format = fmt;
	ki->arch = fmt == KFMT_ARM64_IMAGE ? KARCH_ARM64 : KARCH_RISCV64;
	if (!has(len, 0, IMG_HEADER_SIZE)) {
		why_set(why, "truncated %s header", kformat_name(fmt));
		return -ENOEXEC;
	}
	ki->text_offset = le64(buf + IMG_TEXT_OFFSET);
	ki->image_size = le64(buf + IMG_IMAGE_SIZE);
	ki->image_flags = le64(buf + IMG_FLAGS);
	if (fmt == KFMT_ARM64_IMAGE && !ki->image_size)
		ki->text_offset = 0x80000;	/* kernels before 3.17 */
	if (ki->image_flags & 1) {
		why_set(why, "this is a big-endian %s kernel",
			karch_name(ki->arch));
		return -ENOEXEC;
	}
	if (ki->text_offset & 0xfff || ki->text_offset >= (2u << 20)) {
		why_set(why, "corrupt %s header: text_offset %#llx",
			kformat_name(fmt),
			(unsigned long long)ki->text_offset);
		return -ENOEXEC;
	}
	if (ki->image_size && (ki->image_size < size ||
			       ki->image_size > LOAD_KERNEL_MAX)) {
		why_set(why, "corrupt %s header: image_size %llu for a file "
			"of %llu bytes", kformat_name(fmt),
			(unsigned long long)ki->image_size,
			(unsigned long long)size);
		return -ENOEXEC;
	}
	return 0;
}

static const struct {
	uint16_t machine;
	enum karch arch32, arch64;	/* by ELF class; LE variant for ppc */
} elf_machines[] = {
	{ 62, KARCH_X86_64, KARCH_X86_64 },	/* EM_X86_64 */
	{ 3, KARCH_I386, KARCH_I386 },		/* EM_386 */
	{ 183, KARCH_ARM64, KARCH_ARM64 },	/* EM_AARCH64 */
	{ 40, KARCH_ARM, KARCH_ARM },		/* EM_ARM */
	{ 243, KARCH_RISCV32, KARCH_RISCV64 },	/* EM_RISCV */
	{ 21, KARCH_PPC64, KARCH_PPC64 },	/* EM_PPC64 */
	{ 20, KARCH_PPC, KARCH_PPC },		/* EM_PPC */
	{ 22, KARCH_S390X, KARCH_S390X },	/* EM_S390 */
	{ 258, KARCH_LOONGARCH64, KARCH_LOONGARCH64 },
	{ 8, KARCH_MIPS, KARCH_MIPS },		/* EM_MIPS */
};

static int probe_elf(const uint8_t *buf, size_t len, struct kimage_info *ki,
		     struct why *why)
{
	size_t i;
	bool le;

	ki->format = KFMT_ELF;
	if (!has(len, 0, 20)) {
		why_set(why, "truncated ELF header");
		return -ENOEXEC;
	}
	ki->elf_class = buf[4];
	le = buf[5] == 1;
	if ((ki->elf_class != 1 && ki->elf_class != 2) ||
	    (buf[5] != 1 && buf[5] != 2)) {
		why_set(why, "corrupt ELF header: class %u, data %u",
			buf[4], buf[5]);
		return -ENOEXEC;
	}
	ki->elf_machine = le ? le16(buf + 18) : (uint16_t)(buf[18] << 8 |
							     buf[19]);
	for (i = 0; i < ARRAY_SIZE(elf_machines); i++) {
		if (elf_machines[i].machine != ki->elf_machine)
			continue;
		ki->arch = ki->elf_class == 2 ? elf_machines[i].arch64 :
						elf_machines[i].arch32;
		if (ki->arch == KARCH_PPC64 && le)
			ki->arch = KARCH_PPC64LE;
		return 0;
	}
	why_set(why, "an ELF file for machine %u, not a kernel baton knows",
		ki->elf_machine);
	return -ENOEXEC;
}

static const struct {
	uint16_t machine;
	enum karch arch;
} pe_machines[] = {
	{ 0x8664, KARCH_X86_64 }, { 0x014c, KARCH_I386 },
	{ 0xaa64, KARCH_ARM64 }, { 0x01c2, KARCH_ARM }, { 0x01c4, KARCH_ARM },
	{ 0x5064, KARCH_RISCV64 }, { 0x5032, KARCH_RISCV32 },
	{ 0x6264, KARCH_LOONGARCH64 },
};

/* The PE machine of an "MZ" file; -ENOEXEC if the PE header is absent. */
static int probe_pe(const uint8_t *buf, size_t len, struct kimage_info *ki,
		    struct why *why)
{
	uint32_t pe;
	size_t i;

	ki->format = KFMT_PE;
	if (!has(len, 0x3c, 4)) {
		why_set(why, "truncated DOS/PE header");
		return -ENOEXEC;
	}
	pe = le32(buf + 0x3c);
	if (!match(buf, len, pe, "PE\0\0", 4) || !has(len, pe + 4, 2)) {
		why_set(why, "an MZ file without a PE header: not a kernel");
		return -ENOEXEC;
	}
	ki->pe_machine = le16(buf + pe + 4);
	for (i = 0; i < ARRAY_SIZE(pe_machines); i++)
		if (pe_machines[i].machine == ki->pe_machine)
			ki->arch = pe_machines[i].arch;
	return 0;
}

static int probe_zboot(const uint8_t *buf, size_t len, uint64_t size,
		       struct kimage_info *ki, struct why *why)
{
	int ret = probe_pe(buf, len, ki, why);

	ki->format = KFMT_ZBOOT;
	if (ret)
		return ret;
	if (!has(len, 0x18, 8)) {
		why_set(why, "truncated EFI zboot header");
		return -ENOEXEC;
	}
	ki->payload_offset = le32(buf + 8);
	ki->payload_size = le32(buf + 12);
	memcpy(ki->comp, buf + 0x18, sizeof(ki->comp) - 1);
	ki->comp[sizeof(ki->comp) - 1] = '\0';
	if (!ki->payload_size ||
	    (uint64_t)ki->payload_offset + ki->payload_size > size) {
		why_set(why, "corrupt EFI zboot header: payload %u+%u in a "
			"file of %llu bytes", ki->payload_offset,
			ki->payload_size, (unsigned long long)size);
		return -ENOEXEC;
	}
	return 0;
}

static const struct {
	enum kformat fmt;
	size_t n;
	const char *magic;
} compressed[] = {
	{ KFMT_GZIP, 2, "\x1f\x8b" },
	{ KFMT_ZSTD, 4, "\x28\xb5\x2f\xfd" },
	{ KFMT_XZ, 6, "\xfd" "7zXZ\0" },
	{ KFMT_LZ4, 4, "\x02\x21\x4c\x18" },
	{ KFMT_BZIP2, 3, "BZh" },
	{ KFMT_LZMA, 3, "\x5d\x00\x00" },
};

int kimage_probe(const uint8_t *buf, size_t len, uint64_t file_size,
		 struct kimage_info *ki, struct why *why)
{
	size_t i;

	memset(ki, 0, sizeof(*ki));
	if (!file_size || !len) {
		why_set(why, "the file is empty");
		return -ENOEXEC;
	}
	if (match(buf, len, 0, "\x7f" "ELF", 4))
		return probe_elf(buf, len, ki, why);
	if (match(buf, len, BZ_HEADER, "HdrS", 4))
		return probe_bzimage(buf, len, file_size, ki, why);
	if (match(buf, len, 0, "MZ", 2) && match(buf, len, 4, "zimg", 4))
		return probe_zboot(buf, len, file_size, ki, why);
	if (match(buf, len, 56, "ARM\x64", 4))
		return probe_image(buf, len, file_size, KFMT_ARM64_IMAGE, ki,
				   why);
	if (match(buf, len, 56, "RSC\x05", 4) ||
	    match(buf, len, 48, "RISCV\0\0\0", 8))
		return probe_image(buf, len, file_size, KFMT_RISCV_IMAGE, ki,
				   why);
	if (match(buf, len, 0, "MZ", 2))
		return probe_pe(buf, len, ki, why);
	for (i = 0; i < ARRAY_SIZE(compressed); i++) {
		if (match(buf, len, 0, compressed[i].magic, compressed[i].n)) {
			ki->format = compressed[i].fmt;
			return 0;
		}
	}
	why_set(why, "not a Linux kernel baton recognises (no bzImage, "
		"Image, ELF or PE header)");
	return -ENOEXEC;
}

size_t kimage_cmdline_max(const struct kimage_info *ki, bool file)
{
	/*
	 * Since Linux 6.x kexec_file_load on x86 keeps 30 bytes of the
	 * kernel's cmdline_size for "elfcorehdr=" (MAX_ELFCOREHDR_STR_LEN)
	 * and counts the NUL in cmdline_len.
	 */
	if (ki->format == KFMT_BZIMAGE) {
		if (!file)
			return (size_t)ki->cmdline_size + 1;
		return ki->cmdline_size > 31 ? ki->cmdline_size - 30 : 1;
	}
	switch (ki->arch) {
	case KARCH_RISCV64:
	case KARCH_RISCV32:
		return 1024;		/* riscv COMMAND_LINE_SIZE */
	case KARCH_S390X:
		return 896;
	default:
		return 2048;		/* arm64, powerpc, x86 COMMAND_LINE_SIZE */
	}
}

int kimage_check_file_load(const struct kimage_info *ki, struct why *why)
{
	if (ki->format != KFMT_BZIMAGE)
		return 0;
	if (ki->boot_version < 0x020c) {
		why_set(why, "this kernel uses x86 boot protocol %u.%02u; "
			"kexec_file_load needs 2.12 (Linux 3.8) or later",
			ki->boot_version >> 8, ki->boot_version & 0xff);
		return -ENOEXEC;
	}
	if (!(ki->loadflags & BZ_LOADED_HIGH)) {
		why_set(why, "this is an old zImage, not a bzImage");
		return -ENOEXEC;
	}
	if (!(ki->xloadflags & BZ_XLF_ABOVE_4G)) {
		why_set(why, "this kernel cannot be loaded above 4 GiB, which "
			"kexec_file_load requires");
		return -ENOEXEC;
	}
	return 0;
}
