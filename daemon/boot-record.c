/*
 * boot-record.c: the line and the record of what is booted: the log is
 * where an admin looks after the fact (`baton log`, the serial console,
 * --log-tty), so one line says it all; the JSON record says the same for
 * scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "daemon/boot-record.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/text.h"

/* "vda1:/vmlinuz", "vda1:/x.iso:/vmlinuz" (inside an image) or the URL;
 * a title's escape codes never pass. */
static void add_file(struct strbuf *sb, const struct boot_file *f)
{
	char *s;

	if (!f) {
		sb_adds(sb, "none");
		return;
	}
	if (f->iso) {
		add_file(sb, f->iso);
		sb_adds(sb, ":");
		s = text_sanitize(f->path ? f->path : "?");
		sb_adds(sb, s ? s : "?");
		free(s);
		return;
	}
	s = text_sanitize(f->url ? f->url : f->path ? f->path : "?");
	if (!f->url && f->source)
		sb_addf(sb, "%s:", f->source);
	sb_adds(sb, s ? s : "?");
	free(s);
}

static void log_line(const struct boot_option *opt, const char *by,
		     const char *reason, bool dry_run)
{
	struct strbuf sb = STRBUF_INIT;
	char *title = text_sanitize(opt->name ? opt->name : "");
	char *cmdline = text_sanitize(opt->cmdline ? opt->cmdline : "");
	size_t i;

	sb_addf(&sb, "%s %s \"%s\": kernel ", dry_run ?
		      "booted (dry run):" : "booting:",
		      opt->id ? opt->id : "(edited)", title ? title : "?");
	add_file(&sb, opt->kernel);
	sb_adds(&sb, ", initrds ");
	for (i = 0; opt->initrds && opt->initrds[i]; i++) {
		if (i)
			sb_adds(&sb, " ");
		add_file(&sb, opt->initrds[i]);
	}
	if (!i)
		sb_adds(&sb, "none");
	sb_addf(&sb, ", cmdline \"%s\"; chosen by %s%s%s%s",
		      cmdline ? cmdline : "?", by, reason ? " (" : "",
		      reason ? reason : "", reason ? ")" : "");
	log_info("%s", sb.err ? "booting: (out of memory)" : sb_str(&sb));
	sb_release(&sb);
	free(title);
	free(cmdline);
}

void boot_record(json_t **records, const struct boot_option *opt,
		 const char *by, const char *reason, bool dry_run)
{
	json_t *o, *r;

	log_line(opt, by, reason, dry_run);
	if (!*records)
		*records = json_array();
	o = boot_option_to_json(opt);
	r = json_pack("{s:s?,s:s?,s:O?,s:O?,s:O?,s:s?,s:s,s:s?,s:b,s:I}",
		      "id", opt->id, "title", opt->name,
		      "kernel", json_object_get(o, "kernel"),
		      "initrds", json_object_get(o, "initrds"),
		      "dtb", json_object_get(o, "dtb"),
		      "cmdline", opt->cmdline, "chosen_by", by,
		      "reason", reason, "dry_run", dry_run,
		      "time", (json_int_t)time(NULL));
	json_decref(o);
	if (!*records || !r || json_array_append_new(*records, r)) {
		json_decref(r);
		return;
	}
	if (json_array_size(*records) > BOOT_RECORDS_KEEP)
		json_array_remove(*records, 0);
}
