/**
 * Grows one tree on binned data from per-row gradients and hessians.
 *
 * ```
 *  root: rows (sampled) ──build histogram──▶ best split ──▶ frontier
 *  repeat   depth-wise: every splittable node of the shallowest level, in id order (XGBoost's default)
 *           leaf-wise:  the open leaf with the largest gain (LightGBM), until numLeaves
 *    split: stable partition of the node's rows by bin (missing → default side)
 *           build the histogram of the smaller child; the larger child's = parent − smaller (in place)
 *           best split of each child that may still split (depth, hessian, row count)
 *  leaves: value = fround(learningRate · −T(G)/(H + λ))
 * ```
 * The row partition is one Int32Array: a node owns the segment [start, end) and its children split
 * it in place, so at the end every leaf's rows are a segment — how the booster updates margins.
 */
import type { BinnedMatrix } from './binning.js';
import { buildHistogramInterleaved, histogramLength, subtractHistogram } from './histogram.js';
import { findBestSplit, leafWeight, type SplitCandidate, type SplitParams } from './split.js';
import { TreeBuilder, type Tree } from './tree.js';

/** How a tree grows. */
export interface GrowParams extends SplitParams {
  growPolicy: 'depthwise' | 'leafwise';
  /** Depth limit; 0 = none (leaf-wise only). */
  maxDepth: number;
  /** Leaf limit (leaf-wise only). */
  numLeaves: number;
  learningRate: number;
}

/** A grown tree and where its training rows ended up. */
export interface GrownTree {
  tree: Tree;
  /** For split nodes, the last value bin that goes left (0 = none); −1 for leaves. */
  splitBin: Int32Array;
  /** Leaf node ids and their row segments in the grower's `rows` buffer. */
  leaves: { node: number; start: number; end: number }[];
}

interface OpenNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: SplitCandidate | null;
}

