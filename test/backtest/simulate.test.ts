/**
 * simulate(): hand-computed two-asset cases (costs, lag, fills, turnover, holding period), the zero
 * signal, unmatched predictions and bad input. The arithmetic of each case is written next to it.
 */
import * as aq from 'arquero';
import { expect } from 'chai';
import { simulate } from '../../src/backtest/simulate.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';

const D = (d: number): number => Date.UTC(2020, 0, d);
const close = (x: number, want: number, what: string, tol = 1e-12) =>
  expect(x, what).to.be.closeTo(want, tol * Math.max(1, Math.abs(want)));

/**
 * Four days (Jan 1–4) of two assets. Closes: A 100 → 110 → 121 → 121; B 100 → 100 → 90 → 99.
 * Opens:  A 100, 105, 115, 121; B 100, 100, 95, 92.
 */
const prices = aq.table({
  symbol: ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'],
  date: [D(1), D(2), D(3), D(4), D(1), D(2), D(3), D(4)],
  open: [100, 105, 115, 121, 100, 100, 95, 92],
  close: [100, 110, 121, 121, 100, 100, 90, 99],
});
/** Scores: Jan 1 prefers A, Jan 2 prefers B; nothing later. */
const preds = aq.table({ symbol: ['A', 'B', 'A', 'B'], date: [D(1), D(1), D(2), D(2)], score: [1, 0, 0, 1] });

