/**
 * Parameter checks shared by the backtest: each throws a {@link ParameterError} (a `RangeError`) that
 * names the function, the parameter and the offending value — `simulate: costBps must be a finite
 * number ≥ 0, got -5`.
 */
import { ParameterError } from '../util/errors.js';

/** Throws unless `value` is a finite number ≥ 0. */
export function checkNonNegative(what: string, name: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0))
    throw new ParameterError(`${what}: ${name} must be a finite number ≥ 0, got ${String(value)}`);
}

/** Throws unless `value` is an integer in [min, max]. */
export function checkInteger(what: string, name: string, value: number, min: number, max = Infinity): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new ParameterError(`${what}: ${name} must be an integer ${range}, got ${String(value)}`);
  }
}

/** Throws unless `value` is a number in (lo, hi] (or [lo, hi] when `closedLow`). */
export function checkInRange(
  what: string,
  name: string,
  value: number,
  lo: number,
  hi: number,
  closedLow = false,
): void {
  const ok = typeof value === 'number' && (closedLow ? value >= lo : value > lo) && value <= hi;
  if (!ok)
    throw new ParameterError(
      `${what}: ${name} must be in ${closedLow ? '[' : '('}${lo}, ${hi}], got ${String(value)}`,
    );
}

/** Throws unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(
  what: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (!allowed.includes(value as T))
    throw new ParameterError(
      `${what}: ${name} must be ${allowed.map((a) => `'${a}'`).join(' | ')}, got ${JSON.stringify(value)}`,
    );
}
