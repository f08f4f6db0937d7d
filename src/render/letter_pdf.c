/* letter_pdf.c — a reply draft as a PDF laid out per GB/T 9704-2012 (党政机关公文格式) with
 * cairo + pango, and the font check behind gy_letter_font_report.
 *
 * Layout runs in two passes: every line of text and every rule is first given a page and a
 * position (a "mark"), so that a heading can be kept with its next line and the signature
 * block can take the last line of the text along to a new page; then the marks are drawn page
 * by page with the page numbers. Text lines sit on the standard's grid of 22 rows per page. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "guiyan/i18n.h"
#include "guiyan/letter.h"
#include "guiyan/output.h"
#include "guiyan/error.h"

/* ---- the page: GB/T 9704-2012 §5.2, §7 ---- */

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)            /* A4 */
#define PAGE_H (297.0 * MM)
#define BLOCK_X (28.0 * MM)            /* 订口 (binding, left) margin */
#define BLOCK_Y (37.0 * MM)            /* 天头 (top) margin */
#define BLOCK_W (156.0 * MM)           /* 版心 */
#define BLOCK_H (225.0 * MM)
#define ROWS 22                        /* lines a page */
#define COLS 28                        /* characters a line */
#define ROW_H (BLOCK_H / ROWS)
#define PT_2 22.0                      /* 2号: title */
#define PT_3 16.0                      /* 3号: text */
#define PT_4 14.0                      /* 4号: 抄送, page numbers */
#define ORG_PT 26.0                    /* 发文机关标志 (size is the sender's choice) */
#define EM_ASCENT 0.88                 /* ideographic em box above the baseline */
#define FOLIO_GAP (7.0 * MM)           /* 一字线 below the text block */
#define ORG_RULE_GAP (4.0 * MM)        /* red double rule under the 发文机关标志 */
#define ORG_RULE_W (170.0 * MM)
#define RULE_THICK (0.35 * MM)         /* 版记 rules */
#define MAX_PAGES 999

static const double BLACK[3] = { 0, 0, 0 };
static const double RED[3] = { 0.902, 0, 0.071 };   /* #E60012 */

/* ---- fonts ---- */

typedef enum font_role { F_BODY, F_TITLE, F_H1, F_H2, F_FOLIO, F__N } font_role;

typedef struct role_def {
    const char *label;                 /* in the report (an English msgid) */
    const char *wanted[8];             /* asked for by default, best first */
    const char *subst[4];              /* installed look-alikes, best first */
    PangoWeight subst_weight;          /* 小标宋 is heavier than a regular 宋体 */
} role_def;

static const role_def ROLES[F__N] = {
    [F_BODY] = { N_("body"),
                 { "仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong", "STFangsong", "华文仿宋" },
                 { "Noto Serif CJK SC", "AR PL UMing CN" }, PANGO_WEIGHT_NORMAL },
    [F_TITLE] = { N_("title"),
                  { "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05",
                    "华文中宋", "STZhongsong" },
                  { "Noto Serif CJK SC", "AR PL UMing CN" }, PANGO_WEIGHT_BOLD },
    [F_H1] = { N_("heading 1"), { "黑体", "SimHei" },
               { "Noto Sans CJK SC", "WenQuanYi Zen Hei" }, PANGO_WEIGHT_NORMAL },
    [F_H2] = { N_("heading 2"),
               { "楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi", "STKaiti", "华文楷体" },
               { "AR PL UKai CN", "Noto Serif CJK SC" }, PANGO_WEIGHT_NORMAL },
    [F_FOLIO] = { N_("page number"), { "宋体", "SimSun", "NSimSun" },
                  { "Noto Serif CJK SC", "AR PL UMing CN" }, PANGO_WEIGHT_NORMAL },
};

typedef struct font_pick {
    char *family;                      /* what pango is asked for */
    PangoWeight weight;
    char *note;                        /* the substitution, or NULL */
} font_pick;

