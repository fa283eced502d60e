/**
 * metadata.json: everything needed to use, trust and reproduce a saved model version — its identity,
 * the feature names in model-column order, the dataset spec (features and label, with the label
 * horizon) that `quantbook predict` rebuilds features from, the training window, parameters, CV
 * metrics, data lineage, the sha256 of each artifact file, and the quantbook version that wrote it.
 * Keys are snake_case, as in the other files the registry writes (runs.parquet, the prediction log).
 */
import type { DatasetSpec } from '../features/pipeline.js';
import { getFeature, getLabel } from '../features/registry.js';
import { formatDate, toDateMs } from '../data/schema.js';
import { ParameterError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { ModelArtifactError } from './errors.js';
import { dataHash, dataLineage, type LineageEntry } from './lineage.js';
import { isVersion } from './names.js';

/** The `schema` field of every metadata.json. */
export const METADATA_SCHEMA = 'quantbook/model-metadata';

/** A date as the registry accepts it: epoch-ms, `YYYY-MM-DD` or a Date. */
export type DateLike = number | string | Date;

/** What the caller tells {@link ModelRegistry.saveModel} about a model (the rest is filled in). */
export interface MetadataInput {
  /** The spec the training dataset was built with; `quantbook predict` builds features from it. */
  dataset: DatasetSpec;
  /** Feature names in the model's column order. Default: the model's `featureNames`, else the reference matrix's columns. */
  features?: readonly string[];
  /** The label column trained on. Default: the first output of the spec's first label. */
  label?: string;
  /** Label horizon, rows (trading days). Default: the largest horizon of the spec's labels. */
  horizon?: number;
  /** The market series the spec's market features read (e.g. `{ symbol: 'SPY' }`), or none. */
  market?: { symbol: string; column?: string } | null;
  /** First and last training date. */
  trainingWindow?: { start: DateLike; end: DateLike };
  /** Training parameters. Default: `model.getParams()`. */
  params?: Record<string, unknown>;
  /** Cross-validated metrics (e.g. `{ auc: 0.53, brier: 0.249 }`). */
  cvMetrics?: Record<string, number>;
  /** Dataset files or directories to hash and count for the lineage. */
  dataFiles?: readonly string[];
  /** Lineage entries computed elsewhere (added after those of `dataFiles`). */
  lineage?: readonly LineageEntry[];
  /** A score ≥ threshold is class 1. Default 0.5. */
  threshold?: number;
  description?: string;
}

/** metadata.json. */
export interface ModelMetadata {
  schema: typeof METADATA_SCHEMA;
  schema_version: 1;
  name: string;
  version: string;
  /** ISO-8601 UTC timestamp of the save. */
  created_at: string;
  /** The experiment-run record of this save in runs.parquet ('' when none was written). */
  run_id: string;
  model: {
    /** model.json's `format`, e.g. `'quantbook/gbdt'`. */
    format: string;
    /** The class that was saved, e.g. `'GBDTClassifier'`. */
    class: string;
    /** sha256 of every artifact file of the version (model.json, xgboost.json, reference.json). */
    files: Record<string, string>;
  };
  features: string[];
  dataset: DatasetSpec;
  label: string | null;
  horizon: number | null;
  market: { symbol: string; column: string } | null;
  /** `YYYY-MM-DD` days. */
  training_window: { start: string; end: string } | null;
  params: Record<string, unknown>;
  cv_metrics: Record<string, number | null>;
  lineage: LineageEntry[];
  /** dataHash(lineage). */
  data_hash: string;
  threshold: number;
  quantbook_version: string;
  description: string;
}

/** The label column and horizon a spec implies (first label's first output; largest horizon). */
export function specLabel(spec: DatasetSpec): { label: string | null; horizon: number | null } {
  const labels = (spec.labels ?? []).map((l) => {
    const def = getLabel(l.name);
    const params = { ...def.defaults, ...(l.params ?? {}) } as Record<string, number>;
    return { outputs: def.outputs(params), horizon: def.horizon(params) };
  });
  if (labels.length === 0) return { label: null, horizon: null };
  return { label: labels[0].outputs[0], horizon: Math.max(...labels.map((l) => l.horizon)) };
}

/** Builds the metadata of a new version (files' hashes are filled in by the store). */
export function buildMetadata(
  input: MetadataInput,
  fill: { name: string; version: string; createdAt: Date; runId: string; format: string; className: string },
  features: string[],
  params: Record<string, unknown>,
): ModelMetadata {
  for (const f of input.dataset.features) getFeature(f.name); // an unknown name fails now, not at predict time
  const implied = specLabel(input.dataset);
  const threshold = input.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1))
    throw new ParameterError(`saveModel: metadata.threshold must be in [0, 1], got ${threshold}`);
  const horizon = input.horizon ?? implied.horizon;
  if (horizon !== null && !(Number.isInteger(horizon) && horizon >= 1))
    throw new ParameterError(`saveModel: metadata.horizon must be an integer ≥ 1, got ${horizon}`);
  const lineage = [...dataLineage(input.dataFiles ?? []), ...(input.lineage ?? [])];
  const window = input.trainingWindow;
  const cv: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(input.cvMetrics ?? {})) {
    if (typeof v !== 'number')
      throw new ParameterError(`saveModel: cvMetrics.${k} must be a number, got ${typeof v}`);
    cv[k] = Number.isFinite(v) ? v : null;
  }
  return {
    schema: METADATA_SCHEMA,
    schema_version: 1,
    name: fill.name,
    version: fill.version,
    created_at: fill.createdAt.toISOString(),
    run_id: fill.runId,
    model: { format: fill.format, class: fill.className, files: {} },
    features,
    dataset: JSON.parse(JSON.stringify(input.dataset)) as DatasetSpec,
    label: input.label ?? implied.label,
    horizon,
    market: input.market ? { symbol: input.market.symbol, column: input.market.column ?? 'close' } : null,
    training_window: window
      ? {
          start: formatDate(toDateMs(window.start, 'trainingWindow.start')),
          end: formatDate(toDateMs(window.end, 'trainingWindow.end')),
        }
      : null,
    params: JSON.parse(JSON.stringify(params)) as Record<string, unknown>,
    cv_metrics: cv,
    lineage,
    data_hash: dataHash(lineage),
    threshold,
    quantbook_version: VERSION,
    description: input.description ?? '',
  };
}

