#!/bin/sh
# ledger.sh — overlapping exports of one ledger: the newest export decides each startup, so the
# figures, updates.csv and the accounting never depend on the order the files are named in;
# checked on the two exports of samples/ledger/, on monthly snapshots with corrections against
# figures.py, and over every order of four files.
. tests/e2e/lib/common.sh
L=samples/ledger

# 1. the two exports of the issue, both ways round: 犍为县 13 jobs, one loan of 10 万元
"$G" summary -q --by county,year -o "$T/a" $L/2021-06.csv $L/2021-07.csv 2> "$T/a.err"
"$G" summary -q --by county,year -o "$T/b" $L/2021-07.csv $L/2021-06.csv 2> "$T/b.err"
check "犍为县: 2 persons, 1 loan, 10 万元, 13 jobs (06, 07)" has "$T/a/summary.csv" "511123,犍为县,2021,2,2,1,10.0000,13"
check "the same (07, 06)" has "$T/b/summary.csv" "511123,犍为县,2021,2,2,1,10.0000,13"
# by month: start dates do not cover July, loan dates not June; those cells are empty, not 0
"$G" summary -q --by county,month -o "$T/m" $L/2021-06.csv $L/2021-07.csv 2> /dev/null
check "by month: June's loans empty, its startups a true 0 where none" has "$T/m/summary.csv" "511102,市中区,2021-06,0,0,,,0"
check "by month: June 犍为县 2 persons, 13 jobs, loans empty" has "$T/m/summary.csv" "511123,犍为县,2021-06,2,2,,,13"
check "by month: July 犍为县 1 loan of 10 万元, startups empty" has "$T/m/summary.csv" "511123,犍为县,2021-07,,,1,10.0000,"
check "by month: July 市中区 loans a true 0, startups empty" has "$T/m/summary.csv" "511102,市中区,2021-07,,,0,0.0000,"
$PY tests/e2e/figures.py --by month $L/2021-06.csv $L/2021-07.csv > "$T/m.fig"
check "by month: as figures.py has it" cmp -s "$T/m/summary.csv" "$T/m.fig"
for f in summary.csv updates.csv rejects.csv summary.xlsx charts.pdf; do
    check "$f byte for byte the same in both orders" cmp -s "$T/a/$f" "$T/b/$f"
done
printf '\357\273\277kind,file,line,id_number,start_date,compared_file,compared_line,changes\r\n%s\r\n%s\r\n' \
    '被替代,2021-06.csv,2,511123********0312,2021-06-03,2021-07.csv,2,贷款金额（元）：— → 100000.00；贷款发放日期：— → 2021-07-05' \
    '被替代,2021-06.csv,3,511123********0573,2021-06-18,2021-07.csv,3,带动就业人数：3 → 8' > "$T/upd.expected"
check "updates.csv: A's loan and B's jobs, old → new" cmp -s "$T/a/updates.csv" "$T/upd.expected"
check "updates.csv is 0600" test "$(stat -c %a "$T/a/updates.csv")" = 600
check "accounting of the older file" has "$T/b.err" "guiyan: 2021-06.csv (UTF-8): 2 rows read: 0 accepted, 0 duplicate, 2 superseded, 0 rejected"
check "accounting of the run" has "$T/b.err" "guiyan: 2 files, 4 rows read: 2 accepted, 0 duplicate, 2 superseded, 0 rejected"
check "the order on stderr" has "$T/b.err" "guiyan: files from oldest to newest (cut-off: the latest start or loan date): 2021-06.csv (2021-06-18), 2021-07.csv (2021-07-05)"
check "manifest: order, superseded, cut-offs; the same in both orders but for the inputs' order" $PY - "$T/a/manifest.json" "$T/b/manifest.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["order"] == ["2021-06.csv", "2021-07.csv"], a["order"]
assert (a["rows_read"], a["rows_accepted"], a["rows_superseded"], a["updates"]) == (4, 2, 2, 2)
byname = {i["name"]: i for i in a["inputs"]}
assert byname["2021-06.csv"]["cutoff"] == "2021-06-18" and byname["2021-07.csv"]["cutoff"] == "2021-07-05"
assert byname["2021-06.csv"]["rows_superseded"] == 2 and byname["2021-07.csv"]["age_rank"] == 1
for m in (a, b):
    m["inputs"].sort(key=lambda i: i["name"])
