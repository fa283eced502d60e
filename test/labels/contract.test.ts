/**
 * The label contract (DESIGN.md §1, src/features/types.ts LabelDefinition) over every label of
 * src/labels, with fast-check on random positive price walks (1–60 rows, irregular dates, random
 * parameters). Writing `end(t)` for the row whose date is `t1[t]`:
 *
 * - t1: NaN exactly where the label is NaN; otherwise `end(t)` ∈ (t, t + horizon] (so t1 > date_t), and
 *   = t + h for the fixed-horizon labels; rows with t + horizon past the data are NaN, except a triple
 *   barrier touched before the data end (label ±1); on NaN-free data every other row after the warm-up
 *   is known (the triple barrier's where σ_t > 0).
 * - depends only on rows in (t, t1]: replacing the close (and the market close) of any row k > end(t) —
 *   by another price or by NaN — leaves row t's values and t1 unchanged. Rows at or before t: only
 *   close_t and the inputs of quantities the label computes from the past are read — none for the
 *   forward-return family (k < t is free), the trailing window for the volatility spike (k < t − window
 *   is free), σ_t for the triple barrier (its EWM reaches back to the first row, so the property holds
 *   with σ given: `tripleBarrier(close, params, vol)` ignores every close before t).
 * - edge cases: no rows, one row, inputs not mutated, bad parameters rejected with the value echoed.
 * - the real panel (505 symbols, 619,040 rows): every label per symbol, t1 > date, timing.
 */
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { importOhlcv } from '../../src/data/import.js';
import { numericColumn, stringColumn, symbolRanges } from '../../src/data/panel.js';
import type { FeatureContext, LabelDefinition, SymbolSeries } from '../../src/features/types.js';
import { LABEL_DEFINITIONS } from '../../src/labels/index.js';
import { dailyVolatility } from '../../src/labels/daily-volatility.js';
import { tripleBarrier, type TripleBarrierParams } from '../../src/labels/triple-barrier.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own params type
type AnyLabel = LabelDefinition<any>;

const DAY = 86_400_000;
const DATA_DIR = process.env.QUANTBOOK_DATA ?? path.resolve('../shared/data');

interface LabelCase {
  def: AnyLabel;
  params: fc.Arbitrary<object>;
  /** Rows before t the label reads: 0, the trailing window, or Infinity (σ's EWM). */
  pastReads: (params: object) => number;
  /** Fixed horizon: end(t) = t + horizon for every known row. */
  fixed: boolean;
  /** First row known on NaN-free data (warm-up). */
  firstKnown: (params: object) => number;
}

const h = (max: number) => fc.integer({ min: 1, max });
const zero = () => 0;
const CASES: Record<string, Omit<LabelCase, 'def'>> = {
  forward_return: {
    params: fc.record({ h: h(6), log: fc.boolean() }),
    pastReads: zero,
    fixed: true,
    firstKnown: zero,
  },
  excess_return: {
    params: fc.record({ h: h(6), log: fc.boolean() }),
    pastReads: zero,
    fixed: true,
    firstKnown: zero,
  },
  direction: { params: fc.record({ h: h(6) }), pastReads: zero, fixed: true, firstKnown: zero },
  next_day_return: { params: fc.constant({}), pastReads: zero, fixed: true, firstKnown: zero },
  volatility_spike: {
    params: fc.record({
      lookahead: fc.integer({ min: 2, max: 5 }),
      window: fc.integer({ min: 2, max: 6 }),
      threshold: fc.double({ min: 0.5, max: 3, noNaN: true }),
    }),
    pastReads: (p) => (p as { window: number }).window,
    fixed: true,
    firstKnown: (p) => (p as { window: number }).window,
  },
  drawdown: {
    params: fc.record({ h: h(6), threshold: fc.double({ min: -0.3, max: -0.01, noNaN: true }) }),
    pastReads: zero,
    fixed: true,
    firstKnown: zero,
  },
  triple_barrier: {
    params: fc.record({
      h: h(8),
      ptSl: fc.tuple(fc.constantFrom(0, 0.5, 1, 2), fc.constantFrom(0, 0.5, 1, 2)),
      volSpan: fc.integer({ min: 2, max: 30 }),
      volMinPeriods: fc.integer({ min: 0, max: 4 }),
      minRet: fc.constant(0),
      verticalLabel: fc.constantFrom('zero' as const, 'sign' as const),
    }),
    pastReads: () => Infinity,
    fixed: false,
    firstKnown: (p) => Math.max(2, (p as { volMinPeriods: number }).volMinPeriods),
  },
};

/** What the causality title says about rows before t. */
const PAST_NOTE: Record<string, string> = {
  volatility_spike: '; so does a row k < t − window (before the trailing window)',
  triple_barrier: ' (rows before t move σ_t: see "with σ given")',
};

