/*
 * sysinfo-net.c: the network part of sysinfo: each interface's link
 * (carrier, speed), its addresses (getifaddrs(3)), and what the daemon
 * knows of it: DHCP or not, its leases (the DHCP hook's files, every key
 * the lease has, with when it was taken), or why it has none.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "daemon/daemon-internal.h"
#include "discover/dhcp.h"
#include "discover/netup.h"
#include "lib/fdio.h"

/* First line of a small sysfs file, or "" when unreadable. */
static void sys_line(const char *ifname, const char *attr, char *buf,
		     size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, attr);
	if (read_first_line(AT_FDCWD, path, buf, len) < 0)
		buf[0] = '\0';
}

/* The link: carrier (0/1 in sysfs; unreadable while down) and Mb/s. */
static json_t *link_json(const char *ifname)
{
	char carrier[8], speed[32];
	json_t *o = json_object();
	long mbps;

	if (!o)
		return NULL;
	sys_line(ifname, "carrier", carrier, sizeof(carrier));
	sys_line(ifname, "speed", speed, sizeof(speed));
	json_object_set_new(o, "carrier", json_boolean(streq(carrier, "1")));
	mbps = strtol(speed, NULL, 10);
	/* -1 (veth, virtio, no link) or nothing: unknown */
	json_object_set_new(o, "speed", mbps > 0 ? json_integer(mbps) :
			    json_null());
	return o;
}

#ifdef CONFIG_NET
/* Keys of lease_format() that are numbers. */
static bool numeric_key(const char *k)
{
	return streq(k, "family") || streq(k, "mask") || streq(k, "lease") ||
	       streq(k, "reboottime");
}

/*
 * The lease as JSON: every KEY=VALUE lease_format() gives (a repeated key,
 * dns, an array), so keys a lease gains later appear with no change here.
 */
static json_t *lease_object(const struct lease *l)
{
	char *text = lease_format(l), *line, *save = NULL, *eq;
	json_t *o = json_object(), *v, *old;

	if (!text || !o)
		goto fail;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq++ = '\0';
		if (streq(line, "event"))
			continue;	/* the hook's, not the server's */
		v = numeric_key(line) ? json_integer(strtol(eq, NULL, 10)) :
		    json_string(eq);
		old = json_object_get(o, line);
		if (streq(line, "dns") && !old) {
			old = json_array();
			json_object_set_new(o, line, old);
		}
		if (json_is_array(old))
			json_array_append_new(old, v);
		else
			json_object_set_new(o, line, v);
	}
	free(text);
	return o;
fail:
	free(text);
	json_decref(o);
	return NULL;
}

/*
 * The lease file "IF.vN" as JSON, with "taken" (when the hook wrote it:
 * seconds since the epoch), "age" and "left" (seconds; left only with a
 * lease time); a file the hook wrote but that cannot be read gives
 * {"error": why}. NULL when there is none.
 */
static json_t *lease_json(const char *dir, const char *ifname, int family)
{
	const struct dhcp_request r = {
		.ifname = ifname, .family = family, .lease_dir = dir,
	};
	char *path = dhcp_lease_path(&r), *err = NULL;
	struct lease *l = NULL;
	struct stat st;
	json_t *o = NULL;
	time_t now = time(NULL);
	long age;
	int ret;

	if (!path || stat(path, &st))
		goto out;
	ret = dhcp_read_lease(path, &l, &err);
	if (ret == -ENOENT)
		goto out;
	if (ret) {
		o = json_pack("{s:i,s:s}", "family", family, "error",
			      err ? err : strerror(-ret));
		goto out;
	}
	o = lease_object(l);
	if (!o)
		goto out;
	age = now > st.st_mtime ? (long)(now - st.st_mtime) : 0;
	json_object_set_new(o, "taken", json_integer(st.st_mtime));
	json_object_set_new(o, "age", json_integer(age));
	if (l->lease_secs >= 0)
		json_object_set_new(o, "left", json_integer(
				    MAX(l->lease_secs - age, 0L)));
out:
	lease_free(l);
	free(err);
	free(path);
	return o;
}

