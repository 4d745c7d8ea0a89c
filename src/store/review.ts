// `vaxrec review export|apply|log|undo`: the analysts' queue read from the work store, and their decisions written
// into it (the next nightly run applies them; see nightly.ts).

import { acquireLock } from '../report/atomic-dir.js';
import { UsageError } from '../errors.js';
import type { Lang } from '../report/lang.js';
import { describeCode } from '../report/lang.js';
import type { LinkDecision, Problem } from '../types.js';
import {
  isPairDecision,
  planReview,
  verdictsOf,
  type PlannedDecision,
  type ReviewPlan,
  type StoredReviewDecision,
} from '../review/decisions.js';
import { readReviewFile, writeReviewFile, type QueueRowValues } from '../review/files.js';
import { WorkStore, decisionText, type QueueRow, type StoredCitizen, type StoredRecord } from './work-store.js';
import { pairKey } from '../dedupe/dose-clusters.js';

export interface QueueFilter {
  facilities?: readonly string[];
  communes?: readonly string[];
  limit?: number;
}

/** A record waiting for an analyst. */
export interface QueueCase {
  record: StoredRecord;
  reason: 'LINK_AMBIGUOUS' | 'REVIEW_REOPENED';
  reasonDetail: string;
  previous: StoredReviewDecision | null;
  since: string;
  /** Doses already linked to the best candidate: the dose history this record may complete. */
  dosesWaiting: number;
}

/** Two doses of one person kept apart although closer than the product's minimum interval. */
export interface QueuePair {
  record: StoredRecord;
  other: StoredRecord;
  evidence: string;
}

const DAY_MS = 86_400_000;

function versionToken(r: { version: number; contentHash: string }): string {
  return `${r.version}-${r.contentHash.slice(0, 10)}`;
}

const INTERVAL_DETAIL = /^\d+ days after record (.+) \([^()]*\); minimum interval/;

/**
 * The other record of a pair the dose grouping left for the analysts: a possible duplicate names it in `fix`; a pair
 * kept apart though closer than the product's minimum interval names it in the detail text.
 */
function pairedRecord(p: Problem): string | null {
  if (p.code === 'DOSE_POSSIBLE_DUPLICATE') return p.fix || null;
  if (p.code === 'DOSE_INTERVAL_TOO_SHORT') return INTERVAL_DETAIL.exec(p.detail)?.[1] ?? null;
  return null;
}

/** The queue chosen over undecoded rows (see WorkStore.queueRows): what the summary counts and openQueue decodes. */
interface ChosenQueue {
  cases: { row: QueueRow; previous: StoredReviewDecision | null; since: string }[];
  pairs: { row: QueueRow; otherKey: string; evidence: string; since: string }[];
}

/** The open queue's records: re-opened decisions and review records no analyst decided, and pairs not yet decided. */
function chooseQueue(store: WorkStore, filter: QueueFilter): ChosenQueue {
  const facilities = filter.facilities && filter.facilities.length > 0 ? new Set(filter.facilities) : null;
  const communes = filter.communes && filter.communes.length > 0 ? new Set(filter.communes) : null;
  const keep = (r: QueueRow): boolean =>
    (facilities === null || facilities.has(r.facility)) && (communes === null || communes.has(r.commune));
  const starts = store.runStarts();
  const sinceOf = (r: QueueRow): string => starts.get(r.runId) ?? '';
  // Re-opened decisions on a record's link come back as cases; a re-opened pair decision comes back on the duplicates
  // sheet when the pair is flagged again (never as a link case, where its answer would contradict the pair's).
  const reopened = new Map(
    store
      .reopenedReviewDecisions()
      .filter((d) => !isPairDecision(d.decision))
      .map((d) => [d.recordKey, d]),
  );
  const rows = store.queueRows();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const keys = [...new Set([...reopened.keys(), ...rows.filter((r) => r.status === 'review').map((r) => r.key)])];
  const decided = verdictsOf(store.activeReviewDecisions(keys)).verdict;
  const cases: ChosenQueue['cases'] = [];
  for (const k of keys) {
    const r = byKey.get(k) ?? store.queueRow(k);
    if (r === undefined) continue;
    if (decided.has(r.key) || !keep(r) || r.keptKey !== '') continue;
    const previous = reopened.get(r.key) ?? null;
    if (previous === null && r.status !== 'review') continue;
    cases.push({ row: r, previous, since: previous?.stateChanged ?? sinceOf(r) });
  }

  // Pairs: a kept dose's history names a possible duplicate, or an earlier dose too close to be real; decided pairs are closed.
  const pairs: ChosenQueue['pairs'] = [];
  const flagged = rows.filter((r) => (r.history ?? []).some((p) => pairedRecord(p) !== null));
  const decidedPairs = new Set(
    verdictsOf(store.activeReviewDecisions(flagged.map((r) => r.key))).pairs.map((d) => pairKey(d.recordKey, d.otherKey)),
  );
  for (const r of flagged) {
    if (!keep(r)) continue;
    for (const p of r.history ?? []) {
      const otherKey = pairedRecord(p);
      if (otherKey === null || decidedPairs.has(pairKey(r.key, otherKey)) || !store.isCurrent(otherKey)) continue;
      pairs.push({ row: r, otherKey, evidence: p.detail, since: sinceOf(r) });
    }
  }
  return { cases, pairs };
}

