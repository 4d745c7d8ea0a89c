// Link decisions: exact-ID fast path, blocked candidates scored with the model, status + problems + one-line explanation.

import type { LinkConfig } from '../config/link.js';
import type {
  Citizen,
  FieldComparison,
  LinkDecision,
  LinkInput,
  LinkStatus,
  NameKeys,
  NormalizedDose,
  Problem,
  ScoredCandidate,
} from '../types.js';
import {
  CandidateSet,
  RULES,
  type RegistryIndex,
  collectFallback,
  collectPrimary,
  findByCitizenId,
  findIdOwner,
  hasLookalike,
  lookalikesOf,
} from './blocking.js';
import {
  BIRTH,
  FIELDS,
  FIELD_INDEX,
  GENDER,
  ID,
  LEVELS,
  type LinkField,
  NAME,
  PHONE,
  COMMUNE,
  compareDoseCitizen,
  compareDosePair,
  writtenGivenAgrees,
  givenMarksDiffer,
  hasUsableId,
  isStrongName,
  sameGivenName,
  touchCitizen,
  uncheckedIdDigits,
} from './compare.js';
import { type CompiledModel, type LinkModel, compileModel, probabilityFromWeight, scoreLevels, scoreTotal } from './model.js';

export interface LinkStats {
  /** Records where a blocking key held more people than maxBlockSize, or candidates exceeded maxCandidatesPerRecord. */
  blockingCapHits: number;
  /** Dose-citizen pairs scored. */
  candidatesCompared: number;
  /** Linked records (verified, verified_with_discrepancy, corrected) by the rule that found the linked person. */
  byRule: Record<string, number>;
  byStatus: Record<string, number>;
}

export function createLinkStats(): LinkStats {
  return { blockingCapHits: 0, candidatesCompared: 0, byRule: {}, byStatus: {} };
}

export function mergeLinkStats(into: LinkStats, from: LinkStats): LinkStats {
  into.blockingCapHits += from.blockingCapHits;
  into.candidatesCompared += from.candidatesCompared;
  for (const [k, v] of Object.entries(from.byRule)) into.byRule[k] = (into.byRule[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.byStatus)) into.byStatus[k] = (into.byStatus[k] ?? 0) + v;
  return into;
}

interface Scored {
  citizen: number;
  rule: string;
  /** Field levels packed 4 bits each (see packLevels): no Uint8Array allocated per scored pair or kept per candidate. */
  levels: number;
  total: number;
}

/** Scratch for one comparison at a time (linking is synchronous). */
const scratchLevels = new Uint8Array(FIELDS.length);

function packLevels(levels: Uint8Array): number {
  return levels[0] | (levels[1] << 4) | (levels[2] << 8) | (levels[3] << 12) | (levels[4] << 16) | (levels[5] << 20);
}

function unpackLevels(packed: number): Uint8Array {
  const out = new Uint8Array(FIELDS.length);
  for (let f = 0; f < FIELDS.length; f++) out[f] = (packed >>> (4 * f)) & 15;
  return out;
}

/** Level of one field in packed levels. */
function level(packed: number, field: LinkField): number {
  return (packed >>> (4 * FIELD_INDEX[field])) & 15;
}

/** Signed weight with one decimal ("+11.3", "-0.4"); hand-rolled because toFixed dominated the fast path. */
export function fmt(w: number): string {
  const r = Math.round(Math.abs(w) * 10);
  const sign = w < 0 && r !== 0 ? '-' : '+';
  return `${sign}${Math.floor(r / 10)}.${r % 10}`;
}

function fmtP(p: number): string {
  if (p >= 0.99999) return p.toFixed(6);
  return p.toPrecision(5);
}

function scoreCandidate(
  cm: CompiledModel,
  d: LinkInput,
  c: Citizen,
  citizen: number,
  rule: string,
  idInRegistry: boolean,
  idDiscredited = false,
): Scored {
  compareDoseCitizen(d, c, cm.thresholds, idInRegistry, scratchLevels);
  // The ID is another person's (see ownerIsAnotherPerson): that it is not this candidate's says nothing either way.
  const id = scratchLevels[FIELD_INDEX.id];
  if (idDiscredited && (id === ID.else || id === ID.prefixAgree || id === ID.absent)) scratchLevels[FIELD_INDEX.id] = ID.missing;
  return { citizen, rule, levels: packLevels(scratchLevels), total: scoreTotal(cm, scratchLevels, d.name) };
}

