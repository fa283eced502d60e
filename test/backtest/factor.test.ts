/**
 * factorAnalysis() against alphalens' formulas (ported with pandas / SciPy in
 * test/fixtures/backtest/generate.py) on real closes of 20 large caps and their 20-day momentum in
 * 2016; quantiles, forward returns and the causal alignment on small hand cases.
 */
import { expect } from 'chai';
import { factorAnalysis } from '../../src/backtest/factor.js';
import { forwardReturnsGrid } from '../../src/backtest/forward-returns.js';
import { priceGrid } from '../../src/backtest/grid.js';
import { quantilesByDate } from '../../src/backtest/quantiles.js';
import { day, fixture } from '../fixtures/backtest/load.js';

const f = fixture.factor;
const rows = (t: { objects(): object[] }) => t.objects() as Record<string, number>[];

describe('backtest/factor', () => {
  const prices = { symbol: f.prices.symbol, date: f.prices.date.map(day), close: f.prices.close };
  const scores = { symbol: f.scores.symbol, date: f.scores.date.map(day), score: f.scores.score };
  const fa = factorAnalysis(scores, prices, { horizons: f.horizons, quantiles: f.quantiles });

  it('factorAnalysis: IC per date and horizon equals scipy.stats.spearmanr per date (alphalens factor_information_coefficient)', () => {
    const got = rows(fa.ic);
    expect(got.length).to.equal(f.ic.length);
    got.forEach((g, i) => {
      const w = f.ic[i];
      expect([g.date, g.horizon, g.n]).to.deep.equal([day(w.date), w.horizon, w.n]);
      expect(g.ic).to.be.closeTo(w.ic, 1e-12);
    });
  });

  it('factorAnalysis: IC summary over horizons 1, 5, 10, 20 (the IC decay) equals the reference', () => {
    const got = rows(fa.icSummary);
    expect(got.map((g) => g.horizon)).to.deep.equal([1, 5, 10, 20]);
    got.forEach((g, i) => {
      for (const k of ['mean_ic', 'ic_std', 'icir', 't_stat'])
        expect(g[k], k).to.be.closeTo(f.ic_summary[i][k], 1e-12 * Math.max(1, Math.abs(f.ic_summary[i][k])));
      expect(g.n_dates).to.equal(f.ic_summary[i].n_dates);
    });
  });

  it('factorAnalysis: mean forward return by qcut quantile, raw and demeaned (alphalens mean_return_by_quantile)', () => {
    const got = rows(fa.quantileReturns);
    expect(got.length).to.equal(f.quantile_returns.length);
    got.forEach((g, i) => {
      const w = f.quantile_returns[i];
      expect([g.horizon, g.quantile, g.count]).to.deep.equal([w.horizon, w.quantile, w.count]);
      for (const k of ['mean_return', 'mean_return_demeaned', 'per_day'])
        expect(g[k], k).to.be.closeTo(w[k], 1e-14);
    });
  });

  it('factorAnalysis: top − bottom spread per date and its summary (alphalens compute_mean_returns_spread)', () => {
    const got = rows(fa.spread);
    expect(got.length).to.equal(f.spread.length);
    got.forEach((g, i) => {
      expect([g.date, g.horizon]).to.deep.equal([day(f.spread[i].date), f.spread[i].horizon]);
      expect(g.spread).to.be.closeTo(f.spread[i].spread, 1e-14);
    });
    rows(fa.spreadSummary).forEach((g, i) => {
      for (const k of ['mean_spread', 'spread_std', 't_stat'])
        expect(g[k], k).to.be.closeTo(
          f.spread_summary[i][k],
          1e-11 * Math.max(1, Math.abs(f.spread_summary[i][k])),
        );
      expect(g.n_dates).to.equal(f.spread_summary[i].n_dates);
    });
  });

  it('factorAnalysis: quantile turnover equals alphalens quantile_turnover', () => {
    const got = rows(fa.quantileTurnover);
    expect(got.length).to.equal(f.turnover.length);
    got.forEach((g, i) => {
      expect([g.date, g.quantile]).to.deep.equal([day(f.turnover[i].date), f.turnover[i].quantile]);
      expect(g.turnover).to.be.closeTo(f.turnover[i].turnover, 1e-15);
    });
    expect(rows(fa.turnoverSummary).map((g) => g.quantile)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(fa.unmatched.count).to.equal(0);
  });

  it('forwardReturnsGrid aligns a score dated t with close[t+h] / close[t] − 1 and is NaN past the end', () => {
    const D = (d: number) => Date.UTC(2021, 0, d);
    const g = priceGrid({
      symbol: ['A', 'A', 'A', 'B', 'B'],
      date: [D(1), D(2), D(3), D(1), D(3)],
      close: [10, 11, 12.1, 5, 6],
    });
    // Grid rows Jan 1, 2, 3 × (A, B); B has no Jan 2 row.
    const h1 = Array.from(forwardReturnsGrid(g, 1));
    expect(h1[0]).to.be.closeTo(0.1, 1e-15);
    expect(h1[1]).to.be.NaN; // B: Jan 2 missing
    expect(h1[2]).to.be.closeTo(0.1, 1e-15);
    expect(h1.slice(3).every(Number.isNaN)).to.equal(true); // B on Jan 2, and past the end
    const h2 = Array.from(forwardReturnsGrid(g, 2));
    expect(h2[0]).to.be.closeTo(0.21, 1e-15);
    expect(h2[1]).to.be.closeTo(0.2, 1e-15);
    expect(h2.slice(2).every(Number.isNaN)).to.equal(true);
  });

  it('quantilesByDate follows pandas qcut: right-closed bins on type-7 edges, ties to the lower bin', () => {
    expect(Array.from(quantilesByDate(Float64Array.of(1, 2, 3, 4, 5), 5, 5))).to.deep.equal([1, 2, 3, 4, 5]);
    // pd.qcut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4, labels=False) + 1 → [1, 1, 1, 2, 2, 3, 3, 4, 4, 4]
    const ten = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(Array.from(quantilesByDate(ten, 10, 4))).to.deep.equal([1, 1, 1, 2, 2, 3, 3, 4, 4, 4]);
    expect(Array.from(quantilesByDate(Float64Array.of(NaN, 3, 1), 3, 2))).to.deep.equal([0, 2, 1]);
  });

  it('factorAnalysis rejects bad options, echoing them', () => {
    expect(() => factorAnalysis(scores, prices, { horizons: [0] })).to.throw(
      RangeError,
      'horizon must be an integer ≥ 1, got 0',
    );
    expect(() => factorAnalysis(scores, prices, { quantiles: 1 })).to.throw(
      RangeError,
      'quantiles must be an integer in [2, 100], got 1',
    );
    expect(() => factorAnalysis(scores, prices, { horizons: [] })).to.throw(
      RangeError,
      'horizons must be a non-empty array',
    );
  });
});
