/* test-config.c: settings: file and command-line parsing, layers, rules. */
#include <errno.h>
#include <stdlib.h>

#include "lib/config.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

static void test_parse_file(void)
{
	struct config c = { { NULL } };
	struct vec diags = { 0 };

	CHECK_INT(config_parse(&c,
		"# comment\n\ntimeout = 5\ndefault=\"Debian*\"\n"
		"  fall_through   =   no  \nboot_order = usb, label=ROOT disk\n",
		&diags), 0);
	CHECK_STR(c.values[CFG_TIMEOUT], "5");
	CHECK_STR(c.values[CFG_DEFAULT], "Debian*");
	CHECK_STR(c.values[CFG_FALL_THROUGH], "off");
	CHECK_STR(c.values[CFG_BOOT_ORDER], "usb, label=ROOT disk");
	CHECK(c.values[CFG_NEXT] == NULL);
	CHECK_INT(diags.n, 0);
	config_clear(&c);
	vec_free(&diags, free);
}

static void test_parse_reports_lines(void)
{
	struct config c = { { NULL } };
	struct vec diags = { 0 };

	CHECK_INT(config_parse(&c, "timeout = soon\n\nbogus = 1\nnoequals\n"
			       "headless = on\nboot_order = floppy\n", &diags), 0);
	CHECK_INT(diags.n, 4);
	if (diags.n == 4) {
		CHECK(strstr(diags.v[0], "line 1: timeout") != NULL);
		CHECK(strstr(diags.v[1], "line 3: unknown key 'bogus'") != NULL);
		CHECK(strstr(diags.v[2], "line 4") != NULL);
		CHECK(strstr(diags.v[3], "line 6: boot_order") != NULL);
	}
	CHECK(c.values[CFG_TIMEOUT] == NULL);
	CHECK_STR(c.values[CFG_HEADLESS], "on");
	config_clear(&c);
	vec_free(&diags, free);
}

static void test_format_round_trip(void)
{
	struct config a = { { NULL } }, b = { { NULL } };
	char *text;
	int k;

	CHECK_INT(config_set(&a, CFG_TIMEOUT, "-1"), 0);
	CHECK_INT(config_set(&a, CFG_DEFAULT, "Advanced options>Debian*"), 0);
	CHECK_INT(config_set(&a, CFG_HEADLESS, "yes"), 0);
	CHECK_INT(config_set(&a, CFG_PASSWORD, "$6$abc$xyz"), 0);
	text = config_format(&a);
	CHECK(text != NULL);
	CHECK_INT(config_parse(&b, text, NULL), 0);
	for (k = 0; k < CFG_KEY_MAX; k++)
		CHECK((!a.values[k] && !b.values[k]) ||
		      streq(a.values[k], b.values[k]));
	CHECK_STR(b.values[CFG_HEADLESS], "on");
	free(text);
	config_clear(&a);
	config_clear(&b);
}

/* Found by fuzz-config: a value trim() would change is written quoted. */
static void test_format_quotes_what_trim_changes(void)
{
	static const char *const values[] = {
		"\"Fedora\"", "\"\"", "Debian ", " Debian", "\"a\" b \"c\"",
		"a \"b\"", "\"",
	};
	struct config a = { { NULL } }, b = { { NULL } };
	char *text;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		CHECK_INT(config_set(&a, CFG_DEFAULT, values[i]), 0);
		text = config_format(&a);
		CHECK(text != NULL);
		CHECK_INT(config_parse(&b, text, NULL), 0);
		CHECK_STR(b.values[CFG_DEFAULT], values[i]);
		free(text);
	}
	config_clear(&a);
	config_clear(&b);
}

static void test_set_checks_values(void)
{
	struct config c = { { NULL } };
	const char *why;

	CHECK_INT(config_set(&c, CFG_TIMEOUT, "-2"), -EINVAL);
	CHECK_INT(config_set(&c, CFG_TIMEOUT, "86401"), -EINVAL);
	CHECK_INT(config_set(&c, CFG_TIMEOUT, "0"), 0);
	CHECK_INT(config_set(&c, CFG_FALL_THROUGH, "maybe"), -EINVAL);
	CHECK_INT(config_set(&c, CFG_DEFAULT, "a\033[2Jb"), -EINVAL);
	CHECK_INT(config_set(&c, CFG_PASSWORD, "plaintext"), -EINVAL);
	CHECK_INT(config_check(CFG_BOOT_ORDER, "usb,uuid=1234 any", &why), 0);
	CHECK_INT(config_check(CFG_BOOT_ORDER, "label=", &why), -EINVAL);
	CHECK(why != NULL);
	CHECK_INT(config_set(&c, CFG_TIMEOUT, ""), 0);
	CHECK(c.values[CFG_TIMEOUT] == NULL);
	config_clear(&c);
}

