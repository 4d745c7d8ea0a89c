// Weighing conflicting dose pairs (issue 14 §1): one table per evidence, then a decision test per hard case.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairContext } from '../../src/dedupe/dose-clusters.js';
import {
  bestScoreWithDifferentLots,
  compareLots,
  describeWeighed,
  NO_CONTEXT,
  oneEditApart,
  twoSlipsApart,
  weighDosePair,
} from '../../src/dedupe/dose-evidence.js';
import { dedupeDoses, type DedupeResult } from '../../src/dedupe/index.js';
import { validateDedupeConfig } from '../../src/dedupe/validate-config.js';
import { isoToDay } from '../../src/dedupe/values.js';
import { cfg, item, makeDose, nameBirthSamePerson, type DoseSpec } from './helpers.js';

const w = cfg.conflictWeights;
const run = (specs: DoseSpec[]): DedupeResult =>
  dedupeDoses(
    specs.map((s, seq) => item(makeDose({ seq, ...s }))),
    nameBirthSamePerson,
    cfg,
  );
const codes = (r: DedupeResult, i: number): string[] => (r.problems.get(i) ?? []).map((p) => p.code);
const term = (specA: DoseSpec, specB: DoseSpec, gap: number, evidence: string) =>
  weighDosePair(makeDose(specA), makeDose(specB), gap, NO_CONTEXT, cfg).terms.find((t) => t.evidence === evidence);

describe('oneEditApart', () => {
  it.each([
    ['FE1234', 'FE1235', true, 'one substitution'],
    ['FE1234', 'FE124', true, 'one deletion'],
    ['FE124', 'FE1234', true, 'one insertion'],
    ['FE1234', 'FE1324', true, 'adjacent swap'],
    ['FE1234', 'FE1234', false, 'equal'],
    ['FE1234', 'FE2143', false, 'two swaps'],
    ['FE1234', 'FF1235', false, 'two substitutions'],
    ['FE1234', 'FE12', false, 'two deletions'],
    ['3000832', '3000845', false, 'two digits'],
  ] as const)('%s / %s -> %s (%s)', (a, b, expected, _why) => {
    expect(oneEditApart(a, b)).toBe(expected);
  });
});

describe('twoSlipsApart', () => {
  it.each([
    ['FJ3214', 'ZJ3014', true, 'two substitutions'],
    ['202130K327', '202739K327', true, 'two digits of a long lot'],
    ['FE1234', 'FE1235', false, 'one substitution'],
    ['FE1234', 'FE1234', false, 'equal'],
    ['FE1234', 'FK9876', false, 'four substitutions'],
    ['FE1234', 'FE12345', false, 'lengths differ'],
    ['FE1234', 'EF1243', false, 'two swaps: four places'],
  ] as const)('%s / %s -> %s (%s)', (a, b, expected, _why) => {
    expect(twoSlipsApart(a, b)).toBe(expected);
  });
});

describe('evidence: lot', () => {
  it.each([
    ['FE1234', 'FE1234', 'same', w.lot.same],
    ['fe-1234', 'FE 1234', 'same', w.lot.same],
    ['FE1234', 'FE1284', 'oneEdit', w.lot.oneEdit],
    ['FE1234', '', 'missing', w.lot.missing],
    ['', '', 'missing', w.lot.missing],
    ['FE1234', 'FK9876', 'different', w.lot.different],
    ['FJ3214', 'ZJ3014', 'twoSlips', w.lot.twoSlips], // each facility keyed the lot with its own slip
    ['FJ321', 'ZJ301', 'different', w.lot.different], // under lotTwoSlipsMinLength: two characters are most of the lot
    ['A12', 'A13', 'different', w.lot.different], // under lotEditMinLength: one edit is most of the lot
  ] as const)('%s / %s -> %s', (a, b, level, weight) => {
    expect(compareLots(makeDose({ lot: a }), makeDose({ lot: b }), NO_CONTEXT, cfg)).toBe(level);
    expect(term({ lot: a }, { lot: b }, 0, 'lot')).toEqual({ evidence: 'lot', level, weight });
  });

  it('a differing lot and dose number equal to another dose of the person is a copied line', () => {
    const ctx = { otherLines: new Set(['PFIZER|FK9876|2']), history: 'neutral' as const };
    expect(compareLots(makeDose({ lot: 'FE1234' }), makeDose({ lot: 'FK9876', doseNumber: 2 }), ctx, cfg)).toBe('copiedLine');
    // Lot alone (other dose number) or another family is no copied line.
    expect(compareLots(makeDose({ lot: 'FE1234' }), makeDose({ lot: 'FK9876', doseNumber: 1 }), ctx, cfg)).toBe('different');
    const other = { otherLines: new Set(['MODERNA|FK9876|2']), history: 'neutral' as const };
    expect(compareLots(makeDose({ lot: 'FE1234' }), makeDose({ lot: 'FK9876', doseNumber: 2 }), other, cfg)).toBe('different');
  });
});

