/* options.c — a command's options by name into its cfg, and the checks between them: the one
 * validation of the command line (src/face/) and the web front end (src/serve/). */
#include <stdlib.h>
#include <string.h>

#include "guiyan/config.h"
#include "guiyan/declared.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/kinds.h"
#include "guiyan/measures.h"
#include "guiyan/reader.h"
#include "guiyan/strokes.h"
#include "guiyan/targets.h"
#include "run_int.h"

static bool usage(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool usage(GError **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(err, GY_ERROR, GY_E_USAGE, msg);
    g_free(msg);
    return false;
}

static bool is(const char *name, const char *what) { return strcmp(name, what) == 0; }

bool gy_parse_day_opt(const char *s, gy_day *out)
{
    char *copy = g_strdup(s);
    gy_text_clean(copy);
    bool ok = gy_date_parse(copy, out) == GY_OK;
    g_free(copy);
    return ok;
}

/* A flag is given without a value, an option with one: the web sends both by name. */
static bool arity(const char *name, const char *value, bool flag, GError **err)
{
    if (flag && value)
        return usage(err, _("option '--%s' takes no value"), name);
    if (!flag && !value) {
        char *dashed = g_strconcat("--", name, NULL);
        usage(err, _("option '%s' needs a value"), dashed);
        g_free(dashed);
        return false;
    }
    return true;
}

static const char *const common_flags[] = { "strict", "quiet", "unmask", "group-readable" };
static const char *const common_values[] = { "output", "templates", "config", "region", "org",
                                             "encoding", "order", "sheet", "aliases" };

static bool in(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is(name, list[i]))
            return true;
    return false;
}

bool gy_common_set(gy_common *co, const char *name, const char *value, GError **err)
{
    bool flag = in(name, common_flags, G_N_ELEMENTS(common_flags));
    if (!flag && !in(name, common_values, G_N_ELEMENTS(common_values))) {
        char *dashed = g_strconcat("--", name, NULL);
        usage(err, _("unknown option '%s'"), dashed);
        g_free(dashed);
        return false;
    }
    if (!arity(name, value, flag, err))
        return false;
    if (is(name, "output")) co->outdir = value;
    else if (is(name, "templates")) co->templates = value;
    else if (is(name, "config")) co->config = value;
    else if (is(name, "region")) co->region = value;
    else if (is(name, "org")) co->org = value;
    else if (is(name, "sheet")) co->sheet = value;
    else if (is(name, "aliases")) co->aliases = value;
    else if (is(name, "strict")) co->strict = true;
    else if (is(name, "quiet")) co->quiet = true;
    else if (is(name, "unmask")) co->unmask = true;
    else if (is(name, "group-readable")) co->group_readable = true;
    else if (is(name, "encoding")) {
        if (gy_encoding_parse(value, &co->encoding) != GY_OK)
            return usage(err, _("unknown encoding '%s' (use utf-8 or gb18030)"), value);
    } else if (strcmp(value, "given") == 0) {            /* order */
        co->order_given = true;
    } else if (strcmp(value, "cut-off") == 0) {
        co->order_given = false;
    } else {
        return usage(err, _("--order takes 'given' or 'cut-off', not '%s'"), value);
    }
    return true;
}

/* ---- summary ---- */

void gy_summary_cfg_init(gy_summary_cfg *cfg)
{
    *cfg = (gy_summary_cfg){ .common = { .outdir = "out" }, .grain = GY_GRAIN_MONTH,
                             .by = "county,month", .from_s = "", .to_s = "", .charts = true };
}

static bool parse_by(const char *s, gy_grain *g)
{
    static const struct { const char *name; gy_grain g; } by[] = {
        { "county,month", GY_GRAIN_MONTH }, { "county,quarter", GY_GRAIN_QUARTER },
        { "county,year", GY_GRAIN_YEAR }, { "month", GY_GRAIN_MONTH },
        { "quarter", GY_GRAIN_QUARTER }, { "year", GY_GRAIN_YEAR },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(by); i++)
        if (strcmp(s, by[i].name) == 0) {
            *g = by[i].g;
            return true;
        }
    return false;
}

static const char *const summary_flags[] = { "ytd", "no-charts" };
static const char *const summary_values[] = { "by", "from", "to", "png", "svg", "kind" };

