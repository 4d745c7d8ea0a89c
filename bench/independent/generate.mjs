#!/usr/bin/env node
// Independent test-data generator for vaxrec: households, twins, namesakes, a registry, facility dose exports and truth.csv.
// Written without reading src/generate/ (issue 14): its own world model and rates, so accuracy measured on it is a second opinion.
// Usage: node bench/independent/generate.mjs --persons 20000 --seed 1 --out DIR [--files 6] [--rates rates.json] [--no-<rate>]

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  CMND_PREFIX,
  FACILITY_KINDS,
  FAMILY_NAMES,
  GIVEN,
  MIDDLE,
  MOBILE_PREFIXES,
  OLD_PREFIX,
  PRODUCTS,
  PROVINCES,
  TWIN_PAIRS,
  lotCode,
  primaryMix,
} from './world.mjs';
import { dialect, hasToneStyleChoice, keystrokes, noDiacritics, otherToneStyle, typo } from './text.mjs';

export const GENERATOR_VERSION = 1;

/**
 * Default rates. Person-level ones are shares of people (or households); the others are per dose record unless noted.
 * My own guesses from DOMAIN.md §0 (a large share of doses with wrong details, duplicates from two facilities) and the issue.
 * @type {Record<string, number>}
 */
export const DEFAULT_RATES = {
  // world
  twin_household: 0.05, // households with 2+ children that have a pair of twins
  namesake: 0.05, // people who have 1-2 same-name, same-birth-date registry namesakes in other provinces
  namesake_vaccinated: 0.3, // such a namesake also has doses in the data
  not_in_registry: 0.03, // people missing from the registry
  background: 1.0, // registry citizens with no doses, per person with doses
  household_phone: 0.2, // households whose registry phone is one shared number
  household_together: 0.35, // of a household's members of one age band: vaccinated the same days at the same place as the first
  twins_together: 0.8, // the same for twins
  // one dose entered again
  dup_other_facility: 0.1, // a second facility enters the same dose
  dup_same_facility: 0.02, // the same facility enters it twice (two clerks, two record ids)
  dup_dose_number: 0.35, // of second entries: a different dose number
  dup_lot_typo: 0.2, // of second entries: lot with one character wrong
  dup_lot_missing: 0.2, // of second entries: no lot
  dup_date_shift: 0.45, // of second entries: date 1-3 days off
  // identity number
  id_missing: 0.06,
  id_cmnd: 0.1, // of records of people holding a 9-digit CMND
  id_relative: 0.02, // a household member's CCCD
  id_twin: 0.25, // of a twin's records: the other twin's CCCD
  id_namesake: 0.1, // of the records of someone with a namesake: the namesake's CCCD (clerk looked it up by name + birth date)
  id_typo: 0.03, // one digit wrong, two swapped, one dropped or doubled
  id_zero_lost: 0.03, // Excel dropped the leading zero
  // birth date
  dob_missing: 0.03,
  dob_year_only: 0.04,
  dob_day_off: 0.025,
  dob_year_off: 0.02,
  dob_day_month_swapped: 0.04, // of records whose day is 12 or less (and differs from the month)
  // name
  name_typo: 0.05,
  name_telex: 0.015,
  name_vni: 0.01,
  name_no_diacritics: 0.06,
  name_upper: 0.05,
  name_given_first: 0.02,
  name_middle_initial: 0.015,
  name_middle_dropped: 0.015,
  name_tone_style: 0.3, // of records whose name has an oa/oe/uy open syllable
  name_dialect: 0.01,
  facility_upper: 0.15, // facilities that type every name in capitals
  facility_no_diacritics: 0.15, // facilities that type without diacritics
  // other fields
  person_habit: 0.15, // people who declare the same wrong detail at every facility
  gender_missing: 0.03,
  phone_missing: 0.2,
  phone_relative: 0.04,
  phone_old_format: 0.03,
  commune_missing: 0.1,
  dose_number_missing: 0.05,
  dose_number_wrong: 0.03,
  lot_missing: 0.06,
  lot_typo: 0.015,
  us_date_file: 0.15, // files written by a US-locale Excel (month first)
};

const DAY = 86_400_000;
const dayOf = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const isoOf = (d) => new Date(d * DAY).toISOString().slice(0, 10);
const pad = (n, w = 2) => String(n).padStart(w, '0');
const LAST_DOSE_DAY = dayOf('2022-12-31');
const CAMPAIGN_START = dayOf('2021-03-08');

/** sfc32 seeded through splitmix32: fast, and good enough for test data. */
export function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = next();
  let b = next();
  let c = next();
  let d = next();
  const step = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  // sfc32's first outputs from nearby seeds are correlated: discard a few (the authors' advice).
  for (let i = 0; i < 16; i++) step();
  return step;
}

/** A stable 32-bit hash of strings (FNV-1a), to seed per-record and per-lot streams. */
function hash(...parts) {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0001')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function weighted(rng, pairs) {
  let total = 0;
  for (const [, w] of pairs) total += w;
  let x = rng() * total;
  for (const [v, w] of pairs) {
    x -= w;
    if (x < 0) return v;
  }
  return pairs[pairs.length - 1][0];
}