describe('evidence: gap, dose number, product, facility', () => {
  it.each([
    [0, w.gapDays[0]],
    [1, w.gapDays[1]],
    [2, w.gapDays[2]],
    [3, w.gapDays[3]],
    [9, w.gapDays[w.gapDays.length - 1]],
  ])('gap %i days -> %d', (gap, weight) => {
    expect(term({}, {}, gap, 'gap')).toEqual({ evidence: 'gap', level: `${gap}d`, weight });
  });

  it.each([
    [1, 1, 'same', w.doseNumber.same],
    [1, null, 'missing', w.doseNumber.missing],
    [1, 2, 'differs', w.doseNumber.differs],
  ] as const)('dose numbers %s / %s -> %s', (a, b, level, weight) => {
    expect(term({ doseNumber: a }, { doseNumber: b }, 0, 'dose_number')).toEqual({ evidence: 'dose_number', level, weight });
  });

  it.each([
    ['PFIZER', 'PFIZER', 'same', w.sameProduct],
    ['VEROCELL', 'HAYATVAX', 'same_family', 0],
  ] as const)('products %s / %s -> %s', (a, b, level, weight) => {
    expect(term({ vaccine: a }, { vaccine: b }, 0, 'product')).toEqual({ evidence: 'product', level, weight });
  });

  it.each([
    ['F1', 'F1', 'same', 0],
    ['F1', 'F2', 'different', w.differentFacility],
  ] as const)('facilities %s / %s -> %s', (a, b, level, weight) => {
    expect(term({ facility: a }, { facility: b }, 0, 'facility')).toEqual({ evidence: 'facility', level, weight });
  });

  it('the score is the sum of the terms, and the waterfall names each', () => {
    const r = weighDosePair(makeDose({ lot: 'FE1234' }), makeDose({ facility: 'F2', doseNumber: 2 }), 1, NO_CONTEXT, cfg);
    expect(r.score).toBe(r.terms.reduce((s, t) => s + t.weight, 0));
    expect(describeWeighed(r, cfg)).toBe(
      'score=3.5 (interval closer_than_minimum +2, gap 1d +1, lot missing 0, dose_number differs -1, product same +0.5, ' +
        'facility different +1); duplicate at 2.5, possible at -2',
    );
  });
});

describe("evidence: the person's other doses (history)", () => {
  const history = (specs: DoseSpec[], a: number, b: number): string => {
    const doses = specs.map((s, seq) => makeDose({ seq, ...s }));
    const day = doses.map((d) => isoToDay(d.doseDate));
    const members = doses.map((_, i) => [i]);
    return pairContext(doses, day, Int32Array.from(doses.map((_, i) => i)), members, a, b, cfg).history;
  };
  it.each<[string, DoseSpec[], number, number, string]>([
    ['only the pair, numbers 1 and 2: both readings fit', [{ date: '2021-08-01' }, { date: '2021-08-02', doseNumber: 2 }], 0, 1, 'neutral'],
    [
      'dose 1, then the pair 2 and 1 (own count): folding fits',
      [{ date: '2021-07-01' }, { date: '2021-07-22', doseNumber: 2 }, { date: '2021-07-23', doseNumber: 1, facility: 'F2' }],
      1,
      2,
      'foldFits',
    ],
    [
      'the pair 1 and 2, then dose 3: folding leaves a hole',
      [{ date: '2021-08-01' }, { date: '2021-08-03', doseNumber: 2 }, { date: '2022-02-01', doseNumber: 3 }],
      0,
      1,
      'foldBreaks',
    ],
    ['equal dose numbers: no history evidence', [{ date: '2021-08-01' }, { date: '2021-08-02' }], 0, 1, 'neutral'],
  ])('%s', (_name, specs, a, b, expected) => {
    expect(history(specs, a, b)).toBe(expected);
  });
});

