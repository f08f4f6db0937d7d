/* workbook_summary.c — the statistics workbook of `guiyan summary`: a sheet per indicator,
 * 问题数据 and 数据说明 (workbook.h). */
#include <string.h>

#include "guiyan/error.h"
#include "guiyan/fields.h"
#include "guiyan/workbook.h"

#define REJECT_ROWS_MAX 1000000      /* Excel holds 1,048,576 rows; rejects.csv has them all */

/* The indicators of the workbook, in sheet order. */
static const struct summary_ind {
    gy_ind ind;
    const char *sheet;       /* sheet name */
    const char *name;        /* in the title and in 数据说明 */
    const char *unit;        /* 单位 line */
    const char *definition;  /* 口径 */
} summary_inds[] = {
    { GY_IND_STARTUPS, "返乡创业人数", "返乡创业人数", "人",
      "创业（登记）日期在统计期内的返乡创业人员人数，按身份证号码去重计数：同一人在统计期内有多条记录只计1人。" },
    { GY_IND_ENTITIES, "创办经济实体", "创办经济实体", "个",
      "上述人员创办的经济实体个数，按实体去重计数：同一实体在统计期内有多条记录只计1个。" },
    { GY_IND_LOANS, "创业担保贷款笔数", "创业担保贷款笔数", "笔",
      "贷款发放日期在统计期内的创业担保贷款笔数。" },
    { GY_IND_LOAN_AMOUNT, "创业担保贷款金额(万元)", "创业担保贷款金额", "万元",
      "贷款发放日期在统计期内的创业担保贷款金额之和，按分精确累加，显示时四舍五入到0.01万元。" },
    { GY_IND_JOBS, "带动就业人数", "带动就业人数", "人",
      "创业（登记）日期在统计期内的记录所填带动就业人数之和。" },
};

#define N_SUMMARY_INDS (sizeof summary_inds / sizeof summary_inds[0])

/* "乐山市2021年返乡创业人数统计表": region, year (0: none), what, kind of table. */
static char *title_of(const gy_summary_opts *o, int year, const char *what, const char *kind)
{
    const char *region = (o->region_label && *o->region_label) ? o->region_label : "";
    if (year > 0)
        return g_strdup_printf("%s%d年%s%s", region, year, what, kind);
    return g_strdup_printf("%s%s%s", region, what, kind);
}