/** Index with weight 1/(i+1)^0.9: the head of a name list is much more common than its tail. */
function pickZipf(rng, list) {
  return weighted(
    rng,
    list.map((v, i) => [v, 1 / (i + 1) ** 0.9]),
  );
}

const int = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng, p) => rng() < p;
const pick = (rng, list) => list[Math.floor(rng() * list.length)];

/**
 * @typedef {{ id: string, family: string, middle: string, given: string, gender: 'M'|'F', birth: number, birthProv: string,
 *   prov: string, commune: string, cccd: string, cmnd: string, phone: string, household: number, inRegistry: boolean,
 *   twinOf: Person|null, namesakes: Person[], vaccinated: boolean, toneNew: boolean, habit: object|null }} Person
 */

/** Build people, households and the registry. */
function buildWorld(persons, rates, rng) {
  const used = new Set();
  const uniqueDigits = (prefix, len) => {
    for (;;) {
      let s = prefix;
      while (s.length < len) s += Math.floor(rng() * 10);
      if (!used.has(s)) {
        used.add(s);
        return s;
      }
    }
  };
  const phoneOf = () => uniqueDigits(pick(rng, MOBILE_PREFIXES), 10);
  // The dataset covers a few provinces (a province's facilities export their doses); the registry is national.
  const nProv = Math.max(4, Math.min(12, Math.round(persons / 2000)));
  const provs = [];
  const pool = [...PROVINCES];
  while (provs.length < nProv) {
    const p = weighted(rng, pool);
    provs.push(p);
    pool.splice(
      pool.findIndex(([c]) => c === p),
      1,
    );
  }
  const communeOf = (prov) => pad(Number(prov) * 400 + int(rng, 1, 40), 5);
  const facilities = new Map();
  for (const prov of provs) {
    const list = [];
    for (const [kind, n] of FACILITY_KINDS) {
      for (let i = 1; i <= Math.max(1, Math.round((n * persons) / 40000)); i++) list.push(`${kind}${prov.slice(1)}${pad(i, 3)}`);
    }
    facilities.set(prov, list);
  }

  /** @returns {Person} */
  const person = (family, gender, birth, prov, household, extra = {}) => {
    const year = new Date(birth * DAY).getUTCFullYear();
    const birthProv = chance(rng, 0.85) ? prov : weighted(rng, PROVINCES);
    const g = (year >= 2000 ? 2 : 0) + (gender === 'F' ? 1 : 0);
    const p = {
      id: '',
      family,
      gender,
      birth,
      birthProv,
      prov,
      commune: communeOf(prov),
      household,
      inRegistry: true,
      twinOf: null,
      namesakes: [],
      vaccinated: true,
      toneNew: chance(rng, 0.3),
      habit: null,
      phone: '',
      cmnd: '',
      middle: year >= 1990 && chance(rng, 0.5) ? weighted(rng, MIDDLE[gender].slice(1)) : weighted(rng, MIDDLE[gender]),
      given: pickZipf(rng, GIVEN[gender]),
      cccd: uniqueDigits(`${birthProv}${g}${pad(year % 100)}`, 12),
      ...extra,
    };
    while (p.given === p.middle) p.given = pickZipf(rng, GIVEN[gender]);
    // Adults of 2021 mostly still held the 9-digit CMND next to (or before) their CCCD.
    if (year <= 2002 && chance(rng, 0.65)) p.cmnd = uniqueDigits(CMND_PREFIX[prov] ?? pad(int(rng, 10, 38)), 9);
    return p;
  };
  const birthBetween = (y0, y1) => dayOf(`${y0}-01-01`) + Math.floor(rng() * (dayOf(`${y1}-12-31`) - dayOf(`${y0}-01-01`)));
  const yearOf = (d) => new Date(d * DAY).getUTCFullYear();

  /** @type {Person[]} */
  const people = [];
  /** @type {Person[][]} */
  const households = [];
  while (people.length < persons) {
    const prov = pick(rng, provs);
    const h = households.length;
    const size = weighted(rng, [
      [1, 12],
      [2, 20],
      [3, 25],
      [4, 24],
      [5, 12],
      [6, 7],
    ]);
    const family = weighted(rng, FAMILY_NAMES);
    const members = [];
    const headBirth = birthBetween(1940, 1998);
    const head = person(family, chance(rng, 0.8) ? 'M' : 'F', headBirth, prov, h);
    members.push(head);
    if (size >= 2 && chance(rng, size === 2 ? 0.6 : 0.9)) {
      const spouse = person(weighted(rng, FAMILY_NAMES), head.gender === 'M' ? 'F' : 'M', headBirth + int(rng, -5 * 365, 6 * 365), prov, h);
      spouse.commune = head.commune;
      members.push(spouse);
    }
    const mother = members.find((m) => m.gender === 'F') ?? head;
    const childFrom = Math.max(yearOf(mother.birth) + 19, 1960);
    const childTo = Math.min(yearOf(mother.birth) + 42, 2019);
    const nKids = Math.max(0, size - members.length - (size >= 5 ? 1 : 0));
    const kids = [];
    const twins = nKids >= 2 && childFrom <= childTo && chance(rng, rates.twin_household);
    for (let k = 0; k < nKids && childFrom <= childTo; k++) {
      const kid = person(family, chance(rng, 0.5) ? 'M' : 'F', birthBetween(childFrom, childTo), prov, h);
      kid.commune = head.commune;
      kids.push(kid);
    }
    if (twins && kids.length >= 2) {
      const [[g1, s1], [g2, s2]] = pick(rng, TWIN_PAIRS);
      const [a, b] = kids;
      // Mixed twins share a gender-neutral middle name, so the written names differ only in the given name's marks.
      const middle = s1 === s2 ? weighted(rng, MIDDLE[s1]) : pick(rng, ['Minh', 'Thanh', 'Ngọc', 'Gia', 'Hoàng', 'Bảo']);
      const year = yearOf(a.birth);
      for (const [kid, given, sex] of [
        [a, g1, s1],
        [b, g2, s2],
      ]) {
        kid.given = given;
        kid.gender = sex;
        kid.middle = middle;
        kid.birth = a.birth;
        used.delete(kid.cccd);
        kid.cccd = uniqueDigits(`${a.birthProv}${(year >= 2000 ? 2 : 0) + (sex === 'F' ? 1 : 0)}${pad(year % 100)}`, 12);
        kid.birthProv = a.birthProv;
      }
      a.twinOf = b;
      b.twinOf = a;
    }
    members.push(...kids);
    if (size >= 5) {
      const gp = person(family, 'F', birthBetween(1925, Math.min(1960, yearOf(head.birth) - 18)), prov, h);
      gp.family = weighted(rng, FAMILY_NAMES); // the head's mother keeps her own family name
      gp.commune = head.commune;
      members.push(gp);
    }
    const shared = chance(rng, rates.household_phone) ? phoneOf() : '';
    for (const m of members) {
      const age = 2021 - yearOf(m.birth);
      m.phone = shared || (age >= 16 && chance(rng, 0.92) ? phoneOf() : '');
    }
    // Children and the phoneless use a parent's number.
    for (const m of members) if (!m.phone) m.phone = head.phone || members.find((x) => x.phone)?.phone || '';
    for (const m of members) {
      m.id = `IP${pad(people.length + 1, 7)}`;
      m.inRegistry = !chance(rng, rates.not_in_registry);
      people.push(m);
    }
    households.push(members);
  }

  // Namesakes: same full name, birth date and gender, born and living in another province. Some were vaccinated here too.
  const namesakes = [];
  for (const p of [...people]) {
    if (!chance(rng, rates.namesake)) continue;
    const n = chance(rng, 0.75) ? 1 : 2;
    for (let i = 0; i < n; i++) {
      const vaccinated = chance(rng, rates.namesake_vaccinated) && provs.length > 1;
      const prov = vaccinated
        ? pick(
            rng,
            provs.filter((x) => x !== p.prov),
          )
        : weighted(
            rng,
            PROVINCES.filter(([c]) => c !== p.prov),
          );
      const q = person(p.family, p.gender, p.birth, prov, households.length);
      q.middle = p.middle;
      q.given = p.given;
      q.toneNew = p.toneNew;
      if (q.birthProv === p.birthProv) {
        used.delete(q.cccd);
        q.birthProv = prov;
        const y = yearOf(q.birth);
        q.cccd = uniqueDigits(`${prov}${(y >= 2000 ? 2 : 0) + (q.gender === 'F' ? 1 : 0)}${pad(y % 100)}`, 12);
      }
      q.phone = phoneOf();
      q.vaccinated = vaccinated;
      q.id = `IN${pad(namesakes.length + 1, 7)}`;
      households.push([q]);
      p.namesakes.push(q);
      q.namesakes.push(p);
      namesakes.push(q);
    }
  }
  // The rest of the nation: registry citizens who are not in these files (they make chance agreements possible).
  const background = [];
  const nBack = Math.round(persons * rates.background);
  for (let i = 0; i < nBack; i++) {
    const prov = weighted(rng, PROVINCES);
    const q = person(weighted(rng, FAMILY_NAMES), chance(rng, 0.5) ? 'M' : 'F', birthBetween(1930, 2019), prov, -1);
    q.phone = chance(rng, 0.8) ? phoneOf() : '';
    q.vaccinated = false;
    q.id = `IB${pad(i + 1, 7)}`;
    background.push(q);
  }
  return { people, households, namesakes, background, provs, facilities };
}