describe('decisions: the hard cases of issue 14 §1', () => {
  it('same lot, dose number differs, same day -> duplicate', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { lot: 'FE1234', date: '2021-08-01', doseNumber: 2, facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
    expect(r.duplicates[0].rule).toBe('WEIGHED_EVIDENCE');
    expect(r.duplicates[0].detail).toMatch(/dose_number=2\/1; evidence: score=8\.5 \(.*lot same \+4, dose_number differs -1/);
    expect(r.problems.size).toBe(0);
  });

  it('lot one edit apart, 2 days apart -> duplicate', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { lot: 'FE1284', date: '2021-08-03', facility: 'F2' },
    ]);
    expect(r.duplicates.map((d) => d.rule)).toEqual(['WEIGHED_EVIDENCE']);
    expect(r.duplicates[0].detail).toMatch(/lot oneEdit \+2\.5/);
  });

  it('no lot against a lot, 1 day apart, dose numbers differ -> duplicate, the lot kept', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { date: '2021-08-02', doseNumber: 2, facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
    expect(r.duplicates[0].detail).toMatch(/score=3\.5/);
  });

  it('different lots, 1 day apart, different facilities -> possible duplicate, kept for review', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { lot: 'FK9876', date: '2021-08-02', facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    // Both say dose 1, so the later one is also out of sequence while the two are kept.
    expect(codes(r, 1)).toEqual(['DOSE_POSSIBLE_DUPLICATE', 'DOSE_NUMBER_SEQUENCE']);
    expect(r.problems.get(1)?.[0].detail).toMatch(/possible duplicate of record R0 .*score=0\.5 .*lot different -5/);
  });

  // Independent generator (issue 14): the first entry's lot has its own slip and the second facility's another, so the
  // two are two characters apart; on the same day at two facilities that is one dose, a few days apart a person decides.
  it('lots two slips apart, same day, two facilities, dose numbers differ -> duplicate', () => {
    const r = run([
      { lot: 'FJ3214', date: '2021-08-01', doseNumber: 1 },
      { lot: 'ZJ3014', date: '2021-08-01', doseNumber: 2, facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
    expect(r.duplicates[0].detail).toMatch(/evidence: score=3\.5 \(.*lot twoSlips -1/);
  });

  it('lots two slips apart, 2 days apart, dose numbers differ -> possible duplicate, kept for review', () => {
    const r = run([
      { lot: 'FJ3214', date: '2021-08-01', doseNumber: 1 },
      { lot: 'ZJ3014', date: '2021-08-03', doseNumber: 2, facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(codes(r, 1)[0]).toBe('DOSE_POSSIBLE_DUPLICATE');
    expect(r.problems.get(1)?.[0].detail).toMatch(/score=2 .*lot twoSlips -1/);
  });

  it('two different lots 28 days apart -> distinct, never weighed, no flag', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { lot: 'FK9876', date: '2021-08-29', doseNumber: 2 },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(r.problems.size).toBe(0);
  });

  it('two different lots 5 days apart at one facility -> distinct (flagged too short, the evidence given)', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { lot: 'FK9876', date: '2021-08-06', doseNumber: 2 },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(codes(r, 1)).toEqual(['DOSE_INTERVAL_TOO_SHORT']);
    expect(r.problems.get(1)?.[0].detail).toMatch(/weighed distinct: score=-4\.5/);
  });

  it('no lot, 2 days apart, numbers 1 and 2, and a dose 3 follows: folding would leave doses 1 and 3 -> not folded, review', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { date: '2021-08-03', doseNumber: 2 },
      { lot: 'FM5555', date: '2022-02-01', doseNumber: 3 },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1, 2]);
    expect(codes(r, 1)).toEqual(['DOSE_POSSIBLE_DUPLICATE']);
    expect(r.problems.get(1)?.[0].detail).toMatch(/history foldBreaks -2/);
  });

  it('the same pair without the later dose 3 -> folded (the numbers are a miscount either way)', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { date: '2021-08-03', doseNumber: 2, facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
  });

  it("dose 1, dose 2, and a second facility's copy of dose 2 numbered 1 (its own count) -> the copy folds into dose 2", () => {
    const r = run([
      { lot: 'FE1234', date: '2021-07-01' },
      { lot: 'FF2222', date: '2021-07-22', doseNumber: 2 },
      { date: '2021-07-23', doseNumber: 1, facility: 'F2' },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1, 1]);
    expect(r.duplicates[0].detail).toMatch(/history foldFits \+1/);
    expect(r.problems.size).toBe(0);
  });

  it("a copy that took the lot and number of the person's dose 2 (wrong line) folds into dose 1", () => {
    const r = run([
      { lot: 'FE1234', date: '2021-07-01' },
      { lot: 'FF2222', date: '2021-07-01', doseNumber: 2, facility: 'F2' },
      { lot: 'FF2222', date: '2021-07-22', doseNumber: 2 },
    ]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0, 2]);
    expect(r.duplicates[0].detail).toMatch(/lot copiedLine 0/);
  });

  it('Vero Cell and Hayat-Vax (one family), no lot, numbers differ, same day at two facilities -> duplicate', () => {
    const r = run([
      { vaccine: 'VEROCELL', lot: '202108B0121', date: '2021-08-01' },
      { vaccine: 'HAYATVAX', date: '2021-08-01', doseNumber: 2, facility: 'F2' },
    ]);
    expect(r.duplicates.map((d) => d.rule)).toEqual(['WEIGHED_EVIDENCE']);
  });

  it('Pfizer and Moderna on one day with numbers differing -> never weighed (two families)', () => {
    const r = run([
      { vaccine: 'PFIZER', date: '2021-08-01' },
      { vaccine: 'MODERNA', date: '2021-08-01', doseNumber: 2 },
    ]);
    expect(r.duplicates).toEqual([]);
    expect(codes(r, 1)).not.toContain('DOSE_POSSIBLE_DUPLICATE');
  });

  it('lot X, lot X one edit off, lot Y: the typo joins X, Y stays apart for review', () => {
    const r = run([
      { lot: 'FE1234', date: '2021-08-01' },
      { lot: 'FE1235', date: '2021-08-01', facility: 'F2' },
      { lot: 'FK9876', date: '2021-08-02', facility: 'F3' },
    ]);
    expect(r.keptIndex[0]).toBe(r.keptIndex[1]);
    expect(r.keptIndex[2]).toBe(2);
    expect(codes(r, 2)).toEqual(['DOSE_POSSIBLE_DUPLICATE', 'DOSE_NUMBER_SEQUENCE']);
  });
});

