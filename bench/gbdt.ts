// GBDT benchmark: quantbook's GBDTClassifier against XGBoost 1.7 (tree_method='hist', nthread=2, python3 +
// python3-xgboost) on the real panel, each in its own child process so that their peak RSS are separate.
//
//   all_stocks_5yr.csv.gz + SPY ──buildDataset (every registered feature, direction label, unlabelled rows
//   dropped)──▶ X (≈616k × 17) ──split by date: the last 20 % of dates are the test set; train rows whose
//   label ends (t1) on or after the first test date are purged──▶ train / test as raw float64 files
//   ──▶ child 1: node, GBDTClassifier.fit / predictMargin   ──▶ child 2: python, DMatrix + xgb.train / predict
//       (both: 200 rounds, maxDepth 6, learningRate 0.1, lambda 1, minChildWeight 1, the same base_score)
//   ──▶ fit time (binning / DMatrix included), predict time, test AUC (one implementation for both), peak RSS,
//       and XGBoost loading quantbook's toXGBoostJSON() export: max |margin difference| on the test rows.
//   quantbook fits with its fit pool (src/models/gbdt/fit-pool.ts): min(4, cores) threads unless
//   QUANTBOOK_FIT_THREADS says otherwise (the model is the same with any number).
// Targets (issue 5): fit ≤ 2× XGBoost, predict ≤ 1× XGBoost, |ΔAUC| ≤ 0.005, peak RSS ≤ 1.5 GB. Missed
// targets print MISS; the exit code stays 0 unless a side could not run.
//
// `--cache DIR` keeps the prepared matrices and both fitted models in DIR; `--predict-only` then times just
// the predictions on the saved test rows (no data preparation, no fitting): quantbook's model restored with
// gbdtFromJSON vs XGBoost's own model (and quantbook's export) loaded in XGBoost, each `--reps` times,
// wall and CPU time (process-wide, all threads), rows/s, and a bit-identity check of quantbook's margins
// against the ones saved by the fitting run.
//
// The node child re-enters this file: `node --import tsx bench/gbdt.ts <config json>`.
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as aq from 'arquero';
import { importOhlcv } from '../src/data/import.js';
import { numericColumn } from '../src/data/panel.js';
import { toMatrix } from '../src/features/pipeline.js';
import { auc } from '../src/models/gbdt/eval-metrics.js';
import { directionDataset } from './direction-dataset.js';
import { fitPoolStats, fitThreads } from '../src/models/gbdt/fit-pool.js';
import { GBDTClassifier, gbdtFromJSON } from '../src/models/gbdt/index.js';
import {
  type Benchmark,
  dataDir,
  fmtKiB,
  fmtMs,
  fmtRate,
  fmtRatio,
  isMainModule,
  markdownTable,
  maxRssKiB,
  median,
  repoRoot,
} from './util.js';

const PYTHON = '/usr/bin/python3';

interface Config {
  dir: string;
  rows: number;
  testRows: number;
  cols: number;
  columns: string[];
  rounds: number;
  maxDepth: number;
  learningRate: number;
  baseScore: number;
  /** Fits per side (each followed by a prediction); the fastest is reported. */
  reps: number;
  /** Predictions with the last fitted model (the first included); the first and the fastest are reported. */
  predictReps?: number;
  /** Only time predictions with the models saved in `dir` (see --predict-only). */
  predictOnly?: boolean;
}

/** Timings of repeated predictions on the test rows (--predict-only). */
interface PredictReport {
  /** Wall-clock ms of each prediction. */
  wallMs: number[];
  /** CPU ms (user + system, all threads of the process) of each prediction. */
  cpuMs: number[];
  trees: number;
  /** Rows whose margin differs from the one saved by the fitting run (quantbook), −1 when not checked. */
  unequal?: number;
  /** XGBoost: the same timings on quantbook's toXGBoostJSON() export. */
  export?: { wallMs: number[]; cpuMs: number[] };
  version?: string;
  error?: string;
}

