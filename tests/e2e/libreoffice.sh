#!/bin/sh
# End to end with an independent viewer: LibreOffice opens guiyan's workbooks (summary, track,
# stars), recalculates every formula on load and writes each sheet as a full-precision CSV;
# lo_check.py compares those values cell by cell with the values guiyan cached, checks the print
# setup, print titles and merged title of every worksheet, and a deliberately corrupted cached
# value must be caught. LibreOffice also prints one sheet to PDF: A4 landscape, with its text.
#
# LibreOffice recalculates an .xlsx on load only when its profile says so: each conversion gets
# a fresh profile whose registrymodifications.xcu sets Calc/Formula/Load/OOXMLRecalcMode to 0
# (always). The CSV filter options: comma, double quote, UTF-8 (76), line 1, no column formats,
# language 0, token 7 false (do not quote every text cell), token 8 true (import only: detect
# special numbers), token 9 false ("save cell contents as shown" off, so numbers are written at
# full precision, not as formatted), token 10 false (values, not formulas), token 11 false (keep
# spaces), token 12 -1 (every sheet, one <base>-<sheet>.csv each).
. "$(dirname "$0")/lib/common.sh"
L="$PWD/tests/e2e/lo_check.py"
CSV='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'

# lo NAME OUTDIR FORMAT FILE...: converts with LibreOffice in a fresh profile T/lo-NAME that
# always recalculates; the log is T/lo-NAME.log.
lo() {
    name=$1; out=$2; fmt=$3; shift 3
    mkdir -p "$T/lo-$name/user" "$out"
    cat > "$T/lo-$name/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
    timeout 120 libreoffice -env:UserInstallation="file://$T/lo-$name" --headless \
        --convert-to "$fmt" --outdir "$out" "$@" > "$T/lo-$name.log" 2>&1
}

if ! command -v libreoffice > /dev/null; then
    no "libreoffice is installed (Debian: libreoffice-calc-nogui)"
    echo "$pass passed, $fail failed"
    exit 1
fi

# 1. the workbooks, from the samples
"$G" summary -q --no-charts --to 2021-06-30 -o "$T/s" samples/leshan_*.csv 2>/dev/null
check "summary: exit 0" test $? -eq 0
"$G" track -q --no-charts --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/t" \
    samples/leshan_*.csv 2>/dev/null
check "track: exit 0" test $? -eq 0
"$G" stars -q -o "$T/st" samples/stars_2020.csv 2>/dev/null
check "stars: exit 0" test $? -eq 0

# 2. each workbook recalculated by LibreOffice equals its cached values; print setup
for w in s/summary t/track st/stars; do
    base=$(basename "$w")
    lo "$base" "$T/csv-$base" "$CSV" "$T/$w.xlsx"
    check "$base: LibreOffice converts" test $? -eq 0
    check "$base: one CSV per sheet" test "$(ls "$T/csv-$base" | wc -l)" -eq \
        "$($PY -c 'import openpyxl, sys; print(len(openpyxl.load_workbook(sys.argv[1]).sheetnames))' "$T/$w.xlsx")"
    $PY "$L" compare "$T/$w.xlsx" "$T/csv-$base" > "$T/cmp-$base" 2>&1
    check "$base: recalculated values equal the cached ones" test $? -eq 0
    grep -v '^sheet ' "$T/cmp-$base"
    check "$base: formula cells were compared" grep -q '^total cells [1-9][0-9]* formulas [1-9]' "$T/cmp-$base"
    $PY "$L" print "$T/$w.xlsx" > "$T/print-$base" 2>&1
    check "$base: print setup, titles, merged title on every sheet" test $? -eq 0
    grep BAD "$T/print-$base"
done
# the indicator sheets by name, so a renamed or missing one is noticed
for s in 返乡创业人数 创办经济实体 创业担保贷款笔数 '创业担保贷款金额(万元)' 带动就业人数; do
    check "summary: $s printed A4 landscape" has "$T/print-summary" "print $s ok"
done
for s in 总览 返乡创业人数 经济实体 贷款笔数 贷款金额 带动就业; do
    check "track: $s printed A4 landscape" has "$T/print-track" "print $s ok"
done
check "stars: 获评情况 printed A4 landscape" has "$T/print-stars" "print 获评情况 ok"
# a rate LibreOffice computed itself (=IF(N(B5)>0,O5/B5*100,"—") = 299/590*100)
check "track: 完成率 recalculated at full precision" grep -q '^市中区,590,.*,299,50.677966101694' \
    "$T/csv-track/track-返乡创业人数.csv"
check "summary: 贷款金额 合计 recalculated" grep -q '^合计,1096.4,1085.7,1511,1967.6,1432.5,990.7,8083.9$' \
    "$T/csv-summary/summary-创业担保贷款金额(万元).csv"

# 3. the check can fail: a wrong cached value in a formula cell is caught
mkdir -p "$T/bad"
$PY "$L" corrupt "$T/t/track.xlsx" "$T/bad/track.xlsx" 返乡创业人数 P5 99
check "corrupt: cached value patched" test $? -eq 0
check "corrupt: a constant cell is refused" sh -c "! $PY '$L' corrupt '$T/t/track.xlsx' '$T/bad/x.xlsx' 返乡创业人数 B5 99 2>/dev/null"
lo bad "$T/csv-bad" "$CSV" "$T/bad/track.xlsx"
$PY "$L" compare "$T/bad/track.xlsx" "$T/csv-bad" > "$T/cmp-bad" 2>&1
check "corrupt: compare fails" test $? -eq 1
check "corrupt: names the cell and both values" has "$T/cmp-bad" \
    "DIFF 返乡创业人数!P5 cached=99 recalculated='50.6779661016949'"
check "corrupt: only that cell" has "$T/cmp-bad" "diffs 1"

# 4. LibreOffice prints the first sheet of summary.xlsx: one A4 landscape page with the table
lo pdf "$T/pdf" 'pdf:calc_pdf_Export:{"PageRange":{"type":"string","value":"1"}}' "$T/s/summary.xlsx"
check "pdf: LibreOffice converts" test -s "$T/pdf/summary.pdf"
pdfinfo "$T/pdf/summary.pdf" > "$T/pdfinfo" 2>&1
check "pdf: one page" grep -q '^Pages: *1$' "$T/pdfinfo"
check "pdf: A4 landscape (842 x 595 pts)" awk '/^Page size:/ { w = $3; h = $5 }
    END { exit !(w > 841 && w < 843 && h > 594 && h < 596) }' "$T/pdfinfo"
pdftotext -layout "$T/pdf/summary.pdf" "$T/pdf.txt" 2>/dev/null
check "pdf: title" has "$T/pdf.txt" "乐山市2021年返乡创业人数统计表"
check "pdf: 合计 row" grep -q '合计  *200  *332  *338  *264  *215  *181  *1510' "$T/pdf.txt"
check "pdf: a county" grep -q '峨边彝族自治县  *9  *17' "$T/pdf.txt"

finish
