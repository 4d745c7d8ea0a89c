// Synthetic people: households sharing a family name, commune and phone; twins; namesakes; CCCD and CMND numbers.

import { type Rng, Weighted } from './prng.js';
import { FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE, TWIN_PAIRS } from './names-data.js';
import { POPULATION_RATES } from './rates.js';
import { resolveCommune, type AdminUnits } from '../normalize/communes.js';

/** The 63 province codes of Circular 07/2016 Annex 1 (DOMAIN.md §1.1), with a rough population weight. */
export const PROVINCES: [string, number][] = [
  ['001', 8.3],
  ['002', 0.9],
  ['004', 0.5],
  ['006', 0.3],
  ['008', 0.8],
  ['010', 0.7],
  ['011', 0.6],
  ['012', 0.5],
  ['014', 1.2],
  ['015', 0.8],
  ['017', 0.9],
  ['019', 1.3],
  ['020', 0.8],
  ['022', 1.3],
  ['024', 1.8],
  ['025', 1.5],
  ['026', 1.2],
  ['027', 1.4],
  ['030', 1.9],
  ['031', 2.0],
  ['033', 1.3],
  ['034', 1.9],
  ['035', 0.9],
  ['036', 1.8],
  ['037', 1.0],
  ['038', 3.7],
  ['040', 3.4],
  ['042', 1.3],
  ['044', 0.9],
  ['045', 0.6],
  ['046', 1.2],
  ['048', 1.2],
  ['049', 1.5],
  ['051', 1.2],
  ['052', 1.5],
  ['054', 0.9],
  ['056', 1.2],
  ['058', 0.6],
  ['060', 1.2],
  ['062', 0.6],
  ['064', 1.5],
  ['066', 1.9],
  ['067', 0.6],
  ['068', 1.3],
  ['070', 1.0],
  ['072', 1.2],
  ['074', 2.6],
  ['075', 3.1],
  ['077', 1.2],
  ['079', 9.2],
  ['080', 1.7],
  ['082', 1.8],
  ['083', 1.3],
  ['084', 1.0],
  ['086', 1.0],
  ['087', 1.6],
  ['089', 1.9],
  ['091', 1.8],
  ['092', 1.2],
  ['093', 0.7],
  ['094', 1.2],
  ['095', 0.9],
  ['096', 1.2],
];
export const PROVINCE_CODES = PROVINCES.map((p) => p[0]);
/** Province codes by population weight (stateless: safe to share). */
export const PROVINCE_PICK = new Weighted(
  PROVINCE_CODES,
  PROVINCES.map((p) => p[1]),
);

/** 9-digit CMND prefixes by province (DOMAIN.md §1.3; [S] where confirmed, the rest [K]). */
const CMND_PREFIX: Record<string, string> = {
  '001': '01',
  '079': '02',
  '031': '03',
  '014': '05',
  '002': '07',
  '006': '095',
  '022': '10',
  '017': '11',
  '027': '12',
  '024': '12',
  '025': '13',
  '030': '14',
  '033': '14',
  '035': '16',
  '042': '18',
  '044': '19',
  '045': '19',
  '049': '20',
  '051': '21',
  '052': '21',
  '056': '22',
  '054': '22',
  '064': '230',
  '058': '26',
  '060': '26',
  '077': '27',
  '074': '280',
  '070': '285',
  '072': '29',
  '083': '32',
  '089': '35',
  '093': '36',
  '094': '36',
  '095': '38',
  '011': '04',
  '012': '04',
  '010': '06',
  '015': '06',
  '004': '08',
  '020': '08',
  '019': '09',
  '034': '15',
  '038': '17',
  '066': '24',
  '067': '245',
  '068': '25',
  '080': '30',
  '082': '31',
  '086': '33',
  '084': '33',
  '087': '34',
  '091': '37',
};

/** Current mobile prefixes; those in OLD_PREFIX had an 11-digit form before 2018 (DOMAIN.md §4). */
const MOBILE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '082',
  '083',
  '084',
  '085',
  '056',
  '058',
  '059',
  '086',
  '088',
  '089',
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '087',
  '052',
];
export const OLD_PREFIX: Record<string, string> = {
  '032': '0162',
  '033': '0163',
  '034': '0164',
  '035': '0165',
  '036': '0166',
  '037': '0167',
  '038': '0168',
  '039': '0169',
  '070': '0120',
  '079': '0121',
  '077': '0122',
  '076': '0126',
  '078': '0128',
  '083': '0123',
  '084': '0124',
  '085': '0125',
  '081': '0127',
  '082': '0129',
  '056': '0186',
  '058': '0188',
  '059': '0199',
};

export type Sex = 'M' | 'F';