/* ssh_keys holds several keys: 4,096 bytes, where other values stop at 512. */
static void test_ssh_keys_bounds(void)
{
	struct config c = { { NULL } };
	struct vec diags = { 0 };
	char big[5000];
	const char *why;

	memset(big, 'A', sizeof(big));
	big[600] = '\0';
	CHECK_INT(config_check(CFG_DEFAULT, big, &why), -EINVAL);
	CHECK_INT(config_check(CFG_SSH_KEYS, big, &why), 0);
	big[600] = 'A';
	big[4096] = '\0';
	CHECK_INT(config_check(CFG_SSH_KEYS, big, &why), 0);
	big[4096] = 'A';
	big[4097] = '\0';
	CHECK_INT(config_check(CFG_SSH_KEYS, big, &why), -EINVAL);
	CHECK_STR(why, "value too long");
	/* not from the kernel command line: init reads baton.ssh_key= */
	CHECK_INT(config_read_cmdline(&c, "baton.ssh_keys=x baton.ssh_key="
				      "ssh-ed25519,AAAA\n", &diags), 0);
	CHECK(c.values[CFG_SSH_KEYS] == NULL);
	CHECK_INT(diags.n, 1);
	config_clear(&c);
	vec_free(&diags, free);
}

static void test_cmdline_words(void)
{
	struct config c = { { NULL } };
	struct vec diags = { 0 };

	CHECK_INT(config_read_cmdline(&c,
		"quiet baton.timeout=3 baton.default=\"Debian GNU/Linux\" "
		"baton.term=vt220 baton.password=$6$x$y baton.timeout=7 "
		"baton.fall_through=off root=/dev/sda1\n", &diags), 0);
	CHECK_STR(c.values[CFG_TIMEOUT], "7");
	CHECK_STR(c.values[CFG_DEFAULT], "Debian GNU/Linux");
	CHECK_STR(c.values[CFG_FALL_THROUGH], "off");
	CHECK(c.values[CFG_PASSWORD] == NULL);
	CHECK_INT(diags.n, 1);	/* the password is refused, baton.term ignored */
	config_clear(&c);
	vec_free(&diags, free);
}

static void test_layers(void)
{
	struct settings s = { 0 };

	CHECK_STR(settings_get(&s, CFG_FALL_THROUGH), "on");
	CHECK_INT(settings_origin(&s, CFG_FALL_THROUGH), -1);
	CHECK(settings_bool(&s, CFG_FALL_THROUGH));
	CHECK_INT(settings_int(&s, CFG_TIMEOUT, 10), 10);
	config_set(&s.layer[CFG_LAYER_STORE], CFG_TIMEOUT, "5");
	config_set(&s.layer[CFG_LAYER_CMDLINE], CFG_TIMEOUT, "2");
	CHECK_INT(settings_int(&s, CFG_TIMEOUT, 10), 2);
	CHECK_INT(settings_origin(&s, CFG_TIMEOUT), CFG_LAYER_CMDLINE);
	config_set(&s.layer[CFG_LAYER_ARGS], CFG_TIMEOUT, "-1");
	CHECK_INT(settings_int(&s, CFG_TIMEOUT, 10), -1);
	settings_release(&s);
}

static void test_patterns(void)
{
	struct boot_option o = {
		.id = "vda1:debian", .name = "Advanced options>Debian (recovery)",
	};
	char *ids[] = { "gnulinux-advanced-1234", NULL };

	o.ids = ids;
	CHECK(config_pattern_matches("vda1:debian", &o, true));
	CHECK(config_pattern_matches("gnulinux-advanced-1234", &o, true));
	CHECK(!config_pattern_matches("Advanced*", &o, true));
	CHECK(config_pattern_matches("Advanced*", &o, false));
	CHECK(config_pattern_matches("Advanced options>Debian (recovery)", &o,
				     false));
	CHECK(config_pattern_matches("*>*recovery*", &o, false));
	CHECK(!config_pattern_matches("Debian*", &o, false));
	CHECK(!config_pattern_matches("", &o, false));
}

static void test_order_rank(void)
{
	struct source_info usb = { .name = "sdb1", .kind = "usb",
				   .label = "STICK" };
	struct source_info disk = { .name = "vda2", .kind = "disk",
				    .uuid = "AB-CD", .label = "root" };
	struct source_info net = { .name = "eth0", .kind = "network" };

	CHECK_INT(config_order_rank(NULL, &usb), 0);
	CHECK_INT(config_order_rank("usb disk", &usb), 0);
	CHECK_INT(config_order_rank("usb disk", &disk), 1);
	CHECK_INT(config_order_rank("usb disk", &net), -1);
	CHECK_INT(config_order_rank("usb,disk,any", &net), 2);
	CHECK_INT(config_order_rank("label=ROOT usb", &disk), 0);
	CHECK_INT(config_order_rank("uuid=ab-cd", &disk), 0);
	CHECK_INT(config_order_rank("name=vda2", &disk), 0);
	CHECK_INT(config_order_rank("label=root", &usb), -1);
}

