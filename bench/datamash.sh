#!/bin/sh
# The same figures with awk + GNU datamash: distinct persons, loan sum and jobs by county and
# start month. awk derives the month (datamash cannot); -s sorts. Columns of the generated
# file: 1 id, 3 county, 4 start date, 7 jobs, 8 loan (万元), 9 loan date.
awk -F, 'NR > 1 { m = substr($4, 1, 7); gsub("/", "-", m)
                  print $3 "," m "," $1 "," ($8 == "" ? 0 : $8) "," ($7 == "" ? 0 : $7) }' "$1" |
    datamash -t, -s -g 1,2 countunique 3 sum 4 sum 5
