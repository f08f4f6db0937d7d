/* explain.c — provenance of a reply's figures: definitions, periods, filters and the records
 * behind each figure, as CSV and as a workbook. */
#include <inttypes.h>
#include <string.h>

#include "guiyan/explain.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/error.h"
#include "guiyan/report.h"

/* What each indicator counts (the 口径), and the date that places a record in a period. */
static const struct {
    const char *definition;
    const char *date_basis;
} defs[GY_IND__COUNT] = {
    [GY_IND_STARTUPS] = { "创业时间在统计期内的不重复人数（按公民身份号码识别同一人，15位号码"
                          "升为18位后比对；同一人在期内多次创业只计1人）", "创业时间" },
    [GY_IND_ENTITIES] = { "统计期内创业记录所办的不重复经济实体数（有有效统一社会信用代码的按代码"
                          "识别，否则按县（市、区）＋实体名称识别；没有实体名称的记录不计）",
                          "创业时间" },
    [GY_IND_LOANS] = { "贷款发放日期在统计期内、贷款金额大于0的创业担保贷款笔数", "贷款发放日期" },
    [GY_IND_LOAN_AMOUNT] = { "贷款发放日期在统计期内的创业担保贷款金额之和（按分精确求和，"
                             "成文时四舍五入）", "贷款发放日期" },
    [GY_IND_JOBS] = { "创业时间在统计期内的记录所填带动（吸纳）就业人数之和", "创业时间" },
    [GY_IND_OUTPUT] = { "创业时间在统计期内的记录所填年产值之和（按分精确求和，成文时四舍五入）",
                        "创业时间" },
};

/* Said of every figure: how rows become records. */
static const char COMMON_RULE[] =
    "各文件中身份证号码、创业时间、实体名称、贷款金额、贷款发放日期均相同的重复行只计一次；"
    "不合格行不计入；创业时间只写到月（如2021年6月）的记录计入该月，统计期起止日在月中时该月的"
    "这类记录不计入";

static const char *const KIND_NAME[] = {
    [GY_FIG_PROSE] = "文字", [GY_FIG_NUMBER] = "数", [GY_FIG_SHARE] = "占全域比重",
    [GY_FIG_YOY] = "同比", [GY_FIG_DELTA] = "比上年同期增减",
};

/* One record behind a figure, as much as the listing shows. */
typedef struct xrec {
    uint64_t person;
    gy_day start, loan_day;
    gy_fen loan, output;
    int64_t jobs;
    uint32_t county, file, line;
    bool other;            /* a record of another list: no start, loan, jobs or output */
} xrec;

struct gy_explain {
    const gy_tpl *t;
    const gy_cube *c;
    GPtrArray *files;      /* char *, owned */
    GArray **recs;         /* [2 * figure + base]: xrec */
    size_t n;
    GString **notes;       /* per figure: gy_explain_note's, or NULL */
};

const char *gy_explain_definition(gy_ind ind)
{
    return (unsigned)ind < GY_IND__COUNT ? defs[ind].definition : "";
}

static void collect(const gy_record *r, void *user)
{
    xrec x = { r->person, r->start, r->loan_day, r->loan, r->output, r->jobs,
               r->county, r->file, r->line, false };
    g_array_append_val((GArray *)user, x);
}

gy_explain *gy_explain_new(const gy_tpl *t, const gy_cube *c, const char *const *files,
                           size_t n_files)
{
    gy_explain *x = g_new0(gy_explain, 1);
    x->t = t;
    x->c = c;
    x->files = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < n_files; i++)
        g_ptr_array_add(x->files, g_strdup(files[i]));
    x->n = gy_tpl_n_figures(t);
    x->recs = g_new0(GArray *, 2 * x->n + 1);
    for (size_t i = 0; i < x->n; i++) {
        const gy_figure *f = gy_tpl_figure(t, i);
        for (int b = 0; b < 2; b++) {
            GArray *a = g_array_new(FALSE, FALSE, sizeof(xrec));
            x->recs[2 * i + (size_t)b] = a;
            if (f->ind == GY_IND__COUNT)
                continue;       /* a declared list's records are not the cube's */
            if (b == 0)
                gy_cube_each(c, f->ind, f->county, f->from, f->to, collect, a);
            else if (f->has_base)
                gy_cube_each(c, f->ind, f->base_county, f->base_from, f->base_to, collect, a);
        }
    }
    return x;
}

