// Small number and ordering helpers shared by report.html and `vaxrec summary`.

/** A count with thousands separators (1,234,567), whatever the machine's locale. */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Sort [key, count] entries by count, largest first, then by key. */
export function byCountDesc([ak, av]: readonly [string, number], [bk, bv]: readonly [string, number]): number {
  return bv - av || (ak < bk ? -1 : 1);
}
