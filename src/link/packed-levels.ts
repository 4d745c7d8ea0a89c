// A scored dose-citizen pair with its field levels packed 4 bits each, and reading one field's level by name.

import { FIELDS, FIELD_INDEX, type LinkField } from './compare.js';

export interface Scored {
  citizen: number;
  rule: string;
  /** Field levels packed 4 bits each (see packLevels): no Uint8Array allocated per scored pair or kept per candidate. */
  levels: number;
  total: number;
}

export function packLevels(levels: Uint8Array): number {
  return levels[0] | (levels[1] << 4) | (levels[2] << 8) | (levels[3] << 12) | (levels[4] << 16) | (levels[5] << 20);
}

export function unpackLevels(packed: number): Uint8Array {
  const out = new Uint8Array(FIELDS.length);
  for (let f = 0; f < FIELDS.length; f++) out[f] = (packed >>> (4 * f)) & 15;
  return out;
}

/** Level of one field in packed levels. */
export function level(packed: number, field: LinkField): number {
  return (packed >>> (4 * FIELD_INDEX[field])) & 15;
}
