// Header mapping: file headers -> canonical fields, matching case-, accent- and spacing-insensitively; extra columns
// whose header looks like a known field are pointed out.

import { InputError } from '../errors.js';
import { foldMarks } from '../normalize/vn-letters.js';

/** Fold a header for comparison: NFD, strip combining marks, đ/Đ/Ð -> d, lower case, keep only [a-z0-9]. */
export function foldHeader(h: string): string {
  return foldMarks(h, true).replace(/[^a-z0-9]/g, '');
}

/** The words of a header, folded like foldHeader; digits separate words ("Mũi2" -> ["mui"]). */
export function foldHeaderWords(h: string): string[] {
  return foldMarks(h, true)
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
}

/** Does a header (as words) hold a hint (folded words)? Long hints may sit inside a word, short ones may not. */
function holdsHint(words: readonly string[], hint: string): boolean {
  const want = hint.split(' ');
  const joined = want.join('');
  if (joined.length >= 4 && words.join('').includes(joined)) return true;
  outer: for (let i = 0; i + want.length <= words.length; i++) {
    for (let k = 0; k < want.length; k++) if (words[i + k] !== want[k]) continue outer;
    return true;
  }
  return false;
}

export interface SuspiciousColumn<F extends string> {
  /** 1-based column number. */
  column: number;
  header: string;
  /** The field its header looks like. */
  field: F;
  /** Whether that field is read from another column of the file. */
  fieldMapped: boolean;
  /** One sentence for the log, naming the column and what to do. */
  message: string;
}

/**
 * Extra (pass-through) columns whose header looks like a known field (see COLUMN_HINTS in config/ingest.ts): the
 * data in them is not read, which is worth a warning ("Điện thoại 2", "Số CMND cũ", "Ngày tiêm mũi 2").
 */
export function findSuspiciousColumns<F extends string>(
  headers: readonly string[],
  map: HeaderMap<F>,
  fields: readonly F[],
  hints: Partial<Record<string, string[]>>,
): SuspiciousColumn<F>[] {
  const known = new Set<string>(fields);
  const order = Object.keys(hints).filter((f) => known.has(f)) as F[];
  const out: SuspiciousColumn<F>[] = [];
  for (const i of map.extraIndexes) {
    const header = headers[i]!.trim();
    const words = foldHeaderWords(header);
    const field = order.find((f) => hints[f]!.some((h) => holdsHint(words, h)));
    if (field === undefined) continue;
    const at = map.index[field];
    const message =
      at === undefined
        ? `column ${i + 1} "${header}" looks like ${field} but is not one of its accepted headers, so ${field} is left empty and the column is only passed through; rename it to "${field}" to read it`
        : `column ${i + 1} "${header}" looks like ${field}, which is read from column ${at + 1} "${headers[at]!.trim()}"; this column is only passed through`;
    out.push({ column: i + 1, header, field, fieldMapped: at !== undefined, message });
  }
  return out;
}

export interface HeaderMap<F extends string> {
  /** Canonical field -> column index (absent fields are missing). */
  index: Partial<Record<F, number>>;
  /** Indexes of columns that are not part of the contract, in header order. */
  extraIndexes: number[];
  /** Header names of those extra columns (blank headers get a generated name). */
  extraNames: string[];
}

export function mapHeaders<F extends string>(
  file: string,
  headers: readonly string[],
  aliases: Record<F, string[]>,
  required: readonly F[],
): HeaderMap<F> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[]) {
    for (const alias of aliases[field]) lookup.set(foldHeader(alias), field);
  }
  const index: Partial<Record<F, number>> = {};
  const extraIndexes: number[] = [];
  const extraNames: string[] = [];
  const seenExtra = new Set<string>();
  headers.forEach((raw, i) => {
    const h = raw.trim();
    const field = lookup.get(foldHeader(h));
    if (field !== undefined) {
      if (index[field] !== undefined) {
        throw new InputError(
          `two columns map to "${field}" (columns ${index[field]! + 1} and ${i + 1}); keep one`,
          'HEADER_DUPLICATE',
          file,
          1,
          h,
        );
      }
      index[field] = i;
      return;
    }
    let name = h === '' ? `column_${i + 1}` : h;
    if (seenExtra.has(foldHeader(name))) name = `${name}_${i + 1}`;
    seenExtra.add(foldHeader(name));
    extraIndexes.push(i);
    extraNames.push(name);
  });
  const missing = required.filter((f) => index[f] === undefined);
  if (missing.length > 0) {
    throw new InputError(
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (accepted names: ${missing.map((f) => aliases[f].join(' / ')).join('; ')})`,
      'COLUMN_MISSING',
      file,
      1,
      missing.join(', '),
    );
  }
  return { index, extraIndexes, extraNames };
}
