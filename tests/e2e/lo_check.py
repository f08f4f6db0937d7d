#!/usr/bin/python3
# lo_check.py — checks guiyan's workbooks against an independent viewer: LibreOffice
# recalculates every formula on load (the caller arranges that) and writes each sheet as a CSV
# with full-precision values; this script compares those recalculated values with the values
# guiyan cached in the .xlsx (read by openpyxl, data_only=True), and checks the print setup.
#
# usage:
#   lo_check.py compare FILE.xlsx CSVDIR
#       CSVDIR holds LibreOffice's <base>-<sheet>.csv, one per sheet (chartsheets are skipped).
#       Lines:  sheet <name> cells <n> formulas <n>
#               DIFF <sheet>!<A1> cached=<x> recalculated=<y> [<formula>]
#               total cells <n> formulas <n> diffs <n>
#       Exit 0 when every cell agrees, 1 when one does not (or a CSV is missing).
#   lo_check.py print FILE.xlsx
#       For every worksheet: A4 (paperSize 9), landscape, fit to 1 page wide, repeated title rows
#       that hold a header, and a merged title A1:<last column>1 across the print area.
#       Lines: print <sheet> ok | print <sheet> BAD <reason>. Exit 0 when all are ok.
#   lo_check.py corrupt IN.xlsx OUT.xlsx SHEET CELL VALUE
#       Copies IN to OUT with the cached <v> of formula cell SHEET!CELL replaced by VALUE (to show
#       that `compare` can fail). Exit 2 when the cell is not a formula cell.
#
# Numbers agree when they differ by at most 1e-9 relative (the CSV holds 15 significant digits)
# and show the same text at the decimals of the cell's number format (rounded half away from
# zero, as Excel does), so a difference that a reader could see is always reported.
import csv
import os
import re
import sys
import zipfile
from decimal import Decimal, ROUND_HALF_UP

try:
    import openpyxl
    from openpyxl.utils import get_column_letter, range_boundaries
except ImportError:  # pragma: no cover
    print("openpyxl missing", file=sys.stderr)
    sys.exit(2)


def decimals(fmt):
    """Decimals shown by the first section of a number format; None for General."""
    if not fmt or fmt == "General":
        return None
    sect = re.sub(r'"[^"]*"', "", fmt.split(";")[0])
    m = re.search(r"\.(0+)", sect)
    return len(m.group(1)) if m else 0


