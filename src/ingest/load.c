/* load.c — the streaming pass: files → rows → records or rejects → cube and ledger. */
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "guiyan/county_guess.h"
#include "guiyan/fields.h"
#include "guiyan/i18n.h"
#include "guiyan/judge.h"
#include "guiyan/load.h"
#include "ingest_int.h"
#include "guiyan/wbook.h"
#include "guiyan/reader.h"
#include "guiyan/tally.h"
#include "guiyan/timing.h"

#include <errno.h>
#include <openssl/evp.h>

enum { F_ID, F_NAME, F_COUNTY, F_START, F_ENTITY, F_USCC, F_JOBS, F_LOAN, F_LOAN_DATE, F_OUTPUT,
       F_COUNTY_OF, F__COUNT };

static const gy_colspec record_cols[F__COUNT] = {
    [F_ID] = { "id_number", true },       [F_NAME] = { "name", false },
    [F_COUNTY] = { "county", true },      [F_START] = { "start_date", true },
    [F_ENTITY] = { "entity_name", false }, [F_USCC] = { "uscc", false },
    [F_JOBS] = { "jobs", false },         [F_LOAN] = { "loan_amount", false },
    [F_LOAN_DATE] = { "loan_date", false }, [F_OUTPUT] = { "output_value", false },
    /* under a county region F_COUNTY is the 乡镇（街道） column and this the 县 column, if any
     * (gy_aliases_rename) */
    [F_COUNTY_OF] = { "county_of", false },
};

/* The fields a record is judged on, in the order their problems are told (the name is only
 * read: a row cut short before it is still told). Each is record_cols' field judged[J_x]. */
enum { J_ID, J_COUNTY_OF, J_COUNTY, J_ENTITY, J_USCC, J_START, J_JOBS, J_LOAN, J_LOAN_DATE,
       J_OUTPUT, J__COUNT };

static const int judged[J__COUNT] = {
    [J_ID] = F_ID, [J_COUNTY_OF] = F_COUNTY_OF, [J_COUNTY] = F_COUNTY, [J_ENTITY] = F_ENTITY,
    [J_USCC] = F_USCC, [J_START] = F_START, [J_JOBS] = F_JOBS, [J_LOAN] = F_LOAN,
    [J_LOAN_DATE] = F_LOAN_DATE, [J_OUTPUT] = F_OUTPUT,
};

static const gy_judge_field record_judge[J__COUNT] = {
    /* a 合计 or note row fails at the ID */
    [J_ID] = { .key = "id_number", .type = GY_JT_ID, .required = true, .flags = GY_JF_SKIP_CHECK },
    [J_COUNTY_OF] = { .key = "county_of", .type = GY_JT_COUNTY_OF, .required = false },
    /* 峨眉 and 犍为县清溪镇 are guessed; under a county region a blank township is 未填乡镇 */
    [J_COUNTY] = { .key = "county", .type = GY_JT_COUNTY, .required = true, .flags = GY_JF_GUESS },
    [J_ENTITY] = { .key = "entity_name", .type = GY_JT_TEXT, .required = false },
    /* a malformed credit code does not reject the row; the entity is then known by its name */
    [J_USCC] = { .key = "uscc", .type = GY_JT_USCC, .required = false, .rule = GY_JR_SOFT_UNLESS },
    [J_START] = { .key = "start_date", .type = GY_JT_MONTH, .required = true,
                  .flags = GY_JF_NOT_AFTER },
    [J_JOBS] = { .key = "jobs", .type = GY_JT_COUNT, .required = false },
    [J_LOAN] = { .key = "loan_amount", .type = GY_JT_MONEY, .required = false },
    /* a loan needs its date: told at the amount when the file has no such column */
    [J_LOAN_DATE] = { .key = "loan_date", .type = GY_JT_DATE, .required = true,
                      .reason = GY_E_LOAN_NO_DATE,
                      .flags = GY_JF_NOT_AFTER, .rule = GY_JR_ONLY_IF,
                      .cond = { "loan_amount", GY_JC_GT, 0 }, .absent_at = "loan_amount" },
    [J_OUTPUT] = { .key = "output_value", .type = GY_JT_MONEY, .required = false },
};

/* What a file's header told us. */
typedef struct layout {
    int col[F__COUNT];
    const char *head[F__COUNT];  /* header text as written, for rejects */
    gy_unit loan_unit, output_unit;
    char **header;               /* owned copy of the header cells */
    bool *want;                  /* columns that hold a field (owned) */
    size_t n_cols;
    unsigned long header_line;   /* 1 unless title rows sit above the header */
    bool book;                   /* a workbook's sheet: a row ends at its last cell that holds
                                    something, so a short row is no sign of a cut (Excel,
                                    LibreOffice and the 2003 XML leave trailing blanks out) */
    gy_day written;              /* a later date rejects its row (INT32_MAX: unknown) */
    gy_day cover_base;           /* day 0 of the coverage bitmaps */
    gy_day to;                   /* --to, for the day a month-only start date stands on */
    gy_judge *judge;             /* record_judge for this header (owned; set once written is
                                    known, by layout_judge) */
} layout;

static void layout_clear(layout *ly)
{
    gy_judge_free(ly->judge);
    g_strfreev(ly->header);
    g_free(ly->want);
    memset(ly, 0, sizeof *ly);
}

typedef struct header_try {
    const gy_aliases *al;
    int *col;
} header_try;

static gy_error try_records(const gy_row *row, void *user, GError **err)
{
    header_try *h = user;
    return gy_header_map(h->al, "records", record_cols, F__COUNT, row, h->col, err);
}

/* Read the header row of rd into ly: the first row, or after a few title rows the first that
 * names every required column. */
static gy_error read_header(gy_reader *rd, const gy_aliases *al, const char *path, layout *ly,
                            GError **err)
{
    gy_row row;
    header_try h = { al, ly->col };
    gy_error e = gy_header_find(rd, path, try_records, &h, &row, err);
    if (e != GY_OK)
        return e;
    ly->header_line = row.line;
    ly->header = g_new0(char *, row.n + 1);
    for (size_t i = 0; i < row.n; i++)
        ly->header[i] = g_strdup(row.fields[i]);
    bool *want = g_new0(bool, row.n);
    for (int f = 0; f < F__COUNT; f++) {
        ly->head[f] = ly->col[f] >= 0 ? ly->header[ly->col[f]] : "";
        if (ly->col[f] >= 0)
            want[ly->col[f]] = true;
    }
    ly->want = want;
    ly->n_cols = row.n;
    ly->loan_unit = ly->col[F_LOAN] >= 0 ? gy_unit_from_header(ly->head[F_LOAN]) : GY_UNIT_WAN;
    ly->output_unit = ly->col[F_OUTPUT] >= 0 ? gy_unit_from_header(ly->head[F_OUTPUT])
                                             : GY_UNIT_WAN;
    ly->book = gy_reader_n_sheets(rd) > 0;
    if (ly->book) {
        /* a sheet's columns are named by header and letter: 身份证号码（C列） */
        for (size_t i = 0; i < row.n; i++) {
            char letters[8];
            gy_wbook_column_letters(i, letters);
            char *label = g_strdup_printf("%s（%s列）", ly->header[i], letters);
            g_free(ly->header[i]);
            ly->header[i] = label;
        }
        for (int f = 0; f < F__COUNT; f++)
            ly->head[f] = ly->col[f] >= 0 ? ly->header[ly->col[f]] : "";
    }
    return GY_OK;
}

