/* workbook_track.c — the tracking workbook of `guiyan track`: 总览 (targets, progress, warning
 * colours, ranks, 同比), one monthly sheet per indicator and one chartsheet per indicator
 * (workbook.h). */
#include <math.h>
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/numfmt.h"
#include "guiyan/error.h"
#include "guiyan/workbook.h"

/* Columns of 总览. */
enum {
    OV_IND, OV_COUNTY, OV_TARGET, OV_MONTH, OV_YTD, OV_RATE, OV_PROG, OV_GAP, OV_RANK, OV_PREV,
    OV_YOY, OV__COUNT
};

/* Fills of the warning levels (Excel's own good / neutral / bad), marks, chart colours. */
/* What the rows are in the notes: 县（市、区） and 县, or 乡镇（街道） and 乡镇 (v->row_head). */
static const char *rows_word(const gy_track_view *v)
{
    return v->row_head ? v->row_head : "县（市、区）";
}

static const char *row_short(const gy_track_view *v)
{
    return v->row_head ? "乡镇" : "县";
}

static const struct {
    lxw_color_t fill;
    const char *mark;
    lxw_color_t bar;
} level_look[] = {
    [GY_LEVEL_NONE] = { 0, "", 0x4472C4 },
    [GY_LEVEL_GREEN] = { 0xC6EFCE, "▲", 0x70AD47 },
    [GY_LEVEL_YELLOW] = { 0xFFEB9C, "●", 0xFFC000 },
    [GY_LEVEL_RED] = { 0xFFC7CE, "▼", 0xC00000 },
};

/* 口径 of each indicator (report text). */
static const char *const definition[GY_IND__COUNT] = {
    [GY_IND_STARTUPS] = "创业（登记）日期在统计期内的返乡创业人员人数，按身份证号码去重计数：同一人"
                        "在统计期内有多条记录只计1人。",
    [GY_IND_ENTITIES] = "上述人员创办的经济实体个数，按实体去重计数（有统一社会信用代码的按代码，"
                        "没有的按县和实体名称）。",
    [GY_IND_LOANS] = "贷款发放日期在统计期内的创业担保贷款笔数。",
    [GY_IND_LOAN_AMOUNT] = "贷款发放日期在统计期内的创业担保贷款金额之和，按分精确累加，显示时四舍"
                           "五入到0.01万元。",
    [GY_IND_JOBS] = "创业（登记）日期在统计期内的记录所填带动就业人数之和。",
    [GY_IND_OUTPUT] = "创业（登记）日期在统计期内的记录所填年产值之和。",
};

typedef struct track_ctx {
    const gy_track_view *v;
    gy_book *book;
    lxw_workbook *wb;
    gy_style *style;
    size_t n;                   /* counties and units */
    int year, month, day;       /* the as-of date */
    bool month_end;             /* as-of is the last day of its month */
    char *period;               /* "1—6月" */
    lxw_format *rate[4];        /* 完成率 by level: fill and mark */
    lxw_format *gap[4];         /* 与序时进度差 by level: fill */
    lxw_format *pct;            /* 序时进度, 同比 */
    lxw_format *rank;
    lxw_format *stub;           /* the indicator name over its block */
    uint32_t *top;              /* first body row of each part's block on 总览 */
    GError **err;
} track_ctx;

/* A distinct count (recomputed for totals, never summed): the cube's persons and entities, and
 * an indicator of another list counting persons or distinct values (its slot past the cube's). */
static bool ind_distinct(const track_ctx *t, gy_ind ind)
{
    if ((unsigned)ind < GY_IND__COUNT)
        return gy_ind_is_distinct(ind);
    for (size_t k = 0; k < t->v->n_parts; k++)
        if (t->v->parts[k].indicator->ind == ind)
            return gy_indicator_is_distinct(t->v->parts[k].indicator);
    return false;
}

static gy_error from_lxw(lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return GY_OK;
    return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GY_E_NOMEM : GY_E_USAGE;
}

static bool is_cjk_name(const char *font)
{
    for (const char *p = font; *p; p++)
        if ((unsigned char)*p >= 0x80)
            return true;
    return false;
}

/* A body cell format like sheet.c's, centred, with a number format and an optional fill. */
static lxw_format *body_format(track_ctx *t, const char *num_format, lxw_color_t fill)
{
    lxw_format *f = workbook_add_format(t->wb);
    format_set_font_name(f, t->style->body_font);
    format_set_font_size(f, t->style->body_size);
    if (is_cjk_name(t->style->body_font))
        format_set_font_charset(f, 134);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_num_format(f, num_format);
    if (fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
    }
    return f;
}

static void make_formats(track_ctx *t)
{
    for (int k = 0; k < 4; k++) {
        char *nf = k == GY_LEVEL_NONE ? g_strdup("0.00")
                 : g_strdup_printf("0.00\" %s\";-0.00\" %s\"", level_look[k].mark,
                                   level_look[k].mark);
        t->rate[k] = body_format(t, nf, level_look[k].fill);
        t->gap[k] = body_format(t, "0.00", level_look[k].fill);
        g_free(nf);
    }
    t->pct = body_format(t, "0.00", 0);
    t->rank = body_format(t, "0", 0);
    lxw_format *f = workbook_add_format(t->wb);
    format_set_font_name(f, t->style->header_font);
    format_set_font_size(f, t->style->header_size);
    if (is_cjk_name(t->style->header_font))
        format_set_font_charset(f, 134);
    if (t->style->header_bold)
        format_set_bold(f);
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    format_set_border(f, LXW_BORDER_THIN);
    t->stub = f;
}

static double as_double(int64_t v, bool money)
{
    /* what gy_sheet_value writes: the nearest double of the decimal */
    return money ? (double)v / (double)GY_FEN_PER_WAN : (double)v;
}