assert a == b
PY
# --order given: the later argument is newer, here the June export
"$G" summary -q --by county,year --order given -o "$T/g" $L/2021-07.csv $L/2021-06.csv 2> "$T/g.err"
check "--order given: June's values stand (8 jobs, no loan)" has "$T/g/summary.csv" "511123,犍为县,2021,2,2,0,0.0000,8"
check "--order given: the order printed" has "$T/g.err" "2021-07.csv (2021-07-05), 2021-06.csv (2021-06-18)"
"$G" check $L/2021-07.csv $L/2021-06.csv 2> "$T/check.err"
check "check lists the first updates" has "$T/check.err" "guiyan: 2021-06.csv:3: 511123********0573, started 2021-06-18: superseded by 2021-07.csv:3: 带动就业人数：3 → 8"
LANGUAGE=zh_CN LANG=C.UTF-8 LC_ALL=C.UTF-8 "$G" check $L/2021-07.csv $L/2021-06.csv 2> "$T/check_zh.err"
check "check in zh_CN: accounting with 被替代" has "$T/check_zh.err" "guiyan: 2021-06.csv（UTF-8）：读取 2 行：接受 0 行，重复 0 行，被替代 2 行，拒收 0 行"
check "check in zh_CN: the update" has "$T/check_zh.err" "带动就业人数：3 → 8"

# 1b. a start date given to the month only: June's export has A started 2021年3月, July's
# 2021-03-15 (with a loan): one startup, whichever file is named first. B has two March days in
# June and 2021/04 in July: the newer export decides B's April whole (one startup, 4 jobs).
H='序号,姓名,身份证号码,县(市、区),创业时间,经济实体名称,统一社会信用代码,带动就业人数,贷款金额(万元),贷款发放日期,年产值(万元),联系电话'
printf '%s\n1,张红梅,511123198803140312,犍为县,2021年3月,犍为县红梅茶叶加工厂,,5,,,,\n2,李建国,511123199211020573,犍为县,2021-04-02,犍为县建国农机维修部,,1,,,,\n3,李建国,511123199211020573,犍为县,2021-04-20,犍为县建国农机维修部,,2,,,,\n' "$H" > "$T/mo_06.csv"
printf '%s\n1,张红梅,511123198803140312,犍为县,2021-03-15,犍为县红梅茶叶加工厂,,5,10,2021-07-05,,\n2,李建国,511123199211020573,犍为县,2021/04,犍为县建国农机维修部,,4,,,,\n' "$H" > "$T/mo_07.csv"
touch -d 2021-06-30 "$T/mo_06.csv"; touch -d 2021-07-31 "$T/mo_07.csv"
"$G" summary -q --by county,year -o "$T/mo1" "$T/mo_06.csv" "$T/mo_07.csv" 2> "$T/mo1.err"
"$G" summary -q --by county,year -o "$T/mo2" "$T/mo_07.csv" "$T/mo_06.csv" 2> /dev/null
check "month-precision start: one startup each, jobs once (5 + 4), one loan" has "$T/mo1/summary.csv" "511123,犍为县,2021,2,2,1,10.0000,9"
for f in summary.csv updates.csv; do
    check "... $f the same in both orders" cmp -s "$T/mo1/$f" "$T/mo2/$f"
done
check "... every June row superseded" has "$T/mo1.err" "guiyan: mo_06.csv (UTF-8): 3 rows read: 0 accepted, 0 duplicate, 3 superseded, 0 rejected"
printf '\357\273\277kind,file,line,id_number,start_date,compared_file,compared_line,changes\r\n%s\r\n%s\r\n%s\r\n' \
    '被替代,mo_06.csv,2,511123********0312,2021-03,mo_07.csv,2,创业时间：2021-03 → 2021-03-15；贷款金额（元）：— → 100000.00；贷款发放日期：— → 2021-07-05' \
    '被替代,mo_06.csv,3,511123********0573,2021-04-02,mo_07.csv,3,创业时间：2021-04-02 → 2021-04；带动就业人数：1 → 4' \
    '被替代,mo_06.csv,4,511123********0573,2021-04-20,mo_07.csv,3,创业时间：2021-04-20 → 2021-04；带动就业人数：2 → 4' > "$T/mo.expected"
check "updates.csv: the start dates' changes, month ↔ day" cmp -s "$T/mo1/updates.csv" "$T/mo.expected"
$PY tests/e2e/figures.py --by year "$T/mo_06.csv" "$T/mo_07.csv" > "$T/mo.fig"
check "... as figures.py has it" cmp -s "$T/mo1/summary.csv" "$T/mo.fig"

# the README's variant: June's export gives A's start date as 2021年6月
mkdir -p "$T/rm"
sed 's/,2021-06-03,/,2021年6月,/' $L/2021-06.csv > "$T/rm/2021-06.csv"; touch -r $L/2021-06.csv "$T/rm/2021-06.csv"
"$G" summary -q --by county,year -o "$T/rmo" "$T/rm/2021-06.csv" $L/2021-07.csv 2> /dev/null
check "README: 2021年6月 and 2021-06-03 one startup: 2 persons, 13 jobs" has "$T/rmo/summary.csv" "511123,犍为县,2021,2,2,1,10.0000,13"
check "README: its updates.csv row" has "$T/rmo/updates.csv" "被替代,2021-06.csv,2,511123********0312,2021-06,2021-07.csv,2,创业时间：2021-06 → 2021-06-03；贷款金额（元）：— → 100000.00；贷款发放日期：— → 2021-07-05"

