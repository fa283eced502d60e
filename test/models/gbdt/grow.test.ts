/**
 * Tree growth on binned data: histogram subtraction, the depth-wise and leaf-wise limits, the row
 * partition, and that training on bins and predicting on float32 thresholds route every row alike.
 */
import { expect } from 'chai';
import { binMatrix } from '../../../src/models/gbdt/binning.js';
import { trainBooster } from '../../../src/models/gbdt/booster.js';
import { GBDTClassifier } from '../../../src/models/gbdt/classifier.js';
import { leafOfBinnedRow, TreeGrower, type GrowParams } from '../../../src/models/gbdt/grow.js';
import {
  buildHistogram,
  buildHistogramInterleaved,
  histogramLength,
  subtractHistogram,
} from '../../../src/models/gbdt/histogram.js';
import { baseMargin, gradients } from '../../../src/models/gbdt/objectives.js';
import { GBDT_DEFAULTS } from '../../../src/models/gbdt/params.js';
import { compileForest, predictMargins } from '../../../src/models/gbdt/predict.js';
import { countLeaves, treeDepth } from '../../../src/models/gbdt/tree.js';
import { synthetic } from './helpers.js';

const GROW: GrowParams = {
  growPolicy: 'depthwise',
  maxDepth: 6,
  numLeaves: 31,
  learningRate: 0.3,
  lambda: 1,
  alpha: 0,
  gamma: 0,
  minChildWeight: 1,
  minDataInLeaf: 1,
};

function setup(n = 3000, k = 6) {
  const { X, y } = synthetic(n, k, 11);
  const B = binMatrix(X, 64);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  gradients('binary:logistic', new Float32Array(n), y, null, g, h);
  return { X, y, B, g, h };
}

