/**
 * `quantbook predict`: scores a dataset with a registered model and writes the predictions.
 *
 * ```
 *  --model name[@version|@champion|@latest] ──registry (fallback to the previous version when the champion
 *  fails to load, said on stderr and stdout)──▶ model + metadata
 *  --data panel.parquet | dataset dir | CSV ──predictPanel(--date, --fill-missing, market/sectors when the
 *  spec needs them)──▶ predictions ──writeParquet──▶ --out   [──appendPredictionLog──▶ --log]
 * ```
 * Refused rows (> --max-nan NaN features) are listed on stderr; nothing is written when a probability
 * falls outside [0, 1] or no row can be scored.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ColumnTable } from 'arquero';
import type { Command } from 'commander';
import { readDataset } from '../data/dataset.js';
import { importOhlcv } from '../data/import.js';
import { readParquet, writeParquet } from '../data/parquet.js';
import { DATA_FILES, resolveDataDir } from '../data/paths.js';
import { marketSeries, readSectors } from '../data/reference.js';
import { formatDate } from '../data/schema.js';
import { getFeature } from '../features/registry.js';
import { NotFoundError, ParameterError } from '../util/errors.js';
import { parseModelRef } from './names.js';
import { predictPanel, type PredictOptions } from './predict.js';
import { appendPredictionLog } from './prediction-log.js';
import { ModelRegistry } from './store.js';

/** A table from a Parquet file, a partitioned dataset directory, or CSV file(s)/directory. */
function readTable(input: string): ColumnTable {
  if (!fs.existsSync(input)) throw new NotFoundError('predict: no such dataset', { file: input });
  if (fs.statSync(input).isDirectory()) {
    const partitioned = fs.readdirSync(input).some((f) => f.includes('=') || f.endsWith('.parquet'));
    return partitioned ? readDataset(input) : importOhlcv(input);
  }
  return /\.parquet$/i.test(input) ? readParquet(input) : importOhlcv(input);
}

interface PredictCliOptions {
  model: string;
  data?: string;
  date?: string;
  out: string;
  models?: string;
  fillMissing: string;
  maxNan: string;
  market?: string;
  marketSymbol?: string;
  sectors?: string;
  log?: string;
}

const warn = (message: string) => console.error(`quantbook: warning: ${message}`);

/** Adds the `predict` command to the CLI program (`--data` may also be given before the command). */
export function addPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('score a dataset with a registered model (features built with the model’s own spec)')
    .requiredOption('--model <name[@ref]>', 'model name, with @version, @champion (default) or @latest')
    .option('--data <dataset>', 'OHLCV panel (.parquet, dataset dir, CSV) or a feature table')
    .option('--date <YYYY-MM-DD|all>', 'score the rows of this date (default: the last date of the data)')
    .requiredOption(
      '-o, --out <file>',
      'predictions Parquet file (symbol, date, score, class, model, model_version)',
    )
    .option('--models <dir>', 'registry root (default: $QUANTBOOK_MODELS, else models)')
    .option(
      '--fill-missing <mode>',
      'a feature the data lacks: error | zero (filled with 0, with a warning)',
      'error',
    )
    .option('--max-nan <share>', 'refuse rows with more than this share of NaN features', '0.1')
    .option('--market <file>', 'market table for market features (default: data/market.parquet)')
    .option('--market-symbol <symbol>', "market symbol (default: the model's, else SPY)")
    .option('--sectors <csv>', 'sector map for sector strength (default: the raw data folder’s)')
    .option('--log <file>', 'also append the predictions to this prediction log (Parquet)')
    .action((opts: PredictCliOptions) => {
      const t0 = performance.now();
      const dataset = opts.data ?? program.opts<{ data?: string }>().data;
      if (!dataset) throw new ParameterError('predict: --data <dataset> is required');
      if (opts.fillMissing !== 'error' && opts.fillMissing !== 'zero')
        throw new ParameterError(`--fill-missing must be error or zero, got ${opts.fillMissing}`);
      const maxNanShare = Number(opts.maxNan);
      if (!(maxNanShare >= 0 && maxNanShare <= 1))
        throw new ParameterError(`--max-nan must be a share in [0, 1], got ${opts.maxNan}`);

      const ref = parseModelRef(opts.model);
      const registry = new ModelRegistry(opts.models);
      const { loaded, fallback } = registry.loadWithFallback(ref.name, ref.ref);
      if (fallback)
        warn(
          `champion ${ref.name}@${fallback.failed} failed to load (${fallback.reason}); falling back to the previous version ${fallback.used}`,
        );
      const tLoad = performance.now();

      const spec = loaded.metadata.dataset;
      const needsMarket =
        spec.features.some((f) => getFeature(f.name).needsMarket === true) || !!spec.sectorRelativeStrength;
      const options: PredictOptions = {
        fillMissing: opts.fillMissing,
        maxNanShare,
        onWarning: warn,
        ...(opts.date !== undefined ? { date: opts.date } : {}),
      };
      if (needsMarket) {
        const file = opts.market ?? path.join('data', 'market.parquet');
        if (fs.existsSync(file))
          options.market = marketSeries(
            readTable(file),
            opts.marketSymbol ?? loaded.metadata.market?.symbol ?? 'SPY',
            loaded.metadata.market?.column ?? 'close',
          );
        else if (opts.market) throw new NotFoundError('predict: no such market file', { file });
      }
      if (spec.sectorRelativeStrength) {
        const file = opts.sectors ?? path.join(resolveDataDir(), DATA_FILES.sectors);
        if (fs.existsSync(file)) options.sectors = readSectors(file);
      }
      const data = readTable(dataset);
      const tRead = performance.now();
      const result = predictPanel(loaded, data, options);
      const tScore = performance.now();
      for (const r of result.refused.slice(0, 20))
        console.error(
          `  refused ${r.symbol} ${formatDate(r.date)}: ${r.nanFeatures.length} of ${loaded.metadata.features.length} features NaN (${r.nanFeatures.join(', ')})`,
        );
      if (result.refused.length > 20)
        console.error(`  … and ${result.refused.length - 20} more refused rows`);
      const n = result.predictions.numRows();
      if (n === 0)
        throw new ParameterError(
          `predict: no row could be scored (${result.refused.length} refused for NaN features); nothing written`,
        );
      writeParquet(result.predictions, opts.out);
      if (opts.log) appendPredictionLog(opts.log, result);
      const scores = result.predictions.array('score') as Float64Array;
      const classes = result.predictions.array('class') as Float64Array;
      const mean = scores.reduce((s, v) => s + v, 0) / n;
      const ones = classes.reduce((s, v) => s + v, 0);
      const when = Number.isNaN(result.asOf) ? 'all dates' : formatDate(result.asOf);
      const which = fallback
        ? `${loaded.name}@${loaded.version} (fallback: champion ${fallback.failed} failed to load)`
        : `${loaded.name}@${loaded.version}${ref.ref === 'champion' ? ' (champion)' : ''}`;
      console.log(
        `${which} scored ${n} row(s) on ${when} → ${opts.out}: mean score ${mean.toFixed(4)}, ${((100 * ones) / n).toFixed(1)} % class 1` +
          (result.refused.length ? `, ${result.refused.length} refused` : '') +
          (opts.log ? `; appended to ${opts.log}` : ''),
      );
      console.log(
        `time: load model ${(tLoad - t0).toFixed(0)} ms, read data ${(tRead - tLoad).toFixed(0)} ms, features + score ${(tScore - tRead).toFixed(0)} ms`,
      );
    });
}
