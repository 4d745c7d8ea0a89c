// The work store's compact records: a dose or decision read back is exactly the one written (as JSON text, key order
// included), compact when the normalisers and the pinned model give it back, whole otherwise.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, linkDose, linkToCitizen, trainModel } from '../../src/link/index.js';
import { normalizeDose } from '../../src/normalize/dose.js';
import {
  ModelCache,
  decisionCitizens,
  decodeDecision,
  decodeDose,
  doseCellSql,
  encodeDecision,
  encodeDose,
  storedDecision,
} from '../../src/store/record-codec.js';
import { DOSE_FIELDS, type DoseField, type LinkDecision, type NormalizedDose, type RawRow } from '../../src/types.js';
import { citizen, dose as handDose } from '../link/fixtures.js';
import { makePopulation } from '../link/synth.js';
import { GOOD_DOSE, TEST_CONTEXT } from '../helpers/dose-row.js';

const ctx = TEST_CONTEXT;
const good = GOOD_DOSE;

function normalized(over: Partial<Record<DoseField, string>>, recordId = 'HN-000123'): NormalizedDose {
  const values = { ...good, ...over };
  const raw: RawRow<DoseField> = { source: { file: 'd.csv', line: 9 }, values, extra: [], cells: DOSE_FIELDS.map((f) => values[f]) };
  const r = normalizeDose(raw, 41, recordId, ctx);
  if (!r.ok) throw new Error(`test row rejected: ${r.reject.code}`);
  // As the store is given it: the pass-through cells are kept by name in their own column.
  return { ...r.dose, extra: [] };
}

const at = (d: NormalizedDose) => ({ key: d.recordId, ordinal: d.seq, source: d.source });

describe('stored doses', () => {
  it.each([
    ['a clean row', {}],
    ['a year-only birth date', { birth_date: '1985' }],
    ['a birth date whose day and month may be swapped', { birth_date: '03/05/1985' }],
    ['a 9-digit CMND', { citizen_id: '012345678' }],
    ['a passport', { citizen_id: 'B1234567' }],
    ['no ID', { citizen_id: '' }],
    ['an ID with a letter O for a zero', { citizen_id: '0O1185012345' }],
    ['a name with a title and stray characters', { full_name: 'Bà nguyễn thị  thủy (mẹ)' }],
    ['a single-word name', { full_name: 'Thủy' }],
    ['an unknown vaccine', { vaccine: 'Vắc xin lạ' }],
    ['a clean lot, no dose number', { lot_number: 'ABV5811', dose_number: '' }],
    ['no record_id of its own', { record_id: '' }],
  ])('%s comes back exactly, compact', (_what, over) => {
    const d = normalized(over, (over as Partial<Record<DoseField, string>>).record_id === '' ? 'H-5f2a' : 'HN-000123');
    const text = encodeDose(d, at(d));
    expect(text.startsWith('[')).toBe(true);
    const back = decodeDose(text, at(d));
    expect(JSON.stringify(back)).toBe(JSON.stringify(d));
    expect(text.length).toBeLessThan(JSON.stringify(d).length / 2);
  });

  it('what the normalisers would not give back is kept whole: the name keys in their slot, a dose with an unknown field', () => {
    const d = normalized({});
    const odd = { ...d, name: { ...d.name, phonetic: 'not derived' } };
    const oddText = encodeDose(odd, at(odd));
    expect(oddText.startsWith('[')).toBe(true);
    expect(oddText).toContain(JSON.stringify(odd.name));
    expect(JSON.stringify(decodeDose(oddText, at(odd)))).toBe(JSON.stringify(odd));
    const extraField = { ...d, note: 'a field of a later vaxrec' } as NormalizedDose;
    const text = encodeDose(extraField, at(extraField));
    expect(text).toBe(JSON.stringify(extraField));
    expect(decodeDose(text, at(extraField))).toEqual(extraField);
  });

  it('SQL reads the facility and commune codes of a stored dose, compact or whole, as decoding would', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (dose TEXT)');
    const sql = `SELECT ${doseCellSql('dose', 'facility_code')}, ${doseCellSql('dose', 'commune_code')} FROM t`;
    const d = normalized({ facility_code: 'CS-Hà Nội "1"', commune_code: '00004' });
    const whole = { ...d, note: 'a field of a later vaxrec' } as NormalizedDose;
    for (const x of [d, whole]) {
      const text = encodeDose(x, at(x));
      const back = decodeDose(text, at(x));
      db.prepare('DELETE FROM t').run();
      db.prepare('INSERT INTO t (dose) VALUES (?)').run(text);
      expect(db.prepare(sql).raw(true).get()).toEqual([back.facility, back.commune]);
    }
    expect(encodeDose(d, at(d)).startsWith('[')).toBe(true);
    db.close();
  });

  it('a dose stored by schema 3 without a commune key reads the code as entered', () => {
    const { communeKey: _k, ...old } = normalized({});
    const back = decodeDose(JSON.stringify(old), { key: old.recordId, ordinal: old.seq, source: old.source });
    expect(back.communeKey).toBe('00001');
  });
});

