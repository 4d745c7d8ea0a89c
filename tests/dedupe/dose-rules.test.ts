import { describe, expect, it } from 'vitest';
import { compareDosePair, describeDuplicate, windowDaysFor } from '../../src/dedupe/dose-rules.js';
import { cfg, makeDose, withRaw, type DoseSpec } from './helpers.js';

const day = (offset: number): string => new Date(Date.UTC(2021, 7, 1 + offset)).toISOString().slice(0, 10);

describe('windowDaysFor', () => {
  it.each([
    ['ABDALA', 7],
    ['PFIZER', 10],
    ['VEROCELL', 10],
    ['MODERNA', 14],
    ['ASTRAZENECA', 14],
    ['UNKNOWN', 7],
  ] as const)('%s -> %i days, below the real interval', (vaccine, expected) => {
    const d = makeDose({ vaccine });
    expect(windowDaysFor(d, cfg)).toBe(expected);
    if (d.vaccine.minIntervalDays > 0) expect(windowDaysFor(d, cfg)).toBeLessThan(d.vaccine.minIntervalDays);
  });

  it('never reaches half the product interval even if the table says more', () => {
    const d = makeDose({ vaccine: 'ABDALA' });
    expect(windowDaysFor(d, { ...cfg, windowDaysByProduct: { ABDALA: 23 } })).toBe(7);
  });
});

// a = left dose, b = right dose (gap in days from a to b), expected rule or null (kept apart).
const cases: { name: string; a: DoseSpec; b: DoseSpec; gap: number; rule: string | null; reason?: RegExp }[] = [
  { name: 'real Pfizer 2nd dose at 21 days', a: { lot: 'FF1' }, b: { lot: 'FF2', doseNumber: 2 }, gap: 21, rule: null, reason: /window/ },
  {
    name: 'real Pfizer 2nd dose at 21 days, no lots, no dose numbers',
    a: { doseNumber: null },
    b: { doseNumber: null },
    gap: 21,
    rule: null,
  },
  {
    name: 'real Abdala 2nd dose at 14 days, no lots',
    a: { vaccine: 'ABDALA', doseNumber: null },
    b: { vaccine: 'ABDALA', doseNumber: null },
    gap: 14,
    rule: null,
  },
  {
    name: 'real Moderna 2nd dose at 28 days, same lot',
    a: { vaccine: 'MODERNA', lot: 'M1' },
    b: { vaccine: 'MODERNA', lot: 'M1', doseNumber: null },
    gap: 28,
    rule: null,
  },
  {
    name: 'same day, same lot, other facility',
    a: { lot: 'FF1', facility: 'F1' },
    b: { lot: 'FF1', facility: 'F2' },
    gap: 0,
    rule: 'SAME_DAY_SAME_LOT',
  },
  { name: 'same day, lot missing on one side', a: { lot: 'FF1' }, b: { facility: 'F2' }, gap: 0, rule: 'SAME_DAY_SAME_PRODUCT' },
  {
    name: 'same day, Vero Cell vs Hayat-Vax',
    a: { vaccine: 'VEROCELL' },
    b: { vaccine: 'HAYATVAX' },
    gap: 0,
    rule: 'SAME_DAY_SAME_FAMILY',
  },
  { name: 'same day, different lots', a: { lot: 'FF1' }, b: { lot: 'FF2' }, gap: 0, rule: null, reason: /lots differ/ },
  {
    name: "same day, same lot, a man's and a woman's record (a twin on the sibling's ID)",
    a: { lot: 'FF1', gender: 'M' },
    b: { lot: 'FF1', gender: 'F' },
    gap: 0,
    rule: null,
    reason: /genders differ/,
  },
  {
    name: 'same day, same lot, one gender missing',
    a: { lot: 'FF1', gender: 'F' },
    b: { lot: 'FF1', gender: 'U' },
    gap: 0,
    rule: 'SAME_DAY_SAME_LOT',
  },
  { name: 'lots differ only in typing', a: { lot: 'fk-0108' }, b: { lot: 'FK 0108', facility: 'F2' }, gap: 3, rule: 'NEAR_DATE_SAME_LOT' },
  { name: 'copied lot, 8 days off', a: { lot: 'FF1' }, b: { lot: 'FF1', facility: 'F2' }, gap: 8, rule: 'NEAR_DATE_SAME_LOT' },
  { name: 'no lot, 3 days off at another facility', a: { lot: 'FF1' }, b: { facility: 'F2' }, gap: 3, rule: 'NEAR_DATE_NO_LOT' },
  { name: 'no lot, 8 days off: too far without a lot', a: {}, b: { facility: 'F2' }, gap: 8, rule: null, reason: /without a shared lot/ },
  { name: 'same day, dose numbers 1 and 2', a: {}, b: { doseNumber: 2 }, gap: 0, rule: null, reason: /dose numbers differ/ },
  { name: 'same day, one dose number missing', a: {}, b: { doseNumber: null }, gap: 0, rule: 'SAME_DAY_SAME_PRODUCT' },
  {
    name: 'same day, different families',
    a: { vaccine: 'PFIZER' },
    b: { vaccine: 'MODERNA' },
    gap: 0,
    rule: null,
    reason: /families differ/,
  },
  {
    name: 'Abdala 7 days apart: at the window edge',
    a: { vaccine: 'ABDALA', lot: 'A1' },
    b: { vaccine: 'ABDALA', lot: 'A1' },
    gap: 7,
    rule: null,
  },
  {
    name: 'Abdala 6 days apart, same lot',
    a: { vaccine: 'ABDALA', lot: 'A1' },
    b: { vaccine: 'ABDALA', lot: 'A1' },
    gap: 6,
    rule: 'NEAR_DATE_SAME_LOT',
  },
  {
    name: 'unknown product, same day',
    a: { vaccine: 'UNKNOWN' },
    b: { vaccine: 'UNKNOWN', facility: 'F2' },
    gap: 0,
    rule: 'SAME_DAY_SAME_PRODUCT',
  },
];

