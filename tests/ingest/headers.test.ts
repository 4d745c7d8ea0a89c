import { describe, expect, it } from 'vitest';
import { findSuspiciousColumns, foldHeader, foldHeaderWords, mapHeaders } from '../../src/ingest/headers.js';
import { COLUMN_HINTS, DOSE_COLUMN_ALIASES, REGISTRY_COLUMN_ALIASES } from '../../src/config/ingest.js';
import { REQUIRED_DOSE_FIELDS, REQUIRED_REGISTRY_FIELDS, type DoseField, type RegistryField } from '../../src/types.js';
import { InputError } from '../../src/errors.js';

describe('foldHeader', () => {
  it.each([
    ['Họ và tên', 'hovaten'],
    ['HỌ VÀ TÊN', 'hovaten'],
    ['Ho va ten', 'hovaten'],
    ['  full_name ', 'fullname'],
    ['Số CCCD/CMND', 'socccdcmnd'],
    ['Mã cơ sở tiêm', 'macosotiem'],
    ['Ngày sinh', 'ngaysinh'],
    ['Ðơn vị', 'donvi'],
    ['CMND/CCCD', 'cmndcccd'],
    ['CMND / CCCD', 'cmndcccd'],
    ['cmnd_cccd', 'cmndcccd'],
    ['SĐT', 'sdt'],
    ['Lô vắc-xin', 'lovacxin'],
  ])('%s -> %s', (input, expected) => expect(foldHeader(input)).toBe(expected));
});

const VI = [
  'Mã bản ghi',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD/CMND',
  'Số điện thoại',
  'Mã xã',
  'Mã cơ sở tiêm',
  'Tên vắc xin',
  'Số lô',
  'Mũi tiêm',
  'Ngày tiêm',
];

