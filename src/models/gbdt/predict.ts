/**
 * Margins of a forest on raw feature values, computed the way XGBoost's CPU predictor does so the two
 * agree bit for bit: each value is rounded to float32, compared with the float32 threshold by
 * `x < threshold` (NaN → the default side), and the leaf values are added to the float32 base margin
 * in float32, tree after tree.
 *
 * ```
 *  trees ──compileForest──▶ one flat, branch-free node table                (once per model)
 *        ──flattenForest (on the first large predict)──▶ FlatPredictor        (flat-forest.ts: ranks,
 *                                                         complete trees, an asm.js kernel; the fast path)
 *           large inputs: rows shared with worker threads in chunks           (predict-pool.ts)
 *  node table path, rows i..i+7: X[i, ·] ──fround, NaN → +∞ / NaN──▶ 2 · nFeatures values each
 *     ──walk every tree, 8 rows in lockstep──▶ m = fround(m + leaf)          (tree order, like XGBoost)
 * ```
 * Both paths give bit-identical margins; the node table serves small inputs and forests the flat
 * layout does not take (trees deeper than 12, ≥ 65,536 distinct thresholds on a feature).
 */
import type { Matrix } from '../../types.js';
import { FlatPredictor, flattenForest } from './flat-forest.js';
import { PARALLEL_MIN_WORK, predictParallel } from './predict-pool.js';
import type { Tree } from './tree.js';

/**
 * All trees in one branch-free node table. Node ids are global; `roots[t]` is tree t's root and
 * `depth[t]` its depth. A step from node i for row x is `i = child[2i + (x[slot[i]] >= threshold[i])]`:
 * a leaf is its own two children (so every row can take exactly `depth[t]` steps), and
 * `slot[i] = feature + (defaultLeft ? nFeatures : 0)` reads the row's value with NaN replaced by +∞
 * (missing goes right: +∞ ≥ every threshold) or left as NaN (missing goes left: NaN ≥ t is false) —
 * XGBoost's `x < threshold ? left : right` with the default direction for NaN, in one comparison.
 */
export interface CompiledForest {
  nFeatures: number;
  roots: Int32Array;
  depth: Int32Array;
  child: Int32Array;
  slot: Int32Array;
  /** Float32 thresholds held as float64 (the comparison is the same; loads need no conversion). */
  threshold: Float64Array;
  /** Leaf value (0 for splits). */
  value: Float32Array;
  /** The trees, for the flat predictor. */
  trees: readonly Tree[];
  /** The flat predictor: undefined until enough rows were predicted to build it, null if the forest does not suit it. */
  flat?: FlatPredictor | null;
  /** Rows × trees predicted by the node table so far. */
  work?: number;
}

/**
 * Rows × trees (summed over the predictions of a model) from which predictMargins builds the flat
 * predictor and uses it from then on; until then, the node table. Building costs about as much as the
 * node table spends on 2^20 rows × trees (a 200-tree model: 3–10 ms to flatten, plus about 6 ms to
 * compile the kernel of a new forest shape), and the flat predictor is 2.5× faster on one thread.
 */
export const FLAT_MIN_WORK = 1 << 20;

/** The flat predictor of `forest`, built on first use; null when the forest does not suit the layout. */
export function flatPredictor(forest: CompiledForest): FlatPredictor | null {
  if (forest.flat === undefined) {
    const flat = flattenForest(forest.trees, forest.nFeatures);
    forest.flat = flat === null ? null : new FlatPredictor(flat);
  }
  return forest.flat;
}

/** Compiles `trees` (over `nFeatures` features) into a {@link CompiledForest}. */
export function compileForest(trees: readonly Tree[], nFeatures: number): CompiledForest {
  const total = trees.reduce((s, t) => s + t.left.length, 0);
  const f: CompiledForest = {
    nFeatures,
    roots: new Int32Array(trees.length),
    depth: new Int32Array(trees.length),
    child: new Int32Array(2 * total),
    slot: new Int32Array(total),
    threshold: new Float64Array(total),
    value: new Float32Array(total),
    trees,
  };
  let base = 0;
  trees.forEach((t, k) => {
    f.roots[k] = base;
    const depth = new Int32Array(t.left.length);
    const stack = [0];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const g = base + i;
      if (t.left[i] === -1) {
        f.child[2 * g] = f.child[2 * g + 1] = g;
        f.value[g] = t.threshold[i];
        if (depth[i] > f.depth[k]) f.depth[k] = depth[i];
      } else {
        f.child[2 * g] = base + t.left[i];
        f.child[2 * g + 1] = base + t.right[i];
        f.slot[g] = t.feature[i] + (t.defaultLeft[i] === 1 ? nFeatures : 0);
        f.threshold[g] = t.threshold[i];
        depth[t.left[i]] = depth[t.right[i]] = depth[i] + 1;
        stack.push(t.left[i], t.right[i]);
      }
    }
    base += t.left.length;
  });
  return f;
}

/** Writes row r of X into `x` at offset `o` as 2·cols float32 values: NaN → +∞ in the first half, NaN in the second. */
function loadRow(
  data: Float64Array | Float32Array,
  r: number,
  cols: number,
  x: Float64Array,
  o: number,
): void {
  const a = r * cols;
  for (let j = 0; j < cols; j++) {
    const v = Math.fround(data[a + j]);
    if (v === v) {
      x[o + j] = v;
      x[o + cols + j] = v;
    } else {
      x[o + j] = Infinity;
      x[o + cols + j] = NaN;
    }
  }
}

