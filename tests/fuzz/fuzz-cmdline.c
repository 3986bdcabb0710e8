/*
 * fuzz-cmdline.c: libFuzzer target for the baton.KEY=VALUE words of the
 * kernel command line (config_read_cmdline in lib/config.c): the input is
 * /proc/cmdline. What it sets must pass the value checks and be a layer
 * baton could save and read back unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/config-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c = { { NULL } };
	struct vec diags = { 0 };
	char *text;

	text = config_fuzz_text(data, size);
	if (!text)
		return 0;
	if (!config_read_cmdline(&c, text, &diags)) {
		config_check_layer(&c);
		if (c.values[CFG_BOOT_ORDER])
			config_order_rank(c.values[CFG_BOOT_ORDER], NULL);
	}
	config_clear(&c);
	vec_free(&diags, free);
	free(text);
	return 0;
}
