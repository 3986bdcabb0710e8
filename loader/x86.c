/*
 * x86.c: the x86 64-bit boot protocol for the kexec_load(2) path, used
 * when the running kernel lacks kexec_file_load(2) or when asked for
 * (Documentation/arch/x86/boot.rst): where the protected-mode kernel goes,
 * the e820 memory map from the firmware's, struct boot_params (the "zero
 * page") and the entry stub of x86-stub.S. Pure functions over buffers
 * and folders, so the tests can give them any machine.
 *
 * What a UEFI machine loses on this path: the new kernel gets the ACPI
 * tables' address but no EFI system table or runtime map, so it runs
 * without EFI runtime services (no efivars). kexec_file_load, the
 * default, has no such limit.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/fdio.h"
#include "lib/util.h"
#include "loader/loader-internal.h"

#define SZ_1M (1ull << 20)
#define SZ_1G (1ull << 30)
#define HDR_OFFSET 0x1f1	/* struct setup_header in the file and zero page */
#define HDR_JUMP 0x200		/* a short jump over the header: EB xx */
#define STARTUP_64 0x200	/* the 64-bit entry, into the protected-mode part */
#define LOADER_UNDEFINED 0xff	/* type_of_loader: "none of the assigned ids" */

/* The setup header's fields the loader needs, from the file's bytes. */
static void read_header(const uint8_t *buf, struct setup_header *hdr)
{
	memcpy(hdr, buf + HDR_OFFSET, sizeof(*hdr));
}

int x86_kernel_layout(const uint8_t *buf, size_t len, struct kernel_layout *kl,
		      struct x86_kernel *xk, struct why *why)
{
	struct setup_header hdr;
	uint64_t setup_bytes, pm_len;

