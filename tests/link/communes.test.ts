// The linker through the 2025 admin units: a 2021 record's old commune code agrees with the registry's code of today.

import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/config/link.js';
import { buildRegistryIndex, linkDose, trainModel } from '../../src/link/index.js';
import { COMMUNE, FIELDS, LEVELS, compareDoseCitizen } from '../../src/link/compare.js';
import { thresholdsFrom } from '../../src/link/train.js';
import { loadAdminUnits } from '../../src/admin-units/load.js';
import { communeKeyOf, communeSystemAt, resolveCommune } from '../../src/normalize/communes.js';
import type { Citizen, NormalizedDose } from '../../src/types.js';
import { type PersonSpec, citizen, dose } from './fixtures.js';
import { makePopulation } from './synth.js';

const units = loadAdminUnits();
// As the shell makes them: a dose's key read by its date, a citizen's as today's code.
const doseKey = (code: string, date = '2021-08-01') => communeKeyOf(resolveCommune(units, code, communeSystemAt(units, date)));
const citizenKey = (code: string) => communeKeyOf(resolveCommune(units, code, 'new'));

// Lives in today's 00097 Phường Hồng Hà, which absorbed 2021's 00001 Phường Phúc Xá whole.
const BINH: PersonSpec = {
  id: '001090777001',
  name: 'Đặng Văn Bình',
  dob: '14/06/1990',
  gender: 'M',
  commune: '00097',
  phone: '0977000001',
};
// Lives in today's 00025 Phường Giảng Võ; 2021's 00007 Phường Cống Vị was divided between 00008 and 00025.
const CUC: PersonSpec = { id: '001191777002', name: 'Tạ Thị Cúc', dob: '02/02/1991', gender: 'F', commune: '00025', phone: '0977000002' };

const pop = makePopulation(4000, 5);
const hand = [BINH, CUC].map((p) => citizen({ ...p, communeKey: citizenKey(p.commune!) }));
const citizens: Citizen[] = [...pop.citizens, ...hand];
const index = buildRegistryIndex(citizens);
const t = thresholdsFrom(linkConfig);
const commune = (d: NormalizedDose, c: Citizen): string => {
  const out = new Uint8Array(FIELDS.length);
  compareDoseCitizen(d, c, t, true, out);
  return LEVELS.commune[out[FIELDS.indexOf('commune')]!]!;
};

describe('commune comparison through the mapping', () => {
  it.each([
    ['old 00001 on a 2021 dose vs today 00097', BINH, '00001', '2021-08-01', 'exact'],
    ['the same code compared as entered', BINH, '00001', '', 'else'],
    ['old 00007 (divided) vs today 00025, one of its successors', CUC, '00007', '2021-08-01', 'split'],
    ['old 00007 (divided) vs today 00097, not a successor', BINH, '00007', '2021-08-01', 'else'],
    ['00025 on a 2021 dose (old Ngọc Khánh, divided) vs today 00025', CUC, '00025', '2021-08-01', 'split'],
    ['00025 on a dose of today vs today 00025', CUC, '00025', '2025-09-01', 'exact'],
  ] as const)('%s -> %s', (_label, person, code, date, want) => {
    const c = hand[person === BINH ? 0 : 1]!;
    const d = { ...dose({ ...person, commune: code }), doseDate: date || '2021-08-01' };
    d.communeKey = date === '' ? code : doseKey(code, date);
    expect(commune(d, c)).toBe(want);
  });

  it('a mapped commune counts as agreement in the link decision (a record with no ID, found by its details)', () => {
    const d = dose({ ...BINH, id: '', commune: '00001' });
    d.communeKey = doseKey('00001');
    const model = trainModel(pop.doses, index, linkConfig);
    const dec = linkDose(d, index, model, linkConfig);
    expect(dec.citizenId).toBe(BINH.id);
    const cmp = dec.candidates[0]!.comparisons.find((x) => x.field === 'commune')!;
    expect(cmp.level).toBe('exact');
    expect(cmp.weight).toBeGreaterThan(0);
    // Compared as entered, the old code is evidence against.
    const asEntered = linkDose({ ...d, communeKey: '00001' }, index, model, linkConfig);
    const cmp2 = asEntered.candidates.find((c) => c.citizenId === BINH.id)!.comparisons.find((x) => x.field === 'commune')!;
    expect(cmp2.level).toBe('else');
    expect(cmp2.weight).toBeLessThan(0);
  });
});

describe('the split level in training', () => {
  it('is out of play (weight 0) when no record carries a divided commune, as with codes as entered', () => {
    const model = trainModel(pop.doses, index, linkConfig);
    const split = model.fields[FIELDS.indexOf('commune')]!.levels[COMMUNE.split]!;
    expect(split).toEqual({ level: 'split', m: 1, u: 1 });
  });

  it('is trained like the other levels when records carry divided communes', () => {
    // A tenth of the synthetic people's doses move to a divided commune whose successors include their registry commune.
    const byId = new Map(pop.citizens.map((c) => [c.citizenId, c]));
    const doses = pop.doses.map((d, i) => {
      const c = byId.get(d.id.value);
      if (i % 10 !== 0 || c === undefined) return d;
      return { ...d, communeKey: `~;${c.communeKey};99998;` };
    });
    const model = trainModel(doses, index, linkConfig);
    const levels = model.fields[FIELDS.indexOf('commune')]!.levels;
    const w = (l: number) => Math.log2(levels[l]!.m / levels[l]!.u);
    expect(w(COMMUNE.split)).toBeGreaterThan(0);
    expect(w(COMMUNE.exact)).toBeGreaterThan(w(COMMUNE.else));
  });
});
