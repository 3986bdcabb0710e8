/*
 * cmd-boot.c: the loader commands, recorded while a menu entry runs:
 * linux/linuxefi/linux16 (a new kernel drops the initrds), initrd and its
 * variants (need a kernel first; the last call wins), devicetree,
 * multiboot/multiboot2 with module/module2, and the loaders baton cannot
 * use (chainloader, kfreebsd, ntldr ...). Outside an entry they do nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/grub2/grub2-internal.h"

/* The bytes GRUB's loader command line puts a '\\' before. */
static const bool cmdline_escaped[256] = {
	['\\'] = true, ['\''] = true, ['"'] = true,
};

/* Measured first, then written: one allocation of the exact size. */
char *g2_loader_cmdline(int argc, char **argv)
{
	const unsigned char *c;
	size_t len = 0;
	bool space;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++) {
		len += (i > 0) + (strchr(argv[i], ' ') ? 2 : 0);
		for (c = (const unsigned char *)argv[i]; *c; c++)
			len += 1 + cmdline_escaped[*c];
	}
	s = p = malloc(len + 1);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		space = strchr(argv[i], ' ') != NULL;
		if (i)
			*p++ = ' ';
		if (space)
			*p++ = '"';
		for (c = (const unsigned char *)argv[i]; *c; c++) {
			if (cmdline_escaped[*c])
				*p++ = '\\';
			*p++ = *c;
		}
		if (space)
			*p++ = '"';
	}
	*p = '\0';
	return s;
}

static void module_free(void *p)
{
	struct boot_module *m = p;

	boot_file_free(m->file);
	free(m->cmdline);
	free(m);
}

static void file_free(void *p)
{
	boot_file_free(p);
}

void g2_boot_clear_loader(struct g2_boot *b)
{
	boot_file_free(b->kernel);
	b->kernel = NULL;
	free(b->cmdline);
	b->cmdline = NULL;
	vec_free(&b->initrds, file_free);
	vec_free(&b->modules, module_free);
	b->loader = G2L_NONE;
}

void g2_boot_release(struct g2_boot *b)
{
	g2_boot_clear_loader(b);
	boot_file_free(b->dtb);
	b->dtb = NULL;
	free(b->note);
	b->note = NULL;
}

/* The file a loader command names; NULL (status in *st) when it fails. */
static struct boot_file *loader_file(struct g2_interp *in, const char *s,
				     int *st)
{
	struct boot_file *f;
	int err;

	f = g2_file(in, s, &err, &in->boot->note);
	if (!f)
		*st = err == -ENOMEM ? err : G2_FAIL;
	if (err == -EINVAL)
		g2_warn(in, "%.80s: not an absolute path", s);
	return f;
}

/*
 * The entry's kernel: the file argv[0] started by loader with the command
 * line of the argc - 1 words after it. Returns G2_OK, the status of a
 * file that cannot be named, or -ENOMEM.
 */
static int set_kernel(struct g2_interp *in, enum g2_loader loader, int argc,
		      char **argv)
{
	struct boot_file *f;
	char *cmdline;
	int st = G2_OK;

	f = loader_file(in, argv[0], &st);
	if (!f)
		return st;
	cmdline = g2_loader_cmdline(argc - 1, argv + 1);
	if (!cmdline) {
		boot_file_free(f);
		return -ENOMEM;
	}
	g2_boot_clear_loader(in->boot);
	in->boot->loader = loader;
	in->boot->kernel = f;
	in->boot->cmdline = cmdline;
	return G2_OK;
}

int g2_cmd_linux(struct g2_interp *in, int argc, char **argv,
		 const struct g2_cmdctx *cc)
{
	if (!in->boot)
		return G2_OK;
	if (argc < 2)
		return G2_FAIL;
	return set_kernel(in, G2L_LINUX, argc - 1, argv + 1);
}

int g2_cmd_initrd(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	struct vec files = { 0 };
	struct boot_file *f;
	const char *name;
	int i, st = G2_OK;

	if (!in->boot)
		return G2_OK;
	if (in->boot->loader != G2L_LINUX || argc < 2)
		return G2_FAIL;
	for (i = 1; i < argc && st == G2_OK; i++) {
		name = argv[i];
		/* newc:NAME:PATH puts PATH into the cpio as NAME */
		if (!strncmp(name, "newc:", 5) && strchr(name + 5, ':'))
			name = strchr(name + 5, ':') + 1;
		f = loader_file(in, name, &st);
		if (f && vec_push(&files, f)) {
			boot_file_free(f);
			st = -ENOMEM;
		}
	}
	if (st != G2_OK) {
		vec_free(&files, file_free);
		return st;
	}
	vec_free(&in->boot->initrds, file_free);
	in->boot->initrds = files;
	return G2_OK;
}

int g2_cmd_devicetree(struct g2_interp *in, int argc, char **argv,
		      const struct g2_cmdctx *cc)
{
	struct boot_file *f;
	int st = G2_OK;

	if (!in->boot)
		return G2_OK;
	if (argc < 2)
		return G2_FAIL;
	f = loader_file(in, argv[1], &st);
	if (!f)
		return st;
	boot_file_free(in->boot->dtb);
	in->boot->dtb = f;
	return G2_OK;
}

int g2_cmd_multiboot(struct g2_interp *in, int argc, char **argv,
		     const struct g2_cmdctx *cc)
{
	bool v2 = !strcmp(argv[0], "multiboot2");
	int i = 1;

	if (!in->boot)
		return G2_OK;
	while (!v2 && i < argc && (!strcmp(argv[i], "--quirk-bad-kludge") ||
		   !strcmp(argv[i], "--quirk-modules-after-kernel")))
		i++;
	if (i >= argc)
		return G2_FAIL;
	return set_kernel(in, v2 ? G2L_MULTIBOOT2 : G2L_MULTIBOOT, argc - i,
			  argv + i);
}

int g2_cmd_module(struct g2_interp *in, int argc, char **argv,
		  const struct g2_cmdctx *cc)
{
	bool v2 = !strcmp(argv[0], "module2");
	struct boot_module *m;
	int i = 1, st = G2_OK;

	if (!in->boot)
		return G2_OK;
	if (in->boot->loader != (v2 ? G2L_MULTIBOOT2 : G2L_MULTIBOOT))
		return G2_FAIL;
	if (i < argc && !strcmp(argv[i], "--nounzip"))
		i++;
	if (i >= argc)
		return G2_FAIL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->file = loader_file(in, argv[i], &st);
	if (m->file) {
		m->cmdline = g2_loader_cmdline(argc - i - 1, argv + i + 1);
		st = m->cmdline && !vec_push(&in->boot->modules, m) ?
		     G2_OK : -ENOMEM;
	}
	if (st != G2_OK)
		module_free(m);
	return st;
}

int g2_cmd_other_loader(struct g2_interp *in, int argc, char **argv,
			const struct g2_cmdctx *cc)
{
	if (!in->boot)
		return G2_OK;
	g2_boot_clear_loader(in->boot);
	in->boot->loader = G2L_OTHER;
	return G2_OK;
}
