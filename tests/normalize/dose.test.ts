import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BOOSTER_LABEL,
  normalizeCitizen,
  normalizeDose,
  parseDoseNumber,
  readDoseLabel,
  type NormalizeContext,
} from '../../src/normalize/dose.js';
import { compareDosePair } from '../../src/dedupe/dose-rules.js';
import { dedupeConfig } from '../../src/config/dedupe.js';
import type { DoseField, RawRow, RegistryField } from '../../src/types.js';
import { DOSE_FIELDS, REGISTRY_FIELDS } from '../../src/types.js';
import { loadAdminUnits } from '../../src/admin-units/load.js';
import { GOOD_DOSE, TEST_CONTEXT } from '../helpers/dose-row.js';

const ctx = TEST_CONTEXT;
const good = GOOD_DOSE;

function doseRow(over: Partial<Record<DoseField, string>> = {}): RawRow<DoseField> {
  const values = { ...good, ...over };
  return { source: { file: 'doses.csv', line: 2 }, values, extra: ['x'], cells: DOSE_FIELDS.map((f) => values[f]) };
}

function registryRow(over: Partial<Record<RegistryField, string>> = {}): RawRow<RegistryField> {
  const values: Record<RegistryField, string> = {
    citizen_id: '001185012345',
    old_id: '012345678',
    full_name: 'Nguyễn Thị Thủy',
    birth_date: '15/03/1985',
    gender: 'Nữ',
    commune_code: '00001',
    phone: '0912345678',
    ...over,
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
    [
      'two-digit year, century from ID',
      { citizen_id: '001205012345', gender: 'Nam', birth_date: '15/03/05' },
      ['BIRTH_DATE_TWO_DIGIT_YEAR'],
    ],
    ['year-only birth date', { birth_date: '01/01/1985' }, ['BIRTH_DATE_YEAR_ONLY']],
    ['birth date missing', { birth_date: '' }, ['BIRTH_DATE_MISSING']],
    ['gender missing', { gender: '' }, ['GENDER_MISSING']],
    ['old phone', { phone: '01621234567' }, ['PHONE_PREFIX_CONVERTED']],
    ['bad phone', { phone: '12345' }, ['PHONE_INVALID']],
    ['unknown vaccine', { vaccine: 'Vắc xin lạ' }, ['VACCINE_UNKNOWN']],
    ['bad dose number', { dose_number: 'không rõ' }, ['DOSE_NUMBER_INVALID']],
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
    const r = normalizeDose(doseRow({ full_name: 'NguyÔn ThÞ Thñy' }), 0, 'r', {
      ...ctx,
      nameEncoding: { encoding: 'tcvn3', pure: false },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dose.name.display).toBe('Nguyễn Thị Thủy');
    expect(r.dose.problems).toContainEqual(
      expect.objectContaining({ code: 'NAME_ENCODING_REPAIRED', value: 'NguyÔn ThÞ Thñy', fix: 'Nguyễn Thị Thủy' }),
    );
  });
  it('repairs one UTF-8-as-cp1252 cell in a Unicode column, and says it did', () => {
    // The cell as read, untrimmed: "à" is C3 A0, the no-break space is its second byte.
    const r = normalizeDose(doseRow({ full_name: 'Nguyá»…n Thá»‹ HoÃ\u00a0' }), 0, 'r', ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dose.name.display).toBe('Nguyễn Thị Hòa'); // display puts the tone by the rule
    expect(codesOf(r)).toEqual(['NAME_ENCODING_REPAIRED']);
    expect(r.dose.problems[0]).toMatchObject({
      value: 'Nguyá»…n Thá»‹ HoÃ',
      fix: 'Nguyễn Thị Hoà',
      detail: expect.stringContaining('utf8-as-cp1252 per cell'),
    });
  });
  it('repairs one UTF-8-as-cp1252 cell in a TCVN3 column too', () => {
    const r = normalizeDose(doseRow({ full_name: 'Ä‘á»— VÄƒn HÆ°Æ¡ng' }), 0, 'r', {
      ...ctx,
      nameEncoding: { encoding: 'tcvn3', pure: false },
    });
    expect(r.ok && r.dose.name.display).toBe('Đỗ Văn Hương');
    expect(codesOf(r)).toEqual(['NAME_ENCODING_REPAIRED']);
  });
  it('repairs a UTF-8-as-cp1252 registry name per cell', () => {
    const r = normalizeCitizen(registryRow({ full_name: 'Tráº§n VÄƒn Ä\u0090á»©c' }), ctx);
    expect(r.ok && r.citizen.name.display).toBe('Trần Văn Đức');
    expect(r.ok && r.problems.map((p) => p.code)).toContain('NAME_ENCODING_REPAIRED');
  });
  it('leaves a foreign name with Ã alone', () => {
    const r = normalizeDose(doseRow({ full_name: 'Ãlvaro Gómez' }), 0, 'r', ctx);
    expect(r.ok && r.dose.name.display).toBe('Ãlvaro Gómez');
    expect(codesOf(r)).not.toContain('NAME_ENCODING_REPAIRED');
  });
  it('leaves a Unicode name alone in a TCVN3 column', () => {
    const r = normalizeDose(doseRow(), 0, 'r', { ...ctx, nameEncoding: { encoding: 'tcvn3', pure: false } });
    expect(codesOf(r)).toEqual([]);
  });
});

