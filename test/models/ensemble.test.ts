/**
 * WeightedEnsemble and StackingEnsemble: the estimator contract, the definitions of yhat / yhatStd / probUp,
 * the async-fit path (NeuralNet, a Promise-returning fit), and the stacking leak test — the meta-learner
 * only ever sees out-of-fold predictions (a memorizing base and a spy base). Data: seeded synthetic
 * problems (not market data).
 */
import { expect } from 'chai';
import { purgedKFold } from '../../src/cv/index.js';
import {
  StackingEnsemble,
  WeightedEnsemble,
  type StackingEnsembleParams,
} from '../../src/models/ensemble.js';
import { isClassifierLike } from '../../src/models/fitting.js';
import { GBDTClassifier, GBDTRegressor } from '../../src/models/gbdt/index.js';
import { loadModel } from '../../src/models/load-model.js';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import { NeuralNet } from '../../src/models/neural-net.js';
import type { Classifier, Estimator, FitOptions, Matrix, ModelJSON } from '../../src/types.js';
import { DataFormatError, ParameterError, QuantbookError, SchemaError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { checkEstimatorContract } from '../contracts/estimator-contract.js';
import {
  expandingDateSplit,
  fixedSplitter,
  LogisticScoreClassifier,
  MemorizingClassifier,
} from '../helpers/classifiers.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2015, 0, 5);

/** n rows of 4 features, y ~ Bernoulli(σ(x·w + 0.2)) (classification) or x·w + noise (regression). */
function problem(n: number, seed: number, regression = false): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const w = [1.5, -1, 0.5, 0];
  const data = new Float64Array(n * 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0.2;
    for (let j = 0; j < 4; j++) {
      const v = rng.normal();
      data[i * 4 + j] = v;
      z += v * w[j];
    }
    y[i] = regression ? 0.1 * z + 0.05 * rng.normal() : rng.random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data, rows: n, cols: 4, columns: ['a', 'b', 'c', 'd'] }, y };
}

const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** A fixed regressor: predict = a · X[:, 0] + b whatever it was fitted on. */
class AffineRegressor implements Estimator {
  static readonly format = 'test/affine';
  fitted = false;
  constructor(
    readonly a: number,
    readonly b: number,
  ) {}
  fit(): this {
    this.fitted = true;
    return this;
  }
  predict(X: Matrix): Float64Array {
    return Float64Array.from({ length: X.rows }, (_, i) => this.a * X.data[i * X.cols] + this.b);
  }
  getParams(): Record<string, unknown> {
    return { a: this.a, b: this.b };
  }
  toJSON(): ModelJSON {
    return { format: AffineRegressor.format, version: 1, params: { a: this.a, b: this.b }, state: {} };
  }
}

/** A classifier whose only fit is asynchronous (returns a Promise), like a model that awaits a backend. */
class PromiseFitClassifier extends LogisticScoreClassifier {
  // @ts-expect-error -- deliberately breaks the synchronous contract: fit returns a Promise
  override fit(X: Matrix, y: Float64Array, options?: FitOptions): Promise<this> {
    return new Promise((resolve) => setTimeout(() => resolve(super.fit(X, y, options)), 1));
  }
}

