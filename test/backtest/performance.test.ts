/**
 * Performance statistics against the published formulas (empyrical / pyfolio / quantstats, and
 * Bailey & López de Prado's PSR), ported in test/fixtures/backtest/generate.py, on synthetic, hand-written
 * and real SPY return series; benchmark coverage errors; normalCdf against SciPy.
 */
import { expect } from 'chai';
import { BenchmarkCoverageError, benchmarkReturns } from '../../src/backtest/benchmark.js';
import { drawdownSeries, maxDrawdown } from '../../src/backtest/drawdown.js';
import { normalCdf } from '../../src/backtest/normal.js';
import { performanceStats, flattenStats } from '../../src/backtest/performance.js';
import { probabilisticSharpeRatio, psrFromMoments } from '../../src/backtest/psr.js';
import { annualReturn, hitRate, sharpeRatio, totalReturn } from '../../src/backtest/ratios.js';
import { simulate } from '../../src/backtest/simulate.js';
import { formatDate } from '../../src/data/schema.js';
import { SchemaError } from '../../src/util/errors.js';
import { day, fixture } from '../fixtures/backtest/load.js';

const rel = (got: number, want: number, tol: number, what: string) => {
  if (Number.isNaN(want)) expect(got, what).to.be.NaN;
  else expect(got, what).to.be.closeTo(want, tol * Math.max(1, Math.abs(want)));
};

