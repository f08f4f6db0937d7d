#!/bin/sh
# End to end for `guiyan stars`: the counts of samples/stars_2020.csv (the reply's sentence),
# stars.csv, the workbook read back by openpyxl (masking, SUM formulas, list order), the messy
# roster with --records, --unmask, --order pinyin, stars.pdf (fonts, text), exit codes and
# determinism.
. "$(dirname "$0")/lib/common.sh"
X=tests/e2e/xlsx_check.py

# 1. the 2020 roster: counts, sentence, CSV
"$G" stars -o "$T/s" samples/stars_2020.csv 2> "$T/s.err"
check "exit 0" test $? -eq 0
check "accounting line" has "$T/s.err" "stars_2020.csv (UTF-8 (BOM)): 51 rows read: 51 accepted, 0 duplicate, 0 rejected"
check "the reply's sentence" has "$T/s/stars.txt" "共评选产生市级返乡创业明星20名、明星企业13家；获评省返乡创业明星11名，省返乡创业明星企业7家"
check "stars.txt is one line" test "$(wc -l < "$T/s/stars.txt")" -eq 1
check "stars.csv header" test "$(head -n 1 "$T/s/stars.csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')" = "year,level,category,county_code,county,count"
tr -d '\r' < "$T/s/stars.csv" | grep ',合计,' > "$T/totals"
printf '%s\n' "2020,市级,返乡创业明星,,合计,20" "2020,市级,返乡创业明星企业,,合计,13" \
    "2020,省级,返乡创业明星,,合计,11" "2020,省级,返乡创业明星企业,,合计,7" > "$T/totals.want"
check "stars.csv 合计 rows" cmp -s "$T/totals" "$T/totals.want"
check "stars.csv every county with zeros" test "$(tail -n +2 "$T/s/stars.csv" | wc -l)" -eq 52
check "stars.csv zero row" has "$T/s/stars.csv" "2020,市级,返乡创业明星,511113,金口河区,0"
# the counties add up to the 合计 rows, checked by awk (not by guiyan)
check "stars.csv counties add up" sh -c "tr -d '\r' < '$T/s/stars.csv' | tail -n +2 | awk -F, '\$5 != \"合计\" { s[\$2 \$3] += \$6 } \$5 == \"合计\" { if (s[\$2 \$3] != \$6) bad = 1 } END { exit bad }'"
check "rejects.csv has only its header" test "$(wc -l < "$T/s/rejects.csv")" -eq 1
check "manifest" has "$T/s/manifest.json" '"command": "stars"'

# 2. the workbook, read back by openpyxl
$PY "$X" "$T/s/stars.xlsx" > "$T/x" 2>&1
check "xlsx_check: formulas agree" test $? -eq 0
check "sheets" has "$T/x" "sheets 获评情况|市级返乡创业明星|市级返乡创业明星企业|省级返乡创业明星|省级返乡创业明星企业|问题|数据说明"
check "count table 合计 is a SUM" grep -q '^cell B17 f =SUM(B5:B16) = 20 ' "$T/x"
check "count table 省级 企业 合计" grep -q '^cell E17 f =SUM(E5:E16) = 7 ' "$T/x"
check "IDs masked" has "$T/x" "cell C4 s 511102********9924"
check "no full ID anywhere" hasnt "$T/x" "511102197407129924"
check "stroke order: 马淑春 first" has "$T/x" "cell B4 s 马淑春"
check "print setup: A4 landscape, one page wide" sh -c "grep -q '^paper 9' '$T/x' && grep -q '^orientation landscape' '$T/x' && grep -q '^fit 1x0' '$T/x'"
check "order rule in the 注" has "$T/x" "横（一）、竖（丨）、撇（丿）、点（丶）、折（乛）依次在前"

# 3. --unmask, --order pinyin, --date
"$G" stars -q --unmask --order pinyin --date 2021-06-15 -o "$T/u" samples/stars_2020.csv 2>/dev/null
$PY "$X" "$T/u/stars.xlsx" > "$T/xu" 2>&1
check "--unmask shows full IDs" has "$T/xu" "511102197407129924"
check "--order pinyin: 杜丽 first" has "$T/xu" "cell B4 s 杜丽"
check "--date is the 制表日期" has "$T/xu" "制表日期：2021年6月15日"
check "--unmask recorded" has "$T/u/manifest.json" '"unmask": "true"'