const fullName = (p) => [p.family, p.middle, p.given].filter(Boolean).join(' ');
/** The registry's spelling: the person's own tone style for oa/oe/uy (both styles are legal; the card has one). */
const registryName = (p) => {
  const n = fullName(p);
  return p.toneNew ? n.split(' ').map(otherToneStyle).join(' ') : n;
};

/** Real doses of one person: primary series by product schedule, then boosters at realistic intervals. */
function dosesOf(p, rng) {
  const year = new Date(p.birth * DAY).getUTCFullYear();
  const age = 2021 - year;
  const out = [];
  const add = (product, day) => {
    if (day <= LAST_DOSE_DAY) out.push({ product, day });
  };
  if (age < 4) return out;
  if (age < 11) {
    if (!chance(rng, 0.55)) return out;
    const d1 = dayOf('2022-04-15') + int(rng, 0, 120);
    add('PF', d1);
    if (chance(rng, 0.85)) add('PF', d1 + 21 + int(rng, 0, 30));
    return out;
  }
  if (age < 18) {
    if (!chance(rng, 0.9)) return out;
    const d1 = dayOf('2021-10-20') + int(rng, 0, 75);
    add('PF', d1);
    const d2 = d1 + 21 + int(rng, 0, 20);
    add('PF', d2);
    if (chance(rng, 0.45)) add('PF', Math.max(d2 + 150, dayOf('2022-05-15')) + int(rng, 0, 90));
    return out;
  }
  if (!chance(rng, 0.97)) return out;
  const month = weighted(rng, [
    [3, 2],
    [4, 1],
    [5, 2],
    [6, 3],
    [7, 10],
    [8, 25],
    [9, 25],
    [10, 17],
    [11, 9],
    [12, 6],
  ]);
  let d = dayOf(`2021-${pad(month)}-01`) + int(rng, 0, 27);
  const product = weighted(rng, primaryMix(month));
  const spec = PRODUCTS[product];
  d = Math.max(d, dayOf(spec.from));
  add(product, d);
  const complete = chance(rng, 0.95);
  for (let k = 1; k < spec.primary && complete; k++) {
    // AstraZeneca's second dose could switch to Pfizer at 8-12 weeks (DOMAIN.md §6).
    const next = product === 'AZ' && chance(rng, 0.12) ? 'PF' : product;
    d += spec.min + int(rng, 0, spec.spread);
    add(next, d);
  }
  if (!complete || !chance(rng, 0.75)) return out;
  d = Math.max(d + 90 + int(rng, 0, 120), dayOf('2021-12-15') + int(rng, 0, 60));
  add(
    weighted(rng, [
      ['PF', 5],
      ['MO', 3],
      ['AZ', 2],
    ]),
    d,
  );
  if (chance(rng, age >= 50 ? 0.45 : 0.15)) {
    add(
      weighted(rng, [
        ['PF', 3],
        ['MO', 2],
      ]),
      Math.max(d + 120 + int(rng, 0, 60), dayOf('2022-05-01')),
    );
  }
  return out;
}

