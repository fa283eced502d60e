/**
 * rocAuc, averagePrecision, brierScore, logLoss.
 *
 * Sources: test/fixtures/sklearn-metrics/classification.json — scikit-learn 1.2.1 `roc_auc_score`,
 * `average_precision_score`, `brier_score_loss`, `log_loss(labels=[0, 1])` on rounded random scores
 * with ties, weights (10 % exactly 0), constant scores, separable and inverted rankings, probabilities
 * at 0 and 1, and real data (AAPL, XOM, JPM: 20-day return vs next-5-day direction, unweighted and
 * dollar-volume weighted); compared at 1e-12 (absolute, or relative above 1). Brute-force
 * Mann–Whitney and step-sum definitions for the property tests.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  averagePrecision,
  brierScore,
  LOG_LOSS_EPS,
  logLoss,
  rocAuc,
  UndefinedMetricError,
} from '../../src/metrics/index.js';
import { QuantbookError, SchemaError } from '../../src/util/errors.js';
import { binaryCases, expectClose, versions } from '../fixtures/sklearn-metrics/load.js';

/** Σ over (positive, negative) pairs of w⁺w⁻ ([s⁺ > s⁻] + ½[s⁺ = s⁻]) / (W⁺ W⁻). */
function bruteAuc(y: number[], s: number[], w?: number[]): number {
  let num = 0;
  let wp = 0;
  let wn = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w?.[i] ?? 1;
    if (y[i] === 1) wp += wi;
    else wn += wi;
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      const wij = wi * (w?.[j] ?? 1);
      if (s[i] > s[j]) num += wij;
      else if (s[i] === s[j]) num += wij / 2;
    }
  }
  return num / (wp * wn);
}

/** Σ over distinct thresholds t (decreasing) of (R(t) − R(prev)) · P(t), from scratch. */
function bruteAp(y: number[], s: number[]): number {
  const ts = [...new Set(s)].sort((a, b) => b - a);
  const pos = y.reduce((a, b) => a + b, 0);
  let ap = 0;
  let prevR = 0;
  for (const t of ts) {
    let tp = 0;
    let called = 0;
    for (let i = 0; i < y.length; i++) {
      if (s[i] >= t) {
        called++;
        tp += y[i];
      }
    }
    ap += (tp / pos - prevR) * (tp / called);
    prevR = tp / pos;
  }
  return ap;
}

/** Labels with both classes and small-integer scores (many ties). */
const labelledScores = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -20, max: 20 })), {
    minLength: 2,
    maxLength: 60,
  })
  .filter((rows) => rows.some((r) => r[0] === 1) && rows.some((r) => r[0] === 0))
  .map((rows) => ({ y: rows.map((r) => r[0]), s: rows.map((r) => r[1]) }));

