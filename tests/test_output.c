/* test_output.c — output files: temporary names and their registry, the signal handler, modes,
 * held renames, protected inputs, the output folder check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <valgrind/valgrind.h>

#include "guiyan/output.h"
#include "testutil.h"

static char *scratch(void)
{
    char *d = g_dir_make_tmp("guiyan-output-XXXXXX", NULL);
    assert_non_null(d);
    return d;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir, dot files included (but the folder's lock file, .guiyan.lock, which stays),
 * sorted and joined by spaces. */
static char *listing(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while (d && (n = g_dir_read_name(d)))
        if (strcmp(n, ".guiyan.lock") != 0)
            g_ptr_array_add(names, g_strdup(n));
    if (d)
        g_dir_close(d);
    if (names->len)              /* pdata is NULL when empty: qsort must not see it */
        qsort(names->pdata, names->len, sizeof(char *), cmp_str);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "", (char *)g_ptr_array_index(names, i));
    g_ptr_array_free(names, TRUE);
    return g_string_free(s, FALSE);
}

/* dir holds nothing but the folder's lock file. */
static void assert_left_nothing(const char *dir)
{
    char *l = listing(dir);
    assert_string_equal(l, "");
    g_free(l);
}

/* The child pid ended by _exit(0): each of its checks held. */
static void assert_child_ok(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static char *slurp(const char *path)
{
    char *data = NULL;
    if (!g_file_get_contents(path, &data, NULL, NULL))
        return NULL;
    return data;
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

static void test_write_and_modes(void **state)
{
    (void)state;
    char *d = scratch();
    char *pub = g_build_filename(d, "summary.csv", NULL);
    char *priv = g_build_filename(d, "rejects.csv", NULL);
    mode_t old = umask(022);
    GError *err = NULL;
    assert_int_equal(gy_output_write(pub, "a,b\r\n", 5, &err), GY_OK);
    assert_int_equal(gy_output_write_private(priv, "x", 1, &err), GY_OK);
    assert_null(err);
    assert_int_equal(mode_of(pub), 0644);
    assert_int_equal(mode_of(priv), 0600);
    /* the private mode is not the umask's doing: with none, public files are 0666 */
    umask(0);
    assert_int_equal(gy_output_write(pub, "c", 1, &err), GY_OK);
    assert_int_equal(gy_output_write_private(priv, "y", 1, &err), GY_OK);
    assert_int_equal(mode_of(pub), 0666);
    assert_int_equal(mode_of(priv), 0600);
    umask(old);
    char *got = slurp(priv);
    assert_string_equal(got, "y");
    g_free(got);
    char *l = listing(d);
    assert_string_equal(l, "rejects.csv summary.csv");
    g_free(l);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(pub);
    g_free(priv);
    g_free(d);
}

/* A personal output's temporary file is 0600 from its creation, not chmod-ed at the end. */
static void test_private_from_the_start(void **state)
{
    (void)state;
    char *d = scratch();
    char *p = g_build_filename(d, "explain.xlsx", NULL);
    mode_t old = umask(0);
    GError *err = NULL;
    gy_output *o = gy_output_new(p, true, &err);
    assert_non_null(o);
    const char *tmp = gy_output_file(o);
    char *want = g_strdup_printf("%s/.explain.xlsx.tmp-%ld-", d, (long)getpid());
    assert_true(g_str_has_prefix(tmp, want));
    g_free(want);
    assert_int_equal(mode_of(tmp), 0600);
    assert_int_equal(gy_output_in_flight(), 1);
    assert_int_equal(gy_output_commit(o, &err), GY_OK);
    assert_int_equal(mode_of(p), 0600);
    o = gy_output_new(p, false, &err);     /* replaced by a public one: the new mode */
    assert_int_equal(mode_of(gy_output_file(o)), 0666);
    assert_int_equal(gy_output_commit(o, &err), GY_OK);
    assert_int_equal(mode_of(p), 0666);
    umask(old);
    test_rm_tree(d);
    g_free(p);
    g_free(d);
}

/* A failed write leaves the old file as it was and no temporary file. */
static void test_failure_keeps_old(void **state)
{
    (void)state;
    char *d = scratch();
    char *p = g_build_filename(d, "summary.xlsx", NULL);
    GError *err = NULL;
    assert_int_equal(gy_output_write(p, "old", 3, &err), GY_OK);
    gy_output *o = gy_output_new(p, false, &err);
    assert_non_null(o);
    int fd = open(gy_output_file(o), O_WRONLY);
    assert_int_equal(write(fd, "half", 4), 4);
    close(fd);
    gy_output_free(o);                      /* the writer gave up */
    char *got = slurp(p);
    assert_string_equal(got, "old");
    g_free(got);
    char *l = listing(d);
    assert_string_equal(l, "summary.xlsx");
    g_free(l);
    /* a folder where the file should be: refused up front, naming it */
    char *sub = g_build_filename(d, "charts.pdf", NULL);
    g_mkdir(sub, 0755);
    assert_int_equal(gy_output_write(sub, "x", 1, &err), GY_E_IO);
    assert_non_null(strstr(err->message, sub));
    assert_non_null(strstr(err->message, g_strerror(EISDIR)));
    g_clear_error(&err);
    char *missing = g_build_filename(d, "no", "such", "x.csv", NULL);
    assert_int_equal(gy_output_write(missing, "x", 1, &err), GY_E_IO);
    assert_non_null(strstr(err->message, missing));
    assert_non_null(strstr(err->message, g_strerror(ENOENT)));
    g_clear_error(&err);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(missing);
    g_free(sub);
    g_free(p);
    g_free(d);
}

/* Whatever stands at an output name is renamed over, never opened: a FIFO nobody reads (an
 * open would wait forever: the alarm ends the test then), a symlink to a device, a symlink to
 * a file elsewhere (which stays as it was). The output is a regular file guiyan made. */
static void test_not_written_through(void **state)
{
    (void)state;
    char *d = scratch();
    char *fifo = g_build_filename(d, "rejects.csv", NULL);
    char *dev = g_build_filename(d, "summary.csv", NULL);
    char *away = g_build_filename(d, "away.txt", NULL), *lnk = g_build_filename(d, "m.json", NULL);
    assert_int_equal(mkfifo(fifo, 0666), 0);
    assert_int_equal(symlink("/dev/null", dev), 0);
    assert_true(g_file_set_contents(away, "keep", 4, NULL));
    assert_int_equal(symlink("away.txt", lnk), 0);
    alarm(10);
    GError *err = NULL;
    const char *paths[] = { fifo, dev, lnk };
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        assert_int_equal(gy_output_write_private(paths[i], "secret", 6, &err), GY_OK);
        struct stat st;
        assert_int_equal(lstat(paths[i], &st), 0);
        assert_true(S_ISREG(st.st_mode));
        assert_int_equal(st.st_mode & 07777, 0600);
        char *got = slurp(paths[i]);
        assert_string_equal(got, "secret");
        g_free(got);
    }
    alarm(0);
    char *kept = slurp(away);
    assert_string_equal(kept, "keep");
    g_free(kept);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(fifo);
    g_free(dev);
    g_free(away);
    g_free(lnk);
    g_free(d);
}

/* Folders guiyan makes are 0700 whatever the umask (0750 when asked), parents included; one
 * that is there keeps its mode. */
static void test_folder_mode(void **state)
{
    (void)state;
    char *d = scratch();
    char *a = g_build_filename(d, "a", "b", NULL), *up = g_build_filename(d, "a", NULL);
    char *g = g_build_filename(d, "g", NULL);
    mode_t old = umask(0);
    GError *err = NULL;
    assert_int_equal(gy_output_mkdir(a, &err), GY_OK);
    assert_int_equal(mode_of(a), 0700);
    assert_int_equal(mode_of(up), 0700);
    umask(0277);
    gy_output_group_readable(true);
    assert_int_equal(gy_output_mkdir(g, &err), GY_OK);
    gy_output_group_readable(false);
    assert_int_equal(mode_of(g), 0750);
    umask(0);
    assert_int_equal(chmod(g, 0755), 0);
    assert_int_equal(gy_output_mkdir(g, &err), GY_OK);
    assert_int_equal(mode_of(g), 0755);
    umask(old);
    test_rm_tree(d);
    g_free(a);
    g_free(up);
    g_free(g);
    g_free(d);
}

/* Each output has its size and SHA-256 for the manifest, held or not. */
static void test_digest(void **state)
{
    (void)state;
    char *d = scratch();
    char *a = g_build_filename(d, "a.csv", NULL);
    GError *err = NULL;
    gy_output_hold();
    assert_int_equal(gy_output_write(a, "abc", 3, &err), GY_OK);
    guint64 size = 0;
    char sha[65];
    assert_int_equal(gy_output_digest(a, &size, sha, &err), GY_OK);
    assert_int_equal(size, 3);
    assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_false(g_file_test(a, G_FILE_TEST_EXISTS));      /* still held */
    assert_int_equal(gy_output_publish(&err), GY_OK);
    size = 0;
    assert_int_equal(gy_output_digest(a, &size, sha, &err), GY_OK);
    assert_int_equal(size, 3);
    assert_string_equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(unlink(a), 0);
    assert_int_equal(mkfifo(a, 0600), 0);                   /* not a file: refused, not read */
    assert_int_equal(gy_output_digest(a, &size, sha, &err), GY_E_IO);
    g_clear_error(&err);
    test_rm_tree(d);
    g_free(a);
    g_free(d);
}

/* SHA-256 of the file at path, in hex, by GLib (not the code under test). */
static char *sha_of_file(const char *path, gsize *len)
{
    char *data = NULL;
    assert_true(g_file_get_contents(path, &data, len, NULL));
    char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, *len);
    g_free(data);
    return sha;
}

