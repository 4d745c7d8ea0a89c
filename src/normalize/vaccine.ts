// Vaccine names as typed at facilities -> canonical product, dedupe family, display name and minimum dose interval.

import type { Problem, VaccineInfo } from '../types.js';
import { normalizeConfig } from '../config/normalize.js';
import { foldMarks } from './vn-letters.js';

// Minimum intervals between two primary doses (DOMAIN.md 6 and its sources: alobacsi.com ... hd184907, sggpnews Abdala,
// cand.com.vn Covaxin). AstraZeneca: Vietnam recommends 8-12 weeks but the licensed minimum (Vaxzevria SmPC, EMA) is
// 4 weeks, and provinces were allowed to shorten the gap, so 28 days is the shortest real interval.
// Janssen is single-dose; its booster comes at least 2 months later (Jcovden SmPC, EMA) [K].
// Hayat-Vax is Sinopharm BBIBP-CorV bulk packed by Julphar (vnexpress.net ... 4364804): same family as Vero Cell.
export const VACCINE_PRODUCTS: readonly VaccineInfo[] = [
  { product: 'ASTRAZENECA', family: 'ASTRAZENECA', display: 'AstraZeneca (Vaxzevria)', minIntervalDays: 28 },
  { product: 'COVISHIELD', family: 'ASTRAZENECA', display: 'Covishield (AstraZeneca, Serum Institute of India)', minIntervalDays: 28 },
  { product: 'PFIZER', family: 'PFIZER', display: 'Pfizer-BioNTech (Comirnaty)', minIntervalDays: 21 },
  { product: 'MODERNA', family: 'MODERNA', display: 'Moderna (Spikevax)', minIntervalDays: 28 },
  { product: 'VEROCELL', family: 'SINOPHARM', display: 'Vero Cell (Sinopharm BBIBP-CorV)', minIntervalDays: 21 },
  { product: 'HAYATVAX', family: 'SINOPHARM', display: 'Hayat-Vax (Sinopharm BBIBP-CorV, Julphar)', minIntervalDays: 21 },
  { product: 'SPUTNIKV', family: 'SPUTNIKV', display: 'Sputnik V (Gam-COVID-Vac)', minIntervalDays: 21 },
  { product: 'JANSSEN', family: 'JANSSEN', display: 'Janssen (Johnson & Johnson)', minIntervalDays: 56 },
  { product: 'ABDALA', family: 'ABDALA', display: 'Abdala (CIGB-66)', minIntervalDays: 14 },
  { product: 'COVAXIN', family: 'COVAXIN', display: 'Covaxin (Bharat Biotech)', minIntervalDays: 28 },
  // Not approved in Vietnam but present on records of doses given abroad [K]: WHO schedules 2-4 weeks and 3 weeks.
  { product: 'SINOVAC', family: 'SINOVAC', display: 'CoronaVac (Sinovac)', minIntervalDays: 14 },
  { product: 'NOVAVAX', family: 'NOVAVAX', display: 'Nuvaxovid (Novavax)', minIntervalDays: 21 },
];

const UNKNOWN: VaccineInfo = { product: 'UNKNOWN', family: 'UNKNOWN', display: 'Unknown', minIntervalDays: 0 };

const BY_CODE = new Map(VACCINE_PRODUCTS.map((v) => [v.product, v]));

