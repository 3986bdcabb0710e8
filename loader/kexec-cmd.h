/* kexec-cmd.h: `baton kexec`: load (and start) one kernel directly. */
#ifndef BATON_LOADER_KEXEC_CMD_H
#define BATON_LOADER_KEXEC_CMD_H

int kexec_main(int argc, char **argv);

#endif
