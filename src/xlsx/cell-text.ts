// An Excel cell's value as the text a person sees in it: the one conversion every workbook reader uses.

/** The shapes exceljs hands over for a cell (plain and streaming readers alike). */
export type CellValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { richText: readonly { text: string }[] }
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { text: string; hyperlink: string }
  | { error: string };

/**
 * The text of a cell:
 * - a number keeps every digit and no exponent (an ID that Excel turned into 7.91850E+10 is stored whole);
 * - a date is written yyyy-mm-dd (unambiguous, so no file-level day/month decision is needed for it);
 * - rich text is its runs joined; a formula is its cached result; a hyperlink its text; an error cell ''.
 */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return '';
  }
  return String(v);
}

/** Integers in full (toFixed does not switch to exponent form below 1e21); other numbers as JavaScript prints them. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
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
