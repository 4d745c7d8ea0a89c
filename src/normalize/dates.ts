// Birth and dose dates: every layout seen in the data (dd/mm/yyyy, ISO, two-digit years, year only, placeholders, Excel serials) -> PartialDate / ISO plus problems.

import type { PartialDate, Problem } from '../types.js';
import type { ProblemCode } from '../codes.js';
import { normalizeConfig } from '../config/normalize.js';

export interface DateOptions {
  /** ISO yyyy-mm-dd. */
  today: string;
  maxAgeYears: number;
  date1904: boolean;
  /** Oldest believable age at a dose date; default normalizeConfig.maxAgeAtDoseYears. */
  maxAgeAtDoseYears?: number;
}

/**
 * How a file column writes d/m/y dates whose day and month are both 12 or less: 'dmy' (the Vietnamese
 * convention) or 'mdy' (a US-locale Excel export). Decided per file and column from the data (ingest/date-order.ts).
 */
export type DateOrder = 'dmy' | 'mdy';

/** What a birth date is read against: the record's ID, the date it must precede (the dose date), the column's order. */
export interface BirthContext {
  /** Birth year decoded from the record's 12-digit ID. It may be a relative's ID, so it only settles a plausible century. */
  idBirthYear?: number;
  /** ISO date the person was alive and of believable age at (the dose date); default today. */
  atIso?: string;
  order?: DateOrder;
}

enum Kind {
  Invalid,
  Day,
  Year,
}

/** What the text says before any century resolution or range check. */
interface Parsed {
  kind: Kind;
  y: number;
  m: number;
  d: number;
  /** The year was written with two digits: y is 0..99 and the caller picks the century. */
  twoDigit: boolean;
  /** The text was an Excel serial number. */
  serial: boolean;
  /** Read month-first: the second part was > 12 and the first <= 12, or the column's order is 'mdy' (see inferred). */
  monthFirst: boolean;
  /** Day and month were both <= 12 and were read month-first only because the column's order is 'mdy'. */
  inferred: boolean;
  /** Written as separated numeric day and month parts (d/m/y or m/d/y), the only layout a column's order applies to. */
  orderable: boolean;
  /** The first and second parts as written, before any month-first reading. */
  first: number;
  second: number;
  /** A 00/00/yyyy (or 00/mm/yyyy) placeholder, or a 01/01/yyyy that the caller may treat as one. */
  placeholder: boolean;
}

const SEPARATORS = /[\s/.-]+/;
const MONTH_NAMES: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
]);
/** Positions of the digits in dd/mm/yyyy. */
const DMY_DIGITS = [0, 1, 3, 4, 6, 7, 8, 9];
const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

// Days since 1970-01-01 from a proleptic Gregorian date (H. Hinnant's civil-date algorithms): integer arithmetic, no Date objects.
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function formatIso(y: number, m: number, d: number): string {
  return `${y}-${PAD2[m]}-${PAD2[d]}`;
}

// Excel serials (DOMAIN.md 3, learn.microsoft.com ms-xls 4a5e900a): 1900 system has serial 1 = 1900-01-01 and a
// fictitious 1900-02-29 at serial 60 (Lotus bug), so serials > 60 count from 1899-12-30; 1904 system counts from 1904-01-01.
const EXCEL_1900_LOW = daysFromCivil(1899, 12, 31);
const EXCEL_1900_HIGH = daysFromCivil(1899, 12, 30);
const EXCEL_1904 = daysFromCivil(1904, 1, 1);

function fromSerial(serial: number, date1904: boolean, out: Parsed): Parsed {
  let days: number;
  if (date1904) {
    days = EXCEL_1904 + serial;
  } else {
    if (serial < 1 || serial === 60) return invalid(out);
    days = serial < 60 ? EXCEL_1900_LOW + serial : EXCEL_1900_HIGH + serial;
  }
  const [y, m, d] = civilFromDays(days);
  out.kind = Kind.Day;
  out.y = y;
  out.m = m;
  out.d = d;
  out.serial = true;
  return out;
}