export interface Person {
  /** Stable synthetic person id (P + number). */
  personId: string;
  citizenId: string;
  oldId: string;
  family: string;
  middle: string;
  given: string;
  fullName: string;
  gender: Sex;
  year: number;
  month: number;
  day: number;
  /** Registry holds the year only (elderly). */
  yearOnly: boolean;
  province: string;
  /** Today's commune (the registry's code). */
  commune: string;
  /** The same place's commune code of 2021–22 (the dose records'). */
  oldCommune: string;
  phone: string;
  inRegistry: boolean;
  householdId: number;
}

const FAMILY_PICK = new Weighted(
  FAMILY_NAMES.map((f) => f[0]),
  FAMILY_NAMES.map((f) => f[1]),
);
const MIDDLE_PICK = {
  M: new Weighted(
    MALE_MIDDLE.map((f) => f[0]),
    MALE_MIDDLE.map((f) => f[1]),
  ),
  F: new Weighted(
    FEMALE_MIDDLE.map((f) => f[0]),
    FEMALE_MIDDLE.map((f) => f[1]),
  ),
};
const GIVEN_PICK = {
  M: new Weighted(
    MALE_GIVEN.map((f) => f[0]),
    MALE_GIVEN.map((f) => f[1]),
  ),
  F: new Weighted(
    FEMALE_GIVEN.map((f) => f[0]),
    FEMALE_GIVEN.map((f) => f[1]),
  ),
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1];
}

/** Where a household lives: the commune code its 2021–22 dose records carry, and today's, which the registry holds. */
export interface CommunePlace {
  old: string;
  today: string;
}

/**
 * A real commune of 2021–22 in the province (the shipped tables: divided and later-abolished communes included, as
 * the records of the time carry them) and the commune of today it lies in. One draw, as the synthetic codes took,
 * so the rest of the generated data does not move; its fraction picks which part of a divided commune.
 */
export function communeFor(rng: Rng, province: string, units: AdminUnits): CommunePlace {
  const codes = units.oldCodesByProvince.get(province.slice(1));
  if (codes === undefined) throw new Error(`admin units: no commune in old province ${province}`);
  const x = rng.next() * codes.length;
  const i = Math.floor(x);
  const old = codes[i]!;
  const r = resolveCommune(units, old, 'old');
  const today = r.commune !== '' ? r.commune : r.candidates[Math.floor((x - i) * r.candidates.length)]!;
  return { old, today };
}

/** Builds households of people; keeps the ID sets so every number is unique. */
export class PopulationBuilder {
  private readonly ids = new Set<string>();
  private readonly oldIds = new Set<string>();
  private readonly phones = new Set<string>();
  private nextPerson = 0;
  private nextHousehold = 0;

  constructor(
    private readonly rng: Rng,
    private readonly units: AdminUnits,
  ) {}