# 2. a date after the file was written is rejected, and does not move the cut-off
cp $L/2021-07.csv "$T/early.csv"
touch -d 2021-07-01 "$T/early.csv"
"$G" summary -q -o "$T/e" $L/2021-06.csv "$T/early.csv" 2> "$T/e.err"
check "loan date after the file was written: rejected" has "$T/e/rejects.csv" "early.csv,2,贷款发放日期,2021-07-05,日期晚于文件的写入日期"
check "... so the cut-off is the latest start date" has "$T/e.err" "early.csv (2021-06-18)"

# 3. twelve monthly snapshots with corrections: figures and accounting as figures.py has them
"$B/gensamples" snapshots 1500 "$T/snap" 2> /dev/null
"$G" summary -q --by county,month -o "$T/s" "$T/snap"/ledger_2021-*.csv 2> "$T/s.err"
$PY tests/e2e/figures.py --by month "$T/snap"/ledger_2021-*.csv > "$T/s.expected"
check "snapshots: summary by month equals figures.py" cmp -s "$T/s/summary.csv" "$T/s.expected"
$PY tests/e2e/figures.py --accounting "$T/snap"/ledger_2021-*.csv | tail -n +2 | sed 's|^.*/||' > "$T/acc.expected"
sed -n 's/^guiyan: \(ledger_[^ ]*\) (UTF-8): \([0-9]*\) rows read: \([0-9]*\) accepted, \([0-9]*\) duplicate, \([0-9]*\) superseded, \([0-9]*\) rejected$/\1,\2,\3,\4,\5,\6/p' "$T/s.err" > "$T/acc.got"
check "snapshots: every file's accounting equals figures.py's" cmp -s "$T/acc.got" "$T/acc.expected"
check "snapshots: updates list superseded rows" has "$T/s/updates.csv" "被替代,ledger_2021-01.csv,"
check "snapshots: and loans a newer export no longer holds" has "$T/s/updates.csv" "贷款未见于较新的导出,"
check "snapshots: and start dates only older exports hold" has "$T/s/updates.csv" "仅见于较旧的导出，较新的导出中此人创业时间不同,"
check "snapshots: some start dates are given to the month only" test "$(grep -cE ',2021(年[0-9]+月|[-/][0-9]{2}|[0-9]{2}),' "$T/snap/ledger_2021-06.csv")" -ge 5
check "snapshots: and updates show them matched with a day of their month" test \
    "$(grep -cE '创业时间：2021-[0-9]{2} → 2021-[0-9]{2}-[0-9]{2}' "$T/s/updates.csv")" -ge 5 -a \
    "$(tr -d '\r' < "$T/s/updates.csv" | grep -cE '创业时间：2021-[0-9]{2}-[0-9]{2} → 2021-[0-9]{2}(；|$)')" -ge 1

# 4. four files (snapshots and an increment) in every order, each order read three ways: two
# readers, one reader (GUIYAN_THREADS=1), and every file cut into chunks of about 2 KB
# (GUIYAN_CHUNK): every output the same bytes, manifest.json too but for the inputs' order
F="$T/snap/ledger_2021-03.csv $T/snap/increment_2021-Q3.csv $T/snap/ledger_2021-06.csv $T/snap/ledger_2021-08.csv"
"$G" summary -q -o "$T/p0" $F 2> /dev/null
$PY tests/e2e/figures.py --by month $F > "$T/p.expected"
check "four files: figures equal figures.py" cmp -s "$T/p0/summary.csv" "$T/p.expected"
$PY -c 'import itertools, sys; [print(" ".join(p)) for p in itertools.permutations(sys.argv[1:])]' $F > "$T/perms"
# Under the sanitizers (build-asan) only the small chunks, the way with the most joins: the 72
# runs take minutes there, and the main tier runs all three ways with the same binary's code.
ways="GUIYAN_THREADS=2 GUIYAN_THREADS=1 GUIYAN_CHUNK=2000"; n_ways=3
case $B in *-asan) ways="GUIYAN_CHUNK=2000"; n_ways=1 ;; esac
k=0; bad=0
while read -r order; do
    for how in $ways; do
        k=$((k + 1))
        env "$how" "$G" summary -q -o "$T/p$k" $order 2> /dev/null || bad=$((bad + 1))
        for f in summary.csv updates.csv rejects.csv summary.xlsx charts.pdf; do
            cmp -s "$T/p0/$f" "$T/p$k/$f" || { bad=$((bad + 1)); echo "differs: $f for $how $order"; }
        done
        $PY -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for m in (a, b):
    m["inputs"].sort(key=lambda i: i["name"])
