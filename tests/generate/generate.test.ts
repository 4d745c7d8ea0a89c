// The generator: same bytes for a seed, truth covers every row, switches really switch off, rates hold, IDs are valid.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAMAGE_TAGS, DOSE_HEADER, DOSE_HEADER_VI, generateDataset, type GenerateResult } from '../../src/generate/index.js';
import { PROVINCE_CODES } from '../../src/generate/population.js';
import { toENotation } from '../../src/generate/damage.js';
import { loadAdminUnits } from '../../src/admin-units/load.js';
import { resolveCommune } from '../../src/normalize/communes.js';

const root = mkdtempSync(join(tmpdir(), 'vaxrec-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const parsed = new Map<string, string[][]>();
const read = (dir: string, f: string): string[][] => {
  const key = join(dir, f);
  if (!parsed.has(key)) parsed.set(key, parse(readFileSync(key), { relax_column_count: false }) as string[][]);
  return parsed.get(key)!;
};

let base: GenerateResult;
const baseDir = join(root, 'base');
beforeAll(async () => {
  base = await generateDataset({ persons: 2000, outDir: baseDir, seed: 42 });
});

describe('generateDataset', () => {
  it('gives the same bytes for the same seed and different bytes for another', async () => {
    const again = join(root, 'again');
    await generateDataset({ persons: 2000, outDir: again, seed: 42 });
    for (const f of readdirSync(baseDir).filter((f) => f.endsWith('.csv'))) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(baseDir, f))), f).toBe(true);
    }
    const other = join(root, 'other');
    await generateDataset({ persons: 2000, outDir: other, seed: 43 });
    expect(readFileSync(join(other, 'truth.csv')).equals(readFileSync(join(baseDir, 'truth.csv')))).toBe(false);
  });

  it('writes about 2.25 dose records per person in 4 files, with all three record kinds', () => {
    expect(base.files).toHaveLength(4);
    expect(base.doseRows / 2000).toBeGreaterThan(2.1);
    expect(base.doseRows / 2000).toBeLessThan(2.4);
    expect(base.kindCounts.second_facility).toBeGreaterThan(0);
    expect(base.kindCounts.reupload).toBeGreaterThan(0);
  });

  it('has a truth row for every dose row, keyed by file and line', () => {
    const truth = read(baseDir, 'truth.csv');
    expect(truth[0]).toEqual(['file', 'line', 'record_id', 'citizen_id', 'person_id', 'event_id', 'kind', 'damage']);
    const byKey = new Map(truth.slice(1).map((t) => [`${t[0]}:${t[1]}`, t]));
    expect(byKey.size).toBe(truth.length - 1);
    let rows = 0;
    const firstSeen = new Map<string, string>();
    for (const f of base.files) {
      const doses = read(baseDir, f);
      expect(doses[0]).toEqual(DOSE_HEADER);
      doses.slice(1).forEach((row, i) => {
        rows++;
        const t = byKey.get(`${f}:${i + 2}`);
        expect(t, `${f}:${i + 2}`).toBeDefined();
        expect(t![2]).toBe(row[0]);
        const prev = firstSeen.get(row[0]);
        if (prev !== undefined) {
          // A repeated record_id is only ever an identical re-upload.
          expect(t![6]).toBe('reupload');
          expect(row.join('\u0001')).toBe(prev);
        } else firstSeen.set(row[0], row.join('\u0001'));
      });
    }
    expect(rows).toBe(truth.length - 1);
    expect(rows).toBe(base.doseRows);
  });

  it('gives truth citizen_ids that exist in the registry, and the same person always the same ID', () => {
    const reg = new Set(
      read(baseDir, 'registry.csv')
        .slice(1)
        .map((r) => r[0]),
    );
    expect(reg.size).toBe(base.registryRows);
    const personId = new Map<string, string>();
    let empty = 0;
    for (const t of read(baseDir, 'truth.csv').slice(1)) {
      if (t[3] === '') empty++;
      else expect(reg.has(t[3])).toBe(true);
      const seen = personId.get(t[4]);
      if (seen !== undefined) expect(seen).toBe(t[3]);
      else personId.set(t[4], t[3]);
    }
    // ~3 % of people are not in the registry.
    expect(empty / base.doseRows).toBeGreaterThan(0.01);
    expect(empty / base.doseRows).toBeLessThan(0.06);
  });

  it('writes valid 12-digit CCCDs whose G digit and YY agree with gender and birth year', () => {
    const rows = read(baseDir, 'registry.csv');
    expect(rows[0]).toEqual(['citizen_id', 'old_id', 'full_name', 'birth_date', 'gender', 'commune_code', 'phone']);
    for (const [id, old, , birth, gender, commune] of rows.slice(1)) {
      expect(id).toMatch(/^\d{12}$/);
      expect(PROVINCE_CODES).toContain(id.slice(0, 3));
      const year = Number(birth.slice(-4));
      const g = Number(id[3]);
      expect(g % 2 === 1 ? 'Nữ' : 'Nam').toBe(gender);
      expect((19 + Math.floor(g / 2)) * 100 + Number(id.slice(4, 6))).toBe(year);
      expect(old).toMatch(/^(\d{9})?$/);
      expect(commune).toMatch(/^\d{5}$/);
      expect(birth).toMatch(/^(\d{2}\/\d{2}\/)?\d{4}$/);
    }
  });

  it('applies no tag that is switched off (each tag off in one of two complementary runs)', async () => {
    const halves = [DAMAGE_TAGS.filter((_, i) => i % 2 === 0), DAMAGE_TAGS.filter((_, i) => i % 2 === 1)];
    for (const [k, off] of halves.entries()) {
      const dir = join(root, `off${k}`);
      const r = await generateDataset({ persons: 1000, outDir: dir, seed: 5, rates: Object.fromEntries(off.map((t) => [t, 0])) });
      const tags = new Set(
        read(dir, 'truth.csv')
          .slice(1)
          .flatMap((t) => (t[7] ? t[7].split(';') : [])),
      );
      const kinds = new Set(
        read(dir, 'truth.csv')
          .slice(1)
          .map((t) => t[6]),
      );
      for (const t of off) {
        expect(tags.has(t), t).toBe(false);
        expect(r.tagCounts[t], t).toBe(0);
        if (t === 'second_facility' || t === 'reupload') expect(kinds.has(t)).toBe(false);
      }
    }
  });

  it('produces clean records when every rate is 0', async () => {
    const dir = join(root, 'clean');
    await generateDataset({ persons: 500, outDir: dir, seed: 3, rates: Object.fromEntries(DAMAGE_TAGS.map((t) => [t, 0])) });
    const truth = read(dir, 'truth.csv').slice(1);
    expect(truth.every((t) => t[7] === '' && t[6] === 'original')).toBe(true);
  });

  it('keeps dose dates in the campaign and dose numbers in sequence per person', () => {
    const truth = read(baseDir, 'truth.csv');
    const byKey = new Map(truth.slice(1).map((t) => [`${t[0]}:${t[1]}`, t]));
    for (const f of base.files) {
      read(baseDir, f)
        .slice(1)
        .forEach((row, i) => {
          const t = byKey.get(`${f}:${i + 2}`)!;
          if (t[7].includes('dose_date_format') || t[7].includes('unusable_dose_date')) return;
          const [d, m, y] = row[11].split('/');
          const iso = `${y}-${m}-${d}`;
          expect(iso >= '2021-03-08' && iso <= '2022-12-31', iso).toBe(true);
          expect(Number(row[10])).toBeGreaterThanOrEqual(1);
          expect(Number(row[10])).toBeLessThanOrEqual(5);
        });
    }
  });

  it('roughly holds the per-record rates', () => {
    const n = base.doseRows;
    const within = (tag: string, expected: number): void => {
      const sd = Math.sqrt((expected * (1 - expected)) / n);
      expect(Math.abs(base.tagCounts[tag] / n - expected), tag).toBeLessThan(4 * sd + 0.002);
    };
    within('id_missing', base.rates.id_missing);
    within('name_upper', base.rates.name_upper);
    within('gender_missing', base.rates.gender_missing);
    within('phone_missing', base.rates.phone_missing);
    within('gender_variant', base.rates.gender_variant * (1 - base.rates.gender_missing));
    // second_facility is per real dose
    const ev = base.events;
    const sf = base.kindCounts.second_facility / ev;
    expect(Math.abs(sf - base.rates.second_facility)).toBeLessThan(4 * Math.sqrt((0.04 * 0.96) / ev) + 0.002);
  });

  it('uses the platform headers with viHeaders and quotes fields properly', async () => {
    const dir = join(root, 'vi');
    const r = await generateDataset({ persons: 400, outDir: dir, seed: 9, viHeaders: true, files: 2 });
    for (const f of r.files) {
      const rows = read(dir, f);
      expect(rows[0]).toEqual(DOSE_HEADER_VI);
      expect(rows.every((row) => row.length === 13)).toBe(true);
    }
  });

  it('spreads second-facility duplicates to another facility, and legacy fonts over whole files', () => {
    const truth = read(baseDir, 'truth.csv').slice(1);
    const events = new Map<string, string[][]>();
    for (const t of truth) events.set(t[5], [...(events.get(t[5]) ?? []), t]);
    let cross = 0;
    for (const ts of events.values()) {
      const orig = ts.find((t) => t[6] === 'original')!;
      for (const t of ts.filter((x) => x[6] === 'second_facility')) {
        expect(t[2].split('-')[0]).not.toBe(orig[2].split('-')[0]);
        if (t[0] !== orig[0]) cross++;
      }
    }
    expect(cross / base.kindCounts.second_facility).toBeGreaterThan(0.6);
    const tcvnFiles = new Set(truth.filter((t) => t[7].includes('name_tcvn3')).map((t) => t[0]));
    const vniFiles = new Set(truth.filter((t) => t[7].includes('name_vni')).map((t) => t[0]));
    expect(tcvnFiles.size).toBe(1);
    expect(vniFiles.size).toBe(1);
    expect([...tcvnFiles][0]).not.toBe([...vniFiles][0]);
  });
});

