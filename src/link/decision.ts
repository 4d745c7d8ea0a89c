// Link decisions as objects: scored candidates and explanations built on first read, the compact fast-path decision,
// plain copies, and the form a worker thread posts them in (encodeDecision / decodeDecision).

import type { LinkDecision, LinkInput, LinkStatus, NameKeys, Problem, ScoredCandidate, FieldComparison } from '../types.js';
import type { RegistryIndex } from './blocking.js';
import { type CompiledModel, type LinkModel, compileModel, probabilityFromWeight, scoreLevels, scoreTotal } from './model.js';
import { type Scored, unpackLevels } from './packed-levels.js';

/** Signed weight with one decimal ("+11.3", "-0.4"); hand-rolled because toFixed dominated the fast path. */
export function fmt(w: number): string {
  const r = Math.round(Math.abs(w) * 10);
  const sign = w < 0 && r !== 0 ? '-' : '+';
  return `${sign}${Math.floor(r / 10)}.${r % 10}`;
}

export function fmtP(p: number): string {
  if (p >= 0.99999) return p.toFixed(6);
  return p.toPrecision(5);
}

/**
 * A scored candidate whose field-by-field comparisons are built on first read: most doses are verified
 * and never print them, and building them was a fifth of the fast path. toJSON gives the plain object.
 */
export class Candidate implements ScoredCandidate {
  readonly citizenIndex: number;
  readonly citizenId: string;
  readonly rule: string;
  readonly totalWeight: number;
  readonly probability: number;
  #comparisons: FieldComparison[] | null = null;
  readonly #cm: CompiledModel;
  readonly #levels: number;
  readonly #names: NameKeys;

  constructor(
    cm: CompiledModel,
    citizenIndex: number,
    citizenId: string,
    rule: string,
    levels: number,
    total: number,
    probability: number,
    names: NameKeys,
  ) {
    this.citizenIndex = citizenIndex;
    this.citizenId = citizenId;
    this.rule = rule;
    this.totalWeight = total;
    this.probability = probability;
    this.#cm = cm;
    this.#levels = levels;
    this.#names = names;
  }

  /** Field levels packed 4 bits each (what a worker thread posts instead of the comparisons). */
  get packedLevels(): number {
    return this.#levels;
  }

  get comparisons(): FieldComparison[] {
    if (this.#comparisons === null) this.#comparisons = scoreLevels(this.#cm, unpackLevels(this.#levels), this.#names, true).comparisons!;
    return this.#comparisons;
  }

  toJSON(): ScoredCandidate {
    const { citizenIndex, citizenId, rule, comparisons, totalWeight, probability } = this;
    return { citizenIndex, citizenId, rule, comparisons, totalWeight, probability };
  }
}

export function toScoredCandidate(cm: CompiledModel, ix: RegistryIndex, d: LinkInput, s: Scored): ScoredCandidate {
  return new Candidate(
    cm,
    s.citizen,
    ix.citizens.get(s.citizen).citizenId,
    s.rule,
    s.levels,
    s.total,
    probabilityFromWeight(s.total),
    d.name,
  );
}

/** `rule=dob+given; prior=-19.9; name=ascii_exact:+13.1; ...; total=+15.4; p=0.99997` */
export function explain(cm: CompiledModel, c: ScoredCandidate, extra = ''): string {
  let s = `rule=${c.rule}; prior=${fmt(cm.prior)}`;
  for (const f of c.comparisons) {
    s += f.field.startsWith('tf_') ? `; ${f.field}=${fmt(f.weight)}` : `; ${f.field}=${f.level}:${fmt(f.weight)}`;
  }
  s += `; total=${fmt(c.totalWeight)}; p=${fmtP(c.probability)}`;
  return extra === '' ? s : `${s}; ${extra}`;
}

/**
 * A decision whose explanation is formatted on first read (formatting was ~15% of linking and most
 * verified doses never print theirs). `explanation` is a getter on the prototype: spread and structured
 * clone do not copy it, so use toJSON() (or plainDecision) to get a plain object.
 */
class Decision implements LinkDecision {
  #text: string | null = null;
  readonly #cm: CompiledModel;
  readonly #best: ScoredCandidate;
  readonly #extra: string;

  constructor(
    readonly status: LinkStatus,
    readonly citizenId: string,
    readonly score: number,
    readonly candidates: ScoredCandidate[],
    cm: CompiledModel,
    best: ScoredCandidate,
    extra: string,
    readonly problems: Problem[],
  ) {
    this.#cm = cm;
    this.#best = best;
    this.#extra = extra;
  }

