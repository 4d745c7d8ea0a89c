// Logging: pino JSON lines on stderr (or --log-file). Callers pass counts, codes, record_ids, files and lines only:
// never a name, ID, phone or birth date.

import pino, { type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level: string;
  file?: string;
}

export function createLogger(opts: LogOptions): Logger {
  const dest = opts.file ? pino.destination({ dest: opts.file, sync: true, mkdir: true }) : pino.destination({ fd: 2, sync: true });
  return pino({ level: opts.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, dest);
}

/** A logger that drops everything (library use, tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
