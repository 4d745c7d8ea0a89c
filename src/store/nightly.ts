// `reconcile --store`: add tonight's files to the work store and bring every decision they affect up to date.
// Only what is affected is redone: tonight's records are linked, and the people they touch (their citizens, and
// the unlinked groups their blocking keys reach) are grouped and deduplicated again from the store.

import { createHash } from 'node:crypto';
import { acquireLock } from '../report/atomic-dir.js';
import { UsageError } from '../errors.js';
import { citizenById, trainModel, linkDose, linkWithHistory, validateModel, type LinkModel } from '../link/index.js';
import { historyCitizens, readsHistory, vaccinatedAt } from '../link/history.js';
import { followLead, isLinked, unlinkedKeyHashes, type DedupeResult } from '../dedupe/index.js';
import { hash53 } from '../util/hash.js';
import type { Citizen, LinkDecision, NormalizedDose } from '../types.js';
import { LINKED_STATUSES } from '../types.js';
import { writeOutputs } from '../report/outputs.js';
import {
  alignExtra,
  checkAccounting,
  dedupeStage,
  warnIfHeapShort,
  ingestDoses,
  linkDoses,
  openRegistry,
  runContext,
  startLinkWorker,
  type ReconcileOptions,
  type RunResult,
  type DoseVersion,
} from '../pipeline.js';
import { WorkStore, decisionText, type ChangeRow, type PersonState, type StoredCitizen, type StoredRecord } from './work-store.js';
import { storedDecision } from './record-codec.js';
import { verdictsOf } from '../review/decisions.js';
import { analystPairs, decideWithVerdicts } from '../review/decide.js';
import { queueSummary } from './review.js';
import { registryImportId } from '../registry/store.js';
import { eachCitizen } from '../registry/citizens.js';
import type { LinkWorker } from '../link/parallel.js';
import { cmp } from '../util/compare.js';

export interface StoreRunOptions extends ReconcileOptions {
  store: string;
  /** `model train --apply`: pin this new model and decide every record again with it. */
  retrain?: LinkModel;
}

export interface StoreRunResult {
  run: RunResult;
  changes: ChangeRow[];
  tonight: {
    inputRows: number;
    new: number;
    corrected: number;
    recognised: number;
    rejects: number;
    skippedFiles: number;
    relinked: number;
    /** Records decided again because their analysts' decisions changed (review apply or undo). */
    reviewed: number;
    written: number;
  };
  totals: ReturnType<WorkStore['counts']>;
}

/** One record of tonight's working set: its current dose and decision, and what the store held before tonight. */
interface WorkItem {
  key: string;
  dose: NormalizedDose;
  decision: LinkDecision;
  /** The stored current version before tonight (null for a record new tonight). */
  before: StoredRecord | null;
  /** review: a record whose analysts' decisions changed since the last run (review apply or undo). */
  kind: 'new' | 'corrected' | 'relinked' | 'review' | 'stored';
  /** Tonight's version bookkeeping (new and corrected only). */
  version?: DoseVersion;
}

/** A registry citizen's details as the outputs show them, and a hash of everything a decision reads of it. */
export function citizenDetails(c: Citizen): StoredCitizen {
  const birth = c.birth?.iso ?? '';
  const all = [c.citizenId, c.oldId, c.name.display, birth, c.gender, c.commune, c.phone].join('\u001f');
  return { citizenId: c.citizenId, detailsHash: hash53(all), display: c.name.display, birthIso: birth, gender: c.gender };
}

/** Bump when citizenDetails or snapshotHash change what they hash: a remembered snapshot hash is then made again. */
const SNAPSHOT_RECIPE = 1;

/** What names a registry database's snapshot hash without reading its citizens: its import, or null if it has no id. */
function registrySourceKey(dbPath: string): string | null {
  const id = registryImportId(dbPath);
  return id === null ? null : `${id}/${SNAPSHOT_RECIPE}`;
}

/** The registry snapshot's content hash: the same citizens with the same details give the same hash. */
export function snapshotHash(details: readonly StoredCitizen[]): string {
  const h = createHash('sha256');
  const sorted = details.map((d) => `${d.citizenId}\u001f${d.detailsHash}`).sort();
  for (const s of sorted) h.update(s).update('\n');
  return h.digest('hex');
}

