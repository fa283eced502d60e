/**
 * targetWeights(): selections, weightings, caps and ties on one date's scores, plus properties
 * (long-only Σ ≤ 1, long-short |long| = |short|, caps) over random score vectors; rebalanceMask.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { resolveSelection, targetWeights, type SelectionPolicy } from '../../src/backtest/positions.js';
import { rebalanceMask } from '../../src/backtest/schedule.js';

const w = (scores: number[], policy: SelectionPolicy) =>
  Array.from(targetWeights(scores, resolveSelection(policy)), (x) => Math.round(x * 1e12) / 1e12 + 0);

describe('backtest/positions', () => {
  it('targetWeights(top-k) holds the k highest, equally; NaN is not a candidate', () => {
    expect(w([3, 1, 2, NaN], { select: 'top-k', k: 2 })).to.deep.equal([0.5, 0, 0.5, 0]);
    expect(w([3, 1, NaN], { select: 'top-k', k: 5 })).to.deep.equal([0.5, 0.5, 0]);
    expect(w([NaN, NaN], { select: 'top-k', k: 1 })).to.deep.equal([0, 0]);
    expect(w([7], { select: 'top-k', k: 1 })).to.deep.equal([1]);
  });

  it('targetWeights breaks ties at the cut by symbol order and holds nothing on a flat cross-section', () => {
    expect(w([5, 2, 2, 2], { select: 'top-k', k: 2 })).to.deep.equal([0.5, 0.5, 0, 0]);
    expect(w([1, 1, 1], { select: 'top-k', k: 1 })).to.deep.equal([0, 0, 0]);
    expect(w([1, 1, 1], { select: 'threshold', threshold: 1 })).to.deep.equal(
      [1 / 3, 1 / 3, 1 / 3].map((x) => Math.round(x * 1e12) / 1e12),
    );
  });

  it('targetWeights(top-quantile) holds ⌈n·q⌉ names (at least one)', () => {
    const s = Array.from({ length: 20 }, (_, i) => i);
    const got = w(s, { select: 'top-quantile', quantile: 0.1 });
    expect(got.slice(18)).to.deep.equal([0.5, 0.5]);
    expect(got.slice(0, 18).every((x) => x === 0)).to.equal(true);
    expect(w([1, 2, 3], { select: 'top-quantile', quantile: 0.1 })).to.deep.equal([0, 0, 1]);
    expect(w([1, 2, 3, 4, 5], { select: 'top-quantile', quantile: 0.5 })).to.deep.equal(
      [0, 0, 1 / 3, 1 / 3, 1 / 3].map((x) => Math.round(x * 1e12) / 1e12),
    );
  });

  it('targetWeights(long-short) is long the top m and short the bottom m, ½ a side', () => {
    expect(w([1, 2, 3, 4, 5, 6], { select: 'long-short', quantile: 1 / 3 })).to.deep.equal([
      -0.25, -0.25, 0, 0, 0.25, 0.25,
    ]);
    // m = min(⌈3·0.5⌉, ⌊3/2⌋) = 1.
    expect(w([1, 2, 3], { select: 'long-short', quantile: 0.5 })).to.deep.equal([-0.5, 0, 0.5]);
    expect(w([1], { select: 'long-short', quantile: 0.5 })).to.deep.equal([0]);
  });

  it('targetWeights(threshold) holds every score ≥ the threshold', () => {
    expect(w([85, 72, 40, 70], { select: 'threshold', threshold: 70 })).to.deep.equal(
      [1 / 3, 1 / 3, 0, 1 / 3].map((x) => Math.round(x * 1e12) / 1e12),
    );
    expect(w([10, 20], { select: 'threshold', threshold: 70 })).to.deep.equal([0, 0]);
  });

  it("targetWeights(weighting 'score') weights by score (long) and by distance from the median (long-short)", () => {
    // 80 / (80 + 20) and 20 / 100.
    expect(w([80, 20, 10], { select: 'top-k', k: 2, weighting: 'score' })).to.deep.equal([0.8, 0.2, 0]);
    expect(w([80, 0, 10], { select: 'threshold', threshold: 0, weighting: 'score' })).to.deep.equal(
      [80 / 90, 0, 10 / 90].map((x) => Math.round(x * 1e12) / 1e12),
    );
    // median 3; longs 5, 4 → distances 2, 1 → ½·(2/3, 1/3); shorts 1, 2 → distances 2, 1.
    expect(w([1, 2, 3, 4, 5], { select: 'long-short', quantile: 0.4, weighting: 'score' })).to.deep.equal(
      [-1 / 3, -1 / 6, 0, 1 / 6, 1 / 3].map((x) => Math.round(x * 1e12) / 1e12),
    );
    // Ties with the median: [1, 2, 2] → long one of the 2s (no score weight → equal), short the 1.
    expect(w([1, 2, 2], { select: 'long-short', quantile: 0.5, weighting: 'score' })).to.deep.equal([
      -0.5, 0.5, 0,
    ]);
  });

  it('targetWeights(maxWeight) caps a name and redistributes the excess; what cannot be placed stays in cash', () => {
    // Score weights 0.6, 0.3, 0.1 with cap 0.4 → 0.4, then 0.6 split 3:1 → 0.45 > 0.4 → 0.4, rest 0.2.
    expect(w([6, 3, 1], { select: 'top-k', k: 3, weighting: 'score', maxWeight: 0.4 })).to.deep.equal([
      0.4, 0.4, 0.2,
    ]);
    expect(w([3, 2, 1], { select: 'top-k', k: 2, maxWeight: 0.3 })).to.deep.equal([0.3, 0.3, 0]);
    // Long-short, score weights, cap 0.3: median 3; longs 9 (distance 6) and the first 3 (distance 0) → 0.3 on 9,
    // the other 0.2 has nowhere to go → long side 0.3. Shorts 1, 2 (distances 2, 1) → 1/3 → cap 0.3, then 0.2 →
    // short side 0.5, scaled by 0.3/0.5 to match: −0.18, −0.12.
    expect(
      w([1, 2, 3, 3, 9], { select: 'long-short', quantile: 0.4, weighting: 'score', maxWeight: 0.3 }),
    ).to.deep.equal([-0.18, -0.12, 0, 0, 0.3]);
  });

  it('targetWeights properties: long-only weights ≥ 0 with Σ ≤ 1; long-short |long| = |short| ≤ ½; |w| ≤ maxWeight', () => {
    const scoreArb = fc.array(
      fc.oneof(fc.double({ min: -5, max: 100, noNaN: true }), fc.constant(NaN), fc.constant(1)),
      {
        minLength: 1,
        maxLength: 40,
      },
    );
    const policyArb = fc.record({
      select: fc.constantFrom('top-k', 'top-quantile', 'long-short', 'threshold'),
      k: fc.integer({ min: 1, max: 10 }),
      quantile: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      threshold: fc.double({ min: -5, max: 100, noNaN: true }),
      weighting: fc.constantFrom('equal', 'score'),
      maxWeight: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }) as fc.Arbitrary<SelectionPolicy>;
    fc.assert(
      fc.property(scoreArb, policyArb, (scores, policy) => {
        const out = targetWeights(scores, resolveSelection(policy));
        let long = 0;
        let short = 0;
        out.forEach((x, i) => {
          expect(Math.abs(x)).to.be.at.most(policy.maxWeight! * (1 + 1e-12));
          if (Number.isNaN(scores[i])) expect(x).to.equal(0);
          if (x > 0) long += x;
          else short -= x;
        });
        if (policy.select === 'long-short') {
          expect(long).to.be.closeTo(short, 1e-12);
          expect(long).to.be.at.most(0.5 + 1e-12);
        } else {
          expect(short).to.equal(0);
          expect(long).to.be.at.most(1 + 1e-12);
        }
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('rebalanceMask marks every day, the last trading day of each week, or of each month', () => {
    // Thu 2020-01-30, Fri 01-31, Mon 02-03, Fri 02-07, Mon 02-10, Fri 02-28, Mon 03-02.
    const dates = [
      '2020-01-30',
      '2020-01-31',
      '2020-02-03',
      '2020-02-07',
      '2020-02-10',
      '2020-02-28',
      '2020-03-02',
    ].map((s) => Date.parse(`${s}T00:00:00Z`));
    expect(Array.from(rebalanceMask(dates, 'daily'))).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(rebalanceMask(dates, 'weekly'))).to.deep.equal([0, 1, 0, 1, 1, 1, 1]);
    expect(Array.from(rebalanceMask(dates, 'monthly'))).to.deep.equal([0, 1, 0, 0, 0, 1, 1]);
    // A week spanning a year end (Mon 2019-12-30 … Fri 2020-01-03) is one week.
    const ye = ['2019-12-30', '2019-12-31', '2020-01-02', '2020-01-03', '2020-01-06'].map((s) =>
      Date.parse(`${s}T00:00:00Z`),
    );
    expect(Array.from(rebalanceMask(ye, 'weekly'))).to.deep.equal([0, 0, 0, 1, 1]);
  });
});
