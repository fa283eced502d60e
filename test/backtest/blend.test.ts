/**
 * Blending: seed 000's two-track score, seed 001's return mapping and blend-ratio sweep, seed 003's
 * rank blend; and seed 002's top decile vs SPY, on the real 20-stock panel of the factor fixture.
 */
import { expect } from 'chai';
import {
  blendRatios,
  blendScores,
  mapReturnToScore,
  rankBlend,
  twoTrackScore,
} from '../../src/backtest/blend.js';
import { blendSweep } from '../../src/backtest/blend-sweep.js';
import { BenchmarkCoverageError } from '../../src/backtest/benchmark.js';
import { topDecileVsBenchmark } from '../../src/backtest/excess-return.js';
import { performanceStats } from '../../src/backtest/performance.js';
import { annualReturn } from '../../src/backtest/ratios.js';
import { simulate } from '../../src/backtest/simulate.js';
import { day, fixture } from '../fixtures/backtest/load.js';

const f = fixture.factor;
const prices = { symbol: f.prices.symbol, date: f.prices.date.map(day), close: f.prices.close };
const dates = f.scores.date.map(day);
/** base: the per-date percentile rank of 20-day momentum; ml: the momentum itself, read as a predicted return. */
const base = rankBlend(
  dates,
  f.scores.score,
  f.scores.score.map(() => NaN),
  0,
);
const preds = { symbol: f.scores.symbol, date: dates, base, ml: f.scores.score };

