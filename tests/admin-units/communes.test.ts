// The shipped 2025 conversion table, read as the normaliser and the linker read it: a table of codes, dates and expected units.

import { describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../../src/admin-units/load.js';
import { communeKeyOf, communeProblem, communeSystemAt, resolveCommune, type CommuneSystem } from '../../src/normalize/communes.js';

const units = loadAdminUnits();

describe('the shipped table', () => {
  it('holds the 10,035 old codes, the 584 abolished before 2025, 3,321 communes and 34 provinces of today', () => {
    const statuses = [...units.old.values()].map((r) => r.status);
    expect(units.old.size).toBe(10_035 + 584);
    expect(statuses.filter((s) => s === 'split').length).toBe(441);
    expect(units.current.size).toBe(3321);
    expect(units.provinceNames.size).toBe(34);
    expect(new Set([...units.current.values()].map((r) => r.province)).size).toBe(34);
  });

  it('is loaded once per process', () => {
    expect(loadAdminUnits()).toBe(units);
  });
});

describe('resolveCommune', () => {
  const cases: [string, string, CommuneSystem, { status: string; commune: string; province: string; candidates: string[] }][] = [
    ['old code -> its new commune', '00001', 'old', { status: 'mapped', commune: '00097', province: '01', candidates: [] }],
    ['old code that lost its leading zeros (Excel)', '1', 'old', { status: 'mapped', commune: '00097', province: '01', candidates: [] }],
    [
      'split old commune -> province and candidates, no commune',
      '00007',
      'old',
      { status: 'split', commune: '', province: '01', candidates: ['00008', '00025'] },
    ],
    ['abolished before 2025, successor known', '00223', 'old', { status: 'successor', commune: '00235', province: '01', candidates: [] }],
    [
      'abolished before 2025, successor unknown',
      '00010',
      'old',
      {
        status: 'abolished',
        commune: '',
        province: '01',
        candidates: ['00004', '00008', '00025', '00070', '00097', '00190', '00199', '00226'],
      },
    ],
    [
      'abolished before 2025, successor itself split',
      '00361',
      'old',
      { status: 'abolished', commune: '', province: '01', candidates: ['00364', '00643'] },
    ],
    ['neither old nor new', '99999', 'old', { status: 'unknown', commune: '', province: '', candidates: [] }],
    ['not a code at all', 'Phường 5', 'new', { status: 'unknown', commune: '', province: '', candidates: [] }],
    ['empty', '  ', 'old', { status: 'missing', commune: '', province: '', candidates: [] }],
    // 00025 is the old Phường Ngọc Khánh, split three ways, and today's Phường Giảng Võ (a larger area): the date decides.
    [
      'a code both old and new, read before 1 July 2025',
      '00025',
      'old',
      { status: 'split', commune: '', province: '01', candidates: ['00008', '00025', '00199'] },
    ],
    ['the same code read from 1 July 2025', '00025', 'new', { status: 'current', commune: '00025', province: '01', candidates: [] }],
    [
      'a code of today only (Đặc khu Bạch Long Vĩ), on a 2021 record',
      '11948',
      'old',
      { status: 'current', commune: '11948', province: '31', candidates: [] },
    ],
    [
      'an old code only, on a record of today (registry)',
      '00001',
      'new',
      { status: 'mapped', commune: '00097', province: '01', candidates: [] },
    ],
    [
      'old code that became a commune of another merged province (74 Bình Dương -> 79)',
      '25747',
      'old',
      { status: 'mapped', commune: '25747', province: '79', candidates: [] },
    ],
  ];
  it.each(cases)('%s: %s read as %s', (_label, code, system, want) => {
    const r = resolveCommune(units, code, system);
    expect({ status: r.status, commune: r.commune, province: r.province, candidates: [...r.candidates] }).toEqual(want);
  });
});

describe('communeSystemAt', () => {
  it.each([
    ['2021-08-01', 'old'],
    ['2025-06-30', 'old'],
    ['2025-07-01', 'new'],
    ['2026-01-15', 'new'],
    ['', 'new'],
  ])('%s -> %s', (date, want) => expect(communeSystemAt(units, date)).toBe(want));
});

describe('communeKeyOf', () => {
  it.each([
    ['00001', 'old', '00097'],
    ['00007', 'old', '~;00008;00025;'],
    ['99999', 'old', '99999'],
    ['', 'old', ''],
  ] as const)('%s read as %s -> %s', (code, system, key) => expect(communeKeyOf(resolveCommune(units, code, system))).toBe(key));
});

describe('communeProblem', () => {
  it.each([
    ['00001', 'old', null],
    ['00025', 'new', null],
    ['00007', 'old', 'COMMUNE_SPLIT'],
    ['00010', 'old', 'COMMUNE_ABOLISHED'],
    ['00223', 'old', 'COMMUNE_SUCCESSOR'],
    ['99999', 'old', 'COMMUNE_UNKNOWN'],
  ] as const)('%s read as %s -> %s', (code, system, want) => {
    expect(communeProblem(units, resolveCommune(units, code, system), code)?.code ?? null).toBe(want);
  });

  it('lists the candidates with their names and never names a guessed commune', () => {
    const p = communeProblem(units, resolveCommune(units, '00007', 'old'), '00007')!;
    expect(p.detail).toContain('00008 Phường Ngọc Hà');
    expect(p.detail).toContain('province 01 Thành phố Hà Nội');
    expect(p.fix).toBeUndefined();
  });
});
