/*
 * fdt.c: the device tree handed to the next kernel, built with libfdt: a
 * named DTB or the running tree, overlays applied in order, then /chosen
 * (bootargs, initrd, seeds, carried-over EFI and console properties) and a
 * memory node made sure of.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/util.h"
#include "loader/loader-internal.h"

#define FDT_SLACK (64u << 10)

/* /chosen properties worth keeping from the running tree. */
static const char *const carried_props[] = {
	"linux,uefi-system-table", "linux,uefi-mmap-start",
	"linux,uefi-mmap-size", "linux,uefi-mmap-desc-size",
	"linux,uefi-mmap-desc-ver",
};

/* /chosen properties only a crash kernel or the previous boot may have. */
static const char *const stale_props[] = {
	"linux,elfcorehdr", "linux,usable-memory-range",
	"linux,initrd-start", "linux,initrd-end", "linux,kho-fdt",
	"linux,kho-scratch",
};

/* libfdt errors as errno values: the loader's callers speak errno. */
static int fdt_errno(int err)
{
	switch (err) {
	case -FDT_ERR_NOTFOUND:
	case -FDT_ERR_BADPATH:
	case -FDT_ERR_BADPHANDLE:
		return -ENOENT;
	case -FDT_ERR_NOSPACE:
		return -ENOSPC;
	default:
		return -EINVAL;
	}
}

static int check_blob(const struct blob *b, const char *what,
		      struct why *why)
{
	int err;

	if (b->len < sizeof(struct fdt_header)) {
		why_set(why, "%s %s is not a device tree (%zu bytes)", what,
			b->name, b->len);
		return -EINVAL;
	}
	/*
	 * libfdt 1.6's fdt_check_full() reads through a NULL name in trees
	 * of the formats before 16 (found by fuzz-fdt); dtc has written
	 * format 17 since 2007, and the kernel wants no older.
	 */
	if (fdt_magic(b->buf) == FDT_MAGIC && fdt_version(b->buf) < 17) {
		why_set(why, "%s %s is in device tree format %u; baton reads "
			"17", what, b->name, fdt_version(b->buf));
		return -EINVAL;
	}
	err = fdt_check_full(b->buf, b->len);
	if (err) {
		why_set(why, "%s %s is not a valid device tree: %s", what,
			b->name, fdt_strerror(err));
		return -EINVAL;
	}
	return 0;
}

static int apply_overlay(void *fdt, const struct blob *ov, struct why *why)
{
	void *copy;
	int err, ret;

	ret = check_blob(ov, "overlay", why);
	if (ret)
		return ret;
	/* fdt_overlay_apply consumes the overlay: work on a copy */
	copy = malloc(ov->len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, ov->buf, ov->len);
	err = fdt_overlay_apply(fdt, copy);
	free(copy);
	if (!err)
		return 0;
	if (err == -FDT_ERR_NOTFOUND)
		why_set(why, "overlay %s refers to a node or label the device "
			"tree does not have (was the tree compiled with -@?)",
			ov->name);
	else
		why_set(why, "overlay %s cannot be applied: %s", ov->name,
			fdt_strerror(err));
	return fdt_errno(err);
}

static int chosen_offset(void *fdt)
{
	int off = fdt_path_offset(fdt, "/chosen");

	if (off == -FDT_ERR_NOTFOUND)
		off = fdt_add_subnode(fdt, 0, "chosen");
	return off;
}

static int delprop(void *fdt, int node, const char *name)
{
	int err = fdt_delprop(fdt, node, name);

	return err == -FDT_ERR_NOTFOUND ? 0 : err;
}

/* Copy a /chosen property of the running tree if fdt lacks it. */
static int carry_prop(void *fdt, int chosen, const void *running,
		      const char *name)
{
	const void *val;
	int rchosen, len;

	if (fdt_getprop(fdt, chosen, name, NULL))
		return 0;
	rchosen = fdt_path_offset(running, "/chosen");
	if (rchosen < 0)
		return 0;
	val = fdt_getprop(running, rchosen, name, &len);
	if (!val)
		return 0;
	return fdt_setprop(fdt, chosen, name, val, len);
}

