/**
 * The whole feature pipeline with every registered feature and label — FULL_SPEC (bench/features.ts),
 * plus any registered name it lacks at its defaults — on synthetic panels (named as such: seeded random
 * walks from test/helpers/synthetic-panel.ts, with a synthetic market series and sector map) and on the
 * real panel (../shared/data, PROVENANCE.md):
 *
 * (a) causality, fast-check: changing one symbol's rows after date T, or the market after T, or cutting
 *     all data at T, leaves every feature at dates ≤ T unchanged for every symbol (bitwise, NaN = NaN),
 *     and every label whose own t1 ≤ T, with its t1. A label of row t reads rows in (t, t1] ahead of t;
 *     rows ≤ t are known at t and some labels read them (the triple barrier's σ_t, the spike label's
 *     trailing volatility), so "after t1" is the leak to rule out.
 * (b) warm-up: on a NaN-free panel whose symbols trade on every market day, each column's first non-NaN
 *     row is its declared lookback, and each label is known exactly where its horizon allows.
 * (c) windows never cross symbols: a symbol's own columns are those of the symbol built alone.
 * (d) the real panel with FULL_SPEC: 619,040 rows; NaN exactly in the warm-up, except ATR's documented
 *     re-seed after the 8 rows with missing high/low (PROVENANCE.md §1); labels NaN on h × 505 rows.
 * (e) one-row symbols, NaN prices, NaN and zero volume, a halt: as each feature's and label's TSDoc states.
 */
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { FULL_SPEC } from '../../bench/features.js';
import { STANDARD_FEATURES } from '../../src/index.js';
import { importOhlcv } from '../../src/data/import.js';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { marketSeries, readSectors } from '../../src/data/reference.js';
import { formatDate } from '../../src/data/schema.js';
import { macdLookbacks, type MacdParams } from '../../src/features/macd.js';
import { dailyVolatility } from '../../src/labels/daily-volatility.js';
import { buildDataset, type Dataset, type DatasetSpec } from '../../src/features/pipeline.js';
import { FEATURES, LABELS, getFeature, getLabel } from '../../src/features/registry.js';
import { pctChange } from '../../src/features/rolling.js';
import type { MarketSeries } from '../../src/features/types.js';
import {
  D0,
  DAY,
  copyPanel,
  dayRange,
  filterPanel,
  marketUpTo,
  mulberry32,
  normal,
  panelTable,
  randomWalkPanel,
  rowInSymbol,
  symbolLength,
  syntheticMarket,
  type SyntheticPanel,
  type SyntheticSymbol,
} from '../helpers/synthetic-panel.js';

// ---- the spec and what it declares ----------------------------------------------------------------

/** FULL_SPEC plus every registered feature and label it lacks (at its defaults). */
const SPEC: DatasetSpec = {
  ...FULL_SPEC,
  features: [
    ...FULL_SPEC.features,
    ...[...FEATURES.keys()]
      .filter((n) => !FULL_SPEC.features.some((f) => f.name === n))
      .map((name) => ({ name })),
  ],
  labels: [
    ...(FULL_SPEC.labels ?? []),
    ...[...LABELS.keys()]
      .filter((n) => !(FULL_SPEC.labels ?? []).some((l) => l.name === n))
      .map((name) => ({ name })),
  ],
};

const paramsOf = (
  defaults: object,
  params: Record<string, unknown> | undefined,
): Record<string, unknown> => ({
  ...(defaults as Record<string, unknown>),
  ...params,
});

/** A feature output column: its declared first non-NaN row, and whether it reads the market (not a per-symbol window). */
interface FeatureColumn {
  name: string;
  lookback: number;
  market: boolean;
}

function featureColumns(spec: DatasetSpec): FeatureColumn[] {
  return spec.features.flatMap((f) => {
    const def = getFeature(f.name);
    const p = paramsOf(def.defaults, f.params);
    const names = def.outputs(p);
    // Every output starts at the feature's lookback except MACD's line (macdLookbacks).
    const lookbacks =
      f.name === 'macd' ? macdLookbacks(p as unknown as MacdParams) : names.map(() => def.lookback(p));
    return names.map((name, j) => ({ name, lookback: lookbacks[j], market: def.needsMarket === true }));
  });
}

/** A label output column, its t1 column, and the rows of a NaN-free symbol of n rows where it must be known. */
interface LabelColumn {
  name: string;
  end: string;
  label: string;
  horizon: number;
  /** Known on rows [head, n − tail) of a NaN-free symbol; NaN on the first `head`. */
  head: number;
  tail: number;
  /** The last `tail` rows may be known too (a barrier touched before the data end), else they are NaN. */
  tailMayBeKnown: boolean;
}

function labelColumns(spec: DatasetSpec): LabelColumn[] {
  return (spec.labels ?? []).flatMap((l) => {
    const def = getLabel(l.name);
    const p = paramsOf(def.defaults, l.params);
    const names = def.outputs(p);
    const horizon = def.horizon(p);
    // From each label's module docs: fixed horizons read close_{t+h}; the spike label also needs
    // `window` trailing returns; the triple barrier needs σ_t (two returns) and may end early.
    const span =
      l.name === 'volatility_spike'
        ? { head: Number(p.window), tail: horizon, tailMayBeKnown: false }
        : l.name === 'triple_barrier'
          ? { head: 2, tail: horizon, tailMayBeKnown: true }
          : ['forward_return', 'excess_return', 'direction', 'next_day_return', 'drawdown'].includes(l.name)
            ? { head: 0, tail: horizon, tailMayBeKnown: false }
            : undefined;
    if (!span) throw new Error(`pipeline-real.test.ts: say which rows label ${l.name} knows (labelColumns)`);
    return names.map((name) => ({ name, end: `t1_${names[0]}`, label: l.name, horizon, ...span }));
  });
}

const FEATURE_COLUMNS = featureColumns(SPEC);
const LABEL_COLUMNS = labelColumns(SPEC);
const SOURCES = new Map<string, string[]>([
  ...(SPEC.crossSectional ?? []).map(
    (c) =>
      [c.as ?? `${c.column}_${c.op === 'rank' ? 'rank' : c.op === 'zscore' ? 'z' : 'w'}`, [c.column]] as [
        string,
        string[],
      ],
  ),
  ...(SPEC.interactions ?? []).map(
    (x) => [x.as ?? `${x.left}_x_${x.right}`, [x.left, x.right]] as [string, string[]],
  ),
]);
const SECTOR_RS = `sector_rs_${SPEC.sectorRelativeStrength?.period ?? 20}`;