static const char *style_font(const gy_letter_style *st, font_role r)
{
    if (!st)
        return NULL;
    switch (r) {
    case F_BODY: return st->body_font;
    case F_TITLE: return st->title_font;
    case F_H1: return st->heading1_font;
    case F_H2: return st->heading2_font;
    default: return NULL;
    }
}

/* A font of this family (any of its names, 仿宋 or FangSong alike) that shows Chinese. */
static bool family_installed(const char *family)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_CHARSET, NULL);
    FcFontSet *fs = FcFontList(NULL, pat, os);
    bool ok = false;
    for (int i = 0; fs && i < fs->nfont && !ok; i++) {
        FcCharSet *cs = NULL;
        ok = FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
             FcCharSetHasChar(cs, 0x4E2D) && FcCharSetHasChar(cs, 0x3002);   /* 中 。 */
    }
    if (fs)
        FcFontSetDestroy(fs);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    return ok;
}

/* Whatever fontconfig prefers for Chinese, when no look-alike is installed. */
static char *any_chinese_family(void)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *fs = FcFontSort(NULL, pat, FcFalse, NULL, &res);
    char *family = NULL;
    for (int i = 0; fs && i < fs->nfont && !family; i++) {
        FcCharSet *cs = NULL;
        FcChar8 *fam = NULL;
        if (FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
            FcCharSetHasChar(cs, 0x4E2D) && FcCharSetHasChar(cs, 0x3002) &&
            FcPatternGetString(fs->fonts[i], FC_FAMILY, 0, &fam) == FcResultMatch)
            family = g_strdup((const char *)fam);
    }
    if (fs)
        FcFontSetDestroy(fs);
    FcPatternDestroy(pat);
    return family;
}

static void picks_clear(font_pick picks[F__N])
{
    for (int r = 0; r < F__N; r++) {
        g_free(picks[r].family);
        g_free(picks[r].note);
        picks[r] = (font_pick){ 0 };
    }
}

/* The family for each role: the one asked for if installed, else the first installed
 * look-alike, else fontconfig's Chinese default (each substitution noted). false when no
 * installed font shows Chinese at all. */
static bool fonts_pick(const gy_letter_style *st, font_pick picks[F__N])
{
    FcInit();
    for (int r = 0; r < F__N; r++) {
        const role_def *rd = &ROLES[r];
        const char *own = style_font(st, (font_role)r);
        font_pick *p = &picks[r];
        *p = (font_pick){ .weight = PANGO_WEIGHT_NORMAL };
        if (own && *own) {
            if (family_installed(own))
                p->family = g_strdup(own);
        } else {
            for (int i = 0; i < 8 && rd->wanted[i] && !p->family; i++)
                if (family_installed(rd->wanted[i]))
                    p->family = g_strdup(rd->wanted[i]);
        }
        if (p->family)
            continue;
        p->weight = rd->subst_weight;
        for (int i = 0; i < 4 && rd->subst[i] && !p->family; i++)
            if (family_installed(rd->subst[i]))
                p->family = g_strdup(rd->subst[i]);
        if (!p->family)
            p->family = any_chinese_family();
        const char *asked = own && *own ? own : rd->wanted[0];
        if (p->family)
            p->note = g_strdup_printf(_("%s font \"%s\" is not installed; using \"%s\" instead"),
                                      _(rd->label), asked, p->family);
        else
            p->note = g_strdup_printf(_("%s font \"%s\" is not installed and no installed font "
                                        "shows Chinese; install the Debian package "
                                        "fonts-noto-cjk"), _(rd->label), asked);
    }
    for (int r = 0; r < F__N; r++)
        if (!picks[r].family)
            return false;
    return true;
}

char *gy_letter_font_report(const gy_letter_style *style)
{
    font_pick picks[F__N];
    fonts_pick(style, picks);
    GString *s = g_string_new(NULL);
    for (int r = 0; r < F__N; r++) {
        if (!picks[r].note)
            continue;
        if (s->len)
            g_string_append_c(s, '\n');
        g_string_append(s, picks[r].note);
    }
    picks_clear(picks);
    return g_string_free(s, FALSE);
}

/* ---- layout ---- */

typedef enum align { AL_LEFT, AL_RIGHT, AL_CENTER, AL_JUSTIFY } align;

