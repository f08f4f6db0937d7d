/* bench_chart.c — time guiyan's chart rendering for `make bench` (bench/charts.sh): the bar
 * chart of charts.pdf page 1 (one A4 landscape page, built-in style) written as a one-page PDF
 * N times after one warm-up run, then as the N pages of one PDF. Prints "ms_per_chart <ms>"
 * (one-page files) and "ms_per_page <ms>" (the document) on standard output.
 * Usage: bench_chart N OUT.pdf LABEL VALUE [LABEL VALUE]... */
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "guiyan/chart.h"

static int render(const gy_chart_spec *sp, const char *out, int pages)
{
    GError *err = NULL;
    gy_chartdoc *doc = gy_chartdoc_new_pdf(out, "bench", "2021-06-30", NULL, &err);
    gy_error e = doc ? GY_OK : GY_E_FONT;
    for (int i = 0; e == GY_OK && i < pages; i++)
        e = gy_chartdoc_add(doc, sp, &err);
    if (e == GY_OK)
        e = gy_chartdoc_close(doc, &err);
    else
        gy_chartdoc_free(doc);
    if (e != GY_OK) {
        fprintf(stderr, "bench_chart: %s\n", err ? err->message : "failed");
        g_clear_error(&err);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 5 || (argc - 3) % 2 != 0) {
        fprintf(stderr, "usage: bench_chart N OUT.pdf LABEL VALUE [LABEL VALUE]...\n");
        return 2;
    }
    int n = atoi(argv[1]);
    if (n < 1)
        n = 1;
    size_t nc = (size_t)(argc - 3) / 2;
    const char **labels = g_new(const char *, nc);
    int64_t *v = g_new(int64_t, nc);
    for (size_t i = 0; i < nc; i++) {
        labels[i] = argv[3 + 2 * i];
        v[i] = g_ascii_strtoll(argv[4 + 2 * i], NULL, 10);
    }
    gy_chart_series s = { .name = "2021年1—6月", .num = v, .present = NULL };
    gy_chart_spec sp = {
        .kind = GY_CHART_BAR, .title = "乐山市2021年1—6月各县（市、区）返乡创业人数",
        .subtitle = "2021年1—6月 · 数据截至2021年6月30日",
        .source = "数据来源：返乡创业实名制台账　　填报单位：乐山市人力资源和社会保障局",
        .note = "注：乐山市合计1510人。", .unit = GY_CHART_COUNT, .measure = "人", .n = nc,
        .labels = labels, .n_series = 1, .series = &s,
    };
    int rc = render(&sp, argv[2], 1);           /* warm-up: fontconfig and pango caches */
    gint64 t0 = g_get_monotonic_time();
    for (int i = 0; rc == 0 && i < n; i++)
        rc = render(&sp, argv[2], 1);
    gint64 t1 = g_get_monotonic_time();
    /* the same chart as the pages of one document, as charts.pdf holds them: the fonts are
     * subset and embedded once per document */
    char *multi = g_strconcat(argv[2], ".pages.pdf", NULL);
    gint64 t2 = g_get_monotonic_time();
    if (rc == 0)
        rc = render(&sp, multi, n);
    gint64 t3 = g_get_monotonic_time();
    g_free(multi);
    if (rc == 0) {
        printf("ms_per_chart %.3f\n", (double)(t1 - t0) / 1000.0 / n);
        printf("ms_per_page %.3f\n", (double)(t3 - t2) / 1000.0 / n);
    }
    g_free(labels);
    g_free(v);
    return rc;
}
