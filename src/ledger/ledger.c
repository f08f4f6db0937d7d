/* ledger.c — every row's fate and the per-file accounting; writes rejects.csv. */
#include <string.h>

#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/ledger.h"
#include "guiyan/output.h"

struct gy_ledger {
    GPtrArray *inputs;     /* gy_input*, owned */
    GArray *rejects;       /* gy_reject */
    GStringChunk *strings; /* columns, values, paths */
};

gy_ledger *gy_ledger_new(void)
{
    gy_ledger *lg = g_new0(gy_ledger, 1);
    lg->inputs = g_ptr_array_new_with_free_func(g_free);
    lg->rejects = g_array_new(FALSE, FALSE, sizeof(gy_reject));
    lg->strings = g_string_chunk_new(4096);
    return lg;
}

void gy_ledger_free(gy_ledger *lg)
{
    if (!lg)
        return;
    g_ptr_array_free(lg->inputs, TRUE);
    g_array_free(lg->rejects, TRUE);
    g_string_chunk_free(lg->strings);
    g_free(lg);
}

uint32_t gy_ledger_add_input(gy_ledger *lg, const char *path)
{
    gy_input *in = g_new0(gy_input, 1);
    in->path = g_string_chunk_insert(lg->strings, path);
    /* the name people read (terminal, workbook, manifest): an ID number in it masked */
    char *base = g_path_get_basename(path);
    gy_id_mask_text(base);
    in->name = g_string_chunk_insert(lg->strings, base);
    g_free(base);
    in->encoding = "";
    in->header_line = 1;
    in->same_as = -1;
    g_ptr_array_add(lg->inputs, in);
    return lg->inputs->len - 1;
}

gy_input *gy_ledger_input(gy_ledger *lg, uint32_t i)
{
    return i < lg->inputs->len ? g_ptr_array_index(lg->inputs, i) : NULL;
}

size_t gy_ledger_n_inputs(const gy_ledger *lg) { return lg->inputs->len; }

void gy_ledger_reject(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                      const char *value, gy_error reason)
{
    /* a cell guiyan does not read is not decoded: bytes of another encoding, or a character
     * cut short, shown as U+FFFD rather than written out as they are */
    char *fixed = value && !g_utf8_validate(value, -1, NULL) ? g_utf8_make_valid(value, -1) : NULL;
    gy_reject r = {
        .file = file, .line = line,
        .column = g_string_chunk_insert_const(lg->strings, column ? column : ""),
        .value = g_string_chunk_insert(lg->strings, fixed ? fixed : value ? value : ""),
        .reason = reason,
    };
    g_free(fixed);
    g_array_append_val(lg->rejects, r);
    gy_input *in = gy_ledger_input(lg, file);
    if (in && gy_error_is_skip(reason))
        in->rows_skipped++;
    else if (in)
        in->rows_rejected++;
}

size_t gy_ledger_n_rejects(const gy_ledger *lg) { return lg->rejects->len; }

void gy_ledger_absorb(gy_ledger *lg, uint32_t file, const gy_ledger *part, unsigned long offset)
{
    gy_input *in = gy_ledger_input(lg, file);
    const gy_input *pi = g_ptr_array_index(part->inputs, 0);
    in->rows_read += pi->rows_read;
    in->rows_accepted += pi->rows_accepted;
    in->rows_duplicate += pi->rows_duplicate;
    for (guint i = 0; i < part->rejects->len; i++) {
        const gy_reject *r = &g_array_index(part->rejects, gy_reject, i);
        gy_ledger_reject(lg, file, r->line + offset, r->column, r->value, r->reason);
    }
}

const gy_reject *gy_ledger_get_reject(const gy_ledger *lg, size_t i)
{
    return i < lg->rejects->len ? &g_array_index(lg->rejects, gy_reject, i) : NULL;
}

void gy_ledger_totals(const gy_ledger *lg, unsigned long *read, unsigned long *accepted,
                      unsigned long *duplicate, unsigned long *rejected)
{
    unsigned long r = 0, a = 0, d = 0, j = 0;
    for (guint i = 0; i < lg->inputs->len; i++) {
        const gy_input *in = g_ptr_array_index(lg->inputs, i);
        r += in->rows_read;
        a += in->rows_accepted;
        d += in->rows_duplicate;
        j += in->rows_rejected;
    }
    if (read) *read = r;
    if (accepted) *accepted = a;
    if (duplicate) *duplicate = d;
    if (rejected) *rejected = j;
}

unsigned long gy_ledger_skipped(const gy_ledger *lg)
{
    unsigned long k = 0;
    for (guint i = 0; i < lg->inputs->len; i++)
        k += ((const gy_input *)g_ptr_array_index(lg->inputs, i))->rows_skipped;
    return k;
}

unsigned long gy_ledger_rejected(const gy_ledger *lg)
{
    unsigned long j;
    gy_ledger_totals(lg, NULL, NULL, NULL, &j);
    return j;
}

/* Rejects by file then line: parallel readers record them out of order. A row is rejected
 * at most once, so (file, line) is unique and an unstable sort is still deterministic. */
static gint cmp_reject(gconstpointer a, gconstpointer b)
{
    const gy_reject *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

void gy_ledger_sort(gy_ledger *lg)
{
    g_array_sort(lg->rejects, cmp_reject);
}

gy_error gy_ledger_write_rejects(const gy_ledger *lg, const char *path, GError **err)
{
    GString *s = g_string_new("\xEF\xBB\xBF" "file,line,column,value,reason\r\n");
    for (guint i = 0; i < lg->rejects->len; i++) {
        const gy_reject *r = &g_array_index(lg->rejects, gy_reject, i);
        const gy_input *in = g_ptr_array_index(lg->inputs, r->file);
        gy_csv_text(s, in->name);
        g_string_append_printf(s, ",%lu,", r->line);
        gy_csv_text(s, r->column);
        g_string_append_c(s, ',');
        gy_csv_text(s, r->value);
        g_string_append_c(s, ',');
        gy_csv_text(s, gy_reason_zh(r->reason));
        g_string_append(s, "\r\n");
    }
    gy_error e = gy_output_write_private(path, s->str, s->len, err);
    g_string_free(s, TRUE);
    return e;
}