describe('the configuration keeps two different lots apart', () => {
  it('the defaults: the best total with different lots stays under the duplicate threshold', () => {
    expect(bestScoreWithDifferentLots(cfg)).toBeLessThan(cfg.conflictDuplicateAt);
    expect(validateDedupeConfig(cfg)).toEqual([]);
  });

  it('lot weights that rise as the lots drift apart are refused', () => {
    expect(validateDedupeConfig({ ...cfg, conflictWeights: { ...w, lot: { ...w.lot, twoSlips: 3 } } })).toEqual([
      'dedupe.conflictWeights.lot must not rise as lots drift apart (same >= oneEdit >= twoSlips >= different), got 4, 2.5, 3, -5',
    ]);
  });

  it('weights that would fold two different lots are refused, with every other problem', () => {
    const errors = validateDedupeConfig({ ...cfg, conflictWeights: { ...w, lot: { ...w.lot, different: 0 } }, conflictPossibleAt: 5 });
    expect(errors).toEqual([
      'dedupe.conflictWeights.lot must not rise as lots drift apart (same >= oneEdit >= twoSlips >= different), got 4, 2.5, -1, 0',
      `dedupe.conflictPossibleAt (5) must not exceed dedupe.conflictDuplicateAt (${cfg.conflictDuplicateAt})`,
      `dedupe.conflictWeights let two different lots reach 6.5, at or above conflictDuplicateAt (${cfg.conflictDuplicateAt}): ` +
        'they would be folded',
    ]);
  });
});

