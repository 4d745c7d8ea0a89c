// The link stage's worker thread: loads its own copy of the registry while the main thread reads the doses,
// reads the main thread's index in shared memory, and scores the slow-path doses it is sent (see parallel.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { loadCitizens } from '../registry/store.js';
import { loadAdminUnits } from '../admin-units/load.js';
import type { LinkConfig } from '../config/link.js';
import { registryIndexFromShared, type RegistryIndex, type SharedRegistryIndex } from './blocking.js';
import { type IdOwner, linkByCandidates } from './decide.js';
import { type EncodedDecision, encodeDecision } from './decision.js';
import { type LinkStats, createLinkStats } from './link-stats.js';
import type { LinkModel } from './model.js';
import { ArrayCitizens, type CitizenTable } from '../registry/citizens.js';
import { decodeLinkInputs, type WireInputs } from './wire.js';

/** Messages from the main thread. */
export type ToWorker =
  | { type: 'index'; index: SharedRegistryIndex }
  | { type: 'model'; model: LinkModel; cfg: LinkConfig }
  | { type: 'link'; chunk: number; inputs: WireInputs; owners: IdOwner[] };

/** Messages to the main thread. */
export type FromWorker =
  | { type: 'loaded'; citizens: number; ms: number }
  | { type: 'linked'; chunk: number; decisions: EncodedDecision[]; stats: LinkStats }
  | { type: 'failed'; message: string };

export interface LinkWorkerData {
  dbPath: string;
  /** The admin-unit dataset to read commune codes through (--admin-units 2025), or null (as entered). */
  adminUnits: string | null;
}

const port = parentPort;
if (port === null) throw new Error('link-worker.js runs as a worker thread only');
const post = (m: FromWorker): void => port.postMessage(m);

let citizens: CitizenTable = new ArrayCitizens([]);
let index: RegistryIndex | null = null;
let model: LinkModel | null = null;
let cfg: LinkConfig | null = null;

function handle(m: ToWorker): void {
  switch (m.type) {
    case 'index':
      index = registryIndexFromShared(citizens, m.index);
      return;
    case 'model':
      model = m.model;
      cfg = m.cfg;
      return;
    case 'link': {
      if (index === null || model === null || cfg === null) throw new Error('link chunk before the index and the model');
      const stats = createLinkStats();
      const decisions = decodeLinkInputs(m.inputs).map((d, k) =>
        encodeDecision(linkByCandidates(d, index!, model!, cfg!, m.owners[k]!, stats)),
      );
      post({ type: 'linked', chunk: m.chunk, decisions, stats });
      return;
    }
  }
}

port.on('message', (m: ToWorker) => {
  try {
    handle(m);
  } catch (e) {
    // The main thread links whatever the worker could not; the message names no person.
    post({ type: 'failed', message: (e as Error).message });
    port.close();
  }
});

try {
  const t0 = performance.now();
  const data = workerData as LinkWorkerData;
  citizens = loadCitizens(data.dbPath, data.adminUnits === null ? null : loadAdminUnits(data.adminUnits));
  post({ type: 'loaded', citizens: citizens.length, ms: Math.round(performance.now() - t0) });
} catch (e) {
  post({ type: 'failed', message: (e as Error).message });
  port.close();
}