describe('stored decisions', () => {
  const pop = makePopulation(400, 11, { notInRegistry: 0.1 });
  // Two same-day namesakes and a record of one of them without ID, commune or phone: a review whatever the population
  // gives (the linker tells most of its look-alikes apart since issue 14).
  const namesake = { name: 'Khổng Minh Triết', dob: '02/02/1990', gender: 'M' as const };
  const namesakes = [
    citizen({ ...namesake, id: '001090999101', commune: '00001' }),
    citizen({ ...namesake, id: '079090999102', commune: '26734' }),
  ];
  const index = buildRegistryIndex([...pop.citizens, ...namesakes]);
  const model = trainModel(pop.doses, index, linkConfig, 1);
  const models = new ModelCache((id) => (id === 1 ? model : undefined));
  const doses = [...pop.doses, handDose({ ...namesake, id: '' })];
  const decisions = doses.map((d) => ({ dose: d, decision: storedDecision(linkDose(d, index, model, linkConfig)) }));

  it('every decision comes back as the same JSON text, compact, naming citizens by ID', () => {
    const statuses = new Set<string>();
    let bytesWhole = 0;
    let bytesCompact = 0;
    for (const { dose, decision } of decisions) {
      statuses.add(decision.status);
      const text = encodeDecision(decision, dose.name, 1, models);
      expect(text.startsWith('['), decision.status).toBe(true);
      expect(JSON.stringify(decodeDecision(text, dose.name, models))).toBe(JSON.stringify(decision));
      expect(decisionCitizens(text)).toEqual({
        status: decision.status,
        citizenId: decision.citizenId,
        candidateIds: decision.candidates.map((c) => c.citizenId),
      });
      bytesWhole += JSON.stringify(decision).length;
      bytesCompact += text.length;
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['corrected', 'review', 'unmatched', 'verified']));
    expect(bytesCompact).toBeLessThan(bytesWhole / 4);
  });

  it("an analyst's decision keeps its analyst field and its note", () => {
    const { dose, decision } = decisions.find((x) => x.decision.status === 'review')!;
    const target = decision.candidates[0].citizenId;
    const linked = linkToCitizen(dose, index, model, linkConfig, target, decision, 'analyst decision #7 (link)')!;
    const forced = storedDecision({ ...linked, analyst: { decisionId: 7, decision: 'link' } });
    const notInRegistry: LinkDecision = {
      ...decision,
      status: 'unmatched',
      citizenId: '',
      explanation: `${decision.explanation}; analyst decision #8 (not_in_registry)`,
      analyst: { decisionId: 8, decision: 'not_in_registry' },
    };
    for (const d of [forced, notInRegistry]) {
      const text = encodeDecision(d, dose.name, 1, models);
      expect(text.startsWith('[')).toBe(true);
      const back = decodeDecision(text, dose.name, models);
      expect(JSON.stringify(back)).toBe(JSON.stringify(d));
      expect(back.analyst).toEqual(d.analyst);
    }
  });

  it('a decision the model does not give back (another weight, no model) is kept whole; a missing model is an error', () => {
    const { dose, decision } = decisions.find((x) => x.decision.candidates.length > 0)!;
    const c = decision.candidates[0];
    const tampered: LinkDecision = {
      ...decision,
      candidates: [{ ...c, comparisons: c.comparisons.map((f, i) => (i === 0 ? { ...f, weight: f.weight + 1 } : f)) }],
    };
    for (const [d, id] of [
      [tampered, 1],
      [decision, null],
      [decision, 2],
    ] as const) {
      const text = encodeDecision(d, dose.name, id, models);
      expect(text).toBe(JSON.stringify(d));
      expect(decodeDecision(text, dose.name, models)).toEqual(d);
    }
    const compact = encodeDecision(decision, dose.name, 1, models);
    expect(() => decodeDecision(compact, dose.name, new ModelCache(() => undefined))).toThrow(/model 1/);
  });
});