/* What the hook said of the client's last try ("" none), in fail. */
static const char *last_failure(struct daemon *d, const char *ifname,
				char *fail, size_t len)
{
	struct dhcp_request r = {
		.ifname = ifname, .family = 4, .lease_dir = d->disc.lease_dir,
	};
	char why[96];
	time_t when, now = time(NULL);

	if (dhcp_read_failure(&r, why, sizeof(why), &when))
		return NULL;
	snprintf(fail, len, "%s %ld s ago; asking again", why,
		 now > when ? (long)(now - when) : 0L);
	return fail;
}

/*
 * What the daemon does with the interface: "method" (dhcp, static,
 * unused: not in net_interfaces; none: a bad net_config), its leases,
 * and "dhcp": bound, refused (its lease was), waiting (for a link or a
 * lease) or none, with "why" for waiting and none.
 */
static void add_leases(struct daemon *d, json_t *o, const char *ifname,
		       bool carrier)
{
	struct netup_info ni;
	json_t *leases = json_array(), *l;
	const char *state, *why = NULL;
	int fam, good = 0, bad = 0;
	char fail[NETUP_WHY_MAX];

	for (fam = 4; leases && d->disc.lease_dir && fam <= 6; fam += 2) {
		l = lease_json(d->disc.lease_dir, ifname, fam);
		if (!l)
			continue;
		if (json_object_get(l, "error"))
			bad++;
		else
			good++;
		json_array_append_new(leases, l);
	}
	if (netup_info(&d->disc, ifname, &ni)) {
		/* not driven by the daemon: only what the hook left */
		if (json_array_size(leases))
			json_object_set_new(o, "leases", leases);
		else
			json_decref(leases);
		return;
	}
	json_object_set_new(o, "method", json_string(!ni.selected ? "unused" :
			    ni.bad_config ? "none" : ni.dhcp ? "dhcp" :
			    "static"));
	json_object_set_new(o, "leases", leases ? leases : json_array());
	if (!ni.dhcp) {
		if (*ni.why)
			json_object_set_new(o, "why", json_string(ni.why));
		return;
	}
	if (good)
		state = "bound";
	else if (bad)
		state = "refused";	/* each lease says why */
	else if (ni.client && !carrier)
		state = "waiting", why = "no link yet";
	else if (ni.client)
		state = "waiting", why = last_failure(d, ifname, fail,
						      sizeof(fail));
	else
		state = "none", why = *ni.why ? ni.why :
				      "the DHCP client is not running";
	json_object_set_new(o, "dhcp", json_string(state));
	if (why)
		json_object_set_new(o, "why", json_string(why));
}
#else
static void add_leases(struct daemon *d, json_t *o, const char *ifname,
		       bool carrier)
{
}
#endif

static json_t *iface(struct daemon *d, json_t *a, const char *name)
{
	char mac[64], state[32];
	json_t *o, *link;
	size_t i;

	json_array_foreach(a, i, o)
		if (streq(json_string_value(json_object_get(o, "name")), name))
			return o;
	sys_line(name, "address", mac, sizeof(mac));
	sys_line(name, "operstate", state, sizeof(state));
	link = link_json(name);
	o = json_pack("{s:s,s:s,s:s,s:[],s:o*}", "name", name, "mac", mac,
		      "state", state, "addresses", "link", link);
	if (o)
		add_leases(d, o, name,
			   json_is_true(json_object_get(link, "carrier")));
	json_array_append_new(a, o);
	return o;
}

json_t *daemon_sysinfo_network(struct daemon *d)
{
	struct ifaddrs *ifa, *p;
	char addr[INET6_ADDRSTRLEN];
	json_t *a = json_array(), *o;

	if (!a || getifaddrs(&ifa))
		return a;
	for (p = ifa; p; p = p->ifa_next) {
		const void *sa;
		int fam = p->ifa_addr ? p->ifa_addr->sa_family : AF_UNSPEC;

		if (p->ifa_flags & IFF_LOOPBACK)
			continue;
		o = iface(d, a, p->ifa_name);
		if (!o || (fam != AF_INET && fam != AF_INET6))
			continue;
		sa = fam == AF_INET ?
		     (const void *)&((struct sockaddr_in *)p->ifa_addr)->sin_addr :
		     (const void *)&((struct sockaddr_in6 *)p->ifa_addr)->sin6_addr;
		if (inet_ntop(fam, sa, addr, sizeof(addr)))
			json_array_append_new(json_object_get(o, "addresses"),
					      json_string(addr));
	}
	freeifaddrs(ifa);
	return a;
}
