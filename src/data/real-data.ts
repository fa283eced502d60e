/**
 * Imports the real market data (../shared/data, see its PROVENANCE.md) into the project's `data/`
 * once: the stock panel as one Parquet file and as a symbol-partitioned dataset, and SPY and ^GSPC
 * as a market table. A manifest of the sources' sha256 makes later calls a no-op until a source changes.
 *
 * ```
 *  all_stocks_5yr.csv.gz ──importOhlcv──▶ ohlcv.parquet + ohlcv/symbol=…/part-0.parquet
 *  SPY_…csv.gz, GSPC_…csv.gz ──importOhlcv──▶ market.parquet (symbols SPY, ^GSPC)
 *  sha256 of every source ──▶ manifest.json (written last, atomically)
 * ```
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { NotFoundError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { writeDataset } from './dataset.js';
import { importOhlcv } from './import.js';
import { readParquet, writeParquet } from './parquet.js';
import { DATA_FILES, resolveDataDir } from './paths.js';
import { readSectors } from './reference.js';
import type { ColumnTable } from 'arquero';

/** What {@link importRealData} produced. */
export interface ImportRealDataResult {
  /** True when the outputs were already up to date and nothing was written. */
  upToDate: boolean;
  /** The stock panel, one Parquet file. */
  panelPath: string;
  /** The stock panel, partitioned by symbol. */
  datasetDir: string;
  /** SPY and ^GSPC daily OHLCV (+ adj_close). */
  marketPath: string;
  /** Rows of the stock panel (written or recorded in the manifest). */
  rows: number;
  /** Wall time of this call, ms. */
  elapsedMs: number;
}

interface Manifest {
  quantbook: string;
  sources: Record<string, string>;
  rows: number;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Imports the real datasets from `dataDir` into `outDir` unless the outputs are up to date.
 *
 * @param dataDir - Directory with the files of {@link DATA_FILES} (e.g. from `resolveDataDir()`).
 * @param outDir - Output directory (the project's `data/`).
 * @param options - `force` re-imports; `onProgress(step, total, label)` reports each step.
 * @throws NotFoundError naming the missing source file and the data directory.
 */
export function importRealData(
  dataDir: string,
  outDir: string,
  options: { force?: boolean; onProgress?: (step: number, total: number, label: string) => void } = {},
): ImportRealDataResult {
  const t0 = performance.now();
  const sources = { stocks: DATA_FILES.stocks, spy: DATA_FILES.spy, gspc: DATA_FILES.gspc };
  for (const file of Object.values(sources)) {
    const p = path.join(dataDir, file);
    if (!fs.existsSync(p))
      throw new NotFoundError(`importRealData: ${file} not found in the data directory`, {
        file: dataDir,
        hint: 'Pass --data DIR or set QUANTBOOK_DATA to the folder holding the real data (../shared/data)',
      });
  }
  const panelPath = path.join(outDir, 'ohlcv.parquet');
  const datasetDir = path.join(outDir, 'ohlcv');
  const marketPath = path.join(outDir, 'market.parquet');
  const manifestPath = path.join(outDir, 'manifest.json');
  const hashes = Object.fromEntries(Object.values(sources).map((f) => [f, sha256(path.join(dataDir, f))]));
  if (!options.force && fs.existsSync(manifestPath)) {
    const old = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
    const same =
      old.quantbook === VERSION &&
      Object.entries(hashes).every(([f, h]) => old.sources[f] === h) &&
      [panelPath, datasetDir, marketPath].every((p) => fs.existsSync(p));
    if (same)
      return {
        upToDate: true,
        panelPath,
        datasetDir,
        marketPath,
        rows: old.rows,
        elapsedMs: performance.now() - t0,
      };
  }
  const step = (k: number, label: string) => options.onProgress?.(k, 4, label);
  step(0, `importing ${sources.stocks}`);
  const panel = importOhlcv(path.join(dataDir, sources.stocks));
  step(1, `writing ${path.basename(panelPath)}`);
  writeParquet(panel, panelPath);
  step(2, `writing ${path.basename(datasetDir)}/ (partitioned by symbol)`);
  writeDataset(panel, datasetDir, { partitionBy: ['symbol'] });
  step(3, `importing ${sources.spy} and ${sources.gspc}`);
  const market = importOhlcv([path.join(dataDir, sources.spy), path.join(dataDir, sources.gspc)], {
    symbol: (file) => (path.basename(file).startsWith('GSPC') ? '^GSPC' : 'SPY'),
  });
  writeParquet(market, marketPath);
  const manifest: Manifest = { quantbook: VERSION, sources: hashes, rows: panel.numRows() };
  writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  step(4, 'done');
  return {
    upToDate: false,
    panelPath,
    datasetDir,
    marketPath,
    rows: panel.numRows(),
    elapsedMs: performance.now() - t0,
  };
}

/** What {@link loadRealData} returns: the real panel and market tables, read from Parquet. */
export interface RealData {
  /** The stock panel (symbol, date, open, high, low, close, volume), sorted by (symbol, date). */
  panel: ColumnTable;
  /** SPY and ^GSPC daily OHLCV + adj_close (use `marketSeries(market, 'SPY')`). */
  market: ColumnTable;
  /** GICS sector per ticker from `sp500_sectors_2018.csv`. */
  sectors: Map<string, string>;
  /** The raw-data directory used. */
  dataDir: string;
  /** The Parquet directory used (the project's `data/`). */
  outDir: string;
  /** True when this call imported the CSVs (first run or a changed source), false when Parquet was current. */
  imported: boolean;
}

/**
 * The project root seen from `cwd`: the nearest ancestor (or `cwd` itself) holding a package.json
 * named `quantbook`, else `cwd`. Notebooks run in `notebooks/`, tests and the CLI at the root.
 */
export function findProjectRoot(cwd: string = process.cwd()): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'quantbook') return dir;
      } catch {
        // not JSON: keep walking up
      }
    }
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * The real data as a notebook wants it: imports the CSVs into Parquet once ({@link importRealData},
 * a no-op while the manifest matches), then reads the panel and market tables from Parquet into
 * Arquero and the sectors from CSV.
 *
 * @param options - `dataDir`: raw data (default `resolveDataDir(undefined, projectRoot)`, i.e.
 *   `$QUANTBOOK_DATA` or `../shared/data` beside the repository); `outDir`: Parquet directory
 *   (default `$QUANTBOOK_PARQUET_DIR`, else `<projectRoot>/data` — `quantbook demo --out` sets it for the
 *   notebooks it runs); `cwd`: where to look for the project root (default `process.cwd()`).
 * @throws NotFoundError naming a missing source file and the data directory, with the fix.
 */
export function loadRealData(options: { dataDir?: string; outDir?: string; cwd?: string } = {}): RealData {
  const root = findProjectRoot(options.cwd);
  const dataDir = resolveDataDir(options.dataDir, root);
  const outDir = path.resolve(root, options.outDir ?? process.env.QUANTBOOK_PARQUET_DIR ?? 'data');
  const result = importRealData(dataDir, outDir);
  return {
    panel: readParquet(result.panelPath),
    market: readParquet(result.marketPath),
    sectors: readSectors(path.join(dataDir, DATA_FILES.sectors)),
    dataDir,
    outDir,
    imported: !result.upToDate,
  };
}
