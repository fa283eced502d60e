/**
 * Grows one tree on binned data from per-row gradients and hessians.
 *
 * ```
 *  root: rows (sampled) ──build histogram──▶ best split ──▶ frontier
 *  repeat   a batch of nodes: depth-wise every splittable node of the shallowest level, in id order
 *           (XGBoost's default); leaf-wise the open leaf with the largest gain (LightGBM), until numLeaves
 *    split: stable partition of each node's rows by bin (missing → default side)
 *           build the histogram of each smaller child; the larger child's = parent − smaller (in place)
 *           best split of each child that may still split (depth, hessian, row count)
 *  leaves: value = fround(learningRate · −T(G)/(H + λ))
 * ```
 * The row partition is one Int32Array: a node owns the segment [start, end) and its children split
 * it in place, so at the end every leaf's rows are a segment — how the booster updates margins.
 *
 * A node's histogram is the sum of the histograms of fixed chunks of its segment (≤ 16,384 rows each,
 * {@link histogramChunks}), added in order: the rule depends on the segment only, so a parallel fit
 * (fit-pool.ts: the chunks, the partitions and the margin updates of a batch shared with workers) grows
 * the same trees as a single-threaded one. Nodes of at most one chunk — every node of a small fit — are
 * summed row by row as before.
 */
import type { BinnedMatrix } from './binning.js';
import { gradKernel, histKernel, partitionKernel } from './fit-kernels.js';
import { FIT_TUNING, type FitTasks } from './fit-pool.js';
import { histogramLength, slotRanges, subtractHistogram } from './histogram.js';
import { findBestSplit, leafWeight, splitOf, type SplitCandidate, type SplitParams } from './split.js';
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
  /** Leaf node ids and their row segments in the grower's row buffer `buf` ({@link TreeGrower.rowsOf}). */
  leaves: { node: number; start: number; end: number; buf: number }[];
}

interface OpenNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  /** Which row buffer holds the node's rows (always 0 single-threaded; see TreeGrower.rowsOf). */
  buf: number;
  /** The node's histogram: its own buffer, or (slot ≥ 0) a slot of the fit tasks' arena; one at most. */
  hist: Float64Array | null;
  slot: number;
  split: SplitCandidate | null;
}

/**
 * The tree's gradients, computed by the root's histogram pass from the margins (a fit without
 * subsampling: the root's rows are `0..n−1` in order).
 */
export interface RootGradients {
  /** 0 binary:logistic, 1 reg:squarederror, 2 reg:pseudohubererror. */
  objective: number;
  /** The current margins, and which of the fit tasks' margin buffers they are (0 or 1). */
  margin: Float32Array;
  from: 0 | 1;
  y: Float64Array;
  weight: Float64Array | null;
  huberSlope: number;
}

const NO_WEIGHTS = new Float64Array(0);

/** A node's children while its batch is split (see {@link TreeGrower.grow}). */
interface Expansion {
  node: OpenNode;
  L: OpenNode;
  R: OpenNode;
  /** The child whose histogram is built (the other one's is the parent's minus it), or null. */
  small: OpenNode | null;
  wantSmall: boolean;
  wantLarge: boolean;
}

/**
 * The chunks a node's histogram is summed over: `[start + ⌊i·len/c⌋, start + ⌊(i+1)·len/c⌋)` for
 * i = 0..c−1, c = ⌈len / chunkRows⌉ — a function of the segment alone, so that a model does not depend on
 * the number of threads that built it (each chunk is summed in row order, then the chunks in order).
 *
 * @returns c (≥ 1).
 */
export function histogramChunks(len: number, chunkRows = FIT_TUNING.histChunkRows): number {
  return Math.max(1, Math.ceil(len / chunkRows));
}

/** Reusable buffers for growing trees on one binned matrix. */
export class TreeGrower {
  private readonly ownRows: Int32Array | null;
  private readonly tmp: Int32Array;
  /** gh when the grower has no tasks. */
  private readonly ownGh: Float64Array | null;
  private readonly lut = new Uint8Array(256);
  private readonly pool: Float64Array[] = [];
  /** Free slots of the fit tasks' histogram arena (parallel fits). */
  private freeSlots: number[] = [];
  private readonly withCounts: boolean;
  private readonly histLen: number;
  /** A chunk's histogram (single-threaded builds of nodes with several chunks). */
  private chunk: Float64Array | null = null;
  private slotRanges: [number, number][] = [];
  private readonly sums = new Float64Array(2);

