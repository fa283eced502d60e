/**
 * simulate() properties on random synthetic panels (seeded random walks, not market data):
 * causality (no score dated after t changes anything up to the fill of t), a closed form for daily
 * equal-weight top-k without costs, weights bounds (long-only Σ ≤ 1, long-short |long| = |short|, caps),
 * and that shifting the scores' dates changes the result.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { simulate } from '../../src/backtest/simulate.js';
import type { BacktestPolicy } from '../../src/backtest/policy.js';
import { D0, DAY, mulberry32, normal } from '../helpers/synthetic-panel.js';

interface Panel {
  prices: { symbol: string[]; date: number[]; open: number[]; close: number[] };
  scores: { symbol: string[]; date: number[]; score: number[] };
  S: number;
  T: number;
  close: number[][];
}

/** S symbols × T days, random-walk closes and opens; scores N(0, 1), a share of them NaN. */
function randomPanel(S: number, T: number, seed: number, nanShare = 0.1, missingPrices = false): Panel {
  const u = mulberry32(seed);
  const p: Panel = {
    prices: { symbol: [], date: [], open: [], close: [] },
    scores: { symbol: [], date: [], score: [] },
    S,
    T,
    close: [],
  };
  for (let s = 0; s < S; s++) {
    const sym = `S${s}`;
    let c = 50 + 50 * u();
    p.close.push([]);
    for (let t = 0; t < T; t++) {
      const o = c * Math.exp(0.005 * normal(u));
      c = o * Math.exp(0.02 * normal(u));
      p.close[s].push(c);
      if (missingPrices && u() < 0.05) continue;
      p.prices.symbol.push(sym);
      p.prices.date.push(D0 + t * DAY);
      p.prices.open.push(o);
      p.prices.close.push(c);
      p.scores.symbol.push(sym);
      p.scores.date.push(D0 + t * DAY);
      p.scores.score.push(u() < nanShare ? NaN : normal(u));
    }
  }
  return p;
}

const policyArb: fc.Arbitrary<BacktestPolicy> = fc
  .record({
    select: fc.constantFrom('top-k', 'top-quantile', 'long-short', 'threshold'),
    k: fc.integer({ min: 1, max: 4 }),
    quantile: fc.constantFrom(0.2, 0.34, 0.5),
    threshold: fc.constantFrom(-0.5, 0, 0.8),
    weighting: fc.constantFrom('equal', 'score'),
    maxWeight: fc.constantFrom(1, 0.6, 0.3),
    rebalance: fc.constantFrom('daily', 'weekly', 'monthly'),
    executionLag: fc.integer({ min: 0, max: 3 }),
    fillAt: fc.constantFrom('close', 'open'),
    costBps: fc.constantFrom(0, 10),
    slippageBps: fc.constantFrom(0, 5),
    holdingPeriod: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  })
  .map((p) => ({ ...p, executionLag: p.fillAt === 'open' ? Math.max(1, p.executionLag) : p.executionLag }));