static void test_passwords(void)
{
	char *hash = config_password_hash("s3cret");
	const char *why;

	CHECK(hash != NULL);
	CHECK_INT(config_check(CFG_PASSWORD, hash, &why), 0);
	CHECK(config_password_ok(hash, "s3cret"));
	CHECK(!config_password_ok(hash, "s3cret "));
	CHECK(!config_password_ok(hash, ""));
	CHECK(!config_password_ok(NULL, "s3cret"));
	CHECK(!config_password_ok("$6$bad", "s3cret"));
	/* a hash made elsewhere: openssl passwd -6 -salt saltsalt baton */
	CHECK(config_password_ok("$6$saltsalt$tEcJInL7f2fAtfIQFmRGoH0rOXS517Nb"
		"u1Hhkqe6c75gu6NAnkFSSmIZCsP/Pdlrpj/9opD.eB8HHOUuT8GwM.", "baton"));
	free(hash);
}

/* net_proxy takes an HTTP proxy only, from the command line too */
static void test_net_proxy(void)
{
	struct config c = { { NULL } };
	const char *why;

	CHECK_INT(config_check(CFG_NET_PROXY, "http://10.0.0.1:3128", &why), 0);
	CHECK_INT(config_check(CFG_NET_PROXY, "socks5://10.0.0.1:1080", &why),
		  -EINVAL);
	CHECK_STR(why, "a proxy is http://HOST[:PORT] or https://HOST[:PORT]");
	CHECK_INT(config_set(&c, CFG_NET_PROXY, "http://a b"), -EINVAL);
	CHECK(c.values[CFG_NET_PROXY] == NULL);
	CHECK(config_keys[CFG_NET_PROXY].cmdline);
	CHECK_STR(config_keys[CFG_NET_PROXY].name, "net_proxy");
}

/* verify takes one of its words, and says which when it does not. */
static void test_words(void)
{
	struct config c = { { NULL } };
	const char *why;

	CHECK_INT(config_check(CFG_VERIFY, "enforce", &why), 0);
	CHECK_INT(config_check(CFG_VERIFY, "warn", &why), 0);
	CHECK_INT(config_check(CFG_VERIFY, "off", &why), 0);
	CHECK_INT(config_check(CFG_VERIFY, "on", &why), -EINVAL);
	CHECK_STR(why, "want off, warn or enforce");
	CHECK_INT(config_check(CFG_VERIFY, "Enforce", &why), -EINVAL);
	CHECK_INT(config_set(&c, CFG_VERIFY, "strict"), -EINVAL);
	CHECK(c.values[CFG_VERIFY] == NULL);
	CHECK_INT(config_set(&c, CFG_VERIFY, "warn"), 0);
	CHECK_STR(c.values[CFG_VERIFY], "warn");
	CHECK_STR(config_keys[CFG_VERIFY].builtin, "off");
	config_clear(&c);
}

/* net_wait: -1, 0 or seconds, 30 when unset; its own words when refused */
static void test_net_wait(void)
{
	struct settings st;
	const char *why;

	memset(&st, 0, sizeof(st));

	CHECK_STR(config_keys[CFG_NET_WAIT].name, "net_wait");
	CHECK_STR(config_keys[CFG_NET_WAIT].builtin, "30");
	CHECK(config_keys[CFG_NET_WAIT].cmdline);
	CHECK_INT(settings_int(&st, CFG_NET_WAIT, 99), 30);
	CHECK_INT(config_check(CFG_NET_WAIT, "-1", &why), 0);
	CHECK_INT(config_check(CFG_NET_WAIT, "0", &why), 0);
	CHECK_INT(config_check(CFG_NET_WAIT, "120", &why), 0);
	CHECK_INT(config_check(CFG_NET_WAIT, "-2", &why), -EINVAL);
	CHECK_STR(why, "want -1 (no bound), 0 (no wait) or seconds up to 86400");
	CHECK_INT(config_check(CFG_NET_WAIT, "30s", &why), -EINVAL);
	CHECK_INT(config_check(CFG_TIMEOUT, "x", &why), -EINVAL);
	CHECK_STR(why, "want -1 (wait), 0 (at once) or seconds up to 86400");
	CHECK_INT(config_set(&st.layer[CFG_LAYER_CMDLINE], CFG_NET_WAIT, "5"), 0);
	CHECK_INT(settings_int(&st, CFG_NET_WAIT, 99), 5);
	config_clear(&st.layer[CFG_LAYER_CMDLINE]);
}

static const struct test_case cases[] = {
	TEST(test_net_proxy),
	TEST(test_net_wait),
	TEST(test_parse_file),
	TEST(test_parse_reports_lines),
	TEST(test_format_round_trip),
	TEST(test_format_quotes_what_trim_changes),
	TEST(test_set_checks_values),
	TEST(test_ssh_keys_bounds),
	TEST(test_cmdline_words),
	TEST(test_layers),
	TEST(test_patterns),
	TEST(test_order_rank),
	TEST(test_passwords),
	TEST(test_words),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
