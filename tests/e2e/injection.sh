#!/bin/sh
# End to end for spreadsheet safety (OWASP CSV injection): inputs whose file names, headers,
# county and unit names, region name, indicator names, roster names and entity names begin
# with = + - @ TAB or CR. Every CSV output, read back by Python's csv module, has each such
# value as text behind an apostrophe and no other field that a spreadsheet would run, while
# negative figures in numeric columns stay numbers; every xlsx, read back by openpyxl, has
# them as string cells, and no formula but guiyan's own (SUM, the rates and the tracking
# formulas, over cell references only), nor a chart title taken for a formula.
. "$(dirname "$0")/lib/common.sh"

# templates: the region and three counties renamed, a unit, an indicator per character, and
# a start-date header spelling (a TSV or INI field cannot begin with a tab or CR: the file
# names and the roster carry those)
TPL="$T/tpl"
cp -r report_templates "$TPL"
sed -i 's/^511100\t乐山市\t/511100\t=乐山市\t/; s/^511102\t市中区\t/511102\t+市中区\t/;
        s/^511111\t沙湾区\t/511111\t-沙湾区\t/; s/^511112\t五通桥区\t/511112\t@五通桥区\t/' \
    "$TPL/divisions.tsv"
sed -i 's/^乐山高新区=.*/-高新区=高新区/' "$TPL/guiyan.ini"
sed -i 's/^创办经济实体\t/=创办经济实体\t/; s/^创业担保贷款发放笔数\t/+创业担保贷款发放笔数\t/;
        s/^带动就业人数\t/-带动就业人数\t/; s/^创业担保贷款发放金额(万元)\t/@创业担保贷款发放金额(万元)\t/' \
    "$TPL/indicators.tsv"
sed -i 's/^start_date=\(.*\)/start_date=\1;=创业时间/' "$TPL/aliases.ini"
check "templates edited" sh -c "grep -q '^511100	=乐山市	' '$TPL/divisions.tsv' && grep -q '^-高新区=' '$TPL/guiyan.ini' &&
    grep -q '^=创办经济实体	' '$TPL/indicators.tsv' && grep -q '^@创业担保贷款发放金额' '$TPL/indicators.tsv' &&
    grep -q ';=创业时间$' '$TPL/aliases.ini'"

