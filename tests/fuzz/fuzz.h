/* fuzz.h — what the libFuzzer targets share: a property check that aborts with the input's
 * story, an exact-size NUL-terminated copy of the input (so ASan sees a read past its end), a
 * scratch file for the targets that read files, and the configured tables for those that
 * resolve counties. Header-only: each target is one program, built by `make fuzz-build` (see
 * tests/fuzz/run.sh). */
#ifndef GUIYAN_FUZZ_H
#define GUIYAN_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "guiyan/config.h"
#include "guiyan/county.h"
#include "guiyan/fields.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property that must hold for every input: when it does not, say which and abort, so that
 * libFuzzer keeps the input as a crash. */
#define FUZZ_CHECK(cond, ...)                                                             \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond);   \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

/* The input as a C string in a buffer of exactly size + 1 bytes (a NUL inside ends it
 * early, as it would for the parsers' callers). Free with free(). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* s with every byte that does not start a valid UTF-8 character replaced by '?', as the
 * reader hands fields to the parsers. In place. */
static inline void fuzz_utf8_repair(char *s, size_t len)
{
    const gchar *bad;
    while (!g_utf8_validate_len(s, len, &bad))
        *(char *)bad = '?';
}

/* A file of this process's own that the targets reading files rewrite for each input, on
 * /dev/shm when there is one (no disk writes), removed at exit. */
static char *fuzz_scratch_path;

static void fuzz_scratch_remove(void)
{
    if (fuzz_scratch_path)
        unlink(fuzz_scratch_path);
}

static inline const char *fuzz_scratch(const uint8_t *data, size_t size, const char *suffix)
{
    if (!fuzz_scratch_path) {
        const char *dir = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm"
                                                                      : g_get_tmp_dir();
        fuzz_scratch_path = g_strdup_printf("%s/guiyan-fuzz-%d%s", dir, (int)getpid(), suffix);
        atexit(fuzz_scratch_remove);
    }
    FILE *fp = fopen(fuzz_scratch_path, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
        perror(fuzz_scratch_path);
        abort();
    }
    return fuzz_scratch_path;
}

/* What a command's session opens (report_templates/guiyan.ini, divisions.tsv, the configured
 * region with its units), for LLVMFuzzerInitialize; they live as long as the process. `file`
 * names one more file of the templates folder, whose path is returned (newly allocated). */
static inline char *fuzz_setup(const char *file, gy_config **cf, gy_divisions **dv,
                               gy_region **rg)
{
    GError *err = NULL;
    *cf = gy_config_load(NULL, NULL, &err);
    char *p = *cf ? gy_config_file(*cf, "divisions.tsv") : NULL;
    *dv = p ? gy_divisions_load(p, &err) : NULL;
    *rg = *dv ? gy_config_region(*cf, *dv, NULL, &err) : NULL;
    if (!*rg) {
        fprintf(stderr, "fuzz: %s\n", err ? err->message : "no configuration");
        abort();
    }
    g_free(p);
    return file ? gy_config_file(*cf, file) : NULL;
}

/* Longest run of characters in `set` in s. */
static inline size_t fuzz_longest_run(const char *s, const char *set)
{
    size_t best = 0, run = 0;
    for (; *s; s++) {
        run = strchr(set, *s) ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* A complete ID number left readable in s: a run of exactly 18 characters (digits, the last
 * may be X; full-width digits count as digits, as people read them) that gy_id_parse accepts
 * (check character, birth date) and that starts with a province's code — what the masking
 * rule must never leave. */
static inline bool fuzz_visible_id(const char *s0)
{
    static const char prov[] = "11121314152122233132333435363741424344454650515253546162636465718182";
    GString *w = g_string_new(NULL);
    for (const unsigned char *q = (const unsigned char *)s0; *q; q++) {
        if (q[0] == 0xEF && q[1] == 0xBC && q[2] >= 0x90 && q[2] <= 0x99) {
            g_string_append_c(w, (char)('0' + q[2] - 0x90));
            q += 2;
        } else {
            g_string_append_c(w, (char)*q);
        }
    }
    bool found = false;
    for (const char *p = w->str; *p && !found;) {
        size_t n = 0;
        while ((p[n] >= '0' && p[n] <= '9') || ((p[n] == 'X' || p[n] == 'x') && n == 17))
            n++;
        if (n == 18 && !(p[n] >= '0' && p[n] <= '9')) {
            char id[19], out[19];
            memcpy(id, p, 18);
            id[18] = '\0';
            bool province = false;
            for (size_t k = 0; k + 1 < sizeof prov; k += 2)
                province |= id[0] == prov[k] && id[1] == prov[k + 1];
            found = province && gy_id_parse(id, out) == GY_OK;
        }
        p += n ? n : 1;
    }
    g_string_free(w, TRUE);
    return found;
}

#endif
