/**
 * Fits shared with worker threads (fit-pool.ts): a model does not depend on the number of threads
 * (byte-identical JSON with and without workers), failing or stalled workers fall back to the calling
 * thread, small fits never start the pool, and the workers never keep the process alive. The tuning is
 * shrunk (chunks of hundreds of rows, no minimum fit size) so that small synthetic data exercises
 * every parallel path: chunked histograms, chunked partitions, margin tasks.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { FIT_TUNING, fitPoolStats, setFitThreads } from '../../../src/models/gbdt/fit-pool.js';
import { histogramChunks } from '../../../src/models/gbdt/grow.js';
import { GBDTClassifier, GBDTRegressor } from '../../../src/models/gbdt/index.js';
import { synthetic } from './helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('models/gbdt/fit-pool (worker threads)', () => {
  const defaults = { ...FIT_TUNING };
  const data = synthetic(6000, 6, 5, 0.06);
  const weight = Float64Array.from({ length: data.X.rows }, (_, i) => 0.5 + ((i * 7919) % 13) / 10);
  const fits: [string, () => string][] = [
    ['classifier', () => JSON.stringify(new GBDTClassifier({ nEstimators: 12 }).fit(data.X, data.y))],
    [
      'classifier, subsample + colsampleByTree',
      () =>
        JSON.stringify(
          new GBDTClassifier({ nEstimators: 12, subsample: 0.8, colsampleByTree: 0.7, seed: 3 }).fit(
            data.X,
            data.y,
          ),
        ),
    ],
    [
      'classifier, leaf-wise, minDataInLeaf (histograms with counts)',
      () =>
        JSON.stringify(
          new GBDTClassifier({
            nEstimators: 8,
            growPolicy: 'leafwise',
            maxDepth: 0,
            numLeaves: 40,
            minDataInLeaf: 25,
          }).fit(data.X, data.y),
        ),
    ],
    [
      'regressor, weighted',
      () =>
        JSON.stringify(
          new GBDTRegressor({ nEstimators: 12 }).fit(data.X, data.yReg, { sampleWeight: weight }),
        ),
    ],
    [
      'regressor, pseudo-Huber',
      () =>
        JSON.stringify(
          new GBDTRegressor({ nEstimators: 8, objective: 'reg:pseudohubererror', huberSlope: 0.7 }).fit(
            data.X,
            data.yReg,
          ),
        ),
    ],
  ];
  const shrink = (): void => {
    Object.assign(FIT_TUNING, {
      histChunkRows: 700,
      parallelMinRows: 0,
      batchMinRows: 0,
      partitionChunkRows: 500,
      workerFault: null,
    });
  };
  let reference: string[] = [];

  before(() => {
    shrink();
    setFitThreads(1);
    reference = fits.map(([, fit]) => fit());
  });
  beforeEach(shrink);
  afterEach(() => {
    Object.assign(FIT_TUNING, defaults);
    setFitThreads(undefined);
  });

  it('histogramChunks(len) splits a node into ⌈len / histChunkRows⌉ chunks, whatever the threads', () => {
    expect([1, 700, 701, 1400, 1401].map((n) => histogramChunks(n, 700))).to.deep.equal([1, 1, 2, 2, 3]);
    expect(histogramChunks(0, 700)).to.equal(1);
    // the default: small fits (per-symbol models of ~1,250 rows) keep one chunk per node
    expect(histogramChunks(16384, defaults.histChunkRows)).to.equal(1);
  });

  it('fits byte-identical models with a worker and without (chunked histograms, partitions, margins)', async function () {
    this.timeout(120000);
    setFitThreads(2);
    // the worker starts with the first parallel fit and may join late: fit until it has run tasks
    const before = fitPoolStats().workerTasks;
    for (let k = 0; k < 100 && fitPoolStats().workerTasks === before; k++) {
      fits.forEach(([name, fit], i) => expect(fit(), `${name} (round ${k})`).to.equal(reference[i]));
      await sleep(20);
    }
    const stats = fitPoolStats();
    expect(stats.workerTasks, 'the worker ran some tasks').to.be.greaterThan(before);
    expect(stats.running, String(stats.error)).to.equal(true);
    expect(stats.error).to.equal(null);
    // with two workers
    setFitThreads(3);
    fits.forEach(([name, fit], i) => expect(fit(), `${name}, 3 threads`).to.equal(reference[i]));
    // with room for 5 node histograms in shared memory: the others stay with the calling thread
    FIT_TUNING.arenaSlots = 5;
    setFitThreads(2);
    fits.forEach(([name, fit], i) => expect(fit(), `${name}, 5 shared histograms`).to.equal(reference[i]));
  });

  // a fault at the worker's k-th task of a fit: k = 0 is in the root's batch, later ones in partitions,
  // histograms of deeper levels and margin updates
  for (const atTask of [0, 2, 9, 40]) {
    it(`falls back to the calling thread when a worker throws (at its task ${atTask}), then stays single-threaded`, async function () {
      this.timeout(120000);
      FIT_TUNING.workerFault = { kind: 'throw', atTask };
      setFitThreads(2);
      for (let k = 0; k < 100 && fitPoolStats().error === null; k++) {
        fits.forEach(([name, fit], i) => expect(fit(), `${name} (round ${k})`).to.equal(reference[i]));
        await sleep(20);
      }
      expect(fitPoolStats().error).to.match(/failed on a fit task|fault injected/);
      for (let k = 0; k < 50 && fitPoolStats().running; k++) await sleep(20);
      expect(fitPoolStats().running, 'the pool is off').to.equal(false);
      const parallelFits = fitPoolStats().parallelFits;
      fits.forEach(([name, fit], i) => expect(fit(), name).to.equal(reference[i]));
      expect(fitPoolStats().parallelFits).to.equal(parallelFits);
    });

    it(`recomputes the batch on the calling thread when a worker stalls (at its task ${atTask}), in every kind of fit`, async function () {
      this.timeout(120000);
      FIT_TUNING.stallMs = 50;
      FIT_TUNING.workerFault = { kind: 'sleep', atTask, ms: 300 };
      for (const [i, [name, fit]] of fits.entries()) {
        setFitThreads(2); // a fresh pool: the stall happens in this fit (once the worker has started)
        for (let k = 0; k < 100 && !/did not finish/.test(fitPoolStats().error ?? ''); k++) {
          expect(fit(), `${name} (round ${k})`).to.equal(reference[i]);
          await sleep(20);
        }
        expect(fitPoolStats().error, name).to.match(/did not finish a fit task/);
        expect(fitPoolStats().running).to.equal(false);
      }
      await sleep(400); // the stalled workers wake up and write into buffers nobody reads any more
      fits.forEach(([name, fit], i) => expect(fit(), name).to.equal(reference[i]));
    });
  }

  it('does not start the pool for small fits (default tuning)', () => {
    Object.assign(FIT_TUNING, defaults);
    setFitThreads(2);
    const parallelFits = fitPoolStats().parallelFits;
    new GBDTClassifier({ nEstimators: 5 }).fit(data.X, data.y);
    expect(fitPoolStats()).to.include({ running: false, parallelFits });
  });

  it('does not keep the process alive (workers are unref’ed and idle between fits)', function () {
    this.timeout(120000);
    const script = `
      import { GBDTClassifier } from '${new URL('../../../src/models/gbdt/index.ts', import.meta.url).href}';
      import { fitPoolStats } from '${new URL('../../../src/models/gbdt/fit-pool.ts', import.meta.url).href}';
      const n = 70000, k = 4, data = new Float64Array(n * k), y = new Float64Array(n);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 3;
      for (let i = 0; i < n; i++) y[i] = data[i * k] + data[i * k + 1] > 0 ? 1 : 0;
      const X = { data, rows: n, cols: k, columns: ['a', 'b', 'c', 'd'] };
      new GBDTClassifier({ nEstimators: 10, maxDepth: 4 }).fit(X, y);
      console.log(JSON.stringify(fitPoolStats()));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, QUANTBOOK_FIT_THREADS: '2' },
      timeout: 60000,
    });
    const stats = JSON.parse(out.trim().split('\n').pop()!) as { running: boolean; parallelFits: number };
    expect(stats).to.include({ running: true, parallelFits: 1 });
  });
});
