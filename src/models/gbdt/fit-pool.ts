/**
 * Large fits on several threads: background workers (worker_threads) take tasks of the fit — binning a
 * feature, the histogram of a chunk of rows (with the root's gradients), a partition or gather of rows,
 * the split finding of a pair of siblings, the margin update of a leaf — from a batch the calling thread
 * publishes in shared memory, while the calling thread works through the same batch. `fit` stays
 * synchronous: the calling thread blocks in `Atomics.wait` (allowed on Node's main thread) for tasks a
 * worker took.
 *
 * ```
 *  fit start   X's float32 columns, the binned matrix, gh, the two row buffers, the margins, the node
 *              histograms and the tasks' outputs live in SharedArrayBuffers; every worker receives them
 *              once (postMessage) and loops: wait for a batch, claim tasks, run them
 *  batch       caller: descriptors → desc, done[0..n) = 0, batch = seq·2^16 + n, claim = seq·2^16, epoch++
 *              every thread: claim = compareExchange(claim, w, w + 1) while its index < n; run the task
 *              (fit-kernels.ts, the same source text in every thread); a worker sets done[i] = 1
 *              caller: waits for the tasks the workers took (polls briefly, then Atomics.wait)
 *  fit end     quit = 1: the workers go back to their event loops (idle, unref'ed)
 * ```
 * A task's result depends only on its descriptor and the shared inputs, never on which thread ran it,
 * and every task writes only its own outputs, so a fit gives the same model with any number of threads
 * (the grower's chunking does not depend on it either).
 *
 * Failures: a worker that throws marks its task failed (done = 2) and leaves the fit; the caller runs
 * that task itself. A task not done within `FIT_TUNING.stallMs`: the caller gives every buffer a worker
 * writes a private copy (a late worker then writes only to memory nobody reads), recomputes the batch
 * itself (tasks never modify their inputs) and carries on alone. Either way the pool is switched off for
 * the rest of the process.
 *
 * The workers start on the first large fit and are `unref`ed; nothing runs at import. A worker runs a
 * fixed script (`eval`, no module loading: the same from dist/ and under tsx) made of the kernels'
 * source text. Threads: `QUANTBOOK_FIT_THREADS` (1 = single-threaded), else min(4, availableParallelism).
 */
import { Worker } from 'node:worker_threads';
import { resolveThreads, startWorkers, troubleText } from './predict-pool.js';
import type { Matrix } from '../../types.js';
import { columnsOf, type BinnedMatrix } from './binning.js';
import {
  binColumn,
  binLookup,
  CUT_SAMPLE,
  cutBetween,
  F32_MAX,
  featureCuts,
  fillSlots,
  gradKernel,
  histKernel,
  marginKernel,
  nextFloat32Up,
  partitionKernel,
  runFitTask,
  splitKernel,
  sortFloat32,
  subtractKernel,
  type FitTaskState,
} from './fit-kernels.js';

/**
 * Tuning of parallel fits. Only `histChunkRows` changes results (it fixes how a node's histogram is
 * summed); the others only decide which work goes to the workers. Mutable for tests and benchmarks.
 */
export const FIT_TUNING = {
  /**
   * A node's histogram is summed over chunks of at most this many rows (`histogramChunks`), each chunk
   * in row order, the chunks in order — whatever the number of threads.
   */
  histChunkRows: 16384,
  /** Fits with fewer rows never use the workers. */
  parallelMinRows: 65536,
  /** A batch with fewer rows in total runs on the calling thread alone. */
  batchMinRows: 8192,
  /** Rows per partition task. */
  partitionChunkRows: 32768,
  /**
   * Node histograms kept in shared memory (at most 16 MiB of them), where the workers can subtract and
   * split them; a node beyond has a histogram of its own, handled by the calling thread.
   */
  arenaSlots: 128,
  /** How long a worker keeps polling for the next batch before it sleeps (ms; read when the pool starts). */
  workerSpinMs: 0.1,
  /** How long the calling thread polls for a worker's task before it sleeps (ms). */
  callerSpinMs: 0.1,
  /** How long the caller waits for a worker's task before it does the task itself and switches the pool off (ms). */
  stallMs: 10_000,
  /** Tests only: the workers of the next fits throw, or sleep `ms`, when they start their `atTask`-th task. */
  workerFault: null as { kind: 'throw' | 'sleep'; atTask: number; ms?: number } | null,
};
/** Histogram outputs of one batch at most: a bigger batch is run as several. */
const MAX_SCRATCH_BYTES = 32 << 20;
/** Node histograms in shared memory at most (the grower keeps any others to itself). */
const MAX_ARENA_BYTES = 16 << 20;
/** Tasks of one batch at most. */
const MAX_TASKS = 4096;