/* How a paragraph is set. Lengths in points; left and width relative to the text block. */
typedef struct fmt {
    font_role font;
    double size;
    bool grid;                         /* letter spacing for 28 三号 characters a line */
    double indent;                     /* first line; negative: hanging */
    double left, width;
    align al;
    const double *rgb;
} fmt;

typedef enum mark_kind { MARK_TEXT, MARK_RULE } mark_kind;

typedef struct mark {
    mark_kind kind;
    int page;
    PangoLayoutLine *line;             /* TEXT: a line of a layout kept in lay.layouts */
    double x, y;                       /* TEXT: baseline origin; RULE: left end, stroke centre */
    double w, thick;                   /* RULE */
    double size;                       /* TEXT: font size (for moving it to another row) */
    const double *rgb;
    gy_para_kind para;                 /* TEXT: the paragraph's kind */
} mark;

typedef struct lay {
    PangoContext *ctx;
    PangoFontDescription *font[F__N];
    int cell;                          /* one grid character, pango units */
    GPtrArray *layouts;                /* PangoLayout*, owned */
    GArray *marks;                     /* mark */
    int page;                          /* current page, from 0 */
    double y;                          /* height used on the current page, from the block top */
    bool overflow;                     /* more than MAX_PAGES */
} lay;

static double cell_pt(const lay *L)
{
    return (double)L->cell / PANGO_SCALE;
}

