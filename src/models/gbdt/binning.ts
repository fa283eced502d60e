/**
 * Quantile binning: each feature's values become small integers once, before boosting, so split
 * finding works on histograms of at most `maxBin` bins instead of sorted values.
 *
 * ```
 *  X (row-major) ──one pass, fround──▶ float32 columns
 *  column j ──sample ≤ 262,144 non-NaN values, sort──▶ cuts c_0 < … < c_{k−2} (float32)
 *  bin(x) = 0 if x is NaN, else 1 + #{cuts ≤ fround(x)}   ∈ 1..k      (k ≤ maxBin ≤ 255)
 *  ──▶ bins  Uint8Array, column-major (nFeatures × nRows): partitioning rows by one feature
 *  ──▶ slots Uint16Array (Uint32Array beyond 65,535 slots), row-major (nRows × nFeatures):
 *            slotOffset[j] + bin, the histogram index of the row's bin (XGBoost's global bin index)
 * ```
 * A split "bins 1..b go left" is exactly the test `fround(x) < cuts[b − 1]` that XGBoost's predictor
 * applies to its float32 `split_condition`, so the thresholds the trees store are the cuts themselves
 * and predictions from raw values agree with training on bins, row for row.
 *
 * Cuts: with at most `maxBin` distinct values every value has its own bin; otherwise a cut is placed
 * after the distinct value at which the running count first passes each multiple of n / maxBin (a heavy
 * value fills one bin however many multiples it spans). Above 262,144 values the cuts come from an
 * evenly strided sample (LightGBM samples 200,000 rows for the same purpose); every row is then binned
 * by those cuts. A cut between neighbours a < b is the float32 nearest their midpoint, or b when that
 * is not above a; it is always finite.
 */
import { ParameterError } from '../../util/errors.js';
import type { Matrix } from '../../types.js';
import { binColumn, featureCuts, fillSlots } from './fit-kernels.js';

// The binning's loops live in fit-kernels.ts, whose functions the fit pool also runs in its workers.
export {
  binColumn,
  binLookup,
  CUT_SAMPLE,
  cutBetween,
  F32_MAX,
  featureCuts,
  fillSlots,
  nextFloat32Up,
  sortFloat32,
} from './fit-kernels.js';

/** A binned matrix, the cuts that define its bins and the histogram slot layout. */
export interface BinnedMatrix {
  nRows: number;
  nFeatures: number;
  /** Column-major bin codes, `(nFeatures × nRows)`; 0 = missing (NaN). */
  bins: Uint8Array;
  /** Row-major global histogram slots `slotOffset[j] + bin`, `(nRows × nFeatures)`. */
  slots: Uint16Array | Uint32Array;
  /** Cuts of feature j, ascending float32 values; feature j has `cuts[j].length + 1` value bins. */
  cuts: Float32Array[];
  /** Number of value bins of feature j (excluding the missing bin 0). */
  nBins: Int32Array;
  /** Slot of feature j's missing bin; its value bins follow. */
  slotOffset: Int32Array;
  /** Total histogram slots over all features. */
  nSlots: number;
  /**
   * Smallest float32 value of feature j (0 if the column is all NaN): the threshold of a "missing left,
   * every value right" split, since no value is below it; NaN when it is −Infinity (no finite
   * threshold has every value at or above it, so that split is not offered).
   */
  minValue: Float32Array;
}

/** 1 + the number of cuts ≤ v (binary search); v is a non-NaN float32. */
export function binOf(cuts: Float32Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Checks maxBin (an integer in [2, 255]). */
export function checkMaxBin(maxBin: number): void {
  if (!Number.isInteger(maxBin) || maxBin < 2 || maxBin > 255)
    throw new ParameterError(`binMatrix: maxBin must be an integer in [2, 255], got ${String(maxBin)}`);
}

/** The column-major float32 copy of X (one sequential pass over X) into `columns` `(cols × rows)`. */
export function columnsOf(X: Matrix, columns: Float32Array): void {
  const { rows, cols, data } = X;
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) columns[j * rows + i] = data[o];
}

/**
 * Bins every feature of `X` by its own quantile cuts.
 *
 * @param X - `(nRows, nFeatures)`, NaN = missing; ±Infinity are ordinary (extreme) values.
 * @param maxBin - Value bins per feature, integer in [2, 255].
 * @throws ParameterError for a maxBin outside [2, 255].
 */
export function binMatrix(X: Matrix, maxBin: number): BinnedMatrix {
  checkMaxBin(maxBin);
  const { rows, cols } = X;
  const columns = new Float32Array(rows * cols);
  columnsOf(X, columns);
  const bins = new Uint8Array(rows * cols);
  const cuts: Float32Array[] = [];
  const nBins = new Int32Array(cols);
  const slotOffset = new Int32Array(cols);
  const minValue = new Float32Array(cols);
  let nSlots = 0;
  for (let j = 0; j < cols; j++) {
    const col = columns.subarray(j * rows, (j + 1) * rows);
    const c = featureCuts(col, maxBin);
    cuts.push(c);
    nBins[j] = c.length + 1;
    slotOffset[j] = nSlots;
    nSlots += nBins[j] + 1;
    minValue[j] = binColumn(col, c, bins.subarray(j * rows, (j + 1) * rows));
  }
  const slots = nSlots <= 65536 ? new Uint16Array(rows * cols) : new Uint32Array(rows * cols);
  fillSlots(slots, bins, slotOffset, rows, cols, 0, rows);
  return { nRows: rows, nFeatures: cols, bins, slots, cuts, nBins, slotOffset, nSlots, minValue };
}
