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
check "summary.xlsx 问题数据 lists the list's rows too" $PY -c "
import openpyxl, sys
rows = [r for r in openpyxl.load_workbook('$T/o/summary.xlsx')['问题数据'].iter_rows(values_only=True) if r and r[1] == 't.csv']
sys.exit([(r[2], r[3], r[4]) for r in rows][:2] != [(202, '结业日期', '2020-13-01'), (203, '身份证号码', '511102********1235')])"
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
# a list's size and SHA-256 in manifest.json: the bytes the reader parsed (its tally), the
# whole file's for a CSV and for a workbook, as sha256sum says
check "manifest.json: a list's size and SHA-256 are the file's (CSV and workbook)" $PY -c "
import hashlib, json, os, sys
bad = []
for out, name, path in (('$T/o', 't.csv', '$T/t.csv'), ('$T/w1', 'w.xlsx:乙', '$T/w.xlsx')):
    l = [x for x in json.load(open(out + '/manifest.json'))['lists'] if x['name'] == name]
    want = (os.path.getsize(path), hashlib.sha256(open(path, 'rb').read()).hexdigest())
    if not l or (l[0]['size'], l[0]['sha256']) != want:
        bad.append((name, l and (l[0]['size'], l[0]['sha256']), want))
print(bad)
sys.exit(bool(bad))"

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
# a 2021 training list holding January, February and May (结业日期) only
$PY - "$T/g.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open('samples/training_2021_h1.csv', encoding='gb18030', newline='')))
keep = [r for r in rows[1:] if r[6][:7] in ('2021-01', '2021-02', '2021-05')][:240]
with open(sys.argv[1], 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(rows[0])
    w.writerows(keep)
    # the first person again, trained in another county in May: once in each county, once in 合计
    p = list(keep[0])
    p[2] = '沙湾区' if p[2] != '沙湾区' else '市中区'
    p[3:7] = ['跨县创业培训班', '创业培训', '2021-05-10', '2021-05-20']
    w.writerow(p)
PYEOF
"$G" track -q --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/tr" "$T/s21.csv" \
    "$T/g.csv" 2> "$T/tr.err"
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

# 2. coverage of a list: the months its date field holds, whole; a period it does not touch
# (or that lies in a run of two months without a date) is "—", left out or refused, never 0
# track as of 30 April: March and April hold no 结业日期 (a gap of two months)
"$G" track -q --no-charts --as-of 2021-04-30 --targets samples/targets_2021.csv -o "$T/gt" \
    "$T/s21.csv" "$T/g.csv" 2> "$T/gt.err"
check "track, a list with a gap: exit 0" test $? -eq 0
check "track.csv: the list's uncovered April is empty, not 0; 累计 stays" $PY -c "
import csv, sys
rows = [r for r in csv.DictReader(open('$T/gt/track.csv', encoding='utf-8-sig')) if r['indicator'] == '返乡创业培训']
sys.exit(len(rows) != 13 or any(r['month_value'] != '' for r in rows) or rows[-1]['ytd_value'] in ('', '0'))"
check "track.xlsx: March and April of the training sheet are —, January a number" $PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook('$T/gt/track.xlsx')['返乡创业培训']
cells = {}
for row in ws.iter_rows(values_only=True):
    if row and row[0] == '合计':
        cells = row
notes = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str) and '培训台账结业日期覆盖' in c]
sys.exit(not cells or cells[4] != '—' or cells[5] != '—' or not isinstance(cells[2], int) or not notes)"
check "track.xlsx: the training sheet's 数据来源 is 培训台账, 总览's the ledger" $PY -c "
import openpyxl, sys
wb = openpyxl.load_workbook('$T/gt/track.xlsx')
def src(name):
    return [c for r in wb[name].iter_rows(values_only=True) for c in r if isinstance(c, str) and '数据来源' in c]
t, o = src('返乡创业培训'), src('总览')
sys.exit(len(t) != 1 or '数据来源：培训台账' not in t[0] or 's21.csv' in t[0] or
         len(o) != 1 or '数据来源：返乡创业实名制台账导出文件1个（s21.csv' not in o[0])"
check "track.xlsx 总览: 当月 of the training list is —" $PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook('$T/gt/track.xlsx')['总览']
rows = [r for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str) and r[0].startswith('返乡创业培训')]
sys.exit(len(rows) != 1 or rows[0][3] != '—' or not isinstance(rows[0][4], int))"
"$G" track -q --no-charts --as-of 2022-04-30 --targets samples/targets_2021.csv -o "$T/gt2" \
    "$T/s21.csv" "$T/g.csv" 2> "$T/gt2.err"
check "track of a year the list does not reach: not tracked, said" \
    has "$T/gt2.err" "返乡创业培训 has a target but 培训台账结业日期 covers 2021-01-01 to 2021-05-31, nothing of 2022: not tracked"