const byFacility = (a: StoredRecord, b: StoredRecord): number =>
  (a.dose.facility < b.dose.facility ? -1 : a.dose.facility > b.dose.facility ? 1 : 0) || a.ordinal - b.ordinal;

/** The open queue, most valuable first: re-opened decisions, then records whose candidate already has doses, then facility. */
export function openQueue(store: WorkStore, filter: QueueFilter = {}): { cases: QueueCase[]; pairs: QueuePair[] } {
  const chosen = chooseQueue(store, filter);
  const records = new Map(
    store
      .currentOf(new Set([...chosen.cases.map((c) => c.row.key), ...chosen.pairs.flatMap((p) => [p.row.key, p.otherKey])]))
      .map((r) => [r.key, r]),
  );
  const cases: QueueCase[] = chosen.cases.map(({ row, previous, since }) => {
    const r = records.get(row.key)!;
    const ambiguous = r.decision.problems.find((p: Problem) => p.code === 'LINK_AMBIGUOUS');
    const best = r.decision.candidates[0]?.citizenId;
    return {
      record: r,
      reason: previous !== null ? 'REVIEW_REOPENED' : 'LINK_AMBIGUOUS',
      reasonDetail:
        previous !== null
          ? `${previous.stateReason}; now ${decisionText(r.decision)}`
          : (ambiguous?.detail.split('; candidates:')[0] ?? r.decision.status),
      previous,
      since,
      dosesWaiting: best === undefined ? 0 : store.linkedDoseCount(best),
    };
  });
  cases.sort(
    (a, b) =>
      Number(b.previous !== null) - Number(a.previous !== null) || b.dosesWaiting - a.dosesWaiting || byFacility(a.record, b.record),
  );
  const pairs: QueuePair[] = chosen.pairs.map((p) => ({
    record: records.get(p.row.key)!,
    other: records.get(p.otherKey)!,
    evidence: p.evidence,
  }));
  pairs.sort((a, b) => byFacility(a.record, b.record));
  const limit = filter.limit ?? Infinity;
  return { cases: cases.slice(0, limit), pairs: pairs.slice(0, limit) };
}

function fieldExplanation(c: LinkDecision['candidates'][number]): string {
  return c.comparisons
    .map((f) => (f.field.startsWith('tf_') ? `${f.field}=${f.weight.toFixed(1)}` : `${f.field}=${f.level}:${f.weight.toFixed(1)}`))
    .join('; ');
}

function suggestCase(c: QueueCase): string {
  const [first, second] = c.record.decision.candidates;
  if (first === undefined) return 'not_in_registry (no candidate)';
  const nameAgrees = first.comparisons.some((f) => f.field === 'name' && f.level !== 'else' && f.level !== 'missing');
  if (first.probability >= 0.5 && nameAgrees && (second === undefined || first.totalWeight - second.totalWeight >= 3))
    return `link ${first.citizenId}`;
  if (first.probability < 0.05) return 'not_in_registry';
  return 'check the ID card with the facility, then link the right candidate';
}

