#!/bin/sh
# CLI cases: arguments + input → exit code, and the wording of what guiyan says.
# Each case: name, expected exit code, a text that stdout+stderr must contain (may be empty),
# then the command. Prints "N passed, N failed".
B=${1:-build}
G="$PWD/$B/guiyan"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME="$T/config"      # the user's own aliases.ini, made by the cases below
export G_DEBUG=fatal-criticals          # a failure without a message (gy_fail(NULL)) aborts
pass=0; fail=0

case_() { # name, exit, expected text, command...
    name=$1 want=$2 text=$3; shift 3
    out=$("$@" 2>&1); got=$?
    if [ "$got" -ne "$want" ]; then
        fail=$((fail + 1)); echo "FAIL $name: exit $got, wanted $want"; echo "$out" | head -5 | sed 's/^/    /'
    elif [ -n "$text" ] && ! printf '%s' "$out" | grep -qF -- "$text"; then
        fail=$((fail + 1)); echo "FAIL $name: output lacks: $text"; echo "$out" | head -5 | sed 's/^/    /'
    else
        pass=$((pass + 1)); echo "ok   $name"
    fi
}

H='身份证号码,姓名,县(市、区),创业时间,经济实体名称,带动就业人数,贷款金额(万元),贷款发放日期'
printf '%s\r\n' "$H" > "$T/header_only.csv"
: > "$T/empty.csv"
printf '身份证号码,姓名,县(市、区),经济实体名称\r\n11010519491231002X,张三,市中区,甲\r\n' > "$T/no_date.csv"
printf '县(市、区),身份证号码,创业时间\n市中区\n' > "$T/short_row.csv"
printf '%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n' "$H" \
    '11010519491231002X,张三,市中区,2021-06-15,甲合作社,3,12.5,2021-06-20' \
    '5.11102E+17,李四,峨边,2021/6/1,乙,,,' \
    '11010519491231002X,张三,市中区,2021年6月15日,甲合作社,3,12.5,44367' \
    '511102199001011239,王五,犍为县,2021-02-30,丙,,,' > "$T/small.csv"