/**
 * Margins of rows of `X`: base margin + the first `nTrees` trees, accumulated in float32, by the flat
 * predictor once the model has predicted {@link FLAT_MIN_WORK} rows × trees (this call included) and the
 * forest suits it, else by {@link predictMarginsTable}. From rows × nTrees ≥ PARALLEL_MIN_WORK (2^21) the flat predictor
 * shares the rows with background worker threads (predict-pool.ts; `QUANTBOOK_PREDICT_THREADS=1` turns
 * that off) and this thread blocks in Atomics.wait until they are done: still synchronous, same margins.
 *
 * @param forest - {@link compileForest} of the trees, with `nFeatures = X.cols`.
 * @param baseMargin - The float32 base margin.
 * @param X - `(nRows, nFeatures)`.
 * @param nTrees - How many trees to use (default all).
 * @returns `(nRows,)` margins (float32 values in a Float64Array).
 */
export function predictMargins(
  forest: CompiledForest,
  baseMargin: number,
  X: Matrix,
  nTrees = forest.roots.length,
): Float64Array {
  forest.work = (forest.work ?? 0) + X.rows * nTrees;
  if (forest.flat !== null && (forest.flat !== undefined || forest.work >= FLAT_MIN_WORK)) {
    const flat = flatPredictor(forest);
    if (flat !== null) {
      const out = new Float64Array(X.rows);
      if (X.rows * nTrees < PARALLEL_MIN_WORK || !predictParallel(flat, X, nTrees, baseMargin, out))
        flat.predict(X, nTrees, baseMargin, out);
      return out;
    }
  }
  return predictMarginsTable(forest, baseMargin, X, nTrees);
}

/**
 * {@link predictMargins} by the node table. Eight rows walk each tree in lockstep, which keeps eight
 * independent chains of loads in flight.
 */
export function predictMarginsTable(
  forest: CompiledForest,
  baseMargin: number,
  X: Matrix,
  nTrees = forest.roots.length,
): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows);
  const W = 2 * cols;
  const x = new Float64Array(8 * W);
  const { roots, depth, child, slot, threshold, value } = forest;
  const b0 = Math.fround(baseMargin);
  const o1 = W;
  const o2 = 2 * W;
  const o3 = 3 * W;
  const o4 = 4 * W;
  const o5 = 5 * W;
  const o6 = 6 * W;
  const o7 = 7 * W;
  for (let r0 = 0; r0 < rows; r0 += 8) {
    const nb = Math.min(8, rows - r0);
    for (let q = 0; q < 8; q++) loadRow(data, r0 + Math.min(q, nb - 1), cols, x, q * W);
    let m0 = b0;
    let m1 = b0;
    let m2 = b0;
    let m3 = b0;
    let m4 = b0;
    let m5 = b0;
    let m6 = b0;
    let m7 = b0;
    for (let t = 0; t < nTrees; t++) {
      let i0 = roots[t];
      let i1 = i0;
      let i2 = i0;
      let i3 = i0;
      let i4 = i0;
      let i5 = i0;
      let i6 = i0;
      let i7 = i0;
      for (let d = depth[t]; d > 0; d--) {
        i0 = child[2 * i0 + Number(x[slot[i0]] >= threshold[i0])];
        i1 = child[2 * i1 + Number(x[o1 + slot[i1]] >= threshold[i1])];
        i2 = child[2 * i2 + Number(x[o2 + slot[i2]] >= threshold[i2])];
        i3 = child[2 * i3 + Number(x[o3 + slot[i3]] >= threshold[i3])];
        i4 = child[2 * i4 + Number(x[o4 + slot[i4]] >= threshold[i4])];
        i5 = child[2 * i5 + Number(x[o5 + slot[i5]] >= threshold[i5])];
        i6 = child[2 * i6 + Number(x[o6 + slot[i6]] >= threshold[i6])];
        i7 = child[2 * i7 + Number(x[o7 + slot[i7]] >= threshold[i7])];
      }
      m0 = Math.fround(m0 + value[i0]);
      m1 = Math.fround(m1 + value[i1]);
      m2 = Math.fround(m2 + value[i2]);
      m3 = Math.fround(m3 + value[i3]);
      m4 = Math.fround(m4 + value[i4]);
      m5 = Math.fround(m5 + value[i5]);
      m6 = Math.fround(m6 + value[i6]);
      m7 = Math.fround(m7 + value[i7]);
    }
    out[r0] = m0;
    if (nb > 1) out[r0 + 1] = m1;
    if (nb > 2) out[r0 + 2] = m2;
    if (nb > 3) out[r0 + 3] = m3;
    if (nb > 4) out[r0 + 4] = m4;
    if (nb > 5) out[r0 + 5] = m5;
    if (nb > 6) out[r0 + 6] = m6;
    if (nb > 7) out[r0 + 7] = m7;
  }
  return out;
}

/** Adds one tree's leaf values to `margins` in float32 (the eval set during boosting). */
export function addTreeMargins(tree: Tree, X: Matrix, margins: Float32Array): void {
  const { rows, cols, data } = X;
  const { left, right, feature, threshold, defaultLeft } = tree;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let i = 0;
    while (left[i] !== -1) {
      const v = Math.fround(data[o + feature[i]]);
      const c = threshold[i];
      i = v < c ? left[i] : v >= c ? right[i] : defaultLeft[i] === 1 ? left[i] : right[i];
    }
    margins[r] += threshold[i]; // Float32Array store rounds: fround(m + leaf)
  }
}
