// Review files: the queue and the possible-duplicate pairs written as one workbook (two sheets) or two CSV files
// (UTF-8 with BOM), and read back from either, whatever language their headers are in.

import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadExcelJS } from '../xlsx/exceljs.js';
import { parse } from 'csv-parse/sync';
import { UsageError, InputError } from '../errors.js';
import { CsvWriter } from '../report/csv-writer.js';
import { writeWorkbook, type XlsxColumn } from '../xlsx/writer.js';
import { cellText } from '../xlsx/cell-text.js';
import type { Lang } from '../report/lang.js';
import { DECISION_MEANINGS, REVIEW_DECISIONS, type ReviewRow } from './decisions.js';

interface Column {
  key: string;
  vi: string;
  width?: number;
  /** IDs and codes: stored as text, never turned into numbers. */
  text?: boolean;
  list?: readonly string[];
}

const CANDIDATE_FIELDS: readonly [string, string, number, boolean][] = [
  ['citizen_id', 'Số định danh', 16, true],
  ['full_name', 'Họ và tên', 24, false],
  ['birth_date', 'Ngày sinh', 12, true],
  ['gender', 'Giới tính', 8, false],
  ['probability', 'Xác suất khớp', 12, false],
  ['explanation', 'Giải thích theo trường', 40, false],
];

/** The columns an analyst fills (empty in the export). */
const FILL: readonly Column[] = [
  { key: 'decision', vi: 'Quyết định', width: 18, list: REVIEW_DECISIONS },
  { key: 'citizen_id', vi: 'Số định danh chọn', width: 16, text: true },
  { key: 'kept_record_id', vi: 'Mã bản ghi giữ lại', width: 18, text: true },
  { key: 'note', vi: 'Ghi chú', width: 30 },
  { key: 'reviewer', vi: 'Người xác minh', width: 16 },
];

/** The queue sheet: one row per record to decide, readable without any other file. */
export const QUEUE_COLUMNS: readonly Column[] = [
  { key: 'priority', vi: 'Thứ tự', width: 8 },
  { key: 'record_id', vi: 'Mã bản ghi', width: 18, text: true },
  { key: 'record_version', vi: 'Phiên bản bản ghi', width: 16, text: true },
  { key: 'reason', vi: 'Lý do', width: 18 },
  { key: 'reason_detail', vi: 'Chi tiết lý do', width: 40 },
  { key: 'previous_decision', vi: 'Quyết định trước', width: 24 },
  { key: 'in_queue_since', vi: 'Chờ từ ngày', width: 12 },
  { key: 'waiting_days', vi: 'Số ngày chờ', width: 8 },
  { key: 'facility_code', vi: 'Mã cơ sở tiêm', width: 12, text: true },
  { key: 'commune_code', vi: 'Mã xã', width: 10, text: true },
  { key: 'dose_date', vi: 'Ngày tiêm', width: 12, text: true },
  { key: 'vaccine', vi: 'Tên vắc xin', width: 20 },
  { key: 'dose_number', vi: 'Mũi tiêm', width: 8, text: true },
  { key: 'lot_number', vi: 'Số lô', width: 12, text: true },
  { key: 'name_as_entered', vi: 'Họ tên như đã nhập', width: 24 },
  { key: 'birth_date_as_entered', vi: 'Ngày sinh như đã nhập', width: 14, text: true },
  { key: 'gender_as_entered', vi: 'Giới tính như đã nhập', width: 8 },
  { key: 'id_as_entered', vi: 'Số CCCD/CMND như đã nhập', width: 16, text: true },
  { key: 'phone_as_entered', vi: 'Số điện thoại như đã nhập', width: 14, text: true },
  { key: 'full_name', vi: 'Họ và tên (chuẩn hóa)', width: 24 },
  { key: 'birth_date', vi: 'Ngày sinh (chuẩn hóa)', width: 12, text: true },
  { key: 'gender', vi: 'Giới tính (chuẩn hóa)', width: 8 },
  { key: 'id_normalised', vi: 'Số CCCD/CMND (chuẩn hóa)', width: 16, text: true },
  { key: 'phone', vi: 'Số điện thoại (chuẩn hóa)', width: 14, text: true },
  { key: 'doses_waiting', vi: 'Số mũi của ứng viên 1 đang chờ', width: 10 },
  ...[1, 2, 3].flatMap((n) =>
    CANDIDATE_FIELDS.map(([f, vi, width, text]) => ({ key: `candidate_${n}_${f}`, vi: `Ứng viên ${n}: ${vi}`, width, text })),
  ),
  { key: 'suggested_action', vi: 'Đề xuất', width: 30 },
  ...FILL,
];

