/*
 * edit.c: `e` edits a copy of the selected option (kernel, initrds,
 * command line, device tree) and `n` makes one by hand; either is booted
 * once and never saved. Files are written SOURCE:/path (a source as the
 * menu lists it), /path (on the option's own source), a URL, or
 * SOURCE:/image.iso:/path (inside an ISO image).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ui/menu-internal.h"

static char *file_text(const struct boot_file *f)
{
	char *img, *s;

	if (!f)
		return strdup("");
	if (f->url)
		return strdup(f->url);
	if (f->iso) {	/* SOURCE:/image.iso:/path */
		img = file_text(f->iso);
		s = img ? str_printf("%s:%s", img, f->path ? f->path : "") :
		    NULL;
		free(img);
		return s;
	}
	if (f->source)
		return str_printf("%s:%s", f->source, f->path ? f->path : "");
	return strdup(f->path ? f->path : "");
}

static char *files_text(struct boot_file *const *v)
{
	char *s = strdup(""), *t, *n;
	size_t i;

	for (i = 0; s && v && v[i]; i++) {
		t = file_text(v[i]);
		n = t ? str_printf("%s%s%s", s, *s ? " " : "", t) : NULL;
		free(t);
		free(s);
		s = n;
	}
	return s;
}

/* A file of SOURCE (source_len bytes of s; 0: self) at path[0, n). */
static struct boot_file *file_of(const char *s, size_t source_len,
				 const char *self, const char *path, size_t n)
{
	char *p = str_ndup(path, n);
	struct boot_file *f = p ? boot_file_new(p) : NULL;

	free(p);
	if (f && !(f->source = source_len ? str_ndup(s, source_len) :
		   strdup(self))) {
		boot_file_free(f);
		f = NULL;
	}
	return f;
}

/*
 * One file from its text: SOURCE:/path, /path (on self), a URL, or
 * SOURCE:/image.iso:/path (inside an ISO image); *f NULL for "".
 * 0, -EINVAL or -ENOMEM.
 */
static int parse_file(const char *s, const char *self, struct boot_file **f)
{
	const char *colon = *s == '/' ? NULL : strstr(s, ":/");
	const char *path = colon && colon != s ? colon + 1 :
			   *s == '/' ? s : NULL;
	const char *inner = path ? strstr(path, ":/") : NULL;
	size_t slen = colon && colon != s ? (size_t)(colon - s) : 0;
	struct boot_file *iso;

	*f = NULL;
	if (!*s)
		return 0;
	if (strstr(s, "://")) {
		*f = boot_file_new_url(s);
		return *f ? 0 : -ENOMEM;
	}
	if (!path || (!slen && !self))
		return -EINVAL;
	if (inner) {
		iso = file_of(s, slen, self, path, inner - path);
		*f = iso ? boot_file_new_in_iso(iso, inner + 1) : NULL;
	} else {
		*f = file_of(s, slen, self, path, strlen(path));
	}
	return *f ? 0 : -ENOMEM;
}

/* Fill o's files from the form's texts; 0 or -EINVAL with *bad set. */
static int fill_files(struct boot_option *o, struct field *f,
		      const char *self, const char **bad)
{
	char *copy, *w, *save = NULL;
	struct boot_file *bf;
	size_t i;
	int ret;

	boot_file_free(o->kernel);
	boot_file_free(o->dtb);
	o->kernel = o->dtb = NULL;
	*bad = f[0].label;
	if ((ret = parse_file(f[0].value, self, &o->kernel)) || !o->kernel)
		return ret ? ret : -EINVAL;
	*bad = f[3].label;
	if ((ret = parse_file(f[3].value, self, &o->dtb)))
		return ret;
	for (i = 0; o->initrds && o->initrds[i]; i++)
		boot_file_free(o->initrds[i]);
	free(o->initrds);
	o->initrds = NULL;
	*bad = f[1].label;
	copy = strdup(f[1].value);
	if (!copy)
		return -ENOMEM;
	for (w = strtok_r(copy, " ", &save); !ret && w;
	     w = strtok_r(NULL, " ", &save)) {
		ret = parse_file(w, self, &bf);
		if (!ret && bf)
			ret = boot_option_add_initrd(o, bf);
	}
	free(copy);
	return ret;
}

