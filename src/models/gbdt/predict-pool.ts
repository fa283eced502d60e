/**
 * Large predictions on several threads: the calling thread and background workers (worker_threads)
 * share the rows in chunks, each chunk walked by the same flat kernel (flat-forest.ts), so every row's
 * margin is computed exactly as on one thread (same trees, same order, same float32 sums) — only which
 * thread computes it changes. `predictMargins` stays synchronous: the calling thread works through
 * chunks itself and then blocks in `Atomics.wait` (allowed on Node's main thread) until the workers'
 * chunks are done.
 *
 * ```
 *  X ──copy to a SharedArrayBuffer──▶ chunks 0..n−1 (about 2^19 rows × trees each)
 *  every thread: c = Atomics.add(next, 1) until c ≥ n; predict rows of chunk c
 *                (the caller into `out`; a worker into a shared array, then flags[c] = 1 + notify)
 *  caller: for the workers' chunks, Atomics.wait(flags[c]) and copy
 * ```
 * The workers are started on the first large prediction and `unref`ed, so they never keep the process
 * alive; nothing runs at import (no top-level await: src/index.ts is loaded through require(esm)). A
 * worker runs a fixed script (`eval`, no module loading: it works the same from dist/ and under tsx)
 * that compiles the kernel source it is sent (generated from integers, see kernelSource). Forests are
 * sent with every job and kept by id (the last 4). If a worker fails (an error in it, or a chunk not
 * done within 10 s) the caller computes the missing chunks itself and the pool is switched off for the
 * rest of the process: predictions carry on single-threaded.
 *
 * Threads: `QUANTBOOK_PREDICT_THREADS` (1 = single-threaded), else min(4, os.availableParallelism()).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Matrix } from '../../types.js';
import { BLOCK_ROWS, GROUP_ROWS, type FlatPredictor, type HeapLayout } from './flat-forest.js';

/** Rows × trees from which predictMargins shares a prediction with the workers. */
export const PARALLEL_MIN_WORK = 1 << 21;
/** Rows × trees per chunk (rounded to whole blocks of rows). */
const CHUNK_WORK = 1 << 19;
/** How long the caller waits for one worker chunk before doing it itself and switching the pool off. */
const STALL_MS = 10_000;
/** Forests a worker keeps compiled. */
const WORKER_FORESTS = 4;

/** A job as a worker receives it. */
interface Job {
  id: number;
  source: string;
  layout: HeapLayout;
  image: Uint8Array;
  x: Float64Array | Float32Array;
  rows: number;
  cols: number;
  nTrees: number;
  baseMargin: number;
  out: Float64Array;
  /** [0]: the next chunk to take. */
  next: Int32Array;
  /** Per chunk: 1 when a worker has written it, 2 when a worker failed on it. */
  flags: Int32Array;
  chunkRows: number;
  nChunks: number;
}