describe('backtest/simulate properties', () => {
  it('simulate is causal: changing scores dated after t leaves every output up to t + lag unchanged', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 6, max: 40 }),
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (policy, S, T, seed, cut, missing) => {
          const p = randomPanel(S, T, seed, 0.1, missing);
          const t0 = Math.floor(cut * (T - 1));
          const u = mulberry32(seed ^ 0x5bd1e995);
          const later = {
            ...p.scores,
            score: p.scores.score.map((v, i) =>
              p.scores.date[i] > D0 + t0 * DAY ? (u() < 0.2 ? NaN : 3 * normal(u)) : v,
            ),
          };
          const a = simulate(p.scores, p.prices, policy);
          const b = simulate(later, p.prices, policy);
          const last = D0 + (t0 + (policy.executionLag ?? 1)) * DAY;
          const upTo = (r: ReturnType<typeof simulate>) => {
            const k = Array.from(r.daily.date).filter((d) => d <= last).length;
            const pos = (r.positions.objects() as { date: number }[]).filter((x) => x.date <= last);
            const trd = (r.trades.objects() as { date: number }[]).filter((x) => x.date <= last);
            return {
              net: Array.from(r.daily.net.subarray(0, k)),
              gross: Array.from(r.daily.gross.subarray(0, k)),
              turnover: Array.from(r.daily.turnover.subarray(0, k)),
              pos,
              trd,
            };
          };
          expect(upTo(b)).to.deep.equal(upTo(a));
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('simulate(daily equal-weight top-k, no costs): gross return = mean next-day return of the names picked lag + 1 days before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 5, max: 30 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer(),
        (S, T, lag, seed) => {
          const p = randomPanel(S, T, seed, 0.15);
          const k = 1 + (Math.abs(seed) % S);
          const r = simulate(p.scores, p.prices, { select: 'top-k', k, executionLag: lag });
          const score = (s: number, t: number) => p.scores.score[s * T + t];
          const pick = (t: number): number[] => {
            const c = Array.from({ length: S }, (_, s) => s).filter((s) => !Number.isNaN(score(s, t)));
            return c.sort((x, y) => score(y, t) - score(x, t) || x - y).slice(0, k);
          };
          r.daily.date.forEach((date, j) => {
            const i = (date - D0) / DAY;
            // The book held over day i was filled at the close of i − 1 from the signal of i − 1 − lag. A
            // signal date without any score keeps (and lets drift) the book: no closed form, skip that day.
            const t = i - lag - 1;
            if (t >= 0 && pick(t).length === 0) return;
            const names = t < 0 ? [] : pick(t);
            const want =
              names.length === 0
                ? 0
                : names.reduce((a, s) => a + p.close[s][i] / p.close[s][i - 1] - 1, 0) / names.length;
            expect(r.daily.gross[j]).to.be.closeTo(want, 1e-12);
            expect(r.daily.costs[j]).to.equal(0);
          });
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('simulate weights: long-only Σ ≤ 1 and > 0; after close fills |w| ≤ maxWeight and long-short |long| = |short| ≤ ½', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 5, max: 30 }),
        fc.integer(),
        (policy, S, T, seed) => {
          const p = randomPanel(S, T, seed, 0.1);
          const r = simulate(p.scores, p.prices, { ...policy, rebalance: 'daily', holdingPeriod: undefined });
          const d = r.daily;
          const close = policy.fillAt === 'close';
          for (let j = 0; j < d.net.length; j++) {
            if (policy.select !== 'long-short') {
              expect(d.shortExposure[j]).to.equal(0);
              expect(d.longExposure[j]).to.be.at.most(1 + 1e-9); // drift cannot lever a long-only book
            } else if (close && d.turnover[j] > 0) {
              // Right after a close fill the book is the target: +½ / −½ (less what the caps leave in cash).
              expect(d.longExposure[j]).to.be.closeTo(-d.shortExposure[j], 1e-9);
              expect(d.longExposure[j]).to.be.at.most(0.5 + 1e-9);
            }
          }
          const fillDays = new Set((r.trades.objects() as { date: number }[]).map((t) => t.date));
          for (const x of r.positions.objects() as { date: number; weight: number }[]) {
            if (policy.select !== 'long-short') expect(x.weight).to.be.above(0);
            if (close && fillDays.has(x.date))
              expect(Math.abs(x.weight)).to.be.at.most((policy.maxWeight ?? 1) + 1e-9);
          }
          for (let j = 0; j < d.net.length; j++)
            expect(d.gross[j] - d.costs[j]).to.be.closeTo(d.net[j], 1e-15);
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });

  it('simulate uses the scores on their own dates: an oracle dated t earns the best return of t + 2; dated a day earlier it does not', () => {
    const p = randomPanel(5, 40, 99, 0);
    const { S, T, close } = p;
    // Oracle: score at t = the return of day t + 2, which a lag-1 close fill of t holds (close t+1 → close t+2).
    const oracle = p.scores.score.map((_, i) => {
      const s = Math.floor(i / T);
      const t = i % T;
      return t + 2 < T ? close[s][t + 2] / close[s][t + 1] - 1 : NaN;
    });
    const r = simulate({ ...p.scores, score: oracle }, p.prices, { select: 'top-k', k: 1 });
    r.daily.date.forEach((date, j) => {
      const i = (date - D0) / DAY;
      if (j === 0 || i >= T) return;
      const best = Math.max(...Array.from({ length: S }, (_, s) => close[s][i] / close[s][i - 1] - 1));
      expect(r.daily.gross[j]).to.be.closeTo(best, 1e-12);
    });
    const earlier = { ...p.scores, date: p.scores.date.map((d) => d - DAY), score: oracle };
    const moved = simulate(earlier, { ...p.prices }, { select: 'top-k', k: 1 });
    expect(moved.unmatched.unknownDate).to.equal(S); // the first day moves off the calendar, and is reported
    const same = Array.from(moved.daily.net).every((v, j) => v === r.daily.net[j]);
    expect(same).to.equal(false);
  });
});