/** The lot a facility used for a product in a 10-day window: a few national lots per window, each facility on one or two. */
function lotFor(seed, facility, product, day) {
  const w = Math.floor(day / 10);
  const k = hash(facility, product, w) % 5;
  return lotCode(product, makeRng(hash(String(seed), product, String(w), String(k))));
}

const VI_HEADERS = {
  record_id: ['Mã bản ghi'],
  full_name: ['Họ và tên', 'Họ tên'],
  birth_date: ['Ngày sinh', 'Ngày tháng năm sinh'],
  gender: ['Giới tính'],
  citizen_id: ['Số CCCD/CMND', 'CMND/CCCD', 'Số CMND', 'Số CCCD', 'Số định danh', 'Số CMND/CCCD/Hộ chiếu', 'Số CMT'],
  phone: ['Số điện thoại', 'Điện thoại', 'SĐT', 'Số ĐT'],
  commune_code: ['Mã xã', 'Mã xã/phường'],
  facility_code: ['Mã cơ sở tiêm', 'Mã cơ sở', 'Cơ sở tiêm'],
  vaccine: ['Tên vắc xin', 'Vắc xin', 'Loại vắc xin'],
  lot_number: ['Số lô', 'Lô', 'Lô vắc xin'],
  dose_number: ['Mũi tiêm', 'Mũi', 'Mũi số', 'Số mũi', 'Mũi thứ', 'Lần tiêm'],
  dose_date: ['Ngày tiêm', 'Ngày tiêm chủng'],
};
const FIELDS = Object.keys(VI_HEADERS);
/** Headers the bench reads a row's raw ID from (the naive baseline). */
export const ID_HEADERS = ['citizen_id', ...VI_HEADERS.citizen_id];

/** Format a date the way a file writes it; 'dmy' dd/mm/yyyy, 'dm' d/m/yyyy, 'iso', 'us' mm/dd/yyyy (US Excel). */
function fmtDate(y, m, d, style) {
  if (style === 'iso') return `${y}-${pad(m)}-${pad(d)}`;
  if (style === 'dm') return `${d}/${m}/${y}`;
  if (style === 'us') return `${pad(m)}/${pad(d)}/${y}`;
  return `${pad(d)}/${pad(m)}/${y}`;
}

/** Split a day number into [y, m, d]. */
const ymd = (day) => {
  const t = new Date(day * DAY);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
};

/**
 * One person's details as a clerk types them into one record; returns the cells and the tags of what was damaged.
 * A person's habit (the same wrong detail declared everywhere) is applied first, then fresh damage for this record.
 */
