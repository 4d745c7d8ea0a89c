// Link scoring on two cores: the main thread takes every dose's exact-ID fast path, then shares the slow-path
// doses (blocking + scoring, ~40 µs each against ~4 µs) with one worker thread, chunk by chunk from opposite ends.
//
// The worker loads its own copy of the packed citizens from SQLite while the main thread reads the dose files
// (strings cannot be shared between threads), and reads the main thread's blocking index in shared memory, so
// the look-up tables are read or built once per run. Decisions come back encoded (decide.ts encodeDecision) and are
// rebuilt here, so every output is the same whichever thread linked a dose. If the worker fails, the main
// thread links what it had been sent: the run is slower, never different.

import { Worker } from 'node:worker_threads';
import type { LinkConfig } from '../config/link.js';
import type { LinkDecision, LinkInput, NormalizedDose } from '../types.js';
import { encodeLinkInputs } from './wire.js';
import type { Logger } from '../log.js';
import { shareRegistryIndex, type RegistryIndex } from './blocking.js';
import { type IdOwner, isDecision, linkByCandidates, linkById } from './decide.js';
import { decodeDecision } from './decision.js';
import { type LinkStats, mergeLinkStats } from './link-stats.js';
import type { LinkModel } from './model.js';
import type { FromWorker, LinkWorkerData, ToWorker } from './link-worker.js';

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface LinkWorkerStats {
  /** Slow-path doses linked by the worker and by the main thread. */
  workerDoses: number;
  mainDoses: number;
  /** Time the worker took to load its registry copy (it overlaps the main thread's ingest). */
  loadMs: number | null;
  failed: string | null;
  /** Main-thread time on the fast path, then on the shared slow path. */
  fastMs: number;
  slowMs: number;
}

export class LinkWorker {
  readonly #worker: Worker;
  readonly #logger: Logger;
  #alive = true;
  #failure: string | null = null;
  #loadMs: number | null = null;
  /** Called with each message while linkAll runs. */
  #onMessage: ((m: FromWorker) => void) | null = null;
  #onLost: (() => void) | null = null;

  /** Start the worker now: it loads the registry from `dbPath` while the main thread goes on. */
  constructor(dbPath: string, logger: Logger, adminUnits: string | null = null) {
    this.#logger = logger;
    const data: LinkWorkerData = { dbPath, adminUnits };
    this.#worker = new Worker(new URL('./link-worker.js', import.meta.url), { workerData: data });
    this.#worker.on('message', (m: FromWorker) => {
      if (m.type === 'loaded') {
        this.#loadMs = m.ms;
        this.#logger.debug({ stage: 'link_worker', citizens: m.citizens, ms: m.ms }, 'link worker loaded the registry');
      } else if (m.type === 'failed') this.#lose(m.message);
      this.#onMessage?.(m);
    });
    this.#worker.on('error', (e) => this.#lose(e.message));
    this.#worker.on('exit', (code) => this.#lose(`exited with code ${code}`));
  }

  #lose(why: string): void {
    if (!this.#alive) return;
    this.#alive = false;
    this.#failure = why;
    this.#logger.warn({ stage: 'link_worker', reason: why }, 'link worker failed; the main thread links its doses');
    this.#onLost?.();
  }

  #post(m: ToWorker): void {
    if (this.#alive) this.#worker.postMessage(m);
  }

  /** Hand the worker the main thread's index (shared memory: nothing is copied). */
  shareIndex(index: RegistryIndex): void {
    this.#post({ type: 'index', index: shareRegistryIndex(index) });
  }

  /**
   * Link every dose: the fast path here, the slow path shared with the worker. `decisions[i]` is doses[i]'s,
   * exactly as linkDose would give it; `stats` is updated as linkDose would update it.
   */
  async linkAll(
    doses: readonly NormalizedDose[],
    index: RegistryIndex,
    model: LinkModel,
    cfg: LinkConfig & { parallelChunkDoses: number },
    stats: LinkStats,
    progress: (done: number) => void,
  ): Promise<{ decisions: LinkDecision[]; worker: LinkWorkerStats }> {
    const tStart = performance.now();
    this.#post({ type: 'model', model, cfg });
    const decisions = new Array<LinkDecision>(doses.length);
    const slow: number[] = [];
    const owners: IdOwner[] = [];
    for (let i = 0; i < doses.length; i++) {
      const r = linkById(doses[i]!, index, model, cfg, stats);
      if (isDecision(r)) decisions[i] = r;
      else {
        slow.push(i);
        owners.push(r);
      }
      if ((i & 4095) === 0) progress(i);
    }
    const fastDone = doses.length - slow.length;
    const tFast = performance.now();
    const chunk = Math.max(1, cfg.parallelChunkDoses);
    // The worker takes chunks from the front of `slow`, the main thread from the back, until they meet.
    let front = 0;
    let back = slow.length;
    const inFlight = new Map<number, [number, number]>();
    let nextChunk = 0;
    let workerDoses = 0;
    let mainDoses = 0;
    let wake: (() => void) | null = null;
    const linkHere = (from: number, to: number): void => {
      for (let k = from; k < to; k++) decisions[slow[k]!] = linkByCandidates(doses[slow[k]!]!, index, model, cfg, owners[k]!, stats);
      mainDoses += to - from;
    };
    const send = (): void => {
      while (this.#alive && inFlight.size < 2 && front < back) {
        const to = Math.min(front + chunk, back);
        const inputs: LinkInput[] = [];
        for (let k = front; k < to; k++) inputs.push(doses[slow[k]!]!);
        inFlight.set(nextChunk, [front, to]);
        this.#post({ type: 'link', chunk: nextChunk++, inputs: encodeLinkInputs(inputs), owners: owners.slice(front, to) });
        front = to;
      }
    };
    this.#onMessage = (m) => {
      if (m.type !== 'linked') return;
      const range = inFlight.get(m.chunk);
      if (range === undefined) return;
      inFlight.delete(m.chunk);
      for (let k = range[0]; k < range[1]; k++)
        decisions[slow[k]!] = decodeDecision(m.decisions[k - range[0]]!, doses[slow[k]!]!, index, model);
      mergeLinkStats(stats, m.stats);
      workerDoses += range[1] - range[0];
      send();
      wake?.();
    };
    this.#onLost = () => wake?.();
    try {
      while (front < back) {
        send();
        if (front >= back) break;
        const from = Math.max(front, back - chunk);
        linkHere(from, back);
        back = from;
        progress(fastDone + workerDoses + mainDoses);
        await nextTick();
      }
      // Wait for the worker's last chunks; if it is lost, link them here.
      while (inFlight.size > 0) {
        if (!this.#alive) {
          for (const [from, to] of inFlight.values()) linkHere(from, to);
          inFlight.clear();
          break;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    } finally {
      this.#onMessage = null;
      this.#onLost = null;
    }
    const timing = { fastMs: Math.round(tFast - tStart), slowMs: Math.round(performance.now() - tFast) };
    return { decisions, worker: { workerDoses, mainDoses, loadMs: this.#loadMs, failed: this.#failure, ...timing } };
  }

  /** Stop the worker (after linking, or when the run fails before it). */
  async close(): Promise<void> {
    this.#alive = false;
    await this.#worker.terminate();
  }
}
