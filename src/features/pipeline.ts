/**
 * From a panel and a declarative spec to a dataset: (symbol, date, features…, labels…, t1).
 *
 * ```
 *  panel (sorted, unique) ──assertPanel──▶ per symbol: SymbolSeries views (no copies)
 *     ├─ features: causal, per symbol (market ones read the market series as of each date)
 *     ├─ labels:   forward, per symbol, each with its t1
 *  ──▶ sector relative strength (per date, by sector) ──▶ cross-sectional transforms (per date)
 *  ──▶ interactions ──▶ t1 = latest label end ──▶ [drop unlabelled rows] ──▶ Arquero table + metadata
 * ```
 * Features look back (`lookback`), labels look forward (`horizon`, `t1`); the two never mix here:
 * a feature at row t is computed from the symbol's rows ≤ t only, a label from rows in (t, t1].
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { numericColumn, assertPanel, stringColumn, symbolRanges } from '../data/panel.js';
import type { Matrix } from '../types.js';
import { ParameterError, SchemaError } from '../util/errors.js';
import {
  crossSectionalRank,
  crossSectionalWinsorize,
  crossSectionalZScore,
  dateGroups,
  sectorRelativeStrength,
  type DateGroups,
} from './cross-section.js';
import { alignAsOf } from './market.js';
import { getFeature, getLabel } from './registry.js';
import { checkPeriod, pctChange } from './rolling.js';
import type { FeatureContext, MarketSeries, SymbolSeries } from './types.js';

/** A feature in a spec: a registry name and parameters (defaults fill the rest). */
export interface FeatureSpec {
  name: string;
  params?: Record<string, unknown>;
}

/** A label in a spec. */
export interface LabelSpec {
  name: string;
  params?: Record<string, unknown>;
}

/** A per-date transform of a column already in the dataset. */
export interface CrossSectionalSpec {
  op: 'rank' | 'zscore' | 'winsorize';
  column: string;
  /** Output name. Default `<column>_rank`, `<column>_z` or `<column>_w`. */
  as?: string;
  /** Winsorize quantiles. Defaults 0.01 and 0.99. */
  lower?: number;
  upper?: number;
}

/** The product of two columns already in the dataset (seed 002's interaction features). */
export interface InteractionSpec {
  left: string;
  right: string;
  /** Output name. Default `<left>_x_<right>`. */
  as?: string;
}

/** A declarative dataset spec: plain typed objects, serializable as JSON. */
export interface DatasetSpec {
  features: FeatureSpec[];
  labels?: LabelSpec[];
  /** Sector's mean `period`-day return minus the market's (needs `sectors` and `market`). Output `sector_rs_<period>`. */
  sectorRelativeStrength?: { period?: number };
  crossSectional?: CrossSectionalSpec[];
  interactions?: InteractionSpec[];
  /** Drop rows whose labels are not known yet (NaN). Default false: they stay, with NaN labels and t1. */
  dropUnlabeled?: boolean;
}

/** Inputs besides the panel. */
export interface BuildOptions {
  /** The market series (e.g. `marketSeries(readParquet('data/market.parquet'), 'SPY')`, or `equalWeightIndex`). */
  market?: MarketSeries;
  /** symbol → sector (e.g. `readSectors('../shared/data/sp500_sectors_2018.csv')`). */
  sectors?: ReadonlyMap<string, string>;
  /** Called after each stage with the stage name and its wall time, ms. */
  onProgress?: (stage: string, ms: number) => void;
}

/** A built dataset and what it is made of. */
export interface Dataset {
  /** (symbol, date, features…, labels…, t1_<label>…, t1), sorted by (symbol, date). */
  table: ColumnTable;
  /** Feature columns, in order (the model inputs). */
  featureNames: string[];
  /** Label columns, in order. */
  labelNames: string[];
  /** The column holding each label's own end date (`t1_<first output of the label>`), by label column. */
  labelEnds: Record<string, string>;
  /** The largest feature lookback, rows. */
  maxLookback: number;
  /** The largest label horizon, rows (trading days): the minimum purge/embargo for splitters. */
  horizon: number;
  /** Wall time of each feature, label and stage, ms. */
  timings: Record<string, number>;
  spec: DatasetSpec;
}