function typeIdentity(p, ctx, rng, rates, facility, file) {
  const tags = [];
  const r = (name) => rates[name] ?? 0;
  const habit = p.habit;
  const has = (name) => habit?.kind === name;
  // --- identity number
  let id = p.cccd;
  /** The registry citizen whose ID was typed when it is a twin's or a namesake's: someone the record may resemble fully. */
  let lookalike = null;
  const relatives = ctx.households[p.household].filter((m) => m !== p && m.inRegistry);
  const roll = rng();
  let acc = 0;
  const slot = (p0) => roll < (acc += p0);
  if (has('id_missing') || slot(r('id_missing'))) {
    id = '';
    tags.push('id_missing');
  } else if (p.twinOf?.inRegistry && slot(r('id_twin'))) {
    id = p.twinOf.cccd;
    lookalike = p.twinOf;
    tags.push('id_twin');
  } else if (p.namesakes.some((q) => q.inRegistry) && slot(r('id_namesake'))) {
    // The clerk looked the ID up by name and birth date in the registry, so it is a registry citizen's.
    lookalike = pick(
      rng,
      p.namesakes.filter((q) => q.inRegistry),
    );
    id = lookalike.cccd;
    tags.push('id_namesake');
  } else if (relatives.length && slot(r('id_relative'))) {
    id = pick(rng, relatives).cccd;
    tags.push('id_relative');
  } else if (p.cmnd && (has('id_cmnd') || slot(r('id_cmnd')))) {
    id = p.cmnd;
    tags.push('id_cmnd');
  }
  if (id && chance(rng, r('id_typo'))) {
    const d = [...id];
    const i = int(rng, 3, d.length - 1); // the 6 random digits and YY, where a slip is least visible
    const k = weighted(rng, [
      ['wrong', 5],
      ['swap', 3],
      ['drop', 1],
      ['double', 1],
    ]);
    if (k === 'wrong') d[i] = String((Number(d[i]) + int(rng, 1, 9)) % 10);
    else if (k === 'swap')
      [d[i - 1], d[i]] = [d[i], d[i - 1]]; // two equal digits: no change, no tag
    else if (k === 'drop') d.splice(i, 1);
    else d.splice(i, 0, d[i]);
    if (d.join('') !== id) {
      id = d.join('');
      tags.push('id_typo');
    }
  }
  if (id.startsWith('0') && chance(rng, r('id_zero_lost'))) {
    id = id.replace(/^0+/, '');
    tags.push('id_zero_lost');
  }
  // --- birth date
  let [y, m, d] = ymd(p.birth);
  let dob;
  const style = file.dateStyle;
  if (has('dob_year_only') || chance(rng, r('dob_year_only'))) {
    dob = pick(rng, [String(y), `01/01/${y}`, `00/00/${y}`]);
    tags.push('dob_year_only');
  } else if (chance(rng, r('dob_missing'))) {
    dob = '';
    tags.push('dob_missing');
  } else {
    if (has('dob_day_off') || chance(rng, r('dob_day_off'))) {
      const nd = chance(rng, 0.6) ? d + (chance(rng, 0.5) ? 1 : -1) : Number(`${String(d).padStart(2, '0')[0]}${int(rng, 0, 9)}`);
      if (nd >= 1 && nd <= 28 && nd !== d) {
        d = nd;
        tags.push('dob_day_off');
      }
    }
    if (has('dob_year_off') || chance(rng, r('dob_year_off'))) {
      const ny = chance(rng, 0.6) ? y + (chance(rng, 0.5) ? 1 : -1) : Number(`${String(y).slice(0, 3)}${int(rng, 0, 9)}`);
      if (ny !== y && ny <= 2021) {
        y = ny;
        tags.push('dob_year_off');
      }
    }
    if (d <= 12 && d !== m && chance(rng, r('dob_day_month_swapped'))) {
      [d, m] = [m, d];
      tags.push('dob_day_month_swapped');
    }
    dob = fmtDate(y, m, d, style);
  }
  // --- name
  const family = p.family;
  let middle = p.middle;
  const given = p.given;
  const habitName = habit?.kind?.startsWith('name_') ? habit.kind : '';
  if (habitName === 'name_middle_dropped' || chance(rng, r('name_middle_dropped'))) {
    middle = '';
    tags.push('name_middle_dropped');
  } else if (habitName === 'name_middle_initial' || chance(rng, r('name_middle_initial'))) {
    middle = `${noDiacritics(middle)[0]}.`;
    tags.push('name_middle_initial');
  }
  let name = [family, middle, given].filter(Boolean).join(' ');
  if (habitName === 'name_given_first' || chance(rng, r('name_given_first'))) {
    name = [given, family, middle].filter(Boolean).join(' ');
    tags.push('name_given_first');
  }
  if (hasToneStyleChoice(name) && (p.toneNew ? !chance(rng, r('name_tone_style')) : chance(rng, r('name_tone_style')))) {
    name = name.split(' ').map(otherToneStyle).join(' ');
    if (!p.toneNew) tags.push('name_tone_style');
  } else if (p.toneNew && hasToneStyleChoice(name)) tags.push('name_tone_style');
  if (chance(rng, r('name_dialect'))) {
    const n2 = dialect(name, rng);
    if (n2 !== name) {
      name = n2;
      tags.push('name_dialect');
    }
  }
  if (habitName === 'name_typo' || chance(rng, r('name_typo'))) {
    const kind = habit?.typoKind ?? pick(rng, ['wrong', 'dropped', 'doubled', 'swapped']);
    const n2 = typo(name, habit ? makeRng(hash(p.id, 'typo')) : rng, kind);
    if (n2 !== name) {
      name = n2;
      tags.push('name_typo');
    }
  }
  const enc = rng();
  if (enc < r('name_telex') || enc < r('name_telex') + r('name_vni')) {
    const method = enc < r('name_telex') ? 'telex' : 'vni';
    const at = method === 'telex' ? (chance(rng, 0.8) ? 'end' : 'vowel') : chance(rng, 0.8) ? 'vowel' : 'end';
    const n2 = name
      .split(' ')
      .map((w) => keystrokes(w, method, at))
      .join(' ');
    if (n2 !== name) {
      name = n2;
      tags.push(`name_${method}`);
    }
  } else if (facility.noDiacritics || chance(rng, r('name_no_diacritics'))) {
    const n2 = noDiacritics(name);
    if (n2 !== name) {
      name = n2;
      tags.push('name_no_diacritics');
    }
  }
  if (facility.upper || chance(rng, r('name_upper'))) {
    name = name.toUpperCase();
    tags.push('name_upper');
  }
  // --- gender, phone, commune
  let gender = p.gender;
  if (chance(rng, r('gender_missing'))) {
    gender = '';
    tags.push('gender_missing');
  }
  const genderText = gender === '' ? '' : file.vi ? (gender === 'M' ? 'Nam' : 'Nữ') : file.genderEn[gender === 'M' ? 0 : 1];
  let phone = p.phone;
  const phoneRoll = rng();
  if (phoneRoll < r('phone_missing')) phone = '';
  else if (phoneRoll < r('phone_missing') + r('phone_relative')) {
    const other = ctx.households[p.household].find((x) => x !== p && x.phone && x.phone !== p.phone);
    if (other) {
      phone = other.phone;
      tags.push('phone_relative');
    }
  } else if (phoneRoll < r('phone_missing') + r('phone_relative') + r('phone_old_format') && OLD_PREFIX[phone.slice(0, 3)]) {
    phone = OLD_PREFIX[phone.slice(0, 3)] + phone.slice(3);
    tags.push('phone_old_format');
  }
  const commune = chance(rng, r('commune_missing')) || !file.hasCommune ? '' : p.commune;
  if (lookalike) {
    // Does anything in the record speak against the ID's owner? If not, no tool can tell (a ceiling, not a failure).
    const low = (x) => x.normalize('NFC').toLowerCase();
    const against =
      (commune && commune !== lookalike.commune) ||
      (phone && file.hasPhone && tenDigits(phone) !== lookalike.phone) ||
      (gender && file.hasGender && gender !== lookalike.gender) ||
      (low(name) === low(registryName(p)) && low(name) !== low(registryName(lookalike)));
    if (!against) tags.push('id_lookalike_undecidable');
  }
  return { cells: { full_name: name, birth_date: dob, gender: genderText, citizen_id: id, phone, commune_code: commune }, tags };
}

