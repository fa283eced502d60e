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
  const alpha = p.alpha;
  const lambda = p.lambda;
  const l1 = alpha !== 0;
  const nSlots2 = 2 * binned.nSlots;
  // the best candidate so far, kept in scalars (no object or closure per candidate)
  let found = false;
  let bestGain = -Infinity;
  let bF = 0;
  let bB = 0;
  let bDl = false;
  let bGl = 0;
  let bHl = 0;
  let bGr = 0;
  let bHr = 0;
  // one candidate: identical arithmetic to nodeScore(gl) + nodeScore(gr) − parent
  const consider = (f: number, b: number, dl: boolean, gl: number, hl: number, cl: number): void => {
    const gr = G - gl;
    const hr = H - hl;
    if (hl < mcw || hr < mcw || !(hl > 0) || !(hr > 0)) return;
    if (withCounts && (cl < minData || C - cl < minData)) return;
    const tl = l1 ? thresholdL1(gl, alpha) : gl;
    const tr = l1 ? thresholdL1(gr, alpha) : gr;
    const gain = (tl * tl) / (hl + lambda) + (tr * tr) / (hr + lambda) - parent;
    if (gain > bestGain) {
      found = true;
      bestGain = gain;
      bF = f;
      bB = b;
      bDl = dl;
      bGl = gl;
      bHl = hl;
      bGr = gr;
      bHr = hr;
    }
  };
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    const nb = binned.nBins[f];
    const slot = binned.slotOffset[f];
    const off = 2 * slot;
    const cOff = nSlots2 + slot;
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
      const gb = hist[off + 2 * b];
      const hb = hist[off + 2 * b + 1];
      const cb = withCounts ? hist[cOff + b] : 0;
      // An empty bin (b ≥ 2) leaves the sums unchanged: its candidates equal those of bin b − 1, already
      // considered, and ties keep the first — so they cannot win. (Sums are never −0: adding +0 is exact.)
      if (b > 1 && gb === 0 && hb === 0 && cb === 0) continue;
      gl += gb;
      hl += hb;
      if (withCounts) cl += cb;
      consider(f, b, false, gl, hl, cl);
      if (hasMissing) consider(f, b, true, gl + gm, hl + hm, cl + cm);
    }
  }
  if (!found || !(bestGain > MIN_SPLIT_GAIN) || bestGain < p.gamma) return null;
  return { feature: bF, bin: bB, defaultLeft: bDl, gain: bestGain, gl: bGl, hl: bHl, gr: bGr, hr: bHr };
}