// ---- helpers ----------------------------------------------------------------------------------------

const col = (ds: Dataset, name: string): Float64Array => numericColumn(ds.table, name);
const iso = (ms: number): string => formatDate(ms);

function build(p: SyntheticPanel, market: MarketSeries, sectors: ReadonlyMap<string, string>): Dataset {
  // A fresh market object per build: market features memoize per series object.
  return buildDataset(panelTable(p), SPEC, {
    market: { date: market.date.slice(), close: market.close.slice() },
    sectors,
  });
}

/** Rows of `ds` by `symbol date` key. */
function keyIndex(ds: Dataset): Map<string, number> {
  const sym = stringColumn(ds.table, 'symbol');
  const date = col(ds, 'date');
  return new Map(sym.map((s, r) => [`${s} ${date[r]}`, r]));
}

/**
 * Throws unless every feature at dates ≤ cutoff, and every label (with its t1) whose t1 ≤ cutoff, is the
 * same in `b` as in `a` (matched by symbol and date; bitwise, NaN = NaN).
 */
function expectSameUpTo(a: Dataset, b: Dataset, cutoff: number, what: string): void {
  const rows = keyIndex(b);
  const sym = stringColumn(a.table, 'symbol');
  const date = col(a, 'date');
  const other = (r: number): number => {
    const rb = rows.get(`${sym[r]} ${date[r]}`);
    if (rb === undefined) throw new Error(`${what}: row ${sym[r]} ${iso(date[r])} is missing`);
    return rb;
  };
  const check = (name: string, known: (r: number) => boolean): void => {
    const x = col(a, name);
    const y = col(b, name);
    for (let r = 0; r < x.length; r++)
      if (known(r) && !Object.is(x[r], y[other(r)]))
        throw new Error(
          `${what}: ${name} at ${sym[r]} ${iso(date[r])} changed from ${x[r]} to ${y[other(r)]} (cutoff ${iso(cutoff)})`,
        );
  };
  for (const name of a.featureNames) check(name, (r) => date[r] <= cutoff);
  for (const name of [...a.labelNames, ...new Set(Object.values(a.labelEnds)), 't1']) {
    const end = col(a, a.labelEnds[name] ?? name);
    check(name, (r) => end[r] <= cutoff);
  }
}

/** Rows where `isNaN(values[r])` differs from `expectedNaN(r)`: how many, and the first. */
function nanMismatch(
  values: Float64Array,
  expectedNaN: (r: number) => boolean,
): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let r = 0; r < values.length; r++)
    if (Number.isNaN(values[r]) !== expectedNaN(r)) {
      count++;
      if (first < 0) first = r;
    }
  return { count, first };
}

function firstNonNaN(x: ArrayLike<number>, from: number, to: number): number {
  for (let r = from; r < to; r++) if (!Number.isNaN(x[r])) return r - from;
  return -1;
}

// ---- synthetic panels -------------------------------------------------------------------------------

/** (a), (c): market days 0…639; the panel trades from day 300 (the market has a year of history before it). */
const NDAYS = 640;
const START = 300;
const VARIED: SyntheticSymbol[] = [
  { symbol: 'AAA', days: dayRange(START, NDAYS) },
  { symbol: 'BBB', days: dayRange(START, NDAYS).filter((d) => d % 17 !== 5), base: 400 }, // missing days
  { symbol: 'CCC', days: dayRange(START + 120, NDAYS), base: 5 }, // listed later
  { symbol: 'DDD', days: dayRange(START, NDAYS), base: 60 },
];
const SECTORS = new Map([
  ['AAA', 'S1'],
  ['BBB', 'S1'],
  ['CCC', 'S2'],
  ['DDD', 'S2'],
  ['EEE', 'S1'],
]);

/** (b), (e): every symbol trades on every market day 0…N − 1 (the market's own calendar). */
const N = 340;
const SHARED: SyntheticSymbol[] = ['AAA', 'BBB', 'CCC', 'DDD'].map((symbol, k) => ({
  symbol,
  days: dayRange(0, N),
  base: [100, 400, 5, 60][k],
}));

