/**
 * The fast predictor: the forest flattened into complete trees over per-feature threshold ranks, walked by
 * a kernel written in asm.js (V8 compiles it to WebAssembly: no type checks, no spills of typed-array
 * bookkeeping) that is generated for the forest's shape.
 *
 * ```
 *  trees ──flattenForest──▶ per feature j: the sorted distinct thresholds cuts_j (float32)
 *                          per tree: 2^D − 1 node words (rank of the threshold << 16 | slot) + 2^D leaves
 *  256 rows of X ──fround, rank = #{c ∈ cuts_j : c ≤ x} (branch-free search; NaN: #cuts_j / 0)──▶ 2·k ranks a row
 *     ──every tree, 16 rows at a time, D levels: i = 2i + 1 + (rank[slot] ≥ thresholdRank)──▶ m = fround(m + leaf)
 * ```
 *
 * Why it is exact. For a split on feature j with threshold c = cuts_j[r − 1] (rank r ≥ 1) and a non-NaN
 * x = fround(X[row, j]): x ≥ c ⇔ #{cuts ≤ x} ≥ r, because the cuts are sorted and distinct, so the rank
 * comparison routes every row as XGBoost's `x < c ? left : right` does (±∞ and ±0 included: the ranks are
 * counted with the same float comparison). A NaN goes to the default side through the slot: slot j holds
 * the rank with NaN → #cuts_j (≥ every threshold rank: right), slot k + j holds it with NaN → 0 (below every
 * threshold rank: left), and each split reads the slot of its default direction. A tree shallower than D
 * is padded into a complete tree: below a leaf every node word is 0 (any row goes right) and every leaf
 * below it holds its value. Leaf values are added to the float32 margin in float32 (`fround`, or
 * WebAssembly's f32.add, which rounds the same), tree after tree, so the margins are bit-identical to
 * the reference tree walk and to XGBoost's predictor.
 *
 * The kernel is plain JavaScript that follows the asm.js rules ("use asm"): where V8 validates it (every
 * Node release so far) it runs as WebAssembly; anywhere else it runs as ordinary JavaScript with the same
 * results, only slower. Its source is generated from integers computed here (depth, feature count, search
 * steps, rank width) — never from model or user text — and compiled once per shape with `new Function`.
 */
import type { Matrix } from '../../types.js';
import type { Tree } from './tree.js';

/** Rows walked together through a tree (independent chains of loads in flight). */
export const GROUP_ROWS = 16;
/** Rows ranked and predicted per kernel call (a multiple of {@link GROUP_ROWS}). */
export const BLOCK_ROWS = 256;
/** Deepest tree the flat layout takes (a complete tree of depth D has 2^D leaves). */
export const MAX_FLAT_DEPTH = 12;
/** Largest kernel heap (bytes) before falling back to the node-table predictor. */
const MAX_HEAP_BYTES = 1 << 27;

/** The forest in the flat layout, independent of any rows. */
export interface FlatForest {
  nFeatures: number;
  nTrees: number;
  /** Depth of every (padded) tree. */
  depth: number;
  /** Bytes per rank: 1 when every feature has < 256 distinct thresholds, else 2. */
  rankBytes: 1 | 2;
  /** Steps of the rank search: every cut table holds 2^steps − 1 entries (NaN-padded). */
  steps: number;
  /** `nTrees · (2^depth − 1)` node words: threshold rank << 16 | byte offset of the slot in a row. */
  nodes: Int32Array;
  /** `nTrees · 2^depth` leaf values (float32). */
  leaves: Float32Array;
  /** `nFeatures · 2^steps` cuts (feature j at j · 2^steps), ascending, NaN-padded. */
  cuts: Float32Array;
  /** Distinct thresholds per feature (0: the feature is not split on). */
  nCuts: Int32Array;
}

