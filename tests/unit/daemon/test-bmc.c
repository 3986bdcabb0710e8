/* test-bmc.c: the BMC boot-flag decoder, the policy's reading of it, and
 * the requests baton sends, against a scripted BMC. */
#include <errno.h>

#include "daemon/bmc.h"
#include "lib/util.h"
#include "tests/unit/test.h"

/*
 * A scripted BMC: keeps parameter 5 and 4 as a BMC does, answers Get and
 * Set System Boot Options, Platform Event and Add SEL Entry, records what
 * it was sent.
 */
struct fake_bmc {
	uint8_t flags[5];
	uint8_t ack;
	bool no_param4;		/* answer 80h for parameter 4 */
	bool no_events;		/* answer C1h for Platform Event */
	bool no_sel;		/* answer C1h for Add SEL Entry */
	int fail;		/* a transport error to return, or 0 */
	uint8_t last_event[16];
	size_t last_event_len;
	uint8_t sel[16];	/* the last SEL record added */
	size_t sel_len;
	int sets;
};

static int fake_xfer(void *ctx, uint8_t netfn, uint8_t cmd,
		     const uint8_t *data, size_t len, uint8_t *reply,
		     size_t reply_max, size_t *reply_len)
{
	struct fake_bmc *b = ctx;

	if (b->fail)
		return b->fail;
	if (netfn == IPMI_NETFN_SENSOR_EVENT &&
	    cmd == IPMI_CMD_PLATFORM_EVENT) {
		memcpy(b->last_event, data, MIN(len, sizeof(b->last_event)));
		b->last_event_len = len;
		reply[0] = b->no_events ? 0xc1 : 0x00;
		*reply_len = 1;
		return 0;
	}
	if (netfn == IPMI_NETFN_STORAGE && cmd == IPMI_CMD_ADD_SEL_ENTRY &&
	    !b->no_sel) {
		memcpy(b->sel, data, MIN(len, sizeof(b->sel)));
		b->sel_len = len;
		reply[0] = 0;
		reply[1] = 0x07;	/* the record ID it gave */
		reply[2] = 0x00;
		*reply_len = 3;
		return 0;
	}
	if (netfn != IPMI_NETFN_CHASSIS)
		goto invalid;
	if (cmd == IPMI_CMD_GET_BOOT_OPTIONS && len == 3 && data[0] == 5) {
		reply[0] = 0;
		reply[1] = 0x01;
		reply[2] = 0x05;
		memcpy(reply + 3, b->flags, 5);
		*reply_len = 8;
		return 0;
	}
	if (cmd == IPMI_CMD_SET_BOOT_OPTIONS && len == 6 && data[0] == 5) {
		memcpy(b->flags, data + 1, 5);
		b->sets++;
		reply[0] = 0;
		*reply_len = 1;
		return 0;
	}
	if (cmd == IPMI_CMD_SET_BOOT_OPTIONS && len == 3 && data[0] == 4) {
		reply[0] = b->no_param4 ? 0x80 : 0x00;
		if (!b->no_param4)
			b->ack = (b->ack & ~data[1]) | (data[2] & data[1]);
		b->sets++;
		*reply_len = 1;
		return 0;
	}
invalid:
	(void)reply_max;
	reply[0] = 0xc1;
	*reply_len = 1;
	return 0;
}

static struct ipmi_transport fake_transport(struct fake_bmc *b)
{
	return (struct ipmi_transport){ .xfer = fake_xfer, .ctx = b };
}

/* A Get System Boot Options reply for parameter 5 with data byte 1 D1 and
 * selector SEL. */
static int decode(uint8_t d1, uint8_t sel, struct bmc_boot_flags *f)
{
	uint8_t r[8] = { 0x00, 0x01, 0x05, d1, (uint8_t)(sel << 2), 0, 0, 0 };

	return bmc_flags_decode(r, sizeof(r), f);
}

