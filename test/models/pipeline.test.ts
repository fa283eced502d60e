import { expect } from 'chai';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { Pipeline, loadBuiltinStep, type Transformer } from '../../src/models/pipeline.js';
import { StandardScaler } from '../../src/models/preprocessing.js';
import type { Estimator, FitOptions, Matrix, ModelJSON } from '../../src/types.js';
import { DataFormatError, NotFittedError, ParameterError, QuantbookError } from '../../src/util/errors.js';
import { fixture, headRows, realFeatures } from '../fixtures/sklearn-models/load.js';

const M = (rows: number[][]): Matrix => ({
  data: Float64Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0].length,
  columns: rows[0].map((_, j) => `x${j}`),
});

/** A regressor without predictProba that records the fit options it received (test-only). */
class MeanRegressor implements Estimator {
  static readonly format = 'test/mean-regressor';
  mean: number | undefined;
  seen: FitOptions | undefined;
  fit(_X: Matrix, y: Float64Array, options?: FitOptions): this {
    this.mean = y.reduce((a, v) => a + v, 0) / y.length;
    this.seen = options;
    return this;
  }
  predict(X: Matrix): Float64Array {
    if (this.mean === undefined) throw new NotFittedError('MeanRegressor');
    return new Float64Array(X.rows).fill(this.mean);
  }
  getParams(): Record<string, unknown> {
    return {};
  }
  toJSON(): ModelJSON {
    return { format: MeanRegressor.format, version: 1, params: {}, state: { mean: this.mean } };
  }
}

const real = realFeatures();

