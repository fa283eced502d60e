/**
 * The estimator contract (DESIGN.md §4, src/types.ts `Estimator` / `Classifier`), as a reusable mocha suite:
 *
 *   checkEstimatorContract('LogisticRegression', (seed) => new LogisticRegression(), data, {
 *     classifier: true,
 *     fromJSON: (json) => LogisticRegression.fromJSON(json),
 *   });
 *
 * registers one `it` per property, each fitting fresh models from `factory(seed)`:
 *
 * - shapes: `fit` returns `this`; `predict` (and `predictProba` for classifiers) give `(nSamples,)` Float64Arrays,
 *   finite, 0/1 labels and probabilities in [0, 1] for classifiers; `getParams()` is a JSON-serializable
 *   copy that fit does not change; inputs (X, y, weights) are not mutated; a Float32 X works as well;
 * - determinism under a seed: two fits with the same seed give byte-identical `JSON.stringify(toJSON())`;
 *   refitting a fitted model on other data equals a fresh fit on that data;
 * - round trip: `fromJSON(JSON.parse(JSON.stringify(toJSON())))` predicts identically (`Object.is` per value)
 *   and re-serializes to the same text; the envelope is `{ format: 'quantbook/…', version: integer, params, state }`;
 * - NotFittedError from predict, predictProba and toJSON before fit;
 * - bad input → a typed error (QuantbookError or ParameterError) naming the position: NaN / ±Infinity in y
 *   (its index), labels other than 0/1 for classifiers (index), y of the wrong length, zero rows, a
 *   feature-count mismatch at predict (both counts), negative / NaN sample weights (index), and NaN in X —
 *   an error naming row and column unless `missing: 'allowed'` (then fit and predict work);
 * - `fromJSON` rejects a wrong format, an unknown version and non-objects with DataFormatError.
 *
 * The data should be easy to fit (both classes present for classifiers) and have ≥ 20 rows.
 */
import { expect } from 'chai';
import type { Classifier, Estimator, FitOptions, Matrix } from '../../src/types.js';
import { DataFormatError, NotFittedError, ParameterError, QuantbookError } from '../../src/util/errors.js';

/** Training data (and optional held-out rows for predictions) for {@link checkEstimatorContract}. */
export interface ContractData {
  X: Matrix;
  y: Float64Array;
  /** Rows to predict on; default X. */
  Xtest?: Matrix;
}

/** Options of {@link checkEstimatorContract}. */
export interface EstimatorContractOptions {
  /** A binary classifier: predictProba exists, labels must be 0/1, predictions are 0/1. */
  classifier: boolean;
  /** The class's static fromJSON. */
  fromJSON: (json: unknown) => Estimator;
  /** NaN in X: `'error'` (fit must throw naming row and column, default) or `'allowed'` (the model routes it). */
  missing?: 'error' | 'allowed';
  /** Whether fit takes `sampleWeight` (checked for bad weights). Default true. */
  sampleWeight?: boolean;
  /** Fit options used for every fit (e.g. an evalSet). Default none. */
  fitOptions?: FitOptions;
  /** The seed passed to the factory. Default 7. */
  seed?: number;
}

