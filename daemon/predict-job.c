/*
 * predict-job.c: before anyone picks an option, predict whether the
 * running kernel, when it checks signatures (lockdown), will accept the
 * option's kernel (loader/predict.h), and mark the option with the
 * verdict and its reason. The kernels are opened on the loop (as the
 * catalog's checks do) and checked in a worker: hashing a kernel takes
 * tens of milliseconds, more under emulation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon/daemon-internal.h"
#include "lib/log.h"
#include "loader/loader.h"
#include "loader/predict.h"

/*
 * Kernels checked per run, each open until the run ends: a disk with
 * thousands of entries must not take the daemon's file descriptors.
 */
#define PREDICT_BATCH 32

struct prediction {
	char *id;		/* the option's */
	char *kernel;		/* "source:path": still the same option? */
	int fd;
	struct verify_result res;
};

struct predict_job {
	struct job job;
	struct daemon *d;
	struct machine_state ms;
	char *machine;		/* --machine, or NULL: the real keyrings */
	struct vec items;	/* struct prediction * */
};

static void prediction_free(void *p)
{
	struct prediction *pr = p;

	if (!pr)
		return;
	if (pr->fd >= 0)
		close(pr->fd);
	free(pr->id);
	free(pr->kernel);
	free(pr);
}

static void predict_job_free(struct predict_job *pj)
{
	vec_free(&pj->items, prediction_free);
	free(pj->machine);
	free(pj);
}

/*
 * What the running kernel trusts for kexec: its keyrings, or the
 * firmware's db where they cannot be read (or under --machine, whose
 * folder stands for /sys: its db alone).
 */
static struct trust *kernel_keys(const char *machine)
{
	struct trust *t = trust_new();
	char *efivars;

	if (!t || !machine) {
		if (t && trust_add_keyrings(t, NULL, NULL, NULL) <= 0)
			trust_add_efi_db(t, NULL);
		return t;
	}
	efivars = str_printf("%s/firmware/efi/efivars", machine);
	if (efivars)
		trust_add_efi_db(t, efivars);
	free(efivars);
	return t;
}

static void predict_run(struct job *j)
{
	struct predict_job *pj = container_of(j, struct predict_job, job);
	struct trust *kt = kernel_keys(pj->machine);
	size_t i;

	for (i = 0; i < pj->items.n; i++) {
		struct prediction *pr = pj->items.v[i];

		if (!kt) {
			pr->res.err = -ENOMEM;
			continue;
		}
		predict_kexec_file(&pj->ms, kt, pr->fd, pr->kernel, &pr->res);
		close(pr->fd);
		pr->fd = -1;
	}
	trust_free(kt);
}

static char *kernel_key(const struct boot_option *o)
{
	return str_printf("%s:%s", o->kernel->source, o->kernel->path);
}

/* Mark the options still there, with the same kernel. */
static void predict_done(struct job *j)
{
	struct predict_job *pj = container_of(j, struct predict_job, job);
	struct daemon *d = pj->d;
	size_t i, marked = 0;

	d->sig.job = NULL;
	for (i = 0; i < pj->items.n; i++) {
		struct prediction *pr = pj->items.v[i];
		struct boot_option *o = catalog_option(d, pr->id);
		char *key = o && o->kernel && o->kernel->source ?
			    kernel_key(o) : NULL;
		char *msg;

		if (!key || !streq(key, pr->kernel) || o->sig_message ||
		    pr->res.err == -ENOMEM || !(msg = strdup(pr->res.message))) {
			free(key);
			continue;
		}
		free(key);
		o->sig_message = msg;
		o->sig_refused = pr->res.err != 0;
		if (o->sig_refused)
			log_warn("signed boot: \"%s\" will not boot: %s",
				 o->name ? o->name : o->id, msg);
		marked++;
	}
	predict_job_free(pj);
	if (marked)
		catalog_publish(d);
	if (d->sig.again) {
		d->sig.again = false;
		daemon_predict_options(d);
	}
}

/* A prediction of o's kernel, its file opened; NULL when there is none. */
static struct prediction *prediction_new(struct daemon *d,
					 const struct boot_option *o)
{
	struct prediction *pr;
	struct source *src;

	if (o->sig_message || !o->id || !o->kernel || !o->kernel->source ||
	    !o->kernel->path || o->kernel->missing ||
	    !(src = catalog_source(d, o->kernel->source)))
		return NULL;
	pr = calloc(1, sizeof(*pr));
	if (!pr)
		return NULL;
	pr->id = strdup(o->id);
	pr->kernel = kernel_key(o);
	pr->fd = source_open(src, o->kernel->path, O_RDONLY);
	if (!pr->id || !pr->kernel || pr->fd < 0) {
		prediction_free(pr);
		return NULL;
	}
	return pr;
}

/*
 * A device tree needs kexec_load(2), which lockdown forbids on machines
 * whose kernels take one: marked at once, whatever the kernel. Returns
 * how many options were marked.
 */
static size_t mark_device_trees(struct daemon *d)
{
	size_t i, n = 0;

	if (!machine_state_signed_only(&d->sig.ms) || !loader_takes_dtb(NULL))
		return 0;
	for (i = 0; i < d->res.options.n; i++) {
		struct boot_option *o = d->res.options.v[i];

		if (o->sig_message || (!o->dtb && !o->dtb_overlays) ||
		    !(o->sig_message = strdup(loader_signed_only_reason(false))))
			continue;
		o->sig_refused = true;
		log_warn("signed boot: \"%s\" will not boot: %s",
			 o->name ? o->name : o->id, o->sig_message);
		n++;
	}
	return n;
}

void daemon_predict_options(struct daemon *d)
{
	struct predict_job *pj;
	struct prediction *pr;
	size_t i;
	int ret;

	if (!daemon_signed_enforced(d))
		return;
	if (mark_device_trees(d))
		catalog_publish(d);
	if (d->sig.job) {
		d->sig.again = true;
		return;
	}
	pj = calloc(1, sizeof(*pj));
	if (!pj || (d->opts.machine && !(pj->machine =
					 strdup(d->opts.machine)))) {
		free(pj);
		return;
	}
	pj->d = d;
	pj->ms = d->sig.ms;
	for (i = 0; i < d->res.options.n; i++) {
		if (pj->items.n == PREDICT_BATCH) {
			d->sig.again = true;	/* the rest after this run */
			break;
		}
		pr = prediction_new(d, d->res.options.v[i]);
		if (pr && vec_push(&pj->items, pr))
			prediction_free(pr);
	}
	if (!pj->items.n) {
		predict_job_free(pj);
		return;
	}
	pj->job.run = predict_run;
	pj->job.done = predict_done;
	ret = job_start(&d->jobs, &pj->job);
	if (ret) {
		log_warn("signed boot: cannot start the predictions: %s",
			 strerror(-ret));
		predict_job_free(pj);
		return;
	}
	d->sig.job = pj;
}