describe('WeightedEnsemble', () => {
  const train = problem(300, 1);
  const data = { ...train, Xtest: problem(60, 2).X };
  const reg = { ...problem(300, 3, true), Xtest: problem(60, 4, true).X };

  checkEstimatorContract(
    'WeightedEnsemble([LogisticRegression, GBDTClassifier], [0.5, 0.5])',
    (seed) =>
      new WeightedEnsemble(
        [() => new LogisticRegression(), () => new GBDTClassifier({ nEstimators: 20, subsample: 0.8, seed })],
        [0.5, 0.5],
      ),
    data,
    { classifier: true, fromJSON: (json) => WeightedEnsemble.fromJSON(json) },
  );
  checkEstimatorContract(
    "WeightedEnsemble([GBDTRegressor × 2], [1, 3], { probUp: 'normal' })",
    (seed) =>
      new WeightedEnsemble(
        [
          () => new GBDTRegressor({ nEstimators: 15, maxDepth: 3, seed }),
          () => new GBDTRegressor({ nEstimators: 15, colsampleByTree: 0.5, seed: seed + 1 }),
        ],
        [1, 3],
        { probUp: 'normal' },
      ),
    reg,
    { classifier: false, fromJSON: (json) => loadModel(json) as WeightedEnsemble, missing: 'allowed' },
  );

  it('predictProba is the weighted mean of the members’ probabilities (weights normalized)', () => {
    const lr = new LogisticRegression().fit(train.X, train.y);
    const gb = new GBDTClassifier({ nEstimators: 20, seed: 1 }).fit(train.X, train.y);
    const ens = new WeightedEnsemble(
      [() => new LogisticRegression(), () => new GBDTClassifier({ nEstimators: 20, seed: 1 })],
      [1, 3],
    ).fit(train.X, train.y);
    const p1 = lr.predictProba(data.Xtest);
    const p2 = gb.predictProba(data.Xtest);
    const p = ens.predictProba(data.Xtest);
    p.forEach((v, i) => expect(v).to.be.closeTo(0.25 * p1[i] + 0.75 * p2[i], 1e-15));
    expect(ens.fittedTask).to.equal('classification');
    expect(ens.predict(data.Xtest)).to.deep.equal(p.map((v) => (v > 0.5 ? 1 : 0)));
  });

  it('predictUncertainty gives yhat, yhatStd and probUp by their definitions (vote and normal)', () => {
    // members predict 1, −1 and 3 on x = 1; weights 1, 1, 2 → w = ¼, ¼, ½
    const members = [new AffineRegressor(1, 0), new AffineRegressor(-1, 0), new AffineRegressor(3, 0)];
    const X: Matrix = { data: Float64Array.of(1, 0, -2), rows: 3, cols: 1, columns: ['x'] };
    const y = Float64Array.of(0, 0, 0);
    const vote = new WeightedEnsemble(members, [1, 1, 2]).fit(X, y);
    const u = vote.predictUncertainty(X);
    expect(vote.fittedTask).to.equal('regression');
    expect(u.yhat[0]).to.be.closeTo(1.5, 1e-15); // ¼·1 + ¼·(−1) + ½·3
    expect(u.yhatStd[0]).to.be.closeTo(Math.sqrt(2.75), 1e-15); // ¼·0.25 + ¼·6.25 + ½·2.25
    expect(u.probUp[0]).to.equal(0.75); // members 1 and 3 predict > 0
    expect(u.yhat[1]).to.equal(0);
    expect(u.yhatStd[1]).to.equal(0);
    expect(u.probUp[1]).to.equal(0); // all predict 0: not > 0
    expect(u.probUp[2]).to.equal(0.25); // only the member predicting +2 (−1 · −2) is up
    expect(u.members.map((m) => m[0])).to.deep.equal([1, -1, 3]);
    const normal = new WeightedEnsemble(members, [1, 1, 2], { probUp: 'normal' }).fit(X, y);
    const v = normal.predictUncertainty(X);
    expect(v.probUp[0]).to.be.closeTo(0.8171, 1e-4); // Φ(1.5 / √2.75) = Φ(0.9045)
    expect(v.probUp[1]).to.equal(0.5); // yhat = 0 = c with no spread
    expect(normal.predict(X)).to.deep.equal(u.yhat);
  });

  it('classification: probUp is relative to ½ (vote = weighted share of members with P(y = 1) > ½)', () => {
    const ens = new WeightedEnsemble([
      () => new LogisticRegression(),
      () => new GBDTClassifier({ nEstimators: 20 }),
    ]).fit(train.X, train.y);
    const u = ens.predictUncertainty(data.Xtest);
    u.probUp.forEach((v, i) =>
      expect(v).to.equal((u.members[0][i] > 0.5 ? 0.5 : 0) + (u.members[1][i] > 0.5 ? 0.5 : 0)),
    );
    u.yhatStd.forEach((s, i) =>
      expect(s).to.be.closeTo(Math.abs(u.members[0][i] - u.members[1][i]) / 2, 1e-15),
    );
  });

  it("task 'auto' refuses members mixing classifiers and regressors, naming them; explicit tasks are checked", () => {
    const mixed = new WeightedEnsemble([
      () => new LogisticRegression(),
      () => new GBDTRegressor({ nEstimators: 5 }),
    ]);
    expect(() => mixed.fit(train.X, train.y)).to.throw(
      ParameterError,
      /0 \(LogisticRegression\).*1 \(GBDTRegressor\)/,
    );
    const asReg = new WeightedEnsemble(
      [() => new LogisticRegression(), () => new GBDTRegressor({ nEstimators: 5 })],
      [0.5, 0.5],
      { task: 'regression' },
    ).fit(train.X, train.y);
    expect(asReg.predict(data.Xtest).every((v) => Number.isFinite(v))).to.equal(true);
    expect(() => asReg.predictProba(data.Xtest)).to.throw(ParameterError, 'regression');
    const bad = new WeightedEnsemble([() => new GBDTRegressor({ nEstimators: 5 })], [1], {
      task: 'classification',
    });
    expect(() => bad.fit(train.X, train.y)).to.throw(ParameterError, 'no predictProba');
  });

  it('reads a NeuralNet’s task and a GBDT’s objective without loading TF.js (isClassifierLike)', () => {
    expect(isClassifierLike(new NeuralNet({ task: 'regression' }))).to.equal(false);
    expect(isClassifierLike(new NeuralNet({ task: 'classification' }))).to.equal(true);
    expect(isClassifierLike(new GBDTClassifier())).to.equal(true);
    expect(isClassifierLike(new GBDTRegressor())).to.equal(false);
    expect(isClassifierLike(new LogisticRegression())).to.equal(true);
  });

  it('seed 001: 50 % NeuralNet + 50 % GBDT fits through fitAsync, round-trips through loadModel', async function () {
    this.timeout(120_000);
    const nn = (): NeuralNet =>
      new NeuralNet({ hiddenUnits: [8], dropout: 0, batchNorm: false, epochs: 3, seed: 1, backend: 'cpu' });
    const ens = new WeightedEnsemble([nn, () => new GBDTRegressor({ nEstimators: 10, seed: 1 })], [0.5, 0.5]);
    expect(await ens.fitAsync(reg.X, reg.y)).to.equal(ens);
    expect(ens.fittedTask).to.equal('regression');
    const u = ens.predictUncertainty(reg.Xtest);
    u.yhat.forEach((v, i) => expect(v).to.be.closeTo(0.5 * u.members[0][i] + 0.5 * u.members[1][i], 1e-12));
    const json = JSON.parse(JSON.stringify(ens.toJSON())) as ModelJSON<unknown, { members: ModelJSON[] }>;
    expect(json.format).to.equal('quantbook/weighted-ensemble');
    expect(json.state.members.map((m) => m.format)).to.deep.equal(['quantbook/neural-net', 'quantbook/gbdt']);
    const back = loadModel(json);
    expect(back).to.be.instanceOf(WeightedEnsemble);
    expect(same((back as WeightedEnsemble).predict(reg.Xtest), ens.predict(reg.Xtest))).to.equal(true);
    // the synchronous fit of the same members gives the same model
    const sync = new WeightedEnsemble(
      [nn, () => new GBDTRegressor({ nEstimators: 10, seed: 1 })],
      [0.5, 0.5],
    );
    expect(JSON.stringify(sync.fit(reg.X, reg.y).toJSON())).to.equal(JSON.stringify(ens.toJSON()));
  });

  it('a member whose fit returns a Promise: fit throws E_ASYNC_FIT naming fitAsync, fitAsync awaits it', async () => {
    const ens = new WeightedEnsemble([
      () => new PromiseFitClassifier() as unknown as Estimator,
      () => new LogisticScoreClassifier(),
    ]);
    let caught: unknown;
    try {
      ens.fit(train.X, train.y);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(QuantbookError);
    expect((caught as QuantbookError).code).to.equal('E_ASYNC_FIT');
    expect((caught as Error).message)
      .to.include('PromiseFitClassifier')
      .and.include('fitAsync');
    await ens.fitAsync(train.X, train.y);
    const ref = new LogisticScoreClassifier().fit(train.X, train.y).predictProba(data.Xtest);
    expect(same(ens.predictProba(data.Xtest), ref)).to.equal(true); // both members fit the same model
  });

  it('fitAsync and fit give byte-identical models for synchronous members', async () => {
    const make = (): WeightedEnsemble =>
      new WeightedEnsemble([
        () => new LogisticRegression(),
        () => new GBDTClassifier({ nEstimators: 10, seed: 3 }),
      ]);
    const a = make().fit(train.X, train.y);
    const b = await make().fitAsync(train.X, train.y);
    expect(JSON.stringify(b.toJSON())).to.equal(JSON.stringify(a.toJSON()));
  });

  it('member instances are fitted in place; fit options reach every member', () => {
    const a = new MemorizingClassifier();
    const b = new MemorizingClassifier();
    const w = new Float64Array(train.X.rows).fill(2);
    const ens = new WeightedEnsemble([a, b]).fit(train.X, train.y, { sampleWeight: w });
    expect(ens.members).to.deep.equal([a, b]);
    expect(a.seen?.sampleWeight).to.equal(w);
    expect(b.seen?.sampleWeight).to.equal(w);
  });

  it('rejects bad members, weights and options, echoing them', () => {
    const f = (): LogisticRegression => new LogisticRegression();
    expect(() => new WeightedEnsemble([])).to.throw(ParameterError, 'non-empty');
    expect(() => new WeightedEnsemble([f, 42 as unknown as Estimator])).to.throw(
      ParameterError,
      'members[1]',
    );
    expect(() => new WeightedEnsemble([f, f], [1])).to.throw(ParameterError, '1 weights for 2 members');
    expect(() => new WeightedEnsemble([f, f], [1, -0.5])).to.throw(ParameterError, 'weights[1]');
    expect(() => new WeightedEnsemble([f, f], [1, NaN])).to.throw(ParameterError, 'NaN');
    expect(() => new WeightedEnsemble([f, f], [0, 0])).to.throw(ParameterError, 'sum to 0');
    expect(() => new WeightedEnsemble([f], [1], { probUp: 'mean' as 'vote' })).to.throw(
      ParameterError,
      'mean',
    );
    expect(() => new WeightedEnsemble([f], [1], { task: 'ranking' as 'regression' })).to.throw(
      ParameterError,
      'ranking',
    );
    expect(() => new WeightedEnsemble([f], [1], { seed: 1 } as object)).to.throw(ParameterError, 'seed');
    const ens = new WeightedEnsemble([() => null as unknown as Estimator]);
    expect(() => ens.fit(train.X, train.y)).to.throw(ParameterError, 'not an estimator');
  });

  it('fromJSON rejects an unknown member format, listing the known ones', () => {
    const json = JSON.parse(
      JSON.stringify(new WeightedEnsemble([() => new LogisticRegression()]).fit(train.X, train.y).toJSON()),
    ) as ModelJSON<unknown, { members: ModelJSON[] }>;
    json.state.members[0].format = 'quantbook/mystery';
    expect(() => WeightedEnsemble.fromJSON(json)).to.throw(DataFormatError, /mystery.*quantbook\/gbdt/);
  });
});

/**
 * A panel-like problem: `perDate` rows per date on consecutive days; column 0 is a unique row id (so the
 * memorizing base can tell rows apart and the spy can name them), columns 1–2 carry signal.
 */
function datedProblem(nDates: number, perDate: number, seed: number) {
  const rng = new Rng(seed);
  const n = nDates * perDate;
  const data = new Float64Array(n * 3);
  const y = new Float64Array(n);
  const dates = new Float64Array(n);
  const t1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const day = Math.floor(i / perDate);
    const a = rng.normal();
    const b = rng.normal();
    data.set([i, a, b], i * 3);
    y[i] = rng.random() < 1 / (1 + Math.exp(-(2 * a - b))) ? 1 : 0;
    dates[i] = D0 + day * DAY;
    t1[i] = day + 1 < nDates ? D0 + (day + 1) * DAY : NaN;
  }
  return { X: { data, rows: n, cols: 3, columns: ['id', 'a', 'b'] } as Matrix, y, dates, t1 };
}

