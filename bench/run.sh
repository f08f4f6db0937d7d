#!/bin/sh
# make bench — wall time, rows/s and peak memory of `guiyan summary --by county,month` on
# generated 1M- and 10M-row exports, next to GNU datamash and Miller computing the same
# figures (distinct persons, loans and their sum, jobs by county and start month) in the
# same run; the largest size again with a training list of a fifth of its rows (10M + 2M), by
# summary and by track (the 2021 sample targets as of 2024-06-30); and
# the 1M-startup ledger as twelve monthly snapshots. BENCH_ROWS="1000000" limits
# the sizes; data is cached in bench/data/. guiyan's
# time is the median of BENCH_RUNS runs (3), peak memory the highest.
set -u
B=${1:-build}
ROWS=${BENCH_ROWS:-"1000000 10000000"}
D=bench/data
mkdir -p "$D"
for p in datamash miller time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        sh tools/deps.sh "$p" || { echo "bench: needs $p"; exit 1; }
done

# peak RSS (KiB) and wall seconds of a command, via GNU time
measure() { # label, rows, command...
    label=$1 rows=$2; shift 2
    /usr/bin/time -f '%e %M' -o "$D/time.txt" "$@" >/dev/null 2>"$D/err.txt" || {
        echo "bench: $label failed:"; tail -3 "$D/err.txt"; return 1; }
    read -r secs kib < "$D/time.txt"
    awk -v l="$label" -v s="$secs" -v k="$kib" -v r="$rows" 'BEGIN {
        printf "  %-34s %8.2f s %12.0f rows/s %8.0f MiB\n", l, s, (s > 0 ? r / s : 0), k / 1024 }'
    echo "$secs" > "$D/last.txt"
}

# guiyan, RUNS times (BENCH_RUNS, default 3): the median run, and the range. On a virtual
# machine the same run varies by a second, with how fresh the memory it gets is.
measure_runs() { # label, rows, command...
    label=$1 rows=$2; shift 2
    : > "$D/runs.txt"
    i=0
    while [ "$i" -lt "${BENCH_RUNS:-3}" ]; do
        /usr/bin/time -f '%e %M' -o "$D/time.txt" "$@" >/dev/null 2>"$D/err.txt" || {
            echo "bench: $label failed:"; tail -3 "$D/err.txt"; return 1; }
        cat "$D/time.txt" >> "$D/runs.txt"
        i=$((i + 1))
    done
    sort -n "$D/runs.txt" | awk -v l="$label" -v r="$rows" -v f="$D/last.txt" '
        { s[NR] = $1; if ($2 > k) k = $2 }
        END { m = s[int((NR + 1) / 2)]
              printf "  %-34s %8.2f s %12.0f rows/s %8.0f MiB   (%d runs: %.2f-%.2f s)\n",
                     l, m, (m > 0 ? r / m : 0), k / 1024, NR, s[1], s[NR]
              print m > f }'
}

echo "guiyan $(./$B/guiyan --version | cut -d' ' -f2) on $(nproc) cores, $(date -u +%Y-%m-%d)"
for n in $ROWS; do
    f="$D/bench_$n.csv"
    [ -s "$f" ] || ./$B/gensamples bench "$n" "$f" || exit 1
    size=$(du -m "$f" | cut -f1)
    echo "$n rows, $size MB:"
    measure_runs "guiyan summary --by county,month" "$n" ./$B/guiyan summary --by county,month -q -o "$D/out" "$f" || exit 1
    g=$(cat "$D/last.txt")
    measure "guiyan (one reader)" "$n" env GUIYAN_THREADS=1 ./$B/guiyan summary --by county,month -q -o "$D/out1" "$f"
    measure "awk | datamash" "$n" sh bench/datamash.sh "$f"
    dm=$(cat "$D/last.txt")
    if [ "$n" -le 1000000 ]; then
        measure "Miller (mlr)" "$n" sh bench/mlr.sh "$f"
    else
        echo "  mlr: skipped above 1M rows (minutes; see 1M for its rate)"
    fi
    awk -v g="$g" -v d="$dm" 'BEGIN { if (g > 0) printf "  guiyan is %.1fx faster than awk | datamash\n", d / g }'
done

# The startup rows with a 培训台账 beside them (issue 18): 10M startup rows plus 2M training rows
# in one run (a fifth of the largest size; BENCH_TRAINING_ROWS sets it), time and memory next
# to the startup rows alone (the first line of that size above). The training list is read into
# the store of the other lists, and summary writes lists.csv from it.
for n in $ROWS; do last=$n; done
t=${BENCH_TRAINING_ROWS:-$((last / 5))}
tf="$D/training_$t.csv"
[ -s "$tf" ] || ./$B/gensamples training "$t" "$tf" || exit 1
echo "$last startup rows and $t training rows, $(du -cm "$D/bench_$last.csv" "$tf" | tail -1 | cut -f1) MB:"
measure_runs "guiyan summary, startups alone" "$last" ./$B/guiyan summary --by county,month -q -o "$D/out" "$D/bench_$last.csv" || exit 1
measure_runs "guiyan summary, with the training list" "$((last + t))" ./$B/guiyan summary --by county,month -q -o "$D/out" "$D/bench_$last.csv" "$tf" || exit 1
# track with the training targets (返乡创业培训, 劳务品牌培训): the list is read once per table
# (months, year to date, last year), not once per cell
TRACK="track --no-charts -q --as-of 2024-06-30 --targets samples/targets_2021.csv -o $D/track"
measure_runs "guiyan track, startups alone" "$last" ./$B/guiyan $TRACK "$D/bench_$last.csv" || exit 1
measure_runs "guiyan track, with the training list" "$((last + t))" ./$B/guiyan $TRACK "$D/bench_$last.csv" "$tf" || exit 1

# The 1M-startup ledger of one year exported as twelve monthly snapshots (every startup to its
# month, with its state then: about 6.5M rows), next to its December snapshot alone: the cost of
# deciding every startup by the newest export.
case " $ROWS " in *" 1000000 "*)
    S="$D/snapshots_1000000"
    [ -s "$S/ledger_2021-12.csv" ] || ./$B/gensamples snapshots 1000000 "$S" || exit 1
    # (not $rows: measure_runs sets that, and sh has no local variables)
    n_snap=$(cat "$S"/ledger_2021-*.csv | wc -l)
    n_snap=$((n_snap - 12))
    echo "1M startups as twelve monthly snapshots, $n_snap rows, $(du -cm "$S"/ledger_2021-*.csv | tail -1 | cut -f1) MB:"
    measure_runs "guiyan, December's snapshot alone" 1000000 ./$B/guiyan summary --by county,month -q -o "$D/out" "$S/ledger_2021-12.csv" || exit 1
    measure_runs "guiyan, all twelve snapshots" "$n_snap" ./$B/guiyan summary --by county,month -q -o "$D/out" "$S"/ledger_2021-*.csv || exit 1
    # the same rows as one export (one header): reading them without deciding anything, the
    # cost that supersession is held against
    [ -s "$S/all_rows.csv" ] || { head -n 1 "$S/ledger_2021-01.csv"
        for f in "$S"/ledger_2021-*.csv; do tail -n +2 "$f"; done; } > "$S/all_rows.csv"
    measure_runs "guiyan, the same rows as one export" "$n_snap" ./$B/guiyan summary --by county,month -q -o "$D/out" "$S/all_rows.csv" || exit 1
    ;;
esac

echo
sh bench/xlsx.sh "$B"
echo
sh bench/charts.sh "$B"