describe('metrics/classification', function () {
  it(`fixtures were written by scikit-learn 1.2 / SciPy 1.10 (got sklearn ${versions.sklearn})`, function () {
    expect(versions.sklearn).to.match(/^1\.2\./);
    expect(versions.scipy).to.match(/^1\.10\./);
  });

  for (const c of binaryCases) {
    describe(`case ${c.name}${c.weight ? ' (weighted)' : ''}`, function () {
      if (c.roc_auc === null) {
        it('rocAuc(y, s) throws UndefinedMetricError: only one class', function () {
          expect(() => rocAuc(c.y, c.score, c.weight)).to.throw(UndefinedMetricError, /only one class/);
        });
      } else {
        it(`rocAuc(y, s${c.weight ? ', w' : ''}) matches scikit-learn`, function () {
          expectClose(rocAuc(c.y, c.score, c.weight), c.roc_auc!, 'roc_auc');
        });
      }
      if (c.average_precision === null) {
        it('averagePrecision(y, s) throws UndefinedMetricError: no positive', function () {
          expect(() => averagePrecision(c.y, c.score, c.weight)).to.throw(
            UndefinedMetricError,
            /no positive/,
          );
        });
      } else {
        it(`averagePrecision(y, s${c.weight ? ', w' : ''}) matches scikit-learn`, function () {
          expectClose(averagePrecision(c.y, c.score, c.weight), c.average_precision!, 'average_precision');
        });
      }
      it('brierScore(y, p) and logLoss(y, p) match scikit-learn', function () {
        expectClose(brierScore(c.y, c.prob, c.weight), c.brier, 'brier');
        expectClose(logLoss(c.y, c.prob, c.weight), c.log_loss, 'log_loss');
      });
    });
  }

  it('the docstring examples: rocAuc 0.75, averagePrecision 0.8333…, logLoss ln 2', function () {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).to.equal(0.75);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).to.equal(0.8333333333333333);
    expect(brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).to.equal(0.03749999999999999);
    expect(logLoss([0, 1], [0.5, 0.5])).to.equal(Math.LN2);
  });

  it('rocAuc of constant scores is 0.5 and averagePrecision is the prevalence', function () {
    const y = [1, 0, 0, 1, 0];
    expect(rocAuc(y, [3, 3, 3, 3, 3])).to.equal(0.5);
    expect(averagePrecision(y, [3, 3, 3, 3, 3])).to.equal(0.4);
  });

  it('logLoss clips to [eps, 1 − eps] with eps = 2^-52 (sklearn 1.2 eps="auto")', function () {
    expect(LOG_LOSS_EPS).to.equal(2 ** -52);
    expect(logLoss([1], [0])).to.be.closeTo(-Math.log(2 ** -52), 1e-12);
    expect(logLoss([0], [0])).to.be.closeTo(0, 1e-15);
    expect(logLoss([0, 1], [1, 0])).to.be.closeTo(36.04365338911715, 1e-12);
  });

  it('one class is fine for brierScore and logLoss (labels are always {0, 1})', function () {
    expect(brierScore([0, 0], [0.1, 0.3])).to.be.closeTo(0.05, 1e-15);
    expect(logLoss([1, 1], [0.5, 0.5])).to.equal(Math.LN2);
  });

  describe('properties', function () {
    it('rocAuc equals the (weighted) Mann–Whitney pair count', function () {
      fc.assert(
        fc.property(
          labelledScores,
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 60 }),
          ({ y, s }, w) => {
            const wt = w.slice(0, y.length);
            expect(rocAuc(y, s)).to.be.closeTo(bruteAuc(y, s), 1e-12);
            expect(rocAuc(y, s, wt)).to.be.closeTo(bruteAuc(y, s, wt), 1e-12);
          },
        ),
      );
    });

    it('rocAuc is invariant to strictly increasing transforms of the score', function () {
      fc.assert(
        fc.property(labelledScores, ({ y, s }) => {
          const auc = rocAuc(y, s);
          expect(
            rocAuc(
              y,
              s.map((v) => Math.exp(v / 3)),
            ),
          ).to.equal(auc);
          expect(
            rocAuc(
              y,
              s.map((v) => v * v * v),
            ),
          ).to.equal(auc);
          expect(
            rocAuc(
              y,
              s.map((v) => 7 * v - 3),
            ),
          ).to.equal(auc);
        }),
      );
    });

    it('rocAuc(y, 1 − s) = 1 − rocAuc(y, s)', function () {
      fc.assert(
        fc.property(labelledScores, ({ y, s }) => {
          const p = s.map((v) => (v + 20) / 64); // dyadic: 1 − p is exact
          expect(
            rocAuc(
              y,
              p.map((v) => 1 - v),
            ),
          ).to.be.closeTo(1 - rocAuc(y, p), 1e-12);
        }),
      );
    });

    it('averagePrecision equals the step sum computed from scratch', function () {
      fc.assert(
        fc.property(labelledScores, ({ y, s }) => {
          expect(averagePrecision(y, s)).to.be.closeTo(bruteAp(y, s), 1e-12);
        }),
      );
    });

    it('an integer weight equals repeating the row (rocAuc, averagePrecision, brierScore, logLoss)', function () {
      fc.assert(
        fc.property(
          labelledScores,
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60 }),
          ({ y, s }, w0) => {
            const w = w0.slice(0, y.length);
            const yr: number[] = [];
            const sr: number[] = [];
            y.forEach((v, i) => {
              for (let k = 0; k < w[i]; k++) {
                yr.push(v);
                sr.push(s[i]);
              }
            });
            fc.pre(yr.includes(0) && yr.includes(1));
            const p = s.map((v) => (v + 20) / 40);
            const pr = sr.map((v) => (v + 20) / 40);
            expect(rocAuc(y, s, w)).to.be.closeTo(rocAuc(yr, sr), 1e-12);
            expect(averagePrecision(y, s, w)).to.be.closeTo(averagePrecision(yr, sr), 1e-12);
            expect(brierScore(y, p, w)).to.be.closeTo(brierScore(yr, pr), 1e-12);
            expect(logLoss(y, p, w)).to.be.closeTo(logLoss(yr, pr), 1e-12);
          },
        ),
      );
    });

    it('inputs are not mutated', function () {
      const y = Float64Array.of(0, 1, 0, 1, 1);
      const s = Float64Array.of(0.3, 0.3, -0, 0.9, 0.1);
      const w = Float64Array.of(1, 2, 0, 1, 1);
      const copies = [y.slice(), s.slice(), w.slice()];
      rocAuc(y, s, w);
      averagePrecision(y, s, w);
      expect([y, s, w]).to.deep.equal(copies);
    });
  });

  describe('errors', function () {
    it('rocAuc with one class throws UndefinedMetricError (a QuantbookError) saying so', function () {
      const err = (() => {
        try {
          rocAuc([1, 1, 1], [0.2, 0.4, 0.9]);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).to.be.instanceOf(UndefinedMetricError);
      expect(err).to.be.instanceOf(QuantbookError);
      expect((err as UndefinedMetricError).code).to.equal('E_UNDEFINED_METRIC');
      expect((err as Error).message).to.match(/^rocAuc: only one class is present in y \(all 1\)/);
    });

    it('rocAuc with every positive at zero weight throws UndefinedMetricError', function () {
      expect(() => rocAuc([0, 1, 0], [0.1, 0.9, 0.2], [1, 0, 1])).to.throw(
        UndefinedMetricError,
        /no positive/,
      );
    });

    it('a NaN score throws SchemaError naming the first index', function () {
      expect(() => rocAuc([0, 1, 0, 1], [0.1, 0.2, NaN, NaN])).to.throw(
        SchemaError,
        /score must be finite, got NaN at index 2/,
      );
      expect(() => averagePrecision([0, 1], [0.1, Infinity])).to.throw(SchemaError, /Infinity at index 1/);
      expect(() => logLoss([0, 1], [0.1, NaN])).to.throw(SchemaError, /index 1/);
    });

    it('a length mismatch throws SchemaError with both lengths', function () {
      expect(() => rocAuc([0, 1, 1], [0.1, 0.2])).to.throw(SchemaError, /same length, got 3 and 2/);
      expect(() => brierScore([0, 1], [0.1, 0.2], [1])).to.throw(
        SchemaError,
        /length of the labels \(2\), got 1/,
      );
    });

    it('a label other than 0/1 throws SchemaError naming the value', function () {
      expect(() => rocAuc([0, 2, 1], [0.1, 0.2, 0.3])).to.throw(
        SchemaError,
        /labels 0 or 1, got 2 at index 1/,
      );
      expect(() => averagePrecision([0, -1], [0.1, 0.2])).to.throw(SchemaError, /got -1 at index 1/);
      expect(() => logLoss([0, NaN], [0.1, 0.2])).to.throw(SchemaError, /got NaN at index 1/);
    });

    it('probabilities outside [0, 1] and bad weights throw SchemaError', function () {
      expect(() => brierScore([0, 1], [0.1, 1.2])).to.throw(
        SchemaError,
        /probabilities in \[0, 1\], got 1.2 at index 1/,
      );
      expect(() => logLoss([0, 1], [-0.1, 0.5])).to.throw(SchemaError, /got -0.1 at index 0/);
      expect(() => rocAuc([0, 1], [0.1, 0.2], [1, -1])).to.throw(
        SchemaError,
        /sampleWeight must be finite and ≥ 0, got -1/,
      );
      expect(() => rocAuc([0, 1], [0.1, 0.2], [0, 0])).to.throw(SchemaError, /sums to 0/);
      expect(() => rocAuc([], [])).to.throw(SchemaError, /empty/);
    });
  });
});