/* Compile the records' judge for ly's header, once per file. */
static void layout_judge(layout *ly)
{
    int cols[J__COUNT];
    gy_unit units[J__COUNT] = { [J_LOAN] = ly->loan_unit, [J_OUTPUT] = ly->output_unit };
    for (int k = 0; k < J__COUNT; k++)
        cols[k] = ly->col[judged[k]];
    gy_judge_opts o = { .shape = !ly->book, .written = ly->written,
                        .last_read = ly->col[F_NAME] };
    gy_judge_free(ly->judge);
    ly->judge = gy_judge_new(record_judge, J__COUNT, cols, units, ly->n_cols, &o);
}

/* Record the header → field mapping of ly for input `file` (the manifest shows it). */
static void note_mapping(gy_ledger *lg, uint32_t file, const layout *ly)
{
    const char **fields = g_new0(const char *, ly->n_cols + 1);
    for (int f = 0; f < F__COUNT; f++)
        if (ly->col[f] >= 0)
            fields[ly->col[f]] = record_cols[f].key;
    gy_ledger_set_mapping(lg, file, (const char *const *)ly->header, fields, ly->n_cols);
    g_free(fields);
}

/* The sheet `spec` names in rd (a workbook): "#i" (internal: index i), a number from 1, or
 * a name. GY_E_USAGE naming the sheets there are if none matches. */
static gy_error sheet_index(gy_reader *rd, const char *path, const char *spec, size_t *out,
                            GError **err)
{
    size_t ns = gy_reader_n_sheets(rd);
    if (spec[0] == '#') {
        *out = (size_t)g_ascii_strtoull(spec + 1, NULL, 10);
        return GY_OK;
    }
    for (size_t i = 0; i < ns; i++)
        if (strcmp(gy_reader_sheet_name(rd, i), spec) == 0) {
            *out = i;
            return GY_OK;
        }
    char *end;
    unsigned long long k = g_ascii_strtoull(spec, &end, 10);
    if (!*end && k >= 1 && k <= ns) {
        *out = (size_t)k - 1;
        return GY_OK;
    }
    GString *names = g_string_new(NULL);
    for (size_t i = 0; i < ns; i++)
        g_string_append_printf(names, "%s%s", i ? "、" : "", gy_reader_sheet_name(rd, i));
    g_set_error(err, GY_ERROR, GY_E_USAGE, _("%s: no sheet '%s' (the sheets are: %s)"), path,
                spec, names->str);
    g_string_free(names, TRUE);
    return GY_E_USAGE;
}

gy_error gy_load_sheet_index(gy_reader *rd, const char *path, const char *spec, size_t *out,
                             GError **err)
{
    return sheet_index(rd, path, spec, out, err);
}

gy_reader *gy_ingest_open(const char *path, const char *spec, gy_encoding enc,
                          unsigned long long end, gy_header_fn header, void *user, gy_error *e,
                          GError **err)
{
    gy_reader *rd = gy_reader_open_range(path, enc, 0, end, err);
    if (!rd) {
        *e = err && *err && (*err)->domain == GY_ERROR ? (gy_error)(*err)->code : GY_E_IO;
        return NULL;
    }
    size_t ns = gy_reader_n_sheets(rd);
    if (ns == 0) {
        if ((*e = header(rd, path, user, err)) == GY_OK)
            return rd;
        gy_reader_free(rd);
        return NULL;
    }
    size_t from = 0;
    if (spec && (*e = sheet_index(rd, path, spec, &from, err)) != GY_OK) {
        gy_reader_free(rd);
        return NULL;
    }
    GError *first = NULL;
    gy_error first_e = GY_OK;
    for (size_t i = from; i < ns; i++) {
        GError *e2 = NULL;
        char *where = g_strdup_printf("%s:%s", path, gy_reader_sheet_name(rd, i));
        gy_error ei = gy_reader_select_sheet(rd, i, &e2);
        if (ei == GY_OK)
            ei = header(rd, where, user, &e2);
        g_free(where);
        if (ei == GY_OK) {
            g_clear_error(&first);
            *e = GY_OK;
            return rd;
        }
        if (!first) {
            first = e2;
            first_e = ei;
        } else {
            g_error_free(e2);
        }
        if (spec)
            break;
    }
    if (ns > 1 && !spec && first)
        g_prefix_error(&first, _("no sheet of %s has the columns guiyan needs (--sheet NAME "
                                 "picks one); the first: "), path);
    g_propagate_error(err, first);
    *e = first_e;
    gy_reader_free(rd);
    return NULL;
}

typedef struct records_header {
    const gy_aliases *al;
    layout *ly;
} records_header;

static gy_error header_records(gy_reader *rd, const char *where, void *user, GError **err)
{
    records_header *h = user;
    layout_clear(h->ly);              /* from a sheet tried before */
    return read_header(rd, h->al, where, h->ly, err);
}

/* Open path (bytes up to `end`, 0: all) and read its header into ly (gy_ingest_open). */
static gy_reader *open_input(const char *path, const char *spec, gy_encoding enc,
                             unsigned long long end, const gy_aliases *al, layout *ly,
                             gy_error *e, GError **err)
{
    records_header h = { al, ly };
    return gy_ingest_open(path, spec, enc, end, header_records, &h, e, err);
}

void gy_ingest_reject(gy_ledger *lg, uint32_t file, unsigned long line, const char *column,
                      char *value, gy_error reason, const char *detail, bool unmask)
{
    /* reject lists are read by people: an ID number in the value is masked, whichever
     * column it stands in (the value points into the row, or is "") */
    if (!unmask)
        gy_id_mask_text(value);
    else
        gy_text_strip_bidi(value);
    gy_ledger_reject_detail(lg, file, line, column, value, reason, detail);
}

static char *field(const gy_row *row, const layout *ly, int f)
{
    int c = ly->col[f];
    return c >= 0 && (size_t)c < row->n ? row->fields[c] : (char *)"";
}

/* A row's verdict: a record, or the column (header text), value and reason of its first
 * problem. */
typedef struct verdict {
    gy_error reason;
    const char *column;
    const char *value;
    char *detail;                /* of a county: candidates or nearest names (newly allocated,
                                    or NULL) */
    char *note;                  /* of a county read with a guess worth telling (the same) */
} verdict;

/* The header text of column c, or "第N列" (in buf) past the header. */
static const char *column_name(const layout *ly, size_t c, char buf[32])
{
    if (c < ly->n_cols)
        return ly->header[c];
    g_snprintf(buf, 32, "第%zu列", c + 1);
    return buf;
}

