/* fuzz_text.c — gy_text_clean and gy_text_unguard (src/fields/text.c) against a plain
 * character-by-character reading of fields.h's contract. */
#include "fuzz.h"
#include "guiyan/fields.h"

/* fields.h's gy_text_clean, one character at a time: C0 controls and DEL go, full-width
 * ASCII, U+3000 and NBSP become ASCII, U+200B and U+FEFF go; then spaces are trimmed. */
static char *reference_clean(const char *s)
{
    GString *out = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || c == 0x7F || c == 0x200B || c == 0xFEFF)
            continue;
        if (c == 0xA0 || c == 0x3000)
            c = ' ';
        else if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0;
        g_string_append_unichar(out, c);
    }
    size_t a = 0, e = out->len;
    while (a < e && out->str[a] == ' ')
        a++;
    while (e > a && out->str[e - 1] == ' ')
        e--;
    char *r = g_strndup(out->str + a, e - a);
    g_string_free(out, TRUE);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    /* the contract wants valid UTF-8; the reader repairs a field this way first */
    fuzz_utf8_repair(s, strlen(s));
    size_t before = strlen(s);
    char *want = reference_clean(s);

    size_t n = gy_text_clean(s);
    FUZZ_CHECK(n == strlen(s), "returned %zu for \"%s\"", n, s);
    FUZZ_CHECK(n <= before, "grew from %zu to %zu bytes", before, n);
    FUZZ_CHECK(strcmp(s, want) == 0, "cleaned to \"%s\", the contract says \"%s\"", s, want);
    FUZZ_CHECK(g_utf8_validate(s, -1, NULL), "cleaned text is not UTF-8");

    /* a clean value stays as it is: the reader relies on that when it skips the work */
    char *again = g_strdup(s);
    gy_text_clean(again);
    FUZZ_CHECK(strcmp(again, s) == 0, "not idempotent: \"%s\" then \"%s\"", s, again);
    g_free(again);

    /* unguarding only removes ASCII, so the text stays valid and no longer */
    char *u = g_strdup(s);
    gy_text_unguard(u);
    FUZZ_CHECK(strlen(u) <= n, "unguard grew \"%s\" to \"%s\"", s, u);
    FUZZ_CHECK(g_utf8_validate(u, -1, NULL), "unguarded text is not UTF-8");
    FUZZ_CHECK(!*u || (u[0] != ' ' && u[0] != '\t' && u[strlen(u) - 1] != ' '),
               "unguard left blanks at an end: \"%s\"", u);
    g_free(u);

    g_free(want);
    free(s);
    return 0;
}