describe('mapHeaders', () => {
  it('accepts the Vietnamese platform headers, in any case and spacing', () => {
    const m = mapHeaders(
      'a.csv',
      VI.map((h) => h.toUpperCase()),
      DOSE_COLUMN_ALIASES,
      REQUIRED_DOSE_FIELDS,
    );
    expect(m.index.full_name).toBe(1);
    expect(m.index.dose_date).toBe(11);
    expect(m.index.citizen_id).toBe(4);
    expect(m.extraIndexes).toEqual([]);
  });
  it('keeps unknown columns as pass-through, naming blank headers', () => {
    const m = mapHeaders(
      'a.csv',
      ['full_name', 'birth_date', 'vaccine', 'dose_date', 'facility_code', 'note', ''],
      DOSE_COLUMN_ALIASES,
      REQUIRED_DOSE_FIELDS,
    );
    expect(m.extraNames).toEqual(['note', 'column_7']);
    expect(m.extraIndexes).toEqual([5, 6]);
  });
  it('names the file and every missing column', () => {
    try {
      mapHeaders('doses_a.csv', ['full_name', 'vaccine', 'dose_date'], DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toMatch(/^doses_a\.csv:1 .*birth_date, facility_code/);
      expect((e as InputError).exitCode).toBe(2);
    }
  });
  it('refuses two columns for one field', () => {
    expect(() =>
      mapHeaders(
        'a.csv',
        ['full_name', 'Họ và tên', 'birth_date', 'vaccine', 'dose_date', 'facility_code'],
        DOSE_COLUMN_ALIASES,
        REQUIRED_DOSE_FIELDS,
      ),
    ).toThrow(/two columns map to "full_name"/);
  });
});

const DOSE_FIELDS = Object.keys(DOSE_COLUMN_ALIASES) as DoseField[];
const REQUIRED_ONLY = ['Họ tên', 'Ngày sinh', 'Mã cơ sở tiêm', 'Vắc xin', 'Ngày tiêm'];

describe('dose header variants facilities use', () => {
  it.each<[string, DoseField]>([
    ['CMND/CCCD', 'citizen_id'],
    ['Số CMND/CCCD', 'citizen_id'],
    ['CCCD/CMND', 'citizen_id'],
    ['CMND / CCCD', 'citizen_id'],
    ['Số CMT', 'citizen_id'],
    ['Số CCCD', 'citizen_id'],
    ['Số CMND', 'citizen_id'],
    ['Số CMND/CCCD/Hộ chiếu', 'citizen_id'],
    ['Số căn cước công dân', 'citizen_id'],
    ['Điện thoại', 'phone'],
    ['Số điện thoại', 'phone'],
    ['SĐT', 'phone'],
    ['Số ĐT', 'phone'],
    ['Số di động', 'phone'],
    ['Lô vắc xin', 'lot_number'],
    ['Lô', 'lot_number'],
    ['Số lô', 'lot_number'],
    ['Lô vắc-xin', 'lot_number'],
    ['Mũi số', 'dose_number'],
    ['Số mũi', 'dose_number'],
    ['Mũi tiêm', 'dose_number'],
    ['Mũi tiêm thứ', 'dose_number'],
    ['Lần tiêm', 'dose_number'],
    ['Loại vắc xin', 'vaccine'],
    ['Tên vắc xin', 'vaccine'],
    ['Vắc xin', 'vaccine'],
    ['Vắc-xin', 'vaccine'],
    ['Loại vaccine', 'vaccine'],
    ['Ngày tháng năm sinh', 'birth_date'],
    ['Ngày tiêm chủng', 'dose_date'],
    ['Mã xã/phường', 'commune_code'],
  ])('%s -> %s', (header, field) => {
    const headers = [...REQUIRED_ONLY.filter((h) => !DOSE_COLUMN_ALIASES[field].some((a) => foldHeader(a) === foldHeader(h))), header];
    const m = mapHeaders('a.csv', headers, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    expect(m.index[field]).toBe(headers.length - 1);
    expect(m.extraNames).toEqual([]);
  });

  it.each<[string, string, Record<string, string[]>]>([
    ['doses', 'DOSE_COLUMN_ALIASES', DOSE_COLUMN_ALIASES],
    ['registry', 'REGISTRY_COLUMN_ALIASES', REGISTRY_COLUMN_ALIASES],
  ])('no %s alias names two fields (%s)', (_, __, aliases) => {
    const owner = new Map<string, string>();
    for (const [field, names] of Object.entries(aliases)) {
      for (const a of names) {
        const f = foldHeader(a);
        expect(owner.get(f) ?? field, `"${a}"`).toBe(field);
        owner.set(f, field);
      }
    }
  });

  it('keeps ambiguous headers out: bare "Mã", "ĐT" and "STT" are pass-through', () => {
    const m = mapHeaders('a.csv', [...REQUIRED_ONLY, 'Mã', 'ĐT', 'STT'], DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    expect(m.extraNames).toEqual(['Mã', 'ĐT', 'STT']);
  });

  it('maps the headers of the probe file (Họ tên, CMND/CCCD, Điện thoại, Lô vắc xin, Mũi số...)', () => {
    const headers = [
      'Họ tên',
      'Ngày sinh',
      'Giới tính',
      'CMND/CCCD',
      'Điện thoại',
      'Mã cơ sở tiêm',
      'Vắc xin',
      'Lô vắc xin',
      'Mũi số',
      'Ngày tiêm',
    ];
    const m = mapHeaders('hdr.csv', headers, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    expect(m.index).toEqual({
      full_name: 0,
      birth_date: 1,
      gender: 2,
      citizen_id: 3,
      phone: 4,
      facility_code: 5,
      vaccine: 6,
      lot_number: 7,
      dose_number: 8,
      dose_date: 9,
    });
  });

  it('registry: CMND/CMT headers are the old ID, CCCD and định danh the citizen ID', () => {
    const m = mapHeaders(
      'r.csv',
      ['Số định danh', 'Số CMT', 'Họ và tên', 'Ngày sinh', 'Điện thoại'],
      REGISTRY_COLUMN_ALIASES,
      REQUIRED_REGISTRY_FIELDS,
    );
    expect(m.index).toEqual({ citizen_id: 0, old_id: 1, full_name: 2, birth_date: 3, phone: 4 });
  });
});

describe('findSuspiciousColumns', () => {
  const suspicious = (extra: string[], base = REQUIRED_ONLY) => {
    const headers = [...base, ...extra];
    const m = mapHeaders('a.csv', headers, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    return findSuspiciousColumns(headers, m, DOSE_FIELDS, COLUMN_HINTS).map((s) => `${s.header}:${s.field}:${s.fieldMapped}`);
  };

  // REQUIRED_ONLY maps full_name, birth_date, facility_code, vaccine and dose_date: hints for them say "mapped".
  it.each<[string, string | null]>([
    ['Số CMND cũ', 'citizen_id'],
    ['CCCD người nhà', 'citizen_id'],
    ['Hộ chiếu', 'citizen_id'],
    ['ĐT liên hệ (điện thoại)', 'phone'],
    ['SoDienThoai2', 'phone'],
    ['SĐT 2', 'phone'],
    ['Lô 2', 'lot_number'],
    ['Mũi 1', 'dose_number'],
    ['Ngày tiêm mũi 2', 'dose_date'],
    ['Vắc xin mũi 1', 'vaccine'],
    ['Lô vắc xin mũi 2', 'lot_number'],
    ['Họ tên người giám hộ', 'full_name'],
    ['Ghi chú', null],
    ['Loại đối tượng', null],
    ['Tỉnh', null],
    ['Xã', null],
    ['STT', null],
    ['column', null],
  ])('%s -> %s', (header, field) => {
    const mapped = ['full_name', 'birth_date', 'facility_code', 'vaccine', 'dose_date'].includes(field ?? '');
    expect(suspicious([header])).toEqual(field === null ? [] : [`${header}:${field}:${mapped}`]);
  });

  it('says when the field is already read from another column, with a message naming both columns', () => {
    const headers = [...REQUIRED_ONLY, 'Số điện thoại', 'Điện thoại 2', 'note'];
    const m = mapHeaders('a.csv', headers, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS);
    const s = findSuspiciousColumns(headers, m, DOSE_FIELDS, COLUMN_HINTS);
    expect(s).toEqual([
      {
        column: 7,
        header: 'Điện thoại 2',
        field: 'phone',
        fieldMapped: true,
        message:
          'column 7 "Điện thoại 2" looks like phone, which is read from column 6 "Số điện thoại"; this column is only passed through',
      },
    ]);
  });

  it('checks only the fields of the file kind (old_id is a registry field)', () => {
    const headers = ['citizen_id', 'full_name', 'birth_date', 'CMND cũ (9 số)'];
    const reg = mapHeaders('r.csv', headers, REGISTRY_COLUMN_ALIASES, REQUIRED_REGISTRY_FIELDS);
    const fields = Object.keys(REGISTRY_COLUMN_ALIASES) as RegistryField[];
    expect(findSuspiciousColumns(headers, reg, fields, COLUMN_HINTS).map((s) => `${s.field}:${s.fieldMapped}`)).toEqual(['old_id:false']);
    expect(suspicious(['CMND cũ (9 số)'])).toEqual(['CMND cũ (9 số):citizen_id:false']);
  });

  it('folds header words without accents, digits or punctuation', () => {
    expect(foldHeaderWords('Ngày tiêm (mũi 2)')).toEqual(['ngay', 'tiem', 'mui']);
    expect(foldHeaderWords('SĐT/ĐT')).toEqual(['sdt', 'dt']);
  });
});