void gy_explain_add_record(gy_explain *x, size_t i, bool base, const char *file,
                           unsigned long line, uint64_t person, uint32_t county)
{
    if (i >= x->n)
        return;
    guint f = 0;
    while (f < x->files->len && strcmp(g_ptr_array_index(x->files, f), file) != 0)
        f++;
    if (f == x->files->len)
        g_ptr_array_add(x->files, g_strdup(file));
    xrec r = { person, GY_NO_DAY, GY_NO_DAY, 0, 0, 0, county, f, (uint32_t)line, true };
    g_array_append_val(x->recs[2 * i + (base ? 1 : 0)], r);
}

void gy_explain_free(gy_explain *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < 2 * x->n; i++)
        g_array_free(x->recs[i], TRUE);
    g_free(x->recs);
    for (size_t i = 0; x->notes && i < x->n; i++)
        if (x->notes[i])
            g_string_free(x->notes[i], TRUE);
    g_free(x->notes);
    g_ptr_array_free(x->files, TRUE);
    g_free(x);
}

size_t gy_explain_n_figures(const gy_explain *x) { return x->n; }

size_t gy_explain_n_records(const gy_explain *x, size_t i, bool base)
{
    if (i < x->n && !base && gy_tpl_figure(x->t, i)->ind == GY_IND__COUNT)
        return gy_tpl_figure(x->t, i)->n_records;
    return i < x->n ? x->recs[2 * i + (base ? 1 : 0)]->len : 0;
}

/* ---- the words of a row ---- */

static char *iso(gy_day d)
{
    char b[11];
    gy_day_format(d, b);
    return g_strdup(b);
}

/* "reply_cppcc.txt:21:20": the template's file name, so that the files do not depend on the
 * folder the template was read from. */
static char *where(const gy_explain *x, const gy_figure *f)
{
    char *base = g_path_get_basename(gy_tpl_origin(x->t));
    char *out = g_strdup_printf("%s:%u:%u", base, f->line, f->col);
    g_free(base);
    return out;
}

static const char *scope_name(const gy_explain *x, size_t county)
{
    const gy_region *rg = gy_cube_region(x->c);
    return county == GY_ALL ? gy_region_label(rg) : gy_region_name(rg, county);
}

/* 筛选条件: "创业时间在2020-01-01至2020-12-31之间；县（市、区）：全部（乐山市）" … */
static char *filters(const gy_explain *x, const gy_figure *f, gy_day from, gy_day to,
                     size_t county)
{
    GString *s = g_string_new(NULL);
    char *a = iso(from), *b = iso(to);
    if (f->ind == GY_IND__COUNT) {
        const gy_decl_spec *sp = f->indicator->decl;
        if (from == GY_NO_DAY)
            g_string_append_printf(s, "%s不晚于%s", sp->date, b);
        else
            g_string_append_printf(s, "%s在%s至%s之间（含）", sp->date, a, b);
        for (size_t c = 0; c < sp->n_conds; c++) {
            char *vals = g_strjoinv("或", sp->conds[c].values);
            g_string_append_printf(s, "；%s为%s", sp->conds[c].field, vals);
            g_free(vals);
        }
    } else {
    if (f->ind == GY_IND_LOANS || f->ind == GY_IND_LOAN_AMOUNT)
        g_string_append(s, "贷款金额大于0；");
    if (from == GY_NO_DAY)
        g_string_append_printf(s, "%s不晚于%s", defs[f->ind].date_basis, b);
    else
        g_string_append_printf(s, "%s在%s至%s之间（含）", defs[f->ind].date_basis, a, b);
    if (f->ind == GY_IND_ENTITIES)
        g_string_append(s, "；有经济实体");
    }
    const char *rows = gy_region_row_head(gy_cube_region(x->c));    /* or 乡镇（街道） */
    if (county == GY_ALL)
        g_string_append_printf(s, "；%s：%s全部", rows, scope_name(x, county));
    else
        g_string_append_printf(s, "；%s：%s", rows, scope_name(x, county));
    g_free(a);
    g_free(b);
    return g_string_free(s, FALSE);
}

