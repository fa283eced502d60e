/**
 * The predictors agree bit for bit with a plain tree walk that spells out XGBoost's rule (x = fround(X);
 * NaN → the default child; x < threshold → left; m = fround(m + leaf) tree after tree): the node table,
 * the flat asm.js kernel (u8 and u16 ranks, padded shallow trees, blocks and groups cut short, a prefix
 * of the trees, Float32Array inputs) and predictMargins' choice between them, on random forests with
 * NaN, ±Infinity, ±0, subnormal and float32-overflowing inputs and ±Infinity thresholds; and the
 * worker-thread path (predict-pool.ts) gives the same margins, falls back when a worker fails and
 * never keeps the process alive.
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import {
  BLOCK_ROWS,
  FlatPredictor,
  flattenForest,
  GROUP_ROWS,
  kernelSource,
  MAX_FLAT_DEPTH,
} from '../../../src/models/gbdt/flat-forest.js';
import { GBDTClassifier } from '../../../src/models/gbdt/index.js';
import { baseMargin } from '../../../src/models/gbdt/objectives.js';
import {
  PARALLEL_MIN_WORK,
  predictParallel,
  predictPoolStats,
  setPredictThreads,
} from '../../../src/models/gbdt/predict-pool.js';
import {
  compileForest,
  FLAT_MIN_WORK,
  predictMargins,
  predictMarginsTable,
} from '../../../src/models/gbdt/predict.js';
import { TreeBuilder, type Tree } from '../../../src/models/gbdt/tree.js';
import type { Matrix } from '../../../src/types.js';
import { Rng } from '../../../src/util/rng.js';
import { synthetic } from './helpers.js';

/** XGBoost's routing, written out: the reference every predictor must match bit for bit. */
function referenceMargins(trees: readonly Tree[], baseMargin: number, X: Matrix, nTrees = trees.length) {
  const out = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let m = Math.fround(baseMargin);
    for (let k = 0; k < nTrees; k++) {
      const t = trees[k];
      let i = 0;
      while (t.left[i] !== -1) {
        const x = Math.fround(X.data[r * X.cols + t.feature[i]]);
        if (Number.isNaN(x)) i = t.defaultLeft[i] === 1 ? t.left[i] : t.right[i];
        else i = x < t.threshold[i] ? t.left[i] : t.right[i];
      }
      m = Math.fround(m + t.threshold[i]);
    }
    out[r] = m;
  }
  return out;
}

/** Rows where a and b differ as bit patterns (Object.is: −0 ≠ +0, NaN = NaN). */
function mismatches(a: Float64Array, b: Float64Array): number[] {
  expect(a.length).to.equal(b.length);
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

interface ForestSpec {
  nTrees: number;
  nFeatures: number;
  maxDepth: number;
  /** Threshold pool per feature (distinct values drawn from it). */
  pool: (rng: Rng, j: number) => number;
  /** Probability that a node above maxDepth splits. */
  pSplit?: number;
}

/** A random forest grown node by node: uneven depths, shared and duplicate thresholds, random default sides. */
function randomForest(rng: Rng, s: ForestSpec): Tree[] {
  const trees: Tree[] = [];
  for (let k = 0; k < s.nTrees; k++) {
    const b = new TreeBuilder();
    const leafValue = (): number => (rng.random() < 0.05 ? 0 : rng.normal() * 0.3);
    b.addLeaf(-1, leafValue(), 1);
    const queue: [number, number][] = [[0, 0]];
    while (queue.length > 0) {
      const [id, d] = queue.shift()!;
      if (d >= s.maxDepth || rng.random() >= (d === 0 ? 0.95 : (s.pSplit ?? 0.8))) continue;
      const feature = rng.int(s.nFeatures);
      const l = b.addLeaf(id, leafValue(), 1);
      const r = b.addLeaf(id, leafValue(), 1);
      b.setSplit(id, l, r, {
        feature,
        threshold: s.pool(rng, feature),
        defaultLeft: rng.random() < 0.5,
        baseWeight: 0,
        lossChange: 1,
        sumHessian: 1,
      });
      queue.push([l, d + 1], [r, d + 1]);
    }
    trees.push(b.build());
  }
  return trees;
}

/** Thresholds from a small grid per feature (so inputs hit them exactly), with ±0 and rare ±Infinity. */
function gridPool(rng: Rng, j: number): number {
  const u = rng.random();
  if (u < 0.02) return Infinity;
  if (u < 0.04) return -Infinity;
  if (u < 0.07) return rng.random() < 0.5 ? 0 : -0;
  return Math.fround((rng.int(41) - 20) / 8 + j / 64);
}

/** Inputs: normal values, the thresholds themselves, NaN, ±Infinity, ±0, subnormals, float32 overflow. */
function randomInputs(rng: Rng, rows: number, cols: number, f32 = false): Matrix {
  const data = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    const j = i % cols;
    const u = rng.random();
    data[i] =
      u < 0.1
        ? NaN
        : u < 0.13
          ? Infinity
          : u < 0.16
            ? -Infinity
            : u < 0.2
              ? rng.random() < 0.5
                ? 0
                : -0
              : u < 0.22
                ? (rng.random() < 0.5 ? 1 : -1) * 1e-45
                : u < 0.24
                  ? (rng.random() < 0.5 ? 1 : -1) * 1e39
                  : u < 0.6
                    ? Math.fround((rng.int(41) - 20) / 8 + j / 64)
                    : rng.normal() * 2;
  }
  return { data, rows, cols, columns: Array.from({ length: cols }, (_, c) => `x${c}`) };
}

