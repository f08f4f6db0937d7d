/* letter.h — official replies as letters: an editable .docx filled from a Word template
 * (report_templates/reply_template.docx), and a PDF laid out per GB/T 9704-2012 (党政机关公文格式)
 * with cairo + pango: A4, text block 156 × 225 mm at 28 mm (binding side) and 37 mm from the top,
 * 22 lines of 28 三号 characters, page numbers "— 1 —". Both read a gy_draft (draft.h) and write
 * through output.h (temp file renamed into place), so an interrupted run leaves no half file.
 * Same draft, same bytes: document dates come from the draft's date_iso. */
#ifndef GUIYAN_LETTER_H
#define GUIYAN_LETTER_H

#include <glib.h>
#include "guiyan/draft.h"
#include "guiyan/error.h"

/* Font families for the PDF, as fontconfig names them ("仿宋_GB2312", "FangSong",
 * "Noto Serif CJK SC"). NULL members take the defaults: 仿宋 (仿宋_GB2312, 仿宋, FangSong …) for
 * the body, 方正小标宋简体 for the title and the 发文机关标志, 黑体 for 一、 headings and the
 * 答复类别, 楷体 (楷体_GB2312, 楷体, KaiTi …) for （一） headings. A family that is not installed
 * is replaced by the closest installed one (Noto Serif CJK SC, Noto Sans CJK SC, AR PL UKai CN);
 * gy_letter_font_report says which. Page numbers are always 宋体 (or its substitute). */
typedef struct gy_letter_style {
    const char *body_font;
    const char *title_font;
    const char *heading1_font;
    const char *heading2_font;
} gy_letter_style;

/* Write d as a .docx made from template_docx (NULL: reply_template.docx in the built-in
 * templates folder). Every part of the template is kept as it is (styles, page setup, footers)
 * except: the paragraph of word/document.xml whose text contains "{{BODY}}" is replaced by one
 * paragraph per draft paragraph, with the paragraph style of its kind (style ids GyCategory,
 * GyOrg, GyDocNo, GyTitle, GyAddressee, GyBody, GyHeading1, GyHeading2, GySignature, GyDate,
 * GyNote, GyCc); docProps/core.xml gets the draft's title and, as created and modified date,
 * its date_iso (else SOURCE_DATE_EPOCH, else 1980-01-01), which also dates the zip entries.
 * Errors: GY_E_IO (template unreadable, path not writable; *err names the file),
 * GY_E_TEMPLATE (not a .docx, malformed XML, no {{BODY}} paragraph, a style the draft needs
 * missing from word/styles.xml; *err names the template and the part). */
gy_error gy_letter_write_docx(const gy_draft *d, const char *template_docx, const char *path,
                              GError **err);

/* Write d as a PDF per GB/T 9704-2012 (信函格式 head): 答复类别 lines at the top right of the
 * first page, the 发文机关标志 in red over a red double rule, the 发文字号 flush right under
 * it, the title (2号) centred two lines lower with a blank line below, the addressee flush
 * left, body paragraphs (3号, first line indented two characters, justified) on a grid of 22
 * lines × 28 characters, 一、 and （一） headings in 黑体 and 楷体 kept with the next line, the
 * 发文机关署名 centred over the 成文日期, which stands four characters in from the right
 * edge, the 抄送 between rules at the foot of the last page, and "— N —" page numbers in 4号
 * 宋体 7 mm under the text block (odd pages right, even pages left, one character in). Text
 * is shaped with language zh-cn. style may be NULL (defaults). The PDF's title is d->title,
 * its dates d->date_iso (else SOURCE_DATE_EPOCH, else 1980-01-01), so the same draft gives
 * the same bytes. Errors: GY_E_FONT when no installed font can show Chinese (install
 * fonts-noto-cjk), GY_E_USAGE for a draft of more than 999 pages, GY_E_IO when cairo or the
 * file system fails (*err names path). */
gy_error gy_letter_write_pdf(const gy_draft *d, const gy_letter_style *style, const char *path,
                             GError **err);

/* The font substitutions gy_letter_write_pdf makes for style (NULL: defaults), one English
 * line each ("body font \"仿宋_GB2312\" is not installed; using \"Noto Serif CJK SC\"
 * instead"), joined by '\n' without a final newline; "" when every requested family is
 * installed. Newly allocated (g_free). */
char *gy_letter_font_report(const gy_letter_style *style);

#endif
