// Twins and namesakes of the person a record's ID points at: whom the record's own evidence prefers, and whom it
// cannot tell from that person (issue 14).

import type { Citizen, LinkInput } from '../types.js';
import type { RegistryIndex } from './blocking.js';
import { BIRTH, COMMUNE, GENDER, ID, NAME, PHONE, isStrongName, writtenGivenAgrees } from './compare.js';
import { describeCitizen } from './link-problems.js';
import { type CompiledModel, catchmentCount } from './model.js';
import { type Scored, level } from './packed-levels.js';

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
 * Whom the record's facility prefers: +1 the rival, -1 the owner, 0 neither. A facility that vaccinated at least
 * `minDoses` people of one's commune and none of the other's (FacilityCatchment) vaccinates where the first lives:
 * evidence from the facility's other records, for a record that carries no commune or phone of its own. Twins share
 * a commune, so it never tells them apart.
 */
export function catchmentLeadOf(cm: CompiledModel, facility: string, rival: Citizen, owner: Citizen, minDoses: number): number {
  if (facility === '' || rival.commune === '' || owner.commune === '' || rival.commune === owner.commune) return 0;
  const r = catchmentCount(cm, facility, rival.commune);
  const o = catchmentCount(cm, facility, owner.commune);
  return r >= minDoses && o === 0 ? 1 : o >= minDoses && r === 0 ? -1 : 0;
}

/**
 * A registry person who looks like the person the record's ID points at (its owner, or the person one typo away):
 * a twin or a namesake, with the same family name and birth date and a name at least as close. Either the record's
 * own evidence prefers them (`tied` false): its given name as written is theirs and not the owner's (Vân / Văn), its
 * gender is theirs and not the owner's, or its commune or phone agree with them more than with the owner; or nothing
 * in the record tells the two apart (`tied`: a namesake's record without commune and phone, a twin's name typed
 * without diacritics), and only the ID says owner, which is exactly what a twin's or namesake's ID gets wrong. The
 * record's facility (catchmentLeadOf) never outvotes the record: where the record says nothing either way it breaks
 * the tie (a look-alike it sets aside, vaccinating the owner's commune and never the look-alike's, is not returned
 * but pushed onto `setAside`; one it prefers is preferred, not decisive); where the record prefers the look-alike, it
 * counts as one more piece of evidence for them, and none against.
 * `decisive`: two of given name, gender, commune and phone agree with them and not with the owner, nothing with
 * the owner, with a fully agreeing name and a birth date that agrees (or is missing on the record).
 */
export interface Lookalike {
  rival: Scored;
  decisive: boolean;
  tied: boolean;
  nameBetter: boolean;
  genderBetter: boolean;
  contactLead: number;
  catchmentLead: number;
}

/** What findLookalikes needs of the model and configuration to weigh the record's facility. */
export interface CatchmentEvidence {
  cm: CompiledModel;
  minDoses: number;
}