/* The exact figure: a whole number, or 万元 with four decimals for money. */
static void exact(GString *s, const gy_figure *f, int64_t v)
{
    if (gy_ind_is_money(f->ind))
        gy_fen_wan4(s, v);
    else
        g_string_append_printf(s, "%" PRId64, v);
}

static const char *unit_of(const gy_figure *f)
{
    if (gy_ind_is_money(f->ind))
        return "万元";
    return f->indicator ? f->indicator->unit : f->measure;
}

static const char *file_name(const gy_explain *x, uint32_t file, char buf[16])
{
    if (file < x->files->len)
        return g_ptr_array_index(x->files, file);
    g_snprintf(buf, 16, "#%u", file);
    return buf;
}

static void masked_id(uint64_t person, char out[19])
{
    char id[19];
    gy_id_from_key(person, id);
    gy_id_mask(id, out);
}

/* ---- CSV ---- */

/* One row; the columns marked in `number` hold numbers guiyan formatted, the rest text. */
static void csv_row(GString *s, const char *const *cells, size_t n, const bool *number)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            g_string_append_c(s, ',');
        if (number && number[i])
            gy_csv_number(s, cells[i] ? cells[i] : "");
        else
            gy_csv_text(s, cells[i] ? cells[i] : "");
    }
    g_string_append(s, "\r\n");
}

static const char *const FIG_HEAD[] = {
    "序号", "位置", "占位符", "文中表述", "指标", "指标键", "写法", "口径", "日期依据", "起始日期",
    "截止日期", "统计期间", "范围", "筛选条件", "数值", "单位", "记录数", "说明", "对比期间",
    "对比范围", "对比数值", "对比记录数",
};

static const char *const REC_HEAD[] = {
    "序号", "位置", "用途", "文件", "行号", "身份证号码（脱敏）", "县（市、区）", "创业时间",
    "贷款发放日期", "贷款金额（万元）", "带动就业人数", "年产值（万元）",
};

/* the numeric columns: 序号, 数值, 记录数, 对比数值, 对比记录数; 序号, 行号 and the amounts */
static const bool FIG_NUMBER[G_N_ELEMENTS(FIG_HEAD)] = {
    [0] = true, [14] = true, [16] = true, [20] = true, [21] = true,
};
static const bool REC_NUMBER[G_N_ELEMENTS(REC_HEAD)] = {
    [0] = true, [4] = true, [9] = true, [10] = true, [11] = true,
};

