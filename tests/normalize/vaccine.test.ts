import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeVaccine, VACCINE_PRODUCTS } from '../../src/normalize/vaccine.js';

describe('normalizeVaccine', () => {
  const cases: [string, string][] = [
    ['AstraZeneca', 'ASTRAZENECA'],
    ['AZ', 'ASTRAZENECA'],
    ['Astra Zeneca', 'ASTRAZENECA'],
    ['ASTRAZENECA', 'ASTRAZENECA'],
    ['Vaxzevria', 'ASTRAZENECA'],
    ['Vắc xin AstraZeneca (COVAX)', 'ASTRAZENECA'],
    ['az', 'ASTRAZENECA'],
    ['Covishield', 'COVISHIELD'],
    ['Covishield (AstraZeneca)', 'COVISHIELD'],
    ['Pfizer', 'PFIZER'],
    ['Comirnaty', 'PFIZER'],
    ['Pfizer-BioNTech', 'PFIZER'],
    ['pfizer biontech', 'PFIZER'],
    ['Vắc xin COVID-19 Pfizer', 'PFIZER'],
    ['Pfizer (trẻ em)', 'PFIZER'],
    ['Moderna', 'MODERNA'],
    ['Spikevax', 'MODERNA'],
    ['MODERNA', 'MODERNA'],
    ['Vero Cell', 'VEROCELL'],
    ['Verocell', 'VEROCELL'],
    ['Sinopharm', 'VEROCELL'],
    ['BBIBP-CorV', 'VEROCELL'],
    ['Vero Cell (Sinopharm)', 'VEROCELL'],
    ['Hayat-Vax', 'HAYATVAX'],
    ['Hayat Vax', 'HAYATVAX'],
    ['Sinopharm Hayat-Vax', 'HAYATVAX'],
    ['Sputnik V', 'SPUTNIKV'],
    ['Gam-COVID-Vac', 'SPUTNIKV'],
    ['SPUTNIK-V', 'SPUTNIKV'],
    ['Janssen', 'JANSSEN'],
    ['J&J', 'JANSSEN'],
    ['Johnson & Johnson', 'JANSSEN'],
    ['Abdala', 'ABDALA'],
    ['ABDALA', 'ABDALA'],
    ['Covaxin', 'COVAXIN'],
    ['Vắc xin lạ', 'UNKNOWN'],
    ['ABC', 'UNKNOWN'],
    ['Vắc xin', 'UNKNOWN'],
  ];
  it.each(cases)('%s -> %s', (raw, product) => {
    const r = normalizeVaccine(raw);
    expect(r.vaccine.product).toBe(product);
    expect(r.problems.map((p) => p.code)).toEqual(product === 'UNKNOWN' ? ['VACCINE_UNKNOWN'] : []);
  });

  const intervals: [string, number][] = [
    ['Abdala', 14],
    ['Pfizer', 21],
    ['Sputnik V', 21],
    ['Vero Cell', 21],
    ['Hayat-Vax', 21],
    ['Moderna', 28],
    ['Covaxin', 28],
    ['AstraZeneca', 28],
  ];
  it.each(intervals)('%s minimum interval %i days', (raw, days) => {
    expect(normalizeVaccine(raw).vaccine.minIntervalDays).toBe(days);
  });

  it('Hayat-Vax and Vero Cell are one family; Covishield and AstraZeneca too', () => {
    expect(normalizeVaccine('Hayat-Vax').vaccine.family).toBe(normalizeVaccine('Vero Cell').vaccine.family);
    expect(normalizeVaccine('Covishield').vaccine.family).toBe(normalizeVaccine('AZ').vaccine.family);
    expect(normalizeVaccine('Pfizer').vaccine.family).not.toBe(normalizeVaccine('Moderna').vaccine.family);
  });

  it('every product code is unique and displayable', () => {
    expect(new Set(VACCINE_PRODUCTS.map((v) => v.product)).size).toBe(VACCINE_PRODUCTS.length);
  });

  it('ignores case, accents and spacing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Vero Cell', 'Sputnik V', 'AstraZeneca', 'Hayat-Vax', 'Pfizer-BioNTech'),
        fc.boolean(),
        fc.constantFrom('', ' ', '  '),
        (s, upper, pad) => {
          const v = pad + (upper ? s.toUpperCase() : s.toLowerCase()).replace(/[ -]/g, pad === '' ? '' : ' ') + pad;
          return normalizeVaccine(v).vaccine.product === normalizeVaccine(s).vaccine.product;
        },
      ),
    );
  });
});
