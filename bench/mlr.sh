#!/bin/sh
# The same figures with Miller: distinct persons, loan sum and jobs by county and start month.
mlr --icsv --ojson --implicit-csv-header put -q '
  if (NR > 1) {
    m = substr($4, 0, 6);
    @p[$3][m][$1] = 1;
    @s[$3][m] += ($8 == "" ? 0 : $8);
    @j[$3][m] += ($7 == "" ? 0 : $7);
  }
  end { for (c, v in @s) { for (m, x in v) { print c . "," . m . "," . length(@p[c][m]) . "," . x . "," . @j[c][m] } } }' "$1"
