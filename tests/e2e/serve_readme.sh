#!/bin/sh
# The curl example of README.md's guiyan serve section runs as written against a server on
# 127.0.0.1 (its port put in), and the workbook it downloads is the command line's.
. "$(dirname "$0")/lib/common.sh"
export GUIYAN_PBKDF2_ITERATIONS=1000
echo 'Xin-Mima-2024' | "$G" serve --data "$T/data" --add-user wang --password-stdin
"$G" serve --data "$T/data" --listen 127.0.0.1:0 > "$T/server.out" 2>"$T/server.err" &
pid=$!
for i in $(seq 50); do grep -q listening "$T/server.out" && break; sleep 0.1; done
url=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$T/server.out")
check "the server listens" [ -n "$url" ]
sed -n '/<!-- serve-api-example -->/,/<!-- \/serve-api-example -->/p' README.md | sed '1d;$d; s/^    //' |
    sed "s|^U=http://127.0.0.1:8600|U=$url|" > "$T/example.sh"
check "README has the curl example" grep -q "api/jobs" "$T/example.sh"
mkdir "$T/work" && ln -s "$PWD/samples" "$T/work/samples"
( cd "$T/work" && timeout 120 sh -e "$T/example.sh" ) > "$T/example.out" 2>&1
check "the example runs" [ $? -eq 0 ]
check "it reports the accounting" has "$T/example.out" '"accounting":{"read":21168,"accepted":20352,"duplicate":816'
mkdir "$T/c" && cp samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv "$T/c/"
( cd "$T/c" && "$G" summary -q --to=2021-06-30 --ytd -o ../cli leshan_2019.csv leshan_2020.csv leshan_2021_h1.csv )
check "the downloaded summary.xlsx is the command line's" cmp -s "$T/work/summary.xlsx" "$T/cli/summary.xlsx"
check "outputs.zip downloaded" [ -s "$T/work/outputs.zip" ]
kill "$pid"; wait "$pid"
check "the server stops cleanly on SIGTERM" [ $? -eq 0 ]
finish