describe('models/gbdt/grow', () => {
  it('subtractHistogram(parent, child) equals the histogram built directly on the sibling (with counts)', () => {
    const { B, g, h } = setup();
    const all = Int32Array.from({ length: B.nFeatures }, (_, j) => j);
    const rows = Int32Array.from({ length: B.nRows }, (_, i) => i);
    const left = rows.filter((r) => B.bins[r] !== 0 && B.bins[r] <= 20);
    const right = rows.filter((r) => !(B.bins[r] !== 0 && B.bins[r] <= 20));
    const len = histogramLength(B, true);
    const [parent, l, r] = [new Float64Array(len), new Float64Array(len), new Float64Array(len)];
    buildHistogram(parent, B, all, rows, 0, rows.length, g, h, true);
    buildHistogram(l, B, all, left, 0, left.length, g, h, true);
    buildHistogram(r, B, all, right, 0, right.length, g, h, true);
    subtractHistogram(parent, l, B, all, true);
    for (let s = 0; s < len; s++) expect(parent[s]).to.be.closeTo(r[s], 1e-9);
    // a sampled feature subset touches only its own slots
    const sub = Int32Array.of(1, 4);
    const part = new Float64Array(len).fill(7);
    buildHistogram(part, B, sub, rows, 0, rows.length, g, h, false);
    for (let f = 0; f < B.nFeatures; f++)
      for (let s = B.slotOffset[f]; s <= B.slotOffset[f] + B.nBins[f]; s++)
        if (f === 1 || f === 4) expect(part[2 * s]).to.be.closeTo(r[2 * s] + l[2 * s], 1e-9);
        else expect(part[2 * s]).to.equal(7);
  });

  it('buildHistogramInterleaved(...) on (g, h) interleaved gives the same histogram, bit for bit, as buildHistogram(...)', () => {
    const { B, g, h } = setup();
    const gh = new Float64Array(2 * B.nRows);
    for (let r = 0; r < B.nRows; r++) [gh[2 * r], gh[2 * r + 1]] = [g[r], h[r]];
    const all = Int32Array.from({ length: B.nFeatures }, (_, j) => j);
    const rows = Int32Array.from({ length: B.nRows }, (_, i) => i).filter((r) => r % 3 !== 1);
    for (const features of [all, Int32Array.of(0, 3, 5)])
      for (const withCounts of [false, true])
        for (const [start, end] of [
          [0, rows.length],
          [17, 450],
        ]) {
          const len = histogramLength(B, withCounts);
          const [a, b] = [new Float64Array(len).fill(3), new Float64Array(len).fill(3)];
          buildHistogram(a, B, features, rows, start, end, g, h, withCounts);
          buildHistogramInterleaved(b, B, features, rows, start, end, gh, withCounts);
          expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).to.equal(true);
        }
  });

  it('TreeGrower.grow(...) depth-wise stays within maxDepth; its leaves partition the rows (each segment reaches its leaf)', () => {
    const { B, g, h } = setup();
    for (const maxDepth of [1, 3, 6]) {
      const grower = new TreeGrower(B, { ...GROW, maxDepth });
      for (let i = 0; i < B.nRows; i++) grower.rows[i] = i;
      const all = Int32Array.from({ length: B.nFeatures }, (_, j) => j);
      const grown = grower.grow(g, h, B.nRows, all);
      expect(treeDepth(grown.tree)).to.be.at.most(maxDepth);
      expect(grown.leaves.length).to.equal(countLeaves(grown.tree));
      const seen = new Uint8Array(B.nRows);
      for (const leaf of grown.leaves)
        for (let k = leaf.start; k < leaf.end; k++) {
          const r = grower.rows[k];
          seen[r]++;
          expect(leafOfBinnedRow(grown.tree, grown.splitBin, B, r)).to.equal(leaf.node);
          if (k > leaf.start) expect(r).to.be.above(grower.rows[k - 1]); // stable partition: ascending
        }
      expect(seen.every((c) => c === 1)).to.equal(true);
    }
  });

  it('leaf-wise growth stops at numLeaves and may grow deeper than a depth-wise tree with as many leaves', () => {
    const { X, y } = synthetic(4000, 5, 3);
    for (const numLeaves of [2, 7, 20]) {
      const clf = new GBDTClassifier({ growPolicy: 'leafwise', numLeaves, maxDepth: 0, nEstimators: 3 }).fit(
        X,
        y,
      );
      for (const t of clf.trees) expect(countLeaves(t)).to.be.at.most(numLeaves);
      expect(countLeaves(clf.trees[0])).to.equal(numLeaves);
    }
    const deep = new GBDTClassifier({
      growPolicy: 'leafwise',
      numLeaves: 16,
      maxDepth: 0,
      nEstimators: 1,
    }).fit(X, y);
    expect(treeDepth(deep.trees[0])).to.be.above(4);
    const capped = new GBDTClassifier({
      growPolicy: 'leafwise',
      numLeaves: 16,
      maxDepth: 3,
      nEstimators: 1,
    }).fit(X, y);
    expect(treeDepth(capped.trees[0])).to.be.at.most(3);
  });

  it('the margins boosting keeps for the training rows (bins) equal predictions from raw values (float32 thresholds), bit for bit', () => {
    const { X, y, yReg } = synthetic(3000, 6, 21, 0.1);
    const cases = [
      { objective: 'binary:logistic', y, p: { subsample: 0.7, colsampleByTree: 0.5, seed: 3 } },
      {
        objective: 'reg:squarederror',
        y: yReg,
        p: { growPolicy: 'leafwise', maxDepth: 0, minDataInLeaf: 20 },
      },
      { objective: 'reg:pseudohubererror', y: yReg, p: { maxBin: 16 } },
    ] as const;
    for (const c of cases) {
      const params = { ...GBDT_DEFAULTS, objective: c.objective, nEstimators: 12, ...c.p };
      const res = trainBooster(X, c.y, null, params);
      const m = predictMargins(compileForest(res.trees, X.cols), baseMargin(c.objective, res.baseScore), X);
      for (let i = 0; i < X.rows; i++) expect(m[i], `${c.objective} row ${i}`).to.equal(res.trainMargins[i]);
    }
  });
});
