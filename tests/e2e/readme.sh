#!/bin/sh
# Every `build/guiyan …` example in README.md runs as written (outputs redirected into a scratch
# folder) and exits 0, and the figures the README quotes are the ones these runs produce.
. "$(dirname "$0")/lib/common.sh"

# the indented example lines, continuation lines joined
awk '/^    build\/guiyan / { cmd = $0; while (cmd ~ /\\$/) { sub(/\\$/, "", cmd); getline nxt; cmd = cmd nxt }
                             sub(/^ +/, "", cmd); gsub(/  +/, " ", cmd); print cmd }' README.md > "$T/examples"
check "README has its seven examples" test "$(wc -l < "$T/examples")" -eq 7
i=0
while read -r cmd; do
    i=$((i + 1))
    run=$(printf '%s' "$cmd" | sed "s|^build/guiyan|$B/guiyan|; s| -o out| -o $T/out|")
    sh -c "$run" > "$T/ex$i.out" 2>&1
    check "example $i runs: $(printf '%s' "$cmd" | cut -c1-60)…" test $? -eq 0
done < "$T/examples"

# the figures the README states
check "README's 1510 persons in 2021 1—6月" grep -q '^,合计,2021-06-YTD,1510,' "$T/out/summary.csv"
check "README's track figure: loans 40.42% of 2亿元, 9.58 points below" \
    grep -q '^,合计,创业担保贷款发放金额(万元),20000.0000,[0-9.]*,8083.9000,40.42,50.00,-9.58,' "$T/out/track/track.csv"
for fig in 1.85万人 1.79万个 1.88亿元 3146人 1435人 675家 1.55亿元 明星20名 创业意愿412个 培训意愿631个 \
           项目100余个 56人的创业导师团队 指导服务上千人次 培训创业人员4245人次; do
    check "README's reply figure $fig" grep -q "$fig" "$T/out/reply/reply.txt"
done
check "README's stars sentence" grep -q '共评选产生市级返乡创业明星20名、明星企业13家；获评省返乡创业明星11名，省返乡创业明星企业7家' "$T/out/stars/stars.txt"
check "README's check line (masked ID, Excel reason)" \
    grep -q '^guiyan: messy_2021.csv:9: column 证件号码: "5.11102E+17": ID number was turned into scientific notation by Excel' "$T/ex3.out"
check "README's check of a roster and a targets file" sh -c "grep -q '^guiyan: targets_2021.csv (targets, UTF-8): 83 rows read: 83 accepted, 0 skipped' '$T/ex4.out' && grep -q '^  indicator → 指标 (indicator)' '$T/ex4.out' && grep -q '^stars_2020.csv: header on line 1, read by CSV:' '$T/ex4.out'"
check "README's county lines (未填乡镇)" sh -c "grep -q '^guiyan: 98 rows without a known township of 犍为县 were counted under 未填乡镇:' '$T/ex2.out' && grep -q '^guiyan:   \"新民镇\": 49 rows (not a township of 犍为县)' '$T/ex2.out'"

# the accepted spellings in 准备导出文件 are what tools/spellings.sh makes of aliases.ini
sed -n '/<!-- spellings:begin -->/,/<!-- spellings:end -->/p' README.md | sed '1d;$d' > "$T/spellings.readme"
sh tools/spellings.sh > "$T/spellings.ini"
check "README's spellings table is aliases.ini's (sh tools/spellings.sh)" cmp -s "$T/spellings.readme" "$T/spellings.ini"
check "samples/header_template.csv is read as a header with no rows" \
    sh -c "'$G' check samples/header_template.csv 2>&1 | grep -q '0 rows read: 0 accepted'"

finish
