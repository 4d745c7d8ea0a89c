// Pure: the old (2021–25) and today's (1 July 2025) commune codes as one table, and a code read as today's unit by its date.

import type { Problem } from '../types.js';

/** Which list a code is read in: the communes before the 2025 reorganisation, or today's. */
export type CommuneSystem = 'old' | 'new';

/**
 * `current`: a code of today; `mapped`: an old code that became one commune; `successor`: a code abolished before
 * 2025 whose likely successor is known (same name, same district: not official); `split`: an old commune divided
 * between several of today's; `abolished`: abolished before 2025 with no known successor; `unknown`: in no list.
 */
export type CommuneStatus = 'missing' | 'current' | 'mapped' | 'successor' | 'split' | 'abolished' | 'unknown';

export interface CommuneResolution {
  status: CommuneStatus;
  /** The code as looked up: trimmed, leading zeros restored (Excel drops them). */
  code: string;
  /** Today's commune; '' when it cannot be told (split, abolished, unknown, missing): never a guess. */
  commune: string;
  /** Today's province; '' for unknown and missing. */
  province: string;
  /** Today's communes the code may now be (split, abolished), in code order; [] otherwise. */
  candidates: readonly string[];
}

export interface AdminUnits {
  /** The dataset's name and the day today's codes took effect (yyyy-mm-dd): records dated earlier carry old codes. */
  effective: string;
  /** Old code (including those abolished before 2025) -> what it became. */
  old: ReadonlyMap<string, CommuneResolution>;
  /** Today's code -> itself, with its province. */
  current: ReadonlyMap<string, CommuneResolution>;
  /** Today's commune and province names, by code (for the reports). */
  communeNames: ReadonlyMap<string, string>;
  provinceNames: ReadonlyMap<string, string>;
  /** Old (63-province) code -> the old commune codes of 2021–25 in it, abolished ones included, in code order. */
  oldCodesByProvince: ReadonlyMap<string, readonly string[]>;
}

/** Rows of the shipped CSVs, by header (see data/admin-units/<date>/SOURCE.md). */
export interface AdminUnitRows {
  communeMap: readonly Record<string, string>[];
  provinces: readonly Record<string, string>[];
  abolished: readonly Record<string, string>[];
}

const NO_CANDIDATES: readonly string[] = Object.freeze([]);
const MISSING: CommuneResolution = Object.freeze({ status: 'missing', code: '', commune: '', province: '', candidates: NO_CANDIDATES });

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** Build the lookup tables from the CSV rows. Throws when the table contradicts itself (a split across provinces). */
export function buildAdminUnits(effective: string, rows: AdminUnitRows): AdminUnits {
  const communeNames = new Map<string, string>();
  const provinceNames = new Map<string, string>();
  for (const p of rows.provinces) provinceNames.set(p.new_province_code!, p.new_province_name!);
  const current = new Map<string, CommuneResolution>();
  const targets = new Map<string, { province: string; codes: Set<string> }>();
  for (const r of rows.communeMap) {
    const to = r.new_commune_code!;
    const province = r.new_province_code!;
    if (!current.has(to)) {
      current.set(to, Object.freeze({ status: 'current', code: to, commune: to, province, candidates: NO_CANDIDATES }));
      communeNames.set(to, r.new_commune_name!);
    }
    // Six old units had no commune code (island districts): nothing to look up.
    const from = r.old_commune_code!;
    if (from === '') continue;
    let t = targets.get(from);
    if (t === undefined) targets.set(from, (t = { province, codes: new Set() }));
    else if (t.province !== province)
      throw new Error(`admin units: old commune ${from} maps into two provinces (${t.province}, ${province})`);
    t.codes.add(to);
  }
  const byProvince = new Map<string, string[]>();
  const addOld = (province: string, code: string) => {
    let l = byProvince.get(province);
    if (l === undefined) byProvince.set(province, (l = []));
    l.push(code);
  };
  for (const r of rows.communeMap) if (r.old_commune_code !== '') addOld(r.old_province_code!, r.old_commune_code!);
  for (const r of rows.abolished) addOld(r.old_province_code!, r.old_commune_code!);
  const oldCodesByProvince = new Map([...byProvince].map(([p, l]) => [p, Object.freeze([...new Set(l)].sort())] as const));
  const old = new Map<string, CommuneResolution>();
  for (const [from, t] of targets) {
    const codes = [...t.codes].sort();
    old.set(
      from,
      Object.freeze(
        codes.length === 1
          ? { status: 'mapped', code: from, commune: codes[0]!, province: t.province, candidates: NO_CANDIDATES }
          : { status: 'split', code: from, commune: '', province: t.province, candidates: Object.freeze(codes) },
      ),
    );
  }
  for (const r of rows.abolished) {
    const from = r.old_commune_code!;
    if (old.has(from)) throw new Error(`admin units: abolished code ${from} is also in the conversion table`);
    const successors = list(r.new_commune_codes);
    const res: CommuneResolution =
      successors.length === 1
        ? { status: 'successor', code: from, commune: successors[0]!, province: r.new_province_code!, candidates: NO_CANDIDATES }
        : {
            status: 'abolished',
            code: from,
            commune: '',
            province: r.new_province_code!,
            candidates: Object.freeze((successors.length > 1 ? successors : list(r.candidate_new_commune_codes)).sort()),
          };
    old.set(from, Object.freeze(res));
  }
  return { effective, old, current, communeNames, provinceNames, oldCodesByProvince };
}

