/**
 * The calibration module's entry point: its exports and loadCalibrator's dispatch on `format`.
 */
import { expect } from 'chai';
import * as calibration from '../../src/calibration/index.js';
import { IsotonicCalibrator, loadCalibrator, PlattCalibrator } from '../../src/calibration/index.js';
import { DataFormatError } from '../../src/util/errors.js';

const F = Float64Array.from.bind(Float64Array) as (a: ArrayLike<number>) => Float64Array;

describe('calibration/index', function () {
  it('exports the calibrators, CalibratedClassifier, isotonicRegression and loadCalibrator', function () {
    expect(Object.keys(calibration).sort()).to.deep.equal([
      'CalibratedClassifier',
      'IsotonicCalibrator',
      'PlattCalibrator',
      'isotonicRegression',
      'loadCalibrator',
    ]);
  });

  it('loadCalibrator(json) rebuilds either calibrator from its JSON with identical predictions', function () {
    const scores = F([0.1, 0.2, 0.35, 0.5, 0.8, 0.9]);
    const y = F([0, 0, 1, 0, 1, 1]);
    const probe = F([0, 0.15, 0.3, 0.6, 1]);
    for (const cal of [new IsotonicCalibrator().fit(scores, y), new PlattCalibrator().fit(scores, y)]) {
      const back = loadCalibrator(JSON.parse(JSON.stringify(cal.toJSON())));
      expect(back).to.be.instanceOf(cal.constructor);
      expect(Array.from(back.predict(probe))).to.deep.equal(Array.from(cal.predict(probe)));
    }
  });

  it('loadCalibrator rejects an unknown format with a DataFormatError naming it', function () {
    expect(() => loadCalibrator({ format: 'quantbook/gbdt', version: 1, params: {}, state: {} })).to.throw(
      DataFormatError,
      `unknown format "quantbook/gbdt"`,
    );
    expect(() => loadCalibrator(null)).to.throw(DataFormatError, 'unknown format undefined');
  });
});
