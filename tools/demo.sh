#!/bin/sh
# make demo — the main jobs on samples/ into out/, then a list of what was written.
set -e
G=${1:-build/guiyan}
OUT=${OUT:-out}
MAIN="samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv"
mkdir -p "$OUT"
echo "== guiyan summary: figures by county and month, statistics workbook"
"$G" summary -q --to 2021-06-30 --ytd -o "$OUT" $MAIN
if "$G" --help | grep -q "^  track"; then
    echo "== guiyan track: 2021 targets as of 2021-06-30 (with the training lists: 返乡创业培训, 劳务品牌培训)"
    "$G" track -q --as-of 2021-06-30 --targets samples/targets_2021.csv -o "$OUT/track" $MAIN \
        samples/training_2020.csv samples/training_2021_h1.csv
fi
if "$G" --help | grep -q "^  reply"; then
    echo "== guiyan reply: draft of the CPPCC reply (乐人社函〔2021〕156号)"
    # the other real-name lists (培训台账, 意愿摸底表, 项目库, 导师名册, 服务记录, 明星名单) are told
    # apart from the startup exports by their headers
    LISTS="samples/stars_2020.csv samples/training_2020.csv samples/training_2021_h1.csv samples/survey_2021.csv
           samples/projects_map.csv samples/mentors.csv samples/services_2020_2021.csv"
    "$G" reply -q -t report_templates/reply_cppcc.txt --year 2020 --as-of 2021-06-15 --explain -o "$OUT/reply" $MAIN $LISTS
fi
if "$G" --help | grep -q "^  stars"; then
    echo "== guiyan stars: 2020 award summary"
    "$G" stars -q --date 2021-06-15 -o "$OUT/stars" samples/stars_2020.csv --records $MAIN
fi
echo "== guiyan summary --region 犍为县: a county bureau's export, by township and quarter"
"$G" summary -q --region 犍为县 --org 犍为县人力资源和社会保障局 --by county,quarter --to 2021-06-30 \
    -o "$OUT/county" samples/qianwei_county_2019_2021.csv
echo "== guiyan check: the messy sample's rejected rows"
"$G" check --max 5 samples/messy/messy_2021.csv || true
echo
echo "Written:"
find "$OUT" -type f | sort | while read -r f; do
    printf '  %-34s %10s bytes\n' "$f" "$(wc -c < "$f")"
done
