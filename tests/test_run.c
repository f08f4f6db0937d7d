/* test_run.c — the run layer called in-process: two runs of summary on samples/ give the same
 * bytes and the same report (nothing of the first run leaks into the second: folder mode,
 * protected inputs, accounting), and a cancelled run (before or while loading) publishes
 * nothing and fails with G_IO_ERROR_CANCELLED. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "guiyan/fields.h"
#include "guiyan/run.h"
#include "testutil.h"

static const char *const SAMPLES[] = { "samples/leshan_2019.csv", "samples/leshan_2020.csv",
                                       "samples/leshan_2021_h1.csv" };
static const char *const OUTPUTS[] = { "summary.csv", "summary.xlsx", "charts.pdf",
                                       "rejects.csv", "updates.csv", "manifest.json" };
static char *tmpdir;

static int setup(void **state)
{
    (void)state;
    tmpdir = g_dir_make_tmp("guiyan-run-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    test_rm_tree(tmpdir);
    g_free(tmpdir);
    return 0;
}

static gy_summary_cfg summary_cfg(const char *outdir, const char *const *files, size_t n)
{
    return (gy_summary_cfg){ .common = { .outdir = outdir, .quiet = true }, .files = files,
                             .n_files = n, .grain = GY_GRAIN_MONTH, .by = "county,month",
                             .from_s = "", .to_s = "2021-06-30",
                             .to = gy_day_from_ymd(2021, 6, 30), .ytd = true, .charts = true };
}

/* The text of every line of a report but the "wrote" lines (they name the folder), joined. */
static char *report_text(const gy_report *rp)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < rp->lines->len; i++) {
        const gy_line *l = g_ptr_array_index(rp->lines, i);
        if (l->kind != GY_LINE_WROTE)
            g_string_append(s, l->text);
    }
    return g_string_free(s, FALSE);
}

static char *file_text(const char *dir, const char *name, gsize *len)
{
    char *p = g_build_filename(dir, name, NULL), *data = NULL;
    assert_true(g_file_get_contents(p, &data, len, NULL));
    g_free(p);
    return data;
}

static mode_t dir_mode(const char *dir)
{
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    return st.st_mode & 0777;
}

/* Twice in one process, into two folders: the same bytes, the same report. The first run is
 * --group-readable, the second not: its folder must be 0700. */
static void test_summary_twice(void **state)
{
    (void)state;
    char *dir[2] = { g_build_filename(tmpdir, "a", NULL), g_build_filename(tmpdir, "b", NULL) };
    char *said[2];
    for (int k = 0; k < 2; k++) {
        gy_summary_cfg cfg = summary_cfg(dir[k], SAMPLES, G_N_ELEMENTS(SAMPLES));
        cfg.common.group_readable = k == 0;
        gy_report rp;
        gy_report_init(&rp);
        GError *err = NULL;
        bool ok = gy_run_summary(&cfg, &rp, &err);
        assert_null(err);
        assert_true(ok);
        assert_int_equal(rp.exit, GY_EXIT_OK);
        /* the figures of the samples: 21168 rows, 816 duplicates (README, tests/e2e) */
        assert_int_equal(rp.rows_read, 21168);
        assert_int_equal(rp.accepted, 20352);
        assert_int_equal(rp.duplicate, 816);
        assert_int_equal(rp.written->len, G_N_ELEMENTS(OUTPUTS));
        said[k] = report_text(&rp);
        gy_report_clear(&rp);
    }
    assert_int_equal(dir_mode(dir[0]), 0750);
    assert_int_equal(dir_mode(dir[1]), 0700);
    assert_string_equal(said[0], said[1]);
    assert_non_null(strstr(said[0], "3 files, 21168 rows read: 20352 accepted, 816 duplicate"));
    for (size_t i = 0; i < G_N_ELEMENTS(OUTPUTS); i++) {
        gsize la, lb;
        char *a = file_text(dir[0], OUTPUTS[i], &la), *b = file_text(dir[1], OUTPUTS[i], &lb);
        assert_true(la > 0);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        g_free(a);
        g_free(b);
    }
    for (int k = 0; k < 2; k++) {
        g_free(said[k]);
        g_free(dir[k]);
    }
}

/* An input of one run is not protected in the next: run 1 reads a file named summary.csv in
 * folder c; run 2, on the samples, writes its summary.csv into c. */
