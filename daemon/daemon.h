/* daemon.h: `baton daemon`: discovery, autoboot and the control socket. */
#ifndef BATON_DAEMON_DAEMON_H
#define BATON_DAEMON_DAEMON_H

int daemon_main(int argc, char **argv);

#endif
