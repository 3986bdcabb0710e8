/* command.c: running a program with a time bound, its output collected. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/command.h"
#include "lib/event.h"
#include "lib/fdio.h"

/* Read what the child prints until it closes the pipe or time runs out. */
static int collect(int fd, uint64_t deadline, char *out, size_t len,
		   size_t *used)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char sink[512];
	uint64_t now;
	ssize_t n;

	for (;;) {
		now = event_now_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, deadline - now) < 0 && errno != EINTR)
			return -errno;
		if (!pfd.revents)
			continue;
		if (*used + 1 < len)
			n = fd_read_some(fd, out + *used, len - 1 - *used);
		else
			n = fd_read_some(fd, sink, sizeof(sink)); /* the rest */
		if (n <= 0)
			return 0;
		if (*used + 1 < len)
			*used += n;
	}
}

static int spawn(char *const argv[], int out_fd, pid_t *pid)
{
	static char *const envp[] = {
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		"LVM_SUPPRESS_FD_WARNINGS=1", "LC_ALL=C", NULL,
	};
	posix_spawn_file_actions_t fa;
	int ret;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
	ret = -posix_spawn(pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	return ret;
}

int run_command(char *const argv[], unsigned timeout_ms, char *out,
		size_t len)
{
	uint64_t deadline = event_now_ms() + timeout_ms;
	size_t used = 0;
	int p[2], status, ret;
	pid_t pid;

	if (len)
		out[0] = '\0';
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	ret = spawn(argv, p[1], &pid);
	close(p[1]);
	if (ret) {
		close(p[0]);
		return ret;
	}
	ret = collect(p[0], deadline, out, len, &used);
	close(p[0]);
	if (len)
		out[used] = '\0';
	if (ret == -ETIMEDOUT)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (ret)
		return ret;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
