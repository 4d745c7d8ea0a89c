// The DuckDB peer of bench:perf (issue 15): the Splink way of linking dose rows to the registry, as DuckDB SQL.
//
//   node dist/bench/peer-duckdb.js --registry registry.csv --out links.csv [--threads 2] [--threshold 0.9] doses_*.csv
//
// Reads the CSVs (all VARCHAR), normalises lightly, builds candidate pairs from three OR-ed blocking rules, puts each
// field on a comparison ladder, scores with fixed Fellegi-Sunter weights and writes the best candidate per dose row
// above the threshold (record_id, citizen_id, match_weight, match_probability, rule). Prints one JSON line of timings.
// It is what a user would pick instead of vaxrec, tuned honestly: no Vietnamese repair, no dedupe, no explanations.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface PeerOptions {
  registry: string;
  doses: readonly string[];
  /** Links CSV to write. */
  out: string;
  threads?: number;
  /** Minimum posterior match probability of the best candidate (Splink's threshold_match_probability). */
  threshold?: number;
}

export interface PeerResult {
  registryRows: number;
  doseRows: number;
  candidatePairs: number;
  links: number;
  /** Prior match weight log2(λ / (1 - λ)). */
  priorWeight: number;
  /** u per field and level (the exact levels of name, birth and phone are replaced by the value's frequency when scoring). */
  u: Record<string, number[]>;
  /** Milliseconds per step, in order. */
  steps: Record<string, number>;
}

/**
 * m probabilities per comparison level (share of true matches at that level), fixed rather than estimated by EM, from
 * the damage rates of real exports (README's data section): names are retyped, unaccented or in legacy fonts for
 * about a quarter of rows; IDs missing, mistyped or a relative's for a few per cent; phones often missing or changed.
 * Index = level; level -1 (a side missing) is neutral (weight 0), as in Splink.
 */
export const PEER_M = {
  name: [0.08, 0.05, 0.17, 0.7], // else, JW >= 0.85, JW >= 0.92, exact
  birth: [0.04, 0.06, 0.9], // else, one of day/month/year differs, exact
  id: [0.08, 0.07, 0.85], // else, one edit (Levenshtein <= 1), exact (CCCD or old CMND)
  gender: [0.03, 0.97], // differ, same
  phone: [0.35, 0.65], // differ, same
} as const;

/** The comparison ladders: one SQL CASE per field over a pair view (dose side d_*, registry side r_*, with JW_NAME). */
const LEVELS = {
  name: `CASE WHEN d_name IS NULL OR r_name IS NULL THEN -1 WHEN d_name = r_name THEN 3
    WHEN jw_name >= 0.92 THEN 2 WHEN jw_name >= 0.85 THEN 1 ELSE 0 END`,
  birth: `CASE WHEN d_birth IS NULL OR r_birth IS NULL THEN -1 WHEN d_birth = r_birth THEN 2
    WHEN (year(d_birth) = year(r_birth))::INT + (month(d_birth) = month(r_birth))::INT + (day(d_birth) = day(r_birth))::INT = 2 THEN 1
    ELSE 0 END`,
  id: `CASE WHEN d_id IS NULL THEN -1 WHEN d_id = r_id OR d_id = r_old THEN 2
    WHEN one_edit(d_id, r_id) OR coalesce(one_edit(d_id, r_old), false) THEN 1 ELSE 0 END`,
  gender: 'CASE WHEN d_gender IS NULL OR r_gender IS NULL THEN -1 WHEN d_gender = r_gender THEN 1 ELSE 0 END',
  phone: 'CASE WHEN d_phone IS NULL OR r_phone IS NULL THEN -1 WHEN d_phone = r_phone THEN 1 ELSE 0 END',
} as const;

/** Jaro-Winkler of the names, computed once per pair for the two fuzzy levels. */
const JW_NAME = 'jaro_winkler_similarity(d_name, r_name) AS jw_name';

type Field = keyof typeof LEVELS;
const FIELDS = Object.keys(LEVELS) as Field[];
/** Fields whose exact level takes its u from the registry's frequency of the value (Splink's term-frequency adjustment). */
const TF_FIELDS = ['name', 'birth', 'phone'] as const;
/** Registry persons drawn (twice) for the random pairs that estimate u: 1,000² = 1 M pairs, Splink's default max_pairs. */
const U_SAMPLE = 1000;

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlList = (xs: readonly string[]): string => `[${xs.map(sqlString).join(', ')}]`;

