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
 *           (without subsampling: g, h computed by the root's histogram pass, margins updated leaf segment
 *           by leaf segment — fit-kernels.ts, the same numbers)
 *           evalSet: margin_e += tree(X_e) (float32 thresholds) → metric → best iteration
 *           stop when earlyStoppingRounds rounds passed without improvement
 *  keep trees 0..best (with early stopping)
 * ```
 * Deterministic: the only randomness is an Rng seeded with `seed`, drawn in a fixed order (features,
 * then rows, each round), and every sum runs in a fixed order. Fits of at least
 * `FIT_TUNING.parallelMinRows` rows share the work with the fit pool's workers (fit-pool.ts) — the same
 * model with any number of threads.
 */
import type { Matrix } from '../../types.js';
import { Rng } from '../../util/rng.js';
import { binMatrix, checkMaxBin, type BinnedMatrix } from './binning.js';
import { evaluate, higherIsBetter, type EvalMetric } from './eval-metrics.js';
import { marginKernel } from './fit-kernels.js';
import { FIT_TUNING, FitTasks, fitThreads } from './fit-pool.js';
import { leafOfBinnedRow, TreeGrower, type GrownTree } from './grow.js';
import { baseMargin, defaultBaseScore, gradients, OBJECTIVES } from './objectives.js';
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
  const parallel = n >= FIT_TUNING.parallelMinRows && fitThreads() > 1;
  checkMaxBin(p.maxBin);
  const tasks = parallel
    ? FitTasks.open({
        nRows: n,
        F: X.cols,
        maxBin: p.maxBin,
        withCounts: p.minDataInLeaf > 1,
        y,
        weight,
        objective: OBJECTIVES.indexOf(p.objective),
        huberSlope: p.huberSlope,
        splitParams: Float64Array.of(p.lambda, p.alpha, p.gamma, p.minChildWeight, p.minDataInLeaf),
      })
    : null;
  try {
    const binned = tasks ? tasks.bin(X) : binMatrix(X, p.maxBin);
    return boost(X, y, weight, p, evalSet, binned, tasks);
  } finally {
    tasks?.close();
  }
}

function boost(
  X: Matrix,
  y: Float64Array,
  weight: Float64Array | null,
  p: GBDTParams,
  evalSet: BoosterEvalSet | undefined,
  binned: BinnedMatrix,
  tasks: FitTasks | null,
): BoosterResult {
  const n = X.rows;
  const grower = new TreeGrower(binned, p, tasks);
  const baseScore =
    p.baseScore === null ? defaultBaseScore(p.objective, y, weight) : Math.fround(p.baseScore);
  const b0 = baseMargin(p.objective, baseScore);
  // Without subsampling the root's histogram pass computes the gradients (rows in order), and every row
  // is in a leaf segment: margins go leaf by leaf from one margin array into the other.
  const fused = p.subsample >= 1;
  const own = tasks ? null : [new Float32Array(n), fused ? new Float32Array(n) : new Float32Array(0)];
  // (through `tasks` every time: a stalled worker makes the tasks replace their buffers)
  const margins = (): Float32Array[] => (tasks ? [tasks.state.margin0, tasks.state.margin1] : own!);
  let cur: 0 | 1 = 0;
  margins()[0].fill(b0);
  const grad = fused ? new Float64Array(0) : new Float64Array(n);
  const hess = fused ? new Float64Array(0) : new Float64Array(n);
  const inSample = fused ? new Uint8Array(0) : new Uint8Array(n);
  const objective = OBJECTIVES.indexOf(p.objective);
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
    let grown: GrownTree;
    if (fused) {
      const [m0, m1] = margins();
      grown = grower.growPrepared(n, features, {
        objective,
        margin: cur === 0 ? m0 : m1,
        from: cur,
        y,
        weight,
        huberSlope: p.huberSlope,
      });
      const tree = grown.tree;
      const par = tasks !== null && tasks.isParallel ? tasks : null;
      if (par === null) {
        const [a, b] = margins(); // (again: replaced if a worker stalled while the tree grew)
        const [mIn, mOut] = cur === 0 ? [a, b] : [b, a];
        for (const leaf of grown.leaves)
          marginKernel(grower.rowsOf(leaf.buf), leaf.start, leaf.end, tree.threshold[leaf.node], mIn, mOut);
      } else {
        const chunkRows = FIT_TUNING.partitionChunkRows;
        for (const leaf of grown.leaves)
          for (let s = leaf.start; s < leaf.end; s += chunkRows) {
            if (par.size === par.capacity) par.run(n);
            par.margin(s, Math.min(leaf.end, s + chunkRows), tree.threshold[leaf.node], cur === 0, leaf.buf);
          }
        par.run(n);
      }
      cur = cur === 0 ? 1 : 0;
    } else {
      const rows = grower.rows;
      gradients(p.objective, margins()[0], y, weight, grad, hess, p.huberSlope);
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
      grown = grower.grow(grad, hess, m, features);
      const tree = grown.tree;
      const margin = margins()[0]; // (after growing: replaced if a worker stalled meanwhile)
      for (const leaf of grown.leaves) {
        const leafRows = grower.rowsOf(leaf.buf);
        const v = tree.threshold[leaf.node];
        for (let k = leaf.start; k < leaf.end; k++) margin[leafRows[k]] += v;
      }
      if (m < n)
        for (let r = 0; r < n; r++)
          if (inSample[r] === 0)
            margin[r] += tree.threshold[leafOfBinnedRow(tree, grown.splitBin, binned, r)];
    }
    const tree = grown.tree;
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
    trainMargins: tasks !== null ? Float32Array.from(margins()[cur]) : margins()[cur],
  };
}
