// `vaxrec reconcile`: the main job: clean, link and deduplicate dose exports against the registry.

import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultConfig, type Config } from '../config/index.js';
import { UsageError } from '../errors.js';
import { validateModel } from '../link/index.js';
import { reconcile, type Threads } from '../pipeline.js';
import { reconcileIntoStore } from '../store/nightly.js';
import { VERSION } from '../version.js';
import { addCommonOptions, loggerFor, modesFor, type CommonOptions } from './options.js';
import { parseDateRange } from '../report/daily.js';
import { readReportedCounts } from '../report/gap.js';
import { parseLang } from '../report/lang.js';
import { createProgress } from '../report/progress.js';
import { ADMIN_UNITS_MODES, type AdminUnitsMode } from '../config/admin-units.js';

export const ADMIN_UNITS_HELP =
  "commune codes: 2025 reads each as today's unit (34 provinces, 3,321 communes; a dose before 1 July 2025 carries the old codes) " +
  'for clean_doses.csv (commune_code_2025), the reports and the linker; as-entered compares and reports the codes as typed';

const HELP = `
Writes into --out (all at once, when the run is complete):
  clean_doses.csv   one row per distinct dose, linked to a registry citizen_id where possible
  duplicates.csv    one row per record folded into another dose
  mismatches.csv    one row per problem in a kept record, with the fix (Ministry of Health categories a/b/c)
  rejects.csv       rows that cannot be used at all, with file, line and reason
                    (commune_code_2025, province_code_2025: today's units, with --admin-units 2025)
  summary.json      counts, input files (rows, SHA-256), the resolved configuration, the tool version
  model.json        the linkage model; pass it back with --model to pin nightly runs
  daily_report.csv  per facility and day: doses entered, distinct, duplicates, link statuses, rejects, a/b/c
  gap_report.csv    with --reported: doses reported by facilities versus entered, largest gap first
  report.html       one self-contained page (opens offline): totals, charts, worst facilities, review cases

With --xlsx, also (the CSVs are always written):
  mismatches.xlsx   the rows of mismatches.csv as a workbook: sheet "mismatches" (every row) and sheet "review"
                    (the rows of records whose link status is review: the analysts' queue); frozen header,
                    filters, IDs as text, Vietnamese headers and sheet names with --lang vi; a sheet longer
                    than Excel's 1,048,576 rows continues on "mismatches (2)"

With --store <work.sqlite> the run adds tonight's files to a work store that remembers every record and
decision between nights: only tonight's records and the people they touch are decided again, and --out gets
the files above for the records added or changed tonight, plus
  changes.csv       one row per change: new, recognised, corrected, relinked, status_changed, folded,
                    unfolded, person_merged, person_split (what a downstream system acts on), and the
                    analysts' review_decision, review_undone, review_reopened
(vaxrec export --store writes the whole current state; vaxrec store status tells what the store holds;
the analysts' decisions stored by vaxrec review apply are applied by the next run.)

Examples:
  vaxrec reconcile --registry registry.sqlite --doses exports/*.csv --out out/2022-08-27
  vaxrec reconcile --store work.sqlite --registry registry.sqlite --doses tonight/*.csv --out out/2022-08-28
  vaxrec reconcile --registry registry.csv --doses a.csv b.csv --out out/ --excel --model model.json
  vaxrec reconcile --registry registry.sqlite --doses *.csv --out out/ --reported counts.csv --date-from 2022-08-01 --lang vi
  vaxrec reconcile --registry registry.sqlite --doses exports/*.csv --out out/2022-08-27 --xlsx --lang vi
  vaxrec reconcile --registry registry.sqlite --doses *.csv --out out/ --daily-by-commune --admin-units as-entered
  vaxrec reconcile --registry registry.xlsx --doses danh_sach.xlsx --sheet "Mũi tiêm" --out out/`;

interface ReconcileCliOptions extends CommonOptions {
  registry: string;
  doses: string[];
  out: string;
  model?: string;
  excel?: boolean;
  xlsx?: boolean;
  date1904?: boolean;
  today?: string;
  reported?: string;
  dateFrom?: string;
  dateTo?: string;
  lang: string;
  dailyByCommune?: boolean;
  threads: string;
  store?: string;
  adminUnits: string;
  sheet?: string;
}

export function parseThreads(v: string): Threads {
  if (v === 'auto') return 'auto';
  if (v === '1' || v === '2') return Number(v) as 1 | 2;
  throw new UsageError(`--threads must be 1, 2 or auto; got "${v}"`);
}

