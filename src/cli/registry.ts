// `vaxrec registry import`: load the citizen registry CSV into a SQLite store, atomically.

import type { Command } from 'commander';
import { defaultConfig } from '../config/index.js';
import { importRegistry } from '../registry/store.js';
import { normalizeContext } from '../pipeline.js';
import { adminUnitsFor } from '../admin-units/load.js';
import { ADMIN_UNITS_HELP, resolveConfig } from './reconcile.js';
import { addCommonOptions, loggerFor, modesFor, type CommonOptions } from './options.js';

const HELP = `
Re-importing replaces the database atomically: a failed import leaves the previous one intact.
Rows that cannot be loaded (a citizen_id that is not 12 digits, a citizen_id repeated with different
details...) are counted by reason and kept in the database's rejects table. The registry is the authority
on its numbers: 12 digits with a province code or century digit vaxrec's tables lack are loaded, and
counted as warnings (REGISTRY_ID_UNCHECKED).

The import also stores the registry as the linker reads it (the citizens packed, and the blocking
index), so that reconcile reads it instead of building it every run. It is built for one reading of
commune codes (--admin-units, as reconcile's); a run with the other reading builds its own in memory.

Examples:
  vaxrec registry import registry_part1.csv registry_part2.csv --db registry.sqlite
  vaxrec registry import extract.xlsx --sheet "Dân cư" --db registry.sqlite`;

export function registerRegistry(program: Command): void {
  const registry = program.command('registry').description('manage the citizen registry store');
  addCommonOptions(
    registry
      .command('import')
      .description('load registry CSV or Excel files into a SQLite database with the indexes linking needs')
      .argument('<registry.csv...>', 'registry CSV or .xlsx files (citizen_id, old_id, full_name, birth_date, gender, commune_code, phone)')
      .requiredOption('--db <registry.sqlite>', 'the SQLite database to create or replace')
      .option('--sheet <name>', 'the sheet of each workbook to load (default: its first visible sheet)')
      .option(
        '--admin-units <2025|as-entered>',
        `the reading the stored index is built for; ${ADMIN_UNITS_HELP}`,
        defaultConfig.adminUnits.mode,
      )
      .option('--json', 'print the import report as JSON'),
  )
    .addHelpText('after', HELP)
    .action(async (files: string[], o: CommonOptions & { db: string; json?: boolean; sheet?: string; adminUnits?: string }) => {
      const logger = loggerFor(o);
      const config = resolveConfig({ adminUnits: o.adminUnits });
      const report = await importRegistry(files, o.db, normalizeContext(defaultConfig), {
        fileMode: modesFor(o).fileMode,
        read: { sheet: o.sheet },
        logger,
        packFor: adminUnitsFor(config.adminUnits.mode, config.adminUnits.dataset),
      });
      logger.info({ stage: 'registry_import', rows: report.loaded, rejected: report.rejected, ms: Math.round(report.ms) }, 'stage');
      if (o.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else if (!o.quiet) {
        const reasons = Object.entries(report.rejectsByReason)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n');
        const flagged = Object.entries(report.flaggedByCode)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n');
        process.stdout.write(
          `Imported ${report.loaded} citizens into ${o.db} (${report.rejected} rejected, ${report.repeated} repeated rows skipped) in ${(report.ms / 1000).toFixed(1)} s\n` +
            (reasons ? `Rejected rows by reason:\n${reasons}\n` : '') +
            (flagged ? `Citizens kept with a flagged ID (warnings):\n${flagged}\n` : ''),
        );
      }
    });
}
