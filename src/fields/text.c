/* text.c — in-place clean-up of a field's text before any parser sees it (fields.h). */
#include <string.h>
#include <glib.h>

#include "guiyan/fields.h"

/* Bytes where the quick scan of gy_text_clean stops: NUL, the C0 controls and DEL (removed),
 * and the lead bytes of every character it changes (U+00A0, U+200B, U+3000, U+FF01..U+FF5E,
 * U+FEFF). Up to the first of them the text stays as it is, but for trimming. */
static const bool text_stop[256] = {
    [0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x7F] = 1, [0xC2] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

/*
 * Besides what fields.h promises, NBSP (U+00A0) becomes a space wherever it is, and the
 * invisible U+200B (zero-width space) and U+FEFF (BOM / zero-width no-break space) are removed:
 * copied from web pages and Word they otherwise make an ID number "contain letters".
 */
size_t
gy_text_clean(char *s)
{
    /* The common case, text with nothing to change (printable ASCII, Chinese), in one pass:
     * skip the leading spaces, run to the end, step back over the trailing ones. */
    unsigned char *start = (unsigned char *)s;
    unsigned char *r = start;
    while (*r == ' ')
        r++;
    unsigned char *a = r;
    while (!text_stop[*r])
        r++;
    size_t n = (size_t)(r - a);
    if (a != start)
        memmove(start, a, n);
    unsigned char *end_keep = start + n;    /* just after the last non-space byte written */
    while (end_keep > start && end_keep[-1] == ' ')
        end_keep--;
    if (!*r) {
        *end_keep = '\0';
        return (size_t)(end_keep - start);
    }

    /* Something to change at r: go on from there, the prefix kept as it would have been
     * written (no byte of it is one that the loop below changes or groups differently). */
    unsigned char *w = start + n;
    while (*r) {
        unsigned char c = r[0];
        unsigned char out;
        if (c < 0x80) {
            r++;
            if (c < 0x20 || c == 0x7F)
                continue;
            out = c;
        } else if (c == 0xC2 && r[1] == 0xA0) {                       /* U+00A0 NBSP */
            r += 2;
            out = ' ';
        } else if (c == 0xE3 && r[1] == 0x80 && r[2] == 0x80) {       /* U+3000 */
            r += 3;
            out = ' ';
        } else if (c == 0xEF && r[1] == 0xBC && r[2] >= 0x81 && r[2] <= 0xBF) {
            out = (unsigned char)(r[2] - 0x81 + 0x21);                /* U+FF01..U+FF3F */
            r += 3;
        } else if (c == 0xEF && r[1] == 0xBD && r[2] >= 0x80 && r[2] <= 0x9E) {
            out = (unsigned char)(r[2] - 0x80 + 0x60);                /* U+FF40..U+FF5E */
            r += 3;
        } else if ((c == 0xE2 && r[1] == 0x80 && r[2] == 0x8B)        /* U+200B */
                   || (c == 0xEF && r[1] == 0xBB && r[2] == 0xBF)) {  /* U+FEFF */
            r += 3;
            continue;
        } else {
            /* Any other multi-byte character: copy its lead byte and continuation bytes. */
            *w++ = *r++;
            while ((*r & 0xC0) == 0x80)
                *w++ = *r++;
            end_keep = w;
            continue;
        }
        if (out == ' ') {
            if (w == start)
                continue;               /* leading space: drop */
            *w++ = out;
        } else {
            *w++ = out;
            end_keep = w;
        }
    }
    *end_keep = '\0';
    return (size_t)(end_keep - start);
}

/* Remove leading tabs and spaces and trailing spaces in place. */
static void
text_strip_blank(char *s)
{
    size_t a = 0, n = strlen(s), len = n;
    while (s[a] == '\t' || s[a] == ' ')
        a++;
    while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (a == 0 && len == n)
        return;                   /* no write: s may be the "" literal of a missing cell */
    memmove(s, s + a, len - a);
    s[len - a] = '\0';
}

/*
 * Excel guards a long number as text in three ways seen in exports: a leading apostrophe
 * ('511102…), a formula wrapper (="511102…"), or a tab in front. Each is removed once; blanks
 * uncovered by the unwrapping are trimmed.
 */
void
gy_text_unguard(char *s)
{
    size_t len;
    text_strip_blank(s);
    if (s[0] == '\'') {
        memmove(s, s + 1, strlen(s));
    } else if (s[0] == '=' && s[1] == '"' && (len = strlen(s)) >= 3 && s[len - 1] == '"') {
        memmove(s, s + 2, len - 3);
        s[len - 3] = '\0';
    } else {
        return;
    }
    text_strip_blank(s);
}

size_t gy_text_distance(const char *a, const char *b)
{
    glong na, nb;
    gunichar *ua = g_utf8_to_ucs4_fast(a, -1, &na), *ub = g_utf8_to_ucs4_fast(b, -1, &nb);
    size_t *row = g_new(size_t, (gsize)nb + 1);
    for (glong j = 0; j <= nb; j++)
        row[j] = (size_t)j;
    for (glong i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = (size_t)i;
        for (glong j = 1; j <= nb; j++) {
            size_t up = row[j];
            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + (ua[i - 1] != ub[j - 1]));
            diag = up;
        }
    }
    size_t d = row[nb];
    g_free(row);
    g_free(ua);
    g_free(ub);
    return d;
}

char *gy_header_fold(const char *s)
{
    GString *out = g_string_sized_new(strlen(s));
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0x3000)
            continue;
        if (c == 0xFF08) c = '(';
        else if (c == 0xFF09) c = ')';
        else if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
        g_string_append_unichar(out, g_unichar_tolower(c));
    }
    return g_string_free(out, FALSE);
}