static size_t strv_len(const char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

static const char *const quarter_names[4] = { "一季度", "二季度", "三季度", "四季度" };

/* The header of period column c of t: "6月", "二季度", "2020年"; "二季度（截至5月20日）" for the
 * quarter of a cut-off before its last day, "2021年1—6月" for the year of a cut-off before its
 * 31 December. Newly allocated. */
static char *period_label(const gy_table *t, size_t c, gy_day cutoff)
{
    gy_month m = t->col_month[c];
    int y = GY_MONTH_YEAR(m), cy = 0, cm = 12, cd = 31;
    if (cutoff != GY_NO_DAY)
        gy_day_to_ymd(cutoff, &cy, &cm, &cd);
    if (t->grain == GY_GRAIN_QUARTER) {
        int q = (GY_MONTH_NUM(m) - 1) / 3;
        bool open = cy == y && (cm - 1) / 3 == q
                    && !(cm % 3 == 0 && cd == g_date_get_days_in_month((GDateMonth)cm,
                                                                       (GDateYear)cy));
        return open ? g_strdup_printf("%s（截至%d月%d日）", quarter_names[q], cm, cd)
                    : g_strdup(quarter_names[q]);
    }
    if (t->grain != GY_GRAIN_YEAR)
        return g_strdup_printf("%d月", GY_MONTH_NUM(m));
    if (cy == y && !(cm == 12 && cd == 31))
        return cm == 1 ? g_strdup_printf("%d年1月", y) : g_strdup_printf("%d年1—%d月", y, cm);
    return g_strdup_printf("%d年", y);
}

/* The days of period column c of t (a month, quarter or year), the last cut at the cut-off. */
static void period_days(const gy_table *t, size_t c, gy_day cutoff, gy_day *from, gy_day *to)
{
    gy_month m = t->col_month[c];     /* the period's last month */
    gy_month len = t->grain == GY_GRAIN_YEAR ? 12 : t->grain == GY_GRAIN_QUARTER ? 3 : 1;
    gy_month start = (m / len) * len, end = start + len;
    *from = gy_day_from_ymd(GY_MONTH_YEAR(start), GY_MONTH_NUM(start), 1);
    *to = gy_day_from_ymd(GY_MONTH_YEAR(end), GY_MONTH_NUM(end), 1) - 1;
    if (cutoff != GY_NO_DAY && cutoff < *to && cutoff >= *from)
        *to = cutoff;
}

/* What the period columns are called in notes: 月, 季度, 年. */
static const char *period_word(const gy_table *t)
{
    return t->grain == GY_GRAIN_QUARTER ? "季度" : t->grain == GY_GRAIN_YEAR ? "年" : "月";
}

/* "乐山市2019—2021年返乡创业人数年度统计表" for years; months and quarters keep their year
 * in front ("乐山市2021年返乡创业人数季度统计表"). Newly allocated. */
static char *table_title(const gy_summary_opts *o, const gy_table *t, const char *what)
{
    int y0 = GY_MONTH_YEAR(t->col_month[0]), y1 = GY_MONTH_YEAR(t->col_month[t->n_cols - 1]);
    if (t->grain == GY_GRAIN_MONTH)
        return title_of(o, y0, what, "统计表");
    if (t->grain == GY_GRAIN_QUARTER)
        return title_of(o, y0, what, "季度统计表");
    char *years = y0 == y1 ? g_strdup_printf("%d年%s", y0, what)
                           : g_strdup_printf("%d—%d年%s", y0, y1, what);
    char *s = title_of(o, 0, years, "年度统计表");
    g_free(years);
    return s;
}

/* The 注 lines common to every indicator sheet. */
static void common_notes(GPtrArray *notes, const gy_summary_opts *o, const gy_ledger *lg)
{
    size_t n_files = lg ? gy_ledger_n_inputs(lg) : 0;
    if (n_files)
        g_ptr_array_add(notes, g_strdup_printf("数据来源：返乡创业实名制台账导出文件%zu个，"
                                               "文件名、SHA-256校验值和行数见“数据说明”表。",
                                               n_files));
    else
        g_ptr_array_add(notes, g_strdup("数据来源：返乡创业实名制台账，明细见“数据说明”表。"));
    if (o->cutoff != GY_NO_DAY) {
        char *d = gy_sheet_date_zh(o->cutoff);
        g_ptr_array_add(notes, g_strdup_printf("统计截止日期：%s。", d));
        g_free(d);
    }
}

/* One indicator sheet. */
static gy_error write_indicator(gy_book *b, const struct summary_ind *si,
                                const gy_summary_opts *o, const gy_table *months,
                                const gy_table *ytd, const gy_ledger *lg, GError **err)
{
    /* months or quarters of one year, then 累计; or years, each its own 累计 (ytd NULL) */
    size_t n_rows = months->n_rows, n_m = months->n_cols;
    size_t n_cols = 1 + n_m + (ytd ? 1 : 0);
    int year = GY_MONTH_YEAR(months->col_month[0]);
    char *group = months->grain == GY_GRAIN_YEAR ? NULL : g_strdup_printf("%d年", year);
    gy_col *cols = g_new0(gy_col, n_cols);
    char **labels = g_new0(char *, n_cols + 1);
    bool money = gy_ind_is_money(si->ind), distinct = gy_ind_is_distinct(si->ind);
    gy_cell kind = money ? GY_CELL_WAN : GY_CELL_COUNT;
    /* a period no record of the indicator's kind of date covers is "—", never 0 (its figure
     * is 0 only because there is nothing to count); one covered only in part is marked ※ */
    gy_cover cover[GY_COVER__KINDS];
    const gy_cover *cv = NULL;
    if (lg) {                         /* a ledger without any date tells nothing */
        gy_ledger_coverage(lg, cover);
        if (gy_cover_any(&cover[GY_COVER_START]) || gy_cover_any(&cover[GY_COVER_LOAN]))
            cv = &cover[gy_cover_kind_of(si->ind)];
    }
    bool *gap = g_new0(bool, n_m + 1), any_gap = false;
    GString *part = g_string_new(NULL);   /* the 注 on periods covered in part */
    cols[0] = (gy_col){ NULL, o->row_head ? o->row_head : "县（市、区）", GY_CELL_LABEL };
    for (size_t c = 0; c < n_m; c++) {
        gy_day from, to;
        period_days(months, c, o->cutoff, &from, &to);
        gap[c] = cv && !gy_cover_touches(cv, from, to);
        any_gap = any_gap || gap[c];
        bool partly = cv && !gap[c] && (cv->first > from || cv->last < to);
        char *label = period_label(months, c, o->cutoff);
        labels[c] = partly ? g_strconcat(label, "※", NULL) : g_strdup(label);
        if (partly) {
            int y0, m0, d0, y1, m1, d1;
            gy_day_to_ymd(MAX(from, cv->first), &y0, &m0, &d0);
            gy_day_to_ymd(MIN(to, cv->last), &y1, &m1, &d1);
            if (months->grain != GY_GRAIN_MONTH)
                g_string_append_printf(part, "%s%s只有%d月%d日至%d月%d日的记录",
                                       part->len ? "，" : "", label, m0, d0, m1, d1);
            else if (d0 == d1)
                g_string_append_printf(part, "%s%d月只有%d日的记录", part->len ? "，" : "", m0, d0);
            else
                g_string_append_printf(part, "%s%d月只有%d日至%d日的记录", part->len ? "，" : "",
                                       m0, d0, d1);
        }
        g_free(label);
        cols[1 + c] = (gy_col){ group, labels[c], kind };
    }
    if (ytd)
        cols[n_cols - 1] = (gy_col){ group, ytd->grain == GY_GRAIN_YEAR ? "全年" : "累计", kind };

    char *title = table_title(o, months, si->name);
    gy_sheet_spec spec = { title, o->filler, si->unit, cols, n_cols, 1 };
    gy_sheet *s = gy_book_add_sheet(b, si->sheet);
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, si->sheet, err);
    g_free(title);
    g_strfreev(labels);
    g_free(cols);
    g_free(group);
    if (r != GY_OK) {
        g_free(gap);
        g_string_free(part, TRUE);
        return r;
    }

    uint32_t top = gy_sheet_body_row(s);
    uint32_t total_row = top + (uint32_t)(n_rows - 1);
    size_t yc = ytd ? ytd->n_cols - 1 : 0;
    for (size_t i = 0; r == GY_OK && i < n_rows; i++) {
        uint32_t row = top + (uint32_t)i;
        bool is_total = i == n_rows - 1;
        r = gy_sheet_text(s, row, 0, is_total ? "合计" : o->county_names[i], GY_CELL_LABEL);
        for (size_t c = 0; r == GY_OK && c < n_m + (ytd ? 1 : 0); c++) {
            uint32_t col = (uint32_t)(1 + c);
            int64_t want = c < n_m ? *gy_table_at(months, si->ind, i, c)
                                   : *gy_table_at(ytd, si->ind, i, yc);
            bool formula = !distinct && (is_total || c == n_m);
            if (gap[c] && want == 0) {
                r = gy_sheet_text(s, row, col, "—", GY_CELL_LABEL);
                continue;
            }
            if (!formula) {
                r = gy_sheet_value(s, row, col, want, kind);
                continue;
            }
            int64_t got = 0;
            if (is_total)
                r = gy_sheet_sum(s, row, col, top, col, total_row - 1, col, kind, &got);
            else
                r = gy_sheet_sum(s, row, col, row, 1, row, (uint32_t)n_m, kind, &got);
            if (r == GY_OK && got != want) {
                g_set_error(err, GY_ERROR, GY_E_USAGE,
                            "%s: %s, %s: the table says %" G_GINT64_FORMAT
                            " but the cells add up to %" G_GINT64_FORMAT,
                            si->sheet, is_total ? "合计" : o->county_names[i],
                            c < n_m ? months->col_label[c] : "累计", want, got);
                g_free(gap);
                g_string_free(part, TRUE);
                return GY_E_USAGE;
            }
        }
    }
    g_free(gap);
    if (r != GY_OK) {
        g_string_free(part, TRUE);
        g_set_error(err, GY_ERROR, r, "%s: cannot write the table", si->sheet);
        return r;
    }

    GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(notes, g_strdup_printf("口径：%s", si->definition));
    const char *pw = period_word(months), *units = o->row_head ? "各乡镇（街道）" : "各县";
    if (any_gap) {
        char *text = gy_cover_text_zh(cv);
        g_ptr_array_add(notes, g_strdup_printf("“—”表示该%s没有记录，不是0（%s：%s）。", pw,
                                               gy_cover_kind_of(si->ind) == GY_COVER_LOAN
                                                   ? "贷款发放日期覆盖" : "创业时间覆盖", text));
        g_free(text);
    }
    if (part->len)
        g_ptr_array_add(notes, g_strdup_printf("※%s。", part->str));
    g_string_free(part, TRUE);
    if (months->grain == GY_GRAIN_MONTH && !o->row_head && distinct)
        g_ptr_array_add(notes, g_strdup("人数、实体数为去重计数，合计不等于各县相加，"
                                        "累计也不等于各月相加：跨县、跨月重复出现的只计一次。"));
    else if (months->grain == GY_GRAIN_MONTH && !o->row_head)
        g_ptr_array_add(notes, g_strdup("合计＝各县（市、区）之和，累计＝各月之和，"
                                        "均为求和公式。"));
    else if (distinct && ytd)
        g_ptr_array_add(notes, g_strdup_printf("人数、实体数为去重计数，合计不等于%s相加，"
                                               "累计也不等于各%s相加：跨%s、跨%s重复出现的只计一次。",
                                               units, pw, units + 3, pw));
    else if (distinct)
        g_ptr_array_add(notes, g_strdup_printf("人数、实体数为去重计数，合计不等于%s相加：跨%s"
                                               "重复出现的只计一次；每年为该年的累计。",
                                               units, units + 3));
    else if (ytd)
        g_ptr_array_add(notes, g_strdup_printf("合计＝%s之和，累计＝各%s之和，均为求和公式。",
                                               units, pw));
    else
        g_ptr_array_add(notes, g_strdup_printf("合计＝%s之和，为求和公式；每年为该年的累计。",
                                               units));
    common_notes(notes, o, lg);
    g_ptr_array_add(notes, NULL);
    gy_sheet_foot foot = { true, o->made_on, (const char *const *)notes->pdata };
    r = gy_sheet_finish(s, &foot, err);
    g_ptr_array_free(notes, TRUE);
    return r;
}

