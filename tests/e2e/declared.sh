#!/bin/sh
# End to end for declared indicators (issue 18): the reply's figures from the training list,
# the survey, the project list, the mentor roster, the service log and the star rosters,
# against an independent computation (declared_figures.py); the seed's wording; each list's
# kind told by its header in the accounting; --kind; and an indicator added by editing a copy
# of the templates only.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
LISTS="samples/stars_2020.csv samples/training_2020.csv samples/training_2021_h1.csv samples/survey_2021.csv
       samples/projects_map.csv samples/mentors.csv samples/services_2020_2021.csv"
R="reply -q -t report_templates/reply_cppcc.txt --year 2020 --as-of 2021-06-15 --explain"

# 1. the reply: every figure of the seed's 基本情况 and service paragraphs
"$G" $R -o "$T/r" $MAIN $LISTS 2> "$T/r.err"
check "reply exit 0" test $? -eq 0
for s in "市级返乡创业明星20名、明星企业13家；获评省返乡创业明星11名，省返乡创业明星企业7家" \
         "共收集创业意愿412个，培训意愿631个" "共梳理发布返乡创业项目100余个" \
         "组成56人的创业导师团队" "专业化指导服务上千人次" "培训创业人员4245人次"; do
    check "reply says $s" has "$T/r/reply.txt" "$s"
done
check "no 暂为原文 left in the template" hasnt report_templates/reply_cppcc.txt "暂为原文"

