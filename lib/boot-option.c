/* boot-option.c: the boot option record, its files, and their JSON form. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/boot-option.h"
#include "lib/json-text.h"
#include "lib/util.h"

static const char *const ref_names[] = {
	[BOOT_REF_SELF] = "self",
	[BOOT_REF_NAME] = "name",
	[BOOT_REF_UUID] = "uuid",
	[BOOT_REF_LABEL] = "label",
	[BOOT_REF_PARTUUID] = "partuuid",
	[BOOT_REF_PARTLABEL] = "partlabel",
	[BOOT_REF_FILE] = "file",
	[BOOT_REF_DEVICE] = "device",
};

const char *boot_ref_name(enum boot_ref ref)
{
	if ((size_t)ref >= ARRAY_SIZE(ref_names))
		return "?";
	return ref_names[ref];
}

static const char *ref_field(const struct source_info *si, enum boot_ref ref)
{
	switch (ref) {
	case BOOT_REF_NAME:
		return si->name;
	case BOOT_REF_UUID:
		return si->uuid;
	case BOOT_REF_LABEL:
		return si->label;
	case BOOT_REF_PARTUUID:
		return si->partuuid;
	case BOOT_REF_PARTLABEL:
		return si->partlabel;
	default:
		return NULL;
	}
}

bool source_info_matches(const struct source_info *si, enum boot_ref ref,
			 const char *value)
{
	const char *v = ref_field(si, ref);

	if (!v || !value)
		return false;
	if (ref == BOOT_REF_UUID || ref == BOOT_REF_PARTUUID)
		return strcasecmp(v, value) == 0;
	return strcmp(v, value) == 0;
}

/* ---- source_info ------------------------------------------------------ */

#define SOURCE_INFO_FIELDS(X) \
	X(name) X(uuid) X(label) X(partuuid) X(partlabel) X(fstype) X(kind) \
	X(url)

void source_info_clear(struct source_info *si)
{
#define FREE_FIELD(f) free(si->f);
	SOURCE_INFO_FIELDS(FREE_FIELD)
#undef FREE_FIELD
	memset(si, 0, sizeof(*si));
}

int source_info_copy(struct source_info *dst, const struct source_info *src)
{
	struct source_info tmp = { 0 };

#define COPY_FIELD(f) \
	if (src->f && !(tmp.f = strdup(src->f))) \
		goto fail;
	SOURCE_INFO_FIELDS(COPY_FIELD)
#undef COPY_FIELD
	*dst = tmp;
	return 0;
fail:
	source_info_clear(&tmp);
	return -ENOMEM;
}

static int json_set_str(json_t *obj, const char *key, const char *val)
{
	return json_object_set_new(obj, key, val ? json_string(val) :
				   json_null());
}

