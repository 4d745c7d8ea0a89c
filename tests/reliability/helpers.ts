// Shared by the reliability tests: run the pipeline in-process (no child process) on dose files.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinkModel } from '../../src/link/index.js';
import { defaultConfig, type Config } from '../../src/config/index.js';
import { checkAccounting, runStages, type RunResult } from '../../src/pipeline.js';
import { silentLogger } from '../../src/log.js';

export const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
export const BASIC_CASE = fileURLToPath(new URL('../cli/cases/basic/', import.meta.url));

export const config: Config = { ...defaultConfig, normalize: { ...defaultConfig.normalize, today: '2022-08-27' } };

let pinned: LinkModel | undefined;

/**
 * runStages + checkAccounting, as `vaxrec reconcile` does before writing; `registry` may be a CSV or a .sqlite.
 * The linkage model is trained once (on the basic golden case) and then pinned, as `--model` does: training
 * takes most of a second even on a few rows, and these tests are about ingest and accounting, not linkage.
 */
export async function reconcileInProcess(
  registry: string,
  doses: string[],
): Promise<{ result: RunResult; counts: ReturnType<typeof checkAccounting> }> {
  pinned ??= (
    await run(
      join(BASIC_CASE, 'registry.csv'),
      ['doses_f1.csv', 'doses_f2.csv'].map((f) => join(BASIC_CASE, f)),
    )
  ).model;
  const result = await run(registry, doses, pinned);
  return { result, counts: checkAccounting(result) };
}

function run(registry: string, doses: string[], model?: LinkModel): Promise<RunResult> {
  return runStages({
    registry,
    doses,
    model,
    out: '/nonexistent-not-written',
    excel: false,
    fileMode: 0o600,
    dirMode: 0o700,
    config,
    logger: silentLogger(),
    version: 'test',
    lang: 'en',
    dateRange: {},
    dailyByCommune: false,
  });
}

/** Physical line breaks inside a record's cells (CRLF counts once), to know which lines a record spans. */
export function breaksIn(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) n += (c.match(/\r\n|\r|\n/g) ?? []).length;
  return n;
}
