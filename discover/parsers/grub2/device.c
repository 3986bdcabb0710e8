/*
 * device.c: GRUB device names and paths. "(dev)/path" or "/path" on $root;
 * a device is the config's own source (named by its source name), another
 * known source, a reference the parser cannot bind yet ("UUID=...",
 * "LABEL=...", "PARTUUID=...", "PARTLABEL=...", "FILE=/path", or a BIOS
 * name such as "hd0,gpt2"), a network server ("tftp,10.0.0.1"), or a
 * loopback image (a file inside an ISO file of a partition). Files become
 * boot_file records; files the parser may read are read through the parse
 * context only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discover/parsers/grub2/grub2-internal.h"

const char *g2_src_dev(struct g2_interp *in, const struct source_info *si)
{
	if (si == in->ctx->source || !si->name)
		return in->self;
	return si->name;
}

int g2_split_path(struct g2_interp *in, const char *s, char **dev,
		  const char **path)
{
	const char *close, *root;
	char *d;

	if (s[0] == '(') {
		close = strchr(s, ')');
		if (!close)
			return -EINVAL;
		d = malloc(strlen(s) + 2);
		if (!d)
			return -ENOMEM;
		memcpy(d, s + 1, close - s - 1);
		d[close - s - 1] = '\0';
		strcpy(d + (close - s), close + 1);
		*dev = d;
		*path = d + (close - s);
		return 0;
	}
	root = g2_get(in, "root");
	if (!root)
		root = "";
	d = malloc(strlen(root) + strlen(s) + 2);
	if (!d)
		return -ENOMEM;
	strcpy(d, root);
	strcpy(d + strlen(root) + 1, s);
	*dev = d;
	*path = d + strlen(root) + 1;
	return 0;
}

static const struct source_info *source_named(struct g2_interp *in,
					      const char *name)
{
	size_t i;

	if (!strcmp(name, in->self))
		return in->ctx->source;
	for (i = 0; i < in->ctx->n_sources; i++)
		if (in->ctx->sources[i]->name &&
		    !strcmp(in->ctx->sources[i]->name, name))
			return in->ctx->sources[i];
	return NULL;
}

static bool matches(struct g2_interp *in, const struct source_info *si,
		    enum boot_ref ref, const char *value)
{
	struct parse_stat st;

	if (ref == BOOT_REF_FILE)
		return !parse_stat(in->ctx, si, value, &st);
	return source_info_matches(si, ref, value);
}

/* The first source (the config's own first) with that identity. */
const struct source_info *g2_find_source(struct g2_interp *in,
					 enum boot_ref ref, const char *value)
{
	size_t i;

	if (matches(in, in->ctx->source, ref, value))
		return in->ctx->source;
	for (i = 0; i < in->ctx->n_sources; i++)
		if (in->ctx->sources[i] != in->ctx->source &&
		    matches(in, in->ctx->sources[i], ref, value))
			return in->ctx->sources[i];
	return NULL;
}

static const struct {
	const char *prefix;
	enum boot_ref ref;
} ref_prefixes[] = {
	{ "UUID=", BOOT_REF_UUID }, { "LABEL=", BOOT_REF_LABEL },
	{ "PARTUUID=", BOOT_REF_PARTUUID },
	{ "PARTLABEL=", BOOT_REF_PARTLABEL }, { "FILE=", BOOT_REF_FILE },
};

/* "tftp,server", "http,server", "pxe:server" ... as a URL base. */
static char *net_base(struct g2_interp *in, const char *d)
{
	const char *server = NULL, *proto;
	size_t plen = strcspn(d, ",:");

	if (plen == 4 && !strncmp(d, "tftp", 4))
		proto = "tftp";
	else if ((plen == 4 && !strncmp(d, "http", 4)) ||
		 (plen == 5 && !strncmp(d, "https", 5)))
		proto = plen == 4 ? "http" : "https";
	else if (plen == 3 && !strncmp(d, "pxe", 3))
		proto = "tftp";
	else
		return NULL;
	if (d[plen])
		server = d + plen + 1;
	if (!server || !*server)
		server = g2_get(in, "net_default_server");
	if (!server || !*server)
		server = g2_get(in, "pxe_default_server");
	if (!server || !*server)
		return NULL;
	return str_printf("%s://%s", proto, server);
}