static verdict judge(gy_row *row, const layout *ly, const gy_region *rg,
                     gy_region_memo *counties, uint32_t file, gy_record *r, gy_judge_val *v,
                     char buf[32])
{
    gy_judge_verdict jv = gy_judge_row(ly->judge, row, rg, counties, v);
    if (jv.reason != GY_OK)
        return (verdict){ jv.reason, column_name(ly, (size_t)MAX(jv.col, 0), buf), jv.value,
                          jv.detail, jv.note };
    /* each member of r is set below, a new one must be too: a memset of the ~100 bytes
     * compiles to rep stosq, slow to start on every row */
    r->file = file;
    r->line = (uint32_t)row->line;
    r->person = (uint64_t)v[J_ID].i;
    r->county = (uint32_t)v[J_COUNTY].i;
    /* a malformed credit code does not reject the row; the entity is then known by its name */
    r->entity = v[J_ENTITY].s;
    r->uscc = v[J_USCC].code;
    r->name_fp = gy_cube_name_fp(r->entity);
    r->entity_fp = gy_cube_entity_fp_of(r->county, r->name_fp, r->uscc);
    r->has_fp = true;
    r->start = (gy_day)v[J_START].i;
    r->start_month = v[J_START].month;
    /* a month-only start (2021年6月) counts only when --from/--to hold its whole month: it
     * stands on its first day, which --from inside the month excludes, or on its last when
     * --to is inside the month, which then excludes it */
    if (r->start_month && ly->to != GY_NO_DAY && ly->to < gy_day_month_end(r->start))
        r->start = gy_day_month_end(r->start);
    r->jobs = v[J_JOBS].i;
    r->loan = v[J_LOAN].i;
    r->loan_day = (gy_day)v[J_LOAN_DATE].i;
    r->output = v[J_OUTPUT].i;
    return (verdict){ GY_OK, NULL, NULL, NULL, jv.note };
}

static void stat_input(gy_input *in)
{
    struct stat st;
    in->written = GY_NO_DAY;
    if (strcmp(in->path, "-") != 0 && stat(in->path, &st) == 0) {
        in->size = (unsigned long long)st.st_size;
        /* a regular file's day of writing, local time as the export's dates are */
        GDateTime *t = S_ISREG(st.st_mode) ? g_date_time_new_from_unix_local(st.st_mtime) : NULL;
        if (t) {
            in->written = gy_day_from_ymd(g_date_time_get_year(t), g_date_time_get_month(t),
                                          g_date_time_get_day_of_month(t));
            g_date_time_unref(t);
        }
    }
}

/* What the readers read of a file: per chunk its bytes and CRC-32C, and for a file read
 * whole by one reader the SHA-256 of the bytes it parsed. */
#define MAX_CHUNKS 64
typedef struct read_tally {
    size_t n;
    unsigned long long len[MAX_CHUNKS];
    uint32_t crc[MAX_CHUNKS];
    char sha256[65];
    /* a chunk began inside a quoted field (an unsafe cut): nothing was stored, and the caller
     * reads the file again, whole */
    bool again;
} read_tally;

/* For a file read in chunks by several readers at once, its SHA-256 is taken on a thread of
 * its own, in one pass with a CRC-32C of each chunk: the chunks' CRCs, held against what each
 * reader counted of the bytes it parsed, tie that SHA-256 to those bytes. OpenSSL's digest
 * uses the CPU's SHA instructions. The file is read, not mapped: a file cut short while it
 * is read would end a mapping's reader with SIGBUS. */
typedef struct hashjob {
    const char *path;
    const unsigned long long *cut;   /* the chunks' starts; the last ends at the end */
    char out[65];
    read_tally t;                    /* its n set by the caller */
    unsigned long long bytes;
    GError *err;
} hashjob;

static bool hash_file(FILE *fp, EVP_MD_CTX *ctx, hashjob *h)
{
    const size_t window = 4u << 20;
    unsigned char *buf = g_malloc(window);
    posix_fadvise(fileno(fp), 0, 0, POSIX_FADV_SEQUENTIAL);
    size_t n, k = 0;
    h->bytes = 0;
    while ((n = fread(buf, 1, window, fp)) > 0) {
        EVP_DigestUpdate(ctx, buf, n);
        for (size_t at = 0; at < n;) {
            while (k + 1 < h->t.n && h->bytes + at >= h->cut[k + 1])
                k++;
            size_t take = n - at;
            if (k + 1 < h->t.n)
                take = (size_t)MIN((unsigned long long)take, h->cut[k + 1] - (h->bytes + at));
            h->t.crc[k] = gy_crc32c(h->t.crc[k], buf + at, take);
            h->t.len[k] += take;
            at += take;
        }
        h->bytes += n;
    }
    bool ok = !ferror(fp);
    g_free(buf);
    return ok;
}

static gpointer hash_run(gpointer data)
{
    hashjob *h = data;
    h->out[0] = '\0';
    FILE *fp = fopen(h->path, "rb");
    if (!fp) {
        g_set_error(&h->err, GY_ERROR, GY_E_IO, "%s: %s", h->path, g_strerror(errno));
        return NULL;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    bool ok = hash_file(fp, ctx, h);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    for (unsigned int i = 0; i < len && i < 32; i++)
        g_snprintf(h->out + 2 * i, 3, "%02x", md[i]);
    if (!ok)
        g_set_error(&h->err, GY_ERROR, GY_E_IO, "%s: %s", h->path, _("read error"));
    EVP_MD_CTX_free(ctx);
    fclose(fp);
    return NULL;
}

/* The readers' chunks are the hasher's: the same count, lengths and CRCs. */
static bool same_chunks(const read_tally *a, const read_tally *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->len[i] != b->len[i] || a->crc[i] != b->crc[i])
            return false;
    return true;
}

/* A regular file's identity and state: what must not change while it is read. */
static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static gy_error changed_while_read(const char *path, GError **err)
{
    g_clear_error(err);
    g_set_error(err, GY_ERROR, GY_E_IO, _("%s: the file changed while it was read (its size, "
                "modification time or inode); its figures would not be those of any one "
                "version of it: run again once it is complete"), path);
    return GY_E_IO;
}

/* Why the reader would not open a file: a file that is not an export (GY_E_NOT_TEXT) is told
 * apart from one that cannot be read. */
static gy_error open_failed(GError **err)
{
    return err && *err && (*err)->domain == GY_ERROR ? (gy_error)(*err)->code : GY_E_IO;
}

gy_error gy_load_check_headers(const char *const *files, size_t n, const gy_aliases *al,
                               gy_encoding enc, const char *sheet, GError **err)
{
    if (sheet && strcmp(sheet, "all") == 0)
        sheet = NULL;                 /* all: at least one sheet must have the columns */
    for (size_t i = 0; i < n; i++) {
        if (gy_reader_once_only(files[i]))
            continue;                 /* standard input or a pipe can be read only once */
        layout ly = { 0 };
        gy_error e = GY_OK;
        gy_reader *rd = open_input(files[i], sheet, enc, 0, al, &ly, &e, err);
        layout_clear(&ly);
        gy_reader_free(rd);
        if (e != GY_OK)
            return e;
    }
    return GY_OK;
}

/* A month-only start (2021年6月) lies somewhere in its month: it covers the month from its
 * first day to its last, or to the day the file was written when that is earlier (a June
 * export written on 15 June does not vouch for the rest of June). */
