#!/bin/sh
# suite.sh BUILD NAME — one suite of the valgrind tier, for tests/run.sh to start two at a
# time: NAME is a unit test (test_*), cli (the CLI case table) or commands (the four commands
# on samples/). Its output goes to BUILD/valgrind/NAME.log, its exit status to NAME.rc.
B=$1 name=$2
V="$B/valgrind"
case $name in
test_*)   sh tests/valgrind/memcheck "$B/tests/$name" ;;
cli)      sh tests/cli/run.sh "$V" ;;          # $V/guiyan runs guiyan under memcheck
commands) sh tests/valgrind/commands.sh "$B" ;;
*)        echo "no valgrind suite '$name'"; false ;;
esac > "$V/$name.log" 2>&1
echo $? > "$V/$name.rc"