function invalid(out: Parsed): Parsed {
  out.kind = Kind.Invalid;
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

function newParsed(): Parsed {
  return {
    kind: Kind.Invalid,
    y: 0,
    m: 0,
    d: 0,
    twoDigit: false,
    serial: false,
    monthFirst: false,
    inferred: false,
    orderable: false,
    first: 0,
    second: 0,
    placeholder: false,
  };
}

/** How setDmy may read the first two parts: as written (day-first), or swapped when they prove or the column says month-first. */
enum Order {
  DayOnly,
  Dmy,
  Mdy,
}

/** Sets day/month/year from d-m-y parts, handling placeholders and month-first order. */
function setDmy(out: Parsed, d: number, m: number, y: number, yLen: number, order: Order, orderable = false): Parsed {
  if (yLen === 2) out.twoDigit = true;
  else if (yLen !== 4) return invalid(out);
  out.y = y;
  out.orderable = orderable;
  out.first = d;
  out.second = m;
  if (d === 0 || m === 0) {
    // 00/00/yyyy and 00/mm/yyyy: the day is unknown, keep the year (DOMAIN.md 3).
    out.kind = Kind.Year;
    out.placeholder = true;
    return out;
  }
  if (order !== Order.DayOnly && m > 12 && d <= 12) {
    // A US-locale Excel writes 12/25/1960: read it month-first rather than lose it (DOMAIN.md 3).
    const t = d;
    d = m;
    m = t;
    out.monthFirst = true;
  } else if (order === Order.Mdy && orderable && d <= 12 && m <= 12 && d !== m) {
    // 8/3/2021 in a column written month-first (ingest/date-order.ts): read it like the rest of the column.
    const t = d;
    d = m;
    m = t;
    out.monthFirst = true;
    out.inferred = true;
  }
  out.kind = Kind.Day;
  out.d = d;
  out.m = m;
  if (d === 1 && m === 1) out.placeholder = true;
  return out;
}

const VN_WORDS = /^ng[aàá]y\s*(\d{1,2})\s*,?\s*th[aá]ng\s*(\d{1,2})\s*,?\s*n[aă]m\s*(\d{4})$/iu;

function parseText(raw: string, date1904: boolean, order: DateOrder = 'dmy'): Parsed {
  const out = newParsed();
  const o = order === 'mdy' ? Order.Mdy : Order.Dmy;
  let s = raw;
  const n = s.length;
  // Fast path: the Vietnamese default dd/mm/yyyy.
  if (n === 10 && s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47) {
    let ok = true;
    for (let i = 0; i < 8; i++)
      if (!isDigit(s.charCodeAt(DMY_DIGITS[i]))) {
        ok = false;
        break;
      }
    if (ok) return setDmy(out, num(s, 0, 2), num(s, 3, 5), num(s, 6, 10), 4, o, true);
  }
  // Written in words: "ngày 23 tháng 2 năm 2007" (the words settle the order; typed with or without accents).
  const c0 = s.charCodeAt(0) | 32;
  if (c0 === 110 /* n */) {
    const w = VN_WORDS.exec(s.normalize('NFC'));
    if (w !== null) return setDmy(out, Number(w[1]), Number(w[2]), Number(w[3]), 4, Order.DayOnly);
  }
  // Drop a time part ("15/03/1956 00:00:00", "1956-03-15T00:00:00") that Excel and databases append.
  const colon = s.indexOf(':');
  if (colon >= 0) {
    let cut = -1;
    for (let i = colon - 1; i >= 0; i--) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 84 /* T */) {
        cut = i;
        break;
      }
    }
    if (cut <= 0) return invalid(out);
    s = s.slice(0, cut).trim();
  }
  // Digits only (ddmmyy, ddmmyyyy, serials) are typed by hand, not written by a locale-aware export: always day-first.
  if (allDigits(s)) return parseDigits(s, date1904, out);
  // A serial with a time fraction, "20455.5" or "20455,0".
  const dot = s.length > 2 ? s.indexOf(s.includes('.') ? '.' : ',') : -1;
  if (dot >= 3 && dot <= 5 && allDigits(s.slice(0, dot)) && allDigits(s.slice(dot + 1)) && s.indexOf('.', dot + 1) < 0) {
    return fromSerial(num(s, 0, dot), date1904, out);
  }
  const parts = s.split(SEPARATORS);
  if (parts.length > 0 && parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 3) {
    const [a, b, c] = parts;
    if (a.length === 4 && allDigits(a)) {
      if (!allDigits(b) || !allDigits(c) || b.length > 2 || c.length > 2) return invalid(out);
      return setDmy(out, num(c, 0, c.length), num(b, 0, b.length), num(a, 0, 4), 4, Order.DayOnly);
    }
    if (!allDigits(a) || a.length > 2 || !allDigits(c)) return invalid(out);
    if (allDigits(b)) {
      if (b.length > 2) return invalid(out);
      return setDmy(out, num(a, 0, a.length), num(b, 0, b.length), num(c, 0, c.length), c.length, o, true);
    }
    // A month name ("21-Jul-1985") settles the order.
    const named = MONTH_NAMES.get(b.slice(0, 3).toLowerCase());
    if (named === undefined) return invalid(out);
    return setDmy(out, num(a, 0, a.length), named, num(c, 0, c.length), c.length, Order.DayOnly);
  }
  if (parts.length === 2) {
    // Month and year only ("03/1956", "1956-03"): keep the year.
    const [a, b] = parts;
    if (!allDigits(a) || !allDigits(b)) return invalid(out);
    const yearPart = a.length === 4 && b.length <= 2 ? a : b.length === 4 && a.length <= 2 ? b : '';
    const monthPart = yearPart === a ? b : a;
    if (yearPart === '' || num(monthPart, 0, monthPart.length) > 12) return invalid(out);
    out.kind = Kind.Year;
    out.y = num(yearPart, 0, 4);
    return out;
  }
  return invalid(out);
}