/** Index of the first of `a[lo..hi−1]` (ascending) that is ≥ v. */
function lowerBound(a: Float32Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Flattens `trees` (over `nFeatures` features); null when the forest does not suit the layout (a tree
 * deeper than {@link MAX_FLAT_DEPTH}, ≥ 65,536 distinct thresholds on a feature, too many features, a NaN
 * threshold, or a heap over 128 MiB), in which case the node-table predictor is used.
 */
export function flattenForest(trees: readonly Tree[], nFeatures: number): FlatForest | null {
  // split thresholds grouped by feature: start[j]..start[j+1]−1 in `thr`
  let maxNodes = 1;
  const start = new Int32Array(nFeatures + 1);
  for (const t of trees) {
    maxNodes = Math.max(maxNodes, t.left.length);
    for (let i = 0; i < t.left.length; i++) if (t.left[i] !== -1) start[t.feature[i] + 1]++;
  }
  for (let j = 0; j < nFeatures; j++) start[j + 1] += start[j];
  const thr = new Float32Array(start[nFeatures]);
  const next = start.slice(0, nFeatures);
  for (const t of trees)
    for (let i = 0; i < t.left.length; i++) if (t.left[i] !== -1) thr[next[t.feature[i]]++] = t.threshold[i];
  // sorted and distinct in place (−0 and +0 are one: they compare equal); NaN would sort last
  const nCuts = new Int32Array(nFeatures);
  let maxCuts = 0;
  for (let j = 0; j < nFeatures; j++) {
    const a = start[j];
    const b = start[j + 1];
    if (a === b) continue;
    thr.subarray(a, b).sort();
    if (Number.isNaN(thr[b - 1])) return null; // (no loader produces NaN thresholds)
    let n = 1;
    for (let i = a + 1; i < b; i++) if (thr[i] !== thr[a + n - 1]) thr[a + n++] = thr[i];
    nCuts[j] = n;
    maxCuts = Math.max(maxCuts, n);
  }
  if (maxCuts >= 65536) return null;
  const rankBytes = maxCuts < 256 ? 1 : 2;
  if (2 * nFeatures * rankBytes > 65536) return null;
  // depth: the deepest leaf of any tree (a stack of (node, depth) pairs)
  const stack = new Int32Array(3 * maxNodes + 3);
  let depth = 0;
  for (const t of trees) {
    let sp = 0;
    stack[sp++] = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const d = stack[--sp];
      const i = stack[--sp];
      if (t.left[i] === -1) {
        if (d > depth) depth = d;
      } else if (d < MAX_FLAT_DEPTH) {
        stack[sp++] = t.left[i];
        stack[sp++] = d + 1;
        stack[sp++] = t.right[i];
        stack[sp++] = d + 1;
      } else return null;
    }
  }
  let steps = 1;
  while ((1 << steps) - 1 < maxCuts) steps++;
  const nInner = (1 << depth) - 1;
  const nLeaves = 1 << depth;
  const f: FlatForest = {
    nFeatures,
    nTrees: trees.length,
    depth,
    rankBytes,
    steps,
    nodes: new Int32Array(trees.length * nInner),
    leaves: new Float32Array(trees.length * nLeaves),
    cuts: new Float32Array(nFeatures << steps).fill(NaN),
    nCuts,
  };
  if (heapLayout(f).bytes > MAX_HEAP_BYTES) return null;
  for (let j = 0; j < nFeatures; j++) f.cuts.set(thr.subarray(start[j], start[j] + nCuts[j]), j << steps);
  // nodes and leaves: (tree node, complete-tree position, depth) triples
  for (let k = 0; k < trees.length; k++) {
    const t = trees[k];
    const nodeBase = k * nInner;
    const leafBase = k * nLeaves - nInner; // the leaf at complete-tree position p ≥ nInner is leafBase + p
    let sp = 0;
    stack[sp++] = 0;
    stack[sp++] = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const d = stack[--sp];
      const pos = stack[--sp];
      const i = stack[--sp];
      if (t.left[i] === -1) {
        // a leaf above the last level: it fills the leaves of its complete subtree (node words stay 0)
        const lo = ((pos + 1) << (depth - d)) - 1;
        f.leaves.fill(t.threshold[i], leafBase + lo, leafBase + lo + (1 << (depth - d)));
        continue;
      }
      const j = t.feature[i];
      const rank = lowerBound(thr, start[j], start[j] + nCuts[j], t.threshold[i]) - start[j] + 1;
      const slot = j + (t.defaultLeft[i] === 1 ? nFeatures : 0);
      f.nodes[nodeBase + pos] = (rank << 16) | (slot * rankBytes);
      stack[sp++] = t.left[i];
      stack[sp++] = 2 * pos + 1;
      stack[sp++] = d + 1;
      stack[sp++] = t.right[i];
      stack[sp++] = 2 * pos + 2;
      stack[sp++] = d + 1;
    }
  }
  return f;
}

