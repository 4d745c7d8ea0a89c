import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeCitizen, normalizeDose, parseDoseNumber, type NormalizeContext } from '../../src/normalize/dose.js';
import type { DoseField, RawRow, RegistryField } from '../../src/types.js';
import { DOSE_FIELDS, REGISTRY_FIELDS } from '../../src/types.js';

const ctx: NormalizeContext = {
  dateOptions: { today: '2022-08-05', maxAgeYears: 120, date1904: false, campaignStart: '2021-03-08' },
  nameEncoding: null,
};

const good: Record<DoseField, string> = {
  record_id: 'HN-000123', full_name: 'Nguyễn Thị Thủy', birth_date: '15/03/1985', gender: 'Nữ',
  citizen_id: '001185012345', phone: '0912345678', commune_code: '00001', facility_code: 'HN-BD-01',
  vaccine: 'AstraZeneca', lot_number: 'abv 5811', dose_number: 'Mũi 1', dose_date: '20/07/2021',
};

function doseRow(over: Partial<Record<DoseField, string>> = {}): RawRow<DoseField> {
  const values = { ...good, ...over };
  return { source: { file: 'doses.csv', line: 2 }, values, extra: ['x'], cells: DOSE_FIELDS.map((f) => values[f]) };
}

function registryRow(over: Partial<Record<RegistryField, string>> = {}): RawRow<RegistryField> {
  const values: Record<RegistryField, string> = {
    citizen_id: '001185012345', old_id: '012345678', full_name: 'Nguyễn Thị Thủy', birth_date: '15/03/1985',
    gender: 'Nữ', commune_code: '00001', phone: '0912345678', ...over,
  };
  return { source: { file: 'registry.csv', line: 2 }, values, extra: [], cells: REGISTRY_FIELDS.map((f) => values[f]) };
}

const codesOf = (r: ReturnType<typeof normalizeDose>) => (r.ok ? r.dose.problems.map((p) => p.code) : [r.reject.code]);

