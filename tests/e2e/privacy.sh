#!/bin/sh
# Personal data: no full ID number (one whose GB 11643 check character is right) in anything
# a person reads — the terminal, every CSV, JSON and text output, every workbook and docx
# (their XML unzipped) and every PDF (its text) — of every command on the samples, the messy
# sample (rejected IDs) included; with --unmask the rejects and lists show them whole.
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
MESSY=samples/messy/messy_2021.csv

# ids FOLDER...: prints each full ID found, with where
ids() {
    $PY - "$@" <<'EOF'
import os, re, subprocess, sys, zipfile
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def valid(s):
    return "10X98765432"[sum(int(c) * w for c, w in zip(s, W)) % 11] == s[17].upper()
pat = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
def texts(path):
    if path.endswith((".xlsx", ".docx")):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if n.endswith(".xml"):
                    yield n, z.read(n).decode("utf-8", "replace")
    elif path.endswith(".pdf"):
        yield "text", subprocess.run(["pdftotext", "-q", path, "-"], capture_output=True,
                                     text=True).stdout
    elif path.endswith((".png", ".svg")):
        return
    else:
        yield "", open(path, encoding="utf-8", errors="replace").read()
for top in sys.argv[1:]:
    paths = [top] if os.path.isfile(top) else [os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs]
    for p in sorted(paths):
        for part, t in texts(p):
            for m in pat.finditer(t):
                if valid(m.group()):
                    print(p, part, m.group())
EOF
}

run() { # name, command... : output under $T/name, terminal to $T/name.term
    n=$1; shift
    "$@" >"$T/$n.term" 2>&1
    check "$n: exit 0" [ $? -eq 0 ]
}
run summary "$G" summary --ytd -o "$T/summary" $MAIN $MESSY
run check "$G" check --max 100 $MAIN $MESSY
run track "$G" track --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$T/track" $MAIN $MESSY
run reply "$G" reply -t report_templates/reply_cppcc.txt --year 2020 --as-of 2021-06-15 --explain \
    -o "$T/reply" $MAIN $MESSY
run stars "$G" stars -o "$T/stars" samples/stars_2020.csv --records $MAIN $MESSY
ids "$T" > "$T/found.txt"
check "no full ID number in any output or on the terminal" [ ! -s "$T/found.txt" ]
head -5 "$T/found.txt"
# the scan finds what is there: the inputs are full of them
ids samples/leshan_2019.csv > "$T/input.txt"
check "the scan finds IDs in an input" [ "$(wc -l < "$T/input.txt")" -gt 1000 ]
# the messy sample's rejected IDs, masked

# --unmask shows them whole where a person must check them
mkdir -p "$T/u"
"$G" summary -q -o "$T/u/summary" --unmask $MESSY >/dev/null 2>&1
"$G" stars -q --unmask -o "$T/u/stars" samples/stars_2020.csv >/dev/null 2>&1
ids "$T/u/stars/stars.xlsx" > "$T/u.txt"
check "--unmask: the stars lists show full IDs" [ -s "$T/u.txt" ]
check "--unmask: rejects.csv shows a rejected ID as written" \
    grep -q '511129197606181835' "$T/u/summary/rejects.csv"
check "without it, masked" grep -q '511129\*\*\*\*\*\*\*\*1835' "$T/summary/rejects.csv"

# IDs and mobile numbers however written: spaces, hyphens, groups of four, full-width digits,
# and an ID in the file's name; a bad amount with many digits stays readable; a right-to-left
# override is removed (also under --unmask)
F="$T/导出_511181198012084768.csv"
printf '\357\273\277身份证号码,县(市、区),创业时间,贷款金额\n511181 19801208 4768,市中区,2021-03-01,0\n511181-19801208-476X,市中区,2021-13-01,0\n5111 8119 8012 0847 68,市中区,x,0\n511102199001011239,市中区,138-0000-1212,0\n511102199001011239,市中区,2021-03-01,12345678901234元x\n511102199001011239,市中区,\342\200\2561202-30-1202,0\n' > "$F"
"$G" summary --no-charts -o "$T/w" "$F" > "$T/w.term" 2>&1
"$G" check "$F" >> "$T/w.term" 2>&1
"$G" summary -q --no-charts --unmask -o "$T/wu" "$F" > /dev/null 2>&1
unzip -p "$T/w/summary.xlsx" xl/sharedStrings.xml > "$T/w.xml"
for f in "$T/w.term" "$T/w/rejects.csv" "$T/w/manifest.json" "$T/w.xml"; do
    for v in "511181 19801208 4768" "511181-19801208-476X" "5111 8119 8012 0847 68" \
             "138-0000-1212" "19801208" "0000-1212"; do
        check "$(basename "$f"): no \"$v\"" hasnt "$f" "$v"
    done
    check "$(basename "$f"): the ID in the file name masked" has "$f" "导出_511181********4768.csv"
done
for f in "$T/w.term" "$T/w/rejects.csv" "$T/w.xml"; do
    check "$(basename "$f"): spaced ID masked" has "$f" "511181********476X"
    check "$(basename "$f"): hyphenated phone masked" has "$f" "138****1212"
    check "$(basename "$f"): a long bad amount shown as it is" has "$f" "12345678901234元x"
    check "$(basename "$f"): no right-to-left override" hasnt "$f" "$(printf '\342\200\256')"
done
# an error that names such a file (here its header lacks every column) masks the ID too
printf 'x\n1\n' > "$T/511181198012084768.csv"
"$G" check "$T/511181198012084768.csv" > "$T/err.term" 2>&1
check "an error naming a file: the ID in its name masked" has "$T/err.term" "511181********4768.csv:1: "
check "an error naming a file: no full ID" hasnt "$T/err.term" "198012084768"
check "--unmask: no right-to-left override either" hasnt "$T/wu/rejects.csv" "$(printf '\342\200\256')"
check "--unmask: the value as written" has "$T/wu/rejects.csv" "511181-19801208-476X"

finish
