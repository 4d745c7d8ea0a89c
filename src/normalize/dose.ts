// Per-record composition (pure): one raw dose row or registry row -> NormalizedDose / Citizen with every field's problems, or one reject.

import type { Citizen, DoseField, NormalizedDose, NameKeys, Problem, RawRow, RegistryField } from '../types.js';
import type { ProblemCode } from '../codes.js';
import { normalizeConfig } from '../config/normalize.js';
import {
  birthResultKey,
  birthTooOldAt,
  parseBirthDate,
  parseDoseDate,
  type BirthContext,
  type DateOptions,
  type DateOrder,
} from './dates.js';
import { checkIdAgainstDetails, normalizeCitizenId } from './ids.js';
import { normalizeGender, type GenderCodes } from './gender.js';
import { normalizePhone } from './phone.js';
import { normalizeVaccine } from './vaccine.js';
import { normalizeName } from './names.js';
import { decodeKeystrokes } from './keystrokes.js';
import { repairLegacy, repairMojibakeCell, type LegacyColumn } from './legacy.js';
import { stripMarks } from './vn-letters.js';
import { communeKeyOf, communeProblem, communeSystemAt, resolveCommune, type AdminUnits, type CommuneSystem } from './communes.js';

export interface NormalizeContext {
  dateOptions: DateOptions & { campaignStart: string };
  /** Legacy encoding detected for the name column of this file (per column, DOMAIN.md 2), or null. */
  /** The legacy encoding detected in this file's name column (see ingest/name-encoding.ts), or null. */
  nameEncoding: LegacyColumn | null;
  /** Day/month order of this file's date columns (decided by ingest/date-order.ts); absent = day-first, the Vietnamese convention. */
  dateOrder?: DateOrders;
  /** Numeric gender codes of this file, learned from its 12-digit IDs (ingest/gender-codes.ts); absent = digits refused. */
  genderCodes?: GenderCodes | null;
  /** Old and today's communes (--admin-units 2025): codes are read as today's units; absent or null = as entered. */
  adminUnits?: AdminUnits | null;
}

/** The order each date column of one file is written in. */
export interface DateOrders {
  dose_date: DateOrder;
  birth_date: DateOrder;
}

/** Both columns day-first: the Vietnamese convention and the default. */
export const DAY_FIRST: Readonly<DateOrders> = Object.freeze({ dose_date: 'dmy', birth_date: 'dmy' });

// Ordinal words for dose numbers: Vietnamese "mũi thứ nhất/hai/ba/tư", "mũi một", and English first..fifth (folded).
const DOSE_WORDS: ReadonlyMap<string, number> = new Map([
  ['nhat', 1],
  ['mot', 1],
  ['hai', 2],
  ['ba', 3],
  ['tu', 4],
  ['bon', 4],
  ['nam', 5],
  ['first', 1],
  ['second', 2],
  ['third', 3],
  ['fourth', 4],
  ['fifth', 5],
]);
const WORD_SPLIT = /[^a-z]+/;
// Booster and additional-dose labels (folded): "Mũi nhắc lại 1", "Nhắc lại lần 2", "Mũi bổ sung", "Mũi tăng cường", "Booster".
const BOOSTER_MARK = /\b(?:nhac|boost(?:er)?s?|bo\s*sung|tang\s*cuong)\b/;
const ENGLISH_ORDINAL = /^\s*\d{1,2}\s*(?:st|nd|rd|th)\b/;

/** A dose-number cell as read: its position in the whole series, BOOSTER_LABEL, or null when unreadable. */
export type DoseLabel = number | typeof BOOSTER_LABEL | null;
/**
 * A booster or additional dose whose position in the whole series the label does not give. "Nhắc lại lần N" counts
 * from the end of the primary series, which is 2 doses for most products, 1 for Janssen, 3 for Abdala and one more for
 * the special groups given an additional dose (DOMAIN.md 6): the booster's own product does not reveal it (a Janssen
 * or Abdala primary was boosted with Pfizer or Moderna). A guessed 2 + N would veto folding such a booster with its
 * correctly numbered re-entry and raise false DOSE_NUMBER_SEQUENCE; an unknown number vetoes nothing, and the
 * duplicate window, lots and families still keep real doses apart (boosters come months after the primary series).
 */
