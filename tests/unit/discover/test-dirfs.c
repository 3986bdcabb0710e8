/*
 * test-dirfs.c: the parser tests read fixture folders into memory
 * (tests/unit/discover/parsers/dirfs.h); this checks that what they read
 * is what a source of the same folder (source.c) shows: every fixture's
 * files, bytes, sizes, times and listings, symlinks in and out, and paths
 * with "//", "." and "..".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover/source.h"
#include "tests/unit/discover/parsers/dirfs.h"
#include "tests/unit/test.h"

TEST_GLOBALS;

/* Say where the two disagree, once per path. */
static void differ(const char *dir, const char *path, const char *what)
{
	printf("#   %s%s: %s differs\n", dir, path, what);
	test_failed_checks++;
}

/* Compare path (and, for a folder, all below it) in d and in src. */
static void compare(struct dirfs *d, struct source *src, const char *path)
{
	struct parse_stat ms, ss;
	char *mb = NULL, *sb = NULL, **mn = NULL, **sn = NULL, sub[PATH_MAX];
	size_t ml = 0, sl = 0, i;
	int me, se;

	me = dirfs_io.stat(d, &d->info, path, &ms);
	se = source_parse_io.stat(NULL, &src->info, path, &ss);
	if (me != se || (!me && ms.is_dir != ss.is_dir)) {
		differ(d->root, path, "stat");
		return;
	}
	if (me)
		return;
	if (!ms.is_dir) {
		if (ms.size != ss.size || ms.mtime != ss.mtime)
			differ(d->root, path, "size or time");
		me = dirfs_io.read(d, &d->info, path, PARSE_MAX_FILE_SIZE,
				   &mb, &ml);
		se = source_parse_io.read(NULL, &src->info, path,
					  PARSE_MAX_FILE_SIZE, &sb, &sl);
		if (me != se || ml != sl || (!me && memcmp(mb, sb, ml)))
			differ(d->root, path, "read");
		free(mb);
		free(sb);
		return;
	}
	me = dirfs_io.list(d, &d->info, path, &mn);
	se = source_parse_io.list(NULL, &src->info, path, &sn);
	if (me || se || strv_len(mn) != strv_len(sn)) {
		differ(d->root, path, "listing");
		goto out;
	}
	for (i = 0; mn[i]; i++) {
		if (strcmp(mn[i], sn[i])) {
			differ(d->root, path, "listing");
			break;
		}
		snprintf(sub, sizeof(sub), "%s/%s", strcmp(path, "/") ? path : "",
			 mn[i]);
		compare(d, src, sub);
	}
out:
	strv_free(mn);
	strv_free(sn);
}

/* Load dir both ways, compare everything below it; returns files seen. */
static size_t compare_folder(const char *dir)
{
	struct dirfs d;
	struct source *src;
	size_t n;
	int err;

	src = source_open_dir(dir, NULL, &err);
	CHECK(src != NULL);
	CHECK_INT(dirfs_load(&d, dir, NULL), 0);
	if (!src || !d.fs.n) {
		source_free(src);
		return 0;
	}
	CHECK_STR(d.info.name, src->info.name);
	CHECK_STR(d.info.kind, src->info.kind);
	compare(&d, src, "/");
	n = d.fs.n;
	dirfs_free(&d);
	source_free(src);
	return n;
}

/* Every folder just below each parent: one fixture (partition) each. */
static void test_every_fixture_reads_alike(void)
{
	static const char *const parents[] = {
		"tests/data/bls", "tests/data/syslinux", "tests/data/kboot",
		"tests/data/yaboot", "tests/data/grub2",
		"tests/data/grub2/search-other",
	};
	char path[PATH_MAX];
	size_t i, folders = 0, files = 0;
	struct dirent *de;
	struct stat st;
	DIR *dir;

	for (i = 0; i < ARRAY_SIZE(parents); i++) {
		dir = opendir(parents[i]);
		CHECK(dir != NULL);
		while (dir && (de = readdir(dir))) {
			snprintf(path, sizeof(path), "%s/%s", parents[i],
				 de->d_name);
			if (de->d_name[0] == '.' || stat(path, &st) ||
			    !S_ISDIR(st.st_mode))
				continue;
			folders++;
			files += compare_folder(path);
		}
		if (dir)
			closedir(dir);
	}
	printf("#   %zu fixture folders, %zu files\n", folders, files);
	CHECK(folders >= 60 && files >= folders);
}

static char root[] = "/tmp/baton-test-dirfs-XXXXXX";

/*
 * A partition with symlinks in and out of it, beside a host file. Each
 * row is a folder (no text, no link), a file, or a symlink (a link that
 * starts with '/' is absolute, under root).
 */