describe('models/pipeline', () => {
  it('Pipeline([StandardScaler], LogisticRegression) equals scaling by hand then fitting (byte-identical)', () => {
    const X = headRows(real.X, 2000);
    const y = real.y.slice(0, 2000);
    const w = Float64Array.from({ length: 2000 }, (_, i) => 1 + (i % 4));
    const p = new Pipeline([new StandardScaler()], new LogisticRegression({ C: 0.2 })).fit(X, y, {
      sampleWeight: w,
    });
    const s = new StandardScaler().fit(X);
    const m = new LogisticRegression({ C: 0.2 }).fit(s.transform(X), y, { sampleWeight: w });
    expect(Array.from(p.predictProba(X))).to.deep.equal(Array.from(m.predictProba(s.transform(X))));
    expect(Array.from(p.predict(X))).to.deep.equal(Array.from(m.predict(s.transform(X))));
    expect(Array.from(p.transform(X).data)).to.deep.equal(Array.from(s.transform(X).data));
  });

  it('on the real features it reproduces scikit-learn make_pipeline(StandardScaler(), LogisticRegression()) to 1e-4', () => {
    const c = fixture.logistic.find((k) => k.name === 'real-features.csv standardized, C = 1');
    if (c === undefined) throw new Error('fixture case missing');
    const p = new Pipeline([new StandardScaler()], new LogisticRegression()).fit(real.X, real.y);
    const lr = p.estimator as LogisticRegression;
    const diff = Math.max(
      ...[...lr.coef, lr.intercept].map((v, i) => Math.abs(v - [...c.coef, c.intercept][i])),
    );
    expect(diff).to.be.at.most(1e-4);
    const proba = p.predictProba(headRows(real.X, 50));
    expect(Math.max(...proba.map((v, i) => Math.abs(v - c.predict_proba_new[i])))).to.be.at.most(1e-5);
  });

  it("toJSON nests the steps' JSON; fromJSON restores them with the built-in or a given loader", () => {
    const p = new Pipeline([new StandardScaler({ withMean: false })], new LogisticRegression()).fit(
      real.X,
      real.y,
    );
    const json = p.toJSON();
    expect(json.format).to.equal('quantbook/pipeline');
    expect(json.version).to.equal(1);
    expect(json.state.steps.map((s) => s.format)).to.deep.equal(['quantbook/standard-scaler']);
    expect(json.state.estimator.format).to.equal('quantbook/logistic-regression');
    const text = JSON.stringify(json);
    const back = Pipeline.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).to.equal(text);
    expect(back.steps[0]).to.be.instanceOf(StandardScaler);
    const seen: string[] = [];
    const custom = Pipeline.fromJSON(JSON.parse(text), (j) => {
      seen.push(j.format);
      return loadBuiltinStep(j);
    });
    expect(seen).to.deep.equal(['quantbook/standard-scaler', 'quantbook/logistic-regression']);
    expect(Array.from(custom.predictProba(real.X))).to.deep.equal(Array.from(p.predictProba(real.X)));
  });

  it('pipelines nest; an empty pipeline is its estimator', () => {
    const X = headRows(real.X, 500);
    const y = real.y.slice(0, 500);
    const inner = new Pipeline([new StandardScaler()], new LogisticRegression());
    const outer = new Pipeline([new StandardScaler({ withStd: false })], inner).fit(X, y);
    const back = Pipeline.fromJSON(JSON.parse(JSON.stringify(outer.toJSON())));
    expect(Array.from(back.predictProba(X))).to.deep.equal(Array.from(outer.predictProba(X)));
    const empty = new Pipeline([], new LogisticRegression()).fit(X, y);
    expect(Array.from(empty.predictProba(X))).to.deep.equal(
      Array.from(new LogisticRegression().fit(X, y).predictProba(X)),
    );
  });

  it('fit options go to the estimator; an evalSet is transformed by the fitted steps first', () => {
    const X = M([[1], [3]]);
    const est = new MeanRegressor();
    const w = Float64Array.of(1, 2);
    new Pipeline([new StandardScaler()], est).fit(X, Float64Array.of(0, 1), {
      sampleWeight: w,
      evalSet: { X: M([[2], [5]]), y: Float64Array.of(1, 1) },
    });
    expect(est.seen?.sampleWeight).to.equal(w);
    expect(Array.from(est.seen?.evalSet?.X.data ?? [])).to.deep.equal([0, 3]);
  });

  it('predictProba with an estimator that has none → QuantbookError E_UNSUPPORTED; predict works', () => {
    const p = new Pipeline([new StandardScaler()], new MeanRegressor()).fit(
      M([[1], [2]]),
      Float64Array.of(2, 4),
    );
    expect(Array.from(p.predict(M([[7]])))).to.deep.equal([3]);
    expect(() => p.predictProba(M([[7]])))
      .to.throw(QuantbookError, 'the final estimator (MeanRegressor) has no predictProba')
      .with.property('code', 'E_UNSUPPORTED');
  });

  it('before fit (or after a failed refit) predict, predictProba, transform and toJSON throw NotFittedError', () => {
    const p = new Pipeline([new StandardScaler()], new LogisticRegression());
    const X = M([[1], [2], [3]]);
    for (const call of [() => p.predict(X), () => p.predictProba(X), () => p.transform(X), () => p.toJSON()])
      expect(call).to.throw(NotFittedError, 'Pipeline is not fitted yet');
    p.fit(X, Float64Array.of(0, 1, 1));
    expect(() => p.fit(X, Float64Array.of(0, 1, 2))).to.throw('y[2] is 2');
    expect(() => p.predict(X)).to.throw(NotFittedError);
  });

  it('the constructor rejects a step that is not a transformer and an estimator without predict', () => {
    expect(
      () => new Pipeline([new LogisticRegression() as unknown as Transformer], new LogisticRegression()),
    ).to.throw(ParameterError, 'steps[0] must have fit, transform, fitTransform and toJSON');
    expect(() => new Pipeline([], new StandardScaler() as unknown as Estimator)).to.throw(
      ParameterError,
      'estimator',
    );
    expect(() => new Pipeline('scaler' as unknown as Transformer[], new LogisticRegression())).to.throw(
      ParameterError,
    );
  });

  it('fromJSON rejects a wrong format, malformed state, unknown nested formats and misplaced models', () => {
    const X = M([[1], [2], [3]]);
    const json = new Pipeline([new StandardScaler()], new LogisticRegression())
      .fit(X, Float64Array.of(0, 1, 1))
      .toJSON();
    const j = JSON.parse(JSON.stringify(json)) as ModelJSON<
      object,
      { steps: ModelJSON[]; estimator: ModelJSON }
    >;
    expect(() => Pipeline.fromJSON({ ...j, format: 'quantbook/gbdt' })).to.throw(
      DataFormatError,
      'quantbook/gbdt',
    );
    expect(() => Pipeline.fromJSON({ ...j, state: { steps: 'x', estimator: j.state.estimator } })).to.throw(
      DataFormatError,
      'state.steps',
    );
    expect(() => Pipeline.fromJSON({ ...j, state: { steps: [], estimator: null } })).to.throw(
      DataFormatError,
      'state.estimator',
    );
    const unknown = {
      ...j,
      state: { steps: [{ ...j.state.steps[0], format: 'quantbook/pca' }], estimator: j.state.estimator },
    };
    expect(() => Pipeline.fromJSON(unknown)).to.throw(
      DataFormatError,
      'no loader for a step of format "quantbook/pca"',
    );
    const swapped = { ...j, state: { steps: [j.state.estimator], estimator: j.state.estimator } };
    expect(() => Pipeline.fromJSON(swapped)).to.throw(
      DataFormatError,
      'steps[0] (quantbook/logistic-regression) is not a transformer',
    );
    const noEstimator = { ...j, state: { steps: [], estimator: j.state.steps[0] } };
    expect(() => Pipeline.fromJSON(noEstimator)).to.throw(DataFormatError, 'is not an estimator');
  });
});