	memset(kl, 0, sizeof(*kl));
	memset(xk, 0, sizeof(*xk));
	if (len < HDR_OFFSET + sizeof(hdr)) {
		why_set(why, "truncated bzImage: the setup header is cut off");
		return -ENOEXEC;
	}
	read_header(buf, &hdr);
	if (hdr.boot_flag != 0xaa55 || hdr.header != 0x53726448) {
		why_set(why, "not a bzImage: no \"HdrS\" setup header");
		return -ENOEXEC;
	}
	if (hdr.version < 0x020c) {
		why_set(why, "this kernel uses x86 boot protocol %u.%02u; "
			"baton's kexec_load path needs 2.12 (Linux 3.8) or "
			"later", hdr.version >> 8, hdr.version & 0xff);
		return -ENOEXEC;
	}
	if (!(hdr.loadflags & LOADED_HIGH)) {
		why_set(why, "this is an old zImage, not a bzImage");
		return -ENOEXEC;
	}
	if (!(hdr.xloadflags & XLF_KERNEL_64)) {
		why_set(why, "this is a 32-bit x86 kernel: it has no 64-bit "
			"entry point");
		return -ENOEXEC;
	}
	if (!hdr.init_size || hdr.init_size > SZ_1G) {
		why_set(why, "corrupt bzImage: it asks for %" PRIu32 " bytes "
			"to start in", hdr.init_size);
		return -ENOEXEC;
	}
	if (hdr.kernel_alignment < 4096 || hdr.kernel_alignment > SZ_1G ||
	    (hdr.kernel_alignment & (hdr.kernel_alignment - 1))) {
		why_set(why, "corrupt bzImage: its alignment (%#" PRIx32 ") "
			"is not a power of two between 4 KiB and 1 GiB",
			hdr.kernel_alignment);
		return -ENOEXEC;
	}
	setup_bytes = ((uint64_t)(hdr.setup_sects ? hdr.setup_sects : 4) + 1)
		      * 512;
	if (len <= setup_bytes + STARTUP_64) {
		why_set(why, "truncated bzImage: %zu bytes, but its setup "
			"code alone is %" PRIu64, len, setup_bytes);
		return -ENOEXEC;
	}
	pm_len = len - setup_bytes;
	xk->pm_offset = setup_bytes;
	xk->init_size = hdr.init_size;
	xk->pref_address = hdr.pref_address;
	xk->cmdline_size = hdr.cmdline_size;
	/* initrd_addr_max is the last byte the initrd may occupy */
	xk->initrd_max = (uint64_t)hdr.initrd_addr_max + 1;
	xk->relocatable = hdr.relocatable_kernel;
	kl->n = 1;
	kl->part[0].buf = buf + setup_bytes;
	kl->part[0].bufsz = pm_len;
	kl->part[0].memsz = MAX(pm_len, (uint64_t)hdr.init_size);
	if (hdr.relocatable_kernel) {
		/*
		 * startup_64 decompresses at the load address rounded up to
		 * kernel_alignment, and at no less than its own
		 * LOAD_PHYSICAL_ADDR (pref_address): loaded there, the
		 * kernel stays inside the init_size we reserve for it.
		 */
		kl->align = hdr.kernel_alignment;
		kl->min = hdr.pref_address;
	} else {
		kl->fixed = true;
		kl->part[0].paddr = hdr.pref_address;
		kl->entry = hdr.pref_address;
		if (hdr.pref_address & 4095) {
			why_set(why, "corrupt bzImage: it must be loaded at "
				"%#" PRIx64 ", which is not page aligned",
				(uint64_t)hdr.pref_address);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* ---- the e820 map ------------------------------------------------------ */

/* The names the kernel gives e820 types (e820_type_to_string). */
static const struct {
	const char *name;
	uint32_t type;
} e820_names[] = {
	{ "System RAM", 1 },
	{ "Reserved", 2 },
	{ "reserved", 2 },
	{ "ACPI Tables", 3 },
	{ "ACPI Non-volatile Storage", 4 },
	{ "Unusable memory", 5 },
	{ "Persistent Memory (legacy)", 12 },
	{ "Persistent Memory", 7 },
	{ "Soft Reserved", 0xefffffff },
};

/* 0 when the name is not an e820 type (PCI windows, ROMs in /proc/iomem) */
static uint32_t e820_type_of(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(e820_names); i++)
		if (!strcmp(name, e820_names[i].name))
			return e820_names[i].type;
	return 0;
}

#define E820_LIST_MAX	65536	/* entries: far more than firmware gives */

struct e820_list {
	struct boot_e820_entry *e;
	size_t n, cap;
};

static int list_add(struct e820_list *l, uint64_t start, uint64_t end,
		    uint32_t type)
{
	struct boot_e820_entry *e;

	if (end < start)
		return -EINVAL;
	if (l->n >= E820_LIST_MAX)
		return -E2BIG;
	if (ARRAY_RESERVE(l->e, l->cap, l->n + 1))
		return -ENOMEM;
	e = &l->e[l->n++];
	e->addr = start;
	e->size = end - start + 1;
	e->type = type;
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct boot_e820_entry *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return 0;
}

/* Sort, join neighbours of one type, and fit the zero page's table. */
static int list_finish(struct e820_list *l, struct x86_e820 *out,
		       const char *from, struct why *why)
{
	size_t i, n = 0;

	if (!l->n) {
		why_set(why, "%s holds no memory map", from);
		return -ENOENT;
	}
	qsort(l->e, l->n, sizeof(*l->e), by_addr);
	for (i = 0; i < l->n; i++) {
		struct boot_e820_entry *prev = n ? &l->e[n - 1] : NULL;

		if (prev && prev->type == l->e[i].type &&
		    prev->addr + prev->size >= l->e[i].addr) {
			uint64_t end = MAX(prev->addr + prev->size,
					   l->e[i].addr + l->e[i].size);

			prev->size = end - prev->addr;
			continue;
		}
		l->e[n++] = l->e[i];
	}
	if (n > ARRAY_SIZE(out->e)) {
		why_set(why, "the memory map in %s has %zu ranges; the x86 "
			"boot protocol passes at most %zu", from, n,
			ARRAY_SIZE(out->e));
		return -E2BIG;
	}
	memcpy(out->e, l->e, n * sizeof(*l->e));
	out->n = n;
	return 0;
}

static int read_hex(int dirfd, const char *name, uint64_t *v)
{
	char buf[32], *end;
	int ret;

	ret = read_first_line(dirfd, name, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*v = strtoull(buf, &end, 16);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

/* One /sys/firmware/memmap/N folder: start, end (inclusive), type. */
static int memmap_entry(int dirfd, const char *name, struct e820_list *l)
{
	uint64_t start, end;
	char type[64];
	uint32_t t;
	int fd, ret;

	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_hex(fd, "start", &start);
	if (!ret)
		ret = read_hex(fd, "end", &end);
	if (!ret)
		ret = read_first_line(fd, "type", type, sizeof(type));
	close(fd);
	if (ret)
		return ret;
	t = e820_type_of(type);
	return list_add(l, start, end, t ? t : 2);	/* unknown: reserved */
}

static int from_memmap(const char *dir, struct e820_list *l)
{
	struct dirent *d;
	DIR *dp;
	int ret = 0;

	dp = opendir(dir);
	if (!dp)
		return -errno;
	while (!ret && (d = readdir(dp))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		ret = memmap_entry(dirfd(dp), d->d_name, l);
	}
	closedir(dp);
	return ret;
}

static int from_iomem(const struct iomem *io, struct e820_list *l)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < io->n; i++) {
		uint32_t t = e820_type_of(io->e[i].name);

		if (!io->e[i].depth && t)
			ret = list_add(l, io->e[i].start, io->e[i].end, t);
	}
	return ret;
}

int x86_e820_read(const char *firmware, const struct iomem *io,
		  struct x86_e820 *out, struct why *why)
{
	struct e820_list l = { 0 };
	char dir[512];
	const char *from = dir;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(dir, sizeof(dir), "%s/memmap",
		 firmware ? firmware : "/sys/firmware");
	ret = from_memmap(dir, &l);
	if (ret == -ENOENT || (!ret && !l.n)) {
		/* no CONFIG_FIRMWARE_MEMMAP: what the kernel kept of it */
		from = "iomem";
		l.n = 0;
		ret = from_iomem(io, &l);
	} else if (ret) {
		why_set(why, "cannot read the firmware's memory map in %s: %s",
			dir, strerror(-ret));
		free(l.e);
		return ret;
	}
	if (!ret)
		ret = list_finish(&l, out, from, why);
	else
		why_set(why, "cannot build the memory map: %s",
			strerror(-ret));
	free(l.e);
	return ret;
}

/* ---- firmware tables and the console ----------------------------------- */

uint64_t x86_acpi_rsdp(const char *firmware)
{
	uint64_t acpi = 0, acpi20 = 0;
	char path[512], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/efi/systab",
		 firmware ? firmware : "/sys/firmware");
	f = fopen(path, "re");
	if (!f)
		return 0;	/* BIOS: the kernel finds it in low memory */
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "ACPI20=", 7))
			acpi20 = strtoull(line + 7, NULL, 0);
		else if (!strncmp(line, "ACPI=", 5))
			acpi = strtoull(line + 5, NULL, 0);
	}
	fclose(f);
	return acpi20 ? acpi20 : acpi;
}

