/**
 * Reference statistics for drift monitoring, computed once when a model is saved (reference.json):
 * for each feature and for the training predictions, a summary and 201 quantiles (every 0.5 %), which
 * stand in for the training sample in a KS test (D is then exact to within 1/200); for the predictions
 * also the PSI bins — decile edges and the training counts in them — so the PSI of new predictions is
 * exactly what `populationStabilityIndex(trainingScores, newScores)` gives, without storing the scores.
 *
 * ```
 *  X (rows × features), scores ──finite values, sorted──▶ n, NaN count, mean, std, quantiles (NumPy type 7)
 *  scores ──decile edges (repeats merged), counts per bin──▶ psi_edges, psi_counts
 * ```
 */
import type { Matrix } from '../types.js';
import { binIndex, npQuantileSorted } from '../metrics/binning.js';
import { populationStabilityIndex } from '../metrics/psi.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import { sortedFinite } from '../util/quantile.js';

/** Quantiles stored per variable: levels i / 200, i = 0 … 200. */
export const QUANTILE_POINTS = 201;
/** PSI bins of the prediction reference (deciles). */
export const PSI_BINS = 10;

/** A variable's distribution in the training data. NaN and ±∞ are counted, not summarized. */
export interface DistributionSummary {
  /** Finite values. */
  n: number;
  /** Non-finite values (NaN = missing). */
  nan_count: number;
  mean: number | null;
  std: number | null;
  /** Type-7 quantiles at levels i / (QUANTILE_POINTS − 1); empty when n = 0. */
  quantiles: number[];
}

/** The training predictions' distribution, with the PSI bins. */
export interface ScoreReference extends DistributionSummary {
  /** Inner decile edges of the training scores, repeats merged (as populationStabilityIndex). */
  psi_edges: number[];
  /** Training scores per bin, `(psi_edges.length + 1,)`. */
  psi_counts: number[];
}

/** reference.json. */
export interface ReferenceStats {
  format: 'quantbook/reference-stats';
  version: 1;
  /** Rows of the reference sample. */
  rows: number;
  /** Per feature, in the model's feature order. */
  features: (DistributionSummary & { name: string })[];
  /** The model's predictions on the reference rows; null when not computed. */
  predictions: ScoreReference | null;
}

/** Summary of one variable. @example summarize([1, 2, NaN]) // { n: 2, nan_count: 1, mean: 1.5, … } */
export function summarize(values: ArrayLike<number>): DistributionSummary {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  if (n === 0) return { n: 0, nan_count: values.length, mean: null, std: null, quantiles: [] };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const quantiles = Array.from({ length: QUANTILE_POINTS }, (_, i) =>
    npQuantileSorted(sorted, i / (QUANTILE_POINTS - 1)),
  );
  return { n, nan_count: values.length - n, mean, std: Math.sqrt(ss / n), quantiles };
}

/** The reference of a score sample: its summary and PSI bins. */
export function scoreReference(scores: ArrayLike<number>): ScoreReference {
  const summary = summarize(scores);
  const sorted = sortedFinite(scores);
  if (sorted.length === 0) return { ...summary, psi_edges: [], psi_counts: [] };
  const psi = populationStabilityIndex(sorted, sorted.subarray(0, 1), { nBins: PSI_BINS });
  return { ...summary, psi_edges: [...psi.edges], psi_counts: [...psi.referenceCount] };
}

/**
 * Reference statistics of a training matrix and the model's scores on it.
 *
 * @param X - The training rows, `(rows, features)`, named columns.
 * @param scores - Predictions on X, `(rows,)`, or omitted.
 * @throws SchemaError when scores and X differ in length.
 */
export function referenceStats(X: Matrix, scores?: ArrayLike<number>): ReferenceStats {
  if (scores && scores.length !== X.rows)
    throw new SchemaError(`referenceStats: ${scores.length} scores for ${X.rows} rows`);
  const column = new Float64Array(X.rows);
  const features = X.columns.map((name, j) => {
    for (let i = 0; i < X.rows; i++) column[i] = X.data[i * X.cols + j];
    return { name, ...summarize(column) };
  });
  return {
    format: 'quantbook/reference-stats',
    version: 1,
    rows: X.rows,
    features,
    predictions: scores ? scoreReference(scores) : null,
  };
}

/** PSI of new predictions against a reference, with both sample sizes. */
export interface PsiResult {
  psi: number;
  /** Finite current scores the PSI is computed on. */
  sampleSize: number;
  referenceSize: number;
}

/**
 * PSI of `scores` against the reference's bins: equal to `populationStabilityIndex(trainingScores,
 * scores, { nBins: 10, epsilon })` (the same bins, shares and ε for an empty bin).
 *
 * @throws SchemaError when the reference has no predictions or `scores` no finite value.
 * @throws ParameterError on an epsilon outside (0, 1).
 */
export function psiAgainstReference(
  ref: ScoreReference,
  scores: ArrayLike<number>,
  epsilon = 1e-4,
): PsiResult {
  if (!(epsilon > 0 && epsilon < 1))
    throw new ParameterError(`psi: epsilon must be in (0, 1), got ${epsilon}`);
  if (ref.n === 0) throw new SchemaError('psi: the reference holds no predictions');
  const counts = new Float64Array(ref.psi_counts.length);
  let m = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (!Number.isFinite(v)) continue;
    counts[binIndex(ref.psi_edges, v)]++;
    m++;
  }
  if (m === 0) throw new SchemaError('psi: no finite current score');
  let psi = 0;
  for (let b = 0; b < counts.length; b++) {
    const r = ref.psi_counts[b] / ref.n || epsilon;
    const c = counts[b] / m || epsilon;
    psi += (c - r) * Math.log(c / r);
  }
  return { psi, sampleSize: m, referenceSize: ref.n };
}