/* A file written piece by piece (updates.csv): its size and SHA-256 are those of the bytes
 * appended, taken as they were written; a file that holds other bytes too (written through
 * its name meanwhile) is read back instead. A failed append leaves no file behind. */
static void test_append(void **state)
{
    (void)state;
    char *d = scratch();
    char *p = g_build_filename(d, "updates.csv", NULL), *q = g_build_filename(d, "b.csv", NULL);
    GError *err = NULL;
    mode_t old = umask(0);
    gy_output_hold();
    gy_output *o = gy_output_new(p, true, &err);
    assert_non_null(o);
    /* pieces of several sizes, one of them empty */
    GString *all = g_string_new(NULL);
    for (int i = 0; i < 200; i++) {
        char *piece = g_strdup_printf("被替代,ledger_%d.csv,%d,\"a,b\"\r\n", i, i * 7919);
        size_t n = i % 50 == 0 ? 0 : strlen(piece);
        assert_int_equal(gy_output_append(o, piece, n, &err), GY_OK);
        g_string_append_len(all, piece, (gssize)n);
        g_free(piece);
    }
    assert_int_equal(gy_output_commit(o, &err), GY_OK);
    guint64 size = 0;
    char sha[65];
    assert_int_equal(gy_output_digest(p, &size, sha, &err), GY_OK);
    char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)all->str,
                                             all->len);
    assert_int_equal(size, all->len);
    assert_string_equal(sha, want);
    g_free(want);
    /* bytes written through the name after the last append: read back, so the digest is the
     * file's, not what was appended */
    o = gy_output_new(q, false, &err);
    assert_int_equal(gy_output_append(o, "abc", 3, &err), GY_OK);
    int fd = open(gy_output_file(o), O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "def", 3), 3);
    close(fd);
    assert_int_equal(gy_output_commit(o, &err), GY_OK);
    assert_int_equal(gy_output_digest(q, &size, sha, &err), GY_OK);
    assert_int_equal(size, 6);
    assert_string_equal(sha, "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721");
    assert_int_equal(gy_output_publish(&err), GY_OK);
    assert_null(err);
    umask(old);
    assert_int_equal(mode_of(p), 0600);
    gsize len = 0;
    char *got = sha_of_file(p, &len);
    assert_int_equal(len, all->len);
    want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)all->str, all->len);
    assert_string_equal(got, want);
    g_free(got);
    g_free(want);
    g_string_free(all, TRUE);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(unlink(q), 0);
    /* an append that fails (past the file size limit: EFBIG) names the file; freeing the
     * output then leaves nothing */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = { 4096, 4096 };
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(10);
        char *big = g_malloc0(3000);
        gy_output *c = gy_output_new(p, true, &err);
        if (!c || gy_output_append(c, big, 3000, &err) != GY_OK)
            _exit(11);
        if (gy_output_append(c, big, 3000, &err) != GY_E_IO)
            _exit(12);
        if (!strstr(err->message, p) || !strstr(err->message, g_strerror(EFBIG)))
            _exit(13);
        gy_output_free(c);
        if (gy_output_in_flight() != 0)
            _exit(14);
        g_error_free(err);
        g_free(big);
        _exit(0);
    }
    assert_child_ok(pid);
    assert_left_nothing(d);
    test_rm_tree(d);
    g_free(p);
    g_free(q);
    g_free(d);
}

