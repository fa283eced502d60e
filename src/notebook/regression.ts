/**
 * Notebook-backed regression tests: run a notebook, compare its recorded values (records.ts) with a
 * baseline under per-value tolerances, and optionally its text outputs nbval-style.
 *
 * ```
 *  foo.ipynb ──runNotebook (baseline.parameters, skip `nbval-skip` cells)──▶ records + text outputs
 *  foo.baseline.json ──────────────────────────────────────────────────────▶ compare ──▶ failures
 *                     ◀── --update: values rewritten, tolerances/sanitizers/parameters kept
 * ```
 *
 * Baseline file (`<notebook without .ipynb>.baseline.json`, next to the notebook):
 * ```json
 * { "format": "quantbook/notebook-baseline", "version": 1, "notebook": "foo.ipynb",
 *   "parameters": { "symbol": "SPY" },
 *   "tolerance": { "abs": 1e-12, "rel": 1e-9 },
 *   "records": { "auc": { "value": 0.61, "abs": 0.005 }, "n": { "value": 1760 } },
 *   "text": { "sanitizers": [{ "pattern": "\\d+ ms", "replacement": "<ms>" }],
 *             "cells": { "<cell id>": ["stdout: rows: 1760\n"] } } }
 * ```
 * Numbers pass when |value − baseline| ≤ max(abs, rel·|baseline|) (Python's math.isclose; NaN equals
 * NaN), recursively inside arrays and objects; other values must be equal. A record missing from the
 * run, or recorded but absent from the baseline, fails. Text (when the baseline has `text`): per code
 * cell, stream text (`stdout: …`), `text/plain` of rich outputs (other mime types by name only) and
 * errors (`error: Name: message`), after the sanitizers; cells tagged `nbval-ignore-output` are not
 * compared and cells tagged `nbval-skip` are not even run (nbval's tags).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { DataFormatError, QuantbookError } from '../util/errors.js';
import { cellTags, joinText, type Notebook } from './nbformat.js';
import { INJECTED_PARAMETERS_TAG, type ParameterValue } from './parameters.js';
import { RECORD_MIME } from './records.js';
import { NotebookCellError, runNotebook, type RunOptions, type RunResult } from './runner.js';

/** An absolute and a relative tolerance; a number passes when within either. */
export interface Tolerance {
  abs?: number;
  rel?: number;
}

/** A baseline value and, optionally, its own tolerance. */
export interface BaselineRecord extends Tolerance {
  value: unknown;
}

/** A regular expression applied (globally) to both sides of a text comparison. */
export interface Sanitizer {
  pattern: string;
  flags?: string;
  replacement: string;
}

/** The baseline file's contents. */
export interface NotebookBaseline {
  format: 'quantbook/notebook-baseline';
  version: 1;
  notebook: string;
  parameters?: Record<string, ParameterValue>;
  tolerance?: Tolerance;
  records: Record<string, BaselineRecord>;
  text?: { sanitizers?: Sanitizer[]; cells: Record<string, string[]> };
}

/** One difference between a run and its baseline. */
export interface RegressionFailure {
  kind: 'record' | 'missing-record' | 'new-record' | 'text' | 'cell' | 'no-baseline';
  /** Record name or cell id. */
  name: string;
  message: string;
}

/** Default tolerance: notebooks are deterministic, so only floating-point noise is forgiven. */
export const DEFAULT_TOLERANCE: Required<Tolerance> = { abs: 1e-12, rel: 1e-9 };

export const BASELINE_FORMAT = 'quantbook/notebook-baseline';
export const NBVAL_SKIP = 'nbval-skip';
export const NBVAL_IGNORE_OUTPUT = 'nbval-ignore-output';

/** `foo.ipynb` → `foo.baseline.json`. */
export function baselinePath(notebook: string): string {
  return notebook.replace(/\.ipynb$/i, '') + '.baseline.json';
}

/** Reads a baseline file, or undefined when there is none. @throws DataFormatError for a malformed one. */
export function readBaseline(file: string): NotebookBaseline | undefined {
  if (!fs.existsSync(file)) return undefined;
  let json: Partial<NotebookBaseline>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<NotebookBaseline>;
  } catch (err) {
    throw new DataFormatError(`invalid baseline JSON: ${(err as Error).message}`, { file });
  }
  if (json.format !== BASELINE_FORMAT || typeof json.records !== 'object' || json.records === null)
    throw new DataFormatError(
      `not a notebook baseline: expected format '${BASELINE_FORMAT}' and a records object`,
      { file },
    );
  return json as NotebookBaseline;
}

const fmt = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

/**
 * The differences between `actual` and `expected` under `tolerance` (empty when they match), each
 * naming the path, the value, the baseline and the tolerance.
 * @example compareValues(0.6134, 0.61, { abs: 0.001 }) // → ['0.6134 vs baseline 0.61: |difference| 0.0034 > tolerance 0.001 (abs 0.001, rel 0)']
 */