describe('parseDoseNumber', () => {
  const cases: [string, number | null][] = [
    ['1', 1],
    ['2', 2],
    ['Mũi 1', 1],
    ['mũi 2', 2],
    ['MŨI 3', 3],
    ['2nd', 2],
    ['1st', 1],
    ['3rd', 3],
    ['M1', 1],
    ['Mũi thứ hai', 2],
    ['mũi thứ nhất', 1],
    ['Lần 2', 2],
    ['1.0', 1],
    ['Mũi 3 (nhắc lại)', 3],
    ['0', null],
    ['11', null],
    ['1.5', null],
    ['1/2', null],
    ['abc', null],
    ['nhắc lại', null],
    ['123', null],
    // Booster labels have no position in the series unless they state it (see readDoseLabel).
    ['Mũi nhắc lại 1', null],
    ['Nhắc lại lần 2', null],
    ['Mũi bổ sung', null],
    ['Booster', null],
    ['Mũi 4 (nhắc lại lần 2)', 4],
  ];
  it.each(cases)('%s -> %s', (raw, n) => expect(parseDoseNumber(raw)).toBe(n));
});

describe('readDoseLabel: booster labels', () => {
  const cases: [string, number | typeof BOOSTER_LABEL | null][] = [
    // Counted from the end of the primary series, whose length the row cannot tell: position unknown.
    ['Mũi nhắc lại 1', BOOSTER_LABEL],
    ['Nhắc lại lần 2', BOOSTER_LABEL],
    ['nhắc lại', BOOSTER_LABEL],
    ['NHẮC LẠI LẦN 1', BOOSTER_LABEL],
    ['Mũi bổ sung', BOOSTER_LABEL],
    ['mui bo sung', BOOSTER_LABEL],
    ['Mũi tăng cường', BOOSTER_LABEL],
    ['Booster', BOOSTER_LABEL],
    ['Booster 1', BOOSTER_LABEL],
    ['booster dose 2', BOOSTER_LABEL],
    ['2nd booster', BOOSTER_LABEL],
    ['Mũi nhắc lại thứ nhất', BOOSTER_LABEL],
    ['Mũi nhắc lại 1'.normalize('NFD'), BOOSTER_LABEL],
    // A booster is never dose 1: a 1 before the mark counts boosters.
    ['Lần 1 nhắc lại', BOOSTER_LABEL],
    // A position stated before the mark is the position in the whole series.
    ['Mũi 3 (nhắc lại)', 3],
    ['Mũi 4 (nhắc lại lần 2)', 4],
    ['3 - nhắc lại', 3],
    ['Mũi thứ ba (nhắc lại)', 3],
    ['Mũi 2 (nhắc lại)', 2],
    // Not booster labels: read as before.
    ['Mũi 1', 1],
    ['2nd', 2],
    ['Mũi thứ hai', 2],
    ['1.0', 1],
    ['không rõ', null],
    ['1/2', null],
    ['12', null],
  ];
  it.each(cases)('%s -> %s', (raw, expected) => expect(readDoseLabel(raw)).toBe(expected));

  it('a booster label leaves dose_number empty without DOSE_NUMBER_INVALID', () => {
    const r = normalizeDose(doseRow({ dose_number: 'Mũi nhắc lại 1' }), 0, 'r', ctx);
    expect(codesOf(r)).toEqual([]);
    expect(r.ok && r.dose.doseNumber).toBeNull();
  });

  it('a booster entered twice ("Mũi nhắc lại 1" and "Mũi 3", same lot, two days apart) is one dose to dedupe', () => {
    const dose = (over: Partial<Record<DoseField, string>>) => {
      const r = normalizeDose(doseRow({ vaccine: 'Pfizer', lot_number: 'PF3', ...over }), 0, 'r', ctx);
      if (!r.ok) throw new Error('expected ok');
      return r.dose;
    };
    const booster = dose({ dose_number: 'Mũi nhắc lại 1', dose_date: '01/02/2022', facility_code: 'F1' });
    const third = dose({ dose_number: 'Mũi 3', dose_date: '03/02/2022', facility_code: 'F2' });
    expect(compareDosePair(booster, third, 2, dedupeConfig)).toEqual({ rule: 'NEAR_DATE_SAME_LOT', reason: '', conflict: false });
  });
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
    ['letters in the ID', { citizen_id: '00318501234X' }, 'REGISTRY_ID_INVALID'],
    ['no ID', { citizen_id: '' }, 'REGISTRY_ID_INVALID'],
    ['no name', { full_name: '' }, 'NAME_MISSING'],
  ];
  it.each(rejects)('%s -> %s', (_, over, code) => {
    const r = normalizeCitizen(registryRow(over), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reject.code).toBe(code);
  });
  it.each([
    ['an unknown province code', '003185012345'],
    ['an impossible century digit', '001985012345'],
  ])('keeps 12 digits with %s under the number as written, flagged REGISTRY_ID_UNCHECKED (the registry is the authority)', (_, id) => {
    const r = normalizeCitizen(registryRow({ citizen_id: id }), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.citizen.citizenId).toBe(id);
    expect(r.problems.map((p) => p.code)).toEqual(['REGISTRY_ID_UNCHECKED']);
  });
  it('restores a lost leading zero on the registry ID and the old CMND', () => {
    // Two zeros lost (10 digits) cannot be told apart from a wrong ID: rejected.
    expect(normalizeCitizen(registryRow({ citizen_id: '1185012345' }), ctx).ok).toBe(false);
    const r2 = normalizeCitizen(registryRow({ citizen_id: '79185012345', old_id: '12345678' }), ctx);
    expect(r2.ok).toBe(true);
    if (!r2.ok) return;
    expect(r2.citizen.citizenId).toBe('079185012345');
    expect(r2.citizen.oldId).toBe('012345678');
    expect(r2.problems.map((p) => [p.code, p.field])).toEqual([
      ['ID_LEADING_ZERO_RESTORED', 'citizen_id'],
      ['ID_LEADING_ZERO_RESTORED', 'old_id'],
    ]);
  });
  it('takes the gender from the ID when the column is empty', () => {
    const r = normalizeCitizen(registryRow({ gender: '' }), ctx);
    expect(r.ok && r.citizen.gender).toBe('F');
  });
});