function samePerson(a: PersonState, b: PersonState): boolean {
  return (
    a.personKey === b.personKey &&
    a.keptKey === b.keptKey &&
    a.rule === b.rule &&
    a.detail === b.detail &&
    a.doseSeq === b.doseSeq &&
    JSON.stringify(a.filled) === JSON.stringify(b.filled) &&
    JSON.stringify(a.history) === JSON.stringify(b.history)
  );
}

function sameDecision(stored: LinkDecision, d: LinkDecision): boolean {
  return JSON.stringify(stored) === JSON.stringify(storedDecision(d));
}

/** The person state of item i of a dedupe result over `items`. */
function personStateOf(
  items: readonly WorkItem[],
  dd: DedupeResult,
  dupOf: Map<number, { rule: string; detail: string }>,
  i: number,
): PersonState {
  const kept = dd.keptIndex[i];
  const dup = dupOf.get(i);
  return {
    personKey: dd.personKey[i] ?? '',
    keptKey: kept === i ? '' : items[kept].key,
    rule: dup?.rule ?? '',
    detail: dup?.detail ?? '',
    doseSeq: dd.doseSeq[i] ?? 0,
    filled: dd.filled.get(i) ?? null,
    history: dd.problems.get(i) ?? null,
  };
}

export async function reconcileIntoStore(opts: StoreRunOptions): Promise<StoreRunResult> {
  // One writer at a time on the store, and on --out.
  const releaseStore = acquireLock(opts.store);
  const releaseOut = acquireLock(opts.out);
  const ctx = runContext(opts);
  const { config, logger } = opts;
  let store: WorkStore | null = null;
  const reg = await openRegistry(ctx, opts.registry);
  // --threads as in a run without a store: the worker loads its citizens while this thread reads tonight's files.
  let worker: LinkWorker | null = startLinkWorker(ctx, reg, opts);
  try {
    store = WorkStore.open(opts.store, { create: true, fileMode: opts.fileMode });
    store.setAdminUnits(checkAdminUnits(store, opts.store, config));
    // The snapshot hash of the registry database the store saw last (the same import) is the one it remembers: hashing
    // every citizen's details costs ~2.5 s a night per million citizens. A CSV registry is imported anew every run.
    let details: StoredCitizen[] | null = null;
    // In citizen_id order: the store's table of them is keyed by it, and rows inserted in key order are appended to its
    // B-tree instead of scattered over it (setRegistry).
    const detailsOf = (): StoredCitizen[] =>
      (details ??= Array.from(eachCitizen(reg.citizens), citizenDetails).sort((a, b) => cmp(a.citizenId, b.citizenId)));
    const source = registrySourceKey(reg.dbPath);
    const remembered = source !== null && source === store.registrySource() ? store.registryHash() : null;
    const regHash = remembered ?? snapshotHash(detailsOf());
    logger.info({ stage: 'registry_snapshot', remembered: remembered !== null }, 'registry snapshot');
    const now = new Date().toISOString();
    const runId = store.beginRun(opts.version, regHash, now);
    try {
      const ledger = store.ledger();
      const ing = await ctx.time(
        'ingest',
        () => ctx.withBar('ingest', 0, () => ingestDoses(opts.doses, ctx.base, ctx.progress, logger, ledger, { sheet: opts.sheet })),
        (r) => r.inputRows,
        (r) => ({ rejected: r.rejects.length, recognised: r.recognised.length, superseded: r.superseded.length + r.replacedKnown.length }),
      );

      warnIfHeapShort(logger, ing.doses.length);

      // The model is pinned in the store: the first run trains it (or takes --model), later runs use it.
      const pinned = store.model();
      let model: LinkModel;
      let modelId: number;
      if (opts.retrain !== undefined) {
        model = opts.retrain;
        modelId = store.pinModel(runId, model, 'retrained (vaxrec model train --apply)', now);
      } else if (pinned !== null) {
        if (opts.model !== undefined && JSON.stringify(opts.model) !== JSON.stringify(pinned.model)) {
          throw new UsageError(
            `--model differs from the model pinned in ${opts.store}; change it with: vaxrec model train --store ${opts.store} --apply`,
          );
        }
        try {
          model = validateModel(pinned.model);
        } catch (e) {
          // A store made by an earlier vaxrec pins a model of another shape (the commune ladder gained "split").
          throw new UsageError(
            `the model pinned in ${opts.store} was made by another version of vaxrec: ${(e as Error).message}\n` +
              `train a new one with: vaxrec model train --store ${opts.store} --registry <registry> --apply --out <dir>`,
          );
        }
        modelId = pinned.id;
      } else {
        model =
          opts.model ??
          (await ctx.time(
            'train',
            () => trainModel(ing.doses, reg.index, config.link, 1),
            () => ing.doses.length,
          ));
        modelId = store.pinModel(runId, model, opts.model ? 'pinned (--model)' : 'trained on the first run', now);
      }

      const { decisions, linkStats } = await linkDoses(ctx, ing.doses, reg.index, model, worker);
      await worker?.close();
      worker = null;
      const replaced = new Set(ing.replacedKnown);
      const work = new Map<string, WorkItem>();
      ing.doses.forEach((dose, i) => {
        work.set(dose.recordId, {
          key: dose.recordId,
          dose,
          decision: decisions[i],
          before: null,
          kind: replaced.has(dose.recordId) ? 'corrected' : 'new',
          version: ing.versions.get(dose.recordId),
        });
      });
      for (const s of store.currentOf(replaced)) work.get(s.key)!.before = s;

      // A new registry snapshot: re-evaluate the decisions it can affect (a new model: every decision).
      const previousHash = store.registryHash();
      let relinked = 0;
      if (opts.retrain !== undefined) {
        for (const s of store.allCurrent()) {
          if (work.has(s.key)) continue;
          work.set(s.key, {
            key: s.key,
            dose: s.dose,
            decision: linkDose(s.dose, reg.index, model, config.link),
            before: s,
            kind: 'relinked',
          });
          relinked++;
        }
      } else if (previousHash !== null && previousHash !== regHash) {
        relinked = relinkForRegistry(ctx, store, reg, detailsOf(), model, work);
        logger.info({ stage: 'registry_update', relinked }, 'registry snapshot changed: affected decisions re-evaluated');
      }
      if (previousHash !== regHash) store.setRegistry(regHash, detailsOf());
      // '' when this registry has no import id: a later database with one must not be taken for the one before.
      store.setRegistrySource(source ?? '');

      // The analysts' decisions: a corrected record re-opens its decisions; every record decided again tonight (or whose
      // decisions changed since the last run) takes the decisions in force over the model's.
      const reviewChanges = reopenCorrected(store, work, now);
      const reviewed = applyVerdicts(ctx, store, reg, model, work, now, reviewChanges);

      gatherAffected(store, work);
      decideAgainWithHistory(ctx, store, reg, model, work);
      const items = [...work.values()].sort((a, b) => a.dose.seq - b.dose.seq);
      const pairs = analystPairs(verdictsOf(store.activeReviewDecisions(items.map((w) => w.key))).pairs);
      const dd = await dedupeStage(
        ctx,
        items.map((w) => ({ dose: w.dose, decision: w.decision })),
        model,
        pairs,
      );
      const dupOf = new Map(dd.duplicates.map((x) => [x.index, { rule: x.rule, detail: x.detail }]));

      const changes: ChangeRow[] = [];
      const changed = new Set<number>();
      const oldKeyMembers = new Map<string, Set<string>>();
      const newKeyMembers = new Map<string, Set<string>>();
      const states = items.map((_w, i) => personStateOf(items, dd, dupOf, i));
      items.forEach((w, i) => {
        const st = states[i];
        const add = (m: Map<string, Set<string>>, k: string, v: string) => {
          if (!k.startsWith('P-')) return;
          let s = m.get(k);
          if (!s) m.set(k, (s = new Set()));
          s.add(v);
        };
        if (w.before) add(oldKeyMembers, w.before.person.personKey, w.key);
        add(newKeyMembers, st.personKey, w.key);
      });
      items.forEach((w, i) => {
        const st = states[i];
        const b = w.before;
        let touched = w.kind === 'new' || w.kind === 'corrected';
        if (w.kind === 'new')
          changes.push({
            recordKey: w.key,
            change: 'new',
            before: '',
            after: decisionText(w.decision),
            reason: `${w.dose.source.file}:${w.dose.source.line}`,
          });
        if (w.kind === 'corrected' && b) {
          changes.push({
            recordKey: w.key,
            change: 'corrected',
            before: `${b.source.file}:${b.source.line}`,
            after: `${w.dose.source.file}:${w.dose.source.line}`,
            reason: 'the facility sent a new version of this record',
          });
        }
        if (b) {
          if (decisionText(b.decision) !== decisionText(w.decision)) {
            const relink =
              b.decision.citizenId !== w.decision.citizenId &&
              (LINKED_STATUSES.has(b.decision.status) || LINKED_STATUSES.has(w.decision.status));
            changes.push({
              recordKey: w.key,
              change: relink ? 'relinked' : 'status_changed',
              before: decisionText(b.decision),
              after: decisionText(w.decision),
              reason:
                w.kind === 'relinked'
                  ? opts.retrain
                    ? 'new model'
                    : 'registry snapshot changed'
                  : w.kind === 'review'
                    ? w.decision.analyst
                      ? `analyst decision #${w.decision.analyst.decisionId}`
                      : 'analyst decision withdrawn'
                    : w.kind === 'corrected'
                      ? 'the record was corrected'
                      : 'decided again',
            });
          }
          if (b.person.keptKey !== st.keptKey) {
            if (st.keptKey !== '')
              changes.push({ recordKey: w.key, change: 'folded', before: b.person.keptKey, after: st.keptKey, reason: st.rule });
            else
              changes.push({
                recordKey: w.key,
                change: 'unfolded',
                before: b.person.keptKey,
                after: '',
                reason: 'no longer a duplicate of that dose',
              });
          }
          if (b.person.personKey !== st.personKey && b.person.personKey.startsWith('P-') && st.personKey.startsWith('P-')) {
            // Several old groups in the new one: a merge; the old group spread over several new ones: a split.
            const olds = new Set(
              [...(newKeyMembers.get(st.personKey) ?? [])]
                .map((k) => work.get(k)?.before?.person.personKey)
                .filter((k) => k?.startsWith('P-')),
            );
            const merged = olds.size > 1;
            changes.push({
              recordKey: w.key,
              change: merged ? 'person_merged' : 'person_split',
              before: b.person.personKey,
              after: st.personKey,
              reason: merged ? `groups ${[...olds].sort().join(', ')} are one person` : `group ${b.person.personKey} holds two people`,
            });
          }
          if (!touched) touched = !sameDecision(b.decision, w.decision) || !samePerson(b.person, st);
        } else if (w.kind === 'new' && st.keptKey !== '') {
          changes.push({ recordKey: w.key, change: 'folded', before: '', after: st.keptKey, reason: st.rule });
        }
        if (touched) changed.add(i);
      });
      for (const x of ing.recognised)
        changes.push({
          recordKey: x.recordId,
          change: 'recognised',
          before: `${x.same.file}:${x.same.line}`,
          after: `${x.source.file}:${x.source.line}`,
          reason: 'same record, same content: not a second dose',
        });

      // Persist, in the run's one transaction.
      store.addExtraColumns(ing.extraColumns);
      for (const f of ing.files) {
        store.addFile(runId, {
          name: f.file,
          sha256: f.sha256,
          rows: f.rows,
          ingested: now,
          encoding: f.encoding,
          delimiter: f.delimiter,
          nameEncoding: f.nameEncoding,
        });
      }
      for (const x of ing.superseded) {
        if (x.dose === undefined || x.version === undefined) continue;
        store.insertVersion(runId, {
          key: x.recordId,
          version: x.version.version,
          ordinal: x.dose.seq,
          rowSeq: x.version.rowSeq,
          contentHash: x.version.contentHash,
          source: x.source,
          dose: { ...x.dose, extra: [] },
          extraByName: x.version.extraByName,
          decision: emptyDecision(),
          person: emptyPerson(),
        });
        store.supersede(x.recordId, x.by);
      }
      items.forEach((w, i) => {
        const st = states[i];
        const decision = storedDecision(w.decision);
        if (w.kind === 'new' || w.kind === 'corrected') {
          if (w.kind === 'corrected') store!.supersede(w.key, w.dose.source);
          const v = w.version!;
          store!.insertVersion(runId, {
            key: w.key,
            version: v.version,
            ordinal: w.dose.seq,
            rowSeq: v.rowSeq,
            contentHash: v.contentHash,
            source: w.dose.source,
            dose: { ...w.dose, extra: [] },
            extraByName: v.extraByName,
            decision,
            person: st,
          });
        } else if (changed.has(i)) store!.updateCurrent(runId, w.key, decision, st, w.dose.name);
        const wasUnlinked = w.before !== null && !isLinked(w.before.decision);
        const unlinked = !isLinked(w.decision);
        if (unlinked && (w.kind !== 'stored' || !wasUnlinked)) store!.setBlockHashes(w.key, unlinkedKeyHashes(w.dose));
        else if (!unlinked && wasUnlinked) store!.setBlockHashes(w.key, []);
        if (w.kind !== 'stored' || (w.before !== null && followLead(w.before.decision) !== followLead(w.decision))) {
          store!.setReviewLead(w.key, followLead(w.decision));
        }
      });
      for (const x of ing.recognised) store.addSighting(runId, { rowSeq: x.seq, key: x.recordId, source: x.source, same: x.same });
      for (const x of ing.rejects)
        store.addReject(runId, {
          rowSeq: x.seq,
          key: x.recordId,
          source: x.source,
          reason: x.reason,
          detail: x.detail,
          cells: x.cells,
          place: x.place,
        });
      changes.push(...reviewChanges, ...settledReviewChanges(store, runId, work));
      store.addChanges(runId, changes);

      const extraColumns = store.extraColumns();
      for (const w of items) w.dose.extra = alignExtra(w.version?.extraByName ?? w.before?.extraByName ?? {}, extraColumns);
      const run: RunResult = {
        doses: items.map((w) => w.dose),
        decisions: items.map((w) => w.decision),
        dedupe: dd,
        rejects: ing.rejects,
        superseded: ing.superseded,
        recognised: ing.recognised,
        files: ing.files,
        skippedFiles: ing.skippedFiles,
        extraColumns,
        model,
        inputRows: ing.inputRows,
        registryImport: reg.registryImport,
        registrySize: reg.citizens.length,
        citizen: (id) => citizenById(reg.index, id),
        linkStats,
      };
      // Tonight's rows: every record accepted tonight is a dose of the working set, a superseded version, a recognised row
      // or a reject; the stored records it touched are extra. (The replaced stored versions were counted on their night.)
      const acc = checkAccounting({ ...run, inputRows: ing.inputRows + (items.length - ing.doses.length) });
      const totals = store.counts();
      if (totals.current + totals.superseded + totals.recognised + totals.rejects !== totals.inputRows) {
        throw new Error(
          `store accounting failed: ${totals.inputRows} rows ingested, ${totals.current} current, ${totals.superseded} superseded, ${totals.recognised} recognised, ${totals.rejects} rejects`,
        );
      }
      const tonight = {
        inputRows: ing.inputRows,
        new: items.filter((w) => w.kind === 'new').length,
        corrected: items.filter((w) => w.kind === 'corrected').length,
        recognised: ing.recognised.length,
        rejects: ing.rejects.length,
        skippedFiles: ing.skippedFiles.length,
        relinked,
        reviewed,
        written: changed.size,
      };
      const summary = {
        store: { path: opts.store, run: runId, tonight, totals, registry_snapshot: regHash, model: modelId, accounting: acc },
        review_queue: queueSummary(store, new Date(now)),
      };
      store.finishRun(runId, new Date().toISOString(), modelId, summary);
      const checkpoint = store.checkpointAside();
      await writeOutputs(run, opts, { include: (i) => changed.has(i), changes, summary });
      const failed = await checkpoint;
      if (failed !== null)
        logger.warn({ stage: 'checkpoint', error: failed }, 'the store file was not brought up to date (its WAL keeps the run)');
      return { run, changes, tonight, totals };
    } catch (e) {
      store.rollback();
      throw e;
    }
  } finally {
    await worker?.close();
    store?.close();
    await reg.close();
    releaseOut();
    releaseStore();
  }
}

