/**
 * Shared fixtures of the registry tests: a small slice of the real panel (../shared/data, PROVENANCE.md §1)
 * and a GBDT trained on it, quick enough for every test file to build its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnTable } from 'arquero';
import { importOhlcv } from '../../src/data/import.js';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { buildDataset, toMatrix, type Dataset, type DatasetSpec } from '../../src/features/pipeline.js';
import { GBDTClassifier } from '../../src/models/gbdt/index.js';
import type { Matrix } from '../../src/types.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve(REPO_ROOT, '..', 'shared', 'data');
export const STOCKS_CSV = path.join(DATA_DIR, 'all_stocks_5yr.csv.gz');

/** Ten causal features of issue 3 and the 5-day direction label. */
export const SPEC: DatasetSpec = {
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

export const SYMBOLS = ['AAPL', 'MSFT', 'JPM', 'XOM', 'KO'];

let full: ColumnTable | undefined;

/** The real panel (all 505 symbols), imported once per process. */
export function fullPanel(): ColumnTable {
  return (full ??= importOhlcv(STOCKS_CSV));
}

/** The real panel's rows of `symbols`, sorted by (symbol, date). */
export function realPanel(symbols: readonly string[] = SYMBOLS): ColumnTable {
  const panel = fullPanel();
  const wanted = new Set(symbols);
  const s = stringColumn(panel, 'symbol');
  const rows: number[] = [];
  for (let i = 0; i < s.length; i++) if (wanted.has(s[i] ?? '')) rows.push(i);
  return panel.reify(rows);
}

/** Rows of a dataset with every feature and the label known, dated in [start, end]. */
export function trainingRows(
  ds: Dataset,
  start: number,
  end: number,
): { X: Matrix; y: Float64Array; rows: number[] } {
  const date = numericColumn(ds.table, 'date');
  const label = numericColumn(ds.table, ds.labelNames[0]);
  const all = toMatrix(ds);
  const rows: number[] = [];
  for (let i = 0; i < all.rows; i++) {
    if (date[i] < start || date[i] > end || !Number.isFinite(label[i])) continue;
    let ok = true;
    for (let j = 0; j < all.cols; j++) if (!Number.isFinite(all.data[i * all.cols + j])) ok = false;
    if (ok) rows.push(i);
  }
  const X = toMatrix(ds.table.reify(rows), ds.featureNames);
  return { X, y: Float64Array.from(rows, (i) => label[i]), rows };
}

export const TRAIN_END = Date.UTC(2016, 11, 30);

/** A small GBDT fitted on the symbols' rows up to 2016 (and the dataset and training matrix). */
export function trainGbdt(
  panel: ColumnTable = realPanel(),
  params: { nEstimators?: number; maxDepth?: number; seed?: number } = {},
): { model: GBDTClassifier; dataset: Dataset; X: Matrix; y: Float64Array } {
  const dataset = buildDataset(panel, SPEC);
  const { X, y } = trainingRows(dataset, -Infinity, TRAIN_END);
  const model = new GBDTClassifier({ nEstimators: 20, maxDepth: 3, learningRate: 0.1, ...params }).fit(X, y);
  return { model, dataset, X, y };
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix = 'quantbook-registry-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