export function resolveConfig(o: { date1904?: boolean; today?: string; adminUnits?: string }): Config {
  if (o.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.today))
    throw new UsageError(`--today must be an ISO date like 2022-08-27; got "${o.today}"`);
  const mode = o.adminUnits ?? defaultConfig.adminUnits.mode;
  if (!(ADMIN_UNITS_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--admin-units must be ${ADMIN_UNITS_MODES.join(' or ')}; got "${mode}"`);
  }
  return {
    ...defaultConfig,
    adminUnits: { ...defaultConfig.adminUnits, mode: mode as AdminUnitsMode },
    normalize: {
      ...defaultConfig.normalize,
      excelDate1904: o.date1904 ?? defaultConfig.normalize.excelDate1904,
      today: o.today ?? defaultConfig.normalize.today,
    },
  };
}

export function registerReconcile(program: Command): void {
  addCommonOptions(
    program
      .command('reconcile')
      .description('clean, link and deduplicate dose exports against the citizen registry')
      .requiredOption(
        '--registry <registry.sqlite|registry.csv>',
        'the registry: a database from `registry import`, or a CSV or .xlsx (first visible sheet) imported on the fly',
      )
      .requiredOption('--doses <file...>', 'dose exports from the facilities: CSV or Excel (.xlsx) files')
      .option('--sheet <name>', 'the sheet of each --doses workbook to read (default: its first visible sheet)')
      .requiredOption('--out <dir>', 'folder for the results (replaced atomically)')
      .option('--store <work.sqlite>', 'add the files to this work store (created on the first run) and decide only what they affect')
      .option(
        '--model <model.json>',
        'use this trained linkage model instead of training one on the data (with --store: pinned on the first run)',
      )
      .option('--excel', 'write CSVs with a UTF-8 BOM and CRLF line endings for Excel')
      .option('--xlsx', 'also write mismatches.xlsx (every mismatch, and the review queue) for analysts')
      .option('--date1904', 'read Excel serial dates in the 1904 (Mac) system')
      .option('--today <yyyy-mm-dd>', 'the date used to judge future dates (default: today)')
      .option(
        '--reported <counts.csv>',
        'daily dose counts reported by facilities (facility_code, date, reported_doses): writes gap_report.csv',
      )
      .option('--date-from <yyyy-mm-dd>', 'daily_report.csv and gap_report.csv: only doses on or after this date')
      .option('--date-to <yyyy-mm-dd>', 'daily_report.csv and gap_report.csv: only doses on or before this date')
      .option('--daily-by-commune', 'daily_report.csv: one row per facility, commune and day')
      .option('--lang <en|vi>', 'language of CSV headers and code descriptions', 'en')
      .option('--admin-units <2025|as-entered>', ADMIN_UNITS_HELP, defaultConfig.adminUnits.mode)
      .option(
        '--threads <1|2|auto>',
        `link scoring threads: 2 shares the slow path with a worker thread (outputs are the same); auto does for dose files of ${defaultConfig.link.parallelMinInputBytes / 1e6} MB or more on a machine with ${defaultConfig.link.parallelMinCores}+ cores`,
        'auto',
      ),
  )
    .addHelpText('after', HELP)
    .action(async (o: ReconcileCliOptions) => {
      const logger = loggerFor(o);
      const config = resolveConfig(o);
      // Check every cheap input before the long run, so a typo fails in a second, not after an hour.
      const dateRange = parseDateRange(o.dateFrom, o.dateTo);
      const threads = parseThreads(o.threads);
      const lang = parseLang(o.lang);
      if (!lang) throw new UsageError(`--lang must be en or vi; got "${o.lang}"`);
      const reported = o.reported ? await readReportedCounts(o.reported) : undefined;
      let model: ReturnType<typeof validateModel> | undefined;
      if (o.model) {
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(o.model, 'utf8'));
        } catch (e) {
          throw new UsageError(`--model ${o.model}: cannot read a JSON model (${(e as Error).message})`);
        }
        try {
          model = validateModel(json);
        } catch (e) {
          throw new UsageError(`--model ${o.model}: ${(e as Error).message}`);
        }
      }
      const t0 = performance.now();
      const runOpts = {
        registry: o.registry,
        doses: o.doses,
        out: o.out,
        model,
        excel: o.excel ?? false,
        xlsx: o.xlsx ?? false,
        ...modesFor(o),
        config,
        logger,
        version: VERSION,
        lang,
        dateRange,
        reported,
        dailyByCommune: o.dailyByCommune ?? false,
        progress: createProgress({ quiet: o.quiet ?? false }),
        threads,
        sheet: o.sheet,
      };
      if (o.store !== undefined) {
        const r = await reconcileIntoStore({ ...runOpts, store: o.store });
        const t = r.tonight;
        logger.info(
          { ms: Math.round(performance.now() - t0), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), inputRows: t.inputRows },
          'done',
        );
        if (!o.quiet) {
          process.stdout.write(
            `Added ${t.inputRows} dose rows to ${o.store}: ${t.new} new records, ${t.corrected} corrected, ${t.recognised} recognised, ${t.rejects} rejects` +
              `${t.skippedFiles > 0 ? `, ${t.skippedFiles} file(s) skipped (already ingested)` : ''}` +
              `${t.relinked > 0 ? `, ${t.relinked} decisions redone for the new registry` : ''}` +
              `${t.reviewed > 0 ? `, ${t.reviewed} records decided again with the analysts' decisions` : ''}.\n` +
              `${t.written} records added or changed tonight are in ${o.out}/ with changes.csv (${r.changes.length} changes); the store holds ${r.totals.current} records.\n`,
          );
        }
        return;
      }
      const result = await reconcile(runOpts);
      const kept = result.doses.length - result.dedupe.duplicates.length;
      logger.info(
        {
          ms: Math.round(performance.now() - t0),
          peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
          inputRows: result.inputRows,
        },
        'done',
      );
      if (!o.quiet) {
        const extra = `${reported ? ', gap_report.csv' : ''}, report.html${o.xlsx ? ', mismatches.xlsx' : ''}`;
        process.stdout.write(
          `Reconciled ${result.inputRows} dose rows: ${kept} distinct doses, ${result.dedupe.duplicates.length} duplicates, ${result.rejects.length} rejects.\n` +
            `Results in ${o.out}/: clean_doses.csv, duplicates.csv, mismatches.csv, rejects.csv, summary.json, model.json, daily_report.csv${extra}\n`,
        );
      }
    });
}
