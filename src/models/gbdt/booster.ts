/**
 * The boosting loop: one tree per round on the gradients of the loss at the current margins.
 *
 * ```
 *  X ──binMatrix (once)──▶ bins (Uint8, column-major) + slots (row-major) + float32 cuts
 *  margin = baseMargin(baseScore)                                          Float32Array, like XGBoost's cache
 *  round t: features ← sample colsampleByTree (Rng)     rows ← Bernoulli(subsample) (Rng)
 *           g, h ← objective(margin, y) × weight
 *           tree ← TreeGrower.grow(g, h, rows, features)
 *           margin += leaf value (sampled rows: leaf segments; the others: walk the bins), float32
 *           evalSet: margin_e += tree(X_e) (float32 thresholds) → metric → best iteration
 *           stop when earlyStoppingRounds rounds passed without improvement
 *  keep trees 0..best (with early stopping)
 * ```
 * Deterministic: the only randomness is an Rng seeded with `seed`, drawn in a fixed order (features,
 * then rows, each round), and every sum runs in a fixed order.
 */
import type { Matrix } from '../../types.js';
import { Rng } from '../../util/rng.js';
import { binMatrix } from './binning.js';
import { evaluate, higherIsBetter, type EvalMetric } from './eval-metrics.js';
import { leafOfBinnedRow, TreeGrower } from './grow.js';
import { baseMargin, defaultBaseScore, gradients } from './objectives.js';
import type { GBDTParams } from './params.js';
import { addTreeMargins } from './predict.js';
import type { Tree } from './tree.js';

/** A held-out set watched during boosting. */
export interface BoosterEvalSet {
  X: Matrix;
  y: Float64Array;
  weight?: Float64Array;
}

/** What boosting produced. */
export interface BoosterResult {
  trees: Tree[];
  /** Float32 base score (target space). */
  baseScore: number;
  /** Rounds run (≥ trees.length when early stopping cut the tail). */
  rounds: number;
  /** With an eval set: the round (0-based) with the best metric, and the metric per round. */
  bestIteration: number | null;
  bestScore: number | null;
  evalHistory: number[] | null;
  evalMetric: EvalMetric | null;
  /** Training-row margins after every round run (before early stopping drops the tail), float32. */
  trainMargins: Float32Array;
}

/** Features `0..nFeatures−1`, or `k` of them drawn without replacement, ascending. */
function sampleFeatures(rng: Rng, nFeatures: number, fraction: number, all: Int32Array): Int32Array {
  if (fraction >= 1) return all;
  const k = Math.max(1, Math.floor(fraction * nFeatures));
  const pool = Int32Array.from(all);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(nFeatures - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, k).sort();
}

/**
 * Trains a forest.
 *
 * @param X - Training features `(n, k)`, NaN = missing.
 * @param y - Targets `(n,)` (validated by the caller).
 * @param weight - Effective row weights `(n,)` or null (validated by the caller).
 * @param p - Resolved parameters.
 * @param evalSet - Optional held-out set (validated by the caller).
 */
export function trainBooster(
  X: Matrix,
  y: Float64Array,
  weight: Float64Array | null,
  p: GBDTParams,
  evalSet?: BoosterEvalSet,
): BoosterResult {
  const n = X.rows;
  const binned = binMatrix(X, p.maxBin);
  const grower = new TreeGrower(binned, p);
  const baseScore =
    p.baseScore === null ? defaultBaseScore(p.objective, y, weight) : Math.fround(p.baseScore);
  const b0 = baseMargin(p.objective, baseScore);
  const margin = new Float32Array(n).fill(b0);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const inSample = new Uint8Array(n);
  const rng = new Rng(p.seed);
  const allFeatures = Int32Array.from({ length: X.cols }, (_, j) => j);
  const logistic = p.objective === 'binary:logistic';
  const metric: EvalMetric | null = evalSet ? (p.evalMetric ?? (logistic ? 'logloss' : 'rmse')) : null;
  const evalMargin = evalSet ? new Float32Array(evalSet.X.rows).fill(b0) : null;
  const history: number[] = [];
  let best = -1;
  let bestScore = NaN;
  const trees: Tree[] = [];
  let rounds = 0;

  for (let t = 0; t < p.nEstimators; t++) {
    const features = sampleFeatures(rng, X.cols, p.colsampleByTree, allFeatures);
    gradients(p.objective, margin, y, weight, grad, hess, p.huberSlope);
    const rows = grower.rows;
    let m = 0;
    if (p.subsample < 1) {
      for (let r = 0; r < n; r++) {
        const keep = rng.random() < p.subsample;
        inSample[r] = keep ? 1 : 0;
        if (keep) rows[m++] = r;
      }
    } else {
      for (let r = 0; r < n; r++) rows[r] = r;
      m = n;
    }
    const grown = grower.grow(grad, hess, m, features);
    const tree = grown.tree;
    for (const leaf of grown.leaves) {
      const v = tree.threshold[leaf.node];
      for (let k = leaf.start; k < leaf.end; k++) margin[rows[k]] += v;
    }
    if (m < n)
      for (let r = 0; r < n; r++)
        if (inSample[r] === 0) margin[r] += tree.threshold[leafOfBinnedRow(tree, grown.splitBin, binned, r)];
    trees.push(tree);
    rounds = t + 1;

    if (evalSet && evalMargin && metric) {
      addTreeMargins(tree, evalSet.X, evalMargin);
      const s = evaluate(metric, evalSet.y, evalMargin, logistic, evalSet.weight);
      history.push(s);
      const better = higherIsBetter(metric) ? s > bestScore : s < bestScore;
      if (best < 0 || better || (Number.isNaN(bestScore) && !Number.isNaN(s))) {
        best = t;
        bestScore = s;
      }
      if (p.earlyStoppingRounds !== null && t - best >= p.earlyStoppingRounds) break;
    }
  }
  const keep = evalSet && p.earlyStoppingRounds !== null ? best + 1 : trees.length;
  return {
    trees: trees.slice(0, keep),
    baseScore,
    rounds,
    bestIteration: evalSet ? best : null,
    bestScore: evalSet ? bestScore : null,
    evalHistory: evalSet ? history : null,
    evalMetric: metric,
    trainMargins: margin,
  };
}
