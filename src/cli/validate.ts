// `vaxrec validate`: check headers and every value of dose or registry files, without a registry.

import type { Command } from 'commander';
import type { CsvFileInfo } from '../ingest/csv-reader.js';
import { readTable, readTableBatches, type ReadOptions } from '../ingest/table-reader.js';
import { sheetSource } from '../ingest/xlsx-reader.js';
import { DATE_COLUMNS, fileContext, withFileDecisions } from '../ingest/file-decisions.js';
import { describeGenderCodes } from '../ingest/gender-codes.js';
import { normalizeDose, normalizeCitizen, type NormalizeContext } from '../normalize/dose.js';
import { DOSE_COLUMN_ALIASES, REGISTRY_COLUMN_ALIASES } from '../config/ingest.js';
import { REQUIRED_DOSE_FIELDS, REQUIRED_REGISTRY_FIELDS, type Problem } from '../types.js';
import { CODES, SEVERITIES, type ProblemCode, type Severity } from '../codes.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { normalizeContext } from '../pipeline.js';
import { fmt } from '../report/format.js';
import { resolveConfig } from './reconcile.js';

const HELP = `
Each problem is one line, file:line: severity column "header": CODE meaning, and the output ends with
a count per code and severity. Severities: error (the row would be rejected, or the file cannot be
used), warning (a value that reconcile repairs or flags: a missing ID, a year-only birth date), info
(a decision about the whole file, such as a column read month-first, or a fact with nothing to fix).
Values are never printed, only where they are, so the output can go into CI logs.

Exit 0 when no file has an error, 1 when one has (with --strict: or any warning; with
--max-warnings N: or more than N warnings), 2 on a usage error or a file that cannot be used at all
(e.g. a missing required column: listed as an error, the other files are still checked).

Examples:
  vaxrec validate fixtures/demo/doses_*.csv                  fail on errors only
  vaxrec validate fixtures/demo/doses_*.csv --strict         fail on errors and warnings
  vaxrec validate doses_*.csv --max-warnings 500             tolerate up to 500 warnings
  vaxrec validate registry.csv --kind registry --json        severity, code, file, line, column of each
  vaxrec validate doses.xlsx --sheet "Đợt 2"                 a workbook's sheet: problems at doses.xlsx[Đợt 2]:row`;

export interface ValidationProblem {
  severity: Severity;
  /** A ProblemCode (src/codes.ts), or an input error code when the whole file cannot be used. */
  code: string;
  /** The file; for a workbook, the file and the sheet read: doses.xlsx[Sheet1]. */
  file: string;
  /** Physical line of the row (a workbook's: its Excel row number), or of the header for a decision about a column; 0 if not known. */
  line: number;
  /** The column's header as written in the file; '' for a whole row or file. */
  column: string;
  field: string;
  message: string;
}

export interface FileValidation {
  file: string;
  /** null when the file cannot be used and --kind was not given. */
  kind: Kind | null;
  rows: number;
  /** Every finding, in file order (per-file decisions first, at the header line), each with its severity. */
  problems: ValidationProblem[];
  /** The messages of the per-file decisions (the info items of codes like DATE_COLUMN_MONTH_FIRST), as before. */
  notes: string[];
  /** False when the file cannot be used at all (its one problem is the input error). */
  usable: boolean;
}

type Kind = 'doses' | 'registry';

/** Whether the file's header reads as a registry's (a registry file lacks the dose columns). */
async function readsAsRegistry(file: string, read: ReadOptions): Promise<boolean> {
  try {
    for await (const _ of readTable(file, REGISTRY_COLUMN_ALIASES, REQUIRED_REGISTRY_FIELDS, undefined, read)) break;
    return true;
  } catch {
    return false;
  }
}

/**
 * Check one file as `kind`, or, without one, as a dose file unless its header lacks a dose column and reads as a
 * registry's: a dose file is read once (a workbook's first row comes only after its zip has been gone through).
 */
export async function validateFile(
  file: string,
  kind: Kind | undefined,
  base: Omit<NormalizeContext, 'nameEncoding'>,
  read: ReadOptions = {},
): Promise<FileValidation> {
  if (kind !== undefined) return validateAs(file, kind, base, read);
  try {
    return await validateAs(file, 'doses', base, read);
  } catch (e) {
    if ((e as { code?: string }).code !== 'COLUMN_MISSING' || !(await readsAsRegistry(file, read))) throw e;
    return validateAs(file, 'registry', base, read);
  }
}

