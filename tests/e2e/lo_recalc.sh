#!/bin/sh
# The workbooks in another viewer: LibreOffice recalculates every formula on load (it does so for
# .xlsx only when its profile says OOXMLRecalcMode = 0), exports every sheet as CSV, and the
# recalculated values must equal the values guiyan cached. A corrupted cached value must be
# caught. One sheet printed to PDF must be A4 landscape with the table's text.
B=${1:-build}
G="$PWD/$B/guiyan"
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() { name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); echo "FAIL $name"; fi; }
MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"

if ! command -v libreoffice >/dev/null 2>&1; then
    echo "libreoffice is missing (make deps installs libreoffice-calc-nogui)"; exit 1
fi
mkdir -p "$T/lo/user"
cat > "$T/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
lo() { timeout 180 libreoffice -env:UserInstallation="file://$T/lo" --headless "$@" >/dev/null 2>&1; }
tocsv() { # workbook, outdir
    mkdir -p "$2"
    lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir "$2" "$1"
}

"$G" summary -q --no-charts --to 2021-06-30 -o "$T/s" $MAIN 2>/dev/null
"$G" track -q --no-charts --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/t" $MAIN 2>/dev/null
"$G" stars -q -o "$T/st" samples/stars_2020.csv 2>/dev/null
for wb in s/summary t/track st/stars; do
    tocsv "$T/$wb.xlsx" "$T/csv-${wb%%/*}"
    $PY tests/e2e/lo_recalc.py "$T/$wb.xlsx" "$T/csv-${wb%%/*}" > "$T/${wb%%/*}.txt"
    check "$(basename $wb).xlsx: LibreOffice's recalculation equals the cached values ($(tail -1 "$T/${wb%%/*}.txt"))" \
        test $? -eq 0
done

# the check can fail: change the cached value of one SUM cell and it must be reported
$PY - "$T/s/summary.xlsx" "$T/bad.xlsx" <<'EOF'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
    done = False
    for item in zi.infolist():
        data = zi.read(item.filename)
        if not done and item.filename.startswith("xl/worksheets/sheet") :
            text = data.decode("utf-8")
            m = re.search(r"(<f>SUM\([^<]*\)</f><v>)([0-9.]+)(</v>)", text)
            if m:
                text = text[:m.start(2)] + str(float(m.group(2)) + 1) + text[m.end(2):]
                data = text.encode("utf-8")
                done = True
        zo.writestr(item, data)
    assert done, "no SUM cell found"
EOF
tocsv "$T/bad.xlsx" "$T/csv-bad"
$PY tests/e2e/lo_recalc.py "$T/bad.xlsx" "$T/csv-bad" > "$T/bad.txt"
check "a wrong cached value is caught" test $? -eq 1
check "the wrong cell is named" grep -q "(formula)" "$T/bad.txt"

# printed: A4 landscape, the table's text
lo --convert-to pdf --outdir "$T/pdf" "$T/s/summary.xlsx"
check "summary.xlsx prints on A4 landscape" sh -c "pdfinfo '$T/pdf/summary.pdf' | grep -q 'Page size: *841.* x 595.* pts (A4)'"
check "the printed sheet has 合计 and a county" sh -c "pdftotext '$T/pdf/summary.pdf' - | grep -q 合计 && pdftotext '$T/pdf/summary.pdf' - | grep -q 峨眉山市"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
