// `vaxrec export` and `vaxrec store status|check`: read a work store (the nightly runs write it with reconcile --store).

import type { Command } from 'commander';
import { EXIT, InternalError } from '../errors.js';
import { exportStore } from '../store/export.js';
import { previewModel, reconcileIntoStore } from '../store/nightly.js';
import { WorkStore, STORE_SCHEMA_VERSION } from '../store/work-store.js';
import { VERSION } from '../version.js';
import { addCommonOptions, loggerFor, modesFor, type CommonOptions } from './options.js';
import { ADMIN_UNITS_HELP, resolveConfig } from './reconcile.js';
import { defaultConfig } from '../config/index.js';
import { parseDateRange } from '../report/daily.js';
import { parseLang } from '../report/lang.js';
import { UsageError } from '../errors.js';

const EXPORT_HELP = `
Writes the store's whole current state into --out, as one reconcile run over every file ever ingested would:
clean_doses.csv, duplicates.csv (folded doses, superseded versions and recognised re-exports), mismatches.csv,
rejects.csv, summary.json, model.json, daily_report.csv and report.html; with --xlsx also mismatches.xlsx (every
mismatch, and a sheet "review" with the records waiting for an analyst). The store is only read.

Examples:
  vaxrec export --store work.sqlite --out out/state
  vaxrec export --store work.sqlite --out out/state --lang vi --excel
  vaxrec export --store work.sqlite --out out/state --xlsx --lang vi`;

const STATUS_HELP = `
Prints the files ingested (name, rows, SHA-256, when), the registry snapshot and model the decisions use,
the records per link status, how many wait for review and how many analysts' decisions are in force.

Examples:
  vaxrec store status --store work.sqlite
  vaxrec store status --store work.sqlite --json`;

const CHECK_HELP = `
Checks the store's own row accounting: every row ever ingested is in exactly one of clean, duplicate,
recognised re-export, superseded version or reject, and every folded dose points at a kept one.
Exit 0 when it holds, 70 when it does not (a bug: please report it).

Examples:
  vaxrec store check --store work.sqlite`;

export interface StoreStatus {
  store: string;
  schemaVersion: number;
  runs: number;
  files: { name: string; rows: number; sha256: string; ingested: string }[];
  registry: { snapshot: string | null; citizens: number };
  model: { id: number; source: string; created: string } | null;
  records: {
    current: number;
    distinctDoses: number;
    folded: number;
    superseded: number;
    recognised: number;
    rejects: number;
    inputRows: number;
  };
  linkStatus: Record<string, number>;
  waitingForReview: number;
  /** Analysts' decisions in force, and records whose decisions the next run applies (vaxrec review). */
  review: { decisionsInForce: number; waitingForNextRun: number };
}

export function storeStatus(path: string): StoreStatus {
  const store = WorkStore.open(path, { create: false, readonly: true });
  try {
    const c = store.counts();
    const rc = store.reviewCounts();
    const m = store.model();
    return {
      store: path,
      schemaVersion: STORE_SCHEMA_VERSION,
      runs: store.runCount(),
      files: store.files().map((f) => ({ name: f.name, rows: f.rows, sha256: f.sha256, ingested: f.ingested })),
      registry: { snapshot: store.registryHash(), citizens: store.registrySize() },
      model: m ? { id: m.id, source: m.source, created: m.created } : null,
      records: recordCounts(c),
      linkStatus: c.byStatus,
      waitingForReview: c.byStatus.review ?? 0,
      review: { decisionsInForce: rc.inForce, waitingForNextRun: rc.pending },
    };
  } finally {
    store.close();
  }
}

/** The store's row accounting; throws an InternalError naming what does not hold. */
export function checkStore(path: string): StoreStatus['records'] {
  const store = WorkStore.open(path, { create: false, readonly: true });
  try {
    const c = store.counts();
    const problems: string[] = [];
    if (c.current + c.superseded + c.recognised + c.rejects !== c.inputRows) {
      problems.push(
        `${c.inputRows} rows ingested but ${c.current} current records, ${c.superseded} superseded, ${c.recognised} recognised and ${c.rejects} rejects`,
      );
    }
    const orphans = store.db
      .prepare(
        `SELECT count(*) AS n FROM records r WHERE r.state = 'current' AND r.kept_key <> ''
        AND NOT EXISTS (SELECT 1 FROM records k WHERE k.record_key = r.kept_key AND k.state = 'current' AND k.kept_key = '')`,
      )
      .get() as { n: number };
    if (orphans.n > 0) problems.push(`${orphans.n} folded records point at a record that is not a kept dose`);
    const twice = store.db
      .prepare("SELECT count(*) AS n FROM (SELECT record_key FROM records WHERE state = 'current' GROUP BY record_key HAVING count(*) > 1)")
      .get() as { n: number };
    if (twice.n > 0) problems.push(`${twice.n} records have more than one current version`);
    if (problems.length > 0)
      throw new InternalError(`work store ${path}: accounting does not hold: ${problems.join('; ')}`, 'STORE_ACCOUNTING');
    return recordCounts(c);
  } finally {
    store.close();
  }
}

