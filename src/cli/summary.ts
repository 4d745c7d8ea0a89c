// `vaxrec summary <out-dir>`: the key figures of a finished run, read back from its summary.json, as a table or JSON.

import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { codeInfo } from '../codes.js';
import { UsageError } from '../errors.js';
import { byCountDesc, fmt } from '../report/format.js';
import { LINK_STATUSES } from '../types.js';

const HELP = `
Reads summary.json (and notes which other result files are present) in the --out folder of a finished
reconcile run, and prints the row accounting, link statuses, Ministry of Health categories, the main
reject reasons and problems, and reported-versus-entered totals when the run had --reported.

Examples:
  vaxrec summary out/2022-08-27
  vaxrec summary out/2022-08-27 --json`;

const OPTIONAL_FILES = [
  'clean_doses.csv',
  'duplicates.csv',
  'mismatches.csv',
  'rejects.csv',
  'model.json',
  'daily_report.csv',
  'gap_report.csv',
  'report.html',
] as const;
/** Reject reasons and problem codes listed in the table (all of them are in --json). */
const TOP_CODES = 8;

export interface KeyFigures {
  folder: string;
  version: string;
  doseFiles: number;
  registryCitizens: number | null;
  rows: { input: number; distinct: number; duplicates: number; rejects: number; accountingHolds: boolean };
  linkStatus: Record<string, number>;
  moh: { a: number; b: number; c: number };
  rejectReasons: Record<string, number>;
  issues: Record<string, number>;
  duplicateRules: Record<string, number>;
  /** Reported versus entered doses, when the run had --reported. */
  reported: { reported: number; entered: number; distinct: number; gap: number } | null;
  files: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function counts(v: unknown): Record<string, number> {
  if (!isObject(v)) return {};
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, n]) => typeof n === 'number')
      .map(([k, n]) => [k, n as number]),
  );
}