function suggestPair(p: QueuePair): string {
  const a = p.record.dose;
  const b = p.other.dose;
  if (a.lot !== '' && a.lot === b.lot) return 'duplicate_of (same lot)';
  // A second facility often types its own dose count, so differing dose numbers say little (README: Duplicate doses).
  if (a.lot !== '' && b.lot !== '') return 'check the vaccination card (two different lots: both doses may be real)';
  return 'check the vaccination card';
}

/** The queue as the review file's rows. */
export function queueRows(
  store: WorkStore,
  q: { cases: QueueCase[]; pairs: QueuePair[] },
  now: Date,
  lang: Lang,
): { queue: QueueRowValues[]; pairs: QueueRowValues[] } {
  const wanted = new Set(q.cases.flatMap((c) => c.record.decision.candidates.slice(0, 3).map((k) => k.citizenId)));
  const citizens = new Map<string, StoredCitizen>(store.citizensById(wanted).map((c) => [c.citizenId, c]));
  const queue = q.cases.map((c, i) => {
    const d = c.record.dose;
    const row: QueueRowValues = {
      priority: String(i + 1),
      record_id: c.record.key,
      record_version: versionToken(c.record),
      reason: c.reason,
      reason_detail: c.reason === 'LINK_AMBIGUOUS' ? `${describeCode('LINK_AMBIGUOUS', lang)}: ${c.reasonDetail}` : c.reasonDetail,
      previous_decision: c.previous
        ? `#${c.previous.id} ${[c.previous.decision, c.previous.citizenId].filter((x) => x).join(' ')} ` +
          `by ${c.previous.reviewer || '?'}, ${c.previous.decided.slice(0, 10)}`
        : '',
      in_queue_since: c.since.slice(0, 10),
      waiting_days: c.since === '' ? '' : String(Math.max(0, Math.floor((now.getTime() - Date.parse(c.since)) / DAY_MS))),
      facility_code: d.facility,
      commune_code: d.commune,
      dose_date: d.doseDate,
      vaccine: d.vaccine.product === 'UNKNOWN' ? d.raw.vaccine : d.vaccine.display,
      dose_number: d.raw.dose_number,
      lot_number: d.lot,
      name_as_entered: d.raw.full_name,
      birth_date_as_entered: d.raw.birth_date,
      gender_as_entered: d.raw.gender,
      id_as_entered: d.raw.citizen_id,
      phone_as_entered: d.raw.phone,
      full_name: d.name.display,
      birth_date: d.birth?.iso ?? '',
      gender: d.gender,
      id_normalised: d.id.value,
      phone: d.phone,
      doses_waiting: String(c.dosesWaiting),
      suggested_action: suggestCase(c),
    };
    c.record.decision.candidates.slice(0, 3).forEach((k, j) => {
      const z = citizens.get(k.citizenId);
      const p = `candidate_${j + 1}_`;
      row[`${p}citizen_id`] = k.citizenId;
      row[`${p}full_name`] = z?.display ?? '';
      row[`${p}birth_date`] = z?.birthIso ?? '';
      row[`${p}gender`] = z?.gender ?? '';
      row[`${p}probability`] = k.probability.toFixed(6);
      row[`${p}explanation`] = fieldExplanation(k);
    });
    return row;
  });
  const pairs = q.pairs.map((p, i) => {
    const a = p.record.dose;
    const b = p.other.dose;
    return {
      priority: String(i + 1),
      record_id: p.record.key,
      record_version: versionToken(p.record),
      other_record_id: p.other.key,
      other_record_version: versionToken(p.other),
      person_key: p.record.person.personKey,
      full_name: a.name.display,
      birth_date: a.birth?.iso ?? '',
      evidence: p.evidence,
      dose_date: a.doseDate,
      other_dose_date: b.doseDate,
      vaccine: a.vaccine.display,
      other_vaccine: b.vaccine.display,
      lot_number: a.lot,
      other_lot_number: b.lot,
      dose_number: a.raw.dose_number,
      other_dose_number: b.raw.dose_number,
      facility_code: a.facility,
      other_facility_code: b.facility,
      suggested_action: suggestPair(p),
    };
  });
  return { queue, pairs };
}

export interface ExportReviewOptions extends QueueFilter {
  store: string;
  out: string;
  lang: Lang;
  fileMode: number;
  now?: Date;
}

