// Default rate of each damage phenomenon the generator applies, with the reason for its value.
// Rates are per dose record unless noted; every tag can be switched off (--no-<tag>) or overridden (--rates).
// National figures (DOMAIN.md §0): 15.3 M of 233.7 M platform doses (6.6 %) had ID details that disagreed with
// the registry; 43.5 M doses were found wrong when checked. So roughly 10-20 % of records carry some damage.

export interface RateInfo {
  rate: number;
  reason: string;
}

export const DAMAGE_RATES = {
  // Identity numbers: at most one ID damage per record (they are drawn in this order).
  id_missing: { rate: 0.03, reason: 'MoH category (a): no CCCD/CMND was the first cleaning category (Công văn 2262/BYT-CNTT)' },
  id_malformed: { rate: 0.008, reason: 'category (b): wrong format, e.g. a digit dropped or doubled, or a letter typed for a digit' },
  id_twin: {
    rate: 0.1,
    reason: "per record of a twin: the other twin's ID (same birth date, household, near-identical name; papers mixed up at home)",
  },
  id_namesake: {
    rate: 0.25,
    reason: 'per record of a person with a namesake: a clerk looked the ID up by name + birth date and took the first hit (issue 14)',
  },
  id_relative: { rate: 0.004, reason: "a household member's ID typed on the record (shared papers; registry cleaning category c)" },
  id_digit_typo: { rate: 0.015, reason: 'one wrong digit: hand entry during outbreak peaks (DOMAIN.md §0, self-declared details)' },
  id_transposition: { rate: 0.008, reason: 'two adjacent digits swapped, the second most common keying error' },
  id_leading_zero_lost: {
    rate: 0.02,
    reason: 'Excel stored the ID as a number; every CCCD starts with 0, so it loses one (DOMAIN.md §1.4)',
  },
  id_enotation: { rate: 0.002, reason: 'Excel "General" column wrote 1.23457E+11: digits lost for good (DOMAIN.md §1.4)' },
  id_cmnd: { rate: 0.06, reason: 'old 9-digit CMND still common in 2021-22 records (DOMAIN.md §1.3); only people who had one' },
  // Names.
  name_no_diacritics: { rate: 0.06, reason: 'unaccented typing is routine (DOMAIN.md §2)' },
  name_upper: { rate: 0.05, reason: 'ALL CAPS is routine on forms (DOMAIN.md §2)' },
  name_nfd: { rate: 0.03, reason: 'decomposed Unicode from some input methods and Mac exports (DOMAIN.md §2)' },
  name_tone_style: {
    rate: 0.3,
    reason: "new-style tone placement (hoà) vs the registry's old style (hòa); only names with oa/oe/uy clusters, so ~5 % of records",
  },
  name_typo: { rate: 0.02, reason: 'one letter wrong, missing or added' },
  name_no_middle: { rate: 0.01, reason: 'middle name left out (DOMAIN.md §2: block so that a missing middle name is tolerated)' },
  name_middle_initial: { rate: 0.005, reason: 'middle name written as an initial ("Nguyễn V. An") on forms with little room (issue 14)' },
  name_keys_telex: { rate: 0.004, reason: 'typed as Telex keystrokes with the input method off ("Nguyeenx Thij Lan", issue 14)' },
  name_keys_vni: { rate: 0.002, reason: 'typed as VNI keystrokes with the input method off ("Tra62n Va8n", issue 14)' },
  name_reversed: { rate: 0.005, reason: 'given name written first, as abroad (DOMAIN.md §2)' },
  // Per dose FILE, not per record: a whole facility file's name column typed in a legacy font.
  name_tcvn3: {
    rate: 0.1,
    reason: 'per file: TCVN3 (.VnTime) still used by some stations in Excel (DOMAIN.md §2); at least one file when there are 4+',
  },
  name_vni: { rate: 0.1, reason: 'per file: VNI-Windows fonts, common in the south (DOMAIN.md §2); at least one file when there are 4+' },
  // Birth dates: at most one of these per record.
  birth_missing: { rate: 0.005, reason: 'birth date left empty (issue 14: recall 0.85 on independent data)' },
  birth_year_typo: { rate: 0.004, reason: 'birth year one off or one digit wrong (issue 14)' },
  birth_day_typo: { rate: 0.004, reason: 'birth day one off or one digit wrong (issue 14)' },
  birth_day_month_swap: { rate: 0.008, reason: 'US-locale Excel read dd/mm as mm/dd (DOMAIN.md §3); only when both parts <= 12' },
  birth_placeholder: { rate: 0.01, reason: 'year only, or 01/01/yyyy and 00/00/yyyy placeholders (DOMAIN.md §3)' },
  birth_excel_serial: { rate: 0.006, reason: 'Excel serial number such as 23377 leaked into the CSV (DOMAIN.md §3)' },
  birth_two_digit_year: { rate: 0.008, reason: 'd/m/yy, century lost (DOMAIN.md §3)' },
  birth_format: { rate: 0.06, reason: 'other formats: d/m/yyyy, yyyy-mm-dd, dd-mm-yyyy (DOMAIN.md §3)' },
  dose_date_format: { rate: 0.05, reason: 'dose dates in other formats as well (same exports)' },
  // Gender and phone.
  gender_missing: { rate: 0.02, reason: 'field left empty' },
  gender_variant: { rate: 0.05, reason: 'M/F/male/female/Nu/nam instead of Nam/Nữ' },
  phone_missing: { rate: 0.05, reason: 'field left empty' },
  phone_plus84: { rate: 0.03, reason: '+84 international form (DOMAIN.md §4)' },
  phone_old11: { rate: 0.02, reason: 'pre-2018 11-digit mobile number (DOMAIN.md §4); only networks that changed' },
  // Duplicates.
  second_facility: {
    rate: 0.04,
    reason: 'per real dose: the same dose entered by a second facility, 0-5 days off, details re-typed (DOMAIN.md §9)',
  },
  dose_conflict: {
    rate: 0.5,
    reason:
      'per second-facility copy: it disagrees (dose number, a lot one character off, no lot or its own stock lot, 0-3 days ' +
      'off); ~2 % of doses, like the 904 DOSE_INTERVAL_TOO_SHORT flags per ~46,000 records of issue 14',
  },
  dose_conflict_other_lot: {
    rate: 0.08,
    reason:
      'per disagreeing copy: the facility typed its own stock lot, another real lot (no source; a guess, so that ' +
      'never folding two different lots is exercised); tagged instead of dose_conflict',
  },
  reupload: { rate: 0.01, reason: 'per record: the same batch uploaded twice, rows identical (DOMAIN.md §9)' },
  // Unusable rows, so rejects are exercised.
  unusable_name: { rate: 0.001, reason: 'empty full name: the row cannot be used' },
  unusable_dose_date: { rate: 0.001, reason: 'unreadable dose date such as "??/08/2021"' },
} as const satisfies Record<string, RateInfo>;

