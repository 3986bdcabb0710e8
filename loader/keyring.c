/*
 * keyring.c: the keys the running kernel trusts for kexec_file_load(2),
 * as far as userspace can see them: the asymmetric keys linked into the
 * .builtin_trusted_keys, .secondary_trusted_keys, .machine and .platform
 * keyrings, known by their descriptions in /proc/keys ("Subject: keyid").
 * The keys themselves cannot be read back, so a signer is matched by
 * subject name and key id.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/util.h"
#include "loader/verify-internal.h"

#define KEYCTL_READ_OP 11	/* KEYCTL_READ */
#define KEYRING_MEMBERS_MAX 1024
#define KEYS_MAX 4096

static const char *const kexec_keyrings[] = {
	".builtin_trusted_keys", ".secondary_trusted_keys", ".machine",
	".platform",
};

/* One line of /proc/keys that matters here. */
struct proc_key {
	int32_t serial;
	char type[16];
	char *desc;		/* owned */
};

int keyring_read_keyctl(int32_t keyring, int32_t *ids, size_t max,
			void *ctx)
{
	long n = syscall(SYS_keyctl, KEYCTL_READ_OP, keyring, ids,
			 max * sizeof(*ids));

	if (n < 0)
		return -errno;
	return (int)MIN((size_t)n / sizeof(*ids), max);
}

/*
 * "0f6e5c2b I------     1 perm 1f0b0000     0     0 asymmetri DESC": the
 * serial, the type (cut to 9 characters) and what follows.
 */
static int parse_line(char *line, struct proc_key *k)
{
	unsigned int serial;
	int at = 0;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%x %*s %*d %*s %*x %*d %*d %15s %n", &serial,
		   k->type, &at) != 2 || !at)
		return -EINVAL;
	k->serial = (int32_t)serial;
	k->desc = strdup(line + at);
	return k->desc ? 0 : -ENOMEM;
}

static void free_keys(struct proc_key *keys, size_t n)
{
	while (n--)
		free(keys[n].desc);
	free(keys);
}

static int read_proc_keys(const char *path, struct proc_key **out,
			  size_t *n_out)
{
	struct proc_key *keys, k;
	char line[1024];
	size_t n = 0;
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f)
		return -errno;
	keys = calloc(KEYS_MAX, sizeof(*keys));
	while (keys && n < KEYS_MAX && fgets(line, sizeof(line), f)) {
		ret = parse_line(line, &k);
		if (ret == -ENOMEM)
			break;
		if (!ret)
			keys[n++] = k;
		ret = 0;
	}
	fclose(f);
	if (!keys || ret) {
		free_keys(keys, n);
		return -ENOMEM;
	}
	*out = keys;
	*n_out = n;
	return 0;
}

static const struct proc_key *find_serial(const struct proc_key *keys,
					  size_t n, int32_t serial)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (keys[i].serial == serial)
			return &keys[i];
	return NULL;
}

/*
 * An asymmetric key's description as /proc/keys shows it:
 * "NAME: KEYID: X509.rsa 4a5fd13e []". NAME may itself hold ": ".
 */
static int add_asymmetric(struct trust *t, const char *keyring,
			  const char *desc)
{
	const char *end = strstr(desc, ": X509."), *sep = NULL, *p;
	char *name;
	int ret;

	if (!end)
		return 0;	/* not an X.509 key: nothing to match */
	for (p = desc; (p = strstr(p, ": ")) && p < end; p++)
		sep = p;
	if (!sep)
		return 0;
	name = str_ndup(desc, (size_t)(sep - desc));
	p = str_ndup(sep + 2, (size_t)(end - sep - 2));
	ret = name && p ? trust_add_key(t, keyring, name, p) : -ENOMEM;
	free(name);
	free((char *)p);
	return ret ?: 1;
}

/* The asymmetric keys linked into the keyring described by name. */
static int add_keyring(struct trust *t, const struct proc_key *keys,
		       size_t n, const char *name, keyring_read_fn read_fn,
		       void *ctx)
{
	const struct proc_key *ring = NULL, *k;
	int32_t *ids;
	size_t len = strlen(name), i;
	int got, ret = 0, added = 0;

	for (i = 0; !ring && i < n; i++)
		if (!strcmp(keys[i].type, "keyring") &&
		    !strncmp(keys[i].desc, name, len) &&
		    keys[i].desc[len] == ':')
			ring = &keys[i];
	if (!ring)
		return 0;	/* not built in, or not visible to us */
	ids = calloc(KEYRING_MEMBERS_MAX, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	got = read_fn(ring->serial, ids, KEYRING_MEMBERS_MAX, ctx);
	for (i = 0; got > 0 && ret >= 0 && i < (size_t)got; i++) {
		k = find_serial(keys, n, ids[i]);
		ret = k && !strcmp(k->type, "asymmetri") ?
		      add_asymmetric(t, name, k->desc) : 0;
		added += ret > 0;
	}
	free(ids);
	/* a keyring we may not read is one we know nothing of */
	return ret < 0 ? ret : added;
}

int trust_add_keyrings(struct trust *t, const char *proc_keys,
		       keyring_read_fn read_fn, void *ctx)
{
	struct proc_key *keys;
	size_t n, i;
	int ret, total = 0;

	ret = read_proc_keys(proc_keys ? proc_keys : "/proc/keys", &keys, &n);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(kexec_keyrings) && ret >= 0; i++) {
		ret = add_keyring(t, keys, n, kexec_keyrings[i],
				  read_fn ? read_fn : keyring_read_keyctl, ctx);
		total += ret > 0 ? ret : 0;
	}
	free_keys(keys, n);
	return ret < 0 ? ret : total;
}