static void cover_month(uint8_t *days, const layout *ly, gy_day start)
{
    int y, m, d;
    gy_day_to_ymd(start, &y, &m, &d);
    gy_day first = gy_day_from_ymd(y, m, 1);
    gy_day ends[2] = { first, MAX(first, MIN(gy_day_month_end(start), ly->written)) };
    for (int i = 0; i < 2; i++) {
        unsigned o = (unsigned)(ends[i] - ly->cover_base);
        days[o >> 3] |= (uint8_t)(1u << (o & 7));
    }
}

/* One reader's share of a file: rows → verdicts → its own cube and ledger. */
typedef struct plan plan;

/* Where a file's records begin, one every MARK_EVERY rows (mark and marks: ingest_int.h). */
#define MARK_EVERY 128

typedef struct scan {
    gy_reader *rd;
    const layout *ly;
    const gy_region *rg;
    uint32_t file;
    gy_cube *cube;
    gy_ledger *lg;               /* one input: index 0 stands for `file` */
    const plan *pl;              /* progress is reported by the first worker only */
    bool reports;
    bool unmask;
    GCancellable *cancel;        /* checked with the progress, every 16,384 rows */
    unsigned long long bytes;    /* read so far (atomic: the reporting worker sums them) */
    unsigned long rows;
    unsigned long lines;         /* physical lines read, when done */
    uint8_t *days[GY_COVER__KINDS];  /* accepted start (loan) dates: a bit per day */
    GArray *marks;               /* mark, lines of this share */
    bool between;                /* ended between records, when done */
    unsigned long long nbytes;   /* the bytes its reader read, their CRC-32C and SHA-256 */
    uint32_t crc;
    char sha256[65];
    GError *err;
    gy_error e;
} scan;

/* The store refused a record, or a chunk of records, of path: full, or its amounts would add
 * up past what a figure can hold exactly. */
static gy_error store_refused(const gy_cube *c, const char *path, GError **err)
{
    if (gy_cube_sums_full(c)) {
        g_set_error(err, GY_ERROR, GY_E_SUM_TOO_BIG, _("%s: the loan amounts or outputs add up "
                    "to more than 92,233 万亿元, past what guiyan counts exactly: check the unit "
                    "of the amount columns (元 or 万元)"), path);
        return GY_E_SUM_TOO_BIG;
    }
    g_set_error(err, GY_ERROR, GY_E_TOO_MANY_RECORDS, _("%s: more than %u records: guiyan holds "
                "at most that many in one run (count fewer files at a time)"), path,
                gy_cube_records_max(c));
    return GY_E_TOO_MANY_RECORDS;
}

static void report(const plan *pl);

static gpointer scan_run(gpointer data)
{
    scan *sc = data;
    gy_row row;
    gy_record r;
    gy_judge_val jv[J__COUNT];
    char colbuf[32];
    gy_input *in = gy_ledger_input(sc->lg, 0);
    gy_region_memo *counties = gy_region_memo_new(sc->rg);    /* this thread's own */
    mark m;
    if (gy_reader_tell(sc->rd, &m.off)) {
        m.line = gy_reader_line(sc->rd);
        g_array_append_val(sc->marks, m);
    }
    while ((sc->e = gy_reader_next(sc->rd, &row, &sc->err)) == GY_OK && row.n > 0) {
        in->rows_read++;
        if ((in->rows_read & (MARK_EVERY - 1)) == 0 && gy_reader_tell(sc->rd, &m.off)) {
            m.line = gy_reader_line(sc->rd);     /* the next row's, read soon after */
            g_array_append_val(sc->marks, m);
        }
        verdict v = judge(&row, sc->ly, sc->rg, counties, sc->file, &r, jv, colbuf);
        if (v.reason != GY_OK) {
            gy_ingest_reject(sc->lg, 0, row.line, v.column, (char *)v.value, v.reason, v.detail,
                             sc->unmask);
        } else if (G_UNLIKELY(v.note)) {     /* a county read with a guess worth telling */
            gy_ledger_note(sc->lg, 0, row.line, sc->ly->head[F_COUNTY],
                           field(&row, sc->ly, F_COUNTY), v.note);
        }
        g_free(v.detail);
        g_free(v.note);
        if (v.reason == GY_OK) {
            /* duplicates are found when the file's records are settled, in input order */
            r.entity = r.uscc = NULL;        /* the fingerprints stand for them */
            if (G_UNLIKELY(!gy_cube_push(sc->cube, &r))) {
                sc->e = store_refused(sc->cube, in->path, &sc->err);
                break;
            }
            in->rows_accepted++;
            gy_day last = MAX(r.start, r.loan_day);
            if (last > in->cutoff)
                in->cutoff = last;
            /* dates are within 1949-2099 (gy_date_parse), so within the bitmaps */
            unsigned d = (unsigned)(r.start - sc->ly->cover_base);
            sc->days[GY_COVER_START][d >> 3] |= (uint8_t)(1u << (d & 7));
            if (G_UNLIKELY(r.start_month))
                cover_month(sc->days[GY_COVER_START], sc->ly, r.start);
            if (r.loan_day != GY_NO_DAY) {
                d = (unsigned)(r.loan_day - sc->ly->cover_base);
                sc->days[GY_COVER_LOAN][d >> 3] |= (uint8_t)(1u << (d & 7));
            }
        }
        if ((in->rows_read & 0x3FFF) == 0) {
            __atomic_store_n(&sc->bytes, gy_reader_bytes(sc->rd), __ATOMIC_RELAXED);
            __atomic_store_n(&sc->rows, in->rows_read, __ATOMIC_RELAXED);
            if (sc->reports)
                report(sc->pl);
            if (G_UNLIKELY(g_cancellable_set_error_if_cancelled(sc->cancel, &sc->err))) {
                sc->e = GY_E_IO;
                break;
            }
        }
    }
    gy_region_memo_free(counties);
    return NULL;
}

/* A large file is read in chunks, cut just after a line break, by two workers that take the
 * next chunk as they finish one — so both stay busy to the end, whatever the rows cost. Each
 * chunk's records and rejects go to its own store and ledger, which are then put together in
 * file order. A chunk that did not end between records (a quoted line break sat at the cut)
 * makes the caller read the file again with one reader. */
struct plan {
    const char *path;
    const layout *ly;
    const gy_region *rg;
    const gy_load_opts *o;
    gy_encoding enc;
    size_t n;                    /* chunks */
    unsigned long long *cut;     /* n + 1 offsets; the last 0 = to the end */
    scan *sc;                    /* n */
    gint next;                   /* next chunk to take */
    unsigned long long bytes_before;
    unsigned long rows_before;
};

#define PARALLEL_MIN (16ULL << 20)   /* smaller files are read by one worker */
#define CHUNK (64ULL << 20)

/* Offsets of n chunks of a file of `size` bytes: each cut just after a line break. Fewer
 * chunks when the file has few line breaks. */
