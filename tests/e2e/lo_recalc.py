#!/usr/bin/python3
# lo_recalc.py — compare the values LibreOffice computes for a workbook (after a forced
# recalculation, exported one CSV per sheet) with the values guiyan cached in its formula cells.
#
# usage: lo_recalc.py WORKBOOK.xlsx CSV_DIR
#   CSV_DIR holds <base>-<sheet>.csv for every worksheet, as LibreOffice's CSV filter writes them
#   with options 44,34,76,1,,0,false,true,false,false,false,-1 (full precision, every sheet).
# Prints "formulas N, numbers M, differences D" and one line per difference; exit 1 if D > 0
# or if no formula was compared.
import csv
import os
import sys

import openpyxl


def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main(argv):
    if len(argv) != 3:
        print("usage: lo_recalc.py WORKBOOK.xlsx CSV_DIR", file=sys.stderr)
        return 2
    path, outdir = argv[1], argv[2]
    base = os.path.splitext(os.path.basename(path))[0]
    wf = openpyxl.load_workbook(path)                  # formulas
    wv = openpyxl.load_workbook(path, data_only=True)  # cached values
    formulas = numbers = diffs = 0
    for name in wf.sheetnames:
        sf, sv = wf[name], wv[name]
        if not hasattr(sf, "iter_rows"):
            continue                                   # a chartsheet
        csv_path = os.path.join(outdir, "%s-%s.csv" % (base, name))
        if not os.path.exists(csv_path):
            print("missing %s" % csv_path)
            diffs += 1
            continue
        with open(csv_path, encoding="utf-8") as f:
            grid = list(csv.reader(f))
        for row in sf.iter_rows():
            for cell in row:
                cached = sv.cell(cell.row, cell.column).value
                is_formula = isinstance(cell.value, str) and cell.value.startswith("=")
                if not isinstance(cached, (int, float)) or isinstance(cached, bool):
                    continue
                r, c = cell.row - 1, cell.column - 1
                text = grid[r][c] if r < len(grid) and c < len(grid[r]) else ""
                got = as_number(text)
                numbers += 1
                formulas += is_formula
                if got is None or abs(got - cached) > 1e-9 * max(1.0, abs(cached)):
                    diffs += 1
                    print("%s!%s: cached %r, LibreOffice %r%s" % (
                        name, cell.coordinate, cached, text, " (formula)" if is_formula else ""))
    print("formulas %d, numbers %d, differences %d" % (formulas, numbers, diffs))
    return 1 if diffs or formulas == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
