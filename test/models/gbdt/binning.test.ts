/**
 * Quantile binning: cut placement, the bin ⇔ float32-threshold equivalence the XGBoost export relies
 * on, NaN handling, and the fast paths (radix sort, prefix look-up) against their plain versions.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  binMatrix,
  binOf,
  CUT_SAMPLE,
  cutBetween,
  F32_MAX,
  featureCuts,
  sortFloat32,
} from '../../../src/models/gbdt/binning.js';
import { Rng } from '../../../src/util/rng.js';
import { matrixOf } from './helpers.js';

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, F32_MAX, -F32_MAX, 1e300, -1e300, 1e-300];

describe('models/gbdt/binning', () => {
  it('featureCuts([1, 2, 2, 3, NaN], 255) gives one bin per distinct value: cuts [1.5, 2.5]', () => {
    expect(Array.from(featureCuts(Float32Array.of(1, 2, 2, 3, NaN), 255))).to.deep.equal([1.5, 2.5]);
    expect(Array.from(featureCuts(Float32Array.of(NaN, NaN), 255))).to.deep.equal([]);
    expect(Array.from(featureCuts(Float32Array.of(7, 7, 7), 255))).to.deep.equal([]);
  });

  it('featureCuts(1000 distinct values, maxBin) makes maxBin bins of ≈ n / maxBin rows each', () => {
    const v = Float32Array.from({ length: 1000 }, (_, i) => i);
    for (const maxBin of [2, 10, 255]) {
      const cuts = featureCuts(v, maxBin);
      expect(cuts.length, `maxBin ${maxBin}`).to.equal(maxBin - 1);
      const counts = new Array<number>(maxBin).fill(0);
      for (const x of v) counts[binOf(cuts, x) - 1]++;
      for (const c of counts) expect(c).to.be.within(Math.floor(1000 / maxBin), Math.ceil(1000 / maxBin) + 1);
    }
  });

  it('featureCuts(...) gives a heavy value one bin however many quantiles it spans (90 % zeros)', () => {
    const v = Float32Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : i));
    const cuts = featureCuts(v, 10);
    expect(binOf(cuts, 0)).to.equal(1);
    expect(cuts.length).to.be.at.most(9);
    expect(cuts[0]).to.be.above(0).and.at.most(900);
  });

  it('cutBetween(a, b) is a finite float32 with a < t ≤ b, also next to ±Infinity and for adjacent floats', () => {
    const next = (x: number): number => {
      const f = Float32Array.of(x);
      new Int32Array(f.buffer)[0]++;
      return f[0];
    };
    for (const [a, b] of [
      [1, 2],
      [1, next(1)],
      [-Infinity, -5],
      [5, Infinity],
      [-Infinity, Infinity],
      [-F32_MAX, F32_MAX],
      [0, Math.fround(1e-45)],
    ]) {
      const t = cutBetween(a, b);
      expect(Number.isFinite(t), `${a}, ${b}`).to.equal(true);
      expect(Math.fround(t)).to.equal(t);
      if (Number.isFinite(a) || Number.isFinite(b))
        expect(t > a && t <= b, `${a} < ${t} ≤ ${b}`).to.equal(true);
    }
  });

  it('featureCuts([−∞, F32_MAX, +∞]) cuts once between −∞ and F32_MAX: no finite float32 separates F32_MAX from +∞', () => {
    // fast-check counterexample (seed -1318163692): the float32 values −∞, 3.4028234663852886e38 (the
    // largest float32) and +∞. A cut t must satisfy F32_MAX < t ≤ +∞ with t finite — impossible — so
    // F32_MAX and +∞ share the top bin, and the cuts stay strictly ascending.
    expect(Array.from(featureCuts(Float32Array.of(-Infinity, F32_MAX, Infinity), 255))).to.deep.equal([
      F32_MAX,
    ]);
  });

  it('binMatrix(X): bin(x) ≤ b ⇔ fround(x) < cuts[b − 1], NaN ⇔ bin 0, slots = slotOffset + bin (fast-check, with ±0, ±∞, subnormals, huge)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(...SPECIALS),
            fc.integer({ min: -4, max: 4 }),
            fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
          ),
          { minLength: 1, maxLength: 300 },
        ),
        fc.integer({ min: 2, max: 255 }),
        (values, maxBin) => {
          const X = matrixOf(values.map((v) => [v, -v]));
          const B = binMatrix(X, maxBin);
          for (let j = 0; j < 2; j++) {
            const cuts = B.cuts[j];
            expect(B.nBins[j])
              .to.equal(cuts.length + 1)
              .and.be.at.most(maxBin);
            for (let k = 1; k < cuts.length; k++) expect(cuts[k]).to.be.above(cuts[k - 1]);
            for (let i = 0; i < X.rows; i++) {
              const x = Math.fround(X.data[i * 2 + j]);
              const bin = B.bins[j * X.rows + i];
              expect(B.slots[i * 2 + j]).to.equal(B.slotOffset[j] + bin);
              if (Number.isNaN(x)) {
                expect(bin).to.equal(0);
                continue;
              }
              expect(bin).to.equal(binOf(cuts, x));
              for (let b = 1; b < B.nBins[j]; b++) expect(bin <= b).to.equal(x < cuts[b - 1]);
              if (!Number.isNaN(B.minValue[j])) expect(x < B.minValue[j]).to.equal(false);
              else expect(values.map((v) => Math.fround(j === 0 ? v : -v))).to.include(-Infinity);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('binMatrix(X) bins above the cut sample (262,144 values) through the strided sample, consistently', () => {
    const rng = new Rng(5);
    const n = CUT_SAMPLE + 20_001;
    const X = {
      data: Float64Array.from({ length: n }, () => (rng.random() < 0.1 ? NaN : rng.normal())),
      rows: n,
      cols: 1,
      columns: ['x'],
    };
    const B = binMatrix(X, 255);
    expect(B.nBins[0]).to.equal(255);
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < n; i++) {
      const x = Math.fround(X.data[i]);
      expect(B.bins[i]).to.equal(Number.isNaN(x) ? 0 : binOf(B.cuts[0], x));
      counts[B.bins[i]]++;
    }
    // equal-count bins from a 262k sample: every bin within 25 % of n_present / 255
    const per = (n - counts[0]) / 255;
    for (let b = 1; b < 256; b++) expect(counts[b]).to.be.within(0.75 * per, 1.25 * per);
  });

  it('sortFloat32(values) sorts like Float32Array.prototype.sort (radix path above 2048 values, with ±0 and ±∞)', () => {
    const rng = new Rng(9);
    const v = Float32Array.from({ length: 5000 }, () => {
      const u = rng.random();
      return u < 0.05
        ? SPECIALS.filter((s) => !Number.isNaN(s))[rng.int(11)]
        : rng.normal() * 10 ** (rng.int(12) - 6);
    });
    const want = v.slice().sort();
    const got = sortFloat32(v.slice());
    for (let i = 0; i < v.length; i++)
      expect(got[i] === want[i] || (got[i] === 0 && want[i] === 0), `index ${i}`).to.equal(true);
  });

  it('binMatrix(X, maxBin) rejects maxBin outside [2, 255], echoing it', () => {
    expect(() => binMatrix(matrixOf([[1]]), 256)).to.throw(
      RangeError,
      'maxBin must be an integer in [2, 255], got 256',
    );
  });
});
