// Feature-pipeline benchmark: buildDataset on the real panel (all_stocks_5yr.csv.gz: 619,040 rows, 505
// symbols) with FULL_SPEC below — every feature and label of issue 3, SPY as the market series and the 2018
// GICS sectors — in a child process of its own, so that its peak RSS is the pipeline's alone.
//
//   prepare  child 1, untimed: csv.gz → importOhlcv → ohlcv.parquet; SPY csv.gz → market.parquet (temp dir)
//   read     child 2: ohlcv.parquet → Arquero table; market.parquet → marketSeries('SPY'); readSectors
//   build    child 2: buildDataset(panel, FULL_SPEC, { market, sectors, onProgress }), cold (the first
//            run in the process) then --reps warm runs, each after a full GC and with a fresh copy of the
//            market series (market features memoize their values per series object)
//
// Each feature and label is timed by buildDataset itself (Dataset.timings: summed over the 505 symbols),
// then the per-date stages (date groups, sector strength, cross-sectional transforms) and the assembly.
// Targets (issue 3): build ≤ 10 s, peak RSS ≤ 2 GB. Missed targets print MISS; the exit code stays 0
// unless the benchmark could not run.
//
// The child processes re-enter this file (see the bottom): `node --import tsx bench/features.ts <config json>`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type * as Quantbook from '../src/index.js';
import type { DatasetSpec } from '../src/features/pipeline.js';
import { STANDARD_FEATURES } from '../src/features/presets.js';
import {
  type Benchmark,
  CHILD_BENCH_OPTIONS,
  type ChildReport,
  collectGarbage,
  dataDir,
  fmtBytes,
  fmtKiB,
  fmtMs,
  fmtRate,
  markdownTable,
  maxRssKiB,
  median,
  repoRoot,
} from './util.js';
// The child-process harness shared by the benchmarks that fork (see forkChild).
import { entryModuleUrl, forkChild, isMainModule, printCpuProfile, runChild, withTempDir } from './util.js';

/**
 * The full dataset of issue 3, as a plain spec (JSON-serializable): the library's STANDARD_FEATURES
 * preset (every registered feature at the issue's parameters, sector relative strength, a few
 * cross-sectional transforms and interactions) and every registered label at its defaults. Needs `{ market, sectors }` (SPY and sp500_sectors_2018.csv).
 *
 * Columns (in order): ret_1, ret_5, ret_20, ret_60, close_vs_sma_200, volatility_10, volatility_30,
 * atr_14, atr_14_pct, rsi_14, macd_line, macd_signal, macd_hist, bb_pctb_20, bb_width_20,
 * volume_ratio_20, volume_trend_5_20, wavelet_d1, wavelet_d4, market_ret_20, market_vol_norm,
 * market_regime, sector_rs_20, ret_20_rank, volume_ratio_20_rank, ret_60_z, volatility_30_z, ret_1_w,
 * ret_5_w, rsi_14_x_volume_ratio_20, ret_20_x_volatility_30, ret_20_rank_x_market_regime (32 features);
 * labels fwd_ret_5, fwd_logret_5, excess_ret_5, direction_5, next_ret_1, vol_spike_7, drawdown_14,
 * tb_label, tb_binary, tb_return (10 columns, horizon 14), each label's t1 and the row's t1.
 * maxLookback 271 (market_vol_norm: 20 + 252 − 1 market days).
 */
export const FULL_SPEC: DatasetSpec = {
  ...STANDARD_FEATURES,
  labels: [
    { name: 'forward_return', params: { h: 5, log: false } },
    { name: 'forward_return', params: { h: 5, log: true } },
    { name: 'excess_return', params: { h: 5, log: false } },
    { name: 'direction', params: { h: 5 } },
    { name: 'next_day_return' },
    { name: 'volatility_spike', params: { lookahead: 7, window: 30, threshold: 2 } },
    { name: 'drawdown', params: { h: 14, threshold: -0.1 } },
    { name: 'triple_barrier', params: { h: 10, ptSl: [1, 1], volSpan: 100 } },
  ],
};