def shown(x, d):
    if d is None:
        return format(x, ".10g")
    q = Decimal(1).scaleb(-d)
    return str(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def same_number(cached, text, fmt):
    try:
        got = float(text)
    except ValueError:
        return False
    want = float(cached)
    if abs(got - want) > 1e-9 * max(1.0, abs(got), abs(want)):
        return False
    return shown(got, decimals(fmt)) == shown(want, decimals(fmt))


def same(cached, text, fmt):
    if cached is None:
        return text == ""
    if isinstance(cached, bool):
        return text.upper() == ("TRUE" if cached else "FALSE")
    if isinstance(cached, (int, float)):
        return same_number(cached, text, fmt)
    if isinstance(cached, str):
        return text == cached
    return False  # dates and the like: guiyan writes none, so any is worth a look


def show(v):
    return repr(v) if isinstance(v, str) else str(v)


def compare(path, csvdir):
    base = os.path.splitext(os.path.basename(path))[0]
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path)
    ncells = nform = ndiff = 0
    for ws in values.worksheets:
        wf = formulas[ws.title]
        csvpath = os.path.join(csvdir, "%s-%s.csv" % (base, ws.title))
        if not os.path.exists(csvpath):
            print("DIFF %s: no CSV %s" % (ws.title, csvpath))
            ndiff += 1
            continue
        with open(csvpath, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        nrows = max(ws.max_row, len(rows))
        ncols = max([ws.max_column] + [len(r) for r in rows])
        sc = sf = 0
        for r in range(1, nrows + 1):
            line = rows[r - 1] if r <= len(rows) else []
            for c in range(1, ncols + 1):
                text = line[c - 1] if c <= len(line) else ""
                cell = ws.cell(row=r, column=c)
                f = wf.cell(row=r, column=c).value
                is_formula = isinstance(f, str) and f.startswith("=")
                if cell.value is None and text == "" and not is_formula:
                    continue
                sc += 1
                sf += is_formula
                if not same(cell.value, text, cell.number_format):
                    ndiff += 1
                    print("DIFF %s!%s cached=%s recalculated=%r%s" % (
                        ws.title, cell.coordinate, show(cell.value), text,
                        " " + f if is_formula else ""))
        print("sheet %s cells %d formulas %d" % (ws.title, sc, sf))
        ncells += sc
        nform += sf
    print("total cells %d formulas %d diffs %d" % (ncells, nform, ndiff))
    return 0 if ndiff == 0 else 1


def check_print(ws):
    ps = ws.page_setup
    if ps.orientation != "landscape":
        return "orientation %s" % ps.orientation
    if ps.paperSize is None or int(ps.paperSize) != 9:
        return "paperSize %s" % ps.paperSize
    pr = ws.sheet_properties.pageSetUpPr
    if pr is None or not pr.fitToPage:
        return "fitToPage not set"
    # OOXML's default for fitToWidth is 1; 0 for fitToHeight means "as many pages as needed"
    fw = 1 if ps.fitToWidth is None else int(ps.fitToWidth)
    fh = 1 if ps.fitToHeight is None else int(ps.fitToHeight)
    if fw != 1 or fh != 0:
        return "fit %dx%d" % (fw, fh)
    titles = ws.print_title_rows
    m = re.fullmatch(r"\$?(\d+):\$?(\d+)", titles or "")
    if not m:
        return "print titles %r" % titles
    first, last = int(m.group(1)), int(m.group(2))
    if not any(ws.cell(row=r, column=c).value not in (None, "")
               for r in range(first, last + 1) for c in range(1, ws.max_column + 1)):
        return "print title rows %s hold no header" % titles
    area = ws.print_area
    area = area[0] if isinstance(area, (list, tuple)) else area
    if not area:
        return "no print area"
    area = area.split("!")[-1].replace("$", "")
    lastcol = range_boundaries(area)[2]
    title = "A1:%s1" % get_column_letter(lastcol)
    if title not in [str(r) for r in ws.merged_cells.ranges]:
        return "title %s not merged" % title
    if not isinstance(ws["A1"].value, str) or not ws["A1"].value.strip():
        return "no title text in A1"
    return None


def print_setup(path):
    wb = openpyxl.load_workbook(path)
    bad = 0
    for ws in wb.worksheets:
        why = check_print(ws)
        print("print %s %s" % (ws.title, "ok" if why is None else "BAD " + why))
        bad += why is not None
    return 0 if bad == 0 else 1


def sheet_part(z, sheet):
    wbxml = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    m = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(sheet), wbxml)
    if not m:
        return None
    t = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % m.group(1), rels) or \
        re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % m.group(1), rels)
    target = t.group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def corrupt(src, dst, sheet, ref, value):
    with zipfile.ZipFile(src) as z:
        part = sheet_part(z, sheet)
        if part is None:
            print("no sheet %s" % sheet, file=sys.stderr)
            return 2
        xml = z.read(part).decode("utf-8")
        pat = re.compile(r'(<c r="%s"[^>]*>)(<f>[^<]*</f>)<v>[^<]*</v>' % re.escape(ref))
        new, n = pat.subn(lambda m: m.group(1) + m.group(2) + "<v>%s</v>" % value, xml)
        if n != 1:
            print("%s!%s is not a formula cell with a cached value" % (sheet, ref), file=sys.stderr)
            return 2
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                data = new.encode("utf-8") if info.filename == part else z.read(info.filename)
                out.writestr(info, data)
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == "compare":
        return compare(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "print":
        return print_setup(argv[2])
    if len(argv) == 7 and argv[1] == "corrupt":
        return corrupt(*argv[2:])
    print("usage: lo_check.py compare FILE.xlsx CSVDIR | print FILE.xlsx | "
          "corrupt IN.xlsx OUT.xlsx SHEET CELL VALUE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