  /**
   * @param binned - The training matrix, binned.
   * @param p - Growth parameters.
   * @param tasks - A parallel fit's tasks (fit-pool.ts): the grower then uses their rows and gh buffers
   *   and shares its work with the workers. The trees do not depend on it.
   */
  constructor(
    private readonly binned: BinnedMatrix,
    private readonly p: GrowParams,
    private readonly tasks: FitTasks | null = null,
  ) {
    const n = binned.nRows;
    this.ownRows = tasks === null ? new Int32Array(n) : null;
    this.ownGh = tasks === null ? new Float64Array(2 * n) : null;
    this.tmp = new Int32Array(n);
    this.withCounts = p.minDataInLeaf > 1;
    this.histLen = histogramLength(binned, this.withCounts);
  }

  /** Row buffer 0: fill `rows[0..n)` with the tree's rows before {@link grow}. */
  get rows(): Int32Array {
    return this.rowsOf(0);
  }

  /**
   * Row buffer `buf`: a leaf's rows are the segment of {@link GrownTree.leaves} in its buffer — a parallel
   * fit's partitions go from one buffer to the other, a single-threaded one's stay in buffer 0. (Fetch
   * it again after growing: a parallel fit's buffers are replaced if a worker stalls.)
   */
  rowsOf(buf: number): Int32Array {
    return this.tasks?.rows(buf) ?? this.ownRows!;
  }

  /**
   * The tree's (grad, hess) interleaved by row, `gh[2r] = grad[r]`, `gh[2r + 1] = hess[r]`: what the
   * histograms sum. {@link grow} fills it; {@link growPrepared} expects it filled.
   */
  get gh(): Float64Array {
    return this.tasks?.state.gh ?? this.ownGh!;
  }

  /** Whether batches may go to the workers. */
  private get parallel(): FitTasks | null {
    return this.tasks !== null && this.tasks.isParallel ? this.tasks : null;
  }

  /**
   * Gives the node a histogram: a slot of the fit tasks' arena (shared with the workers) when the fit is
   * parallel and one is free, else a buffer of its own.
   */
  private acquire(node: OpenNode): void {
    if (this.parallel !== null && this.freeSlots.length > 0) node.slot = this.freeSlots.pop()!;
    else node.hist = this.pool.pop() ?? new Float64Array(this.histLen);
  }

  /** Frees the node's histogram, if any. */
  private release(node: OpenNode): void {
    if (node.slot >= 0) this.freeSlots.push(node.slot);
    if (node.hist !== null) this.pool.push(node.hist);
    node.slot = -1;
    node.hist = null;
  }

  /** The node's histogram (an arena slot's current view, or its own buffer). */
  private histOf(node: OpenNode): Float64Array {
    return node.slot >= 0 ? this.tasks!.arenaView(node.slot) : node.hist!;
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
   * Nodes are split in batches — depth-wise a whole level, leaf-wise the one best leaf: partition every
   * node of the batch, then build the histograms the children need, then find the children's splits.
   * Each step is independent between the nodes of a batch, so this is the order of one node after the
   * other, only grouped (and shared with the workers when the fit is parallel).
   *
   * @param grad - Weighted gradients by row, `(nRows,)`.
   * @param hess - Weighted hessians by row, `(nRows,)`.
   * @param n - Number of rows in `rows`.
   * @param features - Features the tree may split on, ascending.
   */
  grow(grad: Float64Array, hess: Float64Array, n: number, features: Int32Array): GrownTree {
    const rows = this.rows;
    const gh = this.gh;
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      gh[2 * r] = grad[r];
      gh[2 * r + 1] = hess[r];
    }
    return this.growPrepared(n, features);
  }

