// Birth and dose dates: every layout seen in the data (dd/mm/yyyy, ISO, two-digit years, year only, placeholders, Excel serials) -> PartialDate / ISO plus problems.

import type { PartialDate, Problem } from '../types.js';
import { normalizeConfig } from '../config/normalize.js';

export interface DateOptions {
  /** ISO yyyy-mm-dd. */
  today: string;
  maxAgeYears: number;
  date1904: boolean;
}

const enum Kind { Invalid, Day, Year }

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
  /** Written month-first (US Excel locale): the second part was > 12 and the first <= 12. */
  monthFirst: boolean;
  /** A 00/00/yyyy (or 00/mm/yyyy) placeholder, or a 01/01/yyyy that the caller may treat as one. */
  placeholder: boolean;
}

const SEPARATORS = /[\s/.\-]+/;
const MONTH_NAMES: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6],
  ['jul', 7], ['aug', 8], ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
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
  out.kind = Kind.Day; out.y = y; out.m = m; out.d = d; out.serial = true;
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
  return { kind: Kind.Invalid, y: 0, m: 0, d: 0, twoDigit: false, serial: false, monthFirst: false, placeholder: false };
}

/** Sets day/month/year from d-m-y parts, handling placeholders and month-first order. */
function setDmy(out: Parsed, d: number, m: number, y: number, yLen: number, allowMonthFirst: boolean): Parsed {
  if (yLen === 2) out.twoDigit = true;
  else if (yLen !== 4) return invalid(out);
  out.y = y;
  if (d === 0 || m === 0) {
    // 00/00/yyyy and 00/mm/yyyy: the day is unknown, keep the year (DOMAIN.md 3).
    out.kind = Kind.Year; out.placeholder = true;
    return out;
  }
  if (allowMonthFirst && m > 12 && d <= 12) {
    // A US-locale Excel writes 12/25/1960: read it month-first rather than lose it (DOMAIN.md 3).
    const t = d; d = m; m = t; out.monthFirst = true;
  }
  out.kind = Kind.Day; out.d = d; out.m = m;
  if (d === 1 && m === 1) out.placeholder = true;
  return out;
}

function parseText(raw: string, date1904: boolean): Parsed {
  const out = newParsed();
  let s = raw;
  const n = s.length;
  // Fast path: the Vietnamese default dd/mm/yyyy.
  if (n === 10 && s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47) {
    let ok = true;
    for (let i = 0; i < 8; i++) if (!isDigit(s.charCodeAt(DMY_DIGITS[i]))) { ok = false; break; }
    if (ok) return setDmy(out, num(s, 0, 2), num(s, 3, 5), num(s, 6, 10), 4, true);
  }
  // Drop a time part ("15/03/1956 00:00:00", "1956-03-15T00:00:00") that Excel and databases append.
  const colon = s.indexOf(':');
  if (colon >= 0) {
    let cut = -1;
    for (let i = colon - 1; i >= 0; i--) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 84 /* T */) { cut = i; break; }
    }
    if (cut <= 0) return invalid(out);
    s = s.slice(0, cut).trim();
  }
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
      return setDmy(out, num(c, 0, c.length), num(b, 0, b.length), num(a, 0, 4), 4, false);
    }
    if (!allDigits(a) || a.length > 2 || !allDigits(c)) return invalid(out);
    let m: number;
    if (allDigits(b)) {
      if (b.length > 2) return invalid(out);
      m = num(b, 0, b.length);
    } else {
      const named = MONTH_NAMES.get(b.slice(0, 3).toLowerCase());
      if (named === undefined) return invalid(out);
      m = named;
    }
    return setDmy(out, num(a, 0, a.length), m, num(c, 0, c.length), c.length, true);
  }
  if (parts.length === 2) {
    // Month and year only ("03/1956", "1956-03"): keep the year.
    const [a, b] = parts;
    if (!allDigits(a) || !allDigits(b)) return invalid(out);
    const yearPart = a.length === 4 && b.length <= 2 ? a : b.length === 4 && a.length <= 2 ? b : '';
    const monthPart = yearPart === a ? b : a;
    if (yearPart === '' || num(monthPart, 0, monthPart.length) > 12) return invalid(out);
    out.kind = Kind.Year; out.y = num(yearPart, 0, 4);
    return out;
  }
  return invalid(out);
}