static bool lay_init(lay *L, const gy_letter_style *style, font_pick picks[F__N])
{
    memset(L, 0, sizeof *L);
    if (!fonts_pick(style, picks))
        return false;
    L->ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
    pango_cairo_context_set_resolution(L->ctx, 72.0);   /* pango points are PDF units */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(L->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(L->ctx, FALSE);
    pango_context_set_language(L->ctx, pango_language_from_string("zh-cn"));
    for (int r = 0; r < F__N; r++) {
        L->font[r] = pango_font_description_new();
        pango_font_description_set_family(L->font[r], picks[r].family);
        pango_font_description_set_weight(L->font[r], picks[r].weight);
    }
    /* 28 characters fill the 156 mm line: a cell a little under 16 pt */
    L->cell = (int)floor(BLOCK_W * PANGO_SCALE / COLS);
    L->layouts = g_ptr_array_new_with_free_func(g_object_unref);
    L->marks = g_array_new(FALSE, TRUE, sizeof(mark));
    return true;
}

static void lay_clear(lay *L)
{
    for (int r = 0; r < F__N; r++)
        if (L->font[r])
            pango_font_description_free(L->font[r]);
    if (L->layouts)
        g_ptr_array_free(L->layouts, TRUE);
    if (L->marks)
        g_array_free(L->marks, TRUE);
    if (L->ctx)
        g_object_unref(L->ctx);
}

/* A laid-out paragraph (kept in L->layouts until the PDF is drawn). */
static PangoLayout *layout_new(lay *L, const fmt *f, const char *text)
{
    PangoLayout *pl = pango_layout_new(L->ctx);
    PangoFontDescription *fd = pango_font_description_copy(L->font[f->font]);
    pango_font_description_set_absolute_size(fd, f->size * PANGO_SCALE);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    double width = f->width > 0 ? f->width : BLOCK_W - f->left;
    if (f->grid) {
        PangoAttrList *al = pango_attr_list_new();
        pango_attr_list_insert(al, pango_attr_letter_spacing_new(L->cell - (int)(f->size *
                                                                           PANGO_SCALE)));
        pango_layout_set_attributes(pl, al);
        pango_attr_list_unref(al);
        /* exactly whole cells (plus a hair for rounding), so a 29th character never fits */
        int cells = (int)floor(width * PANGO_SCALE / L->cell + 1e-6);
        pango_layout_set_width(pl, cells * L->cell + 8);
    } else
        pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_indent(pl, (int)lround(f->indent * PANGO_SCALE));
    pango_layout_set_alignment(pl, f->al == AL_RIGHT    ? PANGO_ALIGN_RIGHT
                                   : f->al == AL_CENTER ? PANGO_ALIGN_CENTER
                                                        : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(pl, f->al == AL_JUSTIFY);
    char *valid = g_utf8_make_valid(text, -1);
    pango_layout_set_text(pl, valid, -1);
    g_free(valid);
    g_ptr_array_add(L->layouts, pl);
    return pl;
}

/* Widest line of a layout, points. */
static double layout_width(PangoLayout *pl)
{
    PangoRectangle log;
    pango_layout_get_extents(pl, NULL, &log);
    return (double)log.width / PANGO_SCALE;
}

static void page_break(lay *L)
{
    L->page++;
    L->y = 0;
    if (L->page >= MAX_PAGES)
        L->overflow = true;
}

/* The first whole grid row at or below y. */
static int row_at(double y)
{
    return (int)ceil(y / ROW_H - 1e-6);
}

static int rows_free(const lay *L)
{
    return ROWS - row_at(L->y);
}

/* n blank rows, except at the top of a page. */
static void blank_rows(lay *L, int n)
{
    if (L->y > 0)
        L->y = (row_at(L->y) + n) * ROW_H;
}

/* Baseline of a line of size pt centred in the grid row `row`, page coordinates. */
static double row_baseline(int row, double size)
{
    return BLOCK_Y + row * ROW_H + (ROW_H - size) / 2 + EM_ASCENT * size;
}

static void mark_text(lay *L, PangoLayoutLine *line, double x, double baseline, double size,
                      const double *rgb, gy_para_kind para)
{
    mark m = { .kind = MARK_TEXT, .page = L->page, .line = line, .x = x, .y = baseline,
               .size = size, .rgb = rgb, .para = para };
    g_array_append_val(L->marks, m);
}

static void mark_rule(lay *L, double x, double y, double w, double thick, const double *rgb)
{
    mark m = { .kind = MARK_RULE, .page = L->page, .x = x, .y = y, .w = w, .thick = thick,
               .rgb = rgb };
    g_array_append_val(L->marks, m);
}

/* Each line of pl on the next grid row, breaking pages as needed. x_of: when not NULL, the
 * left edge of each line from its width (else pango's alignment and indent). */
static void place_lines(lay *L, PangoLayout *pl, const fmt *f, gy_para_kind para,
                        double (*x_of)(double w, const void *arg), const void *arg)
{
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        int row = row_at(L->y);
        if (row >= ROWS) {
            page_break(L);
            row = 0;
        }
        double x = x_of ? x_of((double)log.width / PANGO_SCALE, arg)
                        : f->left + (double)log.x / PANGO_SCALE;
        mark_text(L, pango_layout_iter_get_line_readonly(it), BLOCK_X + x,
                  row_baseline(row, f->size), f->size, f->rgb, para);
        L->y = (row + 1) * ROW_H;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static const gy_para *para_at(const gy_draft *d, guint i)
{
    return i < d->paras->len ? g_ptr_array_index(d->paras, i) : NULL;
}

static bool kind_at(const gy_draft *d, guint i, gy_para_kind k)
{
    const gy_para *pa = para_at(d, i);
    return pa && pa->kind == k;
}

/* 正文-like paragraphs: 3号, first line in two characters, justified on the grid. */
static fmt text_fmt(const lay *L, font_role font)
{
    return (fmt){ .font = font, .size = PT_3, .grid = true, .indent = 2 * cell_pt(L),
                  .al = AL_JUSTIFY, .rgb = BLACK };
}

/* A title wrapped over n lines is balanced: the narrowest width that still gives n lines, so
 * that the lines come out of even length instead of one full line and a stub. */
static void title_balance(PangoLayout *pl)
{
    int n = pango_layout_get_line_count(pl);
    if (n < 2)
        return;
    int hi = pango_layout_get_width(pl), lo = hi / 2;
    while (hi - lo > PANGO_SCALE / 4) {
        int mid = lo + (hi - lo) / 2;
        pango_layout_set_width(pl, mid);
        if (pango_layout_get_line_count(pl) > n)
            lo = mid;
        else
            hi = mid;
    }
    pango_layout_set_width(pl, hi);
}

/* 发文机关标志: red, centred, the size shrunk to fit one line; two rows a line; the red double
 * rule (thick over thin) 4 mm under the last line. */
static void place_org(lay *L, const gy_para *pa, bool last)
{
    fmt f = { .font = F_TITLE, .size = ORG_PT, .al = AL_CENTER, .rgb = RED };
    PangoLayout *pl = layout_new(L, &f, pa->text);
    double w = layout_width(pl);
    if (pango_layout_get_line_count(pl) == 1 && w > BLOCK_W * 0.98) {
        f.size = MAX(PT_3, ORG_PT * BLOCK_W * 0.98 / w);
        pl = layout_new(L, &f, pa->text);
    }
    int n = pango_layout_get_line_count(pl);
    if (row_at(L->y) + 2 * n > ROWS && L->y > 0)
        page_break(L);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    double bottom = 0;
    do {
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        int row = row_at(L->y);
        double em_top = row * ROW_H + (2 * ROW_H - f.size) / 2;
        mark_text(L, pango_layout_iter_get_line_readonly(it),
                  BLOCK_X + (double)log.x / PANGO_SCALE,
                  BLOCK_Y + em_top + EM_ASCENT * f.size, f.size, f.rgb, pa->kind);
        bottom = em_top + f.size;
        L->y = (row + 2) * ROW_H;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    if (!last)
        return;
    double x = BLOCK_X + (BLOCK_W - ORG_RULE_W) / 2;
    double thick = 2.0, thin = 0.75, gap = 1.5;
    double y = bottom + ORG_RULE_GAP;
    mark_rule(L, x, BLOCK_Y + y + thick / 2, ORG_RULE_W, thick, RED);
    mark_rule(L, x, BLOCK_Y + y + thick + gap + thin / 2, ORG_RULE_W, thin, RED);
    L->y = y + thick + gap + thin;
}

/* 发文字号: flush right; right under the red rule (7/8 of a 3号 character below it, per the
 * 信函格式) when it follows the 发文机关标志, else on the next row. */
static void place_docno(lay *L, const gy_para *pa, bool after_org)
{
    fmt f = { .font = F_BODY, .size = PT_3, .grid = true, .al = AL_RIGHT, .rgb = BLACK };
    PangoLayout *pl = layout_new(L, &f, pa->text);
    if (!after_org || pango_layout_get_line_count(pl) != 1) {
        place_lines(L, pl, &f, pa->kind, NULL, NULL);
        return;
    }
    PangoRectangle log;
    pango_layout_get_extents(pl, NULL, &log);
    double em_top = L->y + PT_3 * 7 / 8;
    mark_text(L, pango_layout_get_line_readonly(pl, 0), BLOCK_X + (double)log.x / PANGO_SCALE,
              BLOCK_Y + em_top + EM_ASCENT * PT_3, PT_3, BLACK, pa->kind);
    L->y = em_top + PT_3;
}

typedef struct centre_arg {
    double cx;                         /* centre of the 成文日期, from the block's left */
} centre_arg;

static double x_centred(double w, const void *arg)
{
    const centre_arg *c = arg;
    return CLAMP(c->cx - w / 2, 0, MAX(0, BLOCK_W - w));
}

/* 发文机关署名 and 成文日期 (paragraphs first..end-1): a blank row after the text, the date four
 * characters in from the right edge, each signature line centred over it (GB/T 9704 §7.3.5).
 * Kept together on one page; when they do not fit, the last line of the text goes along. */
static void place_signature(lay *L, const gy_draft *d, guint first, guint end)
{
    fmt sig = { .font = F_BODY, .size = PT_3, .grid = true, .al = AL_LEFT, .rgb = BLACK };
    fmt date = sig;
    date.width = BLOCK_W - 4 * cell_pt(L);
    date.al = AL_RIGHT;
    GPtrArray *pls = g_ptr_array_new();
    int lines = 0;
    double date_w = 0;
    bool has_date = false;
    for (guint i = first; i < end; i++) {
        const gy_para *pa = para_at(d, i);
        PangoLayout *pl = layout_new(L, pa->kind == GY_PARA_DATE ? &date : &sig, pa->text);
        g_ptr_array_add(pls, pl);
        lines += pango_layout_get_line_count(pl);
        if (pa->kind == GY_PARA_DATE) {
            date_w = MAX(date_w, layout_width(pl));
            has_date = true;
        }
    }
    /* without a date the signature stands two characters in from the right edge */
    centre_arg c = { has_date ? date.width - date_w / 2 : 0 };
    if (L->y > 0 && row_at(L->y) + 1 + lines > ROWS) {
        guint n = L->marks->len;
        mark *last = n ? &g_array_index(L->marks, mark, n - 1) : NULL;
        page_break(L);
        if (last && last->kind == MARK_TEXT && last->page == L->page - 1 &&
            last->para != GY_PARA_TITLE && lines + 2 <= ROWS) {
            last->page = L->page;
            last->y = row_baseline(0, last->size);
            L->y = ROW_H;
        }
    }
    blank_rows(L, 1);
    for (guint i = first; i < end; i++) {
        const gy_para *pa = para_at(d, i);
        PangoLayout *pl = g_ptr_array_index(pls, i - first);
        if (pa->kind == GY_PARA_DATE || has_date)
            place_lines(L, pl, pa->kind == GY_PARA_DATE ? &date : &sig, pa->kind,
                        pa->kind == GY_PARA_DATE ? NULL : x_centred, &c);
        else {
            fmt right = sig;
            right.width = BLOCK_W - 2 * cell_pt(L);
            right.al = AL_RIGHT;
            place_lines(L, layout_new(L, &right, pa->text), &right, pa->kind, NULL, NULL);
        }
    }
    g_ptr_array_free(pls, TRUE);
}

/* 抄送 (版记) at the foot of the last page: 4号, one character in from both edges, wrapped
 * lines aligned after "抄送：", a thick rule above and one on the block's lower edge, thin
 * rules between several paragraphs (GB/T 9704 §7.4). */
static void place_cc(lay *L, const gy_draft *d)
{
    GPtrArray *pls = g_ptr_array_new();
    GArray *fmts = g_array_new(FALSE, TRUE, sizeof(fmt));
    int lines = 0;
    for (guint i = 0; i < d->paras->len; i++) {
        const gy_para *pa = para_at(d, i);
        if (pa->kind != GY_PARA_CC)
            continue;
        fmt f = { .font = F_BODY, .size = PT_4, .left = PT_4, .width = BLOCK_W - 2 * PT_4,
                  .al = AL_LEFT, .rgb = BLACK };
        const char *colon = strstr(pa->text, "：");
        if (colon && colon - pa->text <= 24) {
            char *head = g_strndup(pa->text, (gsize)(colon - pa->text) + strlen("："));
            fmt hf = f;
            PangoLayout *hl = layout_new(L, &hf, head);
            f.indent = -layout_width(hl);
            g_free(head);
        }
        PangoLayout *pl = layout_new(L, &f, pa->text);
        g_ptr_array_add(pls, pl);
        g_array_append_val(fmts, f);
        lines += pango_layout_get_line_count(pl);
    }
    if (!pls->len)
        goto done;
    lines = MIN(lines, ROWS);
    if (row_at(L->y) + lines > ROWS)
        page_break(L);
    int row = ROWS - lines;
    mark_rule(L, BLOCK_X, BLOCK_Y + row * ROW_H, BLOCK_W, RULE_THICK, BLACK);
    for (guint k = 0; k < pls->len; k++) {
        if (k)
            mark_rule(L, BLOCK_X, BLOCK_Y + row * ROW_H, BLOCK_W, 0.25 * MM, BLACK);
        PangoLayoutIter *it = pango_layout_get_iter(g_ptr_array_index(pls, k));
        const fmt *f = &g_array_index(fmts, fmt, k);
        do {
            PangoRectangle log;
            pango_layout_iter_get_line_extents(it, NULL, &log);
            if (row < ROWS)
                mark_text(L, pango_layout_iter_get_line_readonly(it),
                          BLOCK_X + f->left + (double)log.x / PANGO_SCALE,
                          row_baseline(row, f->size), f->size, BLACK, GY_PARA_CC);
            row++;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }
    mark_rule(L, BLOCK_X, BLOCK_Y + BLOCK_H, BLOCK_W, RULE_THICK, BLACK);
    L->y = BLOCK_H;
done:
    g_ptr_array_free(pls, TRUE);
    g_array_free(fmts, TRUE);
}

/* Every paragraph of d to marks, in order (抄送 last, at the foot of the last page). */
static void lay_out(lay *L, const gy_draft *d)
{
    gy_para_kind prev = GY_PARA_CC;
    for (guint i = 0; i < d->paras->len && !L->overflow; i++) {
        const gy_para *pa = para_at(d, i);
        fmt f;
        switch (pa->kind) {
        case GY_PARA_CATEGORY:
            /* 答复类别, 公开属性: top right */
            f = (fmt){ .font = F_H1, .size = PT_3, .grid = true, .al = AL_RIGHT, .rgb = BLACK };
            place_lines(L, layout_new(L, &f, pa->text), &f, pa->kind, NULL, NULL);
            break;
        case GY_PARA_ORG:
            place_org(L, pa, !kind_at(d, i + 1, GY_PARA_ORG));
            break;
        case GY_PARA_DOCNO:
            /* right after the last 发文机关标志 line, hence under its rule */
            place_docno(L, pa, prev == GY_PARA_ORG);
            break;
        case GY_PARA_TITLE: {
            f = (fmt){ .font = F_TITLE, .size = PT_2, .al = AL_CENTER, .rgb = BLACK };
            PangoLayout *pl = layout_new(L, &f, pa->text);
            title_balance(pl);
            int n = pango_layout_get_line_count(pl);
            if (prev != GY_PARA_TITLE) {
                /* two rows under the head (信函格式), one under anything else */
                blank_rows(L, prev == GY_PARA_ORG || prev == GY_PARA_DOCNO ? 2 : 1);
                if (L->y > 0 && rows_free(L) < n + 2)
                    page_break(L);
            }
            /* centred on the block whatever width balancing left the layout */
            f.width = (double)pango_layout_get_width(pl) / PANGO_SCALE;
            f.left = (BLOCK_W - f.width) / 2;
            place_lines(L, pl, &f, pa->kind, NULL, NULL);
            if (!kind_at(d, i + 1, GY_PARA_TITLE))
                blank_rows(L, 1);
            break;
        }
        case GY_PARA_ADDRESSEE:
            f = text_fmt(L, F_BODY);
            f.indent = 0;
            f.al = AL_LEFT;
            place_lines(L, layout_new(L, &f, pa->text), &f, pa->kind, NULL, NULL);
            break;
        case GY_PARA_HEADING1:
        case GY_PARA_HEADING2: {
            f = text_fmt(L, pa->kind == GY_PARA_HEADING1 ? F_H1 : F_H2);
            PangoLayout *pl = layout_new(L, &f, pa->text);
            /* kept with the next line */
            if (L->y > 0 && rows_free(L) < pango_layout_get_line_count(pl) + 1)
                page_break(L);
            place_lines(L, pl, &f, pa->kind, NULL, NULL);
            break;
        }
        case GY_PARA_SIGNATURE:
        case GY_PARA_DATE: {
            guint end = i + 1;
            while (kind_at(d, end, GY_PARA_SIGNATURE) || kind_at(d, end, GY_PARA_DATE))
                end++;
            place_signature(L, d, i, end);
            i = end - 1;
            break;
        }
        case GY_PARA_CC:
            continue;                  /* placed at the end */
        case GY_PARA_BODY:
        case GY_PARA_NOTE:
        default:
            f = text_fmt(L, F_BODY);
            place_lines(L, layout_new(L, &f, pa->text), &f, pa->kind, NULL, NULL);
            break;
        }
        prev = para_at(d, i)->kind;
    }
    if (!L->overflow)
        place_cc(L, d);
}

/* ---- drawing ---- */

/* "— N —": 4号宋体, the dashes 7 mm under the text block; odd pages right, even pages left,
 * one character in (GB/T 9704 §7.5). */
static void draw_folio(cairo_t *cr, lay *L, int page)
{
    fmt f = { .font = F_FOLIO, .size = PT_4, .width = BLOCK_W, .al = AL_LEFT, .rgb = BLACK };
    PangoLayout *dash = layout_new(L, &f, "—");
    PangoRectangle ink;
    pango_layout_line_get_extents(pango_layout_get_line_readonly(dash, 0), &ink, NULL);
    double mid = ((double)ink.y + ink.height / 2.0) / PANGO_SCALE;   /* above baseline: < 0 */
    char *text = g_strdup_printf("— %d —", page);
    PangoLayout *pl = layout_new(L, &f, text);
    g_free(text);
    double w = layout_width(pl);
    double x = page % 2 ? BLOCK_X + BLOCK_W - PT_4 - w : BLOCK_X + PT_4;
    double baseline = BLOCK_Y + BLOCK_H + FOLIO_GAP - mid;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x, baseline);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(pl, 0));
}

static void draw_mark(cairo_t *cr, const mark *m)
{
    cairo_set_source_rgb(cr, m->rgb[0], m->rgb[1], m->rgb[2]);
    if (m->kind == MARK_TEXT) {
        cairo_move_to(cr, m->x, m->y);
        pango_cairo_show_layout_line(cr, m->line);
    } else {
        cairo_set_line_width(cr, m->thick);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_move_to(cr, m->x, m->y);
        cairo_line_to(cr, m->x + m->w, m->y);
        cairo_stroke(cr);
    }
}

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The PDF's dates: the draft's 成文日期 (Beijing time), else SOURCE_DATE_EPOCH, else
 * 1980-01-01. */
static char *pdf_date(const gy_draft *d)
{
    int y, m, day;
    char tail;
    if (d->date_iso && sscanf(d->date_iso, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 &&
        y >= 1 && g_date_valid_dmy(day, m, y))
        return g_strdup_printf("%04d-%02d-%02dT00:00:00+08:00", y, m, day);
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    gint64 secs = sde ? g_ascii_strtoll(sde, &end, 10) : -1;
    GDateTime *dt = sde && end && *end == '\0' && secs >= 0
                        ? g_date_time_new_from_unix_utc(secs) : NULL;
    if (dt) {
        char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
        g_date_time_unref(dt);
        if (s)
            return s;
    }
    return g_strdup("1980-01-01T00:00:00Z");
}

gy_error gy_letter_write_pdf(const gy_draft *d, const gy_letter_style *style, const char *path,
                             GError **err)
{
    font_pick picks[F__N];
    lay L;
    if (!lay_init(&L, style, picks)) {
        g_set_error(err, GY_ERROR, GY_E_FONT, _("%s: no installed font can show Chinese; "
                                                 "install the Debian package fonts-noto-cjk"),
                    path);
        picks_clear(picks);
        return GY_E_FONT;
    }
    picks_clear(picks);
    lay_out(&L, d);
    if (L.overflow) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("%s: more than %d pages"), path, MAX_PAGES);
        lay_clear(&L);
        return GY_E_USAGE;
    }
    int pages = L.page + 1;

    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, pdf, PAGE_W, PAGE_H);
    char *date = pdf_date(d);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "guiyan " GY_VERSION);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free(date);
    cairo_t *cr = cairo_create(s);
    guint k = 0;
    for (int p = 0; p < pages; p++) {
        for (; k < L.marks->len; k++) {
            const mark *m = &g_array_index(L.marks, mark, k);
            if (m->page != p)
                break;
            draw_mark(cr, m);
        }
        draw_folio(cr, &L, p + 1);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    gy_error r;
    if (cs != CAIRO_STATUS_SUCCESS) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, cairo_status_to_string(cs));
        r = GY_E_IO;
    } else
        r = gy_output_write(path, (const char *)pdf->data, pdf->len, err);
    g_byte_array_free(pdf, TRUE);
    lay_clear(&L);
    return r;
}
