/**
 * Input checks shared by the metrics. Every check throws early and echoes the offending value and
 * its index (scikit-learn style): a length mismatch names both lengths, a NaN names the first index,
 * a label that is not 0/1 names the value. Shape and content problems are {@link SchemaError}s;
 * out-of-domain parameters are {@link ParameterError}s.
 */
import { ParameterError, SchemaError } from '../util/errors.js';

/** Values the metrics accept: `Float64Array`, any typed array, or `number[]`. */
export type Values = ArrayLike<number>;

/** Throws unless `b` has the length of `a`. */
export function checkSameLength(what: string, nameA: string, a: Values, nameB: string, b: Values): void {
  if (a.length !== b.length) {
    throw new SchemaError(
      `${what}: ${nameA} and ${nameB} must have the same length, got ${a.length} and ${b.length}`,
    );
  }
}

/** Throws unless `values` has at least one element. */
export function checkNonEmpty(what: string, name: string, values: Values): void {
  if (values.length === 0) throw new SchemaError(`${what}: ${name} is empty`);
}

/** Throws on the first value that is NaN or ±Infinity, naming its index. */
export function checkFinite(what: string, name: string, values: Values): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new SchemaError(`${what}: ${name} must be finite, got ${String(v)} at index ${i}`);
    }
  }
}

/** Throws on the first label that is not exactly 0 or 1, naming it and its index. */
export function checkBinary(what: string, name: string, y: Values): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new SchemaError(`${what}: ${name} must hold labels 0 or 1, got ${String(v)} at index ${i}`);
    }
  }
}

/** Throws on the first probability outside [0, 1] (or NaN), naming it and its index. */
export function checkProbability(what: string, name: string, p: Values): void {
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v >= 0 && v <= 1)) {
      throw new SchemaError(
        `${what}: ${name} must be probabilities in [0, 1], got ${String(v)} at index ${i}`,
      );
    }
  }
}

/**
 * Checks sample weights: length `n`, every weight finite and ≥ 0, a positive total. Returns the
 * total. (scikit-learn accepts negative weights in places; we do not.)
 */
export function checkWeights(what: string, w: Values, n: number): number {
  if (w.length !== n) {
    throw new SchemaError(`${what}: sampleWeight must have the length of the labels (${n}), got ${w.length}`);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new SchemaError(`${what}: sampleWeight must be finite and ≥ 0, got ${String(v)} at index ${i}`);
    }
    total += v;
  }
  if (!(total > 0)) throw new SchemaError(`${what}: sampleWeight sums to 0; no row carries weight`);
  return total;
}

/** Checks binary labels against scores (length, 0/1 labels, finite scores, non-empty) and optional weights. */
export function checkBinaryInputs(
  what: string,
  y: Values,
  score: Values,
  scoreName: string,
  sampleWeight?: Values,
): void {
  checkSameLength(what, 'y', y, scoreName, score);
  checkNonEmpty(what, 'y', y);
  checkBinary(what, 'y', y);
  checkFinite(what, scoreName, score);
  if (sampleWeight !== undefined) checkWeights(what, sampleWeight, y.length);
}

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(what: string, name: string, value: number, min: number, max = Infinity): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new ParameterError(`${what}: ${name} must be an integer ${range}, got ${String(value)}`);
  }
}
