// The Fellegi-Sunter model: JSON shape, validation, compiled weights (log2 m/u), term-frequency adjustment and scoring.

import type { FieldComparison, NameKeys } from '../types.js';
import { FIELDS, LEVELS, MISSING, NAME, type NameThresholds, isStrongName } from './compare.js';

/** 2: the commune ladder gained the "split" level (admin units of 2025). */
export const MODEL_VERSION = 2;

export interface LevelParams {
  level: string;
  /** P(level | same person); 1 for "missing" (a missing value is no evidence). */
  m: number;
  /** P(level | different people); 1 for "missing". */
  u: number;
}

export interface FieldParams {
  field: string;
  levels: LevelParams[];
}

/** Registry counts of one name part; frequency = count / total. */
export interface TfTable {
  total: number;
  counts: Record<string, number>;
}

export interface TrainingStats {
  seed: number;
  sampleDoses: number;
  randomPairs: number;
  candidatePairs: number;
  distinctPatterns: number;
  emIterations: number;
  emConverged: boolean;
  /** EM's share of matches among the blocked candidate pairs. */
  blockedMatchShare: number;
  /** Doses in the sample with a well-formed ID / whose ID owner agrees on name or birth date. */
  dosesWithId: number;
  exactIdAgreements: number;
}

/**
 * Where each facility's people live (issue 14): facility code -> registry commune code -> doses at that facility whose
 * ID owner has the record's name and birth date and no twin or namesake (see facilityCatchment). A commune health
 * station vaccinates its own communes; a namesake lives elsewhere. Counts only, no person.
 */
export type FacilityCatchment = Record<string, Record<string, number>>;

export interface LinkModel {
  version: number;
  /** log2 prior odds that a random dose-citizen pair is a match (≈ matchRate / registrySize). */
  prior: number;
  matchRate: number;
  registrySize: number;
  comparison: NameThresholds;
  /** Per-field caps in bits on positive weights (fields shared within families). */
  weightCaps: Record<string, number>;
  /** Floor in bits on every level's weight (no single disagreement is more evidence than this). */
  minWeight: number;
  tfRange: { min: number; max: number };
  fields: FieldParams[];
  tf: { family: TfTable; given: TfTable };
  training: TrainingStats;
  /** Absent in a model trained before it (issue 14): no look-alike is then told apart by its facility. */
  catchment?: FacilityCatchment;
  /** Per facility: what a candidate living in one of its communes is worth, in bits (see catchmentEvidence). */
  catchmentBits?: Record<string, number>;
}

interface CompiledTf {
  avg: number;
  total: number;
  counts: Map<string, number>;
  cache: Map<string, number>;
}

export interface CompiledModel {
  weights: Float64Array[];
  /** The commune's weights without the family cap: what a commune is worth when the full name agrees (see communeWeight). */
  communeUncapped: Float64Array;
  prior: number;
  family: CompiledTf;
  given: CompiledTf;
  tfMin: number;
  tfMax: number;
  thresholds: NameThresholds;
  /** The model's catchment as maps (empty when the model has none). */
  catchment: Map<string, Map<string, number>>;
  catchmentBits: Map<string, number>;
}

const compiledCache = new WeakMap<LinkModel, CompiledModel>();

function compileTf(t: TfTable): CompiledTf {
  const counts = new Map<string, number>();
  let sumSq = 0;
  for (const [k, v] of Object.entries(t.counts)) {
    counts.set(k, v);
    const f = v / t.total;
    sumSq += f * f;
  }
  return { avg: sumSq, total: t.total, counts, cache: new Map() };
}

/** Weight of one level: log2(m/u), floored at `floor`, positive weights capped for family-shared fields. */
export function levelWeight(p: LevelParams, cap: number | undefined, floor: number): number {
  const w = Math.max(Math.log2(p.m / p.u), floor);
  return cap !== undefined && w > cap ? cap : w;
}