case_ version           0 "guiyan 0.1.0"            "$G" --version
case_ help              0 "Usage: guiyan COMMAND"   "$G" --help
case_ no-command        2 "Usage: guiyan COMMAND"   "$G"
case_ unknown-command   2 "unknown command 'frob'"  "$G" frob
case_ summary-help      0 "--by county,PERIOD"      "$G" summary --help
case_ check-help        0 "Usage: guiyan check"     "$G" check --help
# every command's --help lists each common option it takes, as an option line of its own
for c in summary track reply stars check; do
    for o in "--sheet NAME|N|all" "--aliases FILE" "--org NAME" "--progress-fd N" "      --group-readable"; do
        n=${o#"${o%%-*}"}; case_ "$c-help${n%% *}" 0 "$o" "$G" "$c" --help
    done
    [ "$c" = stars ] || case_ "$c-help-order" 0 "--order given|cut-off" "$G" "$c" --help
done
case_ help-common-zh    0 "--progress-fd N    在描述符 N 上逐行写 JSON 格式的进度，供前端使用" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" stars --help
case_ no-files          2 "no input files"          "$G" summary
case_ bad-by            2 "--by takes county,month, county,quarter or county,year, not 'county,week'" \
                                                    "$G" summary --by county,week "$T/small.csv"
case_ bad-date-opt      2 "--to: '2021-13-01' is not a date" "$G" summary --to 2021-13-01 "$T/small.csv"
case_ bad-encoding      2 "unknown encoding 'latin1' (use utf-8 or gb18030)" \
                                                    "$G" check --encoding latin1 "$T/small.csv"
case_ missing-file      3 "nonexistent.csv: No such file or directory" "$G" check "$T/nonexistent.csv"
case_ empty-file        2 "the file is empty: no header row" "$G" check "$T/empty.csv"
case_ missing-column    2 "no_date.csv:1: required columns missing: 创业时间 (known spellings: 创业时间、创业日期、开业时间)" \
                                                    "$G" check "$T/no_date.csv"
case_ missing-col-zh    2 "no_date.csv:1: 缺少必需的列：创业时间（可识别的写法：创业时间、创业日期、开业时间）" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/no_date.csv"
case_ header-only       0 "0 rows read: 0 accepted, 0 duplicate, 0 rejected" \
                                                    "$G" summary -q -o "$T/out0" "$T/header_only.csv"
case_ header-only-csv   0 "county_code,county,period" cat "$T/out0/summary.csv"
case_ short-row         0 "short_row.csv:2: column 身份证号码: \"\": row has fewer cells than the header (cut short?)" \
                                                    "$G" check "$T/short_row.csv"
case_ accounting        0 "4 rows read: 1 accepted, 1 duplicate, 2 rejected" \
                                                    "$G" check "$T/small.csv"
case_ reject-excel      0 "small.csv:3: column 身份证号码: \"5.11102E+17\": ID number was turned into scientific notation by Excel" \
                                                    "$G" check "$T/small.csv"
case_ reject-date       0 "small.csv:5: column 创业时间: \"2021-02-30\": no such day in the calendar" \
                                                    "$G" check "$T/small.csv"
case_ reject-zh         0 "身份证号码被 Excel 转成了科学计数法" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/small.csv"
case_ strict            1 "2 rejected"              "$G" summary --strict -q -o "$T/out1" "$T/small.csv"
case_ rejects-csv       0 "small.csv,3,身份证号码,5.11102E+17,身份证号码被 Excel 转成了科学计数法" \
                                                    cat "$T/out1/rejects.csv"
case_ summary-row       0 "511102,市中区,2021-06,1,1,1,12.5000,3" cat "$T/out1/summary.csv"
case_ manifest          0 "\"rows_duplicate\": 1"   cat "$T/out1/manifest.json"
case_ bad-region        2 "region 999999"           "$G" check --region 999999 "$T/small.csv"
case_ unwritable-out    3 "/dev/full"               "$G" summary -q -o /dev/full/x "$T/small.csv"
printf '%s\r\n%s\r\n' "$H" '511102199001011230,赵六,市中区,2021-06-01,丁,,,' > "$T/badcheck.csv"
case_ reject-id-masked  0 "\"511102********1230\": ID number check character is wrong" \
                                                    "$G" check "$T/badcheck.csv"
case_ reject-id-unmask  0 "\"511102199001011230\": ID number check character is wrong" \
                                                    "$G" check --unmask "$T/badcheck.csv"
# an ID number with a byte that is not UTF-8, or with text around it, is masked all the same
printf '%s\r\n%s\377,赵六,市中区,2021-06-01,丁,,,\r\n%s\r\n' "$H" '511102199001011230' \
    '511102199001011239号,钱七,市中区,2021-06-01,戊,,,' > "$T/idtext.csv"
case_ reject-id-bad-byte 0 "\"511102********1230?\": bytes not valid in the file's encoding" \
                                                    "$G" check --encoding utf-8 "$T/idtext.csv"
case_ reject-id-in-text 0 "\"511102********1239号\": ID number has characters other" \
                                                    "$G" check --encoding utf-8 "$T/idtext.csv"
# one accepted row: settling a store of one record once crashed every command
printf '%s\r\n%s\r\n' "$H" '11010519491231002X,张三,市中区,2021-06-15,甲合作社,3,12.5,2021-06-20' \
    > "$T/one_row.csv"
case_ one-row           0 "1 rows read: 1 accepted, 0 duplicate, 0 rejected" \
                                                    "$G" check "$T/one_row.csv"
case_ no-partial-files  0 ""                        sh -c "! ls -a '$T/out1' | grep -q tmp"

# --- issue 20: the 填报单位 follows the region; one message per usage error ---
printf '%s\r\n%s\r\n' "$H" '11010519491231002X,张三,东坡区,2021-06-15,甲合作社,3,12.5,2021-06-20' > "$T/meishan.csv"
case_ org-warning       0 "warning: no organisation is configured for 眉山市: 填报单位 is left blank (name it with --org, or with org= under [report 511400] in" \
                                                    "$G" summary --no-charts -o "$T/org1" --region 眉山市 "$T/meishan.csv"
case_ org-warning-zh    0 "警告: 没有为眉山市配置填报单位，报表上的填报单位留空（用 --org 指定，或在" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" summary -q --no-charts -o "$T/org1" --region 511400 "$T/meishan.csv"
case_ org-not-leshan    0 ""                        sh -c "! unzip -p '$T/org1/summary.xlsx' xl/sharedStrings.xml | grep -q 乐山市人力资源"
case_ org-option        0 "填报单位：眉山市人力资源和社会保障局" \
                        sh -c "'$G' summary -q --no-charts -o '$T/org2' --region 眉山市 --org 眉山市人力资源和社会保障局 '$T/meishan.csv' && unzip -p '$T/org2/summary.xlsx' xl/sharedStrings.xml"
printf '[region]\nscope=511100\n[report]\norg=乐山市人力资源和社会保障局\n[report 511400]\norg=眉山市人社局\n' > "$T/org.ini"
case_ org-config        0 "填报单位：眉山市人社局" \
                        sh -c "'$G' summary -q --no-charts --config '$T/org.ini' -o '$T/org3' --region 眉山市 '$T/meishan.csv' 2>'$T/org3.err' && ! grep -q warning '$T/org3.err' && unzip -p '$T/org3/summary.xlsx' xl/sharedStrings.xml"
printf '[region]\nscope=511100\n[report 511400]\n# 眉山\norg=\310\313\n' > "$T/org_bad.ini"
case_ org-not-utf8      2 "guiyan: $T/org_bad.ini:5: [report 511400] org: not UTF-8" \
                        "$G" summary -q --no-charts --config "$T/org_bad.ini" -o "$T/org6" --region 眉山市 "$T/meishan.csv"
case_ org-home          0 "填报单位：乐山市人力资源和社会保障局" \
                        sh -c "'$G' summary -q --no-charts -o '$T/org4' '$T/small.csv' 2>'$T/org4.err' && ! grep -q warning '$T/org4.err' && unzip -p '$T/org4/summary.xlsx' xl/sharedStrings.xml"
case_ org-reply         2 "no organisation is named for this region (--org, or org= under [report CODE] in guiyan.ini)" \
                                                    "$G" reply -q -t reply_cppcc.txt --year 2021 --as-of 2021-06-30 -o "$T/org5" --region 眉山市 "$T/meishan.csv"
case_ org-reply-zh      2 "没有指定本统计地区的填报单位" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" reply -q -t reply_cppcc.txt --year 2021 --as-of 2021-06-30 -o "$T/org5" --region 眉山市 "$T/meishan.csv"
case_ unknown-option    2 "guiyan summary: unknown option '--frob'" "$G" summary --frob "$T/small.csv"
case_ unknown-option-1  0 "1"                       sh -c "'$G' summary --frob x 2>&1 | grep -c '^guiyan'"
case_ unknown-short     2 "guiyan check: unknown option '-x'" "$G" check -x "$T/small.csv"
case_ option-no-value   2 "guiyan track: option '--as-of' needs a value" "$G" track --as-of
case_ unknown-option-zh 2 "guiyan stars: 未知选项 '--frob'" env LANG=zh_CN.UTF-8 LC_ALL= "$G" stars --frob

# --- issue 20: one vocabulary for row fates (接受 / 重复 / 拒收 / 跳过), limits with their unit ---
case_ fates-zh          0 "读取 4 行：接受 1 行，重复 1 行，拒收 2 行" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/small.csv"
printf '返乡创业台账\r\n%s\r\n%s\r\n合计,,,,,3,12.5,\r\n' "$H" '11010519491231002X,张三,市中区,2021-06-15,甲合作社,3,12.5,2021-06-20' > "$T/title1.csv"
case_ title-singular    0 "title1.csv: header on line 2; the 1 line above it (a title) was not read as a record" \
                                                    "$G" check "$T/title1.csv"
{ printf '单位：乐山市\r\n'; cat "$T/title1.csv"; } > "$T/title2.csv"
case_ title-plural      0 "title2.csv: header on line 3; the 2 lines above it (a title) were not read as records" \
                                                    "$G" check "$T/title2.csv"
case_ fates-workbook    0 "读取2行＝接受1行＋重复0行＋拒收0行＋跳过1行" \
                        sh -c "'$G' summary -q --no-charts -o '$T/fates' '$T/title1.csv' && unzip -p '$T/fates/summary.xlsx' xl/sharedStrings.xml"
case_ line-note         0 "行号为文件中的物理行号（文件第一行为第1行，表头上方的标题行也计在内）" \
                                                    unzip -p "$T/fates/summary.xlsx" xl/sharedStrings.xml
printf '%s\r\n%s\r\n' "$H" '11010519491231002X,张三,市中区,2021-06-15,甲合作社,3,1000000.01,2021-06-20' > "$T/big.csv"
case_ amount-limit      0 "amount too large: over 100 亿元 (1,000,000 万元); yuan in a 万元 column?" "$G" check "$T/big.csv"
case_ amount-limit-zh   0 "金额过大：超过 100 亿元（1000000 万元），是否把元填进了万元列？" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/big.csv"

# --- issue 20: stars — 制表日期 from the run's cut-off, zero clauses, final newline, categories ---
SH='姓名,身份证号码,县(市、区),级别,类别,企业名称,统一社会信用代码,评选年度'
printf '%s\r\n%s\r\n%s\r\n' "$SH" '钟川鹏,511126196305262632,夹江县,市级,返乡创业明星,,,2020' \
    '彭倩桂,511133198406195988,马边彝族自治县,市级,先进个人,,,2020' > "$T/stars.csv"
case_ stars-category    0 "stars.csv:3: column 类别: \"先进个人\": unknown award category: use 返乡创业明星 (明星) or 返乡创业明星企业 (明星企业)" \
                                                    "$G" stars -o "$T/st" "$T/stars.csv"
case_ stars-category-zh 0 "无法识别的类别，应为返乡创业明星（明星）或返乡创业明星企业（明星企业）" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" stars -o "$T/st" "$T/stars.csv"
case_ stars-no-zero     0 "2020年，共评选产生市级返乡创业明星1名。" cat "$T/st/stars.txt"
case_ stars-newline     0 ""                        sh -c "tail -c 1 '$T/st/stars.txt' | od -c | grep -q '\\\\n'"
case_ stars-made-on     0 "制表日期：2020年12月31日" unzip -p "$T/st/stars.xlsx" xl/sharedStrings.xml
case_ stars-made-on-records 0 "制表日期：2021年6月20日" \
                        sh -c "'$G' stars -q -o '$T/st2' '$T/stars.csv' --records '$T/small.csv' 2>/dev/null; unzip -p '$T/st2/stars.xlsx' xl/sharedStrings.xml"

# --- issue 20: a county region: its townships are the rows ---
TH='身份证号码,姓名,乡镇（街道）,创业时间,经济实体名称,带动就业人数,贷款金额(万元),贷款发放日期'
printf '%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n' "$TH" '11010519491231002X,张三,玉津镇,2021-06-15,甲合作社,3,12.5,2021-06-20' \
    '511102199001011239,王五,孝姑,2021-03-02,丙,,,' '511102199001011247,赵六,,2021-03-02,丁,,,' \
    '511102199001011255,钱七,孝姑乡,2021-04-02,戊,2,,' > "$T/town.csv"
case_ county-region     0 "4 rows read: 4 accepted, 0 duplicate, 0 rejected" "$G" check --region 犍为县 "$T/town.csv"
case_ county-unmatched  0 "guiyan: 2 rows without a known township of 犍为县 were counted under 未填乡镇:" \
                                                    "$G" check --region 511123 "$T/town.csv"
case_ county-nearest    0 "guiyan:   \"孝姑乡\": 1 row (not a township of 犍为县; nearest: 孝姑镇)" \
                                                    "$G" check --region 犍为 "$T/town.csv"
case_ county-blank      0 "guiyan:   blank: 1 row"  "$G" check --region 犍为县 "$T/town.csv"
case_ county-zh         0 "guiyan: 2 行没有犍为县的有效乡镇（街道），计入“未填乡镇”：" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --region 犍为县 "$T/town.csv"
case_ county-nearest-zh 0 "“孝姑乡”：1 行（不是犍为县的乡镇；相近的有：孝姑镇）" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --region 犍为县 "$T/town.csv"
# loan dates cover 2021-06-20 only: March's and April's loan columns are empty, not 0
case_ county-rows       0 "511123101,孝姑镇,2021-03,1,1,,,0" \
                        sh -c "'$G' summary -q --no-charts --region 犍为县 --org 犍为县人社局 -o '$T/town' '$T/town.csv' 2>/dev/null; cat '$T/town/summary.csv'"
case_ county-catchall   0 ",未填乡镇,2021-03,1,1,,,0" cat "$T/town/summary.csv"
case_ county-sheet      0 "乡镇（街道）"            unzip -p "$T/town/summary.xlsx" xl/sharedStrings.xml
printf '县(市、区),%s\r\n犍为县,%s\r\n沐川县,%s\r\n' "$TH" '11010519491231002X,张三,玉津镇,2021-06-15,甲,3,12.5,2021-06-20' \
    '511102199001011239,王五,沐溪镇,2021-03-02,丙,,,' > "$T/town2.csv"
case_ county-other      0 "town2.csv:3: column 县(市、区): \"沐川县\": county is outside the region" \
                                                    "$G" check --region 犍为县 "$T/town2.csv"
case_ county-no-town    2 "required columns missing: 乡镇(街道) (known spellings: 乡镇(街道)" "$G" check --region 犍为县 "$T/small.csv"
case_ county-no-town-key 2 "township = the header as your file writes it" "$G" check --region 犍为县 "$T/small.csv"
case_ county-not-region 2 "unknown region \"某某县\"" "$G" check --region 某某县 "$T/small.csv"

case_ county-ambiguous  2 "region \"市中区\" names more than one county: give its code, or its prefecture too (乐山市市中区)" \
                                                    "$G" check --region 市中区 "$T/town.csv"
case_ county-prefixed   0 "4 rows read: 4 accepted" "$G" check --region 乐山市犍为县 "$T/town.csv"

# [townships] in aliases.ini: a merged-away name counted under the township it joined
TT="$T/tpl"; mkdir -p "$TT"; cp report_templates/*.ini report_templates/*.tsv "$TT/"
printf '孝姑镇=孝姑乡\n沐溪镇=某镇\n' >> "$TT/aliases.ini"
case_ county-alias      0 "guiyan: 1 row without a known township of 犍为县 was counted under 未填乡镇:" \
                                                    "$G" check --templates "$TT" --region 犍为县 "$T/town.csv"
case_ county-alias-rows 0 "511123101,孝姑镇,2021-04,1,1,,,2" \
                        sh -c "'$G' summary -q --no-charts --templates '$TT' --region 犍为县 --org x -o '$T/town3' '$T/town.csv' 2>/dev/null; cat '$T/town3/summary.csv'"

printf '%s\r\n%s\r\n' "$SH" '钟川鹏,511126196305262632,夹江县,县级,返乡创业明星,,,2020' > "$T/stars2.csv"
case_ stars-level       0 "stars2.csv:2: column 级别: \"县级\": award level must be 市级 or 省级" "$G" stars -o "$T/st5" "$T/stars2.csv"
case_ stars-level-zh    0 "级别应为市级或省级"      env LANG=zh_CN.UTF-8 LC_ALL= "$G" stars -o "$T/st5" "$T/stars2.csv"

# headers a clerk can fix in one go (issue 17): under title rows, every missing field by its
# Chinese name, the cells not recognised, the nearest of them, how to add a spelling
cp tests/inputs/hdr_unknown.csv "$T/hdr_unknown.csv"
case_ hdr-line          2 "hdr_unknown.csv:3: required columns missing: 身份证号码 (known spellings: 身份证号码、身份证号、公民身份号码、证件号码、身份证件号码); 创业时间 (known spellings: 创业时间、创业日期、开业时间)" \
                                                    "$G" check "$T/hdr_unknown.csv"
case_ hdr-cells         2 'header cells not recognised: "序号", "证件号", "开办日期", "性别"' \
                                                    "$G" check "$T/hdr_unknown.csv"
case_ hdr-nearest       2 'nearest: "证件号" → 身份证号码, "开办日期" → 创业时间' \
                                                    "$G" check "$T/hdr_unknown.csv"
case_ hdr-how           2 "$T/config/guiyan/aliases.ini or to a file given with --aliases FILE" \
                                                    "$G" check "$T/hdr_unknown.csv"
case_ hdr-example       2 "id_number = 证件号"      "$G" check "$T/hdr_unknown.csv"
case_ hdr-zh            2 '未能识别的表头："序号", "证件号", "开办日期", "性别"' \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/hdr_unknown.csv"
case_ hdr-nearest-zh    2 '最接近的："证件号" → 身份证号码' \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/hdr_unknown.csv"
cp tests/inputs/more.ini "$T/more.ini"
case_ aliases-option    0 "1 rows read: 1 accepted" "$G" check --aliases "$T/more.ini" "$T/hdr_unknown.csv"
case_ aliases-bad-file  2 "nonexistent.ini"         "$G" check --aliases "$T/nonexistent.ini" "$T/hdr_unknown.csv"
# a bad line or value of an alias file: the file, the line and why (setup/ini.c, as guiyan.ini)
printf '[records]\nid_number = 证件号\n开办日期\n' > "$T/badline.ini"
case_ aliases-bad-line  2 "guiyan: $T/badline.ini:3: not a [group], a key=value or a # comment" \
                                                    "$G" check --aliases "$T/badline.ini" "$T/hdr_unknown.csv"
case_ aliases-bad-line-zh 2 "guiyan: $T/badline.ini:3: 不是 [组]、键=值 或 # 注释" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --aliases "$T/badline.ini" "$T/hdr_unknown.csv"
printf '[records]\n\nstart_date = \265\367\n' > "$T/badvalue.ini"
case_ aliases-not-utf8  2 "guiyan: $T/badvalue.ini:3: [records] start_date: not UTF-8" \
                                                    "$G" check --aliases "$T/badvalue.ini" "$T/hdr_unknown.csv"
mkdir -p "$T/config/guiyan" && cp "$T/more.ini" "$T/config/guiyan/aliases.ini"
case_ aliases-user-file 0 "1 rows read: 1 accepted" "$G" check "$T/hdr_unknown.csv"
rm -r "$T/config"
# two columns for one field: both named, unless an alias file says which
cp tests/inputs/two_cols.csv "$T/two_cols.csv"
case_ two-columns       2 'two columns for 县(市、区): "县(市、区)" (column B) and "县区" (column C)' \
                                                    "$G" check "$T/two_cols.csv"
case_ two-columns-zh    2 '县(市、区) 有两列：“县(市、区)”（B 列）和“县区”（C 列）' \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/two_cols.csv"
cp tests/inputs/pick.ini "$T/pick.ini"
case_ two-columns-pick  0 "县区 → 县(市、区) (county)" "$G" check --columns --aliases "$T/pick.ini" "$T/two_cols.csv"
case_ columns-ignored   0 "ignored: 县(市、区)"      "$G" check --columns --aliases "$T/pick.ini" "$T/two_cols.csv"
# a header of two rows, the upper cells merged (a CSV saved from such a sheet)
# (序号, 身份证号码 and 县 merged down over both rows, 创业项目 across two columns)
cp tests/inputs/two_rows.csv "$T/two_rows.csv"
case_ two-row-header    0 "1 rows read: 1 accepted" "$G" check "$T/two_rows.csv"
case_ two-row-columns   0 "带动就业人数 → 带动就业人数 (jobs)" "$G" check --columns "$T/two_rows.csv"
# a roster under a title row names the header's line and what it lacks, not 姓名
cp tests/inputs/roster.csv "$T/roster.csv"
case_ roster-header     2 "roster.csv:2: required columns missing: 类别 (known spellings: 类别、奖项类别)" \
                                                    "$G" stars -q -o "$T/st" "$T/roster.csv"
case_ roster-nearest    2 'nearest: "奖项" → 类别'  "$G" stars -q -o "$T/st" "$T/roster.csv"
# check: "see rejects.csv" only when it writes one; -o writes rejects.csv and manifest.json
case_ check-max-hint    0 "and 1 more rejected rows (--max all shows them, -o DIR writes rejects.csv)" \
                                                    "$G" check --max 1 "$T/small.csv"
case_ check-max-hint-zh 0 "……另有 1 条被拒收的行（--max all 可全部列出，-o 目录 可写出 rejects.csv）" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --max 1 "$T/small.csv"
case_ check-two-zh      0 "共 2 个文件，读取 4 行：接受 1 行，重复 1 行，被替代 0 行，拒收 2 行" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/small.csv" "$T/header_only.csv"
case_ check-max-all     0 "small.csv:5: column 创业时间" "$G" check --max all "$T/small.csv"
case_ check-max-bad     2 "--max takes a number or all, not 'many'" "$G" check --max many "$T/small.csv"
case_ check-output      0 "wrote $T/chk/manifest.json" "$G" check --max 1 -o "$T/chk" "$T/small.csv"
case_ check-rejects-csv 0 "small.csv,3,身份证号码,5.11102E+17" cat "$T/chk/rejects.csv"
case_ check-manifest    0 '["身份证号码", "id_number"]' cat "$T/chk/manifest.json"
case_ check-see-rejects 0 "and 1 more rejected rows (see rejects.csv)" \
                                                    "$G" check --max 1 -o "$T/chk2" "$T/small.csv"
# a workbook's header problem names the sheet and its row
/usr/bin/python3 -c 'import openpyxl,sys
wb=openpyxl.Workbook(); ws=wb.active; ws.title="6月"
ws.append(["返乡创业台账"]); ws.append([]); ws.append(["证件号","县区","创业时间"])
wb.save(sys.argv[1])' "$T/hdr.xlsx"
case_ xlsx-header       2 "hdr.xlsx:6月:3: required columns missing: 身份证号码" "$G" check "$T/hdr.xlsx"
# year-month start dates count in their month; --from/--to inside the month leave them out
cp tests/inputs/ym.csv "$T/ym.csv"
case_ year-month        0 "4 rows read: 4 accepted" "$G" summary -q -o "$T/ym1" "$T/ym.csv"
case_ year-month-sum    0 "511102,市中区,2021-06,4," cat "$T/ym1/summary.csv"
case_ year-month-from   0 "" "$G" summary -q --from 2021-06-10 -o "$T/ym2" "$T/ym.csv"
case_ year-month-cut    0 "511102,市中区,2021-06,1," cat "$T/ym2/summary.csv"
case_ year-month-to     0 "" "$G" summary -q --to 2021-06-29 -o "$T/ym3" "$T/ym.csv"
case_ year-month-cut-to 0 "511102,市中区,2021-06,1," cat "$T/ym3/summary.csv"
case_ year-month-whole  0 "" "$G" summary -q --from 2021-06-01 --to 2021-06-30 -o "$T/ym4" "$T/ym.csv"
case_ year-month-in     0 "511102,市中区,2021-06,4," cat "$T/ym4/summary.csv"
# a month-only start covers its month to the end, or to the day the file was written: a
# ledger of months only is covered to 30 June, and its 今年以来 is written
case_ year-month-cover  0 "start dates cover 2021-06-01 to 2021-06-30" "$G" check "$T/ym.csv"
cp tests/inputs/ym.csv "$T/ym_w.csv"; touch -d 2021-06-25 "$T/ym_w.csv"
case_ year-month-written 0 "start dates cover 2021-06-01 to 2021-06-25" "$G" check "$T/ym_w.csv"
printf '身份证号码,县(市、区),创业时间\n11010519491231002X,市中区,2021年1月\n511102199001011239,市中区,2021年2月\n51110219910424115X,犍为县,2021-03\n511102197503206678,市中区,2021/04\n511123198803140312,犍为县,202105\n511123199211020573,犍为县,2021年6月\n' > "$T/ym6.csv"
printf '#正文\n今年以来新增{{startups 今年以来}}。\n' > "$T/ym6.txt"
case_ year-month-reply  0 "" "$G" reply -q -t "$T/ym6.txt" --year 2021 --as-of 2021-06-30 -o "$T/ym6" "$T/ym6.csv"
case_ year-month-ytd    0 "今年以来新增6人。" cat "$T/ym6/reply.txt"
# counties: short forms within the region, a county and its township, the candidates of an
# ambiguous name with their codes, the nearest names when there is no such county
cp tests/inputs/cty.csv "$T/cty.csv"
case_ county-short      0 "5 rows read: 4 accepted, 0 duplicate, 1 rejected" "$G" check "$T/cty.csv"
case_ county-township   0 'cty.csv:4: column 县(市、区): "犍为县清溪镇": read as 犍为县, the county of 清溪镇 (2 rows)' \
                                                    "$G" check "$T/cty.csv"
case_ county-nearest    0 '"峨嵋山": no such county (nearest in the region: 峨眉山市、峨边彝族自治县)' \
                                                    "$G" check "$T/cty.csv"
case_ county-ambiguous  0 '"市中": county name is ambiguous; give the full name or the code (candidates: 内江市市中区 511002、乐山市市中区 511102)' \
                                                    "$G" check --region 四川省 "$T/cty.csv"
case_ county-amb-zh     0 '县（市、区）名称有歧义，请写全称或行政区划代码（可能是：内江市市中区 511002、乐山市市中区 511102）' \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --region 四川省 "$T/cty.csv"
case_ county-rejects    0 "无法识别的县（市、区）（最接近的：峨眉山市、峨边彝族自治县）" \
                                                    sh -c "'$G' check -o '$T/cty' '$T/cty.csv' 2>/dev/null; cat '$T/cty/rejects.csv'"
case_ county-twp-zh     0 '按犍为县读取（清溪镇属于该县）（共 2 行）' \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/cty.csv"
printf '身份证号码,县(市、区),创业时间\n11010519491231002X,犍为县清溪镇,2021-06-15\n' > "$T/cty1.csv"
case_ county-twp-one    0 'read as 犍为县, the county of 清溪镇 (1 row)' "$G" check "$T/cty1.csv"
case_ county-twp-one-zh 0 '按犍为县读取（清溪镇属于该县）（共 1 行）' \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/cty1.csv"
# targets as the city writes them: the wide 分解表 with a 合计 row (the city's own target)
case_ targets-wide      0 "" "$G" track -q --as-of 2021-06-30 --targets tests/inputs/targets_wide.csv -o "$T/tw" samples/leshan_2021_h1.csv
case_ targets-wide-city 0 ",合计,新增返乡创业人数,3000," cat "$T/tw/track.csv"
case_ targets-wide-yi   0 "511111,沙湾区,创业担保贷款发放金额(万元),800.0000," cat "$T/tw/track.csv"
# the 合计 row is the city's own target, and the note under 总览 says so
/usr/bin/python3 -c 'import openpyxl,sys
for ws in openpyxl.load_workbook(sys.argv[1]):
    for row in ws.iter_rows(values_only=True):
        print("\n".join(v for v in row if isinstance(v, str)))' "$T/tw/track.xlsx" > "$T/tw.txt"
case_ targets-wide-note 0 "新增返乡创业人数合计目标为目标文件合计行所列的全市目标" cat "$T/tw.txt"
printf 'county,indicator,target\r\n市中区,创业人数,3\r\n' > "$T/tbad.csv"
case_ targets-unknown   2 "tbad.csv:2: unknown indicator '创业人数' (the indicators are: 新增返乡创业人数、创办经济实体、创业担保贷款发放笔数、创业担保贷款发放金额(万元)、带动就业人数、实现产值(万元))" \
                                                    "$G" track -q --as-of 2021-06-30 --targets "$T/tbad.csv" -o "$T/tb" samples/leshan_2021_h1.csv
case_ targets-unknown-zh 2 "无法识别的指标“创业人数”（可用的指标：新增返乡创业人数、" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" track -q --as-of 2021-06-30 --targets "$T/tbad.csv" -o "$T/tb" samples/leshan_2021_h1.csv
case_ targets-template  0 "wrote $T/tpl.xlsx"     "$G" track --targets-template "$T/tpl.xlsx" --as-of 2021-06-30
# the blank 分解表 is a workbook: a .csv name would hold .xlsx bytes no program opens as a CSV
case_ template-csv-name 2 "--targets-template: '$T/tpl.csv' does not end in .xlsx (the blank 分解表 is an Excel workbook)" \
                                                    sh -c "'$G' track --targets-template '$T/tpl.csv' --as-of 2021-06-30; r=\$?; test ! -e '$T/tpl.csv' && exit \$r"
case_ template-csv-zh   2 "--targets-template：“$T/tpl.csv”的扩展名不是 .xlsx（空白分解表是 Excel 工作簿）" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" track --targets-template "$T/tpl.csv" --as-of 2021-06-30
/usr/bin/python3 -c 'import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1]).active
print("|".join(str(c.value) for c in ws[2]))
print("|".join(str(ws.cell(r,1).value) for r in range(3,ws.max_row+1)))
ws["B3"]=590; ws["B15"]=3000; ws["G3"]=10000; ws.parent.save(sys.argv[2])' "$T/tpl.xlsx" "$T/tpl_filled.xlsx" > "$T/tpl.txt"
case_ template-header   0 "县（市、区）|新增返乡创业人数（人）|创办经济实体（个）|创业担保贷款发放笔数（笔）|创业担保贷款发放金额(万元)|带动就业人数（人）|实现产值(万元)" cat "$T/tpl.txt"
case_ template-counties 0 "市中区|沙湾区|五通桥区|金口河区|犍为县|井研县|夹江县|沐川县|峨边彝族自治县|马边彝族自治县|峨眉山市|乐山高新区|合计|注：" cat "$T/tpl.txt"
case_ template-read     0 "" "$G" track -q --as-of 2021-06-30 --targets "$T/tpl_filled.xlsx" -o "$T/tt" samples/leshan_2021_h1.csv
case_ template-city     0 ",合计,新增返乡创业人数,3000," cat "$T/tt/track.csv"
# every column of the template may be filled: 实现产值 is tracked and charted as the others
case_ template-output   0 "511102,市中区,实现产值(万元),10000.0000," cat "$T/tt/track.csv"
case_ template-chart    0 "charts.pdf" ls "$T/tt"
# the targets file in manifest.json as an input: size and SHA-256 of its bytes, header line,
# header → field mapping (in the wide form each indicator column to its indicator), rows
tw_sha=$(sha256sum tests/inputs/targets_wide.csv | cut -c1-64)
case_ targets-manifest  0 "\"targets\": [
    {\"name\": \"targets_wide.csv\", \"size\": $(wc -c < tests/inputs/targets_wide.csv), \"sha256\": \"$tw_sha\", \"encoding\": \"UTF-8\", \"header_line\": 2, \"reader\": \"CSV\"" \
                                                    cat "$T/tw/manifest.json"
case_ targets-mapping   0 '["单位", "county"], ["新增返乡创业人数(人)", "startups"], ["创业担保贷款(万元)", "loan_amount"]' \
                                                    cat "$T/tw/manifest.json"
case_ targets-rows      0 '"rows_read": 13, "rows_accepted": 12, "rows_duplicate": 0, "rows_superseded": 0, "rows_rejected": 0, "rows_skipped": 1}' \
                                                    cat "$T/tw/manifest.json"
case_ targets-xlsx-man  0 '{"name": "tpl_filled.xlsx:' cat "$T/tt/manifest.json"
case_ targets-xlsx-rdr  0 '"reader": "xlsx", "sheet": ' cat "$T/tt/manifest.json"
# check --targets: read as track reads it; --columns shows its mapping, -o its manifest entry
case_ check-targets     0 "targets_wide.csv (targets, UTF-8): 13 rows read: 12 accepted, 1 skipped" \
                                                    "$G" check --targets tests/inputs/targets_wide.csv
case_ check-targets-zh  0 "targets_wide.csv（目标文件，UTF-8）：读取 13 行：接受 12 行，跳过 1 行" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --targets tests/inputs/targets_wide.csv
case_ check-targets-col 0 "创业担保贷款(万元) → 创业担保贷款发放金额(万元) (loan_amount)" \
                                                    "$G" check --columns --targets tests/inputs/targets_wide.csv
case_ check-targets-bad 2 "tbad.csv:2: unknown indicator '创业人数'" "$G" check --targets "$T/tbad.csv" "$T/small.csv"
case_ check-targets-out 0 '"targets": [' sh -c "'$G' check -o '$T/ct' --targets tests/inputs/targets_wide.csv 2>/dev/null; cat '$T/ct/manifest.json'"
# an award roster: told from the exports by its header in check; its mapping in the manifest
printf '姓名,身份证号码,县(市、区),评选级别,奖项类别,评选年度,备注\r\n张三,11010519491231002X,市中区,市级,返乡创业明星,2020,\r\n' > "$T/r2.csv"
case_ check-roster      0 "r2.csv (明星名单, UTF-8): 1 rows read: 1 accepted" "$G" check "$T/r2.csv" "$T/small.csv"
case_ check-roster-col  0 "奖项类别 → 类别 (category)" "$G" check --columns "$T/r2.csv"
case_ check-roster-ign  0 "ignored: 备注" "$G" check --columns "$T/r2.csv"
case_ stars-mapping     0 '"reader": "CSV", "columns": [["姓名", "name"], ["身份证号码", "id_number"], ["县(市、区)", "county"], ["评选级别", "level"], ["奖项类别", "category"], ["评选年度", "year"], ["备注", null]]' \
                                                    sh -c "'$G' stars -q -o '$T/st2' '$T/r2.csv' 2>/dev/null; cat '$T/st2/manifest.json'"
# a templates folder copied before the lists: its aliases.ini has no list groups ([training] …);
# their spellings come from the built-in aliases.ini, said once, and the list is read as a list
# (not as a startup export failing on 创业时间)
OT="$T/oldtpl"; mkdir -p "$OT"; cp report_templates/*.ini report_templates/*.tsv "$OT/"
awk '/^\[/ { skip = ($0 ~ /^\[(training|survey|projects|mentors|services)\]/) } !skip' \
    report_templates/aliases.ini > "$OT/aliases.ini"
head -n 11 samples/training_2020.csv > "$T/tr.csv"
head -n 11 samples/survey_2021.csv > "$T/sv.csv"
case_ old-aliases-list  0 "aliases.ini lacks the list groups [training], [survey] (an alias file from before the lists): those lists' column names are read by the built-in " \
                                                    "$G" check --templates "$OT" "$T/small.csv" "$T/tr.csv" "$T/sv.csv"
case_ old-aliases-zh    0 "aliases.ini 里没有名单的 [training] 组（这是有名单功能之前的别名文件）：这些名单的列名按程序自带的 " \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --templates "$OT" "$T/small.csv" "$T/tr.csv"
case_ old-aliases-read  0 "tr.csv (培训台账, UTF-8 (BOM)): 10 rows read: 10 accepted" \
                                                    "$G" check --templates "$OT" "$T/small.csv" "$T/tr.csv"
case_ old-aliases-none  0 "" sh -c "! '$G' check --templates '$OT' '$T/small.csv' 2>&1 | grep -q 'list groups'"
# one export alone: an entity named once with its credit code and once without is one entity
# (names compared after clean-up: the end space goes); a name two coded entities bear stays
# apart, and the run says so
EH='身份证号码,姓名,县(市、区),创业时间,经济实体名称,统一社会信用代码,带动就业人数'
printf '%s\n%s\n%s\n' "$EH" '511123198803140312,甲,犍为县,2021-06-03,犍为县甲店,92511181MAGUW0067J,1' \
    '511123199211020573,乙,犍为县,2021-06-18,犍为县甲店 ,,1' > "$T/ent1.csv"
printf '%s\n%s\n%s\n%s\n' "$EH" '511123198803140312,甲,犍为县,2021-06-03,犍为县乙店,,1' \
    '511123199211020573,乙,犍为县,2021-06-18,犍为县乙店,92511124MAH6TCQL1C,1' \
    '511123199001010019,丙,犍为县,2021-06-20,犍为县乙店,92511133MAF69D012U,1' > "$T/ent2.csv"
case_ entity-one-file   0 "511123,犍为县,2021,2,1,,,2" \
    sh -c "'$G' summary -q --by county,year -o '$T/e1' '$T/ent1.csv' 2>/dev/null; cat '$T/e1/summary.csv'"
case_ entity-ambiguous  0 "511123,犍为县,2021,3,3,,,3" \
    sh -c "'$G' summary -q --by county,year -o '$T/e2' '$T/ent2.csv' 2>/dev/null; cat '$T/e2/summary.csv'"
case_ entity-amb-note   0 "guiyan: note: 1 entity names without a credit code are borne by several coded entities of their county: counted apart" \
                                                    "$G" summary -q --by county,year -o "$T/e3" "$T/ent2.csv"
case_ entity-amb-zh     0 "guiyan: 注意：有 1 个没有信用代码的实体名称，在本县同时属于几个有信用代码的实体，已分别计数" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check "$T/ent2.csv"
case_ entity-amb-man    0 '"entity_names_ambiguous": 1' cat "$T/e3/manifest.json"

# --order given: stderr says the order is the one named, not by cut-off
case_ order-given       0 "files from oldest to newest as named (--order given; each file's cut-off in brackets): 2021-07.csv (2021-07-05), 2021-06.csv (2021-06-18)" \
                                                    "$G" check --order given samples/ledger/2021-07.csv samples/ledger/2021-06.csv
case_ order-given-zh    0 "文件由旧到新，按命令行上的顺序（--order given；括号内为各文件的截止日）：" \
                                                    env LANG=zh_CN.UTF-8 LC_ALL= "$G" check --order given samples/ledger/2021-07.csv samples/ledger/2021-06.csv

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
