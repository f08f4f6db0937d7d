#!/usr/bin/python3
"""convert.py — build report_templates/strokes.tsv: stroke counts, stroke order and pinyin of the
Chinese characters names are written with, for ordering name lists (姓氏笔画 / 拼音).

Usage:  apt-get install -y unicode-data rime-data-stroke
        /usr/bin/python3 tools/strokes/convert.py > report_templates/strokes.tsv

Sources (Debian packages; see README.md in this directory):
  - unicode-data: /usr/share/unicode/Unihan_*.txt.bz2 — kTotalStrokes (stroke count, the first
    value: the zh-Hans one), kMandarin (reading, first value: zh-Hans), kGB0 (GB 2312) and kTGH
    (通用规范汉字表 2013) to choose the characters;
  - rime-data-stroke: /usr/share/rime-data/stroke.dict.yaml — the stroke sequence of each
    character in the five classes h s p n z (横 竖 撇 点 折). Its entries after the line
    "# 以下詞條繼承自原碼表" follow the mainland (GB 13000.1) stroke order and glyphs; those before
    it come from CNS 11643 (Taiwan glyphs), with the mainland entries identical to them removed.
Rule per character: the first mainland entry whose length equals kTotalStrokes, else the first
CNS entry of that length, else no order (the count alone is known).
Standard library only. SOURCE_DATE_EPOCH, if set, fixes the "generated" date.
"""
import bz2
import collections
import datetime
import hashlib
import os
import sys
import unicodedata

UNIHAN = "/usr/share/unicode/"
RIME = "/usr/share/rime-data/stroke.dict.yaml"
MAINLAND_MARK = "# 以下詞條繼承自原碼表"
CLASS = {"h": "1", "s": "2", "p": "3", "n": "4", "z": "5"}   # 横 竖 撇 点 折

# Readings of characters as surnames where they differ from the character's usual (first
# kMandarin) reading: 单 is Shàn as a surname, not dān. Only used for the first character of a
# name when ordering by pinyin.
SURNAME_READINGS = {
    "单": "shàn", "曾": "zēng", "解": "xiè", "仇": "qiú", "区": "ōu", "朴": "piáo", "查": "zhā",
    "盖": "gě", "乐": "yuè", "覃": "qín", "缪": "miào", "翟": "zhái", "尉": "yù", "秘": "bì",
    "种": "chóng", "任": "rén", "华": "huà", "纪": "jǐ", "宁": "nìng", "过": "guō", "召": "shào",
    "那": "nā", "员": "yùn", "祭": "zhài", "句": "gōu", "繁": "pó", "折": "shé", "黑": "hè",
    "谌": "chén", "莘": "shēn", "炅": "guì", "长": "cháng", "重": "chóng", "燕": "yān",
    "葛": "gě", "柏": "bǎi", "郇": "xún", "洗": "xiǎn", "阚": "kàn", "缑": "gōu",
}

TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def numbered(py):
    """'zhǎng' -> 'zhang3', 'lǘ' -> 'lv2', 'ma' -> 'ma5' (ü is written v)."""
    tone = "5"
    out = []
    for ch in unicodedata.normalize("NFD", py.lower()):
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        elif ch == "\u0308":          # the diaeresis of ü
            out[-1] = "v"
        elif "a" <= ch <= "z":
            out.append(ch)
        else:
            raise ValueError("unexpected character %r in reading %r" % (ch, py))
    return "".join(out) + tone


def unihan(name, keys):
    d = collections.defaultdict(dict)
    path = UNIHAN + name
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, k, v = line.rstrip("\n").split("\t", 2)
            if k in keys:
                d[int(cp[2:], 16)][k] = v
    return d, path


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    other, p_other = unihan("Unihan_OtherMappings.txt.bz2", {"kGB0", "kTGH"})
    irg, p_irg = unihan("Unihan_IRGSources.txt.bz2", {"kTotalStrokes"})
    readings, p_read = unihan("Unihan_Readings.txt.bz2", {"kMandarin"})
    chars = sorted(cp for cp, d in other.items() if "kGB0" in d or "kTGH" in d)

    mainland, cns = collections.defaultdict(list), collections.defaultdict(list)
    after = False
    body = False
    with open(RIME, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "...":
                body = True
                continue
            if line.startswith(MAINLAND_MARK):
                after = True
            if not body or line.startswith("#") or "\t" not in line:
                continue
            ch, code = line.split("\t")[:2]
            if len(ch) == 1 and code and set(code) <= set(CLASS):
                (mainland if after else cns)[ord(ch)].append(code)
    if not after:
        sys.exit("convert.py: %s: no line starting %r; the package changed" % (RIME, MAINLAND_MARK))

    stats = collections.Counter()
    rows = []
    for cp in chars:
        ch = chr(cp)
        total = irg.get(cp, {}).get("kTotalStrokes", "").split()
        if not total:
            sys.exit("convert.py: U+%04X %s has no kTotalStrokes" % (cp, ch))
        n = int(total[0])
        seq = next((c for c in mainland.get(cp, []) if len(c) == n), None)
        if seq:
            stats["order from the mainland entries"] += 1
        else:
            seq = next((c for c in cns.get(cp, []) if len(c) == n), None)
            stats["order from the CNS 11643 entries" if seq else "no stroke order"] += 1
        order = "".join(CLASS[c] for c in seq) if seq else ""
        mandarin = readings.get(cp, {}).get("kMandarin", "").split()
        py = numbered(mandarin[0]) if mandarin else ""
        if not py:
            stats["no reading"] += 1
        surname = ""
        if ch in SURNAME_READINGS:
            s = numbered(SURNAME_READINGS[ch])
            if s != py:
                surname = s
                stats["surname readings"] += 1
        rows.append("%04X\t%s\t%d\t%s\t%s\t%s" % (cp, ch, n, order, py, surname))

    when = datetime.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or
                                           datetime.datetime.now().timestamp(),
                                           datetime.timezone.utc).date().isoformat()
    out = sys.stdout
    out.write("# strokes.tsv — stroke count, stroke order and pinyin of %d characters "
              "(GB 2312 and 通用规范汉字表)\n" % len(rows))
    out.write("# columns: code point (hex), character, strokes (Unihan kTotalStrokes), stroke order "
              "(1 横 2 竖 3 撇 4 点 5 折), pinyin (kMandarin, tone digit, ü as v), surname reading "
              "when it differs\n")
    for p in (p_other, p_irg, p_read):
        out.write("# source: unicode-data %s sha256 %s (Unicode, Inc. licence)\n"
                  % (os.path.basename(p), sha256(p)))
    out.write("# source: rime-data-stroke stroke.dict.yaml sha256 %s (LGPL-3; data from CNS 11643 "
              "and the mainland table of rime-stroke)\n" % sha256(RIME))
    out.write("# %s\n" % ", ".join("%s %d" % kv for kv in sorted(stats.items())))
    out.write("# generated: %s by tools/strokes/convert.py\n" % when)
    out.write("\n".join(rows) + "\n")
    print("convert.py: %d characters; %s" % (len(rows), dict(stats)), file=sys.stderr)


if __name__ == "__main__":
    main()