/** ctl indices. */
const EPOCH = 0;
const CLAIM = 1;
const BATCH = 2;
const NFEATURES = 3;
const QUIT = 4;
const FAILED = 5;
const WORKER_TASKS = 6;
/** Workers asleep on EPOCH (the caller notifies only then). */
const SLEEPERS = 7;
/** 1 while the caller sleeps on a done flag (a worker notifies only then). */
const CALLER_ASLEEP = 8;
/** Microseconds the workers spent on tasks. */
const WORKER_BUSY_US = 9;
/** The binned matrix's histogram slots. */
const NSLOTS = 11;
const CTL_LENGTH = 16;

// The worker: the kernels' own source text and a loop (plain CommonJS, no imports of our modules).
// `__name` is esbuild's keepNames helper (tsx), which a function's source text may mention.
const workerSource = (): string => `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const CUT_SAMPLE = ${CUT_SAMPLE};
const F32_MAX = ${F32_MAX};
${[nextFloat32Up, cutBetween, sortFloat32, featureCuts, binLookup, binColumn, fillSlots].map(String).join('\n')}
${histKernel.toString()}
${partitionKernel.toString()}
${gradKernel.toString()}
${marginKernel.toString()}
${subtractKernel.toString()}
${splitKernel.toString()}
${runFitTask.toString()}
const lut = new Uint8Array(256);
parentPort.on('message', (s) => {
  const ctl = s.ctl;
  const done = s.done;
  const spinMs = workerData.spinMs;
  const fault = s.fault;
  let count = 0;
  let i = -1;
  try {
    for (;;) {
      if (Atomics.load(ctl, ${QUIT}) !== 0) return;
      const e = Atomics.load(ctl, ${EPOCH});
      for (;;) {
        const w = Atomics.load(ctl, ${CLAIM});
        const b = Atomics.load(ctl, ${BATCH});
        if (w >>> 16 !== b >>> 16 || (w & 0xffff) >= (b & 0xffff)) break;
        if (Atomics.compareExchange(ctl, ${CLAIM}, w, w + 1) !== w) continue;
        i = w & 0xffff;
        if (fault !== null && count++ === fault.atTask) {
          if (fault.kind === 'throw') throw new Error('fault injected by a test');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, fault.ms);
        }
        const t = performance.now();
        runFitTask(s, i, lut);
        Atomics.add(ctl, ${WORKER_TASKS}, 1);
        Atomics.add(ctl, ${WORKER_BUSY_US}, Math.round(1000 * (performance.now() - t)));
        Atomics.store(done, i, 1);
        if (Atomics.load(ctl, ${CALLER_ASLEEP}) !== 0) Atomics.notify(done, i);
        i = -1;
      }
      const t0 = performance.now();
      while (Atomics.load(ctl, ${EPOCH}) === e && performance.now() - t0 < spinMs);
      if (Atomics.load(ctl, ${EPOCH}) === e) {
        Atomics.add(ctl, ${SLEEPERS}, 1);
        Atomics.wait(ctl, ${EPOCH}, e, 1000);
        Atomics.sub(ctl, ${SLEEPERS}, 1);
      }
    }
  } catch (err) {
    Atomics.store(ctl, ${FAILED}, 1);
    if (i >= 0) {
      Atomics.store(done, i, 2);
      Atomics.notify(done, i);
    }
    parentPort.postMessage(String((err && err.stack) || err));
  }
});
`;

interface Pool {
  workers: Worker[];
}

/** undefined: not started; null: off (one thread, or a worker failed). */
let pool: Pool | null | undefined;
let threadsOverride: number | undefined;
const stats = {
  parallelFits: 0,
  batches: 0,
  workerTasks: 0,
  workerBusyMs: 0,
  callerBusyMs: 0,
  callerWaitMs: 0,
  error: null as string | null,
};

/**
 * Counters since the process started: fits shared with workers, batches shared, tasks the workers ran
 * and the time they spent on them, the time the calling thread spent on shared batches' tasks and
 * waiting for the workers', the last worker error.
 */