/** Byte offsets of the kernel heap's regions (all 8-aligned) and its size (a valid asm.js heap size). */
export interface HeapLayout {
  node: number;
  leaf: number;
  cut: number;
  nCuts: number;
  /** BLOCK_ROWS rows of X as float64. */
  xin: number;
  /** BLOCK_ROWS rows of 2 · nFeatures ranks. */
  rank: number;
  /** BLOCK_ROWS float32 margins. */
  margin: number;
  bytes: number;
}

function heapLayout(f: FlatForest): HeapLayout {
  const up8 = (n: number): number => (n + 7) & ~7;
  const node = 0;
  const leaf = up8(node + 4 * f.nodes.length);
  const cut = up8(leaf + 4 * f.leaves.length);
  const nCuts = up8(cut + 4 * f.cuts.length);
  const xin = up8(nCuts + 4 * f.nFeatures);
  const rank = up8(xin + 8 * BLOCK_ROWS * f.nFeatures);
  const margin = up8(rank + BLOCK_ROWS * 2 * f.nFeatures * f.rankBytes);
  const end = margin + 4 * BLOCK_ROWS;
  let bytes = 1 << 16;
  while (bytes < end) bytes *= 2; // asm.js heaps: a power of two (≥ 4 KiB) or a multiple of 16 MiB
  return { node, leaf, cut, nCuts, xin, rank, margin, bytes };
}

/** What the generated kernel is specialised on. */
interface KernelShape {
  depth: number;
  nFeatures: number;
  steps: number;
  rankBytes: 1 | 2;
}

/**
 * The asm.js source of the kernel for `s`. Every value spliced into it is an integer computed from the
 * shape; the heap offsets are passed to `init` at run time so that forests of the same shape share code.
 */
