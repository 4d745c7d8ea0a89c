// The three kinds of failure: usage errors, input errors (file + line + column), and internal invariant failures.
// Bad rows are data (rejects.csv), never exceptions.

export const EXIT = {
  OK: 0,
  /** validate: problems found; reconcile: finished but a check failed. */
  PROBLEMS: 1,
  /** Wrong command line, or an input that cannot be used at all (missing column, undecodable file). */
  USAGE: 2,
  /** Another run holds the lock on --out. */
  LOCKED: 3,
  /** An internal invariant failed (e.g. row accounting): a bug, never the user's fault. */
  INTERNAL: 70,
} as const;

export class VaxrecError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command line is wrong; the message says what to type instead. */
export class UsageError extends VaxrecError {
  constructor(message: string, code = 'USAGE') {
    super(message, code, EXIT.USAGE);
  }
}

/** An input file cannot be used (names the file, and the line/column when known). Never carries personal data. */
export class InputError extends VaxrecError {
  constructor(
    message: string,
    code: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(InputError.format(message, file, line, column), code, EXIT.USAGE);
  }
  static format(message: string, file: string, line?: number, column?: string): string {
    let where = file;
    if (line !== undefined) where += `:${line}`;
    if (column !== undefined) where += ` (column ${column})`;
    return `${where}: ${message}`;
  }
}

export class LockedError extends VaxrecError {
  constructor(message: string) {
    super(message, 'OUT_LOCKED', EXIT.LOCKED);
  }
}

/** An invariant of the tool itself failed. */
export class InternalError extends VaxrecError {
  constructor(message: string, code = 'INTERNAL') {
    super(message, code, EXIT.INTERNAL);
  }
}