async function validateAs(file: string, k: Kind, base: Omit<NormalizeContext, 'nameEncoding'>, read: ReadOptions): Promise<FileValidation> {
  const problems: ValidationProblem[] = [];
  let headerOf: (field: string) => string = (f) => f;
  let headerLine = 0;
  const notes: string[] = [];
  // Where the file's rows are read: the file, or for a workbook the file and its sheet (doses.xlsx[Sheet1]).
  let place = file;
  const item = (code: ProblemCode, line: number, column: string, field: string, message: string): ValidationProblem => ({
    severity: CODES[code].severity,
    code,
    file: place,
    line,
    column,
    field,
    message,
  });
  const note = (code: ProblemCode, field: string, message: string, column = headerOf(field)) => {
    notes.push(message);
    problems.push(item(code, headerLine, column, field, message));
  };
  const onHeader = (info: CsvFileInfo<string>) => {
    headerLine = info.headerLine;
    if (info.sheet !== undefined) place = sheetSource(file, info.sheet);
    for (const c of info.suspiciousExtraColumns) note('COLUMN_NOT_READ', '', c.message, c.header);
    const idx = info.map.index as Record<string, number | undefined>;
    headerOf = (f) => (idx[f] !== undefined ? info.headers[idx[f]!]!.trim() : f);
  };
  const add = (line: number, p: Problem) => problems.push(item(p.code, line, headerOf(p.field), p.field, CODES[p.code].en));
  let rows = 0;
  let ctx: NormalizeContext = { ...base, nameEncoding: null };
  const source =
    k === 'doses'
      ? readTableBatches<string>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS, onHeader, read)
      : readTableBatches<string>(file, REGISTRY_COLUMN_ALIASES, REQUIRED_REGISTRY_FIELDS, onHeader, read);
  // The same per-file decisions as reconcile and registry import (ingest/file-decisions.ts), each said as a note.
  const batches = withFileDecisions(source, k === 'doses' ? DATE_COLUMNS.doses : DATE_COLUMNS.registry, (d) => {
    ctx = fileContext(base, d);
    const g = d.genderCodes;
    const why = `gender: ${describeGenderCodes(g)}`;
    if (g.codes !== null) note('GENDER_CODES_LEARNED', 'gender', why);
    else if (g.basis === 'inconsistent' || g.basis === 'one-gender') note('GENDER_CODES_REFUSED', 'gender', why);
    for (const c of d.dateOrders.columns) {
      if (c.order === 'mdy') {
        const why = c.basis === 'column' ? `${c.monthFirst} sampled values can only be month-first` : "like the file's other date column";
        note('DATE_COLUMN_MONTH_FIRST', c.column, `column ${c.column} read month-first (US order): ${why}`);
      } else if (c.basis === 'conflict') {
        note(
          'DATE_COLUMN_ORDER_CONFLICT',
          c.column,
          `column ${c.column} holds both orders (${c.dayFirst} day-first, ${c.monthFirst} month-first values sampled): read day-first`,
        );
      }
    }
  });
  for await (const batch of batches)
    for (const it of batch) {
      rows++;
      if (it.kind === 'bad') {
        problems.push(item(it.bad.code, it.bad.source.line, '', '', it.bad.detail));
        continue;
      }
      const row = it.row as never;
      const res = k === 'doses' ? normalizeDose(row, rows, String(rows), ctx) : normalizeCitizen(row, ctx);
      const line = it.row.source.line;
      if (!res.ok) add(line, res.reject);
      else for (const p of 'dose' in res ? res.dose.problems : res.problems) add(line, p);
    }
  return { file, kind: k, rows, problems, notes, usable: true };
}

/** A file that cannot be used at all: its input error as the file's one error, so the other files are still checked. */
function unusableFile(file: string, kind: Kind | undefined, e: InputError): FileValidation {
  const message = e.message.slice(InputError.format('', e.file, e.line, e.column).length);
  // e.file, not file: a workbook's sheet-level error names the sheet too.
  const p: ValidationProblem = {
    severity: 'error',
    code: e.code,
    file: e.file,
    line: e.line ?? 0,
    column: e.column ?? '',
    field: '',
    message,
  };
  return { file, kind: kind ?? null, rows: 0, problems: [p], notes: [], usable: false };
}

export interface ValidationLimits {
  strict: boolean;
  /** Warnings allowed before the run fails; null = any number. */
  maxWarnings: number | null;
}

export interface ValidationSummary {
  files: number;
  rows: number;
  errors: number;
  warnings: number;
  info: number;
  /** One entry per code seen: errors first, then warnings, then info; most frequent first within each. */
  codes: { severity: Severity; code: string; count: number }[];
  exitCode: number;
  /** One sentence: passed or failed, and why. */
  verdict: string;
}

