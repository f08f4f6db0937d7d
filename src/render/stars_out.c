/* stars_out.c — the outputs of `guiyan stars`: stars.csv, stars.txt, stars.xlsx (counts, the
 * four rosters, 问题, 数据说明) and the one-page stars.pdf (stars.h). */
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/stars.h"
#include "guiyan/stars_out.h"

#define ISSUE_ROWS_MAX 1000000     /* Excel holds 1,048,576 rows */

/* ---- shared wording ---- */

/* The order rule as the 注 of a roster says it; who is "" or "负责人". Newly allocated. */
static char *order_rule(gy_name_order order, const char *who)
{
    if (order == GY_ORDER_PINYIN)
        return g_strdup_printf(
            "名单按%s姓名拼音排序：逐字比较，先比拼音字母（ü排在u之后），再比声调（阴平、阳平、"
            "上声、去声、轻声）；同音字按笔画数、笔顺；姓按姓氏读音（如单读shàn、曾读zēng）；"
            "前面的字都相同时字少的在前。读音取自Unicode Unihan（kMandarin）。", who);
    return g_strdup_printf(
        "名单按%s姓氏笔画排序：先比姓的笔画数，少的在前；笔画数相同的按笔顺逐笔比较，"
        "横（一）、竖（丨）、撇（丿）、点（丶）、折（乛）依次在前；姓相同的依次比较名的各字；"
        "前面的字都相同时字少的在前；笔画、笔顺都相同的按Unicode码位。笔画数取自Unicode Unihan"
        "（kTotalStrokes），笔顺取自rime-stroke笔画表（大陆规范字形）。", who);
}

static const char *const definition =
    "同一人（身份证号码）或同一企业（统一社会信用代码，没有代码的按企业名称）在同一年度、"
    "级别、类别中重复列出的只计一次；省级为获评省返乡创业明星、明星企业的人数（家数），"
    "其中有的同时获评市级，市级与省级分别计数。";

/* "2020年" or "2019—2020年" over the counts' years; "" when there are none. */
static char *years_text(const gy_star_counts *c)
{
    if (!c->n_years)
        return g_strdup("");
    if (c->n_years == 1)
        return g_strdup_printf("%d年", c->years[0]);
    return g_strdup_printf("%d—%d年", c->years[0], c->years[c->n_years - 1]);
}

static const char *region_of(const gy_stars_doc *d)
{
    return d->region_label ? d->region_label : "";
}

/* ---- stars.csv ---- */

void gy_stars_csv(GString *s, const gy_star_counts *c, const gy_region *rg)
{
    g_string_append(s, "\xEF\xBB\xBF" "year,level,category,county_code,county,count\r\n");
    for (size_t yi = 0; yi < c->n_years; yi++)
        for (int l = 0; l < GY_STAR_LEVELS; l++)
            for (int k = 0; k < GY_STAR_KINDS; k++)
                for (size_t i = 0; i <= c->n_counties; i++) {
                    bool total = i == c->n_counties;
                    g_string_append_printf(s, "%d,%s,%s,", c->years[yi],
                                           gy_star_level_name((gy_star_level)l),
                                           gy_star_kind_name((gy_star_kind)k));
                    gy_csv_text(s, total ? "" : gy_region_code(rg, i));
                    g_string_append_c(s, ',');
                    gy_csv_text(s, total ? "合计" : gy_region_name(rg, i));
                    g_string_append_printf(s, ",%" G_GINT64_FORMAT "\r\n",
                                           gy_star_count(c, yi, (gy_star_level)l,
                                                         (gy_star_kind)k, i));
                }
}

/* ---- stars.txt ---- */

char *gy_stars_text(const gy_stars_doc *d, GError **err)
{
    GString *s = g_string_new(NULL);
    for (size_t yi = 0; yi < d->counts->n_years; yi++) {
        char *p = gy_stars_paragraph(d->paragraph ? d->paragraph : "", d->counts, yi,
                                     region_of(d), err);
        if (!p) {
            g_string_free(s, TRUE);
            return NULL;
        }
        if (yi)
            g_string_append_c(s, '\n');
        g_string_append(s, p);
        g_string_append_c(s, '\n');
        g_free(p);
    }
    return g_string_free(s, FALSE);
}

/* ---- stars.xlsx ---- */

static gy_error fail_sheet(GError **err, gy_error r, const char *sheet)
{
    if (err && !*err)
        g_set_error(err, GY_ERROR, r, "%s: cannot write the table", sheet);
    return r;
}

