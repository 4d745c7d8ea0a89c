// Options shared by several commands: logging, output modes, the resolved configuration.

import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';

export interface CommonOptions {
  logLevel: string;
  logFile?: string;
  quiet?: boolean;
  umask: string;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--log-level <level>', 'log level: fatal, error, warn, info, debug, silent', 'warn')
    .option('--log-file <file>', 'write JSON log lines to this file instead of stderr')
    .option('--quiet', 'print nothing but errors')
    .option('--umask <octal>', 'permission bits removed from created files (default: owner-only)', '077');
}

export function loggerFor(o: CommonOptions): Logger {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(o.logLevel)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}; got "${o.logLevel}"`);
  return createLogger({ level: o.logLevel, file: o.logFile });
}

export function modesFor(o: CommonOptions): { fileMode: number; dirMode: number } {
  if (!/^[0-7]{1,4}$/.test(o.umask)) throw new UsageError(`--umask must be an octal number such as 077 or 022; got "${o.umask}"`);
  const mask = parseInt(o.umask, 8);
  return { fileMode: 0o666 & ~mask, dirMode: 0o777 & ~mask };
}
