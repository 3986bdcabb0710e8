/* client.h: the command-line client verbs (list, boot, default, ...). */
#ifndef BATON_UI_CLIENT_H
#define BATON_UI_CLIENT_H

/*
 * The exit status of every client verb (README: "Exit codes"): the same
 * for all of them, so that a script over SSH can tell them apart.
 */
#define CLIENT_EXIT_OK		0	/* done (watch: the daemon went) */
#define CLIENT_EXIT_REFUSED	1	/* the daemon said no: unknown id,
					   locked, bad value, boot failed */
#define CLIENT_EXIT_USAGE	2	/* bad options or arguments */
#define CLIENT_EXIT_UNREACHABLE	3	/* no daemon, or the connection
					   broke or spoke nonsense */

/* The exit status for a verb's outcome: 0, -EIO (refused) or -errno. */
int client_exit_status(int err);
/* The exit statuses in words, for the verbs' --help. */
extern const char client_exit_help[];

/* argv[0] is the verb. */
int client_main(int argc, char **argv);

/* Connect to the daemon: --socket, $BATON_SOCKET, or the default. */
int client_connect(const char *socket_path);

/* client-config.c: `baton config [KEY [VALUE]]`. */
int config_verb_main(int argc, char **argv);

#endif
