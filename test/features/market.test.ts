/**
 * Market context features.
 *
 * Sources: test/fixtures/rolling/market.json (pandas 1.5.3 on ../shared/data, written by
 * test/fixtures/rolling/generate.py) for normalizedVolatility and the regime rule on SPY and for the
 * equal-weight index of the real panel; a brute-force as-of search for alignAsOf; hand-built synthetic
 * series (named as such) for the regime cases and the tiny equal-weight panel; PROVENANCE.md §1 for the
 * 1,259 trading days. The SPY correlation (> 0.9) is a soft sanity check on real data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { importOhlcv } from '../../src/data/import.js';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import {
  alignAsOf,
  equalWeightIndex,
  marketRegime,
  marketRegimeFeature,
  marketReturnFeature,
  marketVolatilityFeature,
  normalizedVolatility,
} from '../../src/features/market.js';
import { pctChange } from '../../src/features/rolling.js';
import type { MarketSeries, SymbolSeries } from '../../src/features/types.js';
import { SchemaError } from '../../src/util/errors.js';
import { checkFeatureContract } from '../contracts/feature-contract.js';

const DATA_DIR = process.env.QUANTBOOK_DATA
  ? path.resolve(process.env.QUANTBOOK_DATA)
  : path.resolve('../shared/data');

type Column = (number | null)[];
interface MarketFixture {
  spy: {
    source: string;
    date: string[];
    close: Column;
    vol_norm: Record<string, Column>;
    regime_200_20: Column;
  };
  equal_weight: { source: string; date: string[]; level: Column };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/rolling/market.json', import.meta.url), 'utf8'),
) as MarketFixture;

const toSeries = (c: Column): Float64Array => Float64Array.from(c, (v) => (v === null ? NaN : v));
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const DAY = 86_400_000;

function expectSeries(got: Float64Array, want: Column, rel: number, label: string): void {
  expect(got.length, `${label}: length`).to.equal(want.length);
  want.forEach((w, t) => {
    if (w === null) expect(got[t], `${label}[${t}] should be NaN`).to.be.NaN;
    else expect(got[t], `${label}[${t}]`).to.be.closeTo(w, rel * Math.max(1, Math.abs(w)));
  });
}

function symbolSeries(dates: Float64Array, close?: Float64Array): SymbolSeries {
  const c = close ?? new Float64Array(dates.length).fill(100);
  return { symbol: 'TEST', date: dates, open: c, high: c, low: c, close: c, volume: c };
}

const spy: MarketSeries = {
  date: Float64Array.from(fixture.spy.date, day),
  close: toSeries(fixture.spy.close),
};

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('features/market', function () {
  describe('alignAsOf', function () {
    const sortedDays = (min: number) =>
      fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: min, maxLength: 40 }).map((a) =>
        Float64Array.from(
          a.sort((x, y) => x - y),
          (d) => d * DAY,
        ),
      );

    it('alignAsOf(source, values, target) takes the value at the latest source date ≤ each target (brute force, fast-check)', function () {
      fc.assert(
        fc.property(sortedDays(0), sortedDays(0), (source, target) => {
          const values = Float64Array.from(source, (_, j) => j); // value = source index, to see which row was taken
          const got = alignAsOf(source, values, target);
          target.forEach((t, i) => {
            let want = NaN;
            for (let j = 0; j < source.length; j++) if (source[j] <= t) want = j;
            expect(got[i], `target ${i}`).to.deep.equal(want);
            // Never looks forward: the row taken is dated at or before the target.
            if (!Number.isNaN(got[i])) expect(source[got[i]]).to.be.at.most(t);
          });
        }),
      );
    });

    it('alignAsOf(source, values, target): changing source rows after date T leaves targets ≤ T unchanged (fast-check)', function () {
      fc.assert(
        fc.property(
          sortedDays(1),
          sortedDays(1),
          fc.integer({ min: 0, max: 200 }),
          fc.double({ noNaN: true }),
          (source, target, tDay, v) => {
            const T = tDay * DAY;
            const values = Float64Array.from(source, (_, j) => j + 0.5);
            const changed = values.map((x, j) => (source[j] > T ? v : x));
            const a = alignAsOf(source, values, target);
            const b = alignAsOf(source, changed, target);
            target.forEach((t, i) => {
              if (t <= T) expect(Object.is(a[i], b[i]), `target ${i}`).to.equal(true);
            });
          },
        ),
      );
    });

    it('alignAsOf gives NaN before the first source date and for a NaN target date', function () {
      const got = alignAsOf(
        Float64Array.of(10, 20),
        Float64Array.of(1, 2),
        Float64Array.of(5, NaN, 10, 15, 25),
      );
      expect(Array.from(got)).to.deep.equal([NaN, NaN, 1, 1, 2]);
    });
  });

  describe('marketRegime on synthetic series (hand-built, smaPeriod 3, slopePeriod 2)', function () {
    const first = (a: Float64Array) => a.findIndex((v) => !Number.isNaN(v));

    it('marketRegime(rising 1..10, 3, 2) is 2 (bull) from index 4 = smaPeriod − 1 + slopePeriod', function () {
      const got = marketRegime(
        Float64Array.from({ length: 10 }, (_, t) => t + 1),
        3,
        2,
      );
      expect(Array.from(got)).to.deep.equal([NaN, NaN, NaN, NaN, 2, 2, 2, 2, 2, 2]);
    });

    it('marketRegime(falling 10..1, 3, 2) is 0 (bear) after warm-up', function () {
      const got = marketRegime(
        Float64Array.from({ length: 10 }, (_, t) => 10 - t),
        3,
        2,
      );
      expect(Array.from(got)).to.deep.equal([NaN, NaN, NaN, NaN, 0, 0, 0, 0, 0, 0]);
    });

    it('marketRegime(flat 5, 3, 2) is 1 (sideways): the SMA neither rises nor falls', function () {
      expect(Array.from(marketRegime(new Float64Array(8).fill(5), 3, 2).subarray(4))).to.deep.equal([
        1, 1, 1, 1,
      ]);
    });

    it('marketRegime(rise then sharp drop, 3, 2) is 1 when price is below a still-rising SMA', function () {
      // closes 1..6 then 2: SMA3 at t=6 is (5+6+2)/3 = 4.33 > SMA3 at t=4 (= 4), close 2 < 4.33 → sideways.
      const got = marketRegime(Float64Array.of(1, 2, 3, 4, 5, 6, 2), 3, 2);
      expect(Array.from(got)).to.deep.equal([NaN, NaN, NaN, NaN, 2, 2, 1]);
    });

    it('marketRegime(fall then sharp rise, 3, 2) is 1 when price is above a still-falling SMA', function () {
      // closes 10..5 then 9: SMA3 at t=6 = (6+5+9)/3 = 6.67 < SMA3 at t=4 (= 7), close 9 > 6.67 → sideways.
      const got = marketRegime(Float64Array.of(10, 9, 8, 7, 6, 5, 9), 3, 2);
      expect(Array.from(got)).to.deep.equal([NaN, NaN, NaN, NaN, 0, 0, 1]);
    });

    it('marketRegime(x, s, k): first non-NaN index is marketRegimeFeature.lookback = s − 1 + k (fast-check)', function () {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }),
          fc.integer({ min: 1, max: 10 }),
          fc.integer({ min: 1, max: 10 }),
          (xs, s, k) => {
            const got = marketRegime(Float64Array.from(xs), s, k);
            const lookback = marketRegimeFeature.lookback({ smaPeriod: s, slopePeriod: k });
            expect(lookback).to.equal(s - 1 + k);
            expect(first(got)).to.equal(lookback < xs.length ? lookback : -1);
            for (const v of got.subarray(lookback)) expect([0, 1, 2]).to.include(v);
          },
        ),
      );
    });

    it('marketRegime(SPY close, 200, 20) matches the pandas rule (close vs SMA200, SMA200.diff(20))', function () {
      expectSeries(marketRegime(spy.close, 200, 20), fixture.spy.regime_200_20, 0, 'regime');
    });

    for (const [call, fn, message] of [
      [
        'marketRegime(x, 0, 20)',
        () => marketRegime(spy.close, 0, 20),
        'marketRegime: smaPeriod must be an integer ≥ 1, got 0',
      ],
      [
        'marketRegime(x, 200, 2.5)',
        () => marketRegime(spy.close, 200, 2.5),
        'marketRegime: slopePeriod must be an integer ≥ 1, got 2.5',
      ],
    ] as const)
      it(`${call} throws a RangeError echoing the value`, function () {
        expect(fn).to.throw(RangeError, message);
      });
  });

  describe('normalizedVolatility', function () {
    for (const key of Object.keys(fixture.spy.vol_norm)) {
      const [w, m] = key.split(':').map(Number);
      it(`normalizedVolatility(SPY close, ${w}, ${m}) matches pandas pct_change().rolling(${w}).std() / its rolling(${m}).median()`, function () {
        expectSeries(normalizedVolatility(spy.close, w, m), fixture.spy.vol_norm[key], 1e-9, key);
      });
    }

    it('normalizedVolatility(x, w, m): first non-NaN index is marketVolatilityFeature.lookback = w + m − 1 (fast-check)', function () {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 1, maxLength: 80 }),
          fc.integer({ min: 2, max: 10 }),
          fc.integer({ min: 1, max: 10 }),
          (xs, w, m) => {
            const x = Float64Array.from(xs, (v, t) => v + t * 1e-3); // never constant: std > 0
            const got = normalizedVolatility(x, w, m);
            const lookback = marketVolatilityFeature.lookback({ window: w, medianWindow: m });
            expect(lookback).to.equal(w + m - 1);
            expect(got.findIndex((v) => !Number.isNaN(v))).to.equal(lookback < x.length ? lookback : -1);
          },
        ),
      );
    });
  });

  describe('equalWeightIndex', function () {
    it('equalWeightIndex on a tiny synthetic panel (by hand): mean of the day’s returns, compounded from 1', function () {
      // A: 10 → 11 → 12.1 (+10 %, +10 %); B starts on day 2: 20 → 18 (−10 % on day 3); C: one row on day 3.
      const symbols = ['A', 'A', 'A', 'B', 'B', 'C'];
      const dates = Float64Array.of(1, 2, 3, 2, 3, 3).map((d) => d * DAY);
      const close = Float64Array.of(10, 11, 12.1, 20, 18, 50);
      const got = equalWeightIndex(symbols, dates, close);
      expect(Array.from(got.date)).to.deep.equal([DAY, 2 * DAY, 3 * DAY]);
      expect(got.close[0]).to.equal(1);
      expect(got.close[1]).to.be.closeTo(1.1, 1e-15); // only A has a return on day 2 (B's first row has none)
      expect(got.close[2]).to.be.closeTo(1.1 * (1 + (0.1 - 0.1) / 2), 1e-15); // C's single row has no return
    });

    it('equalWeightIndex never takes a return across two symbols (B’s first close is not compared with A’s last)', function () {
      const got = equalWeightIndex(
        ['A', 'A', 'B', 'B'],
        Float64Array.of(DAY, 2 * DAY, 2 * DAY, 3 * DAY),
        Float64Array.of(1, 1, 1000, 1000),
      );
      expect(Array.from(got.close)).to.deep.equal([1, 1, 1]);
    });

    it('equalWeightIndex skips a return with a NaN close and keeps the level on a day without returns', function () {
      const got = equalWeightIndex(
        ['A', 'A', 'A', 'A'],
        Float64Array.of(1, 2, 3, 4).map((d) => d * DAY),
        Float64Array.of(10, NaN, 10, 12),
      );
      expect(Array.from(got.close)).to.deep.equal([1, 1, 1, 1.2]);
    });

    describe('on the real panel (../shared/data/all_stocks_5yr.csv.gz)', function () {
      let index: MarketSeries;
      before(function () {
        const panel = importOhlcv(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz'));
        index = equalWeightIndex(
          stringColumn(panel, 'symbol'),
          numericColumn(panel, 'date'),
          numericColumn(panel, 'close'),
        );
      });

      it('equalWeightIndex(panel) has the panel’s 1,259 trading days, 2013-02-08..2018-02-07 (PROVENANCE.md §1)', function () {
        expect(index.date.length).to.equal(1259);
        expect(index.date[0]).to.equal(day('2013-02-08'));
        expect(index.date[1258]).to.equal(day('2018-02-07'));
        for (let k = 1; k < index.date.length; k++)
          expect(index.date[k]).to.be.greaterThan(index.date[k - 1]);
      });

      it('equalWeightIndex(panel) matches pandas groupby(Name).close.pct_change() → mean per date → cumprod', function () {
        expect(Array.from(index.date)).to.deep.equal(fixture.equal_weight.date.map(day));
        expectSeries(index.close, fixture.equal_weight.level, 1e-11, 'level');
      });

      it('equalWeightIndex(panel) daily returns correlate with SPY’s above 0.9 (soft real-data check)', function () {
        const spyOnIndex = alignAsOf(spy.date, spy.close, index.date);
        const a = pctChange(index.close, 1).subarray(1);
        const b = pctChange(spyOnIndex, 1).subarray(1);
        expect(correlation(a, b)).to.be.greaterThan(0.9);
      });
    });
  });

  describe('market feature definitions', function () {
    // The contract's market close becomes a market series on the symbol's own calendar (a new object per
    // call, so the memo never serves a stale series); small windows keep the series short.
    const onOwnCalendar = (series: SymbolSeries, marketClose: Float64Array) => ({
      market: { date: series.date, close: marketClose },
    });
    checkFeatureContract(marketReturnFeature, { period: 5 }, { context: onOwnCalendar });
    checkFeatureContract(
      marketVolatilityFeature,
      { window: 5, medianWindow: 10 },
      { context: onOwnCalendar },
    );
    checkFeatureContract(marketRegimeFeature, { smaPeriod: 10, slopePeriod: 3 }, { context: onOwnCalendar });

    const dates = spy.date.subarray(300, 700).filter((_, i) => i % 3 !== 1); // a symbol that skips some market days
    const s = symbolSeries(dates);
    const defs = [
      [marketReturnFeature, { period: 20 }, ['market_ret_20'], (m: MarketSeries) => pctChange(m.close, 20)],
      [
        marketVolatilityFeature,
        { window: 20, medianWindow: 252 },
        ['market_vol_norm'],
        (m: MarketSeries) => normalizedVolatility(m.close, 20, 252),
      ],
      [
        marketRegimeFeature,
        { smaPeriod: 200, slopePeriod: 20 },
        ['market_regime'],
        (m: MarketSeries) => marketRegime(m.close, 200, 20),
      ],
    ] as const;

    for (const [def, params, outputs, direct] of defs) {
      it(`${def.name}.compute(series, ${JSON.stringify(params)}, {}) throws a SchemaError naming ${def.name}`, function () {
        expect(def.needsMarket).to.equal(true);
        expect(() => def.compute(s, params as never, {})).to.throw(
          SchemaError,
          `${def.name}: needs a market series`,
        );
      });

      it(`${def.name}.compute(series, defaults, { market }) equals alignAsOf(market.date, recomputed on the market, series.date)`, function () {
        expect(def.defaults).to.deep.equal(params);
        expect(def.outputs(params as never)).to.deep.equal(outputs);
        const got = def.compute(s, params as never, { market: spy });
        expect(got.length).to.equal(1);
        const want = alignAsOf(spy.date, direct(spy), dates);
        expect(Array.from(got[0])).to.deep.equal(Array.from(want));
        expect(got[0].some((v) => !Number.isNaN(v))).to.equal(true);
      });

      it(`${def.name}.compute runs once per market series for all symbols (memo), and again for a new series`, function () {
        const counted = () => {
          const closes = spy.close.slice();
          const market = {
            reads: 0,
            date: spy.date,
            get close() {
              market.reads++;
              return closes;
            },
          };
          return market;
        };
        const market = counted();
        const a = def.compute(s, params as never, { market })[0];
        const other = symbolSeries(spy.date.subarray(100, 400));
        const b = def.compute(other, params as never, { market })[0];
        def.compute(s, params as never, { market });
        expect(market.reads, 'close reads for three symbols').to.equal(1);
        expect(Array.from(a)).to.deep.equal(Array.from(alignAsOf(spy.date, direct(spy), s.date)));
        expect(Array.from(b)).to.deep.equal(Array.from(alignAsOf(spy.date, direct(spy), other.date)));
        const fresh = counted();
        const c = def.compute(s, params as never, { market: fresh })[0];
        expect(fresh.reads, 'a new series object is computed afresh').to.equal(1);
        expect(Array.from(c)).to.deep.equal(Array.from(a));
      });
    }

    it('market features differ per parameter set on one market (the memo key holds the parameters)', function () {
      const a = marketReturnFeature.compute(s, { period: 5 }, { market: spy })[0];
      const b = marketReturnFeature.compute(s, { period: 20 }, { market: spy })[0];
      expect(Array.from(a)).to.deep.equal(Array.from(alignAsOf(spy.date, pctChange(spy.close, 5), dates)));
      expect(Array.from(b)).to.deep.equal(Array.from(alignAsOf(spy.date, pctChange(spy.close, 20), dates)));
    });

    it('a market feature on dates before the market series starts is NaN', function () {
      const early = symbolSeries(Float64Array.of(day('2011-06-01'), day('2011-06-02')));
      expect(Array.from(marketReturnFeature.compute(early, { period: 1 }, { market: spy })[0])).to.deep.equal(
        [NaN, NaN],
      );
    });

    for (const [call, fn, message] of [
      [
        'marketReturnFeature.validate({ period: 0 })',
        () => marketReturnFeature.validate({ period: 0 }),
        'market_return: period must be an integer ≥ 1, got 0',
      ],
      [
        'marketVolatilityFeature.validate({ window: 1, medianWindow: 252 })',
        () => marketVolatilityFeature.validate({ window: 1, medianWindow: 252 }),
        'market_volatility: window must be an integer ≥ 2, got 1',
      ],
      [
        'marketVolatilityFeature.validate({ window: 20, medianWindow: 0.5 })',
        () => marketVolatilityFeature.validate({ window: 20, medianWindow: 0.5 }),
        'market_volatility: medianWindow must be an integer ≥ 1, got 0.5',
      ],
      [
        'marketRegimeFeature.validate({ smaPeriod: -1, slopePeriod: 20 })',
        () => marketRegimeFeature.validate({ smaPeriod: -1, slopePeriod: 20 }),
        'market_regime: smaPeriod must be an integer ≥ 1, got -1',
      ],
    ] as const)
      it(`${call} throws a RangeError echoing the value`, function () {
        expect(fn).to.throw(RangeError, message);
      });
  });
});
