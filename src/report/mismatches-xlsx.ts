// mismatches.xlsx (--xlsx): the rows of mismatches.csv as a workbook for analysts, with a second sheet for the review queue.

import { writeWorkbook, type XlsxCell, type XlsxColumn, type XlsxSheet } from '../xlsx/writer.js';
import { headerFor, type Lang } from './lang.js';

export const MISMATCHES_XLSX = 'mismatches.xlsx';

/**
 * How each column of mismatches.csv is shown. `width` is in characters, sized for the usual content (a 12-digit ID,
 * a code, a Vietnamese name); the header widens a column when it is longer. Numbers are stored as numbers so an
 * analyst can sort and filter by them (`score` shown with the six decimals of the CSV); every other column is text,
 * so IDs, codes and phones keep their leading zeros and every digit.
 */
const LAYOUT: Readonly<Record<string, { width: number; numFmt?: string }>> = {
  record_id: { width: 16 },
  facility_code: { width: 12 },
  issue: { width: 26 },
  issue_description: { width: 48 },
  moh_category: { width: 8 },
  field: { width: 12 },
  record_value: { width: 24 },
  registry_value: { width: 24 },
  candidate_citizen_id: { width: 15 },
  score: { width: 10, numFmt: '0.000000' },
  fix: { width: 24 },
  detail: { width: 60 },
  source_file: { width: 18 },
  line: { width: 8, numFmt: '0' },
};

/** Widest a column grows for its header: a long Vietnamese header wraps the filter button, not the whole sheet. */
const MAX_HEADER_WIDTH = 30;

const SHEET_NAMES: Readonly<Record<Lang, { all: string; review: string }>> = {
  en: { all: 'mismatches', review: 'review' },
  vi: { all: 'Sai lệch', review: 'Cần xác minh' },
};

export interface MismatchWorkbookOptions {
  /** The columns of mismatches.csv, in order (MISMATCH_COLUMNS). */
  columns: readonly string[];
  lang: Lang;
  /**
   * The rows of mismatches.csv in its order, or (`reviewOnly`) only those of records whose link status is `review`;
   * called once per sheet, so the rows are streamed, never held.
   */
  rows: (reviewOnly: boolean) => Iterable<readonly string[]>;
  date: Date;
  mode: number;
  /** Tests lower it to see a sheet continue; default Excel's limit. */
  maxRowsPerSheet?: number;
}

/**
 * Writes the workbook: sheet 1 holds every row of mismatches.csv; sheet 2 only the rows of records whose link
 * status is `review` (a registry person may fit but the evidence is not strong, or two fit): the analyst's queue,
 * each record's rows together (the LINK_AMBIGUOUS row lists the candidates, the others say what is wrong with the
 * record). Cell values are those of the CSV without its formula-injection quote: a workbook cell holding text is
 * never run as a formula.
 */
export async function writeMismatchWorkbook(path: string, o: MismatchWorkbookOptions): Promise<void> {
  const numeric = o.columns.map((c) => LAYOUT[c]?.numFmt !== undefined);
  const columns: XlsxColumn[] = o.columns.map((c) => {
    const header = headerFor(c, o.lang);
    const layout = LAYOUT[c];
    const width = Math.max(layout?.width ?? 12, Math.min(MAX_HEADER_WIDTH, header.length + 4));
    return layout?.numFmt !== undefined ? { header, width, numFmt: layout.numFmt } : { header, width, text: true };
  });
  const cellsOf = (cells: readonly string[]): XlsxCell[] => cells.map((v, k) => (v === '' ? null : numeric[k] ? Number(v) : v));
  function* cells(reviewOnly: boolean): Generator<XlsxCell[]> {
    for (const row of o.rows(reviewOnly)) yield cellsOf(row);
  }
  const names = SHEET_NAMES[o.lang];
  const sheets: XlsxSheet[] = [
    { name: names.all, columns, rows: cells(false) },
    { name: names.review, columns, rows: cells(true) },
  ];
  await writeWorkbook(path, sheets, { date: o.date, mode: o.mode, maxRowsPerSheet: o.maxRowsPerSheet });
}

/** The date stamped into the workbook: the run's --today when given, so it never depends on the clock. */
export function workbookDate(today: string | null, fixed: string): Date {
  return new Date(`${today ?? fixed}T00:00:00Z`);
}
