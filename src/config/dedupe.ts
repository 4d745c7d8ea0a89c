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

  /**
   * A review record joins its best candidate's doses (issue 14) when it is one of those doses entered again (the
   * dose ladder below says duplicate) and the candidate leads the runner-up by at least this many bits: 5 = the
   * linker's own minLeadBits, so a tie between twins or namesakes never joins anyone. See followers in person-groups.ts.
   */
  followMinLeadBits: 5,

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

  // --- Dose level: pairs the ladder above vetoes for a lot or dose-number conflict (issue 14 §1) ---

  /** Evidence weights, in bits (log2 of how much likelier the evidence is for one dose entered twice than for two real
   *  doses, one of them with a mistyped date: the only way two real doses of one family can sit inside the window,
   *  which is at most half the product's minimum interval). Added up like a Splink waterfall. Judged from the
   *  mechanisms of DOMAIN.md 9 and NIST's dose deduplication (usnistgov/vaccination_deduplication: same lot strongly
   *  for, different lots strongly against, the score falling step by step with the gap), not fitted to any figure. */
  conflictWeights: {
    /** Two doses of one family closer than half the minimum interval cannot both be real as dated; a mistyped dose
     *  date landing within a few days of another dose of the person is far rarer than a second entry (~4 % of doses). */
    closerThanInterval: 2,
    /** By gap in days (index = gap; the last entry for every larger gap): a second facility enters the same day or
     *  from a backlog a few days later, while a mistyped date lands anywhere in the window. */
    gapDays: [2, 1, 0.5, 0, -1, -1, -1, -3],
    /** Lots, canonical: equal; one substitution, insertion, deletion or swap apart (a keying slip, but also two real
     *  sequential lots, so weaker than equal); missing on one side (a second entry often has none: no evidence);
     *  equal to the lot of another dose of this person (the wrong line of the card was copied: explains the conflict);
     *  two slips (the same length, two characters differing: each of two facilities keyed the lot with its own slip, or
     *  two nearby real lots, so weak evidence against); different (two vials: NIST's strongest evidence of two doses). */
    lot: { same: 4, oneEdit: 2.5, twoSlips: -1, missing: 0, copiedLine: 0, different: -5 },
    /** Lots shorter than this many characters are never "one edit apart": with 1-3 characters a single edit is most
     *  of the lot. */
    lotEditMinLength: 4,
    /** Lots shorter than this many characters are never "two slips apart": two characters of a 6-character lot leave
     *  two thirds of it agreeing; in a shorter one the two lots are simply different. */
    lotTwoSlipsMinLength: 6,
    /** Dose numbers: a second facility often counts only the doses it gave, or copies the wrong line, so a difference
     *  is weak evidence against; agreement weak evidence for. */
    doseNumber: { same: 1, missing: 0, differs: -1 },
    /** The person's other doses (after the strict rules): folding makes every recorded dose number equal its position
     *  by date while keeping both does not (the conflicting number is a miscount), or the reverse (the pair reads as
     *  consecutive real doses n, n+1 that the later doses count on from, and folding would leave a hole). */
    history: { foldFits: 1, foldBreaks: -2 },
    /** Same product rather than two of one family (Vero Cell / Hayat-Vax). */
    sameProduct: 0.5,
    /** Two facilities: the usual duplicate is a second facility entering the dose (DOMAIN.md 9), while a person's two
     *  real doses are mostly given by the same station. */
    differentFacility: 1,
  },
  /** Total at or above which the pair is one dose entered twice and folded (rule WEIGHED_EVIDENCE). 2.5 bits: the
   *  strongest conflicting pair that is still folded is a missing lot with dose numbers differing, 1 day apart, at
   *  two facilities (2 + 1 + 0 - 1 + 0.5 + 1 = 3.5), or 3 days apart (2.5); any two different lots stay below. */
  conflictDuplicateAt: 2.5,
  /** Total at or above which an unfolded pair is a possible duplicate (DOSE_POSSIBLE_DUPLICATE, the review queue);
   *  below it the doses are distinct, and a pair closer than the minimum interval is flagged DOSE_INTERVAL_TOO_SHORT.
   *  -2: two different lots at two facilities within 1 day reach review whatever the dose numbers say. */
  conflictPossibleAt: -2,

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
