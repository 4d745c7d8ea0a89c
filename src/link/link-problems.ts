// The problems a link decision reports about a record (a detail that differs, an ID not in the registry or another
// person's) and the one-line descriptions of people they quote.

import type { Citizen, LinkInput, Problem } from '../types.js';
import type { RegistryIndex } from './blocking.js';
import { BIRTH, GENDER, LEVELS, NAME } from './compare.js';
import { level } from './packed-levels.js';

/** The record's name is the registry's, or the same letters typed without any diacritics. */
export function nameAgrees(d: LinkInput, level: number): boolean {
  if (level === NAME.canonical) return true;
  return (level === NAME.toneless || level === NAME.ascii) && d.name.canonical === d.name.ascii;
}

export function describeCitizen(c: Citizen): string {
  return `${c.citizenId} ${c.name.display}, ${c.birth?.iso ?? '?'}, ${c.gender}`;
}

export function describeDose(d: LinkInput): string {
  return `${d.name.display}, ${d.birth?.iso ?? '?'}, ${d.gender}`;
}

export function idValue(d: LinkInput): string {
  return d.id.value !== '' ? d.id.value : (d.raw?.citizen_id ?? '');
}

export function discrepancies(d: LinkInput, c: Citizen, levels: number): Problem[] {
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

export function idNotInRegistry(d: LinkInput): Problem {
  return {
    code: 'ID_NOT_IN_REGISTRY',
    field: 'citizen_id',
    value: d.id.value,
    detail: `${d.id.kind === 'cmnd9' ? 'CMND' : 'CCCD'} ${d.id.value} is not in the registry`,
  };
}

export function lookalikeOwner(d: LinkInput, ix: RegistryIndex, owner: number, why: string): Problem {
  return {
    code: 'ID_LOOKALIKE_OWNER',
    field: 'citizen_id',
    value: d.id.value,
    detail: `ID owner: ${describeCitizen(ix.citizens.get(owner))} | ${why} | record: ${describeDose(d)}`,
  };
}

export function ownerMismatch(d: LinkInput, o: Citizen, note = ''): Problem {
  return {
    code: 'ID_OWNER_MISMATCH',
    field: 'citizen_id',
    value: d.id.value,
    detail: `ID owner: ${describeCitizen(o)}${note} | record: ${describeDose(d)}`,
  };
}