describe('backtest/simulate', () => {
  it('simulate(top-1, lag 1, close fills, 10 bps) matches the hand computation', () => {
    const r = simulate(preds, prices, { select: 'top-k', k: 1, costBps: 10 });
    const ret = r.returns.objects() as Record<string, number>[];
    // The period starts on the first fill day: Jan 1's score fills at the close of Jan 2 (lag 1).
    expect(ret.map((x) => x.date)).to.deep.equal([D(2), D(3), D(4)]);
    // Jan 2: equity 1, all cash. Buy A with E′ = 1 − 0.001·E′ → E′ = 1/1.001 = 0.999000999…
    //   cost = 1 − 1/1.001 = 0.000999000999…; gross 0; net = −0.000999…; turnover = Σ|Δ|/E = 0.999000999…
    close(ret[0].gross, 0, 'Jan 2 gross', 1e-15);
    close(ret[0].costs, 1 - 1 / 1.001, 'Jan 2 costs');
    close(ret[0].net, 1 / 1.001 - 1, 'Jan 2 net');
    close(ret[0].turnover, 1 / 1.001, 'Jan 2 turnover');
    // Jan 3: A +10 % (110 → 121): E = 1.1/1.001. Jan 2's score (B) fills at the close: sell all A (E),
    //   buy B with E′: E′ = E − 0.001·(E + E′) → E′ = E·0.999/1.001; cost = E·0.002/1.001.
    //   costs = cost / E_prev = 1.1·0.002/1.001; gross = 0.1; net = 0.1 − costs; turnover = 1 + 0.999/1.001.
    close(ret[1].gross, 0.1, 'Jan 3 gross');
    close(ret[1].costs, (1.1 * 0.002) / 1.001, 'Jan 3 costs');
    close(ret[1].net, 0.1 - (1.1 * 0.002) / 1.001, 'Jan 3 net');
    close(ret[1].turnover, 1 + 0.999 / 1.001, 'Jan 3 turnover');
    // Jan 4: B +10 % (90 → 99), no trade. Equity = (1/1.001)·1.1·(0.999/1.001)·1.1.
    close(ret[2].gross, 0.1, 'Jan 4 gross');
    close(ret[2].costs, 0, 'Jan 4 costs');
    close(ret[2].equity, (1.21 * 0.999) / 1.001 ** 2, 'final equity');
    for (const x of ret) close(x.gross - x.costs, x.net, 'net = gross − costs', 1e-15);
    // Trades: buy A Jan 2; sell A and buy B Jan 3; costs sum to the day's cost.
    const trades = r.trades.objects() as Record<string, number | string>[];
    expect(trades.map((t) => [t.symbol, t.date, t.price])).to.deep.equal([
      ['A', D(2), 110],
      ['A', D(3), 121],
      ['B', D(3), 90],
    ]);
    close(trades[1].weight_change as number, -1, 'sell all A');
    close(trades[2].weight_change as number, 0.999 / 1.001, 'buy B');
    close((trades[1].cost as number) + (trades[2].cost as number), ret[1].costs, 'trade costs sum');
    // Positions at each close: 100 % A on Jan 2, 100 % B on Jan 3 and 4 (weights after costs are the targets).
    const pos = r.positions.objects() as Record<string, number | string>[];
    expect(pos.map((p) => [p.symbol, p.date])).to.deep.equal([
      ['A', D(2)],
      ['B', D(3)],
      ['B', D(4)],
    ]);
    for (const p of pos) close(p.weight as number, 1, 'weight');
    expect(r.unmatched.count).to.equal(0);
    expect(r.fills).to.equal(2);
  });

  it('simulate(lag 0) trades on the signal day; lag 2 trades two days later', () => {
    // Lag 0: buy A at the close of Jan 1; Jan 2: A +10 %, switch to B at the close; Jan 3: B −10 %; Jan 4: B +10 %.
    const r0 = simulate(preds, prices, { select: 'top-k', k: 1, executionLag: 0 });
    const net0 = Array.from(r0.daily.net);
    expect(Array.from(r0.daily.date)).to.deep.equal([D(1), D(2), D(3), D(4)]);
    [0, 0.1, -0.1, 0.1].forEach((v, i) => close(net0[i], v, `lag 0 day ${i}`));
    // Lag 2: Jan 1's score fills at the close of Jan 3 (buy A at 121), Jan 2's at Jan 4 (switch to B at 99):
    // Jan 3: 0; Jan 4: A flat (121 → 121) → 0.
    const r2 = simulate(preds, prices, { select: 'top-k', k: 1, executionLag: 2 });
    expect(Array.from(r2.daily.date)).to.deep.equal([D(3), D(4)]);
    expect(Array.from(r2.daily.net)).to.deep.equal([0, 0]);
    expect((r2.positions.objects() as { symbol: string }[]).map((p) => p.symbol)).to.deep.equal(['A', 'B']);
  });

  it("simulate(fillAt 'open') fills at the next open and splits the day overnight / intraday", () => {
    const r = simulate(preds, prices, { select: 'top-k', k: 1, fillAt: 'open' });
    const net = Array.from(r.daily.net);
    // Jan 2: buy A at the open (105), close 110 → 110/105 − 1.
    close(net[0], 110 / 105 - 1, 'Jan 2');
    // Jan 3: A 110 → open 115 (overnight), sell A, buy B at the open 95, close 90 → (115/110)·(90/95) − 1.
    close(net[1], (115 / 110) * (90 / 95) - 1, 'Jan 3');
    // Jan 4: B 90 → 99 (through the open 92, no trade) → +10 %.
    close(net[2], 0.1, 'Jan 4');
    const trades = r.trades.objects() as { symbol: string; price: number }[];
    expect(trades.map((t) => [t.symbol, t.price])).to.deep.equal([
      ['A', 105],
      ['A', 115],
      ['B', 95],
    ]);
  });

  it('simulate(equal weights, both names) rebalances the drift daily: turnover and costs by hand', () => {
    // Jan 1: scores A 2, B 1 → top-2 = both, 50/50, filled at the close of Jan 2 (lag 1), 20 bps per side.
    const both = { symbol: ['A', 'B', 'A', 'B'], date: [D(1), D(1), D(2), D(2)], score: [2, 1, 2, 1] };
    const r = simulate(both, prices, { select: 'top-k', k: 2, costBps: 15, slippageBps: 5 });
    const d = r.daily;
    // Jan 2: buy 50/50 of E′ = 1 − 0.002·E′ = 1/1.002; turnover = E′ / 1.
    close(d.turnover[0], 1 / 1.002, 'Jan 2 turnover');
    // Jan 3: A +10 %, B −10 %: holdings A 0.55/1.002, B 0.45/1.002, E = 1/1.002 (the moves cancel).
    //   Jan 2's score (A 2, B 1) → 50/50 again: Δ_A = 0.5E′ − 0.55E, Δ_B = 0.5E′ − 0.45E with
    //   E′ = E − 0.002(|Δ_A| + |Δ_B|); as E′ ≈ E: |Δ_A| + |Δ_B| = (0.55 − 0.5E′/E + 0.5E′/E − 0.45)·E = 0.1·E
    //   exactly (one side up, one down), so E′ = E·(1 − 0.0002), turnover = 0.1, cost = 0.0002·E.
    close(d.turnover[1], 0.1, 'Jan 3 turnover');
    close(d.gross[1], 0, 'Jan 3 gross', 1e-15);
    close(d.costs[1], 0.0002, 'Jan 3 costs');
    // Jan 4: no score → hold; A flat, B +10 % on half the book → gross 0.05, no trade.
    close(d.gross[2], 0.05, 'Jan 4 gross');
    close(d.turnover[2], 0, 'Jan 4 turnover');
    const avg = (d.turnover[0] + d.turnover[1] + d.turnover[2]) / 3;
    close(aq.agg(r.turnover, aq.op.mean('turnover')) as number, avg, 'turnover table');
  });

  it('simulate(holdingPeriod 2) holds each target two days: the book is the mean of the live targets', () => {
    // Signals: Jan 1 → A, Jan 2 → B, Jan 3 → A; lag 1. Fills: Jan 2 live {A} → 100 % A; Jan 3 live {A, B}
    // → 50/50; Jan 4: Jan 2's target expires (held 2 days), live {B (Jan 3), A (Jan 4)} → 50/50.
    const p = {
      symbol: ['A', 'B', 'A', 'B', 'A', 'B'],
      date: [D(1), D(1), D(2), D(2), D(3), D(3)],
      score: [1, 0, 0, 1, 1, 0],
    };
    const r = simulate(p, prices, { select: 'top-k', k: 1, holdingPeriod: 2 });
    const w = (r.positions.objects() as { symbol: string; date: number; weight: number }[]).map((x) => [
      x.symbol,
      x.date,
      Math.round(x.weight * 1e12) / 1e12,
    ]);
    expect(w).to.deep.equal([
      ['A', D(2), 1],
      ['A', D(3), 0.5],
      ['B', D(3), 0.5],
      ['A', D(4), 0.5],
      ['B', D(4), 0.5],
    ]);
    // Monthly rebalancing: the only month end is Jan 4 (the calendar's last date), whose target would
    // fill after the data ends → no fill, the book stays in cash.
    const m = simulate(p, prices, { select: 'top-k', k: 1, rebalance: 'monthly', holdingPeriod: 2 });
    expect(m.positions.numRows()).to.equal(0);
  });

  it('simulate(weekly) forms targets on the last trading day of each week only', () => {
    // Ten weekdays 2020-01-06 (Mon) … 01-17 (Fri); A rises 1 %/day, B falls 1 %/day. The score flips
    // every day; weekly rebalancing uses only the Friday scores (01-10: A, 01-17: too late to fill).
    const days = Array.from({ length: 10 }, (_, i) => Date.UTC(2020, 0, 6 + i + (i >= 5 ? 2 : 0)));
    const px = {
      symbol: [...days.map(() => 'A'), ...days.map(() => 'B')],
      date: [...days, ...days],
      close: [...days.map((_, i) => 100 * 1.01 ** i), ...days.map((_, i) => 100 * 0.99 ** i)],
    };
    const sc = {
      symbol: [...days.map(() => 'A'), ...days.map(() => 'B')],
      date: [...days, ...days],
      score: [...days.map((_, i) => (i % 2 === 0 ? 0 : 1)), ...days.map((_, i) => (i % 2 === 0 ? 1 : 0))],
    };
    const r = simulate(sc, px, { select: 'top-k', k: 1, rebalance: 'weekly' });
    // Friday 01-10 (i = 4, even): B scores 1 → B bought at the close of Monday 01-13, held to the end.
    const pos = r.positions.objects() as { symbol: string; date: number }[];
    expect(pos[0]).to.include({ symbol: 'B', date: days[5] });
    expect(new Set(pos.map((p) => p.symbol))).to.deep.equal(new Set(['B']));
    expect(r.fills).to.equal(1);
  });

  it('simulate(zero signal) holds nothing and makes nothing: flat scores, scores under the threshold, NaN scores', () => {
    const flat = { symbol: ['A', 'B', 'A', 'B'], date: [D(1), D(1), D(2), D(2)], score: [0, 0, 0, 0] };
    for (const policy of [
      { select: 'top-k', k: 1 },
      { select: 'top-quantile', quantile: 0.5 },
      { select: 'long-short', quantile: 0.5 },
      { select: 'threshold', threshold: 70 },
    ] as const) {
      const r = simulate(flat, prices, { ...policy, costBps: 10 });
      expect(r.positions.numRows(), policy.select).to.equal(0);
      expect(r.trades.numRows(), policy.select).to.equal(0);
      expect(Array.from(r.daily.net), policy.select).to.deep.equal([0, 0, 0]);
      expect(Array.from(r.daily.equity), policy.select).to.deep.equal([1, 1, 1]);
    }
    const none = { symbol: ['A', 'B'], date: [D(1), D(1)], score: [NaN, NaN] };
    const r = simulate(none, prices, { select: 'top-k', k: 1 });
    expect(r.positions.numRows()).to.equal(0);
    expect(Array.from(r.daily.net)).to.deep.equal([0, 0, 0]);
  });

  it('simulate reports predictions it cannot place: unknown symbols, non-trading dates, days without a price', () => {
    const late = aq.table({ symbol: ['C', 'C'], date: [D(3), D(4)], close: [10, 11] });
    const px = prices.select('symbol', 'date', 'close').concat(late);
    const p = {
      symbol: ['A', 'ZZZ', 'ZZZ', 'QQQ', 'B', 'C', 'C'],
      date: [D(1), D(1), D(2), D(2), D(5), D(1), D(3)],
      score: [1, 1, 1, 1, 1, 1, 1],
    };
    const r = simulate(p, px, { select: 'top-k', k: 1 });
    expect(r.unmatched).to.deep.include({ count: 5, unknownSymbol: 3, unknownDate: 1, noPrice: 1 });
    expect(r.unmatched.missingSymbols).to.deep.equal(['ZZZ', 'QQQ']);
    expect(r.unmatched.examples[0]).to.deep.equal({
      symbol: 'ZZZ',
      date: '2020-01-01',
      reason: 'unknown symbol',
    });
    expect(r.unmatched.examples).to.deep.include({ symbol: 'B', date: '2020-01-05', reason: 'unknown date' });
    expect(r.unmatched.examples).to.deep.include({ symbol: 'C', date: '2020-01-01', reason: 'no price' });
  });

  it('simulate rejects negative costs, a negative or fractional lag and open fills without lag, echoing the value', () => {
    const run = (policy: object) => () => simulate(preds, prices, { select: 'top-k', k: 1, ...policy });
    expect(run({ costBps: -5 })).to.throw(
      RangeError,
      'simulate: costBps must be a finite number ≥ 0, got -5',
    );
    expect(run({ slippageBps: -0.5 })).to.throw(ParameterError, 'got -0.5');
    expect(run({ executionLag: -1 })).to.throw(
      RangeError,
      'simulate: executionLag must be an integer ≥ 0, got -1',
    );
    expect(run({ executionLag: 1.5 })).to.throw(RangeError, 'got 1.5');
    expect(run({ fillAt: 'open', executionLag: 0 })).to.throw(
      RangeError,
      "fillAt 'open' needs executionLag ≥ 1",
    );
    expect(run({ holdingPeriod: 0 })).to.throw(RangeError, 'holdingPeriod must be an integer ≥ 1, got 0');
    expect(run({ k: 0 })).to.throw(RangeError, 'k must be an integer ≥ 1, got 0');
    expect(run({ rebalance: 'hourly' })).to.throw(
      RangeError,
      `rebalance must be 'daily' | 'weekly' | 'monthly', got "hourly"`,
    );
    expect(() => simulate(preds, prices, { select: 'long-short', quantile: 0.6 })).to.throw(
      RangeError,
      'quantile must be in (0, 0.5], got 0.6',
    );
    expect(() => simulate(preds, prices, { select: 'threshold' })).to.throw(
      RangeError,
      'needs a finite threshold',
    );
    const dup = { symbol: ['A', 'A'], date: [D(1), D(1)], score: [1, 2] };
    expect(() => simulate(dup, prices, { select: 'top-k', k: 1 })).to.throw(
      SchemaError,
      'duplicate prediction (A, 2020-01-01)',
    );
    expect(() => simulate({ symbol: ['A'], date: [D(1)] }, prices, { select: 'top-k', k: 1 })).to.throw(
      SchemaError,
      'missing column score',
    );
    const bad = aq.table({ symbol: ['A'], date: [D(1)], close: [-1] });
    expect(() => simulate(preds, bad, { select: 'top-k', k: 1 })).to.throw(
      SchemaError,
      'got -1 for A on 2020-01-01',
    );
  });

  it('simulate(start, end) restricts the period; fills before the start are not carried in', () => {
    const r = simulate(preds, prices, { select: 'top-k', k: 1, start: '2020-01-03', end: '2020-01-03' });
    expect(Array.from(r.daily.date)).to.deep.equal([D(3)]);
    // Only Jan 2's score (B) fills inside the period, at the close of Jan 3: gross 0.
    expect(Array.from(r.daily.net)).to.deep.equal([0]);
    expect((r.positions.objects() as { symbol: string }[]).map((p) => p.symbol)).to.deep.equal(['B']);
  });
});