static size_t plan_cuts(const char *path, unsigned long long size, size_t n,
                        unsigned long long *cut)
{
    FILE *fp = fopen(path, "rb");
    size_t k = 1;
    cut[0] = 0;
    char buf[1 << 16];
    for (size_t i = 1; fp && i < n; i++) {
        unsigned long long at = size / n * i;
        if (at <= cut[k - 1] || fseeko(fp, (off_t)at, SEEK_SET) != 0)
            continue;
        size_t got = fread(buf, 1, sizeof buf, fp);
        char *nl = memchr(buf, '\n', got);
        if (nl && at + (size_t)(nl - buf) + 1 < size)
            cut[k++] = at + (unsigned long long)(nl - buf) + 1;
    }
    if (fp)
        fclose(fp);
    cut[k] = 0;
    return k;
}

static void report(const plan *pl)
{
    if (!pl->o->progress)
        return;
    unsigned long long bytes = pl->bytes_before;
    unsigned long rows = pl->rows_before;
    for (size_t i = 0; i < pl->n; i++) {
        bytes += __atomic_load_n(&pl->sc[i].bytes, __ATOMIC_RELAXED);
        rows += __atomic_load_n(&pl->sc[i].rows, __ATOMIC_RELAXED);
    }
    pl->o->progress(bytes, rows, pl->o->progress_user);
}

typedef struct worker {
    plan *pl;
    bool reports;
} worker;

static gpointer work(gpointer data)
{
    worker *w = data;
    plan *pl = w->pl;
    for (;;) {
        gint i = g_atomic_int_add(&pl->next, 1);
        if ((size_t)i >= pl->n)
            break;
        scan *sc = &pl->sc[i];
        if (!sc->rd) {             /* the first chunk's reader is open: it read the header */
            sc->rd = gy_reader_open_range(pl->path, pl->enc, pl->cut[i], pl->cut[i + 1], &sc->err);
            if (!sc->rd) {
                sc->e = open_failed(&sc->err);
                continue;
            }
            gy_reader_want(sc->rd, pl->ly->want, pl->ly->n_cols);
        }
        sc->reports = w->reports;
        scan_run(sc);
        sc->lines = gy_reader_line(sc->rd) - 1;
        sc->between = gy_reader_between(sc->rd);
        const gy_tally *t = gy_reader_tally(sc->rd);
        sc->nbytes = gy_tally_bytes(t);
        sc->crc = gy_tally_crc(t);
        gy_tally_sha256(t, sc->sha256);
        g_clear_pointer(&sc->rd, gy_reader_free);      /* its buffers, while others run */
    }
    return NULL;
}

/* Read one file in `n` chunks (1: one reader, no thread). */
static gy_error load_file(const char *path, const char *spec, uint32_t file, size_t n,
                          const unsigned long long *cut, const gy_aliases *al,
                          const gy_region *rg, const gy_load_opts *o, gy_cube *cube,
                          gy_ledger *lg, unsigned long long *bytes_done, unsigned long *rows_done,
                          read_tally *rt, marks *mk, GError **err)
{
    gy_input *in = gy_ledger_input(lg, file);
    layout ly = { 0 };
    plan pl = { path, &ly, rg, o, GY_ENC_AUTO, n, (unsigned long long *)cut, g_new0(scan, n), 0,
                *bytes_done, *rows_done };
    for (size_t i = 0; i < n; i++) {
        scan *sc = &pl.sc[i];
        sc->ly = &ly;
        sc->rg = rg;
        sc->file = file;
        sc->pl = &pl;
        sc->unmask = o->unmask;
        sc->cancel = o->cancel;
        sc->cube = gy_cube_new_like(cube);     /* its ceiling too */
        sc->lg = gy_ledger_new();
        sc->marks = g_array_new(FALSE, FALSE, sizeof(mark));
        gy_ledger_add_input(sc->lg, path);
        for (int k = 0; k < GY_COVER__KINDS; k++)
            sc->days[k] = g_new0(uint8_t, (GY_COVER_DAYS + 7) / 8);
    }
    gy_error e = GY_OK;
    scan *first = &pl.sc[0];
    first->rd = open_input(path, spec, o->encoding, cut[1], al, &ly, &e, err);
    if (!first->rd)
        goto out;
    pl.enc = gy_reader_encoding(first->rd);
    g_array_set_size(mk->v, 0);
    mk->enc = pl.enc;
    gy_kind kind = (gy_kind)gy_reader_kind(first->rd);
    mk->commas = kind == GY_KIND_CSV;
    in->encoding = gy_kind_is_book(kind) ? gy_kind_name(kind) : gy_encoding_name(pl.enc);
    gy_ledger_set_reader(lg, file, gy_kind_name(kind), gy_reader_sheet(first->rd));
    note_mapping(lg, file, &ly);
    in->header_line = ly.header_line;
    ly.written = in->written != GY_NO_DAY ? in->written : INT32_MAX;
    ly.cover_base = gy_cover_base();
    ly.to = o->to;
    layout_judge(&ly);
    gy_reader_want(first->rd, ly.want, ly.n_cols);
    worker mine = { &pl, true }, other = { &pl, false };
    if (n > 1) {
        GThread *th = g_thread_new("guiyan-reader", work, &other);
        work(&mine);
        g_thread_join(th);
    } else {
        work(&mine);
    }
    gy_timing("chunks read");
    rt->n = n;
    for (size_t i = 0; i < n; i++) {
        rt->len[i] = pl.sc[i].nbytes;
        rt->crc[i] = pl.sc[i].crc;
    }
    memcpy(rt->sha256, pl.sc[0].sha256, sizeof rt->sha256);
    for (size_t i = 0; i < n && e == GY_OK; i++) {
        if (pl.sc[i].e != GY_OK) {
            e = pl.sc[i].e;
            g_propagate_error(err, pl.sc[i].err);
            pl.sc[i].err = NULL;
        } else if (i + 1 < n && !pl.sc[i].between) {
            rt->again = true;
        }
    }
    if (e != GY_OK || rt->again)
        goto out;
    /* in file order, each chunk's lines shifted past the chunks before it; then the
     * duplicates, on two threads */
    unsigned long offset = 0;
    for (size_t i = 0; i < n; i++) {
        if (!gy_cube_append(cube, pl.sc[i].cube, (uint32_t)offset)) {
            e = store_refused(cube, path, err);
            goto out;
        }
        gy_ledger_absorb(lg, file, pl.sc[i].lg, offset);
        for (guint k = 0; k < pl.sc[i].marks->len; k++) {
            mark m = g_array_index(pl.sc[i].marks, mark, k);
            m.line += offset;
            g_array_append_val(mk->v, m);
        }
        offset += pl.sc[i].lines;
    }
    for (int k = 0; k < GY_COVER__KINDS; k++) {
        for (size_t i = 1; i < n; i++)
            for (size_t b = 0; b < (GY_COVER_DAYS + 7) / 8; b++)
                pl.sc[0].days[k][b] |= pl.sc[i].days[k][b];
        gy_cover_from_days(&in->cover[k], pl.sc[0].days[k]);
    }
    mk->col_entity = ly.col[F_ENTITY];
    mk->col_uscc = ly.col[F_USCC];
    mk->n_cols = ly.n_cols;
    /* one export alone: its names without a credit code are matched as it settles; several
     * are settled once, after the last (gy_cube_supersede_files: each file's duplicates, the
     * newest deciding, the names matched among the rows left standing) */
    if (gy_ledger_n_inputs(lg) < 2) {
        size_t ambiguous = 0;
        size_t dups = gy_cube_settle_named(cube, &ambiguous);
        gy_ledger_set_names_ambiguous(lg, ambiguous);
        gy_timing("records settled");
        in->rows_accepted -= dups;
        in->rows_duplicate += dups;
    }
    *bytes_done += in->size;
    *rows_done += in->rows_read;
out:
    for (size_t i = 0; i < n; i++) {
        gy_reader_free(pl.sc[i].rd);
        gy_cube_free(pl.sc[i].cube);
        gy_ledger_free(pl.sc[i].lg);
        g_array_free(pl.sc[i].marks, TRUE);
        g_clear_error(&pl.sc[i].err);
        for (int k = 0; k < GY_COVER__KINDS; k++)
            g_free(pl.sc[i].days[k]);
    }
    g_free(pl.sc);
    layout_clear(&ly);
    return e;
}

