// The command table: every vaxrec command and global behaviour; the only place that chooses exit codes.

import { Command, CommanderError } from 'commander';
import { EXIT, VaxrecError } from '../errors.js';
import { registerReconcile } from './reconcile.js';
import { registerRegistry } from './registry.js';
import { registerValidate } from './validate.js';
import { registerGenerate } from './generate.js';
import { registerSummary } from './summary.js';
import { registerStore } from './store.js';
import { registerReview } from './review.js';
import { VERSION } from '../version.js';

const EXIT_HELP = `
Exit codes:
  0   success (validate: no errors; with --strict or --max-warnings N, not too many warnings)
  1   validate found errors (or too many warnings)
  2   usage error, or an input that cannot be used (missing column, unreadable file)
  3   another run holds the lock on --out
  70  internal error (a failed invariant such as row accounting): please report it

Examples:
  vaxrec registry import registry.csv --db registry.sqlite
  vaxrec reconcile --registry registry.sqlite --doses doses_*.csv --out out/
  vaxrec validate doses_*.csv --json
  vaxrec summary out/
  vaxrec reconcile --store work.sqlite --registry registry.sqlite --doses tonight/*.csv --out out/tonight
  vaxrec export --store work.sqlite --out out/state
  vaxrec review export --store work.sqlite --out review/queue.xlsx
  vaxrec review apply review/queue.xlsx --store work.sqlite`;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vaxrec')
    .description('Reconcile COVID-19 vaccination dose records against the national citizen registry.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP);
  registerRegistry(program);
  registerReconcile(program);
  registerValidate(program);
  registerGenerate(program);
  registerSummary(program);
  registerStore(program);
  registerReview(program);
  return program;
}

/** Run the CLI; resolves to the process exit code. Never calls process.exit itself. */
export async function main(argv: readonly string[]): Promise<number> {
  // `vaxrec ... | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.OK);
    throw e;
  });
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (e instanceof VaxrecError) {
      process.stderr.write(`vaxrec: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`vaxrec: internal error: ${err.stack ?? err.message}\n`);
    return EXIT.INTERNAL;
  }
}