/* 获评情况: counties down; year × level × category across; 合计 row of SUM formulas. */
static gy_error write_counts(gy_book *b, const gy_stars_doc *d, GError **err)
{
    const gy_star_counts *c = d->counts;
    size_t per_year = GY_STAR_LEVELS * GY_STAR_KINDS;
    size_t n_cols = 1 + MAX(c->n_years, 1) * per_year;
    gy_col *cols = g_new0(gy_col, n_cols);
    GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
    cols[0] = (gy_col){ NULL, gy_region_row_head(d->rg), GY_CELL_LABEL };
    for (size_t yi = 0; yi < MAX(c->n_years, 1); yi++)
        for (int l = 0; l < GY_STAR_LEVELS; l++) {
            char *group = c->n_years > 1
                ? g_strdup_printf("%d年%s", c->years[yi], gy_star_level_name((gy_star_level)l))
                : g_strdup(gy_star_level_name((gy_star_level)l));
            g_ptr_array_add(texts, group);
            for (int k = 0; k < GY_STAR_KINDS; k++) {
                char *label = g_strdup_printf("%s（%s）", gy_star_kind_name((gy_star_kind)k),
                                              gy_star_kind_measure((gy_star_kind)k));
                g_ptr_array_add(texts, label);
                cols[1 + yi * per_year + (size_t)l * GY_STAR_KINDS + (size_t)k] =
                    (gy_col){ group, label, GY_CELL_COUNT };
            }
        }
    char *years = years_text(c);
    char *title = g_strdup_printf("%s%s返乡创业明星和明星企业获评情况统计表", region_of(d), years);
    gy_sheet_spec spec = { title, d->filler, "名（明星）、家（明星企业）", cols, n_cols, 1 };
    gy_sheet *s = gy_book_add_sheet(b, "获评情况");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, "获评情况", err);
    g_free(title);
    g_free(cols);
    g_ptr_array_free(texts, TRUE);
    if (r != GY_OK) {
        g_free(years);
        return r;
    }
    uint32_t top = gy_sheet_body_row(s);
    size_t n_rows = c->n_counties + 1;
    uint32_t total_row = top + (uint32_t)c->n_counties;
    for (size_t i = 0; r == GY_OK && i < n_rows; i++) {
        uint32_t row = top + (uint32_t)i;
        bool total = i == c->n_counties;
        r = gy_sheet_text(s, row, 0, total ? "合计" : gy_region_name(d->rg, i), GY_CELL_LABEL);
        for (size_t col = 1; r == GY_OK && col < n_cols; col++) {
            size_t yi = (col - 1) / per_year, lk = (col - 1) % per_year;
            gy_star_level l = (gy_star_level)(lk / GY_STAR_KINDS);
            gy_star_kind k = (gy_star_kind)(lk % GY_STAR_KINDS);
            int64_t want = gy_star_count(c, yi, l, k, i);
            if (!total) {
                r = gy_sheet_value(s, row, (uint32_t)col, want, GY_CELL_COUNT);
                continue;
            }
            int64_t got = 0;
            r = gy_sheet_sum(s, row, (uint32_t)col, top, (uint32_t)col, total_row - 1,
                             (uint32_t)col, GY_CELL_COUNT, &got);
            if (r == GY_OK && got != want) {
                g_set_error(err, GY_ERROR, GY_E_USAGE, "获评情况: column %zu: 合计 %" G_GINT64_FORMAT
                            " but the counties add up to %" G_GINT64_FORMAT, col, want, got);
                g_free(years);
                return GY_E_USAGE;
            }
        }
    }
    if (r != GY_OK) {
        g_free(years);
        return fail_sheet(err, r, "获评情况");
    }
    size_t n_in = d->ledger ? gy_ledger_n_inputs(d->ledger) : 0;
    char *notes[5] = { 0 };
    notes[0] = g_strdup_printf("口径：%s", definition);
    notes[1] = g_strdup_printf("合计＝各%s之和，为求和公式。", gy_region_row_head(d->rg));
    notes[2] = g_strdup_printf("数据来源：%s返乡创业明星、明星企业获评名单文件%zu个，"
                               "文件名、SHA-256校验值和行数见“数据说明”表；名单见各名单表。",
                               years, n_in);
    g_free(years);
    gy_sheet_foot foot = { true, d->made_on, (const char *const *)notes };
    r = gy_sheet_finish(s, &foot, err);
    for (size_t i = 0; i < G_N_ELEMENTS(notes); i++)
        g_free(notes[i]);
    return r;
}

static void id_text(const gy_stars_doc *d, const char *id, char out[19])
{
    if (!id[0] || d->unmask)
        g_strlcpy(out, id, 19);
    else
        gy_id_mask(id, out);
}

/* Jobs or output, or a bordered blank when the roster left it empty. */
static gy_error opt_value(gy_sheet *s, uint32_t row, uint32_t col, int64_t v, gy_cell kind)
{
    return v < 0 ? gy_sheet_text(s, row, col, "", GY_CELL_TEXT) : gy_sheet_value(s, row, col, v, kind);
}

