// report.html in a real browser: Debian's Chromium, headless, loads it offline with no console message, and a screenshot is taken.

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtmlReport } from '../../src/report/html.js';
import { scratch } from '../helpers/tmp.js';
import { htmlRun } from './html-fixture.js';

const CHROMIUM = process.env.VAXREC_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// Under CI the test must run (a missing browser is a failure); elsewhere it is skipped with a message.
const ci = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI);
const skip = !available && !ci;
if (skip) console.warn(`browser.test: skipped: ${CHROMIUM} not found (apt-get install -y chromium; CI=true makes this test required)`);

const tmp = scratch();

/** The flags documented in the README: headless, no sandbox (containers), nothing fetched in the background, a fresh profile. */
function launch(page: string, action: string[]): { stdout: string; stderr: string; console: string[] } {
  const profile = mkdtempSync(join(tmp.dir, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--v=0',
      '--window-size=1200,2000',
      ...action,
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error) throw new Error(`cannot run ${CHROMIUM}: ${r.error.message}`);
  expect(r.status, r.stderr).toBe(0);
  // Page console output (console.*, uncaught exceptions, CSP refusals) is logged as "...:CONSOLE:<line>] ...".
  const console = r.stderr.split('\n').filter((l) => /:CONSOLE[:(\]]|Uncaught/.test(l));
  return { stdout: r.stdout, stderr: r.stderr, console };
}

describe.skipIf(skip)('report.html in Chromium', () => {
  it('the console check catches a page with errors (the detector works)', () => {
    const bad = tmp.write('bad.html', '<!DOCTYPE html><p>x</p><script>console.error("boom"); missingFunction();</script>');
    const { console } = launch(bad, ['--dump-dom']);
    expect(console.join('\n')).toContain('Uncaught ReferenceError');
  }, 90_000);

  it('loads offline with no console message, renders the charts, and is screenshotted', () => {
    const { run, summary } = htmlRun();
    const page = join(tmp.dir, 'report.html');
    writeFileSync(page, renderHtmlReport(run, summary, { linkThreshold: 0.99, reviewThreshold: 0.5 }));

    const png = process.env.VAXREC_SCREENSHOT ?? join(tmp.dir, 'report.png');
    const shot = launch(page, [`--screenshot=${png}`]);
    expect(shot.console).toEqual([]);
    expect(
      readFileSync(png)
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(20_000);

    const dom = launch(page, ['--dump-dom']);
    expect(dom.console).toEqual([]);
    for (const id of ['chart-accounting', 'chart-link-status', 'chart-moh', 'chart-scores', 'worst-mismatch', 'review']) {
      expect(dom.stdout).toContain(`id="${id}"`);
    }
    expect(dom.stdout).toContain('<rect');
    expect(dom.stdout).not.toMatch(/<script|<img/i);
  }, 90_000);
});
