/**
 * Market context features, computed on the market series' own calendar (SPY from ../shared/data, or
 * an equal-weight index built from the panel by {@link equalWeightIndex}) and attached to each
 * symbol's rows point-in-time (the market value at or before the row's date — never later).
 *
 * ```
 *  market (date, close) ──market_return / market_vol_norm / market_regime──▶ values on market dates
 *                        ──alignAsOf(symbol dates)──▶ per-row features
 * ```
 */
import { SchemaError } from '../util/errors.js';
import { checkPeriod, pctChange, rollingMean, rollingMedian, rollingStd } from './rolling.js';
import type { FeatureContext, FeatureDefinition, MarketSeries, SymbolSeries } from './types.js';

/**
 * For each target date, the value at the latest source date ≤ it (NaN when none) — the as-of
 * alignment of a market-calendar series onto a symbol's dates.
 *
 * @param sourceDates - Strictly increasing epoch-ms, `(nSource,)`.
 * @param values - `(nSource,)`.
 * @param targetDates - Non-decreasing epoch-ms, `(nTarget,)` (a symbol's dates; unsorted targets give wrong values).
 * @returns `(nTarget,)`.
 */
export function alignAsOf(
  sourceDates: Float64Array,
  values: Float64Array,
  targetDates: Float64Array,
): Float64Array {
  const out = new Float64Array(targetDates.length).fill(NaN);
  let j = -1;
  for (let i = 0; i < targetDates.length; i++) {
    const t = targetDates[i];
    if (Number.isNaN(t)) continue;
    while (j + 1 < sourceDates.length && sourceDates[j + 1] <= t) j++;
    if (j >= 0) out[i] = values[j];
  }
  return out;
}

const memo = new WeakMap<MarketSeries, Map<string, Float64Array>>();

/**
 * A market series is treated as immutable: its derived values are memoized per series object.
 * `compute(market)` once per market series and key (the market is the same for every symbol of a
 * dataset), then the result as of each of the symbol's dates.
 */
function onMarket(
  market: MarketSeries,
  key: string,
  compute: (m: MarketSeries) => Float64Array,
  dates: Float64Array,
): Float64Array {
  let cache = memo.get(market);
  if (!cache) memo.set(market, (cache = new Map<string, Float64Array>()));
  let values = cache.get(key);
  if (!values) cache.set(key, (values = compute(market)));
  return alignAsOf(market.date, values, dates);
}

function requireMarket(ctx: FeatureContext, feature: string): MarketSeries {
  if (!ctx.market)
    throw new SchemaError(`${feature}: needs a market series, none was given`, {
      hint: 'Pass { market } to buildDataset (SPY from the data directory, or equalWeightIndex(panel))',
    });
  return ctx.market;
}

/** Market simple return over `period` market days. */
export interface MarketReturnParams {
  period: number;
}

/** `market_ret_<period>`: the market's `period`-day simple return (fraction), as of each row's date. Lookback `period`. */
export const marketReturnFeature: FeatureDefinition<MarketReturnParams> = {
  name: 'market_return',
  description: "the market series' simple return over `period` market days",
  defaults: { period: 20 },
  needsMarket: true,
  validate: (p) => void checkPeriod('market_return', 'period', p.period),
  outputs: (p) => [`market_ret_${p.period}`],
  lookback: (p) => p.period,
  compute: (s: SymbolSeries, p, ctx) => {
    const m = requireMarket(ctx, 'market_return');
    return [onMarket(m, `ret:${p.period}`, (x) => pctChange(x.close, p.period), s.date)];
  },
};

/**
 * Market volatility normalized by its own trailing median: σ_t / median(σ_{t−m+1..t}), σ = sample std
 * of the market's daily simple returns over `window` days. 1 = a typical level for the past year.
 */
export interface MarketVolatilityParams {
  /** Volatility window, market days. Default 20. */
  window: number;
  /** Median window, market days. Default 252 (one year). */
  medianWindow: number;
}

/** Market volatility normalized by its 1-year median. */
export function normalizedVolatility(
  close: Float64Array,
  window: number,
  medianWindow: number,
): Float64Array {
  const vol = rollingStd(pctChange(close, 1), window, 1);
  const med = rollingMedian(vol, medianWindow);
  return vol.map((v, t) => v / med[t]);
}