export function compileModel(model: LinkModel): CompiledModel {
  let c = compiledCache.get(model);
  if (c) return c;
  const weights = model.fields.map((f) => {
    const arr = new Float64Array(f.levels.length);
    f.levels.forEach((p, i) => {
      arr[i] = i === MISSING ? 0 : levelWeight(p, model.weightCaps[f.field], model.minWeight);
    });
    return arr;
  });
  const ci = FIELDS.indexOf('commune');
  const communeUncapped = new Float64Array(model.fields[ci].levels.length);
  model.fields[ci].levels.forEach((p, i) => {
    communeUncapped[i] = i === MISSING ? 0 : levelWeight(p, undefined, model.minWeight);
  });
  c = {
    weights,
    communeUncapped,
    prior: model.prior,
    family: compileTf(model.tf.family),
    given: compileTf(model.tf.given),
    tfMin: model.tfRange.min,
    tfMax: model.tfRange.max,
    thresholds: model.comparison,
    catchment: new Map(Object.entries(model.catchment ?? {}).map(([f, cs]) => [f, new Map(Object.entries(cs))])),
    catchmentBits: new Map(Object.entries(model.catchmentBits ?? {})),
  };
  compiledCache.set(model, c);
  return c;
}

/** Doses of `facility` whose ID owner lives in `commune` (see FacilityCatchment); 0 when unknown. */
export function catchmentCount(cm: CompiledModel, facility: string, commune: string): number {
  return cm.catchment.get(facility)?.get(commune) ?? 0;
}

/** log2(average chance two people agree / chance they agree on this value), clamped. Nguyễn (38%) < 0 < a rare name. */
export function tfAdjustment(t: CompiledTf, value: string, min: number, max: number): number {
  if (value === '' || t.total === 0) return 0;
  const cached = t.cache.get(value);
  if (cached !== undefined) return cached;
  const count = t.counts.get(value) ?? 0;
  const f = Math.max(count, 1) / t.total;
  let adj = Math.log2(t.avg / f);
  if (adj < min) adj = min;
  if (adj > max) adj = max;
  if (t.cache.size < 1_000_000) t.cache.set(value, adj);
  return adj;
}

export function probabilityFromWeight(total: number): number {
  return 1 / (1 + 2 ** -total);
}

export interface Score {
  total: number;
  comparisons: FieldComparison[] | null;
}

/**
 * The family and given names whose frequencies adjust the score. A name written in reverse order ("Huy Nguyễn"
 * for Nguyễn Huy) agrees with the registry's family name through its last word: looked up as written, "huy"
 * would count as a rare family name and "nguyen" as a rare given name.
 */
function tfNames(nameLevel: number, names: NameKeys): [string, string] {
  return nameLevel === NAME.reversed ? [names.given, names.family] : [names.family, names.given];
}

const COMMUNE_FIELD = FIELDS.indexOf('commune');

/**
 * A field's weight at a level. The commune's cap is there because a relative shares it (random pairs understate
 * that); relatives do not share a full name written with all its marks, so with one the commune counts in full (a
 * no-ID record without a birth date, the same name and commune as one registry person). Twins a mark apart stay tied.
 */
function fieldWeight(cm: CompiledModel, f: number, lv: number, nameLevel: number): number {
  return f === COMMUNE_FIELD && nameLevel === NAME.canonical ? cm.communeUncapped[lv] : cm.weights[f][lv];
}

/** scoreLevels(...).total without the result object (same additions in the same order, so the same number). */
export function scoreTotal(cm: CompiledModel, levels: Uint8Array, names: NameKeys | null): number {
  let total = cm.prior;
  for (let f = 0; f < FIELDS.length; f++) total += fieldWeight(cm, f, levels[f], levels[0]);
  if (names !== null && isStrongName(levels[0])) {
    const [family, given] = tfNames(levels[0], names);
    const fa = tfAdjustment(cm.family, family, cm.tfMin, cm.tfMax);
    const ga = tfAdjustment(cm.given, given, cm.tfMin, cm.tfMax);
    total += fa + ga;
  }
  return total;
}

/**
 * Prior + sum of level weights + term-frequency adjustments (when the name agrees on family and given).
 * `names` is the pair's name whose family/given drive the adjustment (the dose's).
 */
