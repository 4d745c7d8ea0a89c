// daily_report.csv: per facility, commune and day, the doses entered, kept, folded, linked, rejected and the Ministry's cleaning categories.

import { codeInfo, type MohCategory } from '../codes.js';
import { UsageError } from '../errors.js';
import { parseDoseDate } from '../normalize/dates.js';
import type { RunResult } from '../pipeline.js';
import type { RejectRow } from './outputs.js';
import { communeSystemAt, resolveCommune, type AdminUnits } from '../normalize/communes.js';
import { cmp } from '../util/compare.js';

export const DAILY_COLUMNS = [
  'facility_code',
  'commune_code',
  'date',
  'doses_entered',
  'distinct_doses',
  'duplicates_removed',
  'verified',
  'verified_with_discrepancy',
  'corrected',
  'review',
  'unmatched',
  'rejected',
  'moh_a_no_id',
  'moh_b_wrong_format',
  'moh_c_wrong_details',
] as const;
/** With --admin-units 2025 the commune column is today's, beside today's province (a divided commune: province only). */
export const DAILY_COLUMNS_2025 = ['facility_code', 'province_code_2025', 'commune_code_2025', ...DAILY_COLUMNS.slice(2)] as const;

/** Today's province and commune of a code entered on a record of this date ('' for what cannot be told). */
export function todayUnit(units: AdminUnits, code: string, isoDate: string): { province: string; commune: string } {
  const u = resolveCommune(units, code, communeSystemAt(units, isoDate));
  return { province: u.province, commune: u.commune };
}

export interface DateRange {
  /** Inclusive ISO yyyy-mm-dd bounds; absent = open. */
  from?: string;
  to?: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function isValidIso(s: string): boolean {
  if (!ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Validate --date-from / --date-to: ISO dates, from <= to. */
export function parseDateRange(from?: string, to?: string): DateRange {
  const bad: string[] = [];
  if (from !== undefined && !isValidIso(from)) bad.push(`--date-from must be an ISO date like 2021-08-01; got "${from}"`);
  if (to !== undefined && !isValidIso(to)) bad.push(`--date-to must be an ISO date like 2021-08-31; got "${to}"`);
  if (bad.length === 0 && from !== undefined && to !== undefined && from > to) bad.push(`--date-from ${from} is after --date-to ${to}`);
  if (bad.length > 0) throw new UsageError(bad.join('; '));
  return { from, to };
}

/** A day with no known date ('') is outside any restricted range: it cannot be shown to be inside. */
export function inRange(date: string, range: DateRange): boolean {
  if (range.from === undefined && range.to === undefined) return true;
  if (date === '') return false;
  return (range.from === undefined || date >= range.from) && (range.to === undefined || date <= range.to);
}

/**
 * The Ministry category of record i, from every problem of it (its normalisation, its link decision and its
 * dose history): the rule of mohCategoryOf, the most serious (lowest) category of all the record's codes.
 * The three problem lists are walked in place, without concatenating them.
 */
export function mohCategoryAt(r: RunResult, i: number): MohCategory {
  const history = r.dedupe.problems.get(i);
  let cat: MohCategory = '';
  for (let k = 0; k < 3; k++) {
    const list = k === 0 ? r.doses[i]!.problems : k === 1 ? r.decisions[i]!.problems : history;
    if (list === undefined) continue;
    for (const p of list) {
      const c = codeInfo(p.code)?.moh ?? '';
      if (c !== '' && (cat === '' || c < cat)) cat = c;
    }
  }
  return cat;
}

/** Options for reading a dose date with no plausibility limits (reject places, reported counts). */
export const DOSE_DATE_OPTS = { today: '9999-12-31', maxAgeYears: 200, date1904: false, campaignStart: '0000-01-01' };

/** The facility, commune and ISO day of a reject ('' for what is not known). */
export function rejectPlace(x: RejectRow): { facility: string; commune: string; date: string } {
  const place = x.place;
  if (!place) return { facility: '', commune: '', date: '' };
  const date = place.date.trim() === '' ? '' : (parseDoseDate(place.date, DOSE_DATE_OPTS).iso ?? '');
  return { facility: place.facility.trim(), commune: place.commune.trim(), date };
}

export interface DayCounts {
  facility: string;
  /** Today's province (--admin-units 2025), else ''. */
  province: string;
  commune: string;
  date: string;
  entered: number;
  distinct: number;
  duplicates: number;
  verified: number;
  verified_with_discrepancy: number;
  corrected: number;
  review: number;
  unmatched: number;
  rejected: number;
  a: number;
  b: number;
  c: number;
}

/**
 * Count every record by (facility, commune, day), or by (facility, day) with `byCommune` false.
 * Link status and Ministry categories are counted on distinct doses, as in summary.json, so the rows
 * add up to its figures.
 */
export function countByDay(r: RunResult, range: DateRange, byCommune = true, units: AdminUnits | null = null): DayCounts[] {
  const groups = new Map<string, DayCounts>();
  const get = (facility: string, commune: string, date: string): DayCounts => {
    let c = byCommune ? commune : '';
    let province = '';
    if (byCommune && units !== null) ({ province, commune: c } = todayUnit(units, commune, date));
    const key = `${facility}\u0000${province}\u0000${c}\u0000${date}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        facility,
        province,
        commune: c,
        date,
        entered: 0,
        distinct: 0,
        duplicates: 0,
        verified: 0,
        verified_with_discrepancy: 0,
        corrected: 0,
        review: 0,
        unmatched: 0,
        rejected: 0,
        a: 0,
        b: 0,
        c: 0,
      };
      groups.set(key, g);
    }
    return g;
  };
  for (let i = 0; i < r.doses.length; i++) {
    const d = r.doses[i]!;
    if (!inRange(d.doseDate, range)) continue;
    const g = get(d.facility, d.commune, d.doseDate);
    g.entered++;
    if (r.dedupe.keptIndex[i] !== i) {
      g.duplicates++;
      continue;
    }
    g.distinct++;
    g[r.decisions[i]!.status]++;
    const cat = mohCategoryAt(r, i);
    if (cat) g[cat]++;
  }
  for (const x of r.rejects) {
    const p = rejectPlace(x);
    if (!inRange(p.date, range)) continue;
    get(p.facility, p.commune, p.date).rejected++;
  }
  return [...groups.values()].sort(
    (x, y) => cmp(x.facility, y.facility) || cmp(x.province, y.province) || cmp(x.commune, y.commune) || cmp(x.date, y.date),
  );
}

/**
 * `byCommune` false gives one row per facility and day (commune_code left empty): the commune is the
 * person's, so per commune a small facility's day splits into many rows. `units` (--admin-units 2025): the
 * communes are today's, with their province; a divided or abolished commune counts in its province only.
 */
export function buildDailyReport(
  r: RunResult,
  range: DateRange,
  opts: { byCommune?: boolean; units?: AdminUnits | null } = {},
): { header: string[]; rows: string[][] } {
  const units = opts.units ?? null;
  const rows = countByDay(r, range, opts.byCommune ?? true, units).map((g) => [
    g.facility,
    ...(units === null ? [g.commune] : [g.province, g.commune]),
    g.date,
    ...[
      g.entered,
      g.distinct,
      g.duplicates,
      g.verified,
      g.verified_with_discrepancy,
      g.corrected,
      g.review,
      g.unmatched,
      g.rejected,
      g.a,
      g.b,
      g.c,
    ].map(String),
  ]);
  return { header: units === null ? [...DAILY_COLUMNS] : [...DAILY_COLUMNS_2025], rows };
}