// The worker: plain JavaScript (CommonJS, no imports of our modules). The block loop is the one of
// FlatPredictor.predict; the tests check that both give the same margins.
const WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { status, blockRows, groupRows, keep } = workerData;
const factories = new Map();
const forests = new Map();
function forestOf(job) {
  let f = forests.get(job.id);
  if (f === undefined) {
    let make = factories.get(job.source);
    if (make === undefined) {
      make = new Function(job.source + '\\nreturn QuantbookForestKernel;')();
      factories.set(job.source, make);
    }
    const L = job.layout;
    const heap = new ArrayBuffer(L.bytes);
    new Uint8Array(heap).set(job.image);
    const kernel = make(globalThis, null, heap);
    kernel.init(L.node, L.leaf, L.cut, L.nCuts);
    f = { kernel, L, f64: new Float64Array(heap), f32: new Float32Array(heap) };
    forests.set(job.id, f);
    if (forests.size > keep) forests.delete(forests.keys().next().value);
  }
  return f;
}
parentPort.on('message', (job) => {
  let c = -1;
  try {
    const { kernel, L, f64, f32 } = forestOf(job);
    const { x, rows, cols, nTrees, out, next, flags, chunkRows, nChunks } = job;
    const b0 = Math.fround(job.baseMargin);
    const m0 = L.margin >> 2;
    for (;;) {
      c = Atomics.add(next, 0, 1);
      if (c >= nChunks) return;
      const end = Math.min(rows, (c + 1) * chunkRows);
      for (let r0 = c * chunkRows; r0 < end; r0 += blockRows) {
        const n = Math.min(blockRows, end - r0);
        const nGroup = Math.ceil(n / groupRows) * groupRows;
        f64.set(x.subarray(r0 * cols, (r0 + n) * cols), L.xin >> 3);
        kernel.rank(n, L.xin, L.rank);
        f32.fill(b0, m0, m0 + nGroup);
        kernel.run(nTrees, nGroup, L.rank, L.margin);
        for (let q = 0; q < n; q++) out[r0 + q] = f32[m0 + q];
      }
      Atomics.store(flags, c, 1);
      Atomics.notify(flags, c);
      c = -1;
    }
  } catch (err) {
    Atomics.store(status, 0, 1);
    if (c >= 0 && c < job.nChunks) {
      Atomics.store(job.flags, c, 2);
      Atomics.notify(job.flags, c);
    }
    parentPort.postMessage(String((err && err.stack) || err));
  }
});
`;

interface Pool {
  workers: Worker[];
  /** [0] = 1 once a worker failed. */
  status: Int32Array;
  /** Shared copy of X and the workers' margins, reused while predictions follow each other. */
  scratch: SharedArrayBuffer | null;
  /** Drops `scratch` after SCRATCH_IDLE_MS without a parallel prediction (unref'ed). */
  release: ReturnType<typeof setTimeout> | null;
}

/** Idle time after which the pool lets go of its shared copy of the last X. */
const SCRATCH_IDLE_MS = 2000;

/** A shared buffer of at least `bytes`: the pool's scratch if large enough, else a new one (kept as scratch). */
function scratch(pl: Pool, bytes: number): SharedArrayBuffer {
  if (pl.release !== null) clearTimeout(pl.release);
  pl.release = setTimeout(() => {
    pl.scratch = null;
    pl.release = null;
  }, SCRATCH_IDLE_MS);
  pl.release.unref();
  if (pl.scratch === null || pl.scratch.byteLength < bytes) pl.scratch = new SharedArrayBuffer(bytes);
  return pl.scratch;
}

/** undefined: not started; null: off (one thread, or a worker failed). */
let pool: Pool | null | undefined;
let threadsOverride: number | undefined;
const stats = { parallelPredictions: 0, workerChunks: 0, error: null as string | null };

/** Counters since the process started: predictions shared with workers, chunks workers computed, the last worker error. */
export function predictPoolStats(): {
  running: boolean;
  parallelPredictions: number;
  workerChunks: number;
  error: string | null;
} {
  return { running: pool !== undefined && pool !== null, ...stats };
}

/**
 * A pool's thread count (the caller included): `override` when set, else the environment variable
 * `envName` when it is an integer ≥ 1 (capped at 64), else min(4, available cores).
 */
export function resolveThreads(envName: string, override: number | undefined): number {
  if (override !== undefined) return override;
  const env = Number(process.env[envName]);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 64);
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** Threads a large prediction uses (the caller included): `QUANTBOOK_PREDICT_THREADS`, see {@link resolveThreads}. */
export function predictThreads(): number {
  return resolveThreads('QUANTBOOK_PREDICT_THREADS', threadsOverride);
}

/**
 * Sets the thread count for the rest of the process (undefined: back to the default), stopping the
 * current workers; for tests and benchmarks.
 */
export function setPredictThreads(n: number | undefined): void {
  if (n !== undefined && !(Number.isInteger(n) && n >= 1))
    throw new RangeError(`setPredictThreads: n must be an integer ≥ 1, got ${n}`);
  stopPool();
  pool = undefined;
  threadsOverride = n;
}

/** Terminates the workers; predictions are single-threaded until setPredictThreads. */
function stopPool(): void {
  if (pool) {
    for (const w of pool.workers) void w.terminate().catch(() => undefined);
    if (pool.release !== null) clearTimeout(pool.release);
  }
  pool = null;
}

function getPool(): Pool | null {
  if (pool !== undefined) return pool;
  const n = predictThreads() - 1;
  if (n < 1) return (pool = null);
  const status = new Int32Array(new SharedArrayBuffer(4));
  const workers: Worker[] = [];
  const p: Pool = { workers, status, scratch: null, release: null };
  const started = startWorkers(
    n,
    WORKER_SOURCE,
    { status, blockRows: BLOCK_ROWS, groupRows: GROUP_ROWS, keep: WORKER_FORESTS },
    (why) => {
      if (pool !== p) return;
      stats.error = troubleText(why);
      stopPool();
    },
  );
  if (started === null) return (pool = null);
  workers.push(...started);
  return (pool = p);
}

/** A worker's trouble as text: an Error's message, a worker's own error text, else 'worker exited'. */
export function troubleText(why: unknown): string {
  return why instanceof Error ? why.message : typeof why === 'string' ? why : 'worker exited';
}

/**
 * Starts `n` workers running `source` (eval'd, no module loading) with `workerData`, each unref'ed so it
 * never keeps the process alive. Any sign of trouble — an error, an exit, or a message (a worker posts
 * only its error text) — calls `onTrouble(why)`; the pool decides what to do.
 * @returns The workers, or null when one could not start (those started are terminated).
 */
export function startWorkers(
  n: number,
  source: string,
  workerData: unknown,
  onTrouble: (why: unknown) => void,
): Worker[] | null {
  const workers: Worker[] = [];
  try {
    for (let k = 0; k < n; k++) {
      const w = new Worker(source, { eval: true, execArgv: [], workerData });
      w.on('error', onTrouble);
      w.on('exit', onTrouble);
      w.on('message', onTrouble);
      w.unref(); // after the listeners: a 'message' listener refs the worker again
      workers.push(w);
    }
  } catch {
    for (const w of workers) void w.terminate().catch(() => undefined);
    return null;
  }
  return workers;
}

/**
 * Predicts rows 0..X.rows−1 into `out` on the calling thread and the pool's workers; false (and `out`
 * untouched) when there is no pool.
 */
export function predictParallel(
  p: FlatPredictor,
  X: Matrix,
  nTrees: number,
  baseMargin: number,
  out: Float64Array,
): boolean {
  p.check(X, nTrees);
  const pl = getPool();
  if (pl === null) return false;
  if (Atomics.load(pl.status, 0) !== 0) {
    stopPool();
    return false;
  }
  const { rows, cols, data } = X;
  const chunkRows = BLOCK_ROWS * Math.max(1, Math.round(CHUNK_WORK / (BLOCK_ROWS * Math.max(1, nTrees))));
  const nChunks = Math.ceil(rows / chunkRows);
  // the workers read X and write their margins in shared memory: [margins (8·rows) | copy of X]; the
  // buffer is reused by the next prediction (every chunk of this one is done when we return; a worker
  // that picks up this job late finds no chunk left and touches neither)
  const copy = !(data.buffer instanceof SharedArrayBuffer);
  const sab = scratch(pl, 8 * rows + (copy ? data.BYTES_PER_ELEMENT * rows * cols : 0));
  let x: Float64Array | Float32Array = data;
  if (copy) {
    x =
      data instanceof Float32Array
        ? new Float32Array(sab, 8 * rows, rows * cols)
        : new Float64Array(sab, 8 * rows, rows * cols);
    x.set(data.subarray(0, rows * cols));
  }
  const job: Job = {
    id: p.id,
    source: p.source,
    layout: p.layout,
    image: p.image(),
    x,
    rows,
    cols,
    nTrees,
    baseMargin,
    out: new Float64Array(sab, 0, rows),
    next: new Int32Array(new SharedArrayBuffer(4)),
    flags: new Int32Array(new SharedArrayBuffer(4 * nChunks)),
    chunkRows,
    nChunks,
  };
  for (const w of pl.workers) w.postMessage(job);
  const mine = new Uint8Array(nChunks);
  for (;;) {
    const c = Atomics.add(job.next, 0, 1);
    if (c >= nChunks) break;
    mine[c] = 1;
    p.predict(X, nTrees, baseMargin, out, c * chunkRows, Math.min(rows, (c + 1) * chunkRows));
  }
  let failed = false;
  for (let c = 0; c < nChunks; c++) {
    if (mine[c] === 1) continue;
    const start = c * chunkRows;
    const end = Math.min(rows, start + chunkRows);
    if (Atomics.wait(job.flags, c, 0, STALL_MS) === 'timed-out') failed = true;
    if (Atomics.load(job.flags, c) === 1) {
      out.set(job.out.subarray(start, end), start);
      stats.workerChunks++;
    } else {
      failed = true;
      p.predict(X, nTrees, baseMargin, out, start, end);
    }
  }
  stats.parallelPredictions++;
  if (failed) {
    stats.error ??= 'a worker did not finish its chunk';
    stopPool(); // (also drops the scratch buffer a stalled worker may still write to)
  }
  return true;
}
