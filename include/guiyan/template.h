/* template.h — reply templates (report_templates/reply_*.txt): lines of text with paragraph
 * markers (#标题, #一级, #主送 …) and {{…}} placeholders that name a figure — an indicator, a
 * period, a scope and a format. Parsing resolves every placeholder against the region, the
 * indicator table and the run's dates, so a bad template fails with its line and column before
 * any data is read; filling computes each figure from a cube and builds the gy_draft.
 * The syntax is documented in report_templates/README.md. No I/O except gy_tpl_load's read. */
#ifndef GUIYAN_TEMPLATE_H
#define GUIYAN_TEMPLATE_H

#include <stdbool.h>
#include <glib.h>

#include "guiyan/county.h"
#include "guiyan/cube.h"
#include "guiyan/draft.h"
#include "guiyan/error.h"
#include "guiyan/indicator.h"
#include "guiyan/numfmt.h"
#include "guiyan/types.h"

/* What a template is resolved against. Everything is borrowed and must outlive the template. */
typedef struct gy_tpl_ctx {
    const gy_region *region;          /* counties a scope may name */
    const gy_indicators *indicators;  /* names, measure words; may be NULL (keys only) */
    int year;                         /* the report year (--year): the default period */
    gy_day as_of;                     /* --as-of: 今年以来 ends here; the 成文日期 */
    const char *org;                  /* {{填报单位}}: the region's organisation; NULL or ""
                                       * makes that placeholder an error */
    /* Declared indicators (other record kinds: gy_indicators_find_declared): the figure over
     * county (GY_ALL) and days [from, to] (from GY_NO_DAY: from the start), *n_records the
     * records behind it; *missing the label of the list (培训台账) when the run read no list
     * of the indicator's kind, else NULL — the figure is then written 【未提供培训台账】, never
     * 0. NULL callback: a placeholder naming one is an unknown indicator. */
    int64_t (*declared)(const gy_indicator *ind, size_t county, gy_day from, gy_day to,
                        size_t *n_records, const char **missing, void *user);
    void *declared_user;
} gy_tpl_ctx;

/* How a figure is written. */
typedef enum gy_fig_kind {
    GY_FIG_PROSE,    /* official prose: 1.85万人, 3146人, 1.88亿元 (gy_cn_count / gy_cn_money) */
    GY_FIG_NUMBER,   /* exact plain number: 18512; money in 万元, exact, trimmed: 18797 */
    GY_FIG_SHARE,    /* the scope's share of the whole region in the same period: 12.3% */
    GY_FIG_YOY,      /* against the same period a year earlier: 同比增长12.5% (gy_cn_yoy) */
    GY_FIG_DELTA,    /* against the same period a year earlier: 增加1144人, 减少12.5万元 */
} gy_fig_kind;

/* One placeholder of the template, resolved. Strings are owned by the template. */
typedef struct gy_figure {
    unsigned line, col;          /* where "{{" stands: 1-based line, column in characters */
    char *source;                /* the placeholder as written, braces included */
    gy_ind ind;                  /* GY_IND__COUNT for a declared indicator (indicator->decl) */
    const gy_indicator *indicator;  /* its row of the indicator table; NULL if the table has
                                     * none (then the key names it) */
    const char *name;            /* Chinese name for people (the table's, or a built-in one) */
    gy_fig_kind kind;
    gy_day from, to;             /* the period, inclusive; from == GY_NO_DAY: from the start */
    size_t county;               /* region index, or GY_ALL */
    bool has_base;               /* SHARE, YOY, DELTA compare with a base figure: */
    gy_day base_from, base_to;   /*   YOY/DELTA: a year earlier; SHARE: the same period */
    size_t base_county;          /*   SHARE: GY_ALL; YOY/DELTA: county */
    char *period_label;          /* 2020年1月1日至2020年12月31日, 截至2020年12月31日（累计） */
    char *base_label;            /* the base's period label (NULL without a base) */
    char *scope_label;           /* 乐山市 (the whole region) or the county's official name */
    const char *measure;         /* measure word of prose counts (人, 个, 家); "元" for money */
    gy_qual qual;
    int digits;                  /* decimals of prose and percentages */
    /* set by gy_tpl_fill */
    int64_t value;               /* the figure (fen for money) */
    int64_t base;                /* the base figure, when has_base */
    char *text;                  /* what was written into the draft */
    size_t n_records;            /* declared indicators: the records behind value */
    const char *missing;         /* declared indicators: the list not given (then text is
                                  * 【未提供…】), or NULL */
    bool magnitude;              /* the format word 上: 上千人次 (gy_cn_magnitude) */
} gy_figure;

typedef struct gy_tpl gy_tpl;

/* Parse a template from UTF-8 text (a BOM and CRLF line ends are accepted); `origin` names it
 * in messages ("reply.txt"). Returns a new template (free with gy_tpl_free), or NULL with *err
 * in domain GY_ERROR, code GY_E_TEMPLATE, message "origin:line:col: reason": unknown
 * indicator, bad period, unknown county, unknown format, unclosed or empty placeholder,
 * unknown paragraph marker, invalid UTF-8, no paragraph at all. */
gy_tpl *gy_tpl_parse(const char *text, size_t len, const char *origin, const gy_tpl_ctx *ctx,
                     GError **err);

/* The same from a file: GY_E_TEMPLATE when it does not exist, GY_E_IO when it cannot be
 * read; the message names the path. */
gy_tpl *gy_tpl_load(const char *path, const gy_tpl_ctx *ctx, GError **err);

void gy_tpl_free(gy_tpl *t);   /* accepts NULL */

/* The origin given to gy_tpl_parse (the path for gy_tpl_load). */
const char *gy_tpl_origin(const gy_tpl *t);

/* The figures in template order (one per placeholder that names an indicator).
 * gy_tpl_figure returns NULL for i >= gy_tpl_n_figures. Borrowed from t. */
size_t gy_tpl_n_figures(const gy_tpl *t);
const gy_figure *gy_tpl_figure(const gy_tpl *t, size_t i);

/* Compute every figure from cube c (for the same region as the context) and build the draft:
 * one paragraph per template line, placeholders replaced by their text. Sets each figure's
 * value, base and text (a later fill replaces them). Returns a new draft (gy_draft_free), or
 * NULL with *err (GY_E_TEMPLATE, "origin:line:col: reason") when a comparison has no base
 * (同比 against a year with nothing, a share of a region total of 0). */
gy_draft *gy_tpl_fill(gy_tpl *t, const gy_cube *c, GError **err);

/* "2021年6月15日" (no zero padding); "" for GY_NO_DAY. Newly allocated. */
char *gy_tpl_date_zh(gy_day d);

#endif
