#!/usr/bin/python3
# figures.py — an independent calculator of guiyan's figures for the end-to-end tests.
#
# It shares no code with guiyan (nor with tools/gensamples.c): its own encoding detection, header
# alias table, value parsers, ID and county checks, reject and duplicate rules, and Decimal
# arithmetic, written from the rules in samples/README.md. Standard library only.
#
# usage:
#   figures.py --by year|month|quarter FILE...   summary.csv as guiyan writes it (BOM, CRLF):
#       county_code,county,period,startups,entities,loans,loan_amount_wan,jobs
#   figures.py --seed FILE...                    the figures of the 2021-06-15 reply, as JSON
#   figures.py --accounting FILE...              file,rows_read,accepted,duplicate,superseded,rejected
#   figures.py --rejects FILE...                 file,line,field,value,reason for each row not accepted
# Within a file a duplicate is the later occurrence; across files the newest export decides each
# startup (see load). --order-given (first argument) takes the files' order as given. Exit 2 on
# usage errors.
import codecs
import csv
import datetime
import json
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

# ---- Leshan (乐山市, 511100), GB/T 2260 order, then the reporting unit without a code ----

COUNTIES = [
    ("511102", "市中区"), ("511111", "沙湾区"), ("511112", "五通桥区"), ("511113", "金口河区"),
    ("511123", "犍为县"), ("511124", "井研县"), ("511126", "夹江县"), ("511129", "沐川县"),
    ("511132", "峨边彝族自治县"), ("511133", "马边彝族自治县"), ("511181", "峨眉山市"),
    ("", "乐山高新区"),
]


def _county_spellings():
    table = {}
    for i, (code, name) in enumerate(COUNTIES):
        forms = {name}
        if code:
            forms.add(code)
        if name.endswith("彝族自治县"):
            stem = name[: -len("彝族自治县")]
            forms |= {stem, stem + "县"}
        elif name != "市中区" and name[-1] in "区县市" and len(name) > 2:
            forms.add(name[:-1])          # 五通桥, 犍为, 峨眉山 (市中 would be ambiguous)
        if not code:
            forms |= {"高新区", "乐山高新技术产业开发区", "乐山国家高新区"}
        for f in forms:
            table[f] = i
    return table


COUNTY_OF = _county_spellings()
GAOXIN = len(COUNTIES) - 1


def resolve_county(text):
    """Index into COUNTIES, or None."""
    s = text.replace(" ", "")
    while True:
        if s in COUNTY_OF:
            return COUNTY_OF[s]
        for prefix in ("四川省", "乐山市"):
            if s.startswith(prefix) and len(s) > len(prefix):
                s = s[len(prefix):]
                break
        else:
            return None


# ---- header aliases ----

ALIASES = {
    "id_number": ["身份证号码", "身份证号", "公民身份号码", "证件号码"],
    "name": ["姓名"],
    "county": ["县(市、区)", "县市区", "所属县区", "区县", "县区"],
    "start_date": ["创业时间", "创业日期", "开业时间"],
    "entity_name": ["经济实体名称", "企业名称", "创办实体名称"],
    "uscc": ["统一社会信用代码"],
    "jobs": ["带动就业人数", "吸纳就业人数"],
    "loan_amount": ["贷款金额(万元)", "创业担保贷款金额(万元)", "贷款金额(元)"],
    "loan_date": ["贷款发放日期", "放款日期", "发放日期"],
    "output_value": ["年产值(万元)", "产值(万元)"],
}
REQUIRED = ("id_number", "county", "start_date")


# ---- text ----

def clean(v):
    """Drop C0 controls and DEL, fold full-width ASCII and the ideographic space, trim."""
    out = []
    for ch in v:
        o = ord(ch)
        if o < 0x20 or o == 0x7F:
            continue
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        elif o == 0x3000:
            ch = " "
        out.append(ch)
    return "".join(out).strip(" ")


def header_key(h):
    return clean(h).replace(" ", "")


class Reject(Exception):
    def __init__(self, field, reason):
        super().__init__(reason)
        self.field = field
        self.reason = reason


# ---- dates ----

EXCEL_BASE = datetime.date(1899, 12, 30)
TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
RE_YMD = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + TIME + "$")
RE_CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?" + TIME + "$")
RE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})" + TIME + "$")
RE_SERIAL = re.compile(r"^(\d{1,7})(?:\.\d+)?$")


