/**
 * Gradient histograms: for one tree node, the sums of gradient and hessian (and, when needed, the row
 * count) of its rows in every bin of every feature.
 *
 * ```
 *  layout   one Float64Array per node: [G, H] at 2·slot for slot in 0..nSlots−1, then (with counts)
 *           the count of slot at 2·nSlots + slot; slot = slotOffset[f] + bin (bin 0 = missing)
 *  build    row by row (XGBoost's row-wise kernel): each row's g and h are read once and added to
 *           the slot of every feature — consecutive updates hit different features, so they do not
 *           wait on each other the way a column-wise pass over one feature does
 *  subtract sibling = parent − child: only the smaller child of a split is built (XGBoost, LightGBM)
 * ```
 */
import type { BinnedMatrix } from './binning.js';
import { histKernel, subtractKernel } from './fit-kernels.js';

/** Length of a node histogram for a binned matrix. */
export function histogramLength(binned: BinnedMatrix, withCounts: boolean): number {
  return (withCounts ? 3 : 2) * binned.nSlots;
}

/** The slot ranges `[from, to)` of `features`, or one range for all features. */
export function slotRanges(binned: BinnedMatrix, features: Int32Array): [number, number][] {
  if (features.length === binned.nFeatures) return [[0, binned.nSlots]];
  return Array.from(features, (f) => [binned.slotOffset[f], binned.slotOffset[f] + binned.nBins[f] + 1]);
}

/**
 * Fills `hist` with the sums over rows `rows[start..end)` for each feature of `features`.
 *
 * @param hist - Output of {@link histogramLength}; the slots of `features` are overwritten.
 * @param binned - The binned training matrix.
 * @param features - Feature indices to build, ascending (all of them, or a sample).
 * @param rows - Row indices; the node's are `rows[start..end)`.
 * @param grad - Gradients by row, `(nRows,)`.
 * @param hess - Hessians by row, `(nRows,)`.
 * @param withCounts - Also count rows (needed only for `minDataInLeaf` > 1).
 */
export function buildHistogram(
  hist: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
  rows: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  withCounts: boolean,
): void {
  const gh = new Float64Array(2 * grad.length);
  for (let r = 0; r < grad.length; r++) {
    gh[2 * r] = grad[r];
    gh[2 * r + 1] = hess[r];
  }
  buildHistogramInterleaved(hist, binned, features, rows, start, end, gh, withCounts);
}

/** `parent[s] −= child[s]` over the slots of `features`: turns the parent's histogram into the sibling's. */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
  withCounts: boolean,
): void {
  subtractKernel(
    parent,
    parent,
    child,
    features,
    features.length,
    binned.nFeatures,
    binned.slotOffset,
    binned.nBins,
    withCounts,
    binned.nSlots,
  );
}

/**
 * {@link buildHistogram} with the gradients and hessians interleaved, `gh[2r] = grad[r]`,
 * `gh[2r + 1] = hess[r]`: one memory stream instead of two (what the tree grower uses; it fills `gh`
 * once per tree).
 */
export function buildHistogramInterleaved(
  hist: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
  rows: Int32Array,
  start: number,
  end: number,
  gh: Float64Array,
  withCounts: boolean,
): void {
  histKernel(
    hist,
    binned.slots,
    binned.nFeatures,
    gh,
    rows,
    start,
    end,
    features,
    features.length,
    binned.slotOffset,
    binned.nBins,
    withCounts,
    binned.nSlots,
    new Float64Array(2),
    0,
  );
}
