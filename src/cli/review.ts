// `vaxrec review export|apply|log|undo`: the analysts' review round-trip on a work store (help text beside each command).

import type { Command } from 'commander';
import { EXIT, UsageError } from '../errors.js';
import { parseLang } from '../report/lang.js';
import { applyReview, exportReview, reviewLog, undoReview } from '../store/review.js';
import { reviewFilesFor } from '../review/files.js';
import { REVIEW_DECISIONS } from '../review/decisions.js';
import { modesFor } from './options.js';

const EXPORT_HELP = `
Writes the open review queue of the store, most valuable first: records vaxrec could not link safely (link
status review) and decisions re-opened because the facility corrected the record, then the possible-duplicate
pairs (two doses of one person closer than the product's minimum interval, kept apart by the evidence).

--out file.xlsx: one workbook, sheets "queue" and "duplicates" (frozen header, filters, IDs as text, a
drop-down on decision) and "help". --out file.csv: file.csv and file.duplicates.csv (UTF-8 with BOM).
Each queue row: the record as typed and as normalised, the reason, up to three candidate citizens with their
registry values, match probability and per-field weights, a suggested action, and the columns to fill:
  decision        ${REVIEW_DECISIONS.join(' | ')}
  citizen_id      link: the citizen (one of the candidates or any registry citizen); not_candidate: the one to exclude
  kept_record_id  duplicate_of / not_duplicate: the other dose (duplicates sheet: the pair's other record if empty)
  note, reviewer  kept with the decision
Give the file back with: vaxrec review apply <file> --store <work.sqlite>

Examples:
  vaxrec review export --store work.sqlite --out review/queue.xlsx
  vaxrec review export --store work.sqlite --out review/cs38001.xlsx --facility CS38001 --limit 200 --lang vi
  vaxrec review export --store work.sqlite --out review/queue.csv --commune 25431`;

const APPLY_HELP = `
Reads filled review files (.xlsx, or .csv: queue.csv brings queue.duplicates.csv along when it is beside it),
checks every row first and lists every problem with its row (unknown record or citizen, a record changed since
the export, rows that contradict each other...), then stores the valid decisions in one transaction. Applying
the same file again changes nothing. The next "vaxrec reconcile --store" run (or "model train --apply")
decides the records with them; from then on they take precedence over the model. Exit 1 when rows were refused
(the valid ones are stored all the same), 0 otherwise.

Examples:
  vaxrec review apply review/queue.xlsx --store work.sqlite
  vaxrec review apply review/queue.csv --store work.sqlite --json`;

const LOG_HELP = `
Every review decision: its id, when, who, the record, the decision and its arguments, the file and row it
came from, its state (active, undone, replaced by a later decision, reopened by a correction) and the run
that applied it.

Examples:
  vaxrec review log --store work.sqlite
  vaxrec review log --store work.sqlite --json`;

const UNDO_HELP = `
Takes back a decision (and the links it carried to the record's folded duplicates). The next
"vaxrec reconcile --store" run gives the records back to the model.

Examples:
  vaxrec review undo 12 --store work.sqlite`;

interface ExportCli {
  store: string;
  out: string;
  facility?: string[];
  commune?: string[];
  limit?: string;
  lang: string;
  umask: string;
  quiet?: boolean;
}

