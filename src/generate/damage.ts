// Pure damage functions: each takes the true value and returns the value as a facility typed it, recording its tag.

import type { Rng } from './prng.js';
import type { DamageTag, Rates } from './rates.js';
import { stripDiacritics, toNewToneStyle } from './vietnamese.js';
import { OLD_PREFIX, type Person } from './population.js';
import { damageLookalikeId, relativesOf } from './lookalikes.js';
import { damageBirthTyping, damageKeystrokes, damageNameForm } from './typing.js';

export type Tags = DamageTag[];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An ID as Excel "General" shows a 12-digit number: six significant digits, e.g. 7.92030E+10 -> 7.9203E+10. */
export function toENotation(id: string): string {
  const [mant, exp] = Number(id).toExponential(5).split('e');
  const m = mant.replace(/0+$/, '').replace(/\.$/, '');
  return `${m}E${exp.startsWith('-') ? exp : `+${exp.replace('+', '')}`}`;
}

export function typoDigit(rng: Rng, id: string): string {
  const i = rng.int(id.length);
  const d = (Number(id[i]) + 1 + rng.int(9)) % 10;
  return id.slice(0, i) + String(d) + id.slice(i + 1);
}

/** Swap two adjacent different digits; returns the input when every digit is the same. */
export function transposeDigits(rng: Rng, id: string): string {
  const start = rng.int(id.length - 1);
  for (let k = 0; k < id.length - 1; k++) {
    const i = (start + k) % (id.length - 1);
    if (id[i] !== id[i + 1]) return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  }
  return id;
}

export function malformId(rng: Rng, id: string): string {
  const i = rng.int(id.length);
  switch (rng.int(3)) {
    case 0:
      return id.slice(0, i) + id.slice(i + 1); // a digit dropped
    case 1:
      return id.slice(0, i) + id[i] + id.slice(i); // a digit doubled
    default: {
      // a letter typed for a look-alike digit
      const j = [...id].findIndex((c) => c === '0' || c === '1');
      if (j < 0) return id.slice(0, i) + id.slice(i + 1);
      return id.slice(0, j) + (id[j] === '0' ? 'O' : 'l') + id.slice(j + 1);
    }
  }
}

export function damageId(rng: Rng, rates: Rates, person: Person, household: Person[], tags: Tags): string {
  const id = person.citizenId;
  if (rng.chance(rates.id_missing)) {
    tags.push('id_missing');
    return '';
  }
  if (person.oldId && rng.chance(rates.id_cmnd)) {
    tags.push('id_cmnd');
    return person.oldId;
  }
  const lookalike = damageLookalikeId(rng, rates, person, household, tags);
  if (lookalike !== '') return lookalike;
  const relatives = relativesOf(person, household);
  if (relatives.length && rng.chance(rates.id_relative)) {
    tags.push('id_relative');
    return rng.pick(relatives).citizenId;
  }
  if (rng.chance(rates.id_digit_typo)) {
    tags.push('id_digit_typo');
    return typoDigit(rng, id);
  }
  if (rng.chance(rates.id_transposition)) {
    tags.push('id_transposition');
    return transposeDigits(rng, id);
  }
  if (rng.chance(rates.id_malformed)) {
    tags.push('id_malformed');
    return malformId(rng, id);
  }
  if (rng.chance(rates.id_leading_zero_lost)) {
    tags.push('id_leading_zero_lost');
    // Excel drops every leading zero, so 001... loses two (DOMAIN.md §1.4).
    return id.replace(/^0+/, '');
  }
  if (rng.chance(rates.id_enotation)) {
    tags.push('id_enotation');
    return toENotation(id);
  }
  return id;
}

const LETTERS = 'abcdeghiklmnopqrstuvxy';

/** One letter substituted, dropped or doubled inside a word of at least 3 letters. */
export function typoName(rng: Rng, name: string): string {
  const words = name.split(' ');
  const candidates = words.map((w, i) => (w.length >= 3 ? i : -1)).filter((i) => i >= 0);
  if (!candidates.length) return name;
  const wi = rng.pick(candidates);
  const chars = [...words[wi]];
  const i = 1 + rng.int(chars.length - 1); // keep the initial: typists rarely miss the first letter
  const kind = rng.int(3);
  if (kind === 0) {
    let c = rng.pick([...LETTERS]);
    if (c === chars[i].toLowerCase()) c = c === 'a' ? 'e' : 'a';
    chars[i] = c;
  } else if (kind === 1) chars.splice(i, 1);
  else chars.splice(i, 0, chars[i]);
  words[wi] = chars.join('');
  return words.join(' ');
}