/** A corrected record's decisions (as the record, or as the other dose of a pair) are re-opened: back in the queue. */
function reopenCorrected(store: WorkStore, work: Map<string, WorkItem>, now: string): ChangeRow[] {
  const corrected = [...work.values()].filter((w) => w.kind === 'corrected').map((w) => w.key);
  const out: ChangeRow[] = [];
  for (const d of store.activeReviewDecisions(corrected)) {
    store.endReviewDecision(d.id, 'reopened', now, 'the facility corrected the record');
    const reason = 'the facility corrected the record';
    out.push({ recordKey: d.recordKey, change: 'review_reopened', before: `#${d.id} ${reviewText(d)}`, after: '', reason });
  }
  return out;
}

function reviewText(d: { decision: string; citizenId: string; otherKey: string }): string {
  return [d.decision, d.citizenId, d.otherKey].filter((x) => x !== '').join(' ');
}

/**
 * Records whose decisions changed since the last run join tonight's work; every record decided tonight other than
 * by tonight's new or corrected rows (new model, new registry, analyst) takes the verdicts in force. A link to a
 * citizen the registry no longer holds is re-opened. Returns how many records were decided again for the review.
 */
function applyVerdicts(
  ctx: ReturnType<typeof runContext>,
  store: WorkStore,
  reg: Awaited<ReturnType<typeof openRegistry>>,
  model: LinkModel,
  work: Map<string, WorkItem>,
  now: string,
  changes: ChangeRow[],
): number {
  const pending = store.reviewPending().filter((k) => !work.has(k));
  for (const s of store.currentOf(pending)) work.set(s.key, { key: s.key, dose: s.dose, decision: s.decision, before: s, kind: 'review' });
  const redo = [...work.values()].filter((w) => w.kind === 'relinked' || w.kind === 'review');
  const verdicts = verdictsOf(store.activeReviewDecisions(redo.map((w) => w.key)));
  let n = 0;
  for (const w of redo) {
    const fresh = w.kind === 'review' ? undefined : w.decision;
    if (fresh !== undefined && !verdicts.verdict.has(w.key) && !verdicts.exclude.has(w.key)) continue;
    const out = decideWithVerdicts(w.dose, reg.index, model, ctx.config.link, verdicts, fresh);
    w.decision = out.decision;
    if (w.kind === 'review') n++;
    if (out.orphaned !== null) {
      const d = out.orphaned;
      store.endReviewDecision(d.id, 'reopened', now, 'the citizen is no longer in the registry');
      const reason = 'the citizen is no longer in the registry';
      changes.push({ recordKey: d.recordKey, change: 'review_reopened', before: `#${d.id} ${reviewText(d)}`, after: '', reason });
    }
  }
  return n;
}