const CSV_NAME = 'all_stocks_5yr.csv.gz';
const SPY_NAME = 'SPY_daily_2012-2018.csv.gz';
const SECTORS_NAME = 'sp500_sectors_2018.csv';
const EXPECTED_ROWS = 619_040;
const TARGET_BUILD_MS = 10_000;
const TARGET_RSS_KIB = 2 * 1024 * 1024;

type StageKind = 'stage' | 'feature' | 'label' | 'per date';

interface WorkerConfig {
  mode: 'prepare' | 'build';
  reps: number;
  dataDir: string;
  workDir: string;
  /** URL of the quantbook entry module. */
  moduleUrl: string;
}

interface Run {
  /** buildDataset wall time, ms. */
  totalMs: number;
  /** Dataset.timings of the run. */
  timings: Record<string, number>;
  /** Peak RSS of the process (KiB) when the run ended. */
  rssKiB: number;
}

interface WorkerReport extends ChildReport {
  mode: WorkerConfig['mode'];
  initMs?: number;
  readMs?: number;
  prepareMs?: number;
  rows?: number;
  symbols?: number;
  columns?: number;
  featureNames?: string[];
  labelNames?: string[];
  maxLookback?: number;
  horizon?: number;
  /** Timing keys in the order buildDataset reported them, with what each is. */
  stages?: [string, StageKind][];
  runs: Run[];
  afterReadRssKiB?: number;
}

// ---------------------------------------------------------------------------------------------------
// Child process side

function log(msg: string): void {
  process.stderr.write(`[features] ${msg}\n`);
}

/** The key Dataset.timings uses for a spec entry: its output columns joined by commas. */
function timingKey(
  def: { defaults: object; outputs(p: never): string[] },
  params: Record<string, unknown> | undefined,
): string {
  return def.outputs({ ...def.defaults, ...params } as never).join(',');
}

function stageKinds(qb: typeof Quantbook, spec: DatasetSpec, keys: readonly string[]): [string, StageKind][] {
  const features = new Set(spec.features.map((f) => timingKey(qb.getFeature(f.name), f.params)));
  const labels = new Set((spec.labels ?? []).map((l) => timingKey(qb.getLabel(l.name), l.params)));
  return keys.map((k) => [
    k,
    k === 'load' || k === 'assemble'
      ? 'stage'
      : features.has(k)
        ? 'feature'
        : labels.has(k)
          ? 'label'
          : 'per date',
  ]);
}

async function prepareWorker(cfg: WorkerConfig, report: WorkerReport): Promise<void> {
  const qb = (await import(cfg.moduleUrl)) as typeof Quantbook;
  const t0 = performance.now();
  const panel = qb.importOhlcv(path.join(cfg.dataDir, CSV_NAME));
  qb.writeParquet(panel, path.join(cfg.workDir, 'ohlcv.parquet'), { compression: 'zstd' });
  const market = qb.importOhlcv(path.join(cfg.dataDir, SPY_NAME), { symbol: 'SPY' });
  qb.writeParquet(market, path.join(cfg.workDir, 'market.parquet'), { compression: 'zstd' });
  report.prepareMs = performance.now() - t0;
  report.rows = panel.numRows();
  log(`prepared ${report.rows.toLocaleString('en-US')} rows as Parquet in ${fmtMs(report.prepareMs)} ms`);
}

