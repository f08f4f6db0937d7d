#!/bin/sh
# End to end: a county bureau (issue 20) — --region 犍为县 on its own export (no 县 column, a
# 乡镇（街道） column): rows are its townships, 合计 is the county and equals the county's row
# of the city's exports (figures.py), 未填乡镇 holds the blank and unknown townships; workbook,
# charts, track with township targets, reply and stars work at this level.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
CTY=samples/qianwei_county_2019_2021.csv
ORG=犍为县人力资源和社会保障局

"$G" summary --region 犍为县 --org $ORG --by county,quarter --to 2021-06-30 -o "$T/q" $CTY 2> "$T/q.err"
check "county export read whole" has "$T/q.err" "2317 rows read: 2317 accepted, 0 duplicate, 0 rejected"
check "未填乡镇 rows listed" has "$T/q.err" "98 rows without a known township of 犍为县 were counted under 未填乡镇:"
check "blank townships listed" has "$T/q.err" "guiyan:   blank: 49 rows"
check "a merged-away township listed" has "$T/q.err" "guiyan:   \"新民镇\": 49 rows (not a township of 犍为县)"
# the county's 合计 equals the 犍为县 row computed independently from the city's exports
$PY tests/e2e/figures.py --by quarter $MAIN > "$T/city.csv"
for p in 2019-Q1 2019-Q4 2020-Q1 2020-Q2 2020-Q3 2020-Q4 2021-Q1 2021-Q2; do
    want=$(grep "^511123,犍为县,$p," "$T/city.csv" | cut -d, -f4-)
    got=$(grep "^,合计,$p," "$T/q/summary.csv" | cut -d, -f4-)
    check "$p: the townships' 合计 is the county's figure ($want)" test -n "$want" -a "$want" = "$got"
done
check "summary.csv rows: townships in code order, then 未填乡镇" sh -c \
    "grep ',2021-Q2,' '$T/q/summary.csv' | cut -d, -f2 | tr '\n' ' ' | grep -q '^玉津镇 孝姑镇 石溪镇 清溪镇 罗城镇 芭沟镇 龙孔镇 定文镇 舞雩镇 玉屏镇 大兴镇 九井镇 铁炉镇 寿保镇 双溪镇 未填乡镇 合计 $'"
check "workbook: township rows, 合计 last, the county's bureau" $PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook('$T/q/summary.xlsx')['返乡创业人数']
rows = [ws.cell(r, 1).value for r in range(5, 22)]
ok = (ws['A1'].value == '犍为县2021年返乡创业人数季度统计表' and ws['A2'].value == '填报单位：$ORG'
      and ws['A3'].value == '乡镇（街道）' and rows[0] == '玉津镇' and rows[15] == '未填乡镇'
      and rows[16] == '合计')
notes = ' '.join(str(ws.cell(r, 1).value) for r in range(22, 30))
ok = ok and '合计不等于各乡镇（街道）相加' in notes
sys.exit(0 if ok else 1)"
check "workbook: 数据说明 lists what went to 未填乡镇" sh -c \
    "unzip -p '$T/q/summary.xlsx' xl/sharedStrings.xml | grep -q '98行计入“未填乡镇”：空白49行；“新民镇”49行（不是犍为县的乡镇）。'"
pdftotext "$T/q/charts.pdf" "$T/q.txt"
check "charts: by township" has "$T/q.txt" "犍为县2021年1—6月各乡镇（街道）返乡创业人数（分季度）"
check "charts: the county's bureau" has "$T/q.txt" "填报单位：$ORG"

# track with township targets
printf '乡镇（街道）,indicator,target\n玉津镇,startups,60\n孝姑,startups,20\n罗城镇,loan_amount,200\n' > "$T/targets.csv"
"$G" track -q --region 犍为县 --org $ORG --as-of 2021-06-30 --targets "$T/targets.csv" -o "$T/t" $CTY 2>/dev/null
check "track: a township's target and 完成率" grep -q "^511123100,玉津镇,新增返乡创业人数,60," "$T/t/track.csv"
check "track: 合计 target is the townships' sum" grep -q "^,合计,新增返乡创业人数,80," "$T/t/track.csv"
check "track: the notes speak of townships" sh -c \
    "unzip -p '$T/t/track.xlsx' xl/sharedStrings.xml | grep -q '合计不等于各乡镇（街道）相加（跨乡镇重复的只计一次）'"
pdftotext "$T/t/charts.pdf" "$T/t.txt"
check "track chart: by township" has "$T/t.txt" "犍为县2021年1—6月各乡镇（街道）返乡创业人数目标完成率"

# reply: the letter's organisation is the county's
"$G" reply -q -t reply_cppcc.txt --region 犍为县 --org $ORG --year 2020 --as-of 2021-06-15 -o "$T/r" $CTY 2>/dev/null
check "reply: 机关 and 署名 are the county's bureau" sh -c "grep -c '^$ORG\$' '$T/r/reply.txt' | grep -q '^2\$'"
check "reply: no other bureau's name" hasnt "$T/r/reply.txt" "乐山市人力资源和社会保障局"

# stars by township
printf '姓名,身份证号码,乡镇（街道）,级别,类别,企业名称,统一社会信用代码,评选年度\r\n朱荣贤,511123199701171059,双溪镇,市级,返乡创业明星,,,2020\r\n吴月琳,511123196603140124,孝姑,省级,返乡创业明星,,,2020\r\n' > "$T/stars.csv"
"$G" stars -q --region 犍为县 --org $ORG -o "$T/s" "$T/stars.csv" 2>/dev/null
check "stars: counted by township" grep -q "^2020,市级,返乡创业明星,511123118,双溪镇,1" "$T/s/stars.csv"
check "stars: sentence without zero clauses" has "$T/s/stars.txt" "2020年，共评选产生市级返乡创业明星1名；获评省返乡创业明星1名。"
finish
