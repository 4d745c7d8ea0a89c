// Header mapping: file headers -> canonical fields, matching case-, accent- and spacing-insensitively.

import { InputError } from '../errors.js';

/** Fold a header for comparison: NFD, strip combining marks, đ -> d, lower case, keep only [a-z0-9]. */
export function foldHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐÐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
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
        throw new InputError(`two columns map to "${field}" (columns ${index[field]! + 1} and ${i + 1}); keep one`, 'HEADER_DUPLICATE', file, 1, h);
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