/* stdout-path from the running tree, if it names a node fdt has too. */
static int carry_stdout(void *fdt, int chosen, const void *running)
{
	const char *path;
	int rchosen, len;

	if (fdt_getprop(fdt, chosen, "stdout-path", NULL) ||
	    fdt_getprop(fdt, chosen, "linux,stdout-path", NULL))
		return 0;
	rchosen = fdt_path_offset(running, "/chosen");
	if (rchosen < 0)
		return 0;
	path = fdt_getprop(running, rchosen, "stdout-path", &len);
	if (!path || len < 2 || path[len - 1])
		return 0;
	if (fdt_path_offset_namelen(fdt, path, (int)strcspn(path, ":")) < 0)
		return 0;	/* another board: its console is elsewhere */
	return fdt_setprop(fdt, chosen, "stdout-path", path, len);
}

static int set_chosen(void *fdt, const struct fdt_params *p)
{
	int chosen, err = 0;
	size_t i;

	chosen = chosen_offset(fdt);
	if (chosen < 0)
		return chosen;
	for (i = 0; !err && i < ARRAY_SIZE(stale_props); i++)
		err = delprop(fdt, chosen, stale_props[i]);
	if (!err && p->bootargs && *p->bootargs)
		err = fdt_setprop_string(fdt, chosen, "bootargs", p->bootargs);
	else if (!err)
		err = delprop(fdt, chosen, "bootargs");
	if (!err && p->initrd)	/* placeholders, filled by fdt_set_initrd */
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", 0);
	if (!err && p->initrd)
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", 0);
	if (!err && p->rng_seed_len)
		err = fdt_setprop(fdt, chosen, "rng-seed", p->rng_seed,
				  (int)p->rng_seed_len);
	if (!err && p->kaslr)
		err = fdt_setprop_u64(fdt, chosen, "kaslr-seed",
				      p->kaslr_seed);
	for (i = 0; !err && p->running.buf && i < ARRAY_SIZE(carried_props);
	     i++)
		err = carry_prop(fdt, chosen, p->running.buf,
				 carried_props[i]);
	if (!err && p->running.buf)
		err = carry_stdout(fdt, chosen, p->running.buf);
	return err;
}

/* ---- memory node ------------------------------------------------------- */

static uint64_t read_cells(const fdt32_t *c, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(c[i]);
	return v;
}

/*
 * Add the reg ranges of every memory node of fdt to m (m NULL: just
 * count). Returns how many ranges have a non-zero size, or -errno.
 */
static int memory_ranges(const void *fdt, struct mem_map *m)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	int node, len, count = 0;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -EINVAL;
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
					     "memory", sizeof("memory"));
	for (; node >= 0; node = fdt_node_offset_by_prop_value(fdt, node,
			"device_type", "memory", sizeof("memory"))) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		int i, step = (ac + sc) * 4;

		for (i = 0; reg && i + step <= len; i += step) {
			const fdt32_t *c = reg + i / 4;
			uint64_t start = read_cells(c, ac);
			uint64_t size = read_cells(c + ac, sc);

			if (!size || start > UINT64_MAX - size)
				continue;
			count++;
			if (m && mem_map_add(m, start, start + size))
				return -ENOMEM;
		}
	}
	return count;
}

static void put_cells(fdt32_t *c, int n, uint64_t v)
{
	if (n == 2)
		*c++ = cpu_to_fdt32((uint32_t)(v >> 32));
	*c = cpu_to_fdt32((uint32_t)v);
}

/* Encode m as reg cells; ranges a single cell cannot hold are split. */
static int encode_reg(const struct mem_map *m, int ac, int sc, fdt32_t **out,
		      int *out_len)
{
	uint64_t chunk = sc == 1 ? 0x80000000ull : UINT64_MAX;
	size_t i, n = 0, cap = 0;
	fdt32_t *reg = NULL;

	for (i = 0; i < m->n; i++) {
		uint64_t a = m->r[i].start, end = m->r[i].end;

		while (a < end && (ac == 2 || end <= (1ull << 32))) {
			uint64_t size = MIN(end - a, chunk);

			if (ARRAY_RESERVE(reg, cap, n + (size_t)(ac + sc))) {
				free(reg);
				return -ENOMEM;
			}
			put_cells(reg + n, ac, a);
			put_cells(reg + n + ac, sc, size);
			n += (size_t)(ac + sc);
			a += size;
		}
	}
	*out = reg;
	*out_len = (int)(n * sizeof(*reg));
	return n ? 0 : -ENOENT;
}

