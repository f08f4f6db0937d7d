#!/bin/sh
# End to end: `summary --by county,quarter` and `--by county,year` give workbooks and charts by
# quarter and by year (issue 20), their figures equal to the independent reader's (figures.py),
# with the furniture of the monthly ones: title, 填报单位/单位 line, 合计 row, A4 print setup.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"

for by in quarter year; do
    "$G" summary -q --by county,$by --to 2021-06-30 -o "$T/$by" $MAIN 2>/dev/null
    check "summary --by county,$by wrote a workbook and charts" \
        test -s "$T/$by/summary.xlsx" -a -s "$T/$by/charts.pdf"
    $PY tests/e2e/figures.py --by $by $MAIN > "$T/$by.expected"
done
# the 累计 of the quarters is the year to date: guiyan's own --ytd row, itself checked by samples.sh
"$G" summary -q --ytd --to 2021-06-30 -o "$T/ytd" $MAIN 2>/dev/null

cat > "$T/check.py" <<'PY'
import csv, sys, openpyxl
by, xlsx, expected, ytd = sys.argv[1:5]
rows = {}
with open(expected, encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        rows[(r["county"], r["period"])] = r
ytds = {}
with open(ytd, encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if r["period"] == "2021-06-YTD":
            ytds[r["county"]] = r
wb = openpyxl.load_workbook(xlsx)
problems = []
def want(cond, what):
    if not cond:
        problems.append(what)
sheets = [("返乡创业人数", "startups", 1), ("创办经济实体", "entities", 1),
          ("创业担保贷款笔数", "loans", 1), ("创业担保贷款金额(万元)", "loan_amount_wan", 1),
          ("带动就业人数", "jobs", 1)]
qnames = ["一季度", "二季度", "三季度", "四季度"]
for sheet, key, _ in sheets:
    ws = wb[sheet]
    title = ws["A1"].value
    if by == "quarter":
        want(title.startswith("乐山市2021年") and title.endswith("季度统计表"), "%s title %s" % (sheet, title))
        want(ws["A3"].value == "县（市、区）" and ws["B3"].value == "2021年", "%s group header" % sheet)
        heads = [ws.cell(4, c).value for c in range(2, 5)]
        want(heads == ["一季度", "二季度", "累计"], "%s heads %s" % (sheet, heads))
        top, periods = 5, ["2021-Q1", "2021-Q2"]
    else:
        want(title == "乐山市2019—2021年%s年度统计表" % sheet.replace("(万元)", ""), "%s title %s" % (sheet, title))
        heads = [ws.cell(3, c).value for c in range(1, 5)]
        # loans start on 2019-01-23 in the samples: 2019 is covered in part for them (※, noted)
        loans = sheet.startswith("创业担保贷款")
        want(heads == ["县（市、区）", "2019年※" if loans else "2019年", "2020年", "2021年1—6月"],
             "%s heads %s" % (sheet, heads))
        notes = [ws.cell(r, 1).value or "" for r in range(1, ws.max_row + 1)]
        want(any("※2019年只有1月23日至12月31日的记录" in n for n in notes) == loans,
             "%s: the ※ note on 2019" % sheet)
        want(ws.cell(3, 5).value is None, "%s: no 累计 column by year" % sheet)
        top, periods = 4, ["2019", "2020", "2021"]
    want(ws["A2"].value == "填报单位：乐山市人力资源和社会保障局", "%s filler %s" % (sheet, ws["A2"].value))
    unit = [ws.cell(2, c).value for c in range(1, 6)]
    want(any(u and u.startswith("单位：") for u in unit), "%s unit line %s" % (sheet, unit))
    want(ws.page_setup.paperSize in (9, "9") and ws.page_setup.orientation in ("landscape", "portrait"),
         "%s A4 %s" % (sheet, ws.page_setup.paperSize))
    want(ws.print_title_rows is not None, "%s header rows repeated" % sheet)
    names = [ws.cell(top + i, 1).value for i in range(13)]
    want(names[-1] == "合计" and names[0] == "市中区" and names[11] == "乐山高新区", "%s rows %s" % (sheet, names))
    for i, county in enumerate(names):
        for j, p in enumerate(periods):
            cell = ws.cell(top + i, 2 + j).value
            exp = rows[(county, p)][key]
            if isinstance(cell, str) and cell.startswith("="):
                continue                    # a SUM formula: its cached value is checked below
            want(abs(float(cell) - float(exp)) < 1e-9 * max(1, abs(float(exp))) or
                 (key == "loan_amount_wan" and abs(float(cell) - float(exp)) < 5e-5),
                 "%s %s %s: %s != %s" % (sheet, county, p, cell, exp))
        if by == "quarter":
            cell = ws.cell(top + i, 4).value
            if not (isinstance(cell, str) and cell.startswith("=")):
                want(float(cell) == float(ytds[county][key]), "%s %s 累计 %s != %s" % (sheet, county, cell, ytds[county][key]))
    # additive sheets: the 合计 row and the 累计 column are SUM formulas
    if key in ("loans", "loan_amount_wan", "jobs"):
        f = ws.cell(top + 12, 2).value
        want(isinstance(f, str) and f == "=SUM(B%d:B%d)" % (top, top + 11), "%s 合计 formula %s" % (sheet, f))
# cached values of the formulas, as Excel shows them before recalculating
wbv = openpyxl.load_workbook(xlsx, data_only=True)
ws = wbv["创业担保贷款金额(万元)"]
top = 5 if by == "quarter" else 4
col_p = "2021-Q2" if by == "quarter" else "2021"
cell = ws.cell(top + 12, 3 if by == "quarter" else 4).value
want(cell is not None and abs(float(cell) - float(rows[("合计", col_p)]["loan_amount_wan"])) < 5e-5,
     "cached 合计 of %s: %s" % (col_p, cell))
if by == "quarter":
    cell = ws.cell(top + 12, 4).value
    want(abs(float(cell) - float(ytds["合计"]["loan_amount_wan"])) < 5e-5, "cached 累计 合计 %s" % cell)
for p in problems[:10]:
    print(p)
sys.exit(1 if problems else 0)
PY
for by in quarter year; do
    check "$by workbook: every sheet's figures and furniture (openpyxl)" \
        $PY "$T/check.py" $by "$T/$by/summary.xlsx" "$T/$by.expected" "$T/ytd/summary.csv"
done

# the charts say what they show (pdftotext), the quarters' totals from figures.py
q1=$(grep '^,合计,2021-Q1,' "$T/quarter.expected" | cut -d, -f4)
q2=$(grep '^,合计,2021-Q2,' "$T/quarter.expected" | cut -d, -f4)
y19=$(grep '^,合计,2019,' "$T/year.expected" | cut -d, -f4)
pdftotext "$T/quarter/charts.pdf" "$T/q.txt"
pdftotext "$T/year/charts.pdf" "$T/y.txt"
check "quarter chart: bar by county per quarter" has "$T/q.txt" "乐山市2021年1—6月各县（市、区）返乡创业人数（分季度）"
check "quarter chart: the quarters' totals in the note" has "$T/q.txt" "注：乐山市合计一季度${q1}人，二季度${q2}人。"
check "quarter chart: quarterly trend against last year" has "$T/q.txt" "乐山市返乡创业人数季度走势（2021年与2020年）"
check "quarter chart: 10 pages" sh -c "pdfinfo '$T/quarter/charts.pdf' | grep -q '^Pages: *10$'"
check "year chart: bar by county per year" has "$T/y.txt" "乐山市2019—2021年各县（市、区）创业担保贷款金额"
check "year chart: the years' totals in the note" has "$T/y.txt" "注：乐山市合计2019年${y19}人"
check "year chart: yearly trend" has "$T/y.txt" "乐山市带动就业人数年度走势（2019—2021年）"
check "year chart: the year not over is named so" has "$T/y.txt" "2021年1—6月"
# a period no record covers is "—" in the charts, never a 0 bar or point, and the note says so
# (issue 15): leshan_2019.csv has start dates in 2019 only, loan dates to 2020-07-05
for by in year quarter; do
    "$G" summary -q --by county,$by --to 2021-06-30 -o "$T/only19$by" samples/leshan_2019.csv 2>/dev/null
    pdftotext "$T/only19$by/charts.pdf" "$T/only19$by.txt"
done
check "year chart: uncovered years are — in the note" has "$T/only19year.txt" "注：乐山市合计2019年8924人，2020年—，2021年1—6月—。“—”的年份没有记录，不是0（创业时间覆盖：2019年1月1日至2019年12月31日）。"
check "year chart: the trend says — is no record" sh -c "grep -c '^注：“—”的年份没有记录，不是0（创业时间覆盖' '$T/only19year.txt' | grep -qx 3"
check "year chart: years covered in part carry ※ and their days" has "$T/only19year.txt" "※2019年只有1月23日至12月31日的记录，2020年只有1月1日至7月5日的记录。"
check "quarter chart: uncovered quarters are —" has "$T/only19quarter.txt" "注：乐山市合计一季度—，二季度—。“—”的季度没有记录，不是0（创业时间覆盖：2019年1月1日至2019年12月31日）。"
check "quarter chart: last year's quarter covered in part" has "$T/only19quarter.txt" "※2020年三季度只有7月1日至7月5日的记录。"
check "charts of covered years carry no — note" sh -c "! grep -q '没有记录，不是0' '$T/y.txt'"
# a quarter's name that starts with a character sharing a byte with ※ (一 is E4 B8 80) is named
# whole in the note (it was cut to two bytes, and the chart refused its text as not UTF-8)
"$G" summary -q --by county,quarter -o "$T/messyq" samples/messy/messy_2021.csv 2>/dev/null
check "quarter chart of a year covered in part from 5 January: exit 0" test -s "$T/messyq/charts.pdf"
pdftotext "$T/messyq/charts.pdf" "$T/messyq.txt" 2>/dev/null
check "quarter chart: 一季度 named whole in the note" has "$T/messyq.txt" "※一季度只有1月5日至3月31日的记录"
# a quarter the cut-off cuts short says so; its figure is that of the days up to the cut-off
"$G" summary -q --no-charts --by county,quarter --to 2021-05-20 -o "$T/q520" $MAIN 2>/dev/null
q2=$(grep '^,合计,2021-Q2,' "$T/q520/summary.csv" | cut -d, -f4)
check "quarter cut short: 二季度（截至5月20日）, 合计 $q2" $PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook('$T/q520/summary.xlsx')['返乡创业人数']
sys.exit(0 if [ws.cell(4, c).value for c in range(2, 5)] == ['一季度', '二季度（截至5月20日）', '累计']
         and ws.cell(17, 3).value == int('$q2') else 1)"
# the default monthly outputs keep their months
"$G" summary -q --no-charts --to 2021-06-30 -o "$T/month" $MAIN 2>/dev/null
check "month workbook unchanged: 1月 … 6月, 累计" $PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook('$T/month/summary.xlsx')['返乡创业人数']
sys.exit(0 if [ws.cell(4, c).value for c in range(2, 9)] == ['1月','2月','3月','4月','5月','6月','累计'] and ws['A1'].value == '乐山市2021年返乡创业人数统计表' else 1)"
finish
