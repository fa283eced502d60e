/**
 * PlattCalibrator against scikit-learn 1.2.1 `_sigmoid_calibration` / `_SigmoidCalibration`:
 * test/fixtures/sklearn-calibration/calibration.json (`sigmoid`), written by generate.py there.
 *
 * sklearn minimizes with scipy's fmin_bfgs, which stops at a gradient norm of 1e-5; its (A, B) are therefore
 * within ~3e-6 of the optimum on these cases, and on 'offset scores 1000 + N(0, 1)' BFGS does not move at all
 * (precision loss; gradient 40). The fixture also holds the exact optimum (scipy trust-exact, analytic
 * Hessian, gradient ≤ 1e-9): ours must equal it to 1e-9 (relative to 1 + |value|), equal sklearn's to 1e-5
 * (where sklearn converged), and never have a larger loss than sklearn's.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { PlattCalibrator } from '../../src/calibration/platt.js';
import { DataFormatError, NotFittedError, ParameterError, SchemaError } from '../../src/util/errors.js';
import { f64, fixture, type SigmoidCase } from '../fixtures/sklearn-calibration/load.js';

const F = Float64Array.from.bind(Float64Array) as (a: ArrayLike<number>) => Float64Array;

/** sklearn's objective and gradient (xlogy form), written independently of src. */
function objective(
  c: Pick<SigmoidCase, 'f' | 'y' | 'w'>,
  A: number,
  B: number,
): { loss: number; grad: [number, number] } {
  const w = c.w ?? c.f.map(() => 1);
  let prior0 = 0;
  let prior1 = 0;
  c.y.forEach((y, i) => (y > 0 ? (prior1 += w[i]) : (prior0 += w[i])));
  let loss = 0;
  let gA = 0;
  let gB = 0;
  c.f.forEach((f, i) => {
    const t = c.y[i] > 0 ? (prior1 + 1) / (prior1 + 2) : 1 / (prior0 + 2);
    const p = 1 / (1 + Math.exp(A * f + B));
    const xlogy = (a: number, b: number): number => (a === 0 ? 0 : a * Math.log(b));
    loss += w[i] * -(xlogy(t, p) + xlogy(1 - t, 1 - p));
    gA += w[i] * (t - p) * f;
    gB += w[i] * (t - p);
  });
  return { loss, grad: [gA, gB] };
}

const SKLEARN_DID_NOT_CONVERGE = 'offset scores 1000 + N(0, 1) n=300';

