/**
 * IsotonicCalibrator against scikit-learn 1.2.1 `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1)`:
 * test/fixtures/sklearn-calibration/calibration.json (`isotonic`), written by generate.py there. Thresholds
 * and predictions are compared for exact equality: the fit repeats sklearn's operations in sklearn's order.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { IsotonicCalibrator, isotonicRegression } from '../../src/calibration/isotonic.js';
import { DataFormatError, NotFittedError, ParameterError, SchemaError } from '../../src/util/errors.js';
import { f64, fixture } from '../fixtures/sklearn-calibration/load.js';

const F = Float64Array.from.bind(Float64Array) as (a: ArrayLike<number>) => Float64Array;

describe('IsotonicCalibrator', function () {
  describe('matches scikit-learn IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)', function () {
    for (const c of fixture.isotonic)
      it(`fit(${c.name}) gives sklearn's thresholds and predictions exactly`, function () {
        const cal = new IsotonicCalibrator().fit(f64(c.x), f64(c.y), f64(c.w));
        expect(Array.from(cal.xThresholds), 'X_thresholds_').to.deep.equal(c.x_thresholds);
        expect(Array.from(cal.yThresholds), 'y_thresholds_').to.deep.equal(c.y_thresholds);
        expect(Array.from(cal.predict(f64(c.x))), 'predict(x)').to.deep.equal(c.predict_x);
        expect(Array.from(cal.predict(f64(c.x_new))), 'predict(x_new)').to.deep.equal(c.predict_new);
      });
  });

  it('the doc example: fit([1, 2, 3, 4], [0, 1, 0, 1]).predict([0, 2.5, 5]) is [0, 0.5, 1]', function () {
    const cal = new IsotonicCalibrator().fit(F([1, 2, 3, 4]), F([0, 1, 0, 1]));
    expect(Array.from(cal.predict(F([0, 2.5, 5])))).to.deep.equal([0, 0.5, 1]);
  });

  it('isotonicRegression([1, 3, 2, 4], ones) pools the violators: [1, 2.5, 2.5, 4]', function () {
    expect(Array.from(isotonicRegression(F([1, 3, 2, 4]), F([1, 1, 1, 1])))).to.deep.equal([1, 2.5, 2.5, 4]);
    expect(Array.from(isotonicRegression(F([1, 3, 2, 4]), F([1, 3, 1, 1])))).to.deep.equal([
      1, 2.75, 2.75, 4,
    ]);
  });

  it('predict clips ±Infinity to the end thresholds and passes NaN through', function () {
    const cal = new IsotonicCalibrator().fit(F([0.1, 0.5, 0.9]), F([0, 1, 1]));
    const p = cal.predict(F([-Infinity, Infinity, NaN, 0.1, 0.9]));
    expect(p[0]).to.equal(p[3]);
    expect(p[1]).to.equal(p[4]);
    expect(p[2]).to.be.NaN;
  });

  it('yMin / yMax clip the fitted values (sklearn y_min, y_max)', function () {
    const cal = new IsotonicCalibrator({ yMin: 0.05, yMax: 0.9 }).fit(F([1, 2, 3]), F([0, 0.5, 1]));
    expect(Array.from(cal.yThresholds)).to.deep.equal([0.05, 0.5, 0.9]);
  });

  it('fit does not mutate its inputs', function () {
    const x = F([3, 1, 2, 2]);
    const y = F([0, 1, 1, 0]);
    const w = F([1, 2, 3, 4]);
    new IsotonicCalibrator().fit(x, y, w);
    expect(Array.from(x)).to.deep.equal([3, 1, 2, 2]);
    expect(Array.from(y)).to.deep.equal([0, 1, 1, 0]);
    expect(Array.from(w)).to.deep.equal([1, 2, 3, 4]);
  });

  describe('properties', function () {
    const data = fc.integer({ min: 1, max: 60 }).chain((n) =>
      fc.record({
        // Scores on a 1e-3 grid, many ties (scores < 1e-15 apart merge, as in sklearn: not here).
        x: fc.array(
          fc.oneof(
            fc.integer({ min: -5, max: 5 }),
            fc.integer({ min: -3000, max: 3000 }).map((k) => k / 1000),
          ),
          {
            minLength: n,
            maxLength: n,
          },
        ),
        y: fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n }),
        w: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
        probes: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }),
      }),
    );

    it('predict is non-decreasing in the score and within [0, 1]', function () {
      fc.assert(
        fc.property(data, ({ x, y, w, probes }) => {
          const cal = new IsotonicCalibrator().fit(F(x), F(y), F(w));
          const s = F([...probes, ...x]).sort();
          const p = cal.predict(s);
          for (let i = 0; i < p.length; i++) {
            expect(p[i]).to.be.within(0, 1);
            if (i > 0) expect(p[i]).to.be.at.least(p[i - 1]);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('without clipping (y in [0, 1]) the fit keeps the weighted mean of y', function () {
      fc.assert(
        fc.property(data, ({ x, y, w }) => {
          const y01 = y.map((v) => Math.min(Math.max(v, 0), 1));
          const cal = new IsotonicCalibrator().fit(F(x), F(y01), F(w));
          const fitted = cal.predict(F(x));
          let sw = 0;
          let swy = 0;
          let swf = 0;
          x.forEach((_, i) => {
            sw += w[i];
            swy += w[i] * y01[i];
            swf += w[i] * fitted[i];
          });
          expect(swf / sw).to.be.closeTo(swy / sw, 1e-9);
        }),
        { numRuns: 200 },
      );
    });

    it('an integer weight k equals the row repeated k times', function () {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              x: fc.integer({ min: 0, max: 8 }),
              y: fc.constantFrom(0, 1),
              k: fc.integer({ min: 1, max: 3 }),
            }),
            {
              minLength: 1,
              maxLength: 30,
            },
          ),
          (rows) => {
            const weighted = new IsotonicCalibrator().fit(
              F(rows.map((r) => r.x)),
              F(rows.map((r) => r.y)),
              F(rows.map((r) => r.k)),
            );
            const rep = rows.flatMap((r) => Array<typeof r>(r.k).fill(r));
            const repeated = new IsotonicCalibrator().fit(F(rep.map((r) => r.x)), F(rep.map((r) => r.y)));
            const probe = F([-1, 0, 0.5, 1, 2.5, 4, 7.25, 8, 9]);
            const a = weighted.predict(probe);
            const b = repeated.predict(probe);
            a.forEach((v, i) => expect(v).to.be.closeTo(b[i], 1e-12));
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('contract', function () {
    it('predict, thresholds and toJSON before fit throw NotFittedError', function () {
      const cal = new IsotonicCalibrator();
      expect(() => cal.predict(F([0.5]))).to.throw(NotFittedError, 'IsotonicCalibrator is not fitted yet');
      expect(() => cal.xThresholds).to.throw(NotFittedError);
      expect(() => cal.toJSON()).to.throw(NotFittedError);
    });

    it('toJSON → JSON text → fromJSON predicts identically', function () {
      const c = fixture.isotonic[2];
      const cal = new IsotonicCalibrator({ yMin: 0.01, yMax: 0.99 }).fit(f64(c.x), f64(c.y), f64(c.w));
      const json = cal.toJSON();
      expect(json.format).to.equal('quantbook/isotonic');
      expect(json.version).to.equal(1);
      expect(json.params).to.deep.equal({ yMin: 0.01, yMax: 0.99 });
      const back = IsotonicCalibrator.fromJSON(JSON.parse(JSON.stringify(json)));
      const probe = f64(c.x_new);
      expect(Array.from(back.predict(probe))).to.deep.equal(Array.from(cal.predict(probe)));
      expect(back.getParams()).to.deep.equal({ yMin: 0.01, yMax: 0.99 });
    });

    it('fromJSON rejects another format, version or malformed thresholds with a DataFormatError', function () {
      const json = new IsotonicCalibrator().fit(F([1, 2, 3]), F([0, 1, 1])).toJSON();
      expect(() => IsotonicCalibrator.fromJSON({ ...json, format: 'quantbook/platt' })).to.throw(
        DataFormatError,
        `expected format 'quantbook/isotonic', got "quantbook/platt"`,
      );
      expect(() => IsotonicCalibrator.fromJSON({ ...json, version: 2 })).to.throw(
        DataFormatError,
        'version 2',
      );
      expect(() => IsotonicCalibrator.fromJSON(null)).to.throw(DataFormatError);
      const bad = (state: unknown): unknown => ({ ...json, state });
      expect(() => IsotonicCalibrator.fromJSON(bad({ xThresholds: [2, 1], yThresholds: [0, 1] }))).to.throw(
        DataFormatError,
        'increase',
      );
      expect(() => IsotonicCalibrator.fromJSON(bad({ xThresholds: [1, 2], yThresholds: [0, 1.5] }))).to.throw(
        DataFormatError,
        'outside',
      );
      expect(() => IsotonicCalibrator.fromJSON(bad({ xThresholds: [1], yThresholds: [0, 1] }))).to.throw(
        DataFormatError,
      );
      expect(() => IsotonicCalibrator.fromJSON({ ...json, params: { yMin: 2 } })).to.throw(
        DataFormatError,
        'yMin 2',
      );
    });

    for (const [label, params, message] of [
      ['{ yMin: -0.1 }', { yMin: -0.1 }, 'got yMin -0.1, yMax 1'],
      ['{ yMax: 2 }', { yMax: 2 }, 'got yMin 0, yMax 2'],
      ['{ yMin: 0.5, yMax: 0.5 }', { yMin: 0.5, yMax: 0.5 }, 'got yMin 0.5, yMax 0.5'],
      ['{ yMin: NaN }', { yMin: NaN }, 'got yMin NaN'],
      ['{ ymin: 0 }', { ymin: 0 }, 'unknown parameter "ymin"'],
    ] as const)
      it(`new IsotonicCalibrator(${label}) throws a ParameterError (${message})`, function () {
        expect(() => new IsotonicCalibrator(params as never)).to.throw(ParameterError, message);
        expect(() => new IsotonicCalibrator(params as never)).to.throw(RangeError);
      });

    it('fit rejects bad input with typed errors naming the value and index', function () {
      const cal = new IsotonicCalibrator();
      expect(() => cal.fit(F([1, 2]), F([0]))).to.throw(SchemaError, 'y must have length 2');
      expect(() => cal.fit(F([1, NaN, 3]), F([0, 1, 1]))).to.throw(
        ParameterError,
        'scores must be finite, got NaN at index 1',
      );
      expect(() => cal.fit(F([1, 2]), F([0, Infinity]))).to.throw(
        ParameterError,
        'y must be finite, got Infinity at index 1',
      );
      expect(() => cal.fit(F([1, 2]), F([0, 1]), F([1, -1]))).to.throw(ParameterError, 'got -1 at index 1');
      expect(() => cal.fit(F([1, 2]), F([0, 1]), F([0, 0]))).to.throw(ParameterError, 'positive sum');
      expect(() => cal.fit(F([1, 2]), F([0, 1]), F([1]))).to.throw(
        SchemaError,
        'sampleWeight must have length 2',
      );
      expect(() => cal.fit(F([]), F([]))).to.throw(ParameterError, 'at least one');
    });

    it('zero-weight rows are ignored (sklearn drops them before fitting)', function () {
      const a = new IsotonicCalibrator().fit(F([1, 2, 3, 4]), F([0, 1, 0, 1]), F([1, 0, 1, 1]));
      const b = new IsotonicCalibrator().fit(F([1, 3, 4]), F([0, 0, 1]));
      expect(Array.from(a.xThresholds)).to.deep.equal(Array.from(b.xThresholds));
      expect(Array.from(a.yThresholds)).to.deep.equal(Array.from(b.yThresholds));
    });
  });
});
