/* test_libcsv.c — the parts of libcsv's private state that src/ingest/reader.c reads
 * (pstate, quoted, entry_buf), pinned against the library's behaviour: a libcsv that renumbers
 * its states or stops keeping the field in entry_buf fails here, not in a misread export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <csv.h>

#include "../src/ingest/libcsv_state.h"

static int fields, rows;
static void on_field(void *s, size_t n, void *u) { (void)s; (void)n; (void)u; fields++; }
static void on_row(int c, void *u) { (void)c; (void)u; rows++; }

/* The parser after feeding text, as the reader sets it up (CSV_APPEND_NULL). */
static void feed(struct csv_parser *p, const char *text)
{
    fields = rows = 0;
    assert_int_equal(csv_init(p, CSV_APPEND_NULL), 0);
    assert_int_equal(csv_parse(p, text, strlen(text), on_field, on_row, NULL), strlen(text));
}

static void test_states(void **state)
{
    (void)state;
    struct csv_parser p;
    feed(&p, "a,b\n");                   /* a whole row: back before a row */
    assert_int_equal(p.pstate, 0);
    assert_int_equal(rows, 1);
    csv_free(&p);

    feed(&p, "a,");                      /* between two fields of a row */
    assert_int_equal(p.pstate, 1);
    csv_free(&p);

    feed(&p, "a,bc");                    /* inside a plain field */
    assert_int_equal(p.pstate, CSV_FIELD_BEGUN);
    assert_false(p.quoted);
    csv_free(&p);

    feed(&p, "a,\"b\nc");                /* inside a quoted field, over a line break */
    assert_int_equal(p.pstate, CSV_FIELD_BEGUN);
    assert_true(p.quoted);
    assert_int_equal(fields, 1);
    csv_free(&p);

    feed(&p, "a,\"bc\"");                /* a closing quote: or the first of a doubled one */
    assert_int_equal(p.pstate, CSV_FIELD_MIGHT_HAVE_ENDED);
    assert_true(p.quoted);
    csv_free(&p);
}

/* The field under way is in entry_buf[0, entry_pos), quotes undone: the reader copies a cell
 * cut at a block's end from there. */
static void test_entry_buf(void **state)
{
    (void)state;
    struct csv_parser p;
    feed(&p, "x,\"say \"\"hi\"\", then");
    assert_int_equal(p.pstate, CSV_FIELD_BEGUN);
    assert_int_equal(p.entry_pos, strlen("say \"hi\", then"));
    assert_memory_equal(p.entry_buf, "say \"hi\", then", p.entry_pos);
    csv_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_entry_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
