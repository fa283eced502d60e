/**
 * importanceChart, cvFoldsChart, comparisonChart, driftChart: ordering, shapes of input, bands and
 * bad input.
 */
import * as aq from 'arquero';
import { expect } from 'chai';
import {
  comparisonChart,
  cvFoldsChart,
  driftChart,
  importanceChart,
  psiBand,
} from '../../src/charts/index.js';
import { populationStabilityIndex } from '../../src/metrics/index.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';

type Spec = {
  data?: { values: Record<string, unknown>[] };
  layer?: { data?: { values: Record<string, unknown>[] }; encoding: Record<string, { sort?: unknown }> }[];
};
const values = (spec: object): Record<string, unknown>[] => {
  const s = spec as Spec;
  return s.data?.values ?? s.layer?.[0].data?.values ?? [];
};

describe('charts/importance', function () {
  it('importanceChart({ rsi: 0.2, macd: 0.5 }) sorts macd (0.5) above rsi (0.2)', function () {
    const spec = importanceChart({ rsi: 0.2, macd: 0.5 });
    expect(values(spec)).to.deep.equal([
      { feature: 'macd', importance: 0.5 },
      { feature: 'rsi', importance: 0.2 },
    ]);
    expect((spec as Spec).layer![0].encoding.y.sort).to.deep.equal(['macd', 'rsi']);
  });

  it('takes a Map, rows with std, or names + a Float64Array from featureImportance(), and keeps the top k', function () {
    expect(
      values(
        importanceChart(
          new Map([
            ['a', 1],
            ['b', 2],
          ]),
        ),
      ),
    ).to.deep.equal([
      { feature: 'b', importance: 2 },
      { feature: 'a', importance: 1 },
    ]);
    const withStd = importanceChart([{ feature: 'x', importance: 0.3, std: 0.1 }]);
    expect(values(withStd)[0]).to.deep.include({ feature: 'x', std: 0.1 });
    expect(values(withStd)[0].low).to.be.closeTo(0.2, 1e-12);
    const top = importanceChart({ names: ['a', 'b', 'c'], values: Float64Array.of(3, 1, 2) }, { top: 2 });
    expect(values(top).map((r) => r.feature)).to.deep.equal(['a', 'c']);
    expect((top.title as { subtitle: string }).subtitle).to.equal('top 2 of 3 features');
  });

  it('NaN importance, repeated features, mismatched lengths and a bad top are errors; none is "no data"', function () {
    expect(() => importanceChart({ a: NaN })).to.throw(
      SchemaError,
      /importance of 'a' must be finite, got NaN/,
    );
    expect(() =>
      importanceChart([
        { feature: 'a', importance: 1 },
        { feature: 'a', importance: 2 },
      ]),
    ).to.throw(SchemaError, /'a' appears twice/);
    expect(() => importanceChart({ names: ['a'], values: [1, 2] })).to.throw(SchemaError, /same length/);
    expect(() => importanceChart({ a: 1 }, { top: 0 })).to.throw(ParameterError);
    expect(importanceChart({}).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});

describe('charts/cv-folds', function () {
  it('cvFoldsChart([{ fold: 0, auc: 0.55 }, { fold: 1, auc: 0.58 }]) has one panel per metric and a mean rule', function () {
    const spec = cvFoldsChart([
      { fold: 0, auc: 0.55, brier: 0.24, model: 'lr' },
      { fold: 1, auc: 0.58, brier: 0.25, model: 'lr' },
    ]) as unknown as {
      data: { values: unknown[] };
      facet: { sort: string[] };
      spec: { layer: { encoding: { y: { aggregate?: string } } }[] };
    };
    expect(spec.facet.sort).to.deep.equal(['auc', 'brier']);
    expect(spec.data.values).to.deep.equal([
      { fold: '0', metric: 'auc', value: 0.55 },
      { fold: '1', metric: 'auc', value: 0.58 },
      { fold: '0', metric: 'brier', value: 0.24 },
      { fold: '1', metric: 'brier', value: 0.25 },
    ]);
    expect(spec.spec.layer[1].encoding.y.aggregate).to.equal('mean');
  });

  it('takes tidy rows and an Arquero table, and a chosen metric list', function () {
    const tidy = aq.table({ fold: [0, 0, 1], metric: ['auc', 'brier', 'auc'], value: [0.5, 0.2, 0.6] });
    expect(values(cvFoldsChart(tidy, { metrics: ['auc'] }))).to.deep.equal([
      { fold: '0', metric: 'auc', value: 0.5 },
      { fold: '1', metric: 'auc', value: 0.6 },
    ]);
    expect(() => cvFoldsChart([{ fold: 0, auc: NaN }])).to.throw(
      SchemaError,
      /metric 'auc' must be a finite number, got NaN at row 0/,
    );
    expect(() => cvFoldsChart([{ auc: 0.5 }])).to.throw(SchemaError, /needs a 'fold' column/);
    expect(() => cvFoldsChart([{ fold: 0, auc: 0.5 }], { metrics: ['f1'] })).to.throw(
      SchemaError,
      /no column 'f1'/,
    );
    expect(cvFoldsChart([]).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});

describe('charts/comparison', function () {
  it('comparisonChart({ lr: { auc: 0.56 }, gbdt: { auc: { mean: 0.58, std: 0.02 } } }) has dots and a ± std line', function () {
    const spec = comparisonChart({ lr: { auc: 0.56 }, gbdt: { auc: { mean: 0.58, std: 0.02 } } });
    const rows = values(spec);
    expect(rows[0]).to.deep.equal({ model: 'lr', metric: 'auc', value: 0.56 });
    expect(rows[1]).to.include({ model: 'gbdt', metric: 'auc', value: 0.58 });
    expect(rows[1].low).to.be.closeTo(0.56, 1e-12);
    expect(rows[1].high).to.be.closeTo(0.6, 1e-12);
  });

  it('takes tidy rows; NaN and unknown metrics are errors', function () {
    const spec = comparisonChart([
      { model: 'a', metric: 'auc', value: 0.5 },
      { model: 'b', metric: 'auc', value: 0.6, std: 0.01 },
    ]);
    expect(values(spec).map((r) => r.model)).to.deep.equal(['a', 'b']);
    expect(() => comparisonChart({ a: { auc: NaN } })).to.throw(
      SchemaError,
      /a \/ auc must be a finite number, got NaN/,
    );
    expect(() => comparisonChart({ a: { auc: 0.5 } }, { metrics: ['f1'] })).to.throw(
      SchemaError,
      /no model has the metric 'f1'/,
    );
    expect(() => comparisonChart([{ model: 'a', value: 1 }])).to.throw(
      SchemaError,
      /needs columns model, metric, value/,
    );
    expect(comparisonChart({}).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});

describe('charts/drift', function () {
  it('psiBand: < 0.1 stable, 0.1–0.25 moderate, ≥ 0.25 major', function () {
    expect([0, 0.099, 0.1, 0.2499, 0.25, 3].map((v) => psiBand(v))).to.deep.equal([
      'stable',
      'stable',
      'moderate',
      'moderate',
      'major',
      'major',
    ]);
  });

  it('driftChart({ rsi: 0.04, volume: 0.31 }) puts volume (major) above rsi (stable), with threshold rules', function () {
    const spec = driftChart({
      rsi: 0.04,
      volume: populationStabilityIndex([1, 2, 3, 4], [3, 4, 4, 4], { nBins: 2 }),
    });
    const rows = values(spec);
    expect(rows.map((r) => [r.feature, r.band])).to.deep.equal([
      ['volume', 'major'],
      ['rsi', 'stable'],
    ]);
    expect(rows[0].psi).to.equal(4.60431846666895);
    expect((spec as Spec).layer![1].data!.values).to.deep.equal([{ threshold: 0.1 }, { threshold: 0.25 }]);
    expect((spec.title as { subtitle: string }).subtitle).to.equal('1 major, 0 moderate of 2 features');
  });

  it('a negative or NaN PSI and bad thresholds are errors; none is "no data"', function () {
    expect(() => driftChart({ a: -0.1 })).to.throw(
      SchemaError,
      /PSI of 'a' must be a finite number ≥ 0, got -0.1/,
    );
    expect(() => driftChart([{ feature: 'a', psi: NaN }])).to.throw(SchemaError, /NaN/);
    expect(() => driftChart({ a: 0.1 }, { thresholds: [0.3, 0.2] })).to.throw(ParameterError);
    expect(driftChart({}).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});