describe('weighDosePair: invariants (property)', () => {
  const spec = fc.record({
    lot: fc.constantFrom('', 'FE1234', 'FE1235', 'FK9876', 'A1'),
    doseNumber: fc.constantFrom(null, 1, 2, 3),
    facility: fc.constantFrom('F1', 'F2'),
    vaccine: fc.constantFrom('VEROCELL', 'HAYATVAX'),
  });
  const ctxArb = fc.record({
    otherLines: fc.constantFrom(new Set<string>(), new Set(['SINOPHARM|FK9876|2'])),
    history: fc.constantFrom('neutral' as const, 'foldFits' as const, 'foldBreaks' as const),
  });

  it('two different lots are never a duplicate, and a longer gap never raises the score', () => {
    fc.assert(
      fc.property(spec, spec, fc.integer({ min: 0, max: 8 }), ctxArb, (sa, sb, gap, ctx) => {
        const a = makeDose(sa);
        const b = makeDose(sb);
        const r = weighDosePair(a, b, gap, ctx, cfg);
        if (compareLots(a, b, ctx, cfg) === 'different') expect(r.verdict).not.toBe('duplicate');
        expect(weighDosePair(a, b, gap + 1, ctx, cfg).score).toBeLessThanOrEqual(r.score);
        expect(weighDosePair(b, a, gap, ctx, cfg).score).toBe(r.score);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the history after folding', () => {
  it('a late copy that survives does not make the real next dose look too early', () => {
    // Dose 1 on 1 Aug (corrected link), re-entered 3 days late by a better-linked facility (survives); dose 2 on 22 Aug.
    const items = [
      item(makeDose({ seq: 0, lot: 'FE1234', date: '2021-08-01' }), 'corrected'),
      item(makeDose({ seq: 1, date: '2021-08-04', facility: 'F2', doseNumber: 2 }), 'verified'),
      item(makeDose({ seq: 2, lot: 'FF2222', date: '2021-08-22', doseNumber: 2 }), 'verified'),
    ];
    const r = dedupeDoses(items, nameBirthSamePerson, cfg);
    expect(Array.from(r.keptIndex)).toEqual([1, 1, 2]);
    // 18 days from the survivor's date, but 21 from the first copy's: not flagged.
    expect(codes(r, 2)).not.toContain('DOSE_INTERVAL_TOO_SHORT');
    // The survivor says dose 2 but its folded copy says 1, its position: in sequence.
    expect(codes(r, 1)).toEqual([]);
  });

  it('a dose none of whose copies carries its position is still out of sequence', () => {
    const items = [
      item(makeDose({ seq: 0, lot: 'FE1234', date: '2021-08-01', doseNumber: 3 }), 'corrected'),
      item(makeDose({ seq: 1, date: '2021-08-02', facility: 'F2', doseNumber: 2 }), 'verified'),
    ];
    const r = dedupeDoses(items, nameBirthSamePerson, cfg);
    expect(Array.from(r.keptIndex)).toEqual([1, 1]);
    expect(codes(r, 1)).toEqual(['DOSE_NUMBER_SEQUENCE']);
  });

  it("still flags a next dose too early from every copy's date", () => {
    const items = [
      item(makeDose({ seq: 0, lot: 'FE1234', date: '2021-08-01' }), 'corrected'),
      item(makeDose({ seq: 1, date: '2021-08-04', facility: 'F2', doseNumber: 2 }), 'verified'),
      item(makeDose({ seq: 2, lot: 'FF2222', date: '2021-08-20', doseNumber: 2 }), 'verified'),
    ];
    const r = dedupeDoses(items, nameBirthSamePerson, cfg);
    expect(Array.from(r.keptIndex)).toEqual([1, 1, 2]);
    expect(codes(r, 2)).toContain('DOSE_INTERVAL_TOO_SHORT');
  });
});