/* Held outputs are renamed by name with manifest.json last, whatever order they were
 * committed in: seen by inotify, in the order of the renames. */
static void test_rename_order(void **state)
{
    (void)state;
    char *d = scratch();
    const char *names[] = { "manifest.json", "z.csv", "a.csv", "m.xlsx" };
    GError *err = NULL;
    gy_output_hold();
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *p = g_build_filename(d, names[i], NULL);
        assert_int_equal(gy_output_write(p, "x", 1, &err), GY_OK);
        g_free(p);
    }
    int in = inotify_init1(IN_NONBLOCK);
    assert_true(in >= 0);
    assert_true(inotify_add_watch(in, d, IN_MOVED_TO) >= 0);
    assert_int_equal(gy_output_publish(&err), GY_OK);
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(in, buf, sizeof buf);
    assert_true(n > 0);
    GString *seen = g_string_new(NULL);
    for (char *p = buf; p < buf + n;) {
        struct inotify_event *ev = (struct inotify_event *)p;
        g_string_append_printf(seen, "%s%s", seen->len ? " " : "", ev->name);
        p += sizeof *ev + ev->len;
    }
    assert_string_equal(seen->str, "a.csv m.xlsx z.csv manifest.json");
    g_string_free(seen, TRUE);
    close(in);
    test_rm_tree(d);
    g_free(d);
}