/** changes.csv rows for the decisions tonight's run applied, and for those it took back (undone or replaced). */
function settledReviewChanges(store: WorkStore, runId: number, work: Map<string, WorkItem>): ChangeRow[] {
  const { applied, withdrawn } = store.settleReviewPending(runId);
  const now = (key: string): string => {
    const w = work.get(key);
    return w ? decisionText(w.decision) : '';
  };
  const by = (d: { reviewer: string; sourceRow: string }): string => `${d.reviewer || 'unknown reviewer'} (${d.sourceRow})`;
  return [
    ...applied.map((d) => ({
      recordKey: d.recordKey,
      change: 'review_decision',
      before: d.before,
      after: `#${d.id} ${reviewText(d)} -> ${now(d.recordKey)}`,
      reason: by(d),
    })),
    ...withdrawn.map((d) => ({
      recordKey: d.recordKey,
      change: 'review_undone',
      before: `#${d.id} ${reviewText(d)}`,
      after: now(d.recordKey),
      reason: d.stateReason,
    })),
  ];
}

function emptyDecision(): LinkDecision {
  return { status: 'unmatched', citizenId: '', score: 0, candidates: [], explanation: '', problems: [] };
}

function emptyPerson(): PersonState {
  return { personKey: '', keptKey: '', rule: '', detail: '', doseSeq: 0, filled: null, history: null };
}

