// gap_report.csv: the dose counts facilities reported each day (--reported) against the doses entered and kept, largest gap first.

import { InputError } from '../errors.js';
import { readCsv } from '../ingest/csv-reader.js';
import { parseDoseDate } from '../normalize/dates.js';
import type { RunResult } from '../pipeline.js';
import { countByDay, DOSE_DATE_OPTS, inRange, type DateRange } from './daily.js';
import { cmp } from '../util/compare.js';

export const GAP_COLUMNS = [
  'facility_code',
  'date',
  'reported_doses',
  'doses_entered',
  'rejected',
  'distinct_doses',
  'gap',
  'gap_distinct',
] as const;

export interface ReportedCount {
  facility: string;
  /** ISO yyyy-mm-dd. */
  date: string;
  reported: number;
}

type ReportedField = 'facility_code' | 'date' | 'reported_doses';

/** Accepted headers (compared folded: case, accents and spacing ignored). */
export const REPORTED_COLUMN_ALIASES: Record<ReportedField, string[]> = {
  facility_code: ['facility_code', 'Mã cơ sở tiêm', 'facility'],
  date: ['date', 'Ngày', 'dose_date', 'Ngày tiêm', 'report_date'],
  reported_doses: ['reported_doses', 'Số mũi báo cáo', 'reported', 'doses'],
};

/**
 * Read the daily aggregate counts. Any unusable row makes the whole file unusable (an InputError naming
 * file, line and column): a silently skipped row would show up as a false gap.
 */
export async function readReportedCounts(file: string): Promise<ReportedCount[]> {
  const out: ReportedCount[] = [];
  const seen = new Map<string, number>();
  for await (const item of readCsv<ReportedField>(file, REPORTED_COLUMN_ALIASES, ['facility_code', 'date', 'reported_doses'])) {
    if (item.kind === 'bad') {
      throw new InputError(item.bad.detail, item.bad.code, file, item.bad.source.line);
    }
    const { values, source } = item.row;
    const facility = values.facility_code.trim();
    if (facility === '') throw new InputError('facility code is empty', 'REPORTED_FACILITY_MISSING', file, source.line, 'facility_code');
    const date = parseDoseDate(values.date, DOSE_DATE_OPTS).iso;
    if (date === null) {
      throw new InputError('expected a date such as 2021-08-01 or 01/08/2021', 'REPORTED_DATE_INVALID', file, source.line, 'date');
    }
    // Thousands separators (spaces, dots, commas in groups of three) are common in hand-typed counts.
    const text = values.reported_doses.trim();
    const digits = /^\d{1,3}([ .,]\d{3})+$/.test(text) ? text.replace(/[ .,]/g, '') : text;
    if (!/^\d+$/.test(digits) || !Number.isSafeInteger(Number(digits))) {
      throw new InputError('expected a whole number of doses (0 or more)', 'REPORTED_COUNT_INVALID', file, source.line, 'reported_doses');
    }
    const key = `${facility}\u0000${date}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError(`facility and date already reported on line ${first}`, 'REPORTED_DUPLICATE', file, source.line, 'facility_code');
    }
    seen.set(key, source.line);
    out.push({ facility, date, reported: Number(digits) });
  }
  return out;
}

export interface GapTotals {
  reported: number;
  entered: number;
  distinct: number;
  /** reported - entered. */
  gap: number;
}

interface GapRow {
  facility: string;
  date: string;
  reported: number | null;
  entered: number;
  rejected: number;
  distinct: number;
}

/**
 * One row per facility and day that was reported or entered. `gap` = reported - entered (doses the
 * facility said it gave but did not enter), `gap_distinct` = reported - distinct; both empty when the
 * facility reported nothing that day. Sorted by the largest gap, unreported days last.
 */
export function buildGapReport(
  r: RunResult,
  reported: readonly ReportedCount[],
  range: DateRange,
): { header: string[]; rows: string[][]; totals: GapTotals } {
  const rows = new Map<string, GapRow>();
  for (const g of countByDay(r, range, false)) {
    rows.set(`${g.facility}\u0000${g.date}`, {
      facility: g.facility,
      date: g.date,
      reported: null,
      entered: g.entered,
      rejected: g.rejected,
      distinct: g.distinct,
    });
  }
  for (const c of reported) {
    if (!inRange(c.date, range)) continue;
    const key = `${c.facility}\u0000${c.date}`;
    const row = rows.get(key);
    if (row) row.reported = (row.reported ?? 0) + c.reported;
    else rows.set(key, { facility: c.facility, date: c.date, reported: c.reported, entered: 0, rejected: 0, distinct: 0 });
  }
  const totals: GapTotals = { reported: 0, entered: 0, distinct: 0, gap: 0 };
  for (const x of rows.values()) {
    totals.reported += x.reported ?? 0;
    totals.entered += x.entered;
    totals.distinct += x.distinct;
  }
  totals.gap = totals.reported - totals.entered;
  const gapOf = (x: GapRow): number | null => (x.reported === null ? null : x.reported - x.entered);
  const sorted = [...rows.values()].sort((x, y) => {
    const gx = gapOf(x);
    const gy = gapOf(y);
    if (gx !== gy) {
      if (gx === null) return 1;
      if (gy === null) return -1;
      return gy - gx;
    }
    return cmp(x.facility, y.facility) || cmp(x.date, y.date);
  });
  return {
    header: [...GAP_COLUMNS],
    rows: sorted.map((x) => [
      x.facility,
      x.date,
      x.reported === null ? '' : String(x.reported),
      String(x.entered),
      String(x.rejected),
      String(x.distinct),
      x.reported === null ? '' : String(x.reported - x.entered),
      x.reported === null ? '' : String(x.reported - x.distinct),
    ]),
    totals,
  };
}
