import { describe, expect, it } from 'vitest';
import { FOLLOWED, dedupeDoses } from '../../src/dedupe/index.js';
import { findFollowers, groupPersons, isLinked, recordIdentity } from '../../src/dedupe/person-groups.js';
import type { DedupeItem } from '../../src/dedupe/person-groups.js';
import type { ProblemCode } from '../../src/codes.js';
import type { LinkStatus, NormalizedDose } from '../../src/types.js';
import { cfg, item, makeDose, nameBirthSamePerson, never } from './helpers.js';
import { keys } from '../link/fixtures.js';

describe('isLinked', () => {
  it.each([
    ['verified', '001080000001', true],
    ['verified_with_discrepancy', '001080000001', true],
    ['corrected', '001080000001', true],
    ['verified', '', false],
    ['review', '001080000001', false],
    ['unmatched', '', false],
  ] as const)('%s with citizen "%s" -> %s', (status, citizenId, expected) => {
    const decision = { status: status as LinkStatus, citizenId, score: 1, candidates: [], explanation: '', problems: [] };
    expect(isLinked(decision)).toBe(expected);
  });
});

describe('recordIdentity', () => {
  it('is the record_id, or file:line when it is empty', () => {
    expect(recordIdentity(makeDose({ seq: 4, recordId: 'ABC' }))).toBe('ABC');
    expect(recordIdentity(makeDose({ seq: 4, recordId: '' }))).toBe('doses.csv:6');
  });
});