int g2_resolve_dev(struct g2_interp *in, const char *d, struct g2_dev *dev)
{
	const struct source_info *si;
	size_t i, n;

	memset(dev, 0, sizeof(*dev));
	if (!d || !*d)
		return 0;
	si = source_named(in, d);
	for (i = 0; !si && i < in->nloops; i++) {
		if (!strcmp(in->loops[i].name, d)) {
			dev->kind = G2D_LOOP;
			dev->value = strdup(in->loops[i].image);
			return dev->value ? 0 : -ENOMEM;
		}
	}
	for (i = 0; !si && i < ARRAY_SIZE(ref_prefixes); i++) {
		n = strlen(ref_prefixes[i].prefix);
		if (strncasecmp(d, ref_prefixes[i].prefix, n) || !d[n])
			continue;
		si = g2_find_source(in, ref_prefixes[i].ref, d + n);
		if (si)
			break;
		dev->kind = G2D_REF;
		dev->ref = ref_prefixes[i].ref;
		dev->value = strdup(d + n);
		return dev->value ? 0 : -ENOMEM;
	}
	if (si) {
		dev->kind = G2D_SRC;
		dev->src = si;
		return 0;
	}
	dev->value = net_base(in, d);
	if (dev->value) {
		dev->kind = G2D_URL;
		return 0;
	}
	dev->kind = G2D_REF;
	dev->ref = BOOT_REF_DEVICE;
	dev->value = strdup(d);
	return dev->value ? 0 : -ENOMEM;
}

void g2_dev_release(struct g2_dev *dev)
{
	free(dev->value);
	dev->value = NULL;
}

static struct boot_file *file_on(struct g2_interp *in, struct g2_dev *dev,
				 const char *path, char **note);

/*
 * path inside the image "(dev)/file" a loopback device stands for. The
 * image is a file of a partition; one on a server or inside another image
 * is named as a device reference (never resolved) with a note saying why.
 */
static struct boot_file *file_in_image(struct g2_interp *in,
				       const char *image, const char *path,
				       char **note)
{
	struct boot_file *iso = NULL;
	const char *ipath;
	struct g2_dev idev;
	char *d;

	if (g2_split_path(in, image, &d, &ipath))
		return NULL;
	if (g2_resolve_dev(in, d, &idev)) {
		free(d);
		return NULL;
	}
	if (ipath[0] != '/' || idev.kind == G2D_LOOP ||
	    idev.kind == G2D_URL || idev.kind == G2D_NONE) {
		iso = boot_file_new_ref(BOOT_REF_DEVICE, d, ipath);
		if (note && !*note)
			*note = str_printf("the image %s is %s: baton opens "
					   "images that are files of a "
					   "partition", image,
					   ipath[0] != '/' ? "no absolute path" :
					   idev.kind == G2D_LOOP ?
					   "inside another image" :
					   "on a server");
	} else {
		iso = file_on(in, &idev, ipath, note);
	}
	g2_dev_release(&idev);
	free(d);
	return iso ? boot_file_new_in_iso(iso, path) : NULL;
}

static struct boot_file *file_on(struct g2_interp *in, struct g2_dev *dev,
				 const char *path, char **note)
{
	struct boot_file *f = NULL;
	char *url;

	switch (dev->kind) {
	case G2D_SRC:
		if (dev->src == in->ctx->source)
			return boot_file_new(path);
		f = boot_file_new_ref(BOOT_REF_NAME, dev->src->name, path);
		if (f && !(f->source = strdup(dev->src->name))) {
			boot_file_free(f);
			f = NULL;
		}
		return f;
	case G2D_REF:
		return boot_file_new_ref(dev->ref, dev->value, path);
	case G2D_URL:
		url = str_printf("%s%s", dev->value, path);
		f = url ? boot_file_new_url(url) : NULL;
		free(url);
		return f;
	case G2D_LOOP:
		return file_in_image(in, dev->value, path, note);
	default:
		return NULL;
	}
}

