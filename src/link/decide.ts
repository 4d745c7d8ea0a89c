// Link decisions: exact-ID fast path, blocked candidates scored with the model, status + problems + one-line explanation.

import type { LinkConfig } from '../config/link.js';
import type { Citizen, LinkDecision, LinkInput, LinkStatus, NormalizedDose, Problem, ScoredCandidate } from '../types.js';
import {
  CandidateSet,
  RULES,
  type RegistryIndex,
  collectFallback,
  collectOwnerTwins,
  collectPrimary,
  findByCitizenId,
  findIdOwner,
  hasLookalike,
  lookalikesOf,
} from './blocking.js';
import {
  BIRTH,
  COMMUNE,
  FIELDS,
  FIELD_INDEX,
  GENDER,
  ID,
  NAME,
  PHONE,
  compareDoseCitizen,
  compareDosePair,
  givenMarksDiffer,
  hasUsableId,
  isStrongName,
  sameGivenName,
  touchCitizen,
  uncheckedIdDigits,
} from './compare.js';
import { VerifiedDecision, explain, fmt, fmtP, lazyExplained, toScoredCandidate } from './decision.js';
import { describeCitizen, discrepancies, idNotInRegistry, idValue, lookalikeOwner, nameAgrees, ownerMismatch } from './link-problems.js';
import { type LinkStats, countDecision } from './link-stats.js';
import { describeLookalike, findLookalikes, pickByFacility } from './lookalikes.js';
import { type CompiledModel, type LinkModel, catchmentCount, compileModel, probabilityFromWeight, scoreTotal } from './model.js';
import { type Scored, level, packLevels } from './packed-levels.js';

// Kept here for src/store/nightly.ts, which imports it from this module (its home is decision.ts).
export { plainDecision } from './decision.js';

/** Scratch for one comparison at a time (linking is synchronous). */
const scratchLevels = new Uint8Array(FIELDS.length);

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

// biome-ignore lint/correctness/noUnusedVariables: written so the engine cannot drop the reads that warm the cache.
let touchSink = 0;

