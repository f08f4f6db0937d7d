#!/bin/sh
# The bad-input corpus (tests/badinput/, README there) and a few inputs made here because they
# are big: each gives its exit code and message, and whenever a run completes the accounting
# adds up — rows read = accepted + duplicate + rejected + skipped in manifest.json, and
# rejects.csv lists every rejected and skipped row.
. "$(dirname "$0")/lib/common.sh"
C=tests/badinput

# name, exit code, text stderr must hold, then the input files. `guiyan check` prints the
# rejects; `guiyan summary` must end the same way and write what is checked here.
run_case() {
    cn=$1 want=$2 text=$3; shift 3
    rm -rf "$T/out"
    "$G" check --max 100 "$@" >"$T/$cn.err" 2>&1
    got=$?
    "$G" summary --no-charts -o "$T/out" "$@" >"$T/$cn.sum" 2>&1
    sgot=$?
    check "$cn: exit $want" [ "$got" -eq "$want" ]
    check "$cn: summary exits $want too" [ "$sgot" -eq "$want" ]
    check "$cn: says '$text'" has "$T/$cn.err" "$text"
    if [ "$want" -eq 0 ]; then
        check "$cn: accounting adds up" $PY - "$T/out" <<'EOF'
import csv, json, sys
m = json.load(open(sys.argv[1] + "/manifest.json", encoding="utf-8"))
rows = list(csv.reader(open(sys.argv[1] + "/rejects.csv", encoding="utf-8-sig")))[1:]
ok = m["rows_read"] == m["rows_accepted"] + m["rows_duplicate"] + m["rows_rejected"] + m["rows_skipped"]
ok = ok and len(rows) == m["rows_rejected"] + m["rows_skipped"]
for i in m["inputs"]:
    ok = ok and i["rows_read"] == (i["rows_accepted"] + i["rows_duplicate"]
                                   + i["rows_rejected"] + i["rows_skipped"])
sys.exit(0 if ok else 1)
EOF
    else
        check "$cn: no outputs" [ ! -e "$T/out/summary.csv" ]
    fi
}
# the accounting line of a completed run
says() { check "$1: $2" has "$T/$1.err" "$2"; }

