/*
 * elf.c: the loadable segments and physical entry point of an ELF kernel
 * (vmlinux), read with libelf, for kexec_load(2).
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>

#include "loader/loader-internal.h"

/* The physical address of a virtual one, through the PT_LOAD holding it. */
static int entry_paddr(const GElf_Phdr *ph, size_t n, uint64_t entry,
		       uint64_t *paddr)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (entry >= ph[i].p_vaddr &&
		    entry - ph[i].p_vaddr < ph[i].p_memsz) {
			*paddr = ph[i].p_paddr + (entry - ph[i].p_vaddr);
			return 0;
		}
		/* some kernels give a physical entry point */
		if (entry >= ph[i].p_paddr &&
		    entry - ph[i].p_paddr < ph[i].p_memsz) {
			*paddr = entry;
			return 0;
		}
	}
	return -ENOEXEC;
}

static int add_part(struct kernel_layout *kl, const GElf_Phdr *ph,
		    const uint8_t *buf, size_t len, struct why *why)
{
	struct kernel_part *p;

	if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset ||
	    ph->p_filesz > ph->p_memsz) {
		why_set(why, "corrupt ELF kernel: a segment lies outside the "
			"file");
		return -ENOEXEC;
	}
	if (kl->n == KERNEL_PARTS_MAX) {
		why_set(why, "the ELF kernel has more than %d segments",
			KERNEL_PARTS_MAX);
		return -E2BIG;
	}
	p = &kl->part[kl->n++];
	p->buf = buf + ph->p_offset;
	p->bufsz = ph->p_filesz;
	p->memsz = ph->p_memsz;
	p->paddr = ph->p_paddr;
	return 0;
}

static int read_phdrs(Elf *elf, const uint8_t *buf, size_t len,
		      struct kernel_layout *kl, struct why *why)
{
	GElf_Phdr ph[KERNEL_PARTS_MAX];
	GElf_Ehdr eh;
	size_t i, nph, nload = 0;
	int ret;

	if (!gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &nph)) {
		why_set(why, "corrupt ELF kernel: %s", elf_errmsg(-1));
		return -ENOEXEC;
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		why_set(why, "this ELF file is not an executable kernel");
		return -ENOEXEC;
	}
	for (i = 0; i < nph; i++) {
		GElf_Phdr p;

		if (!gelf_getphdr(elf, (int)i, &p)) {
			why_set(why, "corrupt ELF kernel: %s", elf_errmsg(-1));
			return -ENOEXEC;
		}
		if (p.p_type != PT_LOAD || !p.p_memsz)
			continue;
		ret = add_part(kl, &p, buf, len, why);
		if (ret)
			return ret;
		ph[nload++] = p;
	}
	if (!nload) {
		why_set(why, "the ELF kernel has nothing to load");
		return -ENOEXEC;
	}
	if (entry_paddr(ph, nload, eh.e_entry, &kl->entry)) {
		why_set(why, "the ELF kernel's entry point %#llx is in none "
			"of its segments", (unsigned long long)eh.e_entry);
		return -ENOEXEC;
	}
	return 0;
}

int elf_layout(const void *buf, size_t len, struct kernel_layout *kl,
	       struct why *why)
{
	Elf *elf;
	int ret;

	memset(kl, 0, sizeof(*kl));
	kl->fixed = true;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		why_set(why, "libelf is unusable: %s", elf_errmsg(-1));
		return -ENOEXEC;
	}
	elf = elf_memory((char *)buf, len);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		why_set(why, "corrupt ELF kernel: %s", elf_errmsg(-1));
		if (elf)
			elf_end(elf);
		return -ENOEXEC;
	}
	ret = read_phdrs(elf, buf, len, kl, why);
	elf_end(elf);
	return ret;
}