# 2. explain.csv's exact values equal the independent computation
$PY tests/e2e/declared_figures.py > "$T/expected"
$PY - "$T/r/explain.csv" "$T/expected" > "$T/cmp" <<'PYEOF'
import csv, sys
exp = dict(l.split() for l in open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
seen = 0
for r in rows:
    k = r['指标键']
    if k in exp:
        seen += 1
        print(k, r['数值'], exp[k], 'ok' if r['数值'] == exp[k] else 'DIFF', r['记录数'])
print('figures', seen)
PYEOF
check "ten declared figures in explain.csv" grep -q "^figures 10$" "$T/cmp"
check "each equals declared_figures.py" sh -c "! grep -q DIFF '$T/cmp'"
check "records behind the training figure" grep -q "^training_times 4245 4245 ok 4245$" "$T/cmp"
check "distinct mentors from their records" grep -q "^mentors 56 56 ok 56$" "$T/cmp"
$PY - "$T/r" > "$T/recs.cmp" <<'PYEOF'
import csv, sys, collections
out = sys.argv[1]
figs = {f["序号"]: f for f in csv.DictReader(open(out + "/explain.csv", encoding="utf-8-sig"))}
n = collections.Counter(); files = collections.defaultdict(set)
for r in csv.DictReader(open(out + "/explain_records.csv", encoding="utf-8-sig")):
    n[r["序号"]] += 1
    files[r["序号"]].add(r["文件"])
    assert "*" * 8 in r["身份证号码（脱敏）"] or r["身份证号码（脱敏）"] == "", r
keys = {"city_stars": {"stars_2020.csv"}, "mentors": {"mentors.csv"},
        "training_times": {"training_2020.csv", "training_2021_h1.csv"},
        "startup_intent": {"survey_2021.csv"}, "mentor_services": {"services_2020_2021.csv"}}
bad = 0
for no, f in figs.items():
    if f["指标键"] in keys:
        if n[no] != int(f["记录数"]) or not files[no] <= keys[f["指标键"]]:
            bad += 1
            print("DIFF", f["指标键"], n[no], f["记录数"], files[no])
print("bad", bad)
PYEOF
check "explain_records.csv lists each list's records (file, line, masked ID)" grep -qx "bad 0" "$T/recs.cmp"

# 3. accounting: each list with its kind, supersession across the two training exports
check "training list told by its header" has "$T/r.err" "training_2020.csv (培训台账, UTF-8 (BOM)): 7750 rows read: 7402 accepted, 5 duplicate, 343 superseded, 0 rejected"
check "survey told by its header" has "$T/r.err" "survey_2021.csv (意愿摸底表"
check "roster told by its header" has "$T/r.err" "stars_2020.csv (明星名单"
check "manifest lists each list with its kind" $PY -c "
import json, sys
d = json.load(open('$T/r/manifest.json'))
kinds = {l['name']: (l['kind'], l['rows_accepted'], l['rows_superseded']) for l in d['lists']}
sys.exit(kinds.get('training_2020.csv') != ('培训台账', 7402, 343) or kinds.get('stars_2020.csv', ('',))[0] != '明星名单'
         or len(d['inputs']) != 3 or len(kinds) != 7)"
check "startup accounting unchanged" has "$T/r.err" "3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected"

# 4. a bad row of a list: rejected with file, line, column, masked value and reason
{ head -n 3 samples/mentors.csv; sed -n 2p samples/mentors.csv | sed 's/,[^,]*\r$/,2021-13-01\r/'
  printf 'DS099,王五,51110219800101123X,市中区,成功企业家,2021-01-01\r\n'; } > "$T/m.csv"
"$G" $R -o "$T/m" $MAIN samples/stars_2020.csv "$T/m.csv" 2> "$T/m.err"
check "bad date rejected with its line and column" grep -q "m.csv:4: column 聘任日期: \"2021-13-01\"" "$T/m.err"
check "bad ID rejected, masked" has "$T/m.err" "m.csv:5: column 身份证号码: \"511102********123X\""
check "list accounting counts them" has "$T/m.err" "m.csv (导师名册, UTF-8 (BOM)): 4 rows read: 2 accepted, 0 duplicate, 0 superseded, 2 rejected"

# 5. --kind forces a kind
"$G" $R --allow-uncovered --kind stars -o "$T/k" samples/stars_2020.csv 2> "$T/k.err"
check "--kind stars" has "$T/k.err" "stars_2020.csv (明星名单"
"$G" $R --kind nosuch -o "$T/k2" samples/stars_2020.csv 2> "$T/k2.err"
check "--kind unknown: exit 2" test $? -eq 2

# 6. track: the training targets (persons) against the 2021 training list, like the others
"$G" track -q --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/t" $MAIN \
    samples/training_2020.csv samples/training_2021_h1.csv 2> "$T/t.err"
check "track with the training lists: exit 0" test $? -eq 0
$PY - "$T/t/track.csv" > "$T/track.cmp" <<'PYEOF'
import csv, sys
from fractions import Fraction
def rows(p, enc):
    return list(csv.DictReader(open(p, encoding=enc, newline='')))
train, seen = [], set()
for p, enc in (('samples/training_2020.csv', 'utf-8-sig'), ('samples/training_2021_h1.csv', 'gb18030')):
    here = set()
    for r in rows(p, enc):
        k = (r['身份证号码'], r['培训项目'], r['开班日期'])
        if k in here:
            continue
        here.add(k)
        train = [t for t in train if (t['身份证号码'], t['培训项目'], t['开班日期']) != k] + [r]
def persons(cat, lo, hi, county=None):
    return len({r['身份证号码'] for r in train if r['培训类别'] == cat and lo <= r['结业日期'] <= hi
                and (county is None or r['县(市、区)'] == county)})
bad = 0; n = 0
for r in rows(sys.argv[1], 'utf-8-sig'):
    cat = {'返乡创业培训': '创业培训', '劳务品牌培训': '劳务品牌培训'}.get(r['indicator'])
    if not cat:
        continue
    c = None if r['county'] == '合计' else r['county']
    ytd = persons(cat, '2021-01-01', '2021-06-30', c)
    month = persons(cat, '2021-06-01', '2021-06-30', c)
    prev = persons(cat, '2020-01-01', '2020-06-30', c)
    q = Fraction(ytd) / Fraction(int(r['target'])) * 10000
    rate = (q.numerator * 2 + q.denominator) // (2 * q.denominator)
    want = (str(month), str(ytd), str(prev), '%d.%02d' % (rate // 100, rate % 100))
    got = (r['month_value'], r['ytd_value'], r['prev_ytd'], r['completion'])
    n += 1
    if want != got:
        bad += 1
        print('DIFF', r['county'], r['indicator'], got, want)
print('rows', n, 'bad', bad)
PYEOF
check "track.csv: 26 training rows equal an independent count" grep -q "^rows 26 bad 0$" "$T/track.cmp"
check "track.xlsx has the training sheets and charts" $PY -c "
import openpyxl, sys
n = openpyxl.load_workbook('$T/t/track.xlsx').sheetnames
sys.exit(not {'返乡创业培训', '劳务品牌培训', '图-返乡创业培训', '图-劳务品牌培训'} <= set(n))"
check "charts.pdf has the training completion charts" sh -c "pdftotext '$T/t/charts.pdf' - | grep -q '各县（市、区）劳务品牌培训目标完成率'"
"$G" track -q --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/t0" $MAIN 2> "$T/t0.err"
check "track without the lists: the training targets are not tracked, said so" has "$T/t0.err" "返乡创业培训 has a target but no 培训台账 is among the inputs: not tracked"
check "track without the lists: no training rows" sh -c "! grep -q 培训 '$T/t0/track.csv'"

# 7. summary: lists.csv, the other lists' indicators by county and year, totals recomputed
"$G" summary -q --by county,year -o "$T/s" $MAIN $LISTS 2> "$T/s.err"
check "summary with the lists: exit 0" test $? -eq 0
check "summary.csv unchanged by the lists" sh -c "'$G' summary -q --by county,year -o '$T/s0' $MAIN 2>/dev/null && cmp -s '$T/s/summary.csv' '$T/s0/summary.csv'"
check "no lists.csv without lists" test ! -e "$T/s0/lists.csv"
check "lists.csv: 4245 创业培训 person-times in 2020" grep -q "^,合计,2020,培训创业人员(人次),training_times,4245" "$T/s/lists.csv"
check "lists.csv: 2021 返乡创业培训 persons as in the track" grep -q "^,合计,2021,返乡创业培训,startup_training,1590" "$T/s/lists.csv"
check "lists.csv: stars by award year" grep -q "^,合计,2020,市级返乡创业明星企业,city_star_firms,13" "$T/s/lists.csv"
$PY - "$T/s/lists.csv" > "$T/lists.cmp" <<'PYEOF'
import csv, sys
# distinct persons per county: the total is not the counties' sum when a person moved
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
by = {}
for r in rows:
    by.setdefault((r['key'], r['period']), []).append(r)
bad = 0
for (key, period), rs in by.items():
    total = [int(r['value']) for r in rs if r['county'] == '合计']
    parts = sum(int(r['value']) for r in rs if r['county'] != '合计')
    if len(total) != 1 or (key in ('training_times', 'mentor_services', 'city_stars') and total[0] != parts):
        bad += 1
print('groups', len(by), 'bad', bad)
PYEOF
check "lists.csv: one 合计 per indicator and period; additive ones add up" grep -q " bad 0$" "$T/lists.cmp"
# by month: every county and total of the training indicators against an independent count
"$G" summary -q -o "$T/sm" $MAIN samples/training_2020.csv samples/training_2021_h1.csv 2>/dev/null
$PY - "$T/sm/lists.csv" > "$T/lists_m.cmp" <<'PYEOF'
import csv, sys
def rows(p, enc):
    return list(csv.DictReader(open(p, encoding=enc, newline='')))
kept = {}
for p, enc in (('samples/training_2020.csv', 'utf-8-sig'), ('samples/training_2021_h1.csv', 'gb18030')):
    here = set()
    for r in rows(p, enc):
        k = (r['身份证号码'], r['培训项目'], r['开班日期'])
        if k not in here:
            here.add(k)
            kept[k] = r
want = {}
for r in kept.values():
    per = r['结业日期'][:7]
    for c in (r['县(市、区)'], '合计'):
        if r['培训类别'] == '创业培训':
            want.setdefault(('training_times', per, c), 0)
            want[('training_times', per, c)] += 1
        if r['培训类别'] in ('创业培训', '劳务品牌培训'):
            key = 'startup_training' if r['培训类别'] == '创业培训' else 'brand_training'
            want.setdefault((key, per, c), set()).add(r['身份证号码'])
got = {(r['key'], r['period'], r['county']): int(r['value']) for r in rows(sys.argv[1], 'utf-8-sig')}
bad = n = 0
for k, v in want.items():
    v = v if isinstance(v, int) else len(v)
    n += 1
    if got.get(k) != v:
        bad += 1
        print('DIFF', k, got.get(k), v)
extra = sum(1 for k, v in got.items() if k[0] in ('training_times', 'startup_training', 'brand_training') and v and k not in want)
print('cells', n, 'bad', bad, 'extra', extra)
PYEOF
check "lists.csv by month: training cells equal an independent count" grep -q "bad 0 extra 0$" "$T/lists_m.cmp"

# 8. a new indicator by editing a copy of the templates only: summary, track and a reply see it
cp -r report_templates "$T/tpl"
printf '劳务品牌培训(人次)\tbrand_times\t人次\t人次\t劳务品牌人次\t0\ttraining\trows\t培训类别=劳务品牌培训\t结业日期\t-\n' >> "$T/tpl/indicators.tsv"
printf '#一级 测试\n\n{{年度}}年劳务品牌培训{{劳务品牌培训(人次) 年度}}。\n' > "$T/tpl/t.txt"
"$G" reply -q --templates "$T/tpl" -t t.txt --year 2020 --as-of 2021-06-15 -o "$T/n" $MAIN $LISTS 2>/dev/null
BRAND=$($PY - <<'PYEOF'
import csv
seen = set(); n = 0
for r in csv.DictReader(open('samples/training_2020.csv', encoding='utf-8-sig')):
    k = (r['身份证号码'], r['培训项目'], r['开班日期'])
    if k in seen: continue
    seen.add(k)
    n += r['培训类别'] == '劳务品牌培训' and r['结业日期'].startswith('2020')
print(n)
PYEOF
)
check "added indicator in a reply ($BRAND)" has "$T/n/reply.txt" "2020年劳务品牌培训${BRAND}人次。"
"$G" summary -q --templates "$T/tpl" --by county,year -o "$T/ns" $MAIN samples/training_2020.csv 2>/dev/null
check "added indicator in summary's lists.csv" grep -q "^,合计,2020,劳务品牌培训(人次),brand_times,$BRAND" "$T/ns/lists.csv"
{ cat samples/targets_2021.csv; printf '市中区,劳务品牌培训(人次),2000\n合计,劳务品牌培训(人次),9000\n'; } > "$T/tg.csv"
"$G" track -q --templates "$T/tpl" --as-of 2021-06-30 --targets "$T/tg.csv" -o "$T/nt" $MAIN \
    samples/training_2020.csv samples/training_2021_h1.csv 2>/dev/null
check "added indicator tracked against its target" grep -q "^,合计,劳务品牌培训(人次),9000," "$T/nt/track.csv"

finish