export type DamageTag = keyof typeof DAMAGE_RATES;
export type Rates = Record<DamageTag, number>;
export const DAMAGE_TAGS = Object.keys(DAMAGE_RATES) as DamageTag[];

/** Population shares (not damage, so not switchable by --no-). */
export const POPULATION_RATES = {
  /** People with doses but not in the registry (~3 %, issue 4). */
  notInRegistry: 0.03,
  /** Share of people born before 1950 whose registry birth date holds the year only. */
  elderlyYearOnly: 0.3,
  /** People born before 2004 who also hold an old 9-digit CMND. */
  hasOldCmnd: 0.6,
  /** Households with 2+ children that have twins. */
  twins: 0.03,
  /** People who get a namesake born the same day in another province. */
  namesake: 0.004,
  /** Records with a note in the pass-through column. */
  note: 0.03,
};

export function defaultRates(): Rates {
  const r = {} as Rates;
  for (const t of DAMAGE_TAGS) r[t] = DAMAGE_RATES[t].rate;
  return r;
}

/** Merge overrides (from --rates JSON and --no-<tag>); unknown tags or bad values are errors. */
export function resolveRates(overrides: Record<string, unknown> = {}): Rates {
  const r = defaultRates();
  const bad: string[] = [];
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in r)) bad.push(`unknown damage tag "${k}"`);
    else if (typeof v !== 'number' || !(v >= 0 && v <= 1)) bad.push(`rate for "${k}" must be a number from 0 to 1`);
    else r[k as DamageTag] = v;
  }
  if (bad.length) throw new Error(bad.join('; '));
  return r;
}
