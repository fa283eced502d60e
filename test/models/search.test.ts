/**
 * randomSearch: seeded sampling of each distribution, unknown parameters listed, cross-validated scores
 * recomputed by hand, ordering by each scoring's direction, error scores, progress, the async path, and
 * seed 003's LightGBM / XGBoost presets on our GBDT. Data: a seeded synthetic panel-like problem.
 */
import { expect } from 'chai';
import { walkForwardSplit } from '../../src/cv/index.js';
import { logLoss, rocAuc } from '../../src/metrics/classification.js';
import { informationCoefficient } from '../../src/metrics/ranking.js';
import { GBDTClassifier, GBDTRegressor } from '../../src/models/gbdt/index.js';
import { LogisticRegression } from '../../src/models/logistic-regression.js';
import {
  checkSearchSpace,
  formatSearchResults,
  GBDT_PARAM_NAMES,
  LIGHTGBM_SEARCH_SPACE,
  randomSearch,
  randomSearchAsync,
  sampleParams,
  XGBOOST_SEARCH_SPACE,
  type SearchProgress,
  type SearchResult,
  type SearchSpace,
} from '../../src/models/search.js';
import type { Estimator, Matrix } from '../../src/types.js';
import { ParameterError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2016, 0, 4);

/** `perDate` rows per date; y ~ Bernoulli(σ(2a − b)) or, regression, 0.01·(2a − b) + noise; t1 = next date. */
function panel(nDates: number, perDate: number, seed: number, regression = false) {
  const rng = new Rng(seed);
  const n = nDates * perDate;
  const data = new Float64Array(n * 3);
  const y = new Float64Array(n);
  const dates = new Float64Array(n);
  const t1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const day = Math.floor(i / perDate);
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    data.set([a, b, c], i * 3);
    const z = 2 * a - b;
    y[i] = regression ? 0.01 * z + 0.02 * rng.normal() : rng.random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    dates[i] = D0 + day * DAY;
    t1[i] = D0 + (day + 1) * DAY;
  }
  return { X: { data, rows: n, cols: 3, columns: ['a', 'b', 'c'] } as Matrix, y, dates, t1 };
}

const rowsOf = (X: Matrix, idx: Int32Array): Matrix => ({
  data: Float64Array.from(
    Array.from(idx).flatMap((i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols))),
  ),
  rows: idx.length,
  cols: X.cols,
  columns: X.columns,
});
const at = (v: Float64Array, idx: Int32Array): Float64Array => Float64Array.from(idx, (i) => v[i]);

/** Everything but the timings. */
const withoutTimes = (r: SearchResult): unknown =>
  r.results.map(({ rank, index, params, meanScore, stdScore, foldScores }) => ({
    rank,
    index,
    params,
    meanScore,
    stdScore,
    foldScores,
  }));

