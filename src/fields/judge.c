/* judge.c — the one row judge (judge.h): a list's table of fields compiled against a file's
 * columns, each row judged into typed values or its first problem. Pure: no I/O. */
#include <string.h>

#include "guiyan/county_guess.h"
#include "guiyan/judge.h"

/* One field compiled for a file: all the loop reads of it, side by side. */
typedef struct step {
    int col;                  /* its column, or -1 */
    int cond;                 /* its cond's field, or -1 */
    int absent;               /* the field a failure is told at (itself unless its column is
                                 absent and the table names another) */
    uint8_t type;             /* gy_judge_type */
    uint8_t rule;             /* gy_judge_rule */
    uint8_t flags;            /* GY_JF_* */
    bool required;
    gy_unit unit;             /* a money field's */
    gy_error reason;          /* the field's own reason, or GY_OK */
} step;

struct gy_judge {
    gy_judge_field *f;        /* the table, copied */
    step *st;                 /* per field */
    size_t n;
    size_t n_cols;
    int last_want;            /* the last column a field reads */
    gy_judge_opts o;
};

/* The index of the field named key, or -1. */
static int key_at(const gy_judge_field *fields, size_t n, const char *key)
{
    for (size_t f = 0; key && f < n; f++)
        if (strcmp(fields[f].key, key) == 0)
            return (int)f;
    return -1;
}

gy_judge *gy_judge_new(const gy_judge_field *fields, size_t n, const int *cols,
                       const gy_unit *units, size_t n_cols, const gy_judge_opts *o)
{
    gy_judge *j = g_new0(gy_judge, 1);
    j->f = g_memdup2(fields, n * sizeof *fields);
    j->st = g_new0(step, n);
    j->n = n;
    j->n_cols = n_cols;
    j->o = *o;
    j->last_want = o->last_read;
    for (size_t f = 0; f < n; f++) {
        step *st = &j->st[f];
        st->col = cols[f];
        j->last_want = MAX(j->last_want, cols[f]);
        st->unit = units ? units[f] : GY_UNIT_WAN;
        st->cond = key_at(fields, n, fields[f].cond.field);
        st->absent = cols[f] < 0 && fields[f].absent_at ? key_at(fields, n, fields[f].absent_at)
                                                        : -1;
        if (st->absent < 0)
            st->absent = (int)f;
        st->type = (uint8_t)fields[f].type;
        st->rule = (uint8_t)fields[f].rule;
        st->flags = (uint8_t)fields[f].flags;
        st->required = fields[f].required;
        st->reason = fields[f].reason;
    }
    return j;
}

void gy_judge_free(gy_judge *j)
{
    if (!j)
        return;
    g_free(j->f);
    g_free(j->st);
    g_free(j);
}

static inline char *cell(const gy_row *row, const gy_judge *j, int f)
{
    int c = j->st[f].col;
    return c >= 0 && (size_t)c < row->n ? row->fields[c] : (char *)"";
}

/* The field reading column c, or -1. */
static int field_of(const gy_judge *j, int c)
{
    for (size_t f = 0; f < j->n; f++)
        if (j->st[f].col == c)
            return (int)f;
    return -1;
}

static gy_judge_verdict at_col(gy_error reason, const gy_row *row, const gy_judge *j, size_t c)
{
    return (gy_judge_verdict){ .reason = reason, .field = field_of(j, (int)c), .col = (int)c,
                               .value = c < row->n ? row->fields[c] : "", .warn_field = -1,
                               .warn_value = "" };
}

/* The row's shape against the header: cells past the header's last column that hold
 * something (a comma inside a value without quotes shifts every column after it), or a row
 * that ends before a column read. Either way its values cannot be trusted to their columns. */
static gy_error shape(const gy_row *row, const gy_judge *j, size_t *at)
{
    if (row->n > j->n_cols) {
        for (size_t i = j->n_cols; i < row->n; i++) {
            const char *x = row->fields[i];
            while (*x == ' ' || *x == '\t')
                x++;
            if (*x) {
                *at = i;
                return GY_E_ROW_LONG;
            }
        }
    } else if ((int)row->n <= j->last_want && row->n < j->n_cols) {
        *at = row->n;
        return GY_E_ROW_SHORT;
    }
    return GY_OK;
}

/* A skipped row (a 合计 or a note), or GY_OK when the row may be a record. */
static bool not_a_record(const gy_row *row, const gy_judge *j, gy_judge_verdict *v)
{
    size_t at = 0;
    gy_error skip = gy_row_not_a_record(row, &at);
    if (skip == GY_OK)
        return false;
    *v = at_col(skip, row, j, at);
    v->skipped = true;
    return true;
}

/* The value field f would have, parsed now for another field's condition: GY_OK and *out, or
 * not (no value). */
