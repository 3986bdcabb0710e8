/*
 * netwatch.h: network sources in the daemon: the DHCP hook's lease files
 * (discover/dhcp.h) followed with inotify; on each lease that appears or
 * changes, the config lookup and parsers (net-scan.h) run in a worker
 * (lib/job.h), and the options go to the owner as one source of kind
 * "network" (discovery_events.found); a lease withdrawn (its file removed)
 * withdraws them (discovery_events.gone). Nothing here blocks the loop.
 */
#ifndef BATON_DISCOVER_NETWATCH_H
#define BATON_DISCOVER_NETWATCH_H

#include <stdbool.h>

struct discovery;

#define NETWATCH_RANK		(1 << 20)	/* after every disk */
#define NETWATCH_DEV_PREFIX	"net:"	/* gone()'s dev: "net:eth0.v4" */

/*
 * Watch dc->lease_dir (made when missing) and read the leases already
 * there. 0, or -errno when the folder cannot be watched (logged through
 * dc->ev->status; the daemon goes on without network sources).
 */
/* Stop watching; results of workers still running are dropped. */
/*
 * Look up every lease's configs again (a rescan), the lookups waited for
 * (dc->pending, then waited() once they are all done); each lease's
 * options replace what it gave before when its lookup ends.
 */
/* Does a lease's config lookup run (a worker)? */
/* Was lease file ("eth0.v4") looked up since it last changed, or is one
   running for it? False too while it has not appeared. */
#ifdef CONFIG_NET
int netwatch_start(struct discovery *dc);
void netwatch_stop(struct discovery *dc);
void netwatch_rescan(struct discovery *dc);
bool netwatch_busy(const struct discovery *dc);
bool netwatch_lease_seen(const struct discovery *dc, const char *file);
#else
static inline int netwatch_start(struct discovery *dc)
{
	return 0;
}

static inline void netwatch_stop(struct discovery *dc)
{
}

static inline void netwatch_rescan(struct discovery *dc)
{
}

static inline bool netwatch_busy(const struct discovery *dc)
{
	return false;
}

static inline bool netwatch_lease_seen(const struct discovery *dc,
				       const char *file)
{
	return false;
}
#endif

#endif
