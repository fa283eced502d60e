/**
 * A regression tree as XGBoost stores it: parallel node arrays, node 0 the root, the two children of a
 * split allocated together in expansion order. A node is a leaf when `left[i] === -1`; a leaf's value
 * (already × learningRate) sits in `threshold[i]`, XGBoost's `split_conditions`.
 *
 * Routing (XGBoost's predictor, float32): at a split, x = fround(X[row, feature[i]]);
 * NaN → `defaultLeft[i]` ? left : right; otherwise x < threshold[i] ? left : right.
 */

/** One tree. Every array has one entry per node. */
export interface Tree {
  /** Left child, −1 for a leaf. */
  left: Int32Array;
  /** Right child, −1 for a leaf. */
  right: Int32Array;
  /** Parent, −1 for the root (XGBoost writes 2147483647). */
  parent: Int32Array;
  /** Split feature (0 for leaves). */
  feature: Int32Array;
  /** Split threshold (float32) for splits; the leaf value for leaves. */
  threshold: Float32Array;
  /** 1 when missing values go left. */
  defaultLeft: Uint8Array;
  /** Unscaled weight −T(G)/(H+λ) of a split node; the leaf value of a leaf (as XGBoost stores them). */
  baseWeight: Float32Array;
  /** Split gain (XGBoost's `loss_changes`), 0 for leaves. */
  lossChange: Float32Array;
  /** Sum of hessians of the training rows that reached the node (XGBoost's `sum_hessian`). */
  sumHessian: Float32Array;
}

/** The fields of a node, for {@link TreeBuilder}. */
export interface NodeFields {
  feature: number;
  threshold: number;
  defaultLeft: boolean;
  baseWeight: number;
  lossChange: number;
  sumHessian: number;
}

/** Grows a tree's arrays node by node (plain arrays while growing, typed arrays at the end). */
export class TreeBuilder {
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly parent: number[] = [];
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly defaultLeft: number[] = [];
  private readonly baseWeight: number[] = [];
  private readonly lossChange: number[] = [];
  private readonly sumHessian: number[] = [];

  /** Number of nodes so far. */
  get size(): number {
    return this.left.length;
  }

  /** Adds a leaf under `parent` (−1 for the root) and returns its id. */
  addLeaf(parent: number, value: number, sumHessian: number): number {
    const id = this.left.length;
    this.left.push(-1);
    this.right.push(-1);
    this.parent.push(parent);
    this.feature.push(0);
    this.threshold.push(value);
    this.defaultLeft.push(0);
    this.baseWeight.push(value);
    this.lossChange.push(0);
    this.sumHessian.push(sumHessian);
    return id;
  }

  /** Turns leaf `id` into a split with the given children. */
  setSplit(id: number, left: number, right: number, f: NodeFields): void {
    this.left[id] = left;
    this.right[id] = right;
    this.feature[id] = f.feature;
    this.threshold[id] = f.threshold;
    this.defaultLeft[id] = f.defaultLeft ? 1 : 0;
    this.baseWeight[id] = f.baseWeight;
    this.lossChange[id] = f.lossChange;
    this.sumHessian[id] = f.sumHessian;
  }

  /** The finished tree (values rounded to float32). */
  build(): Tree {
    return {
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      parent: Int32Array.from(this.parent),
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      baseWeight: Float32Array.from(this.baseWeight),
      lossChange: Float32Array.from(this.lossChange),
      sumHessian: Float32Array.from(this.sumHessian),
    };
  }
}

/** Number of leaves of a tree. */
export function countLeaves(tree: Tree): number {
  let n = 0;
  for (let i = 0; i < tree.left.length; i++) if (tree.left[i] === -1) n++;
  return n;
}

/** Depth of a tree (a lone leaf has depth 0). */
export function treeDepth(tree: Tree): number {
  const depth = new Int32Array(tree.left.length);
  let max = 0;
  for (let i = 0; i < tree.left.length; i++) {
    if (tree.left[i] === -1) continue;
    for (const c of [tree.left[i], tree.right[i]]) {
      depth[c] = depth[i] + 1;
      if (depth[c] > max) max = depth[c];
    }
  }
  return max;
}

/**
 * What is wrong with a tree's structure, or null: every split has two children inside 1..n−1 and a
 * feature in 0..nFeatures−1, and every node reachable from the root is reached once (no cycles).
 */
export function treeStructureProblem(
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  feature: ArrayLike<number>,
  nFeatures: number,
): string | null {
  const n = left.length;
  for (let i = 0; i < n; i++) {
    const isLeaf = left[i] === -1;
    if (isLeaf !== (right[i] === -1)) return `node ${i} has one child`;
    if (isLeaf) continue;
    for (const c of [left[i], right[i]])
      if (!Number.isInteger(c) || c <= 0 || c >= n) return `node ${i} has child ${c} outside 1..${n - 1}`;
    if (!Number.isInteger(feature[i]) || feature[i] < 0 || feature[i] >= nFeatures)
      return `node ${i} splits on feature ${feature[i]}, the model has ${nFeatures}`;
  }
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen[i]) return `node ${i} is reached twice (not a tree)`;
    seen[i] = 1;
    if (left[i] !== -1) stack.push(left[i], right[i]);
  }
  return null;
}
