#!/bin/sh
# Runs every test tier against the build in $1 (default build): cmocka unit tests, the CLI
# case table, the end-to-end checks, the fuzz targets of build-fuzz/ over their corpus and old
# crashes with a few seconds of fuzzing each; then the memory tiers named after it (valgrind,
# asan). Prints one closing line "suites: N passed, N failed".
B=${1:-build}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2
# for builds with sanitizers (make asan, the asan tier); other programs ignore these
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
       LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
pass=0; fail=0; failed=""
run() { # name, command...
    name=$1; shift
    log="$B/test-logs/$name.log"
    mkdir -p "$B/test-logs"
    if "$@" >"$log" 2>&1; then
        pass=$((pass + 1)); grep -h -E '^\[  (PASSED|FAILED)  \]|^[0-9]+ passed, [0-9]+ failed' "$log" | sed "s|^|$name: |"
    else
        fail=$((fail + 1)); failed="$failed $name"
        echo "$name: FAILED (log: $log)"; tail -n 30 "$log" | sed 's/^/    /'
    fi
}
for c in tests/test_*.c; do        # from the sources: a stale binary of a removed test is not run
    t="$B/tests/$(basename "$c" .c)"
    if [ -x "$t" ]; then run "$(basename "$t")" "$t"; else fail=$((fail + 1)); failed="$failed $(basename "$t")"; echo "$(basename "$t"): not built"; fi
done
for s in tests/cli/run.sh tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    run "$(basename "$(dirname "$s")")-$(basename "$s" .sh)" sh "$s" "$B"
done
run layers sh tools/check_layers.sh "${CC:-cc}"   # measures/ and fields/ stay pure
run fuzz sh tests/fuzz/run.sh check     # its own clang build, whatever $B is
# Memory tiers (`make check` asks for both), their suites two at a time, the slowest first,
# each run by tests/tier.sh and then reported here in order. valgrind: every unit test, the CLI
# cases and the four commands on samples/ under memcheck (tests/valgrind/). asan: the unit
# tests, CLI cases and end-to-end scripts built with AddressSanitizer and
# UndefinedBehaviorSanitizer in $B-asan (`make asan-build`).
lanes() { # tier, suite names (duplicates after the first ignored)
    tier=$1; shift
    list="$B/test-logs/$tier.suites"
    mkdir -p "$B/test-logs"
    printf '%s\n' "$@" | awk '!seen[$0]++' > "$list"
    xargs -P 2 -I @ sh tests/tier.sh "$B" "$tier" @ < "$list"
    [ "$tier" = valgrind ] && out="$B/valgrind" || out="$B-asan/tier"
    while read -r s; do
        run "$tier-$s" sh -c 'cat "$1.log"; exit "$(cat "$1.rc")"' - "$out/$s"
    done < "$list"
}
units=""
for c in tests/test_*.c; do units="$units $(basename "$c" .c)"; done
for tier in "$@"; do
    start=$(date +%s)
    case $tier in
    valgrind)
        mkdir -p "$B/valgrind"
        printf '#!/bin/sh\nexec sh "%s/tests/valgrind/memcheck" "%s/%s/guiyan" "$@"\n' \
            "$root" "$root" "$B" > "$B/valgrind/guiyan"
        chmod +x "$B/valgrind/guiyan"
        lanes valgrind cli commands test_charts_report test_cube test_chart test_letter $units ;;
    asan)
        e2e=""
        for s in tests/e2e/*.sh; do e2e="$e2e e2e-$(basename "$s" .sh)"; done
        lanes asan e2e-reply e2e-libreoffice e2e-samples e2e-track $e2e cli $units ;;
    *)  fail=$((fail + 1)); failed="$failed $tier"; echo "$tier: no such tier" ;;
    esac
    echo "$tier tier: $(($(date +%s) - start)) s"
done
echo "suites: $pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}"
[ "$fail" -eq 0 ]
