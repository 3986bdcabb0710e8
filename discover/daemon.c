/* daemon.c: placeholder until this verb lands. */
#include <stdio.h>

#include "discover/daemon.h"

int daemon_main(int argc, char **argv)
{
	fprintf(stderr, "baton: %s: not built yet\n", argv[0]);
	return 1;
}
