// The one module that knows the order of the stages: registry -> ingest+normalise -> link -> dedupe -> write.

import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { basename, join } from 'node:path';
import type { CsvFileInfo } from './ingest/csv-reader.js';
import { DATE_COLUMNS, fileContext, logFileDecisions, withFileDecisions } from './ingest/file-decisions.js';
import { readTableBatches, type ReadOptions } from './ingest/table-reader.js';
import { isWorkbookFile } from './ingest/xlsx-reader.js';
import { importRegistry, loadRegistry, type ImportReport } from './registry/store.js';
import { allCitizens, type CitizenTable } from './registry/citizens.js';
import { detach, normalizeDose, type NormalizeContext } from './normalize/dose.js';
import {
  buildRegistryIndex,
  citizenById,
  trainModel,
  linkDose,
  linkWithHistory,
  compareDoses,
  createLinkStats,
  type LinkModel,
  type LinkStats,
  type RegistryIndex,
} from './link/index.js';
import { LinkWorker } from './link/parallel.js';
import { historyCitizens, readsHistory, vaccinatedAt } from './link/history.js';
import type { LinkConfig } from './config/link.js';
import { EMPTY_LEDGER, identifyRow, type RecordLedger } from './ingest/record-identity.js';
import { dedupeDoses, validateDedupeConfig, type AnalystPairs, type DedupeItem, type DedupeResult } from './dedupe/index.js';
import { DOSE_COLUMN_ALIASES } from './config/ingest.js';
import type { Config } from './config/index.js';
import { REQUIRED_DOSE_FIELDS, type Citizen, type DoseField, type LinkDecision, type NormalizedDose, type SourceRef } from './types.js';
import type { Logger } from './log.js';
import { InternalError, UsageError } from './errors.js';
import { writeOutputs, type RejectRow } from './report/outputs.js';
import { acquireLock } from './report/atomic-dir.js';
import { todayIso } from './util/dates.js';
import type { Lang } from './report/lang.js';
import type { DateRange } from './report/daily.js';
import type { ReportedCount } from './report/gap.js';
import { createProgress, type Progress } from './report/progress.js';
import { adminUnitsFor } from './admin-units/load.js';

export interface ReconcileOptions {
  registry: string;
  doses: readonly string[];
  out: string;
  /** A trained model.json to pin; otherwise the model is trained on this run's data. */
  model?: LinkModel;
  excel: boolean;
  /** Also write mismatches.xlsx (the CSVs are always written). */
  xlsx?: boolean;
  /** Modes for created files and folders (owner-only by default: outputs hold personal data). */
  fileMode: number;
  dirMode: number;
  config: Config;
  logger: Logger;
  version: string;
  /** Language of CSV headers and code descriptions. */
  lang: Lang;
  /** Restricts daily_report.csv and gap_report.csv. */
  dateRange: DateRange;
  /** Daily counts reported by the facilities (--reported): gap_report.csv. */
  reported?: readonly ReportedCount[];
  /** daily_report.csv rows per facility, commune and day instead of per facility and day. */
  dailyByCommune: boolean;
  progress?: Progress;
  /** Link scoring threads: 1, 2 (a worker thread), or 'auto' (2 for large inputs on a machine with 4+ cores). */
  threads?: Threads;
  /** The sheet of each dose workbook to read (--sheet; default: its first visible sheet). */
  sheet?: string;
}

export type Threads = 1 | 2 | 'auto';

/** Whether the link stage shares its slow path with a worker thread (see src/link/parallel.ts). */
export function useLinkWorker(
  threads: Threads,
  doseFiles: readonly string[],
  cfg: { parallelMinInputBytes: number; parallelMinCores: number },
  cores = availableParallelism(),
): boolean {
  if (threads !== 'auto') return threads === 2;
  if (cores < cfg.parallelMinCores) return false;
  let bytes = 0;
  for (const f of doseFiles) {
    try {
      bytes += statSync(f).size;
    } catch {
      // A missing file fails in ingest, with its name.
    }
  }
  return bytes >= cfg.parallelMinInputBytes;
}

