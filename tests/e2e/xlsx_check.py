#!/usr/bin/python3
# xlsx_check.py — an independent reader (openpyxl) for guiyan's workbooks: dumps every sheet's
# cells, merged ranges and print setup as plain lines that tests search, and recomputes every
# SUM / rate formula from the cells it refers to, to check the value cached in the cell.
#
# usage: xlsx_check.py FILE.xlsx
# Lines:
#   sheet <name>
#   dim <ref>                      used range
#   merged <A1:N1>                 one per merged range, sorted
#   freeze <B5>                    top-left cell of the unfrozen pane
#   print_area <ref>
#   print_titles <rows>            e.g. $3:$4
#   paper <n> / orientation <landscape|portrait> / fit <width>x<height> / fit_to_page <0|1>
#   footer <left>|<center>|<right>
#   margins <left> <right> <top> <bottom> (inches)
#   width <col> <width>
#   cell <A1> s <text>             a string (newlines shown as \n)
#   cell <A1> n <number> [<fmt>]   a number and its format
#   cell <A1> f <formula> = <cached> [<fmt>]
#   check <A1> ok | check <A1> BAD cached=<x> computed=<y>
#   font <A1> <name> <size>        for the first cell of each sheet and each title
# Exit status 0 when every formula check passes, 1 otherwise, 2 on usage errors.
import re
import sys

try:
    import openpyxl
    from openpyxl.utils import range_boundaries, get_column_letter
except ImportError:  # pragma: no cover
    print("openpyxl missing", file=sys.stderr)
    sys.exit(2)


def num(v):
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def text(v):
    return str(v).replace("\\", "\\\\").replace("\n", "\\n")


def same(a, b):
    """Equal as Excel shows numbers: to 15 significant digits."""
    if a is None or b is None:
        return a == b
    return format(float(a), ".15g") == format(float(b), ".15g")


def cell_number(ws, ref):
    v = ws[ref].value
    if v is None or v == "":
        return 0.0
    if isinstance(v, (int, float)):
        return float(v)
    raise ValueError("%s holds %r" % (ref, v))


def main(argv):
    if len(argv) != 2:
        print("usage: xlsx_check.py FILE.xlsx", file=sys.stderr)
        return 2
    path = argv[1]
    wf = openpyxl.load_workbook(path)                   # formulas
    wv = openpyxl.load_workbook(path, data_only=True)   # cached values
    bad = 0
    out = []
    out.append("sheets %s" % "|".join(wf.sheetnames))
    out.append("title %s" % (wf.properties.title or ""))
    out.append("created %s" % (wf.properties.created.isoformat() if wf.properties.created else ""))
    for name in wf.sheetnames:
        sf, sv = wf[name], wv[name]
        if not hasattr(sf, "merged_cells"):     # a chartsheet: no cells
            out.append("chartsheet %s" % name)
            continue
        out.append("sheet %s" % name)
        out.append("dim %s" % sf.dimensions)
        for r in sorted(str(m) for m in sf.merged_cells.ranges):
            out.append("merged %s" % r)
        out.append("freeze %s" % (sf.freeze_panes or ""))
        pa = sf.print_area
        out.append("print_area %s" % (",".join(pa) if isinstance(pa, (list, tuple)) else (pa or "")))
        out.append("print_titles %s" % (sf.print_title_rows or ""))
        ps = sf.page_setup
        out.append("paper %s" % ps.paperSize)
        out.append("orientation %s" % ps.orientation)
        # absent attributes mean 1 (ECMA-376 defaults); libxlsxwriter omits fitToWidth="1"
        out.append("fit %sx%s" % (1 if ps.fitToWidth is None else ps.fitToWidth,
                                  1 if ps.fitToHeight is None else ps.fitToHeight))
        out.append("fit_to_page %d" % (1 if sf.sheet_properties.pageSetUpPr
                                       and sf.sheet_properties.pageSetUpPr.fitToPage else 0))
        f = sf.oddFooter
        out.append("footer %s|%s|%s" % (f.left.text or "", f.center.text or "", f.right.text or ""))
        pm = sf.page_margins
        out.append("margins %.4f %.4f %.4f %.4f" % (pm.left, pm.right, pm.top, pm.bottom))
        for col, dim in sorted(sf.column_dimensions.items()):
            if dim.width:
                out.append("width %s %.2f" % (col, dim.width))
        first = True
        for row in sf.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                ref = c.coordinate
                if first or c.row == 1:
                    out.append("font %s %s %s" % (ref, c.font.name, num(c.font.sz)))
                    first = False
                cached = sv[ref].value
                fmt = c.number_format
                if isinstance(c.value, str) and c.data_type == "f":
                    formula = c.value
                    out.append("cell %s f %s = %s %s" % (ref, formula,
                               num(cached) if isinstance(cached, (int, float)) else text(cached), fmt))
                    computed = evaluate(sv, formula)
                    if computed is NotImplemented:
                        continue
                    if (computed == "" and cached in ("", None)) or same(cached, computed):
                        out.append("check %s ok" % ref)
                    else:
                        bad += 1
                        out.append("check %s BAD cached=%r computed=%r" % (ref, cached, computed))
                elif isinstance(c.value, str):
                    out.append("cell %s s %s" % (ref, text(c.value)))
                else:
                    out.append("cell %s n %s %s" % (ref, num(c.value), fmt))
    print("\n".join(out))
    return 1 if bad else 0


SUM_RE = re.compile(r"^=SUM\(([A-Z]+[0-9]+):([A-Z]+[0-9]+)\)$")
RATE_RE = re.compile(r'^=IF\(([A-Z]+[0-9]+)=0,"",([A-Z]+[0-9]+)/([A-Z]+[0-9]+)\*100\)$')


def evaluate(ws, formula):
    """What Excel computes for the formulas guiyan writes: plain double arithmetic."""
    m = SUM_RE.match(formula)
    if m:
        c0, r0, c1, r1 = range_boundaries("%s:%s" % m.groups())
        total = 0.0
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                total += cell_number(ws, "%s%d" % (get_column_letter(c), r))
        return total
    m = RATE_RE.match(formula)
    if m:
        den = cell_number(ws, m.group(1))
        if den == 0:
            return ""
        return cell_number(ws, m.group(2)) / cell_number(ws, m.group(3)) * 100
    return NotImplemented


if __name__ == "__main__":
    sys.exit(main(sys.argv))
