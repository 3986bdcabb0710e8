/*
 * client-info.c: the client verbs that read what the daemon knows and
 * keep: `baton log` (its last lines, and what it booted), `baton
 * sysinfo`, and `baton next` (the one-shot choice for the next boot,
 * kept in the settings store until a boot uses it).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/util.h"
#include "ui/client-internal.h"
#include "ui/sysinfo-text.h"

int cli_log(struct cli *c, const char *unused)
{
	json_t *ans, *l;
	size_t i;
	int ret;

	ret = cli_ask(c, PROTO_LOG_GET, json_object(), PROTO_LOG, &ans);
	if (ret)
		return ret;
	if (c->json)
		cli_dump_json(ans);
	else
		json_array_foreach(json_object_get(ans, "lines"), i, l)
			cli_print_clean("", json_string_value(l));
	json_decref(ans);
	return 0;
}

int cli_sysinfo(struct cli *c, const char *unused)
{
	json_t *ans;
	char **v;
	size_t i;
	int ret;

	ret = cli_ask(c, PROTO_SYSINFO_GET, json_object(), PROTO_SYSINFO,
		      &ans);
	if (ret)
		return ret;
	if (c->json) {
		cli_dump_json(ans);
		json_decref(ans);
		return 0;
	}
	v = sysinfo_lines(ans, NULL);
	json_decref(ans);
	for (i = 0; v && v[i]; i++)
		cli_print_clean("", v[i]);
	strv_free(v);
	return v ? 0 : -ENOMEM;
}

/* Does id name an option of the state: its id, or a glob of its title? */
static bool names_option(const json_t *state, const char *id)
{
	const json_t *o;
	size_t i;

	json_array_foreach(json_object_get(state, "options"), i, o) {
		const char *oid = json_string_value(json_object_get(o, "id"));
		const char *name = json_string_value(json_object_get(o,
								     "name"));

		if ((oid && streq(oid, id)) ||
		    (name && !fnmatch(id, name, 0)))
			return true;
	}
	return false;
}

/* The "next" setting in force, and where it comes from. */
static int show_next(struct cli *c)
{
	json_t *ans, *out;
	const char *v, *origin;
	int ret;

	ret = cli_ask(c, PROTO_SETTINGS_GET, json_object(), PROTO_SETTINGS,
		      &ans);
	if (ret)
		return ret;
	v = json_string_value(json_object_get(json_object_get(ans, "values"),
					      "next"));
	origin = json_string_value(json_object_get(json_object_get(ans,
					"origins"), "next"));
	if (c->json) {
		out = json_pack("{s:s?,s:s?}", "next", v, "origin",
				v ? origin : NULL);
		if (out)
			cli_dump_json(out);
		json_decref(out);
	} else {
		cli_print_clean("", v ? v : "none");
	}
	json_decref(ans);
	return 0;
}

int cli_next(struct cli *c, const char *id)
{
	const char *pw = getenv("BATON_PASSWORD");
	json_t *st = NULL, *r = NULL;
	bool known;
	int ret;

	if (!id && !c->clear)
		return show_next(c);
	if (id) {
		ret = cli_hello(c, false, &st);
		if (ret)
			return ret;
		known = names_option(st, id);
		json_decref(st);
		if (!known) {
			cli_refuse(c, "no option has this id or title");
			return -EIO;
		}
	}
	if (pw) {
		ret = cli_ask(c, PROTO_UNLOCK, json_pack("{s:s}", "password",
			      pw), PROTO_REPLY, &r);
		if (ret)
			return ret;
		json_decref(r);
	}
	ret = cli_ask(c, PROTO_SETTINGS_SET, json_pack("{s:{s:o},s:b}",
		      "values", "next", id ? json_string(id) : json_null(),
		      "save", 1), PROTO_REPLY, &r);
	if (ret)
		return ret;
	json_decref(r);
	if (c->json) {
		r = json_pack("{s:b,s:s?}", "ok", 1, "next", id);
		if (r)
			cli_dump_json(r);
		json_decref(r);
	} else {
		cli_print_clean("next boot: ", id ? id : "the default again");
	}
	return 0;
}