describe('normalizeDose: numeric gender codes', () => {
  // good is a woman born 1985 with the ID 001185012345 (G = 1: female).
  const learned: NormalizeContext = { ...ctx, genderCodes: { 1: 'M', 0: 'F' } };
  const cases: [string, Partial<Record<DoseField, string>>, NormalizeContext, 'M' | 'F' | 'U', string[]][] = [
    ['no mapping: refused as before', { gender: '0' }, ctx, 'U', ['GENDER_INVALID']],
    ['mapping: read, no problem', { gender: '0' }, learned, 'F', []],
    ['mapping, male with a male ID', { gender: '1', citizen_id: '001085012345' }, learned, 'M', []],
    // The row's own ID disagrees with the file's mapping: the usual cross-check flags it.
    ['mapping, the ID disagrees', { gender: '1' }, learned, 'M', ['ID_GENDER_CONFLICT']],
    ['mapping, no ID to check', { gender: '0', citizen_id: '' }, learned, 'F', ['ID_MISSING']],
    ['mapping, digit not learned', { gender: '2' }, learned, 'U', ['GENDER_INVALID']],
    ['mapping, words unaffected', { gender: 'Nam', citizen_id: '001085012345' }, learned, 'M', []],
  ];
  it.each(cases)('%s', (_, over, c, gender, expected) => {
    const r = normalizeDose(doseRow(over), 0, 'r', c);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dose.gender).toBe(gender);
    expect(codesOf(r)).toEqual(expected);
  });
  it("normalizeCitizen reads the registry's codes through the same mapping", () => {
    const r = normalizeCitizen(registryRow({ gender: '0' }), learned);
    expect(r.ok && r.citizen.gender).toBe('F');
    expect(r.ok && r.problems).toEqual([]);
  });
});

