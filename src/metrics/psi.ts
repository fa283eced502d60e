/**
 * Population stability index: how far the distribution of a variable (a feature, a score) has moved
 * between a reference sample (e.g. the training window) and a current one.
 *
 * ```
 *  reference ──edges: NumPy type-7 quantiles at i/nBins, i = 1 … nBins−1, repeated edges merged──▶
 *  bins (−∞, e₁], (e₁, e₂], …, (e_k, +∞) ──shares of reference (r) and current (c) per bin; an empty
 *  bin's share becomes ε──▶ PSI = Σ (c − r) · ln(c / r)
 * ```
 *
 * Rules of thumb (credit scoring): < 0.1 stable, 0.1–0.25 some shift, > 0.25 a major shift.
 * ε (default 1e-4) replaces a share of exactly 0 (no renormalisation), so a bin that empties out
 * contributes a large but finite term; non-empty shares are left alone.
 *
 * @see Yurdakul, B. (2018) Statistical properties of population stability index. Western Michigan University.
 */
import { binIndex, npQuantileSorted } from './binning.js';
import { checkFinite, checkInteger, checkNonEmpty, type Values } from './validate.js';
import { ParameterError } from '../util/errors.js';

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Number of reference-quantile bins before repeated edges are merged. Default 10. */
  nBins?: number;
  /** Share given to an empty bin (in either sample). Default 1e-4. */
  epsilon?: number;
}

/** What {@link populationStabilityIndex} returns; the per-bin arrays run by increasing value. */
export interface PopulationStabilityIndex {
  psi: number;
  /** Inner bin edges (distinct, ascending); bins are (−∞, e₀], (e₀, e₁], …, (e_last, +∞). */
  edges: Float64Array;
  referenceCount: Int32Array;
  currentCount: Int32Array;
  /** Reference shares, an empty bin's 0 replaced by ε. */
  referenceShare: Float64Array;
  /** Current shares, an empty bin's 0 replaced by ε. */
  currentShare: Float64Array;
  /** Each bin's term (c − r) ln(c / r) ≥ 0. */
  contribution: Float64Array;
}

/**
 * Population stability index of `current` against `reference`.
 *
 * @param reference - Finite values, `(n,)`, defining the bins.
 * @param current - Finite values, `(m,)`.
 * @param options - nBins (default 10), epsilon (default 1e-4).
 * @returns psi ≥ 0 with the per-bin table.
 * @throws SchemaError on an empty sample or a non-finite value (naming its index).
 * @throws ParameterError on a bad nBins or epsilon.
 * @example
 * populationStabilityIndex([1, 2, 3, 4], [3, 4, 4, 4], { nBins: 2 })
 * // edges [2.5]; shares: reference [0.5, 0.5], current [ε = 1e-4, 1]; psi 4.60431846666895
 */
export function populationStabilityIndex(
  reference: Values,
  current: Values,
  options: PsiOptions = {},
): PopulationStabilityIndex {
  const what = 'populationStabilityIndex';
  const { nBins = 10, epsilon = 1e-4 } = options;
  checkInteger(what, 'nBins', nBins, 1);
  if (!(epsilon > 0 && epsilon < 1))
    throw new ParameterError(`${what}: epsilon must be in (0, 1), got ${epsilon}`);
  checkNonEmpty(what, 'reference', reference);
  checkNonEmpty(what, 'current', current);
  checkFinite(what, 'reference', reference);
  checkFinite(what, 'current', current);
  const sorted = Float64Array.from(reference).sort();
  const raw: number[] = [];
  for (let i = 1; i < nBins; i++) raw.push(npQuantileSorted(sorted, i / nBins));
  const edges = Float64Array.from(raw.filter((e, i) => i === 0 || e !== raw[i - 1]));
  const k = edges.length + 1;
  const referenceCount = new Int32Array(k);
  const currentCount = new Int32Array(k);
  for (let i = 0; i < reference.length; i++) referenceCount[binIndex(edges, reference[i])]++;
  for (let i = 0; i < current.length; i++) currentCount[binIndex(edges, current[i])]++;
  const referenceShare = new Float64Array(k);
  const currentShare = new Float64Array(k);
  const contribution = new Float64Array(k);
  let psi = 0;
  for (let b = 0; b < k; b++) {
    const r = referenceCount[b] / reference.length || epsilon;
    const c = currentCount[b] / current.length || epsilon;
    referenceShare[b] = r;
    currentShare[b] = c;
    contribution[b] = (c - r) * Math.log(c / r);
    psi += contribution[b];
  }
  return { psi, edges, referenceCount, currentCount, referenceShare, currentShare, contribution };
}