/** Light normalisation a Splink user would write: lower case, no diacritics (đ too), digits-only IDs and phones. */
export const PEER_MACROS = `
CREATE MACRO norm_name(s) AS nullif(trim(regexp_replace(strip_accents(replace(lower(nfc_normalize(s)), 'đ', 'd')), '\\s+', ' ', 'g')), '');
CREATE MACRO norm_digits(s) AS nullif(regexp_replace(coalesce(s, ''), '[^0-9]', '', 'g'), '');
CREATE MACRO norm_phone(s) AS CASE WHEN norm_digits(s) LIKE '84%' AND length(norm_digits(s)) >= 11 THEN '0' || norm_digits(s)[3:]
  ELSE norm_digits(s) END;
CREATE MACRO norm_birth(s) AS coalesce(try_strptime(trim(s), '%d/%m/%Y'), try_strptime(trim(s), '%Y-%m-%d'),
  try_strptime(trim(s), '%d-%m-%Y'))::DATE;
-- levenshtein(a, b) <= 1, 7 times faster: between equal lengths one edit can only be a substitution (Hamming).
CREATE MACRO one_edit(a, b) AS CASE WHEN length(a) = length(b) THEN hamming(a, b) <= 1 ELSE levenshtein(a, b) <= 1 END;
CREATE MACRO norm_gender(s) AS CASE WHEN strip_accents(lower(trim(s))) IN ('nam', 'm', 'male') THEN 'm'
  WHEN strip_accents(lower(trim(s))) IN ('nu', 'f', 'female') THEN 'f' END;
`;

async function timed(steps: Record<string, number>, name: string, f: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await f();
  steps[name] = performance.now() - t0;
}

async function scalar(c: DuckDBConnection, sql: string): Promise<number> {
  const r = await c.runAndReadAll(sql);
  return Number(r.getRows()[0][0]);
}