function parseDigits(s: string, date1904: boolean, out: Parsed): Parsed {
  const n = s.length;
  if (n <= 2) {
    out.kind = Kind.Year; out.y = num(s, 0, n); out.twoDigit = true;
    return out;
  }
  if (n === 4) {
    const y = num(s, 0, 4);
    // 4-digit serials are 1902-1927: a 4-digit value in the range of real years is a year.
    if (y >= 1800 && y <= 2199) {
      out.kind = Kind.Year; out.y = y;
      return out;
    }
    return fromSerial(y, date1904, out);
  }
  if (n === 3 || n === 5) return fromSerial(num(s, 0, n), date1904, out);
  if (n === 6) return setDmy(out, num(s, 0, 2), num(s, 2, 4), num(s, 4, 6), 2, true);
  if (n === 8) {
    const y = num(s, 0, 4), m = num(s, 4, 6), d = num(s, 6, 8);
    if (y >= 1800 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return setDmy(out, d, m, y, 4, false);
    return setDmy(out, num(s, 0, 2), num(s, 2, 4), num(s, 4, 8), 4, true);
  }
  return invalid(out);
}

interface Today { iso: string; y: number; m: number; d: number; ymd: number }
let todayCache: Today = { iso: '', y: 0, m: 0, d: 0, ymd: 0 };

function todayOf(iso: string): Today {
  if (todayCache.iso !== iso) {
    const y = num(iso, 0, 4), m = num(iso, 5, 7), d = num(iso, 8, 10);
    todayCache = { iso, y, m, d, ymd: y * 10000 + m * 100 + d };
  }
  return todayCache;
}

function problem(code: string, field: string, value: string, detail: string, fix?: string): Problem {
  return fix === undefined ? { code, field, value, detail } : { code, field, value, detail, fix };
}

/**
 * Parses a birth date. `idCentury` (1900, 2000, ...) comes from the G digit of a 12-digit ID and settles two-digit years.
 * Invalid, future and too-old dates give `date: null` with the reason in `problems`.
 */
export function parseBirthDate(raw: string, opts: DateOptions, idCentury?: number): { date: PartialDate | null; problems: Problem[] } {
  const s = raw.trim();
  const F = 'birth_date';
  if (s === '') return { date: null, problems: [problem('BIRTH_DATE_MISSING', F, raw, 'birth date is empty')] };
  const p = parseText(s, opts.date1904);
  if (p.kind === Kind.Invalid) {
    return { date: null, problems: [problem('BIRTH_DATE_INVALID', F, raw, 'expected dd/mm/yyyy, yyyy-mm-dd, a year or an Excel serial number')] };
  }
  const today = todayOf(opts.today);
  const problems: Problem[] = [];
  let y = p.y;
  if (p.twoDigit) {
    if (idCentury !== undefined) {
      y = idCentury + p.y;
    } else {
      y = (p.y < normalizeConfig.twoDigitYearPivot ? 2000 : 1900) + p.y;
      // Excel's yy<30 -> 20yy rule makes a 1925 birth 2025: never let it produce a future date.
      if (y > today.y || (p.kind === Kind.Day && y === today.y && p.m * 100 + p.d > today.m * 100 + today.d)) y -= 100;
    }
  }
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
  const age = today.y - y - (!yearOnly && today.m * 100 + today.d < md ? 1 : 0);
  if (age > opts.maxAgeYears) {
    return { date: null, problems: [problem('BIRTH_DATE_TOO_OLD', F, raw, `age ${age} is over ${opts.maxAgeYears}`)] };
  }
  let date: PartialDate;
  if (yearOnly) {
    date = { iso: String(y), year: y, month: null, day: null, precision: 'year', swapped: null };
    problems.push(problem('BIRTH_DATE_YEAR_ONLY', F, raw, p.placeholder ? 'day and month are a placeholder' : 'only the year is known', date.iso));
  } else {
    const swapped = p.d <= 12 && p.m <= 12 && p.d !== p.m && !p.monthFirst ? formatIso(y, p.d, p.m) : null;
    date = { iso: formatIso(y, p.m, p.d), year: y, month: p.m, day: p.d, precision: 'day', swapped };
  }
  if (p.serial) problems.push(problem('BIRTH_DATE_EXCEL_SERIAL', F, raw, `Excel ${opts.date1904 ? '1904' : '1900'} serial number`, date.iso));
  if (p.twoDigit) {
    problems.push(problem('BIRTH_DATE_TWO_DIGIT_YEAR', F, raw, idCentury !== undefined ? 'century taken from the 12-digit ID' : 'century guessed (yy < 30 -> 20yy unless that is in the future)', date.iso));
  }
  if (p.monthFirst) problems.push(problem('BIRTH_DATE_MONTH_FIRST', F, raw, 'written month first (US order); read as month/day/year', date.iso));
  return { date, problems };
}

/** Parses a dose date: a full calendar date is required; before the campaign or in the future is kept but flagged. */
export function parseDoseDate(raw: string, opts: DateOptions & { campaignStart: string }): { iso: string | null; problems: Problem[] } {
  const s = raw.trim();
  const F = 'dose_date';
  if (s === '') return { iso: null, problems: [problem('DOSE_DATE_MISSING', F, raw, 'dose date is empty')] };
  const p = parseText(s, opts.date1904);
  // Doses were given from 2021 on, so a two-digit year is 20yy.
  const y = p.twoDigit ? 2000 + p.y : p.y;
  if (p.kind !== Kind.Day || (p.d === 0 || p.m < 1 || p.m > 12 || p.d > daysInMonth(y, p.m))) {
    return { iso: null, problems: [problem('DOSE_DATE_INVALID', F, raw, p.kind === Kind.Year ? 'a dose date needs day, month and year' : 'expected dd/mm/yyyy, yyyy-mm-dd or an Excel serial number')] };
  }
  const iso = formatIso(y, p.m, p.d);
  const problems: Problem[] = [];
  if (p.monthFirst) problems.push(problem('DOSE_DATE_MONTH_FIRST', F, raw, 'written month first (US order); read as month/day/year', iso));
  if (iso < opts.campaignStart) problems.push(problem('DOSE_DATE_BEFORE_CAMPAIGN', F, raw, `before the campaign start ${opts.campaignStart}`));
  else if (iso > opts.today) problems.push(problem('DOSE_DATE_FUTURE', F, raw, `after ${opts.today}`));
  return { iso, problems };
}
