/* main.c: the `baton` executable: one binary, several verbs (like git). */
#include <stdio.h>
#include <string.h>

#include "daemon/daemon.h"
#include "discover/scan.h"
#include "loader/kexec-cmd.h"
#include "ui/client.h"
#include "ui/menu.h"
#include "lib/util.h"

struct verb {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct verb verbs[] = {
	{ "daemon", daemon_main, "[--dry-run] [--source DIR]...",
	  "discover boot options, autoboot, serve the control socket" },
	{ "menu", menu_main, "", "the boot menu (a client of the daemon)" },
	{ "list", client_main, "[--json]", "list sources and boot options" },
	{ "boot", client_main, "[--json] ID", "boot an option" },
	{ "default", client_main, "[--json] ID", "make ID the default" },
	{ "next", client_main, "[--json] [ID | --clear]",
	  "boot ID once, at the next boot (kept until used)" },
	{ "cancel", client_main, "[--json]", "stop the autoboot countdown" },
	{ "status", client_main, "[--json]", "countdown, default, last messages" },
	{ "watch", client_main, "[--json]", "print events as they happen" },
	{ "config", config_verb_main, "[--json] [--unset] [KEY [VALUE]]",
	  "show or change the settings (docs/config.md)" },
	{ "log", client_main, "[--json]",
	  "the daemon's last log lines, and what it booted" },
	{ "sysinfo", client_main, "[--json]", "kernel, devices, network" },
	{ "rescan", client_main, "[--json]",
	  "probe every device and the network again; ends when done" },
	{ "scan", scan_main, "[--json] PATH[:key=value,...]...",
	  "print what every parser finds in folders (no daemon)" },
	{ "kexec", kexec_main,
	  "--kernel K [--initrd I]... [--cmdline C] [--dtb D] [--overlay O]... [--exec]",
	  "load (and optionally start) one kernel directly" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: baton VERB [ARGS]\n\nverbs:\n");
	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-8s %s\n           %s\n", verbs[i].name,
			verbs[i].args, verbs[i].help);
	fprintf(f, "\n'baton VERB --help' describes a verb.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (streq(argv[1], "--help") || streq(argv[1], "-h") ||
	    streq(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		if (streq(argv[1], verbs[i].name))
			return verbs[i].main(argc - 1, argv + 1);
	fprintf(stderr, "baton: unknown verb '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