static void setup(void)
{
	static const struct {
		const char *name, *text, *link;
	} tree[] = {
		{ "part", NULL, NULL },
		{ "part/boot", NULL, NULL },
		{ "secret", "outside", NULL },
		{ "part/boot/vmlinuz", "kernel", NULL },
		{ "part/boot/empty", "", NULL },
		{ "part/boot/abs", NULL, "/secret" },		/* to the host */
		{ "part/boot/rel", NULL, "../../secret" },	/* climbs out */
		{ "part/boot/ok", NULL, "../boot/vmlinuz" },	/* inside */
		{ "part/boot/gone", NULL, "nothing" },		/* dangling */
		{ "part/boot/out-and-in", NULL, "../../part/boot/vmlinuz" },
	};
	char path[PATH_MAX], target[PATH_MAX];
	size_t i;

	if (!mkdtemp(root))
		abort();
	for (i = 0; i < ARRAY_SIZE(tree); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, tree[i].name);
		if (tree[i].text) {
			test_write_file(root, tree[i].name, tree[i].text);
			continue;
		}
		if (!tree[i].link) {
			if (mkdir(path, 0755))
				abort();
			continue;
		}
		snprintf(target, sizeof(target), "%s%s",
			 tree[i].link[0] == '/' ? root : "", tree[i].link);
		if (symlink(target, path))
			abort();
	}
}

static char *read_both(struct dirfs *d, struct source *src, const char *path,
		       int *me, int *se)
{
	char *mb = NULL, *sb = NULL;
	size_t ml, sl;

	*me = dirfs_io.read(d, &d->info, path, 64, &mb, &ml);
	*se = source_parse_io.read(NULL, &src->info, path, 64, &sb, &sl);
	if (mb && sb && strcmp(mb, sb))
		differ(d->root, path, "read");
	free(sb);
	return mb;
}

static void test_symlinks_and_paths(void)
{
	static const struct {
		const char *path;
		const char *text;	/* NULL: an error, the same both ways */
	} rows[] = {
		{ "/boot/vmlinuz", "kernel" },
		{ "/boot/empty", "" },
		{ "/boot/ok", "kernel" },
		{ "/boot/abs", NULL },
		{ "/boot/rel", NULL },
		{ "/boot/gone", NULL },
		{ "/boot/out-and-in", NULL },
		{ "//boot/./vmlinuz", "kernel" },
		{ "boot/vmlinuz", "kernel" },
		{ "/boot/../boot/vmlinuz", "kernel" },
		{ "/../secret", NULL },
		{ "/boot/../../secret", NULL },
		{ "/boot/vmlinuz/", NULL },
		{ "/boot", NULL },
		{ "/missing", NULL },
	};
	char dir[PATH_MAX], *t;
	struct source *src;
	struct dirfs d;
	size_t i;
	int me, se;

	snprintf(dir, sizeof(dir), "%s/part", root);
	src = source_open_dir(dir, NULL, &me);
	CHECK(src != NULL);
	CHECK_INT(dirfs_load(&d, dir, NULL), 0);
	if (!src || !d.fs.n)
		goto out;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		t = read_both(&d, src, rows[i].path, &me, &se);
		if (me != se || (rows[i].text ? !t || strcmp(t, rows[i].text) :
				 me == 0)) {
			printf("#   %s: memory %d \"%s\", source %d\n",
			       rows[i].path, me, t ? t : "", se);
			test_failed_checks++;
		}
		free(t);
	}
	compare(&d, src, "/");
	dirfs_free(&d);
out:
	source_free(src);
}

/* What a folder in memory cannot hold fails the load, saying why. */
static void test_refused_folders(void)
{
	char dir[256], path[PATH_MAX];
	struct dirfs d;

	snprintf(dir, sizeof(dir), "%s/empty", root);
	mkdir(dir, 0755);
	CHECK_INT(dirfs_load(&d, dir, NULL), -ENOTSUP);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	CHECK_INT(mkfifo(path, 0600), 0);
	CHECK_INT(dirfs_load(&d, dir, NULL), -EINVAL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/loop", dir);
	CHECK_INT(symlink(".", path), 0);
	CHECK_INT(dirfs_load(&d, dir, NULL), -ELOOP);
	snprintf(path, sizeof(path), "%s/none", root);
	CHECK_INT(dirfs_load(&d, path, NULL), -ENOENT);
	CHECK(d.fs.n == 0 && d.files == NULL && d.info.name == NULL);
}

static const struct test_case cases[] = {
	TEST(test_every_fixture_reads_alike),
	TEST(test_symlinks_and_paths),
	TEST(test_refused_folders),
	{ 0 },
};

int main(int argc, char **argv)
{
	int ret;

	setup();
	ret = test_main(argc, argv, cases);
	if (test_remove_tree(root))
		ret = 1;
	return ret;
}