static void test_every_selector(void)
{
	static const struct {
		uint8_t sel;
		enum bmc_action act;
	} table[] = {
		{ 0x0, BMC_ACT_POLICY },   { 0x1, BMC_ACT_NETWORK },
		{ 0x2, BMC_ACT_DISK },     { 0x3, BMC_ACT_WAIT },
		{ 0x4, BMC_ACT_WAIT },     { 0x5, BMC_ACT_OPTICAL },
		{ 0x6, BMC_ACT_WAIT },     { 0x7, BMC_ACT_POLICY },
		{ 0x8, BMC_ACT_OPTICAL },  { 0x9, BMC_ACT_POLICY },
		{ 0xa, BMC_ACT_POLICY },   { 0xb, BMC_ACT_DISK },
		{ 0xc, BMC_ACT_POLICY },   { 0xd, BMC_ACT_POLICY },
		{ 0xe, BMC_ACT_POLICY },   { 0xf, BMC_ACT_POLICY },
	};
	struct bmc_boot_flags f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		CHECK_INT(decode(0x80, table[i].sel, &f), 0);
		CHECK_INT(f.selector, table[i].sel);
		CHECK(f.valid);
		CHECK(!f.persistent);
		CHECK_INT(bmc_flags_action(&f), table[i].act);
		/* the same selector without the valid bit asks nothing */
		CHECK_INT(decode(0x00, table[i].sel, &f), 0);
		CHECK_INT(bmc_flags_action(&f), BMC_ACT_POLICY);
	}
}

static void test_persistent_efi_instance(void)
{
	uint8_t r[8] = { 0x00, 0x01, 0x05, 0xe0, 0x01 << 2, 0, 0, 0x13 };
	struct bmc_boot_flags f;

	CHECK_INT(bmc_flags_decode(r, sizeof(r), &f), 0);
	CHECK(f.valid);
	CHECK(f.persistent);
	CHECK(f.efi);
	CHECK_INT(f.instance, 3);
	CHECK_INT(bmc_flags_action(&f), BMC_ACT_NETWORK);
	/* other bits of byte 2 (CMOS clear, lock keyboard) do not leak */
	r[4] = 0xc3 | (0x5 << 2);
	CHECK_INT(bmc_flags_decode(r, sizeof(r), &f), 0);
	CHECK_INT(f.selector, 0x5);
}

static void test_malformed_replies(void)
{
	struct bmc_boot_flags f = { .selector = 9 };
	uint8_t ok[8] = { 0x00, 0x01, 0x05, 0x80, 0x04, 0, 0, 0 };
	uint8_t r[8];

	CHECK_INT(bmc_flags_decode(ok, 0, &f), -EPROTO);
	CHECK_INT(bmc_flags_decode(ok, 1, &f), -EPROTO);
	CHECK_INT(bmc_flags_decode(ok, 7, &f), -EPROTO);
	memcpy(r, ok, 8);
	r[0] = 0x80;	/* parameter not supported */
	CHECK_INT(bmc_flags_decode(r, 1, &f), -EOPNOTSUPP);
	r[0] = 0xc1;	/* invalid command */
	CHECK_INT(bmc_flags_decode(r, 8, &f), -EOPNOTSUPP);
	r[0] = 0xff;	/* unspecified error */
	CHECK_INT(bmc_flags_decode(r, 8, &f), -EIO);
	memcpy(r, ok, 8);
	r[2] = 0x03;	/* another parameter */
	CHECK_INT(bmc_flags_decode(r, 8, &f), -EPROTO);
	memcpy(r, ok, 8);
	r[1] = 0x02;	/* unknown parameter version */
	CHECK_INT(bmc_flags_decode(r, 8, &f), -EPROTO);
	memcpy(r, ok, 8);
	r[2] = 0x85;	/* parameter locked / marked invalid */
	CHECK_INT(bmc_flags_decode(r, 8, &f), -EBUSY);
	/* nothing was written on any failure */
	CHECK_INT(f.selector, 9);
}

static void test_describe(void)
{
	struct bmc_boot_flags f;
	char buf[160];

	decode(0x80, 0x5, &f);
	CHECK_STR(bmc_flags_describe(&f, buf, sizeof(buf)),
		  "the BMC asks for CD/DVD (one-shot)");
	decode(0xc0, 0x1, &f);
	CHECK_STR(bmc_flags_describe(&f, buf, sizeof(buf)),
		  "the BMC asks for PXE (every boot)");
	decode(0x80, 0x3, &f);
	CHECK_STR(bmc_flags_describe(&f, buf, sizeof(buf)),
		  "the BMC asks for hard disk, safe mode (one-shot): no autoboot, choose an entry");
	decode(0x80, 0xa, &f);
	CHECK(strstr(bmc_flags_describe(&f, buf, sizeof(buf)),
		     "selector 10") != NULL);
	decode(0x00, 0x5, &f);
	CHECK_STR(bmc_flags_describe(&f, buf, sizeof(buf)),
		  "the BMC asks for no boot override");
}

