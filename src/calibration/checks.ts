/**
 * Input checks shared by the calibrators and CalibratedClassifier (internal: not re-exported). Every
 * check throws a typed error naming the function, the offending value and, for arrays, its first index.
 */
import type { ModelJSON } from '../types.js';
import { DataFormatError, ParameterError, SchemaError } from '../util/errors.js';

/** Throws SchemaError unless `values` is an array-like of numbers (a typed array or an array). */
export function checkArray(what: string, name: string, values: unknown): asserts values is ArrayLike<number> {
  if (
    values === null ||
    typeof values !== 'object' ||
    typeof (values as { length?: unknown }).length !== 'number'
  )
    throw new SchemaError(`${what}: ${name} must be a Float64Array, got ${String(values)}`);
}

/** Throws SchemaError unless `values` is an array-like of length `n`. */
export function checkLength(what: string, name: string, values: ArrayLike<number>, n: number): void {
  checkArray(what, name, values);
  if (values.length !== n)
    throw new SchemaError(`${what}: ${name} must have length ${n} (one value per row), got ${values.length}`);
}

/** Throws ParameterError at the first non-finite value (NaN or ±Infinity). */
export function checkFinite(what: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      throw new ParameterError(`${what}: ${name} must be finite, got ${values[i]} at index ${i}`);
}

/** Throws ParameterError at the first label that is not 0 or 1. */
export function checkBinary(what: string, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++)
    if (y[i] !== 0 && y[i] !== 1)
      throw new ParameterError(`${what}: y must hold 0/1 labels, got ${y[i]} at index ${i}`);
}

/**
 * Checks `sampleWeight` (finite, ≥ 0, positive sum) and returns it, or all ones when undefined.
 * @throws SchemaError for a wrong length; ParameterError for a negative or non-finite weight or a zero sum.
 */
export function checkWeights(what: string, sampleWeight: Float64Array | undefined, n: number): Float64Array {
  if (sampleWeight === undefined) return new Float64Array(n).fill(1);
  checkLength(what, 'sampleWeight', sampleWeight, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i];
    if (!(Number.isFinite(w) && w >= 0))
      throw new ParameterError(`${what}: sampleWeight must be finite and ≥ 0, got ${w} at index ${i}`);
    total += w;
  }
  if (!(total > 0)) throw new ParameterError(`${what}: sampleWeight must have a positive sum, got ${total}`);
  return sampleWeight;
}

/**
 * Checks a calibrator's fit input, in this order: `scores` an array-like of at least one value, `y` of
 * the same length, `scores` finite, `y` finite (`yKind` 'finite') or 0/1 labels ('binary'), then the
 * weights (see {@link checkWeights}).
 * @returns The weights (all ones when `sampleWeight` is undefined) and the rows of positive weight,
 *   ascending: the only rows that enter a fit.
 * @throws SchemaError for a non-array or mismatched lengths; ParameterError for no score, a non-finite
 *   score or y, a label other than 0/1, or bad weights (each naming the first index).
 */
export function checkFitInput(
  what: string,
  scores: Float64Array,
  y: Float64Array,
  sampleWeight: Float64Array | undefined,
  yKind: 'finite' | 'binary',
): { w: Float64Array; rows: number[] } {
  checkArray(what, 'scores', scores);
  const n = scores.length;
  if (n === 0) throw new ParameterError(`${what}: need at least one score, got 0`);
  checkLength(what, 'y', y, n);
  checkFinite(what, 'scores', scores);
  if (yKind === 'binary') checkBinary(what, y);
  else checkFinite(what, 'y', y);
  const w = checkWeights(what, sampleWeight, n);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (w[i] > 0) rows.push(i);
  return { w, rows };
}

/** Throws ParameterError if `params` (an object) has a key outside `allowed` (catches typos). */
export function checkKeys(what: string, params: object, allowed: readonly string[]): void {
  if (params === null || typeof params !== 'object')
    throw new ParameterError(`${what}: params must be an object, got ${String(params)}`);
  for (const key of Object.keys(params))
    if (!allowed.includes(key))
      throw new ParameterError(
        `${what}: unknown parameter ${JSON.stringify(key)} (known: ${allowed.join(', ')})`,
      );
}

/**
 * Checks the envelope of a serialized model and returns its params and state as plain records.
 * @throws DataFormatError for a non-object, a wrong `format` or an unsupported `version`.
 */
export function readEnvelope(
  json: unknown,
  format: string,
  version: number,
): { params: Record<string, unknown>; state: Record<string, unknown> } {
  const what = `${format}: fromJSON`;
  if (json === null || typeof json !== 'object')
    throw new DataFormatError(`${what}: expected a ModelJSON object, got ${String(json)}`);
  const j = json as Partial<ModelJSON>;
  if (j.format !== format)
    throw new DataFormatError(`${what}: expected format '${format}', got ${JSON.stringify(j.format)}`);
  if (j.version !== version)
    throw new DataFormatError(
      `${what}: unsupported version ${JSON.stringify(j.version)} (this build reads ${version})`,
    );
  if (j.params === null || typeof j.params !== 'object')
    throw new DataFormatError(`${what}: params must be an object, got ${JSON.stringify(j.params)}`);
  if (j.state === null || typeof j.state !== 'object')
    throw new DataFormatError(`${what}: state must be an object, got ${JSON.stringify(j.state)}`);
  return { params: j.params, state: j.state as Record<string, unknown> };
}

/** A calibrator's `toJSON()`: its class's format and version, with `params` and `state`. */
export function writeEnvelope<P, S>(
  cls: { format: string; version: number },
  params: P,
  state: S,
): ModelJSON<P, S> {
  return { format: cls.format, version: cls.version, params, state };
}

/**
 * The start of a calibrator's `fromJSON`: checks the envelope against the class's format and version
 * ({@link readEnvelope}) and constructs the calibrator from its params ({@link paramsFromJSON}).
 * @returns The (unfitted) calibrator and the state record, for the caller to read its fitted state from.
 * @throws DataFormatError for a bad envelope or params the constructor rejects.
 */
export function readCalibrator<P, M>(
  json: unknown,
  cls: { format: string; version: number; new (params: P): M },
): { model: M; state: Record<string, unknown> } {
  const { params, state } = readEnvelope(json, cls.format, cls.version);
  const model = paramsFromJSON(cls.format, () => new cls(params as P));
  return { model, state };
}

/** `state[name]` as a Float64Array of finite numbers (non-empty), or DataFormatError. */
export function readNumbers(format: string, state: Record<string, unknown>, name: string): Float64Array {
  const v = state[name];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    throw new DataFormatError(
      `${format}: fromJSON: state.${name} must be a non-empty array of finite numbers`,
    );
  return Float64Array.from(v as number[]);
}

/** `state[name]` as a finite number, or DataFormatError. */
export function readNumber(format: string, state: Record<string, unknown>, name: string): number {
  const v = state[name];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new DataFormatError(
      `${format}: fromJSON: state.${name} must be a finite number, got ${JSON.stringify(v)}`,
    );
  return v;
}

/** Re-throws a constructor's ParameterError on JSON params as a DataFormatError (the file is at fault). */
export function paramsFromJSON<T>(format: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof ParameterError)
      throw new DataFormatError(`${format}: fromJSON: bad params (${err.message})`, { cause: err });
    throw err;
  }
}
