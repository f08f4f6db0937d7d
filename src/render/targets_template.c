/* targets_template.c — the blank 目标任务分解表 (targets_template.h). */
#include <string.h>
#include <xlsxwriter.h>

#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/reader.h"
#include "guiyan/targets_template.h"

/* An indicator's header: its name with the unit in full-width brackets, once. */
static char *header_of(const gy_indicator *ind)
{
    if (strchr(ind->name, '(') || strstr(ind->name, "（"))
        return g_strdup(ind->name);
    return g_strdup_printf("%s（%s）", ind->name, ind->unit);
}

gy_error gy_targets_template(const char *path, const gy_region *rg, const gy_indicators *inds,
                             int year, GError **err)
{
    gy_output *out = gy_output_new(path, false, err);
    if (!out)
        return GY_E_IO;
    lxw_workbook_options o = { .constant_memory = LXW_FALSE };
    lxw_workbook *wb = workbook_new_opt(gy_output_file(out), &o);
    if (!wb) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, _("cannot be written"));
        gy_output_free(out);
        return GY_E_IO;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "目标任务分解表");
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    lxw_format *cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    size_t n_ind = gy_indicators_count(inds);
    char *t = year ? g_strdup_printf("%s%d年返乡入乡创业目标任务分解表", gy_region_label(rg), year)
                   : g_strdup_printf("%s返乡入乡创业目标任务分解表", gy_region_label(rg));
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)n_ind, t, title);
    g_free(t);
    worksheet_write_string(ws, 1, 0, "县（市、区）", head);
    worksheet_set_column(ws, 0, 0, 18, NULL);
    for (size_t k = 0; k < n_ind; k++) {
        char *h = header_of(gy_indicators_at(inds, k));
        worksheet_write_string(ws, 2 - 1, (lxw_col_t)(k + 1), h, head);
        g_free(h);
    }
    worksheet_set_column(ws, 1, (lxw_col_t)n_ind, 16, NULL);
    worksheet_set_row(ws, 1, 36, NULL);
    size_t n = gy_region_count(rg);
    for (size_t i = 0; i <= n; i++) {
        worksheet_write_string(ws, (lxw_row_t)(2 + i), 0, i < n ? gy_region_name(rg, i) : "合计",
                               cell);
        for (size_t k = 0; k < n_ind; k++)
            worksheet_write_blank(ws, (lxw_row_t)(2 + i), (lxw_col_t)(k + 1), cell);
    }
    worksheet_write_string(ws, (lxw_row_t)(3 + n), 0, "注：合计行填写全市目标；不填时按各县（市、区）"
                           "目标之和计算。金额单位为万元，也可写“0.08亿元”或“800000元”。", NULL);
    worksheet_freeze_panes(ws, 2, 1);
    lxw_error le = workbook_close(wb);
    if (le != LXW_NO_ERROR) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, lxw_strerror(le));
        gy_output_free(out);
        return GY_E_IO;
    }
    return gy_output_commit(out, err);
}