describe('sampleParams', () => {
  const space: SearchSpace = {
    depth: { type: 'int', low: 3, high: 5 },
    eta: { type: 'loguniform', low: 0.01, high: 1 },
    frac: { type: 'uniform', low: 0.5, high: 1 },
    kind: { type: 'choice', values: ['x', 'y'] },
    leaves: { type: 'int', low: 2, high: 1000, log: true },
  };

  it('is deterministic under a seed, keeps the space’s key order, and stays inside every distribution', () => {
    const a = sampleParams(space, 2000, 7);
    expect(sampleParams(space, 2000, 7)).to.deep.equal(a);
    expect(sampleParams(space, 5, 8)).to.not.deep.equal(a.slice(0, 5));
    expect(Object.keys(a[0])).to.deep.equal(['depth', 'eta', 'frac', 'kind', 'leaves']);
    const col = (k: string): number[] => a.map((p) => p[k] as number);
    expect(new Set(col('depth'))).to.deep.equal(new Set([3, 4, 5])); // both ends included
    expect(col('eta').every((v) => v >= 0.01 && v < 1)).to.equal(true);
    expect(col('frac').every((v) => v >= 0.5 && v < 1)).to.equal(true);
    expect(new Set(a.map((p) => p.kind))).to.deep.equal(new Set(['x', 'y']));
    expect(col('leaves').every((v) => Number.isInteger(v) && v >= 2 && v <= 1000)).to.equal(true);
    // log-uniform: half the draws below the geometric mean √(0.01 · 1) = 0.1
    const below = col('eta').filter((v) => v < 0.1).length / a.length;
    expect(below).to.be.within(0.46, 0.54);
    const small = col('leaves').filter((v) => v < Math.sqrt(2 * 1001)).length / a.length;
    expect(small).to.be.within(0.44, 0.56);
  });

  it('samples an all-choice space without repeats, at most its grid', () => {
    const grid: SearchSpace = {
      a: { type: 'choice', values: [1, 2, 3] },
      b: { type: 'choice', values: [true, false] },
    };
    const s = sampleParams(grid, 10, 1);
    expect(s).to.have.lengthOf(6);
    expect(new Set(s.map((p) => JSON.stringify(p))).size).to.equal(6);
    expect(sampleParams(grid, 4, 1)).to.deep.equal(s.slice(0, 4));
  });

  it('rejects malformed distributions, echoing them', () => {
    const bad =
      (d: unknown): (() => unknown) =>
      () =>
        sampleParams({ p: d } as unknown as SearchSpace, 1, 0);
    expect(bad({ type: 'normal', mean: 0 })).to.throw(
      ParameterError,
      "'choice', 'uniform', 'loguniform' or 'int'",
    );
    expect(bad({ type: 'uniform', low: 1, high: 1 })).to.throw(ParameterError, 'low must be < high');
    expect(bad({ type: 'loguniform', low: 0, high: 1 })).to.throw(ParameterError, 'low > 0');
    expect(bad({ type: 'int', low: 1.5, high: 3 })).to.throw(ParameterError, 'integers');
    expect(bad({ type: 'int', low: 0, high: 3, log: true })).to.throw(ParameterError, 'low ≥ 1');
    expect(bad({ type: 'choice', values: [] })).to.throw(ParameterError, 'non-empty');
    expect(bad({ type: 'uniform', low: 0, high: 1, step: 2 })).to.throw(ParameterError, 'not step');
    expect(() => sampleParams({}, 1, 0)).to.throw(ParameterError, 'empty');
    expect(() => sampleParams(space, 0, 0)).to.throw(ParameterError, 'nIter');
  });
});

