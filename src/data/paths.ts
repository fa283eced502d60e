import fs from 'node:fs';
import path from 'node:path';

/**
 * The directory holding the raw market data: `explicit` (the CLI's `--data DIR`), else the
 * `QUANTBOOK_DATA` environment variable, else `../shared/data` (relative to `cwd`) when it exists,
 * else `data/`. The path is returned resolved against `cwd`; it need not exist.
 *
 * @param explicit - A directory given by the caller, taking precedence.
 * @param cwd - Directory relative paths are resolved against. Default `process.cwd()`.
 */
export function resolveDataDir(explicit?: string, cwd: string = process.cwd()): string {
  if (explicit) return path.resolve(cwd, explicit);
  const env = process.env.QUANTBOOK_DATA;
  if (env) return path.resolve(cwd, env);
  const shared = path.resolve(cwd, '..', 'shared', 'data');
  if (fs.existsSync(shared)) return shared;
  return path.resolve(cwd, 'data');
}

/** File names of the real datasets in the data directory (see ../shared/data/PROVENANCE.md). */
export const DATA_FILES = {
  /** Daily OHLCV of 505 S&P 500 stocks, 2013-02-08..2018-02-07, column `Name` = ticker. */
  stocks: 'all_stocks_5yr.csv.gz',
  /** SPDR S&P 500 ETF, 2012-01-03..2018-12-31, with `Adj Close`. */
  spy: 'SPY_daily_2012-2018.csv.gz',
  /** S&P 500 index ^GSPC, 2012-01-03..2018-12-31. */
  gspc: 'GSPC_daily_2012-2018.csv.gz',
  /** GICS sector per ticker (Symbol, Name = company, Sector). */
  sectors: 'sp500_sectors_2018.csv',
} as const;
