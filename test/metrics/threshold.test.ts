/**
 * confusionMatrix, accuracy, precision, recall, f1, precisionAtThreshold, precisionAtK.
 *
 * Sources: test/fixtures/sklearn-metrics/classification.json — scikit-learn 1.2.1
 * `confusion_matrix(labels=[0, 1])`, `accuracy_score`, `precision_score`, `recall_score`, `f1_score`
 * (zero_division=0, the value of the default 'warn') of `score >= threshold` at 1–3 thresholds per
 * case, with and without weights; `precision_score` of `prob * 100 >= 70` for precision_at_70; a
 * NumPy statement of tie-aware precision@k; compared at 1e-12.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  accuracy,
  confusionMatrix,
  f1,
  precision,
  precisionAtK,
  precisionAtThreshold,
  recall,
} from '../../src/metrics/index.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { binaryCases, expectClose } from '../fixtures/sklearn-metrics/load.js';

describe('metrics/threshold', function () {
  for (const c of binaryCases) {
    it(`confusionMatrix, accuracy, precision, recall, f1 match scikit-learn on ${c.name}${c.weight ? ' (weighted)' : ''}`, function () {
      for (const t of c.at_threshold) {
        const o = { threshold: t.threshold, sampleWeight: c.weight };
        const label = `${c.name} @ ${t.threshold}`;
        expectClose(confusionMatrix(c.y, c.score, o).flat(), t.confusion.flat(), `${label} confusion`);
        expectClose(accuracy(c.y, c.score, o), t.accuracy, `${label} accuracy`);
        expectClose(precision(c.y, c.score, o), t.precision, `${label} precision`);
        expectClose(recall(c.y, c.score, o), t.recall, `${label} recall`);
        expectClose(f1(c.y, c.score, o), t.f1, `${label} f1`);
      }
    });

    it(`precisionAtThreshold(y, 100 p, 70) and precisionAtK match the reference on ${c.name}`, function () {
      const got = precisionAtThreshold(
        c.y,
        c.prob.map((p) => p * 100),
        70,
      );
      expect(got.calls).to.equal(c.precision_at_70.calls);
      expect(got.truePositives).to.equal(c.precision_at_70.true_positives);
      expectClose(got.precision, c.precision_at_70.precision, 'precision_at_70');
      for (const { k, precision: want } of c.precision_at_k) {
        expectClose(precisionAtK(c.y, c.score, k), want, `precision@${k}`);
      }
    });
  }

  it('the doc examples', function () {
    const y = [0, 1, 1, 0];
    expect(confusionMatrix(y, [0.2, 0.7, 0.4, 0.6])).to.deep.equal([
      [1, 1],
      [1, 1],
    ]);
    expect(accuracy(y, [0.2, 0.7, 0.4, 0.6])).to.equal(0.5);
    expect(precision(y, [0.2, 0.7, 0.9, 0.6])).to.equal(2 / 3);
    expect(recall(y, [0.2, 0.7, 0.4, 0.6])).to.equal(0.5);
    expect(f1(y, [0.2, 0.7, 0.9, 0.6])).to.equal(0.8);
    expect(precisionAtThreshold([1, 0, 1, 1], [85, 72, 40, 70])).to.deep.equal({
      precision: 2 / 3,
      calls: 3,
      truePositives: 2,
    });
    expect(precisionAtK([1, 0, 1, 0], [0.9, 0.8, 0.8, 0.1], 2)).to.equal(0.75);
  });

  it('a score equal to the threshold is a positive call; 0/1 predictions work with the default 0.5', function () {
    expect(confusionMatrix([1, 0], [0.5, 0.5])).to.deep.equal([
      [0, 1],
      [0, 1],
    ]);
    expect(accuracy([1, 0, 1], [1, 0, 0])).to.equal(2 / 3);
  });

  it('zero division gives 0 (sklearn zero_division="warn"): no call, no positive, P + R = 0', function () {
    expect(precision([0, 1], [0.1, 0.2])).to.equal(0);
    expect(recall([0, 0], [0.9, 0.2])).to.equal(0);
    expect(f1([0, 1], [0.9, 0.2])).to.equal(0);
    expect(f1([0, 0], [0.1, 0.2])).to.equal(0);
    expect(precisionAtThreshold([1, 0], [10, 20])).to.deep.equal({
      precision: 0,
      calls: 0,
      truePositives: 0,
    });
  });

  it('precisionAtK splits the tie at the k-th score evenly: invariant to row order, mean over k = n is the prevalence', function () {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 40 }),
        (rows, k0) => {
          const k = Math.min(k0, rows.length);
          const y = rows.map((r) => r[0]);
          const s = rows.map((r) => r[1]);
          const got = precisionAtK(y, s, k);
          const rev = precisionAtK([...y].reverse(), [...s].reverse(), k);
          expect(got).to.be.closeTo(rev, 1e-12);
          expect(got).to.be.within(0, 1);
          expect(precisionAtK(y, s, y.length)).to.be.closeTo(y.reduce((a, b) => a + b, 0) / y.length, 1e-12);
        },
      ),
    );
  });

  it('errors: k outside [1, n], NaN threshold, NaN score, mismatched lengths, bad labels', function () {
    expect(() => precisionAtK([0, 1], [0.1, 0.2], 3)).to.throw(
      ParameterError,
      /k must be an integer in \[1, 2\], got 3/,
    );
    expect(() => precisionAtK([0, 1], [0.1, 0.2], 0)).to.throw(ParameterError);
    expect(() => accuracy([0, 1], [0.1, 0.2], { threshold: NaN })).to.throw(ParameterError, /threshold/);
    expect(() => f1([0, 1], [0.1, NaN])).to.throw(SchemaError, /NaN at index 1/);
    expect(() => precisionAtThreshold([0, 1, 1], [80, 90])).to.throw(SchemaError, /got 3 and 2/);
    expect(() => confusionMatrix([0, 3], [0.1, 0.2])).to.throw(SchemaError, /got 3 at index 1/);
  });
});
