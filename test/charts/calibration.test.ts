/**
 * calibrationChart: the reliability points are calibrationCurve's, each with its row count, over a
 * histogram of the same bins; the diagonal is drawn; bad probabilities throw the metric's error.
 */
import { expect } from 'chai';
import { calibrationChart } from '../../src/charts/index.js';
import { binBounds } from '../../src/charts/calibration.js';
import { calibrationCurve } from '../../src/metrics/index.js';
import { SchemaError } from '../../src/util/errors.js';
import { SCORE_A, SCORE_B, Y } from './helpers.js';

interface Spec {
  data: { values: Record<string, unknown>[] };
  vconcat: [
    { layer: { data?: { values: unknown[] }; mark: { type: string }; encoding: Record<string, unknown> }[] },
    { mark: { type: string }; encoding: Record<string, unknown> },
  ];
}

describe('charts/calibration', function () {
  it('calibrationChart({ name: "lr", y: [0, 0, 1, 1], prob: [0.1, 0.3, 0.6, 0.9] }, { nBins: 2 }) has points (0.2, 0) and (0.75, 1), n = 2 each', function () {
    const spec = calibrationChart(
      { name: 'lr', y: [0, 0, 1, 1], prob: [0.1, 0.3, 0.6, 0.9] },
      { nBins: 2 },
    ) as unknown as Spec;
    expect(spec.data.values).to.deep.equal([
      { model: 'lr', probPred: 0.2, probTrue: 0, count: 2, label: 'n=2', lo: 0, hi: 0.5 },
      { model: 'lr', probPred: 0.75, probTrue: 1, count: 2, label: 'n=2', lo: 0.5, hi: 1 },
    ]);
  });

  it('draws the diagonal, the reliability line with points, the per-bin counts and the histogram', function () {
    const spec = calibrationChart({ name: 'lr', y: Y, prob: SCORE_A }, { nBins: 4 }) as unknown as Spec;
    const [top, hist] = spec.vconcat;
    expect(top.layer[0].data!.values).to.deep.equal([
      { probPred: 0, probTrue: 0 },
      { probPred: 1, probTrue: 1 },
    ]);
    expect(top.layer[1].mark).to.include({ type: 'line', point: true });
    expect(top.layer[2].encoding.text).to.deep.equal({ field: 'label', type: 'nominal' });
    expect(hist.mark.type).to.equal('rect');
    expect(hist.encoding.y2).to.deep.equal({ datum: 0 });
    const curve = calibrationCurve(Y, SCORE_A, { nBins: 4 });
    expect(spec.data.values.map((r) => r.count)).to.deep.equal(Array.from(curve.counts));
    expect(spec.data.values.map((r) => r.probTrue)).to.deep.equal(Array.from(curve.probTrue));
  });

  it('several models share one colour legend and no count labels', function () {
    const spec = calibrationChart([
      { name: 'a', y: Y, prob: SCORE_A },
      { name: 'b', y: Y, prob: SCORE_B },
    ]) as unknown as Spec;
    expect(spec.vconcat[0].layer).to.have.length(2);
    expect(new Set(spec.data.values.map((r) => r.model))).to.deep.equal(new Set(['a', 'b']));
  });

  it('binBounds finds each non-empty bin among the edges, quantile bins included', function () {
    for (const strategy of ['uniform', 'quantile'] as const) {
      const curve = calibrationCurve(Y, SCORE_A, { nBins: 5, strategy });
      const { lo, hi } = binBounds(curve);
      for (let k = 0; k < lo.length; k++) {
        expect(curve.probPred[k]).to.be.at.least(lo[k]).and.at.most(hi[k]);
        if (k > 0) expect(lo[k]).to.be.at.least(hi[k - 1]);
      }
    }
  });

  it("a probability outside [0, 1] or NaN throws calibrationCurve's SchemaError", function () {
    expect(() => calibrationChart({ name: 'a', y: [0, 1], prob: [0.2, NaN] })).to.throw(
      SchemaError,
      /calibrationCurve: prob must be finite, got NaN at index 1/,
    );
    expect(() => calibrationChart({ name: 'a', y: [0, 1], prob: [0.2, 1.5] })).to.throw(SchemaError, /1\.5/);
  });

  it('a given curve with NaN throws a SchemaError naming the model', function () {
    const curve = calibrationCurve(Y, SCORE_A, { nBins: 3 });
    const probTrue = Float64Array.from(curve.probTrue);
    probTrue[0] = NaN;
    expect(() => calibrationChart({ name: 'm', curve: { ...curve, probTrue } })).to.throw(
      SchemaError,
      /m: probTrue must be finite/,
    );
  });

  it('no model → a "no data" chart', function () {
    expect(calibrationChart([]).usermeta).to.deep.equal({ quantbook: { chart: 'no-data' } });
  });
});
