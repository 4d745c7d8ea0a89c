// Administrative-unit settings (owned by src/normalize/communes.ts and src/admin-units/): which dataset, from when.

export const adminUnitsConfig = {
  /**
   * The shipped conversion table, named by its effective date (data/admin-units/<dataset>/). Decision 19/2025/QĐ-TTg
   * gave Vietnam 34 provinces and 3,321 communes from this day; a record dated earlier carries the old codes.
   */
  dataset: '2025-07-01',
  /** `2025`: every commune code read as today's unit (the default); `as-entered`: codes compared and reported as typed. */
  mode: '2025' as AdminUnitsMode,
};

export type AdminUnitsMode = '2025' | 'as-entered';
export const ADMIN_UNITS_MODES: readonly AdminUnitsMode[] = ['2025', 'as-entered'];
