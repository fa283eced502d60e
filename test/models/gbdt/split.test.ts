/**
 * Split finding with XGBoost's gain. The first split of a 6-row dataset is worked out by hand below;
 * the regularization knobs (minChildWeight, minDataInLeaf, gamma, alpha) are checked on it.
 */
import { expect } from 'chai';
import { GBDTClassifier } from '../../../src/models/gbdt/classifier.js';
import { binMatrix, type BinnedMatrix } from '../../../src/models/gbdt/binning.js';
import { buildHistogram, histogramLength } from '../../../src/models/gbdt/histogram.js';
import { gradients } from '../../../src/models/gbdt/objectives.js';
import {
  findBestSplit,
  MIN_SPLIT_GAIN,
  leafWeight,
  nodeScore,
  thresholdL1,
  type SplitParams,
} from '../../../src/models/gbdt/split.js';
import { matrixOf, synthetic } from './helpers.js';

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

  it('findBestSplit(...) equals an exhaustive scan of every bin (empty bins included) on small, sparse nodes', () => {
    // reference: every threshold, empty bins too, one candidate object each (the scan before empty bins were skipped)
    const reference = (
      hist: Float64Array,
      B: BinnedMatrix,
      features: Int32Array,
      G: number,
      H: number,
      C: number,
      p: SplitParams,
      withCounts: boolean,
    ) => {
      const parent = nodeScore(G, H, p);
      const minData = withCounts ? Math.max(1, p.minDataInLeaf) : 0;
      let best: ReturnType<typeof findBestSplit> = null;
      let bestGain = -Infinity;
      const consider = (f: number, b: number, dl: boolean, gl: number, hl: number, cl: number): void => {
        const gr = G - gl;
        const hr = H - hl;
        if (hl < p.minChildWeight || hr < p.minChildWeight || !(hl > 0) || !(hr > 0)) return;
        if (withCounts && (cl < minData || C - cl < minData)) return;
        const gain = nodeScore(gl, hl, p) + nodeScore(gr, hr, p) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, defaultLeft: dl, gain, gl, hl, gr, hr };
        }
      };
      for (const f of features) {
        const off = 2 * B.slotOffset[f];
        const cOff = 2 * B.nSlots + B.slotOffset[f];
        const [gm, hm] = [hist[off], hist[off + 1]];
        const cm = withCounts ? hist[cOff] : 0;
        const hasMissing = withCounts ? cm > 0 : gm !== 0 || hm !== 0;
        if (hasMissing && !Number.isNaN(B.minValue[f])) consider(f, 0, true, gm, hm, cm);
        let [gl, hl, cl] = [0, 0, 0];
        for (let b = 1; b < B.nBins[f]; b++) {
          gl += hist[off + 2 * b];
          hl += hist[off + 2 * b + 1];
          if (withCounts) cl += hist[cOff + b];
          consider(f, b, false, gl, hl, cl);
          if (hasMissing) consider(f, b, true, gl + gm, hl + hm, cl + cm);
        }
      }
      if (best === null || !(bestGain > MIN_SPLIT_GAIN) || bestGain < p.gamma) return null;
      return best;
    };
    const { X, y } = synthetic(4000, 5, 21, 0.1);
    const B = binMatrix(X, 128);
    const g = new Float64Array(B.nRows);
    const h = new Float64Array(B.nRows);
    gradients('binary:logistic', new Float32Array(B.nRows).fill(0.3), y, null, g, h);
    const all = Int32Array.from({ length: B.nFeatures }, (_, j) => j);
    const sub = Int32Array.of(0, 2, 3);
    const params: SplitParams[] = [
      { lambda: 1, alpha: 0, gamma: 0, minChildWeight: 1, minDataInLeaf: 1 },
      { lambda: 2, alpha: 0.3, gamma: 0.05, minChildWeight: 0.5, minDataInLeaf: 3 },
      { lambda: 0.5, alpha: 0, gamma: 0, minChildWeight: 0, minDataInLeaf: 1 },
    ];
    let compared = 0;
    for (const size of [3, 7, 20, 60, 300, 4000])
      for (let start = 0; start + size <= B.nRows; start += Math.max(size * 3, 500)) {
        const rows = Int32Array.from({ length: size }, (_, i) => (start + i * 7) % B.nRows);
        let [G, H] = [0, 0];
        for (const r of rows) {
          G += g[r];
          H += h[r];
        }
        for (const p of params)
          for (const withCounts of [false, true])
            for (const features of [all, sub]) {
              const hist = new Float64Array(histogramLength(B, withCounts));
              buildHistogram(hist, B, features, rows, 0, size, g, h, withCounts);
              const got = findBestSplit(hist, B, features, G, H, size, p, withCounts);
              expect(got).to.deep.equal(reference(hist, B, features, G, H, size, p, withCounts));
              compared++;
            }
      }
    expect(compared).to.be.greaterThan(100);
  });
});
