// Writers for the five result files (clean_doses, duplicates, mismatches, rejects, summary.json) plus model.json.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CsvWriter } from './csv-writer.js';
import { acquireLock, commitStaging, createStaging } from './atomic-dir.js';
import { codeInfo } from '../codes.js';
import {
  LINK_STATUSES,
  LINKED_STATUSES,
  type Citizen,
  type DoseField,
  type NormalizedDose,
  type Problem,
  type SourceRef,
  type LinkDecision,
} from '../types.js';
import type { RunResult, ReconcileOptions } from '../pipeline.js';
import type { ImportReport } from '../registry/store.js';
import { headersFor, describeCode, type Lang } from './lang.js';
import { buildDailyReport, mohCategoryAt, todayUnit } from './daily.js';
import { adminUnitsFor } from '../admin-units/load.js';
import type { AdminUnits } from '../normalize/communes.js';
import { buildGapReport, type GapTotals } from './gap.js';
import { renderHtmlReport } from './html.js';
import { MISMATCHES_XLSX, workbookDate, writeMismatchWorkbook } from './mismatches-xlsx.js';
import { xlsxConfig } from '../config/xlsx.js';

export interface RejectRow {
  seq: number;
  source: SourceRef;
  recordId: string;
  reason: string;
  detail: string;
  cells: string[];
  /** Facility, commune and raw dose-date cells, when the header mapping was known (the daily report reads the date). */
  place?: { facility: string; commune: string; date: string };
}

export const CLEAN_COLUMNS = [
  'record_id',
  'citizen_id',
  'link_status',
  'match_score',
  'decided_by',
  'merged_record_ids',
  'person_key',
  'full_name',
  'birth_date',
  'gender',
  'id_as_entered',
  'phone',
  'commune_code',
  'facility_code',
  'vaccine',
  'lot_number',
  'dose_number',
  'dose_seq',
  'dose_date',
  'source_file',
  'line',
] as const;
/** With --admin-units 2025, after commune_code (kept as entered): today's commune ('' when divided or unknown) and province. */
export const CLEAN_COLUMNS_2025 = [
  ...CLEAN_COLUMNS.slice(0, CLEAN_COLUMNS.indexOf('commune_code') + 1),
  'commune_code_2025',
  'province_code_2025',
  ...CLEAN_COLUMNS.slice(CLEAN_COLUMNS.indexOf('commune_code') + 1),
] as const;
export const DUPLICATE_COLUMNS = ['record_id', 'kept_record_id', 'rule', 'detail', 'source_file', 'line'] as const;
export const MISMATCH_COLUMNS = [
  'record_id',
  'facility_code',
  'issue',
  'issue_description',
  'moh_category',
  'field',
  'record_value',
  'registry_value',
  'candidate_citizen_id',
  'score',
  'fix',
  'detail',
  'source_file',
  'line',
] as const;
export const REJECT_COLUMNS = ['source_file', 'line', 'record_id', 'reason', 'reason_description', 'detail', 'raw'] as const;

export function formatScore(p: number): string {
  return p === 0 ? '0' : p.toFixed(6);
}

function rawLine(cells: readonly string[]): string {
  return stringify([cells as string[]], { record_delimiter: '', quoted_match: /[\r\n]/ });
}

/** Problems whose registry-side value lives in `fix`. */
const REGISTRY_VALUE_CODES = new Set(['NAME_DIFFERS', 'BIRTH_DATE_DIFFERS', 'GENDER_DIFFERS']);

export function mismatchRow(d: NormalizedDose, dec: LinkDecision, p: Problem, lang: Lang = 'en'): string[] {
  const isRegistryValue = REGISTRY_VALUE_CODES.has(p.code);
  const candidate = p.code === 'ID_CORRECTED' ? (p.fix ?? dec.citizenId) : dec.citizenId;
  return [
    d.recordId,
    d.facility,
    p.code,
    describeCode(p.code, lang),
    codeInfo(p.code)?.moh ?? '',
    p.field,
    p.value,
    isRegistryValue ? (p.fix ?? '') : '',
    candidate,
    dec.score > 0 ? formatScore(dec.score) : '',
    isRegistryValue ? '' : (p.fix ?? ''),
    p.detail,
    d.source.file,
    String(d.source.line),
  ];
}

