// An Excel cell's value as the text a person sees in it: the one conversion every workbook reader uses.

/** How the cell is formatted, where a reader knows it: a number shown as a date is a date. */
export interface CellFormat {
  /** The cell's number format ('dd/mm/yyyy', 'General'...). */
  numFmt?: string;
  /** The workbook counts serials from 1904 (Mac Excel) instead of 1900. */
  date1904?: boolean;
}

/**
 * The text of a cell:
 * - a number keeps every digit and no exponent (an ID that Excel turned into 7.91850E+10 is stored whole); a
 *   fraction is cut to the 15 significant digits Excel keeps (0.1+0.2 is 0.3, as the cell shows);
 * - a date is written yyyy-mm-dd (unambiguous, so no file-level day/month decision is needed for it), and so is a
 *   number in a date-formatted cell (a formula's result: readers convert only plain values to dates);
 * - a number in a zero-padded format ('000000000000') keeps the leading zeros the cell shows;
 * - rich text is its runs joined; a formula is its cached result; a hyperlink its text; an error cell ''.
 */
export function cellText(v: unknown, format?: CellFormat): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    return format?.numFmt !== undefined ? formattedNumberText(v, format.numFmt, format.date1904 ?? false) : numberText(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string | null }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) return cellText(o.result, format);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return '';
  }
  return String(v);
}

/**
 * The formats that change what a number reads as: a date format, and a run of zeros ('000000000000'), which facilities
 * put on an ID column so that Excel shows the leading zero it does not store.
 */
function formattedNumberText(n: number, numFmt: string, date1904: boolean): string {
  if (ZERO_PADDED.test(numFmt) && Number.isInteger(n) && n >= 0) return numberText(n).padStart(numFmt.length, '0');
  return isDateFormat(numFmt) ? serialText(n, date1904) : numberText(n);
}

const ZERO_PADDED = /^0+$/;

/** Integers in full (toFixed does not switch to exponent form below 1e21); fractions to Excel's 15 significant digits. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(EXCEL_DIGITS)));
}

/** Excel stores and shows at most 15 significant digits (IEEE 754 doubles, as the ECMA-376 spec allows). */
const EXCEL_DIGITS = 15;

/**
 * A number format shows a date when, outside quoted text and [bracketed] colour or locale parts, it has a day, month,
 * year or time letter (the rule exceljs applies to plain values, kept the same for formula results).
 */
function isDateFormat(numFmt: string): boolean {
  return /[ymdhsb]/i.test(
    numFmt
      .replace(/\[[^\]]*\]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/general/gi, ''),
  );
}

/** Excel's day 0: 1899-12-30 in the 1900 system (serials past 60 skip the fictitious 1900-02-29), 1904-01-01 in the 1904 one. */
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
const EPOCH_1904_MS = Date.UTC(1904, 0, 1);
const DAY_MS = 86_400_000;

function serialText(serial: number, date1904: boolean): string {
  if (!Number.isFinite(serial)) return '';
  return dateText(new Date((date1904 ? EPOCH_1904_MS : EPOCH_1900_MS) + Math.round(serial * DAY_MS)));
}

/**
 * exceljs reads an Excel date serial as a UTC instant; the calendar day is the UTC one. A time of day is kept only
 * when the cell has one (yyyy-mm-dd hh:mm).
 */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