export function scoreLevels(cm: CompiledModel, levels: Uint8Array, names: NameKeys | null, withComparisons: boolean): Score {
  let total = cm.prior;
  const comps: FieldComparison[] | null = withComparisons ? [] : null;
  for (let f = 0; f < FIELDS.length; f++) {
    const lv = levels[f];
    const w = fieldWeight(cm, f, lv, levels[0]);
    total += w;
    if (comps) comps.push({ field: FIELDS[f], level: LEVELS[FIELDS[f]][lv], weight: w });
  }
  if (names !== null && isStrongName(levels[0])) {
    const [family, given] = tfNames(levels[0], names);
    const fa = tfAdjustment(cm.family, family, cm.tfMin, cm.tfMax);
    const ga = tfAdjustment(cm.given, given, cm.tfMin, cm.tfMax);
    total += fa + ga;
    if (comps) {
      comps.push({ field: 'tf_family', level: family, weight: fa });
      comps.push({ field: 'tf_given', level: given, weight: ga });
    }
  }
  return { total, comparisons: comps };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Check a --model file; throws one Error listing every problem found. */
export function validateModel(json: unknown): LinkModel {
  const errs: string[] = [];
  if (!isObj(json)) throw new Error('model: expected a JSON object written by vaxrec (model.json)');
  if (json.version !== MODEL_VERSION) errs.push(`version: expected ${MODEL_VERSION}, got ${JSON.stringify(json.version)}`);
  for (const k of ['prior', 'matchRate', 'registrySize', 'minWeight'] as const)
    if (!isNum(json[k])) errs.push(`${k}: expected a finite number`);
  const cmp = json.comparison;
  if (!isObj(cmp)) errs.push('comparison: expected an object');
  else
    for (const k of ['jwHigh', 'jwLow', 'maxNameEdits', 'givenCloseJw'])
      if (!isNum(cmp[k])) errs.push(`comparison.${k}: expected a number`);
  if (!isObj(json.weightCaps) || !Object.values(json.weightCaps).every(isNum)) errs.push('weightCaps: expected an object of numbers');
  const tr = json.tfRange;
  if (!isObj(tr) || !isNum(tr.min) || !isNum(tr.max) || tr.min > tr.max) errs.push('tfRange: expected {min, max} with min <= max');
  if (!Array.isArray(json.fields) || json.fields.length !== FIELDS.length) {
    errs.push(`fields: expected ${FIELDS.length} fields (${FIELDS.join(', ')})`);
  } else {
    json.fields.forEach((f: unknown, i: number) => {
      const name = FIELDS[i];
      if (!isObj(f) || f.field !== name) {
        errs.push(`fields[${i}]: expected field "${name}"`);
        return;
      }
      const want = LEVELS[name];
      if (!Array.isArray(f.levels) || f.levels.length !== want.length) {
        errs.push(`fields[${i}] (${name}): expected levels ${want.join(', ')}`);
        return;
      }
      f.levels.forEach((l: unknown, j: number) => {
        if (!isObj(l) || l.level !== want[j]) errs.push(`${name}.levels[${j}]: expected level "${want[j]}"`);
        else if (!isNum(l.m) || !isNum(l.u) || l.m <= 0 || l.u <= 0 || l.m > 1 || l.u > 1)
          errs.push(`${name}.${want[j]}: m and u must be in (0, 1]`);
      });
    });
  }
  const tf = json.tf;
  if (!isObj(tf)) errs.push('tf: expected {family, given}');
  else {
    for (const k of ['family', 'given']) {
      const t = tf[k];
      if (!isObj(t) || !isNum(t.total) || t.total < 0 || !isObj(t.counts) || !Object.values(t.counts).every(isNum)) {
        errs.push(`tf.${k}: expected {total, counts}`);
      }
    }
  }
  if (!isObj(json.training)) errs.push('training: expected an object');
  const ca = json.catchment;
  if (ca !== undefined && (!isObj(ca) || !Object.values(ca).every((cs) => isObj(cs) && Object.values(cs).every((n) => isNum(n) && n >= 0))))
    errs.push('catchment: expected {facility: {commune: count}}');
  const cb = json.catchmentBits;
  if (cb !== undefined && (!isObj(cb) || !Object.values(cb).every((n) => isNum(n) && n > 0)))
    errs.push('catchmentBits: expected {facility: bits above 0}');
  if (errs.length > 0) throw new Error(`model: invalid model file:\n  ${errs.join('\n  ')}`);
  return json as unknown as LinkModel;
}