/** A commune code as looked up: trimmed, and a code of 1–4 digits padded to 5 (Excel drops leading zeros). */
export function communeCodeOf(s: string): string {
  const t = s.trim();
  return /^\d{1,4}$/.test(t) ? t.padStart(5, '0') : t;
}

/** The list a record's codes come from: old before the effective date, today's from it (a dose without a date: today's). */
export function communeSystemAt(units: AdminUnits, isoDate: string): CommuneSystem {
  return isoDate !== '' && isoDate < units.effective ? 'old' : 'new';
}

/**
 * Today's unit of a code read in `system`. Many of today's communes reuse an old code for a larger area, so the
 * list comes first; a code found only in the other list is read there (a registry still holding an old code, a
 * 2021 record typed with a code of today), and a code in neither is unknown.
 */
export function resolveCommune(units: AdminUnits, raw: string, system: CommuneSystem): CommuneResolution {
  const code = communeCodeOf(raw);
  if (code === '') return MISSING;
  const [first, second] = system === 'old' ? [units.old, units.current] : [units.current, units.old];
  const hit = first.get(code) ?? second.get(code);
  if (hit !== undefined) return hit;
  return { status: 'unknown', code, commune: '', province: '', candidates: NO_CANDIDATES };
}

/** Marks a link key that lists several possible communes: `~;a;b;c;` (see communeKeyOf). */
export const MULTI_COMMUNE = '~';

/**
 * What the linker compares: today's commune; for a split or abolished code its candidates (`~;a;b;`, so one code
 * is found with `includes(';' + code + ';')`); an unknown code as typed (it can only agree with the same typing).
 */
export function communeKeyOf(r: CommuneResolution): string {
  if (r.commune !== '') return r.commune;
  if (r.candidates.length > 0) return `${MULTI_COMMUNE};${r.candidates.join(';')};`;
  return r.code;
}

/** Today's commune with its name ("00097 Phường Hồng Hà"), for details that people read. */
export function describeCommune(units: AdminUnits, code: string): string {
  const name = units.communeNames.get(code);
  return name === undefined ? code : `${code} ${name}`;
}

/** The problem a commune code raises once read as today's unit (null when it is today's, or maps to one for sure). */
export function communeProblem(units: AdminUnits, r: CommuneResolution, value: string): Problem | null {
  // Built only for the statuses that use them: most doses resolve to today's unit and raise nothing.
  const province = (): string => `province ${describeProvince(units, r.province)}`;
  const candidates = (): string => r.candidates.map((c) => describeCommune(units, c)).join('; ');
  const on = units.effective;
  switch (r.status) {
    case 'split':
      return {
        code: 'COMMUNE_SPLIT',
        field: 'commune_code',
        value,
        detail: `old commune ${r.code} was divided on ${on} between ${r.candidates.length} communes of ${province()}: ${candidates()}`,
      };
    case 'abolished':
      return {
        code: 'COMMUNE_ABOLISHED',
        field: 'commune_code',
        value,
        detail: `commune ${r.code} was abolished before ${on} and its successor is not known; now in ${province()}, one of: ${candidates()}`,
      };
    case 'successor':
      return {
        code: 'COMMUNE_SUCCESSOR',
        field: 'commune_code',
        value,
        fix: r.commune,
        detail:
          `commune ${r.code} was abolished before ${on}; read as its likely successor (same name, same district), ` +
          `now ${describeCommune(units, r.commune)}`,
      };
    case 'unknown':
      return {
        code: 'COMMUNE_UNKNOWN',
        field: 'commune_code',
        value,
        detail: `${r.code} is neither a commune code of 2021–${units.effective.slice(0, 4)} nor one of ${units.effective}`,
      };
    default:
      return null;
  }
}

function describeProvince(units: AdminUnits, code: string): string {
  const name = units.provinceNames.get(code);
  return name === undefined ? code : `${code} ${name}`;
}
