/**
 * rocChart and precisionRecallChart: the legend carries each model's AUC / AP as the metrics compute
 * them, the chance diagonal and prevalence lines are drawn, the curves are the metrics' curves, and
 * bad input throws the metric's own error.
 */
import { expect } from 'chai';
import { cvFoldsChart, precisionRecallChart, rocChart, thinCurve } from '../../src/charts/index.js';
import { stepArea } from '../../src/charts/pr.js';
import { trapezoidArea } from '../../src/charts/roc.js';
import {
  averagePrecision,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  UndefinedMetricError,
} from '../../src/metrics/index.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { SCORE_A, SCORE_B, Y, schemaErrors } from './helpers.js';

type Layer = {
  data?: { values: Record<string, unknown>[] };
  mark: { type: string; strokeDash?: number[] };
  encoding: Record<string, { scale?: { domain?: unknown } }>;
};
const layers = (spec: object): Layer[] => (spec as { layer: Layer[] }).layer;

describe('charts/roc', function () {
  it("rocChart puts each model's AUC (as rocAuc) in the legend, in the given order", function () {
    const spec = rocChart([
      { name: 'logistic', y: Y, score: SCORE_A },
      { name: 'gbdt', y: Y, score: SCORE_B },
    ]);
    const domain = layers(spec)[1].encoding.color.scale?.domain;
    expect(domain).to.deep.equal([
      `logistic (AUC ${rocAuc(Y, SCORE_A).toFixed(3)})`,
      `gbdt (AUC ${rocAuc(Y, SCORE_B).toFixed(3)})`,
    ]);
  });

  it('rocChart([{ name: "lr", y: [0, 0, 1, 1], score: [0.1, 0.4, 0.35, 0.8] }]) has legend "lr (AUC 0.750)" and the metric\'s curve', function () {
    const spec = rocChart([{ name: 'lr', y: [0, 0, 1, 1], score: [0.1, 0.4, 0.35, 0.8] }]);
    const rows = layers(spec)[1].data!.values;
    expect(rows.map((r) => r.model)).to.satisfy((m: string[]) => m.every((x) => x === 'lr (AUC 0.750)'));
    expect(rows.map((r) => r.fpr)).to.deep.equal([0, 0, 0.5, 0.5, 1]);
    expect(rows.map((r) => r.tpr)).to.deep.equal([0, 0.5, 0.5, 1, 1]);
    expect(rows.map((r) => r.threshold)).to.deep.equal([1.8, 0.8, 0.4, 0.35, 0.1]);
  });

  it('draws the chance diagonal from (0, 0) to (1, 1), dashed', function () {
    const diag = layers(rocChart({ name: 'a', y: Y, score: SCORE_A }))[0];
    expect(diag.data!.values).to.deep.equal([
      { fpr: 0, tpr: 0 },
      { fpr: 1, tpr: 1 },
    ]);
    expect(diag.mark.strokeDash).to.deep.equal([4, 4]);
  });

  it('a given curve without auc gets the trapezoidal area, equal to rocAuc', function () {
    const spec = rocChart({ name: 'm', curve: rocCurve(Y, SCORE_B) });
    expect(layers(spec)[1].encoding.color.scale?.domain).to.deep.equal([
      `m (AUC ${rocAuc(Y, SCORE_B).toFixed(3)})`,
    ]);
    const c = rocCurve(Y, SCORE_B);
    expect(trapezoidArea(Array.from(c.fpr), Array.from(c.tpr))).to.be.closeTo(rocAuc(Y, SCORE_B), 1e-12);
  });

  it("NaN in the scores throws the metric's SchemaError naming the index", function () {
    const bad = [...SCORE_A];
    bad[3] = NaN;
    expect(() => rocChart({ name: 'a', y: Y, score: bad })).to.throw(
      SchemaError,
      /rocCurve: score must be finite, got NaN at index 3/,
    );
  });

  it('NaN in a given curve throws a SchemaError naming the model and index', function () {
    const c = rocCurve(Y, SCORE_A);
    const fpr = Float64Array.from(c.fpr);
    fpr[2] = NaN;
    expect(() => rocChart({ name: 'a', curve: { ...c, fpr } })).to.throw(
      SchemaError,
      /a: fpr must be finite, got NaN at index 2/,
    );
  });

  it("one class only throws the metric's UndefinedMetricError", function () {
    expect(() => rocChart({ name: 'a', y: [1, 1, 1], score: [0.1, 0.2, 0.3] })).to.throw(
      UndefinedMetricError,
      /only one class/,
    );
  });

  it('repeated or empty model names are rejected', function () {
    expect(() =>
      rocChart([
        { name: 'a', y: Y, score: SCORE_A },
        { name: 'a', y: Y, score: SCORE_B },
      ]),
    ).to.throw(SchemaError, /'a' twice/);
    expect(() => rocChart({ name: '', y: Y, score: SCORE_A })).to.throw(SchemaError, /non-empty name/);
  });

  it('no model → a "no data" chart with the title', function () {
    const spec = rocChart([], { title: 'ROC of nothing' });
    expect(spec.usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
    expect(spec.title).to.deep.equal({ text: 'ROC of nothing' });
    expect(schemaErrors(spec)).to.equal('');
  });

  it('rejects a non-positive size', function () {
    expect(() => rocChart({ name: 'a', y: Y, score: SCORE_A }, { width: 0 })).to.throw(
      RangeError,
      /width must be a number > 0, got 0/,
    );
  });
});

describe('charts/pr', function () {
  it("puts each model's average precision (as averagePrecision) in the legend", function () {
    const spec = precisionRecallChart([
      { name: 'logistic', y: Y, score: SCORE_A },
      { name: 'gbdt', curve: precisionRecallCurve(Y, SCORE_B) },
    ]);
    expect(layers(spec)[1].encoding.color.scale?.domain).to.deep.equal([
      `logistic (AP ${averagePrecision(Y, SCORE_A).toFixed(3)})`,
      `gbdt (AP ${averagePrecision(Y, SCORE_B).toFixed(3)})`,
    ]);
  });

  it('the step area of a curve equals averagePrecision', function () {
    for (const s of [SCORE_A, SCORE_B]) {
      const c = precisionRecallCurve(Y, s);
      expect(stepArea(Array.from(c.recall), Array.from(c.precision))).to.be.closeTo(
        averagePrecision(Y, s),
        1e-12,
      );
    }
  });

  it('draws the prevalence of each model as a dashed rule and the curve as steps in sklearn order', function () {
    const spec = precisionRecallChart({ name: 'lr', y: [0, 0, 1, 1], score: [0.1, 0.4, 0.35, 0.8] });
    const [rule, line] = layers(spec);
    expect(rule.data!.values).to.deep.equal([{ model: 'lr (AP 0.833)', prevalence: 0.5 }]);
    expect(line.mark).to.include({ type: 'line', interpolate: 'step-after' });
    expect(line.data!.values.map((r) => r.recall)).to.deep.equal([1, 1, 0.5, 0.5, 0]);
    expect(line.data!.values.map((r) => r.precision)).to.deep.equal([0.5, 2 / 3, 0.5, 1, 1]);
    expect(line.data!.values.map((r) => r.threshold)).to.deep.equal([0.1, 0.35, 0.4, 0.8, null]);
  });

  it("no positive throws the metric's UndefinedMetricError; NaN its SchemaError", function () {
    expect(() => precisionRecallChart({ name: 'a', y: [0, 0], score: [0.1, 0.2] })).to.throw(
      UndefinedMetricError,
    );
    expect(() => precisionRecallChart({ name: 'a', y: [0, 1], score: [0.1, NaN] })).to.throw(
      SchemaError,
      /index 1/,
    );
  });

  it('no model → a "no data" chart', function () {
    expect(precisionRecallChart([]).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});

describe('charts/input thinCurve and the curve charts at scale', function () {
  it('thinCurve keeps the first and last points and each point moving x or y by ≥ resolution from the last kept', function () {
    const x = [0, 0.0004, 0.0008, 0.0012, 0.5, 0.5003, 1];
    const y = [0, 0.0001, 0.0002, 0.0003, 0.5, 0.5, 1];
    expect(thinCurve(x, y, 0.001)).to.deep.equal([0, 3, 4, 6]);
    expect(thinCurve(x, y, 0)).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    expect(thinCurve([0.3], [0.2], 0.5)).to.deep.equal([0]);
    expect(() => thinCurve(x, y, -1)).to.throw(ParameterError, 'resolution');
    expect(() => thinCurve(x, y, NaN)).to.throw(ParameterError, 'resolution');
  });

  // synthetic: 200,000 scores with distinct values, y drawn with P(y = 1) rising in the score
  const n = 200_000;
  const rng = new Rng(11);
  const score = Float64Array.from({ length: n }, () => rng.random());
  const y = Float64Array.from(score, (s) => (rng.random() < 0.05 + 0.2 * s ? 1 : 0));

  it('rocChart on 200,000 scores draws ≤ 3,000 points within 0.001 of the full curve; the legend AUC uses every score', function () {
    const spec = rocChart({ name: 'm', y, score });
    const rows = layers(spec)[1].data!.values as { fpr: number; tpr: number; i: number }[];
    const full = rocCurve(y, score);
    expect(full.fpr.length).to.be.greaterThan(20_000); // sklearn drop_intermediate leaves ~50k corners
    expect(rows.length).to.be.lessThan(3_000);
    expect(rows[0].i).to.equal(0);
    expect(rows[rows.length - 1].i).to.equal(full.fpr.length - 1);
    for (let k = 1; k < rows.length; k++) {
      // every skipped point lies within the resolution of the kept point before it
      for (let i = rows[k - 1].i + 1; i < rows[k].i; i++) {
        expect(Math.abs(full.fpr[i] - rows[k - 1].fpr)).to.be.below(0.001);
        expect(Math.abs(full.tpr[i] - rows[k - 1].tpr)).to.be.below(0.001);
      }
    }
    expect(layers(spec)[1].encoding.color.scale?.domain).to.deep.equal([
      `m (AUC ${rocAuc(y, score).toFixed(3)})`,
    ]);
    const all = rocChart({ name: 'm', y, score }, { resolution: 0 });
    expect(layers(all)[1].data!.values).to.have.length(full.fpr.length);
  });

  it('precisionRecallChart on 200,000 scores draws ≤ 3,000 points; the legend AP uses every score', function () {
    const spec = precisionRecallChart({ name: 'm', y, score }, { subtitle: 'test 2016-03-04..2018-01-29' });
    const rows = layers(spec)[1].data!.values;
    expect(precisionRecallCurve(y, score).recall.length).to.be.greaterThan(50_000);
    expect(rows.length).to.be.lessThan(3_000);
    expect(layers(spec)[1].encoding.color.scale?.domain).to.deep.equal([
      `m (AP ${averagePrecision(y, score).toFixed(3)})`,
    ]);
    expect((spec as { title: unknown }).title).to.deep.equal({
      text: 'Precision–recall',
      subtitle: 'test 2016-03-04..2018-01-29',
    });
  });

  it("the subtitle option comes first on a chart's own subtitle line; a non-string subtitle is refused", function () {
    const spec = cvFoldsChart([{ fold: 0, auc: 0.6 }], { subtitle: 'walk-forward' });
    expect((spec as { title: { subtitle: string } }).title.subtitle).to.match(/^walk-forward · 1 folds/);
    expect(() =>
      rocChart({ name: 'm', y: Y, score: SCORE_A }, { subtitle: 5 as unknown as string }),
    ).to.throw(ParameterError, 'subtitle must be a string');
  });
});