/* Whether path is comma-separated text, which alone is read in parallel chunks. */
static bool plain_csv(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    char *buf = g_malloc(64u << 10);
    size_t len = fread(buf, 1, 64u << 10, fp);
    fclose(fp);
    gy_kind kind;
    const char *what;
    bool csv = gy_kind_sniff(path, buf, len, &kind, &what) == GY_OK && kind == GY_KIND_CSV;
    g_free(buf);
    return csv;
}

static gy_error load_one(const char *path, const char *spec, uint32_t file, const gy_aliases *al,
                         const gy_region *rg, const gy_load_opts *o, gy_cube *cube,
                         gy_ledger *lg, unsigned long long *bytes_done, unsigned long *rows_done,
                         marks *mk, GError **err)
{
    gy_input *in = gy_ledger_input(lg, file);
    stat_input(in);
    struct stat before, after;
    bool regular = strcmp(path, "-") != 0 && stat(path, &before) == 0 && S_ISREG(before.st_mode);
    unsigned long long whole[2] = { 0, 0 }, cut[MAX_CHUNKS + 1];
    size_t n = 1;
    /* GUIYAN_CHUNK (bytes) lets the tests cut a file of any size into many chunks */
    const char *env = g_getenv("GUIYAN_CHUNK");
    if (o->threads != 1 && (in->size >= PARALLEL_MIN || env) && strcmp(path, "-") != 0 &&
        plain_csv(path)) {
        unsigned long long chunk = env ? MAX(g_ascii_strtoull(env, NULL, 10), 1) : CHUNK;
        n = plan_cuts(path, in->size,
                      (size_t)MIN(MAX_CHUNKS, MAX(2, (in->size + chunk - 1) / chunk)), cut);
    }
    hashjob *hj = g_new0(hashjob, 1);
    hj->path = path;
    hj->cut = cut;
    hj->t.n = n;
    GThread *hasher = n > 1 ? g_thread_new("guiyan-sha256", hash_run, hj) : NULL;
    read_tally rt = { 0 };
    gy_timing("start");
    gy_error e = load_file(path, spec, file, n, n > 1 ? cut : whole, al, rg, o, cube, lg,
                           bytes_done, rows_done, &rt, mk, err);
    if (hasher) {
        g_thread_join(hasher);
        gy_timing("sha-256 done");
    }
    if (hj->err && e == GY_OK) {
        g_clear_error(err);
        g_propagate_error(err, hj->err);
        hj->err = NULL;
        e = GY_E_IO;
    }
    /* the chunks' bytes were the file's (the hasher's pass) */
    bool same = n == 1 || same_chunks(&rt, &hj->t);
    if (e == GY_OK && rt.again) {
        rt.again = false;
        /* a chunk began inside a quoted field: read the file again, whole, once it is known
         * to be the file the first read began on */
        if (!same || (regular && (stat(path, &after) != 0 || !same_file(&before, &after))))
            e = changed_while_read(path, err);
        else
            e = load_file(path, spec, file, 1, whole, al, rg, o, cube, lg, bytes_done, rows_done,
                          &rt, mk, err);
        /* the second read's SHA-256 is the first read's */
        same = e != GY_OK || !strcmp(rt.sha256, hj->out);
    }
    gy_timing("records stored");
    /* the size and SHA-256 in the manifest are of the bytes the rows were read from: a file
     * that grew, shrank or was replaced meanwhile is an error, not a manifest that vouches
     * for rows never read */
    if (e == GY_OK) {
        unsigned long long parsed = 0;
        for (size_t i = 0; i < rt.n; i++)
            parsed += rt.len[i];
        if (!same || (regular && (parsed != (unsigned long long)before.st_size ||
                                  stat(path, &after) != 0 || !same_file(&before, &after))))
            e = changed_while_read(path, err);
        in->size = parsed;
        memcpy(in->sha256, rt.n == 1 ? rt.sha256 : hj->out, sizeof in->sha256);
    }
    g_clear_error(&hj->err);
    g_free(hj);
    return e;
}

static void on_update(gy_update_kind kind, const gy_record *row, const gy_record *other,
                      void *user)
{
    gy_ledger_update(user, kind, row, other);
}

/* One text to read back: record `line` of a file into an update's row or other. */
typedef struct wanted {
    uint32_t file, line;
    gy_record *r;
} wanted;

static inline uint64_t wanted_key(const wanted *w)
{
    return (uint64_t)w->file << 32 | w->line;
}

/* Sort w[0, n) by file and line: a radix sort, a byte of the key a pass, over the bytes
 * where the keys differ (three for a million lines of a few files), not a sort that calls
 * a comparison hundreds of thousands of times. */