/* One roster sheet: the awards of one level and category in list order. */
static gy_error write_roster(gy_book *b, const gy_stars_doc *d, gy_star_level l, gy_star_kind k,
                             GError **err)
{
    bool ent = k == GY_STAR_ENTERPRISE, multi = d->counts->n_years > 1;
    gy_col cols[12];
    size_t n = 0;
    cols[n++] = (gy_col){ NULL, "序号", GY_CELL_COUNT };
    if (multi)
        cols[n++] = (gy_col){ NULL, "评选年度", GY_CELL_LABEL };
    if (ent) {
        cols[n++] = (gy_col){ NULL, "企业名称", GY_CELL_TEXT };
        cols[n++] = (gy_col){ NULL, "统一社会信用代码", GY_CELL_TEXT };
        cols[n++] = (gy_col){ NULL, "负责人", GY_CELL_LABEL };
    } else {
        cols[n++] = (gy_col){ NULL, "姓名", GY_CELL_LABEL };
    }
    cols[n++] = (gy_col){ NULL, "身份证号码", GY_CELL_TEXT };
    cols[n++] = (gy_col){ NULL, gy_region_row_head(d->rg), GY_CELL_LABEL };
    if (!ent)
        cols[n++] = (gy_col){ NULL, "创办企业（经济实体）", GY_CELL_TEXT };
    cols[n++] = (gy_col){ NULL, "所属行业", GY_CELL_TEXT };
    cols[n++] = (gy_col){ NULL, "带动就业人数（人）", GY_CELL_COUNT };
    cols[n++] = (gy_col){ NULL, "年产值（万元）", GY_CELL_WAN };

    char *years = years_text(d->counts);
    char *sheet = g_strdup_printf("%s%s", gy_star_level_name(l), gy_star_kind_name(k));
    char *title = g_strdup_printf("%s%s%s名单", region_of(d), years, sheet);
    gy_sheet_spec spec = { title, d->filler, NULL, cols, n, multi ? 3 : 2 };
    gy_sheet *s = gy_book_add_sheet(b, sheet);
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, sheet, err);
    g_free(title);
    g_free(years);
    if (r != GY_OK) {
        g_free(sheet);
        return r;
    }
    size_t m = 0;
    size_t *idx = gy_roster_list(d->roster, l, k, d->sk, d->order, &m);
    uint32_t row = gy_sheet_body_row(s);
    if (m == 0)
        r = gy_sheet_merge(s, row, 0, row, (uint32_t)n - 1, "无", GY_CELL_LABEL);
    for (size_t i = 0; r == GY_OK && i < m; i++, row++) {
        const gy_star *st = gy_roster_get(d->roster, idx[i]);
        char id[19];
        id_text(d, st->id, id);
        uint32_t c = 0;
        r = gy_sheet_value(s, row, c++, (int64_t)(i + 1), GY_CELL_COUNT);
        if (r == GY_OK && multi) {
            char y[16];
            g_snprintf(y, sizeof y, "%d", st->year);
            r = gy_sheet_text(s, row, c++, y, GY_CELL_LABEL);
        }
        if (r == GY_OK && ent) {
            r = gy_sheet_text(s, row, c++, st->entity, GY_CELL_TEXT);
            if (r == GY_OK)
                r = gy_sheet_text(s, row, c++, st->uscc, GY_CELL_TEXT);
        }
        if (r == GY_OK)
            r = gy_sheet_text(s, row, c++, st->name, GY_CELL_LABEL);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, c++, id, GY_CELL_TEXT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, c++, gy_region_name(d->rg, st->county), GY_CELL_LABEL);
        if (r == GY_OK && !ent)
            r = gy_sheet_text(s, row, c++, st->entity, GY_CELL_TEXT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, c++, st->industry, GY_CELL_TEXT);
        if (r == GY_OK)
            r = opt_value(s, row, c++, st->jobs, GY_CELL_COUNT);
        if (r == GY_OK)
            r = opt_value(s, row, c++, st->output, GY_CELL_WAN);
    }
    g_free(idx);
    if (r != GY_OK) {
        r = fail_sheet(err, r, sheet);
        g_free(sheet);
        return r;
    }
    const char *notes[4] = { NULL };
    size_t k_n = 0;
    char *order_note = order_rule(d->order, ent ? "负责人" : "");
    notes[k_n++] = order_note;
    notes[k_n++] = d->unmask ? "本表为完整身份证号码，含个人信息，请妥善保管，不得公开。"
                             : "身份证号码隐去了中间8位（出生日期）；需要完整号码时加 --unmask "
                               "重新生成。";
    if (ent)
        notes[k_n++] = "统一社会信用代码均已按GB 32100校验。";
    gy_sheet_foot foot = { true, d->made_on, notes };
    r = gy_sheet_finish(s, &foot, err);
    g_free(order_note);
    g_free(sheet);
    return r;
}

static const char *issue_kind_zh(gy_star_issue_kind k)
{
    switch (k) {
    case GY_ISSUE_REJECTED: return "拒收";
    case GY_ISSUE_DUPLICATE: return "重复";
    case GY_ISSUE_NOT_IN_RECORDS: return "台账中未找到";
    default: return "提示";
    }
}

