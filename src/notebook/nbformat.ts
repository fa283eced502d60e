/**
 * Jupyter notebooks (nbformat 4.5) in memory and on disk.
 *
 * ```
 *  text ─JSON.parse─▶ nbformat 4? (3 → rejected with how to convert; other → rejected)
 *       ─upgrade 4.0–4.4 → 4.5 (adds cell ids, as nbformat does)─▶ schema validation
 *       ─rejoin lists of lines into strings (nbformat's rejoin_lines)─▶ Notebook
 *  Notebook ─schema validation─▶ nbformat's layout (sorted keys, indent 1, multi-line strings as
 *           lists of lines, non-ASCII kept) ─writeFileAtomic─▶ file
 * ```
 *
 * @see https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { writeFileAtomic } from '../util/atomic-write.js';
import { DataFormatError, NotFoundError } from '../util/errors.js';
import { NBFORMAT_V4_5_SCHEMA } from './nbformat-schema.js';
import { validateJson, type SchemaIssue } from './schema-validator.js';

/** A string, or the list of its lines (each but the last ending with its newline). */
export type MultilineString = string | string[];
/** mime type → data: text (multi-line) for most types, any JSON for `application/…json`. */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr' | (string & {});
  text: MultilineString;
}
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count: number | null;
}
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}
/** One output of a code cell. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** Cell metadata; `tags` drive parameters (papermill) and regression comparisons (nbval). */
export interface CellMetadata {
  tags?: string[];
  [key: string]: unknown;
}
export interface CodeCell {
  id: string;
  cell_type: 'code';
  metadata: CellMetadata;
  source: MultilineString;
  outputs: Output[];
  execution_count: number | null;
}
export interface MarkdownCell {
  id: string;
  cell_type: 'markdown';
  metadata: CellMetadata;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}
export interface RawCell {
  id: string;
  cell_type: 'raw';
  metadata: CellMetadata;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}
export type Cell = CodeCell | MarkdownCell | RawCell;

export interface NotebookMetadata {
  kernelspec?: { name: string; display_name: string; language?: string; [key: string]: unknown };
  language_info?: { name: string; [key: string]: unknown };
  [key: string]: unknown;
}
/** A notebook, nbformat 4.5. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: Cell[];
}

/** Joins a multi-line string. */
export function joinText(text: MultilineString | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/** A cell's source as one string. */
export function cellSource(cell: Cell): string {
  return joinText(cell.source);
}

/** The cell's tags (empty when none). */
export function cellTags(cell: Cell): string[] {
  return Array.isArray(cell.metadata.tags) ? cell.metadata.tags : [];
}

/** A fresh cell id (8 random hex digits, nbformat's `random_cell_id` length). */
export function newCellId(): string {
  return randomBytes(4).toString('hex');
}

/** Violations of the nbformat 4.5 JSON schema (empty when valid), plus duplicate cell ids. */
export function validateNotebook(notebook: unknown): SchemaIssue[] {
  const issues = validateJson(NBFORMAT_V4_5_SCHEMA, notebook);
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  if (Array.isArray(cells)) {
    const seen = new Set<unknown>();
    cells.forEach((cell: { id?: unknown } | null, i) => {
      if (cell?.id === undefined) return;
      if (seen.has(cell.id))
        issues.push({ path: `/cells/${i}/id`, message: `duplicate cell id ${JSON.stringify(cell.id)}` });
      seen.add(cell.id);
    });
  }
  return issues;
}

function describeIssues(issues: readonly SchemaIssue[], limit = 5): string {
  const head = issues.slice(0, limit).map((i) => `${i.path || '/'}: ${i.message}`);
  if (issues.length > limit) head.push(`… and ${issues.length - limit} more`);
  return head.join('; ');
}

/**
 * Throws unless `notebook` is a valid nbformat 4.5 notebook.
 * @throws DataFormatError listing the first violations with their JSON pointers.
 */
export function assertValidNotebook(notebook: unknown, file?: string): asserts notebook is Notebook {
  const issues = validateNotebook(notebook);
  if (issues.length > 0)
    throw new DataFormatError(
      `not a valid nbformat 4.5 notebook: ${describeIssues(issues)}`,
      file ? { file } : {},
    );
}

/**
 * Parses notebook JSON: nbformat 4.0–4.4 are upgraded to 4.5 (random cell ids, as nbformat does),
 * then the result is validated.
 * @throws DataFormatError for invalid JSON, a non-notebook, nbformat 3 (with the command converting
 * it) or another major version, and schema violations.
 */
export function parseNotebook(text: string, file?: string): Notebook {
  const where = file ? { file } : {};
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new DataFormatError(`not a notebook: invalid JSON (${(err as Error).message})`, where);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('nbformat' in json))
    throw new DataFormatError('not a Jupyter notebook: the JSON has no nbformat field', where);
  const nb = json as Record<string, unknown>;
  if (nb.nbformat === 3 || nb.nbformat === 2 || nb.nbformat === 1)
    throw new DataFormatError(
      `nbformat ${String(nb.nbformat)} notebooks are not supported (quantbook reads nbformat 4)`,
      {
        ...where,
        hint: `Convert it first: jupyter nbconvert --to notebook --nbformat 4 ${file ?? '<notebook.ipynb>'}`,
      },
    );
  if (nb.nbformat !== 4)
    throw new DataFormatError(
      `unsupported nbformat ${JSON.stringify(nb.nbformat)}: quantbook reads nbformat 4`,
      where,
    );
  if (typeof nb.nbformat_minor === 'number' && nb.nbformat_minor < 5) {
    nb.nbformat_minor = 5;
    if (Array.isArray(nb.cells))
      for (const cell of nb.cells as Record<string, unknown>[])
        if (cell && typeof cell === 'object' && cell.id === undefined) cell.id = newCellId();
  }
  assertValidNotebook(nb, file);
  return rejoinLines(nb);
}

