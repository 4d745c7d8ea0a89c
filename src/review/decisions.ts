// Analysts' review decisions: the six verdicts, their problem codes, and the pure planner that validates a filled
// review file against the store's state and says what to store (nothing here reads files or the database).

import { pairKey } from '../dedupe/dose-clusters.js';

/** What an analyst can decide about a record (or a pair of doses) in a review file. */
export const REVIEW_DECISIONS = ['link', 'not_in_registry', 'not_candidate', 'duplicate_of', 'not_duplicate', 'skip'] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

/** The meaning of each decision, as the review file's help sheet and the README show it. */
export const DECISION_MEANINGS: Record<ReviewDecisionKind, string> = {
  link: 'the record is this citizen (citizen_id: one of the candidates or any registry citizen)',
  not_in_registry: 'none of these people: keep the record unlinked',
  not_candidate: "this citizen (citizen_id) is not the record's person: exclude them and keep deciding",
  duplicate_of: 'this dose is the same as kept_record_id (on the duplicates sheet: the other record when empty)',
  not_duplicate: 'these two doses are both real: keep them apart for good',
  skip: 'no decision yet: the record stays in the queue',
};

/** Why a row of a review file was refused (`vaxrec review apply` lists them all, with the row). */
export const REVIEW_PROBLEMS = {
  REVIEW_DECISION_UNKNOWN: 'decision is not one of link, not_in_registry, not_candidate, duplicate_of, not_duplicate, skip',
  REVIEW_RECORD_MISSING: 'the row has a decision but no record_id',
  REVIEW_RECORD_UNKNOWN: 'record_id is not a current record of this store',
  REVIEW_RECORD_STALE: 'the record changed since the export (a corrected version arrived): export the queue again',
  REVIEW_CITIZEN_MISSING: 'link and not_candidate need a citizen_id',
  REVIEW_CITIZEN_UNKNOWN: 'citizen_id is not in the registry snapshot the store uses',
  REVIEW_KEPT_MISSING: 'duplicate_of and not_duplicate need kept_record_id (the other dose)',
  REVIEW_KEPT_UNKNOWN: 'kept_record_id is not a current record of this store',
  REVIEW_KEPT_SELF: 'kept_record_id is the record itself',
  REVIEW_KEPT_OTHER_PERSON: 'kept_record_id is a dose of another person: link the record first',
  REVIEW_CONFLICT: 'another row of the file decides the same record (or pair) differently: both refused',
} as const;
export type ReviewProblemCode = keyof typeof REVIEW_PROBLEMS;

/** One filled row of a review file, as read (cells as text). */
export interface ReviewRow {
  /** Where the row is: `file:line` for CSV, `file [sheet] row N` for a workbook. */
  where: string;
  recordId: string;
  /** The record's version token when exported (stale check). */
  recordVersion: string;
  /** Duplicates sheet: the other dose of the pair (the default kept_record_id) and its version token when exported. */
  otherRecordId: string;
  otherRecordVersion: string;
  decision: string;
  citizenId: string;
  keptRecordId: string;
  note: string;
  reviewer: string;
}

export interface ReviewProblem {
  where: string;
  recordId: string;
  code: ReviewProblemCode;
  message: string;
}

/** A decision to store (validated). */
export interface PlannedDecision {
  where: string;
  recordKey: string;
  decision: Exclude<ReviewDecisionKind, 'skip'>;
  citizenId: string;
  otherKey: string;
  reviewer: string;
  note: string;
}

/** A decision as the store keeps it. */
export interface StoredReviewDecision {
  id: number;
  recordKey: string;
  decision: Exclude<ReviewDecisionKind, 'skip'>;
  citizenId: string;
  otherKey: string;
  contentHash: string;
  /** The record's decision text when the analyst decided. */
  before: string;
  reviewer: string;
  note: string;
  sourceFile: string;
  sourceRow: string;
  decided: string;
  parentId: number | null;
  /**
   * active: in force; undone (review undo); replaced (a later decision on the same record or pair); reopened (the
   * record was corrected, or its citizen left the registry).
   */
  state: 'active' | 'undone' | 'replaced' | 'reopened';
  stateChanged: string | null;
  stateReason: string;
  appliedRun: number | null;
  undoAppliedRun: number | null;
}

