/**
 * equityChart, drawdownChart, icChart, quantileReturnsChart: inputs as arrays or Arquero tables (the
 * backtest's and factor analysis' column names), drawdowns, rolling means, horizons, bad input.
 */
import * as aq from 'arquero';
import { expect } from 'chai';
import { drawdownChart, equityChart, icChart, quantileReturnsChart } from '../../src/charts/index.js';
import { drawdownFromEquity } from '../../src/charts/equity.js';
import { rollingMean } from '../../src/charts/input.js';
import { informationCoefficient } from '../../src/metrics/index.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';

const DAY = 86_400_000;
const d = (i: number): number => Date.UTC(2022, 0, 3) + i * DAY;
type Rows = { data: { values: Record<string, unknown>[] } };
const rows = (spec: object): Record<string, unknown>[] => (spec as Rows).data.values;

describe('charts/equity', function () {
  it('drawdownFromEquity([1, 1.1, 0.99, 1.2]) is [0, 0, -0.1, 0]', function () {
    const dd = drawdownFromEquity([1, 1.1, 0.99, 1.2]);
    expect(dd[0]).to.equal(0);
    expect(dd[1]).to.equal(0);
    expect(dd[2]).to.be.closeTo(-0.1, 1e-12);
    expect(dd[3]).to.equal(0);
  });

  it('equityChart has strategy and benchmark rows with drawdowns; a NaN benchmark day is missing', function () {
    const spec = equityChart({ date: [d(0), d(1), d(2)], equity: [1, 1.1, 0.99], benchmark: [1, NaN, 0.9] });
    const r = rows(spec);
    expect(r.filter((x) => x.series === 'strategy').map((x) => x.equity)).to.deep.equal([1, 1.1, 0.99]);
    expect(r.filter((x) => x.series === 'benchmark').map((x) => x.equity)).to.deep.equal([1, null, 0.9]);
    expect(r.filter((x) => x.series === 'benchmark').map((x) => x.drawdown)).to.deep.equal([
      0,
      null,
      -0.09999999999999998,
    ]);
    expect((spec as { vconcat: unknown[] }).vconcat).to.have.length(2);
  });

  it('reads an Arquero table such as simulate(…).equity (date, equity, drawdown) and keeps its drawdown', function () {
    const t = aq.table({ date: [d(0), d(1)], equity: [0.95, 0.97], drawdown: [-0.05, -0.03] });
    const r = rows(equityChart(t, { name: 'top decile' }));
    expect(r).to.deep.equal([
      { date: d(0), series: 'top decile', equity: 0.95, drawdown: -0.05 },
      { date: d(1), series: 'top decile', equity: 0.97, drawdown: -0.03 },
    ]);
  });

  it('a missing column, a NaN or non-positive equity, or mismatched lengths throw SchemaErrors', function () {
    expect(() => equityChart({ date: [d(0)], wealth: [1] })).to.throw(SchemaError, /needs a column 'equity'/);
    expect(() => equityChart({ date: [d(0), d(1)], equity: [1, NaN] })).to.throw(
      SchemaError,
      /NaN at index 1/,
    );
    expect(() => equityChart({ date: [d(0)], equity: [0] })).to.throw(
      SchemaError,
      /equity must be > 0, got 0 at index 0/,
    );
    expect(() => equityChart({ date: [d(0)], equity: [1, 2] })).to.throw(SchemaError, /same length/);
  });

  it('zero rows → a "no data" chart; drawdownChart draws the strategy only', function () {
    expect(equityChart({ date: [], equity: [] }).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
    const spec = drawdownChart({ date: [d(0), d(1)], equity: [1, 0.9], benchmark: [1, 1] });
    expect(rows(spec).map((x) => x.series)).to.deep.equal(['strategy', 'strategy']);
  });
});

describe('charts/ic', function () {
  it('rollingMean([1, 2, 3, 4], 2) is [NaN, 1.5, 2.5, 3.5]', function () {
    expect(rollingMean([1, 2, 3, 4], 2)).to.deep.equal([NaN, 1.5, 2.5, 3.5]);
  });

  it('icChart(informationCoefficient(…)) draws the per-date IC with mean, ICIR and t in the subtitle', function () {
    const ic = informationCoefficient([1, 1, 1, 2, 2, 2], [1, 2, 3, 1, 2, 3], [0.1, 0.2, 0.3, 0.3, 0.1, 0.2]);
    const spec = icChart(ic, { window: 2 });
    const r = rows(spec);
    expect(r.map((x) => x.ic)).to.deep.equal(Array.from(ic.perDate.ic));
    expect(r.map((x) => x.rolling)).to.deep.equal([null, (ic.perDate.ic[0] + ic.perDate.ic[1]) / 2]);
    expect(r.map((x) => x.sign)).to.deep.equal(['positive', 'negative']);
    expect((spec.title as { subtitle: string }).subtitle).to.equal(
      `mean ${ic.mean.toFixed(3)} · ICIR ${(ic.mean / ic.std).toFixed(3)} · t ${ic.tStat.toFixed(3)} · 2 dates (spearman) · line: 2-date mean`,
    );
  });

  it('reads factorAnalysis-style tables and picks the horizon', function () {
    const t = aq.table({
      date: [d(1), d(0), d(0), d(1)],
      horizon: [1, 1, 5, 5],
      ic: [0.2, 0.1, -0.3, 0.4],
      n: [5, 5, 5, 5],
    });
    expect(rows(icChart(t, { horizon: 1 })).map((x) => x.ic)).to.deep.equal([0.1, 0.2]);
    expect(() => icChart(t)).to.throw(ParameterError, /horizons \[1, 5\]; pass options\.horizon/);
    expect(() => icChart(t, { horizon: 10 })).to.throw(ParameterError, /horizon 10 is not in/);
    expect(() => icChart({ date: [d(0)], ic: [NaN] })).to.throw(SchemaError, /NaN at index 0/);
    expect(() => icChart({ date: [d(0)], ic: [0.1] }, { window: 0 })).to.throw(ParameterError, /window/);
  });
});

describe('charts/quantiles', function () {
  it('quantileReturnsChart([-0.002, 0, 0.001]) draws quantiles 1–3 coloured by sign', function () {
    expect(rows(quantileReturnsChart([-0.002, 0, 0.001]))).to.deep.equal([
      { quantile: 1, value: -0.002, sign: 'loss' },
      { quantile: 2, value: 0, sign: 'gain' },
      { quantile: 3, value: 0.001, sign: 'gain' },
    ]);
  });

  it('reads factorAnalysis(…).quantileReturns (horizon, quantile, mean_return, mean_return_demeaned, count)', function () {
    const t = aq.table({
      horizon: [1, 1, 5, 5],
      quantile: [1, 2, 1, 2],
      mean_return: [-0.001, 0.002, -0.003, 0.004],
      mean_return_demeaned: [-0.0015, 0.0015, -0.0035, 0.0035],
      count: [10, 10, 10, 10],
    });
    const both = quantileReturnsChart(t);
    expect(rows(both).map((x) => x.horizon)).to.deep.equal(['1d', '1d', '5d', '5d']);
    const five = quantileReturnsChart(t, { horizon: 5, demeaned: true });
    expect(rows(five).map((x) => x.value)).to.deep.equal([-0.0035, 0.0035]);
    expect((five.title as { subtitle: string }).subtitle).to.equal('horizon 5d');
    expect(() => quantileReturnsChart(t, { horizon: 3 })).to.throw(
      ParameterError,
      /horizon 3 is not in the table's horizons \[1, 5\]/,
    );
    expect(() => quantileReturnsChart([0.1, NaN])).to.throw(SchemaError, /NaN at index 1/);
    expect(quantileReturnsChart([]).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});
