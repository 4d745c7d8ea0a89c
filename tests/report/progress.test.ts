import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/report/progress.js';

/** A stream that records what is written, claiming to be a terminal or not. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as unknown as NodeJS.WriteStream & { text(): string };
  Object.assign(w, { isTTY, columns: 120, text: () => chunks.join('') });
  return w;
}

function runStages(stream: NodeJS.WriteStream, quiet = false): void {
  const p = createProgress({ quiet, stream });
  p.start('ingest', 1000);
  for (let i = 1; i <= 1000; i++) p.update(i);
  p.start('link', 0);
  p.update(42);
  p.stop();
  p.stop();
}

describe('createProgress', () => {
  it('draws a bar per stage on a terminal, with rows, rate and time left, ending on the final count', () => {
    const s = fakeStream(true);
    runStages(s);
    const text = s.text();
    expect(text).toContain('ingest');
    expect(text).toContain('1000/1000 rows');
    expect(text).toMatch(/rows\/s/);
    expect(text).toContain('left');
    // A stage of unknown size shows a counter without a bar.
    expect(text).toMatch(/link\s+42 rows/);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const s = fakeStream(false);
    runStages(s);
    expect(s.text()).toBe('');
  });

  it('writes nothing with --quiet, even on a terminal', () => {
    const s = fakeStream(true);
    runStages(s, true);
    expect(s.text()).toBe('');
  });

  it('ignores updates before start', () => {
    const s = fakeStream(true);
    const p = createProgress({ quiet: false, stream: s });
    p.update(5);
    p.stop();
    expect(s.text()).toBe('');
  });
});