function withDefaults(
  kind: string,
  name: string,
  defaults: object,
  params: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(params ?? {})) {
    if (!Object.hasOwn(defaults, k))
      throw new ParameterError(
        `${kind} ${name}: unknown parameter ${JSON.stringify(k)}; it takes ${Object.keys(defaults).join(', ') || 'none'}`,
      );
    merged[k] = v;
  }
  return merged;
}

function addColumn(columns: Map<string, Float64Array>, name: string, values: Float64Array): void {
  if (columns.has(name) || name === 'symbol' || name === 'date' || name === 't1')
    throw new ParameterError(
      `buildDataset: column ${JSON.stringify(name)} is produced twice; rename one with \`as\``,
    );
  columns.set(name, values);
}

function requireColumn(columns: Map<string, Float64Array>, name: string, what: string): Float64Array {
  const c = columns.get(name);
  if (!c)
    throw new SchemaError(
      `${what}: no column ${JSON.stringify(name)}; the dataset has ${[...columns.keys()].join(', ')}`,
    );
  return c;
}

/**
 * Builds a dataset from a panel and a spec.
 *
 * @param panel - OHLCV panel sorted by (symbol, date) with unique keys, `(nRows, ≥ 7)`.
 * @param spec - {@link DatasetSpec}.
 * @param options - {@link BuildOptions}: `market`, `sectors`, `onProgress`.
 * @returns {@link Dataset}; every feature/label column is `(nRows,)` Float64, NaN where unknown.
 * @throws SchemaError from the data layer for an unsorted panel or duplicate (symbol, date); naming
 *   the features that need a market series when none is given; for sector strength without sectors.
 * @throws ParameterError listing the known names for an unknown feature or label, or echoing a bad parameter.
 * @example
 * const ds = buildDataset(panel, { features: [{ name: 'rsi' }], labels: [{ name: 'forward_return', params: { h: 10 } }] });
 * ds.featureNames; // ['rsi_14']
 */