export function kernelSource(s: KernelShape): string {
  const { depth: D, nFeatures: K, steps: P, rankBytes: RB } = s;
  for (const v of [D, K, P, RB])
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`kernelSource: bad shape ${JSON.stringify(s)}`);
  const R = GROUP_ROWS;
  const W = 2 * K * RB; // bytes of ranks per row
  const view = RB === 1 ? 'U8' : 'U16';
  const load = (addr: string): string => (RB === 1 ? `U8[(${addr}) | 0]` : `U16[(${addr}) >> 1]`);
  const store = (addr: string, v: string): string =>
    RB === 1 ? `U8[(${addr}) | 0] = ${v};` : `U16[(${addr}) >> 1] = ${v};`;
  const rows = Array.from({ length: R }, (_, r) => r);
  // rank search: lo = #{cuts ≤ v} over a table of 2^P − 1 ascending cuts (NaN-padded), branch-free
  const search = [`lo = (fround(F32[(c + ${4 * ((1 << (P - 1)) - 1)}) >> 2]) <= v | 0) << ${P - 1};`];
  for (let e = P - 2; e >= 0; e--)
    search.push(
      `lo = (lo + ((fround(F32[(c + ((lo + ${(1 << e) - 1}) << 2)) >> 2]) <= v | 0) << ${e})) | 0;`,
    );
  // tree walk: the root is shared by the R rows; then each row steps through its own nodes
  const walk: string[] = [];
  if (D > 0) {
    walk.push('w = I32[base >> 2] | 0; s = (o + (w & 65535)) | 0; c = w >>> 16;');
    for (const r of rows) walk.push(`k${r} = (1 + ((${load(`s + ${r * W}`)} | 0) >= (c | 0))) | 0;`);
  }
  for (let d = 1; d < D; d++)
    for (const r of rows)
      walk.push(
        `w = I32[(base + (k${r} << 2)) >> 2] | 0; ` +
          `k${r} = ((k${r} << 1) + 1 + ((${load(`o + (w & 65535) + ${r * W}`)} | 0) >= (w >>> 16 | 0))) | 0;`,
      );
  for (const r of rows)
    walk.push(
      `F32[(m + ${4 * r}) >> 2] = fround(fround(F32[(m + ${4 * r}) >> 2]) + fround(F32[(lb + (k${r} << 2)) >> 2]));`,
    );
  const nInner4 = 4 * ((1 << D) - 1);
  return `function QuantbookForestKernel(stdlib, foreign, heap) {
  'use asm';
  var I32 = new stdlib.Int32Array(heap);
  var ${view} = new stdlib.${RB === 1 ? 'Uint8Array' : 'Uint16Array'}(heap);
  var F32 = new stdlib.Float32Array(heap);
  var F64 = new stdlib.Float64Array(heap);
  var fround = stdlib.Math.fround;
  var nodeP = 0, leafP = 0, cutP = 0, nCutsP = 0;
  function init(node, leaf, cut, nCuts) {
    node = node | 0; leaf = leaf | 0; cut = cut | 0; nCuts = nCuts | 0;
    nodeP = node; leafP = leaf; cutP = cut; nCutsP = nCuts;
  }
  // ranks of the n float64 rows at xin (${K} features) into the rows of ${W} bytes at xr
  function rank(n, xin, xr) {
    n = n | 0; xin = xin | 0; xr = xr | 0;
    var j = 0, q = 0, lo = 0, c = 0, a = 0, o = 0, nanRank = 0, v = fround(0);
    for (j = 0; (j | 0) < ${K}; j = (j + 1) | 0) {
      nanRank = I32[(nCutsP + (j << 2)) >> 2] | 0;
      if ((nanRank | 0) == 0) continue;
      c = (cutP + (j << ${P + 2})) | 0; a = (xin + (j << 3)) | 0; o = (xr + ${RB} * j) | 0;
      for (q = 0; (q | 0) < (n | 0); q = (q + 1) | 0) {
        v = fround(F64[a >> 3]);
        if (v != v) {
          ${store('o', 'nanRank')} ${store(`o + ${K * RB}`, '0')}
        } else {
          ${search.join('\n          ')}
          ${store('o', 'lo')} ${store(`o + ${K * RB}`, 'lo')}
        }
        a = (a + ${8 * K}) | 0; o = (o + ${W}) | 0;
      }
    }
  }
  // adds trees 0..nTrees−1 to the float32 margins at m of the nRows (a multiple of ${R}) rows of ranks at xr
  function run(nTrees, nRows, xr, mr) {
    nTrees = nTrees | 0; nRows = nRows | 0; xr = xr | 0; mr = mr | 0;
    var t = 0, q = 0, base = 0, lb = 0, w = 0, s = 0, c = 0, m = 0, o = 0;
    var ${rows.map((r) => `k${r} = 0`).join(', ')};
    base = nodeP; lb = (leafP - ${nInner4}) | 0;
    for (t = 0; (t | 0) < (nTrees | 0); t = (t + 1) | 0) {
      o = xr; m = mr;
      for (q = 0; (q | 0) < (nRows | 0); q = (q + ${R}) | 0) {
        ${walk.join('\n        ')}
        o = (o + ${R * W}) | 0; m = (m + ${4 * R}) | 0;
      }
      base = (base + ${nInner4}) | 0; lb = (lb + ${4 << D}) | 0;
    }
  }
  return { init: init, rank: rank, run: run };
}`;
}

interface Kernel {
  init(node: number, leaf: number, cut: number, nCuts: number): void;
  rank(n: number, xin: number, xr: number): void;
  run(nTrees: number, nRows: number, xr: number, mr: number): void;
}
type KernelFactory = (stdlib: typeof globalThis, foreign: null, heap: ArrayBuffer) => Kernel;