/* A folder where a rename cannot be done (here: a folder stands at the second name, put there
 * after the outputs were made) is found before any rename: the first output is not replaced
 * either. */
static void test_publish_checked_first(void **state)
{
    (void)state;
    char *d = scratch();
    char *a = g_build_filename(d, "a.csv", NULL), *b = g_build_filename(d, "b.csv", NULL);
    GError *err = NULL;
    assert_int_equal(gy_output_write(a, "old", 3, &err), GY_OK);
    gy_output_hold();
    assert_int_equal(gy_output_write(a, "new", 3, &err), GY_OK);
    assert_int_equal(gy_output_write(b, "new", 3, &err), GY_OK);
    assert_int_equal(mkdir(b, 0700), 0);
    assert_int_equal(gy_output_publish(&err), GY_E_IO);
    assert_non_null(strstr(err->message, "b.csv"));
    g_clear_error(&err);
    char *got = slurp(a);
    assert_string_equal(got, "old");
    g_free(got);
    char *l = listing(d);
    assert_string_equal(l, "a.csv b.csv");
    g_free(l);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(a);
    g_free(b);
    g_free(d);
}

/* Temporary files a dead run left (its process gone: no lock on the folder) are removed by
 * the next run in that folder; one of a live run (holding the lock) stays; another user's
 * never matters here (run as one user). */
static void test_leftovers(void **state)
{
    (void)state;
    char *d = scratch();
    char *dead = g_build_filename(d, ".summary.csv.tmp-99999-abcdef", NULL);
    char *other = g_build_filename(d, ".keep.tmp", NULL);
    char *lockp = g_build_filename(d, ".guiyan.lock", NULL);
    char *a = g_build_filename(d, "a.csv", NULL);
    assert_true(g_file_set_contents(dead, "half", 4, NULL));
    assert_true(g_file_set_contents(other, "x", 1, NULL));
    /* a live run elsewhere holds the lock: nothing is removed */
    int fd = open(lockp, O_RDWR | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_SH), 0);
    GError *err = NULL;
    gy_output_hold();
    assert_int_equal(gy_output_write(a, "a", 1, &err), GY_OK);
    assert_int_equal(gy_output_publish(&err), GY_OK);
    assert_true(g_file_test(dead, G_FILE_TEST_EXISTS));
    close(fd);                                 /* that run is gone */
    gy_output_hold();
    assert_int_equal(gy_output_write(a, "b", 1, &err), GY_OK);
    assert_int_equal(gy_output_publish(&err), GY_OK);
    char *l = listing(d);
    assert_string_equal(l, ".keep.tmp a.csv");
    g_free(l);
    test_rm_tree(d);
    g_free(dead);
    g_free(other);
    g_free(lockp);
    g_free(a);
    g_free(d);
}