/* 问题数据: every rejected row. */
static gy_error write_rejects(gy_book *b, const gy_summary_opts *o, const gy_ledger *lg,
                              GError **err)
{
    static const gy_col cols[] = {
        { NULL, "序号", GY_CELL_COUNT },
        { NULL, "文件", GY_CELL_TEXT },
        { NULL, "行号", GY_CELL_COUNT },
        { NULL, "列", GY_CELL_TEXT },
        { NULL, "值", GY_CELL_WRAP },
        { NULL, "原因", GY_CELL_WRAP },
    };
    char *title = title_of(o, 0, "返乡创业问题数据", "明细表");
    gy_sheet_spec spec = { title, o->filler, NULL, cols, G_N_ELEMENTS(cols), 0 };
    gy_sheet *s = gy_book_add_sheet(b, "问题数据");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, "问题数据", err);
    g_free(title);
    if (r != GY_OK)
        return r;
    /* the exports' rejects, then the other lists' (training, survey …: gy_ledger_lists) */
    const gy_ledger *lists = lg ? gy_ledger_lists(lg) : NULL;
    size_t n_own = lg ? gy_ledger_n_rejects(lg) : 0;
    size_t n = n_own + (lists ? gy_ledger_n_rejects(lists) : 0);
    size_t shown = n > REJECT_ROWS_MAX ? REJECT_ROWS_MAX : n;
    uint32_t row = gy_sheet_body_row(s);
    if (n == 0)
        r = gy_sheet_merge(s, row, 0, row, (uint32_t)G_N_ELEMENTS(cols) - 1, "无问题数据",
                           GY_CELL_LABEL);
    for (size_t i = 0; r == GY_OK && i < shown; i++, row++) {
        const gy_ledger *from = i < n_own ? lg : lists;
        const gy_reject *rj = gy_ledger_get_reject(from, i < n_own ? i : i - n_own);
        /* the ledger's accessor for inputs is not const; it is only read here */
        const gy_input *in = gy_ledger_input((gy_ledger *)from, rj->file);
        r = gy_sheet_value(s, row, 0, (int64_t)(i + 1), GY_CELL_COUNT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 1, in ? in->name : "", GY_CELL_TEXT);
        if (r == GY_OK)
            r = gy_sheet_value(s, row, 2, (int64_t)rj->line, GY_CELL_COUNT);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 3, rj->column, GY_CELL_TEXT);
        if (r == GY_OK)  /* always a string: "=1+1" or "@SUM(..)" is never run */
            r = gy_sheet_text(s, row, 4, rj->value, GY_CELL_WRAP);
        if (r == GY_OK)
            r = gy_sheet_text(s, row, 5, gy_reason_zh(rj->reason), GY_CELL_WRAP);
    }
    if (r != GY_OK) {
        g_set_error(err, GY_ERROR, r, "问题数据: cannot write row %zu", (size_t)row);
        return r;
    }
    GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(notes, g_strdup("以上数据行被拒收（合计行、表尾说明为跳过），未计入统计；"
                                    "请核对原台账后重新导出。"));
    g_ptr_array_add(notes, g_strdup("行号为文件中的物理行号（文件第一行为第1行，表头上方的标题行也计在内），"
                                    "用记事本或WPS打开原文件可直接定位。"));
    if (shown < n)
        g_ptr_array_add(notes, g_strdup_printf("共%zu行问题数据，本表只列出前%zu行，"
                                               "全部见rejects.csv。", n, shown));
    g_ptr_array_add(notes, NULL);
    gy_sheet_foot foot = { false, GY_NO_DAY, (const char *const *)notes->pdata };
    r = gy_sheet_finish(s, &foot, err);
    g_ptr_array_free(notes, TRUE);
    return r;
}

