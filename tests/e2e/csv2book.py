#!/usr/bin/python3
"""Save a CSV export as a workbook the way a clerk's Excel holds it: numbers as numbers, dates
as dates with a date format, the rest (ID numbers, codes with leading zeros) as text.
Usage: csv2book.py IN.csv OUT.xlsx [--title] [--1904] [--strings] [--id-numbers]
       csv2book.py IN.csv OUT.xls --html [--title]   (an HTML table, as web systems save .xls)
--id-numbers stores ID numbers as numbers, as Excel does when they are typed in."""
import csv, datetime, re, sys
import openpyxl
from openpyxl.styles import Alignment

src, dst = sys.argv[1], sys.argv[2]
opts = set(sys.argv[3:])
raw = open(src, 'rb').read()
try:
    text = raw.decode('utf-8-sig')
except UnicodeDecodeError:
    text = raw.decode('gb18030')
rows = list(csv.reader(text.splitlines()))

DATE = [re.compile(r'^(\d{4})-(\d{1,2})-(\d{1,2})$'), re.compile(r'^(\d{4})/(\d{1,2})/(\d{1,2})$'),
        re.compile(r'^(\d{4})年(\d{1,2})月(\d{1,2})日$')]
NUM = re.compile(r'^-?(0|[1-9]\d{0,14})(\.\d+)?$')

def value(s):
    m = re.match(r'^="(.*)"$', s)       # Excel's guard ="0123": the cell shows the text
    if m:
        return m[1], None
    if '--strings' in opts:
        return s, None
    for d in DATE:
        m = d.match(s)
        if m:
            try:
                return datetime.datetime(int(m[1]), int(m[2]), int(m[3])), 'yyyy/m/d'
            except ValueError:
                return s, None
    if '--id-numbers' in opts and re.match(r'^\d{18}$', s):
        return int(s), None
    if NUM.match(s):
        return (float(s) if '.' in s else int(s)), None
    return s, None

if '--html' in opts:
    import html
    n = max(len(r) for r in rows)
    with open(dst, 'w', encoding='gb18030') as f:
        f.write('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                '</head><body><table border="1">\n')
        if '--title' in opts:
            f.write('<tr><td colspan="%d">乐山市返乡入乡创业人员台账</td></tr>\n' % n)
        for i, row in enumerate(rows):
            tag = 'th' if i == 0 else 'td'
            f.write('<tr>' + ''.join('<%s>%s</%s>' % (tag, html.escape(re.sub(r'^="(.*)"$', r'\1', c)), tag)
                                     for c in row) + '</tr>\n')
        f.write('</table></body></html>\n')
    sys.exit(0)

wb = openpyxl.Workbook()
ws = wb.active
ws.title = '返乡创业'
if '--1904' in opts:
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
r0 = 1
if '--title' in opts and rows:
    n = max(len(r) for r in rows)
    ws.cell(1, 1, '乐山市返乡入乡创业人员台账')
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.cell(1, 1).alignment = Alignment(horizontal='center')
    ws.cell(2, 1, '填报单位：乐山市就业服务管理局')
    r0 = 3
for i, row in enumerate(rows):
    for j, s in enumerate(row):
        if s == '':
            continue
        v, fmt = value(s) if i > 0 else (s, None)
        c = ws.cell(r0 + i, j + 1, v)
        if fmt:
            c.number_format = fmt
wb.save(dst)
