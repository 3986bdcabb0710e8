/*
 * liveupdate-carry.c: baton in the middle of a live update (host -> baton
 * -> OS). Sessions that arrive are lost at the next kexec unless someone
 * retrieves them, so baton retrieves the sessions it is told about, each
 * file by token, finishes them (which lets go of the kernel's hold on the
 * files) and preserves the same files again, in sessions of the same
 * names and tokens that it holds open until its own kexec. Where it
 * cannot, it refuses to boot unless liveupdate_drop allows the loss.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/liveupdate.h"
#include "loader/luo-uapi.h"

struct lu_held {
	int out_fd;			/* the outgoing session */
	int files[LU_CARRY_TOKENS];	/* its files, as retrieved */
	size_t n_files;
};

struct lu_carry {
	enum lu_state state;
	int ret;			/* the first outcome, returned again */
	int luo_fd;
	struct lu_held held[LU_CARRY_SESSIONS];
	size_t n_held;
	char reason[256];		/* why the sessions cannot be carried */
	char summary[384];
};

/* ---- the setting -------------------------------------------------------- */

static int spec_fail(char *why, size_t len, int err, const char *part,
		     size_t n, const char *what)
{
	snprintf(why, len, "liveupdate_sessions: \"%.*s\": %s",
		 (int)(n > 80 ? 80 : n), part, what);
	return err;
}

/* One "NAME:TOKEN[+TOKEN]..." of n bytes at p into s. */
static int parse_one(const char *p, size_t n, struct lu_session_spec *s,
		     char *why, size_t len)
{
	const char *colon = memchr(p, ':', n), *t, *end = p + n;
	char num[32], *e;
	size_t k;

	if (!colon || colon == p)
		return spec_fail(why, len, -EINVAL, p, n,
				 "want NAME:TOKEN[+TOKEN]...");
	if ((size_t)(colon - p) >= sizeof(s->name))
		return spec_fail(why, len, -EINVAL, p, n, "the name is "
				 "longer than 63 bytes");
	memcpy(s->name, p, (size_t)(colon - p));
	s->name[colon - p] = '\0';
	s->n_tokens = 0;
	for (t = colon + 1; t <= end; t += k + 1) {
		k = (size_t)(memchr(t, '+', (size_t)(end - t)) ?
			     (const char *)memchr(t, '+', (size_t)(end - t)) -
			     t : end - t);
		if (!k || k >= sizeof(num) || s->n_tokens == LU_CARRY_TOKENS)
			return spec_fail(why, len, -EINVAL, p, n, "a token "
					 "is missing, too long, or one of "
					 "more than 32");
		memcpy(num, t, k);
		num[k] = '\0';
		errno = 0;
		s->tokens[s->n_tokens++] = strtoull(num, &e, 0);
		if (errno || *e || num[0] == '-')
			return spec_fail(why, len, -EINVAL, p, n, "a token "
					 "is not a number");
	}
	return 0;
}

int lu_spec_parse(const char *spec, struct lu_session_spec *out, size_t max,
		  size_t *n, char *why, size_t len)
{
	const char *p = spec ? spec : "";
	size_t k;
	int ret;

	*n = 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		k = strcspn(p, ",");
		while (k && p[k - 1] == ' ')
			k--;
		if (*n == max)
			return spec_fail(why, len, -E2BIG, p, k, "more "
					 "sessions than baton carries (16)");
		ret = parse_one(p, k, &out[*n], why, len);
		if (ret)
			return ret;
		(*n)++;
		p += k;
	}
	return 0;
}

/* ---- the carry ---------------------------------------------------------- */

struct lu_carry *lu_carry_new(bool arrived)
{
	struct lu_carry *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->luo_fd = -1;
	c->state = arrived ? LU_ARRIVED : LU_NONE;
	if (arrived)
		snprintf(c->summary, sizeof(c->summary), "live update: this "
			 "system arrived by a live update; its sessions are "
			 "carried at the next boot");
	return c;
}

static void release_held(struct lu_carry *c)
{
	size_t i, j;

	for (i = 0; i < c->n_held; i++) {
		if (c->held[i].out_fd >= 0)
			close(c->held[i].out_fd);
		for (j = 0; j < c->held[i].n_files; j++)
			close(c->held[i].files[j]);
	}
	c->n_held = 0;
	if (c->luo_fd >= 0)
		close(c->luo_fd);
	c->luo_fd = -1;
}

void lu_carry_free(struct lu_carry *c)
{
	if (!c)
		return;
	release_held(c);
	free(c);
}

static void set_name(__u8 *dst, const char *name)
{
	snprintf((char *)dst, LUO_SESSION_NAME_LEN, "%s", name);
}

/* Retrieve one session's files and finish it: the files are ours now. */
static int take_in(struct lu_carry *c, const struct lu_session_spec *s,
		   struct lu_held *h, char *why, size_t len)
{
	struct luo_retrieve_session rs = { .size = sizeof(rs) };
	struct luo_session_finish fin = { .size = sizeof(fin) };
	size_t i;
	int ret = 0;

	set_name(rs.name, s->name);
	if (ioctl(c->luo_fd, LUO_IOCTL_RETRIEVE_SESSION, &rs) < 0) {
		ret = -errno;
		snprintf(why, len, "session %s: %s", s->name, ret == -ENOENT ?
			 "it did not arrive" : strerror(-ret));
		return ret;
	}
	for (i = 0; i < s->n_tokens; i++) {
		struct luo_retrieve_fd rf = { .size = sizeof(rf),
					      .token = s->tokens[i] };

		if (ioctl(rs.fd, LUO_SESSION_RETRIEVE_FD, &rf) < 0) {
			ret = -errno;
			snprintf(why, len, "session %s, token %" PRIu64 ": %s",
				 s->name, s->tokens[i], ret == -ENOENT ?
				 "no such file" : strerror(-ret));
			break;
		}
		h->files[h->n_files++] = rf.fd;
	}
	if (!ret && ioctl(rs.fd, LUO_SESSION_FINISH, &fin) < 0) {
		ret = -errno;
		snprintf(why, len, "session %s: cannot finish it: %s",
			 s->name, strerror(-ret));
	}
	close(rs.fd);
	return ret;
}