describe('properties', () => {
  it('a row is either rejected with one reject code or kept, never throws, whatever the cells hold', () => {
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '  ', 'Nguyễn Văn An', '20/07/2021', 'Pfizer', '001085012345'));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(DOSE_FIELDS.map((f) => [f, cell])) as Record<DoseField, fc.Arbitrary<string>>), (values) => {
        const r = normalizeDose(doseRow(values), 0, 'r', ctx);
        return r.ok
          ? r.dose.doseDate.length === 10
          : ['NAME_MISSING', 'VACCINE_MISSING', 'DOSE_DATE_MISSING', 'DOSE_DATE_INVALID', 'FACILITY_MISSING'].includes(r.reject.code);
      }),
    );
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
      expect([b.dose.name, b.dose.gender, b.dose.vaccine, b.dose.doseNumber, b.dose.problems.map((p) => p.code)]).toEqual([
        a.dose.name,
        a.dose.gender,
        a.dose.vaccine,
        a.dose.doseNumber,
        a.dose.problems.map((p) => p.code),
      ]);
    }
  });
  it('normalising the canonical output again gives the same dose (idempotence on dates, IDs, phones)', () => {
    const r = normalizeDose(
      doseRow({ citizen_id: '79185012345', phone: '01621234567', birth_date: '20529', dose_date: '44397' }),
      0,
      'r',
      ctx,
    );
    if (!r.ok) throw new Error('expected ok');
    const again = normalizeDose(
      doseRow({
        citizen_id: r.dose.id.value,
        phone: r.dose.phone,
        birth_date: r.dose.birth!.iso,
        dose_date: r.dose.doseDate,
        gender: 'Nữ',
      }),
      0,
      'r',
      ctx,
    );
    if (!again.ok) throw new Error('expected ok');
    expect(again.dose.problems.map((p) => p.code)).toEqual(['ID_BIRTH_YEAR_CONFLICT']);
    expect([again.dose.id.value, again.dose.phone, again.dose.birth?.iso, again.dose.doseDate]).toEqual([
      '079185012345',
      '0321234567',
      '1956-03-15',
      '2021-07-20',
    ]);
  });
});

