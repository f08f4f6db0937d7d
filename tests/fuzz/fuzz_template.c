/* fuzz_template.c — reply templates (src/measures/template.c) parsed against the configured
 * region (乐山市, real division and indicator tables) and filled from a small cube: a template
 * either fails with "origin:line:col: reason" inside the text, or every figure is resolved
 * (a period in order, a scope of the region, decimals 0..6) and the draft is valid UTF-8.
 * CRLF line ends and a BOM change nothing. */
#include <inttypes.h>

#include "fuzz.h"
#include "guiyan/draft.h"
#include "guiyan/fields.h"
#include "guiyan/reader.h"      /* GY_ERROR */
#include "guiyan/template.h"

static gy_divisions *dv;
static gy_region *rg;
static gy_indicators *inds;
static gy_cube *cube;

static uint64_t person(unsigned n)
{
    char id[19];
    g_snprintf(id, sizeof id, "5111021980%02u%02u%03u", 1 + n % 12, 1 + n % 28, n % 1000);
    id[17] = gy_id_check_char(id);
    id[18] = '\0';
    return gy_id_key(id);
}

/* Three years of records spread over the region: enough for shares, 同比 and 增减. */
static void fill_cube(void)
{
    static const char *const entities[] = { "", "甲合作社", "乙厂", "丙店" };
    cube = gy_cube_new(rg);
    size_t n = gy_region_count(rg);
    for (unsigned i = 0; i < 240; i++) {
        gy_day start = gy_day_from_ymd(2019 + (int)(i % 3), 1 + (int)(i % 12), 1 + (int)(i % 28));
        gy_fen loan = i % 5 == 0 ? (gy_fen)(i + 1) * 123457 : 0;
        gy_record r = { .person = person(i % 150), .start = start, .loan = loan,
                        .loan_day = loan ? start + 20 : GY_NO_DAY, .jobs = i % 7,
                        .output = (gy_fen)(i % 4) * 98765432, .county = (uint32_t)(i % n),
                        .file = 0, .line = i + 2, .entity = entities[i % 4], .uscc = "" };
        gy_cube_add(cube, &r, NULL, NULL);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gy_config *cf;
    GError *err = NULL;
    char *p = fuzz_setup("indicators.tsv", &cf, &dv, &rg);
    inds = gy_indicators_load(p, &err);
    if (!inds) {
        fprintf(stderr, "fuzz_template: %s\n", err->message);
        abort();
    }
    g_free(p);
    gy_config_free(cf);
    fill_cube();
    return 0;
}

/* An error names the origin, then a line and column that lie inside the text. */
static void check_error(const GError *err, const char *text, size_t len)
{
    FUZZ_CHECK(err && err->domain == GY_ERROR && err->code == GY_E_TEMPLATE, "error %d: %s",
               err ? err->code : -1, err ? err->message : "(none)");
    unsigned line = 0, col = 0;
    FUZZ_CHECK(sscanf(err->message, "t.txt:%u:%u: ", &line, &col) == 2 && line >= 1 && col >= 1,
               "message \"%s\"", err->message);
    unsigned lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    FUZZ_CHECK(line <= lines, "\"%s\" names line %u of %u", err->message, line, lines);
    FUZZ_CHECK(g_utf8_validate(err->message, -1, NULL), "message not UTF-8");
}

static void check_figures(const gy_tpl *t)
{
    for (size_t i = 0; i < gy_tpl_n_figures(t); i++) {
        const gy_figure *f = gy_tpl_figure(t, i);
        FUZZ_CHECK(f->line >= 1 && f->col >= 1, "figure %zu at %u:%u", i, f->line, f->col);
        FUZZ_CHECK(g_str_has_prefix(f->source, "{{") && g_str_has_suffix(f->source, "}}"),
                   "figure %zu source \"%s\"", i, f->source);
        FUZZ_CHECK(f->ind < GY_IND__COUNT && f->name && f->measure, "figure %s", f->source);
        FUZZ_CHECK(f->to != GY_NO_DAY && (f->from == GY_NO_DAY || f->from <= f->to),
                   "%s: period %d..%d", f->source, (int)f->from, (int)f->to);
        FUZZ_CHECK(f->county == GY_ALL || f->county < gy_region_count(rg), "%s: county %zu",
                   f->source, f->county);
        FUZZ_CHECK(f->digits >= 0 && f->digits <= 6, "%s: digits %d", f->source, f->digits);
        FUZZ_CHECK(f->period_label && f->scope_label && (!f->has_base || f->base_label),
                   "%s: a label is missing", f->source);
        FUZZ_CHECK(!f->has_base || f->base_to != GY_NO_DAY, "%s: base period", f->source);
    }
}

static void check_fill(gy_tpl *t)
{
    GError *err = NULL;
    gy_draft *d = gy_tpl_fill(t, cube, &err);
    if (!d) {
        FUZZ_CHECK(err && err->code == GY_E_TEMPLATE, "fill failed without a template error");
        g_error_free(err);
        return;
    }
    for (size_t i = 0; i < gy_tpl_n_figures(t); i++) {
        const gy_figure *f = gy_tpl_figure(t, i);
        FUZZ_CHECK(f->text && *f->text && g_utf8_validate(f->text, -1, NULL),
                   "%s was written \"%s\"", f->source, f->text ? f->text : "(null)");
        FUZZ_CHECK(f->value >= 0 && f->base >= 0, "%s: value %" PRId64 ", base %" PRId64,
                   f->source, f->value, f->base);
        if (f->kind == GY_FIG_NUMBER && !gy_ind_is_money(f->ind)) {
            char want[24];
            g_snprintf(want, sizeof want, "%" PRId64, f->value);
            FUZZ_CHECK(strcmp(f->text, want) == 0, "%s: %s for %s", f->source, f->text, want);
        }
    }
    char *all = gy_draft_text(d);
    FUZZ_CHECK(all && g_utf8_validate(all, -1, NULL), "the draft is not UTF-8");
    g_free(all);
    gy_draft_free(d);
}

/* The same template with CRLF line ends and a BOM: the same answer. */
static void check_crlf(const char *text, size_t len, const gy_tpl *t, const GError *err,
                       const gy_tpl_ctx *ctx)
{
    if (memchr(text, '\r', len) || (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0))
        return;
    GString *s = g_string_new("\xef\xbb\xbf");
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            g_string_append_c(s, '\r');
        g_string_append_c(s, text[i]);
    }
    GError *err2 = NULL;
    gy_tpl *t2 = gy_tpl_parse(s->str, s->len, "t.txt", ctx, &err2);
    FUZZ_CHECK(!t == !t2, "with CRLF and a BOM: %s", t2 ? "parsed" : err2->message);
    if (t) {
        FUZZ_CHECK(gy_tpl_n_figures(t) == gy_tpl_n_figures(t2), "with CRLF: %zu figures, not %zu",
                   gy_tpl_n_figures(t2), gy_tpl_n_figures(t));
    } else {
        FUZZ_CHECK(strcmp(err->message, err2->message) == 0, "\"%s\" with CRLF is \"%s\"",
                   err->message, err2->message);
    }
    gy_tpl_free(t2);
    g_clear_error(&err2);
    g_string_free(s, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    gy_tpl_ctx ctx = { rg, inds, 2020, gy_day_from_ymd(2021, 6, 15), "乐山市人力资源和社会保障局", NULL, NULL };
    GError *err = NULL;
    gy_tpl *t = gy_tpl_parse(text, size, "t.txt", &ctx, &err);
    if (t) {
        FUZZ_CHECK(!err, "parsed with an error set");
        check_figures(t);
        check_fill(t);
    } else {
        check_error(err, text, size);
    }
    check_crlf(text, size, t, err, &ctx);
    gy_tpl_free(t);
    g_clear_error(&err);

    /* a run without --as-of and at the first accepted year */
    gy_tpl_ctx bare = { rg, NULL, 1949, GY_NO_DAY, NULL, NULL, NULL };
    t = gy_tpl_parse(text, size, "t.txt", &bare, &err);
    if (t)
        check_figures(t);
    else
        check_error(err, text, size);
    gy_tpl_free(t);
    g_clear_error(&err);
    return 0;
}
