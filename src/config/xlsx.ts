// Workbook outputs (--xlsx): the settings that are not facts of the file format.

export const xlsxConfig = {
  /**
   * The date stamped into a workbook (its properties and zip entries) when the run has no --today: a run's
   * workbook must not depend on the clock, or two runs over the same input would differ. 1980-01-01 is the
   * earliest date a zip entry can carry, the usual choice of reproducible builds.
   */
  fixedDate: '1980-01-01',
};
