/*
 * loader-internal.h: what the loader's files share: kernel image readers,
 * /proc/iomem, the memory map and segment planner, device tree patching,
 * file helpers. Pure functions over buffers where possible, so that unit
 * tests need no root and no kexec.
 */
#ifndef BATON_LOADER_INTERNAL_H
#define BATON_LOADER_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader/loader.h"

/* A reason for a failure, written where it is known, read by the caller. */
struct why {
	char s[256];
};

void why_set(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- architectures and kernel image formats (image.c) ------------------ */

enum karch {
	KARCH_UNKNOWN = 0,
	KARCH_X86_64,
	KARCH_I386,
	KARCH_ARM64,
	KARCH_ARM,
	KARCH_RISCV64,
	KARCH_RISCV32,
	KARCH_PPC64LE,
	KARCH_PPC64,
	KARCH_PPC,
	KARCH_S390X,
	KARCH_LOONGARCH64,
	KARCH_MIPS,
};

/* "arm64", "x86_64", ...; "an unknown architecture" for KARCH_UNKNOWN. */
const char *karch_name(enum karch arch);
/* From `uname -m` ("aarch64", "x86_64", "ppc64le", ...). */
enum karch karch_from_machine(const char *machine);
/* The architecture of the running kernel (uname). */
enum karch karch_running(void);

enum kformat {
	KFMT_UNKNOWN = 0,
	KFMT_BZIMAGE,		/* x86 boot protocol, "HdrS" */
	KFMT_ARM64_IMAGE,	/* arm64 Image, "ARM\x64" at 56 */
	KFMT_RISCV_IMAGE,	/* riscv Image, "RSC\x05" at 56 */
	KFMT_ELF,
	KFMT_PE,		/* a PE/COFF file that is none of the above */
	KFMT_ZBOOT,		/* EFI zboot: PE wrapping a compressed Image */
	KFMT_GZIP,
	KFMT_ZSTD,
	KFMT_XZ,
	KFMT_LZ4,
	KFMT_BZIP2,
	KFMT_LZMA,
};

const char *kformat_name(enum kformat fmt);

struct kimage_info {
	enum kformat format;
	enum karch arch;
	/* bzImage */
	uint16_t boot_version;		/* 0x020f for protocol 2.15 */
	uint8_t setup_sects;
	uint8_t loadflags;
	uint16_t xloadflags;
	uint32_t cmdline_size;		/* longest command line, NUL excluded */
	/* arm64 and riscv Image */
	uint64_t text_offset;
	uint64_t image_size;		/* bytes the kernel needs, bss included */
	uint64_t image_flags;
	/* PE and zboot */
	uint16_t pe_machine;
	uint32_t payload_offset;
	uint32_t payload_size;
	char comp[8];			/* zboot compression: "gzip", "zstd" */
	/* ELF */
	uint8_t elf_class;		/* 1: 32-bit, 2: 64-bit */
	uint16_t elf_machine;
};

#define KIMAGE_HEAD_MAX 4096	/* bytes kimage_probe looks at */

/*
 * Recognise a kernel from the first len bytes of a file of file_size
 * bytes. 0 with ki filled, or -ENOEXEC with why set (unknown format,
 * truncated or inconsistent header). Never reads past buf[len - 1].
 */
int kimage_probe(const uint8_t *buf, size_t len, uint64_t file_size,
		 struct kimage_info *ki, struct why *why);

/*
 * Longest command line, NUL included, that a kernel of this kind takes
 * from kexec_file_load (file = true) or a device tree / boot params.
 */
size_t kimage_cmdline_max(const struct kimage_info *ki, bool file);

/*
 * Why kexec_file_load(2) on the running kernel cannot take this image
 * (x86: boot protocol < 2.12, no 64-bit entry, not loadable above 4 GiB);
 * 0, or -ENOEXEC with why set.
 */
int kimage_check_file_load(const struct kimage_info *ki, struct why *why);

/* ---- memory maps (mem.c) ----------------------------------------------- */

struct mem_range {
	uint64_t start;
	uint64_t end;		/* exclusive */
};

/* Sorted, disjoint, merged ranges. */
struct mem_map {
	struct mem_range *r;
	size_t n;
	size_t cap;
};

/* Add [start, end), merging; 0 or -ENOMEM (-EINVAL when end < start). */
int mem_map_add(struct mem_map *m, uint64_t start, uint64_t end);
/* Remove [start, end) from m; 0 or -ENOMEM. */
int mem_map_remove(struct mem_map *m, uint64_t start, uint64_t end);
/* True when [start, end) lies entirely inside one range of m. */
bool mem_map_contains(const struct mem_map *m, uint64_t start, uint64_t end);
/*
 * Find the lowest address a, aligned to align (a power of two), with
 * [a, a + size) inside one range of m, a >= min and a + size <= max
 * (max 0: no limit), and remove it from m. 0, -EADDRNOTAVAIL, -ENOMEM.
 */
int mem_map_alloc(struct mem_map *m, uint64_t size, uint64_t align,
		  uint64_t min, uint64_t max, uint64_t *addr);
int mem_map_copy(struct mem_map *dst, const struct mem_map *src);
uint64_t mem_map_total(const struct mem_map *m);
void mem_map_free(struct mem_map *m);

/* ---- /proc/iomem (iomem.c) --------------------------------------------- */

struct iomem_entry {
	uint64_t start;
	uint64_t end;		/* inclusive, as /proc/iomem prints it */
	unsigned int depth;	/* indentation level, 0 = top */
	char name[64];
};

struct iomem {
	struct iomem_entry *e;
	size_t n;
};

/*
 * Parse /proc/iomem text. 0, -EINVAL (malformed line; why says which),
 * -ENOMEM. Entries keep the file's order.
 */
int iomem_parse(const char *text, size_t len, struct iomem *io,
		struct why *why);
/* Read and parse a file (path NULL: /proc/iomem). Also -errno of open. */
int iomem_read(const char *path, struct iomem *io, struct why *why);
void iomem_free(struct iomem *io);

/* Every "System RAM" range, merged. -ENOENT when none. */
int iomem_ram(const struct iomem *io, struct mem_map *ram);
/*
 * RAM a new kernel may be loaded into: System RAM minus every range nested
 * in it that is not the running kernel's own (reserved, Crash kernel, ...)
 * and minus any other top-level range overlapping it. -ENOENT when there
 * is no System RAM; -EPERM when every address reads 0 (not root).
 */
int iomem_usable(const struct iomem *io, struct mem_map *usable);

/* ---- kexec_load(2) segment plans (plan.c) ------------------------------ */

struct plan_seg {
	const char *what;
	const void *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

/* A piece of the kernel: placed by the planner, or at a fixed address. */
struct kernel_part {
	const void *buf;
	size_t bufsz;
	uint64_t memsz;
	uint64_t paddr;		/* fixed parts: physical address */
};

#define KERNEL_PARTS_MAX 8

struct kernel_layout {
	struct kernel_part part[KERNEL_PARTS_MAX];
	size_t n;
	bool fixed;		/* ELF: parts at paddr; else one placed part */
	uint64_t align;		/* placed: base alignment (2 MiB) */
	uint64_t min;		/* placed: lowest base (0: any) */
	uint64_t text_offset;	/* placed: part[0] goes at base + this */
	uint64_t entry;		/* fixed: physical entry point */
};

struct plan_input {
	enum karch arch;
	struct kernel_layout kernel;
	const void *initrd;
	size_t initrd_len;	/* 0: none */
	const void *dtb;
	size_t dtb_len;		/* 0: none */
	const void *params;	/* x86: boot_params and the command line */
	size_t params_len;	/* 0: none */
	size_t stub_len;	/* 0: no entry stub (enter the kernel) */
	uint64_t initrd_max;	/* the initrd ends at or below this; 0: any */
	uint64_t floor;		/* nothing is placed below this */
	uint64_t ceiling;	/* nor at or above this; 0: no limit */
	uint64_t page_size;
};

struct plan {
	struct plan_seg seg[LOAD_MAX_SEGMENTS];
	size_t n;
	uint64_t entry;		/* where kexec jumps */
	uint64_t kernel_entry;	/* the kernel's own entry point */
	uint64_t dtb_mem;
	uint64_t initrd_mem;
	uint64_t params_mem;
	int stub_index;		/* seg[] index of the stub, -1: none */
};

/*
 * Place the kernel, initrd, device tree and entry stub in usable RAM,
 * page aligned, without overlap. Pure. 0, -EADDRNOTAVAIL (why says which
 * piece did not fit), -EINVAL (bad input), -ENOMEM.
 */
int plan_segments(const struct mem_map *usable, const struct plan_input *in,
		  struct plan *out, struct why *why);

/* The kernel layout of an arm64 or riscv Image of len bytes. */
int image_layout(const struct kimage_info *ki, const void *buf, size_t len,
		 struct kernel_layout *kl, struct why *why);

/*
 * arm64 entry stub: x0 = dtb, x1 = x2 = x3 = 0, branch to entry.
 * Writes ARM64_STUB_SIZE bytes.
 */
#define ARM64_STUB_SIZE 40
void arm64_stub_build(uint8_t *out, uint64_t dtb, uint64_t entry);

/* ---- ELF kernels (elf.c, CONFIG_LOADER_ELF) ---------------------------- */

/*
 * The PT_LOAD segments of an ELF kernel as fixed parts (pointing into buf)
 * and its physical entry point. 0, -ENOEXEC (why says why), -E2BIG (too
 * many segments).
 */
#ifdef CONFIG_LOADER_ELF
int elf_layout(const void *buf, size_t len, struct kernel_layout *kl,
	       struct why *why);
#else
static inline int elf_layout(const void *buf, size_t len,
			     struct kernel_layout *kl, struct why *why)
{
	why_set(why, "baton was built without ELF kernel support");
	return -EOPNOTSUPP;
}
#endif

/* ---- the x86 64-bit boot protocol (x86.c, x86-stub.S; x86_64 builds) --- */

#ifdef CONFIG_ARCH_X86_64
#include <asm/bootparam.h>

/* What the kexec_load path needs from a bzImage's setup header. */
struct x86_kernel {
	uint64_t pm_offset;	/* the protected-mode part starts here */
	uint32_t init_size;	/* bytes it needs to decompress itself */
	uint64_t pref_address;	/* LOAD_PHYSICAL_ADDR */
	uint64_t initrd_max;	/* the initrd must end at or below this */
	uint32_t cmdline_size;
	bool relocatable;
};

/*
 * The layout of a bzImage of len bytes for plan_segments (its
 * protected-mode part, init_size bytes at kernel_alignment, at or above
 * pref_address); -ENOEXEC with a reason for what has no 64-bit entry.
 */
int x86_kernel_layout(const uint8_t *buf, size_t len, struct kernel_layout *kl,
		      struct x86_kernel *xk, struct why *why);

/* The e820 map the zero page carries: sorted, neighbours joined. */
struct x86_e820 {
	struct boot_e820_entry e[E820_MAX_ENTRIES_ZEROPAGE];
	size_t n;
};

/*
 * The firmware's memory map from firmware/memmap (firmware NULL:
 * /sys/firmware), or when that folder is missing the top level of io
 * (/proc/iomem, read already). -E2BIG when it has more ranges than the
 * zero page holds.
 */
int x86_e820_read(const char *firmware, const struct iomem *io,
		  struct x86_e820 *out, struct why *why);
/* The ACPI RSDP's address from firmware/efi/systab; 0 when not UEFI. */
uint64_t x86_acpi_rsdp(const char *firmware);
/* A text console, or the firmware frame buffer fbdev (NULL: none) shows. */
void x86_screen_info(struct screen_info *si, const char *fbdev, bool efi);

struct x86_params {
	const uint8_t *kernel;		/* the bzImage: its setup header */
	size_t kernel_len;
	uint64_t cmdline_mem;		/* physical addresses */
	uint64_t initrd_mem;
	uint64_t initrd_len;		/* 0: none */
	const struct x86_e820 *e820;
	uint64_t acpi_rsdp;		/* 0: the kernel searches for it */
	const struct screen_info *screen;	/* NULL: none */
};

/* Fill the zero page the kernel's startup_64 reads (%rsi). */
int x86_boot_params(struct boot_params *bp, const struct x86_params *p,
		    struct why *why);

/* The entry stub: its size, and a copy of it aimed at the kernel. */
size_t x86_stub_size(void);
void x86_stub_build(uint8_t *out, uint64_t params, uint64_t kernel);
#endif

/* ---- device trees (fdt.c, CONFIG_LOADER_FDT) --------------------------- */

struct blob {
	const void *buf;
	size_t len;
	const char *name;
};

struct fdt_params {
	const char *bootargs;		/* NULL or "": no bootargs */
	bool initrd;			/* reserve linux,initrd-start/-end */
	struct blob running;		/* running tree; buf NULL: none */
	const struct mem_map *ram;	/* for a memory node; may be NULL */
	const uint8_t *rng_seed;
	size_t rng_seed_len;
	uint64_t kaslr_seed;
	bool kaslr;			/* set kaslr-seed */
};

#define FDT_MAX_SIZE (2u << 20)	/* arm64 booting.rst: at most 2 MiB */

#ifdef CONFIG_LOADER_FDT
/*
 * base with the overlays applied in order and /chosen, memory set from p.
 * *out is malloc'd and packed. 0, -EINVAL (a corrupt tree or overlay),
 * -ENOENT (an overlay's target is missing), -EFBIG (over 2 MiB), -ENOMEM;
 * why names the file.
 */
int fdt_build(const struct blob *base, const struct blob *overlays,
	      size_t n_overlays, const struct fdt_params *p, void **out,
	      size_t *out_len, struct why *why);
/* Fill the initrd placeholders fdt_build reserved. 0 or -EINVAL. */
int fdt_set_initrd(void *fdt, uint64_t start, uint64_t end);
#else
static inline int fdt_build(const struct blob *base,
			    const struct blob *overlays, size_t n_overlays,
			    const struct fdt_params *p, void **out,
			    size_t *out_len, struct why *why)
{
	why_set(why, "baton was built without device tree support");
	return -EOPNOTSUPP;
}

static inline int fdt_set_initrd(void *fdt, uint64_t start, uint64_t end)
{
	return -EOPNOTSUPP;
}
#endif

/* ---- files (file.c) ---------------------------------------------------- */

#define LOAD_KERNEL_MAX (512u << 20)
#define LOAD_INITRD_MAX (2048u << 20)

/* Read all of fd (from offset 0) into a new buffer. -EFBIG over max. */
int fd_read_all(int fd, size_t max, uint8_t **buf, size_t *len);
/* Read bytes [off, off + len) of fd; -EIO when the file is shorter. */
int fd_read_range(int fd, uint64_t off, uint64_t len, size_t max,
		  uint8_t **buf);
/* Read up to cap bytes from offset 0; *size gets the file size. */
int fd_read_head(int fd, uint8_t *buf, size_t cap, size_t *len,
		 uint64_t *size);
/* Size of a regular file; -EINVAL when fd is not one. */
int fd_size(int fd, uint64_t *size);
/*
 * A read-only fd of a new memory file holding buf, fit for kexec_file_load
 * (which refuses files open for writing: -ETXTBSY).
 */
int memfd_from_buf(const char *name, const void *buf, size_t len);
/* Like memfd_from_buf, with bytes [off, off + len) of the file in. */
int memfd_from_range(const char *name, int in, uint64_t off, uint64_t len);
/*
 * Like memfd_from_buf, the files fds[0..n) joined in order, each padded
 * with zeros to a multiple of 4 bytes (as the kernel's cpio reader needs).
 */
int memfd_join(const char *name, const int *fds, size_t n);
/* Join files into one new buffer the same way. */
int buf_join(const int *fds, size_t n, size_t max, uint8_t **buf,
	     size_t *len);
/* Decompress gzip data; -EINVAL when corrupt, -EFBIG over max. */
int gunzip_buf(const uint8_t *in, size_t len, size_t max, uint8_t **out,
	       size_t *out_len);

static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

uint64_t now_ns(void);

#endif