/* A section heading row and label/value rows below the inputs table of 数据说明. */
static gy_error note_pair(gy_sheet *s, uint32_t row, uint32_t last_col, const char *label,
                          const char *value, gy_cell kind)
{
    gy_error r = gy_sheet_merge(s, row, 0, row, 1, label, GY_CELL_LABEL);
    if (r == GY_OK)
        r = gy_sheet_merge(s, row, 2, row, last_col, value, kind);
    return r;
}

static char *count_text(unsigned long long v)
{
    return g_strdup_printf("%llu", v);
}

/* 数据说明: inputs, options, definitions, dates. */
static gy_error write_about(gy_book *b, const gy_summary_opts *o, const gy_table *months,
                           const gy_table *ytd, const gy_ledger *lg, GError **err)
{
    static const gy_col cols[] = {
        { NULL, "序号", GY_CELL_COUNT },
        { NULL, "文件", GY_CELL_TEXT },
        { NULL, "大小（字节）", GY_CELL_COUNT },
        { NULL, "SHA-256校验值", GY_CELL_WRAP },   /* 64 characters: two lines */
        { NULL, "编码", GY_CELL_TEXT },
        { "行数", "读取", GY_CELL_COUNT },
        { "行数", "接受", GY_CELL_COUNT },
        { "行数", "重复", GY_CELL_COUNT },
        { "行数", "被替代", GY_CELL_COUNT },
        { "行数", "拒收", GY_CELL_COUNT },
        { "行数", "跳过", GY_CELL_COUNT },
    };
    const uint32_t last = (uint32_t)G_N_ELEMENTS(cols) - 1;
    char *title = title_of(o, 0, "返乡创业统计", "数据说明");
    gy_sheet_spec spec = { title, o->filler, NULL, cols, G_N_ELEMENTS(cols), 0 };
    gy_sheet *s = gy_book_add_sheet(b, "数据说明");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(b, "数据说明", err);
    g_free(title);
    if (r != GY_OK)
        return r;
    uint32_t row = gy_sheet_body_row(s);
    r = gy_sheet_inputs(s, &row, last, lg);

    /* 统计选项 */
    row++;   /* a blank row before each section */
    if (r == GY_OK)
        r = gy_sheet_merge(s, row, 0, row, last, "统计选项", GY_CELL_HEAD);
    row++;
    size_t n_set = strv_len(o->settings) / 2;
    for (size_t i = 0; r == GY_OK && i < n_set; i++, row++)
        r = note_pair(s, row, last, o->settings[2 * i], o->settings[2 * i + 1], GY_CELL_TEXT);
    char *cut_text = gy_sheet_date_zh(o->cutoff);
    char *made_text = gy_sheet_date_zh(o->made_on);
    char *m0, *m1, *span;
    if (months->grain == GY_GRAIN_MONTH) {
        m0 = g_strdup_printf("%d年%d月", GY_MONTH_YEAR(months->col_month[0]),
                             GY_MONTH_NUM(months->col_month[0]));
        m1 = g_strdup_printf("%d年%d月", GY_MONTH_YEAR(months->col_month[months->n_cols - 1]),
                             GY_MONTH_NUM(months->col_month[months->n_cols - 1]));
    } else {
        char *l0 = period_label(months, 0, GY_NO_DAY);
        char *l1 = period_label(months, months->n_cols - 1, o->cutoff);
        bool q = months->grain == GY_GRAIN_QUARTER;
        m0 = q ? g_strdup_printf("%d年%s", GY_MONTH_YEAR(months->col_month[0]), l0) : g_strdup(l0);
        m1 = q ? g_strdup_printf("%d年%s", GY_MONTH_YEAR(months->col_month[months->n_cols - 1]), l1)
               : g_strdup(l1);
        g_free(l0);
        g_free(l1);
    }
    if (ytd)
        span = g_strdup_printf("%s至%s（按%s）；累计列：%s", m0, m1, period_word(months),
                               ytd->col_label[ytd->n_cols - 1] ? ytd->col_label[ytd->n_cols - 1] : "");
    else
        span = g_strdup_printf("%s至%s（按年）", m0, m1);
    if (r == GY_OK) {
        r = note_pair(s, row, last, "统计期", span, GY_CELL_TEXT);
        row++;
    }
    if (r == GY_OK) {
        r = note_pair(s, row, last, "统计截止日期",
                      o->cutoff != GY_NO_DAY ? cut_text : "未指定", GY_CELL_TEXT);
        row++;
    }
    /* what the records cover: a period outside it has no records, which is not 0 */
    if (r == GY_OK && lg) {
        gy_cover cover[GY_COVER__KINDS];
        gy_ledger_coverage(lg, cover);
        const char *label[GY_COVER__KINDS] = { "创业时间覆盖", "贷款发放日期覆盖" };
        for (int k = 0; r == GY_OK && k < GY_COVER__KINDS; k++, row++) {
            char *text = gy_cover_text_zh(&cover[k]);
            r = note_pair(s, row, last, label[k], text, GY_CELL_WRAP);
            g_free(text);
        }
    }
    if (r == GY_OK) {
        r = note_pair(s, row, last, "制表日期", made_text, GY_CELL_TEXT);
        row++;
    }
    if (r == GY_OK) {
        r = note_pair(s, row, last, "生成程序", o->generator ? o->generator : "guiyan",
                      GY_CELL_TEXT);
        row++;
    }
    g_free(cut_text);
    g_free(made_text);
    g_free(m0);
    g_free(m1);
    g_free(span);

    /* 指标口径 */
    row++;
    if (r == GY_OK)
        r = gy_sheet_merge(s, row, 0, row, last, "指标口径", GY_CELL_HEAD);
    row++;
    for (size_t i = 0; r == GY_OK && i < N_SUMMARY_INDS; i++, row++) {
        char *label = g_strdup_printf("%s（%s）", summary_inds[i].name, summary_inds[i].unit);
        r = note_pair(s, row, last, label, summary_inds[i].definition, GY_CELL_WRAP);
        g_free(label);
    }
    if (r == GY_OK) {
        unsigned long tr = 0, ta = 0, td = 0, tj = 0;
        unsigned long sk = lg ? gy_ledger_skipped(lg) : 0;
        if (lg)
            gy_ledger_totals(lg, &tr, &ta, &td, &tj);
        char *a = count_text(tr), *b2 = count_text(ta), *c = count_text(td),
             *d = count_text(tj);
        unsigned long ss = lg ? gy_ledger_superseded(lg) : 0;
        char *skipped = sk ? g_strdup_printf("＋跳过%lu行（合计行、表尾说明，不是记录，未计入）", sk)
                           : g_strdup("");
        /* superseded rows: an older export's rows of a startup a newer export holds */
        char *sup = ss ? g_strdup_printf("＋被替代%lu行", ss) : g_strdup("");
        char *acct = g_strdup_printf("读取%s行＝接受%s行＋重复%s行%s＋拒收%s行%s。重复行（身份证号码、"
                                     "创业日期、实体名称、贷款金额和发放日期都相同）只计一次；"
                                     "%s拒收行和跳过的行见“问题数据”表。", a, b2, c, sup, d, skipped,
                                     ss ? "被替代的行见 updates.csv；" : "");
        g_free(sup);
        g_free(skipped);
        r = note_pair(s, row, last, "行数核对", acct, GY_CELL_WRAP);
        row++;
        g_free(acct);
        g_free(a);
        g_free(b2);
        g_free(c);
        g_free(d);
    }
    if (r != GY_OK) {
        g_set_error(err, GY_ERROR, r, "数据说明: cannot write row %u", row);
        return r;
    }
    static const char *const notes[] = {
        "SHA-256校验值可用于核对所用文件与原始导出文件一致（certutil -hashfile 文件名 SHA256）。",
        NULL
    };
    gy_sheet_foot foot = { false, GY_NO_DAY, notes };
    return gy_sheet_finish(s, &foot, err);
}