function parseDigits(s: string, date1904: boolean, out: Parsed): Parsed {
  const n = s.length;
  if (n <= 2) {
    out.kind = Kind.Year;
    out.y = num(s, 0, n);
    out.twoDigit = true;
    return out;
  }
  if (n === 4) {
    const y = num(s, 0, 4);
    // 4-digit serials are 1902-1927: a 4-digit value in the range of real years is a year.
    if (y >= 1800 && y <= 2199) {
      out.kind = Kind.Year;
      out.y = y;
      return out;
    }
    return fromSerial(y, date1904, out);
  }
  if (n === 3 || n === 5) return fromSerial(num(s, 0, n), date1904, out);
  if (n === 6) return setDmy(out, num(s, 0, 2), num(s, 2, 4), num(s, 4, 6), 2, Order.Dmy);
  if (n === 8) {
    const y = num(s, 0, 4),
      m = num(s, 4, 6),
      d = num(s, 6, 8);
    if (y >= 1800 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return setDmy(out, d, m, y, 4, Order.DayOnly);
    return setDmy(out, num(s, 0, 2), num(s, 2, 4), num(s, 4, 8), 4, Order.Dmy);
  }
  return invalid(out);
}

interface Today {
  iso: string;
  y: number;
  m: number;
  d: number;
  ymd: number;
}

/** An ISO date's parts, remembering the last date asked (the same "today" or dose date comes row after row). */
function isoPartsMemo(): (iso: string) => Today {
  let last: Today = { iso: '', y: 0, m: 0, d: 0, ymd: 0 };
  return (iso) => {
    if (last.iso !== iso) {
      const y = num(iso, 0, 4),
        m = num(iso, 5, 7),
        d = num(iso, 8, 10);
      last = { iso, y, m, d, ymd: y * 10000 + m * 100 + d };
    }
    return last;
  };
}

const todayOf = isoPartsMemo();

function problem(code: ProblemCode, field: string, value: string, detail: string, fix?: string): Problem {
  return fix === undefined ? { code, field, value, detail } : { code, field, value, detail, fix };
}

const INFERRED_DETAIL = "day and month are both 12 or less; read month-first like the rest of this file's column";

/** How a two-digit birth year got its century (see centuryFor). */
enum How {
  Recent,
  Id,
  OnlyPlausible,
  Ambiguous,
  Pivot,
}

interface Century {
  y: number;
  how: How;
  /** The other plausible year when how is Ambiguous. */
  other: number;
}

const atOf = isoPartsMemo();

/** Age in whole years at `ref` of someone born y (md = month*100+day, or 0 when only the year is known: the oldest they can be). */
function ageAt(ref: Today, y: number, md: number): number {
  return ref.y - y - (md !== 0 && ref.m * 100 + ref.d < md ? 1 : 0);
}

/** Born on or before `ref` and no older than `limit` there. */
function plausibleAt(ref: Today, y: number, md: number, limit: number): boolean {
  if (md === 0 ? y > ref.y : y * 10000 + md > ref.ymd) return false;
  return ageAt(ref, y, md) <= limit;
}

/**
 * The century of a two-digit birth year. A century is plausible when it gives an age from 0 to maxAgeYears today and
 * (with a dose date) from 0 to maxAgeAtDoseYears at the dose. The ID's century wins when it is plausible and either
 * the only plausible one or confirmed by the ID's own two-digit year: records carry a parent's or child's ID often
 * enough (DOMAIN.md 1) that an unconfirmed ID century must not turn 2007 into 1907. Otherwise the most recent
 * plausible century; when none is, Excel's pivot rule, so the range checks name the problem.
 */
function centuryFor(p: Parsed, opts: DateOptions, ctx: BirthContext): Century {
  const today = todayOf(opts.today);
  const yy = p.y;
  const md = p.kind === Kind.Day && !p.placeholder ? p.m * 100 + p.d : 0;
  const at = ctx.atIso !== undefined ? atOf(ctx.atIso) : null;
  const atLimit = opts.maxAgeAtDoseYears ?? normalizeConfig.maxAgeAtDoseYears;
  const ok = (y: number): boolean => plausibleAt(today, y, md, opts.maxAgeYears) && (at === null || plausibleAt(at, y, md, atLimit));
  const a = Math.floor(today.y / 100) * 100 + yy;
  const b = a - 100;
  const okA = ok(a),
    okB = ok(b);
  if (ctx.idBirthYear !== undefined) {
    const fromId = Math.floor(ctx.idBirthYear / 100) * 100 + yy;
    const idOk = fromId === a ? okA : fromId === b ? okB : false;
    if (idOk && (!(okA && okB) || ctx.idBirthYear % 100 === yy)) return { y: fromId, how: How.Id, other: 0 };
    if (okA && okB) return { y: a, how: How.Ambiguous, other: b };
    if (okA || okB) return { y: okA ? a : b, how: How.OnlyPlausible, other: 0 };
  } else if (okA || okB) {
    return { y: okA ? a : b, how: How.Recent, other: 0 };
  }
  let y = (yy < normalizeConfig.twoDigitYearPivot ? 2000 : 1900) + yy;
  // Excel's yy<30 -> 20yy rule makes a 1925 birth 2025: never let it produce a future date.
  if (y > today.y || (md !== 0 && y === today.y && md > today.m * 100 + today.d)) y -= 100;
  return { y, how: How.Pivot, other: 0 };
}

const CENTURY_DETAIL: Record<How, string> = {
  [How.Recent]: 'century guessed: the most recent one that gives a believable age',
  [How.Id]: 'century taken from the 12-digit ID',
  [How.OnlyPlausible]: "century chosen for a believable age; the 12-digit ID's century would not give one (someone else's ID?)",
  [How.Ambiguous]: 'century ambiguous: see BIRTH_DATE_CENTURY_AMBIGUOUS',
  [How.Pivot]: 'century guessed (yy < 30 -> 20yy unless that is in the future)',
};

/**
 * A number that is equal for two contexts exactly when parseBirthDate(raw, opts, ctx) gives the same result, so callers
 * can share results. Keys below 2 mean the text has no two-digit year: its result ignores the ID and the reference date.
 */
export function birthResultKey(raw: string, opts: DateOptions, ctx: BirthContext): number {
  const orderBit = ctx.order === 'mdy' ? 1 : 0;
  const p = parseText(raw.trim(), opts.date1904, ctx.order);
  if (p.kind === Kind.Invalid || !p.twoDigit) return orderBit;
  const c = centuryFor(p, opts, ctx);
  return 2 + orderBit + 2 * (c.y * 8 + c.how);
}

/**
 * A date as stored by its ISO form: yyyy for a year alone, yyyy-mm-dd for a day (with its day/month-swapped form, or
 * null). The one way the registry's packed citizens, the store's records and its registry snapshot read dates back.
 */
export function partialDateFromIso(iso: string, swapped: string | null = null): PartialDate {
  const year = Number(iso.slice(0, 4));
  if (iso.length === 4) return { iso, year, month: null, day: null, precision: 'year', swapped };
  return { iso, year, month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)), precision: 'day', swapped };
}

