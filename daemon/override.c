/*
 * override.c: the BMC's boot override in the daemon (override.h). Every
 * request to the BMC runs in a worker with a bounded wait, so that a slow
 * or absent BMC never holds the loop; a machine without /dev/ipmi0 costs
 * one failed stat at start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "daemon/override.h"
#include "lib/log.h"

/* A dry run never asks the machine's own BMC: only the one --ipmi names. */
static const char *ipmi_path(const struct daemon *d)
{
	if (d->opts.ipmi_path)
		return d->opts.ipmi_path;
	return d->opts.dry_run ? NULL : OVERRIDE_IPMI_PATH;
}

static bool enabled(const struct daemon *d)
{
	return settings_bool(&d->settings, CFG_BMC);
}

/* ---- reading the flags ------------------------------------------------ */

struct read_job {
	struct job job;
	struct daemon *d;
	char *path;
	int err;
	struct bmc_boot_flags flags;
};

static void read_run(struct job *j)
{
	struct read_job *r = container_of(j, struct read_job, job);
	struct ipmi_transport t;
	struct ipmi_dev *dev;

	r->err = ipmi_open(r->path, OVERRIDE_TIMEOUT_MS, &dev);
	if (r->err)
		return;
	t = ipmi_transport(dev);
	r->err = bmc_read_flags(&t, &r->flags);
	ipmi_close(dev);
}

static void read_done(struct job *j)
{
	struct read_job *r = container_of(j, struct read_job, job);
	struct override_state *o = &r->d->override;
	char said[sizeof(o->said)];

	o->reading = false;
	o->first = false;
	if (r->err == -ENOENT) {
		o->present = false;
		log_info("bmc: %s is gone: no BMC to ask", r->path);
	} else if (r->err) {
		/* keep what it said before: a hiccup changes nothing */
		log_warn("bmc: cannot read the boot flags: %s",
			 strerror(-r->err));
	} else {
		bmc_flags_describe(&r->flags, said, sizeof(said));
		if (!o->known || memcmp(&o->flags, &r->flags, sizeof(r->flags)))
			log_info("bmc: %s (parameter 5: %02x %02x %02x %02x "
				 "%02x)", said, r->flags.data[0],
				 r->flags.data[1], r->flags.data[2],
				 r->flags.data[3], r->flags.data[4]);
		o->flags = r->flags;
		o->known = true;
		o->cleared = false;
		snprintf(o->said, sizeof(o->said), "%s", said);
	}
	daemon_event(r->d, DAEMON_BMC_READ, NULL);
	free(r->path);
	free(r);
}

static bool start_read(struct daemon *d)
{
	struct read_job *r;
	int err;

	if (d->override.reading)
		return true;
	r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(ipmi_path(d)))) {
		free(r);
		log_err("bmc: out of memory");
		return false;
	}
	r->d = d;
	r->job.run = read_run;
	r->job.done = read_done;
	err = job_start(&d->jobs, &r->job);
	if (err) {
		log_err("bmc: cannot start a worker: %s", strerror(-err));
		free(r->path);
		free(r);
		return false;
	}
	d->override.reading = true;
	return true;
}

void override_start(struct daemon *d)
{
	struct override_state *o = &d->override;

	if (!enabled(d)) {
		log_info("bmc: off (the bmc setting)");
		return;
	}
	/* no BMC, or no ipmi_devintf: nothing to ask */
	if (!ipmi_path(d) || access(ipmi_path(d), F_OK))
		return;
	o->present = true;
	o->first = start_read(d);
}

bool override_reread(struct daemon *d)
{
	if (!d->override.present || !enabled(d))
		return false;
	return start_read(d);
}

bool override_pending(const struct daemon *d)
{
	return d->override.first;
}

/* The override still asks for something: valid, and not cleared by us. */
static bool in_force(const struct daemon *d)
{
	const struct override_state *o = &d->override;

	return enabled(d) && o->known && o->flags.valid && !o->cleared &&
	       o->flags.selector != BMC_DEV_NONE;
}

enum bmc_action override_action(const struct daemon *d)
{
	return in_force(d) ? bmc_flags_action(&d->override.flags) :
	       BMC_ACT_POLICY;
}

const char *override_said(const struct daemon *d)
{
	return in_force(d) ? d->override.said : NULL;
}

/* ---- clearing and reporting ------------------------------------------- */