static int add_memory_node(void *fdt, uint64_t start)
{
	char name[32];
	int node, err;

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)start);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "device_type", "memory");
	return err ? err : node;
}

static int write_memory_node(void *fdt, const struct mem_map *m)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	fdt32_t *reg;
	int node, len, err;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -EINVAL;
	err = encode_reg(m, ac, sc, &reg, &len);
	if (err)
		return err;
	/* reuse an empty placeholder node (U-Boot fills one in) */
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
					     "memory", sizeof("memory"));
	if (node == -FDT_ERR_NOTFOUND)
		node = add_memory_node(fdt, m->r[0].start);
	err = node < 0 ? node : fdt_setprop(fdt, node, "reg", reg, len);
	free(reg);
	return err ? fdt_errno(err) : 0;
}

static int ensure_memory(void *fdt, const struct fdt_params *p,
			 struct why *why)
{
	struct mem_map m = { 0 };
	int ret;

	ret = memory_ranges(fdt, NULL);
	if (ret > 0)
		return 0;
	if (p->running.buf && memory_ranges(p->running.buf, &m) < 0)
		mem_map_free(&m);
	if (!m.n && p->ram)
		ret = mem_map_copy(&m, p->ram);
	if (!m.n) {
		why_set(why, "the device tree has no memory node, and neither "
			"the running tree nor /proc/iomem gives one");
		mem_map_free(&m);
		return ret == -ENOMEM ? ret : -ENOENT;
	}
	ret = write_memory_node(fdt, &m);
	mem_map_free(&m);
	if (ret)
		why_set(why, "cannot add a memory node to the device tree");
	return ret;
}

/* ---- the whole build --------------------------------------------------- */

static size_t work_size(const struct blob *base, const struct blob *ov,
			size_t n, const struct fdt_params *p)
{
	size_t size = fdt_totalsize(base->buf) + FDT_SLACK, i;

	for (i = 0; i < n; i++)
		size += 2 * ov[i].len;
	if (p->bootargs)
		size += strlen(p->bootargs);
	if (p->ram)
		size += p->ram->n * 32;
	return size;
}

int fdt_build(const struct blob *base, const struct blob *overlays,
	      size_t n_overlays, const struct fdt_params *p, void **out,
	      size_t *out_len, struct why *why)
{
	size_t size, i;
	void *fdt;
	int err, ret;

	ret = check_blob(base, "device tree", why);
	if (ret)
		return ret;
	if (p->running.buf && fdt_check_full(p->running.buf, p->running.len)) {
		why_set(why, "the running device tree is corrupt");
		return -EINVAL;
	}
	size = work_size(base, overlays, n_overlays, p);
	fdt = malloc(size);
	if (!fdt)
		return -ENOMEM;
	err = fdt_open_into(base->buf, fdt, (int)size);
	for (i = 0; !err && !ret && i < n_overlays; i++)
		ret = apply_overlay(fdt, &overlays[i], why);
	if (!err && !ret)
		err = set_chosen(fdt, p);
	if (!err && !ret)
		ret = ensure_memory(fdt, p, why);
	if (!err && !ret)
		err = fdt_pack(fdt);
	if (err) {
		why_set(why, "cannot patch device tree %s: %s", base->name,
			fdt_strerror(err));
		ret = fdt_errno(err);
	}
	if (!ret && fdt_totalsize(fdt) > FDT_MAX_SIZE) {
		why_set(why, "the device tree is larger than 2 MiB");
		ret = -EFBIG;
	}
	if (ret) {
		free(fdt);
		return ret;
	}
	*out = fdt;
	*out_len = fdt_totalsize(fdt);
	return 0;
}

int fdt_set_initrd(void *fdt, uint64_t start, uint64_t end)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	if (chosen < 0 ||
	    fdt_setprop_inplace_u64(fdt, chosen, "linux,initrd-start", start) ||
	    fdt_setprop_inplace_u64(fdt, chosen, "linux,initrd-end", end))
		return -EINVAL;
	return 0;
}
