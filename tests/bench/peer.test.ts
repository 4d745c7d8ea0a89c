// The DuckDB peer of bench:perf on a small generated dataset: it runs, links exact-ID rows right, scores sensibly with
// the same metric code as vaxrec; and --off-id (offIdRates) puts about the share asked for off the exact-ID path.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetDoseFiles, OFF_ID_TAGS, offIdRates, readCsv } from '../../src/bench/common.js';
import { computeMetrics, nodesFromLinks, type LinkMetrics, type TruthRow } from '../../src/bench/metrics.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { PEER_MACROS, runPeer, type PeerResult } from '../../src/bench/peer-duckdb.js';
import { readTruth, scoreLinks } from '../../src/bench/score.js';
import { generateDataset } from '../../src/generate/index.js';
import { scratch } from '../helpers/tmp.js';

const tmp = scratch();
const offIdShare = (truth: TruthRow[]): number =>
  truth.filter((t) => t.tags.some((g) => (OFF_ID_TAGS as readonly string[]).includes(g))).length / truth.length;

async function generate(name: string, offId: number): Promise<{ dir: string; truth: TruthRow[] }> {
  const dir = join(tmp.dir, name);
  await generateDataset({ persons: 1500, seed: 7, files: 2, outDir: dir, rates: offIdRates(offId) });
  return { dir, truth: await readTruth(join(dir, 'truth.csv')) };
}

describe('DuckDB peer', () => {
  let ds: { dir: string; truth: TruthRow[] };
  let result: PeerResult;
  let link: LinkMetrics;
  const links = new Map<string, string>();

  beforeAll(async () => {
    ds = await generate('mix', 0.4);
    const out = join(tmp.dir, 'links.csv');
    result = await runPeer({ registry: join(ds.dir, 'registry.csv'), doses: datasetDoseFiles(ds.dir), out, threads: 2 });
    await readCsv(out, (r) => {
      links.set(r.record_id, r.citizen_id);
    });
    link = (await scoreLinks(out, ds.truth)).link;
  });

  it('reads every row and links most of them', () => {
    expect(result.doseRows).toBe(ds.truth.length);
    expect(result.links).toBeGreaterThan(0.5 * ds.truth.length);
    expect(result.priorWeight).toBeLessThan(-9); // λ = 1 / registry size
  });

  it('links the rows whose ID is the registry ID, and to that person', async () => {
    const exact: { recordId: string; id: string }[] = [];
    for (const f of datasetDoseFiles(ds.dir)) await readCsv(f, (r) => exact.push({ recordId: r.record_id, id: r.citizen_id }));
    const truthOf = new Map(ds.truth.map((t) => [t.recordId, t.citizenId]));
    const withRightId = exact.filter((e) => e.id !== '' && truthOf.get(e.recordId) === e.id);
    expect(withRightId.length).toBeGreaterThan(1000);
    const linkedRight = withRightId.filter((e) => links.get(e.recordId) === e.id).length;
    const linkedWrong = withRightId.filter((e) => links.has(e.recordId) && links.get(e.recordId) !== e.id).length;
    expect(linkedWrong).toBe(0);
    expect(linkedRight / withRightId.length).toBeGreaterThan(0.98);
  });

  it('scores in [0, 1] with the same metric code, precision high', () => {
    for (const x of [link.precision, link.recall]) {
      expect(x).not.toBeNull();
      expect(x!).toBeGreaterThanOrEqual(0);
      expect(x!).toBeLessThanOrEqual(1);
    }
    expect(link.precision!).toBeGreaterThan(0.98);
    expect(link.recall!).toBeGreaterThan(0.8);
    expect(link.predictedLinks).toBe(result.links);
  });

  it('--off-id 0.4 puts about 40 % of dose rows off the exact-ID path; the default about 7 %', async () => {
    expect(offIdShare(ds.truth)).toBeGreaterThan(0.37);
    expect(offIdShare(ds.truth)).toBeLessThan(0.42);
    const plain = await generate('plain', 0);
    expect(offIdShare(plain.truth)).toBeLessThan(0.1);
    expect(offIdRates(0)).toBeUndefined();
  });
});

describe("the peer's SQL normalisation and one-edit test", () => {
  async function evaluate(expr: string): Promise<unknown> {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(PEER_MACROS);
    const v = (await c.runAndReadAll(`SELECT ${expr}`)).getRowsJS()[0][0];
    c.closeSync();
    db.closeSync();
    return v;
  }
  it.each([
    ['012345678901', '012345678901', true],
    ['012345678901', '012345678902', true], // one substitution
    ['012345678901', '102345678901', false], // a transposition is two edits
    ['12345678901', '012345678901', true], // leading zero lost
    ['2345678901', '012345678901', false],
    ['0123456789012', '012345678901', true],
  ])('one_edit(%s, %s) = %s, as levenshtein <= 1', async (a, b, expected) => {
    expect(await evaluate(`one_edit('${a}', '${b}')`)).toBe(expected);
    expect(await evaluate(`levenshtein('${a}', '${b}') <= 1`)).toBe(expected);
  });
  it.each([
    ['Đặng Thị  Hoà', 'dang thi hoa'],
    ['NGUYỄN VĂN AN', 'nguyen van an'],
    ['Nguye\u0302\u0303n Văn An', 'nguyen van an'], // decomposed (NFD) input
  ])('norm_name(%s) = %s', async (raw, expected) => {
    expect(await evaluate(`norm_name('${raw}')`)).toBe(expected);
  });
});

describe('nodesFromLinks', () => {
  const t = (recordId: string, citizenId: string): TruthRow => ({
    file: 'd.csv',
    line: 2,
    recordId,
    citizenId,
    personId: 'P',
    eventId: recordId,
    kind: 'original',
    tags: [],
  });
  it.each([
    ['right link', t('a', '1'), new Map([['a', '1']]), { precision: 1, recall: 1 }],
    ['wrong link', t('a', '1'), new Map([['a', '2']]), { precision: 0, recall: 0 }],
    ['no link', t('a', '1'), new Map<string, string>(), { precision: null, recall: 0 }],
  ])('%s', (_name, row, linkOf, expected) => {
    const m = computeMetrics(nodesFromLinks([row], linkOf)).link;
    expect({ precision: m.precision, recall: m.recall }).toEqual(expected);
  });
});
