#!/bin/sh
# make images — the README's pictures from the demo data: page 1 of charts.pdf as
# docs/chart.png, and the first sheet of summary.xlsx (through LibreOffice, as a bureau would
# print it) as docs/sheet.png. Usage: tools/images.sh [build/guiyan]
set -eu
G=${1:-build/guiyan}
MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for p in libreoffice pdftoppm; do
    command -v "$p" >/dev/null || { echo "images: needs $p (make deps)" >&2; exit 1; }
done
mkdir -p docs
"$G" summary -q --to 2021-06-30 -o "$T/out" $MAIN 2>/dev/null
pdftoppm -r 80 -f 1 -l 1 -png -singlefile "$T/out/charts.pdf" docs/chart
# a private LibreOffice profile: works beside a running office and leaves $HOME alone
libreoffice -env:UserInstallation="file://$T/lo-profile" --headless --convert-to pdf \
    --outdir "$T/lo" "$T/out/summary.xlsx" >/dev/null 2>&1
[ -s "$T/lo/summary.pdf" ] || { echo "images: LibreOffice did not convert summary.xlsx" >&2; exit 1; }
pdftoppm -r 80 -f 1 -l 1 -png -singlefile "$T/lo/summary.pdf" docs/sheet
echo "images: wrote docs/chart.png and docs/sheet.png"