static void sort_wanted(wanted *w, size_t n)
{
    uint64_t any = 0, all = ~(uint64_t)0;
    for (size_t i = 0; i < n; i++) {
        any |= wanted_key(&w[i]);
        all &= wanted_key(&w[i]);
    }
    uint64_t differ = any & ~all;
    wanted *tmp = g_new(wanted, n ? n : 1), *from = w, *to = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        if (!((differ >> shift) & 0xFF))
            continue;
        size_t at[256] = { 0 };
        for (size_t i = 0; i < n; i++)
            at[(wanted_key(&from[i]) >> shift) & 0xFF]++;
        for (size_t d = 0, sum = 0; d < 256; d++) {
            size_t c = at[d];
            at[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            to[at[(wanted_key(&from[i]) >> shift) & 0xFF]++] = from[i];
        wanted *t = from;
        from = to;
        to = t;
    }
    if (from != w)
        memcpy(w, from, n * sizeof *w);
    g_free(tmp);
}

/* What a reader read back of its rows w[0, n): each one's entity name and credit code (or
 * NULL: not met) in a store of its own, put into the ledger's all at once. */
typedef struct took {
    const char **text;                /* 2 per row */
    GStringChunk *chunk;
} took;

static GMutex text_lock;              /* the ledger's text store, for the readers below */

static void take(void *user, size_t k, const char *entity, const char *u)
{
    took *t = user;
    char uscc[19];
    bool coded = *u && gy_uscc_parse(u, uscc) == GY_OK;
    t->text[2 * k] = g_string_chunk_insert(t->chunk, entity);
    t->text[2 * k + 1] = g_string_chunk_insert(t->chunk, coded ? uscc : "");
}

/* Into the ledger's store, which keeps one copy of each text: a row read twice (the standing
 * row several older ones are compared with) and an empty text are looked up once. */
static void took_keep(const took *t, gy_ledger *lg, wanted *w, size_t n)
{
    g_mutex_lock(&text_lock);
    const char *none = gy_ledger_text(lg, "");
    for (size_t k = 0; k < n; k++) {
        if (!t->text[2 * k])
            continue;
        if (k && t->text[2 * (k - 1)] && w[k].line == w[k - 1].line) {
            w[k].r->entity = w[k - 1].r->entity;
            w[k].r->uscc = w[k - 1].r->uscc;
            continue;
        }
        for (int i = 0; i < 2; i++) {
            const char *s = t->text[2 * k + i];
            *(i ? &w[k].r->uscc : &w[k].r->entity) = *s ? gy_ledger_text(lg, s) : none;
        }
    }
    g_mutex_unlock(&text_lock);
}

/* The marks of a file hold the rows from w (its first row) on. Only comma-separated text is
 * read from them: a reader of a range splits at commas (tab-separated text is read whole). */
static bool marked(const marks *mk, const wanted *w)
{
    return mk && mk->commas && mk->v->len && g_array_index(mk->v, mark, 0).line <= w->line;
}

/* The entity names and credit codes of the rows in w[0, n) (all of one file, by line), read
 * again into t: the store keeps only their fingerprints. A file that cannot be read twice
 * (standard input, a pipe) leaves them "". */
static gy_error read_back(const char *path, const char *spec, const gy_aliases *al,
                          const gy_load_opts *o, took *t, const marks *mk, wanted *w,
                          size_t n, GError **err)
{
    if (gy_reader_once_only(path))
        return GY_OK;
    if (marked(mk, w)) {
        unsigned long *lines = g_new(unsigned long, n);
        for (size_t k = 0; k < n; k++)
            lines[k] = w[k].line;
        gy_error e = gy_readback_marked(path, mk, lines, n, take, t, NULL, err);
        g_free(lines);
        return e;
    }
    layout ly = { 0 };
    gy_error e = GY_OK;
    /* the same sheet of a workbook as was read the first time */
    gy_reader *rd = open_input(path, spec, o->encoding, 0, al, &ly, &e, err);
    if (!rd) {
        layout_clear(&ly);
        return e;
    }
    /* only the two columns read back are cleaned and checked */
    bool *want = g_new0(bool, ly.n_cols);
    const int cols[] = { ly.col[F_ENTITY], ly.col[F_USCC] };
    for (size_t i = 0; i < G_N_ELEMENTS(cols); i++)
        if (cols[i] >= 0 && (size_t)cols[i] < ly.n_cols)
            want[cols[i]] = true;
    gy_reader_want(rd, want, ly.n_cols);
    gy_row row;
    size_t k = 0;
    while (e == GY_OK && k < n && (e = gy_reader_next(rd, &row, err)) == GY_OK && row.n > 0) {
        for (; k < n && w[k].line == row.line; k++)
            take(t, k, field(&row, &ly, F_ENTITY), field(&row, &ly, F_USCC));
    }
    g_free(want);
    layout_clear(&ly);
    gy_reader_free(rd);
    return e;
}

/* The pieces of files to read back, taken in turn by the readers: one a file, or for a file
 * with marks one every BACK_PIECE marks' spans, so that the readers share a big file. */
#define BACK_PIECE 1024

typedef struct back_job {
    const char *path, *spec;
    const marks *mk;
    wanted *w;
    size_t n;
    gy_error e;
    GError *err;
} back_job;

typedef struct backs {
    back_job *job;
    guint n;
    gint next;
    const gy_aliases *al;
    const gy_load_opts *o;
    gy_ledger *lg;
} backs;

static gpointer back_run(gpointer data)
{
    backs *bk = data;
    for (gint i; (i = g_atomic_int_add(&bk->next, 1)) < (gint)bk->n;) {
        back_job *b = &bk->job[i];
        took t = { g_new0(const char *, 2 * b->n), g_string_chunk_new(64u << 10) };
        b->e = read_back(b->path, b->spec, bk->al, bk->o, &t, b->mk, b->w, b->n, &b->err);
        if (b->e == GY_OK)
            took_keep(&t, bk->lg, b->w, b->n);
        g_free(t.text);
        g_string_chunk_free(t.chunk);
    }
    return NULL;
}

/* Split the rows w[0, n) of one file into jobs (see BACK_PIECE). */
static void back_jobs(GArray *jobs, const char *path, const char *spec, const marks *mk,
                      wanted *w, size_t n)
{
    size_t from = 0;
    if (marked(mk, w)) {
        const GArray *v = mk->v;
        guint m = 0, first = 0;
        for (size_t k = 0; k < n; k++) {
            while (m + 1 < v->len && g_array_index(v, mark, m + 1).line <= w[k].line)
                m++;
            if (k == from)
                first = m;
            else if (m >= first + BACK_PIECE) {
                back_job b = { path, spec, mk, w + from, k - from, GY_OK, NULL };
                g_array_append_val(jobs, b);
                from = k;
                first = m;
            }
        }
    }
    back_job b = { path, spec, mk, w + from, n - from, GY_OK, NULL };
    g_array_append_val(jobs, b);
}

/* Order the files and let the newest decide each startup held by several (see gy_load). */
static gy_error supersede(const char *const *files, const char *const *specs,
                          const marks *mks, const gy_aliases *al, const gy_load_opts *o,
                          gy_cube *cube, gy_ledger *lg, GError **err)
{
    const uint32_t *rank = gy_ledger_order(lg, o->order_given);
    if (gy_ledger_n_inputs(lg) < 2)
        return GY_OK;
    size_t ambiguous = 0;
    uint32_t *dups = g_new0(uint32_t, GY_MAX_FILES);
    gy_cube_supersede_files(cube, rank, on_update, lg, &ambiguous, dups);
    gy_ledger_set_names_ambiguous(lg, ambiguous);
    for (uint32_t i = 0; i < gy_ledger_n_inputs(lg); i++) {
        gy_input *in = gy_ledger_input(lg, i);
        in->rows_accepted -= dups[i];
        in->rows_duplicate += dups[i];
    }
    g_free(dups);
    gy_ledger_sort(lg);
    gy_timing("updates sorted");
    GArray *w = g_array_new(FALSE, FALSE, sizeof(wanted));
    for (size_t i = 0; i < gy_ledger_n_updates(lg); i++) {
        gy_update *u = gy_ledger_get_update(lg, i);
        if (u->kind != GY_UPD_SUPERSEDED || (u->row.name_fp == u->other.name_fp &&
                                             u->row.entity_fp == u->other.entity_fp))
            continue;
        /* a row without an entity name has no entity: nothing to read (its credit code, if
         * any, names nothing guiyan counts) */
        wanted a = { u->row.file, u->row.line, &u->row }, b = { u->other.file, u->other.line,
                                                                &u->other };
        if (u->row.name_fp)
            g_array_append_val(w, a);
        if (u->other.name_fp)
            g_array_append_val(w, b);
    }
    sort_wanted((wanted *)(void *)w->data, w->len);
    /* pieces of each file, readers taking them in turn */
    GArray *jobs = g_array_new(FALSE, TRUE, sizeof(back_job));
    for (guint i = 0, j; i < w->len; i = j) {
        wanted *v = &g_array_index(w, wanted, i);
        for (j = i; j < w->len && g_array_index(w, wanted, j).file == v->file; j++)
            ;
        back_jobs(jobs, files[v->file], specs[v->file], &mks[v->file], v, j - i);
    }
    backs bk = { (back_job *)jobs->data, jobs->len, 0, al, o, lg };
    guint n_th = o->threads == 1 ? 1 : MIN(jobs->len, CLAMP(g_get_num_processors(), 2, 4));
    GThread *th[4] = { NULL };
    for (guint i = 1; i < n_th; i++)
        th[i] = g_thread_new("guiyan-readback", back_run, &bk);
    back_run(&bk);
    for (guint i = 1; i < n_th; i++)
        g_thread_join(th[i]);
    gy_error e = GY_OK;
    for (guint i = 0; i < jobs->len; i++) {
        back_job *b = &g_array_index(jobs, back_job, i);
        if (e == GY_OK && b->e != GY_OK) {
            e = b->e;
            g_propagate_error(err, b->err);
        } else {
            g_clear_error(&b->err);
        }
    }
    g_array_free(jobs, TRUE);
    g_array_free(w, TRUE);
    gy_timing("updates read back");
    return e;
}

/* --sheet all: every sheet of each workbook whose header is recognised becomes an input of
 * its own ("#i" in specs); other files stay as they are. paths and specs are filled. */
static gy_error expand_sheets(const char *const *files, size_t n, const gy_aliases *al,
                              gy_encoding enc, GPtrArray *paths, GPtrArray *specs,
                              GError **err)
{
    for (size_t i = 0; i < n; i++) {
        gy_reader *rd = gy_reader_once_only(files[i]) ? NULL
                        : gy_reader_open(files[i], enc, NULL);
        size_t ns = rd ? gy_reader_n_sheets(rd) : 0, found = 0;
        for (size_t k = 0; k < ns; k++) {
            layout ly = { 0 };
            char *where = g_strdup_printf("%s:%s", files[i], gy_reader_sheet_name(rd, k));
            GError *e2 = NULL;
            if (gy_reader_select_sheet(rd, k, &e2) == GY_OK &&
                read_header(rd, al, where, &ly, &e2) == GY_OK) {
                g_ptr_array_add(paths, (gpointer)files[i]);
                g_ptr_array_add(specs, g_strdup_printf("#%zu", k));
                found++;
            }
            g_clear_error(&e2);
            g_free(where);
            layout_clear(&ly);
        }
        gy_reader_free(rd);
        if (ns == 0 || found == 0) {          /* text, or the error comes when it is read */
            g_ptr_array_add(paths, (gpointer)files[i]);
            g_ptr_array_add(specs, NULL);
        }
    }
    (void)err;
    return GY_OK;
}

static gy_error load_inputs(const char *const *files, const char *const *specs, size_t n,
                            const gy_aliases *al, const gy_region *rg, const gy_load_opts *opts,
                            gy_cube *cube, gy_ledger *ledger, GError **err);

gy_error gy_load(const char *const *files, size_t n, const gy_aliases *al, const gy_region *rg,
                 const gy_load_opts *opts, gy_cube *cube, gy_ledger *ledger, GError **err)
{
    GPtrArray *paths = g_ptr_array_new(), *specs = g_ptr_array_new_with_free_func(g_free);
    gy_error e = GY_OK;
    if (opts->sheet && strcmp(opts->sheet, "all") == 0) {
        e = expand_sheets(files, n, al, opts->encoding, paths, specs, err);
    } else {
        for (size_t i = 0; i < n; i++) {
            g_ptr_array_add(paths, (gpointer)files[i]);
            g_ptr_array_add(specs, g_strdup(opts->sheet));
        }
    }
    if (e == GY_OK)
        e = load_inputs((const char *const *)paths->pdata, (const char *const *)specs->pdata,
                        paths->len, al, rg, opts, cube, ledger, err);
    g_ptr_array_free(paths, TRUE);
    g_ptr_array_free(specs, TRUE);
    return e;
}

static gy_error load_inputs(const char *const *files, const char *const *specs, size_t n,
                            const gy_aliases *al, const gy_region *rg, const gy_load_opts *opts,
                            gy_cube *cube, gy_ledger *ledger, GError **err)
{
    gy_load_opts o = *opts;
    unsigned long long bytes = 0;
    unsigned long rows = 0;
    if (n > GY_MAX_FILES) {
        g_set_error(err, GY_ERROR, GY_E_TOO_MANY_FILES, _("%zu input files: at most %d can be "
                    "read in one run (join some of them first)"), n, GY_MAX_FILES);
        return GY_E_TOO_MANY_FILES;
    }
    for (size_t i = 0; i < n; i++)
        gy_ledger_add_input(ledger, files[i]);
    /* a file named twice (or by two paths: its device and inode) is read once: reading it
     * again would only make every row a duplicate. Key → first input + 1. */
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    marks *mks = g_new0(marks, n);
    for (size_t i = 0; i < n; i++)
        mks[i].v = g_array_new(FALSE, FALSE, sizeof(mark));
    gy_error e = GY_OK;
    for (size_t i = 0; i < n && e == GY_OK; i++) {
        gy_input *in = gy_ledger_input(ledger, (uint32_t)i);
        struct stat st;
        char *key = strcmp(files[i], "-") != 0 && stat(files[i], &st) == 0 && S_ISREG(st.st_mode)
                        ? g_strdup_printf("%ju:%ju:%s", (uintmax_t)st.st_dev,
                                          (uintmax_t)st.st_ino, specs[i] ? specs[i] : "")
                        : g_strconcat("path:", files[i], NULL);
        in->same_as = GPOINTER_TO_INT(g_hash_table_lookup(seen, key)) - 1;
        if (in->same_as < 0)
            g_hash_table_insert(seen, key, GINT_TO_POINTER((int)i + 1));
        else
            g_free(key);
        if (in->same_as >= 0) {
            const gy_input *first = gy_ledger_input(ledger, (uint32_t)in->same_as);
            in->encoding = first->encoding;
            in->size = first->size;
            memcpy(in->sha256, first->sha256, sizeof in->sha256);
            continue;
        }
        if (g_cancellable_set_error_if_cancelled(o.cancel, err)) {
            e = GY_E_IO;
            break;
        }
        e = load_one(files[i], specs[i], (uint32_t)i, al, rg, &o, cube, ledger, &bytes, &rows,
                     &mks[i], err);
    }
    g_hash_table_destroy(seen);
    if (e == GY_OK && g_cancellable_set_error_if_cancelled(o.cancel, err))
        e = GY_E_IO;
    if (e == GY_OK)
        e = supersede(files, specs, mks, al, &o, cube, ledger, err);
    for (size_t i = 0; i < n; i++)
        g_array_free(mks[i].v, TRUE);
    g_free(mks);
    if (e != GY_OK)
        return e;
    if (o.progress)
        o.progress(bytes, rows, o.progress_user);
    return GY_OK;
}
