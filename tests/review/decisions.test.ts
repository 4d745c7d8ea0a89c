// The review planner (which rows of a filled file are stored, refused or already in force) and the analysts' pair
// verdicts in the dose grouping: tables of input and expected outcome.

import { describe, expect, it } from 'vitest';
import { parseDecision, planReview, type ReviewLookups, type ReviewRow, type StoredReviewDecision } from '../../src/review/decisions.js';
import { analystPairs } from '../../src/review/decide.js';
import { dedupeDoses } from '../../src/dedupe/index.js';
import { cfg, item, makeDose, nameBirthSamePerson } from '../dedupe/helpers.js';

const RECORDS: Record<string, { version: string; personKey: string }> = {
  A: { version: '1-aaaa', personKey: 'P1' },
  B: { version: '1-bbbb', personKey: 'P1' },
  C: { version: '2-cccc', personKey: 'P2' },
};
const CITIZENS = new Set(['001080000001', '001080000002']);

function lookups(active: StoredReviewDecision[] = []): ReviewLookups {
  return {
    record: (k) => RECORDS[k],
    citizenExists: (id) => CITIZENS.has(id),
    activeDecisions: (k) => active.filter((d) => d.recordKey === k || d.otherKey === k),
  };
}

let line = 1;
function row(recordId: string, decision: string, more: Partial<ReviewRow> = {}): ReviewRow {
  line++;
  return {
    where: `f.csv:${line}`,
    recordId,
    recordVersion: RECORDS[recordId]?.version ?? '',
    otherRecordId: '',
    otherRecordVersion: '',
    decision,
    citizenId: '',
    keptRecordId: '',
    note: '',
    reviewer: 'lan',
    ...more,
  };
}

function stored(recordKey: string, decision: StoredReviewDecision['decision'], citizenId = '', otherKey = ''): StoredReviewDecision {
  return {
    id: 1,
    recordKey,
    decision,
    citizenId,
    otherKey,
    contentHash: 'h',
    before: 'review',
    reviewer: 'lan',
    note: '',
    sourceFile: 'f.csv',
    sourceRow: 'f.csv:2',
    decided: '2022-08-27T00:00:00.000Z',
    parentId: null,
    state: 'active',
    stateChanged: null,
    stateReason: '',
    appliedRun: 2,
    undoAppliedRun: null,
  };
}

describe('parseDecision', () => {
  it.each([
    ['link', 'link'],
    [' Not in registry ', 'not_in_registry'],
    ['NOT-CANDIDATE', 'not_candidate'],
    ['duplicate_of', 'duplicate_of'],
    ['skip', 'skip'],
    ['yes', null],
    ['linked', null],
  ])('%j -> %j', (text, expected) => {
    expect(parseDecision(text)).toBe(expected);
  });
});

describe('planReview', () => {
  it.each([
    ['a link to a registry citizen', [row('A', 'link', { citizenId: '001080000001' })], [], 1],
    ['an ID pasted with spaces and an apostrophe', [row('A', 'link', { citizenId: "'001 080 000 001" })], [], 1],
    ['the same row twice is stored once', [row('A', 'not_in_registry'), row('A', 'not_in_registry')], [], 1],
    [
      'two exclusions of one record',
      [row('A', 'not_candidate', { citizenId: '001080000001' }), row('A', 'not_candidate', { citizenId: '001080000002' })],
      [],
      2,
    ],
    [
      'a link and a different link',
      [row('A', 'link', { citizenId: '001080000001' }), row('A', 'link', { citizenId: '001080000002' })],
      ['REVIEW_CONFLICT', 'REVIEW_CONFLICT'],
      0,
    ],
    [
      'a link and the exclusion of the same citizen',
      [row('A', 'link', { citizenId: '001080000001' }), row('A', 'not_candidate', { citizenId: '001080000001' })],
      ['REVIEW_CONFLICT', 'REVIEW_CONFLICT'],
      0,
    ],
    [
      'duplicate_of and not_duplicate of one pair',
      [row('A', 'duplicate_of', { keptRecordId: 'B' }), row('B', 'not_duplicate', { keptRecordId: 'A' })],
      ['REVIEW_CONFLICT', 'REVIEW_CONFLICT'],
      0,
    ],
    [
      'a pair row without kept_record_id takes the other record',
      [row('A', 'duplicate_of', { otherRecordId: 'B', otherRecordVersion: '1-bbbb' })],
      [],
      1,
    ],
    [
      'the other dose changed since the export',
      [row('A', 'not_duplicate', { otherRecordId: 'B', otherRecordVersion: '1-old' })],
      ['REVIEW_RECORD_STALE'],
      0,
    ],
    ['a stale record', [row('C', 'not_in_registry', { recordVersion: '1-cccc' })], ['REVIEW_RECORD_STALE'], 0],
    ['a dose of another person', [row('A', 'duplicate_of', { keptRecordId: 'C' })], ['REVIEW_KEPT_OTHER_PERSON'], 0],
    ['not_duplicate across persons is allowed', [row('A', 'not_duplicate', { keptRecordId: 'C' })], [], 1],
    ['a blank decision and skip store nothing', [row('A', ''), row('B', 'skip')], [], 0],
  ] as const)('%s', (_name, rows, codes, stored) => {
    const plan = planReview(rows, lookups());
    expect(plan.problems.map((p) => p.code)).toEqual(codes);
    expect(plan.decisions.length).toBe(stored);
  });

  it('a decision already in force is unchanged; a different one is stored', () => {
    const active = [stored('A', 'link', '001080000001')];
    const plan = planReview(
      [row('A', 'link', { citizenId: '001080000001' }), row('B', 'link', { citizenId: '001080000001' })],
      lookups(active),
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.decisions.map((d) => d.recordKey)).toEqual(['B']);
  });

  it('lists every problem of the file with its row, not only the first', () => {
    const rows = [row('A', 'maybe'), row('Z', 'link', { citizenId: '001080000001' }), row('B', 'link', { citizenId: '099999999999' })];
    const plan = planReview(rows, lookups());
    expect(plan.problems.map((p) => [p.where, p.code])).toEqual([
      [rows[0].where, 'REVIEW_DECISION_UNKNOWN'],
      [rows[1].where, 'REVIEW_RECORD_UNKNOWN'],
      [rows[2].where, 'REVIEW_CITIZEN_UNKNOWN'],
    ]);
  });
});

