# common.sh — what every end-to-end script starts with: $B the build folder (first argument),
# $G its guiyan, $PY Debian's python3 (the one with openpyxl), $T a scratch folder removed on
# exit, and check/has/hasnt counting passes and failures for finish's closing line.
B=${1:-build}
G="$PWD/$B/guiyan"
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# a GLib critical (gy_fail without a message, a failed g_return_if_fail) aborts: a bug, not a pass
export G_DEBUG=fatal-criticals
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }
has() { grep -qF -- "$2" "$1"; }          # file, fixed text
hasnt() { ! grep -qF -- "$2" "$1"; }
# "N passed, N failed", and the exit status
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
