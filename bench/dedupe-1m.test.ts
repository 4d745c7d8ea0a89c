// Dedupe at scale on ~1M synthetic dose items: prints the time, checks that nothing real is folded (npm run bench:dedupe;
// DEDUPE_BENCH_N and DEDUPE_BENCH_UNLINKED change the size and the unlinked share).

import { describe, expect, it } from 'vitest';
import { dedupeDoses, type DedupeItem } from '../src/dedupe/index.js';
import type { NormalizedDose } from '../src/types.js';
import { cfg, item, makeDose, nameBirthSamePerson, withRaw } from '../tests/dedupe/helpers.js';

const N = Number(process.env.DEDUPE_BENCH_N ?? 1_000_000);
const UNLINKED = Number(process.env.DEDUPE_BENCH_UNLINKED ?? 0.05);

/** Deterministic LCG so the data set is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Items plus, per item, the index of the real dose it records (the ground truth: copies point to their original). */
function buildItems(n: number): { items: DedupeItem[]; origin: number[] } {
  const rand = rng(42);
  const items: DedupeItem[] = [];
  const origin: number[] = [];
  const families = ['nguyen', 'tran', 'le', 'pham', 'hoang', 'vo', 'dang', 'bui'];
  const given = ['an', 'binh', 'cuc', 'dung', 'hoa', 'hung', 'lan', 'mai', 'nam', 'thu', 'tuan', 'yen'];
  const products = ['PFIZER', 'ABDALA', 'VEROCELL', 'MODERNA', 'ASTRAZENECA'] as const;
  let person = 0;
  while (items.length < n) {
    person++;
    const name = `${families[Math.floor(rand() * 8)]} van ${given[Math.floor(rand() * 12)]} ${person % 997}`;
    const birth = `19${50 + Math.floor(rand() * 50)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    const cid = String(1_000_000_000 + person).padStart(12, '0');
    const status = rand() < UNLINKED ? (rand() < 0.5 ? 'review' : 'unmatched') : 'verified';
    const vaccine = products[Math.floor(rand() * products.length)];
    const doses = 1 + Math.floor(rand() * 3);
    let day = Math.floor(rand() * 200);
    for (let k = 1; k <= doses && items.length < n; k++) {
      const date = new Date(Date.UTC(2021, 5, 1 + day)).toISOString().slice(0, 10);
      // Real doses: at exactly the minimum interval half the time, 20% reusing the previous dose's lot.
      const lot = rand() < 0.2 && items.length > 0 ? items[items.length - 1].dose.lot : `L${Math.floor(rand() * 50)}`;
      const d: NormalizedDose = makeDose({
        seq: items.length,
        name,
        birth,
        citizenId: cid,
        vaccine,
        date,
        doseNumber: rand() < 0.1 ? null : k,
        lot,
      });
      items.push(item(d, status, cid));
      const original = items.length - 1;
      origin.push(original);
      const r = rand();
      if (r < 0.03 && items.length < n) {
        items.push({ ...items[items.length - 1], dose: withRaw(d, {}, items.length) });
        origin.push(original);
      } else if (r < 0.06 && items.length < n) {
        const off = Math.floor(rand() * 4);
        const date2 = new Date(Date.UTC(2021, 5, 1 + day + off)).toISOString().slice(0, 10);
        items.push(
          item(
            withRaw(
              d,
              {
                record_id: `X${items.length}`,
                facility_code: 'F9',
                dose_date: date2,
                lot_number: rand() < 0.5 ? '' : d.lot,
                dose_number: String(k),
              },
              items.length,
            ),
            status,
            cid,
          ),
        );
        origin.push(original);
      }
      day += d.vaccine.minIntervalDays + (rand() < 0.5 ? 0 : Math.floor(rand() * 30));
    }
  }
  return { items, origin };
}

describe('dedupeDoses at scale', () => {
  it(`folds ${N} items within a few seconds`, () => {
    const t0 = performance.now();
    const { items, origin } = buildItems(N);
    const t1 = performance.now();
    const r = dedupeDoses(items, nameBirthSamePerson, cfg);
    const t2 = performance.now();
    // A fold is right when both records are the same real dose; recall counts planted copies folded.
    let found = 0;
    let falseFolds = 0;
    for (const d of r.duplicates)
      if (origin[d.index] === origin[d.keptIndex]) found++;
      else falseFolds++;
    const copies = origin.filter((o, i) => o !== i).length;
    console.log(
      JSON.stringify({
        items: items.length,
        copies,
        recall: found / copies,
        falseFolds,
        buildMs: Math.round(t1 - t0),
        dedupeMs: Math.round(t2 - t1),
        ...r.stats,
        duplicates: r.duplicates.length,
        problems: r.problems.size,
        rssMB: Math.round(process.memoryUsage().rss / 1e6),
      }),
    );
    expect(r.keptIndex.length).toBe(items.length);
    expect(falseFolds).toBe(0);
  }, 600_000);
});