static gy_error peek(const gy_judge *j, const gy_row *row, int f, int64_t *out)
{
    const char *s = cell(row, j, f);
    bool blank;
    switch (j->f[f].type) {
    case GY_JT_CODE:
        return j->f[f].parse(s, out);
    case GY_JT_MONEY:
        return gy_amount_parse(s, j->st[f].unit, out, &blank);
    case GY_JT_COUNT:
        return gy_count_parse(s, out, &blank);
    default:
        return GY_E_USAGE;
    }
}

/* Whether field `now`'s cond holds. */
static bool holds(const gy_judge *j, const gy_row *row, const gy_judge_val *v, size_t now)
{
    int cf = j->st[now].cond;
    const gy_judge_cond *c = &j->f[now].cond;
    if (cf < 0)
        return false;
    int64_t x = 0;
    bool has;
    if ((size_t)cf < now) {          /* judged already (and accepted) */
        has = !v[cf].blank;
        x = v[cf].i;
    } else {
        has = peek(j, row, cf, &x) == GY_OK;
    }
    switch (c->op) {
    case GY_JC_EQ:
        return has && x == c->value;
    case GY_JC_NE:
        return !has || x != c->value;
    case GY_JC_GT:
        return has && x > c->value;
    }
    return false;
}

/* A code (ID, credit code) that does not read may wear an Excel guard ('511…, ="…"): parse,
 * and on failure unguard and parse again. *s may be left blank by the guard's removal. */
static gy_error read_code(char *s, gy_judge_type t, char out[19], uint64_t *key)
{
    /* a value that reads starts and ends with a digit or letter, so it has no guard or blank
     * to remove: unguard only what does not read */
    gy_error e = t == GY_JT_ID ? gy_id_parse_key(s, out, key) : gy_uscc_parse(s, out);
    if (e != GY_OK) {
        gy_text_unguard(s);
        if (*s)
            e = t == GY_JT_ID ? gy_id_parse_key(s, out, key) : gy_uscc_parse(s, out);
    }
    return e;
}

