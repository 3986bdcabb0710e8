/*
 * fuzz-config.c: libFuzzer target for the settings file reader
 * (config_parse in lib/config.c): the input is the saved file's text.
 * What it reads must pass the value checks and survive a save and a
 * reload unchanged; the values then drive the boot order and default
 * pattern rules.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/config-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c = { { NULL } };
	struct settings s = { 0 };
	struct source_info si = {
		.name = "sda2", .uuid = "1234-ABCD", .label = "boot",
		.kind = "usb", .fstype = "vfat",
	};
	struct boot_option o = {
		.id = "sda2:fedora", .name = "Fedora Linux (6.1)",
	};
	struct vec diags = { 0 };
	char *text;

	text = config_fuzz_text(data, size);
	if (!text)
		return 0;
	if (!config_parse(&c, text, &diags)) {
		config_check_layer(&c);
		s.layer[CFG_LAYER_STORE] = c;
		settings_int(&s, CFG_TIMEOUT, 10);
		settings_bool(&s, CFG_FALL_THROUGH);
		config_order_rank(settings_get(&s, CFG_BOOT_ORDER), &si);
		if (settings_get(&s, CFG_DEFAULT)) {
			config_pattern_matches(settings_get(&s, CFG_DEFAULT),
					       &o, true);
			config_pattern_matches(settings_get(&s, CFG_DEFAULT),
					       &o, false);
		}
		settings_release(&s);
	}
	vec_free(&diags, free);
	free(text);
	return 0;
}
