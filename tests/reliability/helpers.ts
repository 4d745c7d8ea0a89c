// Shared by the reliability tests: run the pipeline in-process (no child process) on dose files.

import { fileURLToPath } from 'node:url';
import { defaultConfig, type Config } from '../../src/config/index.js';
import { checkAccounting, runStages, type RunResult } from '../../src/pipeline.js';
import { silentLogger } from '../../src/log.js';

export const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
export const BASIC_CASE = fileURLToPath(new URL('../cli/cases/basic/', import.meta.url));

export const config: Config = { ...defaultConfig, normalize: { ...defaultConfig.normalize, today: '2022-08-27' } };

/** runStages + checkAccounting, as `vaxrec reconcile` does before writing; `registry` may be a CSV or a .sqlite. */
export async function reconcileInProcess(registry: string, doses: string[]): Promise<{ result: RunResult; counts: ReturnType<typeof checkAccounting> }> {
  const result = await runStages({
    registry,
    doses,
    out: '/nonexistent-not-written',
    excel: false,
    fileMode: 0o600,
    dirMode: 0o700,
    config,
    logger: silentLogger(),
    version: 'test',
  });
  return { result, counts: checkAccounting(result) };
}

/** Physical line breaks inside a record's cells (CRLF counts once), to know which lines a record spans. */
export function breaksIn(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) n += (c.match(/\r\n|\r|\n/g) ?? []).length;
  return n;
}