/** Name as typed (before any legacy-font encoding of the whole file). */
export function damageName(rng: Rng, rates: Rates, person: Person, tags: Tags, allowNfd: boolean): string {
  let name = person.fullName;
  if (rng.chance(rates.name_reversed)) {
    tags.push('name_reversed');
    name = [person.given, person.middle, person.family].filter(Boolean).join(' ');
  } else if (person.middle && rng.chance(rates.name_no_middle)) {
    tags.push('name_no_middle');
    name = `${person.family} ${person.given}`;
  }
  name = damageNameForm(rng, rates, person, name, tags);
  if (rng.chance(rates.name_typo)) {
    const t = typoName(rng, name);
    if (t !== name) {
      tags.push('name_typo');
      name = t;
    }
  }
  if (rng.chance(rates.name_tone_style)) {
    const t = toNewToneStyle(name);
    if (t !== name) {
      tags.push('name_tone_style');
      name = t;
    }
  }
  if (rng.chance(rates.name_no_diacritics)) {
    const t = stripDiacritics(name);
    if (t !== name) {
      tags.push('name_no_diacritics');
      name = t;
    }
  }
  if (rng.chance(rates.name_upper)) {
    tags.push('name_upper');
    name = name.toUpperCase();
  }
  name = damageKeystrokes(rng, rates, name, tags);
  if (allowNfd && rng.chance(rates.name_nfd)) {
    const t = name.normalize('NFD');
    if (t !== name) {
      tags.push('name_nfd');
      name = t;
    }
  }
  return name;
}

export function formatDate(y: number, m: number, d: number): string {
  return `${pad2(d)}/${pad2(m)}/${y}`;
}

/** Another common written form of the same date. */
export function reformatDate(rng: Rng, y: number, m: number, d: number): string {
  switch (rng.int(3)) {
    case 0:
      return `${d}/${m}/${y}`;
    case 1:
      return `${y}-${pad2(m)}-${pad2(d)}`;
    default:
      return `${pad2(d)}-${pad2(m)}-${y}`;
  }
}

/** Excel 1900-system serial: days since 1899-12-30 for dates after 1900-02-28 (DOMAIN.md §3). */
export function excelSerial(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

export function registryBirthDate(p: Person): string {
  return p.yearOnly ? String(p.year) : formatDate(p.year, p.month, p.day);
}

export function damageBirthDate(rng: Rng, rates: Rates, p: Person, tags: Tags): string {
  if (p.yearOnly) return rng.chance(0.6) ? String(p.year) : `01/01/${p.year}`;
  const { year: y, month: m, day: d } = p;
  if (d <= 12 && d !== m && rng.chance(rates.birth_day_month_swap)) {
    tags.push('birth_day_month_swap');
    return formatDate(y, d, m);
  }
  if (rng.chance(rates.birth_placeholder)) {
    tags.push('birth_placeholder');
    return rng.pick([String(y), `01/01/${y}`, `00/00/${y}`]);
  }
  const typed = damageBirthTyping(rng, rates, p, tags);
  if (typed !== null) return typed;
  if (rng.chance(rates.birth_excel_serial)) {
    tags.push('birth_excel_serial');
    return String(excelSerial(y, m, d));
  }
  if (rng.chance(rates.birth_two_digit_year)) {
    tags.push('birth_two_digit_year');
    return `${d}/${m}/${pad2(y % 100)}`;
  }
  if (rng.chance(rates.birth_format)) {
    tags.push('birth_format');
    return reformatDate(rng, y, m, d);
  }
  return formatDate(y, m, d);
}

export function damageGender(rng: Rng, rates: Rates, p: Person, tags: Tags): string {
  if (rng.chance(rates.gender_missing)) {
    tags.push('gender_missing');
    return '';
  }
  if (rng.chance(rates.gender_variant)) {
    tags.push('gender_variant');
    return rng.pick(p.gender === 'M' ? ['M', 'male', 'nam', 'NAM', 'Male'] : ['F', 'female', 'Nu', 'nữ', 'NỮ']);
  }
  return p.gender === 'M' ? 'Nam' : 'Nữ';
}

export function damagePhone(rng: Rng, rates: Rates, phone: string, tags: Tags): string {
  if (rng.chance(rates.phone_missing)) {
    tags.push('phone_missing');
    return '';
  }
  if (rng.chance(rates.phone_plus84)) {
    tags.push('phone_plus84');
    return rng.chance(0.5) ? `+84${phone.slice(1)}` : `+84 ${phone.slice(1, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
  }
  const old = OLD_PREFIX[phone.slice(0, 3)];
  if (old && rng.chance(rates.phone_old11)) {
    tags.push('phone_old11');
    return old + phone.slice(3);
  }
  return phone;
}

export function dayToParts(dayNumber: number): [number, number, number] {
  const dt = new Date(dayNumber * 86400000);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}

export function damageDoseDate(rng: Rng, rates: Rates, dayNumber: number, tags: Tags): string {
  const [y, m, d] = dayToParts(dayNumber);
  if (rng.chance(rates.unusable_dose_date)) {
    tags.push('unusable_dose_date');
    return rng.pick([`??/${pad2(m)}/${y}`, 'chưa rõ', `${pad2(d)}/${pad2(m)}/`, '31/02/2021x']);
  }
  if (rng.chance(rates.dose_date_format)) {
    tags.push('dose_date_format');
    return reformatDate(rng, y, m, d);
  }
  return formatDate(y, m, d);
}
