/* draft.h — a filled reply draft as a sequence of typed paragraphs: what the template filler
 * produces and what the letter renderers (text, .docx, GB/T 9704 PDF) read. */
#ifndef GUIYAN_DRAFT_H
#define GUIYAN_DRAFT_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/error.h"

typedef enum gy_para_kind {
    GY_PARA_CATEGORY,     /* 答复类别 at the top right: "A类" (and 公开属性 "同意对外公开") */
    GY_PARA_ORG,          /* 发文机关 line above the number, e.g. 乐山市人力资源和社会保障局 */
    GY_PARA_DOCNO,        /* 发文字号: 乐人社函〔2021〕156号 */
    GY_PARA_TITLE,        /* 标题 (2号小标宋, centred, may wrap) */
    GY_PARA_ADDRESSEE,    /* 主送机关: "民盟乐山市委：" flush left */
    GY_PARA_BODY,         /* 正文 paragraph, first line indented two characters */
    GY_PARA_HEADING1,     /* "一、基本情况" (黑体) */
    GY_PARA_HEADING2,     /* "（一）…" (楷体) */
    GY_PARA_SIGNATURE,    /* 发文机关署名, right side */
    GY_PARA_DATE,         /* 成文日期 "2021年6月15日" (no zero padding), under the signature */
    GY_PARA_NOTE,         /* 附注 such as 联系人：…；联系电话：… */
    GY_PARA_CC,           /* 抄送：…。 at the foot of the last page */
} gy_para_kind;

typedef struct gy_para {
    gy_para_kind kind;
    char *text;           /* UTF-8, owned by the draft */
} gy_para;

typedef struct gy_draft {
    GPtrArray *paras;     /* gy_para*, in order; owned */
    char *title;          /* document title for metadata (copy of the TITLE paragraph) */
    char *date_iso;       /* 成文日期 as YYYY-MM-DD, for fixed document dates */
} gy_draft;

gy_draft *gy_draft_new(void);
void gy_draft_free(gy_draft *d);
/* Append a paragraph; text is copied. */
void gy_draft_add(gy_draft *d, gy_para_kind kind, const char *text);

/* Plain UTF-8 text of the draft (paragraphs separated by blank lines). Newly allocated. */
char *gy_draft_text(const gy_draft *d);

#endif