/*
 * What the kernel's vgacon expects of a text console, then, when fbdev is
 * a firmware frame buffer (efifb, vesafb, simplefb), its mode, so that
 * the new kernel's console keeps drawing on it.
 */
void x86_screen_info(struct screen_info *si, const char *fbdev, bool efi)
{
	struct fb_fix_screeninfo fix;
	struct fb_var_screeninfo var;
	int fd;

	memset(si, 0, sizeof(*si));
	si->orig_video_cols = 80;
	si->orig_video_lines = 25;
	si->orig_video_isVGA = 1;
	si->orig_video_points = 16;
	if (!fbdev)
		return;
	fd = open(fbdev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (ioctl(fd, FBIOGET_FSCREENINFO, &fix) ||
	    ioctl(fd, FBIOGET_VSCREENINFO, &var))
		goto out;
	if (!strcmp(fix.id, "EFI VGA"))
		si->orig_video_isVGA = VIDEO_TYPE_EFI;
	else if (!strcmp(fix.id, "VESA VGA"))
		si->orig_video_isVGA = VIDEO_TYPE_VLFB;
	else if (!strcmp(fix.id, "simple"))
		si->orig_video_isVGA = efi ? VIDEO_TYPE_EFI : VIDEO_TYPE_VLFB;
	else
		goto out;	/* a driver's own: the new kernel brings it */
	si->lfb_width = (uint16_t)var.xres;
	si->lfb_height = (uint16_t)var.yres;
	si->lfb_depth = (uint16_t)var.bits_per_pixel;
	si->lfb_base = (uint32_t)fix.smem_start;
	si->ext_lfb_base = (uint32_t)((uint64_t)fix.smem_start >> 32);
	if (si->ext_lfb_base)
		si->capabilities |= VIDEO_CAPABILITY_64BIT_BASE;
	si->lfb_size = fix.smem_len;
	si->lfb_linelength = (uint16_t)fix.line_length;
	si->red_size = (uint8_t)var.red.length;
	si->red_pos = (uint8_t)var.red.offset;
	si->green_size = (uint8_t)var.green.length;
	si->green_pos = (uint8_t)var.green.offset;
	si->blue_size = (uint8_t)var.blue.length;
	si->blue_pos = (uint8_t)var.blue.offset;
	si->rsvd_size = (uint8_t)var.transp.length;
	si->rsvd_pos = (uint8_t)var.transp.offset;
out:
	close(fd);
}

/* ---- the zero page ----------------------------------------------------- */

/* KiB of RAM from 1 MiB up to the first hole, for pre-e820 fields. */
static uint32_t mem_above_1m_k(const struct x86_e820 *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct boot_e820_entry *e = &m->e[i];
		uint64_t end = e->addr + e->size;

		if (e->type == 1 && e->addr <= SZ_1M && end > SZ_1M)
			return (uint32_t)MIN((end - SZ_1M) >> 10, UINT32_MAX);
	}
	return 0;
}