describe('normalizeDose: shared birth dates', () => {
  it('reads the same two-digit birth text per ID century, whatever the order of the rows', () => {
    const birthOf = (citizen_id: string) => {
      const r = normalizeDose(doseRow({ birth_date: '15/03/15', citizen_id }), 0, 'r', ctx);
      if (!r.ok) throw new Error('expected ok');
      return r.dose.birth;
    };
    // 1915 (106 at the dose) and 2015 are both plausible: an ID whose own year is 15 settles the century.
    const a = birthOf('001315012345');
    const b = birthOf('001115012345');
    expect([a?.iso, b?.iso]).toEqual(['2015-03-15', '1915-03-15']);
    // Repeated rows share one PartialDate (memory), with the same content.
    expect(birthOf('001315012345')).toBe(a);
    expect(birthOf('001115012345')).toBe(b);
  });

  it('shares results only between rows read the same way (column order, century, dose date)', () => {
    const read = (over: Partial<Record<DoseField, string>>, dateOrder?: NormalizeContext['dateOrder']) => {
      const r = normalizeDose(doseRow(over), 0, 'r', dateOrder === undefined ? ctx : { ...ctx, dateOrder });
      if (!r.ok) throw new Error('expected ok');
      return [
        r.dose.birth?.iso ?? null,
        r.dose.problems.map((p) => p.code).filter((c) => c.startsWith('BIRTH') || c === 'DATE_MONTH_FIRST'),
      ];
    };
    const mdy = { dose_date: 'dmy', birth_date: 'mdy' } as const;
    const runs = (): unknown[] => [
      read({ birth_date: '11/5/1990', citizen_id: '' }),
      read({ birth_date: '11/5/1990', citizen_id: '' }, mdy),
      read({ birth_date: '06-05-07', citizen_id: '084178844292', dose_date: '01/09/2021' }),
      // The ID's own year is 07, but 1907 is 114 at the dose: not plausible.
      read({ birth_date: '06-05-07', citizen_id: '084107844292', dose_date: '01/09/2021' }),
      read({ birth_date: '12-03-13', citizen_id: '015191236558', dose_date: '01/08/2022' }),
      // 1911-03-12 is 109 on 2021-03-10 (ambiguous) but 111 on 2022-08-01 (only 2011 is plausible).
      read({ birth_date: '12-03-11', citizen_id: '015191236558', dose_date: '10/03/2021' }),
      read({ birth_date: '12-03-11', citizen_id: '015191236558', dose_date: '01/08/2022' }),
    ];
    const first = runs();
    expect(first).toEqual([
      ['1990-05-11', []],
      ['1990-11-05', ['DATE_MONTH_FIRST']],
      ['2007-05-06', ['BIRTH_DATE_TWO_DIGIT_YEAR']],
      ['2007-05-06', ['BIRTH_DATE_TWO_DIGIT_YEAR']],
      ['2013-03-12', ['BIRTH_DATE_TWO_DIGIT_YEAR', 'BIRTH_DATE_CENTURY_AMBIGUOUS']],
      ['2011-03-12', ['BIRTH_DATE_TWO_DIGIT_YEAR', 'BIRTH_DATE_CENTURY_AMBIGUOUS']],
      ['2011-03-12', ['BIRTH_DATE_TWO_DIGIT_YEAR']],
    ]);
    // The same rows again, in reverse: the memo gives every row its own reading.
    expect(runs().reverse()).toEqual(first.slice().reverse());
  });

  it('keeps the problems and the raw text of a row with a problem', () => {
    const r = normalizeDose(doseRow({ birth_date: '' }), 0, 'r', ctx);
    if (!r.ok) throw new Error('expected ok');
    expect(r.dose.problems.map((p) => p.code)).toContain('BIRTH_DATE_MISSING');
    expect(r.dose.raw.full_name).toBe('Nguyễn Thị Thủy');
  });
});

