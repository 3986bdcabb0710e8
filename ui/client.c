/*
 * client.c: the command-line client: `baton list | boot | default | cancel
 * | status | watch`, each with --json for machines. Talks to the daemon
 * over the control socket only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/protocol.h"
#include "lib/text.h"
#include "ui/client.h"
#include "ui/model.h"

struct cli {
	const char *verb;
	bool json;
	int fd;
	struct proto_reader rd;
};

static void print_clean(const char *prefix, const char *s)
{
	char *c = text_sanitize(s ? s : "");

	printf("%s%s\n", prefix, c ? c : "?");
	free(c);
}

static void dump_json(const json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
}

static void print_file(const char *what, const struct boot_file *f)
{
	char buf[1024];

	if (!f)
		return;
	snprintf(buf, sizeof(buf), "%s%s%s%s", f->url ? f->url : "",
		 f->source ? f->source : f->url ? "" : "?",
		 f->url ? "" : ":", f->path ? f->path : "");
	printf("    %-8s", what);
	print_clean(f->missing ? "(missing) " : "", buf);
}

static void print_list(const struct model *m)
{
	size_t i, k;

	for (i = 0; i < m->options.n; i++) {
		const struct boot_option *o = m->options.v[i];

		printf("%s ", streq(o->id, m->default_id) ? "*" : " ");
		print_clean("", o->name);
		print_clean("    id      ", o->id);
		print_file("kernel", o->kernel);
		for (k = 0; o->initrds && o->initrds[k]; k++)
			print_file("initrd", o->initrds[k]);
		print_file("dtb", o->dtb);
		print_clean("    cmdline ", o->cmdline);
	}
	if (!m->options.n)
		printf("no boot options\n");
}

static int hello(struct cli *c, bool events, json_t **state)
{
	json_t *msg = json_pack("{s:s,s:b}", "client", "cli", "events", events);
	unsigned type;
	int ret;

	ret = proto_send(c->fd, PROTO_HELLO, msg);
	json_decref(msg);	/* proto_send takes no reference */
	if (ret)
		return ret;
	ret = proto_recv(c->fd, &c->rd, &type, state);
	if (!ret && type != PROTO_STATE) {
		json_decref(*state);
		ret = -EPROTO;
	}
	return ret;
}

static int show(struct cli *c)
{
	struct model m;
	json_t *st;
	int ret;

	ret = hello(c, false, &st);
	if (ret)
		return ret;
	if (c->json) {
		if (streq(c->verb, "status"))
			json_object_del(st, "options");
		dump_json(st);
		json_decref(st);
		return 0;
	}
	model_init(&m);
	model_apply(&m, PROTO_STATE, st);
	if (streq(c->verb, "list")) {
		print_list(&m);
	} else {
		print_clean("default:   ", m.default_id ? m.default_id : "none");
		if (m.countdown >= 0)
			printf("countdown: %d s\n", m.countdown);
		else
			printf("countdown: stopped\n");
		print_clean("last:      ", m.status ? m.status : "");
		if (m.liveupdate_message)
			print_clean("", m.liveupdate_message);
	}
	model_release(&m);
	json_decref(st);
	return 0;
}

/* Send a request and wait for its reply. */
static int request(struct cli *c, unsigned type, json_t *payload)
{
	unsigned t;
	json_t *msg;
	int ret;

	ret = proto_send(c->fd, type, payload);
	json_decref(payload);
	while (!ret) {
		ret = proto_recv(c->fd, &c->rd, &t, &msg);
		if (ret == -ECONNRESET && type == PROTO_BOOT)
			return 0;	/* the machine is handing over */
		if (ret)
			break;
		if (t != PROTO_REPLY) {
			json_decref(msg);
			continue;
		}
		if (c->json)
			dump_json(msg);
		if (!json_is_true(json_object_get(msg, "ok"))) {
			/* stderr: with --json, stdout holds only the JSON */
			char *e = text_sanitize(json_string_value(
					json_object_get(msg, "error")) ?: "");

			fprintf(stderr, "baton: %s\n", e ? e : "?");
			free(e);
			ret = -EIO;
		}
		json_decref(msg);
		return ret;
	}
	return ret;
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
		print_clean("status: ", m.status);
	else if (type == PROTO_COUNTDOWN)
		printf("countdown: %d\n", m.countdown);
	else if (type == PROTO_OPTION_ADD && m.options.n)
		print_clean("option: ",
			    ((struct boot_option *)m.options.v[0])->name);
	else
		printf("%s\n", proto_type_name(type));
	model_release(&m);
	fflush(stdout);
}

static int watch(struct cli *c)
{
	unsigned type;
	json_t *msg;
	int ret;

	ret = hello(c, true, &msg);
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

static int usage(FILE *f, int status)
{
	fprintf(f,
"usage: baton list|status|watch [--json] [--socket PATH]\n"
"       baton boot|default [--json] [--socket PATH] ID\n"
"       baton cancel [--socket PATH]\n");
	return status;
}

int client_main(int argc, char **argv)
{
	struct cli c = { .verb = argv[0], .fd = -1 };
	const char *sock = NULL, *id = NULL;
	const struct arg_opt opts[] = {
		OPT_FLAG("json", 'j', &c.json),
		OPT_STR("socket", 'S', &sock),
		OPT_END,
	};
	int first = args_parse(argc, argv, opts);
	bool needs_id;
	int ret;

	if (first <= 0)
		return usage(first ? stderr : stdout, first ? 2 : 0);
	needs_id = streq(c.verb, "boot") || streq(c.verb, "default");
	if (needs_id && first + 1 == argc)
		id = argv[first++];
	if (first != argc || (needs_id && !id))
		return usage(stderr, 2);
	c.fd = client_connect(sock);
	if (c.fd < 0) {
		fprintf(stderr, "baton %s: cannot reach the daemon: %s\n",
			c.verb, strerror(-c.fd));
		return 1;
	}
	if (streq(c.verb, "boot"))
		ret = request(&c, PROTO_BOOT, json_pack("{s:s}", "id", id));
	else if (streq(c.verb, "default"))
		ret = request(&c, PROTO_SET_DEFAULT, json_pack("{s:s}", "id", id));
	else if (streq(c.verb, "cancel"))
		ret = request(&c, PROTO_CANCEL, json_object());
	else if (streq(c.verb, "watch"))
		ret = watch(&c);
	else
		ret = show(&c);
	if (ret && ret != -EIO)
		fprintf(stderr, "baton %s: %s\n", c.verb, strerror(-ret));
	close(c.fd);
	proto_reader_release(&c.rd);
	return ret ? 1 : 0;
}
