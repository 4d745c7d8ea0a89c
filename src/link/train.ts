// Unsupervised training: u from seeded random pairs, m by EM on blocked candidate pairs, prior from exact-ID agreements.

import type { LinkConfig } from '../config/link.js';
import type { NormalizedDose } from '../types.js';
import { CandidateSet, type RegistryIndex, collectPrimary, findIdOwner, hasLookalike } from './blocking.js';
import {
  BIRTH,
  COMMUNE,
  FIELDS,
  LEVELS,
  MISSING,
  NAME,
  type NameThresholds,
  compareDoseCitizen,
  hasUsableId,
  touchCitizen,
  touchDose,
} from './compare.js';
import { MULTI_COMMUNE } from '../normalize/communes.js';
import { type FacilityCatchment, type FieldParams, type LinkModel, MODEL_VERSION, type TfTable } from './model.js';

/** mulberry32: small, fast, deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Comparison vectors aggregated: pattern -> count. A pattern is the level of each field. */
export interface PatternCounts {
  patterns: Uint8Array[];
  counts: number[];
}

export function addPattern(acc: Map<string, { levels: Uint8Array; count: number }>, levels: Uint8Array): void {
  const key = levels.join(',');
  const e = acc.get(key);
  if (e) e.count++;
  else acc.set(key, { levels: Uint8Array.from(levels), count: 1 });
}

export interface EmResult {
  /** m[field][level]; the missing level is 1 (unused). */
  m: number[][];
  /** u[field][level] among the pairs (re-estimated when estimateU, else the input). */
  u: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

/** The registry person a dose's ID belongs to: nobody. */
const NOBODY = { citizen: -1, rule: '' } as const;

/**
 * Which levels the data can reach, per field (null: all). A level no record can reach is out of play: m = u = 1
 * (weight 0) and it takes no share of the smoothing, so the other levels train as if it did not exist. The commune
 * "split" level needs a divided commune's key (--admin-units 2025): without one, as-entered codes train the model
 * they trained before the level was added.
 */
export type LevelsInPlay = readonly (readonly boolean[])[] | null;

/** The levels in play for these doses and a registry (see LevelsInPlay; RegistryIndex.splitCommunes). */
export function levelsInPlay(doses: readonly { communeKey: string }[], registrySplitCommunes: boolean): LevelsInPlay {
  const multi = (x: { communeKey: string }) => x.communeKey.charCodeAt(0) === MULTI_CODE;
  if (registrySplitCommunes || doses.some(multi)) return null;
  return FIELDS.map((f) => LEVELS[f].map((_, l) => !(f === 'commune' && l === COMMUNE.split)));
}

const MULTI_CODE = MULTI_COMMUNE.charCodeAt(0);

/**
 * Per-field level probabilities from (weighted) counts: level 0 (missing) stays 1, the others in play share the
 * counts plus `pseudoCount` spread over them (no level is ever 0). Used for u from random pairs and for m and u in EM.
 */
function smooth(
  counts: readonly Float64Array[],
  levelsPerField: readonly number[],
  pseudoCount: number,
  inPlay: LevelsInPlay = null,
): number[][] {
  return levelsPerField.map((L, f) => {
    const row = new Array<number>(L).fill(1);
    const on = (l: number) => inPlay === null || inPlay[f][l] === true;
    let den = 0;
    let active = 0;
    for (let l = 1; l < L; l++) {
      if (!on(l)) continue;
      den += counts[f][l];
      active++;
    }
    for (let l = 1; l < L; l++) if (on(l)) row[l] = (counts[f][l] + pseudoCount / active) / (den + pseudoCount);
    return row;
  });
}

/**
 * Fellegi-Sunter EM on comparison patterns: estimates m per field level, the share of matches lambda among
 * the pairs and, with `estimateU`, u among the pairs too. Missing levels contribute to neither likelihood.
 * Blocked pairs agree on their blocking keys far more often than random pairs, so u must be re-estimated
 * on them (estimateU) or EM mistakes every blocked non-match for a match; the model then keeps u from
 * random pairs for scoring, where the question is "this person or anyone else in the registry".
 */
export function estimateM(
  data: PatternCounts,
  uInit: readonly (readonly number[])[],
  levelsPerField: readonly number[],
  opts: {
    maxIterations: number;
    tolerance: number;
    pseudoCount: number;
    initLambda?: number;
    initM?: number[][];
    estimateU?: boolean;
    inPlay?: LevelsInPlay;
  },
): EmResult {
  const F = levelsPerField.length;
  const inPlay = opts.inPlay ?? null;
  let m: number[][] = opts.initM ?? levelsPerField.map((L, f) => defaultInitM(L, inPlay === null ? null : inPlay[f]!));
  let u: number[][] = uInit.map((row) => [...row]);
  let lambda = opts.initLambda ?? 0.5;
  let iterations = 0;
  let converged = false;
  const N = data.patterns.length;
  for (; iterations < opts.maxIterations; ) {
    iterations++;
    const num = levelsPerField.map((L) => new Float64Array(L));
    const numU = levelsPerField.map((L) => new Float64Array(L));
    let matchMass = 0;
    let total = 0;
    for (let p = 0; p < N; p++) {
      const lv = data.patterns[p];
      const cnt = data.counts[p];
      let logRatio = Math.log(lambda) - Math.log(1 - lambda);
      for (let f = 0; f < F; f++) {
        const l = lv[f];
        if (l === MISSING) continue;
        logRatio += Math.log(m[f][l]) - Math.log(u[f][l]);
      }
      const pm = logRatio > 50 ? 1 : logRatio < -50 ? 0 : 1 / (1 + Math.exp(-logRatio));
      const w = pm * cnt;
      matchMass += w;
      total += cnt;
      const wu = (1 - pm) * cnt;
      for (let f = 0; f < F; f++) {
        num[f][lv[f]] += w;
        numU[f][lv[f]] += wu;
      }
    }
    const normalise = (acc: Float64Array[]): number[][] => smooth(acc, levelsPerField, opts.pseudoCount, inPlay);
    const next = normalise(num);
    const nextU = opts.estimateU ? normalise(numU) : u;
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matchMass / Math.max(total, 1)));
    let delta = Math.abs(nextLambda - lambda);
    for (let f = 0; f < F; f++) {
      for (let l = 1; l < levelsPerField[f]; l++) delta = Math.max(delta, Math.abs(next[f][l] - m[f][l]), Math.abs(nextU[f][l] - u[f][l]));
    }
    m = next;
    u = nextU;
    lambda = nextLambda;
    if (delta < opts.tolerance) {
      converged = true;
      break;
    }
  }
  return { m, u, lambda, iterations, converged };
}

