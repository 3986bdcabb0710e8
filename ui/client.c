/*
 * client.c: the command-line client: `baton list | boot | default | next
 * | cancel | status | watch | log | sysinfo | rescan`, each with --json
 * for machines and the same exit statuses (client.h). Talks to the
 * daemon over the control socket only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/text.h"
#include "ui/client-internal.h"
#include "ui/client.h"
#include "ui/model.h"

const char client_exit_help[] =
"exit status: 0 done; 1 the daemon refused (unknown id, locked, bad value,\n"
"  the boot failed); 2 bad usage; 3 the daemon cannot be reached (or the\n"
"  connection broke).\n";

int client_exit_status(int err)
{
	if (!err)
		return CLIENT_EXIT_OK;
	return err == -EIO ? CLIENT_EXIT_REFUSED : CLIENT_EXIT_UNREACHABLE;
}

void cli_print_clean(const char *prefix, const char *s)
{
	char *c = text_sanitize(s ? s : "");

	printf("%s%s\n", prefix, c ? c : "?");
	free(c);
}

void cli_dump_json(const json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
}

void cli_refuse(struct cli *c, const char *why)
{
	json_t *r;

	fprintf(stderr, "baton %s: %s\n", c->verb, why);
	if (!c->json)
		return;
	r = json_pack("{s:b,s:s}", "ok", 0, "error", why);
	if (r)
		cli_dump_json(r);
	json_decref(r);
}

static void print_file(const char *what, const struct boot_file *f)
{
	struct strbuf sb = { 0 };

	if (!f)
		return;
	if (f->missing)
		sb_adds(&sb, "(missing) ");
	boot_file_words(&sb, f);
	printf("    %-8s", what);
	cli_print_clean("", sb_str(&sb));
	sb_release(&sb);
}

static void print_list(const struct model *m)
{
	size_t i, k;

	for (i = 0; i < m->options.n; i++) {
		const struct boot_option *o = m->options.v[i];

		printf("%s ", streq(o->id, m->default_id) ? "*" : " ");
		cli_print_clean("", o->name);
		cli_print_clean("    id      ", o->id);
		print_file("kernel", o->kernel);
		for (k = 0; o->initrds && o->initrds[k]; k++)
			print_file("initrd", o->initrds[k]);
		print_file("dtb", o->dtb);
		cli_print_clean("    cmdline ", o->cmdline);
	}
	if (!m->options.n)
		printf("no boot options\n");
}

int cli_ask(struct cli *c, unsigned type, json_t *payload, unsigned want,
	    json_t **answer)
{
	unsigned t;
	json_t *msg;
	int ret;

	ret = proto_send(c->fd, type, payload);
	json_decref(payload);	/* proto_send takes no reference */
	while (!ret && !(ret = proto_recv(c->fd, &c->rd, &t, &msg))) {
		if (t != want && t != PROTO_REPLY) {
			json_decref(msg);
			continue;
		}
		if (t == PROTO_REPLY && !json_is_true(json_object_get(msg,
								      "ok"))) {
			/* stderr: with --json, stdout holds only the JSON */
			char *e = text_sanitize(json_string_value(
				json_object_get(msg, "error")) ?: "refused");

			if (c->json)
				cli_dump_json(msg);
			fprintf(stderr, "baton: %s\n", e ? e : "?");
			free(e);
			json_decref(msg);
			return -EIO;
		}
		*answer = msg;
		return 0;
	}
	return ret;
}

int cli_hello(struct cli *c, bool events, json_t **state)
{
	return cli_ask(c, PROTO_HELLO, json_pack("{s:s,s:b}", "client", "cli",
						 "events", events),
		       PROTO_STATE, state);
}

static int show(struct cli *c, const char *unused)
{
	struct model m;
	json_t *st;
	int ret;

	ret = cli_hello(c, false, &st);
	if (ret)
		return ret;
	if (c->json) {
		if (streq(c->verb, "status"))
			json_object_del(st, "options");
		cli_dump_json(st);
		json_decref(st);
		return 0;
	}
	model_init(&m);
	model_apply(&m, PROTO_STATE, st);
	if (streq(c->verb, "list")) {
		print_list(&m);
	} else {
		cli_print_clean("default:   ", m.default_id ? m.default_id :
				"none");
		if (m.countdown >= 0)
			printf("countdown: %d s\n", m.countdown);
		else
			printf("countdown: stopped\n");
		cli_print_clean("last:      ", m.status ? m.status : "");
		if (m.liveupdate_message)
			cli_print_clean("", m.liveupdate_message);
	}
	model_release(&m);
	json_decref(st);
	return 0;
}

/* A request answered by a reply: printed with --json, said otherwise. */
static int request(struct cli *c, unsigned type, json_t *payload,
		   const char *done)
{
	json_t *r = NULL;
	int ret = cli_ask(c, type, payload, PROTO_REPLY, &r);

	/* a boot that hands over ends the connection: that is success */
	if (ret == -ECONNRESET && type == PROTO_BOOT) {
		if (c->json)
			puts("{\n  \"ok\": true,\n  \"handed_over\": true\n}");
		return 0;
	}
	if (ret)
		return ret;
	if (c->json)
		cli_dump_json(r);
	else if (done)
		cli_print_clean("", done);
	json_decref(r);
	return 0;
}

static int boot(struct cli *c, const char *id)
{
	return request(c, PROTO_BOOT, json_pack("{s:s}", "id", id), NULL);
}

static int set_default(struct cli *c, const char *id)
{
	return request(c, PROTO_SET_DEFAULT, json_pack("{s:s}", "id", id),
		       NULL);
}

