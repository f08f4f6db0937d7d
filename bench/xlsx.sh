#!/bin/sh
# make bench, workbooks: the 1M-row export as one .xlsx (gensamples xlsx: text, numbers and
# date cells), read by guiyan summary next to LibreOffice's headless conversion to CSV and
# openpyxl's read-only mode reading every cell of the same file, in the same run; guiyan's
# summary.csv must equal the one from the CSV. Goal: at least 5 times LibreOffice's speed.
set -u
B=${1:-build}
n=${BENCH_XLSX_ROWS:-1000000}
D=bench/data
mkdir -p "$D"
csv="$D/bench_$n.csv"
x="$D/bench_$n.xlsx"
[ -s "$csv" ] || ./$B/gensamples bench "$n" "$csv" >/dev/null || exit 1
[ -s "$x" ] || ./$B/gensamples xlsx "$csv" "$x" || exit 1
echo "$n rows as one .xlsx, $(du -m "$x" | cut -f1) MB:"
run() { # label, command...: wall seconds and peak RSS (of the process and its children)
    label=$1; shift
    /usr/bin/time -f '%e %M' -o "$D/time.txt" "$@" >/dev/null 2>"$D/err.txt" || {
        echo "  $label failed:"; tail -3 "$D/err.txt"; echo 0 > "$D/last.txt"; return 1; }
    read -r secs kib < "$D/time.txt"
    printf '  %-40s %8.2f s %8.0f MiB\n' "$label" "$secs" "$((kib / 1024))"
    echo "$secs" > "$D/last.txt"
}
run "guiyan summary (xlsx)" ./$B/guiyan summary --by county,month -q -o "$D/xout" "$x"
g=$(cat "$D/last.txt")
./$B/guiyan summary --by county,month -q -o "$D/cout" "$csv" 2>/dev/null
if cmp -s "$D/xout/summary.csv" "$D/cout/summary.csv"; then
    echo "  summary.csv from the .xlsx equals the one from the CSV"
else
    echo "  bench: summary.csv from the .xlsx differs from the CSV's"; exit 1
fi
rm -rf "$D/lo" "$D/lo-profile"
run "LibreOffice --convert-to csv" soffice --headless --norestore \
    "-env:UserInstallation=file://$PWD/$D/lo-profile" --convert-to csv --outdir "$D/lo" "$x"
lo=$(cat "$D/last.txt")
run "openpyxl read-only (every cell)" /usr/bin/python3 -c 'import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for row in wb.active.iter_rows(values_only=True))
print(n)' "$x"
awk -v g="$g" -v l="$lo" 'BEGIN { if (g > 0 && l > 0) printf "  guiyan is %.1fx faster than LibreOffice (goal: 5x)\n", l / g }'
