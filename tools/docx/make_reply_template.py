#!/usr/bin/python3
"""make_reply_template.py — builds report_templates/reply_template.docx, the Word template that
gy_letter_write_docx fills (src/render/letter_docx.c).

The template is hand-written WordprocessingML laid out per GB/T 9704-2012 (党政机关公文格式):
A4, margins top 37 mm / bottom 35 mm / left (binding) 28 mm / right 26 mm, a 156 x 225 mm text
block of 22 lines x 28 characters (document grid: line pitch 28.95 pt, character pitch set so
28 三号 characters fill a line), page numbers "— 1 —" in 4号宋体 (odd pages right, even pages
left, one character in). Each gy_para_kind has a paragraph style (style ids Gy*; the C table
in letter_docx.c maps kinds to them); word/document.xml holds one paragraph reading {{BODY}}
that the program replaces with the draft's paragraphs. Officers may restyle the template in
Word or WPS as long as the style ids and the {{BODY}} paragraph stay.

Output is byte-for-byte reproducible (fixed entry dates and order). Run from the repository
root:  /usr/bin/python3 tools/docx/make_reply_template.py [output.docx]
"""

import sys
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

MM = 1440 / 25.4                      # twips per millimetre
PAGE_W, PAGE_H = 11906, 16838         # A4
TOP, BOTTOM = round(37 * MM), round(35 * MM)
LEFT, RIGHT = round(28 * MM), round(26 * MM)
FOOTER = round(24 * MM)               # puts the page number's dashes ~7 mm under the block
LINE = 579                            # 28.95 pt: 22 lines in 225 mm
TEXT_W = PAGE_W - LEFT - RIGHT        # 8845 twips = 156 mm
# 28 三号 characters a line: each 16 pt character a quarter point narrower (w:spacing is in
# twentieths of a point; 28 x 15.75 pt fit the 442.25 pt line, 29 do not). A character grid
# (w:docGrid linesAndChars) would do the same in Word and WPS, but LibreOffice gives every
# character wider than the grid pitch two cells, so the spacing is set on the text instead.
TRACK = -5
assert 28 * (320 + TRACK) <= TEXT_W < 29 * (320 + TRACK)

FANGSONG = "仿宋_GB2312"
XBS = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
RED = "E60012"


def fonts(name):
    return (f'<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" '
            f'w:cs="{name}"/>')


def rpr(font=None, size=None, color=None, spacing=None):
    out = ""
    if font:
        out += fonts(font)
    if color:
        out += f'<w:color w:val="{color}"/>'
    if spacing is not None:
        out += f'<w:spacing w:val="{spacing}"/>'
    if size:
        out += f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
    return f"<w:rPr>{out}</w:rPr>" if out else ""


def text(font):
    """Run properties of 3号 text on the 28-character line."""
    return rpr(font, 16, spacing=TRACK)


def style(sid, name, ppr="", rprops="", based="Normal", nxt=None, outline=None):
    nxt = nxt or sid
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:next w:val="{nxt}"/>'
            f'<w:qFormat/><w:pPr>{ppr}</w:pPr>{rprops}</w:style>')


def exact(before=0, after=0, line=LINE):
    return (f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" '
            f'w:lineRule="exact"/>')


BODY_IND = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'

STYLES = [
    # 答复类别 "A类" and 公开属性 "同意对外公开": top right of the first page
    style("GyCategory", "答复类别",
          exact() + '<w:jc w:val="right"/>', text(HEITI)),
    # 发文机关标志 (信函格式): red 小标宋, centred, red double rule (thick over thin) below
    style("GyOrg", "发文机关标志",
          '<w:keepNext/><w:pBdr><w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="6" '
          f'w:color="{RED}"/></w:pBdr>'
          + exact(after=120, line=2 * LINE) + '<w:ind w:firstLine="0"/><w:jc w:val="center"/>',
          rpr(XBS, 26, color=RED, spacing=0)),
    # 发文字号: under the rule, flush with the right edge of the block
    style("GyDocNo", "发文字号", exact() + '<w:jc w:val="right"/>', text(FANGSONG)),
    # 标题: 2号小标宋, centred, two lines below the head, one blank line below
    style("GyTitle", "公文标题",
          '<w:keepNext/><w:keepLines/>' + exact(before=2 * LINE, after=LINE)
          + '<w:contextualSpacing/><w:jc w:val="center"/>', rpr(XBS, 22, spacing=0), nxt="GyAddressee"),
    # 主送机关: flush left
    style("GyAddressee", "主送机关", '<w:keepNext/>' + exact() + '<w:jc w:val="both"/>',
          text(FANGSONG), nxt="GyBody"),
    # 正文: 3号仿宋, first line indented two characters, justified
    style("GyBody", "公文正文", exact() + BODY_IND + '<w:jc w:val="both"/>',
          text(FANGSONG)),
    # 一级标题 "一、": 黑体
    style("GyHeading1", "一级标题", '<w:keepNext/>' + exact() + BODY_IND
          + '<w:jc w:val="both"/>', text(HEITI), nxt="GyBody", outline=0),
    # 二级标题 "（一）": 楷体
    style("GyHeading2", "二级标题", '<w:keepNext/>' + exact() + BODY_IND
          + '<w:jc w:val="both"/>', text(KAITI), nxt="GyBody", outline=1),
    # 发文机关署名: one blank line below the text, right side
    style("GySignature", "发文机关署名",
          '<w:keepNext/><w:keepLines/>' + exact(before=LINE)
          + '<w:contextualSpacing/><w:ind w:rightChars="200" w:right="640"/>'
          '<w:jc w:val="right"/>', text(FANGSONG), nxt="GyDate"),
    # 成文日期: right-aligned, four characters in from the right edge
    style("GyDate", "成文日期", '<w:keepLines/>' + exact()
          + '<w:ind w:rightChars="400" w:right="1280"/><w:jc w:val="right"/>',
          text(FANGSONG)),
    # 附注 (联系人、联系电话)
    style("GyNote", "附注", exact() + BODY_IND + '<w:jc w:val="both"/>', text(FANGSONG)),
    # 抄送 (版记): 4号仿宋 between full-width rules, one character in, a blank line above (the
    # PDF puts it at the foot of the last page; in Word the officer moves it there)
    style("GyCc", "抄送",
          '<w:keepLines/><w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
          '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'
          + exact(before=LINE) + '<w:ind w:left="0" w:right="0" w:firstLine="280"/>'
          '<w:jc w:val="left"/>', rpr(FANGSONG, 14, spacing=0)),
    # 页码: 4号半角宋体 "— 1 —"; odd pages right, even pages left, one character in
    style("GyFolioOdd", "页码（单页）",
          '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
          '<w:ind w:right="280"/><w:jc w:val="right"/>', rpr(SONGTI, 14, spacing=0)),
    style("GyFolioEven", "页码（双页）",
          '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
          '<w:ind w:left="280"/><w:jc w:val="left"/>', rpr(SONGTI, 14, spacing=0)),
]