export const BOOSTER_LABEL = 'booster';
const doseLabelMemo = new Map<string, DoseLabel>();

/** Dose number from "1", "Mũi 1", "mũi 2", "2nd", "M3", "Mũi thứ hai", "1.0"; null when unreadable or out of 1..max, or a booster label. */
export function parseDoseNumber(s: string): number | null {
  const label = readDoseLabel(s);
  return label === BOOSTER_LABEL ? null : label;
}

/**
 * Reads a dose-number cell. A booster label ("Mũi nhắc lại 1", "Booster 2", "Mũi bổ sung") is BOOSTER_LABEL unless it
 * also states its position in the series ("Mũi 3 (nhắc lại)", "Mũi 4 (nhắc lại lần 2)"): see BOOSTER_LABEL.
 */
export function readDoseLabel(s: string): DoseLabel {
  const hit = doseLabelMemo.get(s);
  if (hit !== undefined) return hit;
  let n: DoseLabel;
  // Folded once: the ordinal words are read with đ kept (it splits words), the booster marks with đ -> d
  // (lower-casing then mapping đ equals foldMarks' mapping đ/Đ then lower-casing).
  const bare = stripMarks(s);
  const folded = bare.replace(/đ/g, 'd');
  const mark = BOOSTER_MARK.exec(folded);
  if (mark === null) {
    n = readPosition(s, bare);
  } else {
    // A number before the mark is the position in the series ("Mũi 3 (nhắc lại)", "Mũi 4 - nhắc lại lần 2"), one after
    // it counts boosters ("Nhắc lại lần 2"), and so does "2nd booster". A booster is never dose 1 ("Lần 1 nhắc lại").
    const before = folded.slice(0, mark.index);
    // `before` is already folded (folding it again changes nothing) and has no đ left.
    const stated = ENGLISH_ORDINAL.test(before) && mark[0].startsWith('boost') ? null : readPosition(before, before);
    n = stated !== null && stated >= 2 ? stated : BOOSTER_LABEL;
  }
  if (doseLabelMemo.size < normalizeConfig.memoMaxEntries) doseLabelMemo.set(s, n);
  return n;
}

/**
 * The one number (or ordinal word) in `s`, 1..maxDoseNumber; null when none, several or out of range. The digits are
 * read from `s` as typed (a combining mark between digits separates them); the words from `bare`, `s` through stripMarks.
 */
function readPosition(s: string, bare: string): number | null {
  let n: number | null = null;
  let i = 0;
  while (i < s.length && !isDigitAt(s, i)) i++;
  if (i < s.length) {
    let j = i,
      v = 0;
    while (j < s.length && isDigitAt(s, j)) v = v * 10 + (s.charCodeAt(j++) - 48);
    // "1.0" from a numeric Excel cell is fine; "1.5" or a second number ("1/2", "12 3") is not a dose number.
    let k = j;
    if (k < s.length && (s[k] === '.' || s[k] === ',')) {
      k++;
      while (k < s.length && s[k] === '0') k++;
    }
    while (k < s.length && !isDigitAt(s, k)) k++;
    n = k === s.length && j - i <= 2 ? v : null;
  } else {
    const words = bare.split(WORD_SPLIT);
    for (const w of words) {
      const d = DOSE_WORDS.get(w);
      if (d !== undefined) {
        n = d;
        break;
      }
    }
  }
  return n === null ? null : inRange(n);
}