# six record files, one per character; each has a bad date (a reject) and rows in 2020 and 2021
mkdir -p "$T/in"
$PY - "$T/in" "$T/targets.csv" "$T/roster.csv" <<'EOF'
import sys, os
d, targets, roster = sys.argv[1:4]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def ident(n):
    s = "511102198001%02d%03d" % (n // 900 % 28 + 1, n % 900 + 100)
    return s + "10X98765432"[sum(int(a) * b for a, b in zip(s, W)) % 11]
counties = ["+市中区", "-沙湾区", "@五通桥区", "高新区", "511102"]
n = 0
for k, c in enumerate("=+-@\t\r"):
    head = "=创业时间" if c == "=" else "创业时间"
    rows = ["身份证号码,姓名,县(市、区),%s,经济实体名称,带动就业人数,贷款金额(万元),贷款发放日期" % head]
    for i in range(8):
        n += 1
        y = 2020 + i % 2
        rows.append('%s,"%s张%d","%s",%d-%02d-15,"%s实体%d",%d,%s,%s' % (
            ident(n), "=+-@\t\r"[i % 6], n, counties[i % 5], y, 1 + i % 6, "=+-@\t\r"[(i + k) % 6],
            n, 1 + i % 3, "12.5" if i % 3 == 0 else "", "%d-%02d-20" % (y, 1 + i % 6) if i % 3 == 0 else ""))
    rows.append("%s,坏,+市中区,2021-02-30,,,," % ident(n + 500))
    open(os.path.join(d, c + "in.csv"), "w", newline="").write("\r\n".join(rows) + "\r\n")
# targets far above the figures: completion below 序时进度, so the gaps are negative
t = ["county,indicator,target"]
for ind in ["新增返乡创业人数", "=创办经济实体", "+创业担保贷款发放笔数", "@创业担保贷款发放金额(万元)", "-带动就业人数"]:
    for c in ["+市中区", "-沙湾区", "@五通桥区", "-高新区"]:
        t.append('"%s","%s",900' % (c, ind))
open(targets, "w").write("\n".join(t) + "\n")
# a roster: names, entity names and county spellings with each character; one row rejected
r = ["姓名,身份证号码,县(市、区),级别,类别,企业名称,统一社会信用代码,评选年度"]
for i, c in enumerate("=+-@\t\r"):
    r.append('"%s明星%d",%s,"%s",市级,%s,"%s企业%d",,2020' % (
        c, i, ident(i + 1), counties[i % 4], "返乡创业明星" if i % 2 else "返乡创业明星企业", c, i))
r.append('"=坏",%s,"@不存在县",市级,返乡创业明星,,,2020' % ident(99))
open(roster, "w", newline="").write("\r\n".join(r) + "\r\n")
EOF
check "six record files" test "$(ls "$T/in" | wc -l)" -eq 6
IN=$(for f in "$T"/in/*; do printf '%s\n' "$f"; done)

run_all() { # the four commands on the inputs into $T/out
    old_ifs=$IFS; IFS='
'
    "$G" summary -q --no-charts --templates "$TPL" -o "$T/out/summary" $IN 2> "$T/summary.err"
    "$G" track -q --no-charts --templates "$TPL" --as-of 2021-06-30 --targets "$T/targets.csv" \
        -o "$T/out/track" $IN 2> "$T/track.err"
    "$G" reply -q --templates "$TPL" -t reply_cppcc.txt --year 2020 --as-of 2021-06-30 --explain --allow-uncovered \
        -o "$T/out/reply" $IN 2> "$T/reply.err"
    "$G" stars -q --templates "$TPL" -o "$T/out/stars" "$T/roster.csv" --records $IN 2> "$T/stars.err"
    IFS=$old_ifs
}
run_all
check "summary ran" has "$T/summary.err" "6 files, 54 rows read: 48 accepted, 0 duplicate, 0 superseded, 6 rejected"
check "track ran" test -s "$T/out/track/track.csv"
check "reply ran" test -s "$T/out/reply/explain_records.csv"
check "stars ran" has "$T/stars.err" "roster.csv (UTF-8): 7 rows read: 6 accepted, 0 duplicate, 1 rejected"

$PY - "$T/out" > "$T/py.out" 2> "$T/py.err" <<'EOF'
import csv, glob, io, os, re, sys, zipfile
import openpyxl
out = sys.argv[1]
def say(ok, name):
    name = name.replace("\\t", "<TAB>").replace("\\r", "<CR>")       # as repr() writes them
    print(("ok " if ok else "FAIL ") + name.replace("\t", "<TAB>").replace("\r", "<CR>"))

# numeric columns: a field there may be a negative number, and must then be a plain one
NUMERIC = {
    "summary.csv": {"startups", "entities", "loans", "loan_amount_wan", "jobs"},
    "track.csv": {"target", "month_value", "ytd_value", "completion", "time_progress",
                  "gap_points", "rank", "prev_ytd", "yoy"},
    "stars.csv": {"year", "count"},
    "rejects.csv": {"line"},
    "explain.csv": {"序号", "数值", "记录数", "对比数值", "对比记录数"},
    "explain_records.csv": {"序号", "行号", "贷款金额（万元）", "带动就业人数", "年产值（万元）"},
}
tables = {}
for path in sorted(glob.glob(out + "/*/*.csv")):
    rel = os.path.relpath(path, out)
    rows = list(csv.DictReader(io.open(path, encoding="utf-8-sig", newline="")))
    tables[rel] = rows
    bad = []
    for row in rows:
        for col, v in row.items():
            if v[:1] in ("=", "+", "@", "\t", "\r"):
                bad.append((col, v))
            elif v[:1] == "-" and not (col in NUMERIC[os.path.basename(rel)]
                                       and re.fullmatch(r"-\d+(\.\d+)?", v)):
                bad.append((col, v))
    say(not bad, "%s: no field a spreadsheet would run %s" % (rel, bad[:3]))
def column(rel, col):
    return {row[col] for row in tables[rel]}
def has(rel, col, value):
    say(value in column(rel, col), "%s %s has %r" % (rel, col, value))

chars = "=+-@\t\r"
for rel in ["summary/rejects.csv", "track/rejects.csv"]:
    for c in chars:
        has(rel, "file", "'" + c + "in.csv")
    has(rel, "column", "'=创业时间")
has("stars/rejects.csv", "value", "'@不存在县")
for c in ["+市中区", "-沙湾区", "@五通桥区", "-高新区"]:
    has("summary/summary.csv", "county", "'" + c)
    has("track/track.csv", "county", "'" + c)
    has("reply/explain_records.csv", "县（市、区）", "'" + c)
    has("stars/stars.csv", "county", "'" + c)
for i in ["=创办经济实体", "+创业担保贷款发放笔数", "@创业担保贷款发放金额(万元)", "-带动就业人数"]:
    has("track/track.csv", "indicator", "'" + i)
for c in chars:
    has("reply/explain_records.csv", "文件", "'" + c + "in.csv")
has("reply/explain.csv", "范围", "'=乐山市")
neg = [v for v in column("track/track.csv", "gap_points") if v.startswith("-")]
say(bool(neg) and all(re.fullmatch(r"-\d+\.\d\d", v) for v in neg),
    "track.csv gap_points: negative gaps are plain numbers %s" % sorted(neg)[:2])

# xlsx: guiyan's own formulas only; the input's text in string cells
REF = r"\$?[A-Z]{1,3}\$?\d+"
OWN = [r"=SUM\(%s(:%s)?\)" % (REF, REF),
       r'=IF\(%s=0,"",%s/%s\*100\)' % (REF, REF, REF),
       r'=IF\(N\(%s\)>0,%s/%s\*100,"—"\)' % (REF, REF, REF),
       r"=\d+/\d+\*100",
       r'=IF\(ISNUMBER\(%s\),%s-%s,"—"\)' % (REF, REF, REF),
       r'=IF\(N\(%s\)>0,\(%s-%s\)/%s\*100,"—"\)' % (REF, REF, REF, REF)]
# the input's text at the start of a string cell (a CR as OOXML writes it, _x000D_); the
# roster's fields lose a leading tab or CR to the reader's clean-up, so those names come
# without it
counties = ["+市中区", "-沙湾区", "@五通桥区", "-高新区"]
files = [c.replace("\r", "_x000D_") + "in.csv" for c in chars]
indicators = ["=创办经济实体", "+创业担保贷款发放笔数", "-带动就业人数"]
roster = ([c.strip() + "明星%d" % i for i, c in enumerate(chars)]
          + [c.strip() + "企业%d" % i for i, c in enumerate(chars) if i % 2 == 0])
where = {"summary/summary.xlsx": counties + ["=乐山市"],
         "track/track.xlsx": counties + indicators + ["=乐山市"],
         "reply/explain.xlsx": counties + files,
         "stars/stars.xlsx": counties + roster}
for rel, want in where.items():
    wb = openpyxl.load_workbook(os.path.join(out, rel))
    formulas, strings, bad = set(), set(), []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if cell.data_type == "f":
                    formulas.add(v)
                    if not any(re.fullmatch(p, v) for p in OWN):
                        bad.append(v)
                elif cell.data_type == "s":
                    strings.add(v)
    say(not bad, "%s: no formula but guiyan's own %s" % (rel, bad[:3]))
    for piece in want:
        say(any(v.startswith(piece) for v in strings),
            "%s: %r begins a string cell" % (rel, piece))
    z = zipfile.ZipFile(os.path.join(out, rel))
    refs = [f for n in z.namelist() if n.startswith("xl/charts/")
            for f in re.findall(r"<c:f>([^<]*)</c:f>", z.read(n).decode())]
    say(all(re.fullmatch(r"'?总览'?!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+", f) for f in refs),
        "%s: charts refer to table ranges only %s" % (rel, refs[:2]))
    if rel == "track/track.xlsx":
        titles = [t for n in z.namelist() if n.startswith("xl/charts/")
                  for t in re.findall(r"<a:t>([^<]*目标完成率)</a:t>", z.read(n).decode())]
        say(len(titles) == 5 and all(t.startswith("'=乐山市2021年") for t in titles),
            "track.xlsx: chart titles are text %s" % titles[:1])
EOF
check "the checker ran to its end" test $? -eq 0
sed -n '1,20p' "$T/py.err"
while read -r st rest; do
    case $st in ok) ok "$rest" ;; FAIL) no "$rest" ;; esac
done < "$T/py.out"

finish