/* 问题: every issue of the roster, in file and line order. */
static gy_error write_issues(gy_book *b, const gy_stars_doc *d, GError **err)
{
    static const gy_col cols[] = {
        { NULL, "序号", GY_CELL_COUNT },   { NULL, "文件", GY_CELL_TEXT },
        { NULL, "行号", GY_CELL_COUNT },   { NULL, "姓名", GY_CELL_LABEL },
        { NULL, "类型", GY_CELL_LABEL },   { NULL, "列", GY_CELL_TEXT },
        { NULL, "值", GY_CELL_WRAP },      { NULL, "说明", GY_CELL_WRAP },
    };
    char *years = years_text(d->counts);
    char *title = g_strdup_printf("%s%s返乡创业明星和明星企业名单问题清单", region_of(d), years);
    g_free(years);
    gy_sheet_spec spec = { title, d->filler, NULL, cols, G_N_ELEMENTS(cols), 0 };
    gy_sheet *s = gy_book_add_sheet(b, "问题");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, "问题", err);
    g_free(title);
    if (r != GY_OK)
        return r;
    size_t n = gy_roster_n_issues(d->roster), shown = MIN(n, (size_t)ISSUE_ROWS_MAX);
    uint32_t row = gy_sheet_body_row(s);
    if (n == 0)
        r = gy_sheet_merge(s, row, 0, row, (uint32_t)G_N_ELEMENTS(cols) - 1, "无问题",
                           GY_CELL_LABEL);
    for (size_t i = 0; r == GY_OK && i < shown; i++, row++) {
        const gy_star_issue *is = gy_roster_get_issue(d->roster, i);
        const gy_input *in = d->ledger && is->file < gy_ledger_n_inputs(d->ledger)
                                 ? gy_ledger_input((gy_ledger *)d->ledger, is->file) : NULL;
        char masked[19];
        const char *value = is->value;
        /* a well-formed ID is masked here as in the rosters; a malformed one is shown as read,
         * since that is what has to be corrected */
        if (!d->unmask && !strcmp(is->column, "身份证号码") && strlen(value) == 18 &&
            gy_id_parse(value, masked) == GY_OK) {
            gy_id_mask(value, masked);
            value = masked;
        }
        r = gy_sheet_value(s, row, 0, (int64_t)(i + 1), GY_CELL_COUNT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 1, in ? in->name : "", GY_CELL_TEXT);
        if (r == GY_OK)
            r = gy_sheet_value(s, row, 2, (int64_t)is->line, GY_CELL_COUNT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 3, is->name, GY_CELL_LABEL);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 4, issue_kind_zh(is->kind), GY_CELL_LABEL);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 5, is->column, GY_CELL_TEXT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 6, value, GY_CELL_WRAP);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 7, is->text, GY_CELL_WRAP);
    }
    if (r != GY_OK)
        return fail_sheet(err, r, "问题");
    static const char *const notes[] = {
        "拒收：该行有错，未计入统计和名单，请改正后重新生成；重复：只计一次；"
        "台账中未找到：已计入，但请核实身份证号码或是否为返乡创业人员；提示：已计入，供核对。",
        "行号为文件中的物理行号（文件第一行为第1行，表头上方的标题行也计在内）。",
        NULL,
    };
    gy_sheet_foot foot = { false, GY_NO_DAY, notes };
    return gy_sheet_finish(s, &foot, err);
}

static gy_error pair(gy_sheet *s, uint32_t row, uint32_t last, const char *label,
                     const char *value, gy_cell kind)
{
    gy_error r = gy_sheet_merge(s, row, 0, row, 1, label, GY_CELL_LABEL);
    return r == GY_OK ? gy_sheet_merge(s, row, 2, row, last, value, kind) : r;
}