/** Read and check summary.json of a finished run; anything unusable is a UsageError naming the folder. */
export function readRunSummary(dir: string): Json {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`${dir}: no such folder; pass the --out folder of a finished vaxrec reconcile run`);
  }
  if (!isDir) throw new UsageError(`${dir} is not a folder; pass the --out folder of a finished vaxrec reconcile run`);
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) throw new UsageError(`${dir} has no summary.json; is it the --out folder of a finished vaxrec reconcile run?`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON (${(e as Error).message}); run vaxrec reconcile again to rewrite it`);
  }
  if (!isObject(json) || !isObject(json.counts) || typeof json.counts.input_rows !== 'number') {
    throw new UsageError(`${file} is not a vaxrec summary (no counts.input_rows); pass the --out folder of a vaxrec reconcile run`);
  }
  return json;
}

export function keyFigures(dir: string, s: Json): KeyFigures {
  const c = s.counts as Json;
  const inputs = isObject(s.inputs) ? s.inputs : {};
  const registry = isObject(inputs.registry) ? inputs.registry : {};
  const acc = isObject(s.accounting) ? s.accounting : {};
  const tool = isObject(s.tool) ? s.tool : {};
  const moh = counts(c.moh_categories);
  const linkStatus = counts(c.link_status);
  const rep = isObject(s.reported_gap) ? s.reported_gap : null;
  return {
    folder: dir,
    version: typeof tool.version === 'string' ? tool.version : '',
    doseFiles: Array.isArray(inputs.doses) ? inputs.doses.length : 0,
    registryCitizens: typeof registry.citizens === 'number' ? registry.citizens : null,
    rows: {
      input: num(c.input_rows),
      distinct: num(c.clean),
      duplicates: num(c.duplicates),
      rejects: num(c.rejects),
      accountingHolds: acc.holds === true,
    },
    linkStatus: Object.fromEntries(LINK_STATUSES.map((k) => [k, linkStatus[k] ?? 0])),
    moh: { a: moh.a ?? 0, b: moh.b ?? 0, c: moh.c ?? 0 },
    rejectReasons: counts(c.reject_reasons),
    issues: counts(c.issues),
    duplicateRules: counts(c.duplicate_rules),
    reported: rep ? { reported: num(rep.reported), entered: num(rep.entered), distinct: num(rep.distinct), gap: num(rep.gap) } : null,
    files: OPTIONAL_FILES.filter((f) => existsSync(join(dir, f))),
  };
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '';
}

function topEntries(m: Record<string, number>): [string, number][] {
  return Object.entries(m)
    .filter(([, n]) => n > 0)
    .sort(byCountDesc)
    .slice(0, TOP_CODES);
}

/** The figures as an aligned plain-text table (label, count, share) under section headings. */
export function formatSummaryTable(f: KeyFigures): string {
  type Row = [string, string, string];
  const sections: [string, Row[]][] = [];
  const r = f.rows;
  sections.push([
    'Rows',
    [
      ['input rows', fmt(r.input), ''],
      ['distinct doses', fmt(r.distinct), share(r.distinct, r.input)],
      ['duplicates folded', fmt(r.duplicates), share(r.duplicates, r.input)],
      ['rejected rows', fmt(r.rejects), share(r.rejects, r.input)],
      ['row accounting', r.accountingHolds ? 'holds' : 'FAILS', ''],
    ],
  ]);
  sections.push([
    'Link status (distinct doses)',
    LINK_STATUSES.map((k): Row => [k, fmt(f.linkStatus[k] ?? 0), share(f.linkStatus[k] ?? 0, r.distinct)]),
  ]);
  sections.push([
    'Ministry of Health categories (distinct doses)',
    [
      ['a  no ID', fmt(f.moh.a), share(f.moh.a, r.distinct)],
      ['b  ID in the wrong format', fmt(f.moh.b), share(f.moh.b, r.distinct)],
      ['c  ID present, details wrong', fmt(f.moh.c), share(f.moh.c, r.distinct)],
    ],
  ]);
  if (f.reported) {
    const g = f.reported;
    sections.push([
      'Reported versus entered doses',
      [
        ['reported by facilities', fmt(g.reported), ''],
        ['entered', fmt(g.entered), share(g.entered, g.reported)],
        ['distinct after dedupe', fmt(g.distinct), share(g.distinct, g.reported)],
        ['missing (reported - entered)', fmt(g.gap), share(g.gap, g.reported)],
      ],
    ]);
  }
  const rejects = topEntries(f.rejectReasons);
  if (rejects.length > 0) sections.push(['Main reject reasons', rejects.map(([k, n]): Row => [k, fmt(n), share(n, r.rejects)])]);
  const issues = topEntries(f.issues);
  if (issues.length > 0) {
    const label = (k: string) => (codeInfo(k)?.moh ? `${k} (${codeInfo(k)!.moh})` : k);
    sections.push(['Main problems (mismatches.csv)', issues.map(([k, n]): Row => [label(k), fmt(n), ''])]);
  }
  const rules = topEntries(f.duplicateRules);
  if (rules.length > 0) sections.push(['Duplicate rules', rules.map(([k, n]): Row => [k, fmt(n), share(n, r.duplicates)])]);

  const all = sections.flatMap(([, rows]) => rows);
  const w0 = Math.max(...all.map((x) => x[0].length)) + 2;
  const w1 = Math.max(...all.map((x) => x[1].length));
  const w2 = Math.max(...all.map((x) => x[2].length));
  const lines: string[] = [];
  const about = [
    f.version && `vaxrec ${f.version}`,
    `${f.doseFiles} dose file(s)`,
    f.registryCitizens !== null && `registry of ${fmt(f.registryCitizens)} citizens`,
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(`Run in ${f.folder} (${about})`);
  for (const [title, rows] of sections) {
    lines.push('', title);
    for (const [a, b, c] of rows) lines.push(`  ${a.padEnd(w0)}${b.padStart(w1)}${c ? `  ${c.padStart(w2)}` : ''}`.trimEnd());
  }
  lines.push('', `Files: ${f.files.join(', ') || 'none besides summary.json'}`);
  return `${lines.join('\n')}\n`;
}

export function registerSummary(program: Command): void {
  program
    .command('summary')
    .description('print the key figures of a finished reconcile run')
    .argument('<out-dir>', 'the --out folder of a finished vaxrec reconcile run')
    .option('--json', 'print the figures as JSON')
    .addHelpText('after', HELP)
    .action((dir: string, o: { json?: boolean }) => {
      const figures = keyFigures(dir, readRunSummary(dir));
      process.stdout.write(o.json ? `${JSON.stringify(figures, null, 2)}\n` : formatSummaryTable(figures));
    });
}