/** The duplicates sheet: two doses of one person kept apart although close, side by side with the evidence. */
export const PAIR_COLUMNS: readonly Column[] = [
  { key: 'priority', vi: 'Thứ tự', width: 8 },
  { key: 'record_id', vi: 'Mã bản ghi', width: 18, text: true },
  { key: 'record_version', vi: 'Phiên bản bản ghi', width: 16, text: true },
  { key: 'other_record_id', vi: 'Mã bản ghi kia', width: 18, text: true },
  { key: 'other_record_version', vi: 'Phiên bản bản ghi kia', width: 16, text: true },
  { key: 'person_key', vi: 'Mã người tiêm', width: 16, text: true },
  { key: 'full_name', vi: 'Họ và tên', width: 24 },
  { key: 'birth_date', vi: 'Ngày sinh', width: 12, text: true },
  { key: 'evidence', vi: 'Bằng chứng', width: 40 },
  { key: 'dose_date', vi: 'Ngày tiêm', width: 12, text: true },
  { key: 'other_dose_date', vi: 'Ngày tiêm (kia)', width: 12, text: true },
  { key: 'vaccine', vi: 'Tên vắc xin', width: 18 },
  { key: 'other_vaccine', vi: 'Tên vắc xin (kia)', width: 18 },
  { key: 'lot_number', vi: 'Số lô', width: 12, text: true },
  { key: 'other_lot_number', vi: 'Số lô (kia)', width: 12, text: true },
  { key: 'dose_number', vi: 'Mũi tiêm', width: 8, text: true },
  { key: 'other_dose_number', vi: 'Mũi tiêm (kia)', width: 8, text: true },
  { key: 'facility_code', vi: 'Mã cơ sở tiêm', width: 12, text: true },
  { key: 'other_facility_code', vi: 'Mã cơ sở tiêm (kia)', width: 12, text: true },
  { key: 'suggested_action', vi: 'Đề xuất', width: 30 },
  ...FILL.filter((c) => c.key !== 'citizen_id'),
];

export type QueueRowValues = Record<string, string>;

/** Columns written as numbers in a workbook. */
const NUMERIC = /^(priority|waiting_days|doses_waiting|candidate_\d_probability)$/;

function headerOf(c: Column, lang: Lang): string {
  return lang === 'vi' ? c.vi : c.key;
}

/** Header text (either language) -> column key, for reading a file back. */
const KEY_OF_HEADER = new Map<string, string>();
for (const c of [...QUEUE_COLUMNS, ...PAIR_COLUMNS]) {
  KEY_OF_HEADER.set(fold(c.key), c.key);
  KEY_OF_HEADER.set(fold(c.vi), c.key);
}

function fold(header: string): string {
  return header.normalize('NFC').trim().toLowerCase();
}

/** The CSV file of the pairs beside the queue's: `queue.csv` -> `queue.duplicates.csv`. */
export function pairsCsvPath(queueCsv: string): string {
  return `${queueCsv.replace(/\.csv$/i, '')}.duplicates.csv`;
}

