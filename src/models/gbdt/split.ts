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
): SplitCandidate | null {
  const parent = nodeScore(G, H, p);
  const mcw = p.minChildWeight;
  const minData = withCounts ? Math.max(1, p.minDataInLeaf) : 0;
  let best: SplitCandidate | null = null;
  let bestGain = -Infinity;
  const consider = (f: number, b: number, dl: boolean, gl: number, hl: number, cl: number): void => {
    const gr = G - gl;
    const hr = H - hl;
    if (hl < mcw || hr < mcw || !(hl > 0) || !(hr > 0)) return;
    if (withCounts && (cl < minData || C - cl < minData)) return;
    const gain = nodeScore(gl, hl, p) + nodeScore(gr, hr, p) - parent;
    if (gain > bestGain) {
      bestGain = gain;
      best = { feature: f, bin: b, defaultLeft: dl, gain, gl, hl, gr, hr };
    }
  };
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    const nb = binned.nBins[f];
    const slot = binned.slotOffset[f];
    const off = 2 * slot;
    const cOff = 2 * binned.nSlots + slot;
    const gm = hist[off];
    const hm = hist[off + 1];
    const cm = withCounts ? hist[cOff] : 0;
    const hasMissing = withCounts ? cm > 0 : gm !== 0 || hm !== 0;
    // missing left, every value right (threshold: the smallest value; not when it is −∞)
    if (hasMissing && !Number.isNaN(binned.minValue[f])) consider(f, 0, true, gm, hm, cm);
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 1; b < nb; b++) {
      gl += hist[off + 2 * b];
      hl += hist[off + 2 * b + 1];
      if (withCounts) cl += hist[cOff + b];
      consider(f, b, false, gl, hl, cl);
      if (hasMissing) consider(f, b, true, gl + gm, hl + hm, cl + cm);
    }
  }
  if (best === null || !(bestGain > MIN_SPLIT_GAIN) || bestGain < p.gamma) return null;
  return best;
}
