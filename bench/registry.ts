// Registry benchmark (issue 10): prediction latency after the model is loaded — seed 001's targets,
// 500 symbols ≤ 50 ms and one symbol ≤ 10 ms — with the load and feature times beside it for context.
//
//   prepare    untimed: all_stocks_5yr.csv.gz → importOhlcv (505 symbols × 1,259 days); a GBDT at XGBoost's
//              defaults (100 trees, depth 6) and a LogisticRegression fitted on 5 symbols up to 2016 on
//              ten features (returns 1 and 5, RSI, volatility, MACD, volume ratio, Bollinger); both saved to
//              a temporary registry (timed once: saveModel with reference statistics)
//   load       registry.loadModel: metadata checks, sha256 of model.json, JSON → model (median of --reps)
//   features   buildDataset of the model's spec on the whole panel (once), then the rows of its last day
//   score      scoreRows on those rows — 505 symbols, and one — after load: align columns by name, the
//              NaN-share check, predictProba, the [0, 1] check and the predictions table; median and p95 of
//              --reps calls (the target), and the first call
//   end to end predictPanel on one symbol's whole history (features + score), and the `quantbook predict`
//              command on the whole CSV in a child process (wall time), for context
// A missed target prints MISS; the exit code stays 0 unless the benchmark could not run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ColumnTable } from 'arquero';
import { importOhlcv } from '../src/data/import.js';
import { numericColumn, stringColumn } from '../src/data/panel.js';
import { buildDataset, toMatrix, type DatasetSpec } from '../src/features/pipeline.js';
import { GBDTClassifier } from '../src/models/gbdt/index.js';
import { LogisticRegression } from '../src/models/logistic-regression.js';
import { StandardScaler } from '../src/models/preprocessing.js';
import { Pipeline } from '../src/models/pipeline.js';
import { predictPanel, scoreRows } from '../src/registry/predict.js';
import { ModelRegistry, type SavableModel } from '../src/registry/store.js';
import { type Benchmark, collectGarbage, dataDir, fmtMs, markdownTable, median, repoRoot } from './util.js';

const TARGET_500_MS = 50;
const TARGET_1_MS = 10;
const SPEC: DatasetSpec = {
  features: [
    { name: 'returns', params: { period: 1 } },
    { name: 'returns', params: { period: 5 } },
    { name: 'rsi' },
    { name: 'volatility' },
    { name: 'macd' },
    { name: 'volume_ratio' },
    { name: 'bollinger' },
  ],
  labels: [{ name: 'direction', params: { h: 5 } }],
};
const TRAIN_SYMBOLS = new Set(['AAPL', 'MSFT', 'JPM', 'XOM', 'KO']);

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

function rowsWhere(table: ColumnTable, keep: (i: number) => boolean): ColumnTable {
  const rows: number[] = [];
  for (let i = 0; i < table.numRows(); i++) if (keep(i)) rows.push(i);
  return table.reify(rows);
}

