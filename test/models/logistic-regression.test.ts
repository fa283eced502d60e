import { expect } from 'chai';
import { LogisticRegression, type LogisticRegressionParams } from '../../src/models/logistic-regression.js';
import { StandardScaler } from '../../src/models/preprocessing.js';
import { InputError } from '../../src/models/validate-input.js';
import type { Matrix } from '../../src/types.js';
import { DataFormatError, NotFittedError, ParameterError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import {
  fixture,
  headRows,
  realFeatures,
  toMatrix,
  type LogisticCase,
} from '../fixtures/sklearn-models/load.js';

const M = (rows: number[][], columns?: string[]): Matrix => toMatrix(rows, columns);

/** The case's training matrix, labels, weights and X_new (standardized like generate.py for the real cases). */
function caseData(c: LogisticCase): { X: Matrix; y: Float64Array; w?: Float64Array; Xnew: Matrix } {
  const real = c.X === null ? realFeatures() : undefined;
  let X = real ? real.X : M(c.X ?? []);
  let Xnew = real ? headRows(real.X, 50) : M(c.X_new ?? []);
  if (c.standardize) {
    const s = new StandardScaler().fit(X);
    X = s.transform(X);
    Xnew = s.transform(Xnew);
  }
  const y = real ? real.y : Float64Array.from(c.y ?? []);
  return { X, y, w: c.sample_weight === null ? undefined : Float64Array.from(c.sample_weight), Xnew };
}

const params = (c: LogisticCase): LogisticRegressionParams => ({
  ...c.params,
  classWeight: c.params.classWeight,
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** Objective Σ s·logloss + ‖w‖²/(2C) and its gradient's largest component, computed independently. */
function objective(
  X: Matrix,
  y: Float64Array,
  s: Float64Array,
  coef: Float64Array,
  b: number,
  lambda: number,
  fitIntercept: boolean,
) {
  let f = 0;
  const g = new Float64Array(X.cols + 1);
  for (let i = 0; i < X.rows; i++) {
    let z = b;
    for (let j = 0; j < X.cols; j++) z += X.data[i * X.cols + j] * coef[j];
    f += s[i] * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z);
    const r = s[i] * (1 / (1 + Math.exp(-z)) - y[i]);
    for (let j = 0; j < X.cols; j++) g[j] += r * X.data[i * X.cols + j];
    g[X.cols] += r;
  }
  for (let j = 0; j < X.cols; j++) {
    f += 0.5 * lambda * coef[j] ** 2;
    g[j] += lambda * coef[j];
  }
  if (!fitIntercept) g[X.cols] = 0;
  return { f, gmax: Math.max(...Array.from(g, Math.abs)) };
}

/** Seeded logistic data (not market data): n × p standard normals, y ~ Bernoulli(σ(x·w + b)). */
function problem(n: number, w: number[], b: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const p = w.length;
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < p; j++) z += (data[i * p + j] = rng.normal()) * w[j];
    y[i] = rng.random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data, rows: n, cols: p, columns: w.map((_, j) => `x${j}`) }, y };
}

