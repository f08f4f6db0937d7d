#!/bin/sh
# End to end for `guiyan reply`: the demo draft's seven startup figures from samples/ (the ten
# figures of the other lists are tests/e2e/declared.sh's), the provenance
# files checked against the samples by an independent reader, template errors with their
# position (exit 2, before any output), and reproducible outputs.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
LISTS="samples/stars_2020.csv samples/training_2020.csv samples/training_2021_h1.csv samples/survey_2021.csv
       samples/projects_map.csv samples/mentors.csv samples/services_2020_2021.csv"
TPL=report_templates/reply_cppcc.txt

# 1. the demo draft
"$G" reply -q -t $TPL --year 2020 --as-of 2021-06-15 -o "$T/out" --explain $MAIN $LISTS 2> "$T/err"
check "reply exits 0" test $? -eq 0
R="$T/out/reply.txt"
for fig in 1.85万人 1.79万个 1.88亿元 3146人 1435人 675家 1.55亿元; do
    check "reply.txt has $fig" grep -q "$fig" "$R"
done
check "基本情况 sentence" grep -q "^2020年，全市返乡下乡创业人数达1.85万人，创办企业（经济实体）1.79万个；发放创业担保贷款1.88亿元，带动（吸纳）就业人数达3146人。" "$R"
check "今年以来 sentence" grep -q "今年以来，全市新增农民工返乡创业人数达1435人，创办实体675家，实现产值1.55亿元。" "$R"
check "成文日期 without zero padding" grep -qx "2021年6月15日" "$R"
check "no placeholder left" sh -c "! grep -q '{{' '$R'"
check "no template comment left" sh -c "! grep -q '^##' '$R'"
check "accounting printed" grep -q "3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected" "$T/err"

# 2. provenance: the exact values equal figures.py's, the records are real sample rows
$PY tests/e2e/figures.py --seed $MAIN > "$T/seed.json"
check "explain.csv: header + 17 figures" test "$(wc -l < "$T/out/explain.csv")" -eq 18
$PY - "$T/out" "$T/seed.json" > "$T/explain.log" 2>&1 <<'EOF'
import csv, json, sys, re
out, seed = sys.argv[1], json.load(open(sys.argv[2]))
STARTUP = {"startups", "entities", "loans", "loan_amount", "jobs", "output_value"}
figs = [f for f in csv.DictReader(open(out + "/explain.csv", encoding="utf-8-sig"))
        if f["指标键"] in STARTUP]
want = [("1.85万人", seed["persons_through_2020"]), ("1.79万个", seed["entities_through_2020"]),
        ("1.88亿元", seed["loan_amount_wan_2020"]), ("3146人", seed["jobs_2020"]),
        ("1435人", seed["persons_2021_to_0615"]), ("675家", seed["entities_2021_to_0615"]),
        ("1.55亿元", seed["output_wan_2021_to_0615"])]
assert len(figs) == 7, len(figs)
for f, (text, value) in zip(figs, want):
    assert f["文中表述"] == text, (f["文中表述"], text)
    assert f["数值"] == str(value), (f["数值"], value)
assert figs[0]["截止日期"] == "2020-12-31" and figs[0]["起始日期"] == ""
assert figs[4]["起始日期"] == "2021-01-01" and figs[4]["截止日期"] == "2021-06-15"
assert int(figs[2]["记录数"]) == seed["loans_2020"]
nos = {f["序号"] for f in figs}
recs = [r for r in csv.DictReader(open(out + "/explain_records.csv", encoding="utf-8-sig"))
        if r["序号"] in nos]
assert len(recs) == sum(int(f["记录数"]) for f in figs), len(recs)
# figure 4 (jobs of 2020): its records add up to the figure
jobs = [r for r in recs if r["序号"] == "4"]
assert sum(int(r["带动就业人数"]) for r in jobs) == seed["jobs_2020"]
# every record of leshan_2020.csv behind figure 4 is that physical line of the file
lines = open("samples/leshan_2020.csv", encoding="utf-8-sig", newline="").read().split("\n")
head = next(csv.reader([lines[0]]))
iid, istart = head.index("公民身份号码"), head.index("开业时间")
n = 0
for r in jobs:
    if r["文件"] != "leshan_2020.csv":
        continue
    row = next(csv.reader([lines[int(r["行号"]) - 1]]))
    ident = row[iid].strip().upper()
    assert r["身份证号码（脱敏）"] == ident[:6] + "*" * 8 + ident[14:], (r, ident)
    y, m, d = map(int, re.match(r"(\d+)年(\d+)月(\d+)日", row[istart]).groups())
    assert r["创业时间"] == "%04d-%02d-%02d" % (y, m, d), (r, row[istart])
    n += 1
assert n == 9834, n
print("ok", n)
EOF
check "explain values and records match the samples" grep -q "^ok 9834" "$T/explain.log" || cat "$T/explain.log"
$PY - "$T/out/explain.xlsx" > "$T/xlsx.log" 2>&1 <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["数字来源", "记录明细"], wb.sheetnames
ws = wb["数字来源"]
texts = [ws.cell(row=r, column=3).value for r in range(4, 21)]
want = ["1.85万人", "1.79万个", "1.88亿元", "3146人", "20名", "13家", "11名", "7家", "412个", "631个",
        "100余个", "1435人", "675家", "1.55亿元", "56人", "上千人次", "4245人次"]
assert texts == want, texts
assert ws.cell(row=4, column=9).value == 18512
print("ok")
EOF
check "explain.xlsx sheets and figures" grep -qx ok "$T/xlsx.log" || cat "$T/xlsx.log"

