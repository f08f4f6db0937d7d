/* strokes.c — the stroke and pinyin table and the name orders of official lists (strokes.h). */
#include <stdlib.h>
#include <string.h>

#include "guiyan/i18n.h"
#include "guiyan/error.h"
#include "guiyan/lines.h"
#include "guiyan/strokes.h"

#define ORDER_MAX 40        /* the most strokes of a character in the table is 36 (齉) */
#define PINYIN_MAX 8        /* "zhuang1" and a NUL */
#define TABLE_MAX 200000    /* more lines than every CJK ideograph: not a stroke table */

typedef struct entry {
    gunichar cp;
    int strokes;
    char order[ORDER_MAX];
    char pinyin[PINYIN_MAX];
    char surname[PINYIN_MAX];
} entry;

struct gy_strokes {
    entry *e;               /* sorted by code point */
    size_t n;
};

void gy_strokes_free(gy_strokes *sk)
{
    if (!sk)
        return;
    g_free(sk->e);
    g_free(sk);
}

size_t gy_strokes_size(const gy_strokes *sk)
{
    return sk ? sk->n : 0;
}

static int entry_cmp(const void *a, const void *b)
{
    gunichar x = ((const entry *)a)->cp, y = ((const entry *)b)->cp;
    return x < y ? -1 : x > y;
}

/* "li3": lower-case letters then one tone digit 1..5; "" allowed. */
static bool reading_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return true;
    if (n < 2 || n >= PINYIN_MAX || s[n - 1] < '1' || s[n - 1] > '5')
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return false;
    return true;
}

/* Parse one data line into *e; NULL or an English reason. */
static const char *parse_line(char *line, entry *e)
{
    char *f[6];
    size_t nf = 0;
    for (char *p = line; nf < 6; nf++) {
        f[nf] = p;
        char *tab = strchr(p, '\t');
        if (!tab) {
            nf++;
            break;
        }
        *tab = '\0';
        p = tab + 1;
    }
    if (nf < 5)
        return N_("expected code point, character, strokes, stroke order and pinyin");
    memset(e, 0, sizeof *e);
    char *end;
    unsigned long cp = strtoul(f[0], &end, 16);
    if (!*f[0] || *end || cp == 0 || cp > 0x10FFFF)
        return N_("the code point is not a hexadecimal number");
    e->cp = (gunichar)cp;
    if (!g_utf8_validate(f[1], -1, NULL) || g_utf8_strlen(f[1], -1) != 1 ||
        g_utf8_get_char(f[1]) != e->cp)
        return N_("the character does not match its code point");
    long st = strtol(f[2], &end, 10);
    if (!*f[2] || *end || st < 1 || st >= ORDER_MAX)
        return N_("the stroke count is not a number from 1 to 39");
    e->strokes = (int)st;
    size_t ol = strlen(f[3]);
    if (ol && ol != (size_t)st)
        return N_("the stroke order does not have as many strokes as the count");
    for (size_t i = 0; i < ol; i++)
        if (f[3][i] < '1' || f[3][i] > '5')
            return N_("the stroke order must be digits 1 to 5");
    memcpy(e->order, f[3], ol + 1);
    const char *sur = nf > 5 ? f[5] : "";
    if (!reading_ok(f[4]) || !reading_ok(sur))
        return N_("a reading must be letters and a tone digit, like li3");
    memcpy(e->pinyin, f[4], strlen(f[4]) + 1);
    memcpy(e->surname, sur, strlen(sur) + 1);
    return NULL;
}

typedef struct strokes_ctx {
    GArray *a;             /* entry */
    const char *name;
} strokes_ctx;

static bool strokes_take_line(char *line, unsigned long lineno, void *user, GError **err)
{
    strokes_ctx *c = user;
    entry e;
    const char *why = c->a->len >= TABLE_MAX ? N_("too many lines") : parse_line(line, &e);
    if (why) {
        g_set_error(err, GY_ERROR, GY_E_TEMPLATE, "%s:%lu: %s", c->name, lineno, _(why));
        return false;
    }
    g_array_append_val(c->a, e);
    return true;
}

