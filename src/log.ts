// Logging: pino JSON lines on stderr (or --log-file). Callers pass counts, codes, record_ids, files and lines only:
// never a name, ID, phone or birth date.

import pino, { type Logger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LogOptions {
  level: string;
  file?: string;
}

/** JSON lines to a file or a pipe; one readable line per event on a terminal. */
export function createLogger(opts: LogOptions): Logger {
  let dest: DestinationStream;
  if (opts.file) dest = pino.destination({ dest: opts.file, sync: true, mkdir: true });
  else if (process.stderr.isTTY)
    dest = pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
  else dest = pino.destination({ fd: 2, sync: true });
  return pino({ level: opts.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, dest);
}

/** A logger that drops everything (library use, tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