def parse_date(s):
    """A datetime.date, None for blank; raises ValueError with a reason."""
    if s == "":
        return None
    m = RE_YMD.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        m = RE_CN.match(s) or RE_COMPACT.match(s)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = RE_SERIAL.match(s)
            if not m:
                raise ValueError("not a date")
            n = int(m.group(1))
            if n < 1 or n > 2958465 or n == 60:
                raise ValueError("not a date")
            day = EXCEL_BASE + datetime.timedelta(days=n) if n > 60 else \
                datetime.date(1899, 12, 31) + datetime.timedelta(days=n - 1)
            y, mo, d = day.year, day.month, day.day
    try:
        day = datetime.date(y, mo, d)
    except ValueError:
        raise ValueError("no such day")
    if not 1949 <= day.year <= 2099:
        raise ValueError("date outside 1949-2099")
    return day


RE_MONTH = (re.compile(r"^(\d{4})(\d{2})$"), re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
            re.compile(r"^(\d{4})年(\d{1,2})月份?$"))


def parse_start(s):
    """(date, month_only) for a start date, (None, False) for blank: a date as parse_date reads
    it, or a year and month (2021年6月, 2021-06, 2021/06, 202106 — six digits are never a
    serial), which stands on its month's first day."""
    for rx in RE_MONTH:
        m = rx.match(s)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12:
                raise ValueError("not a date")
            if not 1949 <= y <= 2099:
                raise ValueError("date outside 1949-2099")
            return datetime.date(y, mo, 1), True
    return parse_date(s), False


# ---- amounts and counts ----

RE_NUM = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")


def parse_amount(s, unit):
    """fen (int), None for blank; raises ValueError. unit: 'wan' or 'yuan' (the column's)."""
    s = s.replace(" ", "")
    if s == "":
        return None
    for suffix, u in (("万元", "wan"), ("万", "wan"), ("元", "yuan")):
        if s.endswith(suffix):
            s, unit = s[: -len(suffix)], u
            break
    neg = s.startswith("-")
    if s[:1] in "+-" and s[:1]:
        s = s[1:]
    m = RE_NUM.match(s)
    if not m:
        raise ValueError("not an amount")
    value = Decimal(m.group(1).replace(",", "") + "." + (m.group(2) or "0"))
    if neg and value != 0:
        raise ValueError("negative amount")
    fen = value * (1000000 if unit == "wan" else 100)
    if fen != fen.to_integral_value():
        raise ValueError("finer than a fen")
    return int(fen)


def parse_count(s):
    s = s.replace(" ", "")
    if s == "":
        return None
    if s.endswith("人"):
        s = s[:-1]
    neg = s.startswith("-")
    if s[:1] in "+-" and s[:1]:
        s = s[1:]
    if not re.match(r"^(\d{1,3}(?:,\d{3})+|\d+)$", s):
        raise ValueError("not a whole number")
    n = int(s.replace(",", ""))
    if neg and n:
        raise ValueError("negative number")
    return n


# ---- ID numbers (GB 11643) and credit codes (GB 32100) ----

ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(d17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(d17, ID_W)) % 11]


def _birth_ok(ymd):
    try:
        datetime.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))
        return True
    except ValueError:
        return False


def parse_id(s):
    """The 18-character form; raises ValueError."""
    if s.startswith("'"):
        s = s[1:]
    elif s.startswith('="') and s.endswith('"') and len(s) >= 3:
        s = s[2:-1]
    s = s.strip(" ").upper()
    if s == "":
        raise ValueError("empty")
    if re.match(r"^\d+(\.\d+)?E\+?\d+$", s):
        raise ValueError("scientific notation")
    if len(s) == 15:
        if not s.isdigit():
            raise ValueError("bad characters")
        if not _birth_ok("19" + s[6:12]):
            raise ValueError("impossible birth date")
        d17 = s[:6] + "19" + s[6:]
        return d17 + id_check(d17)
    if len(s) != 18:
        raise ValueError("length")
    if not (s[:17].isdigit() and (s[17].isdigit() or s[17] == "X")):
        raise ValueError("bad characters")
    if id_check(s[:17]) != s[17]:
        if s.endswith("000"):
            raise ValueError("Excel kept 15 digits")
        raise ValueError("check character")
    if not _birth_ok(s[6:14]):
        raise ValueError("impossible birth date")
    return s


USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(s):
    if len(s) != 18 or any(c not in USCC_ALPHA for c in s):
        return False
    total = sum(USCC_ALPHA.index(c) * w for c, w in zip(s, USCC_W))
    return USCC_ALPHA[(31 - total % 31) % 31] == s[17]


# ---- reading a file ----

def decode(data):
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def physical_lines(text):
    """Lines split at LF only (a lone CR or a control character is not a line break)."""
    parts = text.split("\n")
    for i, p in enumerate(parts):
        if i < len(parts) - 1:
            yield p + "\n"
        elif p:
            yield p


class Record:
    __slots__ = ("id", "county", "start", "month", "entity", "uscc", "jobs", "loan", "loan_day", "output",
                 "file", "line")


def read_rows(path):
    """Yield (line, cells) for each non-blank data row, and return the column map first."""
    with open(path, "rb") as f:
        text = decode(f.read())
    reader = csv.reader(physical_lines(text))
    header = None
    consumed = 0
    for cells in reader:
        line = consumed + 1
        consumed = reader.line_num
        if not cells or all(clean(c) == "" for c in cells):
            continue
        if header is None:
            header = [header_key(h) for h in cells]
            yield "header", header
            continue
        yield line, cells


def map_columns(path, header):
    cols = {}
    for key, spellings in ALIASES.items():
        wanted = [header_key(s) for s in spellings]
        for i, h in enumerate(header):
            if h in wanted:
                cols[key] = i
                break
    missing = [k for k in REQUIRED if k not in cols]
    if missing:
        sys.exit("figures.py: %s: missing column(s) %s" % (path, ", ".join(missing)))
    unit = "wan"
    if "loan_amount" in cols and "(元)" in header[cols["loan_amount"]]:
        unit = "yuan"
    return cols, unit


def parse_record(cells, cols, unit):
    def get(key):
        i = cols.get(key)
        return clean(cells[i]) if i is not None and i < len(cells) else ""

    r = Record()
    try:
        r.id = parse_id(get("id_number"))
    except ValueError as e:
        raise Reject("id_number", str(e))
    county = get("county")
    r.county = resolve_county(county) if county else None
    if r.county is None:
        raise Reject("county", "unknown county" if county else "empty")
    try:
        r.start, r.month = parse_start(get("start_date"))
    except ValueError as e:
        raise Reject("start_date", str(e))
    if r.start is None:
        raise Reject("start_date", "empty")
    try:
        r.loan = parse_amount(get("loan_amount"), unit) or 0
    except ValueError as e:
        raise Reject("loan_amount", str(e))
    try:
        r.output = parse_amount(get("output_value"), "wan") or 0
    except ValueError as e:
        raise Reject("output_value", str(e))
    try:
        r.jobs = parse_count(get("jobs")) or 0
    except ValueError as e:
        raise Reject("jobs", str(e))
    try:
        r.loan_day = parse_date(get("loan_date"))
    except ValueError:
        r.loan_day = None
    if r.loan > 0 and r.loan_day is None:
        raise Reject("loan_date", "loan amount without a valid loan date")
    r.entity = get("entity_name")
    u = get("uscc").upper()
    r.uscc = u if uscc_valid(u) else ""
    return r