static char *cell_name(uint32_t row, uint32_t col)
{
    char buf[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(buf, row, (lxw_col_t)col);
    return g_strdup(buf);
}

/* The row of county i (i == n: 合计) in a block starting at `top`. */
static uint32_t row_of(const track_ctx *t, uint32_t top, size_t i)
{
    if (t->v->total_first)
        return i == t->n ? top : top + 1 + (uint32_t)i;
    return top + (uint32_t)i;
}

static uint32_t first_county_row(const track_ctx *t, uint32_t top)
{
    return t->v->total_first ? top + 1 : top;
}

static const char *county_label(const track_ctx *t, size_t i)
{
    return i == t->n ? "合计" : t->v->county_names[i];
}

/* A figure: a value for a county; for the 合计 of an additive indicator a SUM over the county
 * rows that must give `want`, for a distinct count the cube's own value. */
static gy_error put_figure(track_ctx *t, gy_sheet *s, uint32_t top, size_t i, uint32_t col,
                           int64_t want, gy_ind ind, const char *what)
{
    gy_cell kind = gy_ind_is_money(ind) ? GY_CELL_WAN : GY_CELL_COUNT;
    uint32_t row = row_of(t, top, i);
    if (i < t->n || ind_distinct(t, ind))
        return gy_sheet_value(s, row, col, want, kind);
    int64_t got = 0;
    uint32_t r0 = first_county_row(t, top);
    gy_error r = gy_sheet_sum(s, row, col, r0, col, r0 + (uint32_t)t->n - 1, col, kind, &got);
    if (r == GY_OK && got != want) {
        g_set_error(t->err, GY_ERROR, GY_E_USAGE,
                    "%s: 合计, %s: the table says %" G_GINT64_FORMAT " but the counties add up to %"
                    G_GINT64_FORMAT, gy_sheet_name(s), what, want, got);
        return GY_E_USAGE;
    }
    return r;
}

/* 年度目标: "—" without a target; the 合计 is a SUM when every county has a target, else the
 * sum of those that have one as a value (with a 注). */
static gy_error put_target(track_ctx *t, gy_sheet *s, uint32_t top, size_t i, uint32_t col,
                           const gy_track_cell *c, gy_ind ind)
{
    uint32_t row = row_of(t, top, i);
    if (!c->has_target)
        return gy_sheet_text(s, row, col, "—", GY_CELL_LABEL);
    if (i == t->n && (c->target_partial || c->target_city))  /* not a sum: as given */
        return gy_sheet_value(s, row, col, c->target, gy_ind_is_money(ind) ? GY_CELL_WAN
                                                                            : GY_CELL_COUNT);
    return put_figure(t, s, top, i, col, c->target, ind, "年度目标");
}

/* 完成率 = 累计 / 年度目标 × 100 as a formula carrying its value, filled by level. */
static gy_error put_completion(track_ctx *t, gy_sheet *s, uint32_t row, uint32_t col,
                               uint32_t target_col, uint32_t ytd_col, const gy_track_cell *c,
                               bool money)
{
    char *tc = cell_name(row, target_col), *yc = cell_name(row, ytd_col);
    char *f = g_strdup_printf("=IF(N(%s)>0,%s/%s*100,\"—\")", tc, yc, tc);
    lxw_worksheet *ws = gy_sheet_worksheet(s);
    lxw_error e;
    if (gy_ratio_defined(c->completion))
        e = worksheet_write_formula_num(ws, row, (lxw_col_t)col, f, t->rate[c->level],
                                        as_double(c->ytd, money) / as_double(c->target, money)
                                            * 100);
    else
        e = worksheet_write_formula_str(ws, row, (lxw_col_t)col, f, t->rate[GY_LEVEL_NONE], "—");
    g_free(tc);
    g_free(yc);
    g_free(f);
    return from_lxw(e);
}

static double progress_double(const track_ctx *t)
{
    return (double)t->v->progress.num / (double)t->v->progress.den * 100;
}

/* The coverage of the indicator's kind of date; NULL when unknown (no record has any date). */
static const gy_cover *ind_cover(const gy_track_view *v, gy_ind ind)
{
    if ((unsigned)ind >= GY_IND__COUNT) {
        /* another list (培训台账 …): its own dates, not the ledger's */
        for (size_t k = 0; v->part_cover && k < v->n_parts; k++)
            if (v->parts[k].indicator->ind == ind)
                return v->part_cover[k];
        return NULL;
    }
    if (!v->cover || (!gy_cover_any(&v->cover[GY_COVER_START]) &&
                      !gy_cover_any(&v->cover[GY_COVER_LOAN])))
        return NULL;
    return &v->cover[gy_cover_kind_of(ind)];
}

/* The days of month m, the as-of month cut at the as-of date. */
static void month_days(const gy_track_view *v, gy_month m, gy_day *from, gy_day *to)
{
    *from = gy_day_from_ymd(GY_MONTH_YEAR(m), GY_MONTH_NUM(m), 1);
    *to = MIN(gy_day_from_ymd(GY_MONTH_YEAR(m + 1), GY_MONTH_NUM(m + 1), 1) - 1, v->as_of);
}

bool gy_track_month_uncovered(const gy_track_view *v, gy_ind ind, gy_month m)
{
    const gy_cover *cv = ind_cover(v, ind);
    gy_day from, to;
    month_days(v, m, &from, &to);
    return cv && !gy_cover_touches(cv, from, to);
}

static bool month_uncovered(const track_ctx *t, gy_ind ind, gy_month m)
{
    return gy_track_month_uncovered(t->v, ind, m);
}

/* When the records of ind cover month m only in part (it is marked ※): appends to `part` which
 * days they have ("6月只有3日至18日的记录", then `what` when not NULL) and returns true. */
static bool month_partly(const track_ctx *t, gy_ind ind, gy_month m, const char *what,
                         GString *part)
{
    const gy_cover *cv = ind_cover(t->v, ind);
    gy_day from, to;
    month_days(t->v, m, &from, &to);
    if (!cv || !gy_cover_touches(cv, from, to) || (cv->first <= from && cv->last >= to))
        return false;
    int y0, m0, d0, y1, m1, d1;
    gy_day_to_ymd(MAX(from, cv->first), &y0, &m0, &d0);
    gy_day_to_ymd(MIN(to, cv->last), &y1, &m1, &d1);
    if (d0 == d1)
        g_string_append_printf(part, "%s%d月只有%d日的记录", part->len ? "，" : "", m0, d0);
    else
        g_string_append_printf(part, "%s%d月只有%d日至%d日的记录", part->len ? "，" : "", m0, d0,
                               d1);
    if (what)
        g_string_append(part, what);
    return true;
}

/* "“—”表示…没有记录，不是0（创业时间覆盖：…）。" for ind's kind of date, `where` in front. */
static char *gap_note(const track_ctx *t, gy_ind ind, const char *where)
{
    int kind = gy_cover_kind_of(ind);
    const char *what = kind == GY_COVER_LOAN ? "贷款发放日期" : "创业时间";
    for (size_t k = 0; (unsigned)ind >= GY_IND__COUNT && k < t->v->n_parts; k++)
        if (t->v->parts[k].indicator->ind == ind && t->v->part_cover_what)
            what = t->v->part_cover_what[k];        /* another list: 培训台账结业日期 */
    char *text = gy_cover_text_zh(ind_cover(t->v, ind));
    char *note = g_strdup_printf("%s“—”表示该月没有记录，不是0（%s覆盖：%s）。", where, what,
                                 text);
    g_free(text);
    return note;
}

/* One row of a 总览 block. */
static gy_error overview_row(track_ctx *t, gy_sheet *s, uint32_t top, const gy_track_part *p,
                             size_t i)
{
    const gy_track_cell *c = &p->cells[i];
    gy_ind ind = p->indicator->ind;
    bool money = gy_ind_is_money(ind);
    uint32_t row = row_of(t, top, i);
    lxw_worksheet *ws = gy_sheet_worksheet(s);
    gy_error r = gy_sheet_text(s, row, OV_COUNTY, county_label(t, i), GY_CELL_LABEL);
    if (r == GY_OK)
        r = put_target(t, s, top, i, OV_TARGET, c, ind);
    if (r == GY_OK)
        r = c->month == 0 && month_uncovered(t, ind, GY_MONTH(t->year, t->month))
                ? gy_sheet_text(s, row, OV_MONTH, "—", GY_CELL_LABEL)   /* no record: not 0 */
                : put_figure(t, s, top, i, OV_MONTH, c->month, ind, "当月");
    if (r == GY_OK)
        r = put_figure(t, s, top, i, OV_YTD, c->ytd, ind, "累计");
    if (r == GY_OK)
        r = put_completion(t, s, row, OV_RATE, OV_TARGET, OV_YTD, c, money);
    if (r == GY_OK) {
        char *f = g_strdup_printf("=%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "*100",
                                  t->v->progress.num, t->v->progress.den);
        r = from_lxw(worksheet_write_formula_num(ws, row, OV_PROG, f, t->pct,
                                                 progress_double(t)));
        g_free(f);
    }
    if (r == GY_OK) {
        char *a = cell_name(row, OV_RATE), *b = cell_name(row, OV_PROG);
        char *f = g_strdup_printf("=IF(ISNUMBER(%s),%s-%s,\"—\")", a, a, b);
        if (gy_ratio_defined(c->completion)) {
            double q = as_double(c->ytd, money) / as_double(c->target, money) * 100;
            r = from_lxw(worksheet_write_formula_num(ws, row, OV_GAP, f, t->gap[c->level],
                                                     q - progress_double(t)));
        } else {
            r = from_lxw(worksheet_write_formula_str(ws, row, OV_GAP, f, t->gap[GY_LEVEL_NONE],
                                                     "—"));
        }
        g_free(a);
        g_free(b);
        g_free(f);
    }
    if (r == GY_OK) {
        if (c->rank > 0)
            r = from_lxw(worksheet_write_number(ws, row, OV_RANK, c->rank, t->rank));
        else
            r = gy_sheet_text(s, row, OV_RANK, "—", GY_CELL_LABEL);
    }
    if (r == GY_OK) {
        if (c->has_prev)
            r = put_figure(t, s, top, i, OV_PREV, c->prev_ytd, ind, "上年同期累计");
        else
            r = gy_sheet_text(s, row, OV_PREV, "—", GY_CELL_LABEL);
    }
    if (r == GY_OK) {
        char *pc = cell_name(row, OV_PREV), *yc = cell_name(row, OV_YTD);
        char *f = g_strdup_printf("=IF(N(%s)>0,(%s-%s)/%s*100,\"—\")", pc, yc, pc, pc);
        if (gy_ratio_defined(c->yoy)) {
            double y = as_double(c->ytd, money), pv = as_double(c->prev_ytd, money);
            r = from_lxw(worksheet_write_formula_num(ws, row, OV_YOY, f, t->pct,
                                                     (y - pv) / pv * 100));
        } else {
            r = from_lxw(worksheet_write_formula_str(ws, row, OV_YOY, f, t->pct, "—"));
        }
        g_free(pc);
        g_free(yc);
        g_free(f);
    }
    return r;
}

/* "新增返乡创业人数\n（人）": the name without a trailing bracketed unit, then the unit. */
static char *indicator_label(const gy_indicator *ind)
{
    char *name = g_strdup(ind->name);
    size_t len = strlen(name);
    const char *open = NULL;
    if (len && name[len - 1] == ')')
        open = strrchr(name, '(');
    else if (g_str_has_suffix(name, "）"))
        open = g_strrstr(name, "（");
    if (open && open > name)
        name[open - name] = '\0';
    char *label = g_strdup_printf("%s\n（%s）", name, ind->unit);
    g_free(name);
    return label;
}

/* The 注 lines every sheet ends with: data source and cut-off date. ind: the indicator of a
 * sheet of its own (another list's names that list and its own coverage), or NULL. */
static void common_notes(const track_ctx *t, GPtrArray *notes, const gy_indicator *ind)
{
    const gy_track_view *v = t->v;
    const char *source = v->source && *v->source ? v->source : "返乡创业实名制台账";
    bool list = ind && gy_indicator_is_declared(ind) && ind->decl && ind->decl->kind_label;
    GString *s = g_string_new(NULL);
    size_t n_in = 0;
    while (!list && v->input_names && v->input_names[n_in])
        n_in++;
    g_string_append_printf(s, "数据来源：%s", list ? ind->decl->kind_label : source);
    if (list)
        g_string_append(s, "（文件及校验值见manifest.json的lists）");
    if (n_in) {
        g_string_append_printf(s, "导出文件%zu个（", n_in);
        for (size_t i = 0; i < n_in; i++)
            g_string_append_printf(s, "%s%s", i ? "、" : "", v->input_names[i]);
        g_string_append(s, "，校验值见manifest.json）");
    }
    if (v->targets_name && *v->targets_name)
        g_string_append_printf(s, "；年度目标：%s", v->targets_name);
    g_string_append(s, "。");
    g_ptr_array_add(notes, g_string_free(s, FALSE));
    if (list) {
        const gy_cover *cv = ind_cover(v, ind->ind);
        char *own = cv ? gy_cover_year_note_zh(cv, t->year) : NULL;   /* the list's dates */
        if (own)
            g_ptr_array_add(notes, g_strdup_printf("%s。", own));
        g_free(own);
    } else if (ind) {
        /* 贷款笔数 and 金额 by loan dates, which may start later than the first start date */
        const char *own = gy_cover_kind_of(ind->ind) == GY_COVER_LOAN ? v->loan_note
                                                                       : v->coverage_note;
        if (own)
            g_ptr_array_add(notes, g_strdup_printf("%s。", own));
    } else {
        if (v->coverage_note)
            g_ptr_array_add(notes, g_strdup_printf("%s。", v->coverage_note));
        if (v->loan_note && g_strcmp0(v->loan_note, v->coverage_note) != 0)
            g_ptr_array_add(notes, g_strdup_printf("贷款笔数、金额按贷款发放日期：%s。",
                                                   v->loan_note));
    }
    char *d = gy_sheet_date_zh(v->as_of);
    if (t->month_end)
        g_ptr_array_add(notes, g_strdup_printf("统计截止日期：%s。", d));
    else
        g_ptr_array_add(notes, g_strdup_printf("统计截止日期：%s；%d月为%d月1日至%d日的数据。", d,
                                               t->month, t->month, t->day));
    g_free(d);
}

static gy_error finish(gy_sheet *s, const track_ctx *t, GPtrArray *notes)
{
    g_ptr_array_add(notes, NULL);
    gy_sheet_foot foot = { true, t->v->as_of, (const char *const *)notes->pdata };
    gy_error r = gy_sheet_finish(s, &foot, t->err);
    g_ptr_array_free(notes, TRUE);
    return r;
}

/* ---- page breaks of 总览: a block never straddles two pages ---- */

static double overview_row_height(const track_ctx *t)
{
    return t->style->body_size * 1.3;
}

/* Width of a column as set (sheet.c sets every column of the table). */
static double col_width(const lxw_worksheet *ws, lxw_col_t col)
{
    if (col < ws->col_options_max && ws->col_options[col])
        return ws->col_options[col]->width;
    return LXW_DEF_COL_WIDTH;
}

/* Paper size in millimetres for the Excel paper codes style.ini may name. */
static bool paper_mm(int code, double *w, double *h)
{
    static const struct { int code; double w, h; } papers[] = {
        { 1, 215.9, 279.4 }, { 5, 215.9, 355.6 }, { 8, 297, 420 }, { 9, 210, 297 },
        { 11, 148, 210 }, { 12, 250, 354 }, { 13, 182, 257 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
        if (papers[i].code == code) {
            *w = papers[i].w;
            *h = papers[i].h;
            return true;
        }
    return false;
}

/* Break the page before a block that would not fit on what is left of the current page.
 * Heights are the ones sheet.c gives the rows; the print is scaled to one page wide the way
 * Excel does (whole percent), so the page holds correspondingly more points of rows. */
static gy_error page_breaks(track_ctx *t, lxw_worksheet *ws)
{
    const gy_style *st = t->style;
    double pw, ph;
    if (!paper_mm(st->paper, &pw, &ph))
        return GY_OK;   /* unknown paper: leave the breaks to the spreadsheet */
    if (st->landscape) {
        double x = pw;
        pw = ph;
        ph = x;
    }
    double table_px = 0;
    for (lxw_col_t c = 0; c < OV__COUNT; c++)
        table_px += (double)(int)(col_width(ws, c) * 7 + 0.5) + 5;
    double avail_px = (pw / 10 - st->margin_left - st->margin_right) / 2.54 * 96;
    double scale = table_px > avail_px ? floor(avail_px / table_px * 100) / 100 : 1;
    if (scale < 0.1)
        scale = 0.1;
    /* a few points in reserve for rounding of row heights */
    double page = ((ph / 10 - st->margin_top - st->margin_bottom) / 2.54 * 72) / scale - 6;
    double head = 2 * st->header_size * 1.8;
    double first = st->title_size * 1.9 + st->note_size * 2.0;   /* title, 单位 line */
    double body = overview_row_height(t);
    double block = (double)(t->n + 1) * body;
    double used = first + head;
    lxw_row_t *breaks = g_new0(lxw_row_t, t->v->n_parts + 1);
    size_t nb = 0;
    for (size_t k = 0; k < t->v->n_parts; k++) {
        if (k > 0 && used + block > page) {
            breaks[nb++] = (lxw_row_t)t->top[k];
            used = head;
        }
        used += block;
    }
    gy_error r = nb ? from_lxw(worksheet_set_h_pagebreaks(ws, breaks)) : GY_OK;
    g_free(breaks);
    return r;
}

/* ---- 总览 ---- */

static char *units_line(const track_ctx *t)
{
    GString *s = g_string_new(NULL);
    for (size_t k = 0; k < t->v->n_parts; k++) {
        const char *u = t->v->parts[k].indicator->unit;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = g_str_equal(t->v->parts[j].indicator->unit, u);
        if (!seen)
            g_string_append_printf(s, "%s%s", s->len ? "、" : "", u);
    }
    g_string_append(s, "；完成率、序时进度、同比：%；与序时进度差：个百分点");
    return g_string_free(s, FALSE);
}

static gy_error write_overview(track_ctx *t)
{
    const gy_track_view *v = t->v;
    char *group_now = g_strdup_printf("%d年完成情况", t->year);
    /* the month covered in part by an indicator's kind of date: ※, and a 注 per kind */
    GString *part = g_string_new(NULL);
    bool kind_done[GY_COVER__KINDS] = { false };
    for (size_t k = 0; k < v->n_parts; k++) {
        gy_ind ind = v->parts[k].indicator->ind;
        int kind = gy_cover_kind_of(ind);
        if (!kind_done[kind])
            month_partly(t, ind, GY_MONTH(t->year, t->month),
                         kind == GY_COVER_LOAN ? "（贷款发放日期）" : "（创业时间）", part);
        kind_done[kind] = true;
    }
    char *month_l = g_strdup_printf("%d月%s", t->month, part->len ? "※" : "");
    char *group_prev = g_strdup_printf("上年同期（%d年）", t->year - 1);
    /* one-line labels: sheet.c fits the columns to them (units are in the 单位 line) */
    const gy_col cols[OV__COUNT] = {
        [OV_IND] = { NULL, "指标", GY_CELL_HEAD },
        [OV_COUNTY] = { NULL, v->row_head ? v->row_head : "县（市、区）", GY_CELL_LABEL },
        [OV_TARGET] = { NULL, "年度目标", GY_CELL_COUNT },
        [OV_MONTH] = { group_now, month_l, GY_CELL_COUNT },
        [OV_YTD] = { group_now, t->period, GY_CELL_COUNT },
        [OV_RATE] = { "目标完成进度", "完成率", GY_CELL_RATE },
        [OV_PROG] = { "目标完成进度", "序时进度", GY_CELL_RATE },
        [OV_GAP] = { "目标完成进度", "与序时进度差", GY_CELL_RATE },
        [OV_RANK] = { "目标完成进度", "排名", GY_CELL_COUNT },
        [OV_PREV] = { group_prev, t->period, GY_CELL_COUNT },
        [OV_YOY] = { group_prev, "同比", GY_CELL_RATE },
    };
    char *title = g_strdup_printf("%s%d年返乡创业目标任务完成情况（截至%d月%d日）",
                                  v->region_label ? v->region_label : "", t->year, t->month,
                                  t->day);
    char *unit = units_line(t);
    gy_sheet_spec spec = { title, v->filler, unit, cols, OV__COUNT, 2 };
    gy_sheet *s = gy_book_add_sheet(t->book, "总览");
    gy_error r = s ? gy_sheet_begin(s, &spec, t->err)
                    : gy_book_sheet_failed(t->book, "总览", t->err);
    g_free(title);
    g_free(unit);
    if (r != GY_OK)
        goto out;

    /* denser rows than sheet.c's default, so that two indicators' blocks fit on a page */
    worksheet_set_default_row(gy_sheet_worksheet(s), overview_row_height(t), LXW_FALSE);
    uint32_t row = gy_sheet_body_row(s);
    bool partial_any = false;
    GString *partial = g_string_new(NULL);
    for (size_t k = 0; r == GY_OK && k < v->n_parts; k++) {
        const gy_track_part *p = &v->parts[k];
        t->top[k] = row;
        /* written past sheet.c so that the long name does not widen the column: it wraps */
        char *label = indicator_label(p->indicator);
        r = from_lxw(worksheet_merge_range(gy_sheet_worksheet(s), row, OV_IND,
                                           row + (uint32_t)t->n, OV_IND, label, t->stub));
        g_free(label);
        for (size_t i = 0; r == GY_OK && i <= t->n; i++)
            r = overview_row(t, s, row, p, i);
        if (p->cells[t->n].target_partial) {
            GString *who = g_string_new(NULL);
            for (size_t i = 0; i < t->n; i++)
                if (!p->cells[i].has_target)
                    g_string_append_printf(who, "%s%s", who->len ? "、" : "", v->county_names[i]);
            g_string_append_printf(partial, "%s%s未下达%s目标，该项合计目标为其余单位目标之和",
                                   partial->len ? "；" : "", who->str, p->indicator->name);
            g_string_free(who, TRUE);
            partial_any = true;
        } else if (p->cells[t->n].target_city) {
            g_string_append_printf(partial, "%s%s合计目标为目标文件合计行所列的全市目标",
                                   partial->len ? "；" : "", p->indicator->name);
            partial_any = true;
        }
        row += (uint32_t)t->n + 1;
    }
    if (r != GY_OK) {
        if (t->err && !*t->err)
            g_set_error(t->err, GY_ERROR, r, "总览: cannot write the table");
        g_string_free(partial, TRUE);
        goto out;
    }

    GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
    char pct[GY_HUNDREDTHS_BUFSZ];
    gy_ratio_percent_text(v->progress, pct);
    if (v->progress_mode == GY_PROGRESS_BY_DAY)
        g_ptr_array_add(notes, g_strdup_printf("序时进度按日计算：截至%d月%d日为全年第%" G_GINT64_FORMAT
                                               "天，%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "＝%s%%。",
                                               t->month, t->day, v->progress.num, v->progress.num,
                                               v->progress.den, pct));
    else
        g_ptr_array_add(notes, g_strdup_printf("序时进度按月计算：%d月为%" G_GINT64_FORMAT "/%"
                                               G_GINT64_FORMAT "＝%s%%（当月按整月计）。",
                                               t->month, v->progress.num, v->progress.den, pct));
    char *yellow = gy_fmt_ratio(v->yellow, 100, 2, true);
    g_ptr_array_add(notes, g_strdup_printf(
        "预警：完成率达到或超过序时进度的为绿色，标“▲”；低于序时进度%s个百分点以内的为黄色，标"
        "“●”；低于%s个百分点以上的为红色，标“▼”。“—”表示未下达目标，不计算完成率和排名。",
        yellow, yellow));
    g_free(yellow);
    g_ptr_array_add(notes, g_strdup("完成率＝累计÷年度目标×100%；与序时进度差＝完成率－序时进度"
                                    "（个百分点）；同比＝（累计－上年同期累计）÷上年同期累计×100%，"
                                    "上年同期为0时不计算。以上均为公式，单元格中另存计算结果。"));
    g_ptr_array_add(notes, g_strdup_printf(
        "排名按完成率由高到低，完成率相同的并列（如1、2、2、4），合计不参加排名；%s。",
        v->rank_units ? "没有行政区划代码的统计单位（如高新区）参加排名"
                      : "没有行政区划代码的统计单位（如高新区）不参加排名"));
    g_ptr_array_add(notes, g_strdup_printf("人数、实体数为去重计数，合计不等于各%s相加（跨%s重复"
                                           "的只计一次），为直接计算值；笔数、金额、带动就业人数的合计为"
                                           "求和公式。", rows_word(v), row_short(v)));
    if (partial_any)
        g_ptr_array_add(notes, g_strdup_printf("%s。", partial->str));
    g_string_free(partial, TRUE);
    bool gap_done[GY_COVER__KINDS] = { false };
    for (size_t k = 0; k < v->n_parts; k++) {
        gy_ind ind = v->parts[k].indicator->ind;
        int kind = gy_cover_kind_of(ind);
        bool own = (unsigned)ind >= GY_IND__COUNT;     /* another list's dates */
        if ((own || !gap_done[kind]) && month_uncovered(t, ind, GY_MONTH(t->year, t->month))) {
            char *note = gap_note(t, ind, "当月下的");
            bool said = false;          /* two indicators of one list and date: one note */
            for (guint i = 0; i < notes->len; i++)
                said = said || strcmp(g_ptr_array_index(notes, i), note) == 0;
            if (said)
                g_free(note);
            else
                g_ptr_array_add(notes, note);
        }
        gap_done[kind] = gap_done[kind] || !own;
    }
    if (part->len)
        g_ptr_array_add(notes, g_strdup_printf("※%s。", part->str));
    char *d0 = g_strdup_printf("%d年1月1日", t->year - 1);
    if (v->has_prev)
        g_ptr_array_add(notes, g_strdup_printf("上年同期为%s至%d月%d日。", d0, t->month,
                                               t->month == 2 && t->day == 29 ? 28 : t->day));
    else
        g_ptr_array_add(notes, g_strdup_printf("输入数据不含%s起的上年记录，上年同期累计和同比"
                                               "不列示（“—”）。", d0));
    g_free(d0);
    common_notes(t, notes, NULL);
    r = finish(s, t, notes);
    if (r != GY_OK)
        goto out;

    /* the indicator column: eight characters a line (only widening: the 注 row heights
     * sheet.c computed stay sufficient) */
    lxw_worksheet *ws = gy_sheet_worksheet(s);
    double stub = 16 * t->style->header_size * 96.0 / 144.0 / 7.0 + 2;
    if (col_width(ws, OV_IND) < stub)
        worksheet_set_column(ws, OV_IND, OV_IND, stub, NULL);
    r = page_breaks(t, ws);
out:
    g_string_free(part, TRUE);
    g_free(group_now);
    g_free(month_l);
    g_free(group_prev);
    return r;
}

/* ---- one sheet per indicator: the months ---- */

enum { DT_COUNTY, DT_TARGET, DT_MONTH1, DT_YTD = DT_MONTH1 + 12, DT_RATE, DT__COUNT };

static gy_error detail_row(track_ctx *t, gy_sheet *s, uint32_t top, const gy_track_part *p,
                           size_t i)
{
    const gy_track_cell *c = &p->cells[i];
    gy_ind ind = p->indicator->ind;
    bool money = gy_ind_is_money(ind), distinct = ind_distinct(t, ind);
    gy_cell kind = money ? GY_CELL_WAN : GY_CELL_COUNT;
    const gy_table *m = t->v->months;
    size_t n_m = m->n_cols;
    uint32_t row = row_of(t, top, i);
    gy_error r = gy_sheet_text(s, row, DT_COUNTY, county_label(t, i), GY_CELL_LABEL);
    if (r == GY_OK)
        r = put_target(t, s, top, i, DT_TARGET, c, ind);
    for (size_t k = 0; r == GY_OK && k < 12; k++) {
        uint32_t col = DT_MONTH1 + (uint32_t)k;
        if (k < n_m && *gy_table_at(m, ind, i, k) == 0 && month_uncovered(t, ind, m->col_month[k]))
            r = gy_sheet_text(s, row, col, "—", GY_CELL_LABEL);   /* no record: not 0 */
        else if (k < n_m)
            r = put_figure(t, s, top, i, col, *gy_table_at(m, ind, i, k), ind, m->col_label[k]);
        else
            r = gy_sheet_text(s, row, col, "", GY_CELL_TEXT);   /* not yet */
    }
    if (r != GY_OK)
        return r;
    if (distinct)
        r = gy_sheet_value(s, row, DT_YTD, c->ytd, kind);
    else if (i == t->n)
        r = put_figure(t, s, top, i, DT_YTD, c->ytd, ind, "累计");
    else {
        int64_t got = 0;
        r = gy_sheet_sum(s, row, DT_YTD, row, DT_MONTH1, row, DT_MONTH1 + (uint32_t)n_m - 1, kind,
                         &got);
        if (r == GY_OK && got != c->ytd) {
            g_set_error(t->err, GY_ERROR, GY_E_USAGE,
                        "%s: %s: 累计 is %" G_GINT64_FORMAT " but the months add up to %"
                        G_GINT64_FORMAT, gy_sheet_name(s), county_label(t, i), c->ytd, got);
            return GY_E_USAGE;
        }
    }
    if (r == GY_OK)
        r = put_completion(t, s, row, DT_RATE, DT_TARGET, DT_YTD, c, money);
    return r;
}

static gy_error write_detail(track_ctx *t, const gy_track_part *p)
{
    const gy_indicator *ind = p->indicator;
    char *group = g_strdup_printf("%d年", t->year);
    char *ytd_l = g_strdup_printf("%s累计", t->period);
    char *labels[12];
    gy_col cols[DT__COUNT];
    cols[DT_COUNTY] = (gy_col){ NULL, t->v->row_head ? t->v->row_head : "县（市、区）",
                                GY_CELL_LABEL };
    cols[DT_TARGET] = (gy_col){ NULL, "年度目标", GY_CELL_COUNT };
    GString *part = g_string_new(NULL);   /* months covered in part: ※ */
    for (int k = 0; k < 12; k++) {
        bool partly = (size_t)k < t->v->months->n_cols &&
                      month_partly(t, ind->ind, t->v->months->col_month[k], NULL, part);
        labels[k] = g_strdup_printf("%d月%s", k + 1, partly ? "※" : "");
        cols[DT_MONTH1 + k] = (gy_col){ group, labels[k], GY_CELL_COUNT };
    }
    cols[DT_YTD] = (gy_col){ group, ytd_l, GY_CELL_COUNT };
    cols[DT_RATE] = (gy_col){ NULL, "完成率（%）", GY_CELL_RATE };
    char *title = g_strdup_printf("%s%d年%s月度完成情况", t->v->region_label ? t->v->region_label : "",
                                  t->year, ind->name);
    char *unit = g_strdup_printf("%s，%%", ind->unit);
    gy_sheet_spec spec = { title, t->v->filler, unit, cols, DT__COUNT, 1 };
    gy_sheet *s = gy_book_add_sheet(t->book, ind->short_name);
    gy_error r = s ? gy_sheet_begin(s, &spec, t->err)
                    : gy_book_sheet_failed(t->book, ind->short_name, t->err);
    g_free(title);
    g_free(unit);
    for (size_t i = 0; r == GY_OK && i <= t->n; i++)
        r = detail_row(t, s, gy_sheet_body_row(s), p, i);
    if (r != GY_OK) {
        if (t->err && !*t->err)
            g_set_error(t->err, GY_ERROR, r, "%s: cannot write the table", ind->short_name);
        goto out;
    }
    GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);
    if (gy_indicator_is_declared(ind)) {
        char *d = gy_decl_spec_describe(ind->decl, ind->decl->kind_label);
        g_ptr_array_add(notes, g_strdup_printf("口径：%s", d));
        g_free(d);
    } else
        g_ptr_array_add(notes, g_strdup_printf("口径：%s", definition[ind->ind]));
    if (ind_distinct(t, ind->ind))
        g_ptr_array_add(notes, g_strdup_printf("去重计数：合计不等于各%s相加，累计也不等于各月"
                                               "相加（跨%s、跨月重复出现的只计一次），均为直接计算值。",
                                               rows_word(t->v), row_short(t->v)));
    else
        g_ptr_array_add(notes, g_strdup_printf("合计＝各%s之和，累计＝各月之和，均为求和公式。",
                                               rows_word(t->v)));
    g_ptr_array_add(notes, g_strdup("完成率＝累计÷年度目标×100%，底色和符号同“总览”表；"
                                    "“—”表示未下达目标。"));
    bool gaps = false;
    for (size_t k = 0; k < t->v->months->n_cols; k++)
        gaps = gaps || month_uncovered(t, ind->ind, t->v->months->col_month[k]);
    if (gaps)
        g_ptr_array_add(notes, gap_note(t, ind->ind, "月份下的"));
    if (part->len)
        g_ptr_array_add(notes, g_strdup_printf("※%s。", part->str));
    common_notes(t, notes, ind);
    r = finish(s, t, notes);
out:
    g_string_free(part, TRUE);
    for (int k = 0; k < 12; k++)
        g_free(labels[k]);
    g_free(group);
    g_free(ytd_l);
    return r;
}

/* ---- one chartsheet per indicator ---- */

static gy_error write_chart(track_ctx *t, size_t k, GHashTable *taken)
{
    const gy_track_part *p = &t->v->parts[k];
    char *want = g_strdup_printf("图-%s", p->indicator->short_name);
    char *name = gy_sheet_legal_name(want, taken);
    g_free(want);
    g_hash_table_add(taken, g_utf8_casefold(name, -1));
    lxw_chartsheet *cs = workbook_add_chartsheet(t->wb, name);
    lxw_chart *ch = cs ? workbook_add_chart(t->wb, LXW_CHART_COLUMN) : NULL;
    if (!ch) {
        g_set_error(t->err, GY_ERROR, GY_E_USAGE, "%s: cannot add the chartsheet", name);
        g_free(name);
        return GY_E_USAGE;
    }
    g_free(name);
    lxw_row_t r0 = first_county_row(t, t->top[k]), r1 = r0 + (lxw_row_t)t->n - 1;

    lxw_chart_series *rate = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(rate, "总览", r0, OV_COUNTY, r1, OV_COUNTY);
    chart_series_set_values(rate, "总览", r0, OV_RATE, r1, OV_RATE);
    chart_series_set_name(rate, "完成率");
    chart_series_set_labels(rate);
    chart_series_set_labels_num_format(rate, "0.0");
    lxw_chart_font label_font = { .name = t->style->body_font, .size = 9 };
    chart_series_set_labels_font(rate, &label_font);
    /* each county's column in its warning colour */
    lxw_chart_fill *fills = g_new0(lxw_chart_fill, t->n);
    lxw_chart_point *points = g_new0(lxw_chart_point, t->n);
    lxw_chart_point **pp = g_new0(lxw_chart_point *, t->n + 1);
    for (size_t i = 0; i < t->n; i++) {
        fills[i].color = level_look[p->cells[i].level].bar;
        points[i].fill = &fills[i];
        pp[i] = &points[i];
    }
    gy_error r = from_lxw(chart_series_set_points(rate, pp));
    g_free(pp);
    g_free(points);
    g_free(fills);

    /* 序时进度: an invisible series of the 序时进度 cells drawn as a flat trend line across the
     * plot (libxlsxwriter 1.1 cannot combine a column and a line chart) */
    lxw_chart_series *prog = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(prog, "总览", r0, OV_COUNTY, r1, OV_COUNTY);
    chart_series_set_values(prog, "总览", r0, OV_PROG, r1, OV_PROG);
    chart_series_set_name(prog, "序时进度");
    lxw_chart_fill no_fill = { .none = 1 };
    lxw_chart_line no_line = { .none = 1 };
    chart_series_set_fill(prog, &no_fill);
    chart_series_set_line(prog, &no_line);
    chart_series_set_trendline(prog, LXW_CHART_TRENDLINE_TYPE_LINEAR, 0);
    chart_series_set_trendline_forecast(prog, 0.5, 0.5);
    char pct[GY_HUNDREDTHS_BUFSZ];
    gy_ratio_percent_text(t->v->progress, pct);
    char *tl_name = g_strdup_printf("序时进度%s%%", pct);
    chart_series_set_trendline_name(prog, tl_name);
    g_free(tl_name);
    lxw_chart_line tl = { .color = 0xC00000, .width = 2.0, .dash_type = LXW_CHART_LINE_DASH_DASH };
    chart_series_set_trendline_line(prog, &tl);
    chart_set_series_overlap(ch, 100);
    chart_set_series_gap(ch, 60);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);

    /* libxlsxwriter takes a title that begins with '=' for a formula (a reference to a cell);
     * the region's name comes from the division table or the config, so such a title keeps
     * its text behind an apostrophe, as a CSV field would */
    const char *region = t->v->region_label ? t->v->region_label : "";
    char *title = g_strdup_printf("%s%s%d年%s%s目标完成率", region[0] == '=' ? "'" : "", region,
                                  t->year, t->period, p->indicator->short_name);
    chart_title_set_name(ch, title);
    g_free(title);
    lxw_chart_font title_font = { .name = t->style->header_font, .size = 16 };
    chart_title_set_name_font(ch, &title_font);
    char *yellow = gy_fmt_ratio(t->v->yellow, 100, 2, true);
    char *legend = g_strdup_printf("红色虚线：序时进度%s%%　　绿色：达到或超过序时进度　　黄色：低于序时"
                                   "进度%s个百分点以内　　红色：低于%s个百分点以上　　无柱：未下达目标",
                                   pct, yellow, yellow);
    g_free(yellow);
    chart_axis_set_name(ch->x_axis, legend);
    g_free(legend);
    lxw_chart_font axis_font = { .name = t->style->body_font, .size = 10 };
    chart_axis_set_name_font(ch->x_axis, &axis_font);
    chart_axis_set_num_font(ch->x_axis, &axis_font);
    chart_axis_set_num_font(ch->y_axis, &axis_font);
    chart_axis_set_name(ch->y_axis, "完成率（%）");
    lxw_chart_font y_name_font = { .name = t->style->body_font, .size = 10, .rotation = -90 };
    chart_axis_set_name_font(ch->y_axis, &y_name_font);
    chart_axis_set_min(ch->y_axis, 0);
    chart_axis_set_num_format(ch->y_axis, "0");
    if (r == GY_OK)
        r = from_lxw(chartsheet_set_chart(cs, ch));
    chartsheet_set_paper(cs, (uint8_t)t->style->paper);
    if (t->style->landscape)
        chartsheet_set_landscape(cs);
    else
        chartsheet_set_portrait(cs);
    if (r != GY_OK)
        g_set_error(t->err, GY_ERROR, r, "chart of %s: cannot set it up", p->indicator->name);
    return r;
}

/* ---- the workbook ---- */

static size_t strv_len(const char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

static const char *check_view(const gy_track_view *v)
{
    if (!v || !v->county_names || !v->county_codes || !v->months || !v->parts || v->n_parts == 0)
        return "missing counties, months or parts";
    size_t n = strv_len(v->county_names);
    if (n == 0 || strv_len(v->county_codes) != n)
        return "county names and codes differ in number";
    if (v->as_of == GY_NO_DAY || !gy_ratio_defined(v->progress))
        return "no as-of date or 序时进度";
    const gy_table *m = v->months;
    int y, mo, d;
    gy_day_to_ymd(v->as_of, &y, &mo, &d);
    if (m->grain != GY_GRAIN_MONTH || m->n_rows != n + 1 || m->n_cols != (size_t)mo
        || m->col_month[0] != GY_MONTH(y, 1))
        return "the monthly table must run from January to the as-of month, one row per county";
    for (size_t k = 0; k < v->n_parts; k++)
        if (!v->parts[k].indicator || !v->parts[k].cells)
            return "a part without indicator or cells";
    return NULL;
}

gy_error gy_workbook_track_write(const char *path, const gy_track_view *v, GError **err)
{
    const char *why = check_view(v);
    if (why) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, "tracking workbook: %s", why);
        return GY_E_USAGE;
    }
    track_ctx t = { .v = v, .err = err };
    t.n = strv_len(v->county_names);
    gy_day_to_ymd(v->as_of, &t.year, &t.month, &t.day);
    t.month_end = t.day == g_date_get_days_in_month((GDateMonth)t.month, (GDateYear)t.year);
    t.period = t.month == 1 ? g_strdup("1月") : g_strdup_printf("1—%d月", t.month);
    t.style = v->style ? gy_style_copy(v->style) : gy_style_new();
    t.top = g_new0(uint32_t, v->n_parts);
    char *doc_title = g_strdup_printf("%s%d年返乡创业目标任务完成情况",
                                      v->region_label ? v->region_label : "", t.year);
    gy_book_props props = {
        .title = doc_title,
        .subject = "返乡创业目标任务完成情况",
        .company = v->filler,
        .comments = v->generator ? v->generator : "guiyan",
        .created = v->as_of,
    };
    gy_error r = GY_OK;
    t.book = gy_book_new(path, t.style, &props, err);
    g_free(doc_title);
    if (!t.book) {
        r = gy_error_of(err, GY_E_IO);
        goto done;
    }
    t.wb = gy_book_workbook(t.book);
    make_formats(&t);
    r = write_overview(&t);
    for (size_t k = 0; r == GY_OK && k < v->n_parts; k++)
        r = write_detail(&t, &v->parts[k]);
    GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t k = 0; r == GY_OK && k < v->n_parts; k++)
        r = write_chart(&t, k, taken);
    g_hash_table_destroy(taken);
    if (r != GY_OK) {
        gy_book_fail(t.book, r, err);
        goto done;
    }
    r = gy_book_close(t.book, err);
done:
    g_free(t.top);
    g_free(t.period);
    gy_style_free(t.style);
    return r;
}
