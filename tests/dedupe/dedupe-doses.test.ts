import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeDoses, type DedupeItem, type DedupeResult } from '../../src/dedupe/index.js';
import type { LinkStatus } from '../../src/types.js';
import { cfg, item, makeDose, nameBirthSamePerson, never, withRaw, type DoseSpec } from './helpers.js';

const run = (items: DedupeItem[], samePerson = nameBirthSamePerson): DedupeResult => dedupeDoses(items, samePerson, cfg);
const codes = (r: DedupeResult, i: number): string[] => (r.problems.get(i) ?? []).map((p) => p.code);
const linked = (specs: DoseSpec[]): DedupeItem[] => specs.map((s, seq) => item(makeDose({ seq, ...s })));

describe('dedupeDoses: real doses stay apart', () => {
  it.each([
    ['Abdala 2nd dose at 14 days', 'ABDALA', 14],
    ['Pfizer 2nd dose at 21 days', 'PFIZER', 21],
    ['Vero Cell 2nd dose at 21 days', 'VEROCELL', 21],
    ['Moderna 2nd dose at 28 days', 'MODERNA', 28],
  ] as const)('%s, no lots and no dose numbers', (_name, vaccine, gap) => {
    const d2 = new Date(Date.UTC(2021, 7, 1 + gap)).toISOString().slice(0, 10);
    const r = run(
      linked([
        { vaccine, date: '2021-08-01', doseNumber: null },
        { vaccine, date: d2, doseNumber: null, facility: 'F2' },
      ]),
    );
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(Array.from(r.doseSeq)).toEqual([1, 2]);
    expect(r.duplicates).toEqual([]);
    expect(r.problems.size).toBe(0);
  });
});

describe("dedupeDoses: a man's and a woman's record of one dose on one ID (issue 14)", () => {
  it("stay two doses, the later flagged as too close for the person's schedule (review)", () => {
    const r = run(
      linked([
        { lot: 'FF1', gender: 'F' },
        { lot: 'FF1', gender: 'M', facility: 'F2' },
      ]),
    );
    expect(r.duplicates).toEqual([]);
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(codes(r, 1)).toContain('DOSE_INTERVAL_TOO_SHORT');
    // One of them without a gender: the same dose, folded.
    expect(
      run(
        linked([
          { lot: 'FF1', gender: 'F' },
          { lot: 'FF1', gender: 'U', facility: 'F2' },
        ]),
      ).duplicates,
    ).toHaveLength(1);
  });
});