describe('groupPersons', () => {
  it('linked records group by citizen_id, numbered by first appearance', () => {
    const items = [
      item(makeDose({ seq: 0 }), 'verified', '079000000002'),
      item(makeDose({ seq: 1 }), 'corrected', '001000000001'),
      item(makeDose({ seq: 2 }), 'verified_with_discrepancy', '079000000002'),
    ];
    const g = groupPersons(items, never, cfg);
    expect(Array.from(g.personOf)).toEqual([0, 1, 0]);
    expect(g.keys).toEqual(['079000000002', '001000000001']);
    expect(Array.from(g.linked)).toEqual([1, 1]);
    expect(g.pairsCompared).toBe(0);
  });

  it('blocks unlinked records: only pairs sharing a key are compared, each once', () => {
    const calls: string[] = [];
    const spy = (a: NormalizedDose, b: NormalizedDose): number => {
      calls.push(`${a.recordId}-${b.recordId}`);
      return nameBirthSamePerson(a, b);
    };
    const items = [
      // Same name, birth date and ID: shares three keys, compared once.
      item(makeDose({ seq: 0, name: 'do van hai', citizenId: '123456789' }), 'review'),
      item(makeDose({ seq: 1, name: 'do van hai', citizenId: '123456789', facility: 'F2' }), 'unmatched'),
      // Nothing in common with the others.
      item(makeDose({ seq: 2, name: 'ngo thi lan', birth: '1999-09-09' }), 'unmatched'),
    ];
    const g = groupPersons(items, spy, cfg);
    expect(calls).toEqual(['R0-R1']);
    expect(g.personOf[0]).toBe(g.personOf[1]);
    expect(g.personOf[2]).not.toBe(g.personOf[0]);
    expect(g.groupsOfUnlinked).toBe(2);
  });

  it('a mistyped family name still meets through given name + birth date', () => {
    const items = [
      item(makeDose({ seq: 0, name: 'nguyen van hai' }), 'review'),
      item(makeDose({ seq: 1, name: 'nguyn van hai', facility: 'F2' }), 'review'),
    ];
    const g = groupPersons(items, () => 0.97, cfg);
    expect(g.personOf[0]).toBe(g.personOf[1]);
  });

  it('oversized blocks are compared by sorted neighbourhood, not all pairs', () => {
    const small = { ...cfg, maxBlockSize: 3 };
    // Ten records sharing one placeholder ID, all different people.
    const items = Array.from({ length: 10 }, (_, k) =>
      item(makeDose({ seq: k, name: `ho van x${k}`, birth: `19${50 + k}-01-01`, citizenId: '000000000' }), 'unmatched'),
    );
    let calls = 0;
    const g = groupPersons(
      items,
      () => {
        calls++;
        return 0;
      },
      small,
    );
    // Each record against the next 2: 8*2 + 1 = 17 pairs, instead of 45.
    expect(calls).toBe(17);
    expect(g.groupsOfUnlinked).toBe(10);
  });

  it('refuses groups bigger than maxUnlinkedGroupSize', () => {
    const items = Array.from({ length: 5 }, (_, k) => item(makeDose({ seq: k, date: `2021-0${k + 1}-01` }), 'unmatched'));
    const g = groupPersons(items, () => 0.99, { ...cfg, maxUnlinkedGroupSize: 3 });
    const sizes = new Map<number, number>();
    for (const p of g.personOf) sizes.set(p, (sizes.get(p) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBe(3);
    expect(g.chainRefusals).toBeGreaterThan(0);
  });

  it('the unlinked person key is the hash of the earliest-ingested record, unique per group', () => {
    const items = [
      item(makeDose({ seq: 0, recordId: 'Z9', name: 'a b c' }), 'unmatched'),
      item(makeDose({ seq: 1, recordId: 'A1', name: 'a b c', date: '2021-09-01', doseNumber: 2 }), 'unmatched'),
      item(makeDose({ seq: 2, recordId: 'M5', name: 'd e f' }), 'unmatched'),
    ];
    const g = groupPersons(items, nameBirthSamePerson, cfg);
    const alone = groupPersons([item(makeDose({ seq: 0, recordId: 'Z9', name: 'q r s' }), 'unmatched')], never, cfg);
    expect(g.keys[g.personOf[0]]).toBe(alone.keys[0]);
    expect(new Set(g.keys).size).toBe(g.keys.length);
    expect(g.keys.every((k) => /^P-[0-9a-f]{14}$/.test(k))).toBe(true);
  });
});

describe('groupPersons: key collisions', () => {
  it('two groups with the same smallest record_id get distinct keys', () => {
    // Three copies of one row, but groups capped at 2 records: two groups whose smallest record_id is R0.
    const d = makeDose({ seq: 0, recordId: 'R0' });
    const items = [0, 1, 2].map((seq) => item({ ...d, seq }, 'unmatched'));
    const g = groupPersons(items, never, { ...cfg, maxUnlinkedGroupSize: 2 });
    expect(g.groupsOfUnlinked).toBe(2);
    const [k1, k2] = g.keys;
    expect(k2).toBe(`${k1}-2`);
  });
});

describe('findFollowers: a review record that is another copy of a dose linked on its own ID (issue 14)', () => {
  const C = '001080000001';
  /** A review decision whose best candidate is C, with the given levels and lead over the runner-up. */
  const review = (
    dose: NormalizedDose,
    levels: { id?: string; name?: string; gender?: string },
    lead = 20,
    problems: ProblemCode[] = [],
  ): DedupeItem => {
    const comparisons = [
      { field: 'name', level: levels.name ?? 'canonical_exact', weight: 10 },
      { field: 'gender', level: levels.gender ?? 'exact', weight: 1 },
      { field: 'id', level: levels.id ?? 'missing', weight: 0 },
    ];
    const best = { citizenIndex: 0, citizenId: C, rule: 'dob_given', comparisons, totalWeight: 5, probability: 0.97 };
    const second = { ...best, citizenIndex: 1, citizenId: '079080000002', totalWeight: 5 - lead, probability: 0.01 };
    const decision = {
      status: 'review' as const,
      citizenId: '',
      score: 0.97,
      candidates: [best, second],
      explanation: '',
      problems: problems.map((code) => ({ code, field: 'citizen_id', value: '', detail: '' })),
    };
    return { dose, decision };
  };
  const linked = (status: LinkStatus = 'verified') => item(makeDose({ seq: 0, citizenId: C, lot: 'FH1', date: '2021-08-01' }), status, C);
  const copy = makeDose({ seq: 1, lot: 'FH1', date: '2021-08-02', facility: 'F2' });

  it('joins its best candidate: grouped with the linked copy', () => {
    const items = [linked(), review(copy, {})];
    expect(findFollowers(items, cfg)).toEqual(new Map([[1, C]]));
    const g = groupPersons(items, never, cfg);
    expect(g.personOf[1]).toBe(g.personOf[0]);
    expect(g.keys).toEqual([C]);
    // duplicates.csv says why a review record was compared with the citizen's doses.
    const dd = dedupeDoses(items, never, cfg);
    expect(dd.duplicates.map((d) => [d.index, d.keptIndex])).toEqual([[1, 0]]);
    expect(dd.duplicates[0].detail).toContain(FOLLOWED);
    expect(dedupeDoses([linked(), item(copy, 'verified', C)], never, cfg).duplicates[0].detail).not.toContain(FOLLOWED);
  });

  it.each([
    ["the record carries the candidate's ID", { id: 'exact' }, 20, [], true],
    ['no ID and a name that agrees only approximately, the given name written as the copy writes it', { name: 'jw_high' }, 20, [], true],
    ['no ID and a name that does not agree', { name: 'else' }, 20, [], false],
    ["another person's ID", { id: 'else' }, 20, [], false],
    ['a runner-up within the lead', {}, cfg.followMinLeadBits - 1, [], false],
    ['a look-alike of the ID owner in question', { id: 'exact' }, 20, ['ID_LOOKALIKE_OWNER'], false],
    ["another gender (a twin on the sibling's ID)", { id: 'exact', gender: 'else' }, 20, [], false],
  ] as const)('%s -> follows: %s', (_what, levels, lead, problems, follows) => {
    expect(findFollowers([linked(), review(copy, levels, lead, [...problems])], cfg).has(1)).toBe(follows);
  });

  it("a name written with other marks than the candidate's (Lân for Lan, ascii level) does not follow", () => {
    const marked = { ...copy, name: { ...copy.name, canonical: 'vo thanh lân' } };
    expect(findFollowers([linked(), review(marked, { id: 'exact', name: 'ascii_exact' })], cfg).has(1)).toBe(false);
    expect(findFollowers([linked(), review(copy, { id: 'exact', name: 'ascii_exact' })], cfg).has(1)).toBe(true);
  });

  // Without an ID, a name with a slip follows only a copy whose given name it writes as the copy does (issue 14): a twin
  // missing from the registry and vaccinated with their sibling (Tuyết beside Tuyền) never joins the sibling's dose.
  it.each([
    ['a slip in the family name', 'Ngyễn Văn An', 'Nguyễn Văn An', true],
    ['a letter of the given name typed twice', 'Nguyễn Văn Ann', 'Nguyễn Văn An', true],
    ['the name typed without marks, the given name has none', 'Ngyen Van An', 'Nguyễn Văn An', true],
    ['the name typed without marks, the given name has marks', 'Ngyen Van Hung', 'Nguyễn Văn Hùng', false], // Hùng or Hưng?
    ["a twin's given name a letter off (Tuyết on Tuyền's copy)", 'Nguyễn Thị Tuyết', 'Nguyễn Thị Tuyền', false],
    ["a twin's given name by its marks (Lân on Lan's copy)", 'Ngyễn Văn Lân', 'Nguyễn Văn Lan', false],
  ] as const)('no ID, a name at jw_high: %s -> follows: %s', (_what, written, copied, follows) => {
    const own = item({ ...makeDose({ seq: 0, citizenId: C, lot: 'FH1', date: '2021-08-01' }), name: keys(copied) }, 'verified', C);
    const other = { ...makeDose({ seq: 1, lot: 'FH1', date: '2021-08-02', facility: 'F2' }), name: keys(written) };
    expect(findFollowers([own, review(other, { name: 'jw_high' })], cfg).has(1)).toBe(follows);
  });

  it.each([
    ["the linked copy's ID was corrected by the linker (it may be a namesake's)", [linked('corrected')]],
    [
      'no linked dose of the candidate is a copy of this one (lots differ)',
      [item(makeDose({ seq: 0, citizenId: C, lot: 'XX9' }), 'verified', C)],
    ],
    ['the candidate has no linked dose', []],
    [
      "the linked copy is verified with a discrepancy (a namesake's ID can be verified so: following would spread its link)",
      [linked('verified_with_discrepancy')],
    ],
  ])('%s: stays with the unlinked', (_what, others) => {
    expect(findFollowers([...others, review(copy, {})], cfg).size).toBe(0);
  });

  it('a copy linked without any ID, on its details, is followed like one on its own ID', () => {
    const noId = item(makeDose({ seq: 0, lot: 'FH1', date: '2021-08-01' }), 'corrected', C);
    expect(findFollowers([noId, review(copy, {})], cfg)).toEqual(new Map([[1, C]]));
  });

  // A lot or dose-number conflict vetoes the ladder's rules; the pair is then weighed on its evidence (dose-evidence.ts).
  it.each([
    ['a lot one keystroke off, the next day (weighed: duplicate)', { lot: 'FH1234' }, { lot: 'FH1243' }, true],
    ['another dose number, the same lot, the next day (weighed: duplicate)', { lot: 'FH1234' }, { lot: 'FH1234', doseNumber: 2 }, true],
    ['another lot, the next day (weighed: distinct)', { lot: 'FH1234' }, { lot: 'XK9876' }, false],
  ] as const)('a copy whose %s -> follows: %s', (_what, mine, theirs, follows) => {
    const own = item(makeDose({ seq: 0, citizenId: C, date: '2021-08-01', ...mine }), 'verified', C);
    const other = makeDose({ seq: 1, date: '2021-08-02', facility: 'F2', ...theirs });
    expect(findFollowers([own, review(other, {})], cfg).has(1)).toBe(follows);
  });
});
