// Per-symbol fleet benchmark (issue 6): one GBDTClassifier per symbol of the real panel, as seed 001 trains them.
//
//   all_stocks_5yr.csv.gz + SPY ──buildDataset (every registered feature, direction label, unlabelled rows
//   dropped)──▶ X (≈616k × 17), y, symbols ──the first --symbols N symbols──▶ fitPerSymbol(() => new
//   GBDTClassifier({ nEstimators: --rounds, seed: 1 }), { minSamples: 100, pooled: false })
//   ──▶ wall time of the fleet, per-model fit time (mean, median, p90, max), the fleet's predictProba over
//       its own rows; --pooled: the pooled model on all the fleet's rows, timed on its own
//   --workers K: the same fleet split over K worker_threads (symbols dealt round-robin, each worker runs
//       fitPerSymbol on its share and returns the models as JSON), wall time including worker start-up,
//       speedup over one thread, and whether the merged JSON is byte-identical to the single-thread fleet.
// Target (issue 6): 500 per-symbol GBDTs (100 rounds on ≈1,250 rows each) ≤ 60 s. A missed target prints
// MISS; the exit code stays 0 unless the benchmark could not run.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { numericColumn, stringColumn } from '../src/data/panel.js';
import { toMatrix } from '../src/features/pipeline.js';
import { GBDTClassifier } from '../src/models/gbdt/index.js';
import { fitPerSymbol, PerSymbolModel, type PerSymbolState } from '../src/models/per-symbol.js';
import type { Matrix, ModelJSON } from '../src/types.js';
import { directionDataset } from './direction-dataset.js';
import { type Benchmark, fmtMs, markdownTable, median } from './util.js';

const TARGET_MS = 60_000;
const WORKER_KIND = 'quantbook-bench-per-symbol';

interface WorkerInput {
  kind: typeof WORKER_KIND;
  data: Float64Array;
  cols: number;
  columns: string[];
  y: Float64Array;
  symbols: string[];
  rounds: number;
  maxBin: number;
  minSamples: number;
}

interface WorkerOutput {
  json: string;
  fitMs: number;
}

const factory = (rounds: number, maxBin: number) => (): GBDTClassifier =>
  new GBDTClassifier({ nEstimators: rounds, maxBin, seed: 1 });

function runWorker(input: WorkerInput): void {
  const t0 = performance.now();
  const X: Matrix = { data: input.data, rows: input.y.length, cols: input.cols, columns: input.columns };
  const fleet = fitPerSymbol({ X, y: input.y, symbols: input.symbols }, factory(input.rounds, input.maxBin), {
    minSamples: input.minSamples,
    pooled: false,
  });
  const out: WorkerOutput = { json: JSON.stringify(fleet.toJSON()), fitMs: performance.now() - t0 };
  parentPort!.postMessage(out);
}

if (!isMainThread && (workerData as Partial<WorkerInput> | null)?.kind === WORKER_KIND)
  runWorker(workerData as WorkerInput);

/**
 * The real panel's dataset as X, y and symbols, restricted to the first `nModels` symbols (codepoint order)
 * with at least `minSamples` labelled rows, so that the fleet has exactly `nModels` models.
 */
function loadData(
  nModels: number,
  minSamples: number,
): { X: Matrix; y: Float64Array; symbols: string[]; buildMs: number; nSymbols: number } {
  const t0 = performance.now();
  const ds = directionDataset();
  const all = toMatrix(ds);
  const yAll = numericColumn(ds.table, ds.labelNames[0]);
  const symAll = stringColumn(ds.table, 'symbol') as string[];
  const counts = new Map<string, number>();
  for (const s of symAll) counts.set(s, (counts.get(s) ?? 0) + 1);
  const chosen = new Set(
    [...counts]
      .filter(([, n]) => n >= minSamples)
      .map(([s]) => s)
      .sort()
      .slice(0, nModels),
  );
  const rows = symAll.flatMap((s, i) => (chosen.has(s) ? [i] : []));
  const data = new Float64Array(rows.length * all.cols);
  rows.forEach((r, k) => data.set(all.data.subarray(r * all.cols, (r + 1) * all.cols), k * all.cols));
  return {
    X: { data, rows: rows.length, cols: all.cols, columns: all.columns },
    y: Float64Array.from(rows, (r) => yAll[r]),
    symbols: rows.map((r) => symAll[r]),
    buildMs: performance.now() - t0,
    nSymbols: counts.size,
  };
}

