/* workbook_summary.c — the statistics workbook of `guiyan summary`: a sheet per indicator,
 * 问题数据 and 数据说明 (workbook.h). */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/reader.h"
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
    size_t n_rows = months->n_rows, n_m = months->n_cols;
    size_t n_cols = 1 + n_m + 1;
    int year = GY_MONTH_YEAR(months->col_month[0]);
    char *group = g_strdup_printf("%d年", year);
    gy_col *cols = g_new0(gy_col, n_cols);
    char **labels = g_new0(char *, n_cols + 1);
    bool money = gy_ind_is_money(si->ind), distinct = gy_ind_is_distinct(si->ind);
    gy_cell kind = money ? GY_CELL_WAN : GY_CELL_COUNT;
    /* a month no record of the indicator's kind of date covers is "—", never 0 (its figure
     * is 0 only because there is nothing to count); one covered only in part is marked ※ */
    gy_cover cover[GY_COVER__KINDS];
    const gy_cover *cv = NULL;
    if (lg) {                         /* a ledger without any date tells nothing */
        gy_ledger_coverage(lg, cover);
        if (gy_cover_any(&cover[GY_COVER_START]) || gy_cover_any(&cover[GY_COVER_LOAN]))
            cv = &cover[gy_cover_kind_of(si->ind)];
    }
    bool *gap = g_new0(bool, n_m + 1), any_gap = false;
    GString *part = g_string_new(NULL);   /* the 注 on months covered in part */
    cols[0] = (gy_col){ NULL, "县（市、区）", GY_CELL_LABEL };
    for (size_t c = 0; c < n_m; c++) {
        gy_month m = months->col_month[c];
        gy_day from = gy_day_from_ymd(GY_MONTH_YEAR(m), GY_MONTH_NUM(m), 1);
        gy_day to = gy_day_from_ymd(GY_MONTH_YEAR(m + 1), GY_MONTH_NUM(m + 1), 1) - 1;
        gap[c] = cv && !gy_cover_touches(cv, from, to);
        any_gap = any_gap || gap[c];
        bool partly = cv && !gap[c] && (cv->first > from || cv->last < to);
        labels[c] = g_strdup_printf("%d月%s", GY_MONTH_NUM(m), partly ? "※" : "");
        if (partly) {
            int y0, m0, d0, y1, m1, d1;
            gy_day_to_ymd(MAX(from, cv->first), &y0, &m0, &d0);
            gy_day_to_ymd(MIN(to, cv->last), &y1, &m1, &d1);
            if (d0 == d1)
                g_string_append_printf(part, "%s%d月只有%d日的记录", part->len ? "，" : "", m0, d0);
            else
                g_string_append_printf(part, "%s%d月只有%d日至%d日的记录", part->len ? "，" : "",
                                       m0, d0, d1);
        }
        cols[1 + c] = (gy_col){ group, labels[c], kind };
    }
    cols[n_cols - 1] = (gy_col){ group, ytd->grain == GY_GRAIN_YEAR ? "全年" : "累计", kind };

    char *title = title_of(o, year, si->name, "统计表");
    gy_sheet_spec spec = { title, o->filler, si->unit, cols, n_cols, 1 };
    gy_sheet *s = gy_book_add_sheet(b, si->sheet);
    gy_error r = s ? gy_sheet_begin(s, &spec, err) : GY_E_NOMEM;
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
    size_t yc = ytd->n_cols - 1;
    for (size_t i = 0; r == GY_OK && i < n_rows; i++) {
        uint32_t row = top + (uint32_t)i;
        bool is_total = i == n_rows - 1;
        r = gy_sheet_text(s, row, 0, is_total ? "合计" : o->county_names[i], GY_CELL_LABEL);
        for (size_t c = 0; r == GY_OK && c <= n_m; c++) {
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
    if (any_gap) {
        char *text = gy_cover_text_zh(cv);
        g_ptr_array_add(notes, g_strdup_printf("“—”表示该月没有记录，不是0（%s：%s）。",
                                               gy_cover_kind_of(si->ind) == GY_COVER_LOAN
                                                   ? "贷款发放日期覆盖" : "创业时间覆盖", text));
        g_free(text);
    }
    if (part->len)
        g_ptr_array_add(notes, g_strdup_printf("※%s。", part->str));
    g_string_free(part, TRUE);
    if (distinct)
        g_ptr_array_add(notes, g_strdup("人数、实体数为去重计数，合计不等于各县相加，"
                                        "累计也不等于各月相加：跨县、跨月重复出现的只计一次。"));
    else
        g_ptr_array_add(notes, g_strdup("合计＝各县（市、区）之和，累计＝各月之和，"
                                        "均为求和公式。"));
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
    gy_error r = s ? gy_sheet_begin(s, &spec, err) : GY_E_NOMEM;
    g_free(title);
    if (r != GY_OK)
        return r;
    size_t n = lg ? gy_ledger_n_rejects(lg) : 0;
    size_t shown = n > REJECT_ROWS_MAX ? REJECT_ROWS_MAX : n;
    uint32_t row = gy_sheet_body_row(s);
    if (n == 0)
        r = gy_sheet_merge(s, row, 0, row, (uint32_t)G_N_ELEMENTS(cols) - 1, "无问题数据",
                           GY_CELL_LABEL);
    for (size_t i = 0; r == GY_OK && i < shown; i++, row++) {
        const gy_reject *rj = gy_ledger_get_reject(lg, i);
        /* the ledger's accessor for inputs is not const; it is only read here */
        const gy_input *in = gy_ledger_input((gy_ledger *)lg, rj->file);
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
    g_ptr_array_add(notes, g_strdup("以上数据行有问题，未计入统计；请核对原台账后重新导出。"));
    g_ptr_array_add(notes, g_strdup("行号为原文件中的行号（表头为第1行），用记事本或WPS打开原文件可直接定位。"));
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
        { "行数", "读入", GY_CELL_COUNT },
        { "行数", "采用", GY_CELL_COUNT },
        { "行数", "重复", GY_CELL_COUNT },
        { "行数", "被替代", GY_CELL_COUNT },
        { "行数", "问题", GY_CELL_COUNT },
    };
    const uint32_t last = (uint32_t)G_N_ELEMENTS(cols) - 1;
    char *title = title_of(o, 0, "返乡创业统计", "数据说明");
    gy_sheet_spec spec = { title, o->filler, NULL, cols, G_N_ELEMENTS(cols), 0 };
    gy_sheet *s = gy_book_add_sheet(b, "数据说明");
    gy_error r = s ? gy_sheet_begin(s, &spec, err) : GY_E_NOMEM;
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
    char *m0 = g_strdup_printf("%d年%d月", GY_MONTH_YEAR(months->col_month[0]),
                               GY_MONTH_NUM(months->col_month[0]));
    char *m1 = g_strdup_printf("%d年%d月", GY_MONTH_YEAR(months->col_month[months->n_cols - 1]),
                               GY_MONTH_NUM(months->col_month[months->n_cols - 1]));
    char *span = g_strdup_printf("%s至%s（按月）；累计列：%s", m0, m1,
                                 ytd->col_label[ytd->n_cols - 1] ? ytd->col_label[ytd->n_cols - 1] : "");
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
             *d = count_text(tj + sk);
        char *skipped = sk ? g_strdup_printf("（其中合计行、表尾说明%lu行，不是记录，未计入）", sk)
                           : g_strdup("");
        char *acct = g_strdup_printf("读入%s行＝采用%s行＋重复%s行＋问题%s行%s。重复行（身份证号码、"
                                     "创业日期、实体名称、贷款金额和发放日期都相同）只计一次；"
                                     "问题行见“问题数据”表。", a, b2, c, d, skipped);
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
    if (!o || !months || !ytd || !o->county_names)
        why = "missing options, tables or county names";
    else if (months->grain != GY_GRAIN_MONTH || months->n_cols < 1 || months->n_cols > 12)
        why = "the monthly table must have 1 to 12 month columns";
    else if (ytd->n_cols < 1)
        why = "the 累计 table has no column";
    else if (months->n_rows < 2 || ytd->n_rows != months->n_rows)
        why = "the tables' rows differ";
    else if (strv_len(o->county_names) != months->n_rows - 1)
        why = "county names and table rows differ in number";
    else {
        for (size_t c = 0; c < months->n_cols; c++)
            if (months->col_month[c] != months->col_month[0] + (gy_month)c
                || GY_MONTH_YEAR(months->col_month[c]) != GY_MONTH_YEAR(months->col_month[0]))
                why = "the monthly columns must be consecutive months of one year";
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
    char *doc_title = title_of(o, year, "返乡创业", "统计表");
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
        return err && *err ? (gy_error)(*err)->code : GY_E_NOMEM;
    for (size_t i = 0; r == GY_OK && i < N_SUMMARY_INDS; i++)
        r = write_indicator(b, &summary_inds[i], o, months, ytd, ledger, err);
    if (r == GY_OK)
        r = write_rejects(b, o, ledger, err);
    if (r == GY_OK)
        r = write_about(b, o, months, ytd, ledger, err);
    if (r != GY_OK) {
        gy_book_free(b);
        return r;
    }
    return gy_book_close(b, err);
}
