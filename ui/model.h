/*
 * model.h: what a client knows of the daemon's state: the options, the
 * sources, the default, the countdown and recent messages, kept up to date
 * from the protocol's messages. Shared by the menu and the CLI.
 */
#ifndef BATON_UI_MODEL_H
#define BATON_UI_MODEL_H

#include <stdbool.h>

#include <jansson.h>

#include "lib/boot-option.h"
#include "lib/util.h"

struct model {
	struct vec options;	/* struct boot_option * */
	struct vec sources;	/* struct source_info * */
	char *default_id;
	int countdown;		/* -1: not counting */
	char *status;		/* last status message */
	bool status_error;
	char *liveupdate;	/* a live update: "arrived", "carried"... */
	char *liveupdate_message;	/* ... in one sentence */
	json_t *settings;	/* the last "settings" message, or NULL */
};

void model_init(struct model *m);
void model_release(struct model *m);

/*
 * Apply one message from the daemon. Returns 1 when what is shown changed,
 * 0 when not, -EINVAL for a malformed message.
 */
int model_apply(struct model *m, unsigned type, const json_t *msg);

/* A setting's value in force ("on", "10", ...), or NULL. */
const char *model_setting(const struct model *m, const char *key);
/* The daemon asks for a password before editing, settings and the shell. */
bool model_lockdown(const struct model *m);

/* The source_info with that name, or NULL. */
const struct source_info *model_source(const struct model *m,
				       const char *name);

#endif
