/**
 * GBDTClassifier / GBDTRegressor behaviour beyond the contract: probabilities, weights (sample,
 * class 'balanced', scalePosWeight), learned default directions for NaN, early stopping on an eval
 * set, and the regression objectives. Data: seeded synthetic matrices and small literal ones.
 */
import { expect } from 'chai';
import { auc } from '../../../src/models/gbdt/eval-metrics.js';
import { GBDTClassifier, GBDTRegressor } from '../../../src/models/gbdt/index.js';
import { SchemaError } from '../../../src/util/errors.js';
import { Rng } from '../../../src/util/rng.js';
import { matrixOf, synthetic, takeRows } from './helpers.js';

const same = (a: Float64Array, b: Float64Array): boolean => a.every((v, i) => v === b[i]);

describe('models/gbdt GBDTClassifier', () => {
  const train = synthetic(4000, 6, 1, 0.05);
  const valid = synthetic(2000, 6, 2, 0.05);

  it('GBDTClassifier.fit rejects labels other than 0 and 1, naming the first', () => {
    expect(() => new GBDTClassifier().fit(matrixOf([[1], [2], [3]]), Float64Array.of(0, 1, 2))).to.throw(
      SchemaError,
      'y[2] is 2; class labels must be 0 or 1',
    );
    expect(() => new GBDTClassifier().fit(matrixOf([[1], [2]]), Float64Array.of(0.5, 1))).to.throw(
      SchemaError,
      'y[0] is 0.5',
    );
  });

  it('predictProba(X) = σ(predictMargin(X)) in [0, 1]; predict(X) = 1 exactly where the margin is > 0', () => {
    const clf = new GBDTClassifier({ nEstimators: 30 }).fit(train.X, train.y);
    const m = clf.predictMargin(valid.X);
    const p = clf.predictProba(valid.X);
    const c = clf.predict(valid.X);
    for (let i = 0; i < m.length; i++) {
      expect(p[i]).to.equal(1 / (1 + Math.exp(-m[i])));
      expect(c[i]).to.equal(m[i] > 0 ? 1 : 0);
    }
    expect(auc(valid.y, p)).to.be.above(0.8);
  });

  it("classWeight 'balanced' equals sample weights n / (2 n_c); scalePosWeight equals weighting the positives", () => {
    const n1 = train.y.reduce((s, v) => s + v, 0);
    const n0 = train.y.length - n1;
    const w = Float64Array.from(train.y, (v) =>
      v === 1 ? train.y.length / (2 * n1) : train.y.length / (2 * n0),
    );
    const a = new GBDTClassifier({ nEstimators: 10, classWeight: 'balanced' }).fit(train.X, train.y);
    const b = new GBDTClassifier({ nEstimators: 10 }).fit(train.X, train.y, { sampleWeight: w });
    expect(same(a.predictMargin(valid.X), b.predictMargin(valid.X))).to.equal(true);
    expect(a.baseScore).to.be.closeTo(0.5, 1e-6); // the balanced weighted mean of y
    const c = new GBDTClassifier({ nEstimators: 10, scalePosWeight: 3 }).fit(train.X, train.y);
    const d = new GBDTClassifier({ nEstimators: 10 }).fit(train.X, train.y, {
      sampleWeight: Float64Array.from(train.y, (v) => (v === 1 ? 3 : 1)),
    });
    expect(same(c.predictMargin(valid.X), d.predictMargin(valid.X))).to.equal(true);
    expect(() =>
      new GBDTClassifier({ classWeight: 'balanced' }).fit(matrixOf([[1], [2]]), Float64Array.of(1, 1)),
    ).to.throw(SchemaError, "classWeight 'balanced' needs both classes, y has 0 zeros and 2 ones");
  });

  it('sampleWeight 2 on a row gives the model of that row duplicated (to rounding), and weight 0 the model without it', () => {
    // features rounded to 0.1 (≤ 255 distinct values), so both fits bin alike and only sums differ in rounding
    const rows = Array.from({ length: 800 }, (_, i) => i);
    const X = takeRows(train.X, rows);
    X.data = X.data.map((v) => Math.round(v * 10) / 10);
    const ys = Float64Array.from(rows, (i) => train.y[i]);
    const w = Float64Array.from(rows, (i) => (i % 3 === 0 ? 2 : i % 7 === 0 ? 0 : 1));
    const dupIdx = rows.flatMap((i) => (i % 3 === 0 ? [i, i] : i % 7 === 0 ? [] : [i]));
    const params = { nEstimators: 8, maxDepth: 4, baseScore: 0.5 };
    const weighted = new GBDTClassifier(params).fit(X, ys, { sampleWeight: w });
    const dup = new GBDTClassifier(params).fit(
      takeRows(X, dupIdx),
      Float64Array.from(dupIdx, (i) => train.y[i]),
    );
    const a = weighted.predictMargin(valid.X);
    const b = dup.predictMargin(valid.X);
    for (let i = 0; i < a.length; i++) expect(a[i]).to.be.closeTo(b[i], 1e-5);
  });

  it('NaN rows go the side they were trained on: a feature missing exactly when y = 1 is learned as "NaN → positive"', () => {
    const rng = new Rng(4);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 500; i++) {
      const pos = rng.random() < 0.5;
      rows.push([pos ? NaN : rng.normal(), rng.normal()]);
      y.push(pos ? 1 : 0);
    }
    const clf = new GBDTClassifier({ nEstimators: 5, maxDepth: 1 }).fit(matrixOf(rows), Float64Array.from(y));
    const [t] = clf.trees;
    expect(t.feature[0]).to.equal(0);
    expect(t.defaultLeft[0]).to.equal(1); // "missing left, every value right" is the only separating split
    expect(t.threshold[0]).to.equal(
      Math.fround(Math.min(...rows.map((r) => r[0]).filter((v) => !Number.isNaN(v)))),
    );
    const p = clf.predictProba(
      matrixOf([
        [NaN, 0],
        [0.3, 0],
        [5, 0],
        [-5, 0],
      ]),
    );
    expect(p[0]).to.be.above(0.8);
    expect(p[1]).to.be.below(0.2);
    expect(p[2]).to.be.below(0.2);
    // the threshold is the smallest training value: an unseen smaller value goes left, with the NaNs (x < t)
    expect(p[3]).to.equal(p[0]);
  });

  it('early stopping on an eval set keeps trees 0..bestIteration, the round with the best metric (logloss and auc)', () => {
    for (const evalMetric of ['logloss', 'auc'] as const) {
      const clf = new GBDTClassifier({
        nEstimators: 400,
        learningRate: 0.5,
        maxDepth: 6,
        earlyStoppingRounds: 10,
        evalMetric,
      });
      clf.fit(train.X, train.y, { evalSet: { X: valid.X, y: valid.y } });
      const h = clf.evalHistory!;
      const best = clf.bestIteration!;
      expect(h.length).to.be.below(400);
      expect(h.length).to.equal(best + 11);
      expect(clf.nTrees).to.equal(best + 1);
      const pick = evalMetric === 'auc' ? Math.max(...h) : Math.min(...h);
      expect(clf.bestScore).to.equal(pick);
      expect(h.indexOf(pick)).to.equal(best);
      // the kept model scores the best round's metric on the eval set
      if (evalMetric === 'auc') expect(auc(valid.y, clf.predictMargin(valid.X))).to.be.closeTo(pick, 1e-12);
    }
  });

  it('without earlyStoppingRounds an eval set is only watched: every tree is kept', () => {
    const clf = new GBDTClassifier({ nEstimators: 15 }).fit(train.X, train.y, {
      evalSet: { X: valid.X, y: valid.y },
    });
    expect(clf.nTrees).to.equal(15);
    expect(clf.evalHistory).to.have.lengthOf(15);
  });
});