/** What the planner reads of the store. */
export interface ReviewLookups {
  /** The record's current version token, person and linked citizen; undefined when not a current record. */
  record(key: string): { version: string; personKey: string } | undefined;
  citizenExists(id: string): boolean;
  /** The active decisions naming this record (as record or as the other dose of a pair). */
  activeDecisions(key: string): readonly StoredReviewDecision[];
}

export interface ReviewPlan {
  problems: ReviewProblem[];
  /** New decisions, in file order, without repeats. */
  decisions: PlannedDecision[];
  /** Rows whose decision is already in force (applying the same file again). */
  unchanged: number;
  skipped: number;
  /** Rows without a decision. */
  blank: number;
}

/** `Not in registry`, `NOT-IN-REGISTRY` and `not_in_registry` are one decision. */
export function parseDecision(text: string): ReviewDecisionKind | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (REVIEW_DECISIONS as readonly string[]).includes(t) ? (t as ReviewDecisionKind) : null;
}

/** An ID typed or pasted into a cell: spaces and a leading apostrophe (Excel's text marker) are not part of it. */
export function cleanId(text: string): string {
  return text.trim().replace(/^'/, '').replace(/\s+/g, '');
}

const sameDecision = (
  a: { decision: string; citizenId: string; otherKey: string },
  b: { decision: string; citizenId: string; otherKey: string },
): boolean => a.decision === b.decision && a.citizenId === b.citizenId && a.otherKey === b.otherKey;

/** A decision about two doses rather than a record's link. */
export function isPairDecision(decision: string): boolean {
  return decision === 'duplicate_of' || decision === 'not_duplicate';
}

/**
 * Validate every row first and say what to store: each problem with its row; rows that contradict each other
 * are all refused; a decision already in force is counted unchanged (applying a file twice changes nothing).
 */
export function planReview(rows: readonly ReviewRow[], store: ReviewLookups): ReviewPlan {
  const problems: ReviewProblem[] = [];
  const candidates: PlannedDecision[] = [];
  let skipped = 0;
  let blank = 0;
  const refuse = (row: ReviewRow, code: ReviewProblemCode, extra = ''): void => {
    problems.push({
      where: row.where,
      recordId: row.recordId,
      code,
      message: extra === '' ? REVIEW_PROBLEMS[code] : `${REVIEW_PROBLEMS[code]} (${extra})`,
    });
  };
  for (const row of rows) {
    if (row.decision.trim() === '') {
      blank++;
      continue;
    }
    const decision = parseDecision(row.decision);
    if (decision === null) {
      refuse(row, 'REVIEW_DECISION_UNKNOWN');
      continue;
    }
    if (decision === 'skip') {
      skipped++;
      continue;
    }
    const key = row.recordId.trim();
    if (key === '') {
      refuse(row, 'REVIEW_RECORD_MISSING');
      continue;
    }
    const rec = store.record(key);
    if (rec === undefined) {
      refuse(row, 'REVIEW_RECORD_UNKNOWN');
      continue;
    }
    if (row.recordVersion.trim() !== '' && row.recordVersion.trim() !== rec.version) {
      refuse(row, 'REVIEW_RECORD_STALE');
      continue;
    }
    let citizenId = '';
    let otherKey = '';
    if (decision === 'link' || decision === 'not_candidate') {
      citizenId = cleanId(row.citizenId);
      if (citizenId === '') {
        refuse(row, 'REVIEW_CITIZEN_MISSING');
        continue;
      }
      if (!store.citizenExists(citizenId)) {
        refuse(row, 'REVIEW_CITIZEN_UNKNOWN');
        continue;
      }
    }
    if (decision === 'duplicate_of' || decision === 'not_duplicate') {
      otherKey = row.keptRecordId.trim() !== '' ? row.keptRecordId.trim() : row.otherRecordId.trim();
      if (otherKey === '') {
        refuse(row, 'REVIEW_KEPT_MISSING');
        continue;
      }
      if (otherKey === key) {
        refuse(row, 'REVIEW_KEPT_SELF');
        continue;
      }
      const other = store.record(otherKey);
      if (other === undefined) {
        refuse(row, 'REVIEW_KEPT_UNKNOWN');
        continue;
      }
      if (
        otherKey === row.otherRecordId.trim() &&
        row.otherRecordVersion.trim() !== '' &&
        row.otherRecordVersion.trim() !== other.version
      ) {
        refuse(row, 'REVIEW_RECORD_STALE', 'the other dose changed');
        continue;
      }
      if (decision === 'duplicate_of' && other.personKey !== rec.personKey) {
        refuse(row, 'REVIEW_KEPT_OTHER_PERSON');
        continue;
      }
    }
    candidates.push({
      where: row.where,
      recordKey: key,
      decision,
      citizenId,
      otherKey,
      reviewer: row.reviewer.trim(),
      note: row.note.trim(),
    });
  }

  // Contradictions inside the file: every row of a contradicted record or pair is refused.
  const conflicted = new Set<PlannedDecision>();
  const byRecord = new Map<string, PlannedDecision[]>();
  const byPair = new Map<string, PlannedDecision[]>();
  for (const d of candidates) {
    const isPair = isPairDecision(d.decision);
    const m = isPair ? byPair : byRecord;
    const k = isPair ? pairKey(d.recordKey, d.otherKey) : d.recordKey;
    const list = m.get(k);
    if (list) list.push(d);
    else m.set(k, [d]);
  }
  for (const list of byRecord.values()) {
    const verdicts = list.filter((d) => d.decision === 'link' || d.decision === 'not_in_registry');
    const distinct = verdicts.filter((d, i) => verdicts.findIndex((e) => sameDecision(d, e)) === i);
    const linked = new Set(verdicts.filter((d) => d.decision === 'link').map((d) => d.citizenId));
    const excludesLinked = list.some((d) => d.decision === 'not_candidate' && linked.has(d.citizenId));
    if (distinct.length > 1 || excludesLinked) for (const d of list) conflicted.add(d);
  }
  for (const list of byPair.values()) {
    const distinct = list.filter((d, i) => list.findIndex((e) => sameDecision(d, e) && d.recordKey === e.recordKey) === i);
    if (distinct.length > 1) for (const d of list) conflicted.add(d);
  }
  // One dose folded into two different doses.
  const keptOf = new Map<string, Set<string>>();
  for (const d of candidates)
    if (d.decision === 'duplicate_of') (keptOf.get(d.recordKey) ?? keptOf.set(d.recordKey, new Set()).get(d.recordKey)!).add(d.otherKey);
  for (const d of candidates) if (d.decision === 'duplicate_of' && keptOf.get(d.recordKey)!.size > 1) conflicted.add(d);
  for (const d of candidates) {
    if (!conflicted.has(d)) continue;
    const others = candidates.filter(
      (e) => e !== d && conflicted.has(e) && (e.recordKey === d.recordKey || e.otherKey === d.recordKey || e.recordKey === d.otherKey),
    );
    problems.push({
      where: d.where,
      recordId: d.recordKey,
      code: 'REVIEW_CONFLICT',
      message: `${REVIEW_PROBLEMS.REVIEW_CONFLICT} (see ${others.map((e) => e.where).join(', ')})`,
    });
  }

  // What is already in force is not stored again; repeats inside the file are stored once.
  const decisions: PlannedDecision[] = [];
  let unchanged = 0;
  for (const d of candidates) {
    if (conflicted.has(d)) continue;
    const inForce = store.activeDecisions(d.recordKey).some((s) => s.recordKey === d.recordKey && sameDecision(s, d));
    const repeated = decisions.some((e) => e.recordKey === d.recordKey && sameDecision(e, d));
    if (inForce || repeated) unchanged++;
    else decisions.push(d);
  }
  return { problems, decisions, unchanged, skipped, blank };
}

/** What the linker and the dose grouping must honour for a set of records: the decisions in force. */
export interface Verdicts {
  /** Record -> the analyst's link (citizen) or not_in_registry, the latest in force. */
  verdict: Map<string, StoredReviewDecision>;
  /** Record -> citizens an analyst excluded. */
  exclude: Map<string, Set<string>>;
  /** Pair decisions in force. */
  pairs: StoredReviewDecision[];
}

export function verdictsOf(active: readonly StoredReviewDecision[]): Verdicts {
  const verdict = new Map<string, StoredReviewDecision>();
  const exclude = new Map<string, Set<string>>();
  const pairs: StoredReviewDecision[] = [];
  for (const d of [...active].sort((a, b) => a.id - b.id)) {
    if (d.state !== 'active') continue;
    if (d.decision === 'link' || d.decision === 'not_in_registry') verdict.set(d.recordKey, d);
    else if (d.decision === 'not_candidate') {
      const s = exclude.get(d.recordKey);
      if (s) s.add(d.citizenId);
      else exclude.set(d.recordKey, new Set([d.citizenId]));
    } else pairs.push(d);
  }
  return { verdict, exclude, pairs };
}