# 4. the messy roster against the main sample
"$G" stars -o "$T/m" samples/messy/stars_messy.csv --records samples/leshan_*.csv 2> "$T/m.err"
check "messy: exit 0" test $? -eq 0
check "messy: accounting" has "$T/m.err" "stars_messy.csv (UTF-8 (BOM)): 6 rows read: 3 accepted, 1 duplicate, 2 rejected"
check "messy: records read" has "$T/m.err" "records: 3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 rejected"
check "messy: double listing warned" has "$T/m.err" "stars_messy.csv:3: 钟川鹏 is listed twice"
check "messy: not in records warned" has "$T/m.err" "stars_messy.csv:6: 谭琼丽 (511102********0782) is not in the startup records"
check "messy: no enterprise name rejected" has "$T/m/rejects.csv" "stars_messy.csv,4,企业名称,,值为空"
check "messy: bad credit code rejected" has "$T/m/rejects.csv" "stars_messy.csv,5,统一社会信用代码,93511126MA4J8EW740,统一社会信用代码校验位不对"
check "messy: counted once" has "$T/m/stars.txt" "市级返乡创业明星2名"
$PY "$X" "$T/m/stars.xlsx" > "$T/xm" 2>&1
check "messy: 问题 sheet lists the duplicate" sh -c "grep -q '^cell E4 s 重复' '$T/xm' && grep -q '^cell C4 n 3' '$T/xm'"
check "messy: 问题 sheet lists the winner not in the records" sh -c "grep -q '^cell E7 s 台账中未找到' '$T/xm' && grep -q '^cell G7 s 511102\*\*\*\*\*\*\*\*0782' '$T/xm'"
"$G" stars -q -o "$T/m2" samples/messy/stars_messy.csv 2> "$T/m2.err"
check "messy without --records: no records warning" hasnt "$T/m2.err" "not in the startup records"
"$G" stars -q --strict -o "$T/m3" samples/messy/stars_messy.csv 2>/dev/null
check "--strict with rejects: exit 1" test $? -eq 1

# 5. the PDF: one page, the fonts, the text
check "stars.pdf one page" sh -c "pdfinfo '$T/s/stars.pdf' | grep -q '^Pages: *1$'"
pdffonts "$T/s/stars.pdf" > "$T/fonts"
check "stars.pdf embeds Noto Sans CJK" sh -c "grep -q 'NotoSansCJK' '$T/fonts' && ! grep -q ' no  ' '$T/fonts'"
pdftotext "$T/s/stars.pdf" "$T/pdf.txt"
check "stars.pdf title" has "$T/pdf.txt" "乐山市2020年返乡创业明星和明星企业评选情况"
check "stars.pdf sentence" has "$T/pdf.txt" "市级返乡创业明星20名"
check "stars.pdf table 合计" sh -c "tr -s ' \n' ' ' < '$T/pdf.txt' | grep -q '合计 20 13 11 7 51'"

# 6. the same inputs give the same bytes
"$G" stars -q -o "$T/again" samples/stars_2020.csv 2>/dev/null
for f in stars.csv stars.txt stars.xlsx stars.pdf rejects.csv manifest.json; do
    check "deterministic $f" cmp -s "$T/s/$f" "$T/again/$f"
done

# two rosters at once: rosters are not exports, so no order by age (it crashed on one)
"$G" stars -q -o "$T/two" samples/stars_2020.csv samples/messy/stars_messy.csv 2> "$T/two.err"
check "two rosters: exit 0" test $? -eq 0
check "two rosters: one accounting" has "$T/two.err" "2 files, 57 rows read: 53 accepted, 2 duplicate, 0 superseded, 2 rejected"
check "two rosters: no order by age" hasnt "$T/two.err" "oldest to newest"
check "two rosters: counted together" has "$T/two/stars.txt" "市级返乡创业明星21名"
check "two rosters: manifest has no order" $PY -c "import json,sys; sys.exit(json.load(open('$T/two/manifest.json'))['order'] != [])"

