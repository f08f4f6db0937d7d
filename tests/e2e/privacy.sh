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

finish