  /**
   * {@link grow} with {@link gh} already filled for the rows `rows[0..n)` — or, when `grad` is given,
   * with the rows `0..n−1` (`rows` and `gh` filled on the way).
   *
   * @param n - Number of rows in `rows`.
   * @param features - Features the tree may split on, ascending.
   * @param grad - Where to compute the gradients from.
   */
  growPrepared(n: number, features: Int32Array, grad?: RootGradients): GrownTree {
    const p = this.p;
    this.slotRanges = slotRanges(this.binned, features);
    this.parallel?.setFeatures(features);
    const builder = new TreeBuilder();
    const splitBin: number[] = [];
    const leafValue = (gs: number, hs: number): number => Math.fround(p.learningRate * leafWeight(gs, hs, p));
    // the root's histogram first: its chunks also give the root's sums (in row order when one chunk)
    const root: OpenNode = {
      id: 0,
      start: 0,
      end: n,
      depth: 0,
      g: 0,
      h: 0,
      buf: 0,
      hist: null,
      slot: -1,
      split: null,
    };
    if (this.tasks !== null) this.freeSlots = Array.from({ length: this.tasks.arenaSlots }, (_, k) => k);
    this.acquire(root);
    [root.g, root.h] = this.buildHistograms([root], features, grad);
    builder.addLeaf(-1, leafValue(root.g, root.h), root.h);
    splitBin.push(-1);
    if (this.mayGrow(0, root.h, n)) this.evaluate(root, features, true);
    else this.release(root);
    const leaves: OpenNode[] = [];
    const open: OpenNode[] = [];
    if (root.split) open.push(root);
    else leaves.push(root);
    let nLeaves = 1;

    while (open.length > 0) {
      let batch: OpenNode[];
      if (p.growPolicy === 'depthwise') {
        batch = open.splice(0, open.length); // one level, in id order (XGBoost's default)
      } else {
        if (nLeaves >= p.numLeaves) break;
        let pick = 0;
        for (let i = 1; i < open.length; i++) {
          const a = open[i].split!.gain;
          const b = open[pick].split!.gain;
          if (a > b || (a === b && open[i].id < open[pick].id)) pick = i;
        }
        batch = open.splice(pick, 1);
      }
      const ex: Expansion[] = [];
      for (const node of batch) {
        const s = node.split!;
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
        const child = (id: number, gs: number, hs: number): OpenNode => ({
          id,
          start: node.start,
          end: node.end,
          depth,
          g: gs,
          h: hs,
          buf: node.buf, // (the parallel partition moves the children to the other buffer)
          hist: null,
          slot: -1,
          split: null,
        });
        ex.push({
          node,
          L: child(lid, s.gl, s.hl),
          R: child(rid, s.gr, s.hr),
          small: null,
          wantSmall: false,
          wantLarge: false,
        });
      }
      this.partition(ex);
      // the histograms the children need: the smaller child's built, the larger one's by subtraction
      const build: OpenNode[] = [];
      for (const e of ex) {
        const { L, R } = e;
        if (p.growPolicy === 'leafwise' && nLeaves >= p.numLeaves) continue; // no leaf budget left
        const wantL = this.mayGrow(L.depth, L.h, L.end - L.start);
        const wantR = this.mayGrow(R.depth, R.h, R.end - R.start);
        const leftSmall = L.end - L.start <= R.end - R.start;
        e.wantSmall = leftSmall ? wantL : wantR;
        e.wantLarge = leftSmall ? wantR : wantL;
        if (!e.wantSmall && !e.wantLarge) continue;
        e.small = leftSmall ? L : R;
        this.acquire(e.small);
        build.push(e.small);
      }
      this.buildHistograms(build, features);
      this.splitChildren(ex, features);
      for (const { L, R } of ex)
        for (const c of [L, R]) {
          if (c.split) open.push(c);
          else leaves.push(c);
        }
    }
    for (const o of open) {
      this.release(o);
      leaves.push(o);
    }
    return {
      tree: builder.build(),
      splitBin: Int32Array.from(splitBin),
      leaves: leaves.map((o) => ({ node: o.id, start: o.start, end: o.end, buf: o.buf })),
    };
  }

  /**
   * Finds the node's best split on its histogram (`built`: from rows, not by subtraction); frees the
   * histogram when there is none.
   */
  private evaluate(node: OpenNode, features: Int32Array, built: boolean): void {
    node.split = findBestSplit(
      this.histOf(node),
      this.binned,
      features,
      node.g,
      node.h,
      node.end - node.start,
      this.p,
      this.withCounts,
      built,
    );
    if (node.split === null) this.release(node);
  }

