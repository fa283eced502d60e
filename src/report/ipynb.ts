/**
 * The parts of the Jupyter notebook format (nbformat 4) that reports read, and reading a notebook
 * with clear errors: not JSON, not a notebook, or nbformat 3 and older.
 *
 * @see https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import fs from 'node:fs';
import { DataFormatError, NotFoundError } from '../util/errors.js';

/** Text in nbformat: a string or a list of lines (each keeping its newline). */
export type MultilineText = string | readonly string[];

/** One output of a code cell. */
export interface IpynbOutput {
  /** 'stream' | 'display_data' | 'execute_result' | 'error' (or 'update_display_data' left by some clients). */
  output_type: string;
  /** Stream name: 'stdout' | 'stderr'. */
  name?: string;
  text?: MultilineText;
  /** Mime bundle: text types as MultilineText, `+json` types as JSON, images as base64. */
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: readonly string[];
}

/** One cell. */
export interface IpynbCell {
  /** 'code' | 'markdown' | 'raw'. */
  cell_type: string;
  id?: string;
  source: MultilineText;
  metadata?: { tags?: readonly string[]; [key: string]: unknown };
  outputs?: readonly IpynbOutput[];
  execution_count?: number | null;
  /** Markdown attachments: name → mime type → base64. */
  attachments?: Record<string, Record<string, string>>;
}

/** A notebook. */
export interface IpynbNotebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string; version?: string };
    title?: string;
    [key: string]: unknown;
  };
  cells: readonly IpynbCell[];
}

/** Joins nbformat multiline text. */
export function joinText(text: MultilineText | undefined): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : text.join('');
}

/**
 * Checks that a parsed JSON value is an nbformat 4 notebook.
 * @param value - JSON text or the parsed value.
 * @param file - Named in errors.
 * @throws DataFormatError on invalid JSON, a value that is not a notebook, or nbformat < 4.
 */
export function parseNotebook(value: unknown, file?: string): IpynbNotebook {
  const ctx = file ? { file } : {};
  let nb = value;
  if (typeof value === 'string') {
    try {
      nb = JSON.parse(value) as unknown;
    } catch (err) {
      throw new DataFormatError(`not a notebook: invalid JSON (${(err as Error).message})`, ctx);
    }
  }
  if (typeof nb !== 'object' || nb === null || Array.isArray(nb))
    throw new DataFormatError(
      `not a notebook: expected a JSON object, got ${Array.isArray(nb) ? 'an array' : typeof nb}`,
      ctx,
    );
  const obj = nb as Record<string, unknown>;
  if (typeof obj.nbformat !== 'number')
    throw new DataFormatError('not a notebook: no nbformat field', {
      ...ctx,
      hint: 'Pass a Jupyter .ipynb file',
    });
  if (obj.nbformat < 4)
    throw new DataFormatError(`nbformat ${obj.nbformat} is not supported, need 4`, {
      ...ctx,
      hint: 'Convert it with: jupyter nbconvert --to notebook --nbformat 4 <file>',
    });
  if (!Array.isArray(obj.cells)) throw new DataFormatError('not a notebook: no cells array', ctx);
  obj.cells.forEach((cell: unknown, i) => {
    if (
      typeof cell !== 'object' ||
      cell === null ||
      typeof (cell as { cell_type?: unknown }).cell_type !== 'string'
    )
      throw new DataFormatError(`not a notebook: cell ${i} has no cell_type`, ctx);
  });
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null))
    throw new DataFormatError('not a notebook: metadata must be an object', ctx);
  return {
    nbformat_minor: 0,
    ...obj,
    metadata: (obj.metadata ?? {}) as IpynbNotebook['metadata'],
  } as IpynbNotebook;
}

/**
 * Reads and checks a notebook file.
 * @throws NotFoundError when the file does not exist; DataFormatError as {@link parseNotebook}.
 */
export function readNotebook(file: string): IpynbNotebook {
  if (!fs.existsSync(file)) throw new NotFoundError(`notebook not found: ${file}`);
  return parseNotebook(fs.readFileSync(file, 'utf8'), file);
}

/** True when the cell carries the tag. */
export function hasTag(cell: IpynbCell, tag: string): boolean {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

/** True when some code cell ran: it has outputs or an execution count. */
export function wasExecuted(nb: IpynbNotebook): boolean {
  return nb.cells.some(
    (c) => c.cell_type === 'code' && ((c.outputs?.length ?? 0) > 0 || typeof c.execution_count === 'number'),
  );
}
