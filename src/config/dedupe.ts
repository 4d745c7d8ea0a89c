// Dose deduplication settings (owned by src/dedupe/): person grouping of unlinked records, duplicate windows, dose-history limits.

export const dedupeConfig = {
  // --- Person level: grouping records that the linker could not tie to a registry citizen ---

  /** samePerson probability at or above which two unlinked records may start or extend a group.
   *  A little below link.linkThreshold (0.99): a wrong group can only fold doses of the same family a few
   *  days apart, and complete linkage (below) still guards every pair. */
  samePersonThreshold: 0.95,
  /** Complete linkage: every pair inside an unlinked group must reach this probability, otherwise the merge
   *  is refused (counted as a chain refusal). Equal to link.reviewThreshold: below it the linker itself says
   *  "not this person". Stops A~B~C from joining A and C when A and C are two different people. */
  samePersonFloor: 0.5,
  /** Largest unlinked group, in records. A person has at most ~5 doses, each entered at most a few times;
   *  a bigger group is a chain through shared placeholder values, so the merge is refused. */
  maxUnlinkedGroupSize: 30,
  /** Blocks larger than this (placeholder IDs, very common names) are compared by sorted neighbourhood:
   *  each record against the next maxBlockSize-1 in the block, so cost stays O(n * maxBlockSize). */
  maxBlockSize: 50,

  // --- Dose level: candidate duplicates within one person ---

  /** Window, in days, for products without an entry below: two doses of the same family whose dates differ by
   *  fewer days are candidate duplicates. 7 = half of the shortest real interval of any product (Abdala, 14 days,
   *  DOMAIN.md 6), so an unknown product never swallows a real second dose. */
  defaultWindowDays: 7,
  /** Per product code of normalize/vaccine.ts (looked up by VaccineInfo.product, then VaccineInfo.family), in days: dates must differ by fewer days.
   *  Each is at most half the product's minimum real interval (DOMAIN.md 6), far under NIST's 23-day window
   *  (usnistgov/vaccination_deduplication, DOMAIN.md 9), which would swallow real 14- and 21-day second doses. */
  windowDaysByProduct: {
    ABDALA: 7, // 3 doses 14 days apart
    SINOVAC: 7, // 14 days (normalize/vaccine.ts)
    PFIZER: 10, // 21 days
    SPUTNIKV: 10, // 3 weeks
    VEROCELL: 10, // 3-4 weeks
    HAYATVAX: 10, // as Vero Cell
    SINOPHARM: 10, // the family of Vero Cell and Hayat-Vax
    NOVAVAX: 10, // 21 days
    MODERNA: 14, // 28 days
    COVAXIN: 14, // 4 weeks
    ASTRAZENECA: 14, // 8-12 weeks, shortened by some provinces; 28 days is the shortest in use [K] (also Covishield, same family)
    JANSSEN: 14, // 1 dose; the next one is a booster, months later
  } as Record<string, number>,
  /** Hard cap on any window as a fraction of VaccineInfo.minIntervalDays (when known): whatever the table says,
   *  a window never reaches the product's real interval. */
  maxWindowFractionOfInterval: 0.5,
  /** With a lot missing on either side, dates may differ by at most this many days (inclusive): a second
   *  facility entering the same dose from a backlog is typically a few days off; NIST scores gaps of 6+ days
   *  lowest. Same-lot pairs may use the whole window. */
  noLotMaxGapDays: 6,

  // --- Dose history ---

  /** Minimum interval, in days, between two doses whose products have no known interval (minIntervalDays 0):
   *  the shortest interval of any product (Abdala, 14 days, DOMAIN.md 6). */
  minIntervalUnknownDays: 14,
  /** Most doses any Vietnamese schedule allows: a 3-dose primary series (Abdala, or 2 doses plus the additional
   *  primary dose for immunocompromised people) plus 2 boosters (the 2nd booster for people 50+ and high-risk
   *  groups, 2022) [K]. More recorded doses after deduplication are flagged DOSE_COUNT_EXCESSIVE. */
  maxDosesPerPerson: 5,
};

export type DedupeConfig = typeof dedupeConfig;
