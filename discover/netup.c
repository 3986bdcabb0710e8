/*
 * netup.c: the daemon's interfaces: the selected ones brought up, with a
 * static address or DHCP clients (v4, v6 or both) each, followed as they
 * come and go.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "discover/dhcp.h"
#include "discover/discovery.h"
#include "discover/netif.h"
#include "discover/netup.h"
#include "discover/netwatch.h"
#include "lib/util.h"

/* One interface netlink or sysfs told of. */
struct uplink {
	struct netif nif;
	bool selected;		/* by net_interfaces, when last looked at */
	bool configured;	/* its static address is set */
	bool told;		/* its bad net_config item was said */
	bool dhcp;		/* net_config puts it on DHCP (v4, v6 or both) */
	char why[NETUP_WHY_MAX];	/* what went wrong last, "" nothing */
	pid_t pid[2];		/* its DHCPv4 and DHCPv6 clients, 0: none */
	uint64_t restart_at[2];	/* a client exited: not again before */
};

/* pid[] and restart_at[] by family: [0] v4, [1] v6 */
#define FAM(i) ((i) ? 6 : 4)

struct netup {
	struct discovery *dc;
	struct netif_watch *w;
	struct event_fd *watch;
	struct event_timer *tick;	/* reaps clients, restarts them */
	struct vec links;	/* struct uplink * */
	pid_t dying[16];	/* clients told to stop, not reaped yet */
	char *interfaces, *config, *hook, *resolv_conf;
};

static struct dhcp_request request(const struct netup *nu,
				   const struct uplink *u, int fam)
{
	struct dhcp_request r = {
		.ifname = u->nif.name,
		.family = FAM(fam),
		.hook = nu->hook,
		.lease_dir = nu->dc->lease_dir,
		.resolv_conf = nu->resolv_conf,
	};

	return r;
}

/* pid was told to stop: reap it now if it is gone, else at a tick. */
static void reap_later(struct netup *nu, pid_t pid)
{
	size_t i;

	if (waitpid(pid, NULL, WNOHANG) == pid)
		return;
	for (i = 0; i < ARRAY_SIZE(nu->dying); i++)
		if (!nu->dying[i]) {
			nu->dying[i] = pid;
			return;
		}
	kill(pid, SIGKILL);	/* no room to wait for it: it dies now */
	waitpid(pid, NULL, 0);
}

/* Stop u's client of fam and withdraw its lease (netwatch.c sees it go). */
static void stop_client(struct netup *nu, struct uplink *u, int fam)
{
	struct dhcp_request r = request(nu, u, fam);
	char *path;

	if (u->pid[fam]) {
		dhcp_stop(u->pid[fam]);
		reap_later(nu, u->pid[fam]);
		u->pid[fam] = 0;
	}
	path = dhcp_lease_path(&r);
	if (path)
		unlink(path);
	free(path);
	path = dhcp_failure_path(&r);	/* a new client starts afresh */
	if (path)
		unlink(path);
	free(path);
}

static void stop_clients(struct netup *nu, struct uplink *u)
{
	stop_client(nu, u, 0);
	stop_client(nu, u, 1);
}

static void start_client(struct netup *nu, struct uplink *u, int fam)
{
	struct dhcp_request r = request(nu, u, fam);
	const char *v = fam ? "DHCPv6" : "DHCP";
	int ret;

	if (event_now_ms() < u->restart_at[fam])
		return;
	ret = dhcp_start(&r, &u->pid[fam]);
	if (ret) {
		u->pid[fam] = 0;
		u->restart_at[fam] = event_now_ms() + NETUP_RESTART_MS;
		discovery_say(nu->dc, true, "%s: cannot start the %s client: %s",
		    u->nif.name, v, strerror(-ret));
		snprintf(u->why, sizeof(u->why), "the %s client cannot start: %s",
			 v, strerror(-ret));
		return;
	}
	u->why[0] = '\0';
	discovery_say(nu->dc, false, "%s: asking for a %s lease%s", u->nif.name,
	    v, u->nif.carrier ? "" : " (no link yet)");
}

