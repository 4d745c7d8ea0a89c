// Dose deduplication (issue 6): group doses by person, fold doses entered twice into the most trustworthy copy,
// then order each person's doses and flag the problems of the history. Pure: no I/O.

import type { DedupeConfig } from '../config/dedupe.js';
import type { DoseField, Problem } from '../types.js';
import { checkDoseHistory, type HistoryDose } from './dose-history.js';
import { ANALYST_DUPLICATE, clusterDoses, ruleOf, weighedOf, type AnalystPairs, type DoseClusters } from './dose-clusters.js';
import { describeWeighed } from './dose-evidence.js';
import { compareDosePair, describeDuplicate, DUPLICATE_RULES, widestWindowDays } from './dose-rules.js';
import { groupPersons, type DedupeItem, type SamePersonProbability } from './person-groups.js';
import { fillFromDuplicates, rankSurvivors } from './survivorship.js';
import { isoToDay, NO_DAY } from './values.js';

export type { DedupeItem, SamePersonProbability } from './person-groups.js';
export { followLead, isLinked, unlinkedKeyHashes } from './person-groups.js';
export type { DedupeConfig } from '../config/dedupe.js';
export { DUPLICATE_RULES, type DuplicateRule } from './dose-rules.js';
export { ANALYST_DUPLICATE, pairKey, type AnalystPairs } from './dose-clusters.js';
export { validateDedupeConfig } from './validate-config.js';

export interface DuplicateRecord {
  /** The folded item. */
  index: number;
  /** The surviving item it duplicates. */
  keptIndex: number;
  rule: string;
  /** The evidence (gap, window, products, lots, facilities, dose numbers; folded value first): no personal data. */
  detail: string;
}

export interface DedupeResult {
  /** Per item: the citizen_id when linked, else 'P-<hash>' for its group of unlinked records. */
  personKey: string[];
  /** Per item: index of the surviving item (itself when kept). */
  keptIndex: Int32Array;
  /** One per folded item, sorted by index. */
  duplicates: DuplicateRecord[];
  /** Survivor index -> folded item indices, ascending; keys inserted in ascending order. */
  merged: Map<number, number[]>;
  /** Per survivor: 1-based order of the person's doses by date (ties by seq); 0 for folded items. */
  doseSeq: Int32Array;
  /** Survivor -> fields filled in from its duplicates (raw canonical values). */
  filled: Map<number, Partial<Record<DoseField, string>>>;
  /** Survivor -> dose-history problems (DOSE_NUMBER_SEQUENCE, DOSE_INTERVAL_TOO_SHORT, DOSE_COUNT_EXCESSIVE). */
  problems: Map<number, Problem[]>;
  stats: {
    persons: number;
    groupsOfUnlinked: number;
    /** Merges of unlinked groups refused by complete linkage or the group-size cap. */
    chainRefusals: number;
    /** Folded items per rule (every rule present, 0 when unused). */
    byRule: Record<string, number>;
    /** Dose clusters not joined because a pair across them was not a duplicate (complete linkage at dose level). */
    doseChainRefusals: number;
    /** samePerson evaluations made while grouping unlinked records. */
    samePersonPairs: number;
  };
}

/** Why a review record was compared with a citizen's doses at all (person-groups.ts findFollowers). */
export const FOLLOWED =
  "review record grouped with its best candidate's doses: a copy of a dose linked to that citizen on their own ID (or, without an ID, on its details), the candidate leading";