/* 数据说明: the roster files and their accounting, options, definitions. */
static gy_error write_about(gy_book *b, const gy_stars_doc *d, GError **err)
{
    static const gy_col cols[] = {
        { NULL, "序号", GY_CELL_COUNT },
        { NULL, "文件", GY_CELL_TEXT },
        { NULL, "大小（字节）", GY_CELL_COUNT },
        { NULL, "SHA-256校验值", GY_CELL_WRAP },
        { NULL, "编码", GY_CELL_TEXT },
        { "行数", "读取", GY_CELL_COUNT },
        { "行数", "接受", GY_CELL_COUNT },
        { "行数", "重复", GY_CELL_COUNT },
        { "行数", "被替代", GY_CELL_COUNT },
        { "行数", "拒收", GY_CELL_COUNT },
        { "行数", "跳过", GY_CELL_COUNT },
    };
    const uint32_t last = (uint32_t)G_N_ELEMENTS(cols) - 1;
    char *years = years_text(d->counts);
    char *title = g_strdup_printf("%s%s返乡创业明星和明星企业统计数据说明", region_of(d), years);
    g_free(years);
    gy_sheet_spec spec = { title, d->filler, NULL, cols, G_N_ELEMENTS(cols), 0 };
    gy_sheet *s = gy_book_add_sheet(b, "数据说明");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, "数据说明", err);
    g_free(title);
    if (r != GY_OK)
        return r;
    uint32_t row = gy_sheet_body_row(s);
    r = gy_sheet_inputs(s, &row, last, d->ledger);
    row++;
    if (r == GY_OK)
        r = gy_sheet_merge(s, row, 0, row, last, "统计选项", GY_CELL_HEAD);
    row++;
    for (size_t i = 0; r == GY_OK && d->settings && d->settings[i] && d->settings[i + 1];
         i += 2, row++)
        r = pair(s, row, last, d->settings[i], d->settings[i + 1], GY_CELL_TEXT);
    char *made = gy_sheet_date_zh(d->made_on);
    if (r == GY_OK)
        r = pair(s, row++, last, "制表日期", made, GY_CELL_TEXT);
    g_free(made);
    if (r == GY_OK)
        r = pair(s, row++, last, "生成程序", "guiyan " GY_VERSION, GY_CELL_TEXT);
    row++;
    if (r == GY_OK)
        r = gy_sheet_merge(s, row, 0, row, last, "口径和排序", GY_CELL_HEAD);
    row++;
    if (r == GY_OK)
        r = pair(s, row++, last, "计数口径", definition, GY_CELL_WRAP);
    char *rule = order_rule(d->order, "");
    if (r == GY_OK)
        r = pair(s, row++, last, "名单排序", rule, GY_CELL_WRAP);
    g_free(rule);
    if (r == GY_OK) {
        unsigned long tr = 0, ta = 0, td = 0, tj = 0, sk = 0;
        if (d->ledger) {
            gy_ledger_totals(d->ledger, &tr, &ta, &td, &tj);
            sk = gy_ledger_skipped(d->ledger);      /* listed with the rejects */
        }
        char *skipped = sk ? g_strdup_printf("＋跳过%lu行", sk) : g_strdup("");
        char *acct = g_strdup_printf("读取%lu行＝接受%lu行＋重复%lu行＋拒收%lu行%s；重复、拒收和跳过的行见"
                                     "“问题”表。", tr, ta, td, tj, skipped);
        g_free(skipped);
        r = pair(s, row++, last, "行数核对", acct, GY_CELL_WRAP);
        g_free(acct);
    }
    if (r != GY_OK)
        return fail_sheet(err, r, "数据说明");
    static const char *const notes[] = {
        "SHA-256校验值可用于核对所用文件与原始名单文件一致（certutil -hashfile 文件名 SHA256）。",
        NULL
    };
    gy_sheet_foot foot = { false, GY_NO_DAY, notes };
    return gy_sheet_finish(s, &foot, err);
}

gy_error gy_stars_write_workbook(const char *path, const gy_stars_doc *d, GError **err)
{
    char *years = years_text(d->counts);
    char *doc_title = g_strdup_printf("%s%s返乡创业明星和明星企业", region_of(d), years);
    g_free(years);
    gy_book_props props = {
        .title = doc_title,
        .subject = "返乡创业明星和明星企业获评情况",
        .company = d->filler,
        .comments = "guiyan " GY_VERSION,
        .created = d->made_on,
        .personal = true,          /* the rosters: names, ID numbers, rejected values */
    };
    gy_book *b = gy_book_new(path, d->style, &props, err);
    g_free(doc_title);
    if (!b)
        return gy_error_of(err, GY_E_IO);
    gy_error r = write_counts(b, d, err);
    for (int l = 0; r == GY_OK && l < GY_STAR_LEVELS; l++)
        for (int k = 0; r == GY_OK && k < GY_STAR_KINDS; k++)
            r = write_roster(b, d, (gy_star_level)l, (gy_star_kind)k, err);
    if (r == GY_OK)
        r = write_issues(b, d, err);
    if (r == GY_OK)
        r = write_about(b, d, err);
    if (r != GY_OK)
        return gy_book_fail(b, r, err);
    return gy_book_close(b, err);
}

/* ---- stars.pdf ---- */

/* Text on the page: one pango context (zh-cn, no hinting, so the layout does not depend on
 * the output device), the checked font family. */
typedef struct pen {
    cairo_t *cr;
    PangoContext *pc;
    const char *family;
    const gy_chart_style *st;
} pen;

static void pen_init(pen *p, cairo_t *cr, const char *family, const gy_chart_style *st)
{
    p->cr = cr;
    p->family = family;
    p->st = st;
    p->pc = pango_cairo_create_context(cr);
    pango_context_set_language(p->pc, pango_language_from_string("zh-cn"));
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->pc, fo);
    cairo_font_options_destroy(fo);
}

static void pen_clear(pen *p)
{
    g_clear_object(&p->pc);
}

/* A layout of text at `size` points; width > 0 wraps it to that width. */
static PangoLayout *pen_layout(pen *p, const char *text, double size, bool bold, double width,
                               PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, p->family);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text, -1);
    return l;
}

static void text_size(pen *p, const char *text, double size, bool bold, double width,
                      double *w, double *h)
{
    PangoLayout *l = pen_layout(p, text, size, bold, width, PANGO_ALIGN_LEFT);
    int pw, ph;
    pango_layout_get_size(l, &pw, &ph);
    *w = (double)pw / PANGO_SCALE;
    *h = (double)ph / PANGO_SCALE;
    g_object_unref(l);
}

