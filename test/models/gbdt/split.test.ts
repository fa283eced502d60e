/**
 * Split finding with XGBoost's gain. The first split of a 6-row dataset is worked out by hand below;
 * the regularization knobs (minChildWeight, minDataInLeaf, gamma, alpha) are checked on it.
 */
import { expect } from 'chai';
import { GBDTClassifier } from '../../../src/models/gbdt/classifier.js';
import { binMatrix } from '../../../src/models/gbdt/binning.js';
import { buildHistogram, histogramLength } from '../../../src/models/gbdt/histogram.js';
import {
  findBestSplit,
  leafWeight,
  nodeScore,
  thresholdL1,
  type SplitParams,
} from '../../../src/models/gbdt/split.js';
import { matrixOf } from './helpers.js';

/*
 * Hand computation. x = [1, 2, 3, 4, 5, NaN], y = [1, 1, 0, 0, 0, 1], binary:logistic from base score 0.5
 * (margin 0, p = 0.5): g = p − y = [−.5, −.5, .5, .5, .5, −.5], h = p(1 − p) = .25 each. λ = 1, α = 0.
 * Node: G = 0, H = 1.5, score(G, H) = G²/(H + λ) = 0. Bins: one per value, cuts 1.5, 2.5, 3.5, 4.5.
 *
 *  left = x < t          missing right (default right)                 missing left (default left)
 *  t = 2.5 {1,2}         L: G −1, H .5 → 1/1.5 = .6667                  L {1,2,NaN}: G −1.5, H .75 → 2.25/1.75 = 1.2857
 *                        R {3,4,5,NaN}: G 1, H 1 → 1/2 = .5   = 1.1667  R {3,4,5}: G 1.5, H .75 → 1.2857    = 2.5714 ◀
 *  t = 1.5 {1}           .2 + .25/2.25 = .3111                          L {1,NaN}: 1/1.5 + R {2..5}: 1/2  = 1.1667
 *  t = 3.5 {1,2,3}       .25/1.75 · 2 = .2857                            L: G −1, H 1 → .5 + R {4,5}: .6667 = 1.1667
 *  t = 4.5 {1..4}        0 + 0 = 0                                      .25/2.25 + .25/1.25 = .3111
 *  t = min {}            (every value right, NaN left): .25/1.25 + .25/2.25 = .3111
 *
 * Best: x < 2.5 with missing values left, gain 4.5/1.75 = 2.571428…; leaf weights −G/(H + λ) =
 * +1.5/1.75 = .857143 (left) and −.857143 (right), × learningRate in the tree.
 */
const X = matrixOf([[1], [2], [3], [4], [5], [NaN]]);
const y = Float64Array.of(1, 1, 0, 0, 0, 1);
const P: SplitParams = { lambda: 1, alpha: 0, gamma: 0, minChildWeight: 0, minDataInLeaf: 1 };

function firstSplit(p: SplitParams) {
  const B = binMatrix(X, 255);
  const withCounts = p.minDataInLeaf > 1;
  const hist = new Float64Array(histogramLength(B, withCounts));
  const g = Float64Array.from(y, (v) => 0.5 - v);
  const h = new Float64Array(6).fill(0.25);
  buildHistogram(hist, B, Int32Array.of(0), Int32Array.of(0, 1, 2, 3, 4, 5), 0, 6, g, h, withCounts);
  return { split: findBestSplit(hist, B, Int32Array.of(0), 0, 1.5, 6, p, withCounts), cuts: B.cuts[0] };
}

describe('models/gbdt/split', () => {
  it('findBestSplit(6-row example) = x < 2.5, missing left, gain 4.5/1.75 (worked by hand above)', () => {
    const { split, cuts } = firstSplit(P);
    expect(Array.from(cuts)).to.deep.equal([1.5, 2.5, 3.5, 4.5]);
    expect(split).to.not.equal(null);
    expect(split!.feature).to.equal(0);
    expect(cuts[split!.bin - 1]).to.equal(2.5);
    expect(split!.defaultLeft).to.equal(true);
    expect(split!.gain).to.be.closeTo(4.5 / 1.75, 1e-12);
    expect([split!.gl, split!.hl, split!.gr, split!.hr]).to.deep.equal([-1.5, 0.75, 1.5, 0.75]);
    expect(leafWeight(split!.gl, split!.hl, P)).to.be.closeTo(1.5 / 1.75, 1e-15);
  });

  it('GBDTClassifier on the 6-row example stores that split: threshold 2.5, default left, leaves ±0.3 · 1.5/1.75', () => {
    const clf = new GBDTClassifier({
      nEstimators: 1,
      maxDepth: 1,
      learningRate: 0.3,
      minChildWeight: 0,
      baseScore: 0.5,
    }).fit(X, y);
    const [t] = clf.trees;
    expect(Array.from(t.left)).to.deep.equal([1, -1, -1]);
    expect(t.threshold[0]).to.equal(2.5);
    expect(t.defaultLeft[0]).to.equal(1);
    expect(t.lossChange[0]).to.equal(Math.fround(4.5 / 1.75));
    expect(t.threshold[1]).to.equal(Math.fround((0.3 * 1.5) / 1.75));
    expect(t.threshold[2]).to.equal(Math.fround((-0.3 * 1.5) / 1.75));
    expect(Array.from(t.sumHessian)).to.deep.equal([1.5, 0.75, 0.75]);
    expect(Array.from(clf.predictMargin(matrixOf([[2], [2.5], [NaN], [-1e30]])))).to.deep.equal([
      t.threshold[1],
      t.threshold[2],
      t.threshold[1],
      t.threshold[1],
    ]);
  });

  it('findBestSplit(...) honours minChildWeight, minDataInLeaf and gamma on the same node', () => {
    // every child with 3 rows has H = .75: minChildWeight .8 leaves only 4-vs-2 or wider... none reaches .8 on both sides
    // except {1,2,3,NaN} vs {4,5}? (H 1 vs .5): no; so no split at all
    expect(firstSplit({ ...P, minChildWeight: 0.8 }).split).to.equal(null);
    // minDataInLeaf 4: a child needs 4 rows; with 6 rows that is impossible
    expect(firstSplit({ ...P, minDataInLeaf: 4 }).split).to.equal(null);
    // minDataInLeaf 3: only 3-vs-3 splits remain, and the best of them is still x < 2.5 with NaN left
    expect(firstSplit({ ...P, minDataInLeaf: 3 }).split?.defaultLeft).to.equal(true);
    // gamma above the best gain: no split; just below: the same split
    expect(firstSplit({ ...P, gamma: 2.6 }).split).to.equal(null);
    expect(firstSplit({ ...P, gamma: 2.5 }).split?.gain).to.be.closeTo(4.5 / 1.75, 1e-12);
  });

  it('alpha soft-thresholds G: T(±1.5) = ±1 with α = .5, so the best gain becomes 2 · 1/1.75', () => {
    expect(thresholdL1(1.5, 0.5)).to.equal(1);
    expect(thresholdL1(-0.2, 0.5)).to.equal(0);
    expect(nodeScore(-1.5, 0.75, { ...P, alpha: 0.5 })).to.be.closeTo(1 / 1.75, 1e-15);
    expect(firstSplit({ ...P, alpha: 0.5 }).split?.gain).to.be.closeTo(2 / 1.75, 1e-12);
    expect(leafWeight(-1.5, 0.75, { ...P, alpha: 0.5 })).to.be.closeTo(1 / 1.75, 1e-15);
  });
});