describe("dedupeDoses with analysts' pair verdicts", () => {
  const doses = () => [
    item(makeDose({ seq: 0, recordId: 'R1', date: '2021-08-01', lot: 'L1', doseNumber: 1 })),
    item(makeDose({ seq: 1, recordId: 'R2', date: '2021-08-12', lot: 'L2', doseNumber: 2, facility: 'F2' })),
  ];

  it('duplicate_of folds two doses whatever the dates, into the dose the analyst kept', () => {
    const model = dedupeDoses(doses(), nameBirthSamePerson, cfg);
    expect(model.duplicates).toEqual([]);
    const r = dedupeDoses(doses(), nameBirthSamePerson, cfg, analystPairs([stored('R1', 'duplicate_of', '', 'R2')]));
    expect(r.duplicates.map((d) => [d.index, d.keptIndex, d.rule])).toEqual([[0, 1, 'ANALYST_DUPLICATE']]);
  });

  it('not_duplicate keeps apart two doses the rules would fold', () => {
    const same = [
      item(makeDose({ seq: 0, recordId: 'S1', date: '2021-08-01', lot: 'L1' })),
      item(makeDose({ seq: 1, recordId: 'S2', date: '2021-08-01', lot: 'L1', facility: 'F2' })),
    ];
    expect(dedupeDoses(same, nameBirthSamePerson, cfg).duplicates.length).toBe(1);
    const r = dedupeDoses(same, nameBirthSamePerson, cfg, analystPairs([stored('S2', 'not_duplicate', '', 'S1')]));
    expect(r.duplicates).toEqual([]);
  });

  it('two doses each decided the same as a third fold into it, though far apart from each other', () => {
    const three = [
      item(makeDose({ seq: 0, recordId: 'T1', date: '2021-08-01', lot: 'L1', doseNumber: 1 })),
      item(makeDose({ seq: 1, recordId: 'T2', date: '2021-09-20', lot: 'L2', doseNumber: 2, facility: 'F2' })),
      item(makeDose({ seq: 2, recordId: 'T3', date: '2021-11-30', lot: 'L3', doseNumber: 3, facility: 'F3' })),
    ];
    const verdicts = analystPairs([stored('T2', 'duplicate_of', '', 'T1'), stored('T3', 'duplicate_of', '', 'T1')]);
    const r = dedupeDoses(three, nameBirthSamePerson, cfg, verdicts);
    expect(r.duplicates.map((d) => d.index).sort()).toEqual([1, 2]);
    expect(new Set(r.duplicates.map((d) => d.keptIndex)).size).toBe(1);
    expect(r.duplicates.every((d) => d.rule === 'ANALYST_DUPLICATE')).toBe(true);
  });

  it('an exact re-upload of a dose still folds into it after an analyst joined another record to that dose', () => {
    const withCopy = [
      item(makeDose({ seq: 0, recordId: 'U1', date: '2021-08-01', lot: 'L1', doseNumber: 1 })),
      item(makeDose({ seq: 1, recordId: 'U3', date: '2021-08-01', lot: 'L1', doseNumber: 1 })),
      item(makeDose({ seq: 2, recordId: 'U2', date: '2021-10-15', lot: 'L9', doseNumber: 2, facility: 'F2' })),
    ];
    const r = dedupeDoses(withCopy, nameBirthSamePerson, cfg, analystPairs([stored('U2', 'duplicate_of', '', 'U1')]));
    // One dose is left: the copy and the analyst's record both fold, whatever survives.
    expect(r.duplicates.length).toBe(2);
    expect(new Set(r.duplicates.map((d) => d.keptIndex)).size).toBe(1);
  });

  it('a pair decided apart never shares a cluster, even through a record both would fold into', () => {
    const linked = [
      item(makeDose({ seq: 0, recordId: 'V1', date: '2021-08-01', lot: 'L1' })),
      item(makeDose({ seq: 1, recordId: 'V2', date: '2021-08-01', lot: 'L1', facility: 'F2' })),
      item(makeDose({ seq: 2, recordId: 'V3', date: '2021-08-01', lot: 'L1', facility: 'F3' })),
    ];
    const r = dedupeDoses(linked, nameBirthSamePerson, cfg, analystPairs([stored('V3', 'not_duplicate', '', 'V1')]));
    const keptOf = (i: number): number => r.duplicates.find((d) => d.index === i)?.keptIndex ?? i;
    expect(keptOf(0)).not.toBe(keptOf(2));
  });
});
