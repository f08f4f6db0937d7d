#!/bin/sh
# End to end: the samples' records saved as .xlsx (typed cells, a title, the 1904 date
# system), as .xls (LibreOffice), as an HTML table named .xls, as tab- and semicolon-separated
# text give summary.csv byte for byte as the CSV files do; and what guiyan says about
# workbooks it cannot read, sheets, and an ID number Excel stored as a number.
. "$(dirname "$0")/lib/common.sh"

MAIN="leshan_2019 leshan_2020 leshan_2021_h1"
C2B="$PY tests/e2e/csv2book.py"
"$G" summary -q -o "$T/csv" $(for f in $MAIN; do echo samples/$f.csv; done) 2>/dev/null
same() { # name, input files...
    name=$1; shift
    "$G" summary -q -o "$T/$name" "$@" 2>"$T/$name.err"
    check "$name: summary.csv as from the CSV files" cmp -s "$T/csv/summary.csv" "$T/$name/summary.csv"
}
for f in $MAIN; do
    $C2B samples/$f.csv "$T/$f.xlsx"
    $C2B samples/$f.csv "$T/${f}_t.xlsx" --title --1904
    $C2B samples/$f.csv "$T/${f}_h.xls" --html --title
done
same xlsx "$T/leshan_2019.xlsx" "$T/leshan_2020.xlsx" "$T/leshan_2021_h1.xlsx"
check "xlsx: accounting as CSV" has "$T/xlsx.err" "3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected"
check "xlsx: manifest names the reader and sheet" has "$T/xlsx/manifest.json" '"reader": "xlsx", "sheet": "返乡创业"'
check "xlsx: manifest maps the columns" has "$T/xlsx/manifest.json" '["身份证号（C列）", "id_number"]'
same xlsx-title-1904 "$T/leshan_2019_t.xlsx" "$T/leshan_2020_t.xlsx" "$T/leshan_2021_h1_t.xlsx"
check "xlsx title rows: header line 3" has "$T/xlsx-title-1904.err" "leshan_2019_t.xlsx:返乡创业: header on line 3"
same html "$T/leshan_2019_h.xls" "$T/leshan_2020_h.xls" "$T/leshan_2021_h1_h.xls"
check "html: read as HTML" has "$T/html/manifest.json" '"reader": "HTML", "sheet": "表1"'
# the libraries read a workbook by name: the manifest still vouches for the file's own bytes
check "html: manifest SHA-256 is the file's" has "$T/html/manifest.json" \
    "\"sha256\": \"$(sha256sum "$T/leshan_2019_h.xls" | cut -c1-64)\""
for f in $MAIN; do
    $PY -c 'import csv,sys
raw=open(sys.argv[1],"rb").read()
try: t=raw.decode("utf-8-sig")
except UnicodeDecodeError: t=raw.decode("gb18030")
rows=list(csv.reader(t.splitlines()))
csv.writer(open(sys.argv[2],"w",encoding="utf-8",newline=""),delimiter="\t",lineterminator="\r\n").writerows(rows)
csv.writer(open(sys.argv[3],"w",encoding="gb18030",newline=""),delimiter=";").writerows(rows)' \
        samples/$f.csv "$T/$f.txt" "$T/${f}_semi.csv"
done
same tsv "$T/leshan_2019.txt" "$T/leshan_2020.txt" "$T/leshan_2021_h1.txt"
check "tsv: manifest says TSV" has "$T/tsv/manifest.json" '"reader": "TSV"'
same semicolon "$T/leshan_2019_semi.csv" "$T/leshan_2020_semi.csv" "$T/leshan_2021_h1_semi.csv"
# .xls (BIFF8) as LibreOffice saves it
if command -v soffice >/dev/null 2>&1; then
    mkdir -p "$T/lo"
    soffice --headless --norestore "-env:UserInstallation=file://$T/lo-profile" --convert-to xls \
        --outdir "$T/lo" "$T/leshan_2019_t.xlsx" "$T/leshan_2020.xlsx" "$T/leshan_2021_h1.xlsx" >/dev/null 2>&1
    same xls "$T/lo/leshan_2019_t.xls" "$T/lo/leshan_2020.xls" "$T/lo/leshan_2021_h1.xls"
    check "xls: read through libfreexl" has "$T/xls/manifest.json" '"reader": "xls (BIFF8)"'
else
    no "xls: soffice not found (make deps installs libreoffice-calc-nogui)"
fi

# an ID number stored as a number lost its last digits: rejected as in CSV, by sheet, row
# and column letter
printf '身份证号码,姓名,县(市、区),创业时间\n511102199001011239,李四,峨边,2021-06-01\n11010519491231002X,张三,市中区,2021-06-15\n' > "$T/ids.csv"
$C2B "$T/ids.csv" "$T/ids.xlsx" --title --id-numbers
"$G" check "$T/ids.xlsx" >"$T/ids.err" 2>&1
check "id as number: exit 0" [ $? -eq 0 ]
check "id as number: named by sheet, row, header and letter" has "$T/ids.err" \
    'ids.xlsx:返乡创业:4: column 身份证号码（A列）: "511102********1000": ID number lost its last digits to Excel'
check "id as number: accounting" has "$T/ids.err" "2 rows read: 1 accepted, 0 duplicate, 1 rejected"