/** A phone typed in the pre-2018 11-digit form, back in its 10-digit form. */
function tenDigits(phone) {
  const old = Object.entries(OLD_PREFIX).find(([, o]) => phone.startsWith(o));
  return old && phone.length === 11 ? old[0] + phone.slice(4) : phone;
}

/** One character of a lot wrong (a letter for a letter, a digit for a digit). */
function lotTypo(lot, rng) {
  const c = [...lot];
  const idx = c.map((x, i) => (/[A-Z0-9]/.test(x) ? i : -1)).filter((i) => i >= 0);
  const i = pick(rng, idx);
  const digit = /\d/.test(c[i]);
  let n = c[i];
  while (n === c[i]) n = digit ? String(int(rng, 0, 9)) : String.fromCharCode(65 + int(rng, 0, 25));
  c[i] = n;
  return c.join('');
}

/**
 * Generate a whole dataset in memory.
 * @param {{ persons: number, seed: number, files?: number, rates?: Record<string, number> }} opts
 */
export function generate(opts) {
  const rates = { ...DEFAULT_RATES, ...(opts.rates ?? {}) };
  const seed = opts.seed >>> 0;
  const nFiles = Math.max(1, opts.files ?? 6);
  // Two streams: switching a damage rate off leaves the same people and doses.
  const rng = makeRng(hash('world', String(seed)));
  const world = buildWorld(opts.persons, rates, rng);
  const { people, households, namesakes, background, facilities } = world;

  // Files: facilities spread round-robin; each file has its own header language, columns and date style.
  const facs = [...facilities.values()].flat();
  const files = Array.from({ length: nFiles }, (_, i) => {
    const fr = makeRng(hash('file', String(seed), String(i)));
    const vi = i % 2 === 1;
    return {
      name: `doses_${pad(i + 1)}.csv`,
      vi,
      rows: [],
      dateStyle: chance(fr, rates.us_date_file)
        ? 'us'
        : weighted(fr, [
            ['dmy', 6],
            ['dm', 2],
            ['iso', 2],
          ]),
      hasCommune: chance(fr, 0.75),
      hasGender: chance(fr, 0.9),
      hasPhone: chance(fr, 0.85),
      extra: chance(fr, 0.5),
      genderEn: pick(fr, [
        ['M', 'F'],
        ['Male', 'Female'],
        ['Nam', 'Nữ'],
      ]),
      headers: Object.fromEntries(FIELDS.map((f) => [f, vi ? pick(fr, VI_HEADERS[f]) : f])),
    };
  });
  const facInfo = new Map(
    facs.map((f, i) => {
      const fr = makeRng(hash('facility', String(seed), f));
      const habit = { upper: chance(fr, rates.facility_upper), noDiacritics: chance(fr, rates.facility_no_diacritics) };
      return [f, { code: f, file: files[i % nFiles], ...habit, seq: 0 }];
    }),
  );
  for (const f of files) if (f.dateStyle === 'us') f.usTag = true;

  const drng = makeRng(hash('damage', String(seed)));
  const habits = [
    'id_missing',
    'id_cmnd',
    'dob_year_only',
    'dob_day_off',
    'dob_year_off',
    'name_typo',
    'name_given_first',
    'name_middle_dropped',
    'name_middle_initial',
  ];
  const vaccinatedPeople = [...people, ...namesakes.filter((q) => q.vaccinated)];
  const ctx = { households };
  const events = [];
  // Households go together: the first member of an age band sets the days and the place, others may follow it.
  const homeOf = new Map();
  const together = new Map();
  for (const p of vaccinatedPeople) {
    if (chance(drng, rates.person_habit)) {
      p.habit = { kind: pick(drng, habits), typoKind: pick(drng, ['wrong', 'dropped', 'doubled', 'swapped']) };
    }
    const home = facilities.get(p.prov);
    if (!homeOf.has(p.household)) homeOf.set(p.household, home[Math.floor(rng() * Math.max(1, Math.ceil(home.length * 0.7)))]);
    const homeFac = homeOf.get(p.household);
    const age = 2021 - new Date(p.birth * DAY).getUTCFullYear();
    const band = `${p.household}:${age < 11 ? 'kid' : age < 18 ? 'youth' : 'adult'}`;
    const tpl = together.get(band);
    let doses;
    if (tpl && chance(rng, p.twinOf ? rates.twins_together : rates.household_together)) {
      // The same days and facilities; a follower may skip the later boosters.
      doses = tpl.slice(0, chance(rng, 0.7) ? tpl.length : Math.min(tpl.length, 2));
    } else {
      doses = dosesOf(p, rng).map((dose) => ({ ...dose, facility: chance(rng, 0.75) ? homeFac : pick(rng, home) }));
      if (!tpl && doses.length) together.set(band, doses);
    }
    doses.forEach((dose, k) => {
      events.push({ person: p, seq: k + 1, ...dose, id: `${p.id}-D${k + 1}` });
    });
  }

  const truth = [];
  const emit = (ev, facCode, kind, extraTags, over) => {
    const fac = facInfo.get(facCode);
    const file = fac.file;
    const { cells, tags } = typeIdentity(ev.person, ctx, drng, rates, fac, file);
    const all = [...tags, ...extraTags];
    if (file.dateStyle === 'us') all.push('file_us_dates');
    let lot = lotFor(seed, ev.facility, ev.product, ev.day);
    let doseNumber = String(ev.seq);
    if (over.lot !== undefined) lot = over.lot;
    else if (chance(drng, rates.lot_missing)) {
      lot = '';
      all.push('lot_missing');
    } else if (chance(drng, rates.lot_typo)) {
      lot = lotTypo(lot, drng);
      all.push('lot_typo');
    }
    if (over.doseNumber !== undefined) doseNumber = over.doseNumber;
    else if (chance(drng, rates.dose_number_missing)) {
      doseNumber = '';
      all.push('dose_number_missing');
    } else if (chance(drng, rates.dose_number_wrong)) {
      doseNumber = String(ev.seq === 1 ? 2 : ev.seq - 1);
      all.push('dose_number_wrong');
    }
    const day = ev.day + (over.shift ?? 0);
    const [y, m, d] = ymd(day);
    fac.seq++;
    const row = {
      ...cells,
      record_id: `${facCode}-${pad(fac.seq, 6)}`,
      facility_code: facCode,
      vaccine: pick(drng, PRODUCTS[ev.product].names),
      lot_number: lot,
      dose_number: doseNumber,
      dose_date: fmtDate(y, m, d, file.dateStyle),
    };
    file.rows.push({
      row,
      day,
      truth: {
        record_id: row.record_id,
        citizen_id: ev.person.inRegistry ? ev.person.cccd : '',
        person_id: ev.person.id,
        event_id: ev.id,
        kind,
        damage: [...new Set([...(ev.person.inRegistry ? [] : ['not_in_registry']), ...all])].join(';'),
        true_name: registryName(ev.person),
        true_birth_date: isoOf(ev.person.birth),
        product: ev.product,
        true_dose_date: isoOf(ev.day),
      },
    });
  };
  for (const ev of events) {
    const firstLot = lotFor(seed, ev.facility, ev.product, ev.day);
    emit(ev, ev.facility, 'entry', [], {});
    const second = drng();
    if (second < rates.dup_other_facility + rates.dup_same_facility) {
      const same = second >= rates.dup_other_facility;
      const others = [...facilities.get(ev.person.prov)].filter((f) => f !== ev.facility);
      const fac2 = same || !others.length ? ev.facility : pick(drng, others);
      const tags = [same ? 'dup_same_facility' : 'dup_other_facility'];
      const over = {};
      if (chance(drng, rates.dup_dose_number)) {
        // It counts the doses it gave itself, or copies the neighbouring line.
        over.doseNumber = String(ev.seq === 1 ? 2 : chance(drng, 0.5) ? 1 : ev.seq + (chance(drng, 0.5) ? 1 : -1));
        tags.push('dup_dose_number');
      }
      const lr = drng();
      if (lr < rates.dup_lot_typo) {
        over.lot = lotTypo(firstLot, drng);
        tags.push('dup_lot_typo');
      } else if (lr < rates.dup_lot_typo + rates.dup_lot_missing) {
        over.lot = '';
        tags.push('dup_lot_missing');
      } else over.lot = firstLot;
      if (chance(drng, rates.dup_date_shift)) {
        over.shift = int(drng, 1, 3) * (chance(drng, 0.7) ? 1 : -1);
        // Not before the campaign's first day: a date that impossible would be a different phenomenon.
        if (ev.day + over.shift < CAMPAIGN_START) over.shift = -over.shift;
        tags.push('dup_date_shift');
      }
      // A second entry that agrees on lot, dose number and date: the easy case, reported apart from the conflicting ones.
      if (tags.length === 1) tags.push('dup_consistent');
      emit(ev, fac2, 'second_entry', tags, over);
    }
  }

  const outFiles = files.map((f) => {
    f.rows.sort((a, b) => a.day - b.day);
    const present = { commune_code: f.hasCommune, gender: f.hasGender, phone: f.hasPhone };
    const cols = FIELDS.filter((c) => present[c] !== false);
    const before = f.extra ? [f.vi ? 'STT' : 'no'] : [];
    const after = f.extra ? [f.vi ? 'Ghi chú' : 'note'] : [];
    const header = [...before, ...cols.map((c) => f.headers[c]), ...after];
    const rows = f.rows.map((r, i) => [...(f.extra ? [String(i + 1)] : []), ...cols.map((c) => r.row[c] ?? ''), ...(f.extra ? [''] : [])]);
    f.rows.forEach((r, i) => {
      truth.push({ file: f.name, line: i + 2, ...r.truth });
    });
    return { name: f.name, header, rows, vi: f.vi, dateStyle: f.dateStyle };
  });

  const registry = [];
  const regRng = makeRng(hash('registry', String(seed)));
  for (const p of [...people, ...namesakes, ...background]) {
    if (!p.inRegistry) continue;
    registry.push([p.cccd, p.cmnd, registryName(p), isoOf(p.birth), p.gender === 'M' ? 'Nam' : 'Nữ', p.commune, p.phone]);
  }
  // Registry order says nothing about the people.
  for (let i = registry.length - 1; i > 0; i--) {
    const j = Math.floor(regRng() * (i + 1));
    [registry[i], registry[j]] = [registry[j], registry[i]];
  }
  const stats = {
    persons: people.length,
    namesakes: namesakes.length,
    background: background.length,
    registry: registry.length,
    events: events.length,
    rows: truth.length,
    twins: people.filter((p) => p.twinOf).length,
  };
  return {
    registry: { header: ['citizen_id', 'old_id', 'full_name', 'birth_date', 'gender', 'commune_code', 'phone'], rows: registry },
    files: outFiles,
    truth,
    stats,
    rates,
  };
}