export interface InputFileSummary {
  file: string;
  rows: number;
  sha256: string;
  encoding: string;
  delimiter: string;
  nameEncoding: string | null;
  /** The sheet read, for a workbook. */
  sheet?: string;
}

export interface RunResult {
  doses: NormalizedDose[];
  decisions: LinkDecision[];
  dedupe: DedupeResult;
  rejects: RejectRow[];
  /** Earlier versions replaced by a correction, and rows repeating a known record (both in duplicates.csv). */
  superseded: SupersededRow[];
  recognised: RecognisedRow[];
  files: InputFileSummary[];
  skippedFiles: SkippedFile[];
  extraColumns: string[];
  model: LinkModel;
  inputRows: number;
  registryImport: ImportReport | null;
  registrySize: number;
  /** The registry's details of a citizen, by citizen ID (undefined when the registry has no such citizen). */
  citizen: (citizenId: string) => Citizen | undefined;
  linkStats: LinkStats;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

function timer(logger: Logger) {
  return async <T>(stage: string, fn: () => Promise<T> | T, rows: (r: T) => number, extra: (r: T) => object = () => ({})): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    const ms = Math.round(performance.now() - t0);
    const n = rows(r);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1048576);
    logger.info({ stage, rows: n, ms, rowsPerSec: ms > 0 ? Math.round((n * 1000) / ms) : null, heapMb, ...extra(r) }, 'stage');
    return r;
  };
}

export function normalizeContext(config: Config): Omit<NormalizeContext, 'nameEncoding'> {
  const n = config.normalize;
  return {
    dateOptions: { today: n.today ?? todayIso(), maxAgeYears: n.maxAgeYears, date1904: n.excelDate1904, campaignStart: n.campaignStart },
  };
}

/** Where a rejected row belongs in the daily report (only rejects need it). */
function placeOf(v: Record<DoseField, string>): RejectRow['place'] {
  return { facility: v.facility_code.trim(), commune: v.commune_code.trim(), date: v.dose_date.trim() };
}

/** An earlier version of a record replaced by a later one (the facility's correction): written to duplicates.csv. */
export interface SupersededRow {
  seq: number;
  source: SourceRef;
  recordId: string;
  /** Where the version that replaced it was read. */
  by: SourceRef;
  /** The replaced version, when replaced in this run (the work store keeps it in its history). */
  dose?: NormalizedDose;
  version?: DoseVersion;
}

/** A row whose record and content were already known (a re-export): it never becomes a second dose. */
export interface RecognisedRow {
  seq: number;
  source: SourceRef;
  recordId: string;
  /** Where the version it repeats was read. */
  same: SourceRef;
}

/** A dose file not read because a file with the same SHA-256 was already ingested. */
export interface SkippedFile {
  file: string;
  sha256: string;
  /** The name it was ingested under. */
  sameAs: string;
}

/** Version bookkeeping of a dose accepted in this run, for the work store. */
export interface DoseVersion {
  version: number;
  contentHash: string;
  /** Input order of this row (the dose's seq is its record's first ordinal). */
  rowSeq: number;
  /** Pass-through cells by column name (the union of columns grows night by night). */
  extraByName: Record<string, string>;
}

export interface IngestResult {
  /** Current versions of the records accepted in this run, in input order of each record's first version. */
  doses: NormalizedDose[];
  rejects: RejectRow[];
  superseded: SupersededRow[];
  recognised: RecognisedRow[];
  /** Keys of records known before this run whose version was replaced by one of this run's doses. */
  replacedKnown: string[];
  versions: Map<string, DoseVersion>;
  files: InputFileSummary[];
  skippedFiles: SkippedFile[];
  extraColumns: string[];
  inputRows: number;
}