run_case empty 2 "empty.csv: the file is empty: no header row" $C/empty.csv
run_case header-only 0 "0 rows read: 0 accepted, 0 duplicate, 0 rejected" $C/header_only.csv
run_case binary 2 "binary.csv: not a CSV export but binary data" $C/binary.csv
run_case workbook 2 "workbook.csv: a ZIP file without the parts of an Excel workbook" $C/workbook.csv
run_case utf16 2 "not a CSV export but UTF-16 text" $C/utf16.csv
run_case nul-bytes 0 "nul_bytes.csv:3: column 姓名: \"王?五\": bytes not valid in the file's encoding" $C/nul_bytes.csv
says nul-bytes "nul_bytes.csv (UTF-8): 3 rows read: 2 accepted, 0 duplicate, 1 rejected"
run_case bad-utf8 0 "bad_utf8.csv:3: column 姓名" $C/bad_utf8.csv
says bad-utf8 "bad_utf8.csv (UTF-8): 3 rows read: 2 accepted, 0 duplicate, 1 rejected"
run_case gb18030-cut 0 "gb18030_cut.csv:3: column 经济实体名称: \"丙家庭农" $C/gb18030_cut.csv
says gb18030-cut "gb18030_cut.csv (GB18030): 2 rows read: 1 accepted, 0 duplicate, 1 rejected"
run_case unclosed-quote 0 "unclosed_quote.csv:3: column 姓名" $C/unclosed_quote.csv
says unclosed-quote "quote not closed: from here to the end of the file is one cell"
says unclosed-quote "2 rows read: 1 accepted, 0 duplicate, 1 rejected"
# the open quote swallowed a later row: its ID number is masked inside the value too
check "unclosed-quote: swallowed ID masked" has "$T/out/rejects.csv" "511102********3452,李四"
check "unclosed-quote: no full ID in rejects.csv" hasnt "$T/out/rejects.csv" "511102198502023452"
check "unclosed-quote: no full ID on the terminal" hasnt "$T/unclosed-quote.err" "511102198502023452"
run_case big-values 0 "big_values.csv:3: column 贷款金额(万元): \"1000000.01\": amount too large: over 100 亿元 (1,000,000 万元); yuan in a 万元 column?" $C/big_values.csv
says big-values "big_values.csv:4: column 带动就业人数: \"1000000001\": number too large: over 1,000,000,000 (10 亿人)"
says big-values "3 rows read: 1 accepted, 0 duplicate, 2 rejected"
run_case cr-only 0 "cr_only.csv:3: column 身份证号码: \"511102********3451\"" $C/cr_only.csv
says cr-only "cr_only.csv (UTF-8): 3 rows read: 2 accepted, 0 duplicate, 1 rejected"
run_case ragged 0 "ragged.csv:3: column 第10列: \"x\": row has more cells than the header" $C/ragged.csv
says ragged "ragged.csv:4: column 第10列: \"备\""
says ragged "ragged.csv:6: column 经济实体名称: \"\": row has fewer cells than the header (cut short?)"
says ragged "5 rows read: 2 accepted, 0 duplicate, 3 rejected"
run_case title-rows 0 "title_rows.csv: header on line 3" $C/title_rows.csv
says title-rows "2 rows read: 2 accepted, 0 duplicate, 0 rejected"
run_case total-row 0 "total_row.csv:4: column 身份证号码: \"合 计\": total row (合计), not a record: skipped" $C/total_row.csv
says total-row "total_row.csv:6: column 身份证号码"
says total-row "4 rows read: 2 accepted, 0 duplicate, 0 rejected, 2 skipped (total or note rows)"
check "total-row: figures leave the 合计 row out" has "$T/out/summary.csv" "合计,2021-06,1,1,1,12.5000,3"
"$G" check --strict $C/total_row.csv >/dev/null 2>&1
check "total-row: --strict does not count skipped rows" [ $? -eq 0 ]
run_case same-file-twice 0 "total_row.csv: the same file as input 1" $C/total_row.csv ./$C/total_row.csv
says same-file-twice "2 files, 4 rows read: 2 accepted, 0 duplicate, 0 superseded, 0 rejected, 2 skipped"
cp $C/ok.csv "$T/copy.csv"
run_case same-content 0 "copy.csv has the same content as $C/ok.csv" $C/ok.csv "$T/copy.csv"
says same-content "2 files, 4 rows read: 2 accepted, 2 duplicate, 0 superseded, 0 rejected"
run_case folder 3 "badinput: is a folder" $C
run_case missing 3 "nonexistent.csv: No such file or directory" "$T/nonexistent.csv"
# as root any file is readable: read as nobody then
cp $C/ok.csv "$T/secret.csv"; chmod 000 "$T/secret.csv"; chmod 755 "$T"
if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$G" check "$T/secret.csv" >"$T/unreadable.err" 2>&1
else
    "$G" check "$T/secret.csv" >"$T/unreadable.err" 2>&1
fi
check "unreadable: exit 3" [ $? -eq 3 ]
says unreadable "secret.csv: Permission denied"

# title rows above the header of a roster and of a targets file: the same results
{ printf '\357\273\2772020年度返乡创业明星名单\r\n,,,\r\n'; tail -c +4 samples/stars_2020.csv; } > "$T/stars_titled.csv"
"$G" stars -q -o "$T/st0" samples/stars_2020.csv >/dev/null 2>&1
"$G" stars -q -o "$T/st1" "$T/stars_titled.csv" >/dev/null 2>&1
check "roster with title rows: exit 0" [ $? -eq 0 ]
check "roster with title rows: same stars.csv" cmp -s "$T/st0/stars.csv" "$T/st1/stars.csv"
# a roster with 合计 and 制表人 rows at its foot: skipped, not rejected, same counts (a
# one-cell row once crashed the stars command)
{ cat samples/stars_2020.csv; printf '合计,,,,,,,\r\n制表人：王某\r\n'; } > "$T/stars_footed.csv"
"$G" stars -o "$T/st2" "$T/stars_footed.csv" >"$T/stars-footed.err" 2>&1
check "roster with a foot: exit 0" [ $? -eq 0 ]
check "roster with a foot: same stars.csv" cmp -s "$T/st0/stars.csv" "$T/st2/stars.csv"
says stars-footed "53 rows read: 51 accepted, 0 duplicate, 0 rejected, 2 skipped (total or note rows)"
{ printf '2021年各县（市、区）目标任务\n'; cat samples/targets_2021.csv; } > "$T/targets_titled.csv"
MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
"$G" track -q --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/tr0" $MAIN >/dev/null 2>&1
"$G" track -q --as-of 2021-06-30 --targets "$T/targets_titled.csv" -o "$T/tr1" $MAIN >/dev/null 2>&1
check "targets with a title row: exit 0" [ $? -eq 0 ]
check "targets with a title row: same track.csv" cmp -s "$T/tr0/track.csv" "$T/tr1/track.csv"