/** Problem lists per kept dose, in the order mismatches.csv writes them: the record's, the link decision's, the dose history's. */
const PROBLEM_LISTS = 3;

function problemList(r: RunResult, i: number, k: number): readonly Problem[] | undefined {
  return k === 0 ? r.doses[i]!.problems : k === 1 ? r.decisions[i]!.problems : r.dedupe.problems.get(i);
}

/** The rows of mismatches.csv again, one at a time (the workbook streams them); `reviewOnly`: of records in review. */
export function* mismatchRowsOf(r: RunResult, include: (i: number) => boolean, lang: Lang, reviewOnly = false): Generator<string[]> {
  for (let i = 0; i < r.doses.length; i++) {
    if (!include(i) || r.dedupe.keptIndex[i] !== i) continue;
    const dec = r.decisions[i]!;
    if (reviewOnly && dec.status !== 'review') continue;
    const d = r.doses[i]!;
    for (let k = 0; k < PROBLEM_LISTS; k++) {
      for (const p of problemList(r, i, k) ?? []) yield mismatchRow(d, dec, p, lang);
    }
  }
}

const NOTHING_FILLED: Partial<Record<DoseField, string>> = Object.freeze({});

/** The cleaned values of a kept dose: registry details when linked (authoritative), else the record's own. */
export function cleanRow(r: RunResult, i: number, citizen: Citizen | undefined, units: AdminUnits | null = null): string[] {
  const d = r.doses[i]!;
  const dec = r.decisions[i]!;
  const merged = r.dedupe.merged.get(i);
  const filled = r.dedupe.filled.get(i) ?? NOTHING_FILLED;
  const linked = LINKED_STATUSES.has(dec.status) && citizen !== undefined;
  const pick = (own: string, field: DoseField) => (own !== '' ? own : (filled[field] ?? ''));
  const commune = pick(d.commune, 'commune_code');
  const today = units === null ? null : todayUnit(units, commune, d.doseDate);
  return [
    d.recordId,
    linked ? dec.citizenId : '',
    dec.status,
    formatScore(dec.score),
    dec.analyst !== undefined ? 'analyst' : 'model',
    merged === undefined ? '' : merged.map((m) => r.doses[m]!.recordId).join(';'),
    r.dedupe.personKey[i] ?? '',
    linked ? citizen.name.display : d.name.display,
    linked ? (citizen.birth?.iso ?? d.birth?.iso ?? '') : (d.birth?.iso ?? ''),
    linked ? (citizen.gender !== 'U' ? citizen.gender : d.gender) : d.gender,
    d.id.value,
    pick(d.phone, 'phone'),
    commune,
    ...(today === null ? [] : [today.commune, today.province]),
    d.facility,
    d.vaccine.product === 'UNKNOWN' ? d.raw.vaccine : d.vaccine.display,
    pick(d.lot, 'lot_number'),
    d.doseNumber !== null ? String(d.doseNumber) : (filled.dose_number ?? ''),
    String(r.dedupe.doseSeq[i] ?? 0),
    d.doseDate,
    d.source.file,
    String(d.source.line),
    ...d.extra,
  ];
}

/** Stable key order for JSON output (stats objects fill their maps in processing order). */
function sortKeys<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o))
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v;
  return out as T;
}

