/**
 * rmse, mae, r2, directionAccuracy.
 *
 * Sources: test/fixtures/sklearn-metrics/regression.json — scikit-learn 1.2.1
 * `mean_squared_error(squared=False)`, `mean_absolute_error`, `r2_score` (incl. constant y, perfect
 * and not) and NumPy `np.average(np.sign(pred) == np.sign(actual), weights=w)` on normal data
 * (weighted and not), rounded data with zeros, two rows, and real data (next 5-day return of AAPL,
 * XOM, JPM vs −0.05 × the 20-day return); compared at 1e-12.
 */
import { expect } from 'chai';
import { directionAccuracy, mae, r2, rmse, UndefinedMetricError } from '../../src/metrics/index.js';
import { SchemaError } from '../../src/util/errors.js';
import { expectClose, regressionCases } from '../fixtures/sklearn-metrics/load.js';

describe('metrics/regression', function () {
  for (const c of regressionCases) {
    it(`rmse, mae, r2, directionAccuracy match scikit-learn / NumPy on ${c.name}${c.weight ? ' (weighted)' : ''}`, function () {
      expectClose(rmse(c.actual, c.pred, c.weight), c.rmse, 'rmse');
      expectClose(mae(c.actual, c.pred, c.weight), c.mae, 'mae');
      expectClose(r2(c.actual, c.pred, c.weight), c.r2, 'r2');
      expectClose(directionAccuracy(c.actual, c.pred, c.weight), c.direction_accuracy, 'directionAccuracy');
    });
  }

  it('the doc examples', function () {
    expect(rmse([1, 2, 3], [1, 2, 5])).to.equal(Math.sqrt(4 / 3));
    expect(mae([1, 2, 3], [1, 2, 5])).to.equal(2 / 3);
    expect(r2([1, 2, 3], [1, 2, 5])).to.equal(-1);
    expect(directionAccuracy([0.02, -0.01, 0, 0.03], [0.01, 0.02, 0, -0.01])).to.equal(0.5);
  });

  it('r2 of constant y: 1 when exact, 0 otherwise — even where a floating mean would not be exact (0.1 · 3)', function () {
    expect(r2([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).to.equal(1);
    expect(r2([0.1, 0.1, 0.1], [0.1, 0.2, 0.1])).to.equal(0);
    expect(r2([5, 7, 5], [5, 6, 4], [1, 0, 1])).to.equal(0); // constant among rows with weight
    expect(r2([5, 7, 5], [5, 6, 5], [1, 0, 1])).to.equal(1); // … and exact there
  });

  it('directionAccuracy: sign(0) = 0 matches only 0', function () {
    expect(directionAccuracy([0, 0, 1], [0, 1, 0])).to.equal(1 / 3);
    expect(directionAccuracy([-0, 2], [0, 3])).to.equal(1);
  });

  it('errors: fewer than two rows for r2, NaN naming the index, mismatched lengths, bad weights', function () {
    expect(() => r2([1], [1])).to.throw(UndefinedMetricError, /fewer than two rows, got 1/);
    expect(() => rmse([1, 2, NaN], [1, 2, 3])).to.throw(
      SchemaError,
      /actual must be finite, got NaN at index 2/,
    );
    expect(() => mae([1, 2], [1, Infinity])).to.throw(
      SchemaError,
      /predicted must be finite, got Infinity at index 1/,
    );
    expect(() => directionAccuracy([1, 2, 3], [1, 2])).to.throw(SchemaError, /got 3 and 2/);
    expect(() => rmse([1, 2], [1, 2], [1, -2])).to.throw(SchemaError, /got -2 at index 1/);
    expect(() => mae([], [])).to.throw(SchemaError, /empty/);
  });
});
