#!/usr/bin/python3
# letter_check.py — an independent reader (python-docx) for guiyan's reply letters (.docx):
# dumps the paragraphs with their style names, the page setup, the fonts of the styles in use,
# the footers and the document properties as tab-separated lines that tests search.
#
# usage: letter_check.py FILE.docx
# Lines:
#   para <style name> <text>                   one per body paragraph, in order (\n, \t shown
#                                              as \\n, \\t)
#   page <w> <h> <top> <bottom> <left> <right> millimetres, one decimal
#   grid <type> <linePitch> <charSpace>        w:docGrid of the section
#   evenodd <0|1>                              different odd and even page footers
#   footer <default|even> <style name> <text>  text of the footer's paragraphs (field results)
#   style <name> <east asian font> <size pt> <alignment> <first line indent chars>
#         <exact line spacing pt or -> <character spacing pt>
#   core <title> <created> <modified>
# Exit status 0, or 2 on usage errors / unreadable files.
import sys

try:
    import docx
    from docx.oxml.ns import qn
except ImportError:  # pragma: no cover
    print("python3-docx is not installed (apt-get install python3-docx)", file=sys.stderr)
    sys.exit(2)


def esc(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def style_font(style):
    """East Asian font and size, following basedOn like Word does."""
    font = size = None
    s = style
    while s is not None and (font is None or size is None):
        rpr = s.element.rPr
        if rpr is not None:
            rf = rpr.find(qn("w:rFonts"))
            if font is None and rf is not None and rf.get(qn("w:eastAsia")):
                font = rf.get(qn("w:eastAsia"))
            sz = rpr.find(qn("w:sz"))
            if size is None and sz is not None:
                size = int(sz.get(qn("w:val"))) / 2
        s = s.base_style
    return font or "-", size if size is not None else 0


def inherited(style, get):
    """The first value get(style) gives along basedOn, or None."""
    s = style
    while s is not None:
        v = get(s)
        if v is not None:
            return v
        s = s.base_style
    return None


def char_spacing(style):
    def get(s):
        rpr = s.element.rPr
        sp = rpr.find(qn("w:spacing")) if rpr is not None else None
        return int(sp.get(qn("w:val"))) / 20 if sp is not None else None
    return inherited(style, get) or 0


def line_spacing(style):
    def get(s):
        pf = s.paragraph_format
        if pf.line_spacing_rule is None:
            return None
        if "EXACTLY" in str(pf.line_spacing_rule):
            return f"{pf.line_spacing.pt:g}"
        return "-"
    return inherited(style, get) or "-"


def first_line_chars(style):
    s = style
    while s is not None:
        ppr = s.element.pPr
        ind = ppr.find(qn("w:ind")) if ppr is not None else None
        if ind is not None and (ind.get(qn("w:firstLineChars")) or ind.get(qn("w:firstLine"))):
            if ind.get(qn("w:firstLineChars")):
                return int(ind.get(qn("w:firstLineChars"))) / 100
            return int(ind.get(qn("w:firstLine"))) / 320
        s = s.base_style
    return 0


def main():
    if len(sys.argv) != 2:
        print("usage: letter_check.py FILE.docx", file=sys.stderr)
        return 2
    try:
        d = docx.Document(sys.argv[1])
    except Exception as e:  # noqa: BLE001 - any reader failure is the finding
        print(f"{sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    used = []
    for p in d.paragraphs:
        print(f"para\t{p.style.name}\t{esc(p.text)}")
        if p.style not in used:
            used.append(p.style)
    sec = d.sections[0]
    mm = [sec.page_width.mm, sec.page_height.mm, sec.top_margin.mm, sec.bottom_margin.mm,
          sec.left_margin.mm, sec.right_margin.mm]
    print("page\t" + "\t".join(f"{v:.1f}" for v in mm))
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        print(f"grid\t{grid.get(qn('w:type'))}\t{grid.get(qn('w:linePitch'))}\t"
              f"{grid.get(qn('w:charSpace'))}")
    print(f"evenodd\t{1 if d.settings.odd_and_even_pages_header_footer else 0}")
    for kind, footer in (("default", sec.footer), ("even", sec.even_page_footer)):
        for p in footer.paragraphs:
            print(f"footer\t{kind}\t{p.style.name}\t{esc(p.text)}")
            if p.style not in used:
                used.append(p.style)
    for s in used:
        font, size = style_font(s)
        align = s.paragraph_format.alignment
        align = "-" if align is None else str(align).split(" ")[0].split(".")[-1]
        print(f"style\t{s.name}\t{font}\t{size:g}\t{align}\t{first_line_chars(s):g}\t"
              f"{line_spacing(s)}\t{char_spacing(s):g}")
    cp = d.core_properties
    created = cp.created.isoformat() if cp.created else "-"
    modified = cp.modified.isoformat() if cp.modified else "-"
    print(f"core\t{esc(cp.title or '')}\t{created}\t{modified}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
