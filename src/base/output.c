/* output.c — atomic output files (temp + rename) and CSV field quoting. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/reader.h"

char *gy_output_tmpname(const char *path)
{
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s/.%s.tmp-%ld", dir, base, (long)getpid());
    g_free(dir);
    g_free(base);
    return tmp;
}

gy_error gy_output_commit(const char *tmp, const char *path, GError **err)
{
    if (g_rename(tmp, path) != 0) {
        int e = errno;
        g_unlink(tmp);
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(e));
        return GY_E_IO;
    }
    return GY_OK;
}

void gy_output_abort(const char *tmp)
{
    if (tmp)
        g_unlink(tmp);
}

gy_error gy_output_write(const char *path, const char *data, size_t len, GError **err)
{
    char *tmp = gy_output_tmpname(path);
    FILE *fp = fopen(tmp, "wb");
    int e = 0;
    if (!fp)
        e = errno;
    else {
        if (len && fwrite(data, 1, len, fp) != len)
            e = errno ? errno : EIO;
        if (fclose(fp) != 0 && !e)
            e = errno ? errno : EIO;
    }
    if (e) {
        g_unlink(tmp);
        g_free(tmp);
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(e));
        return GY_E_IO;
    }
    gy_error r = gy_output_commit(tmp, path, err);
    g_free(tmp);
    return r;
}

gy_error gy_output_mkdir(const char *dir, GError **err)
{
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", dir, g_strerror(errno));
        return GY_E_IO;
    }
    return GY_OK;
}

/* OWASP's CSV injection rule: a spreadsheet runs a cell that begins with one of these. */
static bool csv_starts_formula(const char *v)
{
    return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
           v[0] == '\r';
}

void gy_csv_text(GString *s, const char *v)
{
    bool apos = csv_starts_formula(v);
    bool quote = apos || strpbrk(v, ",\"\r\n") != NULL;
    if (!quote) {
        g_string_append(s, v);
        return;
    }
    g_string_append_c(s, '"');
    if (apos)
        g_string_append_c(s, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            g_string_append_c(s, '"');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

/* -?digits(.digits)?: what guiyan's own number formatting writes */
static bool csv_plain_number(const char *v)
{
    const char *p = v + (*v == '-');
    if (!g_ascii_isdigit(*p))
        return false;
    while (g_ascii_isdigit(*p))
        p++;
    if (*p == '.') {
        if (!g_ascii_isdigit(*++p))
            return false;
        while (g_ascii_isdigit(*p))
            p++;
    }
    return *p == '\0';
}

void gy_csv_number(GString *s, const char *v)
{
    if (csv_plain_number(v))
        g_string_append(s, v);
    else
        gy_csv_text(s, v);
}