export function findLookalikes(
  ix: RegistryIndex,
  d: LinkInput,
  scored: readonly Scored[],
  owner: number,
  catchment?: CatchmentEvidence,
  setAside?: Scored[],
): Lookalike[] {
  const o = scored.find((s) => s.citizen === owner);
  if (o === undefined) return [];
  const oName = level(o.levels, 'name');
  const oBirth = level(o.levels, 'birth');
  // Only an owner who looks like the record is doubted: an owner with another name or birth date is a wrong ID
  // (ID_OWNER_MISMATCH), not a look-alike's. A birth date missing on the record hides nothing of the kind.
  if (oName === NAME.missing || oName === NAME.else || oBirth === BIRTH.else) return [];
  const on = ix.citizens.get(owner).name;
  const ownerGiven = writtenGivenAgrees(d.name, on, oName);
  const oGender = level(o.levels, 'gender');
  const out: Lookalike[] = [];
  for (const s of scored) {
    if (s.citizen === owner) continue;
    const name = level(s.levels, 'name');
    const birth = level(s.levels, 'birth');
    const sn = ix.citizens.get(s.citizen).name;
    // Twins and namesakes: the owner's family name and birth date (twins' given names may differ: Tuyết / Tuyền).
    if (sn.family !== on.family || birth !== oBirth || name === NAME.missing || name === NAME.else) continue;
    if (oBirth === BIRTH.missing && ix.citizens.get(s.citizen).birth?.iso !== ix.citizens.get(owner).birth?.iso) continue;
    const rivalGiven = writtenGivenAgrees(d.name, sn, name);
    const nameBetter = !ownerGiven && rivalGiven;
    const gender = level(s.levels, 'gender');
    const genderBetter = gender === GENDER.exact && oGender === GENDER.else;
    const contactLead = contactLeadOf(s.levels, o.levels);
    // The given name as written is the owner's and not the rival's (Thủy / Thúy): contacts shared by a household
    // cannot make the rival fit better.
    const notWorse = (oName === NAME.missing || name <= oName) && (rivalGiven || !ownerGiven);
    // The record itself fits the owner better, or the look-alike.
    const recordOwnerCloser =
      oName < name || (ownerGiven && !rivalGiven) || (oGender === GENDER.exact && gender === GENDER.else) || contactLead < 0;
    const recordPrefers = nameBetter || genderBetter || (notWorse && contactLead > 0);
    // Tied only with a true twin or namesake (the owner's birth date in the registry too): two people born the same
    // year are both year_only against a year-only record, and that is no look-alike.
    const sameDay = ix.citizens.get(s.citizen).birth?.iso === ix.citizens.get(owner).birth?.iso;
    // The facility never outvotes the record: where the record fits the owner better it is not asked; where the record
    // is silent it breaks the tie; where the record prefers the look-alike it adds a piece of evidence for them (and
    // none against: the record's own commune, phone, name or gender outweigh where the facility's people live).
    const catchmentLead =
      catchment === undefined || d.facility === undefined || recordOwnerCloser || !sameDay
        ? 0
        : catchmentLeadOf(catchment.cm, d.facility, ix.citizens.get(s.citizen), ix.citizens.get(owner), catchment.minDoses);
    if (catchmentLead < 0 && !recordPrefers) {
      setAside?.push(s);
      continue;
    }
    const ownerCloser = recordOwnerCloser;
    const preferred = recordPrefers || (notWorse && catchmentLead > 0);
    const tied = !preferred && !ownerCloser && sameDay;
    if (!preferred && !tied) continue;
    const pieces = (nameBetter ? 1 : 0) + (genderBetter ? 1 : 0) + Math.max(contactLead, 0) + Math.max(catchmentLead, 0);
    const decisive =
      preferred && pieces >= 2 && notWorse && !ownerCloser && isStrongName(name) && (birth === BIRTH.exact || birth === BIRTH.missing);
    out.push({ rival: s, decisive, tied, nameBetter, genderBetter, contactLead, catchmentLead });
  }
  return out;
}

/** The levels that must be equal for two candidates to fit a record equally (the ID apart). */
const SAME_FIT = ['name', 'birth', 'gender', 'commune', 'phone'] as const;

/**
 * Same-day namesakes whom a record without their ID fits equally (the best within `minLeadBits`: same family name
 * and registry birth date, every level of the record alike): the one whose commune the record's facility vaccinates
 * (at least `minDoses` of its doses) while it never vaccinated any other's, or null. A record carrying one of their
 * IDs is left to findLookalikes.
 */
export function pickByFacility(
  cm: CompiledModel,
  ix: RegistryIndex,
  d: LinkInput,
  scored: readonly Scored[],
  minLeadBits: number,
  minDoses: number,
): Scored | null {
  if (d.facility === undefined || d.facility === '' || scored.length < 2) return null;
  const tied = scored.filter((s) => scored[0].total - s.total < minLeadBits);
  if (tied.length < 2) return null;
  const first = ix.citizens.get(tied[0].citizen);
  if (first.birth === null) return null;
  let pick: Scored | null = null;
  for (const s of tied) {
    const id = level(s.levels, 'id');
    if (id === ID.exact || id === ID.oldId || id === ID.oneEdit) return null;
    const c = ix.citizens.get(s.citizen);
    if (c.name.family !== first.name.family || c.birth?.iso !== first.birth.iso) return null;
    if (SAME_FIT.some((f) => level(s.levels, f) !== level(tied[0].levels, f))) return null;
    const n = c.commune === '' ? 0 : catchmentCount(cm, d.facility, c.commune);
    if (n >= minDoses) {
      if (pick !== null) return null;
      pick = s;
    } else if (n > 0) return null;
  }
  return pick;
}

export function describeLookalike(ix: RegistryIndex, l: Lookalike): string {
  const rival = `${describeCitizen(ix.citizens.get(l.rival.citizen))} (same birth date, near-identical name)`;
  if (l.tied) return `${rival} fits the record as well as the ID owner: nothing but the ID tells them apart`;
  const contacts = l.contactLead >= 2 ? 'commune and phone' : l.contactLead > 0 ? 'commune or phone' : '';
  const facility = l.catchmentLead > 0 ? "facility (it vaccinates the look-alike's commune, never the owner's)" : '';
  const why = [l.nameBetter ? 'the given name as written' : '', l.genderBetter ? 'gender' : '', contacts, facility].filter((x) => x !== '');
  return `${rival} fits the record's ${why.join(' and ')} better`;
}
