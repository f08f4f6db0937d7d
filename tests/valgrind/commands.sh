#!/bin/sh
# commands.sh BUILD — the README's summary, track, reply and stars (and check on the messy
# sample) under memcheck: each exits 0 with valgrind silent, and writes the same files as the
# same command without valgrind. reply --explain, whose 51,000 record rows take libxlsxwriter a
# minute under memcheck, runs on the messy sample. Prints "N passed, N failed".
. "$(dirname "$0")/../e2e/lib/common.sh"
M="sh tests/valgrind/memcheck"
S="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
MESSY=samples/messy/messy_2021.csv

# name, folder, output files to compare, then the guiyan arguments (without -o)
same() {
    what=$1 dir=$2 files=$3; shift 3
    $M "$G" "$@" -q -o "$T/vg-$dir" > "$T/$dir.vg.out" 2> "$T/$dir.vg.err"
    rc=$?
    "$G" "$@" -q -o "$T/$dir" > "$T/$dir.out" 2> "$T/$dir.err"
    check "$what: exit 0 under memcheck" test "$rc" -eq 0
    check "$what: memcheck silent" cmp -s "$T/$dir.vg.err" "$T/$dir.err"
    [ "$rc" -eq 0 ] || sed -n '1,80p' "$T/$dir.vg.err"
    for f in $files; do
        check "$what: $f as without valgrind" cmp -s "$T/vg-$dir/$f" "$T/$dir/$f"
    done
}

same summary summary "summary.csv summary.xlsx charts.pdf rejects.csv updates.csv" \
    summary --by county,month --to 2021-06-30 --ytd $S
check "summary: accounting" has "$T/summary.vg.err" "3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected"
same track track "track.csv track.xlsx charts.pdf" \
    track --as-of 2021-06-30 --targets samples/targets_2021.csv $S
check "track: the README's loan figure" has "$T/vg-track/track.csv" "8083.9"
same reply reply "reply.txt reply.docx reply.pdf" \
    reply -t reply_cppcc.txt --year 2020 --as-of 2021-06-15 $S
check "reply: the 2020 loans" has "$T/vg-reply/reply.txt" "1.88亿元"
same "reply --explain" explain "reply.txt explain.csv explain_records.csv explain.xlsx" \
    reply -t reply_cppcc.txt --year 2021 --as-of 2021-06-30 --explain --allow-uncovered $MESSY
same stars stars "stars.csv stars.txt stars.xlsx stars.pdf" \
    stars samples/stars_2020.csv --records $S
check "stars: the reply's sentence" has "$T/vg-stars/stars.txt" "市级返乡创业明星20名"
$M "$G" check $MESSY > "$T/check.out" 2> "$T/check.err"
check "check: exit 0 under memcheck" test $? -eq 0
check "check: messy accounting" has "$T/check.err" "39 rows read: 26 accepted, 2 duplicate, 11 rejected"
check "check: memcheck silent" hasnt "$T/check.err" "=="

finish
