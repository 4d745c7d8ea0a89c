// The README documents every stable code: the tables between the markers are generated from src/codes.ts.
// UPDATE_GOLDEN=1 npm test rewrites them on purpose.

import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODES, INPUT_ERROR_CODES, type CodeInfo } from '../../src/codes.js';
import { DUPLICATE_RULES } from '../../src/dedupe/index.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

export function codesMarkdown(): string {
  const rows = (dest: string) =>
    Object.entries(CODES as Record<string, CodeInfo>)
      .filter(([, c]) => c.dest === dest)
      .map(([code, c]) => `| \`${code}\` | ${c.moh || ''} | ${c.en} | ${c.vi} |`)
      .join('\n');
  return [
    'Rows that cannot be used at all (**rejects.csv**, `reason`):',
    '',
    '| code | category | meaning | Vietnamese |',
    '|---|---|---|---|',
    rows('reject'),
    '',
    'Problems in kept records (**mismatches.csv**, `issue`; `category` is the Ministry of Health cleaning category, and each record counts in one category: the first of a, b, c that applies):',
    '',
    '| code | category | meaning | Vietnamese |',
    '|---|---|---|---|',
    rows('mismatch'),
    '',
    'Duplicate rules (**duplicates.csv**, `rule`): ' + DUPLICATE_RULES.map((r) => `\`${r}\``).join(', ') + '.',
    '',
    'Input errors (exit 2, printed as `file:line (column): message`; nothing is written):',
    '',
    '| code | meaning |',
    '|---|---|',
    ...Object.entries(INPUT_ERROR_CODES).map(([code, en]) => `| \`${code}\` | ${en} |`),
  ].join('\n');
}

describe('README', () => {
  it('lists every problem code, duplicate rule and input error code', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf('<!-- codes:start -->\n');
    const end = text.indexOf('<!-- codes:end -->');
    expect(start).toBeGreaterThan(0);
    const current = text.slice(start + '<!-- codes:start -->\n'.length, end);
    const expected = codesMarkdown() + '\n';
    if (process.env.UPDATE_GOLDEN === '1' && current !== expected) {
      writeFileSync(README, text.slice(0, start) + '<!-- codes:start -->\n' + expected + text.slice(end));
      return;
    }
    expect(current).toBe(expected);
  });
});
