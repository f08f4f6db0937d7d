#!/usr/bin/python3
"""declared_figures.py — the reply's figures from the other real-name lists, computed
independently of guiyan (plain csv module, its own de-duplication by each list's key: the
same key in one file counts once, in a later file replaces the earlier row).
Prints "name value" lines: training_times, startup_intent, training_intent, map_projects,
mentors, mentor_services, and the four star counts of 2020."""
import codecs, csv, sys

def rows(path):
    raw = open(path, 'rb').read()
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[3:].decode('utf-8')
    else:
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError:
            text = raw.decode('gb18030')
    return list(csv.DictReader(text.splitlines()))

def dedup(paths, key):
    kept = {}
    for p in paths:
        seen = set()
        for r in rows(p):
            k = tuple(r[c] for c in key)
            if k in seen:
                continue
            seen.add(k)
            kept[k] = r          # a later file replaces
    return list(kept.values())

S = 'samples/'
train = dedup([S + 'training_2020.csv', S + 'training_2021_h1.csv'], ('身份证号码', '培训项目', '开班日期'))
survey = dedup([S + 'survey_2021.csv'], ('身份证号码', '调查日期'))
proj = dedup([S + 'projects_map.csv'], ('项目名称', '县(市、区)'))
ment = dedup([S + 'mentors.csv'], ('身份证号码',))
serv = dedup([S + 'services_2020_2021.csv'], ('服务对象身份证号码', '导师编号', '服务日期'))
asof, ytd = '2021-06-15', '2021-01-01'
out = {
    'training_times': sum(1 for r in train if r['培训类别'] == '创业培训' and r['结业日期'].startswith('2020')),
    'startup_intent': sum(1 for r in survey if r['有创业意愿'] == '是' and ytd <= r['调查日期'] <= asof),
    'training_intent': sum(1 for r in survey if r['有培训意愿'] == '是' and ytd <= r['调查日期'] <= asof),
    'map_projects': sum(1 for r in proj if r['发布日期'] <= asof),
    'mentors': len({r['身份证号码'] for r in ment if r['聘任日期'] <= asof}),
    'mentor_services': sum(1 for r in serv if r['服务日期'] <= asof),
}
stars = {}
for r in rows(S + 'stars_2020.csv'):
    if r['评选年度'] == '2020':
        k = (r['级别'], r['类别'])
        stars[k] = stars.get(k, 0) + 1
out['city_stars'] = stars.get(('市级', '返乡创业明星'), 0)
out['city_star_firms'] = stars.get(('市级', '返乡创业明星企业'), 0)
out['province_stars'] = stars.get(('省级', '返乡创业明星'), 0)
out['province_star_firms'] = stars.get(('省级', '返乡创业明星企业'), 0)
# the 2021 training persons (tracked against 3500 and 7500)
for cat, key in (('创业培训', 'startup_training_2021'), ('劳务品牌培训', 'brand_training_2021')):
    out[key] = len({r['身份证号码'] for r in train if r['培训类别'] == cat and r['结业日期'].startswith('2021')})
for k, v in out.items():
    print(k, v)