/** All candidates' fields read in one loop before they are compared (see touchCitizen: scoring took 2-18% less time in A/B runs at 200k and 1M). */
function touchCandidates(ix: RegistryIndex, citizens: readonly number[], from: number): void {
  let sink = 0;
  for (let i = from; i < citizens.length; i++) sink += touchCitizen(ix.citizens.get(citizens[i]));
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

/** Whether the citizen has a dose verified on their own ID at this facility (the run's or the store's other records). */
export type VaccinatedAt = (facility: string, citizenId: string) => boolean;

/** Names the history evidence in an explanation, so a stored decision shows it was read (nightly re-reads it). */
export const HISTORY_TEXT = 'a verified dose there';

/**
 * A record without any ID decided again with the facility's history (the second pass of a run): the one decision
 * linkDose makes, plus the link when the best candidate was vaccinated at the record's facility on their own ID.
 */
export function linkWithHistory(
  dose: LinkInput,
  index: RegistryIndex,
  model: LinkModel,
  cfg: LinkConfig,
  history: VaccinatedAt,
): LinkDecision {
  return linkByCandidates(dose, index, model, cfg, NO_OWNER, undefined, undefined, history);
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
    countDecision(stats, 'unmatched', null);
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
  const c = index.citizens.get(owner);
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
      countDecision(stats, 'verified', ownerRule);
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
  history?: VaccinatedAt,
): LinkDecision {
  const cm = compileModel(model);
  const owner = idOwner.citizen;
  const set = new CandidateSet(index, cfg.maxCandidatesPerRecord, cfg.maxBlockSize);
  collectPrimary(set, index, dose, idOwner);
  // The owner's look-alikes are compared whatever the record's name and birth date look like (a damaged birth
  // date hides a twin from every name key): the owner is accepted only when the record tells them apart.
  if (owner >= 0) {
    for (const k of lookalikesOf(index, owner, lookalikeList)) set.add(k, RULES.idLookalike);
    collectOwnerTwins(set, index, owner, cfg.maxFallbackBlockSize);
  }
  touchCandidates(index, set.citizens, 0);
  // Citizens an analyst excluded (review decision not_candidate) are never candidates of this record again: left
  // out before the fallback rules are chosen, so an excluded best candidate does not stop the wider search.
  const allowed = (c: number): boolean => exclude === undefined || exclude.size === 0 || !exclude.has(index.citizens.get(c).citizenId);
  let discredited = owner >= 0 && ownerIsAnotherPerson(cm, dose, index.citizens.get(owner));
  const scored: Scored[] = [];
  for (let i = 0; i < set.citizens.length; i++) {
    const c = set.citizens[i];
    if (allowed(c)) scored.push(scoreCandidate(cm, dose, index.citizens.get(c), c, set.rules[i], owner >= 0, discredited));
  }
  // Nobody holds the ID, but the person one typo away from it is plainly someone else: a relative's ID with a slip on top
  // (issue 14). That the ID is nobody's ('absent') is then no evidence against the other candidates either.
  if (owner < 0 && !discredited && hasUsableId(dose.id)) {
    discredited = scored.some((s) => level(s.levels, 'id') === ID.oneEdit && ownerIsAnotherPerson(cm, dose, index.citizens.get(s.citizen)));
    if (discredited) {
      for (let k = 0; k < scored.length; k++) {
        const s = scored[k];
        scored[k] = scoreCandidate(cm, dose, index.citizens.get(s.citizen), s.citizen, s.rule, false, true);
      }
    }
  }
  scored.sort(byScore);
  if (scored.length === 0 || probabilityFromWeight(scored[0].total) < cfg.linkThreshold) {
    const before = set.citizens.length;
    collectFallback(set, index, dose, cfg.maxFallbackBlockSize);
    touchCandidates(index, set.citizens, before);
    for (let i = before; i < set.citizens.length; i++) {
      const c = set.citizens[i];
      if (allowed(c)) scored.push(scoreCandidate(cm, dose, index.citizens.get(c), c, set.rules[i], owner >= 0, discredited));
    }
    scored.sort(byScore);
  }
  if (stats) {
    stats.candidatesCompared += scored.length;
    if (set.capHits > 0) stats.blockingCapHits++;
  }
  return decide(cm, index, dose, scored, owner, cfg, stats, history);
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

function decide(
  cm: CompiledModel,
  ix: RegistryIndex,
  d: LinkInput,
  all: Scored[],
  owner: number,
  cfg: LinkConfig,
  stats?: LinkStats,
  history?: VaccinatedAt,
): LinkDecision {
  const problems: Problem[] = [];
  const hasId = hasUsableId(d.id);
  if (all.length === 0) {
    // The owner is always a candidate, so an owner without one is the owner an analyst excluded (not_candidate): the
    // ID is in the registry, and it is theirs.
    if (owner >= 0) problems.push(ownerMismatch(d, ix.citizens.get(owner), ' (excluded by an analyst)'));
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
    countDecision(stats, 'unmatched', null);
    return { status: 'unmatched', citizenId: '', score: 0, candidates: [], explanation: 'no candidates', problems };
  }
  // Same-day namesakes the record fits equally: the one the record's facility vaccinates (its commune), if any, first.
  const byFacility = pickByFacility(cm, ix, d, all, cfg.minLeadBits, cfg.catchmentMinDoses);
  const ranked = byFacility === null ? all : [byFacility, ...all.filter((s) => s !== byFacility)];
  const scored = ranked.slice(0, Math.max(cfg.maxReviewCandidates, 2));
  const best = scored[0];
  const second = scored.length > 1 ? scored[1] : null;
  const lead = byFacility !== null ? Number.POSITIVE_INFINITY : second ? best.total - second.total : Infinity;
  const pBest = probabilityFromWeight(best.total);
  const c = ix.citizens.get(best.citizen);

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
  const setAside: Scored[] = [];
  const evidence = { cm, minDoses: cfg.catchmentMinDoses };
  const lookalikes = pointed >= 0 ? findLookalikes(ix, d, all, pointed, evidence, setAside) : [];
  // The one the record prefers (tied look-alikes fit no better than the owner, so no better than a decisive one).
  const preferred = lookalikes.filter((l) => !l.tied);
  if (preferred.length === 1 && preferred[0].decisive) {
    const r = preferred[0].rival;
    const rc = ix.citizens.get(r.citizen);
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
    countDecision(stats, 'corrected', r.rule);
    const extra = `lookalike of ID owner ${ix.citizens.get(pointed).citizenId}`;
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
  // The given name as written is another name than the owner's (Lân / Lan, see givenMarksDiffer) and the gender is not
  // theirs: what a twin on a sibling's ID looks like when the twin is missing from the registry. A person decides.
  const ownerSibling = best.citizen === owner && givenMarksDiffer(d.name, c.name) && level(best.levels, 'gender') === GENDER.else;
  // Under the link threshold for want of where the person lives (no commune on the record, as in files without that
  // column): a facility that vaccinates the candidate's commune supplies that evidence, worth what training measured
  // for it (catchmentBits). Not for a record carrying someone else's ID, nor one whose phone disagrees.
  const facilityBits = servedByFacility(cm, d, c, best.levels, idPoints, cfg.catchmentMinDoses);
  const linkWeight = Math.log2(cfg.linkThreshold / (1 - cfg.linkThreshold));
  const byCatchment = pBest < cfg.linkThreshold && best.total + facilityBits >= linkWeight;
  // A record without any ID, under the link threshold, whose candidate was vaccinated at this very facility on their
  // own ID (another dose of the same run or store, verified): that person is known here (issue 14).
  const byHistory =
    !byCatchment &&
    pBest < cfg.linkThreshold &&
    pBest >= cfg.reviewThreshold &&
    d.id.kind === 'missing' &&
    history !== undefined &&
    d.facility !== undefined &&
    d.facility !== '' &&
    history(d.facility, c.citizenId);
  const linkable =
    (pBest >= cfg.linkThreshold || byCatchment || byHistory) &&
    lead >= cfg.minLeadBits &&
    passesIdentityGuard(best.levels, idPoints) &&
    nameSuffices &&
    !ownerConflict &&
    !ownerDoubted &&
    !ownerSibling;
  const candidates = scored.slice(0, cfg.maxReviewCandidates).map((s) => toScoredCandidate(cm, ix, d, s));
  const bestC = candidates[0];
  const facilityText = byCatchment
    ? `; no commune on the record: the facility vaccinates this person's commune (${fmt(facilityBits)} bits)`
    : byHistory
      ? `; this person was vaccinated at ${d.facility} on their own ID (${HISTORY_TEXT})`
      : '';
  const leadText =
    byFacility !== null && second !== null
      ? `as likely as ${ix.citizens.get(second.citizen).citizenId} (same name and birth date); the facility vaccinates this person's commune, never theirs`
      : second
        ? `lead=${fmt(lead)} over ${ix.citizens.get(second.citizen).citizenId}${facilityText}`
        : facilityText.slice(2);
  if (linkable) {
    if (best.citizen === owner) {
      const disc = discrepancies(d, c, best.levels);
      const status: LinkStatus = disc.length === 0 ? 'verified' : 'verified_with_discrepancy';
      countDecision(stats, status, best.rule);
      // A look-alike only the facility told apart is named, so a reader sees what the link rests on.
      const asideText = setAside.map((s) => `look-alike ${ix.citizens.get(s.citizen).citizenId} set aside by the facility's communes`);
      return lazyExplained(
        status,
        c.citizenId,
        pBest,
        candidates,
        cm,
        bestC,
        [leadText, ...asideText].filter((x) => x !== '').join('; '),
        disc,
      );
    }
    problems.push({
      code: 'ID_CORRECTED',
      field: 'citizen_id',
      value: idValue(d),
      fix: c.citizenId,
      detail: hasId
        ? `record ID ${d.id.value} -> registry ${c.citizenId} (${describeCitizen(c)})`
        : `no usable ID on the record -> registry ${c.citizenId} (${describeCitizen(c)})${byHistory ? `, ${facilityText.slice(2)}` : ''}`,
    });
    if (owner >= 0) {
      // An owner who agrees on birth date and name (a namesake elsewhere, outscored by the record's commune and
      // phone) is a look-alike, not an owner with "a different name and birth date".
      const o = all.find((s) => s.citizen === owner);
      const looksAlike = o !== undefined && level(o.levels, 'birth') === BIRTH.exact && isStrongName(level(o.levels, 'name'));
      problems.push(
        looksAlike
          ? lookalikeOwner(d, ix, owner, `${describeCitizen(c)} (same birth date, near-identical name) fits the record better`)
          : ownerMismatch(d, ix.citizens.get(owner)),
      );
    }
    problems.push(...discrepancies(d, c, best.levels));
    countDecision(stats, 'corrected', best.rule);
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
    const listText = listed.map((k) => `${describeCitizen(ix.citizens.get(k.citizenIndex))} p=${fmtP(k.probability)}`).join(' | ');
    const why =
      lookalikes.length > 0 && (ownerDoubted || lead < cfg.minLeadBits)
        ? `the ID owner has a look-alike: ${lookalikes.map((l) => describeLookalike(ix, l)).join('; ')}`
        : ownerConflict
          ? 'the ID owner matches loosely while another person matches name and birth date exactly'
          : ownerSibling
            ? "the record's given name (its marks) and gender are not the ID owner's: a twin's or sibling's ID?"
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
    countDecision(stats, 'review', null);
    // The lead is the best candidate's; it does not describe an owner listed first in its place.
    const extra = listed[0].citizenIndex === best.citizen ? leadText : '';
    return lazyExplained('review', '', listed[0].probability, listed, cm, listed[0], extra, problems);
  }

  if (owner >= 0) problems.push(ownerMismatch(d, ix.citizens.get(owner)));
  else if (hasId) problems.push(idNotInRegistry(d));
  problems.push({
    code: 'LINK_NOT_FOUND',
    field: 'full_name',
    value: d.name.display,
    detail: `best candidate ${c.citizenId} has match probability ${fmtP(pBest)}, below the review threshold ${cfg.reviewThreshold}`,
  });
  countDecision(stats, 'unmatched', null);
  return lazyExplained('unmatched', '', pBest, candidates, cm, bestC, '', problems);
}

/**
 * The bits a candidate gains from living in a commune the record's facility vaccinates (0 when it does not count): only
 * for a record with no commune, a phone that does not disagree, and no ID but the candidate's (a record without one,
 * or whose ID points at them).
 */
function servedByFacility(cm: CompiledModel, d: LinkInput, c: Citizen, levels: number, idPoints: boolean, minDoses: number): number {
  if (d.facility === undefined || d.facility === '' || c.commune === '') return 0;
  if (level(levels, 'commune') !== COMMUNE.missing || level(levels, 'phone') === PHONE.else) return 0;
  if (!idPoints && level(levels, 'id') !== ID.missing) return 0;
  if (catchmentCount(cm, d.facility, c.commune) < minDoses) return 0;
  return cm.catchmentBits.get(d.facility) ?? 0;
}

/** The ID owner's scored pair when the record's 12-digit ID is theirs (current or former number) and the birth dates agree exactly. */
function ownerIdAndBirthAgree(d: LinkInput, all: readonly Scored[], owner: number): Scored | null {
  if (owner < 0 || (d.id.kind !== 'cccd' && uncheckedIdDigits(d) === '')) return null;
  const o = all.find((s) => s.citizen === owner);
  if (o === undefined) return null;
  const id = level(o.levels, 'id');
  return (id === ID.exact || id === ID.oldId) && level(o.levels, 'birth') === BIRTH.exact ? o : null;
}

/** Probability reported for a pair the twin guard refuses: "not decidable", never enough to group. */
const GUARDED_PAIR_PROBABILITY = 0.5;
/** Probability reported for two IDs of one birth cohort (prefix_agree): two people, below any samePersonFloor, so that
 *  complete linkage never chains them through a third record that fits both (one without an ID). */
const TWIN_IDS_PAIR_PROBABILITY = 0;

/**
 * Match probability that two dose records are the same person (dedupe groups unlinked records with it).
 * Same guard as linking: two different ID numbers with only an approximate name is what twins and
 * siblings look like, so such a pair never scores above 0.5. Two IDs of one province, century and birth year
 * (prefix_agree) are two people whatever the name (issue 14): twins written alike (without marks, Hà and Hạ read the
 * same) are told apart by nothing else, and on the independent data they were the real doses merged. A copy on a
 * relative's ID (another birth year, else) keeps its name's weight: one person's copies look like that.
 */
export function compareDoses(a: NormalizedDose, b: NormalizedDose, model: LinkModel): number {
  const cm = compileModel(model);
  const levels = scratchLevels;
  compareDosePair(a, b, cm.thresholds, levels);
  const p = probabilityFromWeight(scoreTotal(cm, levels, a.name));
  const id = levels[FIELD_INDEX.id];
  if (id === ID.prefixAgree) return TWIN_IDS_PAIR_PROBABILITY;
  const guarded = id === ID.else && !isStrongName(levels[FIELD_INDEX.name]);
  return guarded ? Math.min(p, GUARDED_PAIR_PROBABILITY) : p;
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
  const c = index.citizens.get(target);
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
  if (owner >= 0) problems.push(ownerMismatch(dose, index.citizens.get(owner)));
  problems.push(...discrepancies(dose, c, s.levels));
  return { status: 'corrected', citizenId, score: best.probability, candidates, explanation, problems };
}

function plainCandidate(c: ScoredCandidate): ScoredCandidate {
  const { citizenIndex, citizenId, rule, comparisons, totalWeight, probability } = c;
  return { citizenIndex, citizenId, rule, comparisons, totalWeight, probability };
}