# 7. usage and input errors, before any output
"$G" stars -o "$T/e1" 2> "$T/e1.err"
check "no roster: exit 2" test $? -eq 2
"$G" stars --order alpha -o "$T/e2" samples/stars_2020.csv 2> "$T/e2.err"
check "--order alpha: exit 2" test $? -eq 2
check "--order alpha: message" has "$T/e2.err" "--order takes stroke or pinyin"
printf '姓名,身份证号码,县(市、区),级别,评选年度\n张三,511102198001010011,市中区,市级,2020\n' > "$T/nocat.csv"
"$G" stars -o "$T/e3" "$T/nocat.csv" 2> "$T/e3.err"
check "missing 类别 column: exit 2" test $? -eq 2
check "missing column named" has "$T/e3.err" "类别"
check "nothing written" test ! -e "$T/e3"
"$G" stars -o /dev/full/x samples/stars_2020.csv 2> "$T/e4.err"
check "unwritable output: exit 3" test $? -eq 3
"$G" stars --help > "$T/help" 2>&1
check "--help exit 0" test $? -eq 0
check "--help mentions --records" has "$T/help" "--records FILE..."
check "listed in guiyan --help" sh -c "'$G' --help | grep -q '^  stars '"

# a roster row whose ID fails its check: rejects.csv masks it unless --unmask
head -2 samples/stars_2020.csv > "$T/badid.csv"
sed -n 2p samples/stars_2020.csv | awk -F, 'BEGIN { OFS = "," } { x = $2; $2 = substr(x, 1, 17) (substr(x, 18, 1) == "0" ? "1" : "0"); print }' >> "$T/badid.csv"
"$G" stars -q -o "$T/badid" "$T/badid.csv" >/dev/null 2>&1
check "rejected roster ID masked in rejects.csv" grep -q '^badid.csv,3,身份证号码,[0-9]\{6\}\*\{8\}[0-9X]\{4\},' "$T/badid/rejects.csv"
"$G" stars -q --unmask -o "$T/badid-u" "$T/badid.csv" >/dev/null 2>&1
check "--unmask shows it in full" grep -q '^badid.csv,3,身份证号码,[0-9]\{17\}[0-9X],' "$T/badid-u/rejects.csv"

# a roster workbook honours --sheet, as records do: its first sheet holds one award, the
# second (名单) all 51; without --sheet the first whose header is recognised is read
$PY - "$T/two.xlsx" <<'PY'
import csv, sys, openpyxl
rows = list(csv.reader(open("samples/stars_2020.csv", encoding="utf-8-sig")))
wb = openpyxl.Workbook()
wb.active.title = "样表"
for r in rows[:2]:
    wb.active.append(r)
ws = wb.create_sheet("名单")
for r in rows:
    ws.append(r)
wb.save(sys.argv[1])
PY
"$G" stars -q -o "$T/sh1" "$T/two.xlsx" 2> "$T/sh1.err"
check "roster workbook: the first sheet by default" has "$T/sh1.err" "1 rows read: 1 accepted"
"$G" stars -q --sheet 名单 -o "$T/sh2" "$T/two.xlsx" 2> "$T/sh2.err"
check "roster workbook: --sheet 名单" has "$T/sh2.err" "51 rows read: 51 accepted"
"$G" stars -q --sheet 2 -o "$T/sh3" "$T/two.xlsx" 2> "$T/sh3.err"
check "roster workbook: --sheet 2" has "$T/sh3.err" "51 rows read: 51 accepted"
"$G" stars -q --sheet all -o "$T/sh5" "$T/two.xlsx" 2> "$T/sh5.err"
check "roster workbook: --sheet all is for records, the roster's first sheet" has "$T/sh5.err" "1 rows read: 1 accepted"
"$G" stars -q --sheet 9 -o "$T/sh4" "$T/two.xlsx" 2> "$T/sh4.err"
check "roster workbook: --sheet 9 names the sheets, exit 2" sh -c "test $? -eq 2 && grep -qF \"no sheet '9' (the sheets are: 样表、名单)\" '$T/sh4.err'"

finish
