/* draft.c — a reply draft as typed paragraphs, and its plain-text form. */
#include <string.h>

#include "guiyan/draft.h"
#include "guiyan/fields.h"

static void para_free(gpointer p)
{
    gy_para *pa = p;
    if (!pa)
        return;
    g_free(pa->text);
    g_free(pa);
}

gy_draft *gy_draft_new(void)
{
    gy_draft *d = g_new0(gy_draft, 1);
    d->paras = g_ptr_array_new_with_free_func(para_free);
    return d;
}

void gy_draft_free(gy_draft *d)
{
    if (!d)
        return;
    g_ptr_array_free(d->paras, TRUE);
    g_free(d->title);
    g_free(d->date_iso);
    g_free(d);
}

/* A TITLE paragraph becomes the metadata title (several TITLE lines are one wrapped title);
 * the first DATE paragraph that reads as a date (2021年6月15日) sets date_iso. */
void gy_draft_add(gy_draft *d, gy_para_kind kind, const char *text)
{
    gy_para *pa = g_new0(gy_para, 1);
    pa->kind = kind;
    pa->text = g_strdup(text ? text : "");
    g_ptr_array_add(d->paras, pa);
    if (kind == GY_PARA_TITLE) {
        char *t = g_strconcat(d->title ? d->title : "", pa->text, NULL);
        g_free(d->title);
        d->title = t;
    } else if (kind == GY_PARA_DATE && !d->date_iso) {
        char *copy = g_strdup(pa->text);
        gy_day day;
        gy_text_clean(copy);
        if (gy_date_parse(copy, &day) == GY_OK) {
            char iso[11];
            gy_day_format(day, iso);
            d->date_iso = g_strdup(iso);
        }
        g_free(copy);
    }
}

char *gy_draft_text(const gy_draft *d)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < d->paras->len; i++) {
        const gy_para *pa = g_ptr_array_index(d->paras, i);
        if (i)
            g_string_append_c(s, '\n');
        g_string_append(s, pa->text);
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}