const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Calls `fn`, expecting a typed error whose message contains every fragment. */
export function expectTypedError(fn: () => unknown, ...fragments: string[]): Error {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a typed error mentioning ${fragments.join(', ')}`).to.be.instanceOf(Error);
  const err = caught as Error;
  expect(
    err instanceof QuantbookError || err instanceof ParameterError,
    `${err.name} is not a QuantbookError or ParameterError: ${err.message}`,
  ).to.equal(true);
  for (const f of fragments) expect(err.message).to.include(f);
  return err;
}

function withValue(y: Float64Array, i: number, v: number): Float64Array {
  const out = y.slice();
  out[i] = v;
  return out;
}

function withCell(X: Matrix, row: number, col: number, v: number): Matrix {
  const data = Float64Array.from(X.data);
  data[row * X.cols + col] = v;
  return { ...X, data, columns: [...X.columns] };
}

function withExtraColumn(X: Matrix): Matrix {
  const cols = X.cols + 1;
  const data = new Float64Array(X.rows * cols);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) data[i * cols + j] = X.data[i * X.cols + j];
    data[i * cols + X.cols] = 0.5;
  }
  return { data, rows: X.rows, cols, columns: [...X.columns, 'extra'] };
}

/** The first `n` rows of X. */
function head(X: Matrix, n: number): Matrix {
  return { data: X.data.slice(0, n * X.cols), rows: n, cols: X.cols, columns: [...X.columns] };
}

/** Registers the contract's `it`s (see the file comment) inside a `describe(name + ' estimator contract')`. */
export function checkEstimatorContract(
  name: string,
  factory: (seed: number) => Estimator,
  data: ContractData,
  options: EstimatorContractOptions,
): void {
  const { classifier, fromJSON, missing = 'error', sampleWeight = true, seed = 7 } = options;
  const fitOptions = options.fitOptions ?? {};
  const { X, y } = data;
  const Xtest = data.Xtest ?? X;
  const fit = (m: Estimator, XX: Matrix = X, yy: Float64Array = y, extra: FitOptions = {}): Estimator =>
    m.fit(XX, yy, { ...fitOptions, ...extra });
  const proba = (m: Estimator, XX: Matrix): Float64Array => (m as Classifier).predictProba(XX);
  const k = Math.min(X.rows - 1, Math.floor(X.rows / 3) + 1); // an index to corrupt
  const col = X.cols - 1;

  describe(`${name} estimator contract`, () => {
    it(`${name}.fit returns this; predictions are (nSamples,) Float64Arrays${classifier ? ' of 0/1 labels and probabilities in [0, 1]' : ''}`, () => {
      const m = factory(seed);
      expect(fit(m)).to.equal(m);
      const p = m.predict(Xtest);
      expect(p).to.be.instanceOf(Float64Array).with.lengthOf(Xtest.rows);
      expect(p.every(Number.isFinite)).to.equal(true);
      if (classifier) {
        expect(p.every((v) => v === 0 || v === 1)).to.equal(true);
        const q = proba(m, Xtest);
        expect(q).to.be.instanceOf(Float64Array).with.lengthOf(Xtest.rows);
        expect(q.every((v) => v >= 0 && v <= 1)).to.equal(true);
      }
      const one = head(Xtest, 1);
      expect(m.predict(one)).to.have.lengthOf(1);
    });

    it(`${name}.getParams() is a JSON-serializable copy that fit leaves unchanged`, () => {
      const m = factory(seed);
      const before = m.getParams();
      expect(JSON.parse(JSON.stringify(before))).to.deep.equal(before);
      fit(m);
      expect(m.getParams()).to.deep.equal(before);
      const p = m.getParams();
      for (const key of Object.keys(p)) p[key] = 'changed';
      expect(m.getParams()).to.deep.equal(before);
    });

    it(`${name}: fit and predict do not mutate X, y or the sample weights`, () => {
      const Xd = X.data.slice();
      const yd = y.slice();
      const w = new Float64Array(X.rows).fill(1);
      const m = factory(seed);
      fit(m, X, y, sampleWeight ? { sampleWeight: w } : {});
      m.predict(X);
      if (classifier) proba(m, X);
      expect(same(Float64Array.from(X.data), Float64Array.from(Xd))).to.equal(true);
      expect(same(y, yd)).to.equal(true);
      expect(w.every((v) => v === 1)).to.equal(true);
    });

    it(`${name} accepts a Float32Array matrix`, () => {
      const X32: Matrix = { ...X, data: Float32Array.from(X.data), columns: [...X.columns] };
      const m = fit(factory(seed), X32);
      const p = m.predict({ ...Xtest, data: Float32Array.from(Xtest.data) });
      expect(p).to.be.instanceOf(Float64Array).with.lengthOf(Xtest.rows);
    });

    it(`${name}: the same seed gives byte-identical toJSON() and identical predictions; refitting equals a fresh fit`, () => {
      const a = fit(factory(seed));
      const b = fit(factory(seed));
      expect(JSON.stringify(a.toJSON())).to.equal(JSON.stringify(b.toJSON()));
      expect(same(a.predict(Xtest), b.predict(Xtest))).to.equal(true);
      if (classifier) expect(same(proba(a, Xtest), proba(b, Xtest))).to.equal(true);
      // Refit on the second half: same as a fresh model fitted on it.
      const half = Math.floor(X.rows / 2);
      const idx = Array.from({ length: X.rows - half }, (_, i) => half + i);
      const X2: Matrix = {
        data: X.data.slice(half * X.cols),
        rows: idx.length,
        cols: X.cols,
        columns: [...X.columns],
      };
      const y2 = y.slice(half);
      const refit = fit(fit(factory(seed)), X2, y2);
      const fresh = fit(factory(seed), X2, y2);
      expect(JSON.stringify(refit.toJSON())).to.equal(JSON.stringify(fresh.toJSON()));
    });

    it(`${name}.fromJSON(toJSON()) predicts identically and re-serializes to the same text`, () => {
      const m = fit(factory(seed));
      const json = m.toJSON();
      expect(json.format).to.match(/^quantbook\/[a-z0-9-]+$/);
      expect(Number.isInteger(json.version)).to.equal(true);
      expect(json.params).to.be.an('object');
      expect(json.state).to.be.an('object');
      const text = JSON.stringify(json);
      const back = fromJSON(JSON.parse(text));
      expect(JSON.stringify(back.toJSON())).to.equal(text);
      expect(same(back.predict(Xtest), m.predict(Xtest))).to.equal(true);
      if (classifier) expect(same(proba(back, Xtest), proba(m, Xtest))).to.equal(true);
      expect(back.getParams()).to.deep.equal(m.getParams());
    });

    it(`${name}: predict${classifier ? ', predictProba' : ''} and toJSON before fit throw NotFittedError`, () => {
      const m = factory(seed);
      expect(() => m.predict(Xtest)).to.throw(NotFittedError);
      if (classifier) expect(() => proba(m, Xtest)).to.throw(NotFittedError);
      expect(() => m.toJSON()).to.throw(NotFittedError);
    });

    it(`${name}.fit rejects NaN and ±Infinity in y, naming the index`, () => {
      for (const v of [NaN, Infinity, -Infinity])
        expectTypedError(() => fit(factory(seed), X, withValue(y, k, v)), String(k), String(v));
    });

    if (classifier)
      it(`${name}.fit rejects labels other than 0 and 1, naming the index and value`, () => {
        for (const v of [2, 0.5, -1])
          expectTypedError(() => fit(factory(seed), X, withValue(y, k, v)), String(k), String(v));
      });

    it(`${name}.fit rejects y of the wrong length and X with zero rows`, () => {
      expectTypedError(() => fit(factory(seed), X, y.slice(1)), String(X.rows - 1));
      const empty: Matrix = { data: new Float64Array(0), rows: 0, cols: X.cols, columns: [...X.columns] };
      expectTypedError(() => fit(factory(seed), empty, new Float64Array(0)), '0');
    });

    it(`${name}.predict rejects a feature-count mismatch, naming both counts`, () => {
      const m = fit(factory(seed));
      expectTypedError(() => m.predict(withExtraColumn(Xtest)), String(X.cols + 1), String(X.cols));
      if (classifier) expectTypedError(() => proba(m, withExtraColumn(Xtest)), String(X.cols + 1));
    });

    if (sampleWeight)
      it(`${name}.fit rejects negative, NaN and infinite sample weights, naming the index`, () => {
        for (const v of [-1, NaN, Infinity]) {
          const w = new Float64Array(X.rows).fill(1);
          w[k] = v;
          expectTypedError(() => fit(factory(seed), X, y, { sampleWeight: w }), String(k), String(v));
        }
        expectTypedError(
          () => fit(factory(seed), X, y, { sampleWeight: new Float64Array(X.rows) }),
          'sampleWeight',
        );
      });

    if (missing === 'error')
      it(`${name}.fit and predict reject NaN in X, naming the row and column`, () => {
        const bad = withCell(X, k, col, NaN);
        expectTypedError(() => fit(factory(seed), bad), 'NaN', String(k), String(col));
        const m = fit(factory(seed));
        expectTypedError(() => m.predict(withCell(Xtest, 0, col, NaN)), 'NaN', String(col));
      });
    else
      it(`${name} fits and predicts with NaN in X`, () => {
        const m = fit(factory(seed), withCell(X, k, col, NaN));
        expect(m.predict(withCell(Xtest, 0, col, NaN)).every(Number.isFinite)).to.equal(true);
      });

    it(`${name}.fromJSON rejects a wrong format, an unknown version and non-objects with DataFormatError`, () => {
      const json = JSON.parse(JSON.stringify(fit(factory(seed)).toJSON())) as Record<string, unknown>;
      expect(() => fromJSON({ ...json, format: 'quantbook/not-this-one' })).to.throw(
        DataFormatError,
        'not-this-one',
      );
      expect(() => fromJSON({ ...json, version: 999 })).to.throw(DataFormatError, '999');
      for (const v of [null, 'a string', 42]) expect(() => fromJSON(v)).to.throw(DataFormatError);
      expect(() => fromJSON({ ...json, state: null })).to.throw(DataFormatError);
    });
  });
}
