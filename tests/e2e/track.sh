#!/bin/sh
# End to end for `guiyan track` on samples/: track.csv against an independent calculation
# (figures.py's reader plus exact fractions here), the workbook read back by openpyxl
# (xlsx_check.py) against track.csv, print setup, charts, determinism, options and errors.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
TG=samples/targets_2021.csv

# The independent calculation: records through figures.py's own reader, targets and the
# indicator table read here, every rate an exact fraction rounded once (half away from zero).
cat > "$T/expect.py" <<'EOF'
import csv, datetime, importlib.util, sys
from fractions import Fraction
spec = importlib.util.spec_from_file_location("figures", "tests/e2e/figures.py")
fig = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fig)

as_of = datetime.date.fromisoformat(sys.argv[1])
mode, targets_path, files = sys.argv[2], sys.argv[3], sys.argv[4:]
records, _, _ = fig.load(files)
NC = len(fig.COUNTIES)

def fold(s):
    return s.replace(" ", "").replace("（", "(").replace("）", ")")

inds = []   # (name, key) in table order: the startup ledger's (the other lists' have a kind)
others = set()
for line in open("report_templates/indicators.tsv", encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        cols = [c.strip() for c in line.rstrip("\n").split("\t")]
        if len(cols) > 6 and cols[6] != "startup":
            others.add(cols[0])   # tracked only with their list (tests/e2e/declared.sh)
            continue
        inds.append((cols[0], cols[1]))
by_name = {}
for name, key in inds:
    by_name[fold(name)] = key
    by_name[key] = key
    if fold(name).endswith(")"):
        by_name[fold(name)[:fold(name).rindex("(")]] = key

MONEY = {"loan_amount", "output_value"}
targets = {}
with open(targets_path, encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        if row["indicator"] in others:
            continue
        key = by_name[fold(row["indicator"])]
        c = fig.resolve_county(row["county"])
        v = row["target"].strip()
        if v:
            targets[(key, c)] = int(Fraction(v) * 1000000) if key in MONEY else int(v)

def figure(key, lo, hi):
    """Per county and the total (last) over [lo, hi]."""
    out = []
    for c in list(range(NC)) + [None]:
        recs = [r for r in records if c is None or r.county == c]
        started = [r for r in recs if lo <= r.start <= hi]
        loans = [r for r in recs if r.loan > 0 and lo <= r.loan_day <= hi]
        v = {"startups": len({r.id for r in started}),
             "entities": len({fig.entity_key(r) for r in started} - {None}),
             "loans": len(loans), "loan_amount": sum(r.loan for r in loans),
             "jobs": sum(r.jobs for r in started),
             "output_value": sum(r.output for r in started)}[key]
        out.append(v)
    return out

def hundredths(q):
    """q (a Fraction) * 100 rounded half away from zero, as text with two decimals."""
    n = q * 10000
    s = -1 if n < 0 else 1
    h = s * ((abs(n.numerator) * 2 + n.denominator) // (2 * n.denominator))
    return "%s%d.%02d" % ("-" if h < 0 else "", abs(h) // 100, abs(h) % 100)

y, m, d = as_of.year, as_of.month, as_of.day
prev_day = datetime.date(y - 1, m, 28 if (m, d) == (2, 29) else d)
jan1, pjan1 = datetime.date(y, 1, 1), datetime.date(y - 1, 1, 1)
first = min(min(r.start for r in records),
            min((r.loan_day for r in records if r.loan > 0), default=as_of))
has_prev = (first.year, first.month) <= (y - 1, 1)
if mode == "day":
    doy = as_of.timetuple().tm_yday
    days = 366 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 365
    progress = Fraction(doy, days)
else:
    progress = Fraction(m, 12)

out = ["\ufeffcounty_code,county,indicator,target,month_value,ytd_value,completion,"
       "time_progress,gap_points,rank,prev_ytd,yoy"]
for name, key in inds:
    if not any(k == key for k, _ in targets):
        continue
    month = figure(key, datetime.date(y, m, 1), as_of)
    ytd = figure(key, jan1, as_of)
    prev = figure(key, pjan1, prev_day)
    tg = [targets.get((key, c)) for c in range(NC)]
    have = [t for t in tg if t is not None]
    tg.append(sum(have) if have else None)
    rate = [Fraction(ytd[i], tg[i]) if tg[i] else None for i in range(NC + 1)]
    fmt = (lambda v: fig.wan4(v)) if key in MONEY else (lambda v: str(v))
    for i in range(NC + 1):
        code, cname = fig.COUNTIES[i] if i < NC else ("", "合计")
        r = rate[i]
        rank = ""
        if r is not None and i < NC:
            rank = str(1 + sum(1 for j in range(NC) if rate[j] is not None and rate[j] > r))
        yoy = ""
        if has_prev and prev[i] > 0:
            yoy = hundredths(Fraction(ytd[i] - prev[i], prev[i]))
        out.append(",".join([
            code, cname, name, "" if tg[i] is None else fmt(tg[i]), fmt(month[i]), fmt(ytd[i]),
            "" if r is None else hundredths(r), hundredths(progress),
            "" if r is None else hundredths(r - progress), rank,
            fmt(prev[i]) if has_prev else "", yoy]))
sys.stdout.buffer.write(("\r\n".join(out) + "\r\n").encode("utf-8"))
EOF

# The 总览 cells against track.csv: every county and 合计 row of every block, in order.
cat > "$T/cells.py" <<'EOF'
import csv, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb["总览"]
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))[1:]
total_first = len(sys.argv) > 3
names = {r[1] for r in rows}
sheet_rows = [r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value in names]
bad = 0
def same(cell, want, tol):
    if want == "":
        return cell == "—"
    return isinstance(cell, (int, float)) and abs(cell - float(want)) <= tol
n = 13
for k in range(len(rows) // n):
    block = rows[k * n:(k + 1) * n]
    got = sheet_rows[k * n:(k + 1) * n]
    if total_first:                     # the CSV keeps 合计 last
        got = got[1:] + got[:1]
    for want, r in zip(block, got):
        cell = [ws.cell(r, c).value for c in range(1, 12)]
        checks = [
            ("county", cell[1] == want[1]),
            ("target", same(cell[2], want[3], 5e-7)),
            ("month", same(cell[3], want[4], 5e-7)),
            ("ytd", same(cell[4], want[5], 5e-7)),
            ("completion", same(cell[5], want[6], 0.005 + 1e-9)),
            ("progress", same(cell[6], want[7], 0.005 + 1e-9)),
            ("gap", same(cell[7], want[8], 0.005 + 1e-9)),
            ("rank", same(cell[8], want[9], 0)),
            ("prev", same(cell[9], want[10], 5e-7)),
            ("yoy", same(cell[10], want[11], 0.005 + 1e-9)),
        ]
        for what, good in checks:
            if not good:
                bad += 1
                print("row %d (%s, %s): %s: sheet %r, csv %r" % (r, want[1], want[2], what, cell, want))
print("%d rows compared, %d differences" % (len(rows), bad))
sys.exit(1 if bad or len(rows) != len(sheet_rows) else 0)
EOF

# 1. the run, its accounting and its files
"$G" track --as-of 2021-06-30 --targets $TG -o "$T/a" $MAIN 2> "$T/a.err"
check "track exits 0" test $? -eq 0
check "accounting printed" grep -q "3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected" "$T/a.err"
for f in track.xlsx track.csv rejects.csv manifest.json; do
    check "wrote $f" test -s "$T/a/$f"
done
check "manifest names the command" grep -q '"track"' "$T/a/manifest.json"

# 2. track.csv equals the independent calculation, byte for byte
$PY "$T/expect.py" 2021-06-30 month $TG $MAIN > "$T/expect.csv"
check "track.csv equals the independent calculation" cmp -s "$T/a/track.csv" "$T/expect.csv"
cmp "$T/a/track.csv" "$T/expect.csv" >/dev/null 2>&1 || diff "$T/a/track.csv" "$T/expect.csv" | head -10
check "track.csv header" sh -c "head -1 '$T/a/track.csv' | grep -q '^.county_code,county,indicator,target,month_value,ytd_value,completion,time_progress,gap_points,rank,prev_ytd,yoy.$'"
check "loan-amount 合计 target is 20000.0000 万元" grep -q '^,合计,创业担保贷款发放金额(万元),20000.0000,' "$T/a/track.csv"
check "金口河区 jobs: no target, no completion, no rank" grep -q '^511113,金口河区,带动就业人数,,[0-9]*,[0-9]*,,50.00,,,' "$T/a/track.csv"
check "city 1—6月 loans: 401 loans of 8083.9000 万元" sh -c "grep -q '^,合计,创业担保贷款发放笔数,1100,[0-9]*,401,' '$T/a/track.csv' && grep -q '^,合计,创业担保贷款发放金额(万元),20000.0000,[0-9.]*,8083.9000,40.42,50.00,-9.58,,' '$T/a/track.csv'"
# competition ranks: ties share a rank and the next rank skips (1224)
$PY - "$T/a/track.csv" > "$T/ranks.txt" <<'EOF'
import csv, sys
from fractions import Fraction
rows = [r for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))][1:]
ties = 0
for ind in dict.fromkeys(r[2] for r in rows):
    rs = [r for r in rows if r[2] == ind and r[1] != "合计"]
    rated = [(Fraction(r[5]) / Fraction(r[3]), r) for r in rs if r[3] and Fraction(r[3]) > 0]
    for q, r in rated:
        want = 1 + sum(1 for q2, _ in rated if q2 > q)
        if r[9] != str(want):
            print("BAD", ind, r[1], r[9], want)
    ranks = [int(r[9]) for _, r in rated]
    ties += len(ranks) - len(set(ranks))
print("ties", ties)
EOF
check "ranks are competition ranks" sh -c "! grep -q BAD '$T/ranks.txt'"
check "the sample has tied ranks (夹江县, 峨边 at 28.00% of loans)" grep -q '^511126,夹江县,创业担保贷款发放笔数,100,[0-9]*,28,28.00,50.00,-22.00,10,' "$T/a/track.csv"
check "the rank after a tie skips" grep -q '^,乐山高新区,创业担保贷款发放笔数,20,[0-9]*,5,25.00,50.00,-25.00,12,' "$T/a/track.csv"

# 3. the workbook: formulas recomputed by openpyxl, cells equal to track.csv, furniture
$PY tests/e2e/xlsx_check.py "$T/a/track.xlsx" > "$T/xc.txt"
check "xlsx_check: every SUM formula's cached value recomputes" test $? -eq 0
check "xlsx_check: formulas were checked" sh -c "grep -c '^check .* ok' '$T/xc.txt' | awk '{ exit !(\$1 >= 50) }'"
check "sheets: 总览, one per indicator, then the charts" grep -q "^sheets 总览|返乡创业人数|经济实体|贷款笔数|贷款金额|带动就业|图-返乡创业人数|图-经济实体|图-贷款笔数|图-贷款金额|图-带动就业$" "$T/xc.txt"
check "document date is the as-of date" grep -q "^created 2021-06-30T00:00:00" "$T/xc.txt"
sed -n '/^sheet 总览$/,/^sheet /p' "$T/xc.txt" > "$T/ov.txt"
check "总览: title merged across the table" grep -q "^merged A1:K1$" "$T/ov.txt"
check "总览: title text" grep -q "^cell A1 s 乐山市2021年返乡创业目标任务完成情况（截至6月30日）$" "$T/ov.txt"
check "总览: 填报单位" grep -q "^cell A2 s 填报单位：乐山市人力资源和社会保障局$" "$T/ov.txt"
check "总览: two-row merged headers" sh -c "grep -q '^merged A3:A4$' '$T/ov.txt' && grep -q '^merged F3:I3$' '$T/ov.txt' && grep -q '^cell H4 s 与序时进度差$' '$T/ov.txt'"
check "总览: A4 landscape, one page wide" sh -c "grep -q '^paper 9$' '$T/ov.txt' && grep -q '^orientation landscape$' '$T/ov.txt' && grep -q '^fit 1x0$' '$T/ov.txt' && grep -q '^fit_to_page 1$' '$T/ov.txt'"
check "总览: repeated header rows, frozen panes, footer" sh -c "grep -q '^print_titles \$3:\$4$' '$T/ov.txt' && grep -q '^freeze C5$' '$T/ov.txt' && grep -q '^footer |第 &P 页 共 &N 页|$' '$T/ov.txt'"
check "总览: 制表日期 is the as-of date" grep -q "制表日期：2021年6月30日" "$T/ov.txt"
check "总览: 序时进度 and legend notes" sh -c "grep -q '序时进度按月计算：6月为6/12＝50.00%' '$T/ov.txt' && grep -q '预警：完成率达到或超过序时进度的为绿色，标“▲”' '$T/ov.txt'"
check "总览: 完成率 is a formula carrying its value" grep -q '^cell F5 f =IF(N(C5)>0,E5/C5\*100,"—") = 50.677966101694' "$T/ov.txt"
check "总览: warning mark in the number format" grep -q '^cell F6 f .* 0.00" ●";-0.00" ●"$' "$T/ov.txt"
check "总览: cells equal track.csv" $PY "$T/cells.py" "$T/a/track.xlsx" "$T/a/track.csv"
$PY "$T/cells.py" "$T/a/track.xlsx" "$T/a/track.csv" | grep -v "^[0-9]* rows compared, 0 differences" | head -5
sed -n '/^sheet 贷款金额$/,/^sheet /p' "$T/xc.txt" > "$T/loan.txt"
check "detail sheet: 1月 … 12月 and 累计" sh -c "grep -q '^cell C4 s 1月$' '$T/loan.txt' && grep -q '^cell N4 s 12月$' '$T/loan.txt' && grep -q '^cell O4 s 1—6月累计$' '$T/loan.txt'"
check "detail sheet: 合计 累计 is SUM = 8083.9" grep -q "^cell O17 f =SUM(O5:O16) = 8083.9 0.00$" "$T/loan.txt"
check "detail sheet: distinct counts are values" sh -c "sed -n '/^sheet 返乡创业人数$/,/^sheet /p' '$T/xc.txt' | grep -q '^cell O17 n 1510 0$'"
# the charts: one chartsheet per indicator, both series on the 总览 cells
mkdir -p "$T/zip" && (cd "$T/zip" && unzip -q -o "$T/a/track.xlsx")
check "five chartsheets" test "$(ls "$T/zip/xl/chartsheets" | grep -c '^sheet[0-9]*\.xml$')" -eq 5
check "chart: 完成率 of the 总览 county rows" grep -q "<c:f>'总览'!\$F\$5:\$F\$16</c:f>" "$T/zip/xl/charts/chart1.xml"
check "chart: categories are the county names" grep -q "<c:f>'总览'!\$B\$5:\$B\$16</c:f>" "$T/zip/xl/charts/chart1.xml"
check "chart: 序时进度 line from the 总览 cells" grep -q "<c:f>'总览'!\$G\$5:\$G\$16</c:f>" "$T/zip/xl/charts/chart1.xml"
check "chart: 序时进度 drawn as a line" grep -q "<c:trendline>" "$T/zip/xl/charts/chart1.xml"
check "chart: workbook lists the chartsheets" grep -q 'name="图-贷款金额"' "$T/zip/xl/workbook.xml"

# 4. the same inputs give the same bytes
"$G" track -q --as-of 2021-06-30 --targets $TG -o "$T/b" $MAIN 2>/dev/null
for f in track.xlsx track.csv rejects.csv manifest.json; do
    check "deterministic $f" cmp -s "$T/a/$f" "$T/b/$f"
done

# 5. options: 合计 first in the workbook (the CSV is the same), by-day progress mid-month
"$G" track -q --total-first --as-of 2021-06-30 --targets $TG -o "$T/c" $MAIN 2>/dev/null
check "--total-first: CSV unchanged" cmp -s "$T/a/track.csv" "$T/c/track.csv"
check "--total-first: 合计 first in each block" $PY "$T/cells.py" "$T/c/track.xlsx" "$T/c/track.csv" first
$PY tests/e2e/xlsx_check.py "$T/c/track.xlsx" > "$T/xc-c.txt"
check "--total-first: SUM formulas over the rows below recompute" test $? -eq 0
"$G" track -q --progress day --as-of 2021-06-15 --targets $TG -o "$T/d" $MAIN 2>/dev/null
$PY "$T/expect.py" 2021-06-15 day $TG $MAIN > "$T/expect-d.csv"
check "mid-month, by day: equals the independent calculation" cmp -s "$T/d/track.csv" "$T/expect-d.csv"
cmp "$T/d/track.csv" "$T/expect-d.csv" >/dev/null 2>&1 || diff "$T/d/track.csv" "$T/expect-d.csv" | head -10
check "mid-month, by day: 序时进度 166/365" grep -q '^511102,市中区,新增返乡创业人数,590,[0-9]*,[0-9]*,[0-9.]*,45.48,' "$T/d/track.csv"
"$G" track -q --as-of 2021-06-30 --targets $TG -o "$T/e" samples/leshan_2021_h1.csv 2>/dev/null
check "inputs without last year: 上年同期 empty" sh -c "tr -d '\r' < '$T/e/track.csv' | grep -q '^511102,市中区,新增返乡创业人数,590,[0-9]*,[0-9]*,[0-9.]*,50.00,[-0-9.]*,[0-9]*,,\$'"
"$G" track -q --no-rank-units --as-of 2021-06-30 --targets $TG -o "$T/f" $MAIN 2>/dev/null
check "--no-rank-units: 乐山高新区 not ranked" grep -q '^,乐山高新区,新增返乡创业人数,60,4,27,45.00,50.00,-5.00,,' "$T/f/track.csv"

# 6. errors: a bad targets file stops before any output (exit 2), usage, output
head -6 $TG > "$T/bad.csv"
echo "沙湾区,新增创业人数,170" >> "$T/bad.csv"
"$G" track -q --as-of 2021-06-30 --targets "$T/bad.csv" -o "$T/g" $MAIN 2> "$T/g.err"
check "unknown indicator: exit 2" test $? -eq 2
check "unknown indicator: file, line and name" grep -q "^guiyan: bad.csv:7: unknown indicator '新增创业人数' (the indicators are: 新增返乡创业人数、创办经济实体、" "$T/g.err"
check "unknown indicator: nothing written" test ! -e "$T/g"
printf 'county,indicator,target\n不存在县,带动就业人数,5\n' > "$T/bad2.csv"
"$G" track -q --as-of 2021-06-30 --targets "$T/bad2.csv" -o "$T/g" $MAIN 2> "$T/g2.err"
check "unknown county: exit 2 with the line" sh -c "test $? -eq 2 && grep -q \"^guiyan: bad2.csv:2: unknown county '不存在县'\" '$T/g2.err'"
"$G" track -q --as-of 2021-06-30 --targets "$T/none.csv" -o "$T/g" $MAIN 2>/dev/null
check "targets file missing: exit 3" test $? -eq 3
"$G" track -q --strict --as-of 2021-06-30 --targets $TG -o "$T/s" samples/messy/messy_2021.csv 2>/dev/null
check "rejected rows under --strict: exit 1" test $? -eq 1
check "rejected rows in rejects.csv" test "$(wc -l < "$T/s/rejects.csv")" -eq 12
"$G" track --targets $TG $MAIN 2>/dev/null
check "no --as-of: exit 2" test $? -eq 2
"$G" track --as-of 2021-06-30 $MAIN 2>/dev/null
check "no --targets: exit 2" test $? -eq 2
"$G" track --as-of 2021-06-31 --targets $TG $MAIN 2>/dev/null
check "a date that does not exist: exit 2" test $? -eq 2
"$G" track --yellow-points ten --as-of 2021-06-30 --targets $TG $MAIN 2>/dev/null
check "bad --yellow-points: exit 2" test $? -eq 2
"$G" track -q --as-of 2021-06-30 --targets $TG -o /dev/null/x $MAIN 2>/dev/null
check "unwritable output folder: exit 3" test $? -eq 3
"$G" track --help > "$T/help.txt"
check "--help exits 0" test $? -eq 0
for o in --as-of --targets --progress --yellow-points --total-first --rank-units --no-rank-units \
         --output --region --config --templates --encoding --strict --quiet --help; do
    check "--help documents $o" grep -q -- "$o" "$T/help.txt"
done
"$G" track -q --yellow-points 2.5 --as-of 2021-06-30 --targets $TG -o "$T/h" $MAIN 2>/dev/null
check "--yellow-points 2.5 in the legend" sh -c "unzip -p '$T/h/track.xlsx' xl/sharedStrings.xml | grep -q '低于序时进度2.5个百分点以内'"

# charts.pdf: a 完成率 chart per tracked indicator, with the 序时进度 line; --no-charts
check "charts.pdf: five pages" sh -c "pdfinfo '$T/a/charts.pdf' | grep -q '^Pages: *5$'"
check "charts.pdf: 序时进度 and a county" sh -c "pdftotext '$T/a/charts.pdf' - | grep -q '序时进度 50.0%' && pdftotext '$T/a/charts.pdf' - | grep -q '峨眉山市'"
check "charts.pdf: loan completion 40.4% in the note" sh -c "pdftotext -f 4 -l 4 '$T/a/charts.pdf' - | grep -q '40.4%'"
"$G" track -q --no-charts --as-of 2021-06-30 --targets $TG -o "$T/nc" $MAIN 2>/dev/null
check "--no-charts writes no charts.pdf" test ! -e "$T/nc/charts.pdf"

# a targets workbook: an instructions sheet first, the targets on the second; --sheet picks
"$PY" - "$TG" "$T/tgt.xlsx" <<'PYEOF'
import csv, sys, openpyxl
wb = openpyxl.Workbook()
wb.active.title = "说明"
wb.active["A1"] = "填表说明：金额单位万元"
ws = wb.create_sheet("目标")
for row in csv.reader(open(sys.argv[1], encoding="utf-8-sig")):
    ws.append(row)
wb.save(sys.argv[2])
PYEOF
"$G" track -q --as-of 2021-06-30 --targets "$T/tgt.xlsx" -o "$T/wb" $MAIN 2>/dev/null; rc=$?
check "targets workbook: its first sheet with a targets header (exit $rc)" test $rc -eq 0
check "targets workbook: the same track.csv as from the CSV" cmp -s "$T/wb/track.csv" "$T/a/track.csv"
"$G" track -q --as-of 2021-06-30 --targets "$T/tgt.xlsx" --sheet 目标 -o "$T/wb2" $MAIN 2>/dev/null; rc=$?
check "targets workbook: --sheet 目标 (exit $rc)" test $rc -eq 0
"$G" track -q --as-of 2021-06-30 --targets "$T/tgt.xlsx" --sheet 1 -o "$T/wb3" $MAIN 2>"$T/wb3.err"; rc=$?
check "targets workbook: --sheet 1 has no targets (exit $rc)" test $rc -eq 2
check "targets workbook: --sheet 1: the message names the sheet" has "$T/wb3.err" "tgt.xlsx:说明:1: required columns missing"
"$G" track -q --as-of 2021-06-30 --targets "$T/tgt.xlsx" --sheet 3 -o "$T/wb4" $MAIN 2>"$T/wb4.err"; rc=$?
check "targets workbook: --sheet 3 (exit $rc)" test $rc -eq 2
check "targets workbook: --sheet 3: the sheets there are" has "$T/wb4.err" "tgt.xlsx: no sheet '3' (the sheets are: 说明、目标)"

finish
