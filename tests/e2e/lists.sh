#!/bin/sh
# End to end for the other lists beside the startup records (issue 18's gaps), on small inputs
# (this runs under ASan too): their rejects in rejects.csv, --sheet for a list in a workbook,
# a templates folder without kinds.ini, the 数据来源 of a training chart, the coverage of a
# list (a month without its records is "—" or refused, never 0).
. "$(dirname "$0")/lib/common.sh"

# a small startup export (GB18030, 2019) and a small training list (UTF-8 with BOM, 2020)
head -n 301 samples/leshan_2019.csv > "$T/s.csv"
{ head -n 201 samples/training_2020.csv
  # line 202: a bad 结业日期; 203: an ID that fails its check digit; 204: a 合计 row
  printf '张三,511102198001011234,市中区,SYB创业培训第9期,创业培训,2020-05-01,2020-13-01,乐山职业技术学院,80\r\n'
  printf '李四,511102198001011235,市中区,SYB创业培训第9期,创业培训,2020-05-01,2020-05-11,乐山职业技术学院,80\r\n'
  printf '合计,,,,,,,,\r\n'; } > "$T/t.csv"

# 1. a list's rejected and skipped rows are in rejects.csv, masked, and add up
"$G" summary -q -o "$T/o" "$T/s.csv" "$T/t.csv" 2> "$T/o.err"
check "summary with a list: exit 0" test $? -eq 0
check "rejects.csv: the bad date with file, line, column and value" \
    grep -q '^t\.csv,202,结业日期,2020-13-01,.' "$T/o/rejects.csv"
check "rejects.csv: the bad ID masked" grep -q '^t\.csv,203,身份证号码,511102\*\*\*\*\*\*\*\*1235,.' "$T/o/rejects.csv"
check "rejects.csv: the 合计 row skipped" grep -q '^t\.csv,204,' "$T/o/rejects.csv"
check "rejects.csv: no ID in full" sh -c "! grep -q 511102198001011235 '$T/o/rejects.csv'"
check "rejects.csv rows of the list = its rejected + skipped in manifest.json" $PY -c "
import csv, json, sys
m = json.load(open('$T/o/manifest.json'))
l = [x for x in m['lists'] if x['name'] == 't.csv'][0]
rows = [r for r in csv.DictReader(open('$T/o/rejects.csv', encoding='utf-8-sig')) if r['file'] == 't.csv']
ok = len(rows) == l['rows_rejected'] + l['rows_skipped'] == 3 and l['rows_rejected'] == 2 and \
     l['rows_read'] == l['rows_accepted'] + l['rows_duplicate'] + l['rows_superseded'] + l['rows_rejected'] + l['rows_skipped']
sys.exit(not ok)"
check "rejects.csv keeps the startup export's rejects first" $PY -c "
import csv, sys
files = [r['file'] for r in csv.DictReader(open('$T/o/rejects.csv', encoding='utf-8-sig'))]
sys.exit(files != sorted(files, key=lambda f: f == 't.csv'))"

# 3. --sheet picks a list's sheet in a workbook
$PY - "$T/t.csv" "$T/w.xlsx" <<'PYEOF'
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
wb = openpyxl.Workbook()
wb.active.title = '说明'
wb.active.append(['本表为培训台账'])
for name, n in (('甲', 5), ('乙', 3)):
    ws = wb.create_sheet(name)
    for r in rows[:n + 1]:
        ws.append(r)
wb.save(sys.argv[2])
PYEOF
"$G" summary -q -o "$T/w0" "$T/s.csv" "$T/w.xlsx" 2> "$T/w0.err"
check "without --sheet: the first sheet whose header maps" has "$T/w0.err" "w.xlsx:甲 (培训台账, UTF-8): 5 rows read"
"$G" summary -q --sheet 乙 -o "$T/w1" "$T/s.csv" "$T/w.xlsx" 2> "$T/w1.err"
check "--sheet 乙 reads the list's sheet 乙" has "$T/w1.err" "w.xlsx:乙 (培训台账, UTF-8): 3 rows read"

# 5. a templates folder from before kinds.ini: the built-in one, said so
cp -r report_templates "$T/old"
rm "$T/old/kinds.ini"
"$G" summary -q --templates "$T/old" -o "$T/k" "$T/s.csv" "$T/t.csv" 2> "$T/k.err"
check "no kinds.ini in --templates: exit 0" test $? -eq 0
check "no kinds.ini: the warning names the folder and the built-in file" \
    has "$T/k.err" "$T/old has no kinds.ini (a templates folder from before the lists): the lists are read by the built-in "
check "no kinds.ini: the list is read as a training list" has "$T/k.err" "t.csv (培训台账"
"$G" summary -q --templates "$T/old" -o "$T/k0" "$T/s.csv" 2> "$T/k0.err"
check "no kinds.ini and no list: nothing said" hasnt "$T/k0.err" "kinds.ini"

# 6. a chart of the training list names the training list as its source
head -n 301 samples/leshan_2021_h1.csv > "$T/s21.csv"
head -n 301 samples/training_2021_h1.csv > "$T/t21.csv"
"$G" track -q --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/tr" "$T/s21.csv" \
    "$T/t21.csv" 2> "$T/tr.err"
check "track with a training list: exit 0" test $? -eq 0
pdftotext "$T/tr/charts.pdf" "$T/tr.txt"
check "training chart: 数据来源：培训台账; startup chart: 返乡创业实名制台账" $PY -c "
import sys
pages = open('$T/tr.txt', encoding='utf-8').read().split('\f')
def src(title):
    p = [p for p in pages if title in p]
    return p and [l for l in p[0].splitlines() if l.startswith('数据来源：')]
sys.exit(src('各县（市、区）返乡创业培训目标完成率') != ['数据来源：培训台账'] or
         src('各县（市、区）劳务品牌培训目标完成率') != ['数据来源：培训台账'] or
         src('各县（市、区）返乡创业人数目标完成率') != ['数据来源：返乡创业实名制台账'])"

finish