describe('randomSearch', () => {
  const d = panel(120, 4, 3);
  const cv = walkForwardSplit({ nSplits: 3, testDays: 20, embargoDays: 1 });
  const space: SearchSpace = {
    maxDepth: { type: 'int', low: 1, high: 4 },
    learningRate: { type: 'loguniform', low: 0.05, high: 0.5 },
    subsample: { type: 'uniform', low: 0.5, high: 1 },
  };
  const factory = (p: Record<string, unknown>): GBDTClassifier =>
    new GBDTClassifier({ nEstimators: 15, seed: 2, ...p });

  it('scores every sampled set on every split, best first, and refits the best on all rows', () => {
    const progress: SearchProgress[] = [];
    const res = randomSearch(factory, space, d, {
      cv,
      nIter: 5,
      seed: 11,
      onProgress: (p) => progress.push(p),
    });
    expect(res.scoring).to.equal('auc'); // the default for a classifier
    expect(res.greaterIsBetter).to.equal(true);
    expect(res.nSplits).to.equal(3);
    expect(res.results.map((r) => r.rank)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(res.results.map((r) => r.index).sort()).to.deep.equal([0, 1, 2, 3, 4]);
    for (let k = 1; k < 5; k++) expect(res.results[k - 1].meanScore).to.be.at.least(res.results[k].meanScore);
    expect(res.results.map((r) => r.params)).to.have.deep.members(sampleParams(space, 5, 11));
    // The best set's fold scores, recomputed by hand
    const best = res.results[0];
    const splits = cv.split({ date: d.dates, t1: d.t1 });
    splits.forEach(({ train, test }, k) => {
      const m = factory(best.params).fit(rowsOf(d.X, train), at(d.y, train));
      expect(best.foldScores[k]).to.equal(rocAuc(at(d.y, test), m.predictProba(rowsOf(d.X, test))));
    });
    const mean = best.foldScores.reduce((a, b) => a + b, 0) / 3;
    expect(best.meanScore).to.be.closeTo(mean, 1e-15);
    expect(best.stdScore).to.be.closeTo(
      Math.sqrt(best.foldScores.reduce((a, b) => a + (b - mean) ** 2, 0) / 3),
      1e-15,
    );
    expect(best.fitMs).to.have.lengthOf(3);
    expect(best.meanFitMs).to.be.above(0);
    expect(res.bestParams).to.deep.equal(best.params);
    expect(res.bestScore).to.equal(best.meanScore);
    expect(res.bestIndex).to.equal(best.index);
    expect(JSON.stringify(res.bestEstimator?.toJSON())).to.equal(
      JSON.stringify(factory(best.params).fit(d.X, d.y).toJSON()),
    );
    // progress: one call per fit, then the refit
    expect(progress.map((p) => p.done)).to.deep.equal(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === 16)).to.equal(true);
    expect(progress[15]).to.include({ split: -1, candidate: best.index });
    expect(progress[0]).to.include({
      candidate: 0,
      split: 0,
      score: res.results.find((r) => r.index === 0)!.foldScores[0],
    });
  });

  it('is deterministic under a seed (apart from the timings); randomSearchAsync gives the same results', async () => {
    const a = randomSearch(factory, space, d, { cv, nIter: 3, seed: 5, refit: false });
    const b = randomSearch(factory, space, d, { cv, nIter: 3, seed: 5, refit: false });
    expect(withoutTimes(b)).to.deep.equal(withoutTimes(a));
    expect(a.bestEstimator).to.equal(undefined);
    const c = await randomSearchAsync(factory, space, d, { cv, nIter: 3, seed: 5, refit: false });
    expect(withoutTimes(c)).to.deep.equal(withoutTimes(a));
  });

  it('lower-is-better scores (logloss, rmse) sort ascending; ic is the mean per-date rank IC', () => {
    const ll = randomSearch(factory, space, d, { cv, nIter: 4, seed: 1, scoring: 'logloss', refit: false });
    expect(ll.greaterIsBetter).to.equal(false);
    for (let k = 1; k < 4; k++) expect(ll.results[k - 1].meanScore).to.be.at.most(ll.results[k].meanScore);
    const splits = cv.split({ date: d.dates, t1: d.t1 });
    const r0 = ll.results[0];
    const { train, test } = splits[0];
    const m = factory(r0.params).fit(rowsOf(d.X, train), at(d.y, train));
    expect(r0.foldScores[0]).to.equal(logLoss(at(d.y, test), m.predictProba(rowsOf(d.X, test))));

    const r = panel(120, 6, 4, true);
    const regFactory = (p: Record<string, unknown>): GBDTRegressor =>
      new GBDTRegressor({ nEstimators: 10, seed: 1, ...p });
    const rm = randomSearch(regFactory, { maxDepth: { type: 'int', low: 1, high: 6 } }, r, {
      cv,
      nIter: 4,
      seed: 2,
    });
    expect(rm.scoring).to.equal('rmse'); // the default for a regressor
    for (let k = 1; k < rm.results.length; k++)
      expect(rm.results[k - 1].meanScore).to.be.at.most(rm.results[k].meanScore);
    const ic = randomSearch(regFactory, { maxDepth: { type: 'int', low: 1, high: 6 } }, r, {
      cv,
      nIter: 2,
      seed: 2,
      scoring: 'ic',
      refit: false,
    });
    const best = ic.results[0];
    const s = cv.split({ date: r.dates, t1: r.t1 })[2];
    const mm = regFactory(best.params).fit(rowsOf(r.X, s.train), at(r.y, s.train));
    expect(best.foldScores[2]).to.equal(
      informationCoefficient(at(r.dates, s.test), mm.predict(rowsOf(r.X, s.test)), at(r.y, s.test)).mean,
    );
  });

  it('takes a scoring function (higher is better) or a Scorer with its direction', () => {
    const accuracy = (m: Estimator, X: Matrix, y: Float64Array): number => {
      const p = m.predict(X);
      return p.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length;
    };
    const a = randomSearch(factory, space, d, { cv, nIter: 3, seed: 2, scoring: accuracy, refit: false });
    expect(a.scoring).to.equal('accuracy');
    expect(a.greaterIsBetter).to.equal(true);
    const errors = randomSearch(factory, space, d, {
      cv,
      nIter: 3,
      seed: 2,
      refit: false,
      scoring: { name: 'error rate', greaterIsBetter: false, score: (m, X, y) => 1 - accuracy(m, X, y) },
    });
    expect(errors.results.map((r) => r.index)).to.deep.equal(a.results.map((r) => r.index));
  });

  it('an unknown parameter in the space → ParameterError listing the valid ones', () => {
    expect(() => randomSearch(factory, { max_depth: { type: 'int', low: 2, high: 4 } }, d, { cv })).to.throw(
      ParameterError,
      /unknown parameter "max_depth".*valid parameters: objective, nEstimators, learningRate, .*maxDepth/,
    );
    expect(() =>
      randomSearch(() => new LogisticRegression(), { alpha: { type: 'uniform', low: 0, high: 1 } }, d, {
        cv,
      }),
    ).to.throw(ParameterError, 'valid parameters: C, penalty, fitIntercept, classWeight, maxIter, tol');
  });

  it('errorScore records a failing set (sorted last, with its message) instead of raising', () => {
    const s: SearchSpace = {
      growPolicy: { type: 'choice', values: ['depthwise', 'leafwise'] },
      maxDepth: { type: 'choice', values: [0, 2] },
    };
    expect(() => randomSearch(factory, s, d, { cv, nIter: 4, seed: 0 })).to.throw(ParameterError, 'maxDepth');
    const res = randomSearch(factory, s, d, { cv, nIter: 4, seed: 0, errorScore: NaN });
    const failed = res.results.filter((r) => r.error !== undefined);
    expect(failed).to.have.lengthOf(1); // depth-wise growth with maxDepth 0
    expect(failed[0].params).to.deep.equal({ growPolicy: 'depthwise', maxDepth: 0 });
    expect(failed[0].rank).to.equal(4);
    expect(failed[0].meanScore).to.be.NaN;
    expect(failed[0].error).to.include('maxDepth');
    expect(Number.isFinite(res.bestScore)).to.equal(true);
  });

  it('rejects bad options and data', () => {
    expect(() => randomSearch(factory, space, d, { cv, nIter: 0 })).to.throw(ParameterError, 'nIter');
    expect(() => randomSearch(factory, space, d, { cv, scoring: 'f1' as 'auc' })).to.throw(
      ParameterError,
      '"f1"',
    );
    expect(() => randomSearch(factory, space, d, { cv, folds: 3 } as unknown as { cv: typeof cv })).to.throw(
      ParameterError,
      'folds',
    );
    expect(() => randomSearch(factory, space, { ...d, dates: d.dates.slice(2) }, { cv })).to.throw(
      'data.dates',
    );
    const reg = (p: Record<string, unknown>): GBDTRegressor => new GBDTRegressor({ nEstimators: 5, ...p });
    expect(() =>
      randomSearch(reg, { maxDepth: { type: 'int', low: 1, high: 2 } }, d, { cv, scoring: 'auc' }),
    ).to.throw(ParameterError, 'needs a classifier');
  });

  it('formatSearchResults renders a Markdown table, best first', () => {
    const res = randomSearch(factory, space, d, { cv, nIter: 2, seed: 3, refit: false });
    const text = formatSearchResults(res);
    const lines = text.split('\n');
    expect(lines[0]).to.equal('| rank | auc (mean ± std) | fit ms/fold | params |');
    expect(lines).to.have.lengthOf(4);
    expect(lines[2]).to.match(/^\| 1 \| 0\.\d{4} ± 0\.\d{4} \| \d+ \| maxDepth=\d, learningRate=/);
  });
});

