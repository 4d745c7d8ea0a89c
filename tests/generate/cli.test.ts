// `vaxrec generate` option handling: switches, rates file, usage errors (run in-process through commander).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerGenerate } from '../../src/cli/generate.js';
import { UsageError } from '../../src/errors.js';

const root = mkdtempSync(join(tmpdir(), 'vaxrec-gencli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerGenerate(program);
  await program.parseAsync(['node', 'vaxrec', 'generate', ...args, '--quiet']);
}

describe('vaxrec generate', () => {
  it('applies --no-<tag> and --rates, and records them in generate.json', async () => {
    const rates = join(root, 'rates.json');
    writeFileSync(rates, JSON.stringify({ id_missing: 0.5, name_upper: 0 }));
    const out = join(root, 'a');
    await run(['--persons', '300', '--out', out, '--seed', '4', '--files', '2', '--rates', rates, '--no-name-vni', '--no-second-facility']);
    const meta = JSON.parse(readFileSync(join(out, 'generate.json'), 'utf8')) as { rates: Record<string, number>; files: string[] };
    expect(meta.rates).toMatchObject({ id_missing: 0.5, name_upper: 0, name_vni: 0, second_facility: 0 });
    expect(meta.files).toEqual(['doses_01.csv', 'doses_02.csv']);
    const truth = readFileSync(join(out, 'truth.csv'), 'utf8');
    expect(truth).not.toContain('name_upper');
    expect(truth).not.toContain('second_facility');
    expect(truth.split('id_missing').length - 1).toBeGreaterThan(150);
  });

  it('throws UsageError for bad numbers, unknown tags and unreadable rates files', async () => {
    await expect(run(['--persons', 'ten', '--out', join(root, 'b')])).rejects.toBeInstanceOf(UsageError);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ no_such_tag: 0.1 }));
    await expect(run(['--persons', '10', '--out', join(root, 'b'), '--rates', bad])).rejects.toThrow(/unknown damage tag/);
    await expect(run(['--persons', '10', '--out', join(root, 'b'), '--rates', join(root, 'missing.json')])).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});