# 3. the same inputs give the same bytes
"$G" reply -q -t reply_cppcc.txt --year 2020 --as-of 2021-06-15 -o "$T/again" --explain $MAIN $LISTS 2>/dev/null
for f in reply.txt explain.csv explain_records.csv explain.xlsx manifest.json; do
    [ "$f" = manifest.json ] && sed -i 's|"template": "[^"]*"|"template": ""|' "$T/out/$f" "$T/again/$f"
    check "deterministic $f" cmp -s "$T/out/$f" "$T/again/$f"
done

# 4. template errors: exit 2, the position in the message, nothing written
bad() { # name, line of template, expected message
    printf '#标题 答复\n%s\n' "$2" > "$T/bad.txt"
    "$G" reply -q -t "$T/bad.txt" --year 2020 --as-of 2021-06-15 -o "$T/bad" $MAIN 2> "$T/bad.err"
    rc=$?
    check "$1: exit 2" test $rc -eq 2
    check "$1: message" grep -qF "bad.txt:$3" "$T/bad.err"
    check "$1: no output" test ! -e "$T/bad"
}
bad "unknown indicator" "全市{{startup 截至年底}}" "2:5: unknown indicator 'startup'"
bad "bad period" "{{startups 2020年底}}" "2:12: bad period '2020年底'"
bad "unknown county" "  {{jobs 2020 峨边具}}" "2:15: unknown county '峨边具'"
bad "unclosed placeholder" "人数{{startups 2020" "2:3: unclosed placeholder"
bad "unknown format" "{{startups 2020 全市 百分}}" "2:20: unknown format '百分'"

# 5. the README's examples (report_templates/README.md)
printf '%s\n' '{{startups 截至2021-06-15 数}}' '{{jobs 2021年3月 约}}' '{{startups 峨边县}}' \
    '{{startups 今年以来 上年同期 数}}' '{{jobs 年度 峨边 占比}}' > "$T/ex.txt"
"$G" reply -q -t "$T/ex.txt" --year 2020 --as-of 2021-06-15 -o "$T/ex" $MAIN 2>/dev/null
check "README: 截至2021-06-15 数" grep -qx 19902 "$T/ex/reply.txt"
check "README: 2021年3月 约" grep -qx 约270人 "$T/ex/reply.txt"
check "README: scope without period" grep -qx '[0-9]*人' "$T/ex/reply.txt"
check "README: share" grep -qx '[0-9.]*%' "$T/ex/reply.txt"

# 6. usage and output errors
"$G" reply -q --year 2020 $MAIN 2> "$T/usage.err"
check "no template: exit 2" test $? -eq 2
"$G" reply -q -t $TPL --as-of 2021-02-30 $MAIN 2> "$T/usage.err"
check "bad --as-of: exit 2" test $? -eq 2
"$G" reply --help > "$T/help.out"
check "--help exits 0 on stdout" grep -q "^Usage: guiyan reply" "$T/help.out"
"$G" reply -q -t "$T/missing.txt" $MAIN 2> "$T/missing.err"
check "missing template: exit 2" test $? -eq 2

"$G" reply -q -t $TPL --year 2020 --as-of 2021-06-15 -o /dev/full/out $MAIN 2> "$T/full.err"
check "unwritable output folder: exit 3" test $? -eq 3

# a list not given: its figures say so in the draft (never 0), with a warning each
"$G" reply -t $TPL --year 2020 --as-of 2021-06-15 -o "$T/nolists" $MAIN 2> "$T/nolists.err"
check "without the lists: exit 0" test $? -eq 0
check "without the lists: 【未提供明星名单】 in the draft" grep -q "市级返乡创业明星【未提供明星名单】、明星企业【未提供明星名单】" "$T/nolists/reply.txt"
check "without the lists: no 0 written" sh -c "! grep -q '创业意愿0个' '$T/nolists/reply.txt'"
check "without the lists: warned with the place" has "$T/nolists.err" "guiyan: warning: report_templates/reply_cppcc.txt:27:140: {{创业意愿 今年以来}}: no 意愿摸底表 among the inputs: written as 【未提供意愿摸底表】"

# the letters: the .docx read back by python-docx, the PDF by poppler
/usr/bin/python3 tests/e2e/letter_check.py "$T/out/reply.docx" > "$T/docx.txt"
check "reply.docx opens in python-docx" test $? -eq 0
for fig in 1.85万人 1.79万个 1.88亿元 3146人 1435人 675家 1.55亿元; do
    check "reply.docx has $fig" grep -q "$fig" "$T/docx.txt"
done
check "reply.docx: body paragraphs in the body style" grep -q "^para	[^	]*正文" "$T/docx.txt"
check "reply.docx: A4 with the GB/T 9704 margins" grep -q "^page	210.0	297.0	37.0" "$T/docx.txt"
pdftotext "$T/out/reply.pdf" "$T/pdf.txt"
for fig in 1.85万人 1.79万个 1.88亿元 3146人 1435人 675家 1.55亿元; do
    check "reply.pdf has $fig" grep -q "$fig" "$T/pdf.txt"
done
check "reply.pdf: 成文日期 without zero padding" grep -q "2021年6月15日" "$T/pdf.txt"
check "reply.pdf: page numbers — N —" grep -q "^—2—$" "$T/pdf.txt"
check "reply.pdf: CJK fonts embedded" sh -c "pdffonts '$T/out/reply.pdf' | grep -q 'CJK.*yes'"
check "letters are deterministic" sh -c "cmp -s '$T/out/reply.pdf' '$T/again/reply.pdf' && cmp -s '$T/out/reply.docx' '$T/again/reply.docx'"

finish