/**
 * Add to the working set every stored record whose person tonight's records can touch: all records of the citizens
 * they are (or were) linked to, and the unlinked records their blocking keys reach, transitively (so each unlinked
 * component is regrouped whole, exactly as one run over everything would group it). A review record may be grouped
 * with its best candidate's doses (dedupe findFollowers: a copy of one of them), which depends on those doses, so a
 * citizen gathered brings the review records it leads, and a review record gathered brings its best candidate's doses,
 * until nothing new comes: otherwise a review copy stored on one night would not meet its linked copy arriving on a
 * later one, and the outputs would depend on the order of the nights.
 */
function gatherAffected(store: WorkStore, work: Map<string, WorkItem>): void {
  const citizens = new Set<string>();
  const oldGroups = new Set<string>();
  const frontier = new Set<number>();
  const lead = (d: LinkDecision): void => {
    const c = followLead(d);
    if (c !== '') citizens.add(c);
  };
  for (const w of work.values()) {
    if (isLinked(w.decision)) citizens.add(w.decision.citizenId);
    else for (const h of unlinkedKeyHashes(w.dose)) frontier.add(h);
    lead(w.decision);
    const b = w.before;
    if (b) {
      if (isLinked(b.decision)) citizens.add(b.decision.citizenId);
      else {
        oldGroups.add(b.person.personKey);
        for (const h of store.blockHashesOf(w.key)) frontier.add(h);
      }
      lead(b.decision);
    }
  }
  const addStored = (keys: Iterable<string>): StoredRecord[] => {
    const fresh = [...keys].filter((k) => !work.has(k));
    const loaded = store.currentOf(fresh);
    for (const s of loaded) {
      work.set(s.key, { key: s.key, dose: s.dose, decision: s.decision, before: s, kind: 'stored' });
      lead(s.decision);
    }
    return loaded;
  };
  for (const s of addStored(store.keysOfPersons(oldGroups)))
    if (!isLinked(s.decision)) for (const h of unlinkedKeyHashes(s.dose)) frontier.add(h);
  const seen = new Set<number>();
  const gathered = new Set<string>();
  for (;;) {
    const next = [...frontier].filter((h) => !seen.has(h));
    frontier.clear();
    for (const h of next) seen.add(h);
    for (const s of addStored(store.keysWithBlockHashes(next)))
      for (const h of unlinkedKeyHashes(s.dose)) if (!seen.has(h)) frontier.add(h);
    const fresh = [...citizens].filter((c) => !gathered.has(c));
    for (const c of fresh) gathered.add(c);
    addStored(store.keysOfCitizens(fresh));
    // The review records these citizens lead are unlinked: their blocking keys reach their groups.
    for (const s of addStored(store.keysLedBy(fresh)))
      if (!isLinked(s.decision)) for (const h of unlinkedKeyHashes(s.dose)) if (!seen.has(h)) frontier.add(h);
    if (frontier.size === 0 && [...citizens].every((c) => gathered.has(c))) break;
  }
}