sys.exit(a != b)' "$T/p0/manifest.json" "$T/p$k/manifest.json" || { bad=$((bad + 1)); echo "manifest differs for $how $order"; }
        rm -rf "$T/p$k"
    done
done < "$T/perms"
check "all 24 orders, each read $n_ways way(s) (two readers, one reader, small chunks), give the same outputs (manifest but for the inputs' order)" test "$k" = $((24 * n_ways)) -a "$bad" = 0
# the chunks are real: a file read in chunks is hashed on a thread of its own, which
# GUIYAN_TIMING shows ("sha-256 done"); read whole, it is not
GUIYAN_TIMING=1 GUIYAN_CHUNK=2000 "$G" summary -q -o "$T/pc" $T/snap/ledger_2021-08.csv 2> "$T/pc.err"
GUIYAN_TIMING=1 "$G" summary -q -o "$T/pw" $T/snap/ledger_2021-08.csv 2> "$T/pw.err"
check "GUIYAN_CHUNK=2000 reads a 120 KB file in chunks, without it whole" \
    test "$(grep -c 'sha-256 done' "$T/pc.err")" = 1 -a "$(grep -c 'sha-256 done' "$T/pw.err")" = 0
rm -rf "$T/pc" "$T/pw"
# entity names are read back from marks where rows begin, taken while UTF-8 was read (here in
# chunks of 2 KB), not by reading each file again from its start: updates.csv is the one of
# the same files in GB18030, which has no marks and is read again whole
mkdir -p "$T/gb"
for f in "$T/snap"/ledger_2021-*.csv; do iconv -f UTF-8 -t GB18030 "$f" > "$T/gb/${f##*/}"; done
GUIYAN_CHUNK=2000 "$G" summary -q -o "$T/nu" "$T/snap"/ledger_2021-*.csv 2> /dev/null
"$G" summary -q -o "$T/ng" "$T/gb"/ledger_2021-*.csv 2> /dev/null
check "names read back from marks: updates.csv as when read back whole" cmp -s "$T/nu/updates.csv" "$T/ng/updates.csv"
check "... and it names what was filled in" has "$T/nu/updates.csv" "统一社会信用代码：— → 92"
# a name that changed, on a row after a quoted line break in a column not read, read at its mark
H='序号,姓名,身份证号码,县(市、区),创业时间,经济实体名称,统一社会信用代码,带动就业人数,贷款金额(万元),贷款发放日期,年产值(万元),联系电话'
printf '%s\n1,张红梅,511123198803140312,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,,,,"138\n0001"\n2,李建国,511123199211020573,犍为县,2021-06-18,犍为县建国农机维修部,,3,,,,\n' "$H" > "$T/nm_06.csv"
printf '%s\n1,张红梅,511123198803140312,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,,,,\n2,李建国,511123199211020573,犍为县,2021-06-18,犍为县建国农机维修服务部,92511124MAH6TCQL1C,3,,,,\n' "$H" > "$T/nm_07.csv"
touch -d 2021-06-30 "$T/nm_06.csv"; touch -d 2021-07-31 "$T/nm_07.csv"
"$G" summary -q -o "$T/nm" "$T/nm_07.csv" "$T/nm_06.csv" 2> /dev/null
check "a changed name and a new credit code, read back at the row's mark" has "$T/nm/updates.csv" \
    "被替代,nm_06.csv,4,511123********0573,2021-06-18,nm_07.csv,3,经营主体名称：犍为县建国农机维修部 → 犍为县建国农机维修服务部；统一社会信用代码：— → 92511124MAH6TCQL1C"
# names read back from comma-separated lines without a CSV parser, but for a line with a quote:
# a BOM, CRLF line ends, a name quoted for its comma (older and newer), one with a quoted line
# break (its own and the row's)
{ printf '\357\273\277%s\r\n' "$H"
  printf '1,张红梅,511123198803140312,犍为县,2021-06-03,"犍为县红梅茶叶加工厂,二厂",,5,,,,\r\n'
  printf '2,李建国,511123199211020573,犍为县,2021-06-18,"犍为县建国\r\n农机维修部",,3,,,,\r\n'
  printf '3,王芳,511123199001010019,犍为县,2021-06-20,犍为县王芳小吃店,,2,,,,\r\n'; } > "$T/q_06.csv"
{ printf '\357\273\277%s\r\n' "$H"
  printf '1,张红梅,511123198803140312,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,,,,\r\n'
  printf '2,李建国,511123199211020573,犍为县,2021-06-18,犍为县建国农机维修服务部,92511124MAH6TCQL1C,3,,,,\r\n'
  printf '3,王芳,511123199001010019,犍为县,2021-06-20,"犍为县王芳小吃店,分店",,2,,,,\r\n'
  printf '4,赵六,511123198501010010,犍为县,2021-07-02,犍为县赵六超市,,1,,,,\r\n'; } > "$T/q_07.csv"
