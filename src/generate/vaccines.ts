// Vaccine products of DOMAIN.md §6 as they appear in records: spellings, approval dates, real schedules, lot formats.

import { type Rng, Weighted } from './prng.js';

export interface Product {
  code: string;
  /** Spellings seen in the data; the first is the usual one. */
  spellings: string[];
  /** Day number (days since 1970-01-01) of the first possible use in Vietnam. */
  from: number;
  /** Share of first doses. */
  weight: number;
  /** Real interval dose 1 -> dose 2, in days [min, max]; null for single-dose products. */
  interval: [number, number] | null;
  /** Primary-series doses. */
  primaryDoses: number;
  lot: (rng: Rng, batch: number) => string;
}

export const day = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86400000);
export const CAMPAIGN_START = day('2021-03-08');
export const CAMPAIGN_END = day('2022-12-31');

const hex = (n: number, len: number): string => (n >>> 0).toString(10).padStart(len, '0').slice(-len);

// Intervals from DOMAIN.md §6 (sources there): AstraZeneca 8-12 weeks, Pfizer 21 days, Moderna 28 days,
// Vero Cell and Hayat-Vax 3-4 weeks, Sputnik V 3 weeks, Covaxin 4 weeks, Abdala 14 days then 14 days, Janssen 1 dose.
export const PRODUCTS: Product[] = [
  {
    code: 'ASTRAZENECA',
    spellings: ['AstraZeneca', 'Astrazeneca', 'ASTRAZENECA', 'AZ', 'Vaxzevria', 'AstraZeneca (Vaxzevria)', 'Covishield'],
    from: day('2021-03-08'),
    weight: 33,
    interval: [56, 84],
    primaryDoses: 2,
    lot: (_r, b) => `A${hex(b, 4)}`,
  },
  {
    code: 'PFIZER',
    spellings: ['Pfizer', 'Pfizer-BioNTech', 'Comirnaty', 'PFIZER', 'Pfizer BioNTech', 'pfizer'],
    from: day('2021-07-07'),
    weight: 28,
    interval: [21, 21],
    primaryDoses: 2,
    lot: (_r, b) => `F${'EFGHJK'[b % 6]}${hex(b * 7, 4)}`,
  },
  {
    code: 'MODERNA',
    spellings: ['Moderna', 'Spikevax', 'MODERNA', 'moderna'],
    from: day('2021-07-10'),
    weight: 10,
    interval: [28, 28],
    primaryDoses: 2,
    lot: (_r, b) => `${hex(3000000 + b * 13, 7)}`,
  },
  {
    code: 'VEROCELL',
    spellings: ['Vero Cell', 'Verocell', 'Sinopharm', 'Vero cell (Sinopharm)', 'VERO CELL'],
    from: day('2021-06-20'),
    weight: 20,
    interval: [21, 28],
    primaryDoses: 2,
    lot: (_r, b) => `2021${String(1 + (b % 12)).padStart(2, '0')}B${hex(b * 11, 4)}`,
  },
  {
    code: 'SPUTNIK',
    spellings: ['Sputnik V', 'Gam-COVID-Vac', 'SputnikV'],
    from: day('2021-07-01'),
    weight: 2,
    interval: [21, 21],
    primaryDoses: 2,
    lot: (_r, b) => `I-${hex(b * 17, 6)}`,
  },
  {
    code: 'JANSSEN',
    spellings: ['Janssen', 'Johnson & Johnson', 'J&J'],
    from: day('2021-07-15'),
    weight: 1,
    interval: null,
    primaryDoses: 1,
    lot: (_r, b) => `XD${hex(b * 19, 4)}`,
  },
  {
    code: 'HAYAT',
    spellings: ['Hayat-Vax', 'Hayat Vax'],
    from: day('2021-09-10'),
    weight: 1.5,
    interval: [21, 28],
    primaryDoses: 2,
    lot: (_r, b) => `HV${hex(b * 23, 5)}`,
  },
  {
    code: 'ABDALA',
    spellings: ['Abdala', 'ABDALA', 'Abdala (CIGB-66)'],
    from: day('2021-09-17'),
    weight: 3.5,
    interval: [14, 14],
    primaryDoses: 3,
    lot: (_r, b) => `B21${hex(b * 29, 4)}`,
  },
  {
    code: 'COVAXIN',
    spellings: ['Covaxin', 'COVAXIN'],
    from: day('2021-11-10'),
    weight: 1,
    interval: [28, 28],
    primaryDoses: 2,
    lot: (_r, b) => `EB${hex(b * 31, 4)}`,
  },
];
const BY_CODE = new Map(PRODUCTS.map((p) => [p.code, p]));
export const product = (code: string): Product => BY_CODE.get(code)!;
const FIRST_DOSE_PICK = new Weighted(
  PRODUCTS,
  PRODUCTS.map((p) => p.weight),
);
const BOOSTER_PICK = new Weighted(['PFIZER', 'MODERNA', 'ASTRAZENECA'], [55, 30, 15]);

export interface DoseEvent {
  product: string;
  doseNumber: number;
  /** Day number. */
  date: number;
}

/**
 * A person's real doses: the primary series at the product's interval, then boosters >= 3-6 months later
 * (DOMAIN.md §6: boosters >= 6 months, AstraZeneca after mRNA >= 3 months). Stops at CAMPAIGN_END.
 */
export function doseSchedule(rng: Rng, count: number, birthYear: number): DoseEvent[] {
  if (count <= 0) return [];
  let p = FIRST_DOSE_PICK.pick(rng);
  // Children (born 2007 onwards) were vaccinated from 2022 with Pfizer/Moderna; Abdala was approved for 19-65.
  const child = birthYear >= 2007;
  if (child) p = product(rng.chance(0.7) ? 'PFIZER' : 'MODERNA');
  if (p.code === 'ABDALA' && (birthYear > 2003 || birthYear < 1957)) p = product('VEROCELL');
  const start = Math.max(p.from, child ? day('2022-04-01') : CAMPAIGN_START);
  const end = child ? day('2022-10-31') : day('2022-01-31');
  let date = start + rng.int(Math.max(1, end - start));
  const out: DoseEvent[] = [{ product: p.code, doseNumber: 1, date }];
  let current = p;
  for (let n = 2; n <= Math.min(count, p.primaryDoses); n++) {
    const [lo, hi] = p.interval!;
    // Most second doses come on time; some a week or two late.
    date += rng.range(lo, hi) + (rng.chance(0.3) ? rng.range(1, 14) : 0);
    let prod = p.code;
    if (p.code === 'ASTRAZENECA' && rng.chance(0.1)) prod = 'PFIZER';
    if (date > CAMPAIGN_END) return out;
    out.push({ product: prod, doseNumber: n, date });
    current = product(prod);
  }
  for (let n = out.length + 1; n <= count; n++) {
    const next = product(BOOSTER_PICK.pick(rng));
    const mrnaBefore = current.code === 'PFIZER' || current.code === 'MODERNA';
    const minGap = next.code === 'ASTRAZENECA' && mrnaBefore ? 90 : 180;
    date += minGap + rng.int(120);
    if (date > CAMPAIGN_END) break;
    out.push({ product: next.code, doseNumber: n, date });
    current = next;
  }
  return out;
}