/**
 * The second pass of linking, as one run makes it (pipeline.ts decideWithHistory): the working set's records without
 * any ID left in review, or linked by the facility's history before, are decided again with the verified doses of the
 * working set, which holds all of their best candidates' doses (gatherAffected). A record that changes sides (linked,
 * unlinked) brings its new group, and what that brings is decided again, until nothing changes sides. Records with an
 * analyst's decision keep theirs.
 */
function decideAgainWithHistory(
  ctx: ReturnType<typeof runContext>,
  store: WorkStore,
  reg: Awaited<ReturnType<typeof openRegistry>>,
  model: LinkModel,
  work: Map<string, WorkItem>,
): void {
  for (;;) {
    const items = [...work.values()];
    const analysts = new Set(store.activeReviewDecisions(items.map((w) => w.key)).map((d) => d.recordKey));
    const history = vaccinatedAt(items, historyCitizens(items));
    let moved = false;
    for (const w of items) {
      if (analysts.has(w.key) || !readsHistory(w.dose, w.decision)) continue;
      const again = linkWithHistory(w.dose, reg.index, model, ctx.config.link, history);
      if (again.status === w.decision.status && again.citizenId === w.decision.citizenId) continue;
      if (isLinked(again) !== isLinked(w.decision)) moved = true;
      w.decision = again;
    }
    if (!moved) return;
    gatherAffected(store, work);
  }
}