/* The shapes the writer relies on. */
static gy_error check_tables(const gy_summary_opts *o, const gy_table *months,
                             const gy_table *ytd, GError **err)
{
    const char *why = NULL;
    /* months step by 1, quarters by 3 within one year; years by 12 */
    int step = !months ? 1 : months->grain == GY_GRAIN_QUARTER ? 3
             : months->grain == GY_GRAIN_YEAR ? 12 : 1;
    if (!o || !months || (!ytd && months->grain != GY_GRAIN_YEAR) || !o->county_names)
        why = "missing options, tables or county names";
    else if (months->grain == GY_GRAIN_YTD || months->n_cols < 1
             || months->n_cols > (months->grain == GY_GRAIN_YEAR ? 100u : 12u / (unsigned)step))
        why = "the period table must have 1 to 12 months, 1 to 4 quarters or 1 to 100 years";
    else if (ytd && ytd->n_cols < 1)
        why = "the 累计 table has no column";
    else if (months->n_rows < 2 || (ytd && ytd->n_rows != months->n_rows))
        why = "the tables' rows differ";
    else if (strv_len(o->county_names) != months->n_rows - 1)
        why = "county names and table rows differ in number";
    else {
        /* a column's month is its period's last, or the cut-off's: compare period numbers */
        for (size_t c = 0; c < months->n_cols; c++)
            if (months->col_month[c] / step != months->col_month[0] / step + (gy_month)c
                || (step < 12 && GY_MONTH_YEAR(months->col_month[c])
                                     != GY_MONTH_YEAR(months->col_month[0])))
                why = "the period columns must be consecutive periods (of one year)";
    }
    if (why) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, "summary workbook: %s", why);
        return GY_E_USAGE;
    }
    return GY_OK;
}