/** Records what each instance trained on and predicted (row ids from column 0); predictProba = σ(2·a). */
class SpyClassifier implements Classifier {
  static log: { trained: Set<number>; predicted: number[] }[] = [];
  private entry: { trained: Set<number>; predicted: number[] } | undefined;

  fit(X: Matrix): this {
    this.entry = {
      trained: new Set(Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols])),
      predicted: [],
    };
    SpyClassifier.log.push(this.entry);
    return this;
  }
  predictProba(X: Matrix): Float64Array {
    const e = this.entry!;
    return Float64Array.from({ length: X.rows }, (_, i) => {
      e.predicted.push(X.data[i * X.cols]);
      return 1 / (1 + Math.exp(-2 * X.data[i * X.cols + 1]));
    });
  }
  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p > 0.5 ? 1 : 0));
  }
  getParams(): Record<string, unknown> {
    return {};
  }
  toJSON(): ModelJSON {
    return { format: 'test/spy', version: 1, params: {}, state: {} };
  }
}

/** Runs a StackingEnsemble under the estimator contract: dates (3 rows per day) are made up from the row count. */
class DatedStacking implements Classifier {
  constructor(readonly inner: StackingEnsemble) {}
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const dates = Float64Array.from({ length: X.rows }, (_, i) => D0 + Math.floor(i / 3) * DAY);
    this.inner.fit(X, y, { ...options, dates });
    return this;
  }
  predict(X: Matrix): Float64Array {
    return this.inner.predict(X);
  }
  predictProba(X: Matrix): Float64Array {
    return this.inner.predictProba(X);
  }
  getParams(): Record<string, unknown> {
    return this.inner.getParams();
  }
  toJSON(): ModelJSON {
    return this.inner.toJSON();
  }
}