describe('damage helpers', () => {
  it('writes E-notation like Excel General', () => {
    expect(toENotation('123456789012')).toBe('1.23457E+11');
    expect(toENotation('079203012345')).toBe('7.9203E+10');
  });
});

describe('generateDataset: commune codes from the shipped 2025 tables', () => {
  it("gives the doses real 2021–22 codes and the registry the code of today each person's commune became", () => {
    const units = loadAdminUnits();
    const registry = new Map(
      read(baseDir, 'registry.csv')
        .slice(1)
        .map((r) => [r[0]!, r[5]!]),
    );
    const owner = new Map(
      read(baseDir, 'truth.csv')
        .slice(1)
        .map((t) => [`${t[0]}:${t[1]}`, t[3]!]),
    );
    const kinds = new Map<string, number>();
    let compared = 0;
    for (const f of base.files) {
      read(baseDir, f)
        .slice(1)
        .forEach((row, i) => {
          const r = resolveCommune(units, row[6]!, 'old');
          expect(units.old.has(row[6]!), row[6]).toBe(true);
          kinds.set(r.status, (kinds.get(r.status) ?? 0) + 1);
          const today = registry.get(owner.get(`${f}:${i + 2}`) ?? '');
          if (today === undefined) return;
          compared++;
          expect(r.commune !== '' ? [r.commune] : r.candidates, `${f}:${i + 2}`).toContain(today);
        });
    }
    expect(compared).toBeGreaterThan(1000);
    for (const k of ['mapped', 'split', 'successor', 'abolished']) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0);
  });
});