/** Link the dose CSVs to the registry CSV; write the links CSV. */
export async function runPeer(o: PeerOptions): Promise<PeerResult> {
  const threshold = o.threshold ?? 0.9;
  const steps: Record<string, number> = {};
  const db = await DuckDBInstance.create(':memory:', { threads: String(o.threads ?? 2) });
  const c = await db.connect();
  try {
    await c.run(PEER_MACROS);
    const csv = (files: string) => `read_csv(${files}, all_varchar = true, header = true)`;
    await timed(steps, 'read+normalise', async () => {
      // Family name = first word, given name = last word (Vietnamese order); both feed blocking rules.
      const parts = `split_part(name, ' ', 1) AS family, left(string_split(name, ' ')[-1], 1) AS given1`;
      await c.run(`CREATE TABLE r AS SELECT *, ${parts} FROM (SELECT norm_digits(citizen_id) AS cid, norm_digits(old_id) AS old_id,
        norm_name(full_name) AS name, norm_birth(birth_date) AS birth, norm_gender(gender) AS gender, norm_phone(phone) AS phone
        FROM ${csv(sqlString(o.registry))})`);
      // Reuploaded rows repeat their record_id; did tells every row apart.
      await c.run(`CREATE TABLE d AS SELECT *, ${parts} FROM (SELECT row_number() OVER () AS did, record_id, norm_digits(citizen_id) AS id,
        norm_name(full_name) AS name, norm_birth(birth_date) AS birth, norm_gender(gender) AS gender, norm_phone(phone) AS phone
        FROM ${csv(sqlList(o.doses))})`);
      // Both registry IDs (12-digit CCCD and old 9-digit CMND) are keys of the exact-ID rule.
      await c.run(`CREATE TABLE rid AS SELECT cid AS k, cid FROM r WHERE cid IS NOT NULL
        UNION ALL SELECT old_id, cid FROM r WHERE old_id IS NOT NULL`);
    });
    const registryRows = await scalar(c, 'SELECT count(*) FROM r');
    const doseRows = await scalar(c, 'SELECT count(*) FROM d');
    // Every dose row is one registry person at most, so of the doses × registry pairs about doses are matches: λ = 1 / registry.
    const lambda = 1 / Math.max(2, registryRows);
    const priorWeight = Math.log2(lambda / (1 - lambda));

    // u per level from random registry pairs (Splink's estimate_u_using_random_sampling), at least one pair per level.
    const u: Record<Field, number[]> = { name: [], birth: [], gender: [], id: [], phone: [] };
    await timed(steps, 'estimate u', async () => {
      await c.run(`CREATE TABLE s AS SELECT * FROM r USING SAMPLE ${U_SAMPLE} ROWS (reservoir, 42)`);
      const pairs = `SELECT a.name AS d_name, b.name AS r_name, a.birth AS d_birth, b.birth AS r_birth, a.cid AS d_id,
        b.cid AS r_id, b.old_id AS r_old, a.gender AS d_gender, b.gender AS r_gender, a.phone AS d_phone, b.phone AS r_phone
        FROM s a, s b WHERE a.cid <> b.cid`;
      // One pass over the pairs for every ladder: counts per combination of levels (a few hundred rows at most).
      const levels = FIELDS.map((f) => `${LEVELS[f]} AS lvl_${f}`).join(', ');
      const sql = `SELECT ${levels}, count(*) FROM (SELECT *, ${JW_NAME} FROM (${pairs})) GROUP BY ALL`;
      const rows = (await c.runAndReadAll(sql)).getRows().map((r) => r.map(Number));
      FIELDS.forEach((f, i) => {
        const counts = PEER_M[f].map((_, lvl) => rows.filter((r) => r[i] === lvl).reduce((s, r) => s + r[FIELDS.length], 0));
        const total = counts.reduce((a, b) => a + b, 0);
        u[f] = counts.map((n) => Math.max(1, n) / Math.max(1, total));
      });
      // Term frequencies of the exact levels: u = the value's share of the registry (never below one person).
      for (const f of TF_FIELDS) {
        await c.run(`CREATE TABLE tf_${f} AS SELECT ${f} AS v, count(*) / (SELECT count(*) FROM r WHERE ${f} IS NOT NULL) AS tf
          FROM r WHERE ${f} IS NOT NULL GROUP BY ${f}`);
      }
    });
    u.id[2] = 1 / Math.max(1, registryRows);

    await timed(steps, 'block', async () => {
      // Three OR-ed rules; a pair found by several keeps the first rule's number, as Splink does.
      await c.run(`CREATE TABLE pairs AS SELECT did, cid, min(rule) AS rule FROM (
          SELECT d.did, k.cid, 1 AS rule FROM d JOIN rid k ON d.id = k.k
          UNION ALL SELECT d.did, r.cid, 2 FROM d JOIN r ON d.birth = r.birth AND d.family = r.family
          UNION ALL SELECT d.did, r.cid, 3 FROM d JOIN r ON d.birth = r.birth AND d.given1 = r.given1 AND d.gender = r.gender
        ) GROUP BY did, cid`);
    });
    const candidatePairs = await scalar(c, 'SELECT count(*) FROM pairs');

    // Weight of a level: log2(m / u); the exact levels of TF_FIELDS use the value's frequency for u.
    const w = (f: Field, lvl: number): number => Math.log2(PEER_M[f][lvl] / u[f][lvl]);
    const weightCase = (f: Field): string => {
      const arms = PEER_M[f].map((_, lvl) => {
        const exact = lvl === PEER_M[f].length - 1 && (TF_FIELDS as readonly string[]).includes(f);
        const tfU = `greatest(coalesce(tf_${f}.tf, 0), ${1 / Math.max(1, registryRows)})`;
        const weight = exact ? `log2(${PEER_M[f][lvl]} / ${tfU})` : String(w(f, lvl));
        return `WHEN lvl_${f} = ${lvl} THEN ${weight}`;
      });
      return `CASE ${arms.join(' ')} ELSE 0 END`;
    };
    await timed(steps, 'compare+score', async () => {
      await c.run(`CREATE TABLE scored AS
        WITH p AS (
          SELECT pairs.did, pairs.cid, pairs.rule, d.record_id, d.name AS d_name, r.name AS r_name, d.birth AS d_birth,
            r.birth AS r_birth, d.id AS d_id, r.cid AS r_id, r.old_id AS r_old, d.gender AS d_gender, r.gender AS r_gender,
            d.phone AS d_phone, r.phone AS r_phone
          FROM pairs JOIN d USING (did) JOIN r USING (cid)),
        pj AS (SELECT *, ${JW_NAME} FROM p),
        l AS (SELECT *, ${FIELDS.map((f) => `${LEVELS[f]} AS lvl_${f}`).join(', ')} FROM pj)
        SELECT l.did, l.record_id, l.cid, l.rule,
          ${priorWeight} + ${FIELDS.map(weightCase).join(' + ')} AS match_weight
        FROM l
          LEFT JOIN tf_name ON tf_name.v = l.d_name
          LEFT JOIN tf_birth ON tf_birth.v = l.d_birth
          LEFT JOIN tf_phone ON tf_phone.v = l.d_phone`);
    });
    const minWeight = Math.log2(threshold / (1 - threshold));
    await timed(steps, 'best+write', async () => {
      await c.run(`COPY (
          SELECT record_id, cid AS citizen_id, round(match_weight, 3) AS match_weight,
            round(pow(2, match_weight) / (1 + pow(2, match_weight)), 6) AS match_probability, rule
          FROM scored QUALIFY row_number() OVER (PARTITION BY did ORDER BY match_weight DESC, cid) = 1 AND match_weight >= ${minWeight}
          ORDER BY did
        ) TO ${sqlString(o.out)} (HEADER, DELIMITER ',')`);
    });
    const links = await scalar(c, `SELECT count(*) FROM read_csv(${sqlString(o.out)}, all_varchar = true, header = true)`);
    return { registryRows, doseRows, candidatePairs, links, priorWeight, u, steps };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      registry: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string', default: '2' },
      threshold: { type: 'string', default: '0.9' },
    },
    allowPositionals: true,
  });
  if (!values.registry || !values.out || !positionals.length) {
    process.stderr.write(
      'Usage: node dist/bench/peer-duckdb.js --registry registry.csv --out links.csv [--threads 2] [--threshold 0.9] ' + 'doses.csv...\n',
    );
    return 2;
  }
  const t0 = performance.now();
  const r = await runPeer({
    registry: values.registry,
    doses: positionals,
    out: values.out,
    threads: Number(values.threads),
    threshold: Number(values.threshold),
  });
  process.stdout.write(`${JSON.stringify({ ...r, ms: performance.now() - t0 })}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`peer-duckdb: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
