/* kexec-cmd.c: placeholder until this verb lands. */
#include <stdio.h>

#include "loader/kexec-cmd.h"

int kexec_main(int argc, char **argv)
{
	fprintf(stderr, "baton: %s: not built yet\n", argv[0]);
	return 1;
}