async function buildWorker(cfg: WorkerConfig, report: WorkerReport): Promise<void> {
  let t0 = performance.now();
  const qb = (await import(cfg.moduleUrl)) as typeof Quantbook;
  report.initMs = performance.now() - t0;
  report.baselineRssKiB = maxRssKiB();

  collectGarbage();
  t0 = performance.now();
  const panel = qb.readParquet(path.join(cfg.workDir, 'ohlcv.parquet'));
  const spy = qb.marketSeries(qb.readParquet(path.join(cfg.workDir, 'market.parquet')), 'SPY');
  const sectors = qb.readSectors(path.join(cfg.dataDir, SECTORS_NAME));
  report.readMs = performance.now() - t0;
  report.rows = panel.numRows();
  report.afterReadRssKiB = maxRssKiB();
  log(`read ${report.rows.toLocaleString('en-US')} rows in ${fmtMs(report.readMs)} ms`);

  for (let rep = 0; rep <= cfg.reps; rep++) {
    // A fresh market object each run: market features memoize per series object (features/market.ts).
    const market = { date: spy.date.slice(), close: spy.close.slice() };
    collectGarbage();
    const onProgress =
      rep === 0 ? (stage: string, ms: number) => log(`cold: ${stage} ${fmtMs(ms)} ms`) : undefined;
    t0 = performance.now();
    let ds: Quantbook.Dataset | undefined = qb.buildDataset(panel, FULL_SPEC, {
      market,
      sectors,
      onProgress,
    });
    const totalMs = performance.now() - t0;
    report.runs.push({ totalMs, timings: { ...ds.timings }, rssKiB: maxRssKiB() });
    log(`build ${rep === 0 ? 'cold' : `warm ${rep}/${cfg.reps}`}: ${fmtMs(totalMs)} ms`);
    if (rep === 0) {
      report.columns = ds.table.numCols();
      report.symbols = new Set(qb.stringColumn(ds.table, 'symbol')).size;
      report.featureNames = ds.featureNames;
      report.labelNames = ds.labelNames;
      report.maxLookback = ds.maxLookback;
      report.horizon = ds.horizon;
      report.stages = stageKinds(qb, FULL_SPEC, Object.keys(ds.timings));
      if (ds.table.numRows() !== EXPECTED_ROWS)
        report.notes.push(`the dataset has ${ds.table.numRows()} rows, expected ${EXPECTED_ROWS}`);
    }
    ds = undefined; // let the next run's GC free it
  }
}

async function workerMain(cfg: WorkerConfig): Promise<void> {
  await runChild<WorkerReport>(
    (base) => ({ mode: cfg.mode, runs: [], ...base }),
    (report) => (cfg.mode === 'prepare' ? prepareWorker : buildWorker)(cfg, report),
  );
}

// ---------------------------------------------------------------------------------------------------
// Parent side

function runWorker(cfg: WorkerConfig, cpuProfDir: string | undefined): Promise<WorkerReport> {
  return forkChild(import.meta.url, cfg, cpuProfDir, (base) => ({ mode: cfg.mode, runs: [], ...base }));
}

const pct = (part: number, whole: number): string =>
  Number.isFinite(part) && whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';

