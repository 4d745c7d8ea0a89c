// Orders shared by the modules that sort: one home, so every sorted output agrees on what comes first.

/** Plain code-unit string order (not locale-aware), as SQLite's BINARY collation orders ASCII keys. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