describe('backtest/blend', () => {
  it('twoTrackScore(rules, ml) = 0.6 × rules + 0.4 × ML with each contribution; rules alone where ML is missing', () => {
    const t = twoTrackScore([50, 80, 20], [100, NaN, 0]);
    expect(Array.from(t.score)).to.deep.equal([70, 80, 12]);
    expect(Array.from(t.rulesContribution)).to.deep.equal([30, 80, 12]);
    expect(Array.from(t.mlContribution)).to.deep.equal([40, 0, 0]);
    expect(Array.from(t.usedMl)).to.deep.equal([1, 0, 1]);
    expect(Array.from(twoTrackScore([50], [100], 0.5).score)).to.deep.equal([75]);
    expect(() => twoTrackScore([1], [1], 1.5)).to.throw(RangeError, 'rulesWeight must be in [0, 1], got 1.5');
    expect(() => twoTrackScore([1, 2], [1], 0.6)).to.throw('same length, got 2 and 1');
  });

  it('mapReturnToScore maps −10 % → 0, 0 → 0.5, +10 % → 1, clipped; blendScores keeps the base where ML is missing', () => {
    expect(Array.from(mapReturnToScore([-0.1, 0, 0.05, 0.2, -0.5]))).to.deep.equal([0, 0.5, 0.75, 1, 0]);
    expect(mapReturnToScore([NaN])[0]).to.be.NaN;
    expect(Array.from(mapReturnToScore([0.1], 0.2))).to.deep.equal([0.75]);
    const b = blendScores([0.2, 0.4], [0.8, NaN], 0.25);
    expect(b[0]).to.be.closeTo(0.35, 1e-15);
    expect(b[1]).to.equal(0.4);
    expect(blendRatios()).to.have.length(21);
    expect(blendRatios().slice(0, 3)).to.deep.equal([0, 0.05, 0.1]);
    expect(blendRatios().at(-1)).to.equal(1);
    expect(() => blendRatios(0.3)).to.throw('step must divide 1 evenly, got 0.3');
  });

  it('rankBlend = (1 − w) × traditional rank + w × ML rank, per-date percentile ranks; ML missing → traditional rank', () => {
    expect(Array.from(rankBlend([1, 1, 1], [10, 20, 30], [3, 2, 1], 0.5))).to.deep.equal([0.5, 0.5, 0.5]);
    // Two dates; on date 2 ML is missing for one row (its traditional rank stands alone).
    const r = rankBlend([1, 1, 2, 2, 2], [1, 2, 1, 2, 3], [5, 4, 1, NaN, 3], 0.25);
    // Date 1: trad ranks [0, 1], ML ranks [1, 0] → [0.25, 0.75]. Date 2: trad [0, 0.5, 1], ML among 2 rows [0, 1].
    expect(Array.from(r)).to.deep.equal([0.25, 0.75, 0, 0.5, 1]);
    expect(rankBlend([1], [NaN], [1], 0.5)[0]).to.be.NaN;
  });

  it('blendSweep gives 21 rows of statistics; r = 0 is the base alone and r = 1 the mapped ML score', () => {
    const policy = { select: 'top-quantile', quantile: 0.2, costBps: 5 } as const;
    const sweep = blendSweep(preds, prices, policy);
    const rows = sweep.table.objects() as Record<string, number>[];
    expect(rows.map((r) => r.ratio)).to.deep.equal(blendRatios());
    const at0 = performanceStats(simulate(preds, prices, { ...policy, scoreColumn: 'base' }));
    expect(rows[0].sharpe).to.equal(at0.sharpe);
    expect(rows[0].cagr).to.equal(at0.cagr);
    const mapped = { ...preds, score: mapReturnToScore(preds.ml) };
    const at1 = performanceStats(simulate(mapped, prices, policy));
    expect(rows[20].cagr).to.be.closeTo(at1.cagr, 1e-12);
    expect(rows[20].max_drawdown).to.be.closeTo(at1.maxDrawdown.depth, 1e-12);
    expect(sweep.stats).to.have.length(21);
    expect(Object.keys(rows[0])).to.include.members([
      'ratio',
      'cagr',
      'sharpe',
      'sortino',
      'max_drawdown',
      'calmar',
      'hit_rate',
      'average_turnover',
      'probabilistic_sharpe',
    ]);
    expect(() => blendSweep(preds, prices, policy, { ratios: [1.5] })).to.throw(
      RangeError,
      'ratio must be in [0, 1], got 1.5',
    );
  });

  it('topDecileVsBenchmark: CAGR of the top decile minus SPY’s over the same days, and whether it beats 5 % a year', () => {
    const spy = fixture.stats_cases.find((c) => c.name === 'spy_2012_2018')!;
    const spyDates = spy.dates.map(day);
    const close = [100];
    for (const r of spy.returns) close.push(close[close.length - 1] * (1 + r));
    const bench = { date: [spyDates[0] - 86_400_000, ...spyDates], close };
    const scores = { symbol: f.scores.symbol, date: dates, score: f.scores.score };
    const cmp = topDecileVsBenchmark(scores, prices, bench, { costBps: 10, end: '2016-12-30' });
    const d = cmp.simulation.daily;
    const spyOnDays = Array.from(d.date, (t) => spy.returns[spyDates.indexOf(t)]);
    expect(cmp.annualReturn).to.equal(annualReturn(d.net));
    expect(cmp.benchmarkAnnualReturn).to.be.closeTo(annualReturn(spyOnDays), 1e-12);
    expect(cmp.excessAnnualReturn).to.be.closeTo(cmp.annualReturn - cmp.benchmarkAnnualReturn, 1e-15);
    expect(cmp.beats).to.equal(cmp.excessAnnualReturn > 0.05);
    // Top decile of 20 names = 2 names a day.
    const counts = new Map<number, number>();
    for (const p of cmp.simulation.positions.objects() as { date: number }[])
      counts.set(p.date, (counts.get(p.date) ?? 0) + 1);
    expect(Math.max(...counts.values())).to.be.at.most(4);
    const keep = bench.date.filter((t) => t <= day('2016-06-30')).length;
    const short = { date: bench.date.slice(0, keep), close: close.slice(0, keep) };
    expect(() => topDecileVsBenchmark(scores, prices, short)).to.throw(
      BenchmarkCoverageError,
      'the benchmark does not cover the period 2016-01-05..2017-02-28: missing 2016-07-01..2017-02-28 (166 dates)',
    );
  });
});
