#!/bin/sh
# make bench, workbooks: the 1M-row export as one .xlsx (gensamples xlsx: text, numbers and
# date cells), read by guiyan summary next to LibreOffice's headless conversion to CSV and
# openpyxl's read-only mode reading every cell of the same file, in the same run; guiyan's
# summary.csv must equal the one from the CSV, also read on one thread (GUIYAN_THREADS=1).
# Goal: at least 5 times LibreOffice's speed. CPU time and the load are shown beside each wall
# time: on a shared machine the wall time says little alone.
set -u
B=${1:-build}
n=${BENCH_XLSX_ROWS:-1000000}
D=bench/data
mkdir -p "$D"
csv="$D/bench_$n.csv"
x="$D/bench_$n.xlsx"
[ -s "$csv" ] || ./$B/gensamples bench "$n" "$csv" >/dev/null || exit 1
[ -s "$x" ] || ./$B/gensamples xlsx "$csv" "$x" || exit 1
echo "$n rows as one .xlsx, $(du -mL "$x" | cut -f1) MB:"
run() { # label, command...: wall seconds, peak RSS (of the process and its children) and CPU
    label=$1; shift
    /usr/bin/time -f '%e %M %U %S' -o "$D/time.txt" "$@" >/dev/null 2>"$D/err.txt" || {
        echo "  $label failed:"; tail -3 "$D/err.txt"; echo 0 > "$D/last.txt"; return 1; }
    read -r secs kib user sys < "$D/time.txt"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    printf '  %-40s %8.2f s %8.0f MiB   (CPU %.1f s, load %s)\n' "$label" "$secs" \
        "$((kib / 1024))" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
    echo "$secs" > "$D/last.txt"
}
run "guiyan summary (xlsx)" ./$B/guiyan summary --by county,month -q -o "$D/xout" "$x"
g=$(cat "$D/last.txt")
./$B/guiyan summary --by county,month -q -o "$D/cout" "$csv" 2>/dev/null
run "guiyan summary (xlsx, one thread)" env GUIYAN_THREADS=1 ./$B/guiyan summary --by county,month \
    -q -o "$D/x1out" "$x"
if cmp -s "$D/xout/summary.csv" "$D/cout/summary.csv" &&
   cmp -s "$D/x1out/summary.csv" "$D/cout/summary.csv"; then
    echo "  summary.csv from the .xlsx (threads, one thread) equals the one from the CSV"
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
