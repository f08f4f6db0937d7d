#!/bin/sh
# End to end: the charts of `guiyan summary` on samples/, read back with poppler — charts.pdf
# with 10 pages and an embedded CJK font, --no-charts, --png (300 dpi), --svg, a font family
# that is not installed (warning) and no font at all (exit 3 naming fonts-noto-cjk).
. "$(dirname "$0")/lib/common.sh"

MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"

# 1. charts.pdf: 10 pages (bar + trend for 5 indicators), A4 landscape, dated the cut-off
"$G" summary -q --to 2021-06-30 -o "$T/main" $MAIN 2> "$T/main.err"
check "summary exits 0" test $? -eq 0
check "charts.pdf written" test -s "$T/main/charts.pdf"
pdfinfo "$T/main/charts.pdf" > "$T/info.txt" 2>/dev/null
check "10 pages" grep -q "^Pages: *10$" "$T/info.txt"
check "A4 landscape" grep -q "^Page size: *841.89 x 595.276 pts (A4)" "$T/info.txt"
check "PDF dated the cut-off" grep -q "^CreationDate: *Tue Jun 29 16:00:00 2021 UTC" "$T/info.txt"
pdftotext "$T/main/charts.pdf" "$T/all.txt"
pdftotext -f 1 -l 1 "$T/main/charts.pdf" "$T/p1.txt"
check "page 1 title" grep -q "乐山市2021年1—6月各县（市、区）返乡创业人数" "$T/p1.txt"
check "page 1 cut-off" grep -q "数据截至2021年6月30日" "$T/p1.txt"
check "page 1 unit" grep -q "单位：人" "$T/p1.txt"
check "page 1 source" grep -q "数据来源：返乡创业实名制台账" "$T/p1.txt"
check "page 1 number" grep -q "第 1 页 共 10 页" "$T/p1.txt"
for c in 市中区 沙湾区 五通桥区 金口河区 犍为县 井研县 夹江县 沐川县 峨眉山市 乐山高新区; do
    check "county $c on page 1" grep -q "$c" "$T/p1.txt"
done
# the bars show the workbook's figures: 2021-06-YTD startups of 市中区 and the 合计
"$G" summary -q --ytd --to 2021-06-30 --no-charts -o "$T/ytd" $MAIN 2>/dev/null
szq=$(grep '^511102,市中区,2021-06-YTD,' "$T/ytd/summary.csv" | cut -d, -f4)
total=$(grep ',合计,2021-06-YTD,' "$T/ytd/summary.csv" | cut -d, -f4)
check "YTD figures found in summary.csv" test -n "$szq" -a -n "$total"
check "市中区 YTD figure ($szq) on page 1" grep -qx "$szq" "$T/p1.txt"
check "合计 ($total) in the note" grep -q "注：乐山市合计${total}人" "$T/p1.txt"
check "money page in 万元" grep -q "单位：万元" "$T/all.txt"
check "trend page" grep -q "返乡创业人数月度走势（2021年与2020年）" "$T/all.txt"
check "last page number" grep -q "第 10 页 共 10 页" "$T/all.txt"
pdffonts "$T/main/charts.pdf" > "$T/fonts.txt" 2>/dev/null
check "CJK font embedded" grep -q "CJK.* yes yes yes" "$T/fonts.txt"
check "charts.pdf in the manifest" grep -q '"charts.pdf"' "$T/main/manifest.json"
pdftoppm -r 20 -gray "$T/main/charts.pdf" "$T/pg" 2>/dev/null
check "pages render non-blank" /usr/bin/python3 - "$T" <<'EOF'
import glob, sys
pages = sorted(glob.glob(sys.argv[1] + "/pg-*.pgm"))
def ink(p):
    d = open(p, "rb").read()
    parts = d.split(b"\n", 3)          # P5, "w h", max, pixels
    return sum(1 for b in parts[3] if b < 250) / len(parts[3])
sys.exit(0 if len(pages) == 10 and all(ink(p) > 0.01 for p in pages) else 1)
EOF
"$G" summary -q --to 2021-06-30 -o "$T/again" $MAIN 2>/dev/null
check "deterministic charts.pdf" cmp -s "$T/main/charts.pdf" "$T/again/charts.pdf"