export function dedupeDoses(
  items: readonly DedupeItem[],
  samePerson: SamePersonProbability,
  cfg: DedupeConfig,
  pairs?: AnalystPairs,
): DedupeResult {
  const n = items.length;
  const groups = groupPersons(items, samePerson, cfg);
  const persons = groups.keys.length;

  const day = new Int32Array(n);
  for (let i = 0; i < n; i++) day[i] = isoToDay(items[i].dose.doseDate);

  // Counting sort by person: items of one person are contiguous, in input order.
  const start = new Int32Array(persons + 1);
  for (let i = 0; i < n; i++) start[groups.personOf[i] + 1]++;
  for (let p = 0; p < persons; p++) start[p + 1] += start[p];
  const next = start.slice(0, persons);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[groups.personOf[i]]++] = i;

  const personKey: string[] = new Array(n);
  const keptIndex = new Int32Array(n);
  const doseSeq = new Int32Array(n);
  const duplicates: DuplicateRecord[] = [];
  const mergedList: [number, number[]][] = [];
  const filledList: [number, Partial<Record<DoseField, string>>][] = [];
  const problemLists = new Map<number, Problem[]>();
  const byRule: Record<string, number> = Object.fromEntries(DUPLICATE_RULES.map((r) => [r, 0]));
  let doseChainRefusals = 0;
  const widest = widestWindowDays(cfg);
  const addProblem = (index: number, problem: Problem): void => {
    const list = problemLists.get(index);
    if (list) list.push(problem);
    else problemLists.set(index, [problem]);
  };

  // The person being decided: its clusters and date-sorted items, for the history check's reasons.
  let current: { found: DoseClusters | null; sorted: number[]; possible: Set<string> } = { found: null, sorted: [], possible: new Set() };
  const keptApartReason = (earlier: HistoryDose, later: HistoryDose, gap: number): string => {
    const { found, sorted } = current;
    const w = found === null ? undefined : weighedOf(found, sorted.length, sorted.indexOf(earlier.index), sorted.indexOf(later.index));
    if (w !== undefined && w.verdict === 'distinct') return `weighed distinct: ${describeWeighed(w, cfg)}`;
    const verdict = compareDosePair(earlier.dose, later.dose, gap, cfg);
    return verdict.rule === null && w === undefined
      ? verdict.reason
      : `each is a duplicate of a different record (${verdict.rule ?? 'WEIGHED_EVIDENCE'} between them, but a third record disagrees)`;
  };
  // A pair already flagged DOSE_POSSIBLE_DUPLICATE is not flagged DOSE_INTERVAL_TOO_SHORT as well.
  const flaggedPossible = (earlier: HistoryDose, later: HistoryDose): boolean => current.possible.has(`${earlier.index}:${later.index}`);
  const sequenced = { checkSequence: true, keptApartReason, flaggedPossible };
  const unsequenced = { checkSequence: false, keptApartReason, flaggedPossible };

  for (let p = 0; p < persons; p++) {
    const key = groups.keys[p];
    const linked = groups.linked[p] === 1;
    const s = start[p];
    const e = start[p + 1];
    if (e - s === 1) {
      // Most persons have one record: no pairs, and only the dose-number check of checkDoseHistory applies.
      const i = order[s];
      personKey[i] = key;
      keptIndex[i] = i;
      doseSeq[i] = 1;
      const dn = items[i].dose.doseNumber;
      if (linked && dn !== null && dn !== 1) {
        checkDoseHistory([{ index: i, dose: items[i].dose, day: day[i], doseNumber: dn }], doseSeq, sequenced, cfg, addProblem);
      }
      continue;
    }

    const sorted = Array.from(order.subarray(s, e)).sort((x, y) => day[x] - day[y] || items[x].dose.seq - items[y].dose.seq || x - y);
    const k = sorted.length;
    for (const i of sorted) {
      personKey[i] = key;
      keptIndex[i] = i;
    }
    const found = clusterDoses(
      sorted.map((i) => items[i].dose),
      sorted.map((i) => day[i]),
      widest,
      cfg,
      pairs,
    );
    // dose_number of survivors whose own is empty, taken from their duplicates.
    const doseNumber = new Map<number, number | null>();
    // Survivor -> its folded items, for the range of dates its copies give.
    const mergedOf = new Map<number, number[]>();
    if (found !== null) {
      doseChainRefusals += found.refusals;
      for (const cluster of found.clusters) {
        const ranked = rankSurvivors(
          items,
          cluster.map((x) => sorted[x]),
        );
        // The dose an analyst named as the one to keep (duplicate_of's kept_record_id) survives.
        const named = pairs === undefined ? -1 : ranked.findIndex((i) => pairs.kept.has(items[i].dose.recordId));
        if (named > 0) ranked.unshift(...ranked.splice(named, 1));
        const kept = ranked[0];
        const keptPos = sorted.indexOf(kept);
        const folded: number[] = [];
        for (let r = 1; r < ranked.length; r++) {
          const f = ranked[r];
          const rule = ruleOf(found, k, sorted.indexOf(f), keptPos);
          const gap = day[f] === NO_DAY || day[kept] === NO_DAY ? 0 : Math.abs(day[f] - day[kept]);
          const w = rule === 'WEIGHED_EVIDENCE' ? weighedOf(found, k, sorted.indexOf(f), keptPos) : undefined;
          const evidence = w === undefined ? '' : describeWeighed(w, cfg);
          keptIndex[f] = kept;
          folded.push(f);
          const ruled =
            rule === ANALYST_DUPLICATE
              ? `gap_days=${gap}; decided by an analyst (review decision duplicate_of)`
              : describeDuplicate(items[f].dose, items[kept].dose, rule, gap, cfg, evidence);
          const detail = groups.followers.has(f) ? `${ruled}; ${FOLLOWED}` : ruled;
          duplicates.push({ index: f, keptIndex: kept, rule, detail });
          byRule[rule] = (byRule[rule] ?? 0) + 1;
        }
        mergedList.push([kept, folded.sort((x, y) => x - y)]);
        mergedOf.set(kept, folded);
        const filled = fillFromDuplicates(items, ranked);
        if (filled) filledList.push([kept, filled]);
        let dn = items[kept].dose.doseNumber;
        for (let r = 1; dn === null && r < ranked.length; r++) dn = items[ranked[r]].dose.doseNumber;
        doseNumber.set(kept, dn);
      }
    }

    // Possible duplicates: weighed pairs between the review and duplicate thresholds whose records were not folded
    // together. The later survivor is flagged, naming the earlier one, once per pair of survivors.
    const possible = new Set<string>();
    if (found !== null) {
      for (const [key, w] of found.weighed) {
        if (w.verdict !== 'possible') continue;
        const x = keptIndex[sorted[Math.floor(key / k)]];
        const y = keptIndex[sorted[key % k]];
        if (x === y) continue;
        const [earlier, later] = day[x] < day[y] || (day[x] === day[y] && sorted.indexOf(x) < sorted.indexOf(y)) ? [x, y] : [y, x];
        if (possible.has(`${earlier}:${later}`)) continue;
        possible.add(`${earlier}:${later}`);
        const gap = Math.abs(day[later] - day[earlier]);
        const e = items[earlier].dose;
        addProblem(later, {
          code: 'DOSE_POSSIBLE_DUPLICATE',
          field: 'dose_date',
          value: items[later].dose.doseDate,
          detail:
            `possible duplicate of record ${e.recordId || '-'} (${e.vaccine.product}, ${e.doseDate}, ${gap} days apart): ` +
            `kept for review; ${describeWeighed(w, cfg)}`,
          fix: e.recordId,
        });
      }
    }
    current = { found, sorted, possible };

    const history: HistoryDose[] = [];
    for (const i of sorted) {
      if (keptIndex[i] !== i) continue;
      const dn = found !== null && doseNumber.has(i) ? (doseNumber.get(i) ?? null) : items[i].dose.doseNumber;
      let firstDay = day[i];
      let lastDay = day[i];
      const otherDoseNumbers: number[] = [];
      for (const f of found !== null ? (mergedOf.get(i) ?? []) : []) {
        const n = items[f].dose.doseNumber;
        if (n !== null) otherDoseNumbers.push(n);
        if (day[f] === NO_DAY || day[i] === NO_DAY) continue;
        firstDay = Math.min(firstDay, day[f]);
        lastDay = Math.max(lastDay, day[f]);
      }
      history.push({ index: i, dose: items[i].dose, day: day[i], doseNumber: dn, firstDay, lastDay, otherDoseNumbers });
    }
    checkDoseHistory(history, doseSeq, linked || history.length > 1 ? sequenced : unsequenced, cfg, addProblem);
  }

  duplicates.sort((x, y) => x.index - y.index);
  mergedList.sort((x, y) => x[0] - y[0]);
  filledList.sort((x, y) => x[0] - y[0]);
  const problems = new Map<number, Problem[]>();
  for (const i of Array.from(problemLists.keys()).sort((x, y) => x - y)) problems.set(i, problemLists.get(i) as Problem[]);

  return {
    personKey,
    keptIndex,
    duplicates,
    merged: new Map(mergedList),
    doseSeq,
    filled: new Map(filledList),
    problems,
    stats: {
      persons,
      groupsOfUnlinked: groups.groupsOfUnlinked,
      chainRefusals: groups.chainRefusals,
      byRule,
      doseChainRefusals,
      samePersonPairs: groups.pairsCompared,
    },
  };
}