function inRange(n: number): number | null {
  return n >= 1 && n <= normalizeConfig.maxDoseNumber ? n : null;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function reject(code: ProblemCode, field: string, value: string, detail: string): Problem {
  return { code, field, value, detail };
}

/**
 * Repairs a legacy-encoded name (when the file's name column is one, or when this one cell is UTF-8 read as
 * cp1252), then builds its keys. The repair sees the untrimmed cell: TCVN3's ư is a soft hyphen and
 * UTF-8-as-cp1252 "à" ends in a no-break space, both of which trimming would destroy.
 */
function buildName(rawName: string, ctx: NormalizeContext, problems: Problem[], untrimmed: string = rawName): NameKeys | null {
  let text = rawName;
  const column = ctx.nameEncoding;
  let repaired = column === null ? null : repairLegacy(untrimmed, column.encoding, { pure: column.pure });
  let detail = column === null ? '' : `converted from ${column.encoding}`;
  // Sheets merged from several sources leave a few mis-decoded cells in a Unicode column, too few for the column
  // detection. A utf8-as-cp1252 column already tried the same decoder (more leniently) above.
  if (repaired === null && column?.encoding !== 'utf8-as-cp1252') {
    repaired = repairMojibakeCell(untrimmed);
    detail = 'converted from utf8-as-cp1252 per cell (UTF-8 bytes read as Windows-1252)';
  }
  if (repaired !== null && repaired.trim() !== rawName) {
    problems.push({ code: 'NAME_ENCODING_REPAIRED', field: 'full_name', value: rawName, detail, fix: repaired });
    text = repaired.trim();
  } else if (repaired === null) {
    // Keystrokes of a typist whose input method was off: per cell, since one typist's rows sit among others'.
    const keys = decodeKeystrokes(rawName);
    if (keys !== null) {
      const detail = `decoded from ${keys.method} keystrokes`;
      problems.push({ code: 'NAME_KEYSTROKES_DECODED', field: 'full_name', value: rawName, detail, fix: keys.text });
      text = keys.text;
    }
  }
  const { keys, problems: nameProblems } = normalizeName(text);
  for (const p of nameProblems) problems.push(p);
  return keys;
}

let lastToday = '';
let lastYear = 0;
/** The year of ctx "today", so ID century checks use the same clock as the date checks. */
function yearOf(todayIso: string): number {
  if (todayIso !== lastToday) {
    lastToday = todayIso;
    lastYear = Number(todayIso.slice(0, 4));
  }
  return lastYear;
}

/**
 * Normalises one dose row. Rejects (in this order) an empty or unusable name, an empty vaccine, a missing or unreadable
 * dose date and an empty facility; otherwise every field's problems are collected on the dose.
 */
export function normalizeDose(
  raw: RawRow<DoseField>,
  seq: number,
  recordId: string,
  ctx: NormalizeContext,
): { ok: true; dose: NormalizedDose } | { ok: false; reject: Problem } {
  const c = raw.values;
  // An object literal keeps one hidden class for every row (a computed-key loop would not).
  // Low-cardinality cells are interned: each dose otherwise held its own copy of "Nam", "Pfizer", "25/06/2021"...
  // for its whole life (heap after ingest, 1M doses). record_id and full_name are detached from the read chunk.
  const v: Record<DoseField, string> = {
    record_id: sameAs(cell(c.record_id), recordId),
    full_name: detach(cell(c.full_name)),
    birth_date: cell(c.birth_date),
    gender: intern(cell(c.gender), pool.gender),
    citizen_id: cell(c.citizen_id),
    phone: cell(c.phone),
    commune_code: cell(c.commune_code),
    facility_code: intern(cell(c.facility_code), pool.facility),
    vaccine: intern(cell(c.vaccine), pool.vaccine),
    lot_number: cell(c.lot_number),
    dose_number: intern(cell(c.dose_number), pool.doseNumber),
    dose_date: intern(cell(c.dose_date), pool.doseDate),
  };
  if (v.full_name === '') return { ok: false, reject: reject('NAME_MISSING', 'full_name', '', 'full name is empty') };
  const problems: Problem[] = [];
  const name = buildName(v.full_name, ctx, problems, c.full_name);
  if (name === null) return { ok: false, reject: reject('NAME_MISSING', 'full_name', v.full_name, 'full name has no usable letters') };
  if (v.vaccine === '') return { ok: false, reject: reject('VACCINE_MISSING', 'vaccine', '', 'vaccine is empty') };
  const order = ctx.dateOrder ?? DAY_FIRST;
  const doseDate = parseDoseDate(v.dose_date, ctx.dateOptions, order.dose_date);
  if (doseDate.iso === null) return { ok: false, reject: doseDate.problems[0] };
  if (v.facility_code === '') return { ok: false, reject: reject('FACILITY_MISSING', 'facility_code', '', 'facility code is empty') };

  const id = normalizeCitizenId(v.citizen_id, { currentYear: yearOf(ctx.dateOptions.today) });
  const gender = normalizeGender(v.gender, ctx.genderCodes);
  const birthHit = birthOf(v.birth_date, ctx.dateOptions, { idBirthYear: id.id.birthYear, atIso: doseDate.iso, order: order.birth_date });
  v.birth_date = birthHit.raw;
  const birth = birthHit.result;
  let b = birth.date;
  const tooOld = b === null ? null : birthTooOldAt(b, doseDate.iso, v.birth_date, ctx.dateOptions);
  if (tooOld !== null) b = null;
  const phone = normalizePhone(v.phone);
  const vaccine = normalizeVaccine(v.vaccine);
  push(problems, id.problems);
  push(problems, birth.problems);
  if (tooOld !== null) problems.push(tooOld);
  push(problems, gender.problems);
  push(problems, checkIdAgainstDetails(id.id, b, gender.gender));
  push(problems, phone.problems);
  push(problems, vaccine.problems);
  push(problems, doseDate.problems);
  const communeKey = readCommune(v.commune_code, ctx.adminUnits, communeSystemAt, doseDate.iso, problems);
  if (b !== null && (b.precision === 'day' ? doseDate.iso < b.iso : Number(doseDate.iso.slice(0, 4)) < b.year)) {
    problems.push({
      code: 'DOSE_DATE_BEFORE_BIRTH',
      field: 'dose_date',
      value: v.dose_date,
      detail: `dose date ${doseDate.iso} is before the birth date ${b.iso}`,
    });
  }
  let doseNumber: number | null = null;
  if (v.dose_number !== '') {
    const label = readDoseLabel(v.dose_number);
    doseNumber = label === BOOSTER_LABEL ? null : label;
    if (label === null) {
      problems.push({
        code: 'DOSE_NUMBER_INVALID',
        field: 'dose_number',
        value: raw.values.dose_number,
        detail: `expected a dose number from 1 to ${normalizeConfig.maxDoseNumber} ("1", "Mũi 2", "3rd")`,
      });
    }
  }
  return {
    ok: true,
    dose: {
      seq,
      recordId,
      source: raw.source,
      name,
      birth: b,
      gender: gender.gender,
      id: id.id,
      phone: phone.phone,
      commune: v.commune_code,
      communeKey,
      facility: v.facility_code,
      vaccine: vaccine.vaccine,
      lot: normalizeLot(v.lot_number),
      doseNumber,
      doseDate: doseDate.iso,
      extra: raw.extra,
      raw: v,
      problems: problems.length === 0 ? NO_PROBLEMS : problems.slice(),
    },
  };
}

/**
 * The linker's commune key of a code, and its problem (split, abolished, unknown) pushed onto `problems`. A dose given
 * before the units' effective date carries the old codes; the registry carries today's.
 */
function readCommune(
  code: string,
  units: AdminUnits | null | undefined,
  systemAt: (u: AdminUnits, iso: string) => CommuneSystem,
  iso: string,
  problems: Problem[],
): string {
  if (units == null || code === '') return code;
  const r = resolveCommune(units, code, systemAt(units, iso));
  const p = communeProblem(units, r, code);
  if (p !== null) problems.push(p);
  return communeKeyOf(r);
}

/** Lot numbers are compared as evidence in dedupe: upper case, no inner spaces ("abv 5811" = "ABV5811"). */
function normalizeLot(s: string): string {
  let clean = true;
  for (let i = 0; i < s.length && clean; i++) {
    const c = s.charCodeAt(i);
    clean = c > 32 && !(c >= 97 && c <= 122) && c !== 0xa0;
  }
  if (clean) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0xa0) continue;
    out += s[i];
  }
  return out.toUpperCase();
}