export const benchmark: Benchmark = {
  description:
    'predict latency after load: 505 symbols (target ≤ 50 ms) and one symbol (≤ 10 ms), GBDT and LR',
  run(args) {
    const { values } = parseArgs({
      args: [...args],
      options: { reps: { type: 'string', default: '200' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      console.log('usage: npm run bench -- registry [--reps N]');
      return Promise.resolve(true);
    }
    const reps = Number(values.reps);
    if (!(Number.isInteger(reps) && reps >= 1))
      throw new Error(`--reps must be an integer ≥ 1, got ${values.reps}`);
    const csv = path.join(dataDir(), 'all_stocks_5yr.csv.gz');
    if (!fs.existsSync(csv)) {
      console.log(`skipped: ${csv} not found (set QUANTBOOK_DATA)`);
      return Promise.resolve(false);
    }
    const [panel, importMs] = time(() => importOhlcv(csv));
    const symbols = stringColumn(panel, 'symbol');
    const train = buildDataset(
      rowsWhere(panel, (i) => TRAIN_SYMBOLS.has(symbols[i] ?? '')),
      SPEC,
    );
    const date = numericColumn(train.table, 'date');
    const label = numericColumn(train.table, 'direction_5');
    const all = toMatrix(train);
    const keep: number[] = [];
    for (let i = 0; i < all.rows; i++) {
      let ok = date[i] <= Date.UTC(2016, 11, 30) && Number.isFinite(label[i]);
      for (let j = 0; j < all.cols && ok; j++) ok = Number.isFinite(all.data[i * all.cols + j]);
      if (ok) keep.push(i);
    }
    const X = toMatrix(train.table.reify(keep), train.featureNames);
    const y = Float64Array.from(keep, (i) => label[i]);
    const gbdt = new GBDTClassifier({ nEstimators: 100, maxDepth: 6 }).fit(X, y);
    const lr = new Pipeline([new StandardScaler()], new LogisticRegression());
    lr.fit(X, y);
    console.log(
      `panel: real all_stocks_5yr.csv.gz, ${panel.numRows().toLocaleString('en-US')} rows (imported in ${fmtMs(importMs)} ms, untimed); ` +
        `models fitted on ${X.rows.toLocaleString('en-US')} rows × ${X.cols} features of ${[...TRAIN_SYMBOLS].join(', ')}, 2013–2016\n`,
    );

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quantbook-bench-registry-'));
    try {
      const registry = new ModelRegistry(root);
      const [, featuresMs] = time(() => buildDataset(panel, { ...SPEC, labels: [] }));
      const full = buildDataset(panel, { ...SPEC, labels: [] });
      const fd = numericColumn(full.table, 'date');
      let lastDay = -Infinity;
      for (const d of fd) lastDay = Math.max(lastDay, d);
      const day = rowsWhere(full.table, (i) => fd[i] === lastDay);
      const one = rowsWhere(day, (i) => i === 0);
      const aapl = rowsWhere(panel, (i) => symbols[i] === 'AAPL');
      const rows: string[][] = [];
      const ok = (ms: number, target: number) => (ms <= target ? 'ok' : 'MISS');
      for (const [name, model] of [
        ['gbdt', gbdt],
        ['lr', lr],
      ] as [string, SavableModel][]) {
        const [, saveMs] = time(() =>
          registry.saveModel(model, { name, metadata: { dataset: SPEC }, reference: { X } }),
        );
        const loadTimes: number[] = [];
        for (let k = 0; k < Math.min(reps, 20); k++)
          loadTimes.push(time(() => registry.loadModel(name, 'latest'))[1]);
        const loaded = registry.loadModel(name, 'latest');
        const measure = (t: ColumnTable) => {
          const first = time(() => scoreRows(loaded, t))[1];
          const ms: number[] = [];
          collectGarbage();
          for (let k = 0; k < reps; k++) ms.push(time(() => scoreRows(loaded, t))[1]);
          return { first, median: median(ms), p95: p95(ms) };
        };
        const many = measure(day);
        const single = measure(one);
        const e2e: number[] = [];
        for (let k = 0; k < Math.min(reps, 10); k++) e2e.push(time(() => predictPanel(loaded, aapl))[1]);
        rows.push(
          [`${name}: saveModel (+ reference stats)`, fmtMs(saveMs), '', '', ''],
          [`${name}: loadModel`, fmtMs(median(loadTimes)), '', '', ''],
          [
            `${name}: score ${day.numRows()} symbols`,
            fmtMs(many.median),
            `${fmtMs(many.p95)} / ${fmtMs(many.first)}`,
            `≤ ${TARGET_500_MS} ms`,
            ok(many.median, TARGET_500_MS),
          ],
          [
            `${name}: score 1 symbol`,
            fmtMs(single.median),
            `${fmtMs(single.p95)} / ${fmtMs(single.first)}`,
            `≤ ${TARGET_1_MS} ms`,
            ok(single.median, TARGET_1_MS),
          ],
          [
            `${name}: predictPanel, AAPL's ${aapl.numRows()} days (features + score)`,
            fmtMs(median(e2e)),
            '',
            '',
            '',
          ],
        );
      }
      console.log(
        `features for the scored day: buildDataset on the whole panel ${fmtMs(featuresMs)} ms (once; not part of the latency)\n`,
      );
      console.log(markdownTable(['step', 'ms (median)', 'p95 / first call', 'target', ''], rows));
      // The command as a user runs it: process start, model load, CSV import, features, score, write.
      registry.promote('gbdt', '1.0.0');
      const out = path.join(root, 'preds.parquet');
      const cli = [path.join(repoRoot, 'src', 'cli.ts'), 'predict', '--model', 'gbdt', '--data', csv];
      const [r, cliMs] = time(() =>
        spawnSync(process.execPath, ['--import', 'tsx', ...cli, '--models', root, '--out', out], {
          encoding: 'utf8',
        }),
      );
      console.log(
        `\n\`quantbook predict --model gbdt --data all_stocks_5yr.csv.gz\` (tsx, child process): ${fmtMs(cliMs)} ms wall, exit ${r.status}` +
          `\n  ${r.stdout.trim().split('\n').join('\n  ')}`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    return Promise.resolve(true);
  },
};