describe('PlattCalibrator', function () {
  describe("matches scikit-learn's _sigmoid_calibration", function () {
    for (const c of fixture.sigmoid) {
      const fit = (): PlattCalibrator => new PlattCalibrator().fit(f64(c.f), f64(c.y), f64(c.w));

      if (c.exact_ab !== null) {
        const [eA, eB] = c.exact_ab;
        it(`fit(${c.name}) reaches the exact optimum (A, B) to 1e-9`, function () {
          const cal = fit();
          expect(cal.a).to.be.closeTo(eA, 1e-9 * (1 + Math.abs(eA)));
          expect(cal.b).to.be.closeTo(eB, 1e-9 * (1 + Math.abs(eB)));
          expect(cal.convergence.converged).to.equal(true);
          expect(cal.convergence.nIter).to.be.below(30);
        });
      }

      if (c.name !== SKLEARN_DID_NOT_CONVERGE)
        it(`fit(${c.name}) equals sklearn's (A, B) to 1e-5 and its predictions to 2e-6`, function () {
          const cal = fit();
          expect(cal.a).to.be.closeTo(c.sklearn_ab[0], 1e-5);
          expect(cal.b).to.be.closeTo(c.sklearn_ab[1], 1e-5);
          const p = cal.predict(f64(c.f_new));
          p.forEach((v, i) => expect(v, `f = ${c.f_new[i]}`).to.be.closeTo(c.predict_new[i], 2e-6));
        });

      it(`fit(${c.name}) has a loss ≤ sklearn's and a gradient at round-off level`, function () {
        const cal = fit();
        const ours = objective(c, cal.a, cal.b);
        expect(ours.loss).to.be.at.most(c.sklearn_objective * (1 + 1e-14) + 1e-14);
        const scale =
          (c.w ?? c.f.map(() => 1)).reduce((s, v) => s + v, 0) * (1 + Math.max(...c.f.map(Math.abs)));
        expect(Math.abs(ours.grad[0]), 'dA').to.be.below(1e-9 * scale);
        expect(Math.abs(ours.grad[1]), 'dB').to.be.below(1e-9 * scale);
      });

      it(`predict with sklearn's (A, B) for ${c.name} equals _SigmoidCalibration.predict to 1e-15`, function () {
        const json = {
          format: 'quantbook/platt',
          version: 1,
          params: {},
          state: { a: c.sklearn_ab[0], b: c.sklearn_ab[1] },
        };
        const p = PlattCalibrator.fromJSON(json).predict(f64(c.f_new));
        p.forEach((v, i) =>
          expect(v).to.be.closeTo(c.predict_new[i], 1e-15 * Math.max(1e-300, c.predict_new[i]) + 1e-300),
        );
      });
    }

    it("on 'offset scores 1000 + N(0, 1)', where sklearn's BFGS stops at its start, ours still reaches the optimum", function () {
      const c = fixture.sigmoid.find((x) => x.name === SKLEARN_DID_NOT_CONVERGE)!;
      const cal = new PlattCalibrator().fit(f64(c.f), f64(c.y), f64(c.w));
      expect(Math.abs(c.sklearn_gradient[0])).to.be.above(1); // sklearn did not converge
      expect(objective(c, cal.a, cal.b).loss).to.be.below(c.sklearn_objective - 10);
    });
  });

  it('the doc example: fit([0.1, 0.4, 0.6, 0.9], [0, 0, 1, 1]).predict([0.5]) is [0.5]', function () {
    const cal = new PlattCalibrator().fit(F([0.1, 0.4, 0.6, 0.9]), F([0, 0, 1, 1]));
    expect(cal.predict(F([0.5]))[0]).to.equal(0.5);
    expect(cal.a).to.be.closeTo(-3.339799, 1e-6);
    expect(cal.b).to.be.closeTo(1.6699, 1e-6);
  });

  it('constant scores: the point on sklearn’s path (A = f·s, B = B₀ + s)', function () {
    const c = fixture.sigmoid.find((x) => x.exact_ab === null)!;
    const cal = new PlattCalibrator().fit(f64(c.f), f64(c.y), f64(c.w));
    expect(cal.a).to.be.closeTo(c.sklearn_ab[0], 1e-6);
    expect(cal.b).to.be.closeTo(c.sklearn_ab[1], 1e-6);
    const pos = c.y.filter((v) => v > 0).length;
    const neg = c.y.length - pos;
    const tBar = (pos * ((pos + 1) / (pos + 2)) + neg * (1 / (neg + 2))) / c.y.length;
    expect(cal.predict(F([c.f[0]]))[0]).to.be.closeTo(tBar, 1e-14);
  });

  it('predict passes NaN through and maps ±Infinity to 0 or 1', function () {
    const cal = new PlattCalibrator().fit(F([0.1, 0.3, 0.5, 0.7, 0.9, 0.2]), F([0, 0, 1, 1, 1, 1]));
    const p = cal.predict(F([NaN, Infinity, -Infinity]));
    expect(p[0]).to.be.NaN;
    expect(p[1]).to.equal(1);
    expect(p[2]).to.equal(0);
  });

  describe('properties', function () {
    const data = fc.integer({ min: 2, max: 80 }).chain((n) =>
      fc.record({
        f: fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: n, maxLength: n }),
        y: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
        w: fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
      }),
    );

    it('predict is monotone in the score (one direction, by the sign of A) and within [0, 1]', function () {
      fc.assert(
        fc.property(data, ({ f, y, w }) => {
          const cal = new PlattCalibrator().fit(F(f), F(y), F(w));
          const p = cal.predict(F([-1e3, ...f, 1e3]).sort());
          const sign = cal.a <= 0 ? 1 : -1;
          for (let i = 0; i < p.length; i++) {
            expect(p[i]).to.be.within(0, 1);
            if (i > 0) expect(sign * (p[i] - p[i - 1])).to.be.at.least(0);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('converges to a stationary point of the loss', function () {
      fc.assert(
        fc.property(data, ({ f, y, w }) => {
          const cal = new PlattCalibrator().fit(F(f), F(y), F(w));
          expect(cal.convergence.converged).to.equal(true);
          const { grad } = objective({ f, y, w }, cal.a, cal.b);
          const scale = w.reduce((s, v) => s + v, 0) * (1 + Math.max(...f.map(Math.abs)));
          expect(Math.abs(grad[0])).to.be.below(1e-8 * scale);
          expect(Math.abs(grad[1])).to.be.below(1e-8 * scale);
        }),
        { numRuns: 300 },
      );
    });

    it('an integer weight k equals the row repeated k times', function () {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              f: fc.integer({ min: -50, max: 50 }),
              y: fc.constantFrom(0, 1),
              k: fc.integer({ min: 1, max: 3 }),
            }),
            {
              minLength: 2,
              maxLength: 30,
            },
          ),
          (rows) => {
            const a = new PlattCalibrator().fit(
              F(rows.map((r) => r.f / 10)),
              F(rows.map((r) => r.y)),
              F(rows.map((r) => r.k)),
            );
            const rep = rows.flatMap((r) => Array<typeof r>(r.k).fill(r));
            const b = new PlattCalibrator().fit(F(rep.map((r) => r.f / 10)), F(rep.map((r) => r.y)));
            expect(a.a).to.be.closeTo(b.a, 1e-8 * (1 + Math.abs(b.a)));
            expect(a.b).to.be.closeTo(b.b, 1e-8 * (1 + Math.abs(b.b)));
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('contract', function () {
    it('predict, a, b and toJSON before fit throw NotFittedError', function () {
      const cal = new PlattCalibrator();
      expect(() => cal.predict(F([0.5]))).to.throw(NotFittedError, 'PlattCalibrator is not fitted yet');
      expect(() => cal.a).to.throw(NotFittedError);
      expect(() => cal.toJSON()).to.throw(NotFittedError);
    });

    it('toJSON → JSON text → fromJSON predicts identically', function () {
      const c = fixture.sigmoid[1];
      const cal = new PlattCalibrator({ maxIter: 50, tol: 1e-12 }).fit(f64(c.f), f64(c.y), f64(c.w));
      const json = cal.toJSON();
      expect(json.format).to.equal('quantbook/platt');
      expect(json.params).to.deep.equal({ maxIter: 50, tol: 1e-12 });
      const back = PlattCalibrator.fromJSON(JSON.parse(JSON.stringify(json)));
      expect(Array.from(back.predict(f64(c.f_new)))).to.deep.equal(Array.from(cal.predict(f64(c.f_new))));
      expect(back.convergence).to.deep.equal(cal.convergence);
    });

    it('fromJSON rejects another format, version or state with a DataFormatError', function () {
      const json = new PlattCalibrator().fit(F([0, 1, 2]), F([0, 1, 1])).toJSON();
      expect(() => PlattCalibrator.fromJSON({ ...json, format: 'quantbook/isotonic' })).to.throw(
        DataFormatError,
        `expected format 'quantbook/platt', got "quantbook/isotonic"`,
      );
      expect(() => PlattCalibrator.fromJSON({ ...json, version: 0 })).to.throw(DataFormatError, 'version 0');
      expect(() => PlattCalibrator.fromJSON({ ...json, state: { a: 'x', b: 1 } })).to.throw(
        DataFormatError,
        'state.a',
      );
      expect(() => PlattCalibrator.fromJSON({ ...json, params: { tol: -1 } })).to.throw(
        DataFormatError,
        'got -1',
      );
    });

    for (const [label, params, message] of [
      ['{ maxIter: 0 }', { maxIter: 0 }, 'maxIter must be an integer ≥ 1, got 0'],
      ['{ maxIter: 2.5 }', { maxIter: 2.5 }, 'got 2.5'],
      ['{ tol: 0 }', { tol: 0 }, 'tol must be a number in (0, 0.01], got 0'],
      ['{ tol: 1 }', { tol: 1 }, 'got 1'],
      ['{ tolerance: 1e-6 }', { tolerance: 1e-6 }, 'unknown parameter "tolerance"'],
    ] as const)
      it(`new PlattCalibrator(${label}) throws a ParameterError (${message})`, function () {
        expect(() => new PlattCalibrator(params as never)).to.throw(ParameterError, message);
      });

    it('fit rejects bad input with typed errors naming the value and index', function () {
      const cal = new PlattCalibrator();
      expect(() => cal.fit(F([1, 2]), F([0]))).to.throw(SchemaError, 'y must have length 2');
      expect(() => cal.fit(F([1, NaN]), F([0, 1]))).to.throw(
        ParameterError,
        'scores must be finite, got NaN at index 1',
      );
      expect(() => cal.fit(F([1, 2, 3]), F([0, 1, 2]))).to.throw(
        ParameterError,
        'y must hold 0/1 labels, got 2 at index 2',
      );
      expect(() => cal.fit(F([1, 2]), F([0, 1]), F([1, NaN]))).to.throw(ParameterError, 'got NaN at index 1');
      expect(() => cal.fit(F([]), F([]))).to.throw(ParameterError, 'at least one');
    });

    it('maxIter caps the Newton iterations and reports non-convergence', function () {
      const c = fixture.sigmoid[7];
      const cal = new PlattCalibrator({ maxIter: 1 }).fit(f64(c.f), f64(c.y), f64(c.w));
      expect(cal.convergence).to.deep.equal({ nIter: 1, converged: false });
    });
  });
});
