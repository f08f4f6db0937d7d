#!/bin/sh
# tier.sh BUILD TIER NAME — one suite of a memory tier, for tests/run.sh to start two at a time
# and then report in order. TIER valgrind: NAME is a unit test (test_*), cli (the CLI case table
# through BUILD/valgrind/guiyan) or commands (the four commands on samples/), all under memcheck;
# output in BUILD/valgrind. TIER asan: NAME is a unit test, cli or e2e-SCRIPT, run from the
# sanitizer build BUILD-asan; output in BUILD-asan/tier. NAME.log gets the output, NAME.rc the
# exit status.
B=$1 tier=$2 name=$3
case $tier in
valgrind) out="$B/valgrind" ;;
*)        out="$B-asan/tier" ;;
esac
mkdir -p "$out"
case $tier/$name in
valgrind/test_*)   sh tests/valgrind/memcheck "$B/tests/$name" ;;
valgrind/cli)      sh tests/cli/run.sh "$B/valgrind" ;;
valgrind/commands) sh tests/valgrind/commands.sh "$B" ;;
asan/test_*)       "$B-asan/tests/$name" ;;
asan/cli)          sh tests/cli/run.sh "$B-asan" ;;
asan/e2e-*)        sh "tests/e2e/${name#e2e-}.sh" "$B-asan" ;;
*)                 echo "no suite '$name' in tier '$tier'"; false ;;
esac > "$out/$name.log" 2>&1
echo $? > "$out/$name.rc"
