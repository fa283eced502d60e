/**
 * Gradients and hessians of the GBDT objectives: literal values worked by hand, and agreement with
 * central finite differences of each loss (which is what g and h are the derivatives of).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  baseMargin,
  defaultBaseScore,
  gradients,
  sigmoid,
  type ObjectiveName,
} from '../../../src/models/gbdt/objectives.js';

function gh(objective: ObjectiveName, m: number[], y: number[], w: number[] | null = null, slope = 1) {
  const g = new Float64Array(m.length);
  const h = new Float64Array(m.length);
  gradients(objective, Float64Array.from(m), Float64Array.from(y), w && Float64Array.from(w), g, h, slope);
  return { g: Array.from(g), h: Array.from(h) };
}

/** The losses themselves, per row. */
const losses: Record<ObjectiveName, (m: number, y: number, slope: number) => number> = {
  'binary:logistic': (m, y) => -(y * Math.log(sigmoid(m)) + (1 - y) * Math.log(1 - sigmoid(m))),
  'reg:squarederror': (m, y) => 0.5 * (m - y) ** 2,
  'reg:pseudohubererror': (m, y, d) => d * d * (Math.sqrt(1 + ((m - y) / d) ** 2) - 1),
};

describe('models/gbdt/objectives', () => {
  it('gradients(binary:logistic) at margin 0: g = 0.5 − y, h = 0.25; at margin ln 3: p = 0.75, h = 0.1875', () => {
    expect(gh('binary:logistic', [0, 0], [0, 1])).to.deep.equal({ g: [0.5, -0.5], h: [0.25, 0.25] });
    const { g, h } = gh('binary:logistic', [Math.log(3)], [1]);
    expect(g[0]).to.be.closeTo(-0.25, 1e-15);
    expect(h[0]).to.be.closeTo(0.1875, 1e-15);
  });

  it('gradients(binary:logistic) floors the hessian at 1e-16 for saturated margins (XGBoost)', () => {
    const { g, h } = gh('binary:logistic', [800, -800], [1, 0]);
    expect(g).to.deep.equal([0, 0]);
    expect(h).to.deep.equal([1e-16, 1e-16]);
  });

  it('gradients(reg:squarederror) = (m − y, 1), times the row weight', () => {
    expect(gh('reg:squarederror', [3, -1], [1, 1], [2, 0.5])).to.deep.equal({ g: [4, -1], h: [2, 0.5] });
  });

  it('gradients(reg:pseudohubererror, δ = 2) at z = m − y = 2: g = 2/√2, h = 1/2^{3/2}', () => {
    const { g, h } = gh('reg:pseudohubererror', [3], [1], null, 2);
    expect(g[0]).to.be.closeTo(Math.SQRT2, 1e-15);
    expect(h[0]).to.be.closeTo(1 / (2 * Math.SQRT2), 1e-15);
  });

  it('gradients(...) are the first and second derivatives of each loss (central differences, fast-check)', () => {
    for (const objective of Object.keys(losses) as ObjectiveName[]) {
      fc.assert(
        fc.property(
          fc.double({ min: -6, max: 6, noNaN: true }),
          fc.constantFrom(0, 1),
          fc.double({ min: 0.5, max: 3, noNaN: true }),
          fc.double({ min: 0.1, max: 4, noNaN: true }),
          (m, y, slope, w) => {
            const loss = (x: number): number => w * losses[objective](x, y, slope);
            const e = 1e-4;
            const { g, h } = gh(objective, [m], [y], [w], slope);
            expect(g[0], `${objective} g`).to.be.closeTo((loss(m + e) - loss(m - e)) / (2 * e), 1e-6);
            expect(h[0], `${objective} h`).to.be.closeTo(
              (loss(m + e) - 2 * loss(m) + loss(m - e)) / (e * e),
              1e-4,
            );
          },
        ),
        { numRuns: 200 },
      );
    }
  });

  it('baseMargin(binary:logistic, p) is −log(1/p − 1) in float32 steps (XGBoost ProbToMargin); the identity for regression', () => {
    expect(baseMargin('binary:logistic', 0.5)).to.equal(0);
    const f = Math.fround;
    expect(baseMargin('binary:logistic', 0.45)).to.equal(f(-Math.log(f(f(1 / f(0.45)) - 1))));
    // float32 steps, not the float64 logit rounded once: they differ in the 7th digit here
    expect(baseMargin('binary:logistic', 0.45)).to.not.equal(f(Math.log(0.45 / 0.55)));
    expect(baseMargin('reg:squarederror', 0.2)).to.equal(Math.fround(0.2));
    expect(() => baseMargin('binary:logistic', 1)).to.throw(RangeError, 'baseScore must be in (0, 1), got 1');
  });

  it('defaultBaseScore(...) is the weighted mean of y as a float32, clipped inside (0, 1) for the logistic loss', () => {
    const y = Float64Array.of(1, 0, 1, 1);
    expect(defaultBaseScore('binary:logistic', y, null)).to.equal(Math.fround(0.75));
    expect(defaultBaseScore('binary:logistic', y, Float64Array.of(1, 3, 1, 1))).to.equal(0.5);
    expect(defaultBaseScore('binary:logistic', Float64Array.of(1, 1), null)).to.equal(Math.fround(1 - 1e-6));
    expect(defaultBaseScore('reg:squarederror', Float64Array.of(-2, 4), null)).to.equal(1);
  });
});