// Aliases, folded (lower case, no diacritics, letters and digits only: "J&J" -> "jj", "Vero Cell" -> "verocell").
// Order matters for the substring search: more specific brands first (Hayat-Vax before Sinopharm, Covishield before
// AstraZeneca), since a cell may name both ("Sinopharm Hayat-Vax", "Covishield (AstraZeneca)").
const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['hayatvax', 'HAYATVAX'],
  ['hayat', 'HAYATVAX'],
  ['julphar', 'HAYATVAX'],
  ['covishield', 'COVISHIELD'],
  ['serum', 'COVISHIELD'],
  ['astrazeneca', 'ASTRAZENECA'],
  ['astrazenca', 'ASTRAZENECA'],
  ['astrazeneka', 'ASTRAZENECA'],
  ['astra', 'ASTRAZENECA'],
  ['vaxzevria', 'ASTRAZENECA'],
  ['azd1222', 'ASTRAZENECA'],
  ['chadox1', 'ASTRAZENECA'],
  ['az', 'ASTRAZENECA'],
  ['pfizerbiontech', 'PFIZER'],
  ['pfizer', 'PFIZER'],
  ['phizer', 'PFIZER'],
  ['pfizez', 'PFIZER'],
  ['biontech', 'PFIZER'],
  ['comirnaty', 'PFIZER'],
  ['bnt162b2', 'PFIZER'],
  ['pf', 'PFIZER'],
  ['moderna', 'MODERNA'],
  ['spikevax', 'MODERNA'],
  ['mrna1273', 'MODERNA'],
  ['verocell', 'VEROCELL'],
  ['vero', 'VEROCELL'],
  ['sinopharm', 'VEROCELL'],
  ['bbibpcorv', 'VEROCELL'],
  ['bbibp', 'VEROCELL'],
  ['sputnikv', 'SPUTNIKV'],
  ['sputnik', 'SPUTNIKV'],
  ['gamcovidvac', 'SPUTNIKV'],
  ['gamaleya', 'SPUTNIKV'],
  ['janssen', 'JANSSEN'],
  ['jansen', 'JANSSEN'],
  ['johnsonjohnson', 'JANSSEN'],
  ['johnsonandjohnson', 'JANSSEN'],
  ['jcovden', 'JANSSEN'],
  ['ad26cov2s', 'JANSSEN'],
  ['jj', 'JANSSEN'],
  ['jnj', 'JANSSEN'],
  ['abdala', 'ABDALA'],
  ['cigb66', 'ABDALA'],
  ['covaxin', 'COVAXIN'],
  ['bharat', 'COVAXIN'],
  ['bbv152', 'COVAXIN'],
  ['coronavac', 'SINOVAC'],
  ['sinovac', 'SINOVAC'],
  ['nuvaxovid', 'NOVAVAX'],
  ['novavax', 'NOVAVAX'],
];
const EXACT = new Map(ALIASES);
// Short aliases (az, pf, jj) would match inside unrelated words: exact only.
const SEARCHABLE = ALIASES.filter(([alias]) => alias.length >= 4);
// Words around the product name that carry nothing ("Vắc xin COVID-19 Pfizer", "vaccine Moderna").
const NOISE = ['vacxin', 'vaccine', 'vaccin', 'vacin', 'covid19', 'covid', 'sarscov2', 'mui', 'lieu'];

const NON_ALNUM = /[^a-z0-9]/g;

function foldVaccine(s: string): string {
  return foldMarks(s, true).replace(NON_ALNUM, '');
}

function lookup(key: string): string | undefined {
  const exact = EXACT.get(key);
  if (exact !== undefined) return exact;
  let stripped = key;
  for (const w of NOISE) if (stripped.includes(w)) stripped = stripped.split(w).join('');
  const again = EXACT.get(stripped);
  if (again !== undefined) return again;
  for (const [alias, code] of SEARCHABLE) if (key.includes(alias)) return code;
  return undefined;
}

const memo = new Map<string, VaccineInfo>();

/** Recognises the product; unknown names give product 'UNKNOWN' with VACCINE_UNKNOWN (the dose is kept). */
export function normalizeVaccine(raw: string): { vaccine: VaccineInfo; problems: Problem[] } {
  let v = memo.get(raw);
  if (v === undefined) {
    const code = lookup(foldVaccine(raw));
    v = code === undefined ? UNKNOWN : BY_CODE.get(code)!;
    if (memo.size < normalizeConfig.memoMaxEntries) memo.set(raw, v);
  }
  if (v === UNKNOWN) {
    return {
      vaccine: v,
      problems: [
        {
          code: 'VACCINE_UNKNOWN',
          field: 'vaccine',
          value: raw,
          detail: raw.trim() === '' ? 'vaccine is empty' : 'not a known COVID-19 vaccine product',
        },
      ],
    };
  }
  return { vaccine: v, problems: [] };
}