static void apply_static(struct netup *nu, struct uplink *u,
			 const struct netif_conf *c)
{
	int ret = netif_apply_static(u->nif.ifindex, c, nu->resolv_conf);

	if (ret && ret != -EEXIST) {
		discovery_say(nu->dc, true, "%s: cannot set %s: %s", u->nif.name,
		    c->address, strerror(-ret));
		snprintf(u->why, sizeof(u->why), "cannot set %s: %s",
			 c->address, strerror(-ret));
		return;
	}
	u->configured = true;
	u->why[0] = '\0';
	discovery_say(nu->dc, false, "%s: %s (static)", u->nif.name, c->address);
}

/* Bring u to what the settings say. */
static void evaluate(struct netup *nu, struct uplink *u)
{
	struct netif_conf c;
	char *err = NULL;
	bool want[2];
	int ret, fam;

	u->selected = netif_selected(nu->interfaces, &u->nif);
	if (!u->selected) {
		stop_clients(nu, u);
		u->why[0] = '\0';
		return;
	}
	if (!u->nif.up) {
		ret = netif_set_up(u->nif.ifindex);
		if (ret)
			discovery_say(nu->dc, true, "%s: cannot bring it up: %s",
			    u->nif.name, strerror(-ret));
	}
	ret = netif_conf_for(nu->config, &u->nif, &c, &err);
	if (ret) {
		if (!u->told)
			discovery_say(nu->dc, true, "net_config: %s: %s", u->nif.name,
			    err ? err : strerror(-ret));
		u->told = true;
		snprintf(u->why, sizeof(u->why), "net_config: %s",
			 err ? err : strerror(-ret));
		free(err);
		u->dhcp = false;
		return;
	}
	u->told = false;
	if (u->dhcp != (c.dhcp || c.dhcp6))
		u->why[0] = '\0';
	u->dhcp = c.dhcp || c.dhcp6;
	want[0] = c.dhcp;
	want[1] = c.dhcp6;
	for (fam = 0; fam < 2; fam++) {
		if (want[fam] && !u->pid[fam])
			start_client(nu, u, fam);
		else if (!want[fam])
			stop_client(nu, u, fam);
	}
	if (!c.dhcp && !c.dhcp6 && !u->configured && u->nif.up)
		apply_static(nu, u, &c);
}

/* u's client of fam has handed a lease over (its file is there). */
static bool has_lease(const struct netup *nu, const struct uplink *u, int fam)
{
	struct dhcp_request r = request(nu, u, fam);
	char *path = dhcp_lease_path(&r);
	bool there = path && access(path, F_OK) == 0;

	free(path);
	return there;
}

static struct uplink *link_of(struct netup *nu, int ifindex, size_t *at)
{
	size_t i;

	for (i = 0; i < nu->links.n; i++) {
		struct uplink *u = nu->links.v[i];

		if (u->nif.ifindex == ifindex) {
			if (at)
				*at = i;
			return u;
		}
	}
	return NULL;
}

static void on_netif(enum netif_event ev, const struct netif *nif,
		     void *data)
{
	struct netup *nu = data;
	struct uplink *u;
	bool gained;
	size_t at;
	int fam;

	u = link_of(nu, nif->ifindex, &at);
	if (ev == NETIF_REMOVED) {
		if (!u)
			return;
		stop_clients(nu, u);
		free(vec_remove(&nu->links, at));
		return;
	}
	if (!u) {
		u = calloc(1, sizeof(*u));
		if (!u || vec_push(&nu->links, u)) {
			free(u);
			discovery_say(nu->dc, true, "%s: out of memory", nif->name);
			return;
		}
	}
	gained = nif->carrier && !u->nif.carrier;
	if (!streq(u->nif.name, nif->name) && (u->pid[0] || u->pid[1]))
		stop_clients(nu, u);	/* renamed: the lease's name too */
	u->nif = *nif;
	if (gained && u->selected)
		discovery_say(nu->dc, false, "%s: link up", nif->name);
	/* a cable just plugged in: ask at once, not at the next retry. A
	   client with a lease renews it (SIGUSR1; one too young to catch the
	   signal is sending its first discovers anyway); one still looking
	   is started again: udhcpc ignores SIGUSR1 then, and would sleep out
	   its pause (-A10) after the discovers the missing cable lost */
	for (fam = 0; fam < 2; fam++) {
		if (!gained || !u->pid[fam])
			continue;
		if (!has_lease(nu, u, fam))
			stop_client(nu, u, fam);	/* evaluate() starts one */
		else
			dhcp_renew(u->pid[fam]);
	}
	evaluate(nu, u);
}

