/*
 * sysinfo.c: what the menu's system information page shows: the running
 * kernel, the block devices (with what discovery made of them) and the
 * network interfaces (sysinfo-net.c), and signed boot (lockdown, Secure
 * Boot, the verify setting). Read from sysfs, getifaddrs(3) and the
 * lease files: quick, so it is done on the event loop.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "lib/fdio.h"

/* First line of a small file (sysfs, /proc), or "" when unreadable. */
static void read_line(const char *path, char *buf, size_t len)
{
	if (read_small_file(AT_FDCWD, path, buf, len) < 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static json_t *kernel_json(void)
{
	struct utsname u;
	char cmdline[2048];

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	return json_pack("{s:s,s:s,s:s,s:s}", "release", u.release,
			 "version", u.version, "machine", u.machine,
			 "cmdline", cmdline);
}

static struct source *source_for_device(struct daemon *d, const char *name)
{
	char dev[PATH_MAX];
	size_t i;

	snprintf(dev, sizeof(dev), "/dev/%s", name);
	for (i = 0; i < d->sources.n; i++) {
		struct source *s = d->sources.v[i];

		if (streq(s->device, dev))
			return s;
	}
	return NULL;
}

static size_t options_of(struct daemon *d, const char *source)
{
	size_t i, n = 0;

	for (i = 0; i < d->res.options.n; i++)
		n += streq(((struct boot_option *)d->res.options.v[i])->source,
			   source);
	return n;
}

static json_t *block_json(struct daemon *d, const char *name)
{
	char path[PATH_MAX], size[32];
	struct source *s = source_for_device(d, name);
	json_t *o;

	snprintf(path, sizeof(path), "/sys/class/block/%s/size", name);
	read_line(path, size, sizeof(size));
	o = json_pack("{s:s,s:I}", "name", name, "size",
		      (json_int_t)strtoll(size, NULL, 10) * 512);
	if (o && s) {
		json_object_set_new(o, "source", source_info_to_json(&s->info));
		json_object_set_new(o, "options",
				    json_integer(options_of(d, s->info.name)));
	}
	return o;
}

static json_t *devices_json(struct daemon *d)
{
	json_t *a = json_array();
	struct dirent *de;
	size_t i;
	DIR *dir;

	dir = opendir("/sys/class/block");
	while (a && dir && (de = readdir(dir))) {
		if (de->d_name[0] == '.' || str_startswith(de->d_name, "loop") ||
		    str_startswith(de->d_name, "ram"))
			continue;
		json_array_append_new(a, block_json(d, de->d_name));
	}
	if (dir)
		closedir(dir);
	/* folders standing for partitions (--source) */
	for (i = 0; a && i < d->sources.n; i++) {
		struct source *s = d->sources.v[i];

		if (s->device)
			continue;
		json_array_append_new(a, json_pack("{s:s,s:s,s:o,s:i}", "name",
				s->info.name, "path", s->root_path ?
				s->root_path : "", "source",
				source_info_to_json(&s->info), "options",
				(int)options_of(d, s->info.name)));
	}
	return a;
}

json_t *daemon_sysinfo_json(struct daemon *d)
{
	return json_pack("{s:o,s:o,s:o,s:o*}", "kernel", kernel_json(),
			 "devices", devices_json(d),
			 "network", daemon_sysinfo_network(d),
			 "signed_boot", daemon_signed_json(d));
}