  newCitizenId(province: string, sex: Sex, year: number): string {
    // PPP G YY NNNNNN: G = century*2 + (female ? 1 : 0), 1900s -> 0/1, 2000s -> 2/3 (DOMAIN.md §1.1).
    const g = (Math.floor(year / 100) - 19) * 2 + (sex === 'F' ? 1 : 0);
    for (;;) {
      const id = province + String(g) + String(year % 100).padStart(2, '0') + this.rng.digits(6);
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  private newOldId(province: string): string {
    const prefix = CMND_PREFIX[province] ?? this.rng.pick(['01', '02', '17', '18', '24', '27', '36']);
    for (;;) {
      const id = prefix + this.rng.digits(9 - prefix.length);
      if (!this.oldIds.has(id)) {
        this.oldIds.add(id);
        return id;
      }
    }
  }

  newPhone(): string {
    for (;;) {
      const p = this.rng.pick(MOBILE_PREFIXES) + this.rng.digits(7);
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  private makePerson(
    h: number,
    sex: Sex,
    family: string,
    year: number,
    province: string,
    commune: CommunePlace,
    phone: string,
    given?: string,
    middle?: string,
    birth?: { month: number; day: number },
  ): Person {
    const rng = this.rng;
    let mid = middle ?? '';
    if (middle === undefined) {
      const r = rng.next();
      // ~6 % without a middle name, ~4 % with two (DOMAIN.md §2: zero or more middle names).
      mid = r < 0.06 ? '' : r < 0.1 ? `${MIDDLE_PICK[sex].pick(rng)} ${MIDDLE_PICK[sex].pick(rng)}` : MIDDLE_PICK[sex].pick(rng);
      if (mid.split(' ')[0] === mid.split(' ')[1]) mid = mid.split(' ')[0];
    }
    let giv = given ?? GIVEN_PICK[sex].pick(rng);
    // Parents do not repeat the middle name as the given name ("Mai Thùy Thùy").
    for (let k = 0; k < 5 && given === undefined && mid.split(' ').includes(giv); k++) giv = GIVEN_PICK[sex].pick(rng);
    const month = birth?.month ?? rng.range(1, 12);
    const day = birth?.day ?? rng.range(1, daysInMonth(year, month));
    const oldId = year < 2004 && rng.chance(POPULATION_RATES.hasOldCmnd) ? this.newOldId(province) : '';
    const fullName = [family, mid, giv].filter(Boolean).join(' ');
    return {
      personId: `P${String(this.nextPerson++).padStart(7, '0')}`,
      citizenId: this.newCitizenId(province, sex, year),
      oldId,
      family,
      middle: mid,
      given: giv,
      fullName,
      gender: sex,
      year,
      month,
      day,
      yearOnly: year < 1950 && rng.chance(POPULATION_RATES.elderlyYearOnly),
      province,
      commune: commune.today,
      oldCommune: commune.old,
      phone,
      inRegistry: !rng.chance(POPULATION_RATES.notInRegistry),
      householdId: h,
    };
  }

  /** One household: parents, children (sometimes twins), now and then an elderly parent, plus namesakes elsewhere. */
  household(maxPeople: number): Person[] {
    const rng = this.rng;
    const h = this.nextHousehold++;
    const province = PROVINCE_PICK.pick(rng);
    const commune = communeFor(rng, province, this.units);
    const phone = this.newPhone();
    const sizeRoll = rng.next();
    let size = sizeRoll < 0.15 ? 1 : sizeRoll < 0.35 ? 2 : sizeRoll < 0.6 ? 3 : sizeRoll < 0.85 ? 4 : 5;
    size = Math.min(size, maxPeople);
    const people: Person[] = [];
    const headSex: Sex = size === 1 ? (rng.chance(0.5) ? 'M' : 'F') : rng.chance(0.85) ? 'M' : 'F';
    const family = FAMILY_PICK.pick(rng);
    const headYear = rng.range(1935, size >= 3 ? 1985 : 2004);
    people.push(this.makePerson(h, headSex, family, headYear, province, commune, phone));
    const children: number[] = [];
    for (let i = 1; i < size; i++) {
      if (i === 1) {
        const sex: Sex = headSex === 'M' ? 'F' : 'M';
        const y = Math.min(2004, Math.max(1930, headYear + rng.range(-6, 6)));
        // The spouse keeps their own family name; the children take the father's.
        const spouseFamily = FAMILY_PICK.pick(rng);
        const own = rng.chance(0.5) ? this.newPhone() : phone;
        people.push(this.makePerson(h, sex, spouseFamily, y, province, commune, own));
      } else if (i === 4 && rng.chance(0.3) && headYear > 1965) {
        const sex: Sex = rng.chance(0.6) ? 'F' : 'M';
        const y = Math.max(1927, headYear - rng.range(20, 35));
        people.push(this.makePerson(h, sex, FAMILY_PICK.pick(rng), y, province, commune, phone));
      } else {
        children.push(i);
      }
    }
    const fatherFamily = headSex === 'M' ? family : (people[1]?.family ?? family);
    const childBase = Math.min(2010, headYear + rng.range(20, 35));
    const twins = children.length >= 2 && rng.chance(POPULATION_RATES.twins);
    const pair = twins ? rng.pick(TWIN_PAIRS) : null;
    children.forEach((_, k) => {
      const y = Math.min(2010, childBase + k * rng.range(1, 4));
      if (pair && k < 2) {
        const middle = k === 0 ? MIDDLE_PICK[pair.gender].pick(rng) : people[people.length - 1].middle;
        const birth = k === 1 ? { month: people[people.length - 1].month, day: people[people.length - 1].day } : undefined;
        const year = k === 1 ? people[people.length - 1].year : y;
        people.push(this.makePerson(h, pair.gender, fatherFamily, year, province, commune, phone, pair.names[k], middle, birth));
      } else {
        const sex: Sex = rng.chance(0.5) ? 'M' : 'F';
        // Some children carry both parents' family names: Trần Lê Minh (DOMAIN.md §2).
        const mother = headSex === 'M' ? people[1] : people[0];
        const both = mother && mother.family !== fatherFamily && rng.chance(0.03);
        people.push(this.makePerson(h, sex, fatherFamily, y, province, commune, phone, undefined, both ? mother.family : undefined));
      }
    });
    // Namesakes: same full name and birth date, different province and person (DOMAIN.md §2: family name + year discriminates little).
    const extra: Person[] = [];
    for (const p of people) {
      if (people.length + extra.length >= maxPeople) break;
      if (!rng.chance(POPULATION_RATES.namesake)) continue;
      let prov = PROVINCE_PICK.pick(rng);
      if (prov === p.province) prov = PROVINCE_CODES[(PROVINCE_CODES.indexOf(prov) + 7) % PROVINCE_CODES.length];
      const hh = this.nextHousehold++;
      const twin = this.makePerson(
        hh,
        p.gender,
        p.family,
        p.year,
        prov,
        communeFor(rng, prov, this.units),
        this.newPhone(),
        p.given,
        p.middle,
        { month: p.month, day: p.day },
      );
      extra.push(twin);
    }
    return [...people, ...extra];
  }
}