describe('seed 003 search-space presets', () => {
  const valid = Object.keys(new GBDTClassifier().getParams());

  it('name only GBDT parameters, and every sampled set makes a valid GBDTClassifier and GBDTRegressor', () => {
    for (const space of [LIGHTGBM_SEARCH_SPACE, XGBOOST_SEARCH_SPACE]) {
      checkSearchSpace('preset', space, valid);
      for (const p of sampleParams(space, 200, 3)) {
        expect(() => new GBDTClassifier(p)).to.not.throw();
        expect(() => new GBDTRegressor(p)).to.not.throw();
      }
    }
    expect(LIGHTGBM_SEARCH_SPACE.growPolicy).to.deep.equal({ type: 'choice', values: ['leafwise'] });
    expect(XGBOOST_SEARCH_SPACE.maxDepth).to.deep.equal({ type: 'int', low: 3, high: 10 });
  });

  it('map every LightGBM / XGBoost name to a parameter of the preset', () => {
    for (const [lib, space] of [
      ['lightgbm', LIGHTGBM_SEARCH_SPACE],
      ['xgboost', XGBOOST_SEARCH_SPACE],
    ] as const)
      for (const ours of Object.values(GBDT_PARAM_NAMES[lib])) expect(Object.keys(space)).to.include(ours);
  });

  it('run in a (shortened) search on our GBDT', () => {
    const d = panel(80, 4, 9);
    const res = randomSearch(
      (p) => new GBDTClassifier({ seed: 1, ...p }),
      { ...LIGHTGBM_SEARCH_SPACE, nEstimators: { type: 'int', low: 5, high: 10 } },
      d,
      { cv: walkForwardSplit({ nSplits: 2, testDays: 15, embargoDays: 1 }), nIter: 3, seed: 3 },
    );
    expect(res.results).to.have.lengthOf(3);
    expect(res.bestParams.growPolicy).to.equal('leafwise');
    expect(res.bestEstimator).to.be.instanceOf(GBDTClassifier);
  });
});