/**
 * Parses a birth date read against `ctx` (the record's ID, the dose date, the column's order; see BirthContext).
 * Invalid, future and too-old (against today) dates give `date: null` with the reason in `problems`; the age limit at
 * the dose date is birthTooOldAt's job, so that a result depends on the dose date only through a two-digit year's century.
 */
export function parseBirthDate(raw: string, opts: DateOptions, ctx: BirthContext = {}): { date: PartialDate | null; problems: Problem[] } {
  const s = raw.trim();
  const F = 'birth_date';
  if (s === '') return { date: null, problems: [problem('BIRTH_DATE_MISSING', F, raw, 'birth date is empty')] };
  const p = parseText(s, opts.date1904, ctx.order);
  if (p.kind === Kind.Invalid) {
    return {
      date: null,
      problems: [problem('BIRTH_DATE_INVALID', F, raw, 'expected dd/mm/yyyy, yyyy-mm-dd, a year or an Excel serial number')],
    };
  }
  const today = todayOf(opts.today);
  const problems: Problem[] = [];
  const century = p.twoDigit ? centuryFor(p, opts, ctx) : null;
  const y = century !== null ? century.y : p.y;
  if (p.kind === Kind.Day) {
    if (p.m < 1 || p.m > 12 || p.d < 1 || p.d > daysInMonth(y, p.m)) {
      return { date: null, problems: [problem('BIRTH_DATE_INVALID', F, raw, `day ${p.d} month ${p.m} is not a calendar date`)] };
    }
  }
  // 01/01/yyyy is the usual stand-in for an unknown day (DOMAIN.md 3): score it as year only.
  const yearOnly = p.kind === Kind.Year || p.placeholder;
  const md = yearOnly ? 0 : p.m * 100 + p.d;
  if (yearOnly ? y > today.y : y * 10000 + md > today.ymd) {
    return { date: null, problems: [problem('BIRTH_DATE_FUTURE', F, raw, `birth date is after ${today.iso}`)] };
  }
  const age = ageAt(today, y, md);
  if (age > opts.maxAgeYears) {
    return { date: null, problems: [problem('BIRTH_DATE_TOO_OLD', F, raw, `age ${age} is over ${opts.maxAgeYears}`)] };
  }
  let date: PartialDate;
  if (yearOnly) {
    date = { iso: String(y), year: y, month: null, day: null, precision: 'year', swapped: null };
    problems.push(
      problem('BIRTH_DATE_YEAR_ONLY', F, raw, p.placeholder ? 'day and month are a placeholder' : 'only the year is known', date.iso),
    );
  } else {
    // An inferred month-first reading keeps the day-first one as its swapped candidate for linkage.
    const swapped = p.d <= 12 && p.m <= 12 && p.d !== p.m && (!p.monthFirst || p.inferred) ? formatIso(y, p.d, p.m) : null;
    date = { iso: formatIso(y, p.m, p.d), year: y, month: p.m, day: p.d, precision: 'day', swapped };
  }
  if (p.serial)
    problems.push(problem('BIRTH_DATE_EXCEL_SERIAL', F, raw, `Excel ${opts.date1904 ? '1904' : '1900'} serial number`, date.iso));
  if (century !== null) {
    problems.push(problem('BIRTH_DATE_TWO_DIGIT_YEAR', F, raw, CENTURY_DETAIL[century.how], date.iso));
    if (century.how === How.Ambiguous) {
      problems.push(
        problem(
          'BIRTH_DATE_CENTURY_AMBIGUOUS',
          F,
          raw,
          `${century.other} and ${y} both give a believable age and the 12-digit ID's birth year differs (someone else's ID?): read as ${y}`,
          date.iso,
        ),
      );
    }
  }
  if (p.monthFirst) {
    problems.push(
      p.inferred
        ? problem('DATE_MONTH_FIRST', F, raw, INFERRED_DETAIL, date.iso)
        : problem('BIRTH_DATE_MONTH_FIRST', F, raw, 'written month first (US order); read as month/day/year', date.iso),
    );
  }
  return { date, problems };
}