describe('normalizeDose: the file column order and the birth century', () => {
  const cases: [string, Partial<Record<DoseField, string>>, NormalizeContext['dateOrder'], string | null, string, string[]][] = [
    // [case, cells, column orders, birth, dose date, problem codes]
    [
      'US file, day-first default',
      { birth_date: '11/5/1990', dose_date: '8/3/2021', citizen_id: '001190012345' },
      undefined,
      '1990-05-11',
      '2021-03-08',
      [],
    ],
    [
      'US file, month-first columns',
      { birth_date: '11/5/1990', dose_date: '8/3/2021', citizen_id: '001190012345' },
      { dose_date: 'mdy', birth_date: 'mdy' },
      '1990-11-05',
      '2021-08-03',
      ['DATE_MONTH_FIRST', 'DATE_MONTH_FIRST'],
    ],
    [
      'US file, a date that proves itself',
      { birth_date: '11/5/1990', dose_date: '8/24/2021', citizen_id: '001190012345' },
      { dose_date: 'mdy', birth_date: 'dmy' },
      '1990-05-11',
      '2021-08-24',
      ['DOSE_DATE_MONTH_FIRST'],
    ],
    // A relative's ID (the mother's, born 1978) must not make a 2007 birth 1907.
    [
      "two-digit year, a relative's ID",
      { full_name: 'Lê Thùy Lệ', birth_date: '06-05-07', citizen_id: '084178844292', dose_date: '01/09/2021' },
      undefined,
      '2007-05-06',
      '2021-09-01',
      ['BIRTH_DATE_TWO_DIGIT_YEAR', 'ID_BIRTH_YEAR_CONFLICT'],
    ],
    [
      'two-digit year, no ID',
      { full_name: 'Lê Thùy Lệ', birth_date: '06-05-07', citizen_id: '', dose_date: '01/08/2021' },
      undefined,
      '2007-05-06',
      '2021-08-01',
      ['ID_MISSING', 'BIRTH_DATE_TWO_DIGIT_YEAR'],
    ],
    // Born after the dose in the 2000s: 1922, 99 at the dose, is the only plausible reading.
    [
      'two-digit year after the dose',
      { birth_date: '15/03/22', citizen_id: '', dose_date: '20/07/2021' },
      undefined,
      '1922-03-15',
      '2021-07-20',
      ['ID_MISSING', 'BIRTH_DATE_TWO_DIGIT_YEAR'],
    ],
    [
      'over 110 at the dose',
      { birth_date: '01/05/1910', citizen_id: '', dose_date: '20/07/2021' },
      undefined,
      null,
      '2021-07-20',
      ['ID_MISSING', 'BIRTH_DATE_TOO_OLD'],
    ],
    [
      '110 at the dose',
      { birth_date: '20/07/1911', citizen_id: '', dose_date: '20/07/2021' },
      undefined,
      '1911-07-20',
      '2021-07-20',
      ['ID_MISSING'],
    ],
  ];
  it.each(cases)('%s', (_, over, dateOrder, birth, doseDate, codes) => {
    const r = normalizeDose(doseRow(over), 0, 'r', dateOrder === undefined ? ctx : { ...ctx, dateOrder });
    if (!r.ok) throw new Error(`rejected: ${r.reject.code}`);
    expect([r.dose.birth?.iso ?? null, r.dose.doseDate, r.dose.problems.map((p) => p.code)]).toEqual([birth, doseDate, codes]);
  });

  it('the registry reads its birth dates in the column order too', () => {
    const r = normalizeCitizen(registryRow({ birth_date: '3/10/1985' }), { ...ctx, dateOrder: { dose_date: 'dmy', birth_date: 'mdy' } });
    expect(r.ok && r.citizen.birth?.iso).toBe('1985-03-10');
  });
});

describe("normalizeDose: commune codes read as today's units (--admin-units 2025)", () => {
  const units = loadAdminUnits();
  const ctx2025: NormalizeContext = { ...ctx, dateOptions: { ...ctx.dateOptions, today: '2026-01-01' }, adminUnits: units };
  it.each([
    ['00001', '20/07/2021', '00097', []],
    ['1', '20/07/2021', '00097', []],
    ['00007', '20/07/2021', '~;00008;00025;', ['COMMUNE_SPLIT']],
    ['00223', '20/07/2021', '00235', ['COMMUNE_SUCCESSOR']],
    ['00010', '20/07/2021', '~;00004;00008;00025;00070;00097;00190;00199;00226;', ['COMMUNE_ABOLISHED']],
    ['99999', '20/07/2021', '99999', ['COMMUNE_UNKNOWN']],
    ['00025', '20/07/2021', '~;00008;00025;00199;', ['COMMUNE_SPLIT']],
    ['00025', '01/09/2025', '00025', []],
    ['', '20/07/2021', '', []],
  ])('%s on a dose of %s -> key %s %j', (code, date, key, problems) => {
    const r = normalizeDose(doseRow({ commune_code: code, dose_date: date }), 0, 'HN-000123', ctx2025);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dose.commune).toBe(code);
    expect(r.dose.communeKey).toBe(key);
    expect(r.dose.problems.map((p) => p.code).filter((c) => c.startsWith('COMMUNE_'))).toEqual(problems);
  });

  it('keeps the code as entered, and raises nothing, without the units', () => {
    const r = normalizeDose(doseRow({ commune_code: '99999' }), 0, 'HN-000123', ctx);
    expect(r.ok && r.dose.communeKey).toBe('99999');
    expect(codesOf(r)).not.toContain('COMMUNE_UNKNOWN');
  });

  it("reads a registry code as today's", () => {
    const r = normalizeCitizen(registryRow({ commune_code: '00025' }), ctx2025);
    expect(r.ok && r.citizen.communeKey).toBe('00025');
  });
});
