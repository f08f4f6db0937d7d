#!/bin/sh
# The accepted header spellings as a Markdown table, from report_templates/aliases.ini (or $1),
# for README.md's 准备导出文件 section: `sh tools/spellings.sh > block` and the README check
# (tests/e2e/readme.sh) keeps the two the same.
ini=${1:-report_templates/aliases.ini}
kinds=$(dirname "$ini")/kinds.ini
awk -F= '
# kinds.ini first: the labels of the other lists and their required fields (key!)
FILENAME == KINDS && /^\[/ { kind = substr($0, 2, length($0) - 2); next }
FILENAME == KINDS && $1 == "label" { kinds[kind] = $2; next }
FILENAME == KINDS && $1 == "fields" {
    n = split($2, f, ";")
    for (i = 1; i <= n; i++)
        if (f[i] ~ /!$/) { k = f[i]; sub(/[:!].*/, "", k); need[kind, k] = 1 }
    next
}
FILENAME == KINDS { next }
FNR == 1 { kind = "" }
BEGIN {
    kinds["records"] = "创业台账"; kinds["stars"] = "明星名单"; kinds["targets"] = "目标文件"
    kinds["indicators"] = "目标文件的指标名称"
    need["records", "id_number"] = need["records", "county"] = need["records", "start_date"] = 1
    need["stars", "name"] = need["stars", "id_number"] = need["stars", "county"] = 1
    need["stars", "level"] = need["stars", "category"] = need["stars", "year"] = 1
    need["targets", "county"] = 1
    print "| 表 | 字段 | 必需 | 可识别的表头写法 |"
    print "|---|---|---|---|"
}
/^\[/ { kind = substr($0, 2, length($0) - 2); next }
/^#/ || !/=/ || kind == "" { next }
{
    key = $1; val = substr($0, index($0, "=") + 1)
    gsub(/;/, "、", val)
    req = (kind, key) in need ? "是" : (kind == "targets" ? "长表必需" : "")
    if (kind == "indicators") req = ""
    if (key == "township") req = "按县统计时必需"   # --region a county: its townships are the rows
    printf "| %s | `%s` | %s | %s |\n", kinds[kind], key, req, val
}' KINDS="$kinds" "$kinds" "$ini"