describe('StackingEnsemble', () => {
  const contractData = { ...problem(300, 5), Xtest: problem(60, 6).X };
  checkEstimatorContract(
    'StackingEnsemble([LogisticRegression, GBDTClassifier], { cv: expanding, meta: { C: 0.5 } })',
    (seed) =>
      new DatedStacking(
        new StackingEnsemble(
          [() => new LogisticRegression(), () => new GBDTClassifier({ nEstimators: 10, maxDepth: 3, seed })],
          { cv: expandingDateSplit(3), meta: { C: 0.5 } },
        ),
      ),
    contractData,
    {
      classifier: true,
      fromJSON: (json) => new DatedStacking(StackingEnsemble.fromJSON(json)),
    },
  );

  const d = datedProblem(60, 5, 11);
  const cv = purgedKFold({ nSplits: 4, embargoDays: 1 });

  it('leak test: a memorizing base is worth nothing out of fold, so the meta-learner gives it no weight', () => {
    const stack = new StackingEnsemble(
      [() => new MemorizingClassifier(0.5), () => new LogisticScoreClassifier()],
      {
        cv,
      },
    );
    const X = d.X;
    stack.fit(X, d.y, { dates: d.dates, t1: d.t1 });
    const { Z, metaRows } = stack.outOfFold;
    expect(metaRows.length).to.equal(d.X.rows); // k-fold: every row is in one test fold
    for (const i of metaRows) expect(Z.data[i * 2]).to.equal(0.5); // no fold model had seen row i
    expect(Math.abs(stack.meta.coef[0])).to.be.below(1e-8);
    // The same bases stacked on in-sample predictions: the memorizer is "perfect" and takes all the weight.
    const inSample = new Float64Array(d.X.rows * 2);
    const mem = new MemorizingClassifier(0.5).fit(X, d.y);
    const lsc = new LogisticScoreClassifier().fit(X, d.y);
    const pm = mem.predictProba(X);
    const pl = lsc.predictProba(X);
    for (let i = 0; i < d.X.rows; i++) inSample.set([pm[i], pl[i]], i * 2);
    const naive = new LogisticRegression().fit(
      { data: inSample, rows: d.X.rows, cols: 2, columns: ['m', 'l'] },
      d.y,
    );
    expect(naive.coef[0]).to.be.above(5);
  });

  it('leak test: no fold model predicts a row it trained on; purged rows never train; refits predict nothing during fit', () => {
    SpyClassifier.log = [];
    const splits = cv.split({ date: d.dates, t1: d.t1 });
    const stack = new StackingEnsemble([() => new SpyClassifier(), () => new SpyClassifier()], { cv }).fit(
      d.X,
      d.y,
      {
        dates: d.dates,
        t1: d.t1,
      },
    );
    const log = SpyClassifier.log;
    expect(log).to.have.lengthOf(2 + splits.length * 2); // 2 refits on all rows, then 2 bases per fold
    expect(log[0].trained.size).to.equal(d.X.rows);
    expect(log[1].trained.size).to.equal(d.X.rows);
    splits.forEach((s, k) => {
      for (const b of [0, 1]) {
        const e = log[2 + k * 2 + b];
        expect([...e.trained].sort((p, q) => p - q)).to.deep.equal(Array.from(s.train)); // exactly the (purged) train rows
        expect(e.predicted).to.deep.equal(Array.from(s.test));
        for (const i of e.predicted) expect(e.trained.has(i)).to.equal(false);
      }
    });
    expect(log[0].predicted).to.have.lengthOf(0); // the refits predict nothing during fit
    expect(log[1].predicted).to.have.lengthOf(0);
    expect(stack.predictProba(d.X)).to.have.lengthOf(d.X.rows);
  });

  it('matches a manual stack: fold fits → out-of-fold probabilities → LogisticRegression on the tested rows', () => {
    const split = expandingDateSplit(3);
    const splits = split.split({ date: d.dates });
    const bases = [
      () => new LogisticRegression({ C: 0.1 }),
      () => new GBDTClassifier({ nEstimators: 8, seed: 2 }),
    ];
    const stack = new StackingEnsemble(bases, { cv: split, meta: { C: 2 } }).fit(d.X, d.y, {
      dates: d.dates,
    });
    const tested = splits.flatMap((s) => Array.from(s.test));
    const Z = new Float64Array(tested.length * 2);
    let r = 0;
    for (const { train, test } of splits) {
      const rows = (idx: Int32Array): Matrix => ({
        data: Float64Array.from(
          Array.from(idx).flatMap((i) => Array.from(d.X.data.subarray(i * 3, i * 3 + 3))),
        ),
        rows: idx.length,
        cols: 3,
        columns: d.X.columns,
      });
      const ytrain = Float64Array.from(train, (i) => d.y[i]);
      const ps = bases.map((b) => (b().fit(rows(train), ytrain) as Classifier).predictProba(rows(test)));
      for (let j = 0; j < test.length; j++, r++) Z.set([ps[0][j], ps[1][j]], r * 2);
    }
    expect(Array.from(stack.outOfFold.metaRows)).to.deep.equal(tested);
    const meta = new LogisticRegression({ C: 2 }).fit(
      { data: Z, rows: tested.length, cols: 2, columns: ['base0', 'base1'] },
      Float64Array.from(tested, (i) => d.y[i]),
    );
    expect(Array.from(stack.meta.coef)).to.deep.equal(Array.from(meta.coef));
    expect(stack.meta.intercept).to.equal(meta.intercept);
    // prediction: the meta-learner on the bases refitted on all rows
    const finals = bases.map((b) => b().fit(d.X, d.y) as Classifier);
    const Zall = new Float64Array(d.X.rows * 2);
    const p0 = finals[0].predictProba(d.X);
    const p1 = finals[1].predictProba(d.X);
    for (let i = 0; i < d.X.rows; i++) Zall.set([p0[i], p1[i]], i * 2);
    const expected = meta.predictProba({ data: Zall, rows: d.X.rows, cols: 2, columns: ['base0', 'base1'] });
    expect(same(stack.predictProba(d.X), expected)).to.equal(true);
  });

  it("metaFeatures 'logit' feeds log-odds; toJSON nests bases and meta; loadModel restores identical predictions", () => {
    const stack = new StackingEnsemble(
      [() => new LogisticRegression(), () => new GBDTClassifier({ nEstimators: 5, seed: 1 })],
      { cv, metaFeatures: 'logit' },
    ).fit(d.X, d.y, { dates: d.dates, t1: d.t1 });
    const lr = stack.bases[0] as LogisticRegression;
    const z = stack.transform(d.X);
    const p = lr.predictProba(d.X);
    for (let i = 0; i < 5; i++) expect(z.data[i * 2]).to.be.closeTo(Math.log(p[i] / (1 - p[i])), 1e-9);
    const json = JSON.parse(JSON.stringify(stack.toJSON())) as ModelJSON<
      unknown,
      { bases: ModelJSON[]; meta: ModelJSON }
    >;
    expect(json.state.bases.map((b) => b.format)).to.deep.equal([
      'quantbook/logistic-regression',
      'quantbook/gbdt',
    ]);
    expect(json.state.meta.format).to.equal('quantbook/logistic-regression');
    const back = loadModel(json) as StackingEnsemble;
    expect(back).to.be.instanceOf(StackingEnsemble);
    expect(same(back.predictProba(d.X), stack.predictProba(d.X))).to.equal(true);
    expect(() => back.fit(d.X, d.y, { dates: d.dates })).to.throw(QuantbookError, 'without base factories');
    expect(same(back.predictProba(d.X), stack.predictProba(d.X))).to.equal(true); // still the loaded model
    const refit = StackingEnsemble.fromJSON(json, loadModel, {
      bases: [() => new LogisticRegression(), () => new GBDTClassifier({ nEstimators: 5, seed: 1 })],
      cv,
    });
    expect(JSON.stringify(refit.fit(d.X, d.y, { dates: d.dates, t1: d.t1 }).toJSON())).to.equal(
      JSON.stringify(json),
    );
  });

  it('fitAsync gives the same model as fit and awaits Promise-returning bases', async () => {
    const params: StackingEnsembleParams = { cv };
    const a = new StackingEnsemble([() => new LogisticScoreClassifier()], params).fit(d.X, d.y, {
      dates: d.dates,
      t1: d.t1,
    });
    const b = await new StackingEnsemble(
      [() => new PromiseFitClassifier() as unknown as Estimator],
      params,
    ).fitAsync(d.X, d.y, {
      dates: d.dates,
      t1: d.t1,
    });
    expect(same(b.predictProba(d.X), a.predictProba(d.X))).to.equal(true);
  });

  it('requires dates, refuses overlapping test folds and bad params', () => {
    const f = [() => new LogisticRegression()];
    expect(() => new StackingEnsemble(f, { cv }).fit(d.X, d.y)).to.throw(
      SchemaError,
      'options.dates is required',
    );
    expect(() => new StackingEnsemble(f, { cv }).fit(d.X, d.y, { dates: d.dates.slice(1) })).to.throw(
      SchemaError,
      `${d.X.rows - 1} values`,
    );
    const overlapping = fixedSplitter([
      { train: [0, 1, 2, 3, 4, 5], test: [10, 11, 12, 13, 14, 15] },
      { train: [0, 1, 2, 3, 4, 5], test: [15, 16, 17, 18, 19, 20] },
    ]);
    expect(() => new StackingEnsemble(f, { cv: overlapping }).fit(d.X, d.y, { dates: d.dates })).to.throw(
      ParameterError,
      'row 15',
    );
    expect(() => new StackingEnsemble([], { cv })).to.throw(ParameterError, 'non-empty');
    expect(
      () => new StackingEnsemble([new LogisticRegression() as unknown as () => Estimator], { cv }),
    ).to.throw(ParameterError, 'bases[0]');
    expect(() => new StackingEnsemble(f, { cv: {} as StackingEnsembleParams['cv'] })).to.throw(
      ParameterError,
      'Splitter',
    );
    expect(() => new StackingEnsemble(f, { cv, meta: { C: -1 } })).to.throw(ParameterError, '-1');
    expect(() => new StackingEnsemble(f, { cv, metaFeatures: 'rank' as 'logit' })).to.throw(
      ParameterError,
      'rank',
    );
    expect(() => new StackingEnsemble(f, { cv, passthrough: true } as StackingEnsembleParams)).to.throw(
      ParameterError,
      'passthrough',
    );
  });
});
