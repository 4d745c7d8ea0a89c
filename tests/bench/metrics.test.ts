// Accuracy metrics on tiny hand-made tables, where every number can be checked by hand.
import { describe, expect, it } from 'vitest';
import { checkMetrics, computeMetrics, nodesForBaseline, nodesFromOutputs, type CleanRow, type TruthRow } from '../../src/bench/metrics.js';

const T = (line: number, recordId: string, citizenId: string, eventId: string, kind = 'original', tags: string[] = []): TruthRow => ({
  file: 'doses_01.csv',
  line,
  recordId,
  citizenId,
  personId: `P${citizenId}`,
  eventId,
  kind,
  tags,
});
const C = (recordId: string, citizenId: string, linkStatus: string, merged: string[] = []): CleanRow => ({
  recordId,
  citizenId,
  linkStatus,
  mergedRecordIds: merged,
});

// Person A (id 111) has two real doses e1, e2; e1 was also entered by a second facility (r3) and re-uploaded (r1 again).
// Person B (id 222) has one dose e3 with a damaged ID. Person C is not in the registry (e4).
const truth: TruthRow[] = [
  T(2, 'r1', '111', 'e1'),
  T(3, 'r2', '111', 'e2'),
  T(4, 'r3', '111', 'e1', 'second_facility', ['id_missing']),
  T(5, 'r4', '222', 'e3', 'original', ['id_digit_typo']),
  T(6, 'r5', '', 'e4'),
  T(7, 'r1', '111', 'e1', 'reupload'),
];