/* The cells of figure i's row (strings newly allocated into `own`). */
static void figure_cells(const gy_explain *x, size_t i, const char **cells, GPtrArray *own)
{
    const gy_figure *f = gy_tpl_figure(x->t, i);
#define OWN(e) (g_ptr_array_add(own, (e)), (const char *)g_ptr_array_index(own, own->len - 1))
    GString *v = g_string_new(NULL), *bv = g_string_new(NULL);
    exact(v, f, f->value);
    if (f->has_base)
        exact(bv, f, f->base);
    size_t nrec = gy_explain_n_records(x, i, false);
    const char *note = "";
    if (gy_ind_is_distinct(f->ind))
        note = OWN(g_strdup_printf("%zu条记录中不重复的%s数为%" PRId64 "（同一%s有多条记录时只计1）",
                                   nrec, f->ind == GY_IND_STARTUPS ? "人" : "实体", f->value,
                                   f->ind == GY_IND_STARTUPS ? "人" : "实体"));
    bool decl = f->ind == GY_IND__COUNT;
    if (decl && (f->indicator->decl->measure == GY_DM_PERSONS || f->indicator->decl->measure == GY_DM_DISTINCT))
        note = OWN(g_strdup_printf("%zu条记录中不重复的数为%" PRId64 "（同一%s有多条记录时只计1）", nrec,
                                   f->value, f->indicator->decl->measure == GY_DM_PERSONS ? "人"
                                                                                       : "值"));
    if (decl && f->missing)
        note = OWN(g_strdup_printf("输入中没有%s，未计算", f->missing));
    size_t k = 0;
    cells[k++] = OWN(g_strdup_printf("%zu", i + 1));
    cells[k++] = OWN(where(x, f));
    cells[k++] = f->source;
    cells[k++] = f->text;
    cells[k++] = f->indicator ? f->indicator->name : f->name;
    cells[k++] = decl ? f->indicator->key : gy_ind_key(f->ind);
    cells[k++] = KIND_NAME[f->kind];
    cells[k++] = decl ? OWN(gy_decl_spec_describe(f->indicator->decl, f->indicator->decl->kind_label))
                      : OWN(g_strdup_printf("%s。%s", defs[f->ind].definition, COMMON_RULE));
    cells[k++] = decl ? f->indicator->decl->date : defs[f->ind].date_basis;
    cells[k++] = OWN(iso(f->from));
    cells[k++] = OWN(iso(f->to));
    cells[k++] = f->period_label;
    cells[k++] = f->scope_label;
    cells[k++] = OWN(filters(x, f, f->from, f->to, f->county));
    cells[k++] = OWN(g_string_free(v, FALSE));
    cells[k++] = unit_of(f);
    cells[k++] = OWN(g_strdup_printf("%zu", nrec));
    if (x->notes && x->notes[i])
        note = OWN(g_strconcat(note, *note ? "；" : "", x->notes[i]->str, NULL));
    cells[k++] = note;
    cells[k++] = f->has_base ? f->base_label : "";
    cells[k++] = f->has_base ? scope_name(x, f->base_county) : "";
    cells[k++] = OWN(g_string_free(bv, FALSE));
    cells[k++] = f->has_base ? OWN(g_strdup_printf("%zu", gy_explain_n_records(x, i, true))) : "";
#undef OWN
}

/* The cells of one record row. buf holds the strings (reused per row). */
typedef struct rec_cells {
    char no[24], line[16], id[19], start[11], loan_day[11], jobs[24], filebuf[16];
    GString *loan, *output;
} rec_cells;

static void record_cells(const gy_explain *x, size_t i, bool base, const xrec *r, const char *pos,
                         rec_cells *b, const char **cells)
{
    g_snprintf(b->no, sizeof b->no, "%zu", i + 1);
    g_snprintf(b->line, sizeof b->line, "%u", r->line);
    masked_id(r->person, b->id);
    gy_day_format(r->start, b->start);
    gy_day_format(r->loan > 0 ? r->loan_day : GY_NO_DAY, b->loan_day);
    g_snprintf(b->jobs, sizeof b->jobs, "%" PRId64, r->jobs);
    g_string_truncate(b->loan, 0);
    g_string_truncate(b->output, 0);
    if (r->loan > 0)
        gy_fen_wan4(b->loan, r->loan);
    if (r->other)
        b->jobs[0] = '\0';
    else
        gy_fen_wan4(b->output, r->output);
    if (r->other && !r->person)
        b->id[0] = '\0';
    size_t k = 0;
    cells[k++] = b->no;
    cells[k++] = pos;
    cells[k++] = base ? "对比基数" : "本数字";
    cells[k++] = file_name(x, r->file, b->filebuf);
    cells[k++] = b->line;
    cells[k++] = b->id;
    cells[k++] = r->county < gy_region_count(gy_cube_region(x->c))
                     ? gy_region_name(gy_cube_region(x->c), r->county) : "";
    cells[k++] = b->start;
    cells[k++] = b->loan_day;
    cells[k++] = b->loan->str;
    cells[k++] = b->jobs;
    cells[k++] = b->output->str;
}