/** Starting m: most mass on the first (exact) level, decreasing geometrically over the levels in play, a little on "else". */
function defaultInitM(L: number, inPlay: readonly boolean[] | null): number[] {
  const row = new Array<number>(L).fill(1);
  let s = 0;
  let rank = 0;
  for (let l = 1; l < L; l++) {
    if (inPlay !== null && !inPlay[l]) continue;
    row[l] = 0.25 ** rank++;
    s += row[l];
  }
  for (let l = 1; l < L; l++) if (inPlay === null || inPlay[l]) row[l] /= s;
  return row;
}

function tfTable(counts: Map<string, number>): TfTable {
  let total = 0;
  const out: Record<string, number> = {};
  for (const k of [...counts.keys()].sort()) {
    const v = counts.get(k)!;
    out[k] = v;
    total += v;
  }
  return { total, counts: out };
}

export function thresholdsFrom(cfg: LinkConfig): NameThresholds {
  return { jwHigh: cfg.jwHigh, jwLow: cfg.jwLow, maxNameEdits: cfg.maxNameEdits, givenCloseJw: cfg.givenCloseJw };
}

/** Deterministic sample of indices (partial Fisher-Yates). */
function sampleIndices(n: number, k: number, rand: () => number): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort();
}

/**
 * Where each facility's people live (see FacilityCatchment), from every dose whose ID owner is plainly its person: the
 * same name (without marks) and full birth date, and no twin or namesake in the registry (whose doses are what the
 * catchment is there to tell apart). Keys sorted, so model.json does not depend on the order of the files.
 */
