/*
 * yaboot.c: yaboot.conf (and lilo.conf/silo.conf, the same format): lines
 * "key = value" or bare flags; the keys before the first image= are
 * global defaults, each image= (image[64bit]= ...) starts an entry with
 * label=, alias=, initrd=, root=, append=, literal= (the whole command
 * line), read-only/read-write, device= and partition=. The command line
 * is "root=DEV ro|rw APPEND" unless literal= gives it. device= and
 * partition= name another partition ("/dev/sda2", or "sda" + "2"; a
 * /dev/disk/by-uuid/ path names a file system UUID) that stays a reference
 * until discovery binds it; "dev:/path" does the same per file. timeout is
 * in tenths of a second; without default=, the first image is the default.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "discover/parsers/conf.h"
#include "lib/strbuf.h"

static const char *const configs[] = {
	"/etc/yaboot.conf", "/yaboot.conf", "/etc/yaboot.cnf", "/yaboot.cnf",
	"/suseboot/yaboot.cnf", "/etc/lilo.conf", "/etc/silo.conf",
};

/* Keys an image takes from the global section when it has none. */
enum key { K_LABEL, K_ALIAS, K_IMAGE, K_INITRD, K_ROOT, K_APPEND, K_LITERAL,
	   K_DEVICE, K_PARTITION, K_RO, K_RW, K_DEFAULT, K_TIMEOUT, K_COUNT };

static const char *const key_names[K_COUNT] = {
	[K_LABEL] = "label", [K_ALIAS] = "alias", [K_IMAGE] = "image",
	[K_INITRD] = "initrd", [K_ROOT] = "root", [K_APPEND] = "append",
	[K_LITERAL] = "literal", [K_DEVICE] = "device",
	[K_PARTITION] = "partition", [K_RO] = "read-only",
	[K_RW] = "read-write", [K_DEFAULT] = "default",
	[K_TIMEOUT] = "timeout",
};

/* One section: values point into the file's buffer. */
struct section {
	const char *v[K_COUNT];
	unsigned line;
};

struct yaboot {
	const char *path;
	struct section global;
	struct vec images;	/* struct section * */
	bool other;		/* in an other= section: skipped */
};

static int new_image(struct yaboot *yb, const char *image, unsigned line)
{
	struct section *s;

	if (yb->images.n >= PARSE_MAX_OPTIONS)
		return -E2BIG;
	s = calloc(1, sizeof(*s));
	if (!s || vec_push(&yb->images, s)) {
		free(s);
		return -ENOMEM;
	}
	s->v[K_IMAGE] = image;
	s->line = line;
	yb->other = false;
	return 0;
}

static int take_line(struct yaboot *yb, const struct conf_reader *r,
		     char *key, const char *value)
{
	struct section *s;
	size_t k;

	/* image[64bit]=, image[32bit]=: an image as well */
	if (str_startswith(key, "image"))
		return new_image(yb, value, r->lineno);
	if (streq(key, "other")) {	/* another OS's boot sector */
		yb->other = true;
		return 0;
	}
	if (yb->other)
		return 0;
	s = yb->images.n ? yb->images.v[yb->images.n - 1] : &yb->global;
	for (k = 0; k < K_COUNT; k++) {
		if (!streq(key, key_names[k]))
			continue;
		s->v[k] = value;
		if (k == K_RO || k == K_RW)	/* the last flag counts */
			s->v[k == K_RO ? K_RW : K_RO] = NULL;
		if (k == K_LABEL)
			conf_check_name(r, value);
		break;
	}
	return 0;
}

/* An image's value, else the global one. */
static const char *get(const struct yaboot *yb, const struct section *s,
		       enum key k)
{
	return s->v[k] ? s->v[k] : yb->global.v[k];
}

static bool ends_with_digit(const char *s)
{
	size_t n = strlen(s);

	return n && isdigit((unsigned char)s[n - 1]);
}

/*
 * The partition "dev" + "part": sda1 + 2 -> sda2, sda + 2 -> sda2,
 * nvme0n1p1 + 2 -> nvme0n1p2, nvme0n1 or mmcblk0 + 2 -> ...p2.
 */
