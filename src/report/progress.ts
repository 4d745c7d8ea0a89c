// Progress bars on stderr, one per stage (rows, rows/s, time left); a no-op when stderr is not a terminal or with --quiet.

import cliProgress from 'cli-progress';

export interface Progress {
  /** Begin a stage; `total` <= 0 means the total is not known (a counter without bar or time left). */
  start(stage: string, total: number): void;
  update(done: number): void;
  stop(): void;
}

const NOOP: Progress = { start() {}, update() {}, stop() {} };

/** Redraws are throttled by cli-progress; this also spares it a call per row on million-row stages. */
const MIN_UPDATE_MS = 100;

function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '-';
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(1)}M`;
  if (perSec >= 1e4) return `${Math.round(perSec / 1e3)}k`;
  return String(Math.round(perSec));
}

export function createProgress(opts: { quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || stream.isTTY !== true) return NOOP;

  let bar: cliProgress.SingleBar | null = null;
  let t0 = 0;
  let lastUpdate = 0;
  let total = 0;
  let latest = 0;
  let calls = 0;

  const payload = (done: number) => ({ rate: formatRate((done * 1000) / Math.max(1, Date.now() - t0)) });

  const stop = (): void => {
    if (bar) {
      // The last updates may have been throttled: show the final count before leaving the line.
      bar.update(latest, payload(latest));
      bar.stop();
    }
    bar = null;
  };

  return {
    start(stage, n) {
      stop();
      total = n;
      t0 = Date.now();
      lastUpdate = 0;
      latest = 0;
      const known = n > 0;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: known
            ? `${stage.padEnd(10)} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | {eta_formatted} left`
            : `${stage.padEnd(10)} {value} rows | {rate} rows/s`,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(known ? n : 0, 0, payload(0));
    },
    update(done) {
      if (!bar) return;
      latest = done;
      // Read the clock once every 256 rows: this runs once per row on multi-million-row stages.
      if ((++calls & 255) !== 0 && done !== total) return;
      const now = Date.now();
      if (now - lastUpdate < MIN_UPDATE_MS && done !== total) return;
      lastUpdate = now;
      bar.update(done, payload(done));
    },
    stop,
  };
}