/* Held outputs appear together at publish, or not at all after discard. */
static void test_hold(void **state)
{
    (void)state;
    char *d = scratch();
    char *a = g_build_filename(d, "a.csv", NULL), *b = g_build_filename(d, "b.csv", NULL);
    GError *err = NULL;
    assert_int_equal(gy_output_write(a, "old a", 5, &err), GY_OK);
    gy_output_hold();
    assert_int_equal(gy_output_write(a, "new a", 5, &err), GY_OK);
    assert_int_equal(gy_output_write(b, "new b", 5, &err), GY_OK);
    char *got = slurp(a);
    assert_string_equal(got, "old a");     /* not yet */
    g_free(got);
    assert_false(g_file_test(b, G_FILE_TEST_EXISTS));
    assert_int_equal(gy_output_in_flight(), 2);
    gy_output_discard();
    got = slurp(a);
    assert_string_equal(got, "old a");
    g_free(got);
    char *l = listing(d);
    assert_string_equal(l, "a.csv");
    g_free(l);

    gy_output_hold();
    assert_int_equal(gy_output_write(a, "new a", 5, &err), GY_OK);
    assert_int_equal(gy_output_write(b, "new b", 5, &err), GY_OK);
    assert_int_equal(gy_output_publish(&err), GY_OK);
    got = slurp(a);
    assert_string_equal(got, "new a");
    g_free(got);
    got = slurp(b);
    assert_string_equal(got, "new b");
    g_free(got);
    l = listing(d);
    assert_string_equal(l, "a.csv b.csv");
    g_free(l);
    /* the hold ended with the publish: the next write is in place at once */
    assert_int_equal(gy_output_write(a, "later", 5, &err), GY_OK);
    got = slurp(a);
    assert_string_equal(got, "later");
    g_free(got);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(a);
    g_free(b);
    g_free(d);
}

/* A rename that fails at publish is reported, and what was not renamed is removed. */
static void test_publish_failure(void **state)
{
    (void)state;
    char *d = scratch();
    char *a = g_build_filename(d, "a.csv", NULL), *b = g_build_filename(d, "b.csv", NULL);
    GError *err = NULL;
    gy_output_hold();
    assert_int_equal(gy_output_write(a, "a", 1, &err), GY_OK);
    assert_int_equal(gy_output_write(b, "b", 1, &err), GY_OK);
    assert_int_equal(g_mkdir(a, 0755), 0);     /* a folder took the name meanwhile */
    char *inside = g_build_filename(a, "x", NULL);
    assert_true(g_file_set_contents(inside, "x", 1, NULL));
    assert_int_equal(gy_output_publish(&err), GY_E_IO);
    assert_non_null(strstr(err->message, a));
    g_clear_error(&err);
    char *l = listing(d);
    assert_string_equal(l, "a.csv");           /* b was not put in place, nor left behind */
    g_free(l);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(inside);
    g_free(a);
    g_free(b);
    g_free(d);
}

/* The handler's work: every registered temporary file removed; the writer's commit fails. */
static void test_sweep(void **state)
{
    (void)state;
    char *d = scratch();
    char *p = g_build_filename(d, "track.xlsx", NULL), *q = g_build_filename(d, "q.csv", NULL);
    GError *err = NULL;
    assert_int_equal(gy_output_write(q, "done", 4, &err), GY_OK);
    gy_output *o = gy_output_new(p, false, &err);
    char *tmp = g_strdup(gy_output_file(o));
    assert_true(g_file_test(tmp, G_FILE_TEST_EXISTS));
    gy_output_sweep();
    assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
    assert_int_equal(gy_output_commit(o, &err), GY_E_IO);
    assert_non_null(strstr(err->message, p));
    g_clear_error(&err);
    char *l = listing(d);
    assert_string_equal(l, "q.csv");          /* a finished output is not the handler's */
    g_free(l);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(tmp);
    g_free(p);
    g_free(q);
    g_free(d);
}

/* In a child: outputs in flight (one held, one open), then the signal. The child ends by that
 * signal, and none of its temporary files is left. */
