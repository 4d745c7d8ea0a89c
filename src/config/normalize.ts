// Normalisation settings (owned by src/normalize/).

export const normalizeConfig = {
  /** First day of Vietnam's COVID-19 vaccination campaign; earlier dose dates are flagged. */
  campaignStart: '2021-03-08',
  /** Ages above this are invalid birth dates. */
  maxAgeYears: 120,
  /**
   * Ages above this at the dose date are invalid birth dates, and a two-digit year's century must give an age from 0
   * to this at the dose. Supercentenarians are a few hundred worldwide, so a birth more than 110 years before a dose
   * is far likelier a wrong century (a relative's ID, Excel's 19yy/20yy rule) or a typo than a real person.
   */
  maxAgeAtDoseYears: 110,
  /**
   * Leading rows of a dose file sampled to decide each date column's day/month order (ingest/date-order.ts). About 60%
   * of real dates have a day over 12 and prove their order, so a few hundred rows already decide; 2000 matches the
   * name-encoding sample.
   */
  dateOrderSampleRows: 2000,
  /**
   * Numeric gender codes ("1"/"0", "1"/"2") are read only with a mapping learned per file (ingest/gender-codes.ts)
   * from the leading `sampleRows` rows whose 12-digit ID encodes the gender (DOMAIN.md 1.1). A digit is mapped when
   * at least `minRows` such rows carry it and at least `minShare` of them agree, and only when the mapped digits give
   * both genders. A relative's ID or a typo explains a few per cent of disagreement; a file that mixes two coding
   * systems (1 = male in one, female in the other) falls far below 90% on the shared digit. 20 rows per digit keeps
   * a handful of stray codes in a file that writes Nam/Nữ from deciding anything.
   */
  genderCodes: { sampleRows: 2000, minRows: 20, minShare: 0.9 },
  /** Interpret Excel serial dates in the 1904 system (Mac) instead of 1900. */
  excelDate1904: false,
  /** "Today" for future-date checks, ISO; null = the real date. Pinned in tests for determinism. */
  today: null as string | null,
  /**
   * Two-digit years below this pivot are read as 20yy, others as 19yy, when no 12-digit ID gives the century.
   * 30 is Excel's own rule (DOMAIN.md 3, docs.rs/excelize-rs date module); a 20yy date in the future falls back to 19yy.
   */
  twoDigitYearPivot: 30,
  /** Largest believable dose number: no schedule in DOMAIN.md 6 plus boosters comes near 10. */
  maxDoseNumber: 10,
  /** Entries kept in each memo of low-cardinality fields (vaccine, gender, dose number texts); bounds memory on hostile input. */
  memoMaxEntries: 5000,
  /**
   * A file's name column is read as a legacy encoding (TCVN3, VNI...) only when at least `minValues` values and
   * `minShare` of the sampled values repair cleanly with it (and twice as many as with any other encoding):
   * real Unicode names never repair, so a tenth is already clear evidence while one stray value is not.
   */
  legacyDetection: { minValues: 2, minShare: 0.1 },
};