touch -d 2021-06-30 "$T/q_06.csv"; touch -d 2021-07-31 "$T/q_07.csv"
"$G" summary -q -o "$T/q" "$T/q_07.csv" "$T/q_06.csv" 2> /dev/null
printf '\357\273\277kind,file,line,id_number,start_date,compared_file,compared_line,changes\r\n%s\r\n%s\r\n%s\r\n' \
    '被替代,q_06.csv,2,511123********0312,2021-06-03,q_07.csv,2,"经营主体名称：犍为县红梅茶叶加工厂,二厂 → 犍为县红梅茶叶加工厂"' \
    '被替代,q_06.csv,3,511123********0573,2021-06-18,q_07.csv,3,经营主体名称：犍为县建国农机维修部 → 犍为县建国农机维修服务部；统一社会信用代码：— → 92511124MAH6TCQL1C' \
    '被替代,q_06.csv,5,511123********0019,2021-06-20,q_07.csv,4,"经营主体名称：犍为县王芳小吃店 → 犍为县王芳小吃店,分店"' > "$T/q.expected"
check "names read back: quoted for a comma, a quoted line break, CRLF and a BOM" cmp -s "$T/q/updates.csv" "$T/q.expected"
# the 128th row, where a mark is taken, is the last line and has no line break: no mark at the
# end of the file, and its name is read back
{ printf '%s\n' "$H"; i=1
  while [ $i -le 127 ]; do printf '%s,张红梅,511123198803140312,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,,,,\n' $i; i=$((i + 1)); done
  printf '128,李建国,511123199211020573,犍为县,2021-06-18,犍为县建国农机维修部,,3,,,,'; } > "$T/e_06.csv"
printf '%s\n1,张红梅,511123198803140312,犍为县,2021-06-03,犍为县红梅茶叶加工厂,,5,,,,\n2,李建国,511123199211020573,犍为县,2021-06-18,犍为县建国农机维修服务部,,3,,,,\n' "$H" > "$T/e_07.csv"
touch -d 2021-06-30 "$T/e_06.csv"; touch -d 2021-07-31 "$T/e_07.csv"
"$G" summary -q -o "$T/e" "$T/e_07.csv" "$T/e_06.csv" 2> /dev/null
check "a name on a last line without its line break, read back" has "$T/e/updates.csv" \
    "被替代,e_06.csv,129,511123********0573,2021-06-18,e_07.csv,3,经营主体名称：犍为县建国农机维修部 → 犍为县建国农机维修服务部"
# tab-separated exports: their names are read back whole (a reader of a part reads commas)
for f in nm_06 nm_07; do tr ',' '\t' < "$T/$f.csv" > "$T/t$f.csv"; done
touch -d 2021-06-30 "$T/tnm_06.csv"; touch -d 2021-07-31 "$T/tnm_07.csv"
"$G" summary -q -o "$T/tnm" "$T/tnm_07.csv" "$T/tnm_06.csv" 2> /dev/null
check "tab-separated: a changed name and a new credit code read back" has "$T/tnm/updates.csv" \
    "被替代,tnm_06.csv,4,511123********0573,2021-06-18,tnm_07.csv,3,经营主体名称：犍为县建国农机维修部 → 犍为县建国农机维修服务部；统一社会信用代码：— → 92511124MAH6TCQL1C"
# entities: 犍为县甲店 without a code is the one coded 犍为县甲店 (4 entities, not 5); 犍为县乙店
# without a code matches two coded ones, so it stays apart and the run notes it; no loan dates, so the loans are empty, not 0
printf '%s\n1,甲,511123198803140312,犍为县,2021-06-03,犍为县乙店,,1,,,,\n2,乙,511123199211020573,犍为县,2021-06-18,犍为县乙店,92511124MAH6TCQL1C,1,,,,\n3,丙,511123199001010019,犍为县,2021-06-20,犍为县乙店,92511133MAF69D012U,1,,,,\n4,丁,511123198501010010,犍为县,2021-06-21,犍为县甲店,92511181MAGUW0067J,1,,,,\n5,戊,511123198601010018,犍为县,2021-06-22,犍为县甲店,,1,,,,\n' "$H" > "$T/en_07.csv"
touch -d 2021-07-31 "$T/en_07.csv"
"$G" summary -q --by county,year -o "$T/en" "$T/nm_06.csv" "$T/en_07.csv" 2> "$T/en.err"
check "entities: a name without a code is the one coded entity bearing it" has "$T/en/summary.csv" "511123,犍为县,2021,5,4,,,5"
check "... and a name several bear stays apart, noted on stderr" has "$T/en.err" \
    "guiyan: note: 1 entity names without a credit code are borne by several coded entities of their county: counted apart"
check "... in the manifest" has "$T/en/manifest.json" '"entity_names_ambiguous": 1'