function printStatus(s: StoreStatus): void {
  const out: string[] = [];
  out.push(`work store ${s.store} (schema ${s.schemaVersion}), ${s.runs} run(s)`);
  out.push(`files ingested: ${s.files.length}`);
  for (const f of s.files) out.push(`  ${f.name}  ${f.rows} rows  sha256 ${f.sha256.slice(0, 16)}…  ${f.ingested}`);
  out.push(`registry snapshot: ${s.registry.snapshot ?? 'none'} (${s.registry.citizens} citizens)`);
  out.push(`model: ${s.model ? `#${s.model.id}, ${s.model.source}, ${s.model.created}` : 'none'}`);
  const r = s.records;
  out.push(
    `rows ingested: ${r.inputRows} = ${r.current} current records (${r.distinctDoses} distinct doses + ${r.folded} folded) + ${r.superseded} superseded + ${r.recognised} recognised + ${r.rejects} rejects`,
  );
  out.push(
    `link status of distinct doses: ${
      Object.entries(s.linkStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  );
  out.push(`waiting for review: ${s.waitingForReview}`);
  out.push(
    `analysts' decisions in force: ${s.review.decisionsInForce} (${s.review.waitingForNextRun} records to decide again at the next run)`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

const MODEL_HELP = `
Trains a new linkage model on the store's records against --registry and prints how many decisions it would
change, by old and new status, without changing anything. With --apply it pins the new model in the store,
decides every record again with it (one transaction) and writes the changed records and changes.csv into --out.

Examples:
  vaxrec model train --store work.sqlite --registry registry.sqlite
  vaxrec model train --store work.sqlite --registry registry.sqlite --apply --out out/retrain`;

interface ModelCliOptions extends CommonOptions {
  store: string;
  registry: string;
  apply?: boolean;
  out?: string;
  today?: string;
  json?: boolean;
  adminUnits: string;
}

interface ExportCliOptions extends CommonOptions {
  store: string;
  out: string;
  excel?: boolean;
  xlsx?: boolean;
  lang: string;
  dateFrom?: string;
  dateTo?: string;
  dailyByCommune?: boolean;
  adminUnits: string;
}

export function registerStore(program: Command): void {
  addCommonOptions(
    program
      .command('export')
      .description("write a work store's whole current state (the files reconcile writes)")
      .requiredOption('--store <work.sqlite>', 'the work store')
      .requiredOption('--out <dir>', 'folder for the results (replaced atomically)')
      .option('--excel', 'write CSVs with a UTF-8 BOM and CRLF line endings for Excel')
      .option('--xlsx', 'also write mismatches.xlsx (every mismatch, and the review queue) for analysts')
      .option('--lang <en|vi>', 'language of CSV headers and code descriptions', 'en')
      .option('--date-from <yyyy-mm-dd>', 'daily_report.csv: only doses on or after this date')
      .option('--date-to <yyyy-mm-dd>', 'daily_report.csv: only doses on or before this date')
      .option('--daily-by-commune', 'daily_report.csv: one row per facility, commune and day')
      .option('--admin-units <2025|as-entered>', ADMIN_UNITS_HELP, defaultConfig.adminUnits.mode),
  )
    .addHelpText('after', EXPORT_HELP)
    .action(async (o: ExportCliOptions) => {
      const lang = parseLang(o.lang);
      if (!lang) throw new UsageError(`--lang must be en or vi; got "${o.lang}"`);
      const r = await exportStore(o.store, {
        out: o.out,
        excel: o.excel ?? false,
        xlsx: o.xlsx ?? false,
        ...modesFor(o),
        config: resolveConfig({ adminUnits: o.adminUnits }),
        logger: loggerFor(o),
        version: VERSION,
        lang,
        dateRange: parseDateRange(o.dateFrom, o.dateTo),
        dailyByCommune: o.dailyByCommune ?? false,
      });
      if (!o.quiet)
        process.stdout.write(
          `Exported ${r.doses.length - r.dedupe.duplicates.length} distinct doses (${r.inputRows} rows ingested) from ${o.store} to ${o.out}/\n`,
        );
    });

  const model = program.command('model').description("a work store's linkage model");
  addCommonOptions(
    model
      .command('train')
      .description('train a new model on the store and say what it would change (--apply: use it)')
      .requiredOption('--store <work.sqlite>', 'the work store')
      .requiredOption('--registry <registry.sqlite|registry.csv>', 'the registry to train and link against')
      .option('--apply', 'pin the new model and decide every record again with it')
      .option('--out <dir>', 'with --apply: folder for the changed records and changes.csv')
      .option('--today <yyyy-mm-dd>', 'the date used to judge future dates (default: today)')
      .option('--admin-units <2025|as-entered>', ADMIN_UNITS_HELP, defaultConfig.adminUnits.mode)
      .option('--json', 'print a machine-readable result'),
  )
    .addHelpText('after', MODEL_HELP)
    .action(async (o: ModelCliOptions) => {
      if (o.apply && o.out === undefined) throw new UsageError('--apply needs --out <dir> for the changed records and changes.csv');
      const logger = loggerFor(o);
      const config = resolveConfig(o);
      const preview = await previewModel({ store: o.store, registry: o.registry, config, logger });
      const lines = Object.entries(preview.transitions).map(([t, n]) => `  ${t}: ${n}`);
      if (!o.apply) {
        if (o.json)
          process.stdout.write(
            `${JSON.stringify({ applied: false, records: preview.records, changed: preview.changed, transitions: preview.transitions }, null, 2)}\n`,
          );
        else
          process.stdout.write(
            `A new model would change ${preview.changed} of ${preview.records} decisions (nothing was changed; --apply to use it):\n${lines.join('\n')}\n`,
          );
        return;
      }
      const r = await reconcileIntoStore({
        store: o.store,
        registry: o.registry,
        doses: [],
        out: o.out!,
        excel: false,
        ...modesFor(o),
        config,
        logger,
        version: VERSION,
        lang: 'en',
        dateRange: {},
        dailyByCommune: false,
        retrain: preview.model,
      });
      if (o.json)
        process.stdout.write(
          `${JSON.stringify({ applied: true, records: preview.records, changed: preview.changed, transitions: preview.transitions, changes: r.changes.length }, null, 2)}\n`,
        );
      else
        process.stdout.write(
          `New model pinned in ${o.store}: ${preview.changed} of ${preview.records} decisions changed:\n${lines.join('\n')}\n${r.changes.length} changes in ${o.out}/changes.csv\n`,
        );
    });

  const store = program.command('store').description('inspect a work store');
  store
    .command('status')
    .description('files ingested, registry snapshot, model, records per status, review queue')
    .requiredOption('--store <work.sqlite>', 'the work store')
    .option('--json', 'print a machine-readable result')
    .addHelpText('after', STATUS_HELP)
    .action((o: { store: string; json?: boolean }) => {
      const s = storeStatus(o.store);
      if (o.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      else printStatus(s);
    });
  store
    .command('check')
    .description("verify the store's row accounting")
    .requiredOption('--store <work.sqlite>', 'the work store')
    .addHelpText('after', CHECK_HELP)
    .action((o: { store: string }) => {
      const r = checkStore(o.store);
      process.stdout.write(
        `work store ${o.store}: accounting holds: ${r.inputRows} rows = ${r.distinctDoses} distinct doses + ${r.folded} duplicates + ${r.superseded} superseded + ${r.recognised} recognised + ${r.rejects} rejects\n`,
      );
      process.exitCode = EXIT.OK;
    });
}

/** The record counts status and check both print (distinct doses are the current records not folded into another). */
function recordCounts(c: ReturnType<WorkStore['counts']>) {
  return {
    current: c.current,
    distinctDoses: c.current - c.folded,
    folded: c.folded,
    superseded: c.superseded,
    recognised: c.recognised,
    rejects: c.rejects,
    inputRows: c.inputRows,
  };
}