// A pushed-to array keeps a 17-slot backing store (~150 B) for its one or two problems; most doses have none.
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

/** Most cells repeat (about 30k birth dates, a few vaccines, facilities...): bounded so a hostile file cannot grow it forever. */
const INTERN_MAX = 1 << 19;
// One pool per column: the small ones stay cache-resident (a single shared Map made every lookup a cache miss:
// 340 ns per call in a profile of 200k doses).
const pool = {
  gender: new Map<string, string>(),
  facility: new Map<string, string>(),
  vaccine: new Map<string, string>(),
  doseNumber: new Map<string, string>(),
  doseDate: new Map<string, string>(),
};

function intern(s: string, into: Map<string, string>): string {
  if (s.length === 0) return s;
  const hit = into.get(s);
  if (hit !== undefined) return hit;
  const own = detach(s);
  if (into.size < INTERN_MAX) into.set(own, own);
  return own;
}

/**
 * A copy of `s` that does not point into its parent string: a split cell of 13+ characters is a slice of the
 * 1 MiB chunk it was read from, and one such cell kept per dose keeps the whole decoded file alive.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** The caller's (already detached) record id when the cell is the same text. */
function sameAs(s: string, recordId: string): string {
  return s === recordId ? recordId : detach(s);
}

/** parseBirthDate is pure and the same few thousand dates repeat: share the result (its PartialDate) and the cell text. */
interface BirthEntry {
  raw: string;
  /** birthResultKey of the context the text was read in: the same key gives the same result. */
  key: number;
  result: ReturnType<typeof parseBirthDate>;
  /** The same text read in another context: another column order or two-digit-year century (rare: a list, not a Map). */
  next: BirthEntry | null;
}
const birthMemo = new Map<string, BirthEntry>();
let birthMemoOpts: DateOptions | null = null;