void gy_explain_note(gy_explain *x, size_t i, const char *text)
{
    if (i >= x->n)
        return;
    if (!x->notes)
        x->notes = g_new0(GString *, x->n);
    if (!x->notes[i])
        x->notes[i] = g_string_new(text);
    else
        g_string_append_printf(x->notes[i], "；%s", text);
}

void gy_explain_csv(const gy_explain *x, GString *figures, GString *records)
{
    const char *cells[G_N_ELEMENTS(FIG_HEAD)];
    if (figures) {
        g_string_append(figures, "\xef\xbb\xbf");
        csv_row(figures, FIG_HEAD, G_N_ELEMENTS(FIG_HEAD), NULL);
        for (size_t i = 0; i < x->n; i++) {
            GPtrArray *own = g_ptr_array_new_with_free_func(g_free);
            figure_cells(x, i, cells, own);
            csv_row(figures, cells, G_N_ELEMENTS(FIG_HEAD), FIG_NUMBER);
            g_ptr_array_free(own, TRUE);
        }
    }
    if (records) {
        rec_cells b = { .loan = g_string_new(NULL), .output = g_string_new(NULL) };
        const char *rc[G_N_ELEMENTS(REC_HEAD)];
        g_string_append(records, "\xef\xbb\xbf");
        csv_row(records, REC_HEAD, G_N_ELEMENTS(REC_HEAD), NULL);
        for (size_t i = 0; i < x->n; i++) {
            char *pos = where(x, gy_tpl_figure(x->t, i));
            for (int base = 0; base < 2; base++) {
                const GArray *a = x->recs[2 * i + (size_t)base];
                for (guint k = 0; k < a->len; k++) {
                    record_cells(x, i, base, &g_array_index(a, xrec, k), pos, &b, rc);
                    csv_row(records, rc, G_N_ELEMENTS(REC_HEAD), REC_NUMBER);
                }
            }
            g_free(pos);
        }
        g_string_free(b.loan, TRUE);
        g_string_free(b.output, TRUE);
    }
}

gy_error gy_explain_write_csv(const gy_explain *x, const char *figures_path,
                              const char *records_path, GError **err)
{
    GString *f = g_string_new(NULL), *r = g_string_new(NULL);
    gy_explain_csv(x, f, r);
    gy_error e = gy_output_write(figures_path, f->str, f->len, err);
    if (e == GY_OK)
        e = gy_output_write_private(records_path, r->str, r->len, err);
    g_string_free(f, TRUE);
    g_string_free(r, TRUE);
    return e;
}

/* ---- workbook ---- */

/* Columns of 数字来源 (indexes into FIG_HEAD) and how their cells look. */
static const struct {
    size_t src;
    gy_cell kind;
} FIG_XLSX[] = {
    { 0, GY_CELL_LABEL }, { 1, GY_CELL_TEXT }, { 3, GY_CELL_TEXT }, { 4, GY_CELL_TEXT },
    { 7, GY_CELL_WRAP }, { 11, GY_CELL_TEXT }, { 12, GY_CELL_TEXT }, { 13, GY_CELL_WRAP },
    { 14, GY_CELL_COUNT }, { 15, GY_CELL_LABEL }, { 16, GY_CELL_COUNT }, { 17, GY_CELL_WRAP },
    { 18, GY_CELL_TEXT }, { 20, GY_CELL_COUNT }, { 21, GY_CELL_COUNT },
};

