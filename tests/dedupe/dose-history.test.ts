import { describe, expect, it } from 'vitest';
import { checkDoseHistory, minimumIntervalDays, type HistoryDose } from '../../src/dedupe/dose-history.js';
import { isoToDay } from '../../src/dedupe/values.js';
import type { Problem } from '../../src/types.js';
import { cfg, makeDose, type DoseSpec } from './helpers.js';

describe('minimumIntervalDays', () => {
  it.each([
    ['PFIZER', 'PFIZER', 21],
    ['ABDALA', 'ABDALA', 14],
    ['VEROCELL', 'HAYATVAX', 21], // one family
    ['ASTRAZENECA', 'PFIZER', 21], // mixing: the shorter known interval
    ['UNKNOWN', 'PFIZER', 21],
    ['UNKNOWN', 'UNKNOWN', 14], // cfg.minIntervalUnknownDays
  ] as const)('%s then %s -> %i days', (a, b, expected) => {
    expect(minimumIntervalDays(makeDose({ vaccine: a }), makeDose({ vaccine: b }), cfg)).toBe(expected);
  });
});

function history(specs: DoseSpec[], checkSequence = true): { seq: number[]; problems: Map<number, Problem[]> } {
  const doses: HistoryDose[] = specs.map((s, index) => {
    const dose = makeDose({ seq: index, ...s });
    return { index, dose, day: isoToDay(dose.doseDate), doseNumber: dose.doseNumber };
  });
  const doseSeq = new Int32Array(specs.length);
  const problems = new Map<number, Problem[]>();
  checkDoseHistory(doses, doseSeq, { checkSequence, keptApartReason: () => 'test' }, cfg, (i, p) =>
    problems.set(i, [...(problems.get(i) ?? []), p]),
  );
  return { seq: Array.from(doseSeq), problems };
}

describe('checkDoseHistory', () => {
  it('a clean Abdala series at 14-day intervals plus a booster has no problems', () => {
    const r = history([
      { vaccine: 'ABDALA', date: '2021-10-01', doseNumber: 1 },
      { vaccine: 'ABDALA', date: '2021-10-15', doseNumber: 2 },
      { vaccine: 'ABDALA', date: '2021-10-29', doseNumber: 3 },
      { vaccine: 'PFIZER', date: '2022-05-01', doseNumber: 4 },
    ]);
    expect(r.seq).toEqual([1, 2, 3, 4]);
    expect(r.problems.size).toBe(0);
  });

  it.each([
    ['dose number ahead of the order', [{ doseNumber: 2 }], 0, /earlier doses may be missing/],
    ['dose number behind the order', [{ doseNumber: 1, date: '2021-07-01' }, { doseNumber: 1 }], 1, /dose 2 of 2/],
  ] as const)('DOSE_NUMBER_SEQUENCE: %s', (_n, specs, index, detail) => {
    const r = history(specs as unknown as DoseSpec[]);
    expect(r.problems.get(index)?.map((p) => p.code)).toEqual(['DOSE_NUMBER_SEQUENCE']);
    expect(r.problems.get(index)?.[0].detail).toMatch(detail);
  });

  it('no sequence check when the person is unknown', () => {
    expect(history([{ doseNumber: 3 }], false).problems.size).toBe(0);
  });

  it('DOSE_INTERVAL_TOO_SHORT on the later dose, with the reason they were kept apart', () => {
    const r = history([
      { date: '2021-08-01', doseNumber: 1 },
      { date: '2021-08-15', doseNumber: 2 },
    ]);
    expect(r.problems.get(0)).toBeUndefined();
    expect(r.problems.get(1)?.[0]).toMatchObject({ code: 'DOSE_INTERVAL_TOO_SHORT', field: 'dose_date', value: '2021-08-15' });
    expect(r.problems.get(1)?.[0].detail).toBe('14 days after record R0 (PFIZER, 2021-08-01); minimum interval 21 days; kept apart: test');
  });

  it('DOSE_COUNT_EXCESSIVE on every dose past the maximum', () => {
    const dates = ['2021-08-01', '2021-09-01', '2021-10-01', '2021-11-01', '2021-12-01', '2022-01-01', '2022-02-01'];
    const r = history(dates.map((date) => ({ date, doseNumber: null })));
    expect([...r.problems.keys()]).toEqual([5, 6]);
    expect(r.problems.get(6)?.[0].detail).toMatch(/dose 7 of 7 .* no schedule allows more than 5/);
  });
});