describe('features/pipeline with every registered feature and label (FULL_SPEC)', function () {
  it('FULL_SPEC (bench/features.ts) is the public STANDARD_FEATURES preset plus labels, and names every registered feature and label', function () {
    expect(FULL_SPEC.features).to.equal(STANDARD_FEATURES.features);
    expect(FULL_SPEC.interactions).to.equal(STANDARD_FEATURES.interactions);
    const features = new Set(FULL_SPEC.features.map((f) => f.name));
    const labels = new Set((FULL_SPEC.labels ?? []).map((l) => l.name));
    expect(
      [...FEATURES.keys()].filter((n) => !features.has(n)),
      'features missing',
    ).to.deep.equal([]);
    expect(
      [...LABELS.keys()].filter((n) => !labels.has(n)),
      'labels missing',
    ).to.deep.equal([]);
  });

  describe('(a) causality of the whole pipeline, fast-check on a synthetic panel', function () {
    const symbols = VARIED.map((s) => s.symbol);
    const arb = fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      T: fc.integer({ min: START - 5, max: NDAYS - 2 }),
      victim: fc.constantFrom(...symbols),
    });
    const base = (seed: number) => ({
      panel: randomWalkPanel(VARIED, seed),
      market: syntheticMarket(NDAYS, seed + 1),
    });

    it('buildDataset(synthetic, every feature and label): changing one symbol’s rows after T leaves every feature at dates ≤ T, and every label with t1 ≤ T, unchanged for all symbols', function () {
      fc.assert(
        fc.property(arb, ({ seed, T, victim }) => {
          const { panel, market } = base(seed);
          const changed = copyPanel(panel);
          const u = mulberry32(seed ^ 0x5bd1e995);
          const columns = ['open', 'high', 'low', 'close', 'volume'] as const;
          for (let i = 0; i < changed.day.length; i++) {
            if (changed.symbol[i] !== victim || changed.day[i] <= T) continue;
            const f = Math.exp(0.03 + 0.05 * normal(u)); // every row really changes
            for (const c of ['open', 'high', 'low', 'close'] as const) changed[c][i] *= f;
            changed.volume[i] = Math.floor(changed.volume[i] * (0.3 + u())) + 1;
            if (u() < 0.1) changed[columns[Math.floor(u() * 5)]][i] = NaN;
          }
          const a = build(panel, market, SECTORS);
          const b = build(changed, market, SECTORS);
          expectSameUpTo(a, b, D0 + T * DAY, `${victim} changed after day ${T}`);
          // Labels never read another symbol: the other symbols' labels are unchanged at every row.
          const sym = stringColumn(a.table, 'symbol');
          for (const name of [...a.labelNames, 't1']) {
            const x = col(a, name);
            const y = col(b, name);
            sym.forEach((s, r) => {
              if (s !== victim && !Object.is(x[r], y[r]))
                throw new Error(`${name} of ${s} changed when only ${victim} changed`);
            });
          }
          // Not vacuous: the victim's ret_1 changes after T (every close there is scaled).
          const date = col(a, 'date');
          const after = sym.flatMap((s, r) => (s === victim && date[r] > D0 + T * DAY ? [r] : []));
          const x = col(a, 'ret_1');
          const y = col(b, 'ret_1');
          if (after.length >= 2) expect(after.some((r) => !Object.is(x[r], y[r]))).to.equal(true);
        }),
        { numRuns: 40 },
      );
    });

    it('buildDataset(synthetic, every feature and label): changing the market after T leaves every feature at dates ≤ T, and every label with t1 ≤ T, unchanged', function () {
      fc.assert(
        fc.property(arb, ({ seed, T }) => {
          const { panel, market } = base(seed);
          const u = mulberry32(seed ^ 0x27d4eb2d);
          const changed: MarketSeries = {
            date: market.date.slice(),
            close: market.close.map((c, d) => (d > T ? c * Math.exp(0.02 + 0.03 * normal(u)) : c)),
          };
          const a = build(panel, market, SECTORS);
          const b = build(panel, changed, SECTORS);
          expectSameUpTo(a, b, D0 + T * DAY, `market changed after day ${T}`);
          // Not vacuous: market_ret_20 changes on some row after T.
          const date = col(a, 'date');
          const x = col(a, 'market_ret_20');
          const y = col(b, 'market_ret_20');
          expect(x.some((v, r) => date[r] > D0 + T * DAY && !Object.is(v, y[r]))).to.equal(true);
        }),
        { numRuns: 40 },
      );
    });

    it('buildDataset(synthetic cut at T, every feature and label): the dataset of the data up to T equals the full one at dates ≤ T (features) and where t1 ≤ T (labels)', function () {
      fc.assert(
        fc.property(arb, ({ seed, T }) => {
          const { panel, market } = base(seed);
          const cutoff = D0 + T * DAY;
          const a = build(panel, market, SECTORS);
          const b = build(
            filterPanel(panel, (i) => panel.day[i] <= T),
            marketUpTo(market, cutoff),
            SECTORS,
          );
          expect(b.table.numRows()).to.be.below(a.table.numRows());
          expectSameUpTo(a, b, cutoff, `data cut at day ${T}`);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe('(b) warm-up on a NaN-free synthetic panel whose symbols share the market calendar', function () {
    let ds: Dataset;
    let idx: Int32Array;
    let len: Int32Array;
    before(function () {
      ds = build(randomWalkPanel(SHARED, 7), syntheticMarket(N, 8), SECTORS);
      const sym = stringColumn(ds.table, 'symbol');
      idx = rowInSymbol(sym);
      len = symbolLength(sym);
    });
    /** The first non-NaN row of `name` in each symbol, and whether it is finite from there on. */
    const starts = (name: string): { first: number[]; finiteAfter: boolean } => {
      const x = col(ds, name);
      const first: number[] = [];
      let finiteAfter = true;
      for (let r = 0; r < x.length; r++)
        if (idx[r] === 0) {
          const f = firstNonNaN(x, r, r + len[r]);
          first.push(f);
          for (let t = r + Math.max(f, 0); t < r + len[r]; t++)
            if (!Number.isFinite(x[t])) finiteAfter = false;
        }
      return { first, finiteAfter };
    };

    for (const c of FEATURE_COLUMNS)
      it(`buildDataset(synthetic, FULL_SPEC) ${c.name}: first non-NaN row ${c.lookback} in every symbol, finite after`, function () {
        const { first, finiteAfter } = starts(c.name);
        expect(first).to.deep.equal(SHARED.map(() => c.lookback));
        expect(finiteAfter, `${c.name} finite after its lookback`).to.equal(true);
      });

    it(`buildDataset(synthetic, FULL_SPEC) ${SECTOR_RS}: first non-NaN row ${SPEC.sectorRelativeStrength?.period ?? 20}, finite after`, function () {
      const { first, finiteAfter } = starts(SECTOR_RS);
      expect(first).to.deep.equal(SHARED.map(() => SPEC.sectorRelativeStrength?.period ?? 20));
      expect(finiteAfter).to.equal(true);
    });

    for (const [name, sources] of SOURCES)
      it(`buildDataset(synthetic, FULL_SPEC) ${name}: first non-NaN row is the latest of ${sources.join(' and ')}, finite after`, function () {
        const want = SHARED.map((_, k) => Math.max(...sources.map((s) => starts(s).first[k])));
        const { first, finiteAfter } = starts(name);
        expect(first).to.deep.equal(want);
        expect(finiteAfter).to.equal(true);
      });

    it('buildDataset(synthetic, FULL_SPEC) maxLookback = 271 (market_vol_norm: 20 + 252 − 1) and horizon = 14 (drawdown_14)', function () {
      expect(ds.maxLookback).to.equal(Math.max(...FEATURE_COLUMNS.map((c) => c.lookback)));
      expect(ds.maxLookback).to.equal(271);
      expect(ds.horizon).to.equal(14);
    });

    for (const c of LABEL_COLUMNS)
      it(`buildDataset(synthetic, FULL_SPEC) ${c.name}: known on rows [${c.head}, n − ${c.tail})${c.tailMayBeKnown ? ' (the last rows when a barrier is touched)' : ', NaN elsewhere'}; ${c.end} in (date_t, date_{t+${c.horizon}}]`, function () {
        const x = col(ds, c.name);
        const t1 = col(ds, c.end);
        const date = col(ds, 'date');
        for (let r = 0; r < x.length; r++) {
          const at = `${c.name} row ${idx[r]} of ${len[r]}`;
          if (idx[r] < c.head) expect(x[r], at).to.be.NaN;
          else if (idx[r] < len[r] - c.tail) expect(Number.isFinite(x[r]), at).to.equal(true);
          else if (!c.tailMayBeKnown) expect(x[r], at).to.be.NaN;
          expect(Number.isNaN(t1[r]), `${c.end}: NaN exactly where ${c.name} is`).to.equal(
            Number.isNaN(x[r]),
          );
          if (!Number.isNaN(t1[r])) {
            expect(t1[r], at).to.be.above(date[r]);
            expect(t1[r], at).to.be.at.most(date[r + Math.min(c.horizon, len[r] - 1 - idx[r])]);
          }
        }
      });
  });

  describe('(c) windows never cross symbols', function () {
    let panel: SyntheticPanel;
    let market: MarketSeries;
    let ds: Dataset;
    before(function () {
      panel = randomWalkPanel(VARIED, 21);
      market = syntheticMarket(NDAYS, 22);
      ds = build(panel, market, SECTORS);
    });
    const own = [
      ...FEATURE_COLUMNS.map((c) => c.name),
      ...LABEL_COLUMNS.map((c) => c.name),
      ...new Set(LABEL_COLUMNS.map((c) => c.end)),
      't1',
    ];

    for (const s of VARIED.map((x) => x.symbol))
      it(`buildDataset(synthetic) ${s}: every feature, label and t1 equals buildDataset(${s} alone), bitwise`, function () {
        const alone = build(
          filterPanel(panel, (i) => panel.symbol[i] === s),
          market,
          SECTORS,
        );
        const rows = stringColumn(ds.table, 'symbol').flatMap((x, r) => (x === s ? [r] : []));
        expect(alone.table.numRows()).to.equal(rows.length);
        for (const name of own) {
          const x = col(ds, name);
          const y = col(alone, name);
          rows.forEach((r, k) => {
            if (!Object.is(x[r], y[k]))
              throw new Error(`${s} ${name}[${k}]: ${x[r]} in the panel, ${y[k]} alone`);
          });
        }
      });

    it('buildDataset(synthetic) each symbol’s first rows are NaN for every per-symbol feature’s lookback, though another symbol’s rows precede them', function () {
      const idx = rowInSymbol(stringColumn(ds.table, 'symbol'));
      for (const c of FEATURE_COLUMNS.filter((x) => !x.market)) {
        const bad = nanMismatch(col(ds, c.name), (r) => idx[r] < c.lookback);
        expect(
          bad.count,
          `${c.name}: rows whose NaN-ness is not "row < ${c.lookback}" (first ${bad.first})`,
        ).to.equal(0);
      }
    });

    it('buildDataset(synthetic) each symbol’s last h rows have NaN fixed-horizon labels, though another symbol’s rows follow them', function () {
      const sym = stringColumn(ds.table, 'symbol');
      const idx = rowInSymbol(sym);
      const len = symbolLength(sym);
      for (const c of LABEL_COLUMNS.filter((x) => !x.tailMayBeKnown)) {
        const x = col(ds, c.name);
        for (let r = 0; r < x.length; r++)
          if (idx[r] >= len[r] - c.tail) expect(x[r], `${c.name} ${sym[r]} row ${idx[r]}`).to.be.NaN;
      }
    });

    it('buildDataset(synthetic) market features are the market’s, as of the row’s date, from a late-listed symbol’s first row (CCC, day 420)', function () {
      const r = stringColumn(ds.table, 'symbol').indexOf('CCC');
      expect(col(ds, 'date')[r]).to.equal(D0 + (START + 120) * DAY);
      expect(col(ds, 'market_ret_20')[r]).to.equal(pctChange(market.close, 20)[START + 120]);
      for (const name of ['market_vol_norm', 'market_regime']) expect(col(ds, name)[r], name).to.not.be.NaN;
    });
  });

  describe('(d) on the real panel (../shared/data) with FULL_SPEC, SPY and the 2018 sectors', function () {
    const DATA_DIR = process.env.QUANTBOOK_DATA
      ? path.resolve(process.env.QUANTBOOK_DATA)
      : path.resolve('../shared/data');
    // PROVENANCE.md §1: rows with an empty open (all 11), high and low (8 of them: not the 2015-07-17 three).
    const MISSING_OPEN = [
      'BHF 2017-07-26',
      'DHR 2015-07-17',
      'DHR 2016-01-12',
      'ES 2015-07-17',
      'FTV 2016-07-01',
      'O 2015-07-17',
      'O 2016-01-12',
      'REGN 2015-06-09',
      'UA 2016-04-07',
      'VRTX 2015-05-12',
      'WRK 2015-06-26',
    ];
    const OPEN_ONLY = ['DHR 2015-07-17', 'ES 2015-07-17', 'O 2015-07-17'];
    const ZERO_VOLUME = ['DHR 2016-01-12', 'FTV 2016-07-01', 'O 2016-01-12', 'UA 2016-04-07'];
    const SYMBOLS = 505;
    let ds: Dataset;
    let sym: (string | null)[];
    let date: Float64Array;
    let idx: Int32Array;
    let len: Int32Array;
    let raw: {
      open: Float64Array;
      high: Float64Array;
      low: Float64Array;
      close: Float64Array;
      volume: Float64Array;
    };
    const keyOf = (r: number): string => `${sym[r]} ${iso(date[r])}`;
    /** The row of `SYMBOL YYYY-MM-DD`. */
    const rowOf = (key: string): number => {
      const [s, d] = key.split(' ');
      const r = sym.findIndex((x, i) => x === s && date[i] === Date.parse(d));
      if (r < 0) throw new Error(`no row ${key}`);
      return r;
    };

    before(function () {
      const panel = importOhlcv(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz'));
      const spy = importOhlcv(path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz'), { symbol: 'SPY' });
      ds = buildDataset(panel, FULL_SPEC, {
        market: marketSeries(spy, 'SPY'),
        sectors: readSectors(path.join(DATA_DIR, 'sp500_sectors_2018.csv')),
      });
      sym = stringColumn(ds.table, 'symbol');
      date = col(ds, 'date');
      idx = rowInSymbol(sym);
      len = symbolLength(sym);
      raw = {
        open: numericColumn(panel, 'open'),
        high: numericColumn(panel, 'high'),
        low: numericColumn(panel, 'low'),
        close: numericColumn(panel, 'close'),
        volume: numericColumn(panel, 'volume'),
      };
    });

    it('buildDataset(real panel, FULL_SPEC) keeps the 619,040 rows of 505 symbols: 32 features, 10 label columns, maxLookback 271, horizon 14', function () {
      expect(ds.table.numRows()).to.equal(619_040);
      expect(new Set(sym).size).to.equal(SYMBOLS);
      expect(ds.featureNames).to.have.length(32);
      expect(ds.labelNames).to.deep.equal(LABEL_COLUMNS.map((c) => c.name));
      expect(ds.featureNames.slice(0, FEATURE_COLUMNS.length)).to.deep.equal(
        FEATURE_COLUMNS.map((c) => c.name),
      );
      expect([ds.maxLookback, ds.horizon]).to.deep.equal([271, 14]);
    });

    it('the real panel’s missing values are PROVENANCE.md §1’s: open on 11 rows, high and low on 8 of them, close and volume never', function () {
      const rowsWhere = (x: Float64Array) =>
        Array.from(x.keys())
          .filter((r) => Number.isNaN(x[r]))
          .map(keyOf);
      const hl = MISSING_OPEN.filter((k) => !OPEN_ONLY.includes(k));
      expect(rowsWhere(raw.open).sort()).to.deep.equal(MISSING_OPEN);
      expect(rowsWhere(raw.high).sort()).to.deep.equal(hl);
      expect(rowsWhere(raw.low).sort()).to.deep.equal(hl);
      expect(rowsWhere(raw.close)).to.deep.equal([]);
      expect(rowsWhere(raw.volume)).to.deep.equal([]);
    });

    for (const c of FEATURE_COLUMNS.filter((x) => !x.market && !x.name.startsWith('atr_')))
      it(`buildDataset(real panel, FULL_SPEC) ${c.name} is NaN exactly on each symbol’s first ${c.lookback} rows, finite after`, function () {
        const x = col(ds, c.name);
        const bad = nanMismatch(x, (r) => idx[r] < c.lookback);
        expect(bad.count, `rows off (first ${bad.first < 0 ? '-' : keyOf(bad.first)})`).to.equal(0);
        expect(
          x.every((v) => Number.isNaN(v) || Number.isFinite(v)),
          'no ±Infinity',
        ).to.equal(true);
      });

    it('buildDataset(real panel, FULL_SPEC) atr_14 and atr_14_pct are NaN on the first 14 rows and on 65 more: where one of the 8 rows with missing high/low is among the last 14 true ranges', function () {
      // Independent of the Wilder recursion: TR_t is known when high_t, low_t and close_{t−1} are
      // (t ≥ 1), and ATR_t (atr.ts) once the last 14 true ranges all are.
      const known = new Uint8Array(idx.length);
      let run = 0;
      for (let r = 0; r < idx.length; r++) {
        const tr =
          idx[r] > 0 &&
          !Number.isNaN(raw.high[r]) &&
          !Number.isNaN(raw.low[r]) &&
          !Number.isNaN(raw.close[r - 1]);
        run = tr ? run + 1 : 0;
        known[r] = run >= 14 ? 1 : 0;
      }
      let extra = 0;
      for (let r = 0; r < idx.length; r++) if (idx[r] >= 14 && !known[r]) extra++;
      expect(extra).to.equal(65);
      for (const name of ['atr_14', 'atr_14_pct']) {
        const bad = nanMismatch(col(ds, name), (r) => !known[r]);
        expect(bad.count, `${name}: rows off (first ${bad.first < 0 ? '-' : keyOf(bad.first)})`).to.equal(0);
      }
      // The three rows with only open missing change nothing: no feature reads open.
      for (const k of OPEN_ONLY) {
        const r = rowOf(k);
        for (const c of FEATURE_COLUMNS)
          if (idx[r] >= c.lookback) expect(col(ds, c.name)[r], `${c.name} at ${k}`).to.not.be.NaN;
      }
    });

    it('buildDataset(real panel, FULL_SPEC) market_ret_20, market_vol_norm and market_regime are never NaN (SPY starts 2012-01-03, a year before the stocks)', function () {
      for (const c of FEATURE_COLUMNS.filter((x) => x.market))
        expect(col(ds, c.name).filter(Number.isNaN).length, c.name).to.equal(0);
    });

    it(`buildDataset(real panel, FULL_SPEC) ${SECTOR_RS} is NaN exactly on the 9,520 rows dated before the panel’s 21st date`, function () {
      const calendar = [...new Set(date)].sort((a, b) => a - b);
      const bad = nanMismatch(col(ds, SECTOR_RS), (r) => date[r] < calendar[20]);
      expect(bad.count).to.equal(0);
      expect(col(ds, SECTOR_RS).filter(Number.isNaN).length).to.equal(9_520);
    });

    for (const [name, sources] of SOURCES)
      it(`buildDataset(real panel, FULL_SPEC) ${name} is NaN exactly where ${sources.join(' or ')} is`, function () {
        const src = sources.map((s) => col(ds, s));
        const bad = nanMismatch(col(ds, name), (r) => src.some((x) => Number.isNaN(x[r])));
        expect(bad.count, `rows off (first ${bad.first < 0 ? '-' : keyOf(bad.first)})`).to.equal(0);
      });

    it('buildDataset(real panel, FULL_SPEC) volume_ratio_20 is 0 on the zero-volume rows past the warm-up (DHR, O 2016-01-12) and NaN on FTV’s and UA’s first rows; zero volume makes no NaN or ±Infinity', function () {
      const ratio = col(ds, 'volume_ratio_20');
      const trend = col(ds, 'volume_trend_5_20');
      const got = ZERO_VOLUME.map((k) => {
        const r = rowOf(k);
        expect(raw.volume[r], k).to.equal(0);
        return [k, idx[r] >= 19 ? 'past warm-up' : `row ${idx[r]}`, ratio[r]];
      });
      expect(got).to.deep.equal([
        ['DHR 2016-01-12', 'past warm-up', 0],
        ['FTV 2016-07-01', 'row 0', NaN],
        ['O 2016-01-12', 'past warm-up', 0],
        ['UA 2016-04-07', 'row 0', NaN],
      ]);
      for (const x of [ratio, trend])
        expect(x.every((v) => Number.isNaN(v) || Number.isFinite(v))).to.equal(true);
    });

    for (const c of LABEL_COLUMNS.filter((x) => !x.tailMayBeKnown))
      it(`buildDataset(real panel, FULL_SPEC) ${c.name} is NaN on exactly ${c.head + c.tail} × 505 = ${((c.head + c.tail) * SYMBOLS).toLocaleString('en-US')} rows: ${c.head ? `each symbol’s first ${c.head} and ` : 'each symbol’s '}last ${c.tail}`, function () {
        const x = col(ds, c.name);
        const bad = nanMismatch(x, (r) => idx[r] < c.head || idx[r] >= len[r] - c.tail);
        expect(bad.count, `rows off (first ${bad.first < 0 ? '-' : keyOf(bad.first)})`).to.equal(0);
        expect(x.filter(Number.isNaN).length).to.equal((c.head + c.tail) * SYMBOLS);
      });

    it('buildDataset(real panel, FULL_SPEC) tb_label, tb_binary, tb_return are NaN on 2,072 rows: where σ_t is NaN or 0 (each symbol’s first 2 rows; SYF 2014-08-04 and -05 after four equal closes) and on 1,060 of the last 10 (no barrier touched before the data end)', function () {
      // triple-barrier.ts: rows whose σ_t (dailyVolatility, span 100) is NaN or ≤ minRet (0) are not labelled.
      const sigma = new Float64Array(idx.length);
      for (let r = 0; r < idx.length; r++)
        if (idx[r] === 0) sigma.set(dailyVolatility(raw.close.subarray(r, r + len[r]), 100), r);
      const noSigma = Array.from(sigma.keys()).filter((r) => idx[r] >= 2 && !(sigma[r] > 0));
      expect(noSigma.map(keyOf)).to.deep.equal(['SYF 2014-08-04', 'SYF 2014-08-05']);
      for (const name of ['tb_label', 'tb_binary', 'tb_return']) {
        const x = col(ds, name);
        let tail = 0;
        const bad = nanMismatch(x, (r) => (idx[r] >= len[r] - 10 ? Number.isNaN(x[r]) : !(sigma[r] > 0)));
        expect(bad.count, `${name} rows off (first ${bad.first < 0 ? '-' : keyOf(bad.first)})`).to.equal(0);
        x.forEach((v, r) => (tail += idx[r] >= len[r] - 10 && Number.isNaN(v) ? 1 : 0));
        expect(tail, name).to.equal(1_060);
        expect(x.filter(Number.isNaN).length, name).to.equal(2_072);
      }
    });

    it('buildDataset(real panel, FULL_SPEC) every t1_<label> is NaN exactly where its label is, and within (date_t, date_{t+horizon}]', function () {
      for (const c of LABEL_COLUMNS) {
        const x = col(ds, c.name);
        const t1 = col(ds, c.end);
        for (let r = 0; r < x.length; r++) {
          if (Number.isNaN(x[r]) !== Number.isNaN(t1[r]))
            throw new Error(`${c.end} at ${keyOf(r)}: ${t1[r]} for ${x[r]}`);
          if (
            !Number.isNaN(t1[r]) &&
            !(t1[r] > date[r] && t1[r] <= date[r + Math.min(c.horizon, len[r] - 1 - idx[r])])
          )
            throw new Error(`${c.end} at ${keyOf(r)} is ${iso(t1[r])}, beyond ${c.horizon} rows`);
        }
      }
    });

    it('buildDataset(real panel, FULL_SPEC) t1 is NaN on 44 × 505 = 22,220 rows: each symbol’s first 30 (vol_spike_7’s window) and last 14 (drawdown_14)', function () {
      const bad = nanMismatch(col(ds, 't1'), (r) => idx[r] < 30 || idx[r] >= len[r] - 14);
      expect(bad.count, `rows off (first ${bad.first < 0 ? '-' : keyOf(bad.first)})`).to.equal(0);
      expect(col(ds, 't1').filter(Number.isNaN).length).to.equal(22_220);
    });
  });

  describe('(e) one-row symbols, NaN prices, NaN and zero volume, as documented', function () {
    const market = syntheticMarket(N, 32);
    const clean = randomWalkPanel(SHARED, 31);
    const K = 100; // the row of AAA that is changed
    let ref: Dataset;
    before(function () {
      ref = build(clean, market, SECTORS);
    });
    const aaa = (ds: Dataset) => stringColumn(ds.table, 'symbol').flatMap((s, r) => (s === 'AAA' ? [r] : []));
    const offsets = (a: number, b: number) => dayRange(a, b + 1);
    /** Per-symbol columns (features, labels, t1s) besides the cross-sectional ones. */
    const ownColumns = [
      ...FEATURE_COLUMNS.map((c) => c.name),
      ...LABEL_COLUMNS.map((c) => c.name),
      ...new Set(LABEL_COLUMNS.map((c) => c.end)),
      't1',
    ];
    /** Rows (of AAA) that newly became NaN, per column; throws if a NaN became a number. */
    const newlyNaN = (ds: Dataset, name: string): number[] => {
      const x = col(ref, name);
      const y = col(ds, name);
      return aaa(ds).flatMap((r, t) => {
        if (Number.isNaN(x[r]) && !Number.isNaN(y[r])) throw new Error(`${name}[${t}] was NaN, is ${y[r]}`);
        return !Number.isNaN(x[r]) && Number.isNaN(y[r]) ? [t] : [];
      });
    };
    /** Expected newly-NaN rows: K + offsets, inside AAA and where the clean column has a value. */
    const expected = (name: string, offs: number[]): number[] => {
      const x = col(ref, name);
      const rows = aaa(ref);
      return offs.map((o) => K + o).filter((t) => t >= 0 && t < rows.length && !Number.isNaN(x[rows[t]]));
    };
    const unchangedOutside = (
      ds: Dataset,
      names: readonly string[],
      symbols: (s: string) => boolean,
    ): void => {
      const sym = stringColumn(ds.table, 'symbol');
      for (const name of names) {
        const x = col(ref, name);
        const y = col(ds, name);
        sym.forEach((s, r) => {
          if (s !== null && symbols(s) && !Object.is(x[r], y[r]))
            throw new Error(`${name} of ${s} row ${r} changed from ${x[r]} to ${y[r]}`);
        });
      }
    };
    const withAAA = (edit: (p: SyntheticPanel, rows: number[]) => void): Dataset => {
      const p = copyPanel(clean);
      edit(
        p,
        p.symbol.flatMap((s, i) => (s === 'AAA' ? [i] : [])),
      );
      return build(p, market, SECTORS);
    };

    it('buildDataset(panel + a one-row symbol EEE) gives EEE NaN in every per-symbol feature and label, the market features as of its date, and its sector’s strength (from the other members)', function () {
      const p = copyPanel(clean);
      const one = randomWalkPanel([{ symbol: 'EEE', days: [300] }], 5);
      const joined: SyntheticPanel = {
        symbol: [...p.symbol, ...one.symbol],
        day: [...p.day, ...one.day],
        open: Float64Array.of(...p.open, ...one.open),
        high: Float64Array.of(...p.high, ...one.high),
        low: Float64Array.of(...p.low, ...one.low),
        close: Float64Array.of(...p.close, ...one.close),
        volume: Float64Array.of(...p.volume, ...one.volume),
      };
      const ds = build(joined, market, SECTORS);
      const r = ds.table.numRows() - 1;
      expect(stringColumn(ds.table, 'symbol')[r]).to.equal('EEE');
      for (const c of FEATURE_COLUMNS.filter((x) => !x.market)) expect(col(ds, c.name)[r], c.name).to.be.NaN;
      for (const c of FEATURE_COLUMNS.filter((x) => x.market))
        expect(col(ds, c.name)[r], c.name).to.equal(col(ref, c.name)[300]); // AAA's row on day 300
      for (const name of [...LABEL_COLUMNS.map((c) => c.name), 't1'])
        expect(col(ds, name)[r], name).to.be.NaN;
      // sector strength is the sector's (S1: AAA, BBB) mean return minus the market's, EEE's own return being NaN.
      expect(col(ds, SECTOR_RS)[r]).to.equal(col(ds, SECTOR_RS)[300]);
      expect(col(ds, SECTOR_RS)[r]).to.not.be.NaN;
      for (const [name, sources] of SOURCES)
        if (sources.every((s) => FEATURE_COLUMNS.some((c) => c.name === s && !c.market)))
          expect(col(ds, name)[r], name).to.be.NaN;
      // The other symbols' own columns are untouched.
      for (const name of ownColumns)
        expect(
          Array.from(col(ds, name).subarray(0, r)).every((v, i) => Object.is(v, col(ref, name)[i])),
          name,
        ).to.equal(true);
    });

    it('buildDataset(a one-row panel, FULL_SPEC) builds one row with NaN in every per-symbol column', function () {
      const ds = build(randomWalkPanel([{ symbol: 'AAA', days: [300] }], 3), market, SECTORS);
      expect(ds.table.numRows()).to.equal(1);
      for (const name of [
        ...FEATURE_COLUMNS.filter((c) => !c.market).map((c) => c.name),
        ...LABEL_COLUMNS.map((c) => c.name),
        't1',
      ])
        expect(col(ds, name)[0], name).to.be.NaN;
    });

    // From each module's TSDoc: the rows (offsets from K) a NaN close at K makes NaN.
    const NAN_CLOSE: Record<string, number[]> = {
      ret_1: [0, 1],
      ret_5: [0, 5],
      ret_20: [0, 20],
      ret_60: [0, 60],
      close_vs_sma_200: offsets(0, 199),
      volatility_10: offsets(0, 10), // "a NaN close spoils the two returns it enters"
      volatility_30: offsets(0, 30),
      atr_14: offsets(1, 14), // TR_{K+1} reads close_K; re-seeded by TR_{K+2..K+15}
      atr_14_pct: offsets(0, 14),
      rsi_14: offsets(0, 14), // changes K and K+1 NaN; re-seeded by changes K+2..K+15
      macd_line: offsets(0, 25), // EMA26 re-seeds on closes K+1..K+26
      macd_signal: offsets(0, 33), // then the signal on lines K+26..K+34
      macd_hist: offsets(0, 33),
      bb_pctb_20: offsets(0, 19),
      bb_width_20: offsets(0, 19),
      volume_ratio_20: [],
      volume_trend_5_20: [],
      wavelet_d1: [0, 1],
      wavelet_d4: offsets(0, 15),
      market_ret_20: [],
      market_vol_norm: [],
      market_regime: [],
      fwd_ret_5: [-5, 0],
      fwd_logret_5: [-5, 0],
      excess_ret_5: [-5, 0],
      direction_5: [-5, 0],
      next_ret_1: [-1, 0],
      vol_spike_7: offsets(-7, 30), // future window reads closes t..t+7, trailing t−30..t
      drawdown_14: [-14, 0],
    };

    it('buildDataset(AAA with a NaN close at row K) makes exactly the documented rows NaN in each of AAA’s columns, and no other symbol’s own column changes', function () {
      const ds = withAAA((p, rows) => (p.close[rows[K]] = NaN));
      for (const c of [...FEATURE_COLUMNS, ...LABEL_COLUMNS.filter((x) => !x.label.startsWith('triple'))]) {
        const offs = NAN_CLOSE[c.name];
        if (!offs)
          throw new Error(`pipeline-real.test.ts: say which rows a NaN close makes NaN in ${c.name}`);
        expect(newlyNaN(ds, c.name), c.name).to.deep.equal(expected(c.name, offs));
      }
      for (const [name, sources] of SOURCES) {
        const union = [...new Set(sources.flatMap((s) => expected(s, NAN_CLOSE[s] ?? [])))].sort(
          (a, b) => a - b,
        );
        expect(newlyNaN(ds, name), name).to.deep.equal(
          union.filter((t) => !Number.isNaN(col(ref, name)[aaa(ref)[t]])),
        );
      }
      expect(newlyNaN(ds, SECTOR_RS), `${SECTOR_RS}: the sector's mean skips AAA's NaN return`).to.deep.equal(
        [],
      );
      unchangedOutside(ds, ownColumns, (s) => s !== 'AAA');
    });

    it('buildDataset(AAA with a NaN close at row K): the triple barrier leaves row K unlabelled, a NaN close touches no barrier, and rows whose path ends before K are unchanged', function () {
      const ds = withAAA((p, rows) => (p.close[rows[K]] = NaN));
      const rows = aaa(ds);
      const date = col(ds, 'date');
      for (const name of ['tb_label', 'tb_binary', 'tb_return', 't1_tb_label']) {
        const x = col(ds, name);
        expect(x[rows[K]], name).to.be.NaN;
        for (let t = 0; t < K - 10; t++)
          expect(Object.is(x[rows[t]], col(ref, name)[rows[t]]), `${name}[${t}]`).to.equal(true);
      }
      const t1 = col(ds, 't1_tb_label');
      for (let t = K - 10; t < K; t++) expect(t1[rows[t]], `t1_tb_label[${t}]`).to.not.equal(date[rows[K]]);
    });

    for (const column of ['high', 'low'] as const)
      it(`buildDataset(AAA with a NaN ${column} at row K) makes only atr_14 and atr_14_pct NaN, on rows K … K + 13 (TR_K NaN, re-seeded by TR_{K+1..K+14})`, function () {
        const ds = withAAA((p, rows) => (p[column][rows[K]] = NaN));
        for (const name of ['atr_14', 'atr_14_pct'])
          expect(newlyNaN(ds, name), name).to.deep.equal(offsets(K, K + 13));
        unchangedOutside(
          ds,
          ownColumns.filter((n) => !n.startsWith('atr_')),
          () => true,
        );
      });

    it('buildDataset(AAA with a NaN volume at row K) makes only volume_ratio_20 and volume_trend_5_20 NaN, on rows K … K + 19 (while the NaN is in the window)', function () {
      const ds = withAAA((p, rows) => (p.volume[rows[K]] = NaN));
      for (const name of ['volume_ratio_20', 'volume_trend_5_20'])
        expect(newlyNaN(ds, name), name).to.deep.equal(offsets(K, K + 19));
      unchangedOutside(
        ds,
        ownColumns.filter((n) => !n.startsWith('volume_')),
        () => true,
      );
    });

    it('buildDataset(AAA with a NaN open at row K) is identical in every column: no feature or label reads open', function () {
      const ds = withAAA((p, rows) => (p.open[rows[K]] = NaN));
      unchangedOutside(ds, [...ds.featureNames, ...ds.labelNames, 't1'], () => true);
    });

    it('buildDataset(AAA with zero volume at row K) gives volume_ratio_20 = 0 there and finite volume features everywhere after the warm-up', function () {
      const ds = withAAA((p, rows) => (p.volume[rows[K]] = 0));
      const rows = aaa(ds);
      expect(col(ds, 'volume_ratio_20')[rows[K]]).to.equal(0);
      for (const name of ['volume_ratio_20', 'volume_trend_5_20'])
        expect(newlyNaN(ds, name), name).to.deep.equal([]);
      unchangedOutside(
        ds,
        ownColumns.filter((n) => !n.startsWith('volume_')),
        () => true,
      );
    });

    it('buildDataset(AAA halted 25 days at a flat price with zero volume) gives volume_ratio_20 0 then NaN where the 20-day mean volume is 0, bb_pctb_20 NaN and bb_width_20 0 on 20 equal closes, no ±Infinity', function () {
      const H = 25;
      const ds = withAAA((p, rows) => {
        const c = p.close[rows[K - 1]];
        for (let t = K; t < K + H; t++) {
          const r = rows[t];
          p.open[r] = p.high[r] = p.low[r] = p.close[r] = c;
          p.volume[r] = 0;
        }
      });
      const rows = aaa(ds);
      const at = (name: string, from: number, to: number) =>
        Array.from(rows.slice(from, to), (r) => col(ds, name)[r]);
      // volume_ratio: 0 / mean > 0 while a traded day is in the window (K … K+18); 0 / 0 → NaN (K+19 … K+24).
      expect(at('volume_ratio_20', K, K + 19)).to.deep.equal(new Array<number>(19).fill(0));
      expect(at('volume_ratio_20', K + 19, K + H)).to.deep.equal(new Array<number>(H - 19).fill(NaN));
      expect(at('volume_trend_5_20', K + 4, K + 19)).to.deep.equal(new Array<number>(15).fill(0));
      expect(at('volume_trend_5_20', K + 19, K + H)).to.deep.equal(new Array<number>(H - 19).fill(NaN));
      // Bollinger: closes K−1 … K+24 are equal, so the windows ending at K+18 … K+24 have zero width.
      expect(at('bb_pctb_20', K + 18, K + H)).to.deep.equal(new Array<number>(H - 18).fill(NaN));
      expect(at('bb_width_20', K + 18, K + H)).to.deep.equal(new Array<number>(H - 18).fill(0));
      expect(at('bb_pctb_20', K + 17, K + 18)[0]).to.not.be.NaN;
      for (const name of ['ret_1', 'volatility_10', 'wavelet_d1'])
        expect(
          at(name, K + 10, K + H).every((v) => v === 0),
          name,
        ).to.equal(true);
      for (const name of ds.featureNames)
        expect(
          col(ds, name).every((v) => Number.isNaN(v) || Number.isFinite(v)),
          `${name} has no ±Infinity`,
        ).to.equal(true);
      // Trading resumes: finite again once the window holds a traded day.
      expect(Number.isFinite(at('volume_ratio_20', K + H, K + H + 1)[0])).to.equal(true);
    });

    // src bug (reported): rollingMean keeps a running sum that it re-sums only on rows t with
    // (t + 1) % n = 0, so an all-zero window reached in between, after fractional volumes, averages to
    // ~1e-13 instead of 0, and volume_ratio_20 is 0 / 1e-13 = 0 instead of the documented NaN (whole-share
    // volumes, as in the real data, sum exactly). Unskip once rolling.ts is fixed.
    it('buildDataset(AAA with fractional volumes, then 25 zero-volume days from each of 20 start rows) gives volume_ratio_20 NaN wherever the 20-day mean volume is 0', function () {
      for (let s = K; s < K + 20; s++) {
        const ds = withAAA((p, rows) => {
          for (const r of rows) p.volume[r] += 0.37;
          for (let t = s; t < s + 25; t++) p.volume[rows[t]] = 0;
        });
        const rows = aaa(ds);
        expect(
          Array.from(rows.slice(s + 19, s + 25), (r) => col(ds, 'volume_ratio_20')[r]),
          `halt from row ${s}`,
        ).to.deep.equal(new Array<number>(6).fill(NaN));
      }
    });
  });
});