static void test_inputs_not_inherited(void **state)
{
    (void)state;
    char *dir = g_build_filename(tmpdir, "c", NULL);
    char *input = g_build_filename(dir, "summary.csv", NULL);
    char *data = NULL;
    gsize len;
    assert_int_equal(g_mkdir_with_parents(dir, 0700), 0);
    assert_true(g_file_get_contents("samples/leshan_2021_h1.csv", &data, &len, NULL));
    assert_true(g_file_set_contents(input, data, (gssize)len, NULL));
    g_free(data);
    char *out1 = g_build_filename(tmpdir, "c1", NULL);
    const char *files[] = { input };
    for (int k = 0; k < 2; k++) {
        gy_summary_cfg cfg = k == 0 ? summary_cfg(out1, files, 1)
                                    : summary_cfg(dir, SAMPLES, G_N_ELEMENTS(SAMPLES));
        cfg.charts = false;
        gy_report rp;
        gy_report_init(&rp);
        GError *err = NULL;
        bool ok = gy_run_summary(&cfg, &rp, &err);
        if (err)
            fprintf(stderr, "run %d: %s\n", k + 1, err->message);
        assert_null(err);
        assert_true(ok);
        gy_report_clear(&rp);
    }
    g_free(out1);
    g_free(input);
    g_free(dir);
}

/* No output of a cancelled run: neither in place nor under a temporary name. */
static void assert_nothing_written(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;                           /* not even the folder */
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (strcmp(name, ".guiyan.lock") != 0)
            fail_msg("%s/%s left by a cancelled run", dir, name);
    g_dir_close(d);
}

static void test_cancel_before(void **state)
{
    (void)state;
    char *dir = g_build_filename(tmpdir, "d", NULL);
    gy_summary_cfg cfg = summary_cfg(dir, SAMPLES, G_N_ELEMENTS(SAMPLES));
    cfg.common.cancel = g_cancellable_new();
    g_cancellable_cancel(cfg.common.cancel);
    gy_report rp;
    gy_report_init(&rp);
    GError *err = NULL;
    assert_false(gy_run_summary(&cfg, &rp, &err));
    assert_true(g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    assert_true(err->message && *err->message);
    assert_int_equal(rp.exit, GY_EXIT_IO);
    assert_int_equal(rp.written->len, 0);
    assert_nothing_written(dir);
    g_error_free(err);
    gy_report_clear(&rp);
    g_object_unref(cfg.common.cancel);
    g_free(dir);
}

typedef struct watch {
    GCancellable *cancel;
    unsigned long calls, max_rows;
} watch;

static void cancel_on_progress(unsigned long long bytes, unsigned long rows, void *user)
{
    (void)bytes;
    watch *w = user;
    w->calls++;
    w->max_rows = MAX(w->max_rows, rows);
    g_cancellable_cancel(w->cancel);
}

/* Cancelled from the first progress report (after 16,384 rows of a file of 44,940, which would
 * report again at 32,768): the load stops there, and nothing is published. */
static void test_cancel_while_loading(void **state)
{
    (void)state;
    char *big = g_build_filename(tmpdir, "big.csv", NULL);
    char *data = NULL;
    gsize len;
    assert_true(g_file_get_contents("samples/leshan_2019.csv", &data, &len, NULL));
    const char *body = strchr(data, '\n') + 1;
    GString *s = g_string_new_len(data, (gssize)len);
    for (int k = 0; k < 4; k++)
        g_string_append_len(s, body, (gssize)(len - (gsize)(body - data)));
    assert_true(g_file_set_contents(big, s->str, (gssize)s->len, NULL));
    g_string_free(s, TRUE);
    g_free(data);
    char *dir = g_build_filename(tmpdir, "e", NULL);
    const char *files[] = { big };
    gy_summary_cfg cfg = summary_cfg(dir, files, 1);
    watch w = { g_cancellable_new(), 0, 0 };
    cfg.common.cancel = w.cancel;
    cfg.common.progress = cancel_on_progress;
    cfg.common.progress_user = &w;
    gy_report rp;
    gy_report_init(&rp);
    GError *err = NULL;
    assert_false(gy_run_summary(&cfg, &rp, &err));
    assert_true(g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    assert_int_equal(w.calls, 1);
    assert_int_equal(w.max_rows, 16384);
    assert_int_equal(rp.written->len, 0);
    assert_int_equal(rp.rows_read, 0);    /* no accounting: the run did not end */
    assert_nothing_written(dir);
    g_error_free(err);
    gy_report_clear(&rp);
    g_object_unref(w.cancel);
    g_free(dir);
    g_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_twice),
        cmocka_unit_test(test_inputs_not_inherited),
        cmocka_unit_test(test_cancel_before),
        cmocka_unit_test(test_cancel_while_loading),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