/** Compiled kernels by source (forests of one shape share one; V8 keeps the compiled module with it). */
const factories = new Map<string, KernelFactory>();

function kernelFactory(src: string): KernelFactory {
  let f = factories.get(src);
  if (f === undefined) {
    // Generated from integers only (see kernelSource); 'use asm' needs a function of its own source.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function(`${src}\nreturn QuantbookForestKernel;`) as () => KernelFactory;
    f = make();
    if (factories.size >= 32) factories.delete(factories.keys().next().value!);
    factories.set(src, f);
  }
  return f;
}

let nextPredictorId = 1;

/** A {@link FlatForest} loaded into its own kernel instance; predicts rows of any matrix with its feature count. */
export class FlatPredictor {
  /** Unique in this thread (predict-pool.ts keys the workers' copies by it). */
  readonly id = nextPredictorId++;
  /** The kernel's source (asm.js). */
  readonly source: string;
  readonly layout: HeapLayout;
  private readonly heap: ArrayBuffer;
  private readonly kernel: Kernel;
  private readonly f64: Float64Array;
  private readonly f32: Float32Array;

  constructor(readonly forest: FlatForest) {
    const f = forest;
    const L = (this.layout = heapLayout(f));
    const heap = (this.heap = new ArrayBuffer(L.bytes));
    new Int32Array(heap, L.node, f.nodes.length).set(f.nodes);
    new Float32Array(heap, L.leaf, f.leaves.length).set(f.leaves);
    new Float32Array(heap, L.cut, f.cuts.length).set(f.cuts);
    new Int32Array(heap, L.nCuts, f.nFeatures).set(f.nCuts);
    this.f64 = new Float64Array(heap);
    this.f32 = new Float32Array(heap);
    this.source = kernelSource({
      depth: f.depth,
      nFeatures: f.nFeatures,
      steps: f.steps,
      rankBytes: f.rankBytes,
    });
    this.kernel = kernelFactory(this.source)(globalThis, null, heap);
    this.kernel.init(L.node, L.leaf, L.cut, L.nCuts);
  }

  /** Throws a RangeError unless X has the forest's feature count and 0 ≤ nTrees ≤ its tree count. */
  check(X: Matrix, nTrees: number): void {
    const f = this.forest;
    if (X.cols !== f.nFeatures)
      throw new RangeError(`FlatPredictor: X has ${X.cols} features, the forest ${f.nFeatures}`);
    if (!(Number.isInteger(nTrees) && nTrees >= 0 && nTrees <= f.nTrees))
      throw new RangeError(`FlatPredictor: nTrees must be in 0..${f.nTrees}, got ${nTrees}`);
  }

  /** A copy of the heap's forest regions (bytes 0..layout.xin−1): what another thread's instance starts from. */
  image(): Uint8Array {
    return new Uint8Array(this.heap.slice(0, this.layout.xin));
  }

  /**
   * Writes the margins of rows `start..end−1` of X (base margin + the first `nTrees` trees, summed in
   * float32) to `out[start..end−1]`.
   */
  predict(X: Matrix, nTrees: number, baseMargin: number, out: Float64Array, start = 0, end = X.rows): void {
    this.check(X, nTrees);
    const { cols, data } = X;
    const L = this.layout;
    const { f64, f32, kernel } = this;
    const b0 = Math.fround(baseMargin);
    const m0 = L.margin >> 2;
    for (let r0 = start; r0 < end; r0 += BLOCK_ROWS) {
      const n = Math.min(BLOCK_ROWS, end - r0);
      const nGroup = Math.ceil(n / GROUP_ROWS) * GROUP_ROWS; // rows past n hold stale ranks: harmless
      f64.set(data.subarray(r0 * cols, (r0 + n) * cols), L.xin >> 3);
      kernel.rank(n, L.xin, L.rank);
      f32.fill(b0, m0, m0 + nGroup);
      kernel.run(nTrees, nGroup, L.rank, L.margin);
      for (let q = 0; q < n; q++) out[r0 + q] = f32[m0 + q];
    }
  }
}