export function compareValues(actual: unknown, expected: unknown, tolerance: Tolerance, at = ''): string[] {
  const where = at ? `${at}: ` : '';
  if (typeof actual === 'number' && typeof expected === 'number') {
    if (Number.isNaN(actual) && Number.isNaN(expected)) return [];
    if (actual === expected) return [];
    const abs = tolerance.abs ?? 0;
    const rel = tolerance.rel ?? 0;
    const allowed = Math.max(abs, rel * Math.abs(expected));
    const diff = Math.abs(actual - expected);
    if (diff <= allowed) return [];
    return [
      `${where}${actual} vs baseline ${expected}: |difference| ${Number(diff.toPrecision(6))} > tolerance ${Number(allowed.toPrecision(6))} (abs ${abs}, rel ${rel})`,
    ];
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length)
      return [`${where}length ${actual.length} vs baseline length ${expected.length}`];
    return actual.flatMap((a: unknown, i) => compareValues(a, expected[i], tolerance, `${at}[${i}]`));
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(actual) && isObject(expected)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((k) => {
      const p = at ? `${at}.${k}` : k;
      if (!(k in actual)) return [`${p}: missing (baseline ${fmt(expected[k])})`];
      if (!(k in expected)) return [`${p}: ${fmt(actual[k])} is not in the baseline`];
      return compareValues(actual[k], expected[k], tolerance, p);
    });
  }
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? []
    : [`${where}${fmt(actual)} vs baseline ${fmt(expected)}`];
}

function sanitize(text: string, sanitizers: readonly Sanitizer[]): string {
  return sanitizers.reduce(
    (t, s) =>
      t.replace(new RegExp(s.pattern, s.flags?.includes('g') ? s.flags : `${s.flags ?? ''}g`), s.replacement),
    text,
  );
}

/** The comparable text of each code cell, by cell id (see the file comment). */
export function textOutputs(
  notebook: Notebook,
  sanitizers: readonly Sanitizer[] = [],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    const tags = cellTags(cell);
    if (
      tags.includes(NBVAL_SKIP) ||
      tags.includes(NBVAL_IGNORE_OUTPUT) ||
      tags.includes(INJECTED_PARAMETERS_TAG)
    )
      continue;
    out[cell.id] = cell.outputs
      .flatMap((o): string[] => {
        if (o.output_type === 'stream') return [`${o.name}: ${joinText(o.text)}`];
        if (o.output_type === 'error') return [`error: ${o.ename}: ${o.evalue}`];
        const mimes = Object.keys(o.data).filter((m) => m !== RECORD_MIME);
        if (mimes.length === 0) return [];
        const plain = o.data['text/plain'];
        return [
          plain !== undefined
            ? `text/plain: ${joinText(plain as string | string[])}`
            : `[${mimes.sort().join(', ')}]`,
        ];
      })
      .map((t) => sanitize(t, sanitizers));
  }
  return out;
}

function compareText(
  actual: Record<string, string[]>,
  expected: Record<string, string[]>,
): RegressionFailure[] {
  const failures: RegressionFailure[] = [];
  for (const id of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const a = actual[id];
    const e = expected[id];
    if (a === undefined) {
      failures.push({
        kind: 'text',
        name: id,
        message: `cell '${id}': in the baseline but not in the notebook (or now ignored)`,
      });
      continue;
    }
    if (e === undefined) {
      if (a.length > 0)
        failures.push({
          kind: 'text',
          name: id,
          message: `cell '${id}': outputs without a text baseline: ${fmt(a)}`,
        });
      continue;
    }
    const n = Math.max(a.length, e.length);
    for (let i = 0; i < n; i++)
      if (a[i] !== e[i]) {
        failures.push({
          kind: 'text',
          name: id,
          message: `cell '${id}', output ${i}:\n  actual:   ${fmt(a[i] ?? '(none)')}\n  baseline: ${fmt(e[i] ?? '(none)')}`,
        });
        break;
      }
  }
  return failures;
}

/** Compares a run's records (and text, when the baseline has it) with the baseline. */
export function compareWithBaseline(
  notebook: Notebook,
  records: Record<string, unknown>,
  baseline: NotebookBaseline,
): RegressionFailure[] {
  const failures: RegressionFailure[] = [];
  const defaults = { ...DEFAULT_TOLERANCE, ...baseline.tolerance };
  for (const [name, expected] of Object.entries(baseline.records)) {
    if (!(name in records)) {
      failures.push({
        kind: 'missing-record',
        name,
        message: `${name}: not recorded by the notebook (baseline ${fmt(expected.value)})`,
      });
      continue;
    }
    const tolerance = { abs: expected.abs ?? defaults.abs, rel: expected.rel ?? defaults.rel };
    for (const message of compareValues(records[name], decodeBaselineValue(expected.value), tolerance))
      failures.push({ kind: 'record', name, message: `${name}: ${message}` });
  }
  for (const name of Object.keys(records))
    if (!(name in baseline.records))
      failures.push({
        kind: 'new-record',
        name,
        message: `${name}: recorded (${fmt(records[name])}) but not in the baseline; run with --update to accept it`,
      });
  if (baseline.text)
    failures.push(...compareText(textOutputs(notebook, baseline.text.sanitizers ?? []), baseline.text.cells));
  return failures;
}