function rejoinBundle(bundle: MimeBundle): void {
  for (const [mime, value] of Object.entries(bundle))
    if (!isJsonMime(mime) && Array.isArray(value) && value.every((v) => typeof v === 'string'))
      bundle[mime] = value.join('');
}

/** nbformat's `rejoin_lines`: multi-line strings stored as lists of lines become strings again (in place). */
function rejoinLines(notebook: Notebook): Notebook {
  for (const cell of notebook.cells) {
    cell.source = joinText(cell.source);
    if (cell.cell_type !== 'code') {
      for (const bundle of Object.values(cell.attachments ?? {})) rejoinBundle(bundle);
      continue;
    }
    for (const output of cell.outputs) {
      if (output.output_type === 'stream') output.text = joinText(output.text);
      else if (output.output_type !== 'error') rejoinBundle(output.data);
    }
  }
  return notebook;
}

/** Reads and parses a notebook file (see {@link parseNotebook}). @throws NotFoundError, DataFormatError. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read notebook: ${(err as Error).message}`, { file });
  }
  return parseNotebook(text, file);
}

/** Is the UTF-16 code unit a line break of Python's splitlines? */
function isBreak(c: number): boolean {
  return (
    c === 0x0a ||
    c === 0x0d ||
    c === 0x0b ||
    c === 0x0c ||
    (c >= 0x1c && c <= 0x1e) ||
    c === 0x85 ||
    c === 0x2028 ||
    c === 0x2029
  );
}

/**
 * Python's `str.splitlines(keepends=True)`: splits after \n, \r\n, \r, \v, \f, \x1c–\x1e, \x85, \u2028,
 * \u2029. A linear scan (a regular expression overflowed the stack on a ~10 MB line holding non-ASCII
 * characters, e.g. a large inline SVG).
 */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isBreak(c)) continue;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const isJsonMime = (mime: string): boolean =>
  mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

function splitBundle(bundle: MimeBundle): MimeBundle {
  return Object.fromEntries(
    Object.entries(bundle).map(([mime, value]) => [
      mime,
      typeof value === 'string' && !isJsonMime(mime) && (mime.startsWith('text/') || SPLIT_MIMES.has(mime))
        ? splitLines(value)
        : value,
    ]),
  );
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, sortKeys(obj[k])]),
  );
}

/**
 * The file text nbformat writes for `notebook`: multi-line strings split into lines (sources, stream
 * text, text-like mime data; JSON mime data untouched), keys sorted, indent 1, non-ASCII kept, and a
 * trailing newline. Does not modify `notebook`.
 */
export function serializeNotebook(notebook: Notebook): string {
  const split = {
    ...notebook,
    cells: notebook.cells.map((cell) => {
      const source = typeof cell.source === 'string' ? splitLines(cell.source) : cell.source;
      if (cell.cell_type !== 'code') {
        const attachments = cell.attachments
          ? Object.fromEntries(Object.entries(cell.attachments).map(([k, b]) => [k, splitBundle(b)]))
          : undefined;
        return { ...cell, source, ...(attachments ? { attachments } : {}) };
      }
      const outputs = cell.outputs.map((o) =>
        o.output_type === 'stream'
          ? { ...o, text: typeof o.text === 'string' ? splitLines(o.text) : o.text }
          : o.output_type === 'error'
            ? o
            : { ...o, data: splitBundle(o.data) },
      );
      return { ...cell, source, outputs };
    }),
  };
  return `${JSON.stringify(sortKeys(split), null, 1)}\n`;
}

/**
 * Validates and writes a notebook atomically (see {@link serializeNotebook}).
 * @throws DataFormatError when the notebook violates the schema (nothing is written).
 */
export function writeNotebook(file: string, notebook: Notebook): void {
  assertValidNotebook(notebook, file);
  writeFileAtomic(file, serializeNotebook(notebook));
}