/**
 * A new registry snapshot: doses linked to a citizen whose details changed or who is gone, and doses that named such
 * a citizen as a candidate, are linked again; when citizens were added or changed, so is every dose the slow path
 * decided (an exact-ID verification reads only the ID's owner, so it cannot meet another citizen). Returns how many.
 */
function relinkForRegistry(
  ctx: ReturnType<typeof runContext>,
  store: WorkStore,
  reg: Awaited<ReturnType<typeof openRegistry>>,
  details: readonly StoredCitizen[],
  model: LinkModel,
  work: Map<string, WorkItem>,
): number {
  const now = new Map(details.map((d) => [d.citizenId, d.detailsHash]));
  const touched = new Set<string>();
  let addedOrChanged = false;
  for (const old of store.registryCitizens()) {
    const h = now.get(old.citizenId);
    if (h !== old.detailsHash) {
      touched.add(old.citizenId);
      if (h !== undefined) addedOrChanged = true;
    }
    now.delete(old.citizenId);
  }
  if (now.size > 0) addedOrChanged = true;
  const keys = new Set(store.keysToRecheck(touched, addedOrChanged));
  let n = 0;
  for (const s of store.currentOf([...keys].filter((k) => !work.has(k)))) {
    work.set(s.key, {
      key: s.key,
      dose: s.dose,
      decision: linkDose(s.dose, reg.index, model, ctx.config.link),
      before: s,
      kind: 'relinked',
    });
    n++;
  }
  return n;
}

