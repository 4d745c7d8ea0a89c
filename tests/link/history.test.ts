// The facility's history (issue 14): a record without any ID, left in review, whose best candidate was vaccinated at
// the record's facility on their own ID.

import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/config/link.js';
import { historyCitizens, readsHistory, vaccinatedAt } from '../../src/link/history.js';
import { buildRegistryIndex, linkDose, linkWithHistory, trainModel } from '../../src/link/index.js';
import type { LinkDecision, LinkStatus } from '../../src/types.js';
import { type PersonSpec, citizen, dose } from './fixtures.js';
import { makePopulation } from './synth.js';

const AN_ID = '001090999001';
const AN: PersonSpec = { id: AN_ID, name: 'Nguyễn Văn An', dob: '12/05/1990', gender: 'M', commune: '00001', phone: '0911111111' };
const pop = makePopulation(8000, 21);
const index = buildRegistryIndex([...pop.citizens, citizen(AN)]);
const model = trainModel(pop.doses, index, linkConfig);

const decision = (status: LinkStatus, citizenId = '', explanation = ''): LinkDecision => ({
  status,
  citizenId,
  score: 0.9,
  candidates: [],
  explanation,
  problems: [],
});

const candidateOf = (citizenId: string) => ({
  citizenIndex: 0,
  citizenId,
  rule: 'dob_given',
  comparisons: [],
  totalWeight: 5,
  probability: 0.97,
});

describe("vaccinatedAt: the facilities of each citizen's doses verified on their own ID", () => {
  const items = [
    { dose: dose({ ...AN }), decision: decision('verified', AN.id) },
    { dose: { ...dose({ ...AN }), facility: 'F2' }, decision: decision('corrected', AN.id) },
    { dose: { ...dose({ ...AN }), facility: 'F3' }, decision: decision('verified_with_discrepancy', AN.id) },
  ];
  it.each([
    ['F1', AN_ID, true],
    ['F2', AN_ID, false],
    ['F3', AN_ID, false],
    ['F1', '079088444204', false],
  ] as const)('%s, %s -> %s', (facility, citizenId, expected) => {
    expect(vaccinatedAt(items)(facility, citizenId)).toBe(expected);
  });

  it('holds only the citizens asked for, the best candidates of the records that read it (historyCitizens)', () => {
    const reader = { dose: dose({ ...AN, id: '' }), decision: { ...decision('review'), candidates: [candidateOf(AN_ID)] } };
    const withAn = historyCitizens([...items, reader]);
    expect([...withAn]).toEqual([AN_ID]);
    expect(vaccinatedAt(items, withAn)('F1', AN_ID)).toBe(true);
    expect(vaccinatedAt(items, new Set(['079088444204']))('F1', AN_ID)).toBe(false);
    expect(historyCitizens(items).size).toBe(0);
  });
});

describe('readsHistory: the records the second pass decides again', () => {
  it.each([
    ['no ID, in review', true, { ...AN, id: '' }, decision('review')],
    ['no ID, linked by the history before', true, { ...AN, id: '' }, decision('corrected', AN.id, 'x (a verified dose there)')],
    ['no ID, linked by the model on its details', false, { ...AN, id: '' }, decision('corrected', AN.id, 'lead=20')],
    ['an ID, in review', false, AN, decision('review')],
    ['no ID, unmatched', false, { ...AN, id: '' }, decision('unmatched')],
    [
      "no ID, an analyst's decision",
      false,
      { ...AN, id: '' },
      { ...decision('review'), analyst: { decisionId: 1, decision: 'not_candidate' } } as LinkDecision,
    ],
  ] as const)('%s -> %s', (_what, expected, p, d) => {
    expect(readsHistory(dose(p), d)).toBe(expected);
  });
});

describe('linkWithHistory (decision)', () => {
  // No ID, no phone, a birth date a day off: the model's best candidate leads by far, but under the link threshold.
  const slipped = { ...AN, id: '', dob: '13/05/1990', phone: '' };
  const here = (facility: string, id: string) => facility === 'F1' && id === AN.id;
  const nowhere = () => false;

  it('is a review without the history, and links the candidate vaccinated at its facility on their own ID', () => {
    const model0 = linkDose(dose(slipped), index, model, linkConfig);
    expect(model0.status).toBe('review');
    expect(linkWithHistory(dose(slipped), index, model, linkConfig, nowhere)).toMatchObject({ status: 'review', citizenId: '' });
    const d = linkWithHistory(dose(slipped), index, model, linkConfig, here);
    expect(d).toMatchObject({ status: 'corrected', citizenId: AN.id });
    expect(d.problems.find((p) => p.code === 'ID_CORRECTED')?.detail).toContain('vaccinated at F1 on their own ID');
    expect(d.explanation).toContain('a verified dose there');
  });

  it.each([
    ['vaccinated elsewhere', 'review', slipped, (f: string, id: string) => f === 'F9' && id === AN.id],
    ["a given name written with other marks (Ân for An: a twin's name)", 'review', { ...slipped, name: 'Nguyễn Văn Ân' }, here],
    ['under the review threshold (no marks, no commune)', 'unmatched', { ...slipped, name: 'Nguyen Van An', commune: '' }, here],
  ] as const)('not linked: %s -> %s', (_what, status, p, history) => {
    expect(linkWithHistory(dose(p), index, model, linkConfig, history).status).toBe(status);
  });
});
