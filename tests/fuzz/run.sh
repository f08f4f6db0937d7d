#!/bin/sh
# The libFuzzer targets of tests/fuzz/, built by `make fuzz-build` into build-fuzz/fuzz/.
#   run.sh check        the test suite: every file of tests/fuzz/corpus/T and tests/fuzz/regress/T
#                       through target fuzz_T, then FUZZ_CHECK_TIME seconds (default 3) of fuzzing
#                       from the corpus into a scratch folder. Prints "N passed, N failed".
#   run.sh fuzz [SECS [T...]]  fuzz each target (or those named) SECS seconds (default 60), one
#                       after another, with build-fuzz/corpus/T as its working corpus; crashes go
#                       to build-fuzz/crashes/T/. Exits 1 when a target crashed.
#   run.sh merge        add the inputs of build-fuzz/corpus/T that reach code the committed corpus
#                       does not to tests/fuzz/corpus/T (libFuzzer -merge=1; edges only, not how
#                       often each runs, which keeps the committed corpus small).
# One fuzzer at a time: the machine is shared.
mode=${1:-check}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
cd "$root" || exit 2
B=build-fuzz
# -timeout: a single input slower than this is a hang, reported as a crash
opts="-timeout=10 -rss_limit_mb=2048 -print_final_stats=1"
# a GLib critical (a broken g_return_if_fail contract) is a crash too
export G_DEBUG=fatal-criticals
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1

targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
pass=0; fail=0

# The seed files and old crashes of target $1 (none may be missing: an empty list would fuzz).
inputs() {
    find "tests/fuzz/corpus/$1" "tests/fuzz/regress/$1" -type f 2>/dev/null | sort
}

dict() { [ -f "tests/fuzz/$1.dict" ] && echo "-dict=tests/fuzz/$1.dict"; }

# "runs N, cov N" from a libFuzzer log.
stats() {
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$1" | tail -n 1)
    echo "${runs:-?} runs, ${cov:-cov: ?}"
}

check_one() { # target
    t=$1 bin="$B/fuzz/fuzz_$1" log="$B/fuzz-logs/$1"
    mkdir -p "$B/fuzz-logs" "$B/fuzz-artifacts/$t"
    if [ ! -x "$bin" ]; then
        fail=$((fail + 2)); echo "FAIL $t: $bin not built (make fuzz-build)"; return
    fi
    files=$(inputs "$t")
    if [ -z "$files" ]; then
        fail=$((fail + 1)); echo "FAIL $t: no corpus in tests/fuzz/corpus/$t"
    # shellcheck disable=SC2086  # one argument per file; the names hold no blanks
    elif "$bin" $opts -artifact_prefix="$B/fuzz-artifacts/$t/" $files >"$log.replay" 2>&1; then
        pass=$((pass + 1)); echo "ok   replay $t: $(echo "$files" | wc -l) inputs"
    else
        fail=$((fail + 1)); echo "FAIL replay $t (log: $log.replay)"
        grep -E 'property failed|ERROR|SUMMARY|Running:' "$log.replay" | tail -n 6 | sed 's/^/    /'
    fi
    work=$(mktemp -d)
    # shellcheck disable=SC2046
    if "$bin" $opts $(dict "$t") -max_total_time="${FUZZ_CHECK_TIME:-3}" \
        -artifact_prefix="$B/fuzz-artifacts/$t/" "$work" "tests/fuzz/corpus/$t" >"$log.fuzz" 2>&1; then
        pass=$((pass + 1)); echo "ok   fuzz $t: $(stats "$log.fuzz")"
    else
        fail=$((fail + 1)); echo "FAIL fuzz $t (log: $log.fuzz)"
        grep -E 'property failed|ERROR|SUMMARY|Test unit written' "$log.fuzz" | tail -n 6 | sed 's/^/    /'
    fi
    rm -rf "$work"
}

case $mode in
check)
    if ! command -v clang >/dev/null 2>&1; then
        echo "FAIL clang is missing: the fuzz targets need clang and libclang-rt-14-dev (make deps)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    for t in $targets; do check_one "$t"; done
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    ;;
fuzz)
    secs=${2:-60}
    [ $# -gt 2 ] && shift 2 && targets=$*
    crashed=""
    for t in $targets; do
        corpus="$B/corpus/$t" crashes="$B/crashes/$t/" log="$B/fuzz-logs/$t.long"
        mkdir -p "$corpus" "$crashes" "$B/fuzz-logs"
        for f in $(inputs "$t"); do cp -n "$f" "$corpus/" 2>/dev/null; done
        echo "fuzz $t for ${secs}s (log: $log)"
        # shellcheck disable=SC2046
        if "$B/fuzz/fuzz_$t" $opts $(dict "$t") -max_total_time="$secs" \
            -artifact_prefix="$crashes" "$corpus" >"$log" 2>&1; then
            echo "  $(stats "$log"), corpus $(ls "$corpus" | wc -l) inputs"
        else
            crashed="$crashed $t"
            echo "  CRASH:"; grep -E 'property failed|ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/    /'
        fi
    done
    if [ -n "$crashed" ]; then
        echo "crashed:$crashed — keep each input under tests/fuzz/regress/TARGET/ once fixed"
        exit 1
    fi
    ;;
merge)
    for t in $targets; do
        [ -d "$B/corpus/$t" ] || continue
        before=$(ls "tests/fuzz/corpus/$t" | wc -l)
        "$B/fuzz/fuzz_$t" -merge=1 -use_counters=0 $opts "tests/fuzz/corpus/$t" "$B/corpus/$t" \
            >"$B/fuzz-logs/$t.merge" 2>&1 || { echo "merge $t failed (log: $B/fuzz-logs/$t.merge)"; exit 1; }
        echo "merge $t: $before + $(($(ls "tests/fuzz/corpus/$t" | wc -l) - before)) inputs"
    done
    ;;
*)
    echo "usage: run.sh check|fuzz [SECONDS]|merge" >&2
    exit 2
    ;;
esac