function countBy<T>(items: Iterable<T>, key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) {
    const k = key(t);
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The registry import's counts for summary.json (no paths, no timings: the same inputs give the same bytes). */
function importSummary(r: ImportReport | null) {
  if (r === null) return null;
  const { loaded, rejected, repeated, rejectsByReason, flaggedByCode } = r;
  return { loaded, rejected, repeated, rejectsByReason, flaggedByCode };
}

export function buildSummary(r: RunResult, opts: ReconcileOptions, issueCounts: Record<string, number>, moh: Record<string, number>) {
  let clean = 0;
  const statusCounts: Record<string, number> = Object.fromEntries(LINK_STATUSES.map((s) => [s, 0]));
  for (let i = 0; i < r.doses.length; i++) {
    if (r.dedupe.keptIndex[i] !== i) continue;
    clean++;
    const s = r.decisions[i]!.status;
    statusCounts[s] = (statusCounts[s] ?? 0) + 1;
  }
  return {
    tool: { name: 'vaxrec', version: opts.version },
    inputs: {
      doses: r.files,
      registry: { path: opts.registry, citizens: r.registrySize, import: importSummary(r.registryImport) },
      model: opts.model ? 'pinned (--model)' : 'trained on this run',
    },
    counts: {
      input_rows: r.inputRows,
      clean,
      duplicates: r.dedupe.duplicates.length,
      superseded: r.superseded.length,
      recognised: r.recognised.length,
      rejects: r.rejects.length,
      link_status: statusCounts,
      issues: issueCounts,
      moh_categories: moh,
      reject_reasons: countBy(r.rejects, (x) => x.reason),
      duplicate_rules: countBy(r.dedupe.duplicates, (x) => x.rule),
    },
    accounting: {
      input_rows: r.inputRows,
      clean_or_merged: r.doses.length,
      superseded: r.superseded.length,
      recognised: r.recognised.length,
      rejects: r.rejects.length,
      holds: r.doses.length + r.superseded.length + r.recognised.length + r.rejects.length === r.inputRows,
    },
    skipped_files: r.skippedFiles.map((f) => ({ file: f.file, sha256: f.sha256, same_as: f.sameAs })),
    link: sortKeys(r.linkStats),
    dedupe: r.dedupe.stats,
    config: opts.config,
  };
}

async function writeTable(
  path: string,
  header: readonly string[],
  rows: readonly string[][],
  wopts: { excel: boolean; mode: number },
): Promise<void> {
  const w = new CsvWriter(path, header, wopts);
  for (const row of rows) {
    const pending = w.write(row);
    if (pending) await pending;
  }
  await w.close();
}

/** What a work-store run adds to the outputs: which records changed tonight, the changes, the store's totals. */
export interface StoreOutputs {
  /** Records (indices into r.doses) to write: those added or changed tonight. */
  include: (i: number) => boolean;
  changes: readonly { recordKey: string; change: string; before: string; after: string; reason: string }[];
  summary: object;
}

export const CHANGE_COLUMNS = ['record_id', 'change', 'before', 'after', 'reason'] as const;

/** Write every output into a staging folder beside --out, then move it into place (all or nothing). */
export async function writeOutputs(r: RunResult, opts: ReconcileOptions, store?: StoreOutputs, extraSummary?: object): Promise<void> {
  const release = acquireLock(opts.out);
  try {
    const staging = createStaging(opts.out, opts.dirMode);
    const wopts = { excel: opts.excel, mode: opts.fileMode };

    // Registry details of the linked citizens only.
    const citizens = new Map<string, Citizen>();
    for (const dec of r.decisions) {
      if (!dec.citizenId || citizens.has(dec.citizenId)) continue;
      const c = r.citizen(dec.citizenId);
      if (c !== undefined) citizens.set(dec.citizenId, c);
    }

    const lang = opts.lang;
    const units = adminUnitsFor(opts.config.adminUnits.mode, opts.config.adminUnits.dataset);
    const cleanColumns = units === null ? CLEAN_COLUMNS : CLEAN_COLUMNS_2025;
    const clean = new CsvWriter(join(staging, 'clean_doses.csv'), [...headersFor(cleanColumns, lang), ...r.extraColumns], wopts);
    const dups = new CsvWriter(join(staging, 'duplicates.csv'), headersFor(DUPLICATE_COLUMNS, lang), wopts);
    const mism = new CsvWriter(join(staging, 'mismatches.csv'), headersFor(MISMATCH_COLUMNS, lang), wopts);
    const rej = new CsvWriter(join(staging, 'rejects.csv'), headersFor(REJECT_COLUMNS, lang), wopts);
    const issueCounts: Record<string, number> = {};
    const moh: Record<string, number> = { a: 0, b: 0, c: 0 };

    const dupByIndex = new Map(r.dedupe.duplicates.map((x) => [x.index, x]));
    for (let i = 0; i < r.doses.length; i++) {
      if (store !== undefined && !store.include(i)) continue;
      const d = r.doses[i]!;
      const kept = r.dedupe.keptIndex[i]!;
      if (kept !== i) {
        const x = dupByIndex.get(i)!;
        {
          const pending = dups.write([d.recordId, r.doses[kept]!.recordId, x.rule, x.detail, d.source.file, String(d.source.line)]);
          if (pending) await pending;
        }
        continue;
      }
      const dec = r.decisions[i]!;
      {
        const pending = clean.write(cleanRow(r, i, dec.citizenId ? citizens.get(dec.citizenId) : undefined, units));
        if (pending) await pending;
      }
      // The three problem lists are walked in place: concatenating them (and mapping to codes) per kept dose
      // was the largest allocation of the write stage.
      for (let k = 0; k < PROBLEM_LISTS; k++) {
        const list = problemList(r, i, k);
        if (list === undefined) continue;
        for (const p of list) {
          issueCounts[p.code] = (issueCounts[p.code] ?? 0) + 1;
          {
            const pending = mism.write(mismatchRow(d, dec, p, lang));
            if (pending) await pending;
          }
        }
      }
      const cat = mohCategoryAt(r, i);
      if (cat !== '') moh[cat] = (moh[cat] ?? 0) + 1;
    }
    // Record versions that are not doses: replaced by a correction, or a known record exported again.
    const versions = [
      ...r.superseded.map((x) => ({
        seq: x.seq,
        row: [
          x.recordId,
          x.recordId,
          'SUPERSEDED',
          `replaced by a corrected version of this record (${x.by.file}:${x.by.line})`,
          x.source.file,
          String(x.source.line),
        ],
      })),
      ...r.recognised.map((x) => ({
        seq: x.seq,
        row: [
          x.recordId,
          x.recordId,
          'REEXPORT',
          `same record and content as ${x.same.file}:${x.same.line}`,
          x.source.file,
          String(x.source.line),
        ],
      })),
    ].sort((a, b) => a.seq - b.seq);
    for (const v of versions) {
      const pending = dups.write(v.row);
      if (pending) await pending;
    }
    for (const x of [...r.rejects].sort((a, b) => a.seq - b.seq)) {
      {
        const pending = rej.write([
          x.source.file,
          String(x.source.line),
          x.recordId,
          x.reason,
          describeCode(x.reason, lang),
          x.detail,
          rawLine(x.cells),
        ]);
        if (pending) await pending;
      }
    }
    await Promise.all([clean.close(), dups.close(), mism.close(), rej.close()]);
    if (opts.xlsx) {
      // A second pass over the run, after the CSVs: a workbook's sheets are written one after the other.
      const include = store?.include ?? (() => true);
      await writeMismatchWorkbook(join(staging, MISMATCHES_XLSX), {
        columns: MISMATCH_COLUMNS,
        lang,
        rows: (reviewOnly) => mismatchRowsOf(r, include, lang, reviewOnly),
        date: workbookDate(opts.config.normalize.today, xlsxConfig.fixedDate),
        mode: opts.fileMode,
      });
    }

    const daily = buildDailyReport(r, opts.dateRange, { byCommune: opts.dailyByCommune, units });
    await writeTable(join(staging, 'daily_report.csv'), headersFor(daily.header, lang), daily.rows, wopts);
    let gap: GapTotals | undefined;
    if (opts.reported) {
      const g = buildGapReport(r, opts.reported, opts.dateRange);
      await writeTable(join(staging, 'gap_report.csv'), headersFor(g.header, lang), g.rows, wopts);
      gap = g.totals;
    }

    if (store !== undefined) {
      await writeTable(
        join(staging, 'changes.csv'),
        headersFor(CHANGE_COLUMNS, lang),
        store.changes.map((c) => [c.recordKey, c.change, c.before, c.after, c.reason]),
        wopts,
      );
    }
    const sortedIssues = Object.fromEntries(Object.entries(issueCounts).sort(([a], [b]) => (a < b ? -1 : 1)));
    const summary = {
      ...buildSummary(r, opts, sortedIssues, moh),
      ...(gap ? { reported_gap: { ...gap, date_from: opts.dateRange.from ?? null, date_to: opts.dateRange.to ?? null } } : {}),
      ...(store?.summary ?? {}),
      ...(extraSummary ?? {}),
    };
    writeFileSync(join(staging, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, { mode: opts.fileMode });
    const html = renderHtmlReport(r, summary, {
      linkThreshold: opts.config.link.linkThreshold,
      reviewThreshold: opts.config.link.reviewThreshold,
      gap,
      units,
    });
    writeFileSync(join(staging, 'report.html'), html, { mode: opts.fileMode });
    writeFileSync(join(staging, 'model.json'), `${JSON.stringify(r.model, null, 2)}\n`, { mode: opts.fileMode });
    commitStaging(opts.out, staging);
  } finally {
    release();
  }
}