static void on_netlink(struct event_loop *loop, int fd, uint32_t events,
		       void *data)
{
	struct netup *nu = data;
	int ret = netif_watch_dispatch(nu->w);

	if (ret == -ENOBUFS)
		ret = netif_watch_scan(nu->w, NULL) < 0 ? -EIO : 0;
	if (ret && ret != -EAGAIN)
		discovery_say(nu->dc, true, "network interfaces: %s", strerror(-ret));
}

/* Reap u's client of fam if it exited; start it again once due. */
static void tick_client(struct netup *nu, struct uplink *u, int fam)
{
	pid_t pid = u->pid[fam];
	int status;

	if (pid && waitpid(pid, &status, WNOHANG) == pid) {
		u->pid[fam] = 0;
		u->restart_at[fam] = event_now_ms() + NETUP_RESTART_MS;
		discovery_say(nu->dc, true, "%s: the %s client exited (%s %d); "
		    "again in %d s", u->nif.name, fam ? "DHCPv6" : "DHCP",
		    WIFEXITED(status) ? "status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		    NETUP_RESTART_MS / 1000);
		snprintf(u->why, sizeof(u->why), "the %s client exited (%s %d)",
			 fam ? "DHCPv6" : "DHCP",
			 WIFEXITED(status) ? "status" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) :
			 WTERMSIG(status));
	} else if (!pid && u->selected && u->restart_at[fam] &&
		   event_now_ms() >= u->restart_at[fam]) {
		u->restart_at[fam] = 0;
		evaluate(nu, u);
	}
}

static void on_tick(struct event_loop *loop, void *data)
{
	struct netup *nu = data;
	size_t i;

	nu->tick = event_add_timer(loop, NETUP_REAP_MS, on_tick, nu);
	for (i = 0; i < ARRAY_SIZE(nu->dying); i++)
		if (nu->dying[i] &&
		    waitpid(nu->dying[i], NULL, WNOHANG) == nu->dying[i])
			nu->dying[i] = 0;
	for (i = 0; i < nu->links.n; i++) {
		tick_client(nu, nu->links.v[i], 0);
		tick_client(nu, nu->links.v[i], 1);
	}
}

static int set_conf(struct netup *nu, const struct netup_conf *c)
{
	char *s[4] = {
		c->interfaces ? strdup(c->interfaces) : NULL,
		c->config ? strdup(c->config) : NULL,
		c->hook ? strdup(c->hook) : NULL,
		c->resolv_conf ? strdup(c->resolv_conf) : NULL,
	};

	if ((c->interfaces && !s[0]) || (c->config && !s[1]) ||
	    (c->hook && !s[2]) || (c->resolv_conf && !s[3])) {
		free(s[0]);
		free(s[1]);
		free(s[2]);
		free(s[3]);
		return -ENOMEM;
	}
	free(nu->interfaces);
	free(nu->config);
	free(nu->hook);
	free(nu->resolv_conf);
	nu->interfaces = s[0];
	nu->config = s[1];
	nu->hook = s[2];
	nu->resolv_conf = s[3];
	return 0;
}