describe('nodesFromOutputs + computeMetrics', () => {
  it('scores a perfect run as perfect', () => {
    const clean = [C('r1', '111', 'verified', ['r3']), C('r2', '111', 'verified'), C('r4', '222', 'corrected'), C('r5', '', 'unmatched')];
    const m = computeMetrics(nodesFromOutputs(truth, clean, [], []));
    expect(m.link).toMatchObject({ truthLinkable: 5, predictedLinks: 5, correct: 5, precision: 1, recall: 1, f1: 1 });
    // true pairs: e1 has r1, r3, r1(reupload) -> 3 pairs
    expect(m.dedupe).toMatchObject({ truePairs: 3, predictedPairs: 3, correctPairs: 3, realDosesMerged: 0, precision: 1, recall: 1 });
    expect(m.doses).toEqual({ out: 4, eventsIn: 4, error: 0, relativeError: 0 });
    expect(checkMetrics(m)).toEqual([]);
  });

  it('counts a real second dose merged, a wrong link, a missed duplicate and review as not linked', () => {
    const clean = [
      C('r1', '111', 'verified', ['r2']), // e2 merged into e1: real doses merged
      C('r3', '111', 'review'), // second-facility copy not folded, and in review
      C('r4', '333', 'corrected'), // wrong person
      C('r5', '', 'unmatched'),
    ];
    const m = computeMetrics(nodesFromOutputs(truth, clean, [], []));
    // linked: r1, r2, r1' -> correct (111); r4 -> wrong. r3 review -> not linked.
    expect(m.link).toMatchObject({ truthLinkable: 5, predictedLinks: 4, correct: 3, wrong: 1 });
    expect(m.link.precision).toBeCloseTo(0.75);
    expect(m.link.recall).toBeCloseTo(0.6);
    // cluster {r1, r2, r1'}: 3 predicted pairs, 1 correct (r1, r1'); true pairs 3 (r1-r3, r1-r1', r3-r1').
    expect(m.dedupe).toMatchObject({ truePairs: 3, predictedPairs: 3, correctPairs: 1, realDosesMerged: 2 });
    expect(m.doses).toMatchObject({ out: 4, eventsIn: 4, error: 0 });
    const fails = checkMetrics(m);
    expect(fails.some((f) => f.includes('real doses merged'))).toBe(true);
    expect(fails.some((f) => f.startsWith('link precision'))).toBe(true);
    // by tag: id_digit_typo row linked wrongly; id_missing row not linked.
    expect(m.byTag.id_digit_typo.link).toMatchObject({ predictedLinks: 1, correct: 0, recall: 0 });
    expect(m.byTag.id_missing.link).toMatchObject({ truthLinkable: 1, predictedLinks: 0, recall: 0 });
    // pairs involving the id_missing row (r3): true 2, predicted 0
    expect(m.byTag.id_missing.dedupe).toMatchObject({ truePairs: 2, predictedPairs: 0, recall: 0 });
    expect(m.byKind.second_facility.rows).toBe(1);
    expect(m.byKind.reupload.link.correct).toBe(1);
  });

  it('leaves pairs of review-by-design copies out of the recall check only', () => {
    // r3 carries another real lot (dose_conflict_other_lot): kept apart for review. r1 and its re-upload are folded.
    const reviewTruth = truth.map((t) => (t.recordId === 'r3' ? { ...t, tags: ['dose_conflict_other_lot'] } : t));
    const clean = [
      C('r1', '111', 'verified'),
      C('r2', '111', 'verified'),
      C('r3', '111', 'verified'),
      C('r4', '222', 'corrected'),
      C('r5', '', 'unmatched'),
    ];
    const m = computeMetrics(nodesFromOutputs(reviewTruth, clean, [], []));
    // true pairs r1-r3, r1-r1', r3-r1': only r1-r1' involves no review copy, and it was found.
    expect(m.dedupe).toMatchObject({ truePairs: 3, correctPairs: 1 });
    expect(m.dedupe.recall).toBeCloseTo(1 / 3);
    expect(m.dedupeDecidable).toEqual({ truePairs: 1, correctPairs: 1, recall: 1 });
    expect(m.byTag.dose_conflict_other_lot.dedupe).toMatchObject({ truePairs: 2, correctPairs: 0 });
    expect(checkMetrics(m)).toEqual([]);
    // The same miss without the tag fails the check.
    const plain = computeMetrics(nodesFromOutputs(truth, clean, [], []));
    expect(checkMetrics(plain)).toEqual(['dedupe recall (review-by-design pairs left out) 0.3333 < 0.97']);
  });

  it('follows duplicates.csv to the kept record and excludes rejected rows', () => {
    const clean = [C('r1', '111', 'verified'), C('r2', '111', 'verified_with_discrepancy'), C('r5', '', 'unmatched')];
    const dups = [{ recordId: 'r3', keptRecordId: 'r1' }];
    const rejects = [
      { file: 'doses_01.csv', line: 5 },
      { file: 'doses_01.csv', line: 7 },
    ];
    const m = computeMetrics(nodesFromOutputs(truth, clean, dups, rejects));
    // r4 rejected -> not linked, no cluster; the rejected re-upload (line 7) still joins r1's dose.
    expect(m.rejected).toBe(1);
    expect(m.link).toMatchObject({ truthLinkable: 5, correct: 4, precision: 1 });
    expect(m.link.recall).toBeCloseTo(0.8);
    expect(m.dedupe).toMatchObject({ truePairs: 3, correctPairs: 3, realDosesMerged: 0 });
    // 3 doses out, 4 real doses in (e3 lost with its rejected row)
    expect(m.doses).toMatchObject({ out: 3, eventsIn: 4, error: -1 });
    expect(m.doses.relativeError).toBeCloseTo(-0.25);
  });

  it('scores the naive exact-join baseline: no dedupe, only exact IDs link', () => {
    const raw = ['111', '111', '', '222x', '999', '111'];
    const m = computeMetrics(nodesForBaseline(truth, raw, new Set(['111', '222'])));
    expect(m.link).toMatchObject({ predictedLinks: 3, correct: 3, precision: 1 });
    expect(m.link.recall).toBeCloseTo(0.6);
    expect(m.dedupe).toMatchObject({ predictedPairs: 0, correctPairs: 0, precision: null, recall: 0 });
    expect(m.doses).toMatchObject({ out: 6, eventsIn: 4, error: 2 });
  });
});
