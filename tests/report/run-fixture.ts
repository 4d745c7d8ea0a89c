// Hand-built RunResult objects for the report tests (no registry, linker or dedupe needed).

import { mohCategoryOf, type ProblemCode } from '../../src/codes.js';
import { defaultConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import type { ReconcileOptions, RunResult } from '../../src/pipeline.js';
import type { DedupeResult } from '../../src/dedupe/index.js';
import type { RejectRow } from '../../src/report/outputs.js';
import type { Citizen, LinkStatus, NameKeys, NormalizedDose, Problem, ScoredCandidate } from '../../src/types.js';

export interface RecordSpec {
  facility?: string;
  commune?: string;
  date?: string;
  status?: LinkStatus;
  score?: number;
  /** Index of the record this one is a duplicate of (folded); absent = kept. */
  dupOf?: number;
  /** Problem codes on the dose (normalisation). */
  codes?: ProblemCode[];
  /** Problem codes on the link decision. */
  linkCodes?: ProblemCode[];
  name?: string;
  candidates?: ScoredCandidate[];
  explanation?: string;
}

export interface RejectSpec {
  reason?: ProblemCode;
  place?: { facility: string; commune: string; date: string };
}

export function nameKeys(display: string): NameKeys {
  const t = display.toLowerCase().split(' ');
  return {
    display,
    canonical: display.toLowerCase(),
    toneless: display.toLowerCase(),
    ascii: display.toLowerCase(),
    phonetic: '',
    family: t[0] ?? '',
    middle: t.slice(1, -1).join(' '),
    given: t[t.length - 1] ?? '',
  };
}

const problem = (code: ProblemCode): Problem => ({ code, field: 'citizen_id', value: '', detail: code });

export function makeRun(records: RecordSpec[], rejects: RejectSpec[] = [], citizens: Citizen[] = []): RunResult {
  const doses: NormalizedDose[] = records.map((s, i) => ({
    seq: i,
    recordId: `R${i}`,
    source: { file: 'doses.csv', line: i + 2 },
    name: nameKeys(s.name ?? 'Nguyễn Văn An'),
    birth: { iso: '1980-05-17', year: 1980, month: 5, day: 17, precision: 'day', swapped: null },
    gender: 'M',
    id: { value: '', kind: 'missing' },
    phone: '',
    commune: s.commune ?? '',
    communeKey: s.commune ?? '',
    facility: s.facility ?? 'F1',
    vaccine: { product: 'PFIZER', family: 'PFIZER', display: 'Pfizer', minIntervalDays: 21 },
    lot: '',
    doseNumber: 1,
    doseDate: s.date ?? '2021-08-01',
    extra: [],
    raw: {} as NormalizedDose['raw'],
    problems: (s.codes ?? []).map(problem),
  }));
  const decisions = records.map((s) => ({
    status: s.status ?? 'verified',
    citizenId: s.status === 'review' || s.status === 'unmatched' ? '' : '001080000001',
    score: s.score ?? (s.status === 'unmatched' ? 0 : 0.999),
    candidates: s.candidates ?? [],
    explanation: s.explanation ?? '',
    problems: (s.linkCodes ?? []).map(problem),
  }));
  const keptIndex = new Int32Array(records.map((s, i) => s.dupOf ?? i));
  const duplicates = records.flatMap((s, i) =>
    s.dupOf === undefined ? [] : [{ index: i, keptIndex: s.dupOf, rule: 'SAME_DOSE', detail: 'gap 0 days' }],
  );
  const merged = new Map<number, number[]>();
  for (const d of duplicates) merged.set(d.keptIndex, [...(merged.get(d.keptIndex) ?? []), d.index]);
  const dedupe: DedupeResult = {
    personKey: records.map(() => '001080000001'),
    keptIndex,
    duplicates,
    merged,
    doseSeq: new Int32Array(records.length).fill(1),
    filled: new Map(),
    problems: new Map(),
    stats: {
      persons: 1,
      groupsOfUnlinked: 0,
      chainRefusals: 0,
      byRule: { SAME_DOSE: duplicates.length },
      doseChainRefusals: 0,
      samePersonPairs: 0,
    },
  };
  const rejectRows: RejectRow[] = rejects.map((x, j) => ({
    seq: records.length + j,
    source: { file: 'doses.csv', line: records.length + j + 2 },
    recordId: '',
    reason: x.reason ?? 'NAME_MISSING',
    detail: 'full name is empty',
    cells: [],
    ...(x.place ? { place: x.place } : {}),
  }));
  return {
    doses,
    decisions,
    dedupe,
    rejects: rejectRows,
    superseded: [],
    recognised: [],
    skippedFiles: [],
    files: [
      {
        file: 'doses.csv',
        rows: records.length + rejects.length,
        sha256: '0'.repeat(64),
        encoding: 'utf8',
        delimiter: ',',
        nameEncoding: null,
      },
    ],
    extraColumns: [],
    model: {} as RunResult['model'],
    linkStats: { blockingCapHits: 0, candidatesCompared: 0, byRule: {}, byStatus: {} },
    inputRows: records.length + rejects.length,
    registryImport: null,
    registrySize: citizens.length,
    citizen: (id) => citizens.find((c) => c.citizenId === id),
  };
}

export function makeOptions(out = '/tmp/vaxrec-out'): ReconcileOptions {
  return {
    registry: 'registry.csv',
    doses: ['doses.csv'],
    out,
    excel: false,
    fileMode: 0o600,
    dirMode: 0o700,
    config: defaultConfig,
    logger: silentLogger(),
    lang: 'en',
    dateRange: {},
    dailyByCommune: false,
    version: '0.1.0-test',
  };
}

/** Issue and Ministry counts as writeOutputs computes them (distinct doses, a record once per category). */
export function countIssues(r: RunResult): { issues: Record<string, number>; moh: Record<string, number> } {
  const issues: Record<string, number> = {};
  const moh: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < r.doses.length; i++) {
    if (r.dedupe.keptIndex[i] !== i) continue;
    const codes = [...r.doses[i]!.problems, ...r.decisions[i]!.problems, ...(r.dedupe.problems.get(i) ?? [])].map((p) => p.code);
    for (const code of codes) issues[code] = (issues[code] ?? 0) + 1;
    const c = mohCategoryOf(codes);
    if (c !== '') moh[c]!++;
  }
  return { issues, moh };
}
