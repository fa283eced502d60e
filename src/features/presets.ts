/**
 * Feature presets: named, JSON-serializable parts of a {@link DatasetSpec} that notebooks, benchmarks and
 * tests share instead of copying. Add labels to make a spec:
 * `buildDataset(panel, { ...STANDARD_FEATURES, labels: [{ name: 'direction', params: { h: 10 } }] }, { market, sectors })`.
 */
import type { DatasetSpec } from './pipeline.js';

/**
 * Every registered feature at the parameters of the seeds (Wilder RSI/ATR 14, MACD 12/26/9, Bollinger
 * 20/2, SMA 200, volatility 10/30, volume 20 and 5/20, wavelet d1/d4, SPY return/volatility/regime), sector
 * relative strength over 20 days, per-date ranks, z-scores and winsorized returns, and seed 002's three
 * interactions. Needs `{ market, sectors }` at build time (e.g. from `loadRealData()`).
 *
 * Columns (32, in order): ret_1, ret_5, ret_20, ret_60, close_vs_sma_200, volatility_10, volatility_30,
 * atr_14, atr_14_pct, rsi_14, macd_line, macd_signal, macd_hist, bb_pctb_20, bb_width_20,
 * volume_ratio_20, volume_trend_5_20, wavelet_d1, wavelet_d4, market_ret_20, market_vol_norm,
 * market_regime, sector_rs_20, ret_20_rank, volume_ratio_20_rank, ret_60_z, volatility_30_z, ret_1_w,
 * ret_5_w, rsi_14_x_volume_ratio_20, ret_20_x_volatility_30, ret_20_rank_x_market_regime.
 * Largest look-back 271 market days (market_vol_norm: 20 + 252 − 1); NaN during each feature's warm-up.
 */
export const STANDARD_FEATURES: Readonly<Omit<DatasetSpec, 'labels' | 'dropUnlabeled'>> = Object.freeze({
  features: [
    { name: 'returns', params: { period: 1 } },
    { name: 'returns', params: { period: 5 } },
    { name: 'returns', params: { period: 20 } },
    { name: 'returns', params: { period: 60 } },
    { name: 'price_vs_sma', params: { period: 200 } },
    { name: 'volatility', params: { window: 10 } },
    { name: 'volatility', params: { window: 30 } },
    { name: 'atr', params: { period: 14 } },
    { name: 'rsi', params: { period: 14 } },
    { name: 'macd', params: { fast: 12, slow: 26, signal: 9 } },
    { name: 'bollinger', params: { period: 20, k: 2 } },
    { name: 'volume_ratio', params: { period: 20 } },
    { name: 'volume_trend', params: { short: 5, long: 20 } },
    { name: 'wavelet_detail', params: { level: 1 } },
    { name: 'wavelet_detail', params: { level: 4 } },
    { name: 'market_return', params: { period: 20 } },
    { name: 'market_volatility', params: { window: 20, medianWindow: 252 } },
    { name: 'market_regime', params: { smaPeriod: 200, slopePeriod: 20 } },
  ],
  sectorRelativeStrength: { period: 20 },
  crossSectional: [
    { op: 'rank', column: 'ret_20' },
    { op: 'rank', column: 'volume_ratio_20' },
    { op: 'zscore', column: 'ret_60' },
    { op: 'zscore', column: 'volatility_30' },
    { op: 'winsorize', column: 'ret_1', lower: 0.01, upper: 0.99 },
    { op: 'winsorize', column: 'ret_5', lower: 0.01, upper: 0.99 },
  ],
  interactions: [
    { left: 'rsi_14', right: 'volume_ratio_20' },
    { left: 'ret_20', right: 'volatility_30' },
    { left: 'ret_20_rank', right: 'market_regime' },
  ],
});
