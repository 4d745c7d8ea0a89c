#!/usr/bin/env python3
"""Give the demo fixtures real commune codes (run once, 2026-12-07; kept for provenance).

The demo was generated (generate.json) before the generator drew real codes, so its commune codes were synthetic and
mostly unknown to the shipped 2025 tables. Each synthetic code is replaced by a real commune of the province most of
its people were registered in: the registry gets today's code, the doses (all given in 2021-22) the old code that
became it. A few codes are deliberately given a commune that was divided in 2025, so the demo shows COMMUNE_SPLIT.
The people, names, IDs and dates are unchanged, so every test built on the demo keeps its meaning.
Usage: python3 scripts/demo-communes.py fixtures/demo data/admin-units/2025-07-01/commune_map_2025.csv
"""
import csv, sys, collections, io, os

demo, table = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(table, encoding='utf-8')))
whole = collections.defaultdict(list)   # old province -> [(old, new)] for communes that went to one new commune
split = collections.defaultdict(list)   # old province -> [old] for divided communes
for r in rows:
    if r['n_targets'] == '1':
        whole[r['old_province_code']].append((r['old_commune_code'], r['new_commune_code']))
    elif r['old_commune_code'] not in split[r['old_province_code']]:
        split[r['old_province_code']].append(r['old_commune_code'])
new_of_split = collections.defaultdict(list)
for r in rows:
    if r['n_targets'] != '1':
        new_of_split[r['old_commune_code']].append(r['new_commune_code'])

def read(path):
    raw = open(path, encoding='utf-8', newline='').read()
    return raw, list(csv.reader(io.StringIO(raw)))

reg_path = os.path.join(demo, 'registry.csv')
_, reg = read(reg_path)
head = reg[0]
ci, cc = head.index('citizen_id'), head.index('commune_code')
provinces = collections.defaultdict(collections.Counter)
for r in reg[1:]:
    if len(r[ci]) == 12:
        provinces[r[cc]][r[ci][1:3]] += 1
dose_files = sorted(f for f in os.listdir(demo) if f.startswith('doses_') and f.endswith('.csv'))
dose_codes = set()
for f in dose_files:
    _, d = read(os.path.join(demo, f))
    k = d[0].index('commune_code')
    dose_codes.update(r[k] for r in d[1:] if len(r) > k and r[k])

mapping = {}   # synthetic -> (old code for doses, new code for registry)
used = set()
for i, code in enumerate(sorted(set(provinces) | dose_codes)):
    prov = provinces[code].most_common(1)[0][0] if provinces[code] else '79'
    if prov not in whole:
        prov = '79'
    # Every 12th code gets a divided commune (the registry then holds one of its new communes).
    if i % 12 == 5 and split.get(prov):
        old = next((o for o in split[prov] if o not in used), None)
        if old is not None:
            used.add(old)
            mapping[code] = (old, sorted(new_of_split[old])[0])
            continue
    old, new = next((p for p in whole[prov] if p[0] not in used), whole['79'][len(used)])
    used.add(old)
    mapping[code] = (old, new)

def rewrite(path, col, pick):
    raw, data = read(path)
    k = data[0].index(col)
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\r\n' if '\r\n' in raw else '\n')
    for j, r in enumerate(data):
        if j > 0 and len(r) > k and r[k] in mapping:
            r[k] = pick(mapping[r[k]])
        w.writerow(r)
    open(path, 'w', encoding='utf-8', newline='').write(out.getvalue())

rewrite(reg_path, 'commune_code', lambda m: m[1])
for f in dose_files:
    rewrite(os.path.join(demo, f), 'commune_code', lambda m: m[0])
print(f'{len(mapping)} codes replaced')
