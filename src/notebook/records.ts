/**
 * Recorded values (scrapbook's idea for TypeScript): `record('auc', 0.61)` in a notebook cell stores a
 * named value in the executed notebook, as a display_data output with the mime type
 * `application/vnd.quantbook.record+json`:
 *
 * ```json
 * { "output_type": "display_data", "metadata": {},
 *   "data": { "application/vnd.quantbook.record+json": { "name": "auc", "value": 0.61 } } }
 * ```
 *
 * Values are JSON; non-finite numbers (NaN, ±Infinity) are stored as `{ "$number": "NaN" }`, typed
 * arrays as arrays, dates as ISO strings, objects with `toJSON()` by it. `readRecords(notebook)`
 * decodes them back (the last record of a name wins).
 *
 * Inside a tslab cell, `record` writes through tslab's own display API (`__tslab__.require('tslab')`,
 * the module instance tslab hands to cells, so it works wherever quantbook and tslab are installed).
 * Outside a kernel it does nothing. This file imports nothing else from quantbook, so
 * `import { record } from 'quantbook'` in a cell stays cheap.
 */
import type { Notebook } from './nbformat.js';

/** The mime type of a recorded value in an output bundle. */
export const RECORD_MIME = 'application/vnd.quantbook.record+json';

/** One recorded value found in a notebook. */
export interface RecordEntry {
  name: string;
  value: unknown;
  /** Index of the cell that recorded it. */
  cellIndex: number;
  cellId: string;
}

interface TslabDisplay {
  raw(contentType: string, data: unknown): unknown;
}

function tslabDisplay(): TslabDisplay | undefined {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (typeof hook?.require !== 'function') return undefined;
  try {
    return (hook.require('tslab') as { display?: TslabDisplay }).display;
  } catch {
    return undefined;
  }
}

/**
 * A JSON form of `value` (see the file comment).
 * @throws TypeError naming the path of a value JSON cannot hold (functions, symbols, bigints, cycles).
 */
export function encodeRecordValue(value: unknown, at = '', seen = new Set<object>()): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : { $number: String(value) };
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`record: cannot store a ${typeof value}${at ? ` at ${at}` : ''}`);
  }
  if (seen.has(value)) throw new TypeError(`record: circular reference${at ? ` at ${at}` : ''}`);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number | bigint>, (x, i) =>
      encodeRecordValue(x, `${at}[${i}]`),
    );
  // Maps and Sets before toJSON: vega-lite (loaded by charts/) installs Set.prototype.toJSON, which
  // would turn a Set into the string 'Set("x")'.
  if (value instanceof Map) return encodeRecordValue(Object.fromEntries(value), at, seen);
  if (value instanceof Set) return encodeRecordValue([...value], at, seen);
  const withToJSON = value as { toJSON?: () => unknown };
  if (typeof withToJSON.toJSON === 'function') return encodeRecordValue(withToJSON.toJSON(), at, seen);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((x: unknown, i) => encodeRecordValue(x, `${at}[${i}]`, seen));
    return Object.fromEntries(
      Object.entries(value).map(([k, x]) => [k, encodeRecordValue(x, at ? `${at}.${k}` : k, seen)]),
    );
  } finally {
    seen.delete(value);
  }
}

/** Reverses {@link encodeRecordValue}'s `{ $number }` encoding. */
export function decodeRecordValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeRecordValue);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const special = (value as { $number?: unknown }).$number;
  if (keys.length === 1 && typeof special === 'string') return Number(special);
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, decodeRecordValue(x)]));
}

/**
 * Records a named value in the executed notebook (in a tslab cell; outside a kernel it does
 * nothing). Returns nothing, so that a `record(…)` ending a cell prints nothing (tslab echoes a cell's
 * last expression).
 * @throws TypeError for an empty name or a value JSON cannot hold.
 * @example record('auc', 0.61) // the cell gets the output shown in the file comment
 */
export function record(name: string, value: unknown): void {
  if (typeof name !== 'string' || name === '')
    throw new TypeError(`record: name must be a non-empty string, got ${String(name)}`);
  const data = { name, value: encodeRecordValue(value, name) };
  tslabDisplay()?.raw(RECORD_MIME, data);
}

/** Every recorded value of a notebook, in output order. */
export function listRecords(notebook: Notebook): RecordEntry[] {
  const out: RecordEntry[] = [];
  notebook.cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== 'code') return;
    for (const output of cell.outputs) {
      if (output.output_type !== 'display_data' && output.output_type !== 'execute_result') continue;
      const data = output.data[RECORD_MIME] as { name?: unknown; value?: unknown } | undefined;
      if (data && typeof data.name === 'string')
        out.push({ name: data.name, value: decodeRecordValue(data.value), cellIndex, cellId: cell.id });
    }
  });
  return out;
}

/** The recorded values of a notebook by name (a name recorded twice keeps its last value). */
export function readRecords(notebook: Notebook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of listRecords(notebook)) out[r.name] = r.value;
  return out;
}