/* Preserve the files again under the same name and tokens. */
static int put_out(struct lu_carry *c, const struct lu_session_spec *s,
		   struct lu_held *h, char *why, size_t len)
{
	struct luo_create_session cs = { .size = sizeof(cs) };
	size_t i;

	set_name(cs.name, s->name);
	if (ioctl(c->luo_fd, LUO_IOCTL_CREATE_SESSION, &cs) < 0) {
		snprintf(why, len, "session %s: cannot create it again: %s",
			 s->name, strerror(errno));
		return -errno;
	}
	h->out_fd = cs.fd;
	for (i = 0; i < h->n_files; i++) {
		struct luo_preserve_fd pf = { .size = sizeof(pf),
					      .fd = h->files[i],
					      .token = s->tokens[i] };

		if (ioctl(cs.fd, LUO_SESSION_PRESERVE_FD, &pf) < 0) {
			snprintf(why, len, "session %s, token %" PRIu64 ": "
				 "cannot preserve it again: %s", s->name,
				 s->tokens[i], strerror(errno));
			return -errno;
		}
	}
	return 0;
}

static int carry_all(struct lu_carry *c, const struct lu_session_spec *s,
		     size_t n, const char *dev, char *why, size_t len)
{
	size_t i;
	int ret;

	if (!n) {
		snprintf(why, len, "no session is named (the "
			 "liveupdate_sessions setting, or "
			 "baton.liveupdate_sessions=)");
		return -ENOENT;
	}
	c->luo_fd = open(dev, O_RDWR | O_CLOEXEC);
	if (c->luo_fd < 0) {
		ret = -errno;
		snprintf(why, len, "cannot open %s: %s", dev, strerror(-ret));
		return ret;
	}
	for (i = 0; i < n; i++) {
		struct lu_held *h = &c->held[c->n_held++];

		h->out_fd = -1;
		h->n_files = 0;
		ret = take_in(c, &s[i], h, why, len);
		if (!ret)
			ret = put_out(c, &s[i], h, why, len);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * What cannot be carried: refused, or dropped when drop allows it. A
 * refusal keeps what was retrieved open, so nothing is lost before the
 * person decides.
 */
static int cannot(struct lu_carry *c, bool drop, const char *reason)
{
	if (reason != c->reason)
		snprintf(c->reason, sizeof(c->reason), "%s", reason);
	if (drop) {
		release_held(c);
		c->state = LU_DROPPED;
		c->ret = 0;
		snprintf(c->summary, sizeof(c->summary), "live update: its "
			 "sessions are dropped, as liveupdate_drop allows: "
			 "%.250s", c->reason);
		return 0;
	}
	c->state = LU_BLOCKED;
	c->ret = -ENOLINK;
	snprintf(c->summary, sizeof(c->summary), "live update: its sessions "
		 "cannot be carried (%.200s) and would be lost; set "
		 "liveupdate_drop to boot anyway", c->reason);
	return c->ret;
}

int lu_carry_prepare(struct lu_carry *c, const char *spec, bool drop,
		     const char *luo_dev, char *why, size_t len)
{
	struct lu_session_spec *s;
	char reason[256] = "";
	size_t n = 0, i;
	int ret;

	if (!c)
		return 0;	/* lu_carry_new ran out of memory: nothing known */
	if (c->state == LU_BLOCKED && drop) {
		cannot(c, true, c->reason);
		snprintf(why, len, "%s", c->summary);
		return 0;
	}
	if (c->state != LU_ARRIVED) {
		snprintf(why, len, "%s", c->summary);
		return c->ret;
	}
	s = calloc(LU_CARRY_SESSIONS, sizeof(*s));
	if (!s)
		return -ENOMEM;
	ret = lu_spec_parse(spec, s, LU_CARRY_SESSIONS, &n, reason,
			    sizeof(reason));
	if (!ret)
		ret = carry_all(c, s, n, luo_dev ? luo_dev : LUO_DEVICE,
				reason, sizeof(reason));
	if (ret) {
		ret = cannot(c, drop, reason);
	} else {
		c->state = LU_CARRIED;
		snprintf(c->summary, sizeof(c->summary), "live update: "
			 "carried %zu session%s to the next kernel:", n,
			 n == 1 ? "" : "s");
		for (i = 0; i < n; i++)
			snprintf(c->summary + strlen(c->summary),
				 sizeof(c->summary) - strlen(c->summary),
				 " %s (%zu file%s)", s[i].name,
				 s[i].n_tokens, s[i].n_tokens == 1 ? "" : "s");
	}
	free(s);
	snprintf(why, len, "%s", c->summary);
	return ret;
}

bool lu_carry_active(const struct lu_carry *c)
{
	return c && c->state == LU_CARRIED;
}

enum lu_state lu_carry_state(const struct lu_carry *c)
{
	return c ? c->state : LU_NONE;
}

const char *lu_carry_summary(const struct lu_carry *c)
{
	return c ? c->summary : "";
}

const char *lu_state_name(enum lu_state state)
{
	static const char *const names[] = {
		[LU_ARRIVED] = "arrived", [LU_CARRIED] = "carried",
		[LU_DROPPED] = "dropped", [LU_BLOCKED] = "refused",
	};

	return (size_t)state < ARRAY_SIZE(names) ? names[state] : NULL;
}