/** Counts per severity and per code, and the exit code the limits give. */
export function summarizeValidation(results: readonly FileValidation[], limits: ValidationLimits): ValidationSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byCode = new Map<string, { severity: Severity; code: string; count: number }>();
  for (const r of results) {
    for (const p of r.problems) {
      bySeverity[p.severity]++;
      const key = `${p.severity} ${p.code}`;
      const c = byCode.get(key);
      if (c) c.count++;
      else byCode.set(key, { severity: p.severity, code: p.code, count: 1 });
    }
  }
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const codes = [...byCode.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || b.count - a.count || (a.code < b.code ? -1 : 1));
  const { error: errors, warning: warnings, info } = bySeverity;
  const allowed = limits.strict ? 0 : limits.maxWarnings;
  const warningsFail = allowed !== null && warnings > allowed;
  const unusable = results.filter((r) => !r.usable).length;
  const exitCode = unusable > 0 ? EXIT.USAGE : errors > 0 || warningsFail ? EXIT.PROBLEMS : EXIT.OK;
  let verdict: string;
  if (unusable > 0) verdict = `failed: ${plural(unusable, 'file')} cannot be used at all`;
  else if (errors > 0) verdict = `failed: ${plural(errors, 'error')}`;
  else if (warningsFail) {
    const limit = limits.strict ? 'and --strict allows none' : `more than --max-warnings ${allowed}`;
    verdict = `failed: ${plural(warnings, 'warning')}, ${limit}`;
  } else if (warnings > 0) {
    const why = allowed === null ? 'use --strict or --max-warnings N to fail on them' : `--max-warnings allows ${allowed}`;
    verdict = `passed with ${plural(warnings, 'warning')} (${why})`;
  } else verdict = 'passed';
  const rows = results.reduce((n, r) => n + r.rows, 0);
  return { files: results.length, rows, errors, warnings, info, codes, exitCode, verdict };
}

/** The closing table of the text output: one line per code and severity, then the totals and the verdict. */
export function formatSummary(s: ValidationSummary): string {
  const head = ['severity', 'code', 'count'];
  const rows = s.codes.map((c) => [c.severity, c.code, fmt(c.count)]);
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]) => `  ${r[0]!.padEnd(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]!.padStart(w[2]!)}\n`;
  const totals = `${plural(s.files, 'file')}, ${plural(s.rows, 'row')}: ${counted(s)}`;
  return `\nSummary\n${rows.length > 0 ? line(head) + rows.map(line).join('') : ''}${totals}\nvalidate ${s.verdict}\n`;
}

function parseMaxWarnings(v: string | undefined): number | null {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings must be a whole number of warnings, like 500; got "${v}"`);
  return Number(v);
}

/** '1 error', '1,234 warnings'. */
function plural(n: number, word: string): string {
  return `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** '1 error, 2 warnings, 0 info'. */
function counted(n: { errors: number; warnings: number; info: number }): string {
  return `${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${fmt(n.info)} info`;
}

interface ValidateOptions {
  kind?: string;
  json?: boolean;
  today?: string;
  date1904?: boolean;
  strict?: boolean;
  maxWarnings?: string;
  sheet?: string;
}

function countSeverities(problems: readonly ValidationProblem[]): { errors: number; warnings: number; info: number } {
  const n = { errors: 0, warnings: 0, info: 0 };
  for (const p of problems) n[p.severity === 'error' ? 'errors' : p.severity === 'warning' ? 'warnings' : 'info']++;
  return n;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the headers and every value of dose or registry files (no registry needed)')
    .argument('<file...>', 'CSV or Excel (.xlsx) files to check')
    .option('--kind <kind>', 'doses or registry (default: guessed from the headers)')
    .option('--sheet <name>', 'the sheet of each workbook to check (default: its first visible sheet)')
    .option('--json', 'print a machine-readable result: severity, code, file, line and column of each problem, and the counts')
    .option('--strict', 'fail (exit 1) on warnings too, not only on errors')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings')
    .option('--today <yyyy-mm-dd>', 'the date used to judge future dates (default: today)')
    .option('--date1904', 'read Excel serial dates in the 1904 (Mac) system')
    .addHelpText('after', HELP)
    .action(async (files: string[], o: ValidateOptions) => {
      if (o.kind !== undefined && o.kind !== 'doses' && o.kind !== 'registry')
        throw new UsageError(`--kind must be doses or registry; got "${o.kind}"`);
      const limits: ValidationLimits = { strict: o.strict === true, maxWarnings: parseMaxWarnings(o.maxWarnings) };
      if (limits.strict && limits.maxWarnings !== null) {
        throw new UsageError('give --strict (no warnings allowed) or --max-warnings N, not both');
      }
      const base = normalizeContext(resolveConfig(o));
      const results: FileValidation[] = [];
      for (const f of files) {
        try {
          results.push(await validateFile(f, o.kind as Kind | undefined, base, { sheet: o.sheet }));
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          results.push(unusableFile(f, o.kind as Kind | undefined, e));
        }
      }
      const summary = summarizeValidation(results, limits);
      if (o.json) {
        const { exitCode, verdict, ...counts } = summary;
        const perFile = results.map((r) => ({ ...r, ...countSeverities(r.problems) }));
        const out = { ok: exitCode === EXIT.OK, exitCode, verdict, summary: counts, files: perFile };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        for (const r of results) {
          for (const p of r.problems) {
            const where = p.line > 0 ? `${p.file}:${p.line}:` : `${p.file}:`;
            process.stdout.write(`${where} ${p.severity}${p.column ? ` column "${p.column}":` : ''} ${p.code} ${p.message}\n`);
          }
          const status = r.usable ? `${r.kind}, ${fmt(r.rows)} rows` : 'cannot be used';
          process.stdout.write(`${r.file}: ${status}, ${counted(countSeverities(r.problems))}\n`);
        }
        process.stdout.write(formatSummary(summary));
      }
      process.exitCode = summary.exitCode;
    });
}