/**
 * A scored candidate whose field-by-field comparisons are built on first read: most doses are verified
 * and never print them, and building them was a fifth of the fast path. toJSON gives the plain object.
 */
class Candidate implements ScoredCandidate {
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

function toScoredCandidate(cm: CompiledModel, ix: RegistryIndex, d: LinkInput, s: Scored): ScoredCandidate {
  return new Candidate(cm, s.citizen, ix.citizens[s.citizen].citizenId, s.rule, s.levels, s.total, probabilityFromWeight(s.total), d.name);
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

/** The record's name is the registry's, or the same letters typed without any diacritics. */
function nameAgrees(d: LinkInput, level: number): boolean {
  if (level === NAME.canonical) return true;
  return (level === NAME.toneless || level === NAME.ascii) && d.name.canonical === d.name.ascii;
}

/**
 * Identity guard for automatic links: the name may not disagree outright, and a fuzzy name needs an exact
 * birth date, or, when the record's ID points at the person, a birth date that does not disagree (a typo
 * in the name of a year-only record). Keeps a relative's ID (shared family name, commune and phone) from
 * being auto-linked.
 */
function passesIdentityGuard(levels: number, idPoints: boolean): boolean {
  const name = level(levels, 'name');
  const birth = level(levels, 'birth');
  if (name === NAME.else || name === NAME.missing) return false;
  if (isStrongName(name) || birth === BIRTH.exact) return true;
  return idPoints && birth !== BIRTH.else;
}

function describeCitizen(c: Citizen): string {
  return `${c.citizenId} ${c.name.display}, ${c.birth?.iso ?? '?'}, ${c.gender}`;
}

function describeDose(d: LinkInput): string {
  return `${d.name.display}, ${d.birth?.iso ?? '?'}, ${d.gender}`;
}

function idValue(d: LinkInput): string {
  return d.id.value !== '' ? d.id.value : (d.raw?.citizen_id ?? '');
}

function discrepancies(d: LinkInput, c: Citizen, levels: number): Problem[] {
  const out: Problem[] = [];
  if (!nameAgrees(d, level(levels, 'name'))) {
    out.push({
      code: 'NAME_DIFFERS',
      field: 'full_name',
      value: d.name.display,
      fix: c.name.display,
      detail: `record "${d.name.display}" vs registry "${c.name.display}" (name level ${levelName('name', level(levels, 'name'))})`,
    });
  }
  const b = level(levels, 'birth');
  if (d.birth !== null && c.birth !== null && b !== BIRTH.exact && b !== BIRTH.yearOnly && b !== BIRTH.missing) {
    out.push({
      code: 'BIRTH_DATE_DIFFERS',
      field: 'birth_date',
      value: d.birth.iso,
      fix: c.birth.iso,
      detail: `record ${d.birth.iso} vs registry ${c.birth.iso} (${levelName('birth', b)})`,
    });
  }
  if (level(levels, 'gender') === GENDER.else) {
    out.push({
      code: 'GENDER_DIFFERS',
      field: 'gender',
      value: d.gender,
      fix: c.gender,
      detail: `record ${d.gender} vs registry ${c.gender}`,
    });
  }
  return out;
}

function levelName(field: 'name' | 'birth', level: number): string {
  return LEVELS[field][level];
}

function record(stats: LinkStats | undefined, status: LinkStatus, rule: string | null): void {
  if (!stats) return;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  if (rule !== null) stats.byRule[rule] = (stats.byRule[rule] ?? 0) + 1;
}

// biome-ignore lint/correctness/noUnusedVariables: written so the engine cannot drop the reads that warm the cache.
let touchSink = 0;

/** All candidates' fields read in one loop before they are compared (see touchCitizen: scoring took 2-18% less time in A/B runs at 200k and 1M). */
function touchCandidates(ix: RegistryIndex, citizens: readonly number[], from: number): void {
  let sink = 0;
  for (let i = from; i < citizens.length; i++) sink += touchCitizen(ix.citizens[citizens[i]]);
  touchSink += sink;
}

const byScore = (a: Scored, b: Scored): number => b.total - a.total || a.citizen - b.citizen;

/** The registry person holding the record's ID (citizen -1 when nobody does), for the candidate search. */
export interface IdOwner {
  readonly citizen: number;
  readonly rule: string;
}

const NO_OWNER: IdOwner = { citizen: -1, rule: RULES.id };

const lookalikeList: number[] = [];

/**
 * Link one dose to the registry. `stats`, when given, is updated in place (create it with createLinkStats,
 * merge shards with mergeLinkStats).
 */
export function linkDose(dose: LinkInput, index: RegistryIndex, model: LinkModel, cfg: LinkConfig, stats?: LinkStats): LinkDecision {
  const fast = linkById(dose, index, model, cfg, stats);
  return isDecision(fast) ? fast : linkByCandidates(dose, index, model, cfg, fast, stats);
}

export function isDecision(x: LinkDecision | IdOwner): x is LinkDecision {
  return (x as LinkDecision).status !== undefined;
}

/**
 * The fast path: a passport, or an ID whose owner agrees on name and birth date (the majority of doses), is
 * decided here; otherwise the ID's owner (or none) is returned for linkByCandidates. The two halves of
 * linkDose, so a worker thread can take the second for some doses.
 */
export function linkById(
  dose: LinkInput,
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  stats?: LinkStats,
): LinkDecision | IdOwner {
  const cm = compileModel(model);

  if (dose.id.kind === 'passport') {
    record(stats, 'unmatched', null);
    return {
      status: 'unmatched',
      citizenId: '',
      score: 0,
      candidates: [],
      explanation: 'passport: foreign national, not checked against the registry',
      problems: [],
    };
  }

  let found: IdOwner;
  if (hasUsableId(dose.id)) found = findIdOwner(index, dose.id.value);
  else {
    const digits = uncheckedIdDigits(dose);
    const holder = digits === '' ? -1 : findByCitizenId(index, digits);
    if (holder < 0) return NO_OWNER;
    found = { citizen: holder, rule: RULES.id };
  }
  const owner = found.citizen;
  const ownerRule = found.rule;
  if (owner < 0) return NO_OWNER;
  const c = index.citizens[owner];
  const levels = scratchLevels;
  compareDoseCitizen(dose, c, cm.thresholds, true, levels);
  if (stats) stats.candidatesCompared++;
  const F = FIELD_INDEX;
  if (nameAgrees(dose, levels[F.name]) && levels[F.birth] === BIRTH.exact && levels[F.gender] !== GENDER.else) {
    const total = scoreTotal(cm, levels, dose.name);
    const p = probabilityFromWeight(total);
    // The owner has a twin or namesake: the slow path compares the look-alike too (a clerk may have taken the
    // namesake's ID; twins share commune and phone, so even both agreeing do not tell them apart: see findLookalikes).
    if (p >= cfg.linkThreshold && !hasLookalike(index, owner)) {
      record(stats, 'verified', ownerRule);
      return new VerifiedDecision(c.citizenId, p, cm, owner, ownerRule, packLevels(levels), dose.name);
    }
  }
  return found;
}

/** The slow path: blocked candidates scored with the model, then the guarded decision. */
export function linkByCandidates(
  dose: LinkInput,
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  idOwner: IdOwner,
  stats?: LinkStats,
  exclude?: ReadonlySet<string>,
): LinkDecision {
  const cm = compileModel(model);
  const owner = idOwner.citizen;
  const set = new CandidateSet(index, cfg.maxCandidatesPerRecord, cfg.maxBlockSize);
  collectPrimary(set, index, dose, idOwner);
  // The owner's look-alikes are compared whatever the record's name and birth date look like (a damaged birth
  // date hides a twin from every name key): the owner is accepted only when the record tells them apart.
  if (owner >= 0) for (const k of lookalikesOf(index, owner, lookalikeList)) set.add(k, RULES.idLookalike);
  touchCandidates(index, set.citizens, 0);
  // Citizens an analyst excluded (review decision not_candidate) are never candidates of this record again: left
  // out before the fallback rules are chosen, so an excluded best candidate does not stop the wider search.
  const allowed = (c: number): boolean => exclude === undefined || exclude.size === 0 || !exclude.has(index.citizens[c].citizenId);
  const discredited = owner >= 0 && ownerIsAnotherPerson(cm, dose, index.citizens[owner]);
  const scored: Scored[] = [];
  for (let i = 0; i < set.citizens.length; i++) {
    const c = set.citizens[i];
    if (allowed(c)) scored.push(scoreCandidate(cm, dose, index.citizens[c], c, set.rules[i], owner >= 0, discredited));
  }
  scored.sort(byScore);
  if (scored.length === 0 || probabilityFromWeight(scored[0].total) < cfg.linkThreshold) {
    const before = set.citizens.length;
    collectFallback(set, index, dose, cfg.maxFallbackBlockSize);
    touchCandidates(index, set.citizens, before);
    for (let i = before; i < set.citizens.length; i++) {
      const c = set.citizens[i];
      if (allowed(c)) scored.push(scoreCandidate(cm, dose, index.citizens[c], c, set.rules[i], owner >= 0, discredited));
    }
    scored.sort(byScore);
  }
  if (stats) {
    stats.candidatesCompared += scored.length;
    if (set.capHits > 0) stats.blockingCapHits++;
  }
  return decide(cm, index, dose, scored, owner, cfg, stats);
}

/**
 * The ID's owner is plainly someone else: the name is not theirs (not even with a middle name left out or the order
 * reversed) and the birth date disagrees, or the name disagrees completely and the record has no birth date. The ID
 * is then a relative's (a family member's CCCD typed instead) or a slip onto a stranger's: wrong for this record
 * whoever its person is, so that it is not another candidate's is no evidence against them (the model's `else`
 * weight, about -5 bits, is for IDs that may be right). The owner keeps its own comparison.
 */
function ownerIsAnotherPerson(cm: CompiledModel, d: LinkInput, owner: Citizen): boolean {
  compareDoseCitizen(d, owner, cm.thresholds, true, scratchLevels);
  const name = scratchLevels[FIELD_INDEX.name];
  const birth = scratchLevels[FIELD_INDEX.birth];
  if (name === NAME.missing || isStrongName(name)) return false;
  return birth === BIRTH.else || (name === NAME.else && birth === BIRTH.missing);
}

/**
 * How many more of commune and phone agree exactly with the rival than with the owner. A phone or commune the
 * record shares with the rival is evidence for the rival even when the owner has none on file.
 */
function contactLeadOf(rival: number, owner: number): number {
  let lead = 0;
  const exact = { commune: COMMUNE.exact, phone: PHONE.exact } as const;
  for (const f of ['commune', 'phone'] as const) {
    lead += (level(rival, f) === exact[f] ? 1 : 0) - (level(owner, f) === exact[f] ? 1 : 0);
  }
  return lead;
}

/**
 * A registry person who looks like the person the record's ID points at (its owner, or the person one typo away):
 * a twin or a namesake, with the same family name and birth date and a name at least as close. Either the record's
 * own evidence prefers them (`tied` false): its given name as written is theirs and not the owner's (Vân / Văn), its
 * gender is theirs and not the owner's, or its commune or phone agree with them more than with the owner; or nothing
 * in the record tells the two apart (`tied`: a namesake's record without commune and phone, a twin's name typed
 * without diacritics), and only the ID says owner, which is exactly what a twin's or namesake's ID gets wrong.
 * `decisive`: two of given name, gender, commune and phone agree with them and not with the owner, nothing with
 * the owner, with a fully agreeing name and a birth date that agrees (or is missing on the record).
 */
interface Lookalike {
  rival: Scored;
  decisive: boolean;
  tied: boolean;
  nameBetter: boolean;
  genderBetter: boolean;
  contactLead: number;
}

function findLookalikes(ix: RegistryIndex, d: LinkInput, scored: readonly Scored[], owner: number): Lookalike[] {
  const o = scored.find((s) => s.citizen === owner);
  if (o === undefined) return [];
  const oName = level(o.levels, 'name');
  const oBirth = level(o.levels, 'birth');
  // Only an owner who looks like the record is doubted: an owner with another name or birth date is a wrong ID
  // (ID_OWNER_MISMATCH), not a look-alike's. A birth date missing on the record hides nothing of the kind.
  if (oName === NAME.missing || oName === NAME.else || oBirth === BIRTH.else) return [];
  const on = ix.citizens[owner].name;
  const ownerGiven = writtenGivenAgrees(d.name, on, oName);
  const oGender = level(o.levels, 'gender');
  const out: Lookalike[] = [];
  for (const s of scored) {
    if (s.citizen === owner) continue;
    const name = level(s.levels, 'name');
    const birth = level(s.levels, 'birth');
    const sn = ix.citizens[s.citizen].name;
    // Twins and namesakes: the owner's family name and birth date (twins' given names may differ: Tuyết / Tuyền).
    if (sn.family !== on.family || birth !== oBirth || name === NAME.missing || name === NAME.else) continue;
    if (oBirth === BIRTH.missing && ix.citizens[s.citizen].birth?.iso !== ix.citizens[owner].birth?.iso) continue;
    const rivalGiven = writtenGivenAgrees(d.name, sn, name);
    const nameBetter = !ownerGiven && rivalGiven;
    const gender = level(s.levels, 'gender');
    const genderBetter = gender === GENDER.exact && oGender === GENDER.else;
    const contactLead = contactLeadOf(s.levels, o.levels);
    // The given name as written is the owner's and not the rival's (Thủy / Thúy): contacts shared by a household
    // cannot make the rival fit better.
    const notWorse = (oName === NAME.missing || name <= oName) && (rivalGiven || !ownerGiven);
    const ownerCloser =
      oName < name || (ownerGiven && !rivalGiven) || (oGender === GENDER.exact && gender === GENDER.else) || contactLead < 0;
    const preferred = nameBetter || genderBetter || (notWorse && contactLead > 0);
    // Tied only with a true twin or namesake (the owner's birth date in the registry too): two people born the same
    // year are both year_only against a year-only record, and that is no look-alike.
    const tied = !preferred && !ownerCloser && ix.citizens[s.citizen].birth?.iso === ix.citizens[owner].birth?.iso;
    if (!preferred && !tied) continue;
    const pieces = (nameBetter ? 1 : 0) + (genderBetter ? 1 : 0) + Math.max(contactLead, 0);
    const decisive =
      preferred && pieces >= 2 && notWorse && !ownerCloser && isStrongName(name) && (birth === BIRTH.exact || birth === BIRTH.missing);
    out.push({ rival: s, decisive, tied, nameBetter, genderBetter, contactLead });
  }
  return out;
}

function describeLookalike(ix: RegistryIndex, l: Lookalike): string {
  const rival = `${describeCitizen(ix.citizens[l.rival.citizen])} (same birth date, near-identical name)`;
  if (l.tied) return `${rival} fits the record as well as the ID owner: nothing but the ID tells them apart`;
  const contacts = l.contactLead >= 2 ? 'commune and phone' : l.contactLead > 0 ? 'commune or phone' : '';
  const why = [l.nameBetter ? 'the given name as written' : '', l.genderBetter ? 'gender' : '', contacts].filter((x) => x !== '');
  return `${rival} fits the record's ${why.join(' and ')} better`;
}

function decide(
  cm: CompiledModel,
  ix: RegistryIndex,
  d: LinkInput,
  all: Scored[],
  owner: number,
  cfg: LinkConfig,
  stats?: LinkStats,
): LinkDecision {
  const problems: Problem[] = [];
  const hasId = hasUsableId(d.id);
  if (all.length === 0) {
    // The owner is always a candidate, so an owner without one is the owner an analyst excluded (not_candidate): the
    // ID is in the registry, and it is theirs.
    if (owner >= 0) problems.push(ownerMismatch(d, ix.citizens[owner], ' (excluded by an analyst)'));
    else if (hasId) problems.push(idNotInRegistry(d));
    problems.push({
      code: 'LINK_NOT_FOUND',
      field: 'full_name',
      value: d.name.display,
      detail:
        owner >= 0
          ? 'no registry person but the ID owner an analyst excluded shares a blocking key with this record'
          : 'no registry person shares a blocking key with this record',
    });
    record(stats, 'unmatched', null);
    return { status: 'unmatched', citizenId: '', score: 0, candidates: [], explanation: 'no candidates', problems };
  }
  const scored = all.slice(0, Math.max(cfg.maxReviewCandidates, 2));
  const best = scored[0];
  const second = scored.length > 1 ? scored[1] : null;
  const lead = second ? best.total - second.total : Infinity;
  const pBest = probabilityFromWeight(best.total);
  const c = ix.citizens[best.citizen];

  // A record whose name and birth date designate another person exactly, while the ID's owner matches
  // only loosely, is the twin / sibling-ID hazard: a person decides.
  const ownerConflict =
    best.citizen === owner &&
    !isStrongName(level(best.levels, 'name')) &&
    scored.some((s) => s.citizen !== owner && isStrongName(level(s.levels, 'name')) && level(s.levels, 'birth') === BIRTH.exact);
  // The ID's owner has a twin or namesake whom the record's own name, commune or phone prefer: the ID may be the
  // look-alike's (a clerk's first hit by name and birth date). One decisive look-alike is linked, whether the model
  // ranks it above the owner or just below; else the owner is not accepted and a person decides.
  // The person the ID points at: its owner, or the person one typo away (a twin's ID with a slip on top).
  const pointed = owner >= 0 ? owner : (all.find((s) => level(s.levels, 'id') === ID.oneEdit)?.citizen ?? -1);
  const lookalikes = pointed >= 0 ? findLookalikes(ix, d, all, pointed) : [];
  // The one the record prefers (tied look-alikes fit no better than the owner, so no better than a decisive one).
  const preferred = lookalikes.filter((l) => !l.tied);
  if (preferred.length === 1 && preferred[0].decisive) {
    const r = preferred[0].rival;
    const rc = ix.citizens[r.citizen];
    const candidates = [r, ...scored.filter((s) => s !== r)].slice(0, cfg.maxReviewCandidates).map((s) => toScoredCandidate(cm, ix, d, s));
    problems.push({
      code: 'ID_CORRECTED',
      field: 'citizen_id',
      value: idValue(d),
      fix: rc.citizenId,
      detail: `record ID ${d.id.value} -> registry ${rc.citizenId} (${describeCitizen(rc)})`,
    });
    problems.push(lookalikeOwner(d, ix, pointed, describeLookalike(ix, preferred[0])));
    problems.push(...discrepancies(d, rc, r.levels));
    record(stats, 'corrected', r.rule);
    const extra = `lookalike of ID owner ${ix.citizens[pointed].citizenId}`;
    return lazyExplained('corrected', rc.citizenId, probabilityFromWeight(r.total), candidates, cm, candidates[0], extra, problems);
  }

  // When the record's ID does not point at the candidate, a different given name with the same family and
  // birth date is what a twin or sibling looks like (the right twin may be missing from the registry):
  // correct only when the given names agree (the typo is elsewhere in the name, or a letter typed twice: see
  // sameGivenName) or the name agrees fully.
  const idLevel = level(best.levels, 'id');
  const idPoints = best.citizen === owner || idLevel === ID.oneEdit || idLevel === ID.oldId;
  const nameSuffices =
    idPoints || ((isStrongName(level(best.levels, 'name')) || sameGivenName(d.name, c.name)) && !givenMarksDiffer(d.name, c.name));
  const ownerDoubted = best.citizen === pointed && lookalikes.length > 0;
  const linkable =
    pBest >= cfg.linkThreshold &&
    lead >= cfg.minLeadBits &&
    passesIdentityGuard(best.levels, idPoints) &&
    nameSuffices &&
    !ownerConflict &&
    !ownerDoubted;
  const candidates = scored.slice(0, cfg.maxReviewCandidates).map((s) => toScoredCandidate(cm, ix, d, s));
  const bestC = candidates[0];
  const leadText = second ? `lead=${fmt(lead)} over ${ix.citizens[second.citizen].citizenId}` : '';
  if (linkable) {
    if (best.citizen === owner) {
      const disc = discrepancies(d, c, best.levels);
      const status: LinkStatus = disc.length === 0 ? 'verified' : 'verified_with_discrepancy';
      record(stats, status, best.rule);
      return lazyExplained(status, c.citizenId, pBest, candidates, cm, bestC, leadText, disc);
    }
    problems.push({
      code: 'ID_CORRECTED',
      field: 'citizen_id',
      value: idValue(d),
      fix: c.citizenId,
      detail: hasId
        ? `record ID ${d.id.value} -> registry ${c.citizenId} (${describeCitizen(c)})`
        : `no usable ID on the record -> registry ${c.citizenId} (${describeCitizen(c)})`,
    });
    if (owner >= 0) {
      // An owner who agrees on birth date and name (a namesake elsewhere, outscored by the record's commune and
      // phone) is a look-alike, not an owner with "a different name and birth date".
      const o = all.find((s) => s.citizen === owner);
      const looksAlike = o !== undefined && level(o.levels, 'birth') === BIRTH.exact && isStrongName(level(o.levels, 'name'));
      problems.push(
        looksAlike
          ? lookalikeOwner(d, ix, owner, `${describeCitizen(c)} (same birth date, near-identical name) fits the record better`)
          : ownerMismatch(d, ix.citizens[owner]),
      );
    }
    problems.push(...discrepancies(d, c, best.levels));
    record(stats, 'corrected', best.rule);
    return lazyExplained('corrected', c.citizenId, pBest, candidates, cm, bestC, leadText, problems);
  }

  // Never lose an obvious candidate: the owner of a 12-digit ID whose birth date agrees exactly is at least a
  // review case, first among the candidates, whatever the names say (it may be a twin using a sibling's ID).
  const idAndBirth = ownerIdAndBirthAgree(d, all, owner);
  // Likewise a name that agrees (a middle name left out or written as an initial included) with a birth year that
  // agrees where one side holds the year only (or a 01/01 placeholder): weak evidence, but a person can decide.
  const nameAndYear =
    isStrongName(level(best.levels, 'name')) &&
    level(best.levels, 'birth') === BIRTH.yearOnly &&
    level(best.levels, 'gender') !== GENDER.else;
  if (pBest >= cfg.reviewThreshold || lookalikes.length > 0 || idAndBirth !== null || nameAndYear) {
    const ownerFirst = idAndBirth !== null ? [idAndBirth, ...scored.filter((s) => s !== idAndBirth)] : null;
    const listed =
      ownerFirst !== null ? ownerFirst.slice(0, cfg.maxReviewCandidates).map((s) => toScoredCandidate(cm, ix, d, s)) : candidates;
    const listText = listed.map((k) => `${describeCitizen(ix.citizens[k.citizenIndex])} p=${fmtP(k.probability)}`).join(' | ');
    const why =
      lookalikes.length > 0 && (ownerDoubted || lead < cfg.minLeadBits)
        ? `the ID owner has a look-alike: ${lookalikes.map((l) => describeLookalike(ix, l)).join('; ')}`
        : ownerConflict
          ? 'the ID owner matches loosely while another person matches name and birth date exactly'
          : pBest < cfg.reviewThreshold && idAndBirth !== null
            ? 'the ID and the birth date agree exactly with their owner, the name does not'
            : pBest < cfg.reviewThreshold
              ? 'the name agrees but the birth date holds the year only'
              : pBest < cfg.linkThreshold
                ? `best match probability ${fmtP(pBest)} is below the link threshold`
                : lead < cfg.minLeadBits
                  ? `the best two are within ${cfg.minLeadBits} bits`
                  : !nameSuffices
                    ? 'the ID does not confirm this person and the name agrees only approximately'
                    : 'name or birth date disagree too much to link automatically';
    if (lookalikes.length > 0) problems.push(lookalikeOwner(d, ix, pointed, describeLookalike(ix, lookalikes[0])));
    problems.push({
      code: 'LINK_AMBIGUOUS',
      field: 'citizen_id',
      value: idValue(d),
      detail: `${why}; candidates: ${listText}`,
    });
    record(stats, 'review', null);
    // The lead is the best candidate's; it does not describe an owner listed first in its place.
    const extra = listed[0].citizenIndex === best.citizen ? leadText : '';
    return lazyExplained('review', '', listed[0].probability, listed, cm, listed[0], extra, problems);
  }

  if (owner >= 0) problems.push(ownerMismatch(d, ix.citizens[owner]));
  else if (hasId) problems.push(idNotInRegistry(d));
  problems.push({
    code: 'LINK_NOT_FOUND',
    field: 'full_name',
    value: d.name.display,
    detail: `best candidate ${c.citizenId} has match probability ${fmtP(pBest)}, below the review threshold ${cfg.reviewThreshold}`,
  });
  record(stats, 'unmatched', null);
  return lazyExplained('unmatched', '', pBest, candidates, cm, bestC, '', problems);
}

/** The ID owner's scored pair when the record's 12-digit ID is theirs (current or former number) and the birth dates agree exactly. */
function ownerIdAndBirthAgree(d: LinkInput, all: readonly Scored[], owner: number): Scored | null {
  if (owner < 0 || (d.id.kind !== 'cccd' && uncheckedIdDigits(d) === '')) return null;
  const o = all.find((s) => s.citizen === owner);
  if (o === undefined) return null;
  const id = level(o.levels, 'id');
  return (id === ID.exact || id === ID.oldId) && level(o.levels, 'birth') === BIRTH.exact ? o : null;
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
class VerifiedDecision implements LinkDecision {
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
        index.citizens[citizen].citizenId,
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

function lazyExplained(
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

function idNotInRegistry(d: LinkInput): Problem {
  return {
    code: 'ID_NOT_IN_REGISTRY',
    field: 'citizen_id',
    value: d.id.value,
    detail: `${d.id.kind === 'cmnd9' ? 'CMND' : 'CCCD'} ${d.id.value} is not in the registry`,
  };
}

function lookalikeOwner(d: LinkInput, ix: RegistryIndex, owner: number, why: string): Problem {
  return {
    code: 'ID_LOOKALIKE_OWNER',
    field: 'citizen_id',
    value: d.id.value,
    detail: `ID owner: ${describeCitizen(ix.citizens[owner])} | ${why} | record: ${describeDose(d)}`,
  };
}

function ownerMismatch(d: LinkInput, o: Citizen, note = ''): Problem {
  return {
    code: 'ID_OWNER_MISMATCH',
    field: 'citizen_id',
    value: d.id.value,
    detail: `ID owner: ${describeCitizen(o)}${note} | record: ${describeDose(d)}`,
  };
}

/** Probability reported for a pair the twin guard refuses: "not decidable", never enough to group. */
const GUARDED_PAIR_PROBABILITY = 0.5;

/**
 * Match probability that two dose records are the same person (dedupe groups unlinked records with it).
 * Same guard as linking: two different ID numbers with only an approximate name is what twins and
 * siblings look like, so such a pair never scores above 0.5.
 */
export function compareDoses(a: NormalizedDose, b: NormalizedDose, model: LinkModel): number {
  const cm = compileModel(model);
  const levels = scratchLevels;
  compareDosePair(a, b, cm.thresholds, levels);
  const p = probabilityFromWeight(scoreTotal(cm, levels, a.name));
  const idsDiffer = levels[3] === ID.prefixAgree || levels[3] === ID.else;
  return idsDiffer && !isStrongName(levels[0]) ? Math.min(p, GUARDED_PAIR_PROBABILITY) : p;
}

/**
 * linkDose without the citizens an analyst excluded from this record (review decision not_candidate): the model
 * keeps deciding among the others. An excluded ID owner is still the ID's owner (ID_OWNER_MISMATCH), never a link.
 */
export function linkDoseExcluding(
  dose: LinkInput,
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  exclude: ReadonlySet<string>,
): LinkDecision {
  if (exclude.size === 0) return linkDose(dose, index, model, cfg);
  const fast = linkById(dose, index, model, cfg);
  if (isDecision(fast) && !exclude.has(fast.citizenId)) return fast;
  const owner = isDecision(fast) ? (hasUsableId(dose.id) ? findIdOwner(index, dose.id.value) : NO_OWNER) : fast;
  return linkByCandidates(dose, index, model, cfg, owner.citizen < 0 ? NO_OWNER : owner, undefined, exclude);
}

/**
 * The decision for a link an analyst made (review decision link): the record belongs to `citizenId`, whatever the
 * model scored. Status and problems as the model would give them had it linked this person (verified when the
 * record's ID is theirs, corrected otherwise); the other candidates stay listed. Null when the citizen is not in
 * this registry (the caller re-opens the decision).
 */
export function linkToCitizen(
  dose: LinkInput,
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  citizenId: string,
  modelDecision: LinkDecision,
  note: string,
): LinkDecision | null {
  const target = findByCitizenId(index, citizenId);
  if (target < 0) return null;
  const cm = compileModel(model);
  const found = hasUsableId(dose.id) ? findIdOwner(index, dose.id.value) : { citizen: -1, rule: '' };
  const owner = found.citizen;
  const c = index.citizens[target];
  const s = scoreCandidate(cm, dose, c, target, owner === target ? found.rule : 'analyst', owner >= 0);
  const best = plainCandidate(toScoredCandidate(cm, index, dose, s));
  const others = modelDecision.candidates.filter((k) => k.citizenId !== citizenId).map(plainCandidate);
  const candidates = [best, ...others].slice(0, Math.max(cfg.maxReviewCandidates, 1));
  const explanation = explain(cm, best, note);
  if (owner === target) {
    const disc = discrepancies(dose, c, s.levels);
    const status: LinkStatus = disc.length === 0 ? 'verified' : 'verified_with_discrepancy';
    return { status, citizenId, score: best.probability, candidates, explanation, problems: disc };
  }
  const problems: Problem[] = [
    {
      code: 'ID_CORRECTED',
      field: 'citizen_id',
      value: idValue(dose),
      fix: citizenId,
      detail:
        `${hasUsableId(dose.id) ? `record ID ${dose.id.value}` : 'no usable ID on the record'} -> registry ${citizenId} ` +
        `(${describeCitizen(c)}), decided by an analyst`,
    },
  ];
  if (owner >= 0) problems.push(ownerMismatch(dose, index.citizens[owner]));
  problems.push(...discrepancies(dose, c, s.levels));
  return { status: 'corrected', citizenId, score: best.probability, candidates, explanation, problems };
}

function plainCandidate(c: ScoredCandidate): ScoredCandidate {
  const { citizenIndex, citizenId, rule, comparisons, totalWeight, probability } = c;
  return { citizenIndex, citizenId, rule, comparisons, totalWeight, probability };
}
