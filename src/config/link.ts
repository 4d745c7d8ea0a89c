// Linkage settings (owned by src/link/): blocking caps, comparison thresholds, model training and decision thresholds.

export const linkConfig = {
  /**
   * Match probability at or above which a candidate is linked automatically. A wrong link puts a dose
   * into someone else's record, so precision (>= 0.998) outranks recall: 0.99 keeps the expected wrong
   * links among auto-links at about 1 in 100 even before the lead and identity guards below.
   */
  linkThreshold: 0.99,
  /** Match probability at or above which a candidate goes to review; below it the record is unmatched (even odds). */
  reviewThreshold: 0.5,
  /**
   * The linked candidate must lead the runner-up by this many bits of log2 odds (5 bits = 32:1). Twins and
   * same-day namesakes differ only in given name or commune; a smaller lead means a person must decide.
   */
  minLeadBits: 5,
  /** Candidates kept in a review explanation. */
  maxReviewCandidates: 3,
  /** Most candidates compared per record; records that hit it are counted. */
  maxCandidatesPerRecord: 200,
  /** Most registry people read from one blocking key (the first ones are kept and the hit is counted). */
  maxBlockSize: 100,
  /**
   * Fallback rules (birth date + family name, full name + birth year ± 1, full name + gender) run only when
   * nobody linkable was found. A name key (year ± 1, gender) shared by more people than this is skipped
   * whole: hundreds of same-name people cannot be told apart without a birth date, and scoring them all
   * would cost ~1 µs each. Birth date + family name blocks are cut at maxBlockSize instead.
   */
  maxFallbackBlockSize: 30,

  /**
   * A look-alike (twin, namesake) is told from the ID's owner by the record's facility when the facility vaccinated at
   * least this many people of one's commune and none of the other's (issue 14: a commune health station serves its
   * own communes, a namesake lives elsewhere). 3 and not 1: one dose from a commune may be a visitor's or a wrong link.
   * On the independent generator (seed 2, 1,160 tied namesake records) no owner's commune at 3 or more had the rival's
   * commune seen at the facility at all, nor the reverse. The communes seen this often are also the facility's own when
   * a record without a commune is scored (catchmentEvidence: 3.3 to 4.7 bits per facility there).
   */
  catchmentMinDoses: 3,

  /**
   * A run linking at least this many doses per registry citizen builds every citizen once, before training, instead of
   * each candidate when the linker asks for it (registry/citizens.ts). Measured at 1 M doses (40 % off the exact-ID
   * path) against 969,869 citizens: the linker asked for 8.7 M candidates, and building them one by one made the link
   * stage 13 to 20 s slower than with every citizen built (~1 s and ~0.6 GB per million citizens). A night of 100,000
   * doses against 5 M citizens (0.02 a citizen) keeps the packed table: there the memory is the bound.
   */
  allCitizensAtDosesPerCitizen: 0.5,

  // A worker thread for the slow path (src/link/parallel.ts).
  /**
   * With `--threads auto` (the default), slow-path scoring is shared with a worker thread when the dose files
   * hold at least this many bytes (~100,000 rows) and the machine has at least parallelMinCores cores. The
   * worker holds its own copy of the packed citizens, the index is shared (about 0.2 GB more peak RSS per million
   * citizens: 632 -> 852 MB for 20,000 doses against 969,869 citizens).
   */
  parallelMinInputBytes: 20_000_000,
  /**
   * On the 2-core benchmark machine the worker does not pay (BENCHMARKS.md, 1M doses, medians of 3: the link
   * stage 8.61 -> 7.27 s, but ingest 16.13 -> 17.59 s while the worker loads its registry, so the run 55.3 ->
   * 55.8 s, and 0.5 GB more): the main thread's parallel garbage collector and the worker share the same two
   * cores. With 4 cores each has its own.
   * `--threads 2` uses the worker whatever the machine.
   */
  parallelMinCores: 4,
  /** Slow-path doses per message to the worker (~40 µs each: a chunk is ~10 ms of work). */
  parallelChunkDoses: 256,

  // Comparison thresholds (name ladder).
  /** Jaro-Winkler on ascii full names for the strong fuzzy level (one typo in a 15-character name scores ~0.96). */
  jwHigh: 0.95,
  /** Jaro-Winkler for the weaker fuzzy level. */
  jwLow: 0.9,
  /** Levenshtein distance on ascii full names for the edit-distance level (two typos). */
  maxNameEdits: 2,
  /**
   * Fuzzy name levels count only when the given names are close (edit distance <= 1 or JW >= this):
   * full-name similarity is dominated by a shared family + middle name ("nguyen van minh" vs "nguyen van hung"
   * scores ~0.9), which is exactly the relative/twin hazard.
   */
  givenCloseJw: 0.85,

  // Model training.
  /** Doses sampled for EM training (candidate pairs come from blocking on these). */
  trainSampleDoses: 50_000,
  /** Random dose-citizen pairs for u estimation; random pairs are almost never matches. */
  uSamplePairs: 300_000,
  /** EM stops after this many iterations or when no parameter moves more than emTolerance. */
  emMaxIterations: 100,
  emTolerance: 1e-6,
  /** Pseudo-count added to every level when estimating m and u (avoids log(0) on levels never seen). */
  pseudoCount: 0.5,
  /**
   * Floor on any level's weight, in bits: a training sample that never shows a field error (a moved commune,
   * a new phone) would otherwise make one disagreement ~16 bits of evidence against, and real records carry
   * errors the sample lacks. -10 bits = a 1-in-1000 error rate per field.
   */
  minWeight: -10,
  /** Fraction of doses that have a match, when it cannot be estimated (no well-formed IDs in the sample). */
  defaultMatchRate: 0.95,
  /** Term-frequency adjustment is clamped to this range in bits (a value seen once in a small registry is not infinite evidence). */
  tfMinAdjust: -6,
  tfMaxAdjust: 8,
  /**
   * Caps on weights (bits) of fields shared within families: random pairs understate how often a relative
   * has the same phone or commune, so uncapped they would outvote a disagreeing name and birth date.
   */
  weightCaps: { phone: 4, commune: 5 } as Record<string, number>,
  /** Seed for the u sampler and the training sample (training is deterministic). */
  seed: 20210308,
};

export type LinkConfig = typeof linkConfig;
