/**
 * Run metadata of an executed notebook, for the head of a report: when it ran, on which kernel, with
 * which parameters, data hashes and quantbook version. Read from, in order of preference:
 *
 * - `metadata.quantbook`: what `quantbook run` records — `start_time`, `duration_s`, `parameters`,
 *   and `version`, `data_hashes` when present (camelCase `executedAt`, `durationMs`, `dataHashes`
 *   and `date` are accepted too);
 * - `metadata.papermill`: `parameters`, `start_time`, `end_time`, `duration` (papermill's convention);
 * - per-cell timing that nbclient records (`metadata.execution["iopub.execute_input"]`, `["shell.execute_reply"]`);
 * - the source of the cell tagged `injected-parameters` (else `parameters`) when no parameter object is recorded.
 */
import { hasTag, joinText, type IpynbNotebook } from './ipynb.js';

/** What {@link runMetadata} finds; every field is optional. */
export interface RunMetadata {
  /** ISO timestamp of the start of the run. */
  executedAt?: string;
  /** Wall time of the run, seconds. */
  durationSeconds?: number;
  /** Kernel display name (and language). */
  kernel?: string;
  /** quantbook version recorded by the run. */
  quantbookVersion?: string;
  /** Parameters recorded by the run. */
  parameters?: Record<string, unknown>;
  /** Source of the parameters cell, when no parameter object is recorded. */
  parametersSource?: string;
  /** Data file → content hash. */
  dataHashes?: Record<string, string>;
}

function obj(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

function pick(o: Record<string, unknown> | undefined, ...keys: string[]): unknown {
  if (!o) return undefined;
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

function isoTime(x: unknown): string | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return new Date(x).toISOString();
  if (typeof x === 'string' && !Number.isNaN(Date.parse(x))) return x;
  return undefined;
}

/**
 * Extracts the run metadata of a notebook (see the file header for the sources).
 * @example runMetadata({ …, metadata: { quantbook: { version: '0.1.0' } } }).quantbookVersion // '0.1.0'
 */
export function runMetadata(nb: IpynbNotebook): RunMetadata {
  const out: RunMetadata = {};
  const qb = obj(nb.metadata.quantbook);
  const pm = obj(nb.metadata.papermill);
  const version = pick(qb, 'version', 'quantbookVersion', 'quantbook_version');
  if (typeof version === 'string') out.quantbookVersion = version;
  const executedAt =
    isoTime(pick(qb, 'executedAt', 'executed_at', 'startTime', 'start_time', 'date')) ??
    isoTime(pick(pm, 'start_time'));
  const duration = pick(qb, 'durationMs', 'duration_ms');
  if (typeof duration === 'number') out.durationSeconds = duration / 1000;
  else if (typeof pick(qb, 'durationSeconds', 'duration_s', 'duration') === 'number')
    out.durationSeconds = pick(qb, 'durationSeconds', 'duration_s', 'duration') as number;
  else if (typeof pick(pm, 'duration') === 'number') out.durationSeconds = pick(pm, 'duration') as number;
  // nbclient's per-cell timing
  let first: string | undefined;
  let last: string | undefined;
  for (const cell of nb.cells) {
    const ex = obj(cell.metadata?.execution);
    const start = isoTime(pick(ex, 'iopub.execute_input', 'shell.execute_reply.started'));
    const end = isoTime(pick(ex, 'shell.execute_reply', 'iopub.status.idle'));
    if (start && (first === undefined || Date.parse(start) < Date.parse(first))) first = start;
    if (end && (last === undefined || Date.parse(end) > Date.parse(last))) last = end;
  }
  if (executedAt ?? first) out.executedAt = executedAt ?? first;
  if (out.durationSeconds === undefined && first && last)
    out.durationSeconds = (Date.parse(last) - Date.parse(first)) / 1000;
  const ks = nb.metadata.kernelspec;
  if (ks?.display_name ?? ks?.name) out.kernel = ks?.display_name ?? ks?.name;
  const params = obj(pick(qb, 'parameters', 'params')) ?? obj(pick(pm, 'parameters'));
  if (params) out.parameters = params;
  else {
    const cell =
      nb.cells.find((c) => hasTag(c, 'injected-parameters')) ?? nb.cells.find((c) => hasTag(c, 'parameters'));
    if (cell) out.parametersSource = joinText(cell.source).trim();
  }
  const hashes = obj(pick(qb, 'dataHashes', 'data_hashes', 'data'));
  if (hashes) {
    const entries = Object.entries(hashes).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
    if (entries.length) out.dataHashes = Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
  }
  return out;
}