STYLES_XML = (
    HEAD + f'<w:styles xmlns:w="{W_NS}">'
    '<w:docDefaults><w:rPrDefault><w:rPr>' + fonts(FANGSONG)
    + '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>'
    f'<w:spacing w:line="{LINE}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr>'
    '</w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:widowControl w:val="0"/>'
    f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
    '<w:jc w:val="both"/></w:pPr>' + text(FANGSONG) + '</w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    '<w:unhideWhenUsed/></w:style>'
    + "".join(STYLES) + '</w:styles>')

DOCUMENT_XML = (
    HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
    '<w:p><w:pPr><w:pStyle w:val="GyBody"/></w:pPr><w:r><w:t>{{BODY}}</w:t></w:r></w:p>'
    '<w:sectPr>'
    '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
    '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
    f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" '
    f'w:header="851" w:footer="{FOOTER}" w:gutter="0"/>'
    '<w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>'
    f'<w:docGrid w:linePitch="{LINE}"/>'
    '</w:sectPr></w:body></w:document>')


def footer(style_id):
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (HEAD + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p>'
            f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' + run.format("— ")
            + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            + run.format(" —") + '</w:p></w:ftr>')


SETTINGS_XML = (
    HEAD + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>'
    '<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/>'
    '<w:adjustLineHeightInTable/><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>')


def font(name, alt, family, pitch):
    return (f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')


FONT_TABLE_XML = (
    HEAD + f'<w:fonts xmlns:w="{W_NS}">'
    + font(FANGSONG, "仿宋", "modern", "fixed")
    + font(XBS, "宋体", "script", "fixed")
    + font(HEITI, "SimHei", "modern", "fixed")
    + font(KAITI, "楷体", "modern", "fixed")
    + font(SONGTI, "SimSun", "auto", "variable")
    + '</w:fonts>')

CONTENT_TYPES_XML = (
    HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '</Types>')

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

RELS_XML = (
    HEAD + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_RELS}/extended-properties" '
    'Target="docProps/app.xml"/></Relationships>')

DOCUMENT_RELS_XML = (
    HEAD + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rIdStyles" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{DOC_RELS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{DOC_RELS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdFooterOdd" Type="{DOC_RELS}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterEven" Type="{DOC_RELS}/footer" Target="footer2.xml"/>'
    '</Relationships>')

# dc:title and the two dates are set by the program (title and 成文日期 of the draft).
CORE_XML = (
    HEAD + '<cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:title>答复函</dc:title><dc:creator>guiyan</dc:creator>'
    '<cp:lastModifiedBy>guiyan</cp:lastModifiedBy><cp:revision>1</cp:revision>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:modified>'
    '</cp:coreProperties>')

APP_XML = (
    HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>guiyan</Application><DocSecurity>0</DocSecurity>'
    '</Properties>')

PARTS = [
    ("[Content_Types].xml", CONTENT_TYPES_XML),
    ("_rels/.rels", RELS_XML),
    ("docProps/app.xml", APP_XML),
    ("docProps/core.xml", CORE_XML),
    ("word/_rels/document.xml.rels", DOCUMENT_RELS_XML),
    ("word/document.xml", DOCUMENT_XML),
    ("word/styles.xml", STYLES_XML),
    ("word/settings.xml", SETTINGS_XML),
    ("word/fontTable.xml", FONT_TABLE_XML),
    ("word/footer1.xml", footer("GyFolioOdd")),
    ("word/footer2.xml", footer("GyFolioEven")),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "report_templates/reply_template.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, text in PARTS:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"), compresslevel=9)


if __name__ == "__main__":
    main()