/** Reusable buffers for growing trees on one binned matrix. */
export class TreeGrower {
  /** Row partition buffer: fill `rows[0..n)` with the tree's rows before {@link grow}. */
  readonly rows: Int32Array;
  private readonly tmp: Int32Array;
  /** The tree's (grad, hess) interleaved by row, for the histogram builds. */
  private readonly gh: Float64Array;
  private readonly lut = new Uint8Array(256);
  private readonly pool: Float64Array[] = [];
  private readonly withCounts: boolean;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly p: GrowParams,
  ) {
    const n = binned.nRows;
    this.rows = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.gh = new Float64Array(2 * n);
    this.withCounts = p.minDataInLeaf > 1;
  }

  private acquire(): Float64Array {
    return this.pool.pop() ?? new Float64Array(histogramLength(this.binned, this.withCounts));
  }

  private release(h: Float64Array | null): void {
    if (h !== null) this.pool.push(h);
  }

  private build(hist: Float64Array, features: Int32Array, start: number, end: number): void {
    buildHistogramInterleaved(hist, this.binned, features, this.rows, start, end, this.gh, this.withCounts);
  }

  /** Whether a node could be split at all (before looking at its histogram). */
  private mayGrow(depth: number, h: number, count: number): boolean {
    const p = this.p;
    if (p.maxDepth > 0 && depth >= p.maxDepth) return false;
    if (count < 2 || count < 2 * p.minDataInLeaf) return false;
    return h >= 2 * p.minChildWeight && h > 0;
  }

  /**
   * Grows a tree on rows `rows[0..n)`.
   *
   * @param grad - Weighted gradients by row, `(nRows,)`.
   * @param hess - Weighted hessians by row, `(nRows,)`.
   * @param n - Number of rows in `rows`.
   * @param features - Features the tree may split on, ascending.
   */
  grow(grad: Float64Array, hess: Float64Array, n: number, features: Int32Array): GrownTree {
    const p = this.p;
    const rows = this.rows;
    const gh = this.gh;
    let g = 0;
    let h = 0;
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      const gr = grad[r];
      const hr = hess[r];
      gh[2 * r] = gr;
      gh[2 * r + 1] = hr;
      g += gr;
      h += hr;
    }
    const builder = new TreeBuilder();
    const splitBin: number[] = [];
    const leafValue = (gs: number, hs: number): number => Math.fround(p.learningRate * leafWeight(gs, hs, p));
    builder.addLeaf(-1, leafValue(g, h), h);
    splitBin.push(-1);
    const root: OpenNode = { id: 0, start: 0, end: n, depth: 0, g, h, hist: null, split: null };
    this.evaluate(root, features, true);
    const leaves: OpenNode[] = [];
    const open: OpenNode[] = [];
    if (root.split) open.push(root);
    else leaves.push(root);
    let nLeaves = 1;

    while (open.length > 0) {
      let pick: number;
      if (p.growPolicy === 'depthwise') {
        pick = 0; // open is kept in (depth, id) order
      } else {
        if (nLeaves >= p.numLeaves) break;
        pick = 0;
        for (let i = 1; i < open.length; i++) {
          const a = open[i].split!.gain;
          const b = open[pick].split!.gain;
          if (a > b || (a === b && open[i].id < open[pick].id)) pick = i;
        }
      }
      const node = open.splice(pick, 1)[0];
      const s = node.split!;
      const mid = this.partition(node, s);
      const lid = builder.addLeaf(node.id, leafValue(s.gl, s.hl), s.hl);
      const rid = builder.addLeaf(node.id, leafValue(s.gr, s.hr), s.hr);
      splitBin.push(-1, -1);
      splitBin[node.id] = s.bin;
      builder.setSplit(node.id, lid, rid, {
        feature: s.feature,
        threshold: s.bin === 0 ? this.binned.minValue[s.feature] : this.binned.cuts[s.feature][s.bin - 1],
        defaultLeft: s.defaultLeft,
        baseWeight: leafWeight(node.g, node.h, p),
        lossChange: s.gain,
        sumHessian: node.h,
      });
      nLeaves++;
      const depth = node.depth + 1;
      const L: OpenNode = {
        id: lid,
        start: node.start,
        end: mid,
        depth,
        g: s.gl,
        h: s.hl,
        hist: null,
        split: null,
      };
      const R: OpenNode = {
        id: rid,
        start: mid,
        end: node.end,
        depth,
        g: s.gr,
        h: s.hr,
        hist: null,
        split: null,
      };
      if (p.growPolicy === 'leafwise' && nLeaves >= p.numLeaves) {
        this.release(node.hist); // no leaf budget left: the children stay leaves
        node.hist = null;
      } else this.childHistograms(node, L, R, features);
      for (const c of [L, R]) {
        if (c.hist !== null) this.evaluate(c, features, false);
        if (c.split) open.push(c);
        else leaves.push(c);
      }
    }
    for (const o of open) {
      this.release(o.hist);
      leaves.push(o);
    }
    return {
      tree: builder.build(),
      splitBin: Int32Array.from(splitBin),
      leaves: leaves.map((o) => ({ node: o.id, start: o.start, end: o.end })),
    };
  }

  /** Finds the node's best split; builds its histogram first when `buildHist`; frees it when unsplittable. */
  private evaluate(node: OpenNode, features: Int32Array, buildHist: boolean): void {
    if (!this.mayGrow(node.depth, node.h, node.end - node.start)) return;
    if (buildHist) {
      node.hist = this.acquire();
      this.build(node.hist, features, node.start, node.end);
    }
    node.split = findBestSplit(
      node.hist!,
      this.binned,
      features,
      node.g,
      node.h,
      node.end - node.start,
      this.p,
      this.withCounts,
    );
    if (node.split === null) {
      this.release(node.hist);
      node.hist = null;
    }
  }

  /** Gives the children that may grow a histogram: the smaller one built, the larger by subtraction. */
  private childHistograms(parent: OpenNode, L: OpenNode, R: OpenNode, features: Int32Array): void {
    const wantL = this.mayGrow(L.depth, L.h, L.end - L.start);
    const wantR = this.mayGrow(R.depth, R.h, R.end - R.start);
    const [small, large, wantSmall, wantLarge] =
      L.end - L.start <= R.end - R.start ? [L, R, wantL, wantR] : [R, L, wantR, wantL];
    if (!wantSmall && !wantLarge) {
      this.release(parent.hist);
      parent.hist = null;
      return;
    }
    const hs = this.acquire();
    this.build(hs, features, small.start, small.end);
    if (wantLarge) {
      subtractHistogram(parent.hist!, hs, this.binned, features, this.withCounts);
      large.hist = parent.hist;
    } else this.release(parent.hist);
    parent.hist = null;
    if (wantSmall) small.hist = hs;
    else this.release(hs);
  }

  /** Stable in-place partition of the node's rows; returns the first index of the right child. */
  private partition(node: OpenNode, s: SplitCandidate): number {
    const N = this.binned.nRows;
    const col = this.binned.bins.subarray(s.feature * N, (s.feature + 1) * N);
    const rows = this.rows;
    const tmp = this.tmp;
    const lut = this.lut; // 1 = goes left, by bin: branch-free partition
    lut[0] = s.defaultLeft ? 1 : 0;
    for (let b = 1; b < 256; b++) lut[b] = b <= s.bin ? 1 : 0;
    let l = node.start;
    let t = 0;
    for (let k = node.start; k < node.end; k++) {
      const r = rows[k];
      const goLeft = lut[col[r]];
      rows[l] = r;
      tmp[t] = r;
      l += goLeft;
      t += 1 - goLeft;
    }
    rows.set(tmp.subarray(0, t), l);
    return l;
  }
}

/**
 * The leaf a row of the binned matrix reaches (for rows left out by subsampling).
 *
 * @param tree - A tree grown on `binned`.
 * @param splitBin - Its {@link GrownTree.splitBin}.
 */
export function leafOfBinnedRow(tree: Tree, splitBin: Int32Array, binned: BinnedMatrix, row: number): number {
  const N = binned.nRows;
  let i = 0;
  while (tree.left[i] !== -1) {
    const v = binned.bins[tree.feature[i] * N + row];
    const goLeft = v === 0 ? tree.defaultLeft[i] === 1 : v <= splitBin[i];
    i = goLeft ? tree.left[i] : tree.right[i];
  }
  return i;
}
