/* assemble.c: LVM and MD RAID assembly by their tools, as child processes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "discover/assemble.h"
#include "lib/command.h"
#include "lib/fdio.h"
#include "lib/util.h"

static const char *const tool_dirs[] = {
	"/usr/sbin", "/sbin", "/usr/bin", "/bin",
};

/* Never write on-disk metadata; no udev in an initramfs to wait for. */
#define LVM_CONFIG "global { metadata_read_only = 1 } " \
	"activation { udev_sync = 0 udev_rules = 0 monitoring = 0 } " \
	"devices { obtain_device_list_from_udev = 0 }"

struct tool {
	const char *name;
	const char *tool;
	const char *const *modules;	/* for modprobe -a, NULL-terminated */
	const char *const *args;	/* after the tool's path */
	const char *param;		/* a module parameter set to "1", or NULL */
	bool enabled;			/* built in (Kconfig) */
};

static const char *const lvm_modules[] = { "dm_mod", NULL };
static const char *const lvm_args[] = {
	"vgchange", "-ay", "--sysinit", "--config", LVM_CONFIG, NULL,
};
static const char *const md_modules[] = {
	"md_mod", "raid0", "raid1", "raid10", "raid456", NULL,
};
static const char *const md_args[] = {
	"--assemble", "--scan", "--readonly", NULL,
};
/*
 * Arrays started without mdadm's --readonly (by the kernel) then start
 * auto-read-only: no resync, no superblock write until something writes.
 */
#define MD_START_RO "/sys/module/md_mod/parameters/start_ro"

static const struct tool tools[ASSEMBLE_KINDS] = {
	[ASSEMBLE_LVM] = { "LVM", "lvm", lvm_modules, lvm_args, NULL,
			   IS_ENABLED(CONFIG_DISCOVER_LVM) },
	[ASSEMBLE_MD] = { "MD RAID", "mdadm", md_modules, md_args, MD_START_RO,
			  IS_ENABLED(CONFIG_DISCOVER_MDRAID) },
};

const char *assemble_name(enum assemble_kind kind)
{
	return tools[kind].name;
}

bool assemble_enabled(enum assemble_kind kind)
{
	return kind < ASSEMBLE_KINDS && tools[kind].enabled;
}

const char *const *assemble_args(enum assemble_kind kind)
{
	return tools[kind].args;
}

/* The kind fstype is a member of, whether built in or not; or -1. */
static int member_kind(const char *fstype)
{
	if (streq(fstype, "LVM2_member"))
		return ASSEMBLE_LVM;
	if (streq(fstype, "linux_raid_member") ||
	    streq(fstype, "isw_raid_member") || streq(fstype, "ddf_raid_member"))
		return ASSEMBLE_MD;
	return -1;
}

int assemble_kind_of(const char *fstype)
{
	int kind = member_kind(fstype);

	if (kind < 0 || !assemble_enabled(kind))
		return -1;
	return kind;
}

/* The absolute path of program name in the usual places, or -ENOENT. */
static int find_tool(const char *name, char *path, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tool_dirs); i++) {
		snprintf(path, len, "%s/%s", tool_dirs[i], name);
		if (access(path, X_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

int assemble_available(enum assemble_kind kind)
{
	char path[256];

	if (!assemble_enabled(kind))
		return 0;
	return find_tool(tools[kind].tool, path, sizeof(path)) == 0;
}

static void load_modules(const struct tool *t, unsigned timeout_ms)
{
	char *argv[16], path[256], out[256];
	size_t i, n = 0;

	if (find_tool("modprobe", path, sizeof(path)))
		return;
	argv[n++] = path;
	argv[n++] = "-q";
	argv[n++] = "-a";
	for (i = 0; t->modules[i] && n < ARRAY_SIZE(argv) - 1; i++)
		argv[n++] = (char *)t->modules[i];
	argv[n] = NULL;
	run_command(argv, timeout_ms, out, sizeof(out));
}

/* Write "1" to the module parameter at path: 0, or -errno (ignored). */
static int set_param(const char *path)
{
	if (!path)
		return 0;
	return write_small_file(path, "1", 1);
}

int assemble_run(enum assemble_kind kind, unsigned timeout_ms, char *out,
		 size_t len)
{
	const struct tool *t = &tools[kind];
	char *argv[16], path[256];
	size_t i, n = 0;

	if (len)
		out[0] = '\0';
	if (!assemble_enabled(kind))
		return -EOPNOTSUPP;
	if (find_tool(t->tool, path, sizeof(path)))
		return -ENOENT;
	load_modules(t, timeout_ms);
	set_param(t->param);	/* best effort: --readonly still holds */
	argv[n++] = path;
	for (i = 0; t->args[i] && n < ARRAY_SIZE(argv) - 1; i++)
		argv[n++] = (char *)t->args[i];
	argv[n] = NULL;
	return run_command(argv, timeout_ms, out, len);
}
