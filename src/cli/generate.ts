// `vaxrec generate`: write a synthetic registry, damaged dose files and the ground truth, for demos and benchmarks.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { DAMAGE_RATES, DAMAGE_TAGS, generateDataset, resolveRates } from '../generate/index.js';

const HELP = `
Writes into --out:
  registry.csv     the citizen registry (people not in it still get doses: about 3 %)
  doses_NN.csv     one file per group of facilities (--files), with damaged details, duplicates and re-uploads
  truth.csv        one row per dose row: file, line, record_id, citizen_id (true registry ID, empty when the
                   person is not in the registry), person_id, event_id (same event = same real dose),
                   kind (original | second_facility | reupload), damage (tags applied, ";"-separated)
  generate.json    the options, resolved rates and counts
The same --seed always gives the same bytes. Every damage tag has a documented default rate
(src/generate/rates.ts); switch one off with --no-<tag> (e.g. --no-name-tcvn3) or set rates with
--rates rates.json ({"id_missing": 0.1, "name_vni": 0}).

Damage tags: ${DAMAGE_TAGS.join(', ')}

Examples:
  vaxrec generate --persons 20000 --out fixtures/demo --seed 7
  vaxrec generate --persons 1000000 --doses 1000000 --out .cache/big --vi-headers --no-name-tcvn3 --no-name-vni`;

const kebab = (tag: string): string => tag.replace(/_/g, '-');
const camel = (tag: string): string => tag.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function positiveInt(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} must be a whole number >= ${min}; got "${v}"`);
  return Number(v);
}

export function registerGenerate(program: Command): void {
  const cmd = program
    .command('generate')
    .description('generate a synthetic registry, dose files and ground truth (deterministic for a seed)')
    .requiredOption('--persons <n>', 'number of people')
    .requiredOption('--out <dir>', 'output directory (created if missing; files are overwritten)')
    .option('--seed <s>', 'random seed', '1')
    .option('--doses <m>', 'approximate total dose records (default: 2.25 per person)')
    .option('--files <k>', 'number of dose files', '4')
    .option('--vi-headers', 'use the Vietnamese platform headers in dose files (Mã bản ghi, Họ và tên, ...)')
    .option('--rates <json>', 'JSON file of damage rates by tag, overriding the defaults')
    .option('--quiet', 'print nothing but errors');
  for (const tag of DAMAGE_TAGS) cmd.option(`--no-${kebab(tag)}`, `switch off ${tag} (default rate ${DAMAGE_RATES[tag].rate})`);
  cmd.addHelpText('after', HELP).action(async (o: Record<string, unknown>) => {
    const persons = positiveInt('--persons', o.persons as string, 1)!;
    const seed = positiveInt('--seed', o.seed as string, 0)!;
    const doses = positiveInt('--doses', o.doses as string | undefined, 0);
    const files = positiveInt('--files', o.files as string, 1)!;
    let rates: Record<string, number> = {};
    if (typeof o.rates === 'string') {
      let text: string;
      try {
        text = readFileSync(o.rates, 'utf8');
      } catch {
        throw new UsageError(`--rates: cannot read "${o.rates}"`);
      }
      try {
        rates = JSON.parse(text) as Record<string, number>;
      } catch {
        throw new UsageError(`--rates: "${o.rates}" is not valid JSON; expected an object such as {"id_missing": 0.05}`);
      }
      if (typeof rates !== 'object' || rates === null || Array.isArray(rates)) {
        throw new UsageError(`--rates: expected a JSON object of tag -> rate`);
      }
    }
    for (const tag of DAMAGE_TAGS) if (o[camel(tag)] === false) rates[tag] = 0;
    try {
      resolveRates(rates);
    } catch (e) {
      throw new UsageError(`--rates: ${(e as Error).message}`);
    }
    const t0 = Date.now();
    const r = await generateDataset({ persons, outDir: o.out as string, seed, doses, files, viHeaders: Boolean(o.viHeaders), rates });
    if (!o.quiet) {
      process.stdout.write(
        `Wrote ${r.registryRows} registry rows, ${r.doseRows} dose rows (${r.events} real doses) in ${r.files.length} files and truth.csv to ${r.outDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
      );
    }
  });
}