def load(paths, order_given=False):
    """(records, accounting, rejects) over all files: within a file the later of two equal rows
    is a duplicate; across files the newest file holding a startup (ID + start date) decides it
    (files by cut-off, then SHA-256 of their bytes, or in the order given). A start date given
    to the month only matches any day of its month: a month in which any file has one for the
    person is decided whole, by the newest file holding the person in that month."""
    import hashlib
    files = []
    records, accounting, rejects = [], [], []
    for fi, path in enumerate(paths):
        seen = set()
        read = acc = dup = rej = 0
        cols = unit = None
        kept = []
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        for line, cells in read_rows(path):
            if line == "header":
                cols, unit = map_columns(path, cells)
                continue
            read += 1
            try:
                r = parse_record(cells, cols, unit)
            except Reject as e:
                rej += 1
                i = cols.get(e.field)
                value = cells[i] if i is not None and i < len(cells) else ""
                rejects.append((path, line, e.field, value, e.reason))
                continue
            key = (r.id, r.start, r.entity, r.loan, r.loan_day if r.loan or r.loan_day else None)
            if key in seen:
                dup += 1
                rejects.append((path, line, "", "", "duplicate"))
                continue
            seen.add(key)
            acc += 1
            r.file, r.line = fi, line
            kept.append(r)
        days = [d for r in kept for d in (r.start, r.loan_day if r.loan > 0 else None) if d]
        files.append({"path": path, "cutoff": max(days) if days else datetime.date.min, "sha": sha,
                      "acc": [read, acc, dup, 0, rej], "records": kept})
    order = list(range(len(files)))
    if not order_given:
        order.sort(key=lambda i: (files[i]["cutoff"], files[i]["sha"], -i))
    rank = {f: k for k, f in enumerate(order)}
    whole = {(r.id, r.start.year, r.start.month) for f in files for r in f["records"] if r.month}
    startups = {}
    for f in files:
        for r in f["records"]:
            month = (r.id, r.start.year, r.start.month)
            startups.setdefault(month if month in whole else (r.id, r.start), []).append(r)
    for rows in startups.values():
        top = max(rank[r.file] for r in rows)
        standing = [r for r in rows if rank[r.file] == top]
        for r in rows:
            if rank[r.file] == top:
                records.append(r)
                continue
            values = lambda x: (x.start, x.month, x.county, x.entity, x.uscc, x.jobs, x.output, x.loan,
                                x.loan_day if x.loan else None)
            a = files[r.file]["acc"]
            a[1] -= 1
            if any(values(r) == values(s) for s in standing):
                a[2] += 1
            else:
                a[3] += 1
    records.sort(key=lambda r: (r.file, r.line))
    # coverage: the days of every accepted row of every file, start and loan dates apart
    COVER["start"] = sorted({r.start for f in files for r in f["records"]})
    COVER["loan"] = sorted({r.loan_day for f in files for r in f["records"] if r.loan > 0})
    for f in files:
        accounting.append(tuple([f["path"]] + f["acc"]))
    return records, accounting, rejects


COVER = {"start": [], "loan": []}


def months(d):
    return d.year * 12 + d.month - 1


def touches(days, lo, hi):
    """Whether a period [lo, hi] holds a covered day: inside the first..last date, and not in a
    run of two or more months without a date."""
    if not days or hi < days[0] or lo > days[-1]:
        return False
    held = {months(d) for d in days}
    first, last = months(days[0]), months(days[-1])
    def long_gap(m):
        return m not in held and ((m > first and m - 1 not in held) or (m < last and m + 1 not in held))
    return any(not long_gap(m) for m in range(months(max(lo, days[0])), months(min(hi, days[-1])) + 1))


