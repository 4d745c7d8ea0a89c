// How link inputs cross to the worker thread: flat columns instead of nested objects. Structured clone writes
// every property name of every object; a dose is seven objects, and posting them cost the main thread ~5 µs
// per dose, a third of the scoring it hands over. Flat, it is one string array and one number array.

import type { CitizenIdInfo, Gender, IdKind, LinkInput, PartialDate } from '../types.js';

export interface WireInputs {
  count: number;
  strings: string[];
  numbers: Float64Array;
}

const S = 21;
const N = 4;
/** Stands for an absent optional string (an ID without a decoded province or gender, a date without a swap). */
const NONE = '\u0000';

export function encodeLinkInputs(inputs: readonly LinkInput[]): WireInputs {
  const strings = new Array<string>(inputs.length * S);
  const numbers = new Float64Array(inputs.length * N);
  for (let i = 0; i < inputs.length; i++) {
    const d = inputs[i]!;
    const s = i * S;
    const n = i * N;
    const nm = d.name;
    const b = d.birth;
    strings[s] = d.id.value;
    strings[s + 1] = d.id.kind;
    strings[s + 2] = d.id.province ?? NONE;
    strings[s + 3] = d.id.gender ?? NONE;
    strings[s + 4] = nm.display;
    strings[s + 5] = nm.canonical;
    strings[s + 6] = nm.toneless;
    strings[s + 7] = nm.ascii;
    strings[s + 8] = nm.phonetic;
    strings[s + 9] = nm.family;
    strings[s + 10] = nm.middle;
    strings[s + 11] = nm.given;
    strings[s + 12] = b === null ? NONE : b.iso;
    strings[s + 13] = b === null ? NONE : b.precision;
    strings[s + 14] = b === null || b.swapped === null ? NONE : b.swapped;
    strings[s + 15] = d.gender;
    strings[s + 16] = d.commune;
    strings[s + 17] = d.phone;
    strings[s + 18] = d.raw?.citizen_id ?? NONE;
    strings[s + 19] = d.communeKey;
    strings[s + 20] = d.facility ?? NONE;
    numbers[n] = d.id.birthYear ?? NaN;
    numbers[n + 1] = b === null ? NaN : b.year;
    numbers[n + 2] = b === null || b.month === null ? NaN : b.month;
    numbers[n + 3] = b === null || b.day === null ? NaN : b.day;
  }
  return { count: inputs.length, strings, numbers };
}

const opt = (v: string): string | undefined => (v === NONE ? undefined : v);
const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function decodeLinkInputs(w: WireInputs): LinkInput[] {
  const out = new Array<LinkInput>(w.count);
  const { strings, numbers } = w;
  for (let i = 0; i < w.count; i++) {
    const s = i * S;
    const n = i * N;
    const id: CitizenIdInfo = { value: strings[s]!, kind: strings[s + 1] as IdKind };
    const province = opt(strings[s + 2]!);
    if (province !== undefined) id.province = province;
    const idGender = opt(strings[s + 3]!);
    if (idGender !== undefined) id.gender = idGender as Gender;
    if (!Number.isNaN(numbers[n]!)) id.birthYear = numbers[n]!;
    const birth: PartialDate | null =
      strings[s + 12] === NONE
        ? null
        : {
            iso: strings[s + 12]!,
            year: numbers[n + 1]!,
            month: num(numbers[n + 2]!),
            day: num(numbers[n + 3]!),
            precision: strings[s + 13] as PartialDate['precision'],
            swapped: opt(strings[s + 14]!) ?? null,
          };
    const rawId = opt(strings[s + 18]!);
    const facility = opt(strings[s + 20]!);
    out[i] = {
      id,
      name: {
        display: strings[s + 4]!,
        canonical: strings[s + 5]!,
        toneless: strings[s + 6]!,
        ascii: strings[s + 7]!,
        phonetic: strings[s + 8]!,
        family: strings[s + 9]!,
        middle: strings[s + 10]!,
        given: strings[s + 11]!,
      },
      birth,
      gender: strings[s + 15] as Gender,
      commune: strings[s + 16]!,
      communeKey: strings[s + 19]!,
      phone: strings[s + 17]!,
      ...(facility === undefined ? {} : { facility }),
      ...(rawId === undefined ? {} : { raw: { citizen_id: rawId } }),
    };
  }
  return out;
}