interface SideReport {
  fitMs: number;
  /** CPU time (user + system, all threads) of the fit. */
  fitCpuMs: number;
  /** Fastest prediction of the test rows. */
  predictMs: number;
  /** CPU time (all threads) of the fastest prediction. */
  predictCpuMs?: number;
  /** The first prediction after the first fit (cold: one-time set-up and JIT warm-up included). */
  predictFirstMs?: number;
  peakRssKiB: number;
  /** Peak RSS before loading the data. */
  startRssKiB: number;
  /** Trees actually in the model. */
  trees: number;
  /** quantbook: threads a large fit uses (QUANTBOOK_FIT_THREADS) and the fit tasks its workers ran. */
  fitThreads?: number;
  workerTasks?: number;
  error?: string;
}

const readF64 = (file: string): Float64Array => {
  const b = fs.readFileSync(file);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
};
/** Peak RSS of this process image (VmHWM: unlike ru_maxrss it does not inherit the forking parent's peak). */
function peakRssKiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : maxRssKiB();
}
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const writeArray = (file: string, a: Float64Array | Float32Array): void =>
  fs.writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

// ---------------------------------------------------------------------------------------------------
// Node child: quantbook

function quantbookChild(cfg: Config): void {
  const report: SideReport = {
    fitMs: NaN,
    fitCpuMs: NaN,
    predictMs: NaN,
    peakRssKiB: NaN,
    startRssKiB: peakRssKiB(),
    trees: 0,
  };
  try {
    const X = {
      data: readF64(path.join(cfg.dir, 'Xtr.f64')),
      rows: cfg.rows,
      cols: cfg.cols,
      columns: cfg.columns,
    };
    const y = readF64(path.join(cfg.dir, 'ytr.f64'));
    const Xte = {
      data: readF64(path.join(cfg.dir, 'Xte.f64')),
      rows: cfg.testRows,
      cols: cfg.cols,
      columns: cfg.columns,
    };
    const model = new GBDTClassifier({
      nEstimators: cfg.rounds,
      maxDepth: cfg.maxDepth,
      learningRate: cfg.learningRate,
      baseScore: cfg.baseScore,
    });
    let margin = new Float64Array(0);
    const predict = (): void => {
      const c0 = cpuMs();
      const t0 = performance.now();
      margin = model.predictMargin(Xte);
      const ms = performance.now() - t0;
      report.predictFirstMs ??= ms;
      if (!(ms >= report.predictMs)) {
        report.predictMs = ms;
        report.predictCpuMs = cpuMs() - c0;
      }
    };
    for (let rep = 0; rep < cfg.reps; rep++) {
      const c0 = cpuMs();
      const t0 = performance.now();
      model.fit(X, y);
      const fitMs = performance.now() - t0;
      if (!(fitMs >= report.fitMs)) {
        report.fitMs = fitMs;
        report.fitCpuMs = cpuMs() - c0;
      }
      predict();
    }
    for (let rep = 1; rep < (cfg.predictReps ?? 1); rep++) predict();
    report.trees = model.nTrees;
    report.fitThreads = fitThreads();
    report.workerTasks = fitPoolStats().workerTasks;
    writeArray(path.join(cfg.dir, 'qb-margin.f32'), Float32Array.from(margin));
    fs.writeFileSync(path.join(cfg.dir, 'qb-model.json'), model.toXGBoostJSON());
    fs.writeFileSync(path.join(cfg.dir, 'qb-state.json'), JSON.stringify(model.toJSON()));
  } catch (err) {
    report.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  report.peakRssKiB = peakRssKiB();
  process.send!(report, () => process.exit(0));
}

/** --predict-only: quantbook's saved model (toJSON) predicting the saved test rows `cfg.reps` times. */
function quantbookPredictChild(cfg: Config): void {
  const report: PredictReport = { wallMs: [], cpuMs: [], trees: 0 };
  try {
    const model = gbdtFromJSON(JSON.parse(fs.readFileSync(path.join(cfg.dir, 'qb-state.json'), 'utf8')));
    const Xte = {
      data: readF64(path.join(cfg.dir, 'Xte.f64')),
      rows: cfg.testRows,
      cols: cfg.cols,
      columns: cfg.columns,
    };
    let margin = new Float64Array(0);
    for (let rep = 0; rep < cfg.reps; rep++) {
      const c0 = cpuMs();
      const t0 = performance.now();
      margin = model.predictMargin(Xte);
      report.wallMs.push(performance.now() - t0);
      report.cpuMs.push(cpuMs() - c0);
    }
    report.trees = model.nTrees;
    const saved = fs.readFileSync(path.join(cfg.dir, 'qb-margin.f32'));
    const ref = new Float32Array(saved.buffer.slice(saved.byteOffset, saved.byteOffset + saved.byteLength));
    let unequal = 0;
    for (let i = 0; i < ref.length; i++) if (!Object.is(ref[i], margin[i])) unequal++;
    report.unequal = ref.length === margin.length ? unequal : Math.max(ref.length, margin.length);
  } catch (err) {
    report.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  process.send!(report, () => process.exit(0));
}

function runQuantbook(cfg: Config & { predictOnly: true }): Promise<PredictReport>;
function runQuantbook(cfg: Config): Promise<SideReport>;
function runQuantbook(cfg: Config): Promise<SideReport | PredictReport> {
  return new Promise((resolve) => {
    let report: SideReport | PredictReport | undefined;
    const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(cfg)], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => (report = m as SideReport | PredictReport));
    child.on('exit', (code, signal) =>
      resolve(
        report ?? {
          fitMs: NaN,
          fitCpuMs: NaN,
          predictMs: NaN,
          peakRssKiB: NaN,
          startRssKiB: NaN,
          trees: 0,
          error: `child exited (${signal ?? `code ${code}`}) without a report`,
        },
      ),
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Python child: XGBoost

const XGB_SCRIPT = `
import json, re, sys, time
import numpy as np, xgboost as xgb
def hwm():
    return int(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))
cfg = json.loads(sys.argv[1]); d = cfg['dir']
rep = {'startRssKiB': hwm(), 'version': xgb.__version__}
X = np.fromfile(d + '/Xtr.f64', dtype='<f8').reshape(cfg['rows'], cfg['cols'])
y = np.fromfile(d + '/ytr.f64', dtype='<f8')
Xte = np.fromfile(d + '/Xte.f64', dtype='<f8').reshape(cfg['testRows'], cfg['cols'])
params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'nthread': 2, 'max_depth': cfg['maxDepth'],
          'eta': cfg['learningRate'], 'lambda': 1, 'min_child_weight': 1, 'max_bin': 256,
          'base_score': cfg['baseScore'], 'seed': 0}
rep['fitMs'] = rep['predictMs'] = float('inf')
def predict():
    global margin
    t0 = time.perf_counter(); c0 = time.process_time()
    margin = booster.predict(xgb.DMatrix(Xte, nthread=2), output_margin=True)
    ms = (time.perf_counter() - t0) * 1000
    rep.setdefault('predictFirstMs', ms)
    if ms < rep['predictMs']:
        rep['predictMs'] = ms
        rep['predictCpuMs'] = (time.process_time() - c0) * 1000
for _ in range(cfg['reps']):
    t0 = time.perf_counter(); c0 = time.process_time()
    booster = xgb.train(params, xgb.DMatrix(X, y, nthread=2), cfg['rounds'])
    fit_ms = (time.perf_counter() - t0) * 1000
    if fit_ms < rep['fitMs']:
        rep['fitMs'] = fit_ms
        rep['fitCpuMs'] = (time.process_time() - c0) * 1000
    predict()
for _ in range(1, cfg.get('predictReps') or 1):
    predict()
rep['trees'] = len(booster.get_dump())
margin.astype('<f4').tofile(d + '/xgb-margin.f32')
booster.save_model(d + '/xgb-model.json')
rep['peakRssKiB'] = hwm()
# quantbook's export, loaded by XGBoost (outside the timings)
qb = xgb.Booster(model_file=d + '/qb-model.json')
dte = xgb.DMatrix(Xte, nthread=2)
qb.predict(dte, output_margin=True).astype('<f4').tofile(d + '/qb-in-xgb-margin.f32')
qb.predict(dte).astype('<f4').tofile(d + '/qb-in-xgb-proba.f32')
print(json.dumps(rep))
`;

// --predict-only: XGBoost's saved model (and quantbook's export) predicting the saved test rows, the
// DMatrix construction included as in the fitting run.
const XGB_PREDICT_SCRIPT = `
import json, sys, time
import numpy as np, xgboost as xgb
cfg = json.loads(sys.argv[1]); d = cfg['dir']
Xte = np.fromfile(d + '/Xte.f64', dtype='<f8').reshape(cfg['testRows'], cfg['cols'])
def timed(model_file):
    booster = xgb.Booster(model_file=model_file)
    booster.set_param({'nthread': 2})
    wall, cpu = [], []
    for _ in range(cfg['reps']):
        t0 = time.perf_counter(); c0 = time.process_time()
        booster.predict(xgb.DMatrix(Xte, nthread=2), output_margin=True)
        wall.append((time.perf_counter() - t0) * 1000); cpu.append((time.process_time() - c0) * 1000)
    return booster, wall, cpu
booster, wall, cpu = timed(d + '/xgb-model.json')
_, ewall, ecpu = timed(d + '/qb-model.json')
print(json.dumps({'version': xgb.__version__, 'trees': len(booster.get_dump()), 'wallMs': wall, 'cpuMs': cpu,
                  'export': {'wallMs': ewall, 'cpuMs': ecpu}}))
`;

function runXGBoostPredict(cfg: Config): PredictReport {
  try {
    const out = execFileSync(PYTHON, ['-c', XGB_PREDICT_SCRIPT, JSON.stringify(cfg)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop()!) as PredictReport;
  } catch (err) {
    return { wallMs: [], cpuMs: [], trees: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

function runXGBoost(cfg: Config): SideReport & { version?: string } {
  try {
    const out = execFileSync(PYTHON, ['-c', XGB_SCRIPT, JSON.stringify(cfg)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop()!) as SideReport & { version: string };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return {
      fitMs: NaN,
      fitCpuMs: NaN,
      predictMs: NaN,
      peakRssKiB: NaN,
      startRssKiB: NaN,
      trees: 0,
      error: msg,
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// Parent

const HELP = `npm run bench -- gbdt [options]
  --rounds N        boosting rounds (default 200)
  --depth N         maxDepth (default 6)
  --lr X            learningRate (default 0.1)
  --symbols N       use the first N symbols only (default all 505)
  --reps N          fits per library, each followed by a prediction; the fastest is reported (default 1);
                    with --predict-only: predictions per library (default 10)
  --predict-reps N  predictions of the test rows with the last fitted model, the first included; the
                    first (cold) and the fastest are reported (default 5)
  --no-xgboost      quantbook only
  --cache DIR       keep the prepared matrices and both fitted models in DIR (reused by --predict-only)
  --predict-only    time only the predictions of the models saved by an earlier run with --cache
                    (DIR defaults to $TMPDIR/quantbook-bench-gbdt-cache)
  data: $QUANTBOOK_DATA or ../shared/data (all_stocks_5yr.csv.gz, SPY_daily_2012-2018.csv.gz)`;

async function run(args: readonly string[]): Promise<boolean> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rounds: { type: 'string', default: '200' },
      depth: { type: 'string', default: '6' },
      lr: { type: 'string', default: '0.1' },
      symbols: { type: 'string' },
      reps: { type: 'string' },
      'predict-reps': { type: 'string', default: '5' },
      'no-xgboost': { type: 'boolean', default: false },
      cache: { type: 'string' },
      'predict-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return true;
  }
  const rounds = Number(values.rounds);
  const maxDepth = Number(values.depth);
  const learningRate = Number(values.lr);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be an integer ≥ 1, got ${values.rounds}`);
  if (!Number.isInteger(maxDepth) || maxDepth < 1)
    throw new Error(`--depth must be an integer ≥ 1, got ${values.depth}`);
  if (!(learningRate > 0 && learningRate <= 1)) throw new Error(`--lr must be in (0, 1], got ${values.lr}`);
  const predictOnly = values['predict-only'];
  const reps = Number(values.reps ?? (predictOnly ? '10' : '1'));
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps must be an integer ≥ 1, got ${values.reps}`);
  const predictReps = Number(values['predict-reps']);
  if (!Number.isInteger(predictReps) || predictReps < 1)
    throw new Error(`--predict-reps must be an integer ≥ 1, got ${values['predict-reps']}`);
  const cacheDir =
    values.cache !== undefined
      ? path.resolve(values.cache)
      : predictOnly
        ? path.join(os.tmpdir(), 'quantbook-bench-gbdt-cache')
        : undefined;
  if (predictOnly) return runPredictOnly(cacheDir!, reps, values['no-xgboost']);

  // 1. the feature matrix
  const t0 = performance.now();
  let panel = importOhlcv(path.join(dataDir(), 'all_stocks_5yr.csv.gz'));
  if (values.symbols !== undefined) {
    const keep = new Set([...new Set(panel.array('symbol') as string[])].slice(0, Number(values.symbols)));
    panel = panel.filter(aq.escape((d: { symbol: string }) => keep.has(d.symbol))).reify();
  }
  const ds = directionDataset(panel);
  const X = toMatrix(ds);
  const label = ds.labelNames[0];
  const y = numericColumn(ds.table, label);
  const date = numericColumn(ds.table, 'date');
  const t1 = numericColumn(ds.table, 't1');
  const dates = [...new Set(date)].sort((a, b) => a - b);
  const firstTest = dates[Math.floor(dates.length * 0.8)];
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    if (date[i] >= firstTest) test.push(i);
    else if (t1[i] < firstTest) train.push(i);
  }
  const take = (idx: number[]): Float64Array => {
    const out = new Float64Array(idx.length * X.cols);
    idx.forEach((r, k) => out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), k * X.cols));
    return out;
  };
  const ytr = Float64Array.from(train, (r) => y[r]);
  const yte = Float64Array.from(test, (r) => y[r]);
  const baseScore = Math.fround(ytr.reduce((s, v) => s + v, 0) / ytr.length);
  if (cacheDir !== undefined) fs.mkdirSync(cacheDir, { recursive: true });
  const dir = cacheDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-bench-gbdt-'));
  const cleanup = (): void => {
    if (cacheDir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeArray(path.join(dir, 'Xtr.f64'), take(train));
    writeArray(path.join(dir, 'ytr.f64'), ytr);
    writeArray(path.join(dir, 'Xte.f64'), take(test));
    writeArray(path.join(dir, 'yte.f64'), yte);
    const prepMs = performance.now() - t0;
    let missing = 0;
    for (const v of X.data) if (Number.isNaN(v)) missing++;
    console.log(
      `data: ${X.rows.toLocaleString('en-US')} rows × ${X.cols} features (${((100 * missing) / X.data.length).toFixed(1)} % NaN), ` +
        `label ${label}; train ${train.length.toLocaleString('en-US')} rows (dates before ${new Date(firstTest).toISOString().slice(0, 10)}, ` +
        `purged by t1), test ${test.length.toLocaleString('en-US')} rows (last 20 % of ${dates.length} dates); prepared in ${fmtMs(prepMs)} ms`,
    );
    console.log(`features: ${X.columns.join(', ')}`);
    console.log(
      `model: ${rounds} rounds, maxDepth ${maxDepth}, learningRate ${learningRate}, base_score ${baseScore} (train mean); ` +
        `${reps === 1 ? 'one fit per library' : `fastest of ${reps} fits per library`}, ` +
        `predictions: the first after fitting and the fastest of ${reps - 1 + predictReps}\n`,
    );

    const cfg: Config = {
      dir,
      rows: train.length,
      testRows: test.length,
      cols: X.cols,
      columns: X.columns,
      rounds,
      maxDepth,
      learningRate,
      baseScore,
      reps,
      predictReps,
    };
    if (cacheDir !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(cfg));
    const qb = await runQuantbook(cfg);
    if (qb.error !== undefined) console.log(`quantbook FAILED: ${qb.error}`);
    const xg = values['no-xgboost'] || qb.error !== undefined ? undefined : runXGBoost(cfg);
    if (xg?.error !== undefined) console.log(`xgboost FAILED: ${xg.error}`);

    const readF32 = (f: string): Float32Array | undefined => {
      const p = path.join(dir, f);
      if (!fs.existsSync(p)) return undefined;
      const b = fs.readFileSync(p);
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const qm = readF32('qb-margin.f32');
    const xm = readF32('xgb-margin.f32');
    const qAuc = qm ? auc(yte, qm) : NaN;
    const xAuc = xm ? auc(yte, xm) : NaN;
    const fmtAuc = (a: number): string => (Number.isFinite(a) ? a.toFixed(4) : '—');
    const xgOk = xg !== undefined && xg.error === undefined;
    type Measure = 'fitMs' | 'predictMs' | 'predictFirstMs' | 'predictCpuMs' | 'fitCpuMs' | 'peakRssKiB';
    // one row: quantbook's figure, XGBoost's (— when it did not run) and their ratio
    const vs = (label: string, key: Measure, fmt: (v: number | undefined) => string = fmtMs): string[] => [
      label,
      fmt(qb[key]),
      xgOk ? fmt(xg[key]) : '—',
      xgOk ? fmtRatio(qb[key], xg[key]) : '—',
    ];
    const rows = [
      vs('fit (ms, binning / DMatrix included)', 'fitMs'),
      vs(`predict ${test.length.toLocaleString('en-US')} rows, fastest (ms)`, 'predictMs'),
      vs('predict, first call after fit (ms)', 'predictFirstMs'),
      vs('predict CPU time, fastest (ms, all threads)', 'predictCpuMs'),
      [
        'predict rows/s, fastest',
        fmtRate(test.length, qb.predictMs),
        xgOk ? fmtRate(test.length, xg.predictMs) : '—',
        '',
      ],
      [
        'test AUC',
        fmtAuc(qAuc),
        fmtAuc(xAuc),
        Number.isFinite(qAuc - xAuc) ? `Δ ${(qAuc - xAuc).toFixed(4)}` : '—',
      ],
      vs('fit CPU time (ms, all threads)', 'fitCpuMs'),
      vs('peak RSS (VmHWM)', 'peakRssKiB', fmtKiB),
      ['trees', String(qb.trees), xgOk ? String(xg.trees) : '—', ''],
    ];
    console.log(
      markdownTable(['', 'quantbook', `xgboost ${xg?.version ?? ''} (2 threads)`.trim(), 'qb / xgb'], rows),
    );
    if (cacheDir !== undefined)
      console.log(`\ndata and models kept in ${dir} (time predictions alone: --predict-only --cache ${dir})`);

    const verdict = (ok: boolean | undefined): string => (ok === undefined ? '—' : ok ? 'PASS' : 'MISS');
    console.log('\ntargets:');
    console.log(`  fit ≤ 2× XGBoost          ${verdict(xgOk ? qb.fitMs <= 2 * xg.fitMs : undefined)}`);
    console.log(
      `  predict ≤ 1× XGBoost      ${verdict(xgOk ? qb.predictMs <= xg.predictMs : undefined)} (fastest of ${reps - 1 + predictReps} each)`,
    );
    console.log(`  |ΔAUC| ≤ 0.005            ${verdict(xgOk ? Math.abs(qAuc - xAuc) <= 0.005 : undefined)}`);
    console.log(
      `  peak RSS ≤ 1.5 GB         ${verdict(Number.isFinite(qb.peakRssKiB) ? qb.peakRssKiB <= 1.5 * 1024 * 1024 : undefined)}`,
    );

    const qx = readF32('qb-in-xgb-margin.f32');
    const qxp = readF32('qb-in-xgb-proba.f32');
    if (qm && qx && qxp) {
      let dm = 0;
      let dp = 0;
      let unequal = 0;
      for (let i = 0; i < qm.length; i++) {
        dm = Math.max(dm, Math.abs(qm[i] - qx[i]));
        dp = Math.max(dp, Math.abs(1 / (1 + Math.exp(-qm[i])) - qxp[i]));
        if (qm[i] !== qx[i]) unequal++;
      }
      console.log(
        `\nexport check: XGBoost loading quantbook's toXGBoostJSON() on the ${qm.length.toLocaleString('en-US')} test rows: ` +
          `max |Δmargin| ${dm.toExponential(2)} (${unequal} rows not bit-identical), max |Δprobability| ${dp.toExponential(2)} ` +
          `${verdict(dm <= 1e-6 && dp <= 1e-6)}`,
      );
    }
    console.log(
      `\nnotes: wall-clock times on ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)} at the end; ` +
        `quantbook fits on ${qb.fitThreads ?? '?'} thread(s) (QUANTBOOK_FIT_THREADS; its workers ran ${qb.workerTasks ?? 0} tasks). RSS at start: quantbook ${fmtKiB(qb.startRssKiB)}, xgboost ${xgOk ? fmtKiB(xg.startRssKiB) : '—'}.`,
    );
    return qb.error === undefined && (xg === undefined || xg.error === undefined);
  } finally {
    cleanup();
  }
}

/** --predict-only: both sides predicting the saved test rows with the saved models, `reps` times each. */
async function runPredictOnly(dir: string, reps: number, noXGBoost: boolean): Promise<boolean> {
  const cfgFile = path.join(dir, 'config.json');
  if (!fs.existsSync(cfgFile) || !fs.existsSync(path.join(dir, 'qb-state.json')))
    throw new Error(`--predict-only: no saved models in ${dir}; run once with --cache ${dir} first`);
  const cfg: Config = {
    ...(JSON.parse(fs.readFileSync(cfgFile, 'utf8')) as Config),
    dir,
    reps,
    predictOnly: true,
  };
  const load0 = os.loadavg();
  console.log(
    `predict only: ${cfg.testRows.toLocaleString('en-US')} test rows × ${cfg.cols} features from ${dir}; ` +
      `model ${cfg.rounds} rounds, maxDepth ${cfg.maxDepth}; ${reps} predictions per side; ` +
      `load average ${load0.map((l) => l.toFixed(2)).join(' ')} at the start`,
  );
  const qb = await runQuantbook({ ...cfg, predictOnly: true });
  if (qb.error !== undefined) console.log(`quantbook FAILED: ${qb.error}`);
  const xg = noXGBoost || qb.error !== undefined ? undefined : runXGBoostPredict(cfg);
  if (xg?.error !== undefined) console.log(`xgboost FAILED: ${xg.error}`);
  const xgOk = xg !== undefined && xg.error === undefined;
  const min = (xs: readonly number[]): number => (xs.length === 0 ? NaN : Math.min(...xs));
  const n = cfg.testRows;
  const side = (r: { wallMs: number[]; cpuMs: number[] } | undefined): string[] => {
    if (r === undefined || r.wallMs.length === 0) return ['—', '—', '—', '—', '—'];
    const best = r.wallMs.indexOf(min(r.wallMs));
    return [
      fmtMs(min(r.wallMs)),
      fmtMs(median(r.wallMs)),
      fmtMs(r.cpuMs[best]),
      fmtMs(median(r.cpuMs)),
      `${fmtRate(n, min(r.wallMs))}`,
    ];
  };
  const labels = [
    'predict, fastest (ms)',
    'predict, median (ms)',
    'CPU time of the fastest (ms, all threads)',
    'CPU time, median (ms)',
    'rows/s (fastest)',
  ];
  const q = side(qb.error === undefined ? qb : undefined);
  const x = side(xgOk ? xg : undefined);
  const e = side(xgOk ? xg.export : undefined);
  const ratio = (a: number[] | undefined, b: number[] | undefined, f: (v: number[]) => number): string =>
    a && b && a.length > 0 && b.length > 0 ? fmtRatio(f(a), f(b)) : '—';
  const ratios = [
    ratio(qb.wallMs, xg?.wallMs, min),
    ratio(qb.wallMs, xg?.wallMs, median),
    '',
    ratio(qb.cpuMs, xg?.cpuMs, median),
    '',
  ];
  console.log(
    '\n' +
      markdownTable(
        [
          '',
          'quantbook',
          `xgboost ${xg?.version ?? ''} own model (2 threads)`.replace('  ', ' '),
          'qb / xgb',
          'xgboost on qb export',
        ],
        labels.map((l, i) => [l, q[i], x[i], ratios[i], e[i]]),
      ),
  );
  if (qb.unequal !== undefined)
    console.log(
      `\nbit identity: quantbook's margins vs the ones saved by the fitting run: ` +
        `${qb.unequal === 0 ? 'all identical' : `${qb.unequal} rows differ`} (${n.toLocaleString('en-US')} rows)`,
    );
  console.log(
    `\ntarget: predict ≤ 1× XGBoost (fastest of ${reps})  ` +
      `${xgOk && qb.error === undefined ? (min(qb.wallMs) <= min(xg.wallMs) ? 'PASS' : 'MISS') : '—'}`,
  );
  console.log(
    `notes: ${os.cpus().length} CPUs; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end; XGBoost's times include building the DMatrix (as in the fitting run).`,
  );
  return qb.error === undefined && (xg === undefined || xg.error === undefined) && qb.unequal === 0;
}

export const benchmark: Benchmark = {
  description: 'GBDTClassifier on the real panel (200 rounds, depth 6) vs XGBoost 1.7 hist with 2 threads',
  run,
};

if (isMainModule(import.meta.url)) {
  const cfg = JSON.parse(process.argv[2]) as Config;
  if (cfg.predictOnly === true) quantbookPredictChild(cfg);
  else quantbookChild(cfg);
}
