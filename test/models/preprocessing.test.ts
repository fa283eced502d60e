import { expect } from 'chai';
import fc from 'fast-check';
import { StandardScaler } from '../../src/models/preprocessing.js';
import { InputError } from '../../src/models/validate-input.js';
import type { Matrix } from '../../src/types.js';
import { DataFormatError, NotFittedError, ParameterError } from '../../src/util/errors.js';
import { f64, fixture, realFeatures, toMatrix } from '../fixtures/sklearn-models/load.js';

/** |a − b| ≤ tol · max(1, |b|) per value, NaN only where the reference is NaN. */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  what: string,
): void {
  expect(actual.length, what).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Number.isNaN(b)) expect(a, `${what}[${i}]`).to.be.NaN;
    else expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).to.be.at.most(tol * Math.max(1, Math.abs(b)));
  }
}

const M = (rows: (number | null)[][]): Matrix => toMatrix(rows);

describe('models/preprocessing: StandardScaler', () => {
  it('new StandardScaler().fitTransform(X) centres and scales each column (the doc example)', () => {
    const X = { data: Float64Array.of(1, 10, 3, 10), rows: 2, cols: 2, columns: ['a', 'b'] };
    const Z = new StandardScaler().fitTransform(X);
    expect(Array.from(Z.data)).to.deep.equal([-1, 0, 1, 0]);
    expect(Z.columns).to.deep.equal(['a', 'b']);
    expect(Z.columns).to.not.equal(X.columns);
  });

  for (const c of fixture.scaler)
    it(`StandardScaler matches scikit-learn 1.2 to the last bit: ${c.name}`, () => {
      const X = c.X === null ? realFeatures().X : M(c.X);
      const s = new StandardScaler({ withMean: c.with_mean, withStd: c.with_std }).fit(X);
      expectClose(s.mean, f64(c.mean), 0, 'mean');
      if (c.with_std) {
        // sklearn leaves var_ and scale_ unset without with_std.
        expectClose(s.var, f64(c.var), 0, 'var');
        expectClose(s.scale, f64(c.scale), 0, 'scale');
      }
      expect(Array.from(s.nSamplesSeen)).to.deep.equal(c.n_samples_seen);
      if (c.X_new !== null && c.transform_new !== null) {
        const Z = s.transform(M(c.X_new));
        expectClose(Z.data, f64(c.transform_new.flat()), 0, 'transform');
      }
    });

  it('NaNs are ignored in fit and stay NaN in transform and inverseTransform', () => {
    const s = new StandardScaler().fit(
      M([
        [1, NaN],
        [NaN, 2],
        [3, 4],
      ]),
    );
    expect(Array.from(s.mean)).to.deep.equal([2, 3]);
    expect(Array.from(s.nSamplesSeen)).to.deep.equal([2, 2]);
    const Z = s.transform(M([[NaN, 4]]));
    expect(Z.data[0]).to.be.NaN;
    expect(Z.data[1]).to.equal(1);
    expect(s.inverseTransform(Z).data[0]).to.be.NaN;
  });

  it('a constant column gets scale 1 (so it becomes 0), an all-NaN column transforms to NaN', () => {
    const s = new StandardScaler().fit(
      M([
        [5, NaN],
        [5, NaN],
      ]),
    );
    expect(Array.from(s.scale.subarray(0, 1))).to.deep.equal([1]);
    expect(s.scale[1]).to.be.NaN;
    const Z = s.transform(
      M([
        [5, 1],
        [6, 2],
      ]),
    );
    expect(Z.data[0]).to.equal(0);
    expect(Z.data[2]).to.equal(1);
    expect(Z.data[1]).to.be.NaN;
  });

  it('inverseTransform(transform(X)) gives X back to rounding; withMean / withStd switch each part off', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 2,
          maxLength: 30,
        }),
        fc.boolean(),
        fc.boolean(),
        (rows, withMean, withStd) => {
          const X = M(rows);
          const s = new StandardScaler({ withMean, withStd }).fit(X);
          const Z = s.transform(X);
          const back = s.inverseTransform(Z);
          for (let k = 0; k < X.data.length; k++)
            expect(Math.abs(back.data[k] - X.data[k])).to.be.at.most(1e-9 * Math.max(1, Math.abs(X.data[k])));
          // Transformed columns: mean 0 when centred; population sd 1 when scaled (non-constant columns).
          for (let j = 0; j < 3; j++) {
            const col = Array.from({ length: X.rows }, (_, i) => Z.data[i * 3 + j]);
            const mean = col.reduce((a, b) => a + b, 0) / col.length;
            const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
            if (withMean) expect(Math.abs(mean)).to.be.below(1e-6);
            if (withStd && s.var[j] > 1e-6) expect(Math.abs(sd - 1)).to.be.below(1e-6);
            if (!withMean && !withStd)
              expect(col).to.deep.equal(Array.from({ length: X.rows }, (_, i) => X.data[i * 3 + j]));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('transform returns a new Float64 matrix (also from Float32 input) and does not mutate its input', () => {
    const X: Matrix = { data: Float32Array.of(1, 2, 3, 4), rows: 2, cols: 2, columns: ['a', 'b'] };
    const s = new StandardScaler().fit(X);
    const Z = s.transform(X);
    expect(Z.data).to.be.instanceOf(Float64Array);
    expect(Array.from(X.data)).to.deep.equal([1, 2, 3, 4]);
    expect(s.mean).to.not.equal(s.mean); // getters return copies
  });

  it('fit, transform and inverseTransform reject ±Infinity, naming row and column; transform a feature-count mismatch', () => {
    expect(() =>
      new StandardScaler().fit(
        M([
          [1, 2],
          [3, Infinity],
        ]),
      ),
    ).to.throw(InputError, 'StandardScaler.fit: X[1, 1] (column "x1") is Infinity');
    const s = new StandardScaler().fit(
      M([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(() => s.transform(M([[-Infinity, 0]]))).to.throw(InputError, 'X[0, 0]');
    expect(() => s.transform(M([[1, 2, 3]]))).to.throw(
      InputError,
      'X has 3 features, the model was fitted on 2',
    );
    expect(() => s.inverseTransform(M([[1]]))).to.throw(InputError, 'fitted on 2');
    expect(() =>
      new StandardScaler().fit({ data: new Float64Array(0), rows: 0, cols: 2, columns: [] }),
    ).to.throw(InputError, '0 rows');
  });

  it('before fit, transform, inverseTransform, toJSON and the getters throw NotFittedError', () => {
    const s = new StandardScaler();
    const X = M([[1]]);
    for (const call of [
      () => s.transform(X),
      () => s.inverseTransform(X),
      () => s.toJSON(),
      () => s.mean,
      () => s.scale,
    ])
      expect(call).to.throw(NotFittedError, 'StandardScaler is not fitted yet');
  });

  it('rejects bad params with ParameterError (a RangeError) echoing them', () => {
    expect(() => new StandardScaler({ withMean: 'yes' as unknown as boolean })).to.throw(
      ParameterError,
      '"yes"',
    );
    expect(() => new StandardScaler({ withStd: 0 as unknown as boolean })).to.throw(RangeError, 'withStd');
    expect(() => new StandardScaler({ center: true } as object)).to.throw(ParameterError, '"center"');
    expect(new StandardScaler().getParams()).to.deep.equal({ withMean: true, withStd: true });
  });

  it('fromJSON(toJSON()) transforms identically and re-serializes to the same text (NaN statistics as null)', () => {
    const s = new StandardScaler({ withMean: false }).fit(
      M([
        [1, NaN, 3],
        [2, NaN, 3],
        [4, NaN, 3],
      ]),
    );
    const text = JSON.stringify(s.toJSON());
    expect(text).to.include('"format":"quantbook/standard-scaler"').and.include('null');
    const back = StandardScaler.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).to.equal(text);
    const X = M([
      [0.5, 1, 2],
      [NaN, 3, 4],
    ]);
    const a = s.transform(X).data;
    const b = back.transform(X).data;
    expect(a.every((v, i) => Object.is(v, b[i]))).to.equal(true);
    expect(back.withMean).to.equal(false);
  });

  it('fromJSON rejects another format, a bad version, bad params and inconsistent state with DataFormatError', () => {
    const json = JSON.parse(
      JSON.stringify(
        new StandardScaler()
          .fit(
            M([
              [1, 2],
              [3, 5],
            ]),
          )
          .toJSON(),
      ),
    ) as {
      state: Record<string, unknown>;
      params: Record<string, unknown>;
    };
    const bad = (patch: (j: typeof json) => void, message: string): void => {
      const j = structuredClone(json);
      patch(j);
      expect(() => StandardScaler.fromJSON(j)).to.throw(DataFormatError, message);
    };
    expect(() => StandardScaler.fromJSON({ ...json, format: 'quantbook/pca' })).to.throw(
      DataFormatError,
      'pca',
    );
    expect(() => StandardScaler.fromJSON({ ...json, version: 2 })).to.throw(DataFormatError, 'version 2');
    bad((j) => (j.params.withMean = 1), 'bad params');
    bad((j) => (j.state.scale = [1, 0]), 'state.scale[1] must be > 0');
    bad((j) => (j.state.mean = [1]), 'equal lengths');
    bad((j) => (j.state.var = [1, 'x']), 'state.var[1] must be a finite number');
    bad((j) => (j.state.nSamplesSeen = [2, 1.5]), 'nSamplesSeen[1]');
    bad((j) => (j.state.columns = ['a']), 'state.columns has 1 names for 2 columns');
  });
});