/** Fits the fleet on `k` worker threads; resolves with the merged fleet's JSON text and the wall time. */
async function fitOnWorkers(
  X: Matrix,
  y: Float64Array,
  symbols: string[],
  k: number,
  rounds: number,
  maxBin: number,
  minSamples: number,
): Promise<{ json: string; wallMs: number; workerMs: number[] }> {
  const t0 = performance.now();
  const names = [...new Set(symbols)].sort();
  const share = new Map(names.map((s, i) => [s, i % k]));
  const url = new URL(import.meta.url).href;
  const outputs = await Promise.all(
    Array.from({ length: k }, (_, w) => {
      const rows = symbols.flatMap((s, i) => (share.get(s) === w ? [i] : []));
      const data = new Float64Array(rows.length * X.cols);
      rows.forEach((r, j) => data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), j * X.cols));
      const input: WorkerInput = {
        kind: WORKER_KIND,
        data,
        cols: X.cols,
        columns: X.columns,
        y: Float64Array.from(rows, (r) => y[r]),
        symbols: rows.map((r) => symbols[r]),
        rounds,
        maxBin,
        minSamples,
      };
      return new Promise<WorkerOutput>((resolve, reject) => {
        // tsx's loader is registered inside the worker before this file is imported in it.
        const worker = new Worker(
          `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`,
          { eval: true, workerData: input, transferList: [data.buffer] },
        );
        worker.once('message', (m) => {
          resolve(m as WorkerOutput);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  // Merge: the models in symbol order, as one fleet's toJSON.
  const parts = outputs.map((o) => JSON.parse(o.json) as ModelJSON<unknown, PerSymbolState>);
  const bySymbol = new Map<string, { rows: number; model: ModelJSON }>();
  for (const p of parts)
    p.state.symbols.forEach((s, j) => bySymbol.set(s, { rows: p.state.rows[j], model: p.state.models[j] }));
  const order = [...bySymbol.keys()].sort();
  const merged: ModelJSON<unknown, PerSymbolState> = {
    ...parts[0],
    state: {
      ...parts[0].state,
      symbols: order,
      rows: order.map((s) => bySymbol.get(s)!.rows),
      models: order.map((s) => bySymbol.get(s)!.model),
      skipped: parts.flatMap((p) => p.state.skipped).sort((a, b) => (a.symbol < b.symbol ? -1 : 1)),
    },
  };
  return {
    json: JSON.stringify(PerSymbolModel.fromJSON(merged).toJSON()),
    wallMs: performance.now() - t0,
    workerMs: outputs.map((o) => o.fitMs),
  };
}

const HELP = `npm run bench -- per-symbol [options]
  --models N        fit the first N symbols (codepoint order) with ≥ minSamples rows (default 500)
  --rounds N        boosting rounds per model (default 100)
  --max-bin N       GBDT maxBin (default 255)
  --min-samples N   minSamples (default 100)
  --pooled          also fit the pooled model on all rows (timed on its own)
  --workers K       also fit the fleet on K worker_threads and compare (default: off)`;

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      models: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '100' },
      'max-bin': { type: 'string', default: '255' },
      'min-samples': { type: 'string', default: '100' },
      pooled: { type: 'boolean', default: false },
      workers: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return true;
  }
  const nModels = Number(values.models);
  const rounds = Number(values.rounds);
  const minSamples = Number(values['min-samples']);
  const maxBin = Number(values['max-bin']);
  const workers = values.workers === undefined ? 0 : Number(values.workers);
  for (const [name, v] of [
    ['models', nModels],
    ['rounds', rounds],
    ['min-samples', minSamples],
    ['max-bin', maxBin],
    ['workers', workers],
  ] as const)
    if (!Number.isInteger(v) || v < (name === 'workers' ? 0 : 1))
      throw new RangeError(`per-symbol: --${name} must be a positive integer, got ${String(v)}`);

  const { X, y, symbols, buildMs, nSymbols } = loadData(nModels, minSamples);
  console.log(
    `data: ${new Set(symbols).size} of the panel's ${nSymbols} symbols, ${X.rows.toLocaleString('en-US')} rows × ${X.cols} features ` +
      `(import + buildDataset ${fmtMs(buildMs)} ms); GBDTClassifier { nEstimators: ${rounds}, maxDepth 6, learningRate 0.3, maxBin ${maxBin} }, minSamples ${minSamples}\n`,
  );
  const cpu0 = process.cpuUsage();

  let lastPrint = performance.now();
  const fleet = fitPerSymbol({ X, y, symbols }, factory(rounds, maxBin), {
    minSamples,
    pooled: false,
    onProgress: (p) => {
      if (performance.now() - lastPrint > 10_000 || p.done === p.total) {
        lastPrint = performance.now();
        console.log(`  ${p.done}/${p.total} models, ${(p.elapsedMs / 1000).toFixed(1)} s`);
      }
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const r = fleet.report;
  const fits = r.fitted.map((f) => f.fitMs).sort((a, b) => a - b);
  const rows = r.fitted.map((f) => f.rows);
  const t0 = performance.now();
  fleet.predictProba(X, symbols);
  const predictMs = performance.now() - t0;
  const perModel = r.totalMs / Math.max(1, r.nFitted);
  console.log(
    '\n' +
      markdownTable(
        ['measure', 'value'],
        [
          ['models fitted', String(r.nFitted)],
          [
            'symbols skipped',
            `${r.nSkipped} (${Object.entries(r.skippedByReason)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')})`,
          ],
          ['rows per model (median, min–max)', `${median(rows)} (${Math.min(...rows)}–${Math.max(...rows)})`],
          ['fleet wall time, ms', fmtMs(r.totalMs)],
          ['wall time per model, ms', fmtMs(perModel)],
          ['CPU time of the fleet (user + system), ms', fmtMs(cpuMs)],
          ['CPU time per model, ms', fmtMs(cpuMs / Math.max(1, r.nFitted))],
          [
            'fit per model: mean / median / p90 / max, ms',
            [
              fits.reduce((a, b) => a + b, 0) / fits.length,
              median(fits),
              fits[Math.floor(0.9 * (fits.length - 1))],
              fits[fits.length - 1],
            ]
              .map(fmtMs)
              .join(' / '),
          ],
          ['fleet predictProba over its rows, ms', fmtMs(predictMs)],
        ],
      ),
  );
  const per500 = (ms: number): number => (ms / Math.max(1, r.nFitted)) * 500;
  const verdict = (ms: number): string =>
    `${fmtMs(per500(ms))} ms → ${per500(ms) <= TARGET_MS ? 'OK' : 'MISS'}`;
  console.log(
    `\n500-model target ≤ ${TARGET_MS / 1000} s${r.nFitted === 500 ? '' : ` (scaled from ${r.nFitted} models)`}: ` +
      `wall ${verdict(r.totalMs)}; CPU time (what an idle core would take) ${verdict(cpuMs)}`,
  );

  if (values.pooled) {
    const p0 = performance.now();
    factory(rounds, maxBin)().fit(X, y);
    console.log(
      `pooled model on all ${X.rows.toLocaleString('en-US')} rows: ${fmtMs(performance.now() - p0)} ms`,
    );
  }

  if (workers > 0) {
    const [load1] = os.loadavg();
    const res = await fitOnWorkers(X, y, symbols, workers, rounds, maxBin, minSamples);
    const identical = res.json === JSON.stringify(fleet.toJSON());
    console.log(
      `\n${workers} worker_threads: ${fmtMs(res.wallMs)} ms wall (start-up and transfers included; per worker ` +
        `${res.workerMs.map(fmtMs).join(', ')} ms) vs ${fmtMs(r.totalMs)} ms on one thread → ` +
        `${(r.totalMs / res.wallMs).toFixed(2)}× on ${os.cpus().length} CPUs (load average ${load1.toFixed(2)} before); ` +
        `models ${identical ? 'byte-identical' : 'DIFFERENT'} to the single-thread fleet`,
    );
    if (!identical) return false;
  }
  return true;
}

export const benchmark: Benchmark = {
  description:
    'fitPerSymbol: 500 per-symbol GBDTs (100 rounds, ≈1,250 rows each) on the real panel; --workers K compares worker_threads',
  run,
};