describe('compareDosePair', () => {
  it.each(cases)('$name -> $rule', ({ a, b, gap, rule, reason }) => {
    const da = makeDose({ ...a, date: day(0) });
    const db = makeDose({ ...b, date: day(gap) });
    const v = compareDosePair(da, db, gap, cfg);
    expect(v.rule).toBe(rule);
    expect(compareDosePair(db, da, gap, cfg).rule).toBe(rule);
    if (rule === null) expect(v.reason).not.toBe('');
    if (reason) expect(v.reason).toMatch(reason);
  });

  // Only a lot or dose-number conflict inside the window sends a pair on to the evidence weighing (dose-evidence.ts).
  it.each([
    ['same day, different lots', { lot: 'FF1' }, { lot: 'FF2' }, 0, true],
    ['same day, dose numbers 1 and 2', {}, { doseNumber: 2 }, 0, true],
    ['3 days, same lot, dose numbers 1 and 2', { lot: 'FF1' }, { lot: 'FF1', doseNumber: 2 }, 3, true],
    ['different lots at 21 days: outside the window', { lot: 'FF1' }, { lot: 'FF2', doseNumber: 2 }, 21, false],
    ['different families, same day', { vaccine: 'PFIZER', lot: 'FF1' }, { vaccine: 'MODERNA', lot: 'M2' }, 0, false],
    ['no lot, 8 days off, no conflict', {}, { facility: 'F2' }, 8, false],
    ['a duplicate', { lot: 'FF1' }, { lot: 'FF1' }, 0, false],
  ] as [string, DoseSpec, DoseSpec, number, boolean][])('%s -> conflict %s', (_name, a, b, gap, conflict) => {
    const v = compareDosePair(makeDose({ ...a, date: day(0) }), makeDose({ ...b, date: day(gap) }), gap, cfg);
    expect(v.conflict).toBe(conflict);
  });

  it('an identical row uploaded twice is EXACT_REUPLOAD, even with an unreadable date', () => {
    const a = makeDose({ lot: 'FF1', date: 'garbage' });
    const b = withRaw(a, {}, a.seq + 100);
    expect(compareDosePair(a, b, -1, cfg).rule).toBe('EXACT_REUPLOAD');
  });

  it('a different pass-through cell is not an exact re-upload', () => {
    const a = makeDose({ lot: 'FF1' });
    const b = { ...withRaw(a, {}, a.seq + 1), extra: ['note'] };
    expect(compareDosePair(a, b, 0, cfg).rule).toBe('SAME_DAY_SAME_LOT');
  });
});

describe('describeDuplicate', () => {
  it('lists the evidence and no personal data', () => {
    const kept = makeDose({ name: 'tran thi bich', birth: '1975-02-03', citizenId: '079175000123', lot: 'FF1', facility: 'F1' });
    const folded = makeDose({ name: 'tran thi bich', birth: '1975-02-03', citizenId: '079175000123', facility: 'F2', date: '2021-08-04' });
    const detail = describeDuplicate(folded, kept, 'NEAR_DATE_NO_LOT', 3, cfg);
    expect(detail).toBe('gap_days=3; window_days=10; product=PFIZER/PFIZER; lot=-/FF1; facility=F2/F1; dose_number=1/1');
    for (const secret of ['tran', '1975', '079175000123']) expect(detail).not.toContain(secret);
  });
});