static gy_error write_figures(const gy_explain *x, gy_book *bk, const gy_explain_book *o,
                              GError **err)
{
    gy_col cols[G_N_ELEMENTS(FIG_XLSX)];
    for (size_t k = 0; k < G_N_ELEMENTS(FIG_XLSX); k++)
        cols[k] = (gy_col){ NULL, FIG_HEAD[FIG_XLSX[k].src], FIG_XLSX[k].kind };
    gy_sheet_spec spec = { "答复稿数字来源", o->filler, NULL, cols, G_N_ELEMENTS(cols), 1 };
    gy_sheet *s = gy_book_add_sheet(bk, "数字来源");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(bk, "数字来源", err);
    uint32_t row = s ? gy_sheet_body_row(s) : 0;
    const char *cells[G_N_ELEMENTS(FIG_HEAD)];
    for (size_t i = 0; r == GY_OK && i < x->n; i++, row++) {
        const gy_figure *f = gy_tpl_figure(x->t, i);
        GPtrArray *own = g_ptr_array_new_with_free_func(g_free);
        figure_cells(x, i, cells, own);
        for (size_t k = 0; r == GY_OK && k < G_N_ELEMENTS(FIG_XLSX); k++) {
            uint32_t col = (uint32_t)k;
            size_t src = FIG_XLSX[k].src;
            gy_cell kind = FIG_XLSX[k].kind;
            if (src == 14)
                r = gy_sheet_value(s, row, col, f->value,
                                   gy_ind_is_money(f->ind) ? GY_CELL_WAN : GY_CELL_COUNT);
            else if (src == 20 && f->has_base)
                r = gy_sheet_value(s, row, col, f->base,
                                   gy_ind_is_money(f->ind) ? GY_CELL_WAN : GY_CELL_COUNT);
            else if (src == 16 || (src == 21 && f->has_base))
                r = gy_sheet_value(s, row, col,
                                   (int64_t)gy_explain_n_records(x, i, src == 21), GY_CELL_COUNT);
            else if (src == 0)
                r = gy_sheet_value(s, row, col, (int64_t)(i + 1), GY_CELL_COUNT);
            else
                r = gy_sheet_text(s, row, col, kind == GY_CELL_COUNT ? "" : cells[src],
                                  kind == GY_CELL_COUNT ? GY_CELL_TEXT : kind);
        }
        g_ptr_array_free(own, TRUE);
    }
    const char *notes[] = {
        "数值为精确值（金额单位万元）；“文中表述”是答复稿中写出的数字，四舍五入（或按模板要求的约、余、多）。",
        "每个数字所依据的记录见“记录明细”表和 explain_records.csv；身份证号码已脱敏。",
        COMMON_RULE,
        NULL,
    };
    gy_sheet_foot foot = { true, o->made_on, notes };
    if (r == GY_OK)
        r = gy_sheet_finish(s, &foot, err);
    if (r != GY_OK && err && !*err)
        g_set_error(err, GY_ERROR, r, "%s", _(gy_strerror(r)));
    return r;
}

