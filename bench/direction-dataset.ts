// The dataset the GBDT benchmarks share (bench/gbdt.ts, bench/per-symbol.ts). A file of its own, not
// bench/util.ts: util is loaded by benchmark children whose memory is measured, and this pulls in the
// whole feature pipeline.
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import { importOhlcv } from '../src/data/import.js';
import { marketSeries } from '../src/data/reference.js';
import { buildDataset, type Dataset } from '../src/features/pipeline.js';
import { FEATURES } from '../src/features/registry.js';
import { dataDir } from './util.js';

/**
 * The GBDT benchmarks' dataset (gbdt, per-symbol): the real panel (`all_stocks_5yr.csv.gz`, or the given
 * subset of it) with every registered feature at its defaults, the 5-day direction label, SPY from
 * `SPY_daily_2012-2018.csv.gz` as the market series, and the rows whose label is unknown dropped.
 */
export function directionDataset(panel?: ColumnTable): Dataset {
  const stocks = panel ?? importOhlcv(path.join(dataDir(), 'all_stocks_5yr.csv.gz'));
  const spy = importOhlcv(path.join(dataDir(), 'SPY_daily_2012-2018.csv.gz'), { symbol: 'SPY' });
  return buildDataset(
    stocks,
    {
      features: [...FEATURES.keys()].map((name) => ({ name })),
      labels: [{ name: 'direction' }],
      dropUnlabeled: true,
    },
    { market: marketSeries(spy, 'SPY') },
  );
}
