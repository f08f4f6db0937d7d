#!/bin/sh
# make bench, charts — time per chart: the bar chart of charts.pdf page 1 (12 counties, the
# samples' 2021年1—6月 返乡创业人数; title, subtitle, value labels, unit, source note, page
# number) drawn N times into A4 landscape PDF by guiyan (tests/bench_chart.c: cairo + pango)
# and by matplotlib (python3-matplotlib, Noto Sans CJK) in the same run: as N one-page files,
# and as the N pages of one document (what charts.pdf is). Each after one warm-up chart;
# start-up not counted. BENCH_CHARTS=N sets N (default 50). Usage: bench/charts.sh [BUILD]
set -u
B=${1:-build}
N=${BENCH_CHARTS:-50}
D=bench/data
mkdir -p "$D"
sh tools/deps.sh python3-matplotlib fonts-noto-cjk || { echo "bench: needs python3-matplotlib"; exit 1; }

# the timing program, linked with the library as the tests are
PKGS="glib-2.0 gobject-2.0 pangocairo cairo pango xlsxwriter fontconfig libzip libxml-2.0 libcrypto"
cc -std=gnu11 -O2 -Iinclude $(pkg-config --cflags $PKGS) -o "$B/bench_chart" tests/bench_chart.c \
    "$B/libguiyan.a" $(pkg-config --libs $PKGS) -lcsv -lm -lpthread || exit 1

# the figures: 2021-06-YTD startups by county, from guiyan's own summary.csv of the samples
./$B/guiyan summary -q --ytd --to 2021-06-30 --no-charts -o "$D/charts_out" \
    samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv 2>/dev/null || exit 1
set -- $(awk -F, '$3 == "2021-06-YTD" && $2 != "合计" { print $2, $4 }' "$D/charts_out/summary.csv")
[ $# -eq 24 ] || { echo "bench: expected 12 counties in summary.csv, got $(($# / 2))"; exit 1; }

gy=$(./$B/bench_chart "$N" "$D/chart_guiyan.pdf" "$@" | awk '{ printf "%s ", $2 }')
set -- $gy "$@"
g1=${1:-} g2=${2:-}
[ -n "$g1" ] && [ -n "$g2" ] || { echo "bench: bench_chart failed"; exit 1; }
shift 2

mp=$(/usr/bin/python3 - "$N" "$D/chart_matplotlib.pdf" "$@" <<'EOF'
import sys, time, warnings
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.backends.backend_pdf import PdfPages
n, out = int(sys.argv[1]), sys.argv[2]
a = sys.argv[3:]
labels, values = a[0::2], [int(v) for v in a[1::2]]
# Noto Sans CJK SC when matplotlib lists it; matplotlib 3.6 reads only the first face of
# NotoSansCJK-Regular.ttc ("Noto Sans CJK JP"): the same file and the same glyph set
names = sorted({f.name for f in font_manager.fontManager.ttflist if f.name.startswith("Noto Sans CJK")})
if not names:
    sys.exit("bench: matplotlib finds no Noto Sans CJK font (apt-get install fonts-noto-cjk)")
family = "Noto Sans CJK SC" if "Noto Sans CJK SC" in names else names[0]
plt.rcParams["font.family"] = family
warnings.filterwarnings("ignore")

def figure():
    fig = plt.figure(figsize=(297 / 25.4, 210 / 25.4))
    fig.suptitle("乐山市2021年1—6月各县（市、区）返乡创业人数", fontsize=16, fontweight="bold", y=0.95)
    fig.text(0.5, 0.895, "2021年1—6月 · 数据截至2021年6月30日", ha="center", fontsize=10.5, color="#555555")
    ax = fig.add_axes([0.06, 0.17, 0.9, 0.66])
    bars = ax.bar(labels, values, color="#1f4e79", width=0.6)
    ax.bar_label(bars, labels=[str(v) for v in values], fontsize=9, padding=2)
    ax.set_title("单位：人", loc="left", fontsize=9)
    ax.yaxis.grid(True, color="#d9d9d9")
    ax.set_axisbelow(True)
    for s in ("top", "right", "left"):
        ax.spines[s].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    ax.tick_params(axis="y", labelsize=9)
    fig.text(0.06, 0.09, "数据来源：返乡创业实名制台账　　填报单位：乐山市人力资源和社会保障局", fontsize=9, color="#555555")
    fig.text(0.06, 0.065, "注：乐山市合计1510人。", fontsize=9, color="#555555")
    fig.text(0.5, 0.03, "第 1 页 共 1 页", ha="center", fontsize=9)
    return fig

def one(path):
    fig = figure()
    fig.savefig(path, format="pdf")
    plt.close(fig)

one(out)                                  # warm-up: font cache, imports
t0 = time.perf_counter()
for _ in range(n):
    one(out)
t1 = time.perf_counter()
with PdfPages(out + ".pages.pdf") as pdf:
    for _ in range(n):
        fig = figure()
        pdf.savefig(fig)
        plt.close(fig)
t2 = time.perf_counter()
print("%.3f %.3f %s" % ((t1 - t0) * 1000 / n, (t2 - t1) * 1000 / n, family.replace(" ", "_")))
EOF
)
set -- $mp
m1=${1:-} m2=${2:-} fam=${3:-}
[ -n "$m1" ] && [ -n "$m2" ] || { echo "bench: matplotlib failed"; exit 1; }

echo "charts: the bar chart of charts.pdf page 1 (12 counties) to A4 landscape PDF, $N times"
echo "  (matplotlib $(/usr/bin/python3 -c 'import matplotlib; print(matplotlib.__version__)') with $(echo "$fam" | tr _ ' '))"
awk -v g1="$g1" -v g2="$g2" -v m1="$m1" -v m2="$m2" 'BEGIN {
    printf "  %-44s %8.2f ms per chart\n", "guiyan, one-page PDF files", g1
    printf "  %-44s %8.2f ms per chart\n", "matplotlib, one-page PDF files", m1
    printf "  %-44s %8.2f ms per chart\n", "guiyan, pages of one PDF (as charts.pdf)", g2
    printf "  %-44s %8.2f ms per chart\n", "matplotlib, pages of one PDF (PdfPages)", m2
    if (g1 > 0 && g2 > 0)
        printf "  guiyan is %.1fx faster (one-page files), %.1fx faster (one document); goal 10x\n",
               m1 / g1, m2 / g2 }'