static void set_rgb(cairo_t *cr, gy_chart_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Draw text in the box x, y, w (wrapping when wrap), aligned; returns its height. Vertical
 * centring in a box of height h when h > 0. */
static double pen_draw(pen *p, const char *text, double size, bool bold, double x, double y,
                       double w, double h, PangoAlignment align, bool wrap, gy_chart_rgb colour)
{
    PangoLayout *l = pen_layout(p, text, size, bold, w, align);
    if (!wrap)
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    int pw, ph;
    pango_layout_get_size(l, &pw, &ph);
    double th = (double)ph / PANGO_SCALE;
    cairo_save(p->cr);
    set_rgb(p->cr, colour);
    cairo_move_to(p->cr, x, h > 0 ? y + (h - th) / 2 : y);
    pango_cairo_show_layout(p->cr, l);
    cairo_restore(p->cr);
    g_object_unref(l);
    return th;
}

/* The counts table of year yi: 县（市、区） | 市级 明星 明星企业 | 省级 明星 明星企业 | 合计. */
typedef struct table_geom {
    double x, y, w, h;          /* box available */
    double size;                /* font size used */
} table_geom;

static char *cell_text(const gy_star_counts *c, size_t yi, size_t county, size_t col)
{
    int64_t v = 0;
    if (col < 4)
        v = gy_star_count(c, yi, (gy_star_level)(col / 2), (gy_star_kind)(col % 2), county);
    else
        for (size_t k = 0; k < 4; k++)
            v += gy_star_count(c, yi, (gy_star_level)(k / 2), (gy_star_kind)(k % 2), county);
    return g_strdup_printf("%" G_GINT64_FORMAT, v);
}

static double draw_table(pen *p, const gy_stars_doc *d, size_t yi, const table_geom *g)
{
    const gy_chart_style *st = p->st;
    const gy_star_counts *c = d->counts;
    size_t rows = c->n_counties + 1;
    double size = g->size;
    /* row height: the box shared by two header rows and the body, at most 1.9 × the text */
    double rh = MIN((g->h - st->note_size * 1.6) / (double)(rows + 2), size * 2.0);
    if (rh < size * 1.45)
        size = rh / 1.45;
    double name_w = 0, tw, th;
    for (size_t i = 0; i < rows; i++) {
        text_size(p, i < c->n_counties ? gy_region_name(d->rg, i) : "合计", size, false, -1, &tw,
                  &th);
        name_w = MAX(name_w, tw);
    }
    text_size(p, gy_region_row_head(d->rg), size, true, -1, &tw, &th);
    name_w = MAX(name_w, tw) + size * 1.2;
    double rest = (g->w - name_w) / 5.0;
    double x0 = g->x, y0 = g->y, total_w = name_w + rest * 5;
    static const char *const heads[5] = { "明星", "明星企业", "明星", "明星企业", "合计" };
    gy_chart_rgb ink = st->text;
    /* the unit line above the table, on the right as on a statistics table */
    double uh = pen_draw(p, "单位：名（明星）、家（明星企业）", st->note_size, false, x0, y0,
                         total_w, 0, PANGO_ALIGN_RIGHT, true, st->muted);
    y0 += uh + 3;
    /* header */
    pen_draw(p, gy_region_row_head(d->rg), size, true, x0, y0, name_w, rh * 2, PANGO_ALIGN_CENTER,
             false, ink);
    for (int l = 0; l < GY_STAR_LEVELS; l++)
        pen_draw(p, gy_star_level_name((gy_star_level)l), size, true, x0 + name_w + rest * 2 * l,
                 y0, rest * 2, rh, PANGO_ALIGN_CENTER, false, ink);
    for (int k = 0; k < 4; k++)
        pen_draw(p, heads[k], size, true, x0 + name_w + rest * k, y0 + rh, rest, rh,
                 PANGO_ALIGN_CENTER, false, ink);
    pen_draw(p, heads[4], size, true, x0 + name_w + rest * 4, y0, rest, rh * 2,
             PANGO_ALIGN_CENTER, false, ink);
    /* body */
    for (size_t i = 0; i < rows; i++) {
        double y = y0 + rh * (double)(2 + i);
        bool total = i == c->n_counties;
        pen_draw(p, total ? "合计" : gy_region_name(d->rg, i), size, total, x0, y, name_w, rh,
                 PANGO_ALIGN_CENTER, false, ink);
        for (size_t col = 0; col < 5; col++) {
            char *t = cell_text(c, yi, i, col);
            pen_draw(p, t, size, total, x0 + name_w + rest * (double)col, y, rest - size * 0.6,
                     rh, PANGO_ALIGN_RIGHT, false, ink);
            g_free(t);
        }
    }
    /* rules: a heavier frame, thin inner lines */
    cairo_t *cr = p->cr;
    double bottom = y0 + rh * (double)(rows + 2);
    cairo_save(cr);
    set_rgb(cr, st->axis);
    cairo_set_line_width(cr, 0.5);
    for (size_t i = 1; i < rows + 2; i++) {
        double y = y0 + rh * (double)i;
        double from = i == 1 ? x0 + name_w : x0, to = i == 1 ? x0 + name_w + rest * 4 : x0 + total_w;
        cairo_move_to(cr, from, y);
        cairo_line_to(cr, to, y);
    }
    for (int k = 1; k <= 4; k++) {
        double x = x0 + name_w + rest * (k - 1);
        bool half = k == 2 || k == 4;      /* between 明星 and 明星企业: below the level row */
        cairo_move_to(cr, x + (half ? rest : 0), half ? y0 + rh : y0);
        cairo_line_to(cr, x + (half ? rest : 0), bottom);
    }
    cairo_move_to(cr, x0 + name_w + rest * 4, y0);
    cairo_line_to(cr, x0 + name_w + rest * 4, bottom);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, x0, y0, total_w, bottom - y0);
    cairo_move_to(cr, x0, y0 + rh * 2);
    cairo_line_to(cr, x0 + total_w, y0 + rh * 2);
    cairo_stroke(cr);
    cairo_restore(cr);
    return bottom - g->y;
}

