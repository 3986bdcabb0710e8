/* client.h: the command-line client verbs (list, boot, default, ...). */
#ifndef BATON_UI_CLIENT_H
#define BATON_UI_CLIENT_H

/* argv[0] is the verb. */
int client_main(int argc, char **argv);

/* Connect to the daemon: --socket, $BATON_SOCKET, or the default. */
int client_connect(const char *socket_path);

/* client-config.c: `baton config [KEY [VALUE]]`. */
int config_verb_main(int argc, char **argv);

#endif
