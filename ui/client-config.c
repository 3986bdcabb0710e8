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
#include "lib/text.h"
#include "ui/client.h"
#include "ui/model.h"

/* Send one request and wait for a message of type want (or a reply). */
static int ask(int fd, struct proto_reader *rd, unsigned type, json_t *payload,
	       unsigned want, json_t **answer)
{
	unsigned t;
	json_t *msg;
	int ret;

	ret = proto_send(fd, type, payload);
	json_decref(payload);
	while (!ret && !(ret = proto_recv(fd, rd, &t, &msg))) {
		if (t != want && t != PROTO_REPLY) {
			json_decref(msg);
			continue;
		}
		if (t == PROTO_REPLY && !json_is_true(json_object_get(msg, "ok"))) {
			char *why = text_sanitize(json_string_value(
				json_object_get(msg, "error")) ?: "refused");

			fprintf(stderr, "baton config: %s\n", why ? why : "?");
			free(why);
			json_decref(msg);
			return -EPERM;
		}
		*answer = msg;
		return 0;
	}
	return ret;
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
	return status;
}

static int run(int fd, struct proto_reader *rd, char **args, int n,
	       bool unset, bool json)
{
	const char *pw = getenv("BATON_PASSWORD");
	json_t *ans = NULL, *v;
	int ret;

	ret = ask(fd, rd, PROTO_HELLO, json_pack("{s:s,s:b}", "client", "cli",
						 "events", 0), PROTO_STATE, &ans);
	json_decref(ans);
	ans = NULL;
	if (!ret && n == 2 - unset) {
		if (pw && (ret = ask(fd, rd, PROTO_UNLOCK, json_pack("{s:s}",
				     "password", pw), PROTO_REPLY, &ans)))
			return ret;
		json_decref(ans);
		ans = NULL;
		v = unset ? json_null() : json_string(args[1]);
		ret = ask(fd, rd, PROTO_SETTINGS_SET, json_pack("{s:{s:o},s:b}",
			  "values", args[0], v, "save", 1), PROTO_REPLY, &ans);
		json_decref(ans);
		return ret;
	}
	if (!ret)
		ret = ask(fd, rd, PROTO_SETTINGS_GET, json_object(),
			  PROTO_SETTINGS, &ans);
	if (!ret)
		print_settings(ans, n ? args[0] : NULL, json);
	json_decref(ans);
	return ret;
}

int config_verb_main(int argc, char **argv)
{
	struct proto_reader rd = { 0 };
	const char *sock = NULL;
	bool json = false, unset = false;
	const struct arg_opt opts[] = {
		OPT_FLAG("json", 'j', &json),
		OPT_STR("socket", 'S', &sock),
		OPT_FLAG("unset", 'u', &unset),
		OPT_END,
	};
	int first = args_parse(argc, argv, opts);
	int fd, n, ret;

	if (first <= 0)
		return usage(first ? stderr : stdout, first ? 2 : 0);
	n = argc - first;
	if (n > 2 || (unset && n != 1) ||
	    (n && config_key_find(argv[first]) < 0)) {
		if (n && config_key_find(argv[first]) < 0)
			fprintf(stderr, "baton config: no setting '%s'\n",
				argv[first]);
		return usage(stderr, 2);
	}
	fd = client_connect(sock);
	if (fd < 0) {
		fprintf(stderr, "baton config: cannot reach the daemon: %s\n",
			strerror(-fd));
		return 1;
	}
	ret = run(fd, &rd, argv + first, n, unset, json);
	if (ret && ret != -EPERM)
		fprintf(stderr, "baton config: %s\n", strerror(-ret));
	close(fd);
	proto_reader_release(&rd);
	return ret ? 1 : 0;
}
