// Test helpers for the linker: build Citizen / NormalizedDose from plain strings with the real normalisers.

import type { Citizen, Gender, NormalizedDose, PartialDate } from '../../src/types.js';
import { normalizeName } from '../../src/normalize/names.js';
import { parseBirthDate } from '../../src/normalize/dates.js';
import { normalizeCitizenId } from '../../src/normalize/ids.js';

const DATE_OPTS = { today: '2026-01-01', maxAgeYears: 120, date1904: false };

export function keys(name: string) {
  const k = normalizeName(name).keys;
  if (k === null) throw new Error(`unusable test name ${name}`);
  return k;
}

export function date(s: string): PartialDate | null {
  return s === '' ? null : parseBirthDate(s, DATE_OPTS).date;
}

export interface PersonSpec {
  id?: string;
  oldId?: string;
  name: string;
  dob?: string;
  gender?: Gender;
  commune?: string;
  /** The linker's commune key (today's unit); default: the commune as entered. */
  communeKey?: string;
  phone?: string;
}

export function citizen(p: PersonSpec): Citizen {
  return {
    citizenId: p.id ?? '',
    oldId: p.oldId ?? '',
    name: keys(p.name),
    birth: date(p.dob ?? ''),
    gender: p.gender ?? 'U',
    commune: p.commune ?? '',
    communeKey: p.communeKey ?? p.commune ?? '',
    phone: p.phone ?? '',
  };
}

let seq = 0;

export function dose(p: PersonSpec & { recordId?: string }): NormalizedDose {
  const id = normalizeCitizenId(p.id ?? '').id;
  const s = seq++;
  return {
    seq: s,
    recordId: p.recordId ?? `r${s}`,
    source: { file: 'test.csv', line: s + 2 },
    name: keys(p.name),
    birth: date(p.dob ?? ''),
    gender: p.gender ?? 'U',
    id,
    phone: p.phone ?? '',
    commune: p.commune ?? '',
    communeKey: p.communeKey ?? p.commune ?? '',
    facility: 'F1',
    vaccine: { product: 'PFIZER', family: 'PFIZER', display: 'Pfizer', minIntervalDays: 21 },
    lot: '',
    doseNumber: 1,
    doseDate: '2021-08-01',
    extra: [],
    raw: {
      record_id: p.recordId ?? `r${s}`,
      full_name: p.name,
      birth_date: p.dob ?? '',
      gender: p.gender ?? '',
      citizen_id: p.id ?? '',
      phone: p.phone ?? '',
      commune_code: p.commune ?? '',
      facility_code: 'F1',
      vaccine: 'Pfizer',
      lot_number: '',
      dose_number: '1',
      dose_date: '2021-08-01',
    },
    problems: [],
  };
}