describe('backtest/performance', () => {
  for (const c of fixture.stats_cases) {
    it(`performanceStats(${c.name}) equals empyrical / quantstats / pyfolio / the PSR formula (${c.source.split(':')[0]})`, () => {
      const dates = c.dates.map(day);
      // The benchmark as closes (cumulated from its returns, with a base the day before) — the path SPY takes.
      const close = [100];
      for (const b of c.benchmark) close.push(close[close.length - 1] * (1 + b));
      const s = performanceStats(
        { date: dates, returns: c.returns, turnover: c.returns.map(() => 0.1) },
        {
          periodsPerYear: c.periods_per_year,
          riskFreeRate: c.risk_free_rate,
          psrBenchmarkSharpe: c.psr_benchmark_sharpe,
          benchmark: { date: [dates[0] - 86_400_000, ...dates], close },
        },
      );
      const e = c.expected as Record<string, number>;
      const flat = flattenStats(s);
      for (const key of [
        'total_return',
        'cagr',
        'annual_volatility',
        'sharpe',
        'sortino',
        'max_drawdown',
        'calmar',
        'hit_rate',
      ]) {
        rel(flat[key], e[key], 1e-11, key);
      }
      rel(s.downsideDeviation, e.downside_deviation, 1e-12, 'downside deviation');
      rel(s.skewness, e.skewness, 1e-9, 'skewness');
      rel(s.kurtosis, e.kurtosis, 1e-10, 'kurtosis');
      rel(s.probabilisticSharpe, e.probabilistic_sharpe, 1e-10, 'PSR');
      rel(s.benchmark!.alpha, e.alpha, 1e-9, 'alpha');
      rel(s.benchmark!.beta, e.beta, 1e-9, 'beta');
      rel(s.benchmark!.informationRatio, e.information_ratio, 1e-9, 'information ratio');
      rel(s.benchmark!.trackingError, e.tracking_error, 1e-9, 'tracking error');
      rel(s.benchmark!.benchmarkAnnualReturn, e.benchmark_cagr, 1e-9, 'benchmark CAGR');
      rel(s.benchmark!.excessAnnualReturn, e.excess_annual_return, 1e-9, 'excess annual return');
      expect(s.benchmark!.beatsHurdle).to.equal(e.excess_annual_return > 0.05);
      const asDate = (v: number | null) => (v === null ? null : formatDate(v));
      expect(asDate(s.maxDrawdown.peakDate), 'peak').to.equal(c.expected.max_drawdown_peak);
      expect(asDate(s.maxDrawdown.troughDate), 'trough').to.equal(c.expected.max_drawdown_trough);
      expect(asDate(s.maxDrawdown.recoveryDate), 'recovery').to.equal(c.expected.max_drawdown_recovery);
      expect(s.averageTurnover).to.be.closeTo(0.1, 1e-13);
      expect(s.periods).to.equal(c.returns.length);
    });
  }

  it('benchmarkReturns(returns input) passes returns through on the strategy dates', () => {
    const c = fixture.stats_cases.find((x) => x.name === 'spy_2012_2018')!;
    const dates = c.dates.map(day);
    const b = benchmarkReturns({ date: dates, returns: c.benchmark }, dates);
    expect(Array.from(b)).to.deep.equal(c.benchmark);
  });

  it('performanceStats throws a BenchmarkCoverageError naming the missing range when SPY stops early', () => {
    const c = fixture.stats_cases.find((x) => x.name === 'spy_2012_2018')!;
    const dates = c.dates.map(day);
    const cut = dates.findIndex((d) => d >= day('2018-07-02'));
    const bench = { date: dates.slice(0, cut), returns: c.benchmark.slice(0, cut) };
    const run = () => performanceStats({ date: dates, returns: c.returns }, { benchmark: bench });
    expect(run).to.throw(BenchmarkCoverageError, 'missing 2018-07-02..2018-12-31 (126 dates)');
    expect(run).to.throw(
      SchemaError,
      'performanceStats: the benchmark does not cover the period 2012-01-04..2018-12-31',
    );
    // Closes that start on the first strategy date lack the base of the first return.
    const close = { date: dates, close: dates.map((_, i) => 100 + i) };
    expect(() => benchmarkReturns(close, dates)).to.throw(
      BenchmarkCoverageError,
      'a close before 2012-01-04',
    );
    // A hole in the middle: two ranges.
    const holes = {
      date: dates.filter((_, i) => i !== 10 && i !== 11 && i !== 500),
      returns: c.benchmark.slice(3),
    };
    try {
      benchmarkReturns(holes, dates);
      expect.fail('no error');
    } catch (err) {
      expect(err).to.be.instanceOf(BenchmarkCoverageError);
      expect((err as BenchmarkCoverageError).missing).to.deep.equal([
        { from: c.dates[10], to: c.dates[11], count: 2 },
        { from: c.dates[500], to: c.dates[500], count: 1 },
      ]);
    }
  });

  it('psrFromMoments equals the paper’s formula (SciPy) and is ½ at SR* = ŜR; probabilisticSharpeRatio converts SR*', () => {
    for (const p of fixture.psr_cases) {
      const got = psrFromMoments({
        sharpe: p.sharpe,
        n: p.n,
        skewness: p.skewness,
        kurtosis: p.kurtosis,
        benchmarkSharpe: p.benchmark_sharpe,
      });
      rel(got, p.psr, 1e-13, JSON.stringify(p));
    }
    // Normal moments: Φ(0.1 · √252 / √(1 + 0.1²/2)) = Φ(1.58350…) = 0.94335 (the @example).
    expect(psrFromMoments({ sharpe: 0.1, n: 253 })).to.be.closeTo(0.943345882804017, 1e-13);
    // Fatter tails and negative skew lower the PSR of the same ŜR.
    expect(psrFromMoments({ sharpe: 0.1, n: 253, skewness: -1, kurtosis: 8 })).to.be.below(0.9433);
    const r = [0.01, -0.005, 0.02, 0.003, -0.01, 0.007];
    const annual = probabilisticSharpeRatio(r, { benchmarkSharpe: 1, periodsPerYear: 4 });
    const m = r.reduce((a, b) => a + b) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
    expect(annual).to.be.lessThan(probabilisticSharpeRatio(r, { periodsPerYear: 4 }));
    expect(probabilisticSharpeRatio(r, { benchmarkSharpe: (m / sd) * 2, periodsPerYear: 4 })).to.be.closeTo(
      0.5,
      1e-15,
    );
  });

  it('normalCdf equals scipy.stats.norm.cdf from −38 to 8', () => {
    for (const { z, cdf } of fixture.normal_cdf)
      expect(Math.abs(normalCdf(z) - cdf), `Φ(${z})`).to.be.at.most(1e-12 * cdf + 1e-300);
  });

  it('maxDrawdown: depth, peak / trough / recovery on a hand series; the start counts as a peak', () => {
    // Wealth 1.1, 0.55, 0.66, 1.32: peak 1.1 (index 0), trough 0.55 (index 1), back above 1.1 at index 3.
    const dd = maxDrawdown([0.1, -0.5, 0.2, 1], [10, 11, 12, 13]);
    expect(dd).to.deep.include({
      peakIndex: 0,
      troughIndex: 1,
      recoveryIndex: 3,
      peakDate: 10,
      troughDate: 11,
      recoveryDate: 13,
    });
    expect(dd.depth).to.be.closeTo(-0.5, 1e-15);
    expect(dd.durationPeriods).to.equal(3);
    const series = drawdownSeries([0.1, -0.5, 0.2]);
    expect([series[0], series[1]]).to.deep.equal([0, -0.5]);
    expect(series[2]).to.be.closeTo(0.66 / 1.1 - 1, 1e-15);
    const first = maxDrawdown([-0.1, 0.05]);
    expect(first).to.deep.include({
      peakIndex: -1,
      troughIndex: 0,
      recoveryIndex: -1,
      peakDate: null,
      durationPeriods: 2,
    });
    expect(maxDrawdown([0.01, 0.02])).to.deep.include({ depth: 0, troughIndex: -1, durationPeriods: 0 });
  });

  it('performanceStats(zero PnL) is all zeros where defined and NaN where a ratio is 0/0', () => {
    const s = performanceStats({ date: [1, 2, 3], returns: [0, 0, 0] });
    expect([s.totalReturn, s.cagr, s.annualVolatility, s.maxDrawdown.depth]).to.deep.equal([0, 0, 0, 0]);
    for (const v of [s.sharpe, s.sortino, s.calmar, s.hitRate, s.probabilisticSharpe]) expect(v).to.be.NaN;
    expect(hitRate([0.01, 0, -0.02, 0.03])).to.equal(2 / 3);
    expect(totalReturn([0.1, -0.1])).to.be.closeTo(-0.01, 1e-15);
    expect(annualReturn([0.01, 0.01], { periodsPerYear: 2 })).to.be.closeTo(0.0201, 1e-15);
  });

  it('performanceStats takes a simulate() result and checks its conventions', () => {
    const D = (d: number) => Date.UTC(2020, 0, d);
    const prices = {
      symbol: ['A', 'A', 'A', 'A'],
      date: [D(1), D(2), D(3), D(4)],
      close: [100, 101, 99, 103],
    };
    const r = simulate({ symbol: ['A'], date: [D(1)], score: [1] }, prices, { select: 'top-k', k: 1 });
    const s = performanceStats(r);
    expect(s.periods).to.equal(3);
    expect(s.totalReturn).to.be.closeTo(103 / 101 - 1, 1e-15);
    expect(s.averageTurnover).to.be.closeTo(1 / 3, 1e-15);
    expect(() => performanceStats(r, { periodsPerYear: 0 })).to.throw(
      RangeError,
      'periodsPerYear must be a finite number > 0, got 0',
    );
    expect(() => performanceStats(r, { riskFreeRate: -2 })).to.throw(RangeError, 'got -2');
    expect(() => performanceStats({ date: [1], returns: [0.1] })).to.throw(
      SchemaError,
      'need at least 2 returns, got 1',
    );
    expect(() => performanceStats({ date: [1, 2], returns: [0.1, NaN] })).to.throw(
      SchemaError,
      'got NaN at index 1',
    );
    expect(sharpeRatio([0.01, 0.02], { riskFreeRate: 0 })).to.be.a('number');
  });
});
