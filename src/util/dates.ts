// Small date helpers for the I/O edge (the pure core receives "today" as a value).

/** Today's date in UTC, ISO yyyy-mm-dd. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
