/*
 * client-config.c: `baton config`: the settings from the command line
 * (over SSH too): list them, print one, set or unset one. Changes go
 * through the daemon, which checks them, saves them to the board's store
 * and tells the menus. With lockdown on, BATON_PASSWORD gives the password.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/config.h"
#include "lib/protocol.h"
#include "ui/client-internal.h"
#include "ui/client.h"
#include "ui/model.h"

/* A key's value as settings show it: the password only as "(set)". */
static json_t *only_value(const json_t *s, const char *key)
{
	if (config_key_find(key) == CFG_PASSWORD)
		return json_is_true(json_object_get(s, "lockdown")) ?
		       json_string("(set)") : NULL;
	return json_incref(json_object_get(json_object_get(s, "values"),
					   key));
}

static void print_settings(const json_t *s, const char *only, bool json)
{
	json_t *values = json_object_get(s, "values");
	json_t *origins = json_object_get(s, "origins");
	const char *v;
	int k;

	if (json && !only) {
		json_dumpf(s, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
		return;
	}
	if (json) {	/* one key: {"KEY": value or null} */
		json_t *one = json_pack("{s:o?}", only, only_value(s, only));

		if (one)
			cli_dump_json(one);
		json_decref(one);
		return;
	}
	for (k = 0; k < CFG_KEY_MAX; k++) {
		const char *name = config_keys[k].name;

		if (only && !streq(only, name))
			continue;
		v = k == CFG_PASSWORD ? json_is_true(json_object_get(s,
			"lockdown")) ? "(set)" : "" :
		    json_string_value(json_object_get(values, name));
		if (only)
			printf("%s\n", v ? v : "");
		else
			printf("%-15s %-30s %s\n", name, v ? v : "",
			       k == CFG_PASSWORD ? "" : json_string_value(
				json_object_get(origins, name)) ?: "");
	}
}

static int usage(FILE *f, int status)
{
	fprintf(f,
"usage: baton config [--json] [--socket PATH]          list the settings\n"
"       baton config [--socket PATH] KEY                print one\n"
"       baton config [--socket PATH] KEY VALUE          set and save one\n"
"       baton config [--socket PATH] --unset KEY        forget a saved one\n"
"  Keys and values: docs/config.md. With lockdown on, the password is\n"
"  taken from $BATON_PASSWORD.\n");
	fputs(client_exit_help, f);
	return status;
}

static int run(struct cli *c, char **args, int n, bool unset)
{
	const char *pw = getenv("BATON_PASSWORD");
	json_t *ans = NULL, *v;
	int ret;

	ret = cli_hello(c, false, &ans);
	json_decref(ans);
	ans = NULL;
	if (!ret && n == 2 - unset) {
		if (pw && (ret = cli_ask(c, PROTO_UNLOCK, json_pack("{s:s}",
				     "password", pw), PROTO_REPLY, &ans)))
			return ret;
		json_decref(ans);
		ans = NULL;
		v = unset ? json_null() : json_string(args[1]);
		ret = cli_ask(c, PROTO_SETTINGS_SET, json_pack("{s:{s:o},s:b}",
			      "values", args[0], v, "save", 1), PROTO_REPLY,
			      &ans);
		if (!ret && c->json)
			cli_dump_json(ans);
		json_decref(ans);
		return ret;
	}
	if (!ret)
		ret = cli_ask(c, PROTO_SETTINGS_GET, json_object(),
			      PROTO_SETTINGS, &ans);
	if (!ret)
		print_settings(ans, n ? args[0] : NULL, c->json);
	json_decref(ans);
	return ret;
}

int config_verb_main(int argc, char **argv)
{
	struct cli c = { .verb = "config", .fd = -1 };
	const char *sock = NULL;
	bool unset = false;
	const struct arg_opt opts[] = {
		OPT_FLAG("json", 'j', &c.json),
		OPT_STR("socket", 'S', &sock),
		OPT_FLAG("unset", 'u', &unset),
		OPT_END,
	};
	int first = args_parse(argc, argv, opts);
	int n, ret;

	if (first <= 0)
		return usage(first ? stderr : stdout,
			     first ? CLIENT_EXIT_USAGE : CLIENT_EXIT_OK);
	n = argc - first;
	if (n > 2 || (unset && n != 1) ||
	    (n && config_key_find(argv[first]) < 0)) {
		if (n && config_key_find(argv[first]) < 0)
			fprintf(stderr, "baton config: no setting '%s'\n",
				argv[first]);
		return usage(stderr, CLIENT_EXIT_USAGE);
	}
	c.fd = client_connect(sock);
	if (c.fd < 0) {
		fprintf(stderr, "baton config: cannot reach the daemon: %s\n",
			strerror(-c.fd));
		return CLIENT_EXIT_UNREACHABLE;
	}
	/* a change answers with its reply, as the other verbs do */
	ret = run(&c, argv + first, n, unset);
	if (ret && ret != -EIO)
		fprintf(stderr, "baton config: %s\n", strerror(-ret));
	close(c.fd);
	proto_reader_release(&c.rd);
	return client_exit_status(ret);
}