static int cancel(struct cli *c, const char *unused)
{
	return request(c, PROTO_CANCEL, json_object(), NULL);
}

static int rescan(struct cli *c, const char *unused)
{
	json_t *r = NULL;
	int ret = cli_ask(c, PROTO_RESCAN, json_object(), PROTO_REPLY, &r);

	if (ret)
		return ret;
	if (c->json)
		cli_dump_json(r);
	else
		printf("rescan done: %lld source(s), %lld option(s) in %lld ms"
		       "%s\n", json_integer_value(json_object_get(r, "sources")),
		       json_integer_value(json_object_get(r, "options")),
		       json_integer_value(json_object_get(r, "ms")),
		       json_integer_value(json_object_get(r, "still_probing")) ?
		       " (some devices still probing)" : "");
	json_decref(r);
	return 0;
}

static void print_event(struct cli *c, unsigned type, json_t *msg)
{
	struct model m;
	char *s;

	if (c->json) {
		json_t *ev = json_pack("{s:s,s:O}", "type",
				       proto_type_name(type), "data", msg);

		s = json_dumps(ev, JSON_COMPACT);
		if (s)
			puts(s);
		free(s);
		json_decref(ev);
		fflush(stdout);
		return;
	}
	model_init(&m);
	model_apply(&m, type, msg);
	if (type == PROTO_STATUS || type == PROTO_PROGRESS)
		cli_print_clean("status: ", m.status);
	else if (type == PROTO_COUNTDOWN)
		printf("countdown: %d\n", m.countdown);
	else if (type == PROTO_OPTION_ADD && m.options.n)
		cli_print_clean("option: ",
				((struct boot_option *)m.options.v[0])->name);
	else
		printf("%s\n", proto_type_name(type));
	model_release(&m);
	fflush(stdout);
}

static int watch(struct cli *c, const char *unused)
{
	unsigned type;
	json_t *msg;
	int ret;

	ret = cli_hello(c, true, &msg);
	if (ret)
		return ret;
	print_event(c, PROTO_STATE, msg);
	json_decref(msg);
	while (!(ret = proto_recv(c->fd, &c->rd, &type, &msg))) {
		print_event(c, type, msg);
		json_decref(msg);
	}
	return ret == -ECONNRESET ? 0 : ret;
}

int client_connect(const char *socket_path)
{
	if (!socket_path)
		socket_path = getenv("BATON_SOCKET");
	return proto_connect(socket_path);
}

enum operand { NO_ID, ID, MAYBE_ID };

static const struct cli_verb {
	const char *name;
	enum operand operand;
	int (*run)(struct cli *c, const char *id);
} cli_verbs[] = {
	{ "list", NO_ID, show },
	{ "status", NO_ID, show },
	{ "boot", ID, boot },
	{ "default", ID, set_default },
	{ "next", MAYBE_ID, cli_next },
	{ "cancel", NO_ID, cancel },
	{ "watch", NO_ID, watch },
	{ "log", NO_ID, cli_log },
	{ "sysinfo", NO_ID, cli_sysinfo },
	{ "rescan", NO_ID, rescan },
};

static int usage(FILE *f, int status)
{
	fprintf(f,
"usage: baton list|status|log|sysinfo [--json] [--socket PATH]\n"
"       baton watch [--json] [--socket PATH]      (--json: one event a line)\n"
"       baton boot|default [--json] [--socket PATH] ID\n"
"       baton next [--json] [--socket PATH] [ID | --clear]\n"
"       baton cancel|rescan [--json] [--socket PATH]\n"
"  next ID boots ID once, at the next boot (kept until used, across\n"
"  reboots); next alone shows it, --clear forgets it. rescan probes every\n"
"  device and looks up the network again, and ends when that is done.\n"
"  With lockdown on, next takes the password from $BATON_PASSWORD.\n"
"  --json: stdout holds one JSON document (README: the remote verbs).\n");
	fputs(client_exit_help, f);
	return status;
}

int client_main(int argc, char **argv)
{
	struct cli c = { .verb = argv[0], .fd = -1 };
	const struct cli_verb *v = NULL;
	const char *sock = NULL, *id = NULL;
	const struct arg_opt opts[] = {
		OPT_FLAG("json", 'j', &c.json),
		OPT_STR("socket", 'S', &sock),
		OPT_FLAG("clear", 'c', &c.clear),
		OPT_END,
	};
	int first = args_parse(argc, argv, opts);
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cli_verbs); i++)
		if (streq(c.verb, cli_verbs[i].name))
			v = &cli_verbs[i];
	if (first <= 0 || !v)
		return usage(first ? stderr : stdout,
			     first ? CLIENT_EXIT_USAGE : CLIENT_EXIT_OK);
	if (v->operand != NO_ID && first + 1 == argc)
		id = argv[first++];
	if (first != argc || (v->operand == ID && !id) ||
	    (c.clear && (!streq(c.verb, "next") || id))) {
		if (c.clear && !streq(c.verb, "next"))
			fprintf(stderr, "baton %s: --clear is for next\n",
				c.verb);
		return usage(stderr, CLIENT_EXIT_USAGE);
	}
	c.fd = client_connect(sock);
	if (c.fd < 0) {
		fprintf(stderr, "baton %s: cannot reach the daemon: %s\n",
			c.verb, strerror(-c.fd));
		return CLIENT_EXIT_UNREACHABLE;
	}
	ret = v->run(&c, id);
	if (ret && ret != -EIO)
		fprintf(stderr, "baton %s: %s\n", c.verb, strerror(-ret));
	close(c.fd);
	proto_reader_release(&c.rd);
	return client_exit_status(ret);
}