/**
 * Stream every dose file through normalisation; unusable rows become rejects, nothing is dropped. A record seen
 * before (in this run or in `ledger`) with the same content is recognised, with other content it is corrected:
 * the later file on the command line, then the later line, is the later version.
 */
export async function ingestDoses(
  files: readonly string[],
  base: Omit<NormalizeContext, 'nameEncoding'>,
  progress: Progress,
  logger: Logger,
  ledger: RecordLedger = EMPTY_LEDGER,
  read: ReadOptions = {},
): Promise<IngestResult> {
  // The records accepted in this run: the current version of each, with the content hashes of its earlier versions.
  const current = new Map<string, DoseVersion & { dose: NormalizedDose; older: string[] | null }>();
  const rejects: RejectRow[] = [];
  const superseded: SupersededRow[] = [];
  const recognised: RecognisedRow[] = [];
  const replacedKnown: string[] = [];
  const summaries: InputFileSummary[] = [];
  const skippedFiles: SkippedFile[] = [];
  const extraColumns: string[] = [];
  const extraIndex = new Map<string, number>();
  const shaSeen = new Map<string, string>();
  let seq = ledger.firstSeq;
  let inputRows = 0;
  for (const file of files) {
    // A workbook read at another sheet is another input: the sheet joins the file's identity (`<sha256>:<sheet>`).
    const bytesSha = await sha256File(file);
    const sha256 = read.sheet !== undefined && isWorkbookFile(file) ? `${bytesSha}:${read.sheet}` : bytesSha;
    const sameAs = shaSeen.get(sha256) ?? ledger.knownFile(sha256);
    if (sameAs !== undefined) {
      skippedFiles.push({ file, sha256, sameAs });
      logger.warn({ file: basename(file), sameAs: basename(sameAs) }, 'file already ingested (same SHA-256): skipped');
      continue;
    }
    shaSeen.set(sha256, file);
    let info: CsvFileInfo<DoseField> | null = null;
    // The file's own decisions (the names' legacy font, numeric gender codes, each date column's order): made from its
    // first rows before any row is normalised.
    let ctx: NormalizeContext = { ...base, nameEncoding: null };
    let rows = 0;
    let extraNames: string[] = [];
    const source = readTableBatches<DoseField>(
      file,
      DOSE_COLUMN_ALIASES,
      REQUIRED_DOSE_FIELDS,
      (i) => {
        info = i;
        // An extra column whose header names a known field ("SĐT người nhà") is passed through unread: say so.
        for (const c of i.suspiciousExtraColumns) logger.warn({ file: basename(file), column: c.column, field: c.field }, c.message);
        extraNames = i.map.extraNames;
        for (const name of extraNames) {
          if (extraIndex.has(name)) continue;
          extraIndex.set(name, extraColumns.length);
          extraColumns.push(name);
        }
      },
      read,
    );
    const batches = withFileDecisions(source, DATE_COLUMNS.doses, (d) => {
      ctx = fileContext(base, d);
      logFileDecisions(logger, basename(file), d);
    });
    for await (const batch of batches) {
      for (const it of batch) {
        rows++;
        inputRows++;
        progress.update(inputRows);
        const mySeq = seq++;
        if (it.kind === 'bad') {
          const bad = it.bad;
          rejects.push({ seq: mySeq, source: bad.source, recordId: '', reason: bad.code, detail: bad.detail, cells: bad.cells });
          continue;
        }
        const row = it.row;
        const id = identifyRow(row.values, extraNames, row.extra);
        // Detached: the key is kept per dose and as a map key, and a slice would pin its whole read chunk.
        const key = detach(id.key);
        const inRun = current.get(key);
        const stored = inRun === undefined ? ledger.lookup(key) : undefined;
        if (
          inRun !== undefined
            ? inRun.contentHash === id.contentHash || (inRun.older?.includes(id.contentHash) ?? false)
            : stored?.hashes.has(id.contentHash)
        ) {
          const same = inRun !== undefined ? inRun.dose.source : { file: stored!.current.file, line: stored!.current.line };
          recognised.push({ seq: mySeq, source: row.source, recordId: key, same });
          continue;
        }
        // A corrected record keeps the place of its first version.
        const ordinal = inRun?.dose.seq ?? stored?.current.ordinal ?? mySeq;
        const res = normalizeDose(row, ordinal, key, ctx);
        if (!res.ok) {
          rejects.push({
            seq: mySeq,
            source: row.source,
            recordId: key,
            reason: res.reject.code,
            detail: res.reject.detail,
            cells: row.cells,
            place: placeOf(row.values),
          });
          continue;
        }
        let older: string[] | null = null;
        if (inRun !== undefined) {
          inRun.dose.extra = alignExtra(inRun.extraByName, Object.keys(inRun.extraByName));
          superseded.push({
            seq: inRun.rowSeq,
            source: inRun.dose.source,
            recordId: key,
            by: row.source,
            dose: inRun.dose,
            version: inRun,
          });
          older = [...(inRun.older ?? []), inRun.contentHash];
        } else if (stored !== undefined) {
          replacedKnown.push(key);
          older = [...stored.hashes];
        }
        let extraByName: Record<string, string> = NO_EXTRA;
        if (extraNames.length > 0) {
          extraByName = {};
          for (let i = 0; i < extraNames.length; i++) extraByName[extraNames[i]] = row.extra[i] ?? '';
        }
        const version = (inRun?.version ?? stored?.current.version ?? 0) + 1;
        current.set(key, { dose: res.dose, version, contentHash: id.contentHash, rowSeq: mySeq, extraByName, older });
      }
    }
    const fi = info as CsvFileInfo<DoseField> | null;
    summaries.push({
      file,
      rows,
      sha256,
      encoding: fi?.encoding ?? 'utf8',
      delimiter: fi?.delimiter ?? ',',
      nameEncoding: ctx.nameEncoding === null ? null : ctx.nameEncoding.encoding,
      sheet: fi?.sheet,
    });
  }
  // Pass-through cells placed in the union of all files' extra columns, in the order first seen.
  const doses = Array.from(current.values(), (c) => c.dose).sort((a, b) => a.seq - b.seq);
  for (const d of doses) d.extra = alignExtra(current.get(d.recordId)!.extraByName, extraColumns);
  return {
    doses,
    rejects,
    superseded,
    recognised,
    replacedKnown,
    versions: current,
    files: summaries,
    skippedFiles,
    extraColumns,
    inputRows,
  };
}