function flatMargins(
  trees: readonly Tree[],
  nFeatures: number,
  b0: number,
  X: Matrix,
  nTrees = trees.length,
) {
  const flat = flattenForest(trees, nFeatures);
  expect(flat, 'the forest suits the flat layout').to.not.equal(null);
  const out = new Float64Array(X.rows);
  new FlatPredictor(flat!).predict(X, nTrees, b0, out);
  return { out, flat: flat! };
}

describe('models/gbdt/predict', () => {
  it('flat kernel, node table and predictMargins equal the reference walk bit for bit (random forests, NaN, ±Inf, ±0)', () => {
    const rng = new Rng(20240601);
    for (let rep = 0; rep < 6; rep++) {
      const nFeatures = 1 + rng.int(9);
      const trees = randomForest(rng, {
        nTrees: 1 + rng.int(40),
        nFeatures,
        maxDepth: 1 + rng.int(8),
        pool: gridPool,
      });
      const rows = 1 + rng.int(3 * BLOCK_ROWS); // blocks and groups cut short
      const X = randomInputs(rng, rows, nFeatures, rep % 2 === 1);
      const b0 = Math.fround(rng.normal());
      const ref = referenceMargins(trees, b0, X);
      const { out, flat } = flatMargins(trees, nFeatures, b0, X);
      expect(flat.rankBytes).to.equal(1);
      expect(mismatches(out, ref), `flat, rep ${rep}`).to.deep.equal([]);
      const forest = compileForest(trees, nFeatures);
      expect(mismatches(predictMarginsTable(forest, b0, X), ref), `table, rep ${rep}`).to.deep.equal([]);
      expect(mismatches(predictMargins(forest, b0, X), ref), `auto, rep ${rep}`).to.deep.equal([]);
    }
  });

  it('routes NaN to the default side at ±Infinity thresholds and ±Infinity inputs by x < threshold', () => {
    // one split per tree on feature 0: threshold −∞ / +∞, default left / right
    const trees: Tree[] = [];
    for (const threshold of [-Infinity, Infinity])
      for (const defaultLeft of [true, false]) {
        const b = new TreeBuilder();
        b.addLeaf(-1, 0, 1);
        const l = b.addLeaf(0, 1, 1);
        const r = b.addLeaf(0, 2, 1);
        b.setSplit(0, l, r, {
          feature: 0,
          threshold,
          defaultLeft,
          baseWeight: 0,
          lossChange: 1,
          sumHessian: 1,
        });
        trees.push(b.build());
      }
    const rowsIn = [NaN, -Infinity, Infinity, 0, -1e39, 1e39];
    for (let k = 0; k < trees.length; k++) {
      const X: Matrix = { data: Float64Array.from(rowsIn), rows: rowsIn.length, cols: 1, columns: ['x'] };
      const one = [trees[k]];
      const want = referenceMargins(one, 0, X);
      // −∞ threshold: only NaN (default) can go left; +∞: only +∞ (and float32 overflow) goes right
      const defaultLeft = trees[k].defaultLeft[0] === 1;
      const t = trees[k].threshold[0];
      expect(Array.from(want)).to.deep.equal(
        rowsIn.map((x) => (Number.isNaN(x) ? (defaultLeft ? 1 : 2) : Math.fround(x) < t ? 1 : 2)),
      );
      expect(mismatches(flatMargins(one, 1, 0, X).out, want)).to.deep.equal([]);
      expect(mismatches(predictMarginsTable(compileForest(one, 1), 0, X), want)).to.deep.equal([]);
    }
  });

  it('uses 16-bit ranks when a feature has ≥ 256 distinct thresholds', () => {
    const rng = new Rng(7);
    const pool = (r: Rng): number => Math.fround(r.normal() * 3);
    const trees = randomForest(rng, { nTrees: 120, nFeatures: 3, maxDepth: 6, pool, pSplit: 0.9 });
    const X = randomInputs(rng, 700, 3);
    for (let i = 0; i < X.data.length; i += 3) if (rng.random() < 0.5) X.data[i] = rng.normal() * 3;
    const ref = referenceMargins(trees, 0.25, X);
    const { out, flat } = flatMargins(trees, 3, 0.25, X);
    expect(flat.rankBytes).to.equal(2);
    expect(flat.steps).to.be.greaterThan(8);
    expect(mismatches(out, ref)).to.deep.equal([]);
  });

  it('pads shallow trees (single leaves, mixed depths) and predicts with a prefix of the trees', () => {
    const rng = new Rng(99);
    const trees = randomForest(rng, { nTrees: 30, nFeatures: 4, maxDepth: 7, pool: gridPool, pSplit: 0.5 });
    const lone = new TreeBuilder();
    lone.addLeaf(-1, 0.125, 1);
    trees.splice(3, 0, lone.build());
    const X = randomInputs(rng, 2 * BLOCK_ROWS + GROUP_ROWS + 3, 4);
    for (const nTrees of [0, 1, 4, 17, trees.length]) {
      const ref = referenceMargins(trees, -0.5, X, nTrees);
      expect(mismatches(flatMargins(trees, 4, -0.5, X, nTrees).out, ref), `nTrees ${nTrees}`).to.deep.equal(
        [],
      );
      expect(mismatches(predictMargins(compileForest(trees, 4), -0.5, X, nTrees), ref)).to.deep.equal([]);
    }
    // a forest of single leaves (depth 0)
    const leaves = [lone.build(), lone.build()];
    const ref = referenceMargins(leaves, 1, X);
    expect(mismatches(flatMargins(leaves, 4, 1, X).out, ref)).to.deep.equal([]);
  });

  it('falls back to the node table for trees deeper than the flat layout takes, with the same margins', () => {
    const rng = new Rng(5);
    // a chain of splits deeper than MAX_FLAT_DEPTH
    const b = new TreeBuilder();
    b.addLeaf(-1, 0, 1);
    let id = 0;
    for (let d = 0; d <= MAX_FLAT_DEPTH; d++) {
      const l = b.addLeaf(id, d / 10, 1);
      const r = b.addLeaf(id, -d / 10, 1);
      b.setSplit(id, l, r, {
        feature: d % 2,
        threshold: d / 4 - 1,
        defaultLeft: d % 3 === 0,
        baseWeight: 0,
        lossChange: 1,
        sumHessian: 1,
      });
      id = r;
    }
    const trees = [b.build(), ...randomForest(rng, { nTrees: 5, nFeatures: 2, maxDepth: 4, pool: gridPool })];
    expect(flattenForest(trees, 2)).to.equal(null);
    const X = randomInputs(rng, Math.ceil(FLAT_MIN_WORK / trees.length) + 10, 2);
    const forest = compileForest(trees, 2);
    expect(mismatches(predictMargins(forest, 0, X), referenceMargins(trees, 0, X))).to.deep.equal([]);
    expect(forest.flat).to.equal(null);
  });

  it('a fitted model predicts identically on the node table and, once enough rows were predicted, the flat path', () => {
    const { X, y } = synthetic(4000, 6, 3, 0.1);
    const clf = new GBDTClassifier({ nEstimators: 40, maxDepth: 5, learningRate: 0.3 }).fit(X, y);
    const b0 = baseMargin('binary:logistic', clf.baseScore);
    const ref = referenceMargins(clf.trees, b0, X);
    const forest = compileForest(clf.trees, X.cols);
    expect(mismatches(predictMarginsTable(forest, b0, X), ref)).to.deep.equal([]);
    const small = { ...X, data: X.data.subarray(0, 7 * X.cols), rows: 7 };
    expect(mismatches(predictMargins(forest, b0, small), ref.subarray(0, 7))).to.deep.equal([]);
    expect(forest.flat, 'no flat predictor for a small prediction').to.equal(undefined);
    let calls = 0;
    while (forest.flat === undefined) {
      expect(mismatches(predictMargins(forest, b0, X), ref)).to.deep.equal([]);
      calls++;
    }
    expect(calls).to.equal(Math.ceil((FLAT_MIN_WORK - 7 * clf.nTrees) / (X.rows * clf.nTrees)));
    expect(forest.flat).to.not.equal(null);
    expect(mismatches(predictMargins(forest, b0, small), ref.subarray(0, 7))).to.deep.equal([]);
    expect(mismatches(clf.predictMargin(X), ref)).to.deep.equal([]);
  });

  it('generates kernels that V8 validates as asm.js (so they run as WebAssembly)', function () {
    this.timeout(60000);
    const shapes = [
      { depth: 6, nFeatures: 17, steps: 8, rankBytes: 1 },
      { depth: 0, nFeatures: 1, steps: 1, rankBytes: 1 },
      { depth: 3, nFeatures: 5, steps: 12, rankBytes: 2 },
    ] as const;
    const script = `
      const shapes = ${JSON.stringify(shapes)};
      const srcs = ${JSON.stringify(shapes.map((s) => kernelSource(s)))};
      const ok = srcs.map((src) => {
        const f = new Function(src + '\\nreturn QuantbookForestKernel;')();
        f(globalThis, null, new ArrayBuffer(1 << 16));
        return %IsAsmWasmCode(f);
      });
      console.log(JSON.stringify(ok));`;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(JSON.parse(out.trim())).to.deep.equal([true, true, true]);
  });
});

