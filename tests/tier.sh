#!/bin/sh
# tier.sh BUILD TIER NAME — one suite, for tests/run.sh to start two at a time and then report in
# order. NAME.log gets the output, NAME.rc the exit status, NAME.secs the seconds it took.
#   main      NAME is a unit test (test_*), cli (the CLI case table), e2e-SCRIPT, layers or fuzz,
#             run from BUILD; output in BUILD/tier.
#   valgrind  NAME is a unit test, cli (the CLI case table through BUILD/valgrind/guiyan) or
#             commands (the four commands on samples/), all under memcheck; output in BUILD/valgrind.
#   asan      NAME is a unit test, cli or e2e-SCRIPT, run from the sanitizer build BUILD-asan;
#             output in BUILD-asan/tier.
B=$1 tier=$2 name=$3
case $tier in
main)     out="$B/tier" ;;
valgrind) out="$B/valgrind" ;;
*)        out="$B-asan/tier" ;;
esac
mkdir -p "$out"
start=$(date +%s)
case $tier/$name in
main/test_*)       if [ -x "$B/tests/$name" ]; then "$B/tests/$name"; else echo "$name: not built"; false; fi ;;
main/cli)          sh tests/cli/run.sh "$B" ;;
main/e2e-*)        sh "tests/e2e/${name#e2e-}.sh" "$B" ;;
main/layers)       sh tools/check_layers.sh "${CC:-cc}" ;;   # measures/ and fields/ stay pure
main/fuzz)         sh tests/fuzz/run.sh check ;;             # its own clang build, whatever BUILD is
valgrind/test_*)   sh tests/valgrind/memcheck "$B/tests/$name" ;;
valgrind/cli)      sh tests/cli/run.sh "$B/valgrind" ;;
valgrind/commands) sh tests/valgrind/commands.sh "$B" ;;
asan/test_*)       "$B-asan/tests/$name" ;;
asan/cli)          sh tests/cli/run.sh "$B-asan" ;;
asan/e2e-*)        sh "tests/e2e/${name#e2e-}.sh" "$B-asan" ;;
*)                 echo "no suite '$name' in tier '$tier'"; false ;;
esac > "$out/$name.log" 2>&1
echo $? > "$out/$name.rc"
echo $(($(date +%s) - start)) > "$out/$name.secs"