gy_strokes *gy_strokes_parse(const char *text, gssize len, const char *name, GError **err)
{
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    strokes_ctx ctx = { g_array_new(FALSE, FALSE, sizeof(entry)), name };
    if (!gy_lines_each(text, n, name, strokes_take_line, &ctx, err)) {
        g_array_free(ctx.a, TRUE);
        return NULL;
    }
    GArray *a = ctx.a;
    gy_strokes *sk = g_new0(gy_strokes, 1);
    sk->n = a->len;
    sk->e = (entry *)(void *)g_array_free(a, FALSE);
    qsort(sk->e, sk->n, sizeof(entry), entry_cmp);
    for (size_t i = 1; i < sk->n; i++)
        if (sk->e[i].cp == sk->e[i - 1].cp) {
            g_set_error(err, GY_ERROR, GY_E_TEMPLATE, _("%s: U+%04X is listed twice"), name,
                        (unsigned)sk->e[i].cp);
            gy_strokes_free(sk);
            return NULL;
        }
    return sk;
}

static const entry *find(const gy_strokes *sk, gunichar c)
{
    if (!sk || !sk->n)
        return NULL;
    entry key = { .cp = c };
    return bsearch(&key, sk->e, sk->n, sizeof(entry), entry_cmp);
}

bool gy_strokes_lookup(const gy_strokes *sk, gunichar c, gy_hanzi *out)
{
    const entry *e = find(sk, c);
    if (!e)
        return false;
    out->strokes = e->strokes;
    out->order = e->order;
    out->pinyin = e->pinyin;
    out->surname = e->surname;
    return true;
}

static int cmp_int(long a, long b)
{
    return a < b ? -1 : a > b;
}

/* Two characters by strokes: count, then stroke order; 0 when these do not tell them apart. */
static int by_strokes(const entry *x, const entry *y)
{
    if (x->strokes != y->strokes)
        return cmp_int(x->strokes, y->strokes);
    bool kx = x->order[0] != '\0', ky = y->order[0] != '\0';
    if (kx != ky)
        return kx ? -1 : 1;
    return kx ? strcmp(x->order, y->order) : 0;
}

/* A reading's letters compare first, the tone after: "li3" < "lian2". */
static int by_reading(const char *x, const char *y)
{
    bool kx = *x != '\0', ky = *y != '\0';
    if (kx != ky)
        return kx ? -1 : 1;
    if (!kx)
        return 0;
    size_t lx = strlen(x) - 1, ly = strlen(y) - 1;
    int c = strncmp(x, y, MIN(lx, ly));
    if (c)
        return c;
    if (lx != ly)
        return cmp_int((long)lx, (long)ly);
    return cmp_int(x[lx], y[ly]);
}

static int compare_char(const gy_strokes *sk, gy_name_order order, gunichar a, gunichar b,
                        bool first)
{
    if (a == b)
        return 0;
    const entry *x = find(sk, a), *y = find(sk, b);
    if (!x || !y) {
        if (x || y)
            return x ? -1 : 1;
        return a < b ? -1 : 1;
    }
    int c = 0;
    if (order == GY_ORDER_PINYIN) {
        const char *rx = first && x->surname[0] ? x->surname : x->pinyin;
        const char *ry = first && y->surname[0] ? y->surname : y->pinyin;
        c = by_reading(rx, ry);
    }
    if (!c)
        c = by_strokes(x, y);
    return c ? c : (a < b ? -1 : 1);
}

int gy_strokes_compare(const gy_strokes *sk, gy_name_order order, const char *a, const char *b)
{
    const char *p = a, *q = b;
    bool first = true;
    while (*p && *q) {
        gunichar x = g_utf8_get_char_validated(p, -1), y = g_utf8_get_char_validated(q, -1);
        if (x >= 0x110000 || y >= 0x110000)   /* (gunichar)-1 or -2: invalid UTF-8 */
            return strcmp(p, q);
        int c = compare_char(sk, order, x, y, first);
        if (c)
            return c;
        p = g_utf8_next_char(p);
        q = g_utf8_next_char(q);
        first = false;
    }
    return *p ? 1 : *q ? -1 : 0;
}

static bool name_separator(gunichar c)
{
    return c == ' ' || c == 0x00B7 || c == 0x2022 || c == 0x2027 || c == 0x30FB || c == 0xFF65;
}

gunichar gy_strokes_unknown(const gy_strokes *sk, const char *name)
{
    if (!g_utf8_validate(name, -1, NULL))
        return 0xFFFD;
    for (const char *p = name; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!name_separator(c) && !find(sk, c))
            return c;
    }
    return 0;
}

bool gy_name_order_parse(const char *s, gy_name_order *out)
{
    if (!strcmp(s, "stroke") || !strcmp(s, "strokes") || !strcmp(s, "笔画")) {
        *out = GY_ORDER_STROKES;
        return true;
    }
    if (!strcmp(s, "pinyin") || !strcmp(s, "拼音")) {
        *out = GY_ORDER_PINYIN;
        return true;
    }
    return false;
}