static void test_read_and_clear_once(void)
{
	struct fake_bmc b = { .flags = { 0x80, 0x5 << 2 }, .ack = 0x1f };
	struct ipmi_transport t = fake_transport(&b);
	struct bmc_boot_flags f;

	CHECK_INT(bmc_read_flags(&t, &f), 0);
	CHECK_INT(bmc_flags_action(&f), BMC_ACT_OPTICAL);
	CHECK_INT(bmc_clear_once(&t), 0);
	CHECK_INT(b.flags[0] & 0x80, 0);
	CHECK_INT(b.ack & 0x02, 0);	/* the OS loader acknowledged */
	CHECK_INT(b.ack & 0x1d, 0x1d);	/* nobody else's bit changed */
	CHECK_INT(bmc_read_flags(&t, &f), 0);
	CHECK(!f.valid);
	CHECK_INT(bmc_flags_action(&f), BMC_ACT_POLICY);
}

static void test_clear_without_param4(void)
{
	struct fake_bmc b = { .flags = { 0x80, 0x1 << 2 }, .no_param4 = true };
	struct ipmi_transport t = fake_transport(&b);

	CHECK_INT(bmc_clear_once(&t), 0);
	CHECK_INT(b.flags[0], 0);
	CHECK_INT(b.sets, 2);
}

static void test_transport_errors(void)
{
	struct fake_bmc b = { .fail = -ETIMEDOUT };
	struct ipmi_transport t = fake_transport(&b);
	struct bmc_boot_flags f;

	CHECK_INT(bmc_read_flags(&t, &f), -ETIMEDOUT);
	CHECK_INT(bmc_clear_once(&t), -ETIMEDOUT);
	CHECK_INT(bmc_report_os_boot(&t), -ETIMEDOUT);
}

static void test_report_os_boot(void)
{
	struct fake_bmc b = { 0 };
	struct ipmi_transport t = fake_transport(&b);

	CHECK_INT(bmc_report_os_boot(&t), 0);
	CHECK_INT(b.last_event_len, 8);
	CHECK_INT(b.last_event[2], 0x0f);	/* firmware progress */
	CHECK_INT(b.last_event[5] & 0x0f, 0x02);
	CHECK_INT(b.last_event[6], 0x13);	/* starting OS boot */
	CHECK_INT(b.sel_len, 0);
}

/* A BMC without an event receiver gets the event as a SEL record. */
static void test_report_os_boot_to_sel(void)
{
	struct fake_bmc b = { .no_events = true };
	struct ipmi_transport t = fake_transport(&b);

	CHECK_INT(bmc_report_os_boot(&t), 0);
	CHECK_INT(b.sel_len, 16);
	CHECK_INT(b.sel[2], 0x02);	/* system event record */
	CHECK_INT(b.sel[3] | b.sel[4] | b.sel[5] | b.sel[6], 0); /* BMC's time */
	CHECK_INT(b.sel[7], 0x41);	/* system software */
	CHECK_INT(b.sel[9], 0x04);
	CHECK_INT(b.sel[10], 0x0f);	/* firmware progress */
	CHECK_INT(b.sel[13] & 0x0f, 0x02);
	CHECK_INT(b.sel[14], 0x13);	/* starting OS boot */
	/* and one that takes neither says so */
	b.no_sel = true;
	CHECK_INT(bmc_report_os_boot(&t), -EOPNOTSUPP);
}

TEST_GLOBALS;

static const struct test_case cases[] = {
	TEST(test_every_selector),
	TEST(test_persistent_efi_instance),
	TEST(test_malformed_replies),
	TEST(test_describe),
	TEST(test_read_and_clear_once),
	TEST(test_clear_without_param4),
	TEST(test_transport_errors),
	TEST(test_report_os_boot),
	TEST(test_report_os_boot_to_sel),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
