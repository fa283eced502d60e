/**
 * rocCurve, precisionRecallCurve, argsortAscending.
 *
 * Sources: test/fixtures/sklearn-metrics/classification.json — scikit-learn 1.2.1 `roc_curve`
 * (drop_intermediate=True; thresholds[0] = max + 1) and `precision_recall_curve` on the same cases as
 * the classification metrics, compared element-wise at 1e-12 with identical lengths; NumPy's
 * trapezoid rule and a comparator sort for the property tests.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  argsortAscending,
  averagePrecision,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  UndefinedMetricError,
} from '../../src/metrics/index.js';
import { SchemaError } from '../../src/util/errors.js';
import { binaryCases, expectClose } from '../fixtures/sklearn-metrics/load.js';

const labelled = fc
  .array(
    fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 3 })),
    {
      minLength: 2,
      maxLength: 50,
    },
  )
  .filter((r) => r.some((x) => x[0] === 1 && x[2] > 0) && r.some((x) => x[0] === 0 && x[2] > 0))
  .map((r) => ({ y: r.map((x) => x[0]), s: r.map((x) => x[1] / 4), w: r.map((x) => x[2]) }));

describe('metrics/curves', function () {
  for (const c of binaryCases) {
    if (c.roc_curve) {
      it(`rocCurve matches scikit-learn's roc_curve on ${c.name}${c.weight ? ' (weighted)' : ''}`, function () {
        const got = rocCurve(c.y, c.score, c.weight);
        expectClose(got.fpr, c.roc_curve!.fpr, 'fpr');
        expectClose(got.tpr, c.roc_curve!.tpr, 'tpr');
        expectClose(got.thresholds, c.roc_curve!.thresholds, 'thresholds');
      });
    } else {
      it(`rocCurve throws UndefinedMetricError on ${c.name} (one class)`, function () {
        expect(() => rocCurve(c.y, c.score, c.weight)).to.throw(UndefinedMetricError, /only one class/);
      });
    }
    if (c.pr_curve) {
      it(`precisionRecallCurve matches scikit-learn on ${c.name}${c.weight ? ' (weighted)' : ''}`, function () {
        const got = precisionRecallCurve(c.y, c.score, c.weight);
        expectClose(got.precision, c.pr_curve!.precision, 'precision');
        expectClose(got.recall, c.pr_curve!.recall, 'recall');
        expectClose(got.thresholds, c.pr_curve!.thresholds, 'thresholds');
      });
    } else {
      it(`precisionRecallCurve throws UndefinedMetricError on ${c.name} (no positive)`, function () {
        expect(() => precisionRecallCurve(c.y, c.score, c.weight)).to.throw(
          UndefinedMetricError,
          /no positive/,
        );
      });
    }
  }

  it('the doc examples (sklearn docstrings)', function () {
    const r = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(r.fpr)).to.deep.equal([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(r.tpr)).to.deep.equal([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(r.thresholds)).to.deep.equal([1.8, 0.8, 0.4, 0.35, 0.1]);
    const pr = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(pr.precision)).to.deep.equal([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(pr.recall)).to.deep.equal([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(pr.thresholds)).to.deep.equal([0.1, 0.35, 0.4, 0.8]);
  });

  it('constant scores give the diagonal: fpr [0, 1], tpr [0, 1], thresholds [s + 1, s]', function () {
    const r = rocCurve([0, 1, 1, 0], [2, 2, 2, 2]);
    expect(Array.from(r.fpr)).to.deep.equal([0, 1]);
    expect(Array.from(r.tpr)).to.deep.equal([0, 1]);
    expect(Array.from(r.thresholds)).to.deep.equal([3, 2]);
  });

  describe('properties', function () {
    it('the trapezoid area under rocCurve is rocAuc; ROC is monotone from (0, 0) to (1, 1)', function () {
      fc.assert(
        fc.property(labelled, ({ y, s, w }) => {
          const { fpr, tpr, thresholds } = rocCurve(y, s, w);
          let area = 0;
          for (let i = 1; i < fpr.length; i++) {
            expect(fpr[i]).to.be.at.least(fpr[i - 1]);
            expect(tpr[i]).to.be.at.least(tpr[i - 1]);
            expect(thresholds[i]).to.be.below(thresholds[i - 1]);
            area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
          }
          expect([fpr[0], tpr[0], fpr[fpr.length - 1], tpr[tpr.length - 1]]).to.deep.equal([0, 0, 1, 1]);
          expect(area).to.be.closeTo(rocAuc(y, s, w), 1e-12);
        }),
      );
    });

    it("averagePrecision is −Σ diff(recall) · precision[:-1] over precisionRecallCurve (sklearn's definition)", function () {
      fc.assert(
        fc.property(labelled, ({ y, s, w }) => {
          const { precision, recall, thresholds } = precisionRecallCurve(y, s, w);
          expect(precision.length).to.equal(thresholds.length + 1);
          let ap = 0;
          for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
          expect(ap).to.be.closeTo(averagePrecision(y, s, w), 1e-12);
        }),
      );
    });

    it('zero-weight rows add no threshold (sklearn drops them)', function () {
      const r = rocCurve([0, 1, 0, 1], [0.1, 0.9, 0.5, 0.7], [1, 1, 0, 1]);
      expect(Array.from(r.thresholds)).to.not.include(0.5);
      expect(
        Array.from(precisionRecallCurve([0, 1, 0], [0.1, 0.9, 0.5], [1, 1, 0]).thresholds),
      ).to.deep.equal([0.1, 0.9]);
    });

    it('argsortAscending([3, 1, 2, 1]) is the doc example [1, 3, 2, 0]', function () {
      expect(Array.from(argsortAscending([3, 1, 2, 1]))).to.deep.equal([1, 3, 2, 0]);
    });

    it('argsortAscending is a stable sort (ties keep row order; −0 equals +0)', function () {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }), fc.constant(-0)), {
            maxLength: 200,
          }),
          (xs) => {
            const want = xs.map((_, i) => i).sort((a, b) => (xs[a] < xs[b] ? -1 : xs[a] > xs[b] ? 1 : a - b));
            expect(Array.from(argsortAscending(xs))).to.deep.equal(want);
          },
        ),
      );
    });
  });

  it('errors name the index, the value or both lengths', function () {
    expect(() => rocCurve([0, 1], [0.1, NaN])).to.throw(SchemaError, /index 1/);
    expect(() => precisionRecallCurve([0, 1, 5], [0.1, 0.2, 0.3])).to.throw(SchemaError, /got 5 at index 2/);
    expect(() => rocCurve([0, 1], [0.1])).to.throw(SchemaError, /got 2 and 1/);
    expect(() => rocCurve([1, 1], [0.1, 0.2])).to.throw(
      UndefinedMetricError,
      /only one class is present in y \(all 1\)/,
    );
  });
});