/* The bar chart of awards by county for year yi, drawn as vectors by the chart renderer into
 * the box (in points), so its labels stay text in the PDF. */
static gy_error draw_chart(pen *p, const gy_stars_doc *d, size_t yi, double x, double y,
                           double w, double h, GError **err)
{
    char *title = g_strdup_printf("各%s获评返乡创业明星和明星企业数", gy_region_row_head(d->rg));
    const gy_star_counts *c = d->counts;
    size_t n = c->n_counties;
    int64_t *city = g_new0(int64_t, n + 1), *prov = g_new0(int64_t, n + 1);
    const char **labels = g_new0(const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        labels[i] = gy_region_name(d->rg, i);
        for (int k = 0; k < GY_STAR_KINDS; k++) {
            city[i] += gy_star_count(c, yi, GY_STAR_CITY, (gy_star_kind)k, i);
            prov[i] += gy_star_count(c, yi, GY_STAR_PROVINCE, (gy_star_kind)k, i);
        }
    }
    gy_chart_series series[2] = { { "市级", city, NULL }, { "省级", prov, NULL } };
    gy_chart_spec spec = {
        .kind = GY_CHART_BAR,
        .title = title,
        .subtitle = NULL,
        .note = "明星按人、明星企业按家合并计数",
        .unit = GY_CHART_COUNT,
        .measure = "个",
        .n = n,
        .labels = labels,
        .n_series = 2,
        .series = series,
    };
    gy_chart_style *cs = gy_chart_style_copy(p->st);
    cs->image_width = w;
    cs->image_height = h;
    cs->image_margin = 4;
    cs->title_size = MIN(cs->title_size, 12);
    cairo_save(p->cr);
    cairo_translate(p->cr, x, y);
    gy_error r = gy_chart_draw(p->cr, &spec, cs, w, h, err);
    cairo_restore(p->cr);
    gy_chart_style_free(cs);
    g_free(city);
    g_free(prov);
    g_free(labels);
    g_free(title);
    if (r != GY_OK)
        return r;
    return GY_OK;
}

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Every character the page may show, for the font check. */
static char *page_text(const gy_stars_doc *d, const char *paragraphs)
{
    GString *s = g_string_new("返乡创业明星和明星企业评选情况县（市、区）市级省级明星（名）企业（家）"
                              "合计注：数据来源填报单位制表日期第页共0123456789年月日—，。；、");
    g_string_append(s, region_of(d));
    g_string_append(s, d->filler ? d->filler : "");
    g_string_append(s, paragraphs ? paragraphs : "");
    g_string_append(s, definition);
    for (size_t i = 0; i < gy_region_count(d->rg); i++)
        g_string_append(s, gy_region_name(d->rg, i));
    return g_string_free(s, FALSE);
}

/* 2021-06-30 → "2021-06-30T00:00:00+08:00"; no date: 12-31 of the last award year. */
static char *pdf_date(const gy_stars_doc *d)
{
    if (d->made_on != GY_NO_DAY) {
        char buf[11];
        gy_day_format(d->made_on, buf);
        return g_strdup_printf("%sT00:00:00+08:00", buf);
    }
    int y = d->counts->n_years ? d->counts->years[d->counts->n_years - 1] : 2000;
    return g_strdup_printf("%04d-12-31T00:00:00+08:00", y);
}