# sheets: the first with a recognised header, one by name or number, or all of them
$PY - "$T/two.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active; ws.title = '说明'; ws['A1'] = '本工作簿有两个月的台账'
for name, rows in (('6月', [('11010519491231002X', '市中区', '2021-06-15')]),
                   ('7月', [('511102199001011239', '峨边', '2021-07-01'), ('11010519491231002X', '市中区', '2021-07-15')])):
    ws = wb.create_sheet(name)
    ws.append(('身份证号码', '县(市、区)', '创业时间'))
    for r in rows: ws.append(r)
wb.save(sys.argv[1])
PYEOF
"$G" check "$T/two.xlsx" >"$T/two.err" 2>&1
check "sheets: the first recognised" has "$T/two.err" "two.xlsx:6月 (xlsx): 1 rows read: 1 accepted"
"$G" check --sheet 7月 "$T/two.xlsx" >"$T/two7.err" 2>&1
check "sheets: by name" has "$T/two7.err" "two.xlsx:7月 (xlsx): 2 rows read: 2 accepted"
"$G" check --sheet 3 "$T/two.xlsx" >"$T/two3.err" 2>&1
check "sheets: by number" has "$T/two3.err" "two.xlsx:7月 (xlsx): 2 rows read: 2 accepted"
"$G" check --sheet all "$T/two.xlsx" >"$T/twoall.err" 2>&1
check "sheets: all, each its own input" has "$T/twoall.err" "2 files, 3 rows read: 3 accepted, 0 duplicate, 0 superseded, 0 rejected"
"$G" check --sheet 8月 "$T/two.xlsx" >"$T/two8.err" 2>&1
check "sheets: no such sheet: exit 2" [ $? -eq 2 ]
check "sheets: no such sheet names the sheets" has "$T/two8.err" "no sheet '8月' (the sheets are: 说明、6月、7月)"

# a sheet's row ends at its last filled cell (Excel, LibreOffice and openpyxl leave trailing
# blanks out; the 2003 XML too): no "row has fewer cells than the header"
$PY - "$T/blank.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '台账'
ws.append(('身份证号码', '县(市、区)', '创业时间', '带动就业人数', '贷款金额(万元)', '贷款发放日期'))
ws.append(('11010519491231002X', '市中区', '2021-06-15'))
ws.append(('511102199001011239', '峨边', '2021-06-01', 3, 10, '2021-06-20'))
wb.save(sys.argv[1])
PYEOF
"$G" check "$T/blank.xlsx" >"$T/blank.err" 2>&1
check "xlsx row without trailing blanks: accepted" has "$T/blank.err" \
    "blank.xlsx:台账 (xlsx): 2 rows read: 2 accepted, 0 duplicate, 0 rejected"
c() { printf '<Cell><Data ss:Type="String">%s</Data></Cell>' "$@"; }
{ printf '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
  printf 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="台账"><Table>\n'
  printf '<Row>'; c 身份证号码 '县(市、区)' 创业时间 带动就业人数; printf '</Row>\n'
  printf '<Row>'; c 11010519491231002X 市中区 2021-06-15; printf '</Row>\n'
  printf '</Table></Worksheet></Workbook>\n'; } > "$T/blank2003.xls"
"$G" check "$T/blank2003.xls" >"$T/blank2003.err" 2>&1
check "2003 XML row without trailing blanks: accepted" has "$T/blank2003.err" \
    "blank2003.xls:台账 (Excel 2003 XML): 1 rows read: 1 accepted, 0 duplicate, 0 rejected"

# what cannot be read: a message saying what it is and what to do, exit 2
printf '\320\317\021\340\241\261\032\341' > "$T/locked.xlsx"
printf 'E\000n\000c\000r\000y\000p\000t\000e\000d\000P\000a\000c\000k\000a\000g\000e\000' >> "$T/locked.xlsx"
"$G" check "$T/locked.xlsx" >"$T/locked.err" 2>&1
check "password-protected: exit 2" [ $? -eq 2 ]
check "password-protected: says so" has "$T/locked.err" "a password-protected workbook"
printf '\320\317\021\340\241\261\032\341rest' > "$T/台账.et"
"$G" check "$T/台账.et" >"$T/et.err" 2>&1
check "WPS .et: exit 2" [ $? -eq 2 ]
check "WPS .et: says what to do" has "$T/et.err" "a WPS spreadsheet (.et): open it in WPS and save it as .xlsx"
printf '\320\317\021\340\241\261\032\341rest' > "$T/broken.xls"
"$G" check "$T/broken.xls" >"$T/broken.err" 2>&1
check "unreadable .xls: exit 2" [ $? -eq 2 ]
check "unreadable .xls: says what to do" has "$T/broken.err" "an Office file guiyan cannot read"
"$G" check - < "$T/ids.xlsx" >"$T/stdin.err" 2>&1
check "workbook on standard input: exit 2" [ $? -eq 2 ]
check "workbook on standard input: says why" has "$T/stdin.err" "is read from a file, not from standard input"
LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/locked.xlsx" >"$T/locked_zh.err" 2>&1
check "password-protected (zh_CN)" has "$T/locked_zh.err" "设有密码的工作簿"
finish