gy_error gy_workbook_summary_write(const char *path, const gy_summary_opts *o,
                                   const gy_table *months, const gy_table *ytd,
                                   const gy_ledger *ledger, GError **err)
{
    gy_error r = check_tables(o, months, ytd, err);
    if (r != GY_OK)
        return r;
    int year = GY_MONTH_YEAR(months->col_month[0]);
    char *doc_title = months->grain == GY_GRAIN_MONTH ? title_of(o, year, "返乡创业", "统计表")
                                                      : table_title(o, months, "返乡创业");
    gy_book_props props = {
        .title = doc_title,
        .subject = "返乡创业统计",
        .company = o->filler,
        .comments = o->generator ? o->generator : "guiyan",
        .created = o->made_on != GY_NO_DAY ? o->made_on : o->cutoff,
        .personal = o->personal,
    };
    gy_book *b = gy_book_new(path, o->style, &props, err);
    g_free(doc_title);
    if (!b)
        return gy_error_of(err, GY_E_IO);
    for (size_t i = 0; r == GY_OK && i < N_SUMMARY_INDS; i++)
        r = write_indicator(b, &summary_inds[i], o, months, ytd, ledger, err);
    if (r == GY_OK)
        r = write_rejects(b, o, ledger, err);
    if (r == GY_OK)
        r = write_about(b, o, months, ytd, ledger, err);
    if (r != GY_OK)
        return gy_book_fail(b, r, err);
    return gy_book_close(b, err);
}