static void boot_copy(struct menu *mn, struct boot_option *o)
{
	json_t *j = boot_option_to_json(o);

	if (!j) {
		menu_say(mn, true, "out of memory");
		return;
	}
	if (!mn->touched) {
		mn->touched = true;
		menu_send(mn, PROTO_CANCEL, json_object());
	}
	menu_send(mn, PROTO_BOOT, json_pack("{s:o}", "option", j));
	menu_say(mn, false, "booting %s (edited copy, not saved)",
		 o->name ? o->name : "the option");
}

/* Run the form over o's files; boot the result when submitted. */
static int edit_files(struct menu *mn, struct boot_option *o,
		      const char *title, struct field *extra)
{
	struct field f[5] = {
		{ "Kernel (SOURCE:/path, /path or URL)", file_text(o->kernel), 0 },
		{ "Initrds (space-separated)", files_text(o->initrds), 0 },
		{ "Command line", strdup(o->cmdline ? o->cmdline : ""), 0 },
		{ "Device tree (empty: none)", file_text(o->dtb), 0 },
	};
	const char *bad = NULL;
	int n = 4, i, ret;

	if (extra)
		f[n++] = *extra;
	ret = form_run(mn, title, "Enter=boot once  Tab/Up/Down=field  "
		       "Esc=cancel", f, n);
	if (ret == 1) {
		ret = fill_files(o, f, o->source, &bad);
		if (ret) {
			menu_say(mn, true, "%s: want SOURCE:/path, /path or a URL",
				 bad);
		} else {
			free(o->cmdline);
			o->cmdline = strdup(f[2].value);
			if (extra) {
				free(o->name);
				o->name = strdup(f[4].value);
			}
			ret = 1;
		}
	}
	for (i = 0; i < 4; i++)
		free(f[i].value);
	if (extra)
		extra->value = f[4].value;
	return ret;
}

/*
 * verify=enforce: the command line and the files must match their
 * signatures, so nothing is edited (the daemon refuses it too).
 */
static bool edit_allowed(struct menu *mn)
{
	const char *v = model_setting(&mn->m, "verify");

	if (!v || !streq(v, "enforce"))
		return true;
	menu_say(mn, true, "verify=enforce: options cannot be edited, since "
		 "their command lines must match their signatures");
	return false;
}

void edit_option(struct menu *mn)
{
	struct boot_option *sel = menu_selected(mn), *o;
	char *title;

	if (!sel || !edit_allowed(mn) || !menu_unlock(mn, "editing"))
		return;
	o = boot_option_dup(sel);
	title = str_printf("Edit %s (booted once, never saved)",
			   sel->name ? sel->name : sel->id);
	if (o && title && edit_files(mn, o, title, NULL) == 1)
		boot_copy(mn, o);
	free(title);
	boot_option_free(o);
}

void edit_new_option(struct menu *mn)
{
	struct boot_option *sel = menu_selected(mn), *o;
	struct field name = { "Title", NULL, 0 };

	if (!edit_allowed(mn) || !menu_unlock(mn, "a new option"))
		return;
	o = mn->last_new ? boot_option_dup(mn->last_new) : boot_option_new();
	if (!o)
		return;
	if (!o->source && sel)
		o->source = str_dup(sel->source);
	if (!o->kind)
		o->kind = strdup("linux");
	name.value = strdup(o->name ? o->name : "By hand");
	if (edit_files(mn, o, "New option (booted once, never saved)",
		       &name) == 1) {
		if (o->kernel && o->kernel->source) {
			free(o->source);
			o->source = strdup(o->kernel->source);
		}
		boot_option_free(mn->last_new);
		mn->last_new = boot_option_dup(o);
		boot_copy(mn, o);
	}
	free(name.value);
	boot_option_free(o);
}
