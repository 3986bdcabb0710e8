/*
 * iomem.c: the physical memory map from /proc/iomem, and from it the RAM a
 * new kernel may be loaded into (System RAM, minus what is reserved in it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/fdio.h"
#include "lib/util.h"
#include "loader/loader-internal.h"

#define IOMEM_MAX_BYTES (4u << 20)
#define IOMEM_MAX_DEPTH 32

static const char *parse_hex(const char *p, const char *end, uint64_t *v)
{
	const char *start = p;
	uint64_t x = 0;

	for (; p < end; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (x >> 60)
			return NULL;	/* more than 64 bits */
		x = x << 4 | (uint64_t)d;
	}
	if (p == start)
		return NULL;
	*v = x;
	return p;
}

/* One line: "<2*depth spaces><start>-<end> : <name>" */
static int parse_line(const char *p, const char *end, struct iomem_entry *e)
{
	unsigned int spaces = 0;
	size_t n;

	while (p < end && *p == ' ') {
		p++;
		spaces++;
	}
	e->depth = spaces / 2;
	p = parse_hex(p, end, &e->start);
	if (!p || p >= end || *p != '-')
		return -EINVAL;
	p = parse_hex(p + 1, end, &e->end);
	if (!p || end - p < 3 || memcmp(p, " : ", 3))
		return -EINVAL;
	if (e->end < e->start || e->depth > IOMEM_MAX_DEPTH)
		return -EINVAL;
	p += 3;
	n = MIN((size_t)(end - p), sizeof(e->name) - 1);
	memcpy(e->name, p, n);
	e->name[n] = '\0';
	return 0;
}

int iomem_parse(const char *text, size_t len, struct iomem *io,
		struct why *why)
{
	const char *p = text, *end = text + len;
	size_t cap = 0, line = 0;

	memset(io, 0, sizeof(*io));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		line++;
		if (eol > p) {
			if (ARRAY_RESERVE(io->e, cap, io->n + 1)) {
				iomem_free(io);
				return -ENOMEM;
			}
			if (parse_line(p, eol, &io->e[io->n])) {
				why_set(why, "the memory map is malformed at "
					"line %zu", line);
				iomem_free(io);
				return -EINVAL;
			}
			io->n++;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int iomem_read(const char *path, struct iomem *io, struct why *why)
{
	char *buf;
	size_t len = 0;
	int fd, ret;

	memset(io, 0, sizeof(*io));
	path = path ? path : "/proc/iomem";
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		why_set(why, "cannot open %s: %s", path, strerror(-ret));
		return ret;
	}
	buf = malloc(IOMEM_MAX_BYTES);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	/* /proc files must be read with read(), not sized with fstat */
	ret = fd_read_full(fd, buf, IOMEM_MAX_BYTES, &len);
	if (ret) {
		why_set(why, "cannot read %s: %s", path, strerror(-ret));
		goto out;
	}
	ret = iomem_parse(buf, len, io, why);
out:
	free(buf);
	close(fd);
	return ret;
}

void iomem_free(struct iomem *io)
{
	if (!io)
		return;
	free(io->e);
	memset(io, 0, sizeof(*io));
}

static bool is_ram(const struct iomem_entry *e)
{
	return !strcmp(e->name, "System RAM");
}

/* The running kernel's own sections: kexec may overwrite them at reboot. */
static bool is_kernel_section(const struct iomem_entry *e)
{
	return !strcmp(e->name, "Kernel code") ||
	       !strcmp(e->name, "Kernel rodata") ||
	       !strcmp(e->name, "Kernel data") ||
	       !strcmp(e->name, "Kernel bss");
}

/* [start, end] inclusive to [start, end) without overflowing. */
static uint64_t end_exclusive(uint64_t end)
{
	return end == UINT64_MAX ? UINT64_MAX : end + 1;
}

int iomem_ram(const struct iomem *io, struct mem_map *ram)
{
	size_t i;
	int ret;

	memset(ram, 0, sizeof(*ram));
	for (i = 0; i < io->n; i++) {
		if (!is_ram(&io->e[i]))
			continue;
		ret = mem_map_add(ram, io->e[i].start,
				  end_exclusive(io->e[i].end));
		if (ret) {
			mem_map_free(ram);
			return ret;
		}
	}
	return ram->n ? 0 : -ENOENT;
}

/* Entries that contain a System RAM entry (its parents) are kept. */
static void mark_ram_ancestors(const struct iomem *io, bool *keep)
{
	size_t stack[IOMEM_MAX_DEPTH + 1];
	size_t i, d, k;

	for (k = 0; k <= IOMEM_MAX_DEPTH; k++)
		stack[k] = SIZE_MAX;
	for (i = 0; i < io->n; i++) {
		d = io->e[i].depth;
		for (k = d; k <= IOMEM_MAX_DEPTH; k++)
			stack[k] = SIZE_MAX;	/* a skipped level has no parent */
		stack[d] = i;
		if (!is_ram(&io->e[i]))
			continue;
		while (d-- > 0)
			if (stack[d] != SIZE_MAX)
				keep[stack[d]] = true;
	}
}

int iomem_usable(const struct iomem *io, struct mem_map *usable)
{
	bool *keep = NULL, nonzero = false;
	size_t i;
	int ret;

	ret = iomem_ram(io, usable);
	if (ret)
		return ret;
	for (i = 0; i < io->n; i++)
		nonzero |= io->e[i].start || io->e[i].end;
	if (!nonzero) {
		ret = -EPERM;	/* the kernel hides addresses from non-root */
		goto out;
	}
	keep = calloc(io->n, sizeof(*keep));
	if (!keep) {
		ret = -ENOMEM;
		goto out;
	}
	mark_ram_ancestors(io, keep);
	for (i = 0; i < io->n; i++) {
		const struct iomem_entry *e = &io->e[i];

		if (keep[i] || is_ram(e) || is_kernel_section(e))
			continue;
		ret = mem_map_remove(usable, e->start, end_exclusive(e->end));
		if (ret)
			goto out;
	}
	ret = usable->n ? 0 : -ENOENT;
out:
	free(keep);
	if (ret)
		mem_map_free(usable);
	return ret;
}