int x86_boot_params(struct boot_params *bp, const struct x86_params *p,
		    struct why *why)
{
	size_t hdr_end, n;

	memset(bp, 0, sizeof(*bp));
	if (p->kernel_len < HDR_JUMP + 2) {
		why_set(why, "truncated bzImage: the setup header is cut off");
		return -ENOEXEC;
	}
	/* the header ends where the jump at 0x200 lands */
	hdr_end = HDR_JUMP + 2 + p->kernel[HDR_JUMP + 1];
	n = MIN(hdr_end - HDR_OFFSET, sizeof(bp->hdr));
	n = MIN(n, p->kernel_len - HDR_OFFSET);
	memcpy(&bp->hdr, p->kernel + HDR_OFFSET, n);

	bp->hdr.type_of_loader = LOADER_UNDEFINED;
	bp->hdr.setup_data = 0;
	bp->hdr.cmd_line_ptr = (uint32_t)p->cmdline_mem;
	bp->ext_cmd_line_ptr = (uint32_t)(p->cmdline_mem >> 32);
	if (p->initrd_len) {
		bp->hdr.ramdisk_image = (uint32_t)p->initrd_mem;
		bp->ext_ramdisk_image = (uint32_t)(p->initrd_mem >> 32);
		bp->hdr.ramdisk_size = (uint32_t)p->initrd_len;
		bp->ext_ramdisk_size = (uint32_t)(p->initrd_len >> 32);
	}
	if (p->screen)
		bp->screen_info = *p->screen;
	bp->alt_mem_k = mem_above_1m_k(p->e820);
	bp->screen_info.ext_mem_k = (uint16_t)MIN(bp->alt_mem_k, 0xfc00);
	bp->acpi_rsdp_addr = p->acpi_rsdp;
	memcpy(bp->e820_table, p->e820->e, p->e820->n * sizeof(p->e820->e[0]));
	bp->e820_entries = (uint8_t)p->e820->n;
	return 0;
}

/* ---- the entry stub (x86-stub.S) --------------------------------------- */

extern const uint8_t x86_stub_start[], x86_stub_end[];
extern const uint8_t x86_stub_params[], x86_stub_entry[];

size_t x86_stub_size(void)
{
	return (size_t)(x86_stub_end - x86_stub_start);
}

void x86_stub_build(uint8_t *out, uint64_t params, uint64_t kernel)
{
	uint64_t entry = kernel + STARTUP_64;

	memcpy(out, x86_stub_start, x86_stub_size());
	memcpy(out + (x86_stub_params - x86_stub_start), &params,
	       sizeof(params));
	memcpy(out + (x86_stub_entry - x86_stub_start), &entry,
	       sizeof(entry));
}