function render(r: WorkerReport, reps: number): void {
  const runs = r.runs;
  const cold = runs[0];
  const warm = runs.slice(1);
  const rows = r.rows ?? 0;
  const warmOf = (pick: (run: Run) => number | undefined): number | undefined => {
    const xs = warm.map(pick).filter((x): x is number => x !== undefined);
    return xs.length === 0 ? undefined : median(xs);
  };
  const stages = r.stages ?? [];
  // 'date groups' is timed inside the first stage that needs it (the stage after it): not added twice.
  const nested = new Set(['date groups']);
  const topLevel = (run: Run): number =>
    Object.entries(run.timings).reduce((s, [k, ms]) => (nested.has(k) ? s : s + ms), 0);

  console.log(
    `dataset: ${rows.toLocaleString('en-US')} rows × ${r.columns ?? '?'} columns (${r.symbols ?? '?'} symbols): ` +
      `${r.featureNames?.length ?? '?'} features, ${r.labelNames?.length ?? '?'} label columns; ` +
      `maxLookback ${r.maxLookback ?? '?'}, horizon ${r.horizon ?? '?'}; ` +
      `${fmtBytes(rows * ((r.columns ?? 1) - 1) * 8)} of Float64 columns`,
  );
  console.log(
    `read (Parquet → table, SPY, sectors; not in the build time): ${fmtMs(r.readMs)} ms; ` +
      `module load ${fmtMs(r.initMs)} ms; warm runs: ${warm.length} (median shown)\n`,
  );

  const stageRows = stages.map(([key, kind]) => {
    const c = cold?.timings[key];
    const w = warmOf((run) => run.timings[key]);
    const label = nested.has(key) ? `  ${key} ¹` : key;
    return [
      label,
      kind,
      fmtMs(c),
      fmtMs(w),
      pct(w ?? NaN, warmOf((run) => run.totalMs) ?? NaN),
      fmtRate(rows, w),
    ];
  });
  const rest = (run: Run): number => run.totalMs - topLevel(run);
  stageRows.push([
    'other (untimed) ²',
    '',
    fmtMs(cold === undefined ? undefined : rest(cold)),
    fmtMs(warmOf(rest)),
    pct(warmOf(rest) ?? NaN, warmOf((run) => run.totalMs) ?? NaN),
    '',
  ]);
  const warmTotal = warmOf((run) => run.totalMs);
  stageRows.push([
    'total buildDataset',
    '',
    fmtMs(cold?.totalMs),
    fmtMs(warmTotal),
    '100 %',
    fmtRate(rows, warmTotal),
  ]);
  console.log(markdownTable(['stage', 'kind', 'cold ms', 'warm ms', 'share', 'rows/s'], stageRows, 'llrrrr'));
  console.log(
    '¹ inside the stage after it (the first to group rows by date); not added to the total twice.\n' +
      '² per-symbol slicing and as-of market alignment, interactions (products), t1, column copies.\n' +
      '  A feature’s or label’s time is summed over the 505 symbols; per-date stages run once on all rows.',
  );

  // The stage that ran the nested date grouping (the one after it), to say so next to its time.
  const at = stages.findIndex(([k]) => nested.has(k));
  const host = at >= 0 ? stages[at + 1]?.[0] : undefined;
  const groupsMs = warmOf((run) => run.timings['date groups']) ?? cold?.timings['date groups'];
  const ranked = stages
    .filter(([k, kind]) => (kind === 'feature' || kind === 'label' || kind === 'per date') && !nested.has(k))
    .map(([k]) => [k, warmOf((run) => run.timings[k]) ?? cold?.timings[k] ?? NaN] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  if (ranked.length > 0)
    console.log(
      `\nslowest stages (warm): ${ranked
        .map(
          ([k, ms]) =>
            `${k} ${fmtMs(ms)} ms (${pct(ms, warmTotal ?? NaN)}${k === host ? `, of which date groups ${fmtMs(groupsMs)} ms` : ''})`,
        )
        .join(', ')}`,
    );
  if (cold !== undefined && r.readMs !== undefined)
    console.log(
      `read + cold build (a notebook's first dataset): ${fmtMs(r.readMs + cold.totalMs)} ms, ` +
        `${fmtRate(rows, r.readMs + cold.totalMs)} rows/s`,
    );

  console.log('\ntargets:');
  const mark = (x: number | undefined, limit: number): string =>
    x === undefined || !Number.isFinite(x) ? '—' : x <= limit ? 'PASS' : 'MISS';
  const line = (label: string, parts: [string, number | undefined, string, number][]): void =>
    console.log(
      `  ${label.padEnd(26)} ${parts.map(([v, x, shown, limit]) => `${v.padEnd(5)} ${shown.padStart(10)} ${mark(x, limit)}`).join('   ')}`,
    );
  line(`build ≤ ${fmtMs(TARGET_BUILD_MS)} ms`, [
    ['cold', cold?.totalMs, `${fmtMs(cold?.totalMs)} ms`, TARGET_BUILD_MS],
    ['warm', warmTotal, `${fmtMs(warmTotal)} ms`, TARGET_BUILD_MS],
  ]);
  line(`peak RSS ≤ ${fmtKiB(TARGET_RSS_KIB)}`, [
    ['cold', cold?.rssKiB, fmtKiB(cold?.rssKiB), TARGET_RSS_KIB],
    ['all', r.peakRssKiB, fmtKiB(r.peakRssKiB), TARGET_RSS_KIB],
  ]);

  console.log('\npeak RSS of the build process (process.resourceUsage().maxRSS):');
  console.log(
    `  ${fmtKiB(r.baselineRssKiB)} after module load, ${fmtKiB(r.afterReadRssKiB)} after the read, ` +
      `${fmtKiB(cold?.rssKiB)} after the cold build, ${fmtKiB(r.peakRssKiB)} after all ${reps + 1} builds`,
  );
  for (const n of r.notes) console.log(`note: ${n}`);
}

function parseOptions(args: readonly string[]) {
  const { values } = parseArgs({
    args: [...args],
    options: {
      reps: { type: 'string', default: '3' },
      'print-spec': { type: 'boolean', default: false },
      ...CHILD_BENCH_OPTIONS,
    },
    strict: true,
  });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 0)
    throw new Error(`--reps must be an integer ≥ 0, got ${values.reps}`);
  const moduleUrl = entryModuleUrl(values.module);
  return { reps, moduleUrl, cpuProf: values['cpu-prof'], printSpec: values['print-spec'], help: values.help };
}