gy_judge_verdict gy_judge_row(const gy_judge *j, gy_row *row, const gy_region *rg,
                              gy_region_memo *memo, gy_judge_val *v)
{
    gy_judge_verdict r = { .reason = GY_OK, .field = -1, .col = -1, .value = "",
                           .warning = GY_OK, .warn_field = -1, .warn_value = "" };
    if (G_UNLIKELY(row->problem != GY_OK))   /* a runaway quote, a giant cell: not whole */
        return at_col(row->problem, row, j, (size_t)MAX(row->problem_col, 0));
    size_t at;
    gy_error e;
    if (j->o.shape && G_UNLIKELY(row->n != j->n_cols) && (e = shape(row, j, &at)) != GY_OK) {
        if (not_a_record(row, j, &r))       /* "制表人：…" alone is short, but a note */
            return r;
        r = at_col(e, row, j, at);
        if (e == GY_E_ROW_SHORT)
            r.value = "";
        return r;
    }
    if (G_UNLIKELY(row->bad_field >= 0) && row->bad_field < (int)row->n)
        return at_col(GY_E_ENCODING, row, j, (size_t)row->bad_field);
    for (size_t f = 0; f < j->n; f++) {
        const step *st = &j->st[f];
        gy_judge_val *x = &v[f];
        int c = st->col;
        char *s = c >= 0 && (size_t)c < row->n ? row->fields[c] : (char *)"";
        x->s = s;
        bool required = st->required;
        if (G_UNLIKELY(st->rule != GY_JR_NONE)) {
            if (st->rule == GY_JR_REQUIRED_IF)
                required = holds(j, row, v, f);
            else if (st->rule == GY_JR_ONLY_IF && !(required = holds(j, row, v, f)))
                goto blank;
        }
        if (!*s && !(st->flags & GY_JF_GUESS)) {
            if (required) {
                e = GY_E_EMPTY;
                goto fail;
            }
            goto blank;
        }
        x->blank = false;
        switch (st->type) {
        case GY_JT_TEXT:
            x->i = 0;
            continue;
        case GY_JT_ID:
        case GY_JT_USCC: {
            uint64_t key = 0;
            e = read_code(s, st->type, x->code, &key);
            if (!*s) {               /* only a guard was there */
                e = GY_E_EMPTY;
                if (required)
                    goto fail;
                goto blank;
            }
            if (e != GY_OK) {
                if (st->rule == GY_JR_SOFT_UNLESS && !holds(j, row, v, f)) {
                    r.warning = e;
                    r.warn_field = (int)f;
                    r.warn_value = s;
                    goto blank;
                }
                goto fail;
            }
            x->i = (int64_t)key;
            continue;
        }
        case GY_JT_COUNTY: {
            size_t county = 0;
            if (st->flags & GY_JF_GUESS) {
                if ((e = gy_region_memo_resolve(memo, s, &county)) != GY_OK) {
                    /* 峨眉, 犍为县清溪镇: the guesses, and what to say when none fits */
                    gy_county_how how = GY_COUNTY_EXACT;
                    char *said = NULL;
                    if (e == GY_E_COUNTY_UNKNOWN || e == GY_E_COUNTY_AMBIGUOUS)
                        e = gy_county_guess(rg, s, &county, &how, &said);
                    if (e != GY_OK) {
                        r.detail = said;
                        goto fail;
                    }
                    if (how == GY_COUNTY_TOWNSHIP)
                        r.note = said;
                    else
                        g_free(said);
                }
            } else if ((e = memo && !gy_region_is_townships(rg)
                                ? gy_region_memo_resolve(memo, s, &county)
                                : gy_region_resolve(rg, s, &county)) != GY_OK) {
                goto fail;
            }
            x->i = (int64_t)county;
            continue;
        }
        case GY_JT_COUNTY_OF:
            if ((e = gy_region_memo_own_county(memo, s)) != GY_OK)
                goto fail;
            x->i = 0;
            continue;
        case GY_JT_DATE:
        case GY_JT_MONTH: {
            gy_day d;
            x->month = false;
            if ((e = st->type == GY_JT_MONTH ? gy_date_parse_month(s, &d, &x->month)
                                             : gy_date_parse(s, &d)) != GY_OK)
                goto fail;
            x->i = d;
            if ((st->flags & GY_JF_NOT_AFTER) && G_UNLIKELY(d > j->o.written)) {
                r.reason = GY_E_DATE_AFTER_FILE;
                r.field = (int)f;
                r.col = c;
                r.value = s;
                return r;
            }
            continue;
        }
        case GY_JT_MONEY:
            if ((e = gy_amount_parse(s, st->unit, &x->i, &x->blank)) != GY_OK)
                goto fail;
            continue;
        case GY_JT_COUNT:
            if ((e = gy_count_parse(s, &x->i, &x->blank)) != GY_OK)
                goto fail;
            continue;
        case GY_JT_CODE:
            if ((e = j->f[f].parse(s, &x->i)) != GY_OK)
                goto fail;
            continue;
        }
        continue;
blank:
        x->blank = true;
        x->code[0] = '\0';
        x->i = st->type == GY_JT_DATE || st->type == GY_JT_MONTH ? GY_NO_DAY : 0;
        x->month = false;
        continue;
fail:
        if ((st->flags & GY_JF_SKIP_CHECK) && not_a_record(row, j, &r)) {
            g_free(r.detail);
            r.detail = NULL;
            return r;
        }
        r.reason = st->reason != GY_OK ? st->reason : e;
        r.field = st->absent;
        r.col = j->st[st->absent].col;
        r.value = cell(row, j, st->absent);
        r.warning = GY_OK;
        r.warn_field = -1;
        r.warn_value = "";
        return r;
    }
    return r;
}

gy_error gy_row_not_a_record(const gy_row *row, size_t *at)
{
    static const char *const totals[] = { "合计", "总计", "小计", "共计", "总合计" };
    static const char *const notes[] = { "注", "说明", "备注", "制表", "填表", "填报", "审核",
                                         "负责人", "联系人", "联系电话", "数据来源", "统计时间",
                                         "截止", "截至" };
    for (size_t i = 0; i < row->n && i < 4; i++) {
        /* "合 计", "合计：". A cell guiyan does not read is not decoded: it may hold any bytes. */
        char *t = g_utf8_make_valid(row->fields[i], -1);
        GString *k = g_string_new(NULL);
        for (const char *p = t; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            if (!g_unichar_isspace(c) && c != 0x3000 && c != ':' && c != 0xFF1A)
                g_string_append_unichar(k, c);
        }
        bool total = false;
        for (size_t j = 0; j < G_N_ELEMENTS(totals); j++)
            total = total || strcmp(k->str, totals[j]) == 0;
        g_string_free(k, TRUE);
        g_free(t);
        if (total) {
            *at = i;
            return GY_E_TOTAL_ROW;
        }
    }
    size_t filled = 0, lone = 0;
    for (size_t i = 0; i < row->n; i++) {
        const char *x = row->fields[i];
        while (g_ascii_isspace(*x))
            x++;
        if (*x) {
            filled++;
            lone = i;
        }
    }
    if (filled != 1)
        return GY_OK;
    *at = lone;
    const char *t = row->fields[lone];
    while (*t == ' ')
        t++;
    for (size_t j = 0; j < G_N_ELEMENTS(notes); j++)
        if (g_str_has_prefix(t, notes[j]))
            return GY_E_NOTE_ROW;
    return GY_OK;
}