type Check = [field: string, ok: (v: unknown) => boolean, expected: string];
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown) => typeof v === 'string';
const CHECKS: Check[] = [
  ['schema', (v) => v === METADATA_SCHEMA, JSON.stringify(METADATA_SCHEMA)],
  ['name', isString, 'a string'],
  ['version', (v) => typeof v === 'string' && isVersion(v), 'MAJOR.MINOR.PATCH'],
  ['created_at', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)), 'an ISO timestamp'],
  ['model', (v) => isObject(v) && isString(v.format) && isObject(v.files), '{ format, class, files }'],
  ['features', (v) => Array.isArray(v) && v.length > 0 && v.every(isString), 'a non-empty array of names'],
  ['dataset', (v) => isObject(v) && Array.isArray(v.features), 'a DatasetSpec ({ features: [...] })'],
  ['threshold', (v) => typeof v === 'number' && v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['lineage', Array.isArray, 'an array'],
  ['quantbook_version', isString, 'a string'],
];

/**
 * Parses and checks metadata.json text.
 *
 * @throws ModelArtifactError ('corrupt') for text that is not a JSON object; ('invalid') naming the
 *   first field that is missing or mistyped, or a name/version other than the folder's.
 */
export function parseMetadata(
  text: string,
  where: { model: string; version: string; file: string },
): ModelMetadata {
  const fail = (problem: 'corrupt' | 'invalid', message: string, cause?: unknown) =>
    new ModelArtifactError({ ...where, artifact: 'metadata.json', problem }, message, {
      file: where.file,
      hint: 'The version cannot be used; save the model again as a new version',
      cause,
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail('corrupt', `not JSON (${(err as Error).message})`, err);
  }
  if (!isObject(value)) throw fail('corrupt', 'not a JSON object');
  for (const [field, ok, expected] of CHECKS)
    if (!ok(value[field]))
      throw fail(
        'invalid',
        `field ${field} must be ${expected}, got ${JSON.stringify(value[field]) ?? 'nothing'}`,
      );
  if (value.name !== where.model || value.version !== where.version)
    throw fail(
      'invalid',
      `it describes ${String(value.name)}@${String(value.version)}, not the folder's model`,
    );
  return value as unknown as ModelMetadata;
}
