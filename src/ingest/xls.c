/* xls.c — read an Excel 97-2003 (.xls, BIFF8) workbook through libfreexl. libfreexl 1.0.6
 * opens by path (not standard input), loads a whole sheet at once, reads at most 65,536 rows
 * a sheet (the format's own limit) and has no call for merged cells: a merged cell's value
 * stands in its first cell only, as in a CSV saved from it. */
#include <string.h>
#include <freexl.h>

#include "guiyan/i18n.h"
#include "wbook_int.h"

typedef struct xls {
    gy_wbook base;
    const void *h;
    gboolean d1904;
    unsigned int rows;
    unsigned short cols;
    unsigned int next_row;
} xls;

static gy_error xls_select(gy_wbook *b, size_t i, GError **err)
{
    xls *x = (xls *)b;
    if (freexl_select_active_worksheet(x->h, (unsigned short)i) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: sheet %s cannot be read: open the "
                    "workbook in Excel or WPS and save it as .xlsx or CSV"), b->path,
                    gy_wbook_sheet_name(b, i));
        return GY_E_NOT_TEXT;
    }
    x->next_row = 0;
    return GY_OK;
}

static gy_error xls_next(gy_wbook *b, GError **err)
{
    (void)err;
    xls *x = (xls *)b;
    for (; x->next_row < x->rows && b->n == 0; x->next_row++) {
        for (unsigned short c = 0; c < x->cols; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(x->h, x->next_row, c, &v) != FREEXL_OK)
                continue;
            char buf[64], *s = NULL;
            switch (v.type) {
            case FREEXL_CELL_INT:
                g_snprintf(buf, sizeof buf, "%d", v.value.int_value);
                s = g_strdup(buf);
                break;
            case FREEXL_CELL_DOUBLE:
                gy_wbook_number_text(v.value.double_value, buf);
                s = g_strdup(buf);
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_TIME:
                s = g_strdup(v.value.text_value ? v.value.text_value : "");
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:   /* "YYYY-MM-DD[ HH:MM:SS]": the date part */
                s = g_strndup(v.value.text_value ? v.value.text_value : "", 10);
                break;
            default:
                break;
            }
            if (s && *s)
                book_cell(b, c, s);
            else
                g_free(s);
        }
        b->row = x->next_row + 1;
    }
    return GY_OK;
}

static void xls_free(gy_wbook *b)
{
    xls *x = (xls *)b;
    if (x->h)
        freexl_close(x->h);
    g_free(x);
}

static const book_ops xls_ops = { xls_select, xls_next, xls_free };

gy_wbook *gy_xls_open(const char *path, GError **err)
{
    xls *x = g_new0(xls, 1);
    book_init(&x->base, &xls_ops, path, GY_KIND_XLS);
    int rc = freexl_open(path, &x->h);
    unsigned int info = 0;
    if (rc == FREEXL_FILE_NOT_FOUND) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, _("cannot be opened for reading"));
        goto fail;
    }
    if (rc != FREEXL_OK) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: an Office file guiyan cannot read "
                    "(a Word document, an Excel file older than Excel 97, or a damaged one): "
                    "open it in Excel or WPS and save it as .xlsx or CSV"), path);
        goto fail;
    }
    if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: a password-protected workbook: open "
                    "it in Excel or WPS, remove the password and save it as .xlsx or CSV"), path);
        goto fail;
    }
    if (freexl_get_info(x->h, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK)
        x->d1904 = info == FREEXL_BIFF_DATEMODE_1904;
    unsigned int n = 0;
    freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &n);
    for (unsigned int i = 0; i < n; i++) {
        const char *name = NULL;
        freexl_get_worksheet_name(x->h, (unsigned short)i, &name);
        g_ptr_array_add(x->base.sheets, g_strdup(name ? name : ""));
    }
    if (n == 0) {
        g_set_error(err, GY_ERROR, GY_E_NOT_TEXT, _("%s: the workbook has no worksheet guiyan "
                    "can find: open it in Excel or WPS and save it as .xlsx or CSV"), path);
        goto fail;
    }
    if (xls_select(&x->base, 0, err) != GY_OK)
        goto fail;
    return &x->base;
fail:
    gy_wbook_free(&x->base);
    return NULL;
}