/** Baselines store non-finite numbers as records do ({ $number }). */
function decodeBaselineValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBaselineValue);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (Object.keys(v).length === 1 && typeof v.$number === 'string') return Number(v.$number);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeBaselineValue(x)]));
}

function encodeBaselineValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (Array.isArray(value)) return value.map(encodeBaselineValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, encodeBaselineValue(x)]));
}

/** A new baseline from a run, keeping the tolerances, sanitizers and parameters of `previous`. */
export function makeBaseline(
  notebookFile: string,
  run: RunResult,
  previous: NotebookBaseline | undefined,
  withText: boolean,
): NotebookBaseline {
  const records: Record<string, BaselineRecord> = {};
  for (const [name, value] of Object.entries(run.records)) {
    const old = previous?.records[name];
    records[name] = {
      value: encodeBaselineValue(value),
      ...(old?.abs !== undefined ? { abs: old.abs } : {}),
      ...(old?.rel !== undefined ? { rel: old.rel } : {}),
    };
  }
  const sanitizers = previous?.text?.sanitizers;
  return {
    format: BASELINE_FORMAT,
    version: 1,
    notebook: path.basename(notebookFile),
    ...(previous?.parameters ? { parameters: previous.parameters } : {}),
    ...(previous?.tolerance ? { tolerance: previous.tolerance } : {}),
    records,
    ...(withText || previous?.text
      ? {
          text: { ...(sanitizers ? { sanitizers } : {}), cells: textOutputs(run.notebook, sanitizers ?? []) },
        }
      : {}),
  };
}

/** Options of {@link testNotebook}. */
export interface NotebookTestOptions extends Omit<RunOptions, 'parameters' | 'skipTags'> {
  /** Rewrite the baseline from this run instead of comparing. */
  update?: boolean;
  /** With update: also store text outputs (kept anyway when the baseline already has them). */
  text?: boolean;
  /** Parameters on top of the baseline's. */
  parameters?: Record<string, ParameterValue>;
  /** Baseline file (default: {@link baselinePath}). */
  baseline?: string;
}

/** The outcome of one notebook test. */
export interface NotebookTestResult {
  notebook: string;
  baseline: string;
  ok: boolean;
  /** True when the baseline was (re)written. */
  updated: boolean;
  failures: RegressionFailure[];
  records: Record<string, unknown>;
  durationMs: number;
}

/**
 * Runs a notebook and compares it with its baseline (or rewrites the baseline with `update`).
 * A failing cell is a failure (kind 'cell', with its traceback); a dying kernel or a missing kernel
 * throws.
 */
export async function testNotebook(
  notebook: string,
  options: NotebookTestOptions = {},
): Promise<NotebookTestResult> {
  const started = Date.now();
  const file = path.resolve(notebook);
  const baselineFile = options.baseline ?? baselinePath(file);
  const baseline = readBaseline(baselineFile);
  const result = (
    failures: RegressionFailure[],
    records: Record<string, unknown>,
    updated = false,
  ): NotebookTestResult => ({
    notebook: file,
    baseline: baselineFile,
    ok: failures.length === 0,
    updated,
    failures,
    records,
    durationMs: Date.now() - started,
  });
  if (!baseline && !options.update)
    return result(
      [
        {
          kind: 'no-baseline',
          name: path.basename(baselineFile),
          message: `no baseline ${baselineFile}: create it with \`quantbook test --update ${notebook}\``,
        },
      ],
      {},
    );
  const runOptions: RunOptions = { ...options };
  for (const key of ['update', 'text', 'baseline', 'parameters'] as const)
    delete (runOptions as NotebookTestOptions)[key];
  const parameters = options.parameters;
  let run: RunResult;
  try {
    run = await runNotebook(file, {
      ...runOptions,
      parameters: { ...baseline?.parameters, ...parameters },
      skipTags: [NBVAL_SKIP],
    });
  } catch (err) {
    if (!(err instanceof NotebookCellError)) throw err;
    return result([{ kind: 'cell', name: err.failure.cellId, message: err.details }], {});
  }
  if (options.update) {
    writeFileAtomic(
      baselineFile,
      `${JSON.stringify(makeBaseline(file, run, baseline, options.text ?? false), null, 2)}\n`,
    );
    return result([], run.records, true);
  }
  return result(compareWithBaseline(run.notebook, run.records, baseline!), run.records);
}

/** A notebook's failures as one readable block. */
export function formatFailures(result: NotebookTestResult): string {
  const head = `${path.relative(process.cwd(), result.notebook) || result.notebook}: ${result.failures.length} failure(s) against ${path.relative(process.cwd(), result.baseline) || result.baseline}`;
  return [head, ...result.failures.map((f) => `  ${f.message.replaceAll('\n', '\n  ')}`)].join('\n');
}

/** A notebook regression test failed (for test runners). */
export class NotebookRegressionError extends QuantbookError {
  readonly result: NotebookTestResult;
  constructor(result: NotebookTestResult) {
    super('E_NOTEBOOK_REGRESSION', formatFailures(result));
    this.result = result;
  }
}
