/* model.c: a client's copy of the daemon's state, fed by protocol messages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/protocol.h"
#include "ui/model.h"

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->countdown = -1;
}

static void option_free(void *p)
{
	boot_option_free(p);
}

static void source_free(void *p)
{
	source_info_clear(p);
	free(p);
}

void model_release(struct model *m)
{
	vec_free(&m->options, option_free);
	vec_free(&m->sources, source_free);
	free(m->default_id);
	free(m->status);
	free(m->liveupdate);
	free(m->liveupdate_message);
	json_decref(m->settings);
	model_init(m);
}

static int set_sources(struct model *m, const json_t *arr)
{
	struct vec v = { 0 };
	json_t *s;
	size_t i;

	json_array_foreach(arr, i, s) {
		struct source_info *si = calloc(1, sizeof(*si));

		if (!si || source_info_from_json(si, s) || vec_push(&v, si)) {
			free(si);
			vec_free(&v, source_free);
			return -EINVAL;
		}
	}
	vec_free(&m->sources, source_free);
	m->sources = v;
	return 1;
}

static int put_option(struct model *m, const json_t *o, size_t index)
{
	const char *err;
	struct boot_option *opt = boot_option_from_json(o, &err);
	size_t i;

	if (!opt || !opt->id) {
		boot_option_free(opt);
		return -EINVAL;
	}
	for (i = 0; i < m->options.n; i++) {
		struct boot_option *old = m->options.v[i];

		if (streq(old->id, opt->id)) {
			boot_option_free(old);
			m->options.v[i] = opt;
			return 1;
		}
	}
	/* in its place; past the end: last */
	if (vec_insert(&m->options, MIN(index, m->options.n), opt)) {
		boot_option_free(opt);
		return -ENOMEM;
	}
	return 1;
}

static void set_str(char **dst, const json_t *v)
{
	free(*dst);
	*dst = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static int apply_state(struct model *m, const json_t *msg)
{
	json_t *o, *st = json_object_get(msg, "status");
	size_t i;

	vec_free(&m->options, option_free);
	json_array_foreach(json_object_get(msg, "options"), i, o)
		if (put_option(m, o, i) < 0)
			return -EINVAL;
	if (set_sources(m, json_object_get(msg, "sources")) < 0)
		return -EINVAL;
	set_str(&m->default_id, json_object_get(msg, "default"));
	m->countdown = json_integer_value(json_object_get(msg, "countdown"));
	set_str(&m->liveupdate, json_object_get(msg, "liveupdate"));
	set_str(&m->liveupdate_message,
		json_object_get(msg, "liveupdate_message"));
	if (json_array_size(st))
		set_str(&m->status, json_array_get(st, json_array_size(st) - 1));
	return 1;
}

int model_apply(struct model *m, unsigned type, const json_t *msg)
{
	const char *id;
	size_t i;

	switch (type) {
	case PROTO_STATE:
		return apply_state(m, msg);
	case PROTO_OPTION_ADD:
		return put_option(m, json_object_get(msg, "option"),
				  json_integer_value(json_object_get(msg, "index")));
	case PROTO_OPTION_REMOVE:
		id = json_string_value(json_object_get(msg, "id"));
		for (i = 0; i < m->options.n; i++) {
			struct boot_option *o = m->options.v[i];

			if (!streq(o->id, id))
				continue;
			boot_option_free(vec_remove(&m->options, i));
			return 1;
		}
		return 0;
	case PROTO_SOURCES:
		return set_sources(m, json_object_get(msg, "sources"));
	case PROTO_COUNTDOWN:
		m->countdown = json_integer_value(json_object_get(msg,
								  "remaining"));
		if (json_is_string(json_object_get(msg, "id")))
			set_str(&m->default_id, json_object_get(msg, "id"));
		return 1;
	case PROTO_STATUS:
		set_str(&m->status, json_object_get(msg, "message"));
		m->status_error = streq(json_string_value(
				json_object_get(msg, "level")), "error");
		return 1;
	case PROTO_REPLY:
		if (json_is_true(json_object_get(msg, "ok")))
			return 0;
		set_str(&m->status, json_object_get(msg, "error"));
		m->status_error = true;
		return 1;
	case PROTO_SETTINGS:
		json_decref(m->settings);
		m->settings = json_deep_copy(msg);
		return 1;
	case PROTO_PROGRESS:
		set_str(&m->status, json_object_get(msg, "message"));
		m->status_error = streq(json_string_value(
				json_object_get(msg, "stage")), "failed");
		return 1;
	default:
		return 0;
	}
}

const char *model_setting(const struct model *m, const char *key)
{
	return json_string_value(json_object_get(
			json_object_get(m->settings, "values"), key));
}

bool model_lockdown(const struct model *m)
{
	return json_is_true(json_object_get(m->settings, "lockdown"));
}

const struct source_info *model_source(const struct model *m,
				       const char *name)
{
	size_t i;

	for (i = 0; i < m->sources.n; i++) {
		const struct source_info *si = m->sources.v[i];

		if (streq(si->name, name))
			return si;
	}
	return NULL;
}