export function facilityCatchment(doses: readonly NormalizedDose[], index: RegistryIndex): FacilityCatchment {
  const counts = new Map<string, Map<string, number>>();
  for (const d of doses) {
    if (d.facility === '' || !hasUsableId(d.id) || d.birth === null || d.birth.precision !== 'day') continue;
    const owner = findIdOwner(index, d.id.value).citizen;
    if (owner < 0) continue;
    const c = index.citizens.get(owner);
    if (c.commune === '' || c.birth?.iso !== d.birth.iso || c.name.ascii !== d.name.ascii || hasLookalike(index, owner)) continue;
    let byCommune = counts.get(d.facility);
    if (byCommune === undefined) counts.set(d.facility, (byCommune = new Map()));
    byCommune.set(c.commune, (byCommune.get(c.commune) ?? 0) + 1);
  }
  const sorted = <T>(m: Map<string, T>): [string, T][] => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(sorted(counts).map(([f, cs]) => [f, Object.fromEntries(sorted(cs))]));
}

/**
 * What "the record's person lives in a commune this facility vaccinates" is worth, per facility, in bits: log2(m/u),
 * m the share of the facility's counted doses whose person lives in one of its communes (those with at least
 * `minDoses`), u the share of the registry living there (from the random citizens drawn for u, `draws` of them, with
 * half a draw added so a commune never drawn is not infinite evidence). Facilities whose communes are no evidence
 * (u >= m) are left out.
 */
export function catchmentEvidence(
  catchment: FacilityCatchment,
  communeDraws: ReadonlyMap<string, number>,
  draws: number,
  minDoses: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [facility, communes] of Object.entries(catchment)) {
    let total = 0;
    let served = 0;
    let drawn = 0;
    for (const [commune, n] of Object.entries(communes)) {
      total += n;
      if (n < minDoses) continue;
      served += n;
      drawn += communeDraws.get(commune) ?? 0;
    }
    if (served === 0 || draws === 0) continue;
    const bits = Math.log2(served / total / ((drawn + 0.5) / (draws + 1)));
    if (bits > 0) out[facility] = bits;
  }
  return out;
}

/** Pairs read ahead at a time (see touchCitizen): small enough that their fields stay in cache until compared. */
const TOUCH_BATCH = 32;
// biome-ignore lint/correctness/noUnusedVariables: written so the engine cannot drop the reads that warm the cache.
let touchSink = 0;

