#!/bin/sh
# End to end on samples/: guiyan's figures against an independent reader (figures.py), the
# messy sample's accounting, determinism, and the two-reader path against the one-reader path.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"

# 1. the committed samples are what the generator writes
mkdir -p "$T/gen"
"$B/gensamples" samples "$T/gen" >/dev/null 2>&1
for f in $MAIN samples/targets_2021.csv samples/stars_2020.csv samples/messy/messy_2021.csv \
         samples/training_2020.csv samples/training_2021_h1.csv samples/survey_2021.csv \
         samples/projects_map.csv samples/mentors.csv samples/services_2020_2021.csv \
         samples/qianwei_county_2019_2021.csv; do
    check "generator reproduces $f" cmp -s "$f" "$T/gen/${f#samples/}"
done

# 2. summary.csv equals the independent computation, by year, quarter and month
for by in year quarter month; do
    "$G" summary -q --by county,$by -o "$T/$by" $MAIN 2>/dev/null
    $PY tests/e2e/figures.py --by $by $MAIN > "$T/$by.expected"
    check "summary --by county,$by equals figures.py" cmp -s "$T/$by/summary.csv" "$T/$by.expected"
done

# 3. accounting of the main sample and of the messy one
"$G" summary -q -o "$T/main" $MAIN 2> "$T/main.err"
check "main sample accounting" grep -q "3 files, 21168 rows read: 20352 accepted, 816 duplicate, 0 superseded, 0 rejected" "$T/main.err"
check "manifest totals" grep -q '"rows_duplicate": 816' "$T/main/manifest.json"
"$G" summary -q -o "$T/messy" samples/messy/messy_2021.csv 2> "$T/messy.err"
check "messy accounting" grep -q "39 rows read: 26 accepted, 2 duplicate, 11 rejected" "$T/messy.err"
check "messy encoding reported" grep -q "messy_2021.csv (GB18030)" "$T/messy.err"
# the rejected lines are the ones figures.py rejects, in order
$PY tests/e2e/figures.py --rejects samples/messy/messy_2021.csv | grep -v ",duplicate" | cut -d, -f2 | tail -n +2 > "$T/rej.expected"
tail -n +2 "$T/messy/rejects.csv" | cut -d, -f2 > "$T/rej.got"
check "rejected lines equal figures.py's" cmp -s "$T/rej.got" "$T/rej.expected"
check "rejects.csv neutralises formulas" grep -q "\"'@SUM(A1:A3)\"" "$T/messy/rejects.csv"

# 4. the same inputs give the same bytes
"$G" summary -q -o "$T/again" $MAIN 2>/dev/null
for f in summary.csv rejects.csv manifest.json; do
    check "deterministic $f" cmp -s "$T/main/$f" "$T/again/$f"
done

# 5. two readers give what one reader gives, also when the cut lands in a quoted line break
"$B/gensamples" bench 120000 "$T/big.csv" >/dev/null 2>&1
"$G" summary -q -o "$T/p2" "$T/big.csv" 2> "$T/p2.err"
GUIYAN_THREADS=1 "$G" summary -q -o "$T/p1" "$T/big.csv" 2> "$T/p1.err"
check "parallel summary equals serial" cmp -s "$T/p1/summary.csv" "$T/p2/summary.csv"
check "parallel accounting equals serial" cmp -s "$T/p1.err" "$T/p2.err"
# many chunks (1.5 MB each), with bad rows spread over them: same figures, same reject lines
awk -F, 'NR > 1 && NR % 9973 == 0 { $4 = "2021-13-45" } { print }' OFS=, "$T/big.csv" > "$T/bad.csv"
GUIYAN_CHUNK=1500000 "$G" summary -q -o "$T/c2" "$T/bad.csv" 2> "$T/c2.err"
GUIYAN_THREADS=1 "$G" summary -q -o "$T/c1" "$T/bad.csv" 2> "$T/c1.err"
check "chunked summary equals serial" cmp -s "$T/c1/summary.csv" "$T/c2/summary.csv"
check "chunked rejects equal serial" cmp -s "$T/c1/rejects.csv" "$T/c2/rejects.csv"
check "chunked accounting equals serial" cmp -s "$T/c1.err" "$T/c2.err"
check "chunked run rejected the bad rows" grep -q ", 12 rejected" "$T/c2.err"
$PY - "$T/quoted.csv" <<'EOF'
import sys
# ~17 MB of fixed-length rows; one row near the middle holds a quoted field with line breaks
# exactly where the reader would cut the file.
head = "身份证号码,县(市、区),创业时间,备注\n"
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
import datetime
def ident(n):
    d = datetime.date(1950, 1, 1) + datetime.timedelta(days=n // 900)
    s = "511102" + d.strftime("%Y%m%d") + "%03d" % (n % 900 + 100)
    return s + "10X98765432"[sum(int(a) * b for a, b in zip(s, w)) % 11]
rows = [ident(i) + ",市中区,2021-03-01,x\n" for i in range(400000)]
size = len(head.encode()) + sum(len(r) for r in rows)
mid = size // 2
pos = len(head.encode())
for k, r in enumerate(rows):
    if pos + len(r) > mid:
        break
    pos += len(r)
# row k straddles the middle: make its remark a quoted multi-line field starting before mid
rows[k] = ident(k) + ',市中区,2021-03-01,"' + "a" * max(0, mid - pos - 50) + '\nb\nc"\n'
open(sys.argv[1], "w").write(head + "".join(rows))
EOF
"$G" summary -q -o "$T/q2" "$T/quoted.csv" 2> "$T/q2.err"
GUIYAN_THREADS=1 "$G" summary -q -o "$T/q1" "$T/quoted.csv" 2> "$T/q1.err"
check "cut inside a quoted field: same figures" cmp -s "$T/q1/summary.csv" "$T/q2/summary.csv"
check "cut inside a quoted field: every row read" grep -q "400000 rows read: 400000 accepted" "$T/q2.err"
# the manifest's size and SHA-256 of an input are those of the file (one reader, chunks, and
# chunks read again whole)
for d in q1 q2 c2 p2; do
    case $d in q*) f="$T/quoted.csv";; c*) f="$T/bad.csv";; *) f="$T/big.csv";; esac
    want="\"size\": $(stat -c %s "$f"), \"sha256\": \"$(sha256sum < "$f" | cut -d' ' -f1)\""
    check "manifest $d: size and SHA-256 of the input" has "$T/$d/manifest.json" "$want"
done

finish