# track's tables of a list read in one pass: every cell against an independent count
"$G" track -q --no-charts --as-of 2021-05-31 --targets samples/targets_2021.csv -o "$T/gm" \
    "$T/s21.csv" "$T/g.csv" 2> "$T/gm.err"
$PY - "$T/g.csv" "$T/gm/track.csv" > "$T/gm.cmp" <<'PYEOF'
import csv, sys
recs = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))
def persons(cat, lo, hi, county):
    return len({r['身份证号码'] for r in recs if r['培训类别'] == cat and lo <= r['结业日期'] <= hi
                and county in (None, r['县(市、区)'])})
bad = n = 0
for r in csv.DictReader(open(sys.argv[2], encoding='utf-8-sig')):
    cat = {'返乡创业培训': '创业培训', '劳务品牌培训': '劳务品牌培训'}.get(r['indicator'])
    if not cat:
        continue
    c = None if r['county'] == '合计' else r['county']
    want = (str(persons(cat, '2021-05-01', '2021-05-31', c)), str(persons(cat, '2021-01-01', '2021-05-31', c)))
    n += 1
    if (r['month_value'], r['ytd_value']) != want:
        bad += 1
        print('DIFF', r['county'], r['indicator'], r['month_value'], r['ytd_value'], want)
print('rows', n, 'bad', bad)
PYEOF
check "track.csv: 26 training cells (当月, 累计) equal an independent count" grep -qx "rows 26 bad 0" "$T/gm.cmp"
# summary: lists.csv leaves the gap's months out
"$G" summary -q -o "$T/gs" "$T/s21.csv" "$T/g.csv" 2> "$T/gs.err"
check "lists.csv: no rows for March and April 2021, rows for January and May" $PY -c "
import csv, sys
per = {r['period'] for r in csv.DictReader(open('$T/gs/lists.csv', encoding='utf-8-sig')) if r['key'] == 'startup_training'}
sys.exit(per != {'2021-01', '2021-02', '2021-05'})"
# reply: a figure of a year the list does not reach is refused, or written with a note
printf '#一级 测试\n\n{{年度}}年培训{{培训创业人员(人次) 年度}}。\n' > "$T/tpl.txt"
"$G" reply -q -t "$T/tpl.txt" --year 2019 --as-of 2019-12-31 -o "$T/gr" "$T/s.csv" "$T/g.csv" 2> "$T/gr.err"
check "reply: a year without training records refused (exit 1)" test $? -eq 1
check "reply: the refusal names the list's coverage" \
    has "$T/gr.err" "tpl.txt:3:10: {{培训创业人员(人次) 年度}}: 2019年1月1日至2019年12月31日 is not covered by the records (培训台账结业日期 cover 2021-01-01 to 2021-05-31)"
check "reply: nothing written" test ! -e "$T/gr/reply.txt"
"$G" reply -q -t "$T/tpl.txt" --year 2019 --as-of 2019-12-31 --allow-uncovered --explain -o "$T/gr2" \
    "$T/s.csv" "$T/g.csv" 2> "$T/gr2.err"
check "reply --allow-uncovered: written as asked" has "$T/gr2/reply.txt" "2019年培训0人次"
check "explain.csv marks it 【未覆盖】 with the list's coverage" \
    has "$T/gr2/explain.csv" "【未覆盖】2019年1月1日至2019年12月31日没有记录覆盖（培训台账结业日期覆盖：2021年1月1日至2021年5月31日；其间2021年3月、2021年4月无记录）"
"$G" reply -q -t "$T/tpl.txt" --year 2021 --as-of 2021-05-31 -o "$T/gr3" "$T/s.csv" "$T/g.csv" 2> "$T/gr3.err"
check "reply: a year the list touches is written" grep -q "^2021年培训[1-9][0-9]*人次" "$T/gr3/reply.txt"
# explain.csv says what a list's figure rests on: since records began, the list's first day
# (the records' own words); over a period, the list's coverage, and that it covers it in part
printf '#一级 测试\n\n{{年度}}年培训{{培训创业人员(人次) 年度}}，累计{{培训创业人员(人次) 截至今}}。\n' > "$T/tpl2.txt"
"$G" reply -q -t "$T/tpl2.txt" --year 2021 --as-of 2021-05-31 --explain -o "$T/gr4" "$T/s.csv" "$T/g.csv" \
    2> "$T/gr4.err"
check "explain.csv: a list's figure since records began says from which day its list runs" $PY -c "
import csv, sys
n = {r['占位符']: r['说明'] for r in csv.DictReader(open('$T/gr4/explain.csv', encoding='utf-8-sig'))}
sys.exit(n.get('{{培训创业人员(人次) 截至今}}') != '记录自2021年1月1日起')"
check "explain.csv: a list's figure of a year gives the list's coverage, covered in part" \
    has "$T/gr4/explain.csv" "培训台账结业日期覆盖：2021年1月1日至2021年5月31日；其间2021年3月、2021年4月无记录（统计期内只有部分时间有记录，按有记录的日子计）"

finish
