/**
 * Shared inputs of the GBDT tests: seeded synthetic matrices (named as such), a matrix from rows, and
 * the python3 + xgboost runner for the tests that compare with real XGBoost.
 */
import { execFileSync } from 'node:child_process';
import type { Matrix } from '../../../src/types.js';
import { Rng } from '../../../src/util/rng.js';

/** A Matrix from rows (NaN for missing). */
export function matrixOf(rows: number[][], columns?: string[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  return {
    data: Float64Array.from(rows.flat()),
    rows: rows.length,
    cols,
    columns: columns ?? Array.from({ length: cols }, (_, j) => `x${j}`),
  };
}

/** The rows `idx` of X. */
export function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const data = new Float64Array(idx.length * X.cols);
  for (let k = 0; k < idx.length; k++)
    data.set(X.data.subarray(idx[k] * X.cols, (idx[k] + 1) * X.cols), k * X.cols);
  return { data, rows: idx.length, cols: X.cols, columns: [...X.columns] };
}

/**
 * A synthetic problem (not market data): k standard-normal features, `nanRate` of them NaN; the class is
 * 1 when x0 + 0.5·x1² (x0 → 1 and x1 → −1 when missing) plus unit noise exceeds 0.3; the regression
 * target is 2·x0 − x1 + sin(3·x2) plus 0.3 × noise.
 */
export function synthetic(
  n: number,
  k: number,
  seed: number,
  nanRate = 0.05,
): { X: Matrix; y: Float64Array; yReg: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * k);
  const y = new Float64Array(n);
  const yReg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) data[i * k + j] = rng.random() < nanRate ? NaN : rng.normal();
    const v = (j: number, miss: number): number =>
      j < k && !Number.isNaN(data[i * k + j]) ? data[i * k + j] : miss;
    y[i] = v(0, 1) + 0.5 * v(1, -1) ** 2 + rng.normal() > 0.3 ? 1 : 0;
    yReg[i] = 2 * v(0, 0) - v(1, 0) + Math.sin(3 * v(2, 0)) + 0.3 * rng.normal();
  }
  return { X: { data, rows: n, cols: k, columns: Array.from({ length: k }, (_, j) => `x${j}`) }, y, yReg };
}

/** The python interpreter the XGBoost comparisons use (Debian's, with python3-xgboost). */
export const PYTHON = '/usr/bin/python3';

/** The installed XGBoost version, or throws an error that says how to install it. */
export function xgboostVersion(): string {
  try {
    return execFileSync(PYTHON, ['-c', 'import xgboost; print(xgboost.__version__)'], {
      encoding: 'utf8',
    }).trim();
  } catch (err) {
    throw new Error(
      `these tests need ${PYTHON} with XGBoost ≥ 1.7: apt-get install -y python3-xgboost (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    );
  }
}

/** Runs a python script with arguments and returns its stdout. */
export function python(script: string, args: string[] = []): string {
  return execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