static char *partition_name(const char *dev, const char *part)
{
	size_t n = strlen(dev);

	if (!part || !*part)
		return strdup(dev);
	if (!strncmp(dev, "nvme", 4) || !strncmp(dev, "mmcblk", 6) ||
	    !strncmp(dev, "loop", 4) || !strncmp(dev, "md", 2) ||
	    !strncmp(dev, "nbd", 3)) {
		const char *p = strrchr(dev, 'p');

		if (p && p > dev && isdigit((unsigned char)p[-1]) &&
		    p[1] && strspn(p + 1, "0123456789") == strlen(p + 1))
			return str_printf("%.*s%s", (int)(p + 1 - dev), dev,
					  part);
		return str_printf("%s%s%s", dev, ends_with_digit(dev) ?
				  "p" : "", part);
	}
	while (n && isdigit((unsigned char)dev[n - 1]))
		n--;
	return str_printf("%.*s%s", (int)n, dev, part);
}

/* device= as a reference: a /dev/disk/by-* link, or a partition name. */
static struct boot_file *file_on(struct parse_ctx *ctx, const char *device,
				 const char *part, const char *path)
{
	static const struct {
		const char *dir;
		enum boot_ref ref;
	} links[] = {
		{ "disk/by-uuid/", BOOT_REF_UUID },
		{ "disk/by-label/", BOOT_REF_LABEL },
		{ "disk/by-partuuid/", BOOT_REF_PARTUUID },
		{ "disk/by-partlabel/", BOOT_REF_PARTLABEL },
	};
	const char *self = ctx->source->name ? ctx->source->name : "";
	struct boot_file *f = NULL;
	char *abs, *name = NULL;
	size_t i;

	abs = conf_path_join("/", path);
	if (!abs)
		return NULL;
	if (device && str_startswith(device, "/dev/"))
		device += 5;
	for (i = 0; device && i < ARRAY_SIZE(links); i++) {
		if (str_startswith(device, links[i].dir)) {
			f = boot_file_new_ref(links[i].ref,
					      device + strlen(links[i].dir), abs);
			goto out;
		}
	}
	name = partition_name(device ? device : self, part);
	if (name && streq(name, self))
		f = boot_file_new(abs);
	else if (name)
		f = boot_file_new_ref(BOOT_REF_NAME, name, abs);
out:
	free(name);
	free(abs);
	return f;
}

/*
 * A file of an image: a URL, "dev:/path" (or yaboot's "dev:N,/path"), or
 * a path on the image's device and partition.
 */
static struct boot_file *image_file(struct parse_ctx *ctx, const char *spec,
				    const char *device, const char *part)
{
	const char *colon = strchr(spec, ':'), *path = spec;
	char *dev = NULL, *num = NULL;
	struct boot_file *f;
	size_t digits;

	if (conf_is_url(spec))
		return boot_file_new_url(spec);
	if (colon && colon > spec && !memchr(spec, '/', colon - spec)) {
		dev = str_ndup(spec, colon - spec);
		path = colon + 1;
		digits = strspn(path, "0123456789");
		if (digits && path[digits] == ',') {
			num = str_ndup(path, digits);
			path += digits + 1;
		}
		if (!dev || (digits && path[-1] == ',' && !num)) {
			free(dev);
			return NULL;
		}
		device = dev;
		part = num;
	}
	if (!device && !part)
		f = conf_file("/", path);
	else
		f = file_on(ctx, device, part, path);
	free(dev);
	free(num);
	return f;
}

/* root=DEV ro|rw APPEND, or literal= as it stands. */
static char *command_line(const struct yaboot *yb, const struct section *s)
{
	const char *lit = get(yb, s, K_LITERAL), *root = get(yb, s, K_ROOT);
	const char *append = get(yb, s, K_APPEND), *mode = NULL;
	struct strbuf sb = STRBUF_INIT;

	if (lit)
		return strdup(lit);
	if (s->v[K_RO] || s->v[K_RW])
		mode = s->v[K_RO] ? "ro" : "rw";
	else if (yb->global.v[K_RO] || yb->global.v[K_RW])
		mode = yb->global.v[K_RO] ? "ro" : "rw";
	if (root && *root)
		sb_addf(&sb, "root=%s", root);
	if (mode)
		sb_addf(&sb, "%s%s", sb.len ? " " : "", mode);
	append = append ? conf_skip_space(append) : "";
	if (*append)
		sb_addf(&sb, "%s%s", sb.len ? " " : "", append);
	return sb_detach(&sb);
}

