// Hand-built dose records and link decisions for the dedupe tests.

import { dedupeConfig, type DedupeConfig } from '../../src/config/dedupe.js';
import type { DedupeItem } from '../../src/dedupe/index.js';
import type { DoseField, Gender, LinkStatus, NameKeys, NormalizedDose, VaccineInfo } from '../../src/types.js';

export const cfg: DedupeConfig = dedupeConfig;

export const VACCINES: Record<string, VaccineInfo> = {
  PFIZER: { product: 'PFIZER', family: 'PFIZER', display: 'Pfizer', minIntervalDays: 21 },
  MODERNA: { product: 'MODERNA', family: 'MODERNA', display: 'Moderna', minIntervalDays: 28 },
  ABDALA: { product: 'ABDALA', family: 'ABDALA', display: 'Abdala', minIntervalDays: 14 },
  VEROCELL: { product: 'VEROCELL', family: 'SINOPHARM', display: 'Vero Cell', minIntervalDays: 21 },
  HAYATVAX: { product: 'HAYATVAX', family: 'SINOPHARM', display: 'Hayat-Vax', minIntervalDays: 21 },
  ASTRAZENECA: { product: 'ASTRAZENECA', family: 'ASTRAZENECA', display: 'AstraZeneca', minIntervalDays: 28 },
  UNKNOWN: { product: 'UNKNOWN', family: 'UNKNOWN', display: 'Unknown', minIntervalDays: 0 },
};

export function nameKeys(ascii: string): NameKeys {
  const tokens = ascii.split(' ');
  return {
    display: ascii,
    canonical: ascii,
    toneless: ascii,
    ascii,
    phonetic: ascii,
    family: tokens[0] ?? '',
    middle: tokens.slice(1, -1).join(' '),
    given: tokens[tokens.length - 1] ?? '',
  };
}

export interface DoseSpec {
  seq?: number;
  recordId?: string;
  name?: string;
  birth?: string; // yyyy-mm-dd
  citizenId?: string;
  facility?: string;
  vaccine?: keyof typeof VACCINES;
  lot?: string;
  doseNumber?: number | null;
  date?: string;
  phone?: string;
  gender?: Gender;
}

let autoSeq = 0;

export function makeDose(spec: DoseSpec = {}): NormalizedDose {
  const seq = spec.seq ?? autoSeq++;
  const name = spec.name ?? 'nguyen van an';
  const birth = spec.birth ?? '1980-05-17';
  const vaccine = VACCINES[spec.vaccine ?? 'PFIZER'];
  const doseNumber = spec.doseNumber === undefined ? 1 : spec.doseNumber;
  const [y, m, d] = birth.split('-').map(Number);
  const raw: Record<DoseField, string> = {
    record_id: spec.recordId ?? `R${seq}`,
    full_name: name,
    birth_date: `${d}/${m}/${y}`,
    gender: { M: 'M', F: 'F', U: '' }[spec.gender ?? 'M'],
    citizen_id: spec.citizenId ?? '',
    phone: spec.phone ?? '',
    commune_code: '',
    facility_code: spec.facility ?? 'F1',
    vaccine: vaccine.display,
    lot_number: spec.lot ?? '',
    dose_number: doseNumber === null ? '' : String(doseNumber),
    dose_date: spec.date ?? '2021-08-01',
  };
  return {
    seq,
    recordId: raw.record_id,
    source: { file: 'doses.csv', line: seq + 2 },
    name: nameKeys(name),
    birth: { iso: birth, year: y, month: m, day: d, precision: 'day', swapped: null },
    gender: spec.gender ?? 'M',
    id: { value: raw.citizen_id, kind: raw.citizen_id === '' ? 'missing' : 'cccd' },
    phone: raw.phone,
    commune: '',
    communeKey: '',
    facility: raw.facility_code,
    vaccine,
    lot: raw.lot_number,
    doseNumber,
    doseDate: raw.dose_date,
    extra: [],
    raw,
    problems: [],
  };
}

/** A copy of a dose with some raw cells changed (keeps the normalised fields in step for the ones dedupe reads). */
export function withRaw(d: NormalizedDose, changes: Partial<Record<DoseField, string>>, seq: number): NormalizedDose {
  const raw = { ...d.raw, ...changes };
  return {
    ...d,
    seq,
    source: { file: d.source.file, line: seq + 2 },
    recordId: raw.record_id,
    raw,
    lot: raw.lot_number,
    facility: raw.facility_code,
    phone: raw.phone,
    doseDate: raw.dose_date,
    doseNumber: raw.dose_number === '' ? null : Number(raw.dose_number),
  };
}

export function item(dose: NormalizedDose, status: LinkStatus = 'verified', citizenId = '001080000001'): DedupeItem {
  const linked = status === 'verified' || status === 'verified_with_discrepancy' || status === 'corrected';
  return {
    dose,
    decision: { status, citizenId: linked ? citizenId : '', score: linked ? 1 : 0.3, candidates: [], explanation: '', problems: [] },
  };
}

/** A samePerson stand-in: same folded name and birth date -> 0.99, same name only -> 0.7, else 0.01. */
export function nameBirthSamePerson(a: NormalizedDose, b: NormalizedDose): number {
  if (a.name.ascii === b.name.ascii && a.birth?.iso === b.birth?.iso) return 0.99;
  if (a.name.ascii === b.name.ascii) return 0.7;
  return 0.01;
}

export const never = (): number => 0;