# 2. --no-charts writes none
"$G" summary -q --no-charts -o "$T/none" $MAIN 2>/dev/null
check "--no-charts exits 0" test $? -eq 0
check "--no-charts: no charts.pdf" test ! -e "$T/none/charts.pdf"
check "--no-charts: not in the manifest" sh -c "! grep -q charts.pdf '$T/none/manifest.json'"
"$G" summary -q --no-charts --png "$T/x" $MAIN > "$T/conflict.txt" 2>&1
check "--no-charts with --png is a usage error" test $? -eq 2

# 3. --png DIR: 10 PNGs at 300 dpi (180 × 110 mm → 2126 × 1299 px); --svg DIR: 10 SVGs
"$G" summary -q --to 2021-06-30 -o "$T/img" --png "$T/img/png" --svg "$T/img/svg" $MAIN 2>/dev/null
check "10 PNGs" test "$(ls "$T/img/png"/*.png | wc -l)" -eq 10
check "10 SVGs" test "$(ls "$T/img/svg"/*.svg | wc -l)" -eq 10
check "stable names" test -s "$T/img/png/bar_startups.png" -a -s "$T/img/svg/trend_loan_amount.svg"
check "PNGs at 300 dpi size" /usr/bin/python3 - "$T/img/png" <<'EOF'
import glob, struct, sys
ok = True
for p in glob.glob(sys.argv[1] + "/*.png"):
    d = open(p, "rb").read()
    w, h = struct.unpack(">II", d[16:24])
    i = d.find(b"pHYs")
    ppm = struct.unpack(">I", d[i + 4:i + 8])[0] if i > 0 else 0
    ok &= w == 2126 and h >= 1299 and ppm == 11811      # 300 dpi = 11811 px/m
sys.exit(0 if ok else 1)
EOF

# 4. a font family that is not installed: a warning, and the charts all the same
cp -r report_templates "$T/tpl"
sed -i 's/^family *=.*/family = Bogus Sans 123/' "$T/tpl/charts.ini"
"$G" summary -q --templates "$T/tpl" -o "$T/bogus" $MAIN 2> "$T/bogus.err"
check "bogus family exits 0" test $? -eq 0
check "substitution warning" grep -q '^guiyan: warning: font family "Bogus Sans 123" is not installed; using "' "$T/bogus.err"
check "warning printed once" test "$(grep -c 'Bogus Sans 123' "$T/bogus.err")" -eq 1
check "charts.pdf with the substitute" test -s "$T/bogus/charts.pdf"

# 5. no font at all: exit 3 before reading the data, naming the package to install
mkdir -p "$T/nofont"
cat > "$T/nofont/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$T/nofont/none</dir><cachedir>$T/nofont/cache</cachedir></fontconfig>
EOF
FONTCONFIG_FILE="$T/nofont/fonts.conf" "$G" summary -q -o "$T/nf" $MAIN > "$T/nf.txt" 2>&1
check "no font: exit 3" test $? -eq 3
check "no font: names fonts-noto-cjk" grep -q "install the Debian package fonts-noto-cjk" "$T/nf.txt"
check "no font: nothing written" test ! -e "$T/nf"
FONTCONFIG_FILE="$T/nofont/fonts.conf" "$G" summary -q --no-charts -o "$T/nf2" $MAIN 2>/dev/null
check "no font with --no-charts: exit 0" test $? -eq 0
for cmd in "track --as-of 2021-06-30 --targets samples/targets_2021.csv" \
           "reply -t reply_cppcc.txt --year 2020 --as-of 2021-06-15"; do
    FONTCONFIG_FILE="$T/nofont/fonts.conf" "$G" $cmd -q -o "$T/nf3" $MAIN > "$T/nf3.txt" 2>&1
    check "no font: ${cmd%% *} exits 3 before reading" sh -c "test $? -eq 3 && grep -q fonts-noto-cjk '$T/nf3.txt' && test ! -e '$T/nf3'"
done
FONTCONFIG_FILE="$T/nofont/fonts.conf" "$G" stars -q -o "$T/nf4" samples/stars_2020.csv > "$T/nf4.txt" 2>&1
check "no font: stars exits 3 before reading" sh -c "test $? -eq 3 && grep -q fonts-noto-cjk '$T/nf4.txt' && test ! -e '$T/nf4'"

finish
