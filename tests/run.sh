#!/bin/sh
# Runs every test tier against the build in $1 (default build): the main tier, then the memory
# tiers named after it (valgrind, asan). Prints one closing line "suites: N passed, N failed".
B=${1:-build}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2
# for builds with sanitizers (make asan, the asan tier); other programs ignore these
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
       LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
pass=0; fail=0; failed=""
run() { # name, seconds, command...
    name=$1 secs=$2; shift 2
    log="$B/test-logs/$name.log"
    mkdir -p "$B/test-logs"
    if "$@" >"$log" 2>&1; then
        pass=$((pass + 1)); grep -h -E '^\[  (PASSED|FAILED)  \]|^[0-9]+ passed, [0-9]+ failed' "$log" | sed "s|^|$name: |;s|\$| ($secs s)|"
    else
        fail=$((fail + 1)); failed="$failed $name"
        echo "$name: FAILED in $secs s (log: $log)"; tail -n 30 "$log" | sed 's/^/    /'
    fi
}
# Every tier runs its suites two at a time (each by tests/tier.sh, the slowest first so that the
# two lanes end together) and then reports them here in order, with the seconds each took.
# main: the cmocka unit tests, the CLI case table, the end-to-end checks, the layer rule and the
# fuzz targets of build-fuzz/ over their corpus and old crashes with a few seconds of fuzzing
# each. The memory tiers (`make check` asks for both): valgrind runs every unit test, the CLI
# cases and the four commands on samples/ under memcheck (tests/valgrind/); asan runs the unit
# tests, CLI cases and end-to-end scripts built with AddressSanitizer and
# UndefinedBehaviorSanitizer in $B-asan (`make asan-build`).
lanes() { # tier, suite names (duplicates after the first ignored)
    tier=$1; shift
    list="$B/test-logs/$tier.suites"
    mkdir -p "$B/test-logs"
    printf '%s\n' "$@" | awk '!seen[$0]++' > "$list"
    xargs -P 2 -I @ sh tests/tier.sh "$B" "$tier" @ < "$list"
    case $tier in main) out="$B/tier" ;; valgrind) out="$B/valgrind" ;; *) out="$B-asan/tier" ;; esac
    while read -r s; do
        run "$tier-$s" "$(cat "$out/$s.secs" 2>/dev/null)" sh -c 'cat "$1.log"; exit "$(cat "$1.rc")"' - "$out/$s"
    done < "$list"
}
units="" e2e=""
for c in tests/test_*.c; do units="$units $(basename "$c" .c)"; done   # from the sources: a stale
for s in tests/e2e/*.sh; do e2e="$e2e e2e-$(basename "$s" .sh)"; done  # binary is not run
for tier in main "$@"; do
    start=$(date +%s)
    case $tier in
    main)
        lanes main e2e-faults e2e-ledger fuzz e2e-declared e2e-workbooks e2e-reply $e2e cli $units layers ;;
    valgrind)
        mkdir -p "$B/valgrind"
        printf '#!/bin/sh\nexec sh "%s/tests/valgrind/memcheck" "%s/%s/guiyan" "$@"\n' \
            "$root" "$root" "$B" > "$B/valgrind/guiyan"
        chmod +x "$B/valgrind/guiyan"
        lanes valgrind cli commands test_charts_report test_cube test_chart test_letter $units ;;
    asan)
        lanes asan e2e-faults e2e-ledger e2e-declared e2e-badinput e2e-workbooks $e2e cli $units ;;
    *)  fail=$((fail + 1)); failed="$failed $tier"; echo "$tier: no such tier" ;;
    esac
    echo "$tier tier: $(($(date +%s) - start)) s"
done
echo "suites: $pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}"
[ "$fail" -eq 0 ]