const TRUTH_COLS = [
  'file',
  'line',
  'record_id',
  'citizen_id',
  'person_id',
  'event_id',
  'kind',
  'damage',
  'true_name',
  'true_birth_date',
  'product',
  'true_dose_date',
];

function csvCell(v) {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csv = (header, rows) => `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;

/** Write registry.csv, doses_NN.csv, truth.csv and generate.json (last, so its presence means complete). */
export function writeDataset(ds, outDir, params) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'registry.csv'), csv(ds.registry.header, ds.registry.rows));
  for (const f of ds.files) writeFileSync(join(outDir, f.name), csv(f.header, f.rows));
  writeFileSync(
    join(outDir, 'truth.csv'),
    csv(
      TRUTH_COLS,
      ds.truth.map((t) => TRUTH_COLS.map((c) => t[c])),
    ),
  );
  const meta = { generator: 'independent', version: GENERATOR_VERSION, params, stats: ds.stats, rates: ds.rates };
  writeFileSync(join(outDir, 'generate.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

function main() {
  const { values } = parseArgs({
    strict: false,
    options: {
      persons: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      files: { type: 'string', default: '6' },
      out: { type: 'string' },
      rates: { type: 'string' },
    },
  });
  if (!values.out) {
    process.stderr.write(
      'Usage: node bench/independent/generate.mjs --persons N --seed S --out DIR\n' + '       [--files 6] [--rates r.json] [--no-<rate>]\n',
    );
    process.exit(2);
  }
  const rates = values.rates ? JSON.parse(readFileSync(String(values.rates), 'utf8')) : {};
  // --no-name_telex (or --no-name-telex) switches one rate off.
  for (const a of process.argv.slice(2)) {
    if (!a.startsWith('--no-')) continue;
    const k = a.slice(5).replace(/-/g, '_');
    if (!(k in DEFAULT_RATES)) {
      process.stderr.write(`unknown rate ${k}; known: ${Object.keys(DEFAULT_RATES).join(', ')}\n`);
      process.exit(2);
    }
    rates[k] = 0;
  }
  const params = { persons: Number(values.persons), seed: Number(values.seed), files: Number(values.files), rates };
  const ds = generate(params);
  writeDataset(ds, String(values.out), params);
  process.stdout.write(`${JSON.stringify(ds.stats)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