static void signal_case(int sig, bool ignored_before)
{
    char *d = scratch();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the disposition this case is about, whatever the test runner inherited (nohup
         * ignores SIGHUP, a background job of sh ignores SIGINT) */
        signal(sig, ignored_before ? SIG_IGN : SIG_DFL);
        gy_output_guard_signals();
        char *a = g_build_filename(d, "held.csv", NULL), *b = g_build_filename(d, "open.xlsx", NULL);
        gy_output_hold();
        gy_output *o = NULL;
        if (gy_output_write(a, "a", 1, NULL) != GY_OK || !(o = gy_output_new(b, true, NULL)))
            _exit(10);
        if (gy_output_in_flight() != 2)
            _exit(11);
        raise(sig);
        /* an ignored signal: the run goes on, and ends without a leak for valgrind to see */
        gy_output_free(o);
        gy_output_discard();
        g_free(a);
        g_free(b);
        g_free(d);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (ignored_before) {
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    } else {
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sig);
        assert_left_nothing(d);
    }
    test_rm_tree(d);
    g_free(d);
}

static void test_signals(void **state)
{
    (void)state;
    signal_case(SIGINT, false);
    signal_case(SIGTERM, false);
    signal_case(SIGHUP, false);
    signal_case(SIGINT, true);     /* nohup and background jobs keep their ignored signals */
}

/* A thread that takes signals as well (they are not blocked in it) and does nothing. */
static gpointer idle(gpointer data)
{
    volatile gint *stop = data;
    while (!g_atomic_int_get(stop))
        g_usleep(1000);
    return NULL;
}

/* In a child with 300 outputs in flight and two other threads besides: two signals back to
 * back (what `timeout` and a double Ctrl-C send), or a crash. The child ends by that signal
 * and leaves none of its temporary files, whichever thread took the second signal. */
static void storm_case(int sig, bool twice)
{
    char *d = scratch();
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(sig, SIG_DFL);           /* not ignored, whatever the runner inherited */
        gy_output_guard_signals();
        gint stop = 0;
        GThread *th[2] = { g_thread_new("idle", idle, &stop), g_thread_new("idle", idle, &stop) };
        gy_output_hold();
        for (int i = 0; i < 300; i++) {
            char name[32];
            g_snprintf(name, sizeof name, "f%04d.csv", i);
            char *p = g_build_filename(d, name, NULL);
            if (gy_output_write(p, "x", 1, NULL) != GY_OK)
                _exit(10);
            g_free(p);
        }
        if (write(ready[1], "r", 1) != 1)
            _exit(11);
        if (!twice && sig != SIGABRT)
            raise(sig);
        if (sig == SIGABRT)
            abort();
        for (;;)
            pause();
        (void)th;
    }
    char c;
    close(ready[1]);
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    if (twice) {
        kill(pid, sig);
        kill(pid, sig);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), sig);
    assert_left_nothing(d);
    test_rm_tree(d);
    g_free(d);
}

static void test_signal_storm(void **state)
{
    (void)state;
    if (RUNNING_ON_VALGRIND) {          /* crashes and busy threads under valgrind: hours */
        storm_case(SIGTERM, true);
        return;
    }
    for (int i = 0; i < 5; i++) {
        storm_case(SIGTERM, true);
        storm_case(SIGINT, true);
    }
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    storm_case(SIGSEGV, false);
    storm_case(SIGBUS, false);
    storm_case(SIGFPE, false);
    storm_case(SIGABRT, false);
}

/* SIGPIPE and SIGXFSZ ignored: writes fail with EPIPE and EFBIG instead of ending the process. */
static void test_quiet_signals(void **state)
{
    (void)state;
    char *d = scratch();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        gy_output_guard_signals();
        int fds[2];
        if (pipe(fds) != 0)
            _exit(10);
        close(fds[0]);
        if (write(fds[1], "x", 1) != -1 || errno != EPIPE)
            _exit(11);
        struct rlimit rl = { 4096, 4096 };
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(12);
        char *p = g_build_filename(d, "big.csv", NULL);
        char *big = g_malloc0(8192);
        GError *err = NULL;
        if (gy_output_write(p, big, 8192, &err) != GY_E_IO)
            _exit(13);
        if (!strstr(err->message, g_strerror(EFBIG)) || gy_output_in_flight() != 0)
            _exit(14);
        g_error_free(err);
        g_free(big);
        g_free(p);
        g_free(d);
        _exit(0);
    }
    assert_child_ok(pid);
    assert_left_nothing(d);
    test_rm_tree(d);
    g_free(d);
}

