/**
 * quantileSorted against NumPy: test/fixtures/quantile/type7.json holds `np.quantile(sorted, p)` (NumPy
 * 1.24.2, default method 'linear' = Hyndman & Fan type 7), written by test/fixtures/quantile/generate.py.
 * The doc example `quantileSorted([1, 2, 3, 4], 0.5) // 2.5` is R's `quantile(1:4, 0.5)` (type 7 default).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { quantileSorted, sortedFinite } from '../../src/util/quantile.js';

interface Type7Case {
  name: string;
  sorted: number[];
  p: number[];
  expected: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/quantile/type7.json', import.meta.url), 'utf8'),
) as { source: string; cases: Type7Case[] };

describe('quantileSorted', function () {
  for (const c of fixture.cases)
    it(`quantileSorted(${c.name}, p) matches numpy np.quantile (type 7) at ${c.p.length} probabilities`, function () {
      c.p.forEach((p, k) => {
        const want = c.expected[k];
        const got = quantileSorted(c.sorted, p);
        expect(got, `p = ${p}`).to.be.closeTo(want, 1e-12 * Math.max(1, Math.abs(want)));
      });
    });

  it('quantileSorted(Float64Array, p) matches numpy like a plain array', function () {
    const c = fixture.cases.find((x) => x.name === 'normal n=101')!;
    const typed = Float64Array.from(c.sorted);
    c.p.forEach((p, k) => expect(quantileSorted(typed, p)).to.be.closeTo(c.expected[k], 1e-12));
  });

  it('quantileSorted([1, 2, 3, 4], 0.5) is 2.5 (the doc example; R quantile(1:4, 0.5))', function () {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).to.equal(2.5);
  });

  it('quantileSorted(sorted, 0) and (sorted, 1) are the minimum and the maximum', function () {
    const s = [-2, 0.5, 3, 9];
    expect(quantileSorted(s, 0)).to.equal(-2);
    expect(quantileSorted(s, 1)).to.equal(9);
  });

  it('quantileSorted([], p) is NaN', function () {
    expect(quantileSorted([], 0.5)).to.be.NaN;
    expect(quantileSorted(new Float64Array(0), 0)).to.be.NaN;
  });

  for (const p of [-0.01, 1.01, NaN, Infinity])
    it(`quantileSorted([1, 2], ${p}) throws a RangeError naming p`, function () {
      expect(() => quantileSorted([1, 2], p)).to.throw(RangeError, `got ${p}`);
    });
});

describe('sortedFinite', function () {
  it('sortedFinite(values) drops NaN and ±Infinity and sorts numerically, not as strings', function () {
    const got = sortedFinite([10, NaN, 9, -Infinity, 100, -1, Infinity, 2]);
    expect(got).to.be.instanceOf(Float64Array);
    expect(Array.from(got)).to.deep.equal([-1, 2, 9, 10, 100]);
  });

  it('sortedFinite(values) returns a new array and leaves its input unchanged', function () {
    const input = new Float64Array([3, NaN, 1, 2]);
    const got = sortedFinite(input);
    expect(Array.from(input)).to.deep.equal([3, NaN, 1, 2]);
    got[0] = 99;
    expect(input[2]).to.equal(1);
  });

  it('sortedFinite([]) and sortedFinite([NaN]) are empty', function () {
    expect(sortedFinite([]).length).to.equal(0);
    expect(sortedFinite([NaN, Infinity]).length).to.equal(0);
  });

  it('quantileSorted(sortedFinite(values), p) matches numpy on the unsorted, NaN-padded values', function () {
    const c = fixture.cases.find((x) => x.name === 'negative and fractional')!;
    const shuffled = [NaN, ...[...c.sorted].reverse(), Infinity];
    const s = sortedFinite(shuffled);
    c.p.forEach((p, k) => expect(quantileSorted(s, p)).to.be.closeTo(c.expected[k], 1e-12));
  });
});