/** BIRTH_DATE_TOO_OLD when the birth date gives an age over maxAgeAtDoseYears at `atIso` (the dose date), else null. */
export function birthTooOldAt(date: PartialDate, atIso: string, raw: string, opts: DateOptions): Problem | null {
  const limit = opts.maxAgeAtDoseYears ?? normalizeConfig.maxAgeAtDoseYears;
  const md = date.month !== null && date.day !== null ? date.month * 100 + date.day : 0;
  const age = ageAt(atOf(atIso), date.year, md);
  return age > limit ? problem('BIRTH_DATE_TOO_OLD', 'birth_date', raw, `age ${age} at the dose date ${atIso} is over ${limit}`) : null;
}

/** Parses a dose date: a full calendar date is required; before the campaign or in the future is kept but flagged. */
export function parseDoseDate(
  raw: string,
  opts: DateOptions & { campaignStart: string },
  order: DateOrder = 'dmy',
): { iso: string | null; problems: Problem[] } {
  const s = raw.trim();
  const F = 'dose_date';
  if (s === '') return { iso: null, problems: [problem('DOSE_DATE_MISSING', F, raw, 'dose date is empty')] };
  const p = parseText(s, opts.date1904, order);
  // Doses were given from 2021 on, so a two-digit year is 20yy.
  const y = p.twoDigit ? 2000 + p.y : p.y;
  if (p.kind !== Kind.Day || p.d === 0 || p.m < 1 || p.m > 12 || p.d > daysInMonth(y, p.m)) {
    return {
      iso: null,
      problems: [
        problem(
          'DOSE_DATE_INVALID',
          F,
          raw,
          p.kind === Kind.Year ? 'a dose date needs day, month and year' : 'expected dd/mm/yyyy, yyyy-mm-dd or an Excel serial number',
        ),
      ],
    };
  }
  const iso = formatIso(y, p.m, p.d);
  const problems: Problem[] = [];
  if (p.monthFirst) {
    problems.push(
      p.inferred
        ? problem('DATE_MONTH_FIRST', F, raw, INFERRED_DETAIL, iso)
        : problem('DOSE_DATE_MONTH_FIRST', F, raw, 'written month first (US order); read as month/day/year', iso),
    );
  }
  if (iso < opts.campaignStart)
    problems.push(problem('DOSE_DATE_BEFORE_CAMPAIGN', F, raw, `before the campaign start ${opts.campaignStart}`));
  else if (iso > opts.today) problems.push(problem('DOSE_DATE_FUTURE', F, raw, `after ${opts.today}`));
  return { iso, problems };
}

/**
 * What one value says about its column's order: 'dmy' when its first part is a day over 12 (24/8/2021), 'mdy' when
 * its second part is (8/24/2021), null when it could be read either way or is not a separated d/m/y date
 * (ISO, serials, month names and digit runs are unaffected by the order).
 */
export function dateOrderEvidence(raw: string): DateOrder | null {
  const p = parseText(raw.trim(), false);
  if (p.kind === Kind.Invalid || !p.orderable) return null;
  const { first, second } = p;
  if (first > 12 && first <= 31 && second >= 1 && second <= 12) return 'dmy';
  if (second > 12 && second <= 31 && first >= 1 && first <= 12) return 'mdy';
  return null;
}
