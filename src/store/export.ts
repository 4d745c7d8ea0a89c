// `vaxrec export`: the full current state of a work store, written as one reconcile run would write it.

import type { Citizen, Gender } from '../types.js';
import { partialDateFromIso } from '../normalize/dates.js';
import { DUPLICATE_RULES, type DedupeResult, type DuplicateRecord } from '../dedupe/index.js';
import { alignExtra, type ReconcileOptions, type RunResult } from '../pipeline.js';
import { writeOutputs } from '../report/outputs.js';
import { acquireLock } from '../report/atomic-dir.js';
import { WorkStore, type StoredCitizen } from './work-store.js';
import { queueSummary } from './review.js';

/** A citizen as the outputs show it (name, birth date, gender): what the store keeps of the registry snapshot. */
function shownCitizen(c: StoredCitizen): Citizen {
  const name = { display: c.display, canonical: '', toneless: '', ascii: '', phonetic: '', family: '', middle: '', given: '' };
  return {
    citizenId: c.citizenId,
    oldId: '',
    name,
    birth: c.birthIso === '' ? null : partialDateFromIso(c.birthIso),
    gender: c.gender as Gender,
    commune: '',
    communeKey: '',
    phone: '',
  };
}

/** The store's current state as a run result: every current record with its decision and person state. */
export function storeState(store: WorkStore): RunResult {
  const records = [...store.allCurrent()];
  const extraColumns = store.extraColumns();
  const at = new Map(records.map((r, i) => [r.key, i]));
  const n = records.length;
  const keptIndex = new Int32Array(n);
  const doseSeq = new Int32Array(n);
  const personKey: string[] = new Array(n);
  const duplicates: DuplicateRecord[] = [];
  const mergedLists = new Map<number, number[]>();
  const filled: DedupeResult['filled'] = new Map();
  const problems: DedupeResult['problems'] = new Map();
  const byRule: Record<string, number> = Object.fromEntries(DUPLICATE_RULES.map((r) => [r, 0]));
  records.forEach((r, i) => {
    r.dose.extra = alignExtra(r.extraByName, extraColumns);
    const p = r.person;
    personKey[i] = p.personKey;
    doseSeq[i] = p.doseSeq;
    const k = p.keptKey === '' ? i : (at.get(p.keptKey) ?? -1);
    if (k < 0)
      throw new Error(`work store: record ${r.key} is folded into ${p.keptKey}, which is not a current record (run vaxrec store check)`);
    keptIndex[i] = k;
    if (k !== i) {
      duplicates.push({ index: i, keptIndex: k, rule: p.rule, detail: p.detail });
      byRule[p.rule] = (byRule[p.rule] ?? 0) + 1;
      const list = mergedLists.get(k);
      if (list) list.push(i);
      else mergedLists.set(k, [i]);
    }
    if (p.filled) filled.set(i, p.filled);
    if (p.history) problems.set(i, p.history);
  });
  const merged = new Map(
    [...mergedLists.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [k, v.sort((x, y) => x - y)] as [number, number[]]),
  );
  const persons = new Set(personKey);
  const wanted = new Set<string>();
  for (const r of records) {
    if (r.decision.citizenId) wanted.add(r.decision.citizenId);
    for (const c of r.decision.candidates) wanted.add(c.citizenId);
  }
  const shown = new Map(store.citizensById(wanted).map((c) => [c.citizenId, shownCitizen(c)]));
  const model = store.model();
  const counts = store.counts();
  const byStatus: Record<string, number> = {};
  for (const r of records) byStatus[r.decision.status] = (byStatus[r.decision.status] ?? 0) + 1;
  return {
    doses: records.map((r) => r.dose),
    decisions: records.map((r) => r.decision),
    dedupe: {
      personKey,
      keptIndex,
      duplicates,
      merged,
      doseSeq,
      filled,
      problems,
      stats: {
        persons: persons.size,
        groupsOfUnlinked: [...persons].filter((k) => k.startsWith('P-')).length,
        chainRefusals: 0,
        byRule,
        doseChainRefusals: 0,
        samePersonPairs: 0,
      },
    },
    rejects: store.rejects().map((x) => ({
      seq: x.rowSeq,
      source: x.source,
      recordId: x.key,
      reason: x.reason,
      detail: x.detail,
      cells: x.cells,
      ...(x.place ? { place: x.place } : {}),
    })),
    superseded: store.supersededVersions().map((x) => ({ seq: x.rowSeq, source: x.source, recordId: x.key, by: x.by })),
    recognised: store.sightings().map((x) => ({ seq: x.rowSeq, source: x.source, recordId: x.key, same: x.same })),
    files: store.files().map((f) => ({
      file: f.name,
      rows: f.rows,
      sha256: f.sha256,
      encoding: f.encoding,
      delimiter: f.delimiter,
      nameEncoding: f.nameEncoding,
    })),
    skippedFiles: [],
    extraColumns,
    model: model?.model ?? ({} as RunResult['model']),
    inputRows: counts.inputRows,
    registryImport: null,
    registrySize: store.registrySize(),
    citizen: (id) => shown.get(id),
    linkStats: { blockingCapHits: 0, candidatesCompared: 0, byRule: {}, byStatus },
  };
}

export async function exportStore(storePath: string, opts: Omit<ReconcileOptions, 'registry' | 'doses'>): Promise<RunResult> {
  const release = acquireLock(opts.out);
  const store = WorkStore.open(storePath, { create: false, readonly: true });
  try {
    const r = storeState(store);
    const registry = `${storePath} (registry snapshot ${store.registryHash() ?? 'none'})`;
    // The review queue per facility is the store's, as of now (report.html shows it).
    const review = { review_queue: queueSummary(store, new Date()) };
    await writeOutputs(r, { ...opts, registry, doses: r.files.map((f) => f.file), model: r.model }, undefined, review);
    return r;
  } finally {
    store.close();
    release();
  }
}
