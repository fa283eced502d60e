/**
 * Split finding on a node's histogram, with XGBoost's regularized gain (src/tree/param.h, v1.7):
 *
 * ```
 *  T(G)        = sign(G) · max(|G| − α, 0)                      L1 soft-thresholding (α = alpha)
 *  score(G, H) = T(G)² / (H + λ)                                  λ = lambda (L2)
 *  weight(G,H) = −T(G) / (H + λ)     (0 when H < minChildWeight)  the leaf value before × learningRate
 *  gain        = score(G_L, H_L) + score(G_R, H_R) − score(G, H)  XGBoost's `loss_chg` (no ½, no −γ)
 * ```
 * A split is valid when gain > 1e-6 (XGBoost's kRtEps) and gain ≥ γ (gamma), both children have
 * hessian ≥ minChildWeight and > 0, and — when `minDataInLeaf` > 1 — at least that many rows.
 * Missing values (bin 0) are tried on the right (scanning left to right) and, when the node has any,
 * on the left — including "missing left, every value right" (bin = 0); the better side becomes the
 * node's default direction. Without missing values in the
 * node the default is right, as in XGBoost. Ties keep the first candidate found (features ascending,
 * thresholds ascending, missing-right before missing-left), so the choice is deterministic.
 */
import type { BinnedMatrix } from './binning.js';
import { splitKernel } from './fit-kernels.js';

/** The regularization a split must pass. */
export interface SplitParams {
  lambda: number;
  alpha: number;
  gamma: number;
  minChildWeight: number;
  minDataInLeaf: number;
}

/**
 * The best split of a node: left gets value bins 1..bin (none when bin = 0) and the missing values
 * when `defaultLeft`.
 */
export interface SplitCandidate {
  feature: number;
  bin: number;
  defaultLeft: boolean;
  gain: number;
  gl: number;
  hl: number;
  gr: number;
  hr: number;
}

/** XGBoost's smallest split gain (kRtEps). */
export const MIN_SPLIT_GAIN = 1e-6;

/** L1 soft-thresholding of a gradient sum. */
export function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/** score(G, H) = T(G)² / (H + λ). */
export function nodeScore(g: number, h: number, p: SplitParams): number {
  const t = p.alpha === 0 ? g : thresholdL1(g, p.alpha);
  return (t * t) / (h + p.lambda);
}

/** The optimal leaf weight −T(G) / (H + λ); 0 when H < minChildWeight or H ≤ 0. */
export function leafWeight(g: number, h: number, p: SplitParams): number {
  if (h < p.minChildWeight || h <= 0) return 0;
  return -thresholdL1(g, p.alpha) / (h + p.lambda);
}

/**
 * The best valid split of a node, or null.
 *
 * @param hist - The node's histogram (see histogram.ts).
 * @param binned - The binned matrix (slot layout).
 * @param features - Candidate features (ascending).
 * @param G - Node gradient sum.
 * @param H - Node hessian sum.
 * @param C - Node row count.
 * @param p - Regularization.
 * @param withCounts - Whether the histogram counts rows (then `minDataInLeaf` is enforced).
 * @param built - The histogram was built from rows, not by subtraction (every hessian ≥ 0: the scan of a
 *   feature may stop early). The result is the same either way.
 */
export function findBestSplit(
  hist: Float64Array,
  binned: BinnedMatrix,
  features: Int32Array,
  G: number,
  H: number,
  C: number,
  p: SplitParams,
  withCounts: boolean,
  built = false,
): SplitCandidate | null {
  const out = SPLIT_OUT;
  const ok = splitKernel(
    hist,
    binned.nBins,
    binned.slotOffset,
    binned.minValue,
    features,
    features.length,
    G,
    H,
    C,
    p.lambda,
    p.alpha,
    p.gamma,
    p.minChildWeight,
    p.minDataInLeaf,
    withCounts,
    binned.nSlots,
    built,
    out,
    0,
  );
  return ok ? splitOf(out, 0) : null;
}

const SPLIT_OUT = new Float64Array(8);

/** The split splitKernel wrote at `out[at..at + 8)`. */
export function splitOf(out: Float64Array, at: number): SplitCandidate {
  return {
    feature: out[at],
    bin: out[at + 1],
    defaultLeft: out[at + 2] === 1,
    gain: out[at + 3],
    gl: out[at + 4],
    hl: out[at + 5],
    gr: out[at + 6],
    hr: out[at + 7],
  };
}