/* Outputs that would replace an input are refused: the same name, a hard link, a symlink. */
static void test_protect(void **state)
{
    (void)state;
    char *d = scratch();
    char *in = g_build_filename(d, "data.csv", NULL), *hard = g_build_filename(d, "l.csv", NULL);
    char *sym = g_build_filename(d, "s.csv", NULL), *other = g_build_filename(d, "o.csv", NULL);
    assert_true(g_file_set_contents(in, "input", 5, NULL));
    assert_int_equal(link(in, hard), 0);
    assert_int_equal(symlink("data.csv", sym), 0);
    gy_output_protect(in);
    gy_output_protect("-");
    GError *err = NULL;
    const char *refused[] = { in, hard, sym };
    for (size_t i = 0; i < G_N_ELEMENTS(refused); i++) {
        assert_int_equal(gy_output_write(refused[i], "out", 3, &err), GY_E_USAGE);
        assert_non_null(strstr(err->message, refused[i]));
        assert_non_null(strstr(err->message, "would replace the input file"));
        g_clear_error(&err);
    }
    /* the same file by another spelling of its name */
    char *dotted = g_strdup_printf("%s/./data.csv", d);
    assert_int_equal(gy_output_write(dotted, "out", 3, &err), GY_E_USAGE);
    g_clear_error(&err);
    /* an input that is not there (yet) is known by its name */
    char *gone = g_build_filename(d, "gone.csv", NULL);
    gy_output_protect(gone);
    char *gone2 = g_strdup_printf("%s/x/../gone.csv", d);
    assert_int_equal(gy_output_write(gone2, "out", 3, &err), GY_E_USAGE);
    g_clear_error(&err);
    assert_false(g_file_test(gone, G_FILE_TEST_EXISTS));
    g_free(gone);
    g_free(gone2);
    char *got = slurp(in);
    assert_string_equal(got, "input");
    g_free(got);
    assert_int_equal(gy_output_write(other, "out", 3, &err), GY_OK);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(dotted);
    g_free(in);
    g_free(hard);
    g_free(sym);
    g_free(other);
    g_free(d);
}

static void test_check_dir(void **state)
{
    (void)state;
    char *d = scratch();
    GError *err = NULL;
    /* not there yet: its parent is checked, and nothing is made */
    char *deep = g_build_filename(d, "a", "b", NULL);
    assert_int_equal(gy_output_check_dir(deep, NULL, &err), GY_OK);
    assert_left_nothing(d);
    /* a file where the folder should be, or above it */
    char *file = g_build_filename(d, "f", NULL);
    assert_true(g_file_set_contents(file, "x", 1, NULL));
    char *below = g_build_filename(file, "x", NULL);
    const char *bad[] = { file, below };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_int_equal(gy_output_check_dir(bad[i], NULL, &err), GY_E_IO);
        char *want = g_strdup_printf("%s: cannot use it as the output folder: %s", bad[i],
                                     g_strerror(ENOTDIR));
        assert_string_equal(err->message, want);
        g_free(want);
        g_clear_error(&err);
    }
    /* an output name that is a folder, or an input */
    char *sub = g_build_filename(d, "summary.xlsx", NULL);
    g_mkdir(sub, 0755);
    const char *names[] = { "summary.csv", "summary.xlsx", NULL };
    assert_int_equal(gy_output_check_dir(d, names, &err), GY_E_IO);
    assert_non_null(strstr(err->message, sub));
    g_clear_error(&err);
    g_rmdir(sub);
    char *in = g_build_filename(d, "summary.csv", NULL);
    assert_true(g_file_set_contents(in, "input", 5, NULL));
    gy_output_protect(in);
    assert_int_equal(gy_output_check_dir(d, names, &err), GY_E_USAGE);
    assert_non_null(strstr(err->message, "would replace the input file"));
    g_clear_error(&err);
    char *l = listing(d);
    assert_string_equal(l, "f summary.csv");   /* the probe left nothing */
    g_free(l);
    assert_int_equal(gy_output_in_flight(), 0);
    test_rm_tree(d);
    g_free(in);
    g_free(sub);
    g_free(file);
    g_free(below);
    g_free(deep);
    g_free(d);
}