# the ceiling on records, lowered to show what happens at GY_MAX_RECORDS: the run stops with
# the I/O code and writes nothing
GUIYAN_MAX_RECORDS=5000 "$G" summary -o "$T/ceiling" samples/leshan_2019.csv >"$T/ceiling.err" 2>&1
check "records ceiling: exit 3" [ $? -eq 3 ]
says ceiling "leshan_2019.csv: more than 5000 records: guiyan holds at most that many in one run"
check "records ceiling: no outputs" [ ! -e "$T/ceiling/summary.csv" ]
# out of memory (110 MB of address space for 300,000 rows) is a message and exit 3, not an
# abort; not under a sanitizer, whose shadow memory alone is more
if ! ldd "$G" | grep -q libasan; then
    "$B/gensamples" bench 300000 "$T/rows300k.csv" >/dev/null
    ( ulimit -v 110000; "$G" check "$T/rows300k.csv" ) >"$T/oom.err" 2>&1
    check "out of memory: exit 3" [ $? -eq 3 ]
    says oom "out of memory"
    rm -f "$T/rows300k.csv"
fi

# made here: a 100 MB cell, one quote left open over 100 MB of lines, 10,000 columns
H='身份证号码,姓名,县(市、区),创业时间,经济实体名称,带动就业人数,贷款金额(万元),贷款发放日期'
R1='11010519491231002X,张三,市中区,2021-06-15,甲合作社,3,12.5,2021-06-20'
R3='511102198502023452,李四,峨眉山市,2021-03-10,乙餐饮店,1,5,2021-03-12'
{ printf '%s\r\n%s\r\n511102199001011239,' "$H" "$R1"
  head -c 100000000 /dev/zero | tr '\0' 'a'
  printf ',犍为县,2021-02-03,丙,,,\r\n%s\r\n' "$R3"; } > "$T/big_cell.csv"
GUIYAN_TIMING=1 "$G" check "$T/big_cell.csv" 2>"$T/big-cell.err"
check "big-cell: exit 0" [ $? -eq 0 ]
says big-cell "big_cell.csv:3: column 姓名: \"aaaaaaaaaa"
says big-cell "cell longer than 64 KiB"
says big-cell "3 rows read: 2 accepted, 0 duplicate, 1 rejected"
# the cell is skipped as it streams by: far less memory than its 100 MB
peak=$(sed -n 's/.*peak \([0-9]*\) kB.*/\1/p' "$T/big-cell.err" | tail -1)
check "big-cell: peak memory ${peak} kB, under 100 MB" [ "${peak:-999999}" -lt 100000 ]
{ printf '%s\r\n%s\r\n511102199001011239,"王五' "$H" "$R1"
  yes '乙,2021-02-03,丙,,,' | head -n 4000000; } > "$T/open_quote.csv"
run_case open-quote 0 "open_quote.csv:3: column 姓名" "$T/open_quote.csv"
says open-quote "quote not closed: from here to the end of the file is one cell"
says open-quote "2 rows read: 1 accepted, 0 duplicate, 1 rejected"
$PY -c "
import sys
print(sys.argv[1] + ''.join(',c%d' % i for i in range(9992)))" "$H" > "$T/wide_header.csv"
run_case wide-header 2 "wide_header.csv:1: the header row: row has more than 4096 columns" "$T/wide_header.csv"
$PY -c "
import sys
print(sys.argv[1]); print(sys.argv[2] + ',x' * 9992); print(sys.argv[3])" "$H" "$R1" "$R3" > "$T/wide_row.csv"
run_case wide-row 0 "wide_row.csv:2: column 第4097列" "$T/wide_row.csv"
says wide-row "row has more than 4096 columns"
says wide-row "2 rows read: 1 accepted, 0 duplicate, 1 rejected"

finish