  /**
   * For each expansion: the larger child's histogram = parent − smaller child's, then both children's
   * best splits (the ones that may grow) — as tasks for the workers when the histograms are in the arena
   * (the larger child's goes to a fresh slot), else here (in place). Frees the histograms of the parent
   * and of the children that will not split.
   */
  private splitChildren(ex: Expansion[], features: Int32Array): void {
    const par = this.parallel;
    const jobs: { e: Expansion; task: number; slot: number }[] = [];
    for (const e of ex) {
      const { node, small } = e;
      if (small === null) {
        this.release(node);
        continue;
      }
      const large = small === e.L ? e.R : e.L;
      if (
        par !== null &&
        small.slot >= 0 &&
        (!e.wantLarge || (node.slot >= 0 && this.freeSlots.length > 0))
      ) {
        const slot = e.wantLarge ? this.freeSlots.pop()! : -1;
        const task = par.split(
          small.slot,
          e.wantSmall,
          e.wantLarge ? node.slot : -1,
          slot,
          small.end - small.start,
          large.end - large.start,
          small.g,
          small.h,
          large.g,
          large.h,
        );
        jobs.push({ e, task, slot });
        continue;
      }
      if (e.wantLarge) {
        subtractHistogram(this.histOf(node), this.histOf(small), this.binned, features, this.withCounts);
        [large.hist, large.slot, node.hist, node.slot] = [node.hist, node.slot, null, -1];
      } else this.release(node);
      if (e.wantSmall) this.evaluate(small, features, true);
      else this.release(small);
      if (e.wantLarge) this.evaluate(large, features, false);
    }
    if (jobs.length === 0) return;
    par!.run(jobs.length > 1 ? Infinity : 0); // (one task: no one to share it with)
    const out = par!.state.splits;
    for (const { e, task, slot } of jobs) {
      const { node, small } = e;
      const large = small === e.L ? e.R : e.L;
      this.release(node);
      if (e.wantSmall) small!.split = out[18 * task] === 1 ? splitOf(out, 18 * task + 1) : null;
      if (small!.split === null) this.release(small!);
      if (e.wantLarge) {
        large.slot = slot;
        large.split = out[18 * task + 9] === 1 ? splitOf(out, 18 * task + 10) : null;
        if (large.split === null) this.release(large);
      }
    }
  }

  /**
   * Fills each node's `hist` (acquired) from its rows: chunk 0 of the node written, the next chunks
   * added one by one ({@link histogramChunks}).
   *
   * @param grad - (The root only.) Compute each chunk's gradients first.
   * @returns Each node's total gradient and hessian, `[G0, H0, G1, H1, …]` (the chunks' totals added in order).
   */
  private buildHistograms(nodes: OpenNode[], features: Int32Array, grad?: RootGradients): number[] {
    const totals = new Array<number>(2 * nodes.length).fill(0);
    if (nodes.length === 0) return totals;
    const b = this.binned;
    const tasks = this.parallel;
    if (tasks === null) {
      const sums = this.sums;
      nodes.forEach((node, j) => {
        const len = node.end - node.start;
        const c = histogramChunks(len);
        for (let i = 0; i < c; i++) {
          const out = i === 0 ? this.histOf(node) : (this.chunk ??= new Float64Array(this.histLen));
          const s = node.start + Math.floor((i * len) / c);
          const e = node.start + Math.floor(((i + 1) * len) / c);
          if (grad)
            gradKernel(
              grad.objective,
              grad.margin,
              grad.y,
              grad.weight ?? NO_WEIGHTS,
              grad.weight !== null,
              this.gh,
              this.rowsOf(node.buf),
              s,
              e,
              grad.huberSlope,
            );
          histKernel(
            out,
            b.slots,
            b.nFeatures,
            this.gh,
            this.rowsOf(node.buf),
            s,
            e,
            features,
            features.length,
            b.slotOffset,
            b.nBins,
            this.withCounts,
            b.nSlots,
            sums,
            0,
          );
          totals[2 * j] += sums[0];
          totals[2 * j + 1] += sums[1];
          if (i > 0) this.addChunk(this.histOf(node), out, 0);
        }
      });
      return totals;
    }
    // every chunk of every node is a task; the chunks are added to their node in order
    const items: { node: OpenNode; j: number; i: number; s: number; e: number }[] = [];
    nodes.forEach((node, j) => {
      const len = node.end - node.start;
      const c = histogramChunks(len);
      for (let i = 0; i < c; i++)
        items.push({
          node,
          j,
          i,
          s: node.start + Math.floor((i * len) / c),
          e: node.start + Math.floor(((i + 1) * len) / c),
        });
    });
    const window = Math.min(tasks.scratchSlots, tasks.capacity);
    for (let w0 = 0; w0 < items.length; w0 += window) {
      const w1 = Math.min(items.length, w0 + window);
      // largest first: the last tasks to be claimed are the short ones
      const order = Array.from({ length: w1 - w0 }, (_, k) => k);
      order.sort((x, y) => items[w0 + y].e - items[w0 + y].s - (items[w0 + x].e - items[w0 + x].s) || x - y);
      let total = 0;
      for (const k of order) {
        const it = items[w0 + k];
        tasks.hist(it.s, it.e, k, it.node.buf, grad ? grad.from : -1);
        total += it.e - it.s;
      }
      tasks.run(total);
      const { scratch, value, histLen: stride } = tasks.state;
      const taskOf = new Int32Array(w1 - w0);
      order.forEach((k, task) => (taskOf[k] = task));
      for (let k = 0; k < w1 - w0; k++) {
        const it = items[w0 + k];
        totals[2 * it.j] += value[2 * taskOf[k]];
        totals[2 * it.j + 1] += value[2 * taskOf[k] + 1];
        if (it.i === 0) this.copyChunk(this.histOf(it.node), scratch, k * stride);
        else this.addChunk(this.histOf(it.node), scratch, k * stride);
      }
    }
    return totals;
  }

