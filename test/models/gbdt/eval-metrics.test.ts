/** The early-stopping metrics: literal examples and, for AUC, a brute-force Mann–Whitney count. */
import { expect } from 'chai';
import fc from 'fast-check';
import { auc, evaluate, logloss, rmse } from '../../../src/models/gbdt/eval-metrics.js';

/** AUC by comparing every positive with every negative (ties ½), weighted. */
function bruteAuc(y: number[], s: number[], w: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++)
      if (y[i] === 1 && y[j] === 0) {
        const ww = w[i] * w[j];
        den += ww;
        num += ww * (s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0);
      }
  return num / den;
}

describe('models/gbdt/eval-metrics', () => {
  it('logloss(y, p) of 0.5 everywhere is ln 2; rmse([1, 3], [2, 2]) = 1', () => {
    expect(logloss(Float64Array.of(1, 0), [0.5, 0.5])).to.be.closeTo(Math.LN2, 1e-15);
    expect(rmse(Float64Array.of(1, 3), [2, 2])).to.equal(1);
    expect(rmse(Float64Array.of(1, 3), [2, 2], Float64Array.of(1, 0))).to.equal(1);
  });

  it('logloss(y, p) clips p to [1e-15, 1 − 1e-15] instead of returning Infinity', () => {
    expect(logloss(Float64Array.of(1), [0])).to.be.closeTo(-Math.log(1e-15), 1e-9);
  });

  it('auc(y, s) = 0.75 on the classic 4-row example, 0.5 on all ties, NaN with one class or a NaN score', () => {
    expect(auc(Float64Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8))).to.equal(0.75);
    expect(auc(Float64Array.of(0, 1, 0, 1), Float64Array.of(2, 2, 2, 2))).to.equal(0.5);
    expect(auc(Float64Array.of(1, 1), Float64Array.of(0.1, 0.2))).to.be.NaN;
    expect(auc(Float64Array.of(0, 1), Float64Array.of(NaN, 0.2))).to.be.NaN;
  });

  it('auc(y, s, w) equals the brute-force weighted pair count, float32 and float64 scores (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(0, 1),
            fc.integer({ min: -5, max: 5 }),
            fc.double({ min: 0.1, max: 3, noNaN: true }),
          ),
          {
            minLength: 2,
            maxLength: 60,
          },
        ),
        fc.boolean(),
        (rows, f32) => {
          const y = rows.map((r) => r[0]);
          if (!y.includes(0) || !y.includes(1)) return;
          const s = rows.map((r) => (f32 ? Math.fround(r[1] / 3) : r[1] / 3 + 1e-12 * r[2]));
          const w = rows.map((r) => r[2]);
          expect(auc(Float64Array.from(y), Float64Array.from(s), Float64Array.from(w))).to.be.closeTo(
            bruteAuc(y, s, w),
            1e-12,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('evaluate(metric, y, margins, logistic) applies the sigmoid for logloss/rmse and ranks margins for auc', () => {
    const y = Float64Array.of(0, 1);
    const m = Float32Array.of(0, 0);
    expect(evaluate('logloss', y, m, true)).to.be.closeTo(Math.LN2, 1e-15);
    expect(evaluate('rmse', y, m, true)).to.equal(0.5);
    expect(evaluate('rmse', y, m, false)).to.be.closeTo(Math.SQRT1_2, 1e-15);
    expect(evaluate('auc', y, Float32Array.of(-1, 3), true)).to.equal(1);
  });
});