# 5. the samples' figures stay: the re-exported December rows are duplicates, whatever the order
"$G" summary -q -o "$T/m1" samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv 2> "$T/m1.err"
"$G" summary -q -o "$T/m2" samples/leshan_2021_h1.csv samples/leshan_2019.csv samples/leshan_2020.csv 2> "$T/m2.err"
check "samples: summary.csv the same in both orders" cmp -s "$T/m1/summary.csv" "$T/m2/summary.csv"
check "samples: 816 duplicates, none superseded" has "$T/m1.err" "guiyan: 3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected"
# yearly increments: a person who started again in a later year is listed for a clerk to check
check "samples: updates.csv lists the 229 people with another start in a newer export, nothing superseded" \
    test "$(grep -c '^仅见于较旧的导出，较新的导出中此人创业时间不同,' "$T/m1/updates.csv")" = 229 -a "$(wc -l < "$T/m1/updates.csv")" = 230
# 6. coverage: a January and a June export; February to May hold no record, so they are left
# out of summary.csv (not listed as zeros), named on stderr, in the manifest and the workbook
printf '身份证号码,所属县区,创业时间,带动就业人数,贷款金额(万元),贷款发放日期\n511123198803140312,犍为县,2021-01-05,5,,\n' > "$T/jan.csv"
printf '身份证号码,所属县区,创业时间,带动就业人数,贷款金额(万元),贷款发放日期\n511123199211020573,犍为县,2021-06-05,2,3,2021-06-20\n' > "$T/jun.csv"
"$G" summary -q --by county,month -o "$T/cv" "$T/jan.csv" "$T/jun.csv" 2> "$T/cv.err"
check "coverage of start dates on stderr, with the gap" has "$T/cv.err" "guiyan: start dates cover 2021-01-05 to 2021-06-05; no dates in 2021-02, 2021-03, 2021-04, 2021-05"
check "coverage of loan dates on stderr" has "$T/cv.err" "guiyan: loan dates cover 2021-06-20 to 2021-06-20"
LANGUAGE=zh_CN LC_ALL=C.UTF-8 "$G" check "$T/jan.csv" "$T/jun.csv" 2> "$T/cv_zh.err"
check "coverage in zh_CN" has "$T/cv_zh.err" "guiyan: 创业时间覆盖 2021-01-05 至 2021-06-05；其间 2021-02, 2021-03, 2021-04, 2021-05 无记录"
check "summary.csv leaves February to May out" test "$(cut -d, -f3 "$T/cv/summary.csv" | sort -u | tr '\n' ' ')" = "2021-01 2021-06 period "
$PY tests/e2e/figures.py --by month "$T/jan.csv" "$T/jun.csv" > "$T/cv.expected"
check "... as figures.py has it" cmp -s "$T/cv/summary.csv" "$T/cv.expected"
check "manifest: coverage with its gaps, per run and per file" $PY - "$T/cv/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
c = m["coverage"]
assert c["start"] == {"first": "2021-01-05", "last": "2021-06-05", "gaps": ["2021-02", "2021-03", "2021-04", "2021-05"]}, c
assert c["loan"] == {"first": "2021-06-20", "last": "2021-06-20", "gaps": []}, c
jan = [i for i in m["inputs"] if i["name"] == "jan.csv"][0]
assert jan["coverage"]["loan"] == {"first": "", "last": "", "gaps": []}, jan
PY
check "数据说明 names the coverage" $PY - "$T/cv/summary.xlsx" <<'PY'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["数据说明"]
rows = {r[0]: r[2] for r in ws.iter_rows(values_only=True) if r and r[0]}
assert rows["创业时间覆盖"] == "2021年1月5日至2021年6月5日；其间2021年2月、2021年3月、2021年4月、2021年5月无记录", rows
assert rows["贷款发放日期覆盖"] == "2021年6月20日至2021年6月20日", rows
PY
check "summary.xlsx: uncovered months are —, never 0, with a note" $PY - "$T/cv/summary.xlsx" <<'PY'
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["带动就业人数"]
rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
assert rows["犍为县"][:6] == (5, "—", "—", "—", "—", 2), rows["犍为县"]
assert rows["合计"][1:5] == ("—",) * 4, rows["合计"]
assert any("“—”表示该月没有记录，不是0（创业时间覆盖：2021年1月5日至2021年6月5日；其间2021年2月、2021年3月、2021年4月、2021年5月无记录）" in k for k in rows)
PY
pdftotext "$T/cv/charts.pdf" "$T/cv.txt" 2> /dev/null
check "charts.pdf: trend charts draw uncovered months as —, with the note" test \
    "$(grep -c '注：“—”的月份没有记录，不是0（创业时间覆盖：2021年1月5日至2021年6月5日；其间2021年2月、2021年3月、2021年4月、2021年5月无记录）。' "$T/cv.txt")" = 3
