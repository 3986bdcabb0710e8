/*
 * config-check.h: what the settings targets ask of every config layer
 * they read: each value set passes config_check (no control character can
 * reach the settings screen or the saved file), and the file baton would
 * save reads back as the same settings.
 */
#ifndef BATON_TESTS_FUZZ_CONFIG_CHECK_H
#define BATON_TESTS_FUZZ_CONFIG_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/config.h"

/* The input as a C string (the file's text, the command line); NULL: ENOMEM. */
static inline char *config_fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

static inline void config_check_layer(const struct config *c)
{
	struct config again = { { NULL } };
	const char *why;
	char *text;
	int k;

	for (k = 0; k < CFG_KEY_MAX; k++)
		if (c->values[k] && config_check(k, c->values[k], &why))
			abort();
	text = config_format(c);
	if (!text)
		return;
	if (config_parse(&again, text, NULL))
		goto out;
	for (k = 0; k < CFG_KEY_MAX; k++)
		if (!c->values[k] != !again.values[k] ||
		    (c->values[k] && strcmp(c->values[k], again.values[k])))
			abort();
out:
	config_clear(&again);
	free(text);
}

#endif