const HELP = `npm run bench -- features [options]
  --reps N           warm builds after the cold one (default 3; 0 = cold only)
  --module PATH      quantbook entry to bench instead of src/index.ts (e.g. dist/index.js after a build)
  --cpu-prof         write a V8 CPU profile of the build process and print its top functions
  --print-spec       print FULL_SPEC as JSON and exit
  data: $QUANTBOOK_DATA/{${CSV_NAME}, ${SPY_NAME}, ${SECTORS_NAME}}, else ../shared/data/… from the repo root`;

async function run(args: readonly string[]): Promise<boolean> {
  const opts = parseOptions(args);
  if (opts.help) {
    console.log(HELP);
    return true;
  }
  if (opts.printSpec) {
    console.log(JSON.stringify(FULL_SPEC, null, 2));
    return true;
  }
  const dir = dataDir();
  for (const f of [CSV_NAME, SPY_NAME, SECTORS_NAME])
    if (!fs.existsSync(path.join(dir, f)))
      throw new Error(`data file not found: ${path.join(dir, f)} (set QUANTBOOK_DATA to its folder)`);
  console.log(
    `data: ${path.join(dir, CSV_NAME)} (${fmtBytes(fs.statSync(path.join(dir, CSV_NAME)).size)}), ` +
      `market SPY (${SPY_NAME}), sectors ${SECTORS_NAME}`,
  );
  console.log(
    `spec: FULL_SPEC (bench/features.ts): ${FULL_SPEC.features.length} features, sector strength, ` +
      `${FULL_SPEC.crossSectional?.length ?? 0} cross-sectional, ${FULL_SPEC.interactions?.length ?? 0} interactions, ` +
      `${FULL_SPEC.labels?.length ?? 0} labels (--print-spec shows it)`,
  );
  console.log(`quantbook module: ${path.relative(repoRoot, fileURLToPath(opts.moduleUrl))}\n`);

  const cpuProfDir = opts.cpuProf ? fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-cpuprof-')) : undefined;
  const report = await withTempDir('quantbook-bench-features-', async (tmp) => {
    const cfg: WorkerConfig = {
      mode: 'prepare',
      reps: opts.reps,
      dataDir: dir,
      workDir: tmp,
      moduleUrl: opts.moduleUrl,
    };
    const prepared = await runWorker(cfg, undefined);
    if (prepared.error !== undefined) {
      console.log(`preparing the Parquet files FAILED:\n${prepared.error}`);
      return undefined;
    }
    return runWorker({ ...cfg, mode: 'build' }, cpuProfDir);
  });
  if (report === undefined) return false;

  render(report, opts.reps);
  console.log(`  load average (1 min) at the end: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
  if (cpuProfDir !== undefined)
    printCpuProfile(cpuProfDir, 'CPU profile', 'whole build process (module load and read included)');
  if (report.error !== undefined) {
    console.log(`\nbuild FAILED (results above are partial):\n${report.error}`);
    return false;
  }
  return true;
}

export const benchmark: Benchmark = {
  description: `${CSV_NAME}: buildDataset with every feature and label of issue 3 (FULL_SPEC), time per stage, peak RSS`,
  run,
};

// No top-level await: test/features/pipeline-real.test.ts imports FULL_SPEC from this file.
if (isMainModule(import.meta.url))
  workerMain(JSON.parse(process.argv[2]) as WorkerConfig).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
