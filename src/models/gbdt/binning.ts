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

/** The largest finite float32. */
export const F32_MAX = 3.4028234663852886e38;

/** Values sorted to find cuts, at most (a strided sample above). */
export const CUT_SAMPLE = 262_144;

/** The float32 right after `x` (a finite float32). */
function nextFloat32Up(x: number): number {
  if (x === 0) return 1.401298464324817e-45;
  const f = new Float32Array([x]);
  const u = new Int32Array(f.buffer);
  u[0] += x > 0 ? 1 : -1;
  return f[0];
}

/** A finite float32 threshold t with a < t ≤ b, for float32 values a < b. */
export function cutBetween(a: number, b: number): number {
  let t = Math.fround((a + b) / 2);
  if (!(t > a)) t = b;
  if (!Number.isFinite(t)) {
    if (Number.isFinite(a)) t = a === F32_MAX ? a : nextFloat32Up(a);
    else if (Number.isFinite(b)) t = b;
    else t = 0;
  }
  return t;
}

/**
 * The cuts of one feature from its float32 values.
 *
 * @param values - Float32 values of the feature, NaN allowed, `(n,)` (not modified).
 * @param maxBin - At most this many value bins (2..255).
 * @returns Ascending finite float32 cuts, length ≤ maxBin − 1.
 * @example Array.from(featureCuts(Float32Array.of(1, 2, 2, 3, NaN), 255)) // [1.5, 2.5]
 */
export function featureCuts(values: Float32Array, maxBin: number): Float32Array {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present++;
  const stride = present > CUT_SAMPLE ? present / CUT_SAMPLE : 1;
  const sample = new Float32Array(Math.min(present, CUT_SAMPLE));
  let n = 0;
  let next = 0;
  let seen = 0;
  for (let i = 0; i < values.length && n < sample.length; i++) {
    if (values[i] !== values[i]) continue;
    if (seen >= next) {
      sample[n++] = values[i];
      next += stride;
    }
    seen++;
  }
  const s = sortFloat32(sample.subarray(0, n));
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || s[i] !== s[i - 1]) distinct++;
  const cuts: number[] = [];
  // Two neighbours no finite float32 separates (F32_MAX and +∞) give the same cut twice: keep one,
  // so they share a bin and the cuts stay strictly ascending.
  const push = (t: number) => {
    if (cuts.length === 0 || t > cuts[cuts.length - 1]) cuts.push(t);
  };
  if (distinct <= maxBin) {
    for (let i = 0; i + 1 < n; i++) if (s[i] !== s[i + 1]) push(cutBetween(s[i], s[i + 1]));
  } else {
    const step = n / maxBin;
    let target = step;
    for (let i = 0; i + 1 < n && cuts.length < maxBin - 1; i++) {
      if (s[i] === s[i + 1] || i + 1 < target) continue; // cut only at the end of a run of equal values
      push(cutBetween(s[i], s[i + 1]));
      while (target <= i + 1) target += step;
    }
  }
  return Float32Array.from(cuts);
}

/**
 * Sorts non-NaN float32 values ascending: LSD radix sort (11 + 11 + 10 bits) of their order-preserving
 * uint32 keys — several times faster than the built-in sort for the ≤ 262,144 values of a cut sample.
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < 2048) return values.sort();
  const keys = new Uint32Array(values.buffer, values.byteOffset, n); // reinterpret in place
  for (let i = 0; i < n; i++) {
    const u = keys[i];
    keys[i] = u & 0x80000000 ? ~u : u | 0x80000000;
  }
  let src = keys;
  let dst = new Uint32Array(n);
  for (const [shift, bits] of [
    [0, 11],
    [11, 11],
    [22, 10],
  ]) {
    const size = 1 << bits;
    const mask = size - 1;
    const count = new Uint32Array(size + 1);
    for (let i = 0; i < n; i++) count[((src[i] >>> shift) & mask) + 1]++;
    for (let b = 0; b < size; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) dst[count[(src[i] >>> shift) & mask]++] = src[i];
    const t = src;
    src = dst;
    dst = t;
  }
  // three passes: the sorted keys are in `src`, which is the scratch array; copy back
  for (let i = 0; i < n; i++) {
    const k = src[i];
    keys[i] = k & 0x80000000 ? k & 0x7fffffff : ~k;
  }
  return values;
}

/**
 * For each 16-bit prefix t of the order-preserving key of a float32, the smallest and largest bin a
 * value with that prefix can fall in: most values find their bin with one table look-up, the others
 * with a few comparisons between lo and hi (−0 is keyed as +0, so it bins like 0).
 */
export function binLookup(cuts: Float32Array): { lo: Uint8Array; hi: Uint8Array } {
  const key = (x: number): number => {
    const u = new Uint32Array(Float32Array.of(x).buffer)[0];
    return u & 0x80000000 ? (u === 0x80000000 ? 0x80000000 : ~u >>> 0) : (u | 0x80000000) >>> 0;
  };
  const ck = Array.from(cuts, key);
  const lo = new Uint8Array(65536);
  const hi = new Uint8Array(65536);
  let a = 0; // #{cuts with key ≤ t·2^16}
  let b = 0; // #{cuts with key ≤ t·2^16 + 0xffff}
  for (let t = 0; t < 65536; t++) {
    const first = t * 65536;
    while (a < ck.length && ck[a] <= first) a++;
    while (b < ck.length && ck[b] <= first + 0xffff) b++;
    lo[t] = a + 1;
    hi[t] = b + 1;
  }
  return { lo, hi };
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

/**
 * Bins every feature of `X` by its own quantile cuts.
 *
 * @param X - `(nRows, nFeatures)`, NaN = missing; ±Infinity are ordinary (extreme) values.
 * @param maxBin - Value bins per feature, integer in [2, 255].
 * @throws ParameterError for a maxBin outside [2, 255].
 */
export function binMatrix(X: Matrix, maxBin: number): BinnedMatrix {
  if (!Number.isInteger(maxBin) || maxBin < 2 || maxBin > 255)
    throw new ParameterError(`binMatrix: maxBin must be an integer in [2, 255], got ${String(maxBin)}`);
  const { rows, cols, data } = X;
  const columns = new Float32Array(rows * cols); // column-major float32 copy, one sequential pass over X
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) columns[j * rows + i] = data[o];
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
    const out = bins.subarray(j * rows, (j + 1) * rows);
    const lookup = binLookup(c);
    const keys = new Uint32Array(col.buffer, col.byteOffset, rows);
    let min = Infinity;
    for (let i = 0; i < rows; i++) {
      const v = col[i];
      if (v !== v) {
        out[i] = 0;
        continue;
      }
      if (v < min) min = v;
      const u = keys[i];
      const t = (u & 0x80000000 ? (u === 0x80000000 ? 0x80000000 : ~u) : u | 0x80000000) >>> 16;
      let b = lookup.lo[t];
      const hi = lookup.hi[t];
      while (b < hi && c[b - 1] <= v) b++;
      out[i] = b; // = binOf(c, v)
    }
    minValue[j] = min === Infinity ? 0 : min === -Infinity ? NaN : min;
  }
  const slots = nSlots <= 65536 ? new Uint16Array(rows * cols) : new Uint32Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const off = slotOffset[j];
    const col = bins.subarray(j * rows, (j + 1) * rows);
    for (let i = 0; i < rows; i++) slots[i * cols + j] = off + col[i];
  }
  return { nRows: rows, nFeatures: cols, bins, slots, cuts, nBins, slotOffset, nSlots, minValue };
}
