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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib.h>
#include <glib/gstdio.h>

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

/* Names in dir, dot files included, sorted and joined by spaces. */
static char *listing(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while (d && (n = g_dir_read_name(d)))
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

/* A device or a pipe is written into, never renamed over: a FIFO gets the bytes and stays a
 * FIFO (checked first: were it renamed over, the /dev/full case would replace the device),
 * /dev/full says ENOSPC and stays a device. */
static void test_device(void **state)
{
    (void)state;
    char *d = scratch();
    char *fifo = g_build_filename(d, "pipe", NULL);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);     /* a reader, so that a writer can open */
    assert_true(rd >= 0);
    GError *err = NULL;
    assert_int_equal(gy_output_write(fifo, "through", 7, &err), GY_OK);
    char got[16] = "";
    assert_int_equal(read(rd, got, sizeof got - 1), 7);
    assert_string_equal(got, "through");
    close(rd);
    struct stat st;
    assert_int_equal(stat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    char *l = listing(d);
    assert_string_equal(l, "pipe");
    g_free(l);
    test_rm_tree(d);
    g_free(fifo);
    g_free(d);
    if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS))
        return;
    assert_int_equal(gy_output_write("/dev/full", "x", 1, &err), GY_E_IO);
    assert_non_null(strstr(err->message, "/dev/full: "));
    assert_non_null(strstr(err->message, g_strerror(ENOSPC)));
    g_clear_error(&err);
    assert_int_equal(stat("/dev/full", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(gy_output_in_flight(), 0);
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
        if (ignored_before)
            signal(sig, SIG_IGN);
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
        char *l = listing(d);
        assert_string_equal(l, "");
        g_free(l);
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
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char *l = listing(d);
    assert_string_equal(l, "");
    g_free(l);
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
    char *l = listing(d);
    assert_string_equal(l, "");
    g_free(l);
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
    l = listing(d);
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
    char *l = listing(d);
    assert_string_equal(l, "");
    g_free(l);
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
        cmocka_unit_test(test_device),
        cmocka_unit_test(test_hold),
        cmocka_unit_test(test_publish_failure),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_signals),
        cmocka_unit_test(test_quiet_signals),
        cmocka_unit_test(test_protect),
        cmocka_unit_test(test_check_dir),
        cmocka_unit_test(test_full_registry),
        cmocka_unit_test(test_race),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