export function registerReview(program: Command): void {
  const review = program.command('review').description("the analysts' review round-trip: export the queue, apply decisions, log, undo");
  review
    .command('export')
    .description('write the open review queue (.xlsx or .csv) for analysts to fill')
    .requiredOption('--store <work.sqlite>', 'the work store')
    .requiredOption('--out <file.xlsx|file.csv>', 'the review file to write')
    .option('--facility <code...>', 'only records of these facilities')
    .option('--commune <code...>', 'only records of these communes')
    .option('--limit <n>', 'at most n records (and n pairs), the most valuable')
    .option('--lang <en|vi>', 'language of the column headers', 'en')
    .option('--umask <octal>', 'permission bits removed from created files (default: owner-only)', '077')
    .option('--quiet', 'print nothing but errors')
    .addHelpText('after', EXPORT_HELP)
    .action(async (o: ExportCli) => {
      const lang = parseLang(o.lang);
      if (!lang) throw new UsageError(`--lang must be en or vi; got "${o.lang}"`);
      if (!/\.(xlsx|csv)$/i.test(o.out)) throw new UsageError(`--out must end in .xlsx or .csv; got "${o.out}"`);
      let limit: number | undefined;
      if (o.limit !== undefined) {
        if (!/^\d+$/.test(o.limit) || Number(o.limit) < 1) throw new UsageError(`--limit must be a whole number >= 1; got "${o.limit}"`);
        limit = Number(o.limit);
      }
      const r = await exportReview({
        store: o.store,
        out: o.out,
        facilities: o.facility,
        communes: o.commune,
        limit,
        lang,
        fileMode: modesFor({ logLevel: 'warn', umask: o.umask }).fileMode,
      });
      if (!o.quiet)
        process.stdout.write(
          `Review queue: ${r.cases} records to decide and ${r.pairs} possible-duplicate pairs written to ${r.files.join(', ')}\n`,
        );
    });

  review
    .command('apply')
    .description('check a filled review file and store its decisions')
    .argument('<file...>', 'filled review files (.xlsx or .csv)')
    .requiredOption('--store <work.sqlite>', 'the work store')
    .option('--json', 'print a machine-readable result')
    .addHelpText('after', APPLY_HELP)
    .action(async (files: string[], o: { store: string; json?: boolean }) => {
      const r = await applyReview(o.store, reviewFilesFor(files));
      const p = r.plan;
      const carried = r.stored.length - p.decisions.length;
      if (o.json) {
        const out = {
          files: r.files,
          rows: r.rows,
          stored: r.stored.length,
          carried: r.stored.length - p.decisions.length,
          replaced: r.replaced,
          unchanged: p.unchanged,
          skipped: p.skipped,
          blank: p.blank,
          refused: p.problems.length,
          problems: p.problems.map((x) => ({ where: x.where, record_id: x.recordId, code: x.code, message: x.message })),
          decisions: r.stored.map((s) => ({ id: s.id, record_id: s.recordKey, decision: s.decision })),
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        const lines = p.problems.map((x) => `  ${x.where}: ${x.code} record ${x.recordId || '-'}: ${x.message}`);
        process.stdout.write(
          `${r.rows} rows read from ${r.files.join(', ')}: ${p.decisions.length} decisions stored` +
            `${carried > 0 ? ` (+${carried} folded duplicates carried with a link)` : ''}, ` +
            `${p.unchanged} already in force, ${p.skipped} skipped, ${p.problems.length} refused` +
            `${r.replaced > 0 ? `, ${r.replaced} earlier decisions replaced` : ''}\n` +
            (lines.length > 0 ? `Refused rows (nothing was stored for them):\n${lines.join('\n')}\n` : '') +
            (p.decisions.length > 0 ? `The next vaxrec reconcile --store ${o.store} run applies them.\n` : ''),
        );
      }
      process.exitCode = p.problems.length > 0 ? EXIT.PROBLEMS : EXIT.OK;
    });

  review
    .command('log')
    .description('who decided what, when')
    .requiredOption('--store <work.sqlite>', 'the work store')
    .option('--json', 'print a machine-readable result')
    .addHelpText('after', LOG_HELP)
    .action((o: { store: string; json?: boolean }) => {
      const log = reviewLog(o.store);
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify(
            log.map((d) => ({
              id: d.id,
              decided: d.decided,
              reviewer: d.reviewer,
              record_id: d.recordKey,
              decision: d.decision,
              citizen_id: d.citizenId,
              kept_record_id: d.otherKey,
              note: d.note,
              source: d.sourceRow,
              before: d.before,
              carried_with: d.parentId,
              state: d.state,
              state_changed: d.stateChanged,
              state_reason: d.stateReason,
              applied_run: d.appliedRun,
            })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      if (log.length === 0) {
        process.stdout.write('No review decisions yet.\n');
        return;
      }
      for (const d of log) {
        const args = [d.citizenId, d.otherKey].filter((x) => x !== '').join(' ');
        const state =
          d.state === 'active'
            ? d.appliedRun === null
              ? 'active, waiting for the next run'
              : `active since run ${d.appliedRun}`
            : `${d.state} ${d.stateChanged?.slice(0, 19) ?? ''} (${d.stateReason})`;
        process.stdout.write(
          `#${d.id} ${d.decided.slice(0, 19)} ${d.reviewer || '?'}: ${d.recordKey} ${d.decision}${args ? ` ${args}` : ''} ` +
            `[${d.sourceRow}] ${state}${d.note ? ` note: ${d.note}` : ''}\n`,
        );
      }
    });

  review
    .command('undo')
    .description('take back a review decision')
    .argument('<decision-id>', 'the decision id (review log)')
    .requiredOption('--store <work.sqlite>', 'the work store')
    .addHelpText('after', UNDO_HELP)
    .action((id: string, o: { store: string }) => {
      if (!/^\d+$/.test(id)) throw new UsageError(`the decision id is a number (see vaxrec review log); got "${id}"`);
      const r = undoReview(o.store, Number(id));
      process.stdout.write(
        `Undone: ${r.undone.map((x) => `#${x}`).join(', ')}. ` +
          `The next vaxrec reconcile --store ${o.store} run gives the records back to the model.\n`,
      );
    });
}