def period_days(p, grain):
    y, k = p
    if grain == "year":
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    m0, m1 = (3 * k - 2, 3 * k) if grain == "quarter" else (k, k)
    end = datetime.date(y + (m1 == 12), m1 % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(y, m0, 1), end


def entity_key(r):
    if not r.entity:
        return None
    if r.uscc:
        return ("uscc", r.uscc)
    return ("name", r.county, r.entity)


# ---- figures ----

def period_of(day, grain):
    if grain == "year":
        return (day.year, 0)
    if grain == "quarter":
        return (day.year, (day.month - 1) // 3 + 1)
    return (day.year, day.month)


def period_label(p, grain):
    if grain == "year":
        return "%d" % p[0]
    if grain == "quarter":
        return "%d-Q%d" % p
    return "%d-%02d" % p


def next_period(p, grain):
    y, k = p
    last = {"year": 0, "quarter": 4, "month": 12}[grain]
    if grain == "year":
        return (y + 1, 0)
    return (y + 1, 1) if k == last else (y, k + 1)


def wan4(fen):
    return str((Decimal(fen) / Decimal(1000000)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def summary(records, grain):
    periods = set()
    for r in records:
        periods.add(period_of(r.start, grain))
        if r.loan > 0:
            periods.add(period_of(r.loan_day, grain))
    out = ["\ufeffcounty_code,county,period,startups,entities,loans,loan_amount_wan,jobs"]
    if not periods:
        return out
    p, last = min(periods), max(periods)
    while True:
        lo, hi = period_days(p, grain)
        if not (touches(COVER["start"], lo, hi) or touches(COVER["loan"], lo, hi)):
            # no record covers this period: left out, not listed as zeros
            if p == last:
                break
            p = next_period(p, grain)
            continue
        cells = [{"persons": set(), "entities": set(), "loans": 0, "fen": 0, "jobs": 0}
                 for _ in range(len(COUNTIES) + 1)]
        for r in records:
            for c in (r.county, len(COUNTIES)):
                g = cells[c]
                if period_of(r.start, grain) == p:
                    g["persons"].add(r.id)
                    k = entity_key(r)
                    if k:
                        g["entities"].add(k)
                    g["jobs"] += r.jobs
                if r.loan > 0 and period_of(r.loan_day, grain) == p:
                    g["loans"] += 1
                    g["fen"] += r.loan
        # a 0 where the column's kind of date does not cover the period is left empty, not 0
        start_in, loan_in = touches(COVER["start"], lo, hi), touches(COVER["loan"], lo, hi)
        def cell(v, text, covered):
            return text if v or covered else ""
        for c, g in enumerate(cells):
            code, name = COUNTIES[c] if c < len(COUNTIES) else ("", "合计")
            out.append(",".join([code, name, period_label(p, grain),
                                 cell(len(g["persons"]), "%d" % len(g["persons"]), start_in),
                                 cell(len(g["entities"]), "%d" % len(g["entities"]), start_in),
                                 cell(g["loans"], "%d" % g["loans"], loan_in),
                                 cell(g["fen"], wan4(g["fen"]), loan_in),
                                 cell(g["jobs"], "%d" % g["jobs"], start_in)]))
        if p == last:
            break
        p = next_period(p, grain)
    return out


def seed(records):
    d2020 = datetime.date(2020, 12, 31)
    lo21, hi21 = datetime.date(2021, 1, 1), datetime.date(2021, 6, 15)
    upto = [r for r in records if r.start <= d2020]
    h1 = [r for r in records if lo21 <= r.start <= hi21]
    return {
        "persons_through_2020": len({r.id for r in upto}),
        "entities_through_2020": len({entity_key(r) for r in upto} - {None}),
        "loan_amount_wan_2020": wan4(sum(r.loan for r in records if r.loan > 0 and r.loan_day.year == 2020)),
        "loans_2020": sum(1 for r in records if r.loan > 0 and r.loan_day.year == 2020),
        "jobs_2020": sum(r.jobs for r in records if r.start.year == 2020),
        "persons_2021_to_0615": len({r.id for r in h1}),
        "entities_2021_to_0615": len({entity_key(r) for r in h1} - {None}),
        "output_wan_2021_to_0615": wan4(sum(r.output for r in h1)),
    }


def main(argv):
    usage = "usage: figures.py --by year|month|quarter FILE... | --seed FILE... | --accounting FILE... | --rejects FILE..."
    if len(argv) < 2:
        print(usage, file=sys.stderr)
        return 2
    order_given = len(argv) > 1 and argv[1] == "--order-given"
    if order_given:
        argv = argv[:1] + argv[2:]
    mode, rest = argv[1], argv[2:]
    grain = None
    if mode == "--by":
        if not rest or rest[0] not in ("year", "month", "quarter"):
            print(usage, file=sys.stderr)
            return 2
        grain, rest = rest[0], rest[1:]
    elif mode not in ("--seed", "--accounting", "--rejects"):
        print(usage, file=sys.stderr)
        return 2
    if not rest:
        print(usage, file=sys.stderr)
        return 2
    records, accounting, rejects = load(rest, order_given)
    out = sys.stdout
    if grain:
        out.buffer.write(("\r\n".join(summary(records, grain)) + "\r\n").encode("utf-8"))
    elif mode == "--seed":
        print(json.dumps(seed(records), ensure_ascii=False, indent=1))
    elif mode == "--accounting":
        print("file,rows_read,accepted,duplicate,superseded,rejected")
        for row in accounting:
            print("%s,%d,%d,%d,%d,%d" % row)
    else:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(("file", "line", "field", "value", "reason"))
        w.writerows(rejects)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