bool gy_summary_cfg_set(gy_summary_cfg *cfg, const char *name, const char *value, GError **err)
{
    bool flag = in(name, summary_flags, G_N_ELEMENTS(summary_flags));
    if (!flag && !in(name, summary_values, G_N_ELEMENTS(summary_values)))
        return gy_common_set(&cfg->common, name, value, err);
    if (!arity(name, value, flag, err))
        return false;
    if (is(name, "by")) {
        cfg->by = value;
        if (!parse_by(value, &cfg->grain))
            return usage(err, _("--by takes county,month, county,quarter or county,year, not "
                                "'%s'"), value);
    } else if (is(name, "from")) {
        cfg->from_s = value;
        if (!gy_parse_day_opt(value, &cfg->from))
            return usage(err, _("--from: '%s' is not a date"), value);
    } else if (is(name, "to")) {
        cfg->to_s = value;
        if (!gy_parse_day_opt(value, &cfg->to))
            return usage(err, _("--to: '%s' is not a date"), value);
    } else if (is(name, "ytd")) cfg->ytd = true;
    else if (is(name, "no-charts")) cfg->charts = false;
    else if (is(name, "png")) cfg->png_dir = value;
    else if (is(name, "svg")) cfg->svg_dir = value;
    else cfg->kind = value;
    return true;
}

bool gy_summary_cfg_check(const gy_summary_cfg *cfg, bool inputs, GError **err)
{
    if (inputs && cfg->n_files == 0)
        return usage(err, _("no input files"));
    if (cfg->from && cfg->to && cfg->from > cfg->to)
        return usage(err, _("--from is after --to"));
    if (!cfg->charts && (cfg->png_dir || cfg->svg_dir))
        return usage(err, _("--no-charts cannot be used with --png or --svg"));
    return true;
}

/* ---- track ---- */

void gy_track_cfg_init(gy_track_cfg *cfg)
{
    *cfg = (gy_track_cfg){ .common = { .outdir = "out" }, .as_of = GY_NO_DAY,
                           .progress_s = "month", .progress_mode = GY_PROGRESS_BY_MONTH,
                           .yellow = GY_YELLOW_DEFAULT, .rank_units = true, .charts = true };
}

/* "10", "7.5", "0.25" points → hundredths of a point; false if not such a number. */
static bool parse_points(const char *s, int64_t *out)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if (digits < 6)
            whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, fdigits++)
            if (fdigits < 2)
                frac = frac * 10 + (*p - '0');
    if (*p || digits == 0 || digits > 6 || fdigits > 2)
        return false;
    if (fdigits == 1)
        frac *= 10;
    *out = whole * 100 + frac;
    return true;
}

static const char *const track_flags[] = { "total-first", "rank-units", "no-rank-units",
                                           "no-charts" };
static const char *const track_values[] = { "as-of", "targets", "progress", "yellow-points",
                                            "png", "svg", "targets-template", "kind" };

bool gy_track_cfg_set(gy_track_cfg *cfg, const char *name, const char *value, GError **err)
{
    bool flag = in(name, track_flags, G_N_ELEMENTS(track_flags));
    if (!flag && !in(name, track_values, G_N_ELEMENTS(track_values)))
        return gy_common_set(&cfg->common, name, value, err);
    if (!arity(name, value, flag, err))
        return false;
    if (is(name, "as-of")) {
        cfg->as_of_s = value;
        if (!gy_parse_day_opt(value, &cfg->as_of))
            return usage(err, _("--as-of: '%s' is not a date"), value);
    } else if (is(name, "progress")) {
        cfg->progress_s = value;
        if (strcmp(value, "month") == 0)
            cfg->progress_mode = GY_PROGRESS_BY_MONTH;
        else if (strcmp(value, "day") == 0)
            cfg->progress_mode = GY_PROGRESS_BY_DAY;
        else
            return usage(err, _("--progress takes month or day, not '%s'"), value);
    } else if (is(name, "yellow-points")) {
        if (!parse_points(value, &cfg->yellow))
            return usage(err, _("--yellow-points takes a number of percentage points such as 10 "
                                "or 7.5, not '%s'"), value);
    } else if (is(name, "targets")) cfg->targets = value;
    else if (is(name, "no-charts")) cfg->charts = false;
    else if (is(name, "png")) cfg->png_dir = value;
    else if (is(name, "svg")) cfg->svg_dir = value;
    else if (is(name, "total-first")) cfg->total_first = true;
    else if (is(name, "rank-units")) cfg->rank_units = true;
    else if (is(name, "no-rank-units")) cfg->rank_units = false;
    else if (is(name, "targets-template")) cfg->targets_template = value;
    else cfg->kind = value;
    return true;
}

bool gy_track_cfg_check(const gy_track_cfg *cfg, bool inputs, GError **err)
{
    /* only the blank 分解表: nothing else is read; it is a workbook, and a name saying otherwise
     * (分解表.csv) would leave a file no program opens as its name says */
    if (cfg->targets_template)
        return g_str_has_suffix(cfg->targets_template, ".xlsx") ||
                       g_str_has_suffix(cfg->targets_template, ".XLSX")
                   ? true
                   : usage(err, _("--targets-template: '%s' does not end in .xlsx (the blank "
                                  "分解表 is an Excel workbook)"),
                           cfg->targets_template);
    if (!cfg->as_of_s)
        return usage(err, _("--as-of DATE is required"));
    if (inputs && !cfg->targets)
        return usage(err, _("--targets FILE is required"));
    if (inputs && cfg->n_files == 0)
        return usage(err, _("no input files"));
    if (!cfg->charts && (cfg->png_dir || cfg->svg_dir))
        return usage(err, _("--no-charts cannot be used with --png or --svg"));
    if (gy_track_prev_day(cfg->as_of) == GY_NO_DAY)
        return usage(err, _("--as-of: '%s' is out of range"), cfg->as_of_s);
    return true;
}