describe('normalizeDose: a clean row', () => {
  it('builds every field', () => {
    const r = normalizeDose(doseRow({ full_name: '  Nguyễn Thị Thủy ' }), 7, 'HN-000123', ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.dose;
    expect(d.seq).toBe(7);
    expect(d.recordId).toBe('HN-000123');
    expect(d.name.display).toBe('Nguyễn Thị Thủy');
    expect(d.birth?.iso).toBe('1985-03-15');
    expect(d.gender).toBe('F');
    expect(d.id).toMatchObject({ value: '001185012345', kind: 'cccd', birthYear: 1985, gender: 'F' });
    expect(d.phone).toBe('0912345678');
    expect(d.facility).toBe('HN-BD-01');
    expect(d.vaccine.product).toBe('ASTRAZENECA');
    expect(d.lot).toBe('ABV5811');
    expect(d.doseNumber).toBe(1);
    expect(d.doseDate).toBe('2021-07-20');
    expect(d.extra).toEqual(['x']);
    expect(d.raw.full_name).toBe('Nguyễn Thị Thủy');
    expect(d.problems).toEqual([]);
  });
});

describe('normalizeDose: one test per reject code', () => {
  const cases: [string, Partial<Record<DoseField, string>>, string][] = [
    ['empty name', { full_name: '  ' }, 'NAME_MISSING'],
    ['name with no letters', { full_name: '123 ...' }, 'NAME_MISSING'],
    ['empty vaccine', { vaccine: '' }, 'VACCINE_MISSING'],
    ['empty dose date', { dose_date: '' }, 'DOSE_DATE_MISSING'],
    ['unreadable dose date', { dose_date: '31/02/2021' }, 'DOSE_DATE_INVALID'],
    ['year-only dose date', { dose_date: '2021' }, 'DOSE_DATE_INVALID'],
    ['empty facility', { facility_code: ' ' }, 'FACILITY_MISSING'],
  ];
  it.each(cases)('%s -> %s', (_, over, code) => {
    const r = normalizeDose(doseRow(over), 0, 'r', ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reject.code).toBe(code);
  });
});

describe('normalizeDose: problems collected from every field', () => {
  const cases: [string, Partial<Record<DoseField, string>>, string[]][] = [
    ['no ID', { citizen_id: '' }, ['ID_MISSING']],
    ['ID lost its zero', { citizen_id: '1185012345' }, ['ID_BAD_FORMAT']],
    ['11-digit ID', { citizen_id: '79185012345' }, ['ID_LEADING_ZERO_RESTORED']],
    ['E-notation ID', { citizen_id: '1.18501E+11' }, ['ID_SCIENTIFIC_NOTATION']],
    ['ID says male', { citizen_id: '001085012345' }, ['ID_GENDER_CONFLICT']],
    ['ID says 1958', { citizen_id: '001158012345' }, ['ID_BIRTH_YEAR_CONFLICT']],
    // Two-digit birth year resolved from the ID century: 05 with G=2 (male, 2000s) -> 2005.
    ['two-digit year, century from ID', { citizen_id: '001205012345', gender: 'Nam', birth_date: '15/03/05' }, ['BIRTH_DATE_TWO_DIGIT_YEAR']],
    ['year-only birth date', { birth_date: '01/01/1985' }, ['BIRTH_DATE_YEAR_ONLY']],
    ['birth date missing', { birth_date: '' }, ['BIRTH_DATE_MISSING']],
    ['gender missing', { gender: '' }, ['GENDER_MISSING']],
    ['old phone', { phone: '01621234567' }, ['PHONE_PREFIX_CONVERTED']],
    ['bad phone', { phone: '12345' }, ['PHONE_INVALID']],
    ['unknown vaccine', { vaccine: 'Vắc xin lạ' }, ['VACCINE_UNKNOWN']],
    ['bad dose number', { dose_number: 'nhắc lại' }, ['DOSE_NUMBER_INVALID']],
    ['dose before campaign', { dose_date: '01/02/2021' }, ['DOSE_DATE_BEFORE_CAMPAIGN']],
    ['dose in the future', { dose_date: '01/09/2022' }, ['DOSE_DATE_FUTURE']],
    ['dose before birth', { citizen_id: '001321012345', birth_date: '10/10/2021' }, ['DOSE_DATE_BEFORE_BIRTH']],
    ['single-word name', { full_name: 'Thủy' }, ['NAME_SINGLE_WORD']],
    ['passport', { citizen_id: 'C1234567' }, ['ID_PASSPORT']],
    // G=2, YY=25: born 2025, after "today" (2022-08-05) in this context.
    ['ID century in the future', { citizen_id: '001225012345' }, ['ID_BAD_CENTURY']],
  ];
  it.each(cases)('%s', (_, over, expected) => {
    expect(codesOf(normalizeDose(doseRow(over), 0, 'r', ctx))).toEqual(expected);
  });

  it('repairs a TCVN3 name when the column is TCVN3', () => {
    const r = normalizeDose(doseRow({ full_name: 'NguyÔn ThÞ Thñy' }), 0, 'r', { ...ctx, nameEncoding: { encoding: 'tcvn3', pure: false } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dose.name.display).toBe('Nguyễn Thị Thủy');
    expect(r.dose.problems).toContainEqual(expect.objectContaining({ code: 'NAME_ENCODING_REPAIRED', value: 'NguyÔn ThÞ Thñy', fix: 'Nguyễn Thị Thủy' }));
  });
  it('leaves a Unicode name alone in a TCVN3 column', () => {
    const r = normalizeDose(doseRow(), 0, 'r', { ...ctx, nameEncoding: { encoding: 'tcvn3', pure: false } });
    expect(codesOf(r)).toEqual([]);
  });
});

describe('parseDoseNumber', () => {
  const cases: [string, number | null][] = [
    ['1', 1], ['2', 2], ['Mũi 1', 1], ['mũi 2', 2], ['MŨI 3', 3], ['2nd', 2], ['1st', 1], ['3rd', 3], ['M1', 1],
    ['Mũi thứ hai', 2], ['mũi thứ nhất', 1], ['Lần 2', 2], ['1.0', 1], ['Mũi 3 (nhắc lại)', 3],
    ['0', null], ['11', null], ['1.5', null], ['1/2', null], ['abc', null], ['nhắc lại', null], ['123', null],
  ];
  it.each(cases)('%s -> %s', (raw, n) => expect(parseDoseNumber(raw)).toBe(n));
});

describe('normalizeCitizen', () => {
  it('builds a citizen with its old CMND', () => {
    const r = normalizeCitizen(registryRow(), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.citizen).toMatchObject({ citizenId: '001185012345', oldId: '012345678', gender: 'F', commune: '00001', phone: '0912345678' });
    expect(r.citizen.birth?.iso).toBe('1985-03-15');
    expect(r.problems).toEqual([]);
  });
  const rejects: [string, Partial<Record<RegistryField, string>>, string][] = [
    ['9-digit ID', { citizen_id: '012345678' }, 'REGISTRY_ID_INVALID'],
    ['bad province', { citizen_id: '003185012345' }, 'REGISTRY_ID_INVALID'],
    ['no ID', { citizen_id: '' }, 'REGISTRY_ID_INVALID'],
    ['no name', { full_name: '' }, 'NAME_MISSING'],
  ];
  it.each(rejects)('%s -> %s', (_, over, code) => {
    const r = normalizeCitizen(registryRow(over), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reject.code).toBe(code);
  });
  it('restores a lost leading zero on the registry ID and the old CMND', () => {
    // Two zeros lost (10 digits) cannot be told apart from a wrong ID: rejected.
    expect(normalizeCitizen(registryRow({ citizen_id: '1185012345' }), ctx).ok).toBe(false);
    const r2 = normalizeCitizen(registryRow({ citizen_id: '79185012345', old_id: '12345678' }), ctx);
    expect(r2.ok).toBe(true);
    if (!r2.ok) return;
    expect(r2.citizen.citizenId).toBe('079185012345');
    expect(r2.citizen.oldId).toBe('012345678');
    expect(r2.problems.map((p) => [p.code, p.field])).toEqual([['ID_LEADING_ZERO_RESTORED', 'citizen_id'], ['ID_LEADING_ZERO_RESTORED', 'old_id']]);
  });
  it('takes the gender from the ID when the column is empty', () => {
    const r = normalizeCitizen(registryRow({ gender: '' }), ctx);
    expect(r.ok && r.citizen.gender).toBe('F');
  });
});

describe('properties', () => {
  it('a row is either rejected with one reject code or kept, never throws, whatever the cells hold', () => {
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '  ', 'Nguyễn Văn An', '20/07/2021', 'Pfizer', '001085012345'));
    fc.assert(fc.property(fc.record(Object.fromEntries(DOSE_FIELDS.map((f) => [f, cell])) as Record<DoseField, fc.Arbitrary<string>>), (values) => {
      const r = normalizeDose(doseRow(values), 0, 'r', ctx);
      return r.ok ? r.dose.doseDate.length === 10 : ['NAME_MISSING', 'VACCINE_MISSING', 'DOSE_DATE_MISSING', 'DOSE_DATE_INVALID', 'FACILITY_MISSING'].includes(r.reject.code);
    }));
  });
  it('NFC and NFD cells give the same dose', () => {
    const rows: Partial<Record<DoseField, string>>[] = [
      { full_name: 'Trần Văn Đức', gender: 'Nam', citizen_id: '079085012345' },
      { full_name: 'Lê Thị Hòa', gender: 'NỮ', dose_number: 'Mũi thứ hai', vaccine: 'Vắc xin Vero Cell' },
    ];
    for (const over of rows) {
      const nfd = Object.fromEntries(Object.entries({ ...good, ...over }).map(([k, v]) => [k, v.normalize('NFD')]));
      const a = normalizeDose(doseRow(over), 0, 'r', ctx);
      const b = normalizeDose(doseRow(nfd), 0, 'r', ctx);
      if (!a.ok || !b.ok) throw new Error('expected ok');
      expect([b.dose.name, b.dose.gender, b.dose.vaccine, b.dose.doseNumber, b.dose.problems.map((p) => p.code)])
        .toEqual([a.dose.name, a.dose.gender, a.dose.vaccine, a.dose.doseNumber, a.dose.problems.map((p) => p.code)]);
    }
  });
  it('normalising the canonical output again gives the same dose (idempotence on dates, IDs, phones)', () => {
    const r = normalizeDose(doseRow({ citizen_id: '79185012345', phone: '01621234567', birth_date: '20529', dose_date: '44397' }), 0, 'r', ctx);
    if (!r.ok) throw new Error('expected ok');
    const again = normalizeDose(doseRow({ citizen_id: r.dose.id.value, phone: r.dose.phone, birth_date: r.dose.birth!.iso, dose_date: r.dose.doseDate, gender: 'Nữ' }), 0, 'r', ctx);
    if (!again.ok) throw new Error('expected ok');
    expect(again.dose.problems.map((p) => p.code)).toEqual(['ID_BIRTH_YEAR_CONFLICT']);
    expect([again.dose.id.value, again.dose.phone, again.dose.birth?.iso, again.dose.doseDate]).toEqual(['079185012345', '0321234567', '1956-03-15', '2021-07-20']);
  });
});

describe('normalizeDose: shared birth dates', () => {
  it('reads the same two-digit birth text per ID century, whatever the order of the rows', () => {
    const birthOf = (citizen_id: string) => {
      const r = normalizeDose(doseRow({ birth_date: '15/03/05', citizen_id }), 0, 'r', ctx);
      if (!r.ok) throw new Error('expected ok');
      return r.dose.birth;
    };
    const a = birthOf('001305012345');
    const b = birthOf('001105012345');
    expect([a?.iso, b?.iso]).toEqual(['2005-03-15', '1905-03-15']);
    // Repeated rows share one PartialDate (memory), with the same content.
    expect(birthOf('001305012345')).toBe(a);
    expect(birthOf('001105012345')).toBe(b);
  });

  it('keeps the problems and the raw text of a row with a problem', () => {
    const r = normalizeDose(doseRow({ birth_date: '' }), 0, 'r', ctx);
    if (!r.ok) throw new Error('expected ok');
    expect(r.dose.problems.map((p) => p.code)).toContain('BIRTH_DATE_MISSING');
    expect(r.dose.raw.full_name).toBe('Nguyễn Thị Thủy');
  });
});