  get explanation(): string {
    if (this.#text === null) this.#text = explain(this.#cm, this.#best, this.#extra);
    return this.#text;
  }

  encode(): EncodedDecision {
    const cands: number[] = [];
    const rules: string[] = [];
    for (const c of this.candidates as Candidate[]) {
      cands.push(c.citizenIndex, c.packedLevels, c.totalWeight);
      rules.push(c.rule);
    }
    return {
      kind: 'scored',
      status: this.status,
      citizenId: this.citizenId,
      score: this.score,
      cands,
      rules,
      extra: this.#extra,
      problems: this.problems,
    };
  }

  toJSON(): LinkDecision {
    return plainDecision(this);
  }
}

/** Shared by every decision without problems; frozen so a consumer cannot add to all of them at once. */
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

/**
 * The fast-path decision (the ID's owner agrees; ~90% of doses): only the owner, rule and packed levels are
 * kept, and the candidate and explanation are rebuilt on read. With the general Decision (candidate array,
 * Candidate, Scored, Uint8Array) linking 200k synthetic doses retained 643 bytes per dose; with this, 243.
 */
export class VerifiedDecision implements LinkDecision {
  readonly status: LinkStatus = 'verified';
  readonly problems: Problem[] = NO_PROBLEMS;
  readonly #cm: CompiledModel;
  readonly #citizen: number;
  readonly #rule: string;
  readonly #levels: number;
  readonly #names: NameKeys;

  constructor(
    readonly citizenId: string,
    readonly score: number,
    cm: CompiledModel,
    citizen: number,
    rule: string,
    levels: number,
    names: NameKeys,
  ) {
    this.#cm = cm;
    this.#citizen = citizen;
    this.#rule = rule;
    this.#levels = levels;
    this.#names = names;
  }

  get candidates(): ScoredCandidate[] {
    // The total is recomputed from the same levels by the same additions, so it is the number linkDose compared.
    const total = scoreTotal(this.#cm, unpackLevels(this.#levels), this.#names);
    return [new Candidate(this.#cm, this.#citizen, this.citizenId, this.#rule, this.#levels, total, this.score, this.#names)];
  }

  get explanation(): string {
    return explain(this.#cm, this.candidates[0], '');
  }

  encode(): EncodedDecision {
    return {
      kind: 'verified',
      citizen: this.#citizen,
      rule: this.#rule,
      levels: this.#levels,
      citizenId: this.citizenId,
      score: this.score,
    };
  }

  toJSON(): LinkDecision {
    return plainDecision(this);
  }
}

/**
 * A decision as a worker thread posts it: candidates as (registry index, packed levels, total weight) and the
 * rule that found each, not their comparisons or text, so the main thread rebuilds the same lazy objects
 * (decodeDecision) and every output is the same whichever thread linked the dose.
 */
export type EncodedDecision =
  | { kind: 'plain'; decision: LinkDecision }
  | { kind: 'verified'; citizen: number; rule: string; levels: number; citizenId: string; score: number }
  | {
      kind: 'scored';
      status: LinkStatus;
      citizenId: string;
      score: number;
      cands: number[];
      rules: string[];
      extra: string;
      problems: Problem[];
    };

export function encodeDecision(d: LinkDecision): EncodedDecision {
  if (d instanceof Decision || d instanceof VerifiedDecision) return d.encode();
  // The decisions built as object literals (passport, no candidates) hold no candidates to rebuild.
  if (d.candidates.length > 0) throw new Error('encodeDecision: a plain decision with candidates cannot be encoded');
  return { kind: 'plain', decision: d };
}

/** The decision encodeDecision encoded, rebuilt against the same registry index and model. */
export function decodeDecision(e: EncodedDecision, dose: LinkInput, index: RegistryIndex, model: LinkModel): LinkDecision {
  if (e.kind === 'plain') return e.decision;
  const cm = compileModel(model);
  if (e.kind === 'verified') return new VerifiedDecision(e.citizenId, e.score, cm, e.citizen, e.rule, e.levels, dose.name);
  const candidates: ScoredCandidate[] = [];
  for (let k = 0; k < e.rules.length; k++) {
    const citizen = e.cands[3 * k];
    const total = e.cands[3 * k + 2];
    candidates.push(
      new Candidate(
        cm,
        citizen,
        index.citizens.get(citizen).citizenId,
        e.rules[k],
        e.cands[3 * k + 1],
        total,
        probabilityFromWeight(total),
        dose.name,
      ),
    );
  }
  return new Decision(e.status, e.citizenId, e.score, candidates, cm, candidates[0], e.extra, e.problems);
}

/** A plain-object copy of a decision (explanation and comparisons included), e.g. to post to another thread. */
export function plainDecision(d: LinkDecision): LinkDecision {
  return {
    status: d.status,
    citizenId: d.citizenId,
    score: d.score,
    candidates: d.candidates.map((c) => ({
      citizenIndex: c.citizenIndex,
      citizenId: c.citizenId,
      rule: c.rule,
      comparisons: c.comparisons,
      totalWeight: c.totalWeight,
      probability: c.probability,
    })),
    explanation: d.explanation,
    problems: d.problems,
  };
}

export function lazyExplained(
  status: LinkStatus,
  citizenId: string,
  score: number,
  candidates: ScoredCandidate[],
  cm: CompiledModel,
  best: ScoredCandidate,
  extra: string,
  problems: Problem[],
): LinkDecision {
  return new Decision(status, citizenId, score, candidates, cm, best, extra, problems);
}