  /** `dst[s] = src[off + s]` over the slots of the tree's features. */
  private copyChunk(dst: Float64Array, src: Float64Array, off: number): void {
    const ns = this.binned.nSlots;
    for (const [a, b] of this.slotRanges) {
      dst.set(src.subarray(off + 2 * a, off + 2 * b), 2 * a);
      if (this.withCounts) dst.set(src.subarray(off + 2 * ns + a, off + 2 * ns + b), 2 * ns + a);
    }
  }

  /** `dst[s] += src[off + s]` over the slots of the tree's features. */
  private addChunk(dst: Float64Array, src: Float64Array, off: number): void {
    const ns = this.binned.nSlots;
    for (const [a, b] of this.slotRanges) {
      for (let s = 2 * a; s < 2 * b; s++) dst[s] += src[off + s];
      if (this.withCounts) for (let s = 2 * ns + a; s < 2 * ns + b; s++) dst[s] += src[off + s];
    }
  }

  /** Stable partition of each node's rows by its split (in place, or to the other row buffer); sets the children's segments. */
  private partition(ex: Expansion[]): void {
    const N = this.binned.nRows;
    const bins = this.binned.bins;
    const tasks = this.parallel;
    if (tasks === null) {
      for (const { node, L, R } of ex) {
        const s = node.split!;
        const rows = this.rowsOf(node.buf);
        const col = bins.subarray(s.feature * N, (s.feature + 1) * N);
        const nl = partitionKernel(
          rows,
          rows,
          this.tmp,
          col,
          node.start,
          node.end,
          s.bin,
          s.defaultLeft,
          this.lut,
        );
        const mid = node.start + nl;
        rows.set(this.tmp.subarray(node.start, node.start + (node.end - mid)), mid);
        L.end = mid;
        R.start = mid;
      }
      return;
    }
    // chunks of every node's segment are tasks (lefts → outL, rights → outR, by position), then gather
    // tasks put each chunk's lefts and rights in their places in the other row buffer — straight there
    // for a node of one chunk: the children's rows are in the buffer their parent's are not
    const chunkRows = FIT_TUNING.partitionChunkRows;
    const starts: number[] = [];
    const ends: number[] = [];
    const nLeft: number[] = [];
    const owner: number[] = [];
    ex.forEach(({ node }, k) => {
      const len = node.end - node.start;
      const c = Math.max(1, Math.ceil(len / chunkRows));
      for (let i = 0; i < c; i++) {
        starts.push(node.start + Math.floor((i * len) / c));
        ends.push(node.start + Math.floor(((i + 1) * len) / c));
        owner.push(k);
      }
    });
    const whole = (j: number): boolean =>
      (j === 0 || owner[j - 1] !== owner[j]) && (j + 1 === owner.length || owner[j + 1] !== owner[j]);
    let multi = false;
    for (let w0 = 0; w0 < starts.length; w0 += tasks.capacity) {
      const w1 = Math.min(starts.length, w0 + tasks.capacity);
      let total = 0;
      for (let j = w0; j < w1; j++) {
        const s = ex[owner[j]].node.split!;
        multi ||= !whole(j);
        tasks.partition(starts[j], ends[j], s.feature, s.bin, s.defaultLeft, whole(j), ex[owner[j]].node.buf);
        total += ends[j] - starts[j];
      }
      tasks.run(total);
      for (let j = w0; j < w1; j++) nLeft.push(tasks.state.result[j - w0]);
    }
    let j = 0;
    let total = 0;
    ex.forEach(({ node, L, R }, k) => {
      let j1 = j;
      let nl = 0;
      for (; j1 < owner.length && owner[j1] === k; j1++) nl += nLeft[j1];
      L.end = R.start = node.start + nl;
      L.buf = R.buf = 1 - node.buf;
      if (j1 === j + 1) {
        j = j1; // one chunk: already in place
        return;
      }
      let dl = node.start;
      let dr = node.start + nl;
      for (; j < j1; j++) {
        if (tasks.size === tasks.capacity) {
          tasks.run(total);
          total = 0;
        }
        tasks.gather(starts[j], nLeft[j], ends[j] - starts[j] - nLeft[j], dl, dr, node.buf);
        dl += nLeft[j];
        dr += ends[j] - starts[j] - nLeft[j];
        total += ends[j] - starts[j];
      }
    });
    if (multi) tasks.run(total);
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
