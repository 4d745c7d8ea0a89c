// Records carrying a look-alike's ID: a twin's (papers mixed up at home) or a namesake's (a clerk looked the ID up by name + birth date).

import type { Rng } from './prng.js';
import type { Rates } from './rates.js';
import type { Person } from './population.js';
import type { Tags } from './damage.js';

const sameBirth = (a: Person, b: Person): boolean => a.year === b.year && a.month === b.month && a.day === b.day;

/** The person's twin: same household, same birth date (population.ts gives twins one birth date and two given names). */
export function twinOf(p: Person, household: readonly Person[]): Person | null {
  return household.find((q) => q !== p && q.householdId === p.householdId && sameBirth(q, p)) ?? null;
}

/**
 * The person's namesake: someone of another household with the same family and given name and birth date (the
 * population builder places them in another province and returns them with the household they were drawn for).
 */
export function namesakeOf(p: Person, household: readonly Person[]): Person | null {
  return (
    household.find((q) => q !== p && q.householdId !== p.householdId && sameBirth(q, p) && q.family === p.family && q.given === p.given) ??
    null
  );
}

/** The household as a relative's ID is drawn from: family members only, not the namesakes drawn alongside them. */
export function relativesOf(p: Person, household: readonly Person[]): Person[] {
  return household.filter((q) => q !== p && q.householdId === p.householdId);
}

/**
 * A twin's or namesake's ID typed on the record, or '' when neither happens. Only people who have a twin or a
 * namesake can be affected, so the rates are per such record; the registry is what the clerk searched, so a
 * look-alike missing from it cannot be the first hit.
 */
export function damageLookalikeId(rng: Rng, rates: Rates, p: Person, household: readonly Person[], tags: Tags): string {
  const twin = twinOf(p, household);
  if (twin !== null && rng.chance(rates.id_twin)) {
    tags.push('id_twin');
    return twin.citizenId;
  }
  const namesake = namesakeOf(p, household);
  if (namesake?.inRegistry && rng.chance(rates.id_namesake)) {
    tags.push('id_namesake');
    return namesake.citizenId;
  }
  return '';
}
