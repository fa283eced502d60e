/**
 * calibrationCurve, expectedCalibrationError, maxCalibrationError.
 *
 * Sources: test/fixtures/sklearn-metrics/classification.json — scikit-learn 1.2.1
 * `sklearn.calibration.calibration_curve(y, prob, n_bins ∈ {5, 10}, strategy ∈ {'uniform',
 * 'quantile'})` on every case (ties at bin edges included: probabilities rounded to 0.01), with bin
 * counts from the same NumPy binning and ECE / MCE computed from them in NumPy; compared at 1e-12.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { calibrationCurve, expectedCalibrationError, maxCalibrationError } from '../../src/metrics/index.js';
import { npQuantileSorted } from '../../src/metrics/binning.js';
import { ParameterError, SchemaError } from '../../src/util/errors.js';
import { binaryCases, expectClose } from '../fixtures/sklearn-metrics/load.js';

describe('metrics/calibration', function () {
  for (const c of binaryCases.filter((c) => c.inputs_from === undefined)) {
    it(`calibrationCurve, ECE and MCE match scikit-learn's binning on ${c.name}`, function () {
      for (const cal of c.calibration) {
        const options = { nBins: cal.n_bins, strategy: cal.strategy };
        const label = `${c.name} ${cal.strategy} ${cal.n_bins}`;
        const got = calibrationCurve(c.y, c.prob, options);
        expectClose(got.probTrue, cal.prob_true, `${label} probTrue`);
        expectClose(got.probPred, cal.prob_pred, `${label} probPred`);
        expect(Array.from(got.counts), `${label} counts`).to.deep.equal(cal.counts);
        expectClose(expectedCalibrationError(c.y, c.prob, options), cal.ece, `${label} ece`);
        expectClose(maxCalibrationError(c.y, c.prob, options), cal.mce, `${label} mce`);
      }
    });
  }

  it('the doc example: two bins, ECE 0.225, MCE 0.25', function () {
    const y = [0, 0, 1, 1];
    const p = [0.1, 0.3, 0.6, 0.9];
    const got = calibrationCurve(y, p, { nBins: 2 });
    expect(Array.from(got.probTrue)).to.deep.equal([0, 1]);
    expect(Array.from(got.probPred)).to.deep.equal([0.2, 0.75]);
    expect(Array.from(got.counts)).to.deep.equal([2, 2]);
    expect(Array.from(got.edges)).to.deep.equal([0, 0.5, 1]);
    expect(expectedCalibrationError(y, p, { nBins: 2 })).to.equal(0.225);
    expect(maxCalibrationError(y, p, { nBins: 2 })).to.equal(0.25);
  });

  it("bins are right-inclusive on sklearn's edges: 0.5 is in (0.4, 0.5], 0.30000000000000004 is an edge", function () {
    const y = [0, 1, 1];
    expect(Array.from(calibrationCurve(y, [0.5, 0.5000001, 0.45]).counts)).to.deep.equal([2, 1]);
    // linspace(0, 1, 11)[3] = 3 · 0.1 = 0.30000000000000004: 0.3 falls in bin (0.2, 0.30000000000000004]
    const got = calibrationCurve([1, 0], [0.3, 0.3000000000000001]);
    expect(Array.from(got.counts)).to.deep.equal([1, 1]);
    expect(Array.from(got.edges.subarray(0, 4))).to.deep.equal([0, 0.1, 0.2, 0.30000000000000004]);
  });

  it("npQuantileSorted is NumPy's np.quantile (type 7, NumPy's two-sided lerp)", function () {
    expect(npQuantileSorted(Float64Array.of(1, 2, 3, 4), 0.5)).to.equal(2.5);
    expect(npQuantileSorted(Float64Array.of(1, 2, 3, 4), 1)).to.equal(4);
    expect(npQuantileSorted(Float64Array.of(5), 0.3)).to.equal(5);
  });

  it('quantile bins with repeated edges drop the empty bins', function () {
    const got = calibrationCurve([0, 1, 0, 1, 1, 0], [0.2, 0.2, 0.2, 0.2, 0.9, 0.9], {
      nBins: 4,
      strategy: 'quantile',
    });
    expect(Array.from(got.counts)).to.deep.equal([4, 2]);
    expect(Array.from(got.probTrue)).to.deep.equal([0.5, 0.5]);
  });

  it('ECE is 0 on perfectly calibrated bins, ≤ MCE always, and counts sum to n', function () {
    expect(expectedCalibrationError([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).to.equal(0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 100 })), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('uniform' as const, 'quantile' as const),
        (rows, nBins, strategy) => {
          const y = rows.map((r) => r[0]);
          const p = rows.map((r) => r[1] / 100);
          const o = { nBins, strategy };
          const ece = expectedCalibrationError(y, p, o);
          expect(ece).to.be.at.most(maxCalibrationError(y, p, o) + 1e-15);
          expect(Array.from(calibrationCurve(y, p, o).counts).reduce((a, b) => a + b, 0)).to.equal(y.length);
        },
      ),
    );
  });

  it('errors: probabilities outside [0, 1], bad nBins or strategy, bad labels', function () {
    expect(() => calibrationCurve([0, 1], [0.2, 1.5])).to.throw(SchemaError, /got 1.5 at index 1/);
    expect(() => calibrationCurve([0, 1], [0.2, NaN])).to.throw(SchemaError, /index 1/);
    expect(() => calibrationCurve([0, 1], [0.2, 0.3], { nBins: 0 })).to.throw(ParameterError, /nBins/);
    expect(() => calibrationCurve([0, 1], [0.2, 0.3], { strategy: 'kmeans' as 'uniform' })).to.throw(
      ParameterError,
      /strategy/,
    );
    expect(() => expectedCalibrationError([0, 2], [0.2, 0.3])).to.throw(SchemaError, /got 2/);
  });
});
