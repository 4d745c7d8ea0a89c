// Typing damage of issue 14: names typed as Telex or VNI keystrokes never converted, middle names as initials,
// birth dates missing or with one digit, day or year wrong. Pure, like damage.ts, and tagged the same way.

import type { Rng } from './prng.js';
import type { Rates } from './rates.js';
import type { Person } from './population.js';
import type { Tags } from './damage.js';
import { daysInMonth } from './population.js';

/** Combining marks (NFD) and the keys that type them: Telex (after the vowel or doubled) and VNI (a digit). */
const TONE_KEYS: Record<string, [string, string]> = {
  '\u0301': ['s', '1'],
  '\u0300': ['f', '2'],
  '\u0309': ['r', '3'],
  '\u0303': ['x', '4'],
  '\u0323': ['j', '5'],
};
const VOWEL_MARK_KEYS: Record<string, [string, string]> = {
  '\u0302': ['', '6'], // circumflex: Telex doubles the vowel (aa, ee, oo)
  '\u031b': ['w', '7'], // horn: ow, uw
  '\u0306': ['w', '8'], // breve: aw
};

/**
 * A name as its keystrokes when the input method was off: Telex puts vowel keys in place and the tone key at the end
 * of the syllable ("Nguyễn Thị Lan" -> "Nguyeenx Thij Lan"); VNI types digits right after the vowel ("Trần Văn" ->
 * "Tra62n Va8n").
 */
export function typeKeystrokes(name: string, method: 'telex' | 'vni'): string {
  const k = method === 'telex' ? 0 : 1;
  return name
    .split(' ')
    .map((word) => {
      let out = '';
      let tone = '';
      for (const ch of word.normalize('NFD')) {
        if (ch === 'đ' || ch === 'Đ') out += ch === 'đ' ? (k === 0 ? 'dd' : 'd9') : k === 0 ? 'Dd' : 'D9';
        else if (TONE_KEYS[ch] !== undefined) {
          if (k === 0) tone = TONE_KEYS[ch][0];
          else out += TONE_KEYS[ch][1];
        } else if (VOWEL_MARK_KEYS[ch] !== undefined)
          out += k === 0 && ch === '\u0302' ? out.slice(-1).toLowerCase() : VOWEL_MARK_KEYS[ch][k];
        else out += ch;
      }
      return out + tone;
    })
    .join(' ');
}

/** The middle name written as initials with a period ("Nguyễn V. An"), or unchanged when there is none. */
export function middleAsInitials(p: Person): string {
  if (p.middle === '') return p.fullName;
  const initials = p.middle
    .split(' ')
    .map((w) => `${[...w][0]}.`)
    .join(' ');
  return `${p.family} ${initials} ${p.given}`;
}

/** Called on the name as a person's structure gives it (before typos): the middle name as initials. */
export function damageNameForm(rng: Rng, rates: Rates, p: Person, name: string, tags: Tags): string {
  if (name !== p.fullName || p.middle === '' || !rng.chance(rates.name_middle_initial)) return name;
  tags.push('name_middle_initial');
  return middleAsInitials(p);
}

/** Called on the finished name: Telex or VNI keystrokes, never converted. */
export function damageKeystrokes(rng: Rng, rates: Rates, name: string, tags: Tags): string {
  for (const [tag, method] of [
    ['name_keys_telex', 'telex'],
    ['name_keys_vni', 'vni'],
  ] as const) {
    if (!rng.chance(rates[tag])) continue;
    const typed = typeKeystrokes(name.normalize('NFC'), method);
    if (typed === name) return name;
    tags.push(tag);
    return typed;
  }
  return name;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Birth date missing, or with the year or day one off or one digit wrong; null when none of these happens. */
export function damageBirthTyping(rng: Rng, rates: Rates, p: Person, tags: Tags): string | null {
  const { year: y, month: m, day: d } = p;
  if (rng.chance(rates.birth_missing)) {
    tags.push('birth_missing');
    return '';
  }
  if (rng.chance(rates.birth_year_typo)) {
    tags.push('birth_year_typo');
    // One off (a year counted wrong) or one digit of the last two mistyped.
    const y2 = rng.chance(0.5) ? y + (rng.chance(0.5) ? 1 : -1) : y - (y % 10) + (((y % 10) + 1 + rng.int(9)) % 10);
    return `${pad2(Math.min(d, daysInMonth(y2, m)))}/${pad2(m)}/${y2}`;
  }
  if (rng.chance(rates.birth_day_typo)) {
    const max = daysInMonth(y, m);
    // One off (d ± 1), or the last digit of the day mistyped; either kept within the month.
    const offByOne = d === max ? d - 1 : d === 1 ? 2 : d + (rng.chance(0.5) ? 1 : -1);
    const digit = Math.floor(d / 10) * 10 + (((d % 10) + 1 + rng.int(9)) % 10);
    const typo = rng.chance(0.5) || digit < 1 || digit > max ? offByOne : digit;
    tags.push('birth_day_typo');
    return `${pad2(typo)}/${pad2(m)}/${y}`;
  }
  return null;
}