export function buildDataset(panel: ColumnTable, spec: DatasetSpec, options: BuildOptions = {}): Dataset {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, fn: () => T, report = true): T => {
    const t0 = performance.now();
    const out = fn();
    const ms = performance.now() - t0;
    timings[stage] = (timings[stage] ?? 0) + ms;
    if (report) options.onProgress?.(stage, ms);
    return out;
  };

  // Resolve the spec before touching data, so a typo fails fast.
  const features = spec.features.map((f) => {
    const def = getFeature(f.name);
    const params = withDefaults('feature', f.name, def.defaults, f.params);
    def.validate(params);
    return { def, params, outputs: def.outputs(params) };
  });
  const labels = (spec.labels ?? []).map((l) => {
    const def = getLabel(l.name);
    const params = withDefaults('label', l.name, def.defaults, l.params);
    def.validate(params);
    return { def, params, outputs: def.outputs(params) };
  });
  const needMarket = [...features, ...labels].filter((x) => x.def.needsMarket).map((x) => x.def.name);
  if (spec.sectorRelativeStrength) needMarket.push('sector relative strength');
  if (needMarket.length > 0 && !options.market)
    throw new SchemaError(`buildDataset: ${needMarket.join(', ')} need(s) a market series, none was given`, {
      hint: 'Pass { market: marketSeries(readParquet("data/market.parquet"), "SPY") } or equalWeightIndex(...)',
    });
  const srsPeriod = spec.sectorRelativeStrength
    ? checkPeriod('sectorRelativeStrength', 'period', spec.sectorRelativeStrength.period ?? 20)
    : 0;
  if (spec.sectorRelativeStrength && !options.sectors)
    throw new SchemaError('buildDataset: sectorRelativeStrength needs a sector map, none was given', {
      hint: 'Pass { sectors: readSectors("../shared/data/sp500_sectors_2018.csv") }',
    });

  const { symbols, date, open, high, low, close, volume } = time('load', () => {
    assertPanel(panel, 'buildDataset');
    return {
      symbols: stringColumn(panel, 'symbol'),
      date: numericColumn(panel, 'date'),
      open: numericColumn(panel, 'open'),
      high: numericColumn(panel, 'high'),
      low: numericColumn(panel, 'low'),
      close: numericColumn(panel, 'close'),
      volume: numericColumn(panel, 'volume'),
    };
  });
  const n = date.length;
  const ranges = symbolRanges(symbols);
  const market = options.market;

  const columns = new Map<string, Float64Array>();
  const featureNames: string[] = [];
  const labelNames: string[] = [];
  const labelEnds: Record<string, string> = {};
  const featureOut = features.map((f) => f.outputs.map(() => new Float64Array(n)));
  const labelOut = labels.map((l) => l.outputs.map(() => new Float64Array(n)));
  const labelT1 = labels.map(() => new Float64Array(n));

  for (let k = 0; k < ranges.symbols.length; k++) {
    const a = ranges.start[k];
    const b = ranges.end[k];
    const series: SymbolSeries = {
      symbol: ranges.symbols[k],
      date: date.subarray(a, b),
      open: open.subarray(a, b),
      high: high.subarray(a, b),
      low: low.subarray(a, b),
      close: close.subarray(a, b),
      volume: volume.subarray(a, b),
    };
    const ctx: FeatureContext = market
      ? { market, marketClose: alignAsOf(market.date, market.close, series.date) }
      : {};
    features.forEach((f, i) => {
      const out = time(f.outputs.join(','), () => f.def.compute(series, f.params, ctx), false);
      out.forEach((values, j) => featureOut[i][j].set(values, a));
    });
    labels.forEach((l, i) => {
      const res = time(l.outputs.join(','), () => l.def.compute(series, l.params, ctx), false);
      res.values.forEach((values, j) => labelOut[i][j].set(values, a));
      labelT1[i].set(res.t1, a);
    });
  }
  for (const x of [...features, ...labels])
    options.onProgress?.(x.outputs.join(','), timings[x.outputs.join(',')] ?? 0);
  features.forEach((f, i) =>
    f.outputs.forEach((name, j) => {
      addColumn(columns, name, featureOut[i][j]);
      featureNames.push(name);
    }),
  );

  let groups: DateGroups | undefined;
  const byDate = () => groups!;
  if (spec.sectorRelativeStrength || (spec.crossSectional ?? []).length > 0)
    groups = time('date groups', () => dateGroups(date));

  if (spec.sectorRelativeStrength) {
    const period = srsPeriod;
    const name = `sector_rs_${period}`;
    const values = time(name, () => {
      const own = new Float64Array(n);
      const marketRet = new Float64Array(n);
      const mret = pctChange(market!.close, period);
      for (let k = 0; k < ranges.symbols.length; k++) {
        const a = ranges.start[k];
        const b = ranges.end[k];
        own.set(pctChange(close.subarray(a, b), period), a);
        marketRet.set(alignAsOf(market!.date, mret, date.subarray(a, b)), a);
      }
      const sector = symbols.map((s) => (s === null ? null : (options.sectors!.get(s) ?? null)));
      return sectorRelativeStrength(own, sector, marketRet, byDate());
    });
    addColumn(columns, name, values);
    featureNames.push(name);
  }

  for (const cs of spec.crossSectional ?? []) {
    const source = requireColumn(columns, cs.column, `crossSectional ${cs.op}`);
    const suffix = cs.op === 'rank' ? 'rank' : cs.op === 'zscore' ? 'z' : 'w';
    const name = cs.as ?? `${cs.column}_${suffix}`;
    const values = time(name, () => {
      if (cs.op === 'rank') return crossSectionalRank(source, byDate());
      if (cs.op === 'zscore') return crossSectionalZScore(source, byDate());
      if (cs.op === 'winsorize') return crossSectionalWinsorize(source, byDate(), cs.lower, cs.upper);
      throw new ParameterError(
        `crossSectional: unknown op ${JSON.stringify(cs.op)}; known ops: rank, zscore, winsorize`,
      );
    });
    addColumn(columns, name, values);
    featureNames.push(name);
  }

  for (const ix of spec.interactions ?? []) {
    const left = requireColumn(columns, ix.left, 'interaction');
    const right = requireColumn(columns, ix.right, 'interaction');
    const name = ix.as ?? `${ix.left}_x_${ix.right}`;
    addColumn(
      columns,
      name,
      time(name, () => left.map((v, i) => v * right[i])),
    );
    featureNames.push(name);
  }

  labels.forEach((l, i) => {
    l.outputs.forEach((name, j) => {
      addColumn(columns, name, labelOut[i][j]);
      labelNames.push(name);
      labelEnds[name] = `t1_${l.outputs[0]}`;
    });
  });
  labels.forEach((l, i) => addColumn(columns, `t1_${l.outputs[0]}`, labelT1[i]));
  // t1: when every label of the row is known, the latest of their end dates; NaN otherwise.
  const t1 = new Float64Array(n).fill(labels.length ? -Infinity : NaN);
  for (const ends of labelT1)
    for (let r = 0; r < n; r++) t1[r] = Number.isNaN(ends[r]) ? NaN : Math.max(t1[r], ends[r]);

  let keep: number[] | null = null;
  if (spec.dropUnlabeled && labels.length > 0) {
    keep = [];
    for (let r = 0; r < n; r++) if (!Number.isNaN(t1[r])) keep.push(r);
  }
  const pick = <T extends Float64Array | (string | null)[]>(a: T): T =>
    (keep === null
      ? a
      : a instanceof Float64Array
        ? Float64Array.from(keep, (r) => a[r])
        : keep.map((r) => a[r])) as T;
  const table = time('assemble', () => {
    const cols: Record<string, Float64Array | (string | null)[]> = {
      symbol: pick(symbols),
      date: pick(date),
    };
    for (const [name, values] of columns) cols[name] = pick(values);
    cols.t1 = pick(t1);
    return aq.table(cols);
  });
  return {
    table,
    featureNames,
    labelNames,
    labelEnds,
    maxLookback: features.reduce((m, f) => Math.max(m, f.def.lookback(f.params)), srsPeriod),
    horizon: labels.reduce((m, l) => Math.max(m, l.def.horizon(l.params)), 0),
    timings,
    spec,
  };
}

/**
 * The named columns of a dataset as a row-major {@link Matrix} `(nRows, nFeatures)`, converted once.
 *
 * @param dataset - A {@link Dataset} or any table holding the columns.
 * @param featureNames - Columns, in order. Default: the dataset's `featureNames`.
 * @throws SchemaError naming a missing column.
 */
export function toMatrix(dataset: Dataset | ColumnTable, featureNames?: readonly string[]): Matrix {
  const table = 'table' in dataset && 'featureNames' in dataset ? dataset.table : dataset;
  const names = [...(featureNames ?? ('featureNames' in dataset ? dataset.featureNames : []))];
  if (names.length === 0) throw new ParameterError('toMatrix: no feature columns given');
  const rows = table.numRows();
  const cols = names.length;
  const data = new Float64Array(rows * cols);
  names.forEach((name, j) => {
    const col = numericColumn(table, name);
    for (let i = 0; i < rows; i++) data[i * cols + j] = col[i];
  });
  return { data, rows, cols, columns: names };
}