/** `market_vol_norm`: market volatility over its 1-year median. Lookback window + medianWindow − 1. */
export const marketVolatilityFeature: FeatureDefinition<MarketVolatilityParams> = {
  name: 'market_volatility',
  description:
    'market volatility (std of daily returns over `window`) divided by its trailing `medianWindow`-day median',
  defaults: { window: 20, medianWindow: 252 },
  needsMarket: true,
  validate: (p) => {
    checkPeriod('market_volatility', 'window', p.window, 2);
    checkPeriod('market_volatility', 'medianWindow', p.medianWindow);
  },
  outputs: () => ['market_vol_norm'],
  lookback: (p) => p.window + p.medianWindow - 1,
  compute: (s, p, ctx) => {
    const m = requireMarket(ctx, 'market_volatility');
    return [
      onMarket(
        m,
        `vol:${p.window}:${p.medianWindow}`,
        (x) => normalizedVolatility(x.close, p.window, p.medianWindow),
        s.date,
      ),
    ];
  },
};

/** Parameters of the market regime rule. */
export interface MarketRegimeParams {
  /** Trend SMA length, market days. Default 200. */
  smaPeriod: number;
  /** Slope horizon: the SMA's change over this many days. Default 20. */
  slopePeriod: number;
}

/**
 * Market regime per day: **2 = bull** when close > SMA(smaPeriod) and the SMA rose over the last
 * `slopePeriod` days (SMA_t > SMA_{t−slopePeriod}); **0 = bear** when close < SMA and the SMA fell;
 * **1 = sideways** otherwise (price and trend disagree, or either is flat). NaN during warm-up.
 *
 * @param close - Market closes, `(nObs,)`.
 * @returns `(nObs,)` with values 0, 1, 2 or NaN; lookback smaPeriod − 1 + slopePeriod.
 * @see Faber (2007) "A Quantitative Approach to Tactical Asset Allocation" (price vs 10-month SMA).
 */
export function marketRegime(close: Float64Array, smaPeriod = 200, slopePeriod = 20): Float64Array {
  checkPeriod('marketRegime', 'smaPeriod', smaPeriod);
  checkPeriod('marketRegime', 'slopePeriod', slopePeriod);
  const sma = rollingMean(close, smaPeriod);
  const out = new Float64Array(close.length).fill(NaN);
  for (let t = slopePeriod; t < close.length; t++) {
    const slope = sma[t] - sma[t - slopePeriod];
    const c = close[t];
    if (Number.isNaN(slope) || Number.isNaN(c)) continue;
    out[t] = c > sma[t] && slope > 0 ? 2 : c < sma[t] && slope < 0 ? 0 : 1;
  }
  return out;
}

/** `market_regime`: 0 bear, 1 sideways, 2 bull (see {@link marketRegime}). */
export const marketRegimeFeature: FeatureDefinition<MarketRegimeParams> = {
  name: 'market_regime',
  description: 'market regime 0 = bear / 1 = sideways / 2 = bull from close vs its SMA and the SMA slope',
  defaults: { smaPeriod: 200, slopePeriod: 20 },
  needsMarket: true,
  validate: (p) => {
    checkPeriod('market_regime', 'smaPeriod', p.smaPeriod);
    checkPeriod('market_regime', 'slopePeriod', p.slopePeriod);
  },
  outputs: () => ['market_regime'],
  lookback: (p) => p.smaPeriod - 1 + p.slopePeriod,
  compute: (s, p, ctx) => {
    const m = requireMarket(ctx, 'market_regime');
    return [
      onMarket(
        m,
        `regime:${p.smaPeriod}:${p.slopePeriod}`,
        (x) => marketRegime(x.close, p.smaPeriod, p.slopePeriod),
        s.date,
      ),
    ];
  },
};

/**
 * An equal-weight index built from a panel: on each date, the mean of the daily simple returns of
 * the symbols that have a return that day (both closes present), compounded from 1.
 *
 * @param symbols - Symbol per row of a panel sorted by (symbol, date), `(nRows,)`.
 * @param dates - Epoch-ms per row, `(nRows,)`.
 * @param close - Close per row, `(nRows,)`.
 * @returns The index on the panel's calendar (every date present), starting at 1 on the first date.
 */
export function equalWeightIndex(
  symbols: ArrayLike<string | null>,
  dates: Float64Array,
  close: Float64Array,
): MarketSeries {
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  for (let i = 1; i < dates.length; i++) {
    if (symbols[i] !== symbols[i - 1]) continue;
    const r = close[i] / close[i - 1] - 1;
    if (!Number.isFinite(r)) continue;
    sum.set(dates[i], (sum.get(dates[i]) ?? 0) + r);
    count.set(dates[i], (count.get(dates[i]) ?? 0) + 1);
  }
  const calendar = Float64Array.from(new Set(dates)).filter(Number.isFinite).sort();
  const level = new Float64Array(calendar.length);
  let v = 1;
  calendar.forEach((d, k) => {
    const c = count.get(d);
    if (k > 0 && c) v *= 1 + sum.get(d)! / c;
    level[k] = v;
  });
  return { date: calendar, close: level };
}
