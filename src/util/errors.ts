/**
 * Typed errors. Every error quantbook throws on bad input is a {@link QuantbookError}: its message
 * names the offending value and what to do about it (scikit-learn style: `rsi: period must be an
 * integer ≥ 1, got 0`), and its fields carry the same facts for programs.
 */

/** Where a problem was found: a file, a 1-based line or row, a symbol and date. */
export interface ErrorContext {
  /** The file being read or written. */
  file?: string;
  /** 1-based line number in a text file (header = line 1), when known. */
  line?: number;
  /** A short instruction on how to fix the input. */
  hint?: string;
  /** The underlying error, if this one wraps another. */
  cause?: unknown;
}

/** Base class of every quantbook error. `code` is a stable machine-readable identifier. */
export class QuantbookError extends Error {
  readonly code: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string | undefined;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    const where = context.file ? ` (${context.file}${context.line ? `, line ${context.line}` : ''})` : '';
    const hint = context.hint ? `. ${context.hint}` : '';
    super(`${message}${where}${hint}`, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = context.file;
    this.line = context.line;
    this.hint = context.hint;
  }
}

/** The data does not have the shape the operation needs: missing or mistyped columns, unsorted or duplicate keys. */
export class SchemaError extends QuantbookError {
  constructor(message: string, context: ErrorContext = {}) {
    super('E_SCHEMA', message, context);
  }
}

/** A file cannot be decoded: corrupt or truncated Parquet or gzip, an empty file, unparseable values. */
export class DataFormatError extends QuantbookError {
  constructor(message: string, context: ErrorContext = {}) {
    super('E_FORMAT', message, context);
  }
}

/** A path that should exist does not, or holds nothing usable (a directory without CSV files). */
export class NotFoundError extends QuantbookError {
  constructor(message: string, context: ErrorContext = {}) {
    super('E_NOT_FOUND', message, context);
  }
}

/** A model was used (predict, export) before `fit`. */
export class NotFittedError extends QuantbookError {
  constructor(what: string) {
    super('E_NOT_FITTED', `${what} is not fitted yet`, { hint: 'Call fit(X, y) first' });
  }
}

/**
 * A parameter is out of its domain. Extends the built-in `RangeError` so callers that check
 * `instanceof RangeError` work, and carries the same `code` convention as {@link QuantbookError}.
 */
export class ParameterError extends RangeError {
  readonly code = 'E_PARAMETER';
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}

/** Renders any thrown value as a one-line message (for the CLI). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