describe('models/gbdt/predict-pool (worker threads)', () => {
  const rng = new Rng(31337);
  const nFeatures = 7;
  const trees = randomForest(rng, { nTrees: 60, nFeatures, maxDepth: 6, pool: gridPool, pSplit: 0.9 });
  const flat = flattenForest(trees, nFeatures)!;
  const rows = Math.ceil((3 * PARALLEL_MIN_WORK) / trees.length) + 123;
  const X = randomInputs(rng, rows, nFeatures);
  const b0 = Math.fround(0.3);
  const ref = referenceMargins(trees, b0, X);
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  afterEach(() => setPredictThreads(undefined));

  it('computes the same margins when rows are shared with a worker (Float64Array, Float32Array and shared inputs)', async function () {
    this.timeout(120000);
    setPredictThreads(2);
    const p = new FlatPredictor(flat);
    const single = new Float64Array(rows);
    p.predict(X, trees.length, b0, single);
    expect(mismatches(single, ref)).to.deep.equal([]);
    // the worker starts on the first call; repeat until it has taken chunks (it always may, never must)
    const before = predictPoolStats().workerChunks;
    for (let k = 0; k < 100 && predictPoolStats().workerChunks === before; k++) {
      const out = new Float64Array(rows);
      expect(predictParallel(p, X, trees.length, b0, out)).to.equal(true);
      expect(mismatches(out, ref), `call ${k}`).to.deep.equal([]);
      await sleep(20);
    }
    expect(predictPoolStats().workerChunks, 'the worker computed some chunks').to.be.greaterThan(before);
    const f32: Matrix = { ...X, data: Float32Array.from(X.data) };
    const shared = new Float64Array(new SharedArrayBuffer(8 * X.data.length));
    shared.set(X.data);
    for (const M of [f32, { ...X, data: shared }]) {
      const out = new Float64Array(rows);
      expect(predictParallel(p, M, trees.length, b0, out)).to.equal(true);
      expect(mismatches(out, ref)).to.deep.equal([]);
    }
    // predictMargins takes the parallel path above PARALLEL_MIN_WORK, with a prefix of the trees too
    const forest = compileForest(trees, nFeatures);
    expect(mismatches(predictMargins(forest, b0, X), ref)).to.deep.equal([]);
    expect(mismatches(predictMargins(forest, b0, X, 40), referenceMargins(trees, b0, X, 40))).to.deep.equal(
      [],
    );
    expect(predictPoolStats().error).to.equal(null);
  });

  it('stays single-threaded with one thread, and falls back to it for good when a worker fails', async function () {
    this.timeout(120000);
    setPredictThreads(1);
    const p = new FlatPredictor(flat);
    expect(predictParallel(p, X, trees.length, b0, new Float64Array(rows))).to.equal(false);
    setPredictThreads(2);
    // a predictor whose kernel source the worker cannot compile: the caller does every chunk itself
    const broken = Object.create(p, {
      source: { value: 'this is not JavaScript (' },
      id: { value: -1 },
    }) as FlatPredictor;
    const out = new Float64Array(rows);
    expect(predictParallel(broken, X, trees.length, b0, out)).to.equal(true);
    expect(mismatches(out, ref)).to.deep.equal([]);
    for (let k = 0; k < 250 && predictPoolStats().running; k++) {
      await sleep(20);
      const again = new Float64Array(rows);
      if (predictParallel(broken, X, trees.length, b0, again))
        expect(mismatches(again, ref)).to.deep.equal([]);
    }
    expect(predictPoolStats().running, 'the pool is off').to.equal(false);
    expect(predictPoolStats().error).to.be.a('string');
    expect(predictParallel(p, X, trees.length, b0, new Float64Array(rows))).to.equal(false);
    expect(mismatches(predictMargins(compileForest(trees, nFeatures), b0, X), ref)).to.deep.equal([]);
  });

  it('does not keep the process alive (workers are unref’ed; no top-level await)', function () {
    this.timeout(120000);
    const script = `
      import { GBDTClassifier } from '${new URL('../../../src/models/gbdt/index.ts', import.meta.url).href}';
      import { predictPoolStats } from '${new URL('../../../src/models/gbdt/predict-pool.ts', import.meta.url).href}';
      const n = 40000, k = 4, data = new Float64Array(n * k), y = new Float64Array(n);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 3;
      for (let i = 0; i < n; i++) y[i] = data[i * k] + data[i * k + 1] > 0 ? 1 : 0;
      const X = { data, rows: n, cols: k, columns: ['a', 'b', 'c', 'd'] };
      const clf = new GBDTClassifier({ nEstimators: 60, maxDepth: 4 }).fit(X, y);
      for (let i = 0; i < 3; i++) clf.predictMargin(X);
      console.log(JSON.stringify(predictPoolStats()));`;
    const t0 = Date.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, QUANTBOOK_PREDICT_THREADS: '2' },
      timeout: 60000,
    });
    const stats = JSON.parse(out.trim().split('\n').pop()!) as {
      running: boolean;
      parallelPredictions: number;
    };
    expect(stats.running).to.equal(true);
    expect(stats.parallelPredictions).to.equal(3);
    expect(Date.now() - t0).to.be.below(60000);
  });
});