static void draw_page(pen *p, const gy_stars_doc *d, size_t yi, const char *para, int page,
                      int pages, gy_error *r, GError **err)
{
    const gy_chart_style *st = p->st;
    double W = st->page_width, H = st->page_height, m = st->margin;
    double y = m, cw = W - 2 * m;
    cairo_set_source_rgb(p->cr, 1, 1, 1);
    cairo_paint(p->cr);
    char *title = d->counts->n_years
                      ? g_strdup_printf("%s%d年返乡创业明星和明星企业评选情况", region_of(d),
                                        d->counts->years[yi])
                      : g_strdup_printf("%s返乡创业明星和明星企业评选情况", region_of(d));
    y += pen_draw(p, title, st->title_size + 2, true, m, y, cw, 0, PANGO_ALIGN_CENTER, true,
                  st->text);
    g_free(title);
    char *made = gy_sheet_date_zh(d->made_on);
    char *sub = d->filler && *d->filler
                    ? g_strdup_printf("填报单位：%s　　　　制表日期：%s", d->filler, made)
                    : g_strdup_printf("制表日期：%s", made);
    g_free(made);
    y += 4;
    y += pen_draw(p, sub, st->subtitle_size, false, m, y, cw, 0, PANGO_ALIGN_CENTER, true,
                  st->muted);
    g_free(sub);
    y += 10;
    /* the paragraph of the reply, indented two characters as in a letter */
    double ps = st->label_size + 1.5;
    PangoLayout *l = pen_layout(p, para, ps, false, cw, PANGO_ALIGN_LEFT);
    pango_layout_set_indent(l, (int)(ps * 2 * PANGO_SCALE));
    pango_layout_set_spacing(l, (int)(ps * 0.4 * PANGO_SCALE));
    int pw, ph;
    pango_layout_get_size(l, &pw, &ph);
    set_rgb(p->cr, st->text);
    cairo_move_to(p->cr, m, y);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
    y += (double)ph / PANGO_SCALE + 12;

    /* notes at the bottom, then the table (left) and the chart (right) between */
    char *notes = g_strdup_printf("注：%s\n数据来源：返乡创业明星、明星企业获评名单（明细见stars.xlsx）。",
                                  definition);
    double nw, nh;
    text_size(p, notes, st->note_size, false, cw, &nw, &nh);
    double bottom = H - m - (pages > 1 ? st->note_size * 2 : 0);
    double notes_y = bottom - nh;
    pen_draw(p, notes, st->note_size, false, m, notes_y, cw, 0, PANGO_ALIGN_LEFT, true, st->muted);
    g_free(notes);
    double body_h = notes_y - 10 - y;
    double tw = cw * 0.44;
    table_geom g = { m, y, tw, body_h, st->label_size };
    draw_table(p, d, yi, &g);
    if (*r == GY_OK)
        *r = draw_chart(p, d, yi, m + tw + 16, y, cw - tw - 16, body_h, err);
    if (pages > 1) {
        char *folio = g_strdup_printf("第 %d 页 共 %d 页", page, pages);
        pen_draw(p, folio, st->note_size, false, m, H - m - st->note_size * 1.5, cw, 0,
                 PANGO_ALIGN_CENTER, true, st->muted);
        g_free(folio);
    }
}

gy_error gy_stars_write_pdf(const char *path, const gy_stars_doc *d, char **warning,
                            GError **err)
{
    if (warning)
        *warning = NULL;
    GError *e2 = NULL;
    char *paras = gy_stars_text(d, &e2);
    if (!paras) {
        g_propagate_error(err, e2);
        return GY_E_TEMPLATE;
    }
    gy_chart_style *st = d->chart_style ? gy_chart_style_copy(d->chart_style)
                                        : gy_chart_style_new();
    char *need = page_text(d, paras);
    char *used = NULL, *warn = NULL;
    gy_error r = gy_chart_font_check(st->font, need, &used, &warn, err);
    g_free(need);
    if (r != GY_OK) {
        g_free(paras);
        gy_chart_style_free(st);
        return r;
    }
    g_free(st->font);
    st->font = used;
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, pdf, st->page_width,
                                                             st->page_height);
    char *years = years_text(d->counts);
    char *title = g_strdup_printf("%s%s返乡创业明星和明星企业评选情况", region_of(d), years);
    char *date = pdf_date(d);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "guiyan " GY_VERSION);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free(years);
    g_free(title);
    g_free(date);
    cairo_t *cr = cairo_create(s);
    pen p;
    pen_init(&p, cr, st->font, st);
    int pages = (int)MAX(d->counts->n_years, 1);
    for (int i = 0; r == GY_OK && i < pages; i++) {
        char *one = d->counts->n_years
                        ? gy_stars_paragraph(d->paragraph ? d->paragraph : "", d->counts,
                                             (size_t)i, region_of(d), err)
                        : g_strdup("名单中没有采用的获评记录。");
        if (!one) {
            r = GY_E_TEMPLATE;
            break;
        }
        draw_page(&p, d, (size_t)i, one, i + 1, pages, &r, err);
        g_free(one);
        cairo_show_page(cr);
    }
    g_free(paras);
    pen_clear(&p);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (r == GY_OK && cs != CAIRO_STATUS_SUCCESS) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, cairo_status_to_string(cs));
        r = GY_E_IO;
    }
    if (r == GY_OK)
        r = gy_output_write(path, (const char *)pdf->data, pdf->len, err);
    g_byte_array_free(pdf, TRUE);
    gy_chart_style_free(st);
    if (r == GY_OK && warning)
        *warning = warn;
    else
        g_free(warn);
    return r;
}