export function isXlsx(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

export interface ReviewFileContent {
  queue: readonly QueueRowValues[];
  pairs: readonly QueueRowValues[];
}

/** Write the review file(s): a workbook with the queue, the pairs and a help sheet, or two CSV files. Returns the paths. */
export async function writeReviewFile(path: string, content: ReviewFileContent, lang: Lang, fileMode: number): Promise<string[]> {
  const cells = (cols: readonly Column[], row: QueueRowValues): string[] => cols.map((c) => row[c.key] ?? '');
  if (isXlsx(path)) {
    // Counts and probabilities are numbers in a workbook (sortable, no "number stored as text" flags).
    const numeric = (cols: readonly Column[], row: QueueRowValues): (string | number)[] =>
      cols.map((c) => {
        const v = row[c.key] ?? '';
        return NUMERIC.test(c.key) && v !== '' ? Number(v) : v;
      });
    const xcol = (c: Column): XlsxColumn => ({ header: headerOf(c, lang), width: c.width, text: c.text, list: c.list });
    await writeWorkbook(path, [
      {
        name: lang === 'vi' ? 'Hàng chờ' : 'queue',
        columns: QUEUE_COLUMNS.map(xcol),
        rows: content.queue.map((r) => numeric(QUEUE_COLUMNS, r)),
      },
      {
        name: lang === 'vi' ? 'Mũi nghi trùng' : 'duplicates',
        columns: PAIR_COLUMNS.map(xcol),
        rows: content.pairs.map((r) => numeric(PAIR_COLUMNS, r)),
      },
      {
        name: lang === 'vi' ? 'Hướng dẫn' : 'help',
        columns: [
          { header: 'decision', width: 18 },
          { header: 'meaning', width: 100 },
        ],
        rows: REVIEW_DECISIONS.map((d) => [d, DECISION_MEANINGS[d]]),
      },
    ]);
    chmodSync(path, fileMode);
    return [path];
  }
  const pairsPath = pairsCsvPath(path);
  for (const [p, cols, rows] of [
    [path, QUEUE_COLUMNS, content.queue],
    [pairsPath, PAIR_COLUMNS, content.pairs],
  ] as const) {
    const w = new CsvWriter(
      p,
      cols.map((c) => headerOf(c, lang)),
      { excel: true, mode: fileMode },
    );
    for (const r of rows) {
      const pending = w.write(cells(cols, r));
      if (pending) await pending;
    }
    await w.close();
  }
  return [path, pairsPath];
}

/** The files `review apply` reads for these arguments: a queue CSV brings its `.duplicates.csv` sibling when present. */
export function reviewFilesFor(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!out.includes(a)) out.push(a);
    if (!isXlsx(a) && !/\.duplicates\.csv$/i.test(a)) {
      const sib = pairsCsvPath(a);
      if (existsSync(sib) && !out.includes(sib)) out.push(sib);
    }
  }
  return out;
}

/** A cell written by vaxrec's CSV writer with the formula guard (a leading apostrophe) is read back without it. */
function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function toReviewRow(where: string, get: (key: string) => string): ReviewRow {
  return {
    where,
    recordId: get('record_id'),
    recordVersion: get('record_version'),
    otherRecordId: get('other_record_id'),
    otherRecordVersion: get('other_record_version'),
    decision: get('decision'),
    citizenId: get('citizen_id'),
    keptRecordId: get('kept_record_id'),
    note: get('note'),
    reviewer: get('reviewer'),
  };
}

/** Map a header row; a sheet or file without record_id and decision columns is not a review table (null). */
function headerKeys(headers: readonly string[]): (string | null)[] | null {
  const keys = headers.map((h) => KEY_OF_HEADER.get(fold(h)) ?? null);
  return keys.includes('record_id') && keys.includes('decision') ? keys : null;
}

/** Every row of a filled review file (workbook or CSV), each with where it is. */
export async function readReviewFile(path: string): Promise<ReviewRow[]> {
  if (!existsSync(path)) throw new UsageError(`review file ${path} not found`);
  const name = basename(path);
  const rows: ReviewRow[] = [];
  if (isXlsx(path)) {
    const wb = new (await loadExcelJS()).Workbook();
    try {
      await wb.xlsx.readFile(path);
    } catch (e) {
      throw new InputError(`cannot read the workbook (${(e as Error).message})`, 'FILE_UNREADABLE', path);
    }
    let tables = 0;
    wb.eachSheet((ws) => {
      const header: string[] = [];
      ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
        header[col - 1] = cellText(cell.value);
      });
      const keys = headerKeys(header);
      if (keys === null) return;
      tables++;
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const at = new Map<string, string>();
        keys.forEach((k, i) => {
          if (k !== null && !at.has(k)) at.set(k, cellText(row.getCell(i + 1).value).trim());
        });
        rows.push(toReviewRow(`${name} [${ws.name}] row ${n}`, (k) => at.get(k) ?? ''));
      });
    });
    if (tables === 0)
      throw new InputError(
        'no sheet with record_id and decision columns: is this a file written by vaxrec review export?',
        'COLUMN_MISSING',
        path,
      );
    return rows;
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(readFileSync(path), {
      bom: true,
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (e) {
    throw new InputError(`cannot read the CSV (${(e as Error).message})`, 'FILE_UNREADABLE', path);
  }
  if (records.length === 0) throw new InputError('the file is empty', 'FILE_EMPTY', path);
  const keys = headerKeys(records[0].record);
  if (keys === null)
    throw new InputError('no record_id and decision columns: is this a file written by vaxrec review export?', 'COLUMN_MISSING', path, 1);
  for (const r of records.slice(1)) {
    const at = new Map<string, string>();
    keys.forEach((k, i) => {
      if (k !== null && !at.has(k)) at.set(k, unguard((r.record[i] ?? '').trim()));
    });
    rows.push(toReviewRow(`${name}:${r.info.lines}`, (k) => at.get(k) ?? ''));
  }
  return rows;
}