/** One Map lookup per dose: a separate intern pool for the text cost a second lookup in a ~30k-entry Map. */
function birthOf(s: string, opts: DateOptions, ctx: BirthContext): BirthEntry {
  if (opts !== birthMemoOpts) {
    birthMemo.clear();
    birthMemoOpts = opts;
  }
  const first = birthMemo.get(s);
  // Keys below 2 (no two-digit year) ignore the ID and the dose date: no need to parse the text again to know the key.
  const key = first !== undefined && first.key < 2 ? (ctx.order === 'mdy' ? 1 : 0) : birthResultKey(s, opts, ctx);
  for (let e: BirthEntry | null | undefined = first; e; e = e.next) if (e.key === key) return e;
  const raw = first !== undefined ? first.raw : detach(s);
  const entry: BirthEntry = { raw, key, result: parseBirthDate(raw, opts, ctx), next: null };
  if (first !== undefined) {
    entry.next = first.next;
    first.next = entry;
  } else if (birthMemo.size < INTERN_MAX) {
    birthMemo.set(raw, entry);
  }
  return entry;
}

function cell(s: string | undefined): string {
  if (s === undefined || s === '') return '';
  // Most cells need no trimming: skip the call when both ends are already non-space.
  return s.charCodeAt(0) > 32 && s.charCodeAt(s.length - 1) > 32 && s.charCodeAt(0) !== 0xa0 && s.charCodeAt(s.length - 1) !== 0xa0
    ? s
    : s.trim();
}