struct override_handover {
	struct job job;		/* when it runs on its own (clear_run) */
	struct daemon *d;
	char *path;
	bool clear;		/* a one-shot override to clear */
	bool report;		/* the OS boot to report */
	bool ran;		/* the requests were sent */
	int clear_err, report_err;
};

struct override_handover *override_handover_new(struct daemon *d)
{
	const struct override_state *o = &d->override;
	struct override_handover *h;

	if (!o->present || !enabled(d))
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h || !(h->path = strdup(ipmi_path(d)))) {
		free(h);
		return NULL;
	}
	h->d = d;
	h->clear = in_force(d) && !o->flags.persistent && !o->clearing;
	h->report = true;
	return h;
}

void override_handover_run(struct override_handover *h, char *msg,
			   size_t len)
{
	struct ipmi_transport t;
	struct ipmi_dev *dev;
	int err;

	h->ran = true;
	err = ipmi_open(h->path, OVERRIDE_TIMEOUT_MS, &dev);
	if (err) {
		h->clear_err = h->report_err = err;
		snprintf(msg, len, "bmc: cannot open %s: %s", h->path,
			 strerror(-err));
		return;
	}
	t = ipmi_transport(dev);
	if (h->clear)
		h->clear_err = bmc_clear_once(&t);
	if (h->report)
		h->report_err = bmc_report_os_boot(&t);
	ipmi_close(dev);
	snprintf(msg, len, "bmc: %s%s; the OS boot %s%s",
		 !h->clear ? "no one-shot override to clear" :
		 h->clear_err ? "the one-shot override not cleared: " :
		 "one-shot override cleared",
		 h->clear && h->clear_err ? strerror(-h->clear_err) : "",
		 h->report_err ? "not reported: " : "reported",
		 h->report_err ? strerror(-h->report_err) : "");
}

void override_handover_done(struct daemon *d, struct override_handover *h)
{
	if (!h)
		return;
	if (h->ran && h->clear && !h->clear_err)
		d->override.cleared = true;
	free(h->path);
	free(h);
}

static void clear_run(struct job *j)
{
	struct override_handover *h =
		container_of(j, struct override_handover, job);
	struct ipmi_transport t;
	struct ipmi_dev *dev;

	h->ran = true;
	h->clear_err = ipmi_open(h->path, OVERRIDE_TIMEOUT_MS, &dev);
	if (h->clear_err)
		return;
	t = ipmi_transport(dev);
	h->clear_err = bmc_clear_once(&t);
	ipmi_close(dev);
}

static void clear_done(struct job *j)
{
	struct override_handover *h =
		container_of(j, struct override_handover, job);
	struct daemon *d = h->d;

	d->override.clearing = false;
	if (h->clear_err)
		log_warn("bmc: cannot clear the one-shot override: %s",
			 strerror(-h->clear_err));
	else
		log_info("bmc: one-shot override honoured and cleared");
	override_handover_done(d, h);
}

void override_honoured(struct daemon *d)
{
	struct override_handover *h;
	int err;

	if (!in_force(d) || d->override.flags.persistent ||
	    d->override.clearing)
		return;
	h = override_handover_new(d);
	if (!h)
		return;
	h->report = false;
	h->job.run = clear_run;
	h->job.done = clear_done;
	err = job_start(&d->jobs, &h->job);
	if (err) {
		log_err("bmc: cannot start a worker: %s", strerror(-err));
		override_handover_done(d, h);
		return;
	}
	d->override.clearing = true;
}

static const char *action_name(enum bmc_action a)
{
	static const char *const names[] = {
		[BMC_ACT_POLICY] = "policy", [BMC_ACT_NETWORK] = "network",
		[BMC_ACT_DISK] = "disk", [BMC_ACT_OPTICAL] = "optical",
		[BMC_ACT_WAIT] = "wait",
	};

	return (size_t)a < ARRAY_SIZE(names) ? names[a] : "policy";
}

json_t *override_json(const struct daemon *d)
{
	const struct override_state *o = &d->override;

	if (!enabled(d) || !o->known)
		return NULL;
	return json_pack("{s:b,s:s,s:i,s:b,s:b,s:s,s:b,s:s}",
			 "valid", o->flags.valid,
			 "device", bmc_selector_name(o->flags.selector),
			 "selector", o->flags.selector,
			 "persistent", o->flags.persistent,
			 "efi", o->flags.efi,
			 "action", action_name(bmc_flags_action(&o->flags)),
			 "cleared", o->cleared,
			 "message", o->said);
}