json_t *source_info_to_json(const struct source_info *si)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
#define SET_FIELD(f) \
	if (si->f && json_set_str(o, #f, si->f)) \
		goto fail;
	SOURCE_INFO_FIELDS(SET_FIELD)
#undef SET_FIELD
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int json_get_str(const json_t *obj, const char *key, char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -EINVAL;
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

int source_info_from_json(struct source_info *si, const json_t *obj)
{
	struct source_info tmp = { 0 };

	if (!json_is_object(obj))
		return -EINVAL;
#define GET_FIELD(f) \
	if (json_get_str(obj, #f, &tmp.f)) \
		goto fail;
	SOURCE_INFO_FIELDS(GET_FIELD)
#undef GET_FIELD
	*si = tmp;
	return 0;
fail:
	source_info_clear(&tmp);
	return -EINVAL;
}

/* ---- boot_file -------------------------------------------------------- */

struct boot_file *boot_file_new_ref(enum boot_ref ref, const char *value,
				    const char *path)
{
	struct boot_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->ref = ref;
	if ((value && !(f->ref_value = strdup(value))) ||
	    (path && !(f->path = strdup(path)))) {
		boot_file_free(f);
		return NULL;
	}
	return f;
}

struct boot_file *boot_file_new(const char *path)
{
	return boot_file_new_ref(BOOT_REF_SELF, NULL, path);
}

struct boot_file *boot_file_new_url(const char *url)
{
	struct boot_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->url = strdup(url);
	if (!f->url) {
		free(f);
		return NULL;
	}
	return f;
}

struct boot_file *boot_file_new_in_iso(struct boot_file *iso,
				       const char *path)
{
	struct boot_file *f = iso ? calloc(1, sizeof(*f)) : NULL;

	if (!f || !(f->path = strdup(path))) {
		free(f);
		boot_file_free(iso);
		return NULL;
	}
	f->iso = iso;
	return f;
}

const struct boot_file *boot_file_outer(const struct boot_file *f)
{
	return f && f->iso ? f->iso : f;
}

void boot_file_words(struct strbuf *sb, const struct boot_file *f)
{
	if (f->url) {
		sb_adds(sb, f->url);
		return;
	}
	if (f->iso) {
		boot_file_words(sb, f->iso);
		sb_adds(sb, " (loop)");
	} else if (f->source) {
		sb_adds(sb, f->source);
		sb_addc(sb, ':');
	} else if (f->ref_value) {
		sb_addf(sb, "%s=%s:", boot_ref_name(f->ref), f->ref_value);
	} else {
		sb_adds(sb, "?:");	/* the config's own source, not named */
	}
	sb_adds(sb, f->path ? f->path : "");
}

struct boot_file *boot_file_dup(const struct boot_file *f)
{
	struct boot_file *d;

	if (!f)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->ref = f->ref;
	d->missing = f->missing;
	if ((f->source && !(d->source = strdup(f->source))) ||
	    (f->ref_value && !(d->ref_value = strdup(f->ref_value))) ||
	    (f->path && !(d->path = strdup(f->path))) ||
	    (f->url && !(d->url = strdup(f->url))) ||
	    (f->iso && !(d->iso = boot_file_dup(f->iso)))) {
		boot_file_free(d);
		return NULL;
	}
	return d;
}

void boot_file_free(struct boot_file *f)
{
	if (!f)
		return;
	free(f->source);
	free(f->ref_value);
	free(f->path);
	free(f->url);
	boot_file_free(f->iso);
	free(f);
}

json_t *boot_file_to_json(const struct boot_file *f)
{
	json_t *o;

	if (!f)
		return json_null();
	o = json_object();
	if (!o)
		return NULL;
	if (f->url) {
		if (json_set_str(o, "url", f->url))
			goto fail;
	} else if (f->iso) {
		if (json_object_set_new(o, "iso", boot_file_to_json(f->iso)) ||
		    json_set_str(o, "path", f->path))
			goto fail;
	} else {
		if (json_set_str(o, "source", f->source))
			goto fail;
		if (!f->source && f->ref != BOOT_REF_SELF &&
		    json_set_str(o, boot_ref_name(f->ref), f->ref_value))
			goto fail;
		if (json_set_str(o, "path", f->path))
			goto fail;
	}
	if (f->missing && json_object_set_new(o, "missing", json_true()))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

struct boot_file *boot_file_from_json(const json_t *obj)
{
	struct boot_file *f;
	size_t i;

	if (!json_is_object(obj))
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	if (json_get_str(obj, "url", &f->url) ||
	    json_get_str(obj, "source", &f->source) ||
	    json_get_str(obj, "path", &f->path))
		goto fail;
	for (i = BOOT_REF_NAME; !f->source && i < ARRAY_SIZE(ref_names); i++) {
		if (!json_object_get(obj, ref_names[i]))
			continue;
		f->ref = i;
		if (json_get_str(obj, ref_names[i], &f->ref_value))
			goto fail;
		break;
	}
	f->missing = json_is_true(json_object_get(obj, "missing"));
	if (json_object_get(obj, "iso") &&
	    (f->url || f->source || f->ref != BOOT_REF_SELF ||
	     !(f->iso = boot_file_from_json(json_object_get(obj, "iso"))) ||
	     f->iso->iso || f->iso->url))
		goto fail;	/* an image is a file of a source, not nested */
	if (!f->url && !f->path)
		goto fail;
	return f;
fail:
	boot_file_free(f);
	return NULL;
}

/* ---- boot_option ------------------------------------------------------ */

size_t boot_array_len(void *const *array)
{
	size_t n = 0;

	while (array && array[n])
		n++;
	return n;
}

static void files_free(struct boot_file **files)
{
	size_t i;

	for (i = 0; files && files[i]; i++)
		boot_file_free(files[i]);
	free(files);
}

static void module_free(struct boot_module *m)
{
	if (!m)
		return;
	boot_file_free(m->file);
	free(m->cmdline);
	free(m);
}

struct boot_option *boot_option_new(void)
{
	return calloc(1, sizeof(struct boot_option));
}

void boot_option_free(struct boot_option *opt)
{
	size_t i;

	if (!opt)
		return;
	free(opt->id);
	free(opt->name);
	free(opt->source);
	free(opt->parser);
	free(opt->config);
	free(opt->kind);
	boot_file_free(opt->kernel);
	files_free(opt->initrds);
	boot_file_free(opt->dtb);
	files_free(opt->dtb_overlays);
	for (i = 0; opt->modules && opt->modules[i]; i++)
		module_free(opt->modules[i]);
	free(opt->modules);
	free(opt->cmdline);
	free(opt->key);
	strv_free(opt->ids);
	free(opt->origin);
	free(opt->version);
	free(opt->error);
	free(opt->sig_message);
	free(opt);
}

int boot_option_add_initrd(struct boot_option *opt, struct boot_file *f)
{
	if (!f)
		return -ENOMEM;
	if (ptrv_push((void ***)&opt->initrds, f)) {
		boot_file_free(f);
		return -ENOMEM;
	}
	return 0;
}

int boot_option_add_overlay(struct boot_option *opt, struct boot_file *f)
{
	if (!f)
		return -ENOMEM;
	if (ptrv_push((void ***)&opt->dtb_overlays, f)) {
		boot_file_free(f);
		return -ENOMEM;
	}
	return 0;
}

int boot_option_add_module(struct boot_option *opt, struct boot_file *f,
			   const char *cmdline)
{
	struct boot_module *m;

	if (!f)
		return -ENOMEM;
	m = calloc(1, sizeof(*m));
	if (!m || !(m->cmdline = strdup(cmdline ? cmdline : ""))) {
		free(m);
		boot_file_free(f);
		return -ENOMEM;
	}
	m->file = f;
	if (ptrv_push((void ***)&opt->modules, m)) {
		module_free(m);
		return -ENOMEM;
	}
	return 0;
}

static struct boot_file **files_dup(struct boot_file *const *files, int *err)
{
	struct boot_file **d = NULL;
	size_t i;

	for (i = 0; files && files[i]; i++) {
		struct boot_file *f = boot_file_dup(files[i]);

		if (!f || ptrv_push((void ***)&d, f)) {
			boot_file_free(f);
			*err = -ENOMEM;
			break;
		}
	}
	return d;
}

struct boot_option *boot_option_dup(const struct boot_option *opt)
{
	struct boot_option *d = boot_option_new();
	int err = 0;
	size_t i;

	if (!d)
		return NULL;
#define DUP_STR(f) \
	if (opt->f && !(d->f = strdup(opt->f))) \
		err = -ENOMEM;
	DUP_STR(id) DUP_STR(name) DUP_STR(source) DUP_STR(parser)
	DUP_STR(config) DUP_STR(kind) DUP_STR(cmdline) DUP_STR(key)
	DUP_STR(origin) DUP_STR(version) DUP_STR(error)
	DUP_STR(sig_message)
#undef DUP_STR
	if (opt->kernel && !(d->kernel = boot_file_dup(opt->kernel)))
		err = -ENOMEM;
	if (opt->dtb && !(d->dtb = boot_file_dup(opt->dtb)))
		err = -ENOMEM;
	d->initrds = files_dup(opt->initrds, &err);
	d->dtb_overlays = files_dup(opt->dtb_overlays, &err);
	for (i = 0; !err && opt->modules && opt->modules[i]; i++)
		err = boot_option_add_module(d,
				boot_file_dup(opt->modules[i]->file),
				opt->modules[i]->cmdline);
	if (opt->ids && !(d->ids = strv_dup(opt->ids)))
		err = -ENOMEM;
	d->is_default = opt->is_default;
	d->sig_refused = opt->sig_refused;
	if (err) {
		boot_option_free(d);
		return NULL;
	}
	return d;
}

static json_t *files_to_json(struct boot_file *const *files)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && files && files[i]; i++)
		if (json_array_append_new(a, boot_file_to_json(files[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *modules_to_json(struct boot_module *const *mods)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && mods && mods[i]; i++) {
		json_t *m = json_pack("{s:o,s:s}", "file",
				      boot_file_to_json(mods[i]->file),
				      "cmdline", mods[i]->cmdline);

		if (json_array_append_new(a, m)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *boot_option_to_json(const struct boot_option *opt)
{
	json_t *o = json_object();
	int r = 0;

	if (!o)
		return NULL;
	r |= json_set_str(o, "id", opt->id);
	r |= json_set_str(o, "name", opt->name);
	r |= json_set_str(o, "source", opt->source);
	r |= json_set_str(o, "parser", opt->parser);
	r |= json_set_str(o, "config", opt->config);
	r |= json_set_str(o, "kind", opt->kind ? opt->kind : "linux");
	r |= json_object_set_new(o, "kernel", boot_file_to_json(opt->kernel));
	r |= json_object_set_new(o, "initrds", files_to_json(opt->initrds));
	r |= json_object_set_new(o, "dtb", boot_file_to_json(opt->dtb));
	r |= json_object_set_new(o, "dtb_overlays",
				 files_to_json(opt->dtb_overlays));
	if (opt->modules)
		r |= json_object_set_new(o, "modules",
					 modules_to_json(opt->modules));
	r |= json_set_str(o, "cmdline", opt->cmdline ? opt->cmdline : "");
	r |= json_object_set_new(o, "default", json_boolean(opt->is_default));
	if (opt->version)
		r |= json_set_str(o, "version", opt->version);
	if (opt->error)
		r |= json_set_str(o, "error", opt->error);
	if (opt->sig_message)
		r |= json_object_set_new(o, "signature", json_pack("{s:b,s:s}",
				"refused", opt->sig_refused, "message",
				opt->sig_message));
	if (r) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- the same as text, written directly (boot_option_json_text) ------ */

static int file_text(struct strbuf *sb, const struct boot_file *f,
		     unsigned ind, unsigned d)
{
	size_t i = 0;
	int r = 0;

	if (!f) {
		sb_add(sb, "null", 4);
		return 0;
	}
	sb_addc(sb, '{');
	if (f->url) {
		r |= json_text_key(sb, ind, d, i++, "url");
		r |= json_text_str(sb, f->url);
	} else if (f->iso) {
		r |= json_text_key(sb, ind, d, i++, "iso");
		r |= file_text(sb, f->iso, ind, d + 1);
		r |= json_text_key(sb, ind, d, i++, "path");
		r |= json_text_str(sb, f->path);
	} else {
		r |= json_text_key(sb, ind, d, i++, "source");
		r |= json_text_str(sb, f->source);
		if (!f->source && f->ref != BOOT_REF_SELF) {
			r |= json_text_key(sb, ind, d, i++,
					   boot_ref_name(f->ref));
			r |= json_text_str(sb, f->ref_value);
		}
		r |= json_text_key(sb, ind, d, i++, "path");
		r |= json_text_str(sb, f->path);
	}
	if (f->missing) {
		r |= json_text_key(sb, ind, d, i++, "missing");
		sb_add(sb, "true", 4);
	}
	json_text_close(sb, ind, d, '}');
	return r ? -EINVAL : 0;
}

/* An array of items (NULL-terminated; NULL: empty), each written by fn. */
static int array_text(struct strbuf *sb, void *const *items,
		      int (*fn)(struct strbuf *, const void *, unsigned,
				unsigned),
		      unsigned ind, unsigned d)
{
	size_t i;
	int r = 0;

	if (!items || !items[0]) {
		sb_add(sb, "[]", 2);
		return 0;
	}
	sb_addc(sb, '[');
	for (i = 0; items[i]; i++) {
		json_text_item(sb, ind, d, i);
		r |= fn(sb, items[i], ind, d + 1);
	}
	json_text_close(sb, ind, d, ']');
	return r ? -EINVAL : 0;
}

static int file_item(struct strbuf *sb, const void *f, unsigned ind,
		     unsigned d)
{
	return file_text(sb, f, ind, d);
}

static int module_item(struct strbuf *sb, const void *item, unsigned ind,
		       unsigned d)
{
	const struct boot_module *m = item;
	int r = 0;

	/* json_pack("{s:o,s:s}") refuses a NULL string */
	if (!m->cmdline)
		return -EINVAL;
	sb_addc(sb, '{');
	r |= json_text_key(sb, ind, d, 0, "file");
	r |= file_text(sb, m->file, ind, d + 1);
	r |= json_text_key(sb, ind, d, 1, "cmdline");
	r |= json_text_str(sb, m->cmdline);
	json_text_close(sb, ind, d, '}');
	return r ? -EINVAL : 0;
}

/* Key i of the option's object at depth d. */
#define KEY(name) (r |= json_text_key(sb, ind, d, i++, (name)))

int boot_option_json_text(struct strbuf *sb, const struct boot_option *opt,
			  unsigned ind, unsigned d)
{
	size_t i = 0;
	int r = 0;

	sb_addc(sb, '{');
	KEY("id");
	r |= json_text_str(sb, opt->id);
	KEY("name");
	r |= json_text_str(sb, opt->name);
	KEY("source");
	r |= json_text_str(sb, opt->source);
	KEY("parser");
	r |= json_text_str(sb, opt->parser);
	KEY("config");
	r |= json_text_str(sb, opt->config);
	KEY("kind");
	r |= json_text_str(sb, opt->kind ? opt->kind : "linux");
	KEY("kernel");
	r |= file_text(sb, opt->kernel, ind, d + 1);
	KEY("initrds");
	r |= array_text(sb, (void *const *)opt->initrds, file_item, ind, d + 1);
	KEY("dtb");
	r |= file_text(sb, opt->dtb, ind, d + 1);
	KEY("dtb_overlays");
	r |= array_text(sb, (void *const *)opt->dtb_overlays, file_item, ind,
			d + 1);
	if (opt->modules) {
		KEY("modules");
		r |= array_text(sb, (void *const *)opt->modules, module_item,
				ind, d + 1);
	}
	KEY("cmdline");
	r |= json_text_str(sb, opt->cmdline ? opt->cmdline : "");
	KEY("default");
	sb_adds(sb, opt->is_default ? "true" : "false");
	if (opt->version) {
		KEY("version");
		r |= json_text_str(sb, opt->version);
	}
	if (opt->error) {
		KEY("error");
		r |= json_text_str(sb, opt->error);
	}
	if (opt->sig_message) {
		KEY("signature");
		sb_addc(sb, '{');
		r |= json_text_key(sb, ind, d + 1, 0, "refused");
		sb_adds(sb, opt->sig_refused ? "true" : "false");
		r |= json_text_key(sb, ind, d + 1, 1, "message");
		r |= json_text_str(sb, opt->sig_message);
		json_text_close(sb, ind, d + 1, '}');
	}
	json_text_close(sb, ind, d, '}');
	if (sb->err)
		return -ENOMEM;
	return r ? -EINVAL : 0;
}

#undef KEY

static int files_from_json(const json_t *a, struct boot_file ***out)
{
	size_t i;
	json_t *v;

	if (!a || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -EINVAL;
	json_array_foreach(a, i, v) {
		struct boot_file *f = boot_file_from_json(v);

		if (!f || ptrv_push((void ***)out, f)) {
			boot_file_free(f);
			return -EINVAL;
		}
	}
	return 0;
}

struct boot_option *boot_option_from_json(const json_t *obj, const char **err)
{
	struct boot_option *opt;
	json_t *v, *m;
	size_t i;

	*err = "not an object";
	if (!json_is_object(obj))
		return NULL;
	opt = boot_option_new();
	if (!opt) {
		*err = "out of memory";
		return NULL;
	}
	*err = "bad string field";
	if (json_get_str(obj, "id", &opt->id) ||
	    json_get_str(obj, "name", &opt->name) ||
	    json_get_str(obj, "source", &opt->source) ||
	    json_get_str(obj, "parser", &opt->parser) ||
	    json_get_str(obj, "config", &opt->config) ||
	    json_get_str(obj, "kind", &opt->kind) ||
	    json_get_str(obj, "cmdline", &opt->cmdline) ||
	    json_get_str(obj, "version", &opt->version) ||
	    json_get_str(obj, "error", &opt->error))
		goto fail;
	*err = "bad file";
	v = json_object_get(obj, "kernel");
	if (v && !json_is_null(v) && !(opt->kernel = boot_file_from_json(v)))
		goto fail;
	v = json_object_get(obj, "dtb");
	if (v && !json_is_null(v) && !(opt->dtb = boot_file_from_json(v)))
		goto fail;
	if (files_from_json(json_object_get(obj, "initrds"), &opt->initrds) ||
	    files_from_json(json_object_get(obj, "dtb_overlays"),
			    &opt->dtb_overlays))
		goto fail;
	v = json_object_get(obj, "modules");
	if (v && !json_is_array(v))
		goto fail;
	json_array_foreach(v, i, m) {
		json_t *c = json_object_get(m, "cmdline");

		if (boot_option_add_module(opt,
				boot_file_from_json(json_object_get(m, "file")),
				json_is_string(c) ? json_string_value(c) : ""))
			goto fail;
	}
	opt->is_default = json_is_true(json_object_get(obj, "default"));
	v = json_object_get(obj, "signature");
	*err = "bad signature";
	if (v && (!json_is_object(v) ||
		  json_get_str(v, "message", &opt->sig_message)))
		goto fail;
	opt->sig_refused = json_is_true(json_object_get(v, "refused"));
	*err = NULL;
	return opt;
fail:
	boot_option_free(opt);
	return NULL;
}