/* Every slot taken: the next output is refused with a message, and nothing is lost. */
static void test_full_registry(void **state)
{
    (void)state;
    char *d = scratch();
    GError *err = NULL;
    gy_output_hold();
    for (int i = 0; i < GY_OUTPUT_MAX_IN_FLIGHT; i++) {
        char *p = g_strdup_printf("%s/%d.png", d, i);
        assert_int_equal(gy_output_write(p, "x", 1, &err), GY_OK);
        g_free(p);
    }
    char *p = g_strdup_printf("%s/one-more.png", d);
    assert_int_equal(gy_output_write(p, "x", 1, &err), GY_E_IO);
    assert_non_null(strstr(err->message, "too many files being written at once"));
    g_clear_error(&err);
    assert_int_equal(gy_output_in_flight(), GY_OUTPUT_MAX_IN_FLIGHT);
    gy_output_discard();
    assert_int_equal(gy_output_in_flight(), 0);
    assert_left_nothing(d);
    assert_int_equal(gy_output_write(p, "x", 1, &err), GY_OK);   /* the slots are free again */
    test_rm_tree(d);
    g_free(p);
    g_free(d);
}

/* Writers on several threads while another sweeps again and again (the handler racing the
 * owners): each write either succeeds whole or fails, and no temporary file survives. */
typedef struct race {
    const char *dir;
    int id;
    int ok;
} race;

static gint racing;

static gpointer race_writer(gpointer data)
{
    race *r = data;
    for (int i = 0; i < 300; i++) {
        char *p = g_strdup_printf("%s/w%d-%d.csv", r->dir, r->id, i);
        char *body = g_strdup_printf("writer %d file %d", r->id, i);
        GError *err = NULL;
        if (gy_output_write(p, body, strlen(body), &err) == GY_OK) {
            char *got = slurp(p);
            r->ok += got && !strcmp(got, body);
            g_free(got);
        }
        g_clear_error(&err);
        g_free(body);
        g_free(p);
    }
    return NULL;
}

static gpointer race_sweeper(gpointer data)
{
    (void)data;
    while (g_atomic_int_get(&racing))
        gy_output_sweep();
    return NULL;
}

static void test_race(void **state)
{
    (void)state;
    char *d = scratch();
    race rs[4];
    GThread *th[4];
    g_atomic_int_set(&racing, 1);
    GThread *sweeper = g_thread_new("sweeper", race_sweeper, NULL);
    for (int i = 0; i < 4; i++) {
        rs[i] = (race){ d, i, 0 };
        th[i] = g_thread_new("writer", race_writer, &rs[i]);
    }
    int ok = 0;
    for (int i = 0; i < 4; i++) {
        g_thread_join(th[i]);
        ok += rs[i].ok;
    }
    g_atomic_int_set(&racing, 0);
    g_thread_join(sweeper);
    assert_int_equal(gy_output_in_flight(), 0);
    char *l = listing(d);
    assert_null(strstr(l, ".tmp-"));
    char **names = g_strsplit(l, " ", -1);
    int files = *l ? (int)g_strv_length(names) : 0;
    assert_int_equal(files, ok);            /* every file there is a complete one */
    g_strfreev(names);
    g_free(l);
    test_rm_tree(d);
    g_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_and_modes),
        cmocka_unit_test(test_private_from_the_start),
        cmocka_unit_test(test_failure_keeps_old),
        cmocka_unit_test(test_not_written_through), cmocka_unit_test(test_folder_mode),
        cmocka_unit_test(test_digest), cmocka_unit_test(test_append),
        cmocka_unit_test(test_rename_order),
        cmocka_unit_test(test_publish_checked_first),
        cmocka_unit_test(test_leftovers),
        cmocka_unit_test(test_hold),
        cmocka_unit_test(test_publish_failure),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_signals),
        cmocka_unit_test(test_signal_storm),
        cmocka_unit_test(test_quiet_signals),
        cmocka_unit_test(test_protect),
        cmocka_unit_test(test_check_dir),
        cmocka_unit_test(test_full_registry),
        cmocka_unit_test(test_race),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
