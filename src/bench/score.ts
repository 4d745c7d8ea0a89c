// Scoring shared by bench:accuracy and bench:perf: read truth.csv, score reconcile's outputs or a peer's links CSV.

import { basename, join } from 'node:path';
import { readCsv } from './common.js';
import {
  computeMetrics,
  nodesFromLinks,
  nodesFromOutputs,
  type CleanRow,
  type DuplicateRow,
  type Metrics,
  type RejectRow,
  type TruthRow,
} from './metrics.js';

export async function readTruth(path: string): Promise<TruthRow[]> {
  const rows: TruthRow[] = [];
  await readCsv(path, (r) => {
    rows.push({
      file: r.file,
      line: Number(r.line),
      recordId: r.record_id,
      citizenId: r.citizen_id,
      personId: r.person_id,
      eventId: r.event_id,
      kind: r.kind,
      tags: r.damage ? r.damage.split(';') : [],
    });
  });
  return rows;
}

/** Score reconcile's output folder (clean_doses, duplicates, rejects) against the truth. */
export async function scoreOutputs(outDir: string, truth: TruthRow[]): Promise<Metrics> {
  const clean: CleanRow[] = [];
  await readCsv(join(outDir, 'clean_doses.csv'), (r) => {
    clean.push({
      recordId: r.record_id,
      citizenId: r.citizen_id ?? '',
      linkStatus: r.link_status ?? '',
      mergedRecordIds: r.merged_record_ids ? r.merged_record_ids.split(';').map((s) => s.trim()) : [],
    });
  });
  const dups: DuplicateRow[] = [];
  await readCsv(join(outDir, 'duplicates.csv'), (r) => dups.push({ recordId: r.record_id, keptRecordId: r.kept_record_id }));
  const rejects: RejectRow[] = [];
  await readCsv(join(outDir, 'rejects.csv'), (r) => rejects.push({ file: basename(r.source_file ?? ''), line: Number(r.line) }));
  return computeMetrics(nodesFromOutputs(truth, clean, dups, rejects));
}

/** Score a links CSV (record_id, citizen_id), such as the DuckDB peer's, against the truth. */
export async function scoreLinks(linksCsv: string, truth: TruthRow[]): Promise<Metrics> {
  const linkOf = new Map<string, string>();
  await readCsv(linksCsv, (r) => {
    linkOf.set(r.record_id, r.citizen_id);
  });
  return computeMetrics(nodesFromLinks(truth, linkOf));
}