check "charts.pdf: bar charts note the records start on 5 January" has "$T/cv.txt" "注：乐山市合计7人。记录自2021年1月5日起，1月1日至1月4日无记录，累计不含这段时间。"

# 7. reply: without --as-of and --year they come from the coverage, never the machine's date;
# a figure whose period the records do not cover is refused (exit 1), or written as asked
"$G" reply -q -t report_templates/reply_cppcc.txt -o "$T/r0" samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv 2> "$T/r0.err"
check "reply without --as-of: the last covered day and the last whole year" $PY - "$T/r0/manifest.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["options"]
assert (o["as_of"], o["year"]) == ("2021-06-30", "2020"), o
PY
"$G" reply -q -t report_templates/reply_cppcc.txt -o "$T/r1" $L/2021-06.csv $L/2021-07.csv 2> "$T/r1.err"; rc=$?
check "reply with no whole year covered: exit 1" test "$rc" = 1
check "... saying so" has "$T/r1.err" "guiyan: reply: the records cover no calendar year whole (start dates cover 2021-06-03 to 2021-06-18): give --year"
check "... writing nothing" test ! -e "$T/r1/reply.txt"
"$G" reply -q -t report_templates/reply_cppcc.txt --year 2021 --as-of 2021-07-31 -o "$T/r2" $L/2021-06.csv $L/2021-07.csv 2> "$T/r2.err"; rc=$?
check "reply with uncovered figures: exit 1" test "$rc" = 1
check "... naming the placeholder, its period and the coverage" has "$T/r2.err" "guiyan: report_templates/reply_cppcc.txt:21:74: {{loan_amount 年度}}: 2021年1月1日至2021年12月31日 is not covered by the records (loan dates cover 2021-07-05 to 2021-07-05)"
check "... and the count" has "$T/r2.err" "guiyan: reply: 7 figures would count periods without records as 0: nothing written (--allow-uncovered writes them anyway)"
check "... writing nothing" test ! -e "$T/r2/reply.txt"
LANGUAGE=zh_CN LC_ALL=C.UTF-8 "$G" reply -q -t report_templates/reply_cppcc.txt --year 2021 --as-of 2021-07-31 -o "$T/r2" $L/2021-06.csv $L/2021-07.csv 2> "$T/r2_zh.err"
check "... in zh_CN" has "$T/r2_zh.err" "guiyan: report_templates/reply_cppcc.txt:21:74：{{loan_amount 年度}}：2021年1月1日至2021年12月31日 没有记录覆盖（贷款发放日期覆盖 2021-07-05 至 2021-07-05）"
"$G" reply -q -t report_templates/reply_cppcc.txt --year 2021 --as-of 2021-07-31 --allow-uncovered --explain -o "$T/r3" $L/2021-06.csv $L/2021-07.csv 2> "$T/r3.err"; rc=$?
check "--allow-uncovered: written, exit 0" test "$rc" = 0 -a -s "$T/r3/reply.txt"
check "explain.csv: a marked note on each uncovered figure, and where an open start begins" $PY - "$T/r3/explain.csv" <<'PY'
import csv, sys
rows = {r["占位符"]: r["说明"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
assert rows["{{loan_amount 年度}}"] == "【未覆盖】2021年1月1日至2021年12月31日没有记录覆盖（贷款发放日期覆盖：2021年7月5日至2021年7月5日），按 --allow-uncovered 照写", rows
assert "记录自2021年6月3日起；【未覆盖】截至2021年12月31日（累计）没有记录覆盖" in rows["{{startups 截至年底}}"], rows
PY
check "... with a warning" has "$T/r3.err" "guiyan: warning: report_templates/reply_cppcc.txt:21:74: {{loan_amount 年度}}: 2021年1月1日至2021年12月31日 is not covered by the records (loan dates cover 2021-07-05 to 2021-07-05): written as asked"
# 8. track: records from June only: a warning, a note under the tables; no 上年同期 without
# last year's records
"$G" track -q --as-of 2021-07-31 --targets samples/targets_2021.csv -o "$T/t" $L/2021-06.csv $L/2021-07.csv 2> "$T/t.err"
check "track warns when the records start after 1 January" has "$T/t.err" "guiyan: warning: the records start on 2021-06-03, after 1 January 2021: the year-to-date figures leave out the days before (noted under the tables)"
LANGUAGE=zh_CN LC_ALL=C.UTF-8 "$G" track -q --as-of 2021-07-31 --targets samples/targets_2021.csv -o "$T/tz" $L/2021-06.csv $L/2021-07.csv 2> "$T/tz.err"
check "... in zh_CN" has "$T/tz.err" "guiyan: 警告：记录自 2021-06-03 起，晚于 2021 年 1 月 1 日：累计不含此前的日子（已在表下注明）"
check "track warns when the start dates end before the as-of month" has "$T/t.err" "guiyan: warning: the start dates end on 2021-06-18, before the month of --as-of 2021-07-31: the year-to-date figures by start date leave out the days after (noted under the tables)"
check "... in zh_CN" has "$T/tz.err" "guiyan: 警告：创业时间截至 2021-06-18，早于 --as-of 2021-07-31 所在月份：按创业时间计的累计不含此后的日子（已在表下注明）"
check "... not for loan dates that reach into July" hasnt "$T/t.err" "the loan dates end on"
check "track.xlsx notes it under every table (loans from the first loan date), and why 上年同期 is —" $PY - "$T/t/track.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
# start dates stop on 18 June: the 累计 to 31 July says so too (loans run to 5 July)
starts = "记录自2021年6月3日起，1月1日至6月2日无记录，累计不含这段时间；记录截至2021年6月18日，6月19日至7月31日无记录，累计不含这段时间。"
loans = "记录自2021年7月5日起，1月1日至7月4日无记录，累计不含这段时间。"
for ws in wb.worksheets:
    text = "\n".join(v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str))
    if ws.title == "总览":
        assert starts in text and "贷款笔数、金额按贷款发放日期：" + loans in text, text
    elif ws.title.startswith("贷款"):
        assert loans in text and starts not in text, (ws.title, text)
    else:
        assert starts in text and loans not in text, (ws.title, text)
assert any("上年同期累计和同比不列示（“—”）" in v for r in wb.worksheets[0].iter_rows(values_only=True) for v in r if isinstance(v, str))
PY
check "track.xlsx monthly sheets: months without records are —, with a note" $PY - "$T/t/track.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
rows = {r[0]: r for r in wb["返乡创业人数"].iter_rows(values_only=True) if r and r[0]}
assert rows["犍为县"][2:9] == ("—", "—", "—", "—", "—", 2, "—"), rows["犍为县"]
assert any("月份下的“—”表示该月没有记录，不是0（创业时间覆盖：2021年6月3日至2021年6月18日）。" in k for k in rows)
loans = {r[0]: r for r in wb["贷款笔数"].iter_rows(values_only=True) if r and r[0]}
assert loans["犍为县"][2:9] == ("—",) * 6 + (1,), loans["犍为县"]
PY
check "track.xlsx: a month covered in part is marked ※ with its days; 总览's 当月 — when uncovered" $PY - "$T/t/track.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
def texts(ws):
    return [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)]