/* ---- reply ---- */

void gy_reply_cfg_init(gy_reply_cfg *cfg)
{
    *cfg = (gy_reply_cfg){ .common = { .outdir = "out" }, .as_of = GY_NO_DAY };
}

static const char *const reply_flags[] = { "explain", "allow-uncovered" };
static const char *const reply_values[] = { "template", "year", "as-of", "kind" };

bool gy_reply_cfg_set(gy_reply_cfg *cfg, const char *name, const char *value, GError **err)
{
    bool flag = in(name, reply_flags, G_N_ELEMENTS(reply_flags));
    if (!flag && !in(name, reply_values, G_N_ELEMENTS(reply_values)))
        return gy_common_set(&cfg->common, name, value, err);
    if (!arity(name, value, flag, err))
        return false;
    if (is(name, "year")) {
        char *end;
        long y = strtol(value, &end, 10);
        if (*end || end == value || y < 1949 || y > 2099)
            return usage(err, _("--year: '%s' is not a year (1949-2099)"), value);
        cfg->year = (int)y;
    } else if (is(name, "as-of")) {
        if (!gy_parse_day_opt(value, &cfg->as_of))
            return usage(err, _("--as-of: '%s' is not a date"), value);
    } else if (is(name, "template")) cfg->template_name = value;
    else if (is(name, "explain")) cfg->explain = true;
    else if (is(name, "allow-uncovered")) cfg->allow_uncovered = true;
    else cfg->kind = value;
    return true;
}

bool gy_reply_cfg_check(const gy_reply_cfg *cfg, bool inputs, GError **err)
{
    if (inputs && !cfg->template_name)
        return usage(err, _("no template (-t FILE)"));
    if (inputs && cfg->n_files == 0)
        return usage(err, _("no input files"));
    return true;
}

/* ---- stars ---- */

void gy_stars_cfg_init(gy_stars_cfg *cfg)
{
    *cfg = (gy_stars_cfg){ .common = { .outdir = "out" }, .order = GY_ORDER_STROKES,
                           .order_s = "stroke" };
}

bool gy_stars_cfg_set(gy_stars_cfg *cfg, const char *name, const char *value, GError **err)
{
    /* stars' --order is its list's order, not the exports' */
    if (!is(name, "order") && !is(name, "date"))
        return gy_common_set(&cfg->common, name, value, err);
    if (!arity(name, value, false, err))
        return false;
    if (is(name, "date")) {
        cfg->date_s = value;
        return true;
    }
    gy_name_order order;
    cfg->order_s = value;
    if (!gy_name_order_parse(value, &order))
        return usage(err, _("--order takes stroke or pinyin, not '%s'"), value);
    cfg->order = order;
    return true;
}

/* 制表日期: --date, else SOURCE_DATE_EPOCH (as a day in Beijing time), else none; without
 * --date the run's cut-off (stars_cutoff) comes first once the data are read. */
static bool made_on_day(const char *opt, gy_day *out)
{
    *out = GY_NO_DAY;
    if (opt)
        return gy_parse_day_opt(opt, out);
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long t = strtoll(sde, &end, 10);
        if (*end || t < 0)
            return false;
        GDateTime *dt = g_date_time_new_from_unix_utc(t + 8 * 3600);
        if (!dt)
            return false;
        *out = gy_day_from_ymd(g_date_time_get_year(dt), g_date_time_get_month(dt),
                               g_date_time_get_day_of_month(dt));
        g_date_time_unref(dt);
    }
    return true;
}

bool gy_stars_cfg_check(gy_stars_cfg *cfg, bool inputs, GError **err)
{
    if (!made_on_day(cfg->date_s, &cfg->made_on))
        return cfg->date_s ? usage(err, _("--date: '%s' is not a date"), cfg->date_s)
                           : usage(err, _("SOURCE_DATE_EPOCH is not a number of seconds"));
    if (inputs && cfg->n_files == 0)
        return usage(err, cfg->n_records ? _("no roster files (put them before --records, or "
                                             "after --)")
                                         : _("no roster files"));
    return true;
}

/* ---- --kind ---- */