/** `review export`: write the open queue. Returns the files written and the counts. */
export async function exportReview(o: ExportReviewOptions): Promise<{ files: string[]; cases: number; pairs: number }> {
  const store = WorkStore.open(o.store, { create: false, readonly: true });
  try {
    const q = openQueue(store, o);
    const rows = queueRows(store, q, o.now ?? new Date(), o.lang);
    const files = await writeReviewFile(o.out, rows, o.lang, o.fileMode);
    return { files, cases: q.cases.length, pairs: q.pairs.length };
  } finally {
    store.close();
  }
}

export interface ApplyResult {
  files: string[];
  rows: number;
  plan: ReviewPlan;
  /** Decisions stored (a forced link's folded duplicates included). */
  stored: { id: number; recordKey: string; decision: string }[];
  replaced: number;
}

/** Whether a new decision ends one in force on the same record (or pair). */
function overrides(old: StoredReviewDecision, d: PlannedDecision): boolean {
  const verdict = (x: string): boolean => x === 'link' || x === 'not_in_registry';
  if (isPairDecision(d.decision))
    return isPairDecision(old.decision) && pairKey(old.recordKey, old.otherKey) === pairKey(d.recordKey, d.otherKey);
  if (old.recordKey !== d.recordKey) return false;
  if (verdict(d.decision))
    return verdict(old.decision) || (d.decision === 'link' && old.decision === 'not_candidate' && old.citizenId === d.citizenId);
  return d.decision === 'not_candidate' && old.decision === 'link' && old.citizenId === d.citizenId;
}

/** End a decision and the decisions carried with it (a link's folded duplicates). Returns the record keys affected. */
function endWithChildren(store: WorkStore, d: StoredReviewDecision, state: 'undone' | 'replaced', when: string, reason: string): string[] {
  const keys = [d.recordKey, ...(d.otherKey ? [d.otherKey] : [])];
  store.endReviewDecision(d.id, state, when, reason);
  for (const c of store.carriedBy(d.id)) keys.push(...endWithChildren(store, store.reviewDecision(c)!, state, when, reason));
  return keys;
}

/**
 * `review apply`: validate every row of the files first, then store the valid decisions in one transaction. The
 * next `reconcile --store` run (or `model train --apply`) decides the records again with them.
 */
