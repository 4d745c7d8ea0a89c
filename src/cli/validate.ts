// `vaxrec validate`: check headers and every value of dose or registry files, without a registry.

import type { Command } from 'commander';
import { readCsv, readCsvBatches, type CsvFileInfo } from '../ingest/csv-reader.js';
import { withNameEncodingBatches } from '../ingest/name-encoding.js';
import { withDateOrder } from '../ingest/date-order.js';
import { describeGenderCodes, withGenderCodeBatches } from '../ingest/gender-codes.js';
import { DAY_FIRST, normalizeDose, normalizeCitizen, type NormalizeContext } from '../normalize/dose.js';
import { DOSE_COLUMN_ALIASES, REGISTRY_COLUMN_ALIASES } from '../config/ingest.js';
import { REQUIRED_DOSE_FIELDS, REQUIRED_REGISTRY_FIELDS, type Problem } from '../types.js';
import { codeInfo } from '../codes.js';
import { EXIT, UsageError } from '../errors.js';
import { normalizeContext } from '../pipeline.js';
import { resolveConfig } from './reconcile.js';

const HELP = `
Exit 0 when every file is clean, 1 when problems were found (each listed with file, line, column and
code), 2 on a usage error or an unusable file (e.g. a missing required column). Values are never
printed, only where they are, so the output can go into CI logs.

Examples:
  vaxrec validate fixtures/demo/doses_*.csv
  vaxrec validate registry.csv --kind registry --json`;

export interface ValidationProblem {
  line: number;
  column: string;
  field: string;
  code: string;
  severity: 'reject' | 'mismatch';
  message: string;
}

export interface FileValidation {
  file: string;
  kind: 'doses' | 'registry';
  rows: number;
  problems: ValidationProblem[];
  /** What was decided about the whole file (a column read month-first, numeric gender codes, a column not read). */
  notes: string[];
}

type Kind = 'doses' | 'registry';

async function guessKind(file: string): Promise<Kind> {
  // Read just the header through the doses aliases: a registry file lacks the dose columns.
  try {
    for await (const _ of readCsv(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS)) break;
    return 'doses';
  } catch (e) {
    if ((e as { code?: string }).code === 'COLUMN_MISSING') {
      try {
        for await (const _ of readCsv(file, REGISTRY_COLUMN_ALIASES, REQUIRED_REGISTRY_FIELDS)) break;
        return 'registry';
      } catch {
        return 'doses';
      }
    }
    throw e;
  }
}