bool run_kind_of(const gy_kinds *ks, const char *name, int *kind, GError **err)
{
    if (gy_kinds_by_name(ks, name, kind) == GY_OK)
        return true;
    return usage(err, _("--kind %s: not a record kind of kinds.ini, stars or startup"), name);
}

bool gy_kind_check(const gy_common *co, const char *kind, GError **err)
{
    if (!kind)
        return true;
    gy_config *cf = gy_config_load(co->templates, co->config, err);
    if (!cf)
        return false;
    char *p = gy_config_file(cf, "kinds.ini");
    gy_kinds *ks = gy_kinds_load(p, err);
    g_free(p);
    gy_config_free(cf);
    int k;
    bool ok = ks && run_kind_of(ks, kind, &k, err);
    gy_kinds_free(ks);
    return ok;
}

/* ---- --region ---- */

bool gy_region_check(const gy_common *co, GError **err)
{
    if (!co->region)
        return true;
    gy_config *cf = gy_config_load(co->templates, co->config, err);
    if (!cf)
        return false;
    char *p = gy_config_file(cf, "divisions.tsv");
    gy_divisions *dv = gy_divisions_load(p, err);
    g_free(p);
    if (!dv)
        g_prefix_error(err, "%s: ", _("division table"));
    /* run_open's own call, so the message is the command line's */
    gy_region *rg = dv ? gy_config_region(cf, dv, co->region, err) : NULL;
    bool ok = rg != NULL;
    gy_region_free(rg);
    gy_divisions_free(dv);
    gy_config_free(cf);
    return ok;
}

/* ---- a request by the command's name ---- */

typedef enum { RQ_SUMMARY, RQ_TRACK, RQ_REPLY, RQ_STARS } rq_command;

struct gy_request {
    rq_command command;
    union {
        gy_summary_cfg summary;
        gy_track_cfg track;
        gy_reply_cfg reply;
        gy_stars_cfg stars;
    } u;
    GPtrArray *values;           /* the copies the cfg points into */
};

gy_request *gy_request_new(const char *command, GError **err)
{
    static const char *const names[] = { [RQ_SUMMARY] = "summary", [RQ_TRACK] = "track",
                                         [RQ_REPLY] = "reply", [RQ_STARS] = "stars" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (!command || strcmp(command, names[i]) != 0)
            continue;
        gy_request *rq = g_new0(gy_request, 1);
        rq->command = (rq_command)i;
        rq->values = g_ptr_array_new_with_free_func(g_free);
        switch (rq->command) {
        case RQ_SUMMARY: gy_summary_cfg_init(&rq->u.summary); break;
        case RQ_TRACK: gy_track_cfg_init(&rq->u.track); break;
        case RQ_REPLY: gy_reply_cfg_init(&rq->u.reply); break;
        case RQ_STARS: gy_stars_cfg_init(&rq->u.stars); break;
        }
        return rq;
    }
    usage(err, _("unknown command '%s' (summary, track, reply or stars)"), command ? command : "");
    return NULL;
}

void gy_request_free(gy_request *rq)
{
    if (!rq)
        return;
    g_ptr_array_free(rq->values, TRUE);
    g_free(rq);
}

bool gy_request_set(gy_request *rq, const char *name, const char *value, GError **err)
{
    char *v = g_strdup(value);
    if (v)
        g_ptr_array_add(rq->values, v);
    switch (rq->command) {
    case RQ_SUMMARY: return gy_summary_cfg_set(&rq->u.summary, name, v, err);
    case RQ_TRACK: return gy_track_cfg_set(&rq->u.track, name, v, err);
    case RQ_REPLY: return gy_reply_cfg_set(&rq->u.reply, name, v, err);
    case RQ_STARS: return gy_stars_cfg_set(&rq->u.stars, name, v, err);
    }
    return false;
}

bool gy_request_check(gy_request *rq, GError **err)
{
    /* in the order a run meets them: options, then the region (run_open), then --kind */
    switch (rq->command) {
    case RQ_SUMMARY:
        return gy_summary_cfg_check(&rq->u.summary, false, err) &&
               gy_region_check(&rq->u.summary.common, err) &&
               gy_kind_check(&rq->u.summary.common, rq->u.summary.kind, err);
    case RQ_TRACK:
        return gy_track_cfg_check(&rq->u.track, false, err) &&
               gy_region_check(&rq->u.track.common, err) &&
               gy_kind_check(&rq->u.track.common, rq->u.track.kind, err);
    case RQ_REPLY:
        return gy_reply_cfg_check(&rq->u.reply, false, err) &&
               gy_region_check(&rq->u.reply.common, err) &&
               gy_kind_check(&rq->u.reply.common, rq->u.reply.kind, err);
    case RQ_STARS:
        return gy_stars_cfg_check(&rq->u.stars, false, err) &&
               gy_region_check(&rq->u.stars.common, err);
    }
    return false;
}
