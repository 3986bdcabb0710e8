/*
 * liveupdate.c: what a live update needs: kho=on liveupdate=on on the next
 * kernel's command line, /dev/liveupdate on the running kernel, and who
 * starts the kexec (systemd, when it is PID 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/liveupdate.h"

static const char *const lu_params[] = { "kho", "liveupdate" };

/* Length of the word at s (quotes keep spaces inside one word). */
static size_t word_len(const char *s)
{
	bool quoted = false;
	size_t n;

	for (n = 0; s[n]; n++) {
		if (s[n] == '"')
			quoted = !quoted;
		else if (!quoted && (s[n] == ' ' || s[n] == '\t' ||
				     s[n] == '\n'))
			break;
	}
	return n;
}

/* Which of lu_params the word names (-1: none); *val: its value. */
static int lu_param(const char *w, size_t n, const char **val)
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(lu_params); i++) {
		k = strlen(lu_params[i]);
		if (n > k && !strncmp(w, lu_params[i], k) && w[k] == '=') {
			*val = w + k + 1;
			return (int)i;
		}
	}
	return -1;
}

/* The kernel's kstrtobool: 1, y, Y, on, t (true) start a true value. */
static bool value_on(const char *v, size_t n)
{
	return (n >= 1 && strchr("1yYtT", v[0])) ||
	       (n >= 2 && (v[0] == 'o' || v[0] == 'O') &&
		(v[1] == 'n' || v[1] == 'N'));
}

static int append(char **out, size_t *len, const char *s, size_t n)
{
	char *p = realloc(*out, *len + n + 2);

	if (!p)
		return -ENOMEM;
	*out = p;
	if (*len)
		p[(*len)++] = ' ';
	memcpy(p + *len, s, n);
	*len += n;
	p[*len] = '\0';
	return 0;
}

int liveupdate_cmdline(const char *in, char **out)
{
	bool seen[ARRAY_SIZE(lu_params)] = { false };
	const char *s = in ? in : "", *val, *tail = NULL;
	char *res = NULL, word[32];
	size_t len = 0, n, i;
	int ret = 0, p;

	while (!ret && *s) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		n = word_len(s);
		if (!n)
			break;
		if (n == 2 && !strncmp(s, "--", 2)) {
			tail = s;	/* init's arguments: not the kernel's */
			break;
		}
		p = lu_param(s, n, &val);
		if (p >= 0) {
			seen[p] = true;
			if (!value_on(val, n - (size_t)(val - s))) {
				snprintf(word, sizeof(word), "%s=on",
					 lu_params[p]);
				ret = append(&res, &len, word, strlen(word));
				s += n;
				continue;
			}
		}
		ret = append(&res, &len, s, n);
		s += n;
	}
	for (i = 0; !ret && i < ARRAY_SIZE(lu_params); i++) {
		if (seen[i])
			continue;
		snprintf(word, sizeof(word), "%s=on", lu_params[i]);
		ret = append(&res, &len, word, strlen(word));
	}
	if (!ret && tail)
		ret = append(&res, &len, tail, strlen(tail));
	if (!ret && !res)
		ret = (res = strdup("")) ? 0 : -ENOMEM;
	if (ret) {
		free(res);
		return ret;
	}
	*out = res;
	return 0;
}

static bool exists_under(const char *root, const char *path, mode_t type)
{
	char buf[512];
	struct stat st;

	snprintf(buf, sizeof(buf), "%s%s", root && strcmp(root, "/") ? root :
		 "", path);
	return !stat(buf, &st) && (st.st_mode & S_IFMT) == type;
}

int liveupdate_check(const char *root)
{
	/* the device node, or (no devtmpfs) its entry in sysfs */
	if (exists_under(root, "/dev/liveupdate", S_IFCHR) ||
	    exists_under(root, "/sys/class/misc/liveupdate", S_IFDIR))
		return 0;
	return -ENODEV;
}

bool liveupdate_systemd_pid1(const char *root)
{
	return exists_under(root, "/run/systemd/system", S_IFDIR);
}

/* The line LUO logs in a kernel that a live update started. */
#define LU_ARRIVED "Retrieved live update data"

bool liveupdate_arrived(void)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	bool found = false;
	char *buf;
	int n;

	if (size <= 0)
		return false;
	buf = malloc((size_t)size + 1);
	if (!buf)
		return false;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n > 0) {
		buf[n] = '\0';
		found = strstr(buf, LU_ARRIVED) != NULL;
	}
	free(buf);
	return found;
}