/** A positive random walk (close and market) with strictly increasing, irregular dates. */
const walk = (minLength = 1) =>
  fc
    .array(
      fc.record({
        r: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
        m: fc.double({ min: -0.04, max: 0.04, noNaN: true }),
        gap: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength, maxLength: 60 },
    )
    .map((draws) => {
      const n = draws.length;
      const date = new Float64Array(n);
      const close = new Float64Array(n);
      const market = new Float64Array(n);
      let d = Date.UTC(2015, 0, 2);
      let c = 50;
      let m = 2000;
      draws.forEach((x, i) => {
        d += x.gap * DAY;
        c *= Math.exp(x.r);
        m *= Math.exp(x.m);
        date[i] = d;
        close[i] = c;
        market[i] = m;
      });
      return { date, close, market };
    });

function seriesOf(date: Float64Array, close: Float64Array): SymbolSeries {
  return { symbol: 'TEST', date, open: close, high: close, low: close, close, volume: close };
}

/** Row index of each t1 (−1 where NaN). */
function endRows(date: Float64Array, t1: Float64Array): Int32Array {
  const row = new Map<number, number>();
  date.forEach((d, i) => row.set(d, i));
  return Int32Array.from(t1, (v) => (Number.isNaN(v) ? -1 : (row.get(v) ?? -2)));
}

function run(def: AnyLabel, params: object, date: Float64Array, close: Float64Array, market: Float64Array) {
  const ctx: FeatureContext = { marketClose: market };
  return def.compute(seriesOf(date, close), params, ctx);
}

for (const def of LABEL_DEFINITIONS as readonly AnyLabel[]) {
  const c = { def, ...CASES[def.name] };
  describe(`label contract: ${def.name}`, function () {
    it(`${def.name}: outputs(params) names one (nObs,) column each; t1 is (nObs,); 0 and 1 rows give empty / all-NaN results`, function () {
      fc.assert(
        fc.property(c.params, (params) => {
          def.validate(params);
          expect(def.horizon(params)).to.be.a('number').and.to.be.at.least(1);
          const names = def.outputs(params);
          expect(new Set(names).size).to.equal(names.length);
          for (const n of [0, 1]) {
            const r = run(
              def,
              params,
              new Float64Array(n).fill(DAY),
              new Float64Array(n).fill(10),
              new Float64Array(n).fill(10),
            );
            expect(r.values).to.have.length(names.length);
            for (const v of [...r.values, r.t1])
              expect(Array.from(v, Number.isNaN)).to.deep.equal(new Array<boolean>(n).fill(true));
          }
        }),
        { numRuns: 30 },
      );
    });

    it(`${def.name}: t1 is NaN exactly where the label is; else end(t) ∈ (t, t + horizon] and t1 > date_t; rows past the data are NaN${c.fixed ? '' : ' unless a horizontal barrier was touched'}; on NaN-free data every other row is known${c.fixed ? '' : ' (where σ_t > 0)'}`, function () {
      fc.assert(
        fc.property(walk(), c.params, ({ date, close, market }, params) => {
          const r = run(def, params, date, close, market);
          const n = date.length;
          const H = def.horizon(params);
          const end = endRows(date, r.t1);
          const tb = params as TripleBarrierParams;
          const sigma = c.fixed ? undefined : dailyVolatility(close, tb.volSpan, tb.volMinPeriods);
          for (let t = 0; t < n; t++) {
            const known = !Number.isNaN(r.t1[t]);
            for (const v of r.values)
              expect(Number.isNaN(v[t]), `row ${t}: value NaN iff t1 NaN`).to.equal(!known);
            if (known) {
              expect(r.t1[t]).to.be.greaterThan(date[t]);
              expect(end[t], `row ${t}: end`).to.be.within(t + 1, t + H);
              if (c.fixed) expect(end[t]).to.equal(t + H);
            }
            if (t + H > n - 1) {
              if (c.fixed || !known) expect(known, `row ${t} of ${n}`).to.equal(false);
              else expect(Math.abs(r.values[0][t]), `row ${t}: a horizontal touch`).to.equal(1);
            } else if (t >= c.firstKnown(params) && (c.fixed || sigma![t] > 0))
              expect(known, `row ${t}`).to.equal(true);
          }
        }),
        { numRuns: 150 },
      );
    });

    it(`${def.name}: replacing the close (and market close) of a row k > end(t) by another price or NaN leaves row t unchanged${PAST_NOTE[def.name] ?? '; so does a row k < t'}`, function () {
      fc.assert(
        fc.property(
          walk(2),
          c.params,
          fc.nat(),
          fc.oneof(fc.constant(NaN), fc.double({ min: 0.2, max: 5, noNaN: true })),
          ({ date, close, market }, params, kSeed, factor) => {
            const n = date.length;
            const k = kSeed % n;
            const before = run(def, params, date, close, market);
            const close2 = close.slice();
            const market2 = market.slice();
            close2[k] = close[k] * factor;
            market2[k] = market[k] * factor;
            const after = run(def, params, date, close2, market2);
            const end = endRows(date, before.t1);
            const past = c.pastReads(params);
            for (let t = 0; t < n; t++) {
              const free = (end[t] >= 0 && k > end[t]) || k < t - past;
              if (!free) continue;
              expect(Object.is(after.t1[t], before.t1[t]), `t1[${t}], k = ${k}`).to.equal(true);
              before.values.forEach((v, j) =>
                expect(Object.is(after.values[j][t], v[t]), `value ${j} at row ${t}, k = ${k}`).to.equal(
                  true,
                ),
              );
            }
          },
        ),
        { numRuns: 200 },
      );
    });

    it(`${def.name}: compute does not modify its inputs`, function () {
      fc.assert(
        fc.property(walk(), c.params, ({ date, close, market }, params) => {
          const copies = [date.slice(), close.slice(), market.slice()];
          run(def, params, date, close, market);
          expect([date, close, market]).to.deep.equal(copies);
        }),
        { numRuns: 30 },
      );
    });
  });
}

describe('label contract: triple barrier with σ given', function () {
  it('tripleBarrier(close, params, vol): replacing a close at k < t or k > end(t) leaves row t unchanged (only close_t, σ_t and (t, t1] are read)', function () {
    fc.assert(
      fc.property(
        walk(2),
        CASES.triple_barrier.params,
        fc.array(fc.double({ min: 0.001, max: 0.1, noNaN: true }), { minLength: 60, maxLength: 60 }),
        fc.nat(),
        fc.oneof(fc.constant(NaN), fc.double({ min: 0.2, max: 5, noNaN: true })),
        ({ close }, params, volDraws, kSeed, factor) => {
          const n = close.length;
          const vol = Float64Array.from(volDraws.slice(0, n));
          const k = kSeed % n;
          const before = tripleBarrier(close, params, vol);
          const close2 = close.slice();
          close2[k] = close[k] * factor;
          const after = tripleBarrier(close2, params, vol);
          for (let t = 0; t < n; t++) {
            if (!(k < t || (before.end[t] >= 0 && k > before.end[t]))) continue;
            expect(after.end[t], `end[${t}], k = ${k}`).to.equal(before.end[t]);
            for (const key of ['label', 'binary', 'ret'] as const)
              expect(Object.is(after[key][t], before[key][t]), `${key}[${t}], k = ${k}`).to.equal(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('labels on the real panel (all_stocks_5yr.csv.gz: 505 symbols, 619,040 rows)', function () {
  this.timeout(120_000);

  it('every label with its defaults, per symbol: t1 > date where known, NaN for the last horizon rows of each symbol unless touched, known counts', function () {
    const panel = importOhlcv(path.join(DATA_DIR, 'all_stocks_5yr.csv.gz'));
    const spy = importOhlcv(path.join(DATA_DIR, 'SPY_daily_2012-2018.csv.gz'), { symbol: 'SPY' });
    const ranges = symbolRanges(stringColumn(panel, 'symbol'));
    const date = numericColumn(panel, 'date');
    const close = numericColumn(panel, 'close');
    const spyDate = numericColumn(spy, 'date');
    const spyClose = numericColumn(spy, 'close');
    expect(ranges.symbols).to.have.length(505);
    const known = new Map<string, number>();
    const ms = new Map<string, number>();
    for (let s = 0; s < ranges.symbols.length; s++) {
      const a = ranges.start[s];
      const b = ranges.end[s];
      const series = seriesOf(date.subarray(a, b), close.subarray(a, b));
      // As-of alignment: the SPY close at or before each of the symbol's dates.
      const marketClose = new Float64Array(b - a).fill(NaN);
      let j = 0;
      for (let i = 0; i < b - a; i++) {
        while (j + 1 < spyDate.length && spyDate[j + 1] <= series.date[i]) j++;
        if (spyDate[j] <= series.date[i]) marketClose[i] = spyClose[j];
      }
      for (const def of LABEL_DEFINITIONS as readonly AnyLabel[]) {
        const t0 = performance.now();
        const r = def.compute(series, def.defaults, { marketClose });
        ms.set(def.name, (ms.get(def.name) ?? 0) + performance.now() - t0);
        const H = def.horizon(def.defaults);
        let count = 0;
        for (let t = 0; t < b - a; t++) {
          if (Number.isNaN(r.t1[t])) continue;
          count++;
          if (!(r.t1[t] > series.date[t]) || (def.name !== 'triple_barrier' && t + H >= b - a))
            expect.fail(`${def.name} ${ranges.symbols[s]} row ${t}: t1 ${r.t1[t]}, date ${series.date[t]}`);
        }
        known.set(def.name, (known.get(def.name) ?? 0) + count);
      }
    }
    // Fixed horizons: every row but the last h of each symbol (NaN-free closes), minus the warm-up.
    expect(known.get('forward_return')).to.equal(619_040 - 505 * 5);
    expect(known.get('excess_return')).to.equal(619_040 - 505 * 5);
    expect(known.get('direction')).to.equal(619_040 - 505 * 5);
    expect(known.get('next_day_return')).to.equal(619_040 - 505);
    expect(known.get('drawdown')).to.equal(619_040 - 505 * 14);
    expect(known.get('volatility_spike')).to.equal(619_040 - 505 * (7 + 30));
    expect(known.get('triple_barrier')).to.be.within(619_040 - 505 * 12, 619_040 - 505 * 2);
    const total = [...ms.values()].reduce((x, y) => x + y, 0);
    expect(total, `ms per label: ${JSON.stringify(Object.fromEntries(ms))}`).to.be.below(10_000);
  });
});