/** Catches the warnings emitted while fn runs (process.emitWarning is asynchronous). */
async function warningsDuring(fn: () => void): Promise<Error[]> {
  const seen: Error[] = [];
  const onWarning = (w: Error): void => void seen.push(w);
  process.on('warning', onWarning);
  try {
    fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe('models/logistic-regression', () => {
  it('new LogisticRegression().fit(X, y).predict(X) separates a 1-D example (the doc example)', () => {
    const X = { data: Float64Array.of(-2, -1, 1, 2), rows: 4, cols: 1, columns: ['x'] };
    const m = new LogisticRegression().fit(X, Float64Array.of(0, 1, 0, 1));
    expect(Array.from(m.predict(X))).to.deep.equal([0, 0, 1, 1]);
  });

  describe('coefficients equal scikit-learn 1.2 LogisticRegression(lbfgs, tol 1e-10) to 1e-4', () => {
    for (const c of fixture.logistic)
      it(`LogisticRegression(${JSON.stringify(c.params)}) on ${c.name}`, () => {
        const { X, y, w, Xnew } = caseData(c);
        const m = new LogisticRegression(params(c)).fit(X, y, { sampleWeight: w });
        expect(m.converged).to.equal(true);
        const ours = [...m.coef, m.intercept];
        // scikit-learn's lbfgs stops on SciPy's default ftol (≈ 2.2e-9 relative decrease), ~1e-5 from the optimum.
        expect(maxAbsDiff(ours, [...c.coef, c.intercept])).to.be.at.most(1e-4);
        // sklearn's newton-cholesky (tol 1e-12) is a closer reference: agreement to 1e-6.
        const nc = c.newton_cholesky;
        expect(maxAbsDiff(ours, [...nc.coef, nc.intercept])).to.be.at.most(1e-6);
        expect(maxAbsDiff(m.predictProba(Xnew), c.predict_proba_new)).to.be.at.most(1e-5);
        expect(maxAbsDiff(m.decisionFunction(Xnew), c.decision_function_new)).to.be.at.most(1e-4);
        // Our optimum is at least as good as sklearn's, and its gradient is below tol · Σ weights.
        const cw = c.params.classWeight;
        const n1 = y.reduce((a, v) => a + v, 0);
        const [w0, w1] =
          cw === 'balanced'
            ? [y.length / (2 * (y.length - n1)), y.length / (2 * n1)]
            : cw === null
              ? [1, 1]
              : [cw['0'] ?? 1, cw['1'] ?? 1];
        const s = Float64Array.from(y, (v, i) => (w?.[i] ?? 1) * (v === 1 ? w1 : w0));
        const lambda = c.params.penalty === 'l2' ? 1 / c.params.C : 0;
        const o = objective(X, y, s, m.coef, m.intercept, lambda, c.params.fitIntercept);
        expect(o.f).to.be.at.most(c.objective + 1e-9 * Math.abs(c.objective));
        expect(o.gmax).to.be.at.most(1e-8 * s.reduce((a, v) => a + v, 0));
      });
  });

  it('integer sample weights equal repeated rows, weight 0 equals a dropped row', () => {
    const { X, y } = problem(120, [1, -2], 0.3, 3);
    const w = Float64Array.from({ length: 120 }, (_, i) => i % 3);
    const rows: number[][] = [];
    const yy: number[] = [];
    for (let i = 0; i < 120; i++)
      for (let r = 0; r < w[i]; r++) {
        rows.push([X.data[2 * i], X.data[2 * i + 1]]);
        yy.push(y[i]);
      }
    const a = new LogisticRegression({ tol: 1e-12 }).fit(X, y, { sampleWeight: w });
    const b = new LogisticRegression({ tol: 1e-12 }).fit(M(rows), Float64Array.from(yy));
    expect(maxAbsDiff([...a.coef, a.intercept], [...b.coef, b.intercept])).to.be.below(1e-10);
  });

  it("classWeight 'balanced' is n / (2 n_c) (an explicit dict gives byte-identical coefficients)", () => {
    const { X, y } = problem(200, [1, 0.5], -1.5, 4);
    const n1 = y.reduce((a, v) => a + v, 0);
    const a = new LogisticRegression({ classWeight: 'balanced' }).fit(X, y);
    const b = new LogisticRegression({ classWeight: { 0: 200 / (2 * (200 - n1)), 1: 200 / (2 * n1) } }).fit(
      X,
      y,
    );
    expect(Array.from(a.coef)).to.deep.equal(Array.from(b.coef));
    expect(a.intercept).to.equal(b.intercept);
    // A missing class in the dict weighs 1; class weights multiply sample weights.
    const c = new LogisticRegression({ classWeight: { 1: 3 } }).fit(X, y);
    const d = new LogisticRegression().fit(X, y, {
      sampleWeight: Float64Array.from(y, (v) => (v === 1 ? 3 : 1)),
    });
    expect(Array.from(c.coef)).to.deep.equal(Array.from(d.coef));
  });

  it("scaling all weights by k equals C × k; penalty 'none' ignores C", () => {
    const { X, y } = problem(150, [0.8, -0.4, 0.2], 0.1, 5);
    const a = new LogisticRegression({ C: 0.5, classWeight: { 0: 4, 1: 4 }, tol: 1e-12 }).fit(X, y);
    const b = new LogisticRegression({ C: 2, tol: 1e-12 }).fit(X, y);
    expect(maxAbsDiff([...a.coef, a.intercept], [...b.coef, b.intercept])).to.be.below(1e-9);
    const c = new LogisticRegression({ penalty: 'none', C: 0.001 }).fit(X, y);
    const d = new LogisticRegression({ penalty: 'none' }).fit(X, y);
    expect(Array.from(c.coef)).to.deep.equal(Array.from(d.coef));
  });

  it('a zero column without penalty (singular Hessian) gets coefficient 0; duplicated columns share their weight', () => {
    const { X, y } = problem(100, [1, 1], 0, 6);
    const Z = M(
      Array.from({ length: 100 }, (_, i) => [X.data[2 * i], 0, X.data[2 * i + 1], X.data[2 * i + 1]]),
    );
    const m = new LogisticRegression({ penalty: 'none' }).fit(Z, y);
    expect(m.converged).to.equal(true);
    expect(m.coef[1]).to.equal(0);
    const ref = new LogisticRegression({ penalty: 'none' }).fit(X, y);
    expect(Math.abs(m.coef[2] + m.coef[3] - ref.coef[1])).to.be.below(1e-6);
    const l2 = new LogisticRegression().fit(Z, y);
    expect(Math.abs(l2.coef[2] - l2.coef[3])).to.be.below(1e-9);
  });

  it('separable data without penalty stops at maxIter with converged = false and a ConvergenceWarning', async () => {
    const X = M([[-2], [-1], [1], [2]]);
    let m: LogisticRegression | undefined;
    const warnings = await warningsDuring(() => {
      m = new LogisticRegression({ penalty: 'none', maxIter: 5 }).fit(X, Float64Array.of(0, 0, 1, 1));
    });
    expect(m?.converged).to.equal(false);
    expect(m?.nIter).to.equal(5);
    expect(warnings.map((w) => w.name)).to.deep.equal(['ConvergenceWarning']);
    expect(warnings[0].message).to.include('maxIter');
    // Probabilities stay in [0, 1] (no NaN) for huge margins.
    const p = (m as LogisticRegression).predictProba(M([[-1e6], [1e6]]));
    expect(Array.from(p)).to.deep.equal([0, 1]);
  });

  it('decisionFunction = X·coef + intercept; predict is 1 where it is > 0; predictProba = σ(z)', () => {
    const { X, y } = problem(80, [1, -1], 0.5, 7);
    const m = new LogisticRegression({ C: 0.3 }).fit(X, y);
    const z = m.decisionFunction(X);
    const p = m.predictProba(X);
    const lab = m.predict(X);
    for (let i = 0; i < X.rows; i++) {
      expect(z[i]).to.equal(X.data[2 * i] * m.coef[0] + X.data[2 * i + 1] * m.coef[1] + m.intercept);
      expect(Math.abs(p[i] - 1 / (1 + Math.exp(-z[i])))).to.be.below(1e-15);
      expect(lab[i]).to.equal(z[i] > 0 ? 1 : 0);
    }
    const c = m.coef;
    c[0] = 99; // a copy
    expect(m.coef[0]).to.not.equal(99);
    expect(m.featureNames).to.deep.equal(['x0', 'x1']);
  });

  it('a Float32 matrix fits like the Float64 matrix of the same values', () => {
    const { X, y } = problem(100, [1, -1], 0, 8);
    const X32: Matrix = { ...X, data: Float32Array.from(X.data) };
    const a = new LogisticRegression().fit(X32, y);
    const b = new LogisticRegression().fit({ ...X, data: Float64Array.from(X32.data) }, y);
    expect(Array.from(a.coef)).to.deep.equal(Array.from(b.coef));
  });

  it('NaN in X → InputError naming the first row and column and telling to impute', () => {
    const X = M(
      [
        [1, 2],
        [3, NaN],
        [NaN, 1],
      ],
      ['ret_20', 'rsi_14'],
    );
    let err: unknown;
    try {
      new LogisticRegression().fit(X, Float64Array.of(0, 1, 0));
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(InputError);
    const e = err as InputError;
    expect(e.message)
      .to.include('LogisticRegression.fit: X[1, 1] (column "rsi_14") is NaN')
      .and.include('Impute');
    expect([e.row, e.column]).to.deep.equal([1, 1]);
    const m = new LogisticRegression().fit(M([[1], [2], [3]]), Float64Array.of(0, 1, 1));
    expect(() => m.predictProba(M([[NaN]]))).to.throw(InputError, 'X[0, 0]');
  });

  it('labels of one class → InputError; weights that zero out a class are accepted', () => {
    expect(() => new LogisticRegression().fit(M([[1], [2]]), Float64Array.of(1, 1))).to.throw(
      InputError,
      'only class 1',
    );
    const m = new LogisticRegression().fit(M([[1], [2], [3]]), Float64Array.of(0, 1, 1), {
      sampleWeight: Float64Array.of(0, 1, 1),
    });
    expect(m.intercept).to.be.above(0);
  });

  it('rejects bad params with ParameterError (a RangeError) echoing the value', () => {
    const cases: [LogisticRegressionParams | object, string][] = [
      [{ C: 0 }, 'C must be a finite number > 0, got 0'],
      [{ C: -1 }, 'got -1'],
      [{ C: NaN }, 'got NaN'],
      [{ C: Infinity }, 'got Infinity'],
      [{ C: '1' }, 'got 1'],
      [{ penalty: 'l1' }, `penalty must be 'l2' or 'none', got "l1"`],
      [{ penalty: 'elasticnet' }, '"elasticnet"'],
      [{ fitIntercept: 1 }, 'fitIntercept must be true or false, got 1'],
      [{ maxIter: 0 }, 'maxIter must be an integer ≥ 1, got 0'],
      [{ maxIter: 2.5 }, 'got 2.5'],
      [{ tol: 0 }, 'tol must be a finite number > 0, got 0'],
      [{ classWeight: 'auto' }, `classWeight must be 'balanced', { 0: w0, 1: w1 } or null, got "auto"`],
      [{ classWeight: { 2: 1 } }, 'classWeight has key "2"'],
      [{ classWeight: { 0: -1 } }, 'classWeight[0] must be a finite number ≥ 0, got -1'],
      [{ alpha: 1 }, 'unknown parameter "alpha"'],
    ];
    for (const [p, message] of cases) {
      expect(() => new LogisticRegression(p), JSON.stringify(p))
        .to.throw(ParameterError, message)
        .and.be.instanceOf(RangeError);
    }
    expect(new LogisticRegression().getParams()).to.deep.equal({
      C: 1,
      penalty: 'l2',
      fitIntercept: true,
      classWeight: null,
      maxIter: 100,
      tol: 1e-8,
    });
  });

  it('before fit, predict, predictProba, decisionFunction, toJSON and the getters throw NotFittedError', () => {
    const m = new LogisticRegression();
    const X = M([[1]]);
    for (const call of [
      () => m.predict(X),
      () => m.predictProba(X),
      () => m.decisionFunction(X),
      () => m.toJSON(),
      () => m.coef,
      () => m.intercept,
    ])
      expect(call).to.throw(NotFittedError, 'LogisticRegression is not fitted yet');
  });

  it("toJSON is { format: 'quantbook/logistic-regression', version: 1, params, state } and round-trips exactly", () => {
    const { X, y } = problem(90, [0.3, -0.7, 1.1], 0.2, 9);
    const m = new LogisticRegression({ C: 0.7, classWeight: { 0: 1, 1: 2.5 } }).fit(X, y);
    const json = m.toJSON();
    expect(json.format).to.equal('quantbook/logistic-regression');
    expect(json.params).to.deep.equal({
      C: 0.7,
      penalty: 'l2',
      fitIntercept: true,
      classWeight: { 0: 1, 1: 2.5 },
      maxIter: 100,
      tol: 1e-8,
    });
    expect(Object.keys(json.state)).to.deep.equal([
      'featureNames',
      'coef',
      'intercept',
      'nIter',
      'converged',
    ]);
    const text = JSON.stringify(json);
    const back = LogisticRegression.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).to.equal(text);
    expect(Array.from(back.decisionFunction(X))).to.deep.equal(Array.from(m.decisionFunction(X)));
    expect([back.nIter, back.converged]).to.deep.equal([m.nIter, m.converged]);
  });

  it('fromJSON rejects bad params and malformed state with DataFormatError', () => {
    const json = JSON.parse(
      JSON.stringify(
        new LogisticRegression()
          .fit(
            M([
              [1, 0],
              [2, 1],
              [3, 0],
            ]),
            Float64Array.of(0, 1, 1),
          )
          .toJSON(),
      ),
    ) as {
      params: Record<string, unknown>;
      state: Record<string, unknown>;
    };
    const bad = (patch: (j: typeof json) => void, message: string): void => {
      const j = structuredClone(json);
      patch(j);
      expect(() => LogisticRegression.fromJSON(j)).to.throw(DataFormatError, message);
    };
    bad((j) => (j.params.C = -1), 'bad params (LogisticRegression: C must be a finite number > 0, got -1)');
    bad((j) => (j.state.coef = [1, null]), 'state.coef');
    bad((j) => (j.state.intercept = 'x'), 'state.intercept');
    bad((j) => (j.state.nIter = -1), 'state.nIter');
    bad((j) => (j.state.converged = 'yes'), 'state.converged');
    bad((j) => (j.state.featureNames = ['a']), 'featureNames has 1 names for 2 coefficients');
    bad((j) => {
      j.params.fitIntercept = false;
      j.state.intercept = 0.5;
    }, 'intercept must be 0 when fitIntercept is false');
  });
});