export async function applyReview(storePath: string, files: readonly string[], now = new Date()): Promise<ApplyResult> {
  const rows = (await Promise.all(files.map(readReviewFile))).flat();
  const release = acquireLock(storePath);
  const store = WorkStore.open(storePath, { create: false });
  try {
    const plan = planReview(rows, {
      record: (key) => {
        const r = store.recordState(key);
        return r && { version: versionToken(r), personKey: r.personKey };
      },
      citizenExists: (id) => store.hasCitizen(id),
      activeDecisions: (key) => store.activeReviewDecisions([key]),
    });
    const when = now.toISOString();
    const stored: ApplyResult['stored'] = [];
    let replaced = 0;
    store.db.transaction(() => {
      for (const d of plan.decisions) {
        const rec = store.recordState(d.recordKey)!;
        const file = d.where.replace(/(:\d+| \[.*)$/, '');
        const base = {
          decision: d.decision,
          citizenId: d.citizenId,
          otherKey: d.otherKey,
          reviewer: d.reviewer,
          note: d.note,
          sourceFile: file,
          sourceRow: d.where,
          decided: when,
        };
        const ended = store.activeReviewDecisions([d.recordKey]).filter((o) => overrides(o, d));
        const id = store.insertReviewDecision({
          ...base,
          recordKey: d.recordKey,
          contentHash: rec.contentHash,
          before: decisionText(rec.decision),
          parentId: null,
        });
        stored.push({ id, recordKey: d.recordKey, decision: d.decision });
        const touched = [d.recordKey, ...(d.otherKey ? [d.otherKey] : [])];
        for (const o of ended) {
          touched.push(...endWithChildren(store, o, 'replaced', when, `replaced by #${id}`));
          replaced++;
        }
        // A forced link carries the record's folded duplicates with it.
        if (d.decision === 'link') {
          for (const f of store.foldedInto(d.recordKey)) {
            const fr = store.recordState(f)!;
            const cid = store.insertReviewDecision({
              ...base,
              recordKey: f,
              otherKey: '',
              contentHash: fr.contentHash,
              before: decisionText(fr.decision),
              parentId: id,
              note: `carried with #${id}`,
            });
            stored.push({ id: cid, recordKey: f, decision: d.decision });
            touched.push(f);
            for (const o of store
              .activeReviewDecisions([f])
              .filter((x) => x.id !== cid && overrides(x, { ...d, recordKey: f, otherKey: '' }))) {
              touched.push(...endWithChildren(store, o, 'replaced', when, `replaced by #${cid}`));
              replaced++;
            }
          }
        }
        store.addReviewPending(touched);
      }
    })();
    return { files: [...files], rows: rows.length, plan, stored, replaced };
  } finally {
    store.close();
    release();
  }
}

/** `review log`: every decision, oldest first. */
export function reviewLog(storePath: string): StoredReviewDecision[] {
  const store = WorkStore.open(storePath, { create: false, readonly: true });
  try {
    return store.allReviewDecisions();
  } finally {
    store.close();
  }
}

/** `review undo`: the decision (and what it carried) stops counting; the next run gives the records back to the model. */
export function undoReview(storePath: string, id: number, now = new Date()): { undone: number[] } {
  const release = acquireLock(storePath);
  const store = WorkStore.open(storePath, { create: false });
  try {
    const d = store.reviewDecision(id);
    if (d === undefined) throw new UsageError(`no review decision #${id} in ${storePath}; see vaxrec review log --store ${storePath}`);
    if (d.state !== 'active') throw new UsageError(`review decision #${id} is ${d.state} already; only a decision in force can be undone`);
    if (d.parentId !== null) throw new UsageError(`review decision #${id} was carried with #${d.parentId}: undo #${d.parentId}`);
    const before = new Set(
      store
        .allReviewDecisions()
        .filter((x) => x.state === 'active')
        .map((x) => x.id),
    );
    store.db.transaction(() => {
      store.addReviewPending(endWithChildren(store, d, 'undone', now.toISOString(), `undone by vaxrec review undo ${id}`));
    })();
    const after = new Set(
      store
        .allReviewDecisions()
        .filter((x) => x.state === 'active')
        .map((x) => x.id),
    );
    return { undone: [...before].filter((x) => !after.has(x)) };
  } finally {
    store.close();
    release();
  }
}

/** The open queue per facility and how long its cases have waited (summary.json and report.html of store runs). */
export interface ReviewQueueSummary {
  open: number;
  pairs: number;
  decisions_in_force: number;
  /** Decisions stored by review apply or undo that the next run will apply. */
  waiting_for_next_run: number;
  by_facility: { facility: string; open: number; pairs: number; oldest_days: number; median_days: number }[];
}

export function queueSummary(store: WorkStore, now: Date): ReviewQueueSummary {
  const q = chooseQueue(store, {});
  const days = (since: string): number => (since === '' ? 0 : Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS)));
  const by = new Map<string, { open: number; pairs: number; waits: number[] }>();
  const at = (f: string) => by.get(f) ?? by.set(f, { open: 0, pairs: 0, waits: [] }).get(f)!;
  for (const c of q.cases) {
    const f = at(c.row.facility);
    f.open++;
    f.waits.push(days(c.since));
  }
  for (const p of q.pairs) {
    const f = at(p.row.facility);
    f.pairs++;
    f.waits.push(days(p.since));
  }
  const counts = store.reviewCounts();
  return {
    open: q.cases.length,
    pairs: q.pairs.length,
    decisions_in_force: counts.inForce,
    waiting_for_next_run: counts.pending,
    by_facility: [...by.entries()]
      .map(([facility, f]) => {
        const w = [...f.waits].sort((a, b) => a - b);
        return {
          facility,
          open: f.open,
          pairs: f.pairs,
          oldest_days: w[w.length - 1] ?? 0,
          median_days: w[Math.floor((w.length - 1) / 2)] ?? 0,
        };
      })
      .sort((a, b) => b.open + b.pairs - (a.open + a.pairs) || b.oldest_days - a.oldest_days || (a.facility < b.facility ? -1 : 1)),
  };
}