export async function validateFile(file: string, kind: Kind | undefined, base: Omit<NormalizeContext, 'nameEncoding'>): Promise<FileValidation> {
  const k = kind ?? (await guessKind(file));
  const problems: ValidationProblem[] = [];
  let headerOf: (field: string) => string = (f) => f;
  const notes: string[] = [];
  const onHeader = (info: CsvFileInfo<string>) => {
    for (const c of info.suspiciousExtraColumns) notes.push(c.message);
    const idx = info.map.index as Record<string, number | undefined>;
    headerOf = (f) => (idx[f] !== undefined ? info.headers[idx[f]!]!.trim() : f);
  };
  const add = (line: number, p: Problem) =>
    problems.push({ line, column: headerOf(p.field), field: p.field, code: p.code, severity: codeInfo(p.code)?.dest ?? 'mismatch', message: codeInfo(p.code)?.en ?? p.detail });
  let rows = 0;
  let enc: NormalizeContext['nameEncoding'] = null;
  const ctx = { ...base, nameEncoding: null } as NormalizeContext;
  const source =
    k === 'doses'
      ? readCsvBatches<string>(file, DOSE_COLUMN_ALIASES, REQUIRED_DOSE_FIELDS, onHeader)
      : readCsvBatches<string>(file, REGISTRY_COLUMN_ALIASES, REQUIRED_REGISTRY_FIELDS, onHeader);
  // The same per-file decisions as reconcile: the names' legacy font, numeric gender codes, each date column's order.
  let dateOrder: NonNullable<NormalizeContext['dateOrder']> = DAY_FIRST;
  const columns = k === 'doses' ? (['dose_date', 'birth_date'] as const) : (['birth_date'] as const);
  let genderCodes: NormalizeContext['genderCodes'] = null;
  const withGender = withGenderCodeBatches(withNameEncodingBatches(source, 'full_name', (e) => (enc = e)), (g) => {
    genderCodes = g.codes;
    if (g.codes !== null || g.basis === 'inconsistent' || g.basis === 'one-gender') notes.push(`gender: ${describeGenderCodes(g)}`);
  });
  const items = withDateOrder(withGender, columns, (d) => {
    dateOrder = { ...dateOrder, ...d.orders };
    for (const c of d.columns) {
      if (c.order === 'mdy') {
        const why = c.basis === 'column' ? `${c.monthFirst} sampled values can only be month-first` : "like the file's other date column";
        notes.push(`column ${c.column} read month-first (US order): ${why}`);
      }
      else if (c.basis === 'conflict') notes.push(`column ${c.column} holds both orders (${c.dayFirst} day-first, ${c.monthFirst} month-first values sampled): read day-first`);
    }
  });
  for await (const it of items) {
    rows++;
    if (it.kind === 'bad') {
      problems.push({ line: it.bad.source.line, column: '', field: '', code: it.bad.code, severity: 'reject', message: it.bad.detail });
      continue;
    }
    ctx.nameEncoding = enc;
    ctx.dateOrder = dateOrder;
    ctx.genderCodes = genderCodes;
    const row = it.row as never;
    const res = k === 'doses' ? normalizeDose(row, rows, String(rows), ctx) : normalizeCitizen(row, ctx);
    const line = it.row.source.line;
    if (!res.ok) add(line, res.reject);
    else for (const p of 'dose' in res ? res.dose.problems : res.problems) add(line, p);
  }
  return { file, kind: k, rows, problems, notes };
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check the headers and every value of dose or registry files (no registry needed)')
    .argument('<file...>', 'CSV files to check')
    .option('--kind <kind>', 'doses or registry (default: guessed from the headers)')
    .option('--json', 'print a machine-readable result')
    .option('--today <yyyy-mm-dd>', 'the date used to judge future dates (default: today)')
    .option('--date1904', 'read Excel serial dates in the 1904 (Mac) system')
    .addHelpText('after', HELP)
    .action(async (files: string[], o: { kind?: string; json?: boolean; today?: string; date1904?: boolean }) => {
      if (o.kind !== undefined && o.kind !== 'doses' && o.kind !== 'registry') throw new UsageError(`--kind must be doses or registry; got "${o.kind}"`);
      const base = normalizeContext(resolveConfig(o));
      const results: FileValidation[] = [];
      for (const f of files) results.push(await validateFile(f, o.kind as Kind | undefined, base));
      const total = results.reduce((n, r) => n + r.problems.length, 0);
      if (o.json) {
        const counts: Record<string, number> = {};
        for (const r of results) for (const p of r.problems) counts[p.code] = (counts[p.code] ?? 0) + 1;
        process.stdout.write(JSON.stringify({ ok: total === 0, problems: total, counts, files: results }, null, 2) + '\n');
      } else {
        for (const r of results) {
          for (const p of r.problems) {
            process.stdout.write(`${r.file}:${p.line}:${p.column ? ` column "${p.column}":` : ''} ${p.code} ${p.message}\n`);
          }
          for (const n of r.notes) process.stdout.write(`${r.file}: note: ${n}\n`);
          process.stdout.write(`${r.file}: ${r.kind}, ${r.rows} rows, ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}\n`);
        }
      }
      process.exitCode = total === 0 ? EXIT.OK : EXIT.PROBLEMS;
    });
}