/** The pass-through cells of a row from a file without extra columns (shared: most files have none). */
const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Pass-through cells in the order of `columns` ('' where the record's file had no such column). */
export function alignExtra(byName: Record<string, string>, columns: readonly string[]): string[] {
  return columns.map((c) => byName[c] ?? '');
}

/** What every stage of a run shares: configuration, logger, stage timer, progress bars and the normalise context. */
export interface RunContext {
  config: Config;
  logger: Logger;
  time: ReturnType<typeof timer>;
  progress: Progress;
  /** Run a stage under a progress bar, stopping the bar before the stage's log line is written. */
  withBar: <T>(stage: string, total: number, fn: () => T | Promise<T>) => Promise<T>;
  /** One "today" for the whole run (the registry and the doses are judged against the same date). */
  base: Omit<NormalizeContext, 'nameEncoding'>;
}

export function runContext(opts: Pick<ReconcileOptions, 'config' | 'logger' | 'progress'>): RunContext {
  const { config, logger } = opts;
  const configErrors = validateDedupeConfig(config.dedupe);
  if (configErrors.length > 0) throw new UsageError(`invalid dedupe configuration: ${configErrors.join('; ')}`);
  const progress = opts.progress ?? createProgress({ quiet: true });
  const withBar = async <T>(stage: string, total: number, fn: () => T | Promise<T>): Promise<T> => {
    progress.start(stage, total);
    try {
      return await fn();
    } finally {
      progress.stop();
    }
  };
  // Read once per run (and never for validate or registry import, which use normalizeContext alone).
  const adminUnits = adminUnitsFor(config.adminUnits.mode, config.adminUnits.dataset);
  return { config, logger, time: timer(logger), progress, withBar, base: { ...normalizeContext(config), adminUnits } };
}

export interface OpenRegistry {
  /** The SQLite registry read (a CSV registry is imported into a temporary one first). */
  dbPath: string;
  citizens: CitizenTable;
  index: RegistryIndex;
  registryImport: ImportReport | null;
  close(): Promise<void>;
}

/** Load the registry (importing a CSV on the fly) and build its blocking index. */
export async function openRegistry(ctx: RunContext, registry: string): Promise<OpenRegistry> {
  let registryImport: ImportReport | null = null;
  let dbPath = registry;
  let tmpDir: string | null = null;
  const close = async () => {
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  };
  try {
    if (!/\.(sqlite|sqlite3|db)$/i.test(registry)) {
      tmpDir = await mkdtemp(join(tmpdir(), 'vaxrec-registry-'));
      dbPath = join(tmpDir, 'registry.sqlite');
      const path = dbPath;
      registryImport = await ctx.time(
        'registry_import',
        () => importRegistry([registry], path, ctx.base, { logger: ctx.logger }),
        (r) => r.loaded,
        (r) => ({ rejected: r.rejected }),
      );
    }
    const path = dbPath;
    const loaded = await ctx.time(
      'registry_load',
      () => loadRegistry(path, ctx.base.adminUnits ?? null, ctx.config.link.maxFallbackBlockSize),
      (r) => r.citizens.length,
      (r) => ({ storedIndex: r.index !== null, ...(r.miss === null ? {} : { built: r.miss }) }),
    );
    const { citizens } = loaded;
    const index =
      loaded.index ??
      (await ctx.time(
        'registry_index',
        () => buildRegistryIndex(citizens, ctx.config.link),
        (r) => r.size,
      ));
    return { dbPath, citizens, index, registryImport, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * JavaScript heap a run still needs per dose after ingest (links, person groups, the outputs): measured at 1 M doses on
 * the 40 % mix, 2.52 GB of heap after ingest and a 3.6 GB peak (BENCHMARKS.md), about 1.1 KB a dose, rounded up. Not
 * a setting (summary.json echoes the configuration): it only decides when heapAdvice warns.
 */
export const HEAP_PER_DOSE_AFTER_INGEST = 1200;

/**
 * What to tell the user when a run will likely outgrow node's heap after ingest (node then stops with "heap out of
 * memory" and a stack trace, outputs unwritten): an estimate from the heap in use, the doses and the measured need per
 * dose, against the limit; null when it fits with a tenth to spare. Counts only: no personal data.
 */
export function heapAdvice(
  heapUsed: number,
  doses: number,
  heapLimit: number,
): { message: string; neededMb: number; limitMb: number } | null {
  const need = heapUsed + doses * HEAP_PER_DOSE_AFTER_INGEST;
  if (need <= heapLimit * 0.9) return null;
  const mb = (b: number): number => Math.ceil(b / 1048576);
  const suggest = Math.ceil((mb(need) * 1.3) / 1024) * 1024;
  return {
    neededMb: mb(need),
    limitMb: mb(heapLimit),
    message:
      `this run may need about ${mb(need)} MB of JavaScript heap, more than node's limit of ${mb(heapLimit)} MB: if it stops with ` +
      `"heap out of memory", raise the limit (NODE_OPTIONS=--max-old-space-size=${suggest}) or reconcile the files night by night into a ` +
      'work store (--store)',
  };
}

/** Log heapAdvice's warning for a run that has read `doses` (a one-shot run, or a night into the store). */
export function warnIfHeapShort(logger: Logger, doses: number): void {
  const advice = heapAdvice(process.memoryUsage().heapUsed, doses, getHeapStatistics().heap_size_limit);
  if (advice !== null) logger.warn({ doses, heapNeededMb: advice.neededMb, heapLimitMb: advice.limitMb }, advice.message);
}

/** Link every dose (on one thread, or sharing the slow path with `worker`). */
export async function linkDoses(
  ctx: RunContext,
  doses: readonly NormalizedDose[],
  index: RegistryIndex,
  model: LinkModel,
  worker: LinkWorker | null,
): Promise<{ decisions: LinkDecision[]; linkStats: LinkStats }> {
  const linkStats = createLinkStats();
  const { decisions } = await ctx.time(
    'link',
    () =>
      ctx.withBar('link', doses.length, async () => {
        if (worker) return worker.linkAll(doses, index, model, ctx.config.link, linkStats, (i) => ctx.progress.update(i));
        const decisions = doses.map((d, i) => {
          const dec = linkDose(d, index, model, ctx.config.link, linkStats);
          if ((i & 1023) === 0) ctx.progress.update(i);
          return dec;
        });
        return { decisions, worker: null };
      }),
    (r) => r.decisions.length,
    (r) => {
      const w = r.worker;
      if (w === null) return { threads: 1 };
      return {
        threads: w.failed === null ? 2 : 1,
        workerDoses: w.workerDoses,
        mainSlowDoses: w.mainDoses,
        workerLoadMs: w.loadMs,
        fastMs: w.fastMs,
        slowMs: w.slowMs,
      };
    },
  );
  return { decisions, linkStats };
}

/**
 * The second pass of linking (issue 14): records without any ID left in review are decided again with the facility's
 * history, read from the verified records beside them (a verified dose is never the pass's own result: one pass).
 */
export function decideWithHistory(
  doses: readonly NormalizedDose[],
  decisions: LinkDecision[],
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  stats?: LinkStats,
): number {
  const items = doses.map((dose, i) => ({ dose, decision: decisions[i] }));
  const wanted = historyCitizens(items);
  if (wanted.size === 0) return 0;
  const history = vaccinatedAt(items, wanted);
  let changed = 0;
  doses.forEach((dose, i) => {
    if (!readsHistory(dose, decisions[i])) return;
    const again = linkWithHistory(dose, index, model, cfg, history);
    if (again.status === decisions[i].status && again.citizenId === decisions[i].citizenId) return;
    if (stats) {
      stats.byStatus[decisions[i].status] = (stats.byStatus[decisions[i].status] ?? 0) - 1;
      stats.byStatus[again.status] = (stats.byStatus[again.status] ?? 0) + 1;
    }
    decisions[i] = again;
    changed++;
  });
  return changed;
}

/** Persons, dose clusters and dose histories of these records (each with its link decision). */
export function dedupeStage(ctx: RunContext, items: readonly DedupeItem[], model: LinkModel, pairs?: AnalystPairs): Promise<DedupeResult> {
  return ctx.time(
    'dedupe',
    () => ctx.withBar('dedupe', 0, () => dedupeDoses(items, (a, b) => compareDoses(a, b, model), ctx.config.dedupe, pairs)),
    () => items.length,
    (r) => ({ duplicates: r.duplicates.length }),
  );
}

/**
 * The link worker of a run when `--threads` (or auto) asks for one, started once the registry is open: it loads its
 * copy of the registry on the other core while this thread reads the doses (started earlier, the two loads slowed
 * each other down). Used by runs with and without a work store.
 */
export function startLinkWorker(ctx: RunContext, reg: OpenRegistry, opts: Pick<ReconcileOptions, 'threads' | 'doses'>): LinkWorker | null {
  const { config } = ctx;
  if (!useLinkWorker(opts.threads ?? 'auto', opts.doses, config.link)) return null;
  const worker = new LinkWorker(reg.dbPath, ctx.logger, ctx.base.adminUnits ? config.adminUnits.dataset : null);
  worker.shareIndex(reg.index);
  return worker;
}

/** Run every stage and return the results in memory (no files written). */
export async function runStages(opts: ReconcileOptions): Promise<RunResult> {
  const ctx = runContext(opts);
  const { config, logger } = opts;
  const reg = await openRegistry(ctx, opts.registry);
  let worker: LinkWorker | null = startLinkWorker(ctx, reg, opts);
  try {
    const ing = await ctx.time(
      'ingest',
      () => ctx.withBar('ingest', 0, () => ingestDoses(opts.doses, ctx.base, ctx.progress, logger, EMPTY_LEDGER, { sheet: opts.sheet })),
      (r) => r.inputRows,
      (r) => ({ rejected: r.rejects.length, recognised: r.recognised.length, superseded: r.superseded.length }),
    );
    warnIfHeapShort(logger, ing.doses.length);
    const index =
      ing.doses.length >= config.link.allCitizensAtDosesPerCitizen * reg.citizens.length
        ? await ctx.time(
            'registry_build',
            () => ({ ...reg.index, citizens: allCitizens(reg.citizens) }),
            (r) => r.citizens.length,
          )
        : reg.index;
    const model =
      opts.model ??
      (await ctx.time(
        'train',
        () => trainModel(ing.doses, index, config.link, 1),
        () => ing.doses.length,
      ));
    const { decisions, linkStats } = await linkDoses(ctx, ing.doses, index, model, worker);
    await worker?.close();
    worker = null;
    decideWithHistory(ing.doses, decisions, index, model, config.link, linkStats);
    const dedupe = await dedupeStage(
      ctx,
      ing.doses.map((dose, i) => ({ dose, decision: decisions[i]! })),
      model,
    );
    return {
      doses: ing.doses,
      decisions,
      dedupe,
      rejects: ing.rejects,
      superseded: ing.superseded,
      recognised: ing.recognised,
      files: ing.files,
      skippedFiles: ing.skippedFiles,
      extraColumns: ing.extraColumns,
      model,
      inputRows: ing.inputRows,
      registryImport: reg.registryImport,
      registrySize: reg.citizens.length,
      citizen: (id) => citizenById(index, id),
      linkStats,
    };
  } finally {
    await worker?.close();
    await reg.close();
  }
}

/** Every input row must be in exactly one of: clean (as survivor or merged), duplicates, rejects. */
export function checkAccounting(r: RunResult): {
  clean: number;
  duplicates: number;
  rejects: number;
  superseded: number;
  recognised: number;
} {
  const keptIdx = r.dedupe.keptIndex;
  let clean = 0;
  let folded = 0;
  for (let i = 0; i < r.doses.length; i++) {
    if (keptIdx[i] === i) clean++;
    else folded++;
  }
  if (folded !== r.dedupe.duplicates.length) {
    throw new InternalError(
      `row accounting failed: ${folded} folded records but ${r.dedupe.duplicates.length} duplicate rows`,
      'ACCOUNTING',
    );
  }
  const total = r.doses.length + r.rejects.length + r.superseded.length + r.recognised.length;
  if (total !== r.inputRows) {
    throw new InternalError(
      `row accounting failed: ${r.inputRows} input rows but ${r.doses.length} kept or folded, ${r.superseded.length} superseded, ` +
        `${r.recognised.length} recognised and ${r.rejects.length} rejected`,
      'ACCOUNTING',
    );
  }
  return { clean, duplicates: folded, rejects: r.rejects.length, superseded: r.superseded.length, recognised: r.recognised.length };
}

export async function reconcile(opts: ReconcileOptions): Promise<RunResult> {
  // Take --out before the long stages so a second run refuses at once; writeOutputs re-enters the same lock.
  const release = acquireLock(opts.out);
  try {
    const result = await runStages(opts);
    checkAccounting(result);
    const t0 = performance.now();
    await writeOutputs(result, opts);
    opts.logger.info({ stage: 'write', rows: result.inputRows, ms: Math.round(performance.now() - t0) }, 'stage');
    return result;
  } finally {
    release();
  }
}