function push(into: Problem[], from: Problem[]): void {
  for (let i = 0; i < from.length; i++) into.push(from[i]);
}

/** ID problems that only say vaxrec's tables do not know a 12-digit number (see normalizeCitizen). */
const UNCHECKED_ID_CODES: ReadonlySet<string> = new Set(['ID_BAD_PROVINCE', 'ID_BAD_CENTURY']);

/**
 * Normalises one registry row. Rejects REGISTRY_ID_INVALID when citizen_id is not 12 digits (an Excel-dropped
 * leading zero is restored first; 12 digits with an unknown province or century are kept with REGISTRY_ID_UNCHECKED)
 * and NAME_MISSING when there is no usable name.
 */
export function normalizeCitizen(
  raw: RawRow<RegistryField>,
  ctx: NormalizeContext,
): { ok: true; citizen: Citizen; problems: Problem[] } | { ok: false; reject: Problem } {
  const val = (f: RegistryField): string => {
    const cell = raw.values[f];
    return cell === undefined ? '' : cell.trim();
  };
  const idText = val('citizen_id');
  const currentYear = yearOf(ctx.dateOptions.today);
  const id = normalizeCitizenId(idText, { currentYear });
  const problems: Problem[] = [];
  if (id.id.kind !== 'cccd') {
    const why = id.problems[0];
    // The registry is the authority on its own numbers: 12 digits that fail only vaxrec's tables (a province code
    // or century digit they lack) are kept under the number as written and flagged, so exact-ID matching finds them.
    if (why === undefined || !UNCHECKED_ID_CODES.has(why.code) || !/^\d{12}$/.test(idText)) {
      const detail = why !== undefined ? why.detail : 'not a 12-digit personal ID';
      return { ok: false, reject: reject('REGISTRY_ID_INVALID', 'citizen_id', idText, detail) };
    }
    const detail = `${why.detail}; kept as the registry holds it`;
    problems.push({ code: 'REGISTRY_ID_UNCHECKED', field: 'citizen_id', value: idText, detail });
    id.id = { value: idText, kind: 'cccd' };
    id.problems = [];
  }
  const nameText = val('full_name');
  if (nameText === '') return { ok: false, reject: reject('NAME_MISSING', 'full_name', '', 'full name is empty') };
  push(problems, id.problems);
  const name = buildName(nameText, ctx, problems, raw.values.full_name);
  if (name === null) return { ok: false, reject: reject('NAME_MISSING', 'full_name', nameText, 'full name has no usable letters') };

  const oldText = val('old_id');
  let oldId = '';
  if (oldText !== '') {
    const old = normalizeCitizenId(oldText, { field: 'old_id', currentYear });
    if (old.id.kind === 'cmnd9' || old.id.kind === 'cccd') oldId = old.id.value;
    push(problems, old.problems);
  }
  const gender = normalizeGender(val('gender'), ctx.genderCodes);
  const birth = parseBirthDate(val('birth_date'), ctx.dateOptions, {
    idBirthYear: id.id.birthYear,
    order: (ctx.dateOrder ?? DAY_FIRST).birth_date,
  });
  const phone = normalizePhone(val('phone'));
  push(problems, birth.problems);
  push(problems, gender.problems);
  push(problems, checkIdAgainstDetails(id.id, birth.date, gender.gender));
  push(problems, phone.problems);
  return {
    ok: true,
    citizen: {
      citizenId: id.id.value,
      oldId,
      name,
      birth: birth.date,
      // The registry's ID encodes gender by law (DOMAIN.md 1.1): use it when the gender column is empty or unreadable.
      gender: gender.gender === 'U' && id.id.gender !== undefined ? id.id.gender : gender.gender,
      commune: val('commune_code'),
      communeKey: readCommune(val('commune_code'), ctx.adminUnits, () => 'new', '', problems),
      phone: phone.phone,
    },
    problems,
  };
}
