#!/bin/sh
# Runs every test tier against the build in $1 (default build): cmocka unit tests, the CLI
# case table, the end-to-end checks; then the fuzz targets of build-fuzz/ over their corpus
# and old crashes, and a few seconds of fuzzing each. Prints one closing line "N passed, N
# failed".
B=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root" || exit 2
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
run fuzz sh tests/fuzz/run.sh check     # its own clang build, whatever $B is
echo "suites: $pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}"
[ "$fail" -eq 0 ]