export function trainModel(doses: readonly NormalizedDose[], index: RegistryIndex, cfg: LinkConfig, seed: number = cfg.seed): LinkModel {
  const rand = seededRandom(seed);
  const t = thresholdsFrom(cfg);
  const F = FIELDS.length;
  const levelsPerField = FIELDS.map((f) => LEVELS[f].length);
  const sample = Array.from(sampleIndices(doses.length, cfg.trainSampleDoses, rand), (i) => doses[i]).filter(
    (d) => d.id.kind !== 'passport',
  );
  const levels = new Uint8Array(F);
  const inPlay = levelsInPlay(doses, index.splitCommunes);
  /** Pairs are packed citizen * sample.length + dose; see touchCitizen for why they are read ahead in batches. */
  const touchPairs = (pairs: Float64Array, from: number, to: number): void => {
    let sink = 0;
    for (let k = from; k < to; k++) {
      const ci = Math.floor(pairs[k] / sample.length);
      sink += touchCitizen(index.citizens.get(ci)) + touchDose(sample[pairs[k] - ci * sample.length]);
    }
    touchSink += sink;
  };
  const owners = sample.map((d) => (hasUsableId(d.id) ? findIdOwner(index, d.id.value) : NOBODY));

  // u: random dose-citizen pairs are almost never the same person.
  const uCounts = levelsPerField.map((L) => new Float64Array(L));
  let randomPairs = 0;
  /** Registry communes of the random citizens drawn for u: how much of the registry a facility's communes hold. */
  const communeDraws = new Map<string, number>();
  if (sample.length > 0 && index.size > 0) {
    // Pairs are drawn in the seeded order, then compared in registry order with their fields read ahead in
    // batches (touchPairs): counts do not depend on the order, and the read-ahead cut train time ~14% (A/B, 200k).
    const pairs = new Float64Array(cfg.uSamplePairs);
    for (let k = 0; k < pairs.length; k++) {
      const di = Math.floor(rand() * sample.length);
      pairs[k] = Math.floor(rand() * index.size) * sample.length + di;
    }
    pairs.sort();
    for (let k0 = 0; k0 < pairs.length; k0 += TOUCH_BATCH) {
      const k1 = Math.min(pairs.length, k0 + TOUCH_BATCH);
      touchPairs(pairs, k0, k1);
      for (let k = k0; k < k1; k++) {
        const ci = Math.floor(pairs[k] / sample.length);
        const di = pairs[k] - ci * sample.length;
        const c = index.citizens.get(ci);
        compareDoseCitizen(sample[di], c, t, owners[di].citizen >= 0, levels);
        for (let f = 0; f < F; f++) uCounts[f][levels[f]]++;
        randomPairs++;
        if (c.commune !== '') communeDraws.set(c.commune, (communeDraws.get(c.commune) ?? 0) + 1);
      }
    }
  }
  const u = smooth(uCounts, levelsPerField, cfg.pseudoCount, inPlay);

  // Candidate pairs from blocking; prior from doses whose ID owner agrees on the name or the birth date.
  const acc = new Map<string, { levels: Uint8Array; count: number }>();
  let candidatePairs = 0;
  let dosesWithId = 0;
  let exactIdAgreements = 0;
  const blocked: number[] = [];
  for (let s = 0; s < sample.length; s++) {
    const d = sample[s];
    const owner = owners[s];
    if (hasUsableId(d.id)) {
      dosesWithId++;
      if (owner.citizen >= 0) {
        compareDoseCitizen(d, index.citizens.get(owner.citizen), t, true, levels);
        if ((levels[0] >= NAME.canonical && levels[0] <= NAME.ascii) || levels[1] === BIRTH.exact) exactIdAgreements++;
      }
    }
    const set = new CandidateSet(index, cfg.maxCandidatesPerRecord, cfg.maxBlockSize);
    collectPrimary(set, index, d, owner);
    for (const c of set.citizens) blocked.push(c * sample.length + s);
  }
  // Compared in registry order for the same reason as the random pairs; patterns are counted, then sorted by key.
  const blockedPairs = Float64Array.from(blocked).sort();
  for (let k0 = 0; k0 < blockedPairs.length; k0 += TOUCH_BATCH) {
    const k1 = Math.min(blockedPairs.length, k0 + TOUCH_BATCH);
    touchPairs(blockedPairs, k0, k1);
    for (let k = k0; k < k1; k++) {
      const ci = Math.floor(blockedPairs[k] / sample.length);
      const s = blockedPairs[k] - ci * sample.length;
      compareDoseCitizen(sample[s], index.citizens.get(ci), t, owners[s].citizen >= 0, levels);
      addPattern(acc, levels);
      candidatePairs++;
    }
  }
  const entries = [...acc.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const data: PatternCounts = { patterns: entries.map((e) => e[1].levels), counts: entries.map((e) => e[1].count) };
  const em = estimateM(data, u, levelsPerField, {
    maxIterations: cfg.emMaxIterations,
    tolerance: cfg.emTolerance,
    pseudoCount: cfg.pseudoCount,
    initLambda: 0.5,
    estimateU: true,
    inPlay,
  });

  const catchment = facilityCatchment(doses, index);
  const matchRate = dosesWithId > 0 ? Math.min(0.999, Math.max(0.01, exactIdAgreements / dosesWithId)) : cfg.defaultMatchRate;
  const n = Math.max(index.size, 1);
  const pPair = matchRate / n;
  const m = em.m;
  const fields: FieldParams[] = FIELDS.map((f, i) => ({
    field: f,
    levels: LEVELS[f].map((level, l) => (l === MISSING ? { level, m: 1, u: 1 } : { level, m: m[i][l], u: u[i][l] })),
  }));
  return {
    version: MODEL_VERSION,
    prior: Math.log2(pPair / (1 - pPair)),
    matchRate,
    registrySize: index.size,
    comparison: t,
    weightCaps: { ...cfg.weightCaps },
    minWeight: cfg.minWeight,
    tfRange: { min: cfg.tfMinAdjust, max: cfg.tfMaxAdjust },
    fields,
    tf: { family: tfTable(index.familyCounts), given: tfTable(index.givenCounts) },
    training: {
      seed,
      sampleDoses: sample.length,
      randomPairs,
      candidatePairs,
      distinctPatterns: data.patterns.length,
      emIterations: em.iterations,
      emConverged: em.converged,
      blockedMatchShare: em.lambda,
      dosesWithId,
      exactIdAgreements,
    },
    catchment,
    catchmentBits: catchmentEvidence(catchment, communeDraws, randomPairs, cfg.catchmentMinDoses),
  };
}