static gy_error write_records(const gy_explain *x, gy_book *bk, const gy_explain_book *o,
                              GError **err)
{
    static const gy_cell kinds[G_N_ELEMENTS(REC_HEAD)] = {
        GY_CELL_COUNT, GY_CELL_TEXT, GY_CELL_LABEL, GY_CELL_TEXT, GY_CELL_COUNT, GY_CELL_TEXT,
        GY_CELL_TEXT, GY_CELL_LABEL, GY_CELL_LABEL, GY_CELL_WAN, GY_CELL_COUNT, GY_CELL_WAN,
    };
    gy_col cols[G_N_ELEMENTS(REC_HEAD)];
    for (size_t k = 0; k < G_N_ELEMENTS(REC_HEAD); k++)
        cols[k] = (gy_col){ NULL, REC_HEAD[k], kinds[k] };
    gy_sheet_spec spec = { "答复稿数字来源记录明细", o->filler, NULL, cols, G_N_ELEMENTS(cols), 3 };
    gy_sheet *s = gy_book_add_sheet(bk, "记录明细");
    gy_error r = s ? gy_sheet_begin(s, &spec, err)
                    : gy_book_sheet_failed(bk, "记录明细", err);
    uint32_t row = s ? gy_sheet_body_row(s) : 0;
    size_t listed = 0, total = 0;
    rec_cells b = { .loan = g_string_new(NULL), .output = g_string_new(NULL) };
    const char *rc[G_N_ELEMENTS(REC_HEAD)];
    for (size_t i = 0; r == GY_OK && i < x->n; i++) {
        char *pos = where(x, gy_tpl_figure(x->t, i));
        for (int base = 0; base < 2; base++) {
            const GArray *a = x->recs[2 * i + (size_t)base];
            total += a->len;
            for (guint k = 0; r == GY_OK && k < a->len; k++) {
                if (listed >= GY_EXPLAIN_XLSX_MAX_RECORDS)
                    break;
                const xrec *xr = &g_array_index(a, xrec, k);
                record_cells(x, i, base, xr, pos, &b, rc);
                r = gy_sheet_value(s, row, 0, (int64_t)(i + 1), GY_CELL_COUNT);
                for (uint32_t col = 1; r == GY_OK && col < G_N_ELEMENTS(REC_HEAD); col++) {
                    if (col == 4)
                        r = gy_sheet_value(s, row, col, xr->line, GY_CELL_COUNT);
                    else if (col == 9 && xr->loan > 0)
                        r = gy_sheet_value(s, row, col, xr->loan, GY_CELL_WAN);
                    else if (col == 9)
                        r = gy_sheet_text(s, row, col, "", GY_CELL_TEXT);
                    else if ((col == 10 || col == 11) && xr->other)
                        r = gy_sheet_text(s, row, col, "", GY_CELL_TEXT);
                    else if (col == 10)
                        r = gy_sheet_value(s, row, col, xr->jobs, GY_CELL_COUNT);
                    else if (col == 11)
                        r = gy_sheet_value(s, row, col, xr->output, GY_CELL_WAN);
                    else
                        r = gy_sheet_text(s, row, col, rc[col], kinds[col]);
                }
                row++;
                listed++;
            }
        }
        g_free(pos);
    }
    g_string_free(b.loan, TRUE);
    g_string_free(b.output, TRUE);
    char *more = listed < total
                     ? g_strdup_printf("记录共%zu条，本表列出前%zu条；完整清单见 explain_records.csv。",
                                       total, listed)
                     : NULL;
    const char *notes[] = {
        "序号对应“数字来源”表的序号；用途为“对比基数”的记录是占比、同比、增减所比较的数字的记录。",
        "人数、实体数是这些记录中不重复的人、实体个数，故可少于记录条数。",
        more, NULL,
    };
    gy_sheet_foot foot = { true, o->made_on, notes };
    if (r == GY_OK)
        r = gy_sheet_finish(s, &foot, err);
    g_free(more);
    if (r != GY_OK && err && !*err)
        g_set_error(err, GY_ERROR, r, "%s", _(gy_strerror(r)));
    return r;
}

gy_error gy_explain_write_xlsx(const gy_explain *x, const char *path, const gy_explain_book *o,
                               GError **err)
{
    static const gy_explain_book none = { NULL, GY_NO_DAY, NULL };
    if (!o)
        o = &none;
    char *subject = g_path_get_basename(gy_tpl_origin(x->t));
    gy_book_props props = { .title = "答复稿数字来源", .subject = subject,
                            .author = o->filler, .company = o->filler,
                            .comments = "guiyan reply --explain", .created = o->made_on,
                            .personal = true };   /* 记录明细: one row per person's record */
    gy_book *bk = gy_book_new(path, o->style, &props, err);
    g_free(subject);
    if (!bk)
        return gy_error_of(err, GY_E_IO);
    gy_error r = write_figures(x, bk, o, err);
    if (r == GY_OK)
        r = write_records(x, bk, o, err);
    if (r != GY_OK)
        return gy_book_fail(bk, r, err);
    return gy_book_close(bk, err);
}