for sheet in ("返乡创业人数", "经济实体", "带动就业"):
    cells = texts(wb[sheet])
    assert "6月※" in cells and "7月※" not in cells, (sheet, cells[:30])
    assert any("※6月只有3日至18日的记录。" in v for v in cells), sheet
cells = texts(wb["贷款笔数"])
assert "7月※" in cells and "6月※" not in cells, cells[:30]
assert any("※7月只有5日的记录。" in v for v in cells)
ov = wb["总览"]
cells = texts(ov)
assert "7月※" in cells, cells[:30]
assert any("当月下的“—”表示该月没有记录，不是0（创业时间覆盖：2021年6月3日至2021年6月18日）。" in v for v in cells)
assert any("※7月只有5日的记录（贷款发放日期）。" in v for v in cells)
rows = [r for r in ov.iter_rows(values_only=True)]
jw = [r for r in rows if "犍为县" in r]
# 当月 (7月): startups, entities and jobs have no record in July: —; loans 1 and 10 万元
assert [r[r.index("犍为县") + 2] for r in jw] == ["—", "—", 1, 10, "—"], jw
PY
check "track.csv: month_value empty (not 0) where no record covers July" test \
    "$(grep -E '^(511123,犍为县|,合计),' "$T/t/track.csv" | cut -d, -f5 | tr '\n' ' ')" = "    1 1 10.0000 10.0000   "
"$G" summary -q --no-charts -o "$T/pm" $L/2021-06.csv $L/2021-07.csv 2> /dev/null
check "summary.xlsx: a month covered in part is marked ※, with the days" $PY - "$T/pm/summary.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for sheet, mark, note in (("返乡创业人数", "6月※", "※6月只有3日至18日的记录。"),
                          ("创业担保贷款笔数", "7月※", "※7月只有5日的记录。")):
    cells = [v for r in wb[sheet].iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert mark in cells, (sheet, cells[:20])
    assert any(note in v for v in cells), sheet
PY
pdftotext "$T/t/charts.pdf" "$T/t.txt" 2> /dev/null
check "charts.pdf: the note on every chart (loans by their own dates)" test \
    "$(grep -c '记录自2021年6月3日起，1月1日至6月2日无记录，累计不含这段时间；记录截至2021年6月18日，6月19日至7月31日无记录，累计不含这段时间。' "$T/t.txt")" -ge 3 -a \
    "$(grep -c '记录自2021年7月5日起，1月1日至7月4日无记录，累计不含这段时间。' "$T/t.txt")" -ge 1
finish