describe('models/gbdt GBDTRegressor', () => {
  const train = synthetic(4000, 4, 5, 0.02);
  const valid = synthetic(1000, 4, 6, 0.02);
  const rmse = (a: Float64Array, b: Float64Array): number =>
    Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

  it('GBDTRegressor(reg:squarederror) fits 2·x0 − x1 + sin(3·x2) to near the noise level (0.3) on held-out rows', () => {
    const reg = new GBDTRegressor({ nEstimators: 200, learningRate: 0.1, maxDepth: 4 }).fit(
      train.X,
      train.yReg,
    );
    expect(rmse(reg.predict(valid.X), valid.yReg)).to.be.below(0.6);
    expect(reg.baseScore).to.equal(Math.fround(train.yReg.reduce((s, v) => s + v, 0) / train.yReg.length));
  });

  it('reg:pseudohubererror shrugs off a few huge outliers that pull reg:squarederror away', () => {
    const y = train.yReg.slice();
    for (let i = 0; i < y.length; i += 50) y[i] += 1000;
    const p = { nEstimators: 100, learningRate: 0.1, maxDepth: 4, baseScore: 0 };
    const huber = new GBDTRegressor({ ...p, objective: 'reg:pseudohubererror', huberSlope: 1 }).fit(
      train.X,
      y,
    );
    const sq = new GBDTRegressor(p).fit(train.X, y);
    expect(rmse(huber.predict(valid.X), valid.yReg)).to.be.below(rmse(sq.predict(valid.X), valid.yReg));
  });

  it('early stopping on rmse keeps the best iteration', () => {
    const reg = new GBDTRegressor({ nEstimators: 500, learningRate: 0.3, earlyStoppingRounds: 5 }).fit(
      train.X,
      train.yReg,
      {
        evalSet: { X: valid.X, y: valid.yReg },
      },
    );
    expect(reg.nTrees).to.equal(reg.bestIteration! + 1);
    expect(rmse(reg.predict(valid.X), valid.yReg)).to.be.closeTo(reg.bestScore!, 1e-5);
  });

  it('a regressor takes neither class weights nor scalePosWeight nor auc', () => {
    expect(() => new GBDTRegressor({ classWeight: 'balanced' })).to.throw(
      RangeError,
      'unset for a regressor',
    );
    expect(() => new GBDTRegressor({ evalMetric: 'auc' })).to.throw(
      RangeError,
      'evalMetric must be one of rmse',
    );
    expect(() => new GBDTRegressor({ objective: 'binary:logistic' })).to.throw(
      RangeError,
      'objective must be one of',
    );
  });
});