describe('dedupeDoses: duplicates folded', () => {
  it('an identical row uploaded twice', () => {
    const a = makeDose({ seq: 0, lot: 'FF1', citizenId: '001080000001' });
    const r = run([item(a), item(withRaw(a, {}, 1))]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
    expect(r.duplicates).toEqual([
      { index: 1, keptIndex: 0, rule: 'EXACT_REUPLOAD', detail: 'all cells equal to the kept row (doses.csv:2)' },
    ]);
    expect(r.merged).toEqual(new Map([[0, [1]]]));
    expect(Array.from(r.doseSeq)).toEqual([1, 0]);
    expect(r.stats.byRule.EXACT_REUPLOAD).toBe(1);
  });

  it('an identical unlinked row uploaded twice, even when the comparison says "different"', () => {
    const a = makeDose({ seq: 0 });
    const r = run([item(a, 'unmatched'), item(withRaw(a, {}, 1), 'unmatched')], never);
    expect(r.personKey[0]).toBe(r.personKey[1]);
    expect(r.duplicates.map((d) => d.rule)).toEqual(['EXACT_REUPLOAD']);
  });

  it('a second facility with a copied lot, 4 days later', () => {
    const r = run(
      linked([
        { lot: 'FF1234', facility: 'F1', date: '2021-08-01' },
        { lot: 'FF1234', facility: 'F2', date: '2021-08-05' },
      ]),
    );
    expect(r.duplicates).toEqual([
      {
        index: 1,
        keptIndex: 0,
        rule: 'NEAR_DATE_SAME_LOT',
        detail: 'gap_days=4; window_days=10; product=PFIZER/PFIZER; lot=FF1234/FF1234; facility=F2/F1; dose_number=1/1',
      },
    ]);
  });

  it('a second facility with no lot, a few days off: kept record has the lot', () => {
    const r = run(
      linked([
        { facility: 'F2', date: '2021-08-03' },
        { lot: 'FF1', facility: 'F1', date: '2021-08-01' },
      ]),
    );
    // The record with the lot is more complete, so it survives although it came second.
    expect(Array.from(r.keptIndex)).toEqual([1, 1]);
    expect(r.duplicates[0].rule).toBe('NEAR_DATE_NO_LOT');
  });
});

describe('dedupeDoses: different lots on one day', () => {
  it('at two facilities: kept apart and flagged DOSE_POSSIBLE_DUPLICATE (both cannot be real, but two lots are two vials)', () => {
    const r = run(
      linked([
        { lot: 'FF1', facility: 'F1', date: '2021-08-01' },
        { lot: 'FF2', facility: 'F2', date: '2021-08-01', doseNumber: 2 },
      ]),
    );
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(r.duplicates).toEqual([]);
    expect(codes(r, 1)).toEqual(['DOSE_POSSIBLE_DUPLICATE']);
    expect(r.problems.get(1)?.[0]).toMatchObject({ fix: 'R0' });
    const detail = r.problems.get(1)?.[0].detail;
    expect(detail).toMatch(/possible duplicate of record R0 \(PFIZER, 2021-08-01, 0 days apart\): kept for review; score=-0\.5 /);
  });

  it('at one facility, 5 days apart, dose numbers 1 and 2: distinct, flagged DOSE_INTERVAL_TOO_SHORT with the evidence', () => {
    const r = run(
      linked([
        { lot: 'FF1', facility: 'F1', date: '2021-08-01' },
        { lot: 'FF2', facility: 'F1', date: '2021-08-06', doseNumber: 2 },
      ]),
    );
    expect(Array.from(r.keptIndex)).toEqual([0, 1]);
    expect(codes(r, 1)).toEqual(['DOSE_INTERVAL_TOO_SHORT']);
    const detail = r.problems.get(1)?.[0].detail;
    expect(detail).toMatch(/5 days after record R0 .*minimum interval 21 days; kept apart: weighed distinct: score=-4\.5 /);
    expect(detail).toMatch(/lot different -5/);
  });
});

describe('dedupeDoses: chaining refused', () => {
  it('lot X, no lot, lot Y on one day: the lotless record joins one side only', () => {
    const r = run(
      linked([
        { lot: 'X1', date: '2021-08-01' },
        { date: '2021-08-01', facility: 'F2' },
        { lot: 'Y2', date: '2021-08-01', facility: 'F3' },
      ]),
    );
    expect(r.duplicates.length).toBe(1);
    expect(r.keptIndex[0]).not.toBe(r.keptIndex[2]);
    expect(r.stats.doseChainRefusals).toBe(1);
    const survivors = [0, 1, 2].filter((i) => r.keptIndex[i] === i);
    expect(survivors.length).toBe(2);
    expect(codes(r, survivors[1])).toContain('DOSE_POSSIBLE_DUPLICATE');
  });

  it('two unlinked people bridged by a third record are not grouped', () => {
    // A~B and B~C are "same person", A and C are clearly not; all three share one (wrong) CMND, so one block.
    const a = makeDose({ seq: 0, name: 'le van a', citizenId: '271450001' });
    const b = makeDose({ seq: 1, name: 'le van b', citizenId: '271450001' });
    const c = makeDose({ seq: 2, name: 'le van c', citizenId: '271450001' });
    const p = (x: typeof a, y: typeof a): number => {
      const pair = [x.name.ascii, y.name.ascii].sort().join('+');
      return pair === 'le van a+le van c' ? 0.01 : pair === 'le van a+le van b' ? 0.99 : 0.97;
    };
    const r = run([item(a, 'review'), item(b, 'review'), item(c, 'unmatched')], p);
    expect(r.personKey[0]).toBe(r.personKey[1]);
    expect(r.personKey[2]).not.toBe(r.personKey[0]);
    expect(r.stats.chainRefusals).toBe(1);
    expect(r.stats.groupsOfUnlinked).toBe(2);
  });
});

describe('dedupeDoses: persons', () => {
  it('unlinked records never join a linked citizen, even when identical in every detail', () => {
    const a = makeDose({ seq: 0, date: '2021-08-01' });
    const b = withRaw(a, { record_id: 'R1', facility_code: 'F2' }, 1);
    const r = run([item(a, 'verified', '001080000001'), item(b, 'review')]);
    expect(r.personKey).toEqual(['001080000001', expect.stringMatching(/^P-[0-9a-f]{14}$/)]);
    expect(r.duplicates).toEqual([]);
  });

  it('review records with the same name and birth date group together and fold', () => {
    const r = run([
      item(makeDose({ seq: 0, name: 'pham thi cuc', date: '2021-08-01', lot: 'L1' }), 'review'),
      item(makeDose({ seq: 1, name: 'pham thi cuc', date: '2021-08-01', facility: 'F9' }), 'unmatched'),
      item(makeDose({ seq: 2, name: 'pham thi cuc', birth: '1990-01-01', date: '2021-08-01' }), 'unmatched'),
    ]);
    expect(r.personKey[0]).toBe(r.personKey[1]);
    expect(r.personKey[2]).not.toBe(r.personKey[0]);
    expect(r.duplicates.map((d) => [d.index, d.keptIndex, d.rule])).toEqual([[1, 0, 'SAME_DAY_SAME_PRODUCT']]);
    expect(r.stats).toMatchObject({ persons: 2, groupsOfUnlinked: 2 });
  });

  it('the person key names the earliest-ingested record, whatever order the records are processed in', () => {
    const docs = [
      makeDose({ seq: 0, recordId: 'B7', name: 'vo thi em' }),
      makeDose({ seq: 1, recordId: 'A3', name: 'vo thi em', date: '2021-08-22', doseNumber: 2 }),
    ];
    const r1 = run(docs.map((d) => item(d, 'unmatched')));
    const r2 = run([docs[1], docs[0]].map((d) => item(d, 'unmatched')));
    const alone = run([item(docs[0], 'unmatched')]);
    expect(r1.personKey[0]).toBe(r1.personKey[1]);
    expect(r2.personKey[0]).toBe(r1.personKey[0]);
    // B7 came first: the group is named after it, as B7 alone was before A3 joined it.
    expect(r1.personKey[0]).toBe(alone.personKey[0]);
  });
});

describe('dedupeDoses: survivorship', () => {
  const statuses: LinkStatus[] = ['corrected', 'verified_with_discrepancy', 'verified'];
  it('status first: verified beats verified_with_discrepancy beats corrected', () => {
    const base = makeDose({ seq: 0, lot: 'L1' });
    const items = statuses.map((s, seq) => item(withRaw(base, { record_id: `R${seq}`, facility_code: `F${seq}` }, seq), s));
    const r = run(items);
    expect(Array.from(r.keptIndex)).toEqual([2, 2, 2]);
    expect(r.merged).toEqual(new Map([[2, [0, 1]]]));
  });

  it('then completeness, then earliest entered, and empty fields are filled from the duplicates', () => {
    const full = makeDose({ seq: 0, lot: 'L1', phone: '0912345678' });
    const items = [
      item(withRaw(full, { record_id: 'R0', lot_number: '', phone: '' }, 0)), // 2 empty fields
      item(withRaw(full, { record_id: 'R1', phone: '', facility_code: 'F2' }, 1)), // 1 empty field
      item(withRaw(full, { record_id: 'R2', commune_code: '79001', phone: '', facility_code: 'F3' }, 2)), // 0 empty among those, commune filled
      item(withRaw(full, { record_id: 'R3', commune_code: '79001', phone: '', facility_code: 'F4' }, 3)), // as complete, entered later
    ];
    const r = run(items);
    expect(Array.from(r.keptIndex)).toEqual([2, 2, 2, 2]);
    expect(r.filled).toEqual(new Map());
    const r2 = run(items.slice(0, 2));
    expect(Array.from(r2.keptIndex)).toEqual([1, 1]);
    expect(r2.filled).toEqual(new Map());
    const r3 = run([items[0], item(withRaw(full, { record_id: 'R9', phone: '0987654321', lot_number: '', dose_number: '' }, 1))]);
    // R9 is as complete as R0 except the dose number: R0 survives and takes R9's phone.
    expect(Array.from(r3.keptIndex)).toEqual([0, 0]);
    expect(r3.filled).toEqual(new Map([[0, { phone: '0987654321' }]]));
  });

  it('fills the lot from a duplicate and reports it', () => {
    const a = makeDose({ seq: 0, citizenId: '001080000001', phone: '0912345678' }); // no lot, has a phone
    const b = makeDose({ seq: 1, lot: 'FF9', facility: 'F2' }); // lot, no phone and no ID
    const r = run([item(a), item(b)]);
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
    expect(r.filled).toEqual(new Map([[0, { lot_number: 'FF9' }]]));
  });
});

describe('dedupeDoses: dose history', () => {
  it('numbers doses by date, ties by seq', () => {
    const r = run(
      linked([
        { date: '2021-09-10', doseNumber: 2, lot: 'B' },
        { date: '2021-08-01', doseNumber: 1, lot: 'A' },
        { date: '2022-03-01', doseNumber: 3, vaccine: 'MODERNA' },
      ]),
    );
    expect(Array.from(r.doseSeq)).toEqual([2, 1, 3]);
    expect(r.problems.size).toBe(0);
  });

  it('DOSE_NUMBER_SEQUENCE when the dose number disagrees with the order', () => {
    const r = run(
      linked([
        { date: '2021-08-01', doseNumber: 2, lot: 'A' },
        { date: '2021-09-01', doseNumber: 2, lot: 'B' },
      ]),
    );
    expect(codes(r, 0)).toEqual(['DOSE_NUMBER_SEQUENCE']);
    expect(r.problems.get(0)?.[0]).toMatchObject({ field: 'dose_number', value: '2', fix: '1' });
    expect(codes(r, 1)).toEqual([]);
  });

  it('DOSE_NUMBER_SEQUENCE is not raised for a lone unlinked record (no known history)', () => {
    const r = run([item(makeDose({ seq: 0, doseNumber: 3 }), 'unmatched')]);
    expect(r.problems.size).toBe(0);
    const r2 = run([item(makeDose({ seq: 0, doseNumber: 3 }))]);
    expect(codes(r2, 0)).toEqual(['DOSE_NUMBER_SEQUENCE']);
  });

  it('uses the dose number filled from a duplicate', () => {
    const r = run(
      linked([
        { date: '2021-08-01', doseNumber: null, lot: 'A', phone: '0912345678' },
        { date: '2021-08-01', doseNumber: 2, facility: 'F2' },
      ]),
    );
    expect(Array.from(r.keptIndex)).toEqual([0, 0]);
    expect(r.filled.get(0)).toEqual({ dose_number: '2' });
    expect(codes(r, 0)).toEqual(['DOSE_NUMBER_SEQUENCE']);
  });

  it('DOSE_INTERVAL_TOO_SHORT for a 2nd dose 12 days after the 1st (outside the window)', () => {
    const r = run(
      linked([
        { date: '2021-08-01', lot: 'A' },
        { date: '2021-08-13', lot: 'A', doseNumber: 2 },
      ]),
    );
    expect(r.duplicates).toEqual([]);
    expect(codes(r, 1)).toEqual(['DOSE_INTERVAL_TOO_SHORT']);
    expect(r.problems.get(1)?.[0].detail).toMatch(
      /12 days after .*minimum interval 21 days; kept apart: 12 days apart, not under the 10-day duplicate window/,
    );
  });

  it('DOSE_COUNT_EXCESSIVE beyond the most doses any schedule allows', () => {
    const dates = ['2021-08-01', '2021-08-22', '2022-02-22', '2022-08-22', '2023-02-22', '2023-08-22'];
    const r = run(linked(dates.map((date, k) => ({ date, doseNumber: k + 1, lot: `L${k}` }))));
    expect(Array.from(r.doseSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(codes(r, 5)).toEqual(['DOSE_COUNT_EXCESSIVE']);
    for (let k = 0; k < 5; k++) expect(codes(r, k)).toEqual([]);
  });
});

describe('dedupeDoses: determinism', () => {
  it('the same input gives the same result; a permuted input gives the same folds', () => {
    const specs: DoseSpec[] = [
      { date: '2021-08-01', lot: 'A' },
      { date: '2021-08-02', facility: 'F2' },
      { date: '2021-08-22', lot: 'B', doseNumber: 2 },
      { date: '2021-08-22', lot: 'B', doseNumber: 2, facility: 'F3' },
    ];
    const docs = specs.map((s, seq) => makeDose({ seq, ...s }));
    const r1 = run(docs.map((d) => item(d)));
    expect(run(docs.map((d) => item(d)))).toEqual(r1);
    const perm = [3, 1, 0, 2];
    const r2 = run(perm.map((k) => item(docs[k])));
    const survivorsById = (r: DedupeResult, ds: typeof docs): string[] =>
      ds.map((d, i) => `${d.recordId}->${ds[r.keptIndex[i]].recordId}`).sort();
    expect(
      survivorsById(
        r2,
        perm.map((k) => docs[k]),
      ),
    ).toEqual(survivorsById(r1, docs));
  });
});

describe('dedupeDoses: invariants (property)', () => {
  const specArb = fc.record({
    person: fc.integer({ min: 0, max: 3 }),
    status: fc.constantFrom<LinkStatus>('verified', 'corrected', 'review', 'unmatched'),
    day: fc.integer({ min: 0, max: 40 }),
    lot: fc.constantFrom('', 'A', 'B'),
    facility: fc.constantFrom('F1', 'F2'),
    vaccine: fc.constantFrom('PFIZER', 'ABDALA', 'VEROCELL', 'HAYATVAX'),
    doseNumber: fc.constantFrom(null, 1, 2, 3),
    copy: fc.boolean(),
  });

  it('every item is kept or points to a kept item; merged, duplicates and doseSeq agree', () => {
    fc.assert(
      fc.property(fc.array(specArb, { maxLength: 40 }), (specs) => {
        const items: DedupeItem[] = [];
        for (const s of specs) {
          const seq = items.length;
          if (s.copy && items.length > 0) {
            const src = items[items.length - 1];
            items.push({ dose: withRaw(src.dose, {}, seq), decision: src.decision });
            continue;
          }
          const date = new Date(Date.UTC(2021, 7, 1 + s.day)).toISOString().slice(0, 10);
          const dose = makeDose({
            seq,
            name: `nguyen van p${s.person}`,
            date,
            lot: s.lot,
            facility: s.facility,
            vaccine: s.vaccine as 'PFIZER',
            doseNumber: s.doseNumber,
          });
          items.push(item(dose, s.status, `00108000000${s.person}`));
        }
        const r = run(items);
        const n = items.length;
        const folded = new Set<number>();
        for (let i = 0; i < n; i++) {
          const k = r.keptIndex[i];
          expect(r.keptIndex[k]).toBe(k);
          expect(r.personKey[k]).toBe(r.personKey[i]);
          if (k !== i) folded.add(i);
          expect(r.doseSeq[i] === 0).toBe(k !== i);
        }
        expect(r.duplicates.map((d) => d.index)).toEqual([...folded].sort((a, b) => a - b));
        for (const d of r.duplicates) expect(d.keptIndex).toBe(r.keptIndex[d.index]);
        const fromMerged = [...r.merged].flatMap(([kept, list]) => list.map((f) => `${f}->${kept}`)).sort();
        expect(fromMerged).toEqual(r.duplicates.map((d) => `${d.index}->${d.keptIndex}`).sort());
        for (const [kept, list] of r.merged) expect(list).toEqual([...list].sort((a, b) => a - b).filter((f) => f !== kept));
        // Two doses with different non-empty lots are never folded together, unless one copied the lot and dose
        // number of another of the person's doses (the wrong line of the card), which the evidence names.
        for (const d of r.duplicates) {
          const a = items[d.index].dose.lot;
          const b = items[d.keptIndex].dose.lot;
          if (a !== '' && b !== '' && !d.detail.includes('lot copiedLine')) expect(a).toBe(b);
        }
        // Exact copies always end in the same survivor.
        for (let i = 1; i < n; i++) {
          if (specs[i].copy) expect(r.keptIndex[i]).toBe(r.keptIndex[i - 1]);
        }
        // doseSeq numbers each person's survivors 1..m.
        const perPerson = new Map<string, number[]>();
        for (let i = 0; i < n; i++)
          if (r.keptIndex[i] === i) perPerson.set(r.personKey[i], [...(perPerson.get(r.personKey[i]) ?? []), r.doseSeq[i]]);
        for (const seqs of perPerson.values()) expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, k) => k + 1));
        expect(Object.values(r.stats.byRule).reduce((a, b) => a + b, 0)).toBe(folded.size);
      }),
      { numRuns: 300 },
    );
  });
});