static int build_image(struct parse_ctx *ctx, const struct yaboot *yb,
		       const struct section *s, struct boot_option *opt)
{
	const char *dev = get(yb, s, K_DEVICE), *part = get(yb, s, K_PARTITION);
	const char *label = s->v[K_LABEL], *initrd = get(yb, s, K_INITRD);
	const char *image = s->v[K_IMAGE], *base = strrchr(image, '/');

	if (!*image)
		return -EINVAL;
	if (!label || !*label)
		label = base && base[1] ? base + 1 : image;
	opt->name = strdup(label);
	opt->key = strdup(label);
	opt->cmdline = command_line(yb, s);
	opt->kernel = image_file(ctx, image, dev, part);
	if (!opt->name || !opt->key || !opt->cmdline || !opt->kernel ||
	    strv_push(&opt->ids, strdup(label)) ||
	    (s->v[K_ALIAS] && strv_push(&opt->ids, strdup(s->v[K_ALIAS]))))
		return -ENOMEM;
	if (initrd && *initrd &&
	    boot_option_add_initrd(opt, image_file(ctx, initrd, dev, part)))
		return -ENOMEM;
	return 0;
}

static bool is_default(const struct yaboot *yb, const struct section *s,
		       size_t index)
{
	const char *d = yb->global.v[K_DEFAULT];

	if (!d || !*d)
		return index == 0;
	return streq(d, s->v[K_LABEL]) || streq(d, s->v[K_ALIAS]);
}

static void set_timeout(struct parse_ctx *ctx, const struct yaboot *yb)
{
	const char *v = yb->global.v[K_TIMEOUT];
	char *end;
	long t;

	if (!v)
		return;
	t = strtol(v, &end, 10);
	if (!*v || *end || t < 0 || t > INT_MAX / 2)
		parse_warn(ctx, yb->path, 0,
			   "timeout: not a number of tenths of seconds");
	else
		parse_set_timeout(ctx, (t + 9) / 10);
}

static int add_images(struct parse_ctx *ctx, const struct yaboot *yb)
{
	struct boot_option *opt;
	size_t i;
	int ret;

	for (i = 0; i < yb->images.n; i++) {
		const struct section *s = yb->images.v[i];

		opt = boot_option_new();
		ret = opt ? build_image(ctx, yb, s, opt) : -ENOMEM;
		if (ret) {
			boot_option_free(opt);
			if (ret != -EINVAL)
				return ret;
			parse_warn(ctx, yb->path, s->line,
				   "image= names no file: ignored");
			continue;
		}
		opt->is_default = is_default(yb, s, i);
		ret = parse_add_option(ctx, opt, yb->path);
		if (ret)
			return ret == -E2BIG ? 0 : ret;
	}
	return 0;
}

static int parse_config(struct parse_ctx *ctx, const char *path, char *buf,
			size_t len)
{
	struct yaboot yb = { .path = path };
	struct conf_reader r;
	char *line, *key, *value;
	int ret = 0;

	conf_reader_init(&r, ctx, path, buf, len);
	while (!ret && (line = conf_next_line(&r)))
		if (conf_split_pair(line, &key, &value))	/* or a flag */
			ret = take_line(&yb, &r, key, value ? value : "");
	if (ret == -E2BIG) {
		parse_warn(ctx, path, r.lineno,
			   "more than %d images: the rest ignored",
			   PARSE_MAX_OPTIONS);
		ret = 0;
	}
	if (!ret) {
		set_timeout(ctx, &yb);
		ret = add_images(ctx, &yb);
	}
	vec_free(&yb.images, free);
	return ret;
}

static int yaboot_parse(struct parse_ctx *ctx)
{
	return conf_parse_first(ctx, configs, ARRAY_SIZE(configs),
				parse_config);
}

const struct parser yaboot_parser = {
	.name = "yaboot",
	.parse = yaboot_parse,
};