export function fitPoolStats(): {
  running: boolean;
  parallelFits: number;
  batches: number;
  workerTasks: number;
  workerBusyMs: number;
  callerBusyMs: number;
  callerWaitMs: number;
  error: string | null;
} {
  return { running: pool !== undefined && pool !== null, ...stats };
}

/** Threads a large fit uses (the caller included): `QUANTBOOK_FIT_THREADS`, see resolveThreads. */
export function fitThreads(): number {
  return resolveThreads('QUANTBOOK_FIT_THREADS', threadsOverride);
}

/**
 * Sets the thread count of fits for the rest of the process (undefined: back to the default), stopping
 * the current workers and clearing the last error; for tests and benchmarks. Models do not depend on it.
 */
export function setFitThreads(n: number | undefined): void {
  if (n !== undefined && !(Number.isInteger(n) && n >= 1))
    throw new RangeError(`setFitThreads: n must be an integer ≥ 1, got ${n}`);
  stopPool();
  stats.error = null;
  pool = undefined;
  threadsOverride = n;
}

function stopPool(): void {
  if (pool) for (const w of pool.workers) void w.terminate().catch(() => undefined);
  pool = null;
}

function getPool(): Pool | null {
  if (pool !== undefined) return pool;
  const n = fitThreads() - 1;
  if (n < 1) return (pool = null);
  const workers: Worker[] = [];
  const p: Pool = { workers };
  // any sign of trouble switches the pool off (a message is a worker's error text)
  const started = startWorkers(n, workerSource(), { spinMs: FIT_TUNING.workerSpinMs }, (why) => {
    if (typeof why === 'string') stats.error = why; // a worker's error text, even after the pool is off
    if (pool !== p) return;
    stats.error = troubleText(why);
    stopPool();
  });
  if (started === null) return (pool = null);
  workers.push(...started);
  return (pool = p);
}

/** What a fit's tasks read, besides the buffers {@link FitTasks} allocates. */
export interface FitInputs {
  nRows: number;
  F: number;
  /** Value bins per feature (2..255). */
  maxBin: number;
  withCounts: boolean;
  y: Float64Array;
  weight: Float64Array | null;
  /** 0 binary:logistic, 1 reg:squarederror, 2 reg:pseudohubererror. */
  objective: number;
  huberSlope: number;
  /** lambda, alpha, gamma, minChildWeight, minDataInLeaf. */
  splitParams: Float64Array;
}

/**
 * The tasks of one parallel fit: descriptors, the shared buffers (rows, gh, margins, outputs) and the
 * workers' session. The grower and the booster write descriptors ({@link hist}, {@link partition},
 * {@link margin}), run them with {@link run}, and read the outputs from {@link state} afterwards (the
 * output buffers are replaced after a stall).
 */
export class FitTasks {
  /** Inputs, outputs and descriptors, as the workers see them. */
  readonly state: FitTaskState & { done: Int32Array };
  /** Histogram outputs one batch may use. */
  readonly scratchSlots: number;
  /** Node histograms in shared memory ({@link arenaView}). */
  readonly arenaSlots: number;
  /** Tasks one batch may hold. */
  readonly capacity = MAX_TASKS;
  private n = 0;
  private seq = 0;
  private waitMs = 0;
  private busyMs = 0;
  private readonly lut = new Uint8Array(256);
  private readonly mine = new Uint8Array(MAX_TASKS);
  private parallel = true;