/**
 * The admin-unit reading of this run ('2025-07-01' or 'as-entered'), refused when the store's records were linked with
 * another: old and today's keys side by side would compare a person's doses with each other wrongly.
 */
function checkAdminUnits(store: WorkStore, path: string, config: StoreRunOptions['config']): string {
  const mine = config.adminUnits.mode === 'as-entered' ? 'as-entered' : config.adminUnits.dataset;
  const held = store.adminUnits();
  if (held !== null && held !== mine) {
    const flag = held === 'as-entered' ? 'as-entered' : '2025';
    throw new UsageError(
      `${path} links commune codes ${held === 'as-entered' ? 'as entered' : `as the units of ${held}`}: run with --admin-units ${flag}`,
    );
  }
  return mine;
}

/** What a new model would change: every current record decided again with it, counted by old and new status. */
export async function previewModel(
  opts: Pick<StoreRunOptions, 'store' | 'registry' | 'config' | 'logger' | 'progress'>,
): Promise<{ model: LinkModel; records: number; changed: number; transitions: Record<string, number> }> {
  const ctx = runContext(opts);
  const reg = await openRegistry(ctx, opts.registry);
  const store = WorkStore.open(opts.store, { create: false, readonly: true });
  try {
    checkAdminUnits(store, opts.store, opts.config);
    // Train on an even sample of the store's records in input order (the model samples again inside).
    const total = store.counts().current;
    const step = Math.max(1, Math.ceil(total / opts.config.link.trainSampleDoses));
    const sample: NormalizedDose[] = [];
    let k = 0;
    for (const s of store.allCurrent()) if (k++ % step === 0) sample.push(s.dose);
    const model = trainModel(sample, reg.index, opts.config.link, 1);
    const transitions: Record<string, number> = {};
    let changed = 0;
    let records = 0;
    for (const s of store.allCurrent()) {
      records++;
      // An analyst's decision survives retraining: the new model cannot change it.
      if (s.decision.analyst !== undefined) continue;
      // A link by the facility's history rests on a verified dose of the store that a new model verifies as well (an
      // exact ID): asked again with it, not counted as a change the model would make.
      const byHistory = s.decision.status === 'corrected' && readsHistory(s.dose, s.decision);
      const d = byHistory
        ? linkWithHistory(s.dose, reg.index, model, opts.config.link, (f, c) => f === s.dose.facility && c === s.decision.citizenId)
        : linkDose(s.dose, reg.index, model, opts.config.link);
      if (decisionText(d) === decisionText(s.decision)) continue;
      changed++;
      const t = `${s.decision.status} -> ${d.status}`;
      transitions[t] = (transitions[t] ?? 0) + 1;
    }
    return { model, records, changed, transitions: Object.fromEntries(Object.entries(transitions).sort()) };
  } finally {
    store.close();
    await reg.close();
  }
}
