/*
 * test-hotplug.c: kernel uevent messages parsed into block device events:
 * add/remove/change, partitions, media change and eject requests; other
 * subsystems, udev's own messages and malformed names are not events;
 * and the folder watcher that stands in for hotplug in tests.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/hotplug.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* Build a message from "a|b|c" (| becomes NUL); returns its length. */
static size_t msg(char *buf, size_t cap, const char *text)
{
	size_t n = snprintf(buf, cap, "%s", text), i;

	for (i = 0; i < n; i++)
		if (buf[i] == '|')
			buf[i] = '\0';
	return n + 1;
}

static int parse(const char *text, struct uevent *ev)
{
	char buf[1024];
	size_t n = msg(buf, sizeof(buf), text);

	return uevent_parse(buf, n, ev);
}

static void test_add_partition(void)
{
	struct uevent ev;

	CHECK_INT(parse("add@/devices/pci0000:00/0000:00:05.0/virtio2/block/vdb/vdb1|"
			"ACTION=add|DEVPATH=/devices/pci0000:00/0000:00:05.0/virtio2/block/vdb/vdb1|"
			"SUBSYSTEM=block|MAJOR=254|MINOR=17|DEVNAME=vdb1|DEVTYPE=partition|"
			"PARTN=1|SEQNUM=1234", &ev), 1);
	CHECK_INT(ev.action, UEVENT_ADD);
	CHECK_STR(ev.name, "vdb1");
	CHECK(ev.partition);
	CHECK(!ev.media_change);
}

static void test_remove_disk(void)
{
	struct uevent ev;

	CHECK_INT(parse("remove@/devices/virtual/block/dm-0|ACTION=remove|"
			"DEVPATH=/devices/virtual/block/dm-0|SUBSYSTEM=block|"
			"DEVNAME=dm-0|DEVTYPE=disk", &ev), 1);
	CHECK_INT(ev.action, UEVENT_REMOVE);
	CHECK_STR(ev.name, "dm-0");
	CHECK(!ev.partition);
}

static void test_media_change(void)
{
	struct uevent ev;

	CHECK_INT(parse("change@/devices/pci0000:00/0000:00:03.0/virtio0/host0/"
			"target0:0:0/0:0:0:0/block/sr0|ACTION=change|"
			"DEVPATH=/devices/pci0000:00/0000:00:03.0/virtio0/host0/"
			"target0:0:0/0:0:0:0/block/sr0|SUBSYSTEM=block|"
			"DISK_MEDIA_CHANGE=1|DEVNAME=sr0|DEVTYPE=disk", &ev), 1);
	CHECK_INT(ev.action, UEVENT_CHANGE);
	CHECK_STR(ev.name, "sr0");
	CHECK(ev.media_change);
	CHECK(!ev.eject_request);
	CHECK_INT(parse("change@/x/block/sr0|ACTION=change|DEVPATH=/x/block/sr0|"
			"SUBSYSTEM=block|DISK_EJECT_REQUEST=1", &ev), 1);
	CHECK(ev.eject_request);
}

static void test_not_block(void)
{
	struct uevent ev;

	CHECK_INT(parse("add@/devices/virtual/net/eth0|ACTION=add|"
			"DEVPATH=/devices/virtual/net/eth0|SUBSYSTEM=net", &ev), 0);
	/* udev's re-broadcasts carry a binary header, not "ACTION@" */
	CHECK_INT(parse("libudev|ACTION=add|SUBSYSTEM=block|DEVPATH=/a/vda", &ev),
		  0);
	CHECK_INT(parse("", &ev), 0);
}

static void test_malformed(void)
{
	char buf[512];
	struct uevent ev;
	size_t n;

	CHECK_INT(parse("add@/devices/x|ACTION=add|SUBSYSTEM=block", &ev),
		  -EINVAL);	/* no DEVPATH */
	CHECK_INT(parse("add@/x/..|ACTION=add|DEVPATH=/x/..|SUBSYSTEM=block",
			&ev), -EINVAL);
	CHECK_INT(parse("add@/x/|ACTION=add|DEVPATH=/x/|SUBSYSTEM=block", &ev),
		  -EINVAL);
	/* a tail without its NUL is ignored, not read past */
	n = msg(buf, sizeof(buf), "add@/a/vdc|ACTION=add|SUBSYSTEM=block|"
		"DEVPATH=/a/vdc|DEVNAME=vd");
	CHECK_INT(uevent_parse(buf, n - 1, &ev), 1);
	CHECK_STR(ev.name, "vdc");
}

static void test_dirwatch(void)
{
	char dir[] = "/tmp/baton-test-dirwatch-XXXXXX", path[600];
	struct uevent evs[DIRWATCH_EVENTS_MAX];
	size_t n = 0;
	int fd;

	if (!mkdtemp(dir))
		abort();
	fd = dirwatch_open(dir);
	CHECK(fd >= 0);
	snprintf(path, sizeof(path), "%s/usb", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/file", dir);
	fclose(fopen(path, "w"));	/* not a folder: no event */
	snprintf(path, sizeof(path), "%s/usb", dir);
	rmdir(path);
	CHECK_INT(dirwatch_read(fd, evs, DIRWATCH_EVENTS_MAX, &n), 1);
	CHECK_INT(n, 2);
	CHECK_INT(evs[0].action, UEVENT_ADD);
	CHECK_STR(evs[0].name, "usb");
	CHECK_INT(evs[1].action, UEVENT_REMOVE);
	CHECK_INT(dirwatch_read(fd, evs, DIRWATCH_EVENTS_MAX, &n), 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/file", dir);
	unlink(path);
	rmdir(dir);
}

static const struct test_case cases[] = {
	TEST(test_add_partition),
	TEST(test_remove_disk),
	TEST(test_media_change),
	TEST(test_not_block),
	TEST(test_malformed),
	TEST(test_dirwatch),
	{ 0 },
};

int main(int argc, char **argv)
{
	return test_main(argc, argv, cases);
}