struct boot_file *g2_file(struct g2_interp *in, const char *s, int *err,
			  char **note)
{
	const char *path, *deferred;
	struct boot_file *f;
	struct g2_dev dev;
	char *d;

	/*
	 * On $root as a failed search left it: on the device it wanted,
	 * taken whole as GRUB takes $root (a ')' in a label is no end).
	 */
	deferred = s[0] != '(' ? g2_env_deferred(in->env, "root") : NULL;
	if (deferred) {
		d = strdup(deferred);
		path = s;
		*err = d ? 0 : -ENOMEM;
	} else {
		*err = g2_split_path(in, s, &d, &path);
	}
	if (*err)
		return NULL;
	if (path[0] != '/') {
		free(d);
		*err = -EINVAL;
		return NULL;
	}
	*err = g2_resolve_dev(in, d, &dev);
	f = *err ? NULL : file_on(in, &dev, path, note);
	if (!*err && !f)
		*err = dev.kind == G2D_NONE ? -ENOENT : -ENOMEM;
	g2_dev_release(&dev);
	free(d);
	return f;
}

const struct source_info *g2_dev_source(struct g2_interp *in,
					const char *devstr)
{
	struct g2_dev dev;
	const struct source_info *si;

	if (g2_resolve_dev(in, devstr, &dev))
		return NULL;
	si = dev.kind == G2D_SRC ? dev.src :
	     dev.kind == G2D_LOOP ? g2_image_source(in, dev.value) : NULL;
	g2_dev_release(&dev);
	return si;
}

int g2_read(struct g2_interp *in, const char *s, char **buf, size_t *len,
	    const struct source_info **src, char **path)
{
	const struct source_info *si;
	const char *p;
	char *d;
	int r;

	r = g2_split_path(in, s, &d, &p);
	if (r)
		return r;
	si = g2_dev_source(in, d);
	if (!si || p[0] != '/') {
		free(d);
		return -ENOENT;
	}
	if (in->reads >= G2_MAX_READS) {
		free(d);
		return -EMFILE;
	}
	in->reads++;
	r = parse_read(in->ctx, si == in->ctx->source ? NULL : si, p, buf,
		       len);
	if (!r && in->read_bytes + *len > G2_MAX_READ_BYTES) {
		free(*buf);
		*buf = NULL;
		r = -ENOSPC;
	} else if (!r) {
		in->read_bytes += *len;
	}
	if (!r && path && !(*path = strdup(p))) {
		free(*buf);
		r = -ENOMEM;
	}
	if (!r && src)
		*src = si;
	free(d);
	return r;
}

bool g2_stat(struct g2_interp *in, const char *s, struct parse_stat *st)
{
	const struct source_info *si;
	const char *p;
	char *d, *path;
	size_t n;
	bool ok;

	if (g2_split_path(in, s, &d, &p))
		return false;
	si = g2_dev_source(in, d);
	/* a bare name is one in the root folder, as GRUB's test finds it */
	path = !si ? NULL : strchr(p, '/') ? strdup(p) : str_printf("/%s", p);
	free(d);
	if (!path)
		return false;
	n = strlen(path);
	while (n && path[n - 1] == '/')
		path[--n] = '\0';
	st->mtime = PARSE_MTIME_UNKNOWN;
	if (!n) {
		/* GRUB's time for the whole device is the file system's
		 * last write; its root folder's is the nearest one here */
		if (parse_stat(in->ctx, si == in->ctx->source ? NULL : si,
			       "/", st))
			st->mtime = PARSE_MTIME_UNKNOWN;
		st->is_dir = true;
		st->size = 0;
		ok = true;
	} else {
		ok = path[0] == '/' &&
		     !parse_stat(in->ctx, si == in->ctx->source ? NULL : si,
				 path, st);
	}
	free(path);
	return ok;
}