  private constructor(inputs: FitInputs) {
    const sab = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);
    const i32 = (n: number): Int32Array => new Int32Array(sab(4 * n));
    const f64 = (n: number): Float64Array => new Float64Array(sab(8 * n));
    const copy = (a: Float64Array): Float64Array => {
      const c = f64(a.length);
      c.set(a);
      return c;
    };
    const n = inputs.nRows;
    const F = inputs.F;
    // histogram slots are strided by the largest histogram the binning can give
    const maxSlots = F * (inputs.maxBin + 1);
    const histLen = (inputs.withCounts ? 3 : 2) * maxSlots;
    this.scratchSlots = Math.max(2, Math.min(MAX_TASKS, Math.floor(MAX_SCRATCH_BYTES / (8 * histLen))));
    this.arenaSlots = Math.max(
      0,
      Math.min(FIT_TUNING.arenaSlots, Math.floor(MAX_ARENA_BYTES / (8 * histLen))),
    );
    const { y, weight, ...rest } = inputs;
    this.state = {
      ...rest,
      y: copy(y),
      weight: weight === null ? f64(0) : copy(weight),
      columns: new Float32Array(sab(4 * n * F)),
      cutsOut: new Float32Array(sab(4 * 255 * F)),
      nCuts: i32(F),
      bins: new Uint8Array(sab(n * F)),
      slots: maxSlots <= 65536 ? new Uint16Array(sab(2 * n * F)) : new Uint32Array(sab(4 * n * F)),
      slotOffset: i32(F),
      nBins: i32(F),
      minValue: new Float32Array(sab(4 * F)),
      gh: f64(2 * n),
      rowsA: i32(n),
      rowsB: i32(n),
      margin0: new Float32Array(sab(4 * n)),
      margin1: new Float32Array(sab(4 * n)),
      outL: i32(n),
      outR: i32(n),
      scratch: f64(histLen * this.scratchSlots),
      arena: f64(histLen * this.arenaSlots),
      sums: f64(4 * MAX_TASKS),
      splits: f64(18 * MAX_TASKS),
      histLen,
      features: i32(inputs.F),
      desc: i32(8 * MAX_TASKS),
      result: i32(MAX_TASKS),
      value: f64(2 * MAX_TASKS),
      ctl: i32(CTL_LENGTH),
      done: i32(MAX_TASKS),
    };
  }

  /**
   * The tasks of a fit when the pool runs (the workers receive the buffers), else null. Call
   * {@link close} when the fit ends.
   */
  static open(inputs: FitInputs): FitTasks | null {
    const pl = getPool();
    if (pl === null) return null;
    const t = new FitTasks(inputs);
    try {
      for (const w of pl.workers) w.postMessage({ ...t.state, fault: FIT_TUNING.workerFault });
      stats.parallelFits++;
    } catch (err) {
      stats.error = err instanceof Error ? err.message : String(err);
      stopPool();
      return null;
    }
    return t;
  }

  /** Whether batches may go to workers. */
  get isParallel(): boolean {
    return this.parallel;
  }

  /** Sets the features of the next tasks. */
  setFeatures(features: Int32Array): void {
    this.state.features.set(features);
    this.state.ctl[NFEATURES] = features.length;
  }

  /** Number of tasks written since the last run. */
  get size(): number {
    return this.n;
  }

  /**
   * Adds a task: histogram of rows[start..end) of row buffer `buf` into scratch slot `slot` — after
   * setting those rows to start..end − 1 and computing their gradients at margin0 (`gradFrom` 0) or
   * margin1 (1) when `gradFrom` ≥ 0 (the root); returns its index.
   */
  hist(start: number, end: number, slot: number, buf: number, gradFrom = -1): number {
    const o = 8 * this.n;
    const d = this.state.desc;
    d[o] = gradFrom < 0 ? 1 : 4;
    d[o + 1] = start;
    d[o + 2] = end;
    d[o + 3] = slot;
    d[o + 4] = gradFrom;
    d[o + 7] = buf;
    return this.n++;
  }

  /**
   * Adds a task: partition of rows[start..end) of row buffer `buf` on (feature, bin, defaultLeft) — into
   * outL/outR, or when `whole` (the node's whole segment) straight to its place in the other row buffer;
   * returns its index.
   */
  partition(
    start: number,
    end: number,
    feature: number,
    bin: number,
    defaultLeft: boolean,
    whole: boolean,
    buf: number,
  ): number {
    const o = 8 * this.n;
    const d = this.state.desc;
    d[o] = 2;
    d[o + 1] = start;
    d[o + 2] = end;
    d[o + 3] = feature;
    d[o + 4] = bin;
    d[o + 5] = defaultLeft ? 1 : 0;
    d[o + 6] = whole ? 1 : 0;
    d[o + 7] = buf;
    return this.n++;
  }

  /** Row buffer 0 or 1 (fetch it again after a {@link run}). */
  rows(buf: number): Int32Array {
    return buf === 0 ? this.state.rowsA : this.state.rowsB;
  }

  /**
   * Adds a task: next[dl..dl + nl) = outL[start..start + nl), next[dr..dr + nr) = outR[start..start + nr)
   * in the row buffer other than `buf` (a partition chunk's rows to their places); returns its index.
   */
  gather(start: number, nl: number, nr: number, dl: number, dr: number, buf: number): number {
    const o = 8 * this.n;
    const d = this.state.desc;
    d[o] = 5;
    d[o + 1] = start;
    d[o + 2] = nl;
    d[o + 3] = nr;
    d[o + 4] = dl;
    d[o + 5] = dr;
    d[o + 7] = buf;
    return this.n++;
  }

  /**
   * binMatrix(X, maxBin) with the workers: the features' cuts and bins as tasks, then the slots by row
   * ranges — the same functions (binning.ts), so the same binned matrix (its arrays in shared memory).
   */
  bin(X: Matrix): BinnedMatrix {
    const s = this.state;
    const { nRows: rows, F: cols } = s;
    columnsOf(X, s.columns);
    for (let j = 0; j < cols; j++) this.task(7, 0, 0, j);
    this.run(Infinity);
    let nSlots = 0;
    const cuts: Float32Array[] = [];
    for (let j = 0; j < cols; j++) {
      const c = this.state.cutsOut.subarray(255 * j, 255 * j + this.state.nCuts[j]);
      cuts.push(Float32Array.from(c));
      s.nBins[j] = c.length + 1;
      s.slotOffset[j] = nSlots;
      nSlots += s.nBins[j] + 1;
    }
    s.ctl[NSLOTS] = nSlots;
    const parts = Math.max(1, Math.min(64, Math.ceil(rows / 16384)));
    for (let k = 0; k < parts; k++)
      this.task(8, Math.floor((k * rows) / parts), Math.floor(((k + 1) * rows) / parts), 0);
    this.run(Infinity);
    const t = this.state; // (its outputs are replaced if a worker stalled)
    return {
      nRows: rows,
      nFeatures: cols,
      bins: t.bins,
      slots: t.slots,
      cuts,
      nBins: s.nBins,
      slotOffset: s.slotOffset,
      nSlots,
      minValue: t.minValue,
    };
  }

  private task(type: number, start: number, end: number, a: number): number {
    const o = 8 * this.n;
    const d = this.state.desc;
    d[o] = type;
    d[o + 1] = start;
    d[o + 2] = end;
    d[o + 3] = a;
    return this.n++;
  }

  /** Node histogram `slot` (a view of the current arena: fetch it again after a {@link run}). */
  arenaView(slot: number): Float64Array {
    const L = this.state.histLen;
    return this.state.arena.subarray(slot * L, (slot + 1) * L);
  }

  /**
   * Adds a task: the best split of a small child (arena slot `small`, found when `wantSmall`) and, when
   * `parent` ≥ 0, of its sibling, whose histogram parent − small goes to slot `large`; results in
   * `state.splits[18i..18i + 18)` (small, then large: found and splitKernel's numbers). Returns its index.
   */
  split(
    small: number,
    wantSmall: boolean,
    parent: number,
    large: number,
    cSmall: number,
    cLarge: number,
    gSmall: number,
    hSmall: number,
    gLarge: number,
    hLarge: number,
  ): number {
    const i = this.n;
    const o = 8 * i;
    const d = this.state.desc;
    d[o] = 6;
    d[o + 1] = small;
    d[o + 2] = parent;
    d[o + 3] = large;
    d[o + 4] = wantSmall ? 1 : 0;
    d[o + 5] = cSmall;
    d[o + 6] = cLarge;
    const sums = this.state.sums;
    sums[4 * i] = gSmall;
    sums[4 * i + 1] = hSmall;
    sums[4 * i + 2] = gLarge;
    sums[4 * i + 3] = hLarge;
    return this.n++;
  }

  /**
   * Adds a task: margins of rows[start..end) of row buffer `buf` + value (from margin0 to margin1 when
   * `from0`, else back); returns its index.
   */
  margin(start: number, end: number, value: number, from0: boolean, buf: number): number {
    const o = 8 * this.n;
    const d = this.state.desc;
    d[o] = 3;
    d[o + 1] = start;
    d[o + 2] = end;
    d[o + 3] = from0 ? 0 : 1;
    d[o + 7] = buf;
    this.state.value[2 * this.n] = value;
    return this.n++;
  }

  /**
   * Runs the tasks written since the last run (with the workers when `rows`, the batch's total, is large
   * enough) and returns when all are done.
   */
  run(rows: number): void {
    const n = this.n;
    this.n = 0;
    const s = this.state;
    if (n === 0) return;
    if (!this.parallel || rows < FIT_TUNING.batchMinRows || Atomics.load(s.ctl, FAILED) !== 0) {
      for (let i = 0; i < n; i++) runFitTask(s, i, this.lut);
      return;
    }
    const ctl = s.ctl;
    const done = s.done;
    const seq = (this.seq = (this.seq + 1) & 0x7fff);
    done.fill(0, 0, n);
    Atomics.store(ctl, BATCH, (seq << 16) | n);
    Atomics.store(ctl, CLAIM, seq << 16);
    Atomics.add(ctl, EPOCH, 1);
    if (Atomics.load(ctl, SLEEPERS) !== 0) Atomics.notify(ctl, EPOCH);
    const mine = this.mine;
    mine.fill(0, 0, n);
    for (;;) {
      const w = Atomics.load(ctl, CLAIM);
      const i = w & 0xffff;
      if (i >= n) break;
      if (Atomics.compareExchange(ctl, CLAIM, w, w + 1) !== w) continue;
      mine[i] = 1;
      const t = performance.now();
      runFitTask(s, i, this.lut);
      this.busyMs += performance.now() - t;
    }
    const tw = performance.now();
    for (let i = 0; i < n; i++) {
      if (mine[i] === 1) continue;
      let v = Atomics.load(done, i);
      if (v === 0) {
        // a worker is on it: poll briefly, then sleep
        const t0 = performance.now();
        while ((v = Atomics.load(done, i)) === 0 && performance.now() - t0 < FIT_TUNING.callerSpinMs);
        Atomics.store(ctl, CALLER_ASLEEP, 1);
        while (v === 0 && performance.now() - t0 < FIT_TUNING.stallMs) {
          Atomics.wait(done, i, 0, 100);
          v = Atomics.load(done, i);
        }
        Atomics.store(ctl, CALLER_ASLEEP, 0);
      }
      if (v === 1) continue;
      if (v === 2) {
        // the worker failed on it (and left the fit): the inputs are unchanged, do it here
        stats.error ??= 'a worker failed on a fit task';
        runFitTask(s, i, this.lut);
        continue;
      }
      // stalled: outputs into private buffers from now on, the whole batch recomputed here
      stats.error = `a worker did not finish a fit task within ${FIT_TUNING.stallMs} ms`;
      this.detach();
      for (let j = 0; j < n; j++) runFitTask(s, j, this.lut);
      break;
    }
    this.waitMs += performance.now() - tw;
    stats.batches++;
  }

  /**
   * Private copies of every buffer a worker writes (a late worker finishes at most the task it is on,
   * then finds no batch), so the current batch can be recomputed here; the fit carries on without workers.
   */
  private detach(): void {
    const s = this.state;
    Atomics.store(s.ctl, QUIT, 1);
    Atomics.add(s.ctl, EPOCH, 1);
    Atomics.notify(s.ctl, EPOCH);
    Atomics.store(s.ctl, BATCH, 0x7fff0000); // no claim can match it
    s.rowsA = Int32Array.from(s.rowsA);
    s.rowsB = Int32Array.from(s.rowsB);
    s.outL = Int32Array.from(s.outL);
    s.outR = Int32Array.from(s.outR);
    s.scratch = Float64Array.from(s.scratch);
    s.result = Int32Array.from(s.result);
    s.value = Float64Array.from(s.value);
    s.arena = Float64Array.from(s.arena);
    s.bins = Uint8Array.from(s.bins);
    s.slots = s.slots instanceof Uint16Array ? Uint16Array.from(s.slots) : Uint32Array.from(s.slots);
    s.cutsOut = Float32Array.from(s.cutsOut);
    s.nCuts = Int32Array.from(s.nCuts);
    s.minValue = Float32Array.from(s.minValue);
    s.splits = Float64Array.from(s.splits);
    s.gh = Float64Array.from(s.gh);
    s.margin0 = Float32Array.from(s.margin0);
    s.margin1 = Float32Array.from(s.margin1);
    this.parallel = false;
    stopPool();
  }

  /** Ends the fit: the workers go back to waiting for the next one. */
  close(): void {
    const ctl = this.state.ctl;
    stats.workerTasks += Atomics.load(ctl, WORKER_TASKS);
    stats.workerBusyMs += Atomics.load(ctl, WORKER_BUSY_US) / 1000;
    stats.callerWaitMs += this.waitMs;
    stats.callerBusyMs += this.busyMs;
    if (Atomics.load(ctl, FAILED) !== 0) stopPool();
    Atomics.store(ctl, QUIT, 1);
    Atomics.add(ctl, EPOCH, 1);
    Atomics.notify(ctl, EPOCH);
  }
}