static void netup_free(struct netup *nu)
{
	size_t i;
	int fam;

	for (i = 0; i < nu->links.n; i++) {
		struct uplink *u = nu->links.v[i];

		for (fam = 0; fam < 2; fam++)
			if (u->pid[fam]) {
				dhcp_stop(u->pid[fam]);
				reap_later(nu, u->pid[fam]);
			}
	}
	/* at exit: what did not stop within a moment is killed */
	for (i = 0; i < ARRAY_SIZE(nu->dying); i++) {
		if (!nu->dying[i])
			continue;
		usleep(100 * 1000);
		if (waitpid(nu->dying[i], NULL, WNOHANG) != nu->dying[i]) {
			kill(nu->dying[i], SIGKILL);
			waitpid(nu->dying[i], NULL, 0);
		}
	}
	vec_free(&nu->links, free);
	event_remove_fd(nu->watch);
	event_cancel_timer(nu->tick);
	if (nu->w)
		netif_watch_close(nu->w);
	set_conf(nu, &(struct netup_conf){ 0 });
	free(nu);
}

int netup_start(struct discovery *dc, const struct netup_conf *conf)
{
	struct netup *nu = calloc(1, sizeof(*nu));
	int ret;

	if (!nu || set_conf(nu, conf)) {
		free(nu);
		return -ENOMEM;
	}
	nu->dc = dc;
	ret = netif_watch_open(on_netif, nu, &nu->w);
	if (ret) {
		nu->w = NULL;
		goto fail;
	}
	nu->watch = event_add_fd(dc->loop, netif_watch_fd(nu->w), EPOLLIN,
				 on_netlink, nu);
	nu->tick = event_add_timer(dc->loop, NETUP_REAP_MS, on_tick, nu);
	if (!nu->watch || !nu->tick) {
		ret = -ENOMEM;
		goto fail;
	}
	dc->netup = nu;
	ret = netif_watch_scan(nu->w, NULL);
	if (ret < 0)
		discovery_say(nu->dc, true, "network interfaces: /sys/class/net: %s",
		    strerror(-ret));
	return 0;
fail:
	dc->ev->status(dc, true, "network interfaces cannot be followed");
	netup_free(nu);
	return ret;
}

int netup_configure(struct discovery *dc, const struct netup_conf *conf)
{
	struct netup *nu = dc->netup;
	size_t i;

	if (!nu)
		return 0;
	if (set_conf(nu, conf))
		return -ENOMEM;
	for (i = 0; i < nu->links.n; i++) {
		struct uplink *u = nu->links.v[i];

		u->configured = false;
		u->told = false;
		evaluate(nu, u);
	}
	return 0;
}

void netup_stop(struct discovery *dc)
{
	if (!dc->netup)
		return;
	netup_free(dc->netup);
	dc->netup = NULL;
}

/* u's client of fam has a lease netwatch.c looked up (or looks up). */
static bool lease_looked_up(const struct netup *nu, const struct uplink *u,
			    int fam)
{
	struct dhcp_request r = request(nu, u, fam);
	char *path = dhcp_lease_path(&r), *file;
	bool seen;

	if (!path)
		return false;
	file = strrchr(path, '/');
	seen = netwatch_lease_seen(nu->dc, file ? file + 1 : path);
	free(path);
	return seen;
}

bool netup_pending(const struct discovery *dc)
{
	const struct netup *nu = dc->netup;
	size_t i;

	if (netwatch_busy(dc))
		return true;
	for (i = 0; nu && i < nu->links.n; i++) {
		const struct uplink *u = nu->links.v[i];

		if (u->selected && ((u->pid[0] && !lease_looked_up(nu, u, 0)) ||
				    (u->pid[1] && !lease_looked_up(nu, u, 1))))
			return true;
	}
	return false;
}

int netup_info(const struct discovery *dc, const char *ifname,
	       struct netup_info *out)
{
	const struct netup *nu = dc->netup;
	size_t i;

	for (i = 0; nu && i < nu->links.n; i++) {
		const struct uplink *u = nu->links.v[i];

		if (!streq(u->nif.name, ifname))
			continue;
		memset(out, 0, sizeof(*out));
		out->selected = u->selected;
		out->dhcp = u->selected && u->dhcp;
		out->bad_config = u->selected && u->told;
		out->client = u->pid[0] || u->pid[1];
		snprintf(out->why, sizeof(out->why), "%s", u->why);
		return 0;
	}
	return -ENOENT;
}
