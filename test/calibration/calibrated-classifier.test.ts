/**
 * CalibratedClassifier: out-of-fold calibration over a time-series splitter.
 *
 * - Against scikit-learn 1.2.1 (test/fixtures/sklearn-calibration/calibration.json, `calibrated`):
 *   `CalibratedClassifierCV(FixedScore(), method, cv=TimeSeriesSplit(5), ensemble=True).predict_proba`, and
 *   the ensemble=False semantics emulated by hand (one calibrator on all out-of-fold scores).
 * - The leak test: a base model that memorizes its training rows would look perfect if calibrated in
 *   sample; a spy on the calibrator's fit asserts that it only ever sees out-of-fold predictions.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { CalibratedClassifier } from '../../src/calibration/calibrated-classifier.js';
import { IsotonicCalibrator } from '../../src/calibration/isotonic.js';
import { PlattCalibrator } from '../../src/calibration/platt.js';
import { timeSeriesSplit } from '../../src/cv/index.js';
import type { Calibrator, Classifier, Matrix, Splitter } from '../../src/types.js';
import {
  DataFormatError,
  NotFittedError,
  ParameterError,
  QuantbookError,
  SchemaError,
} from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import {
  expandingDateSplit,
  FixedScoreClassifier,
  fixedSplitter,
  loadTestClassifier,
  LogisticScoreClassifier,
  matrix,
  MemorizingClassifier,
} from '../helpers/classifiers.js';
import { f64, fixture } from '../fixtures/sklearn-calibration/load.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2018, 0, 1);
const F = Float64Array.from.bind(Float64Array) as (a: ArrayLike<number>) => Float64Array;
const pick = (v: Float64Array, idx: ArrayLike<number>): number[] => Array.from(idx, (i) => v[i]);

/** Records every calibrator fit call (scores, y, sampleWeight) while `body` runs; restores the prototypes. */
function spyCalibratorFits<T>(body: () => T): { result: T; calls: { kind: string; args: Float64Array[] }[] } {
  type Fit = (this: Calibrator, scores: Float64Array, y: Float64Array, w?: Float64Array) => Calibrator;
  const calls: { kind: string; args: Float64Array[] }[] = [];
  const restores = [IsotonicCalibrator, PlattCalibrator].map((C) => {
    const proto = C.prototype as unknown as { fit: Fit };
    const original = proto.fit;
    proto.fit = function (scores, y, w) {
      calls.push({ kind: C.name, args: [scores.slice(), y.slice(), ...(w ? [w.slice()] : [])] });
      return original.call(this, scores, y, w);
    };
    return () => {
      proto.fit = original;
    };
  });
  try {
    return { result: body(), calls };
  } finally {
    restores.forEach((restore) => restore());
  }
}

/** A panel-like dataset: `nDates` dates × `perDate` rows, unique feature rows, 0/1 labels, weights. */
function panel(seed: number, nDates: number, perDate: number) {
  const rng = new Rng(seed);
  const n = nDates * perDate;
  const dates = Float64Array.from({ length: n }, (_, i) => D0 + Math.floor(i / perDate) * DAY);
  const X = matrix(Array.from({ length: n }, (_, i) => [i, rng.normal()]));
  const y = Float64Array.from({ length: n }, () => (rng.random() < 0.3 ? 1 : 0));
  const w = Float64Array.from({ length: n }, () => 0.5 + rng.random());
  return { n, dates, X, y, w };
}

describe('CalibratedClassifier', function () {
  describe('matches scikit-learn CalibratedClassifierCV(FixedScore(), cv=TimeSeriesSplit(5))', function () {
    for (const c of fixture.calibrated) {
      const X = matrix(c.X);
      const Xnew = matrix(c.X_new);
      const y = f64(c.y);
      const dates = Float64Array.from(c.y, (_, i) => D0 + i * DAY);
      const opts = { dates, ...(c.w ? { sampleWeight: f64(c.w) } : {}) };
      const tol = c.method === 'isotonic' ? 0 : 2e-6;

      it(`the test splitter gives sklearn's TimeSeriesSplit(5) indices (${c.name})`, function () {
        const splits = expandingDateSplit(5).split({ date: dates });
        expect(splits.map((s) => ({ train: Array.from(s.train), test: Array.from(s.test) }))).to.deep.equal(
          c.splits,
        );
      });

      it(`ensemble: true equals sklearn's ensemble=True predict_proba to ${tol} (${c.name})`, function () {
        const cc = new CalibratedClassifier(() => new FixedScoreClassifier(), {
          method: c.method,
          cv: expandingDateSplit(5),
          ensemble: true,
        }).fit(X, y, opts);
        expect(cc.bases).to.have.length(5);
        const p = cc.predictProba(Xnew);
        p.forEach((v, i) => expect(v, `row ${i}`).to.be.closeTo(c.ensemble_predict_proba[i], tol));
      });

      it(`ensemble: false equals one sklearn calibrator on the out-of-fold scores to ${tol} (${c.name})`, function () {
        for (const cv of [expandingDateSplit(5), timeSeriesSplit({ nSplits: 5 })]) {
          const cc = new CalibratedClassifier(() => new FixedScoreClassifier(), { method: c.method, cv }).fit(
            X,
            y,
            opts,
          );
          expect(cc.bases).to.have.length(1);
          const p = cc.predictProba(Xnew);
          p.forEach((v, i) => expect(v, `row ${i}`).to.be.closeTo(c.single_predict_proba[i], tol));
        }
      });
    }
  });

  describe('leak-free: the calibrator is fitted on out-of-fold predictions only', function () {
    it('a memorizing base model: the calibrator sees its out-of-fold scores (0.5), never the in-sample ones (= y)', function () {
      const { n, dates, X, y, w } = panel(7, 40, 5);
      const cv = expandingDateSplit(4);
      const made: MemorizingClassifier[] = [];
      const { result: cc, calls } = spyCalibratorFits(() =>
        new CalibratedClassifier(
          () => {
            const m = new MemorizingClassifier(0.5);
            made.push(m);
            return m;
          },
          { method: 'isotonic', cv },
        ).fit(X, y, { dates, sampleWeight: w }),
      );

      // The out-of-fold predictions, recomputed independently from the splitter.
      const splits = cv.split({ date: dates });
      const expectedOof = new Float64Array(n).fill(NaN);
      for (const { train, test } of splits) {
        const m = new MemorizingClassifier(0.5).fit(takeRows(X, train), F(pick(y, train)));
        m.predictProba(takeRows(X, test)).forEach((p, k) => (expectedOof[test[k]] = p));
      }
      const tested = Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(expectedOof[i]));
      // 4 test blocks of 8 dates × 5 rows; the first 8 dates are never tested.
      expect(tested.length).to.equal(4 * 8 * 5);

      expect(calls).to.have.length(1);
      const [scores, yCal, wCal] = calls[0].args;
      expect(Array.from(scores)).to.deep.equal(pick(expectedOof, tested));
      // A memorizer knows nothing out of fold.
      expect(Array.from(scores).every((s) => s === 0.5)).to.equal(true);
      expect(Array.from(yCal)).to.deep.equal(pick(y, tested));
      expect(Array.from(wCal)).to.deep.equal(pick(w, tested));
      const oof = cc.oofScores;
      oof.forEach((v, i) =>
        Number.isNaN(expectedOof[i]) ? expect(v).to.be.NaN : expect(v).to.equal(expectedOof[i]),
      );

      // In-sample calibration would have seen scores = y and "learned" a perfect map…
      const inSample = new IsotonicCalibrator().fit(made[made.length - 1].predictProba(X), y, w);
      expect(Array.from(inSample.predict(made[made.length - 1].predictProba(X)))).to.deep.equal(
        Array.from(y),
      );
      // …ours maps every score to the out-of-fold base rate: the memorization is worth nothing.
      let sw = 0;
      let swy = 0;
      for (const i of tested) {
        sw += w[i];
        swy += w[i] * y[i];
      }
      const p = cc.predictProba(X);
      p.forEach((v) => expect(v).to.be.closeTo(swy / sw, 1e-15));

      // Each fold model saw only its training rows (and their weights and dates); the last one saw all.
      expect(made).to.have.length(splits.length + 1);
      splits.forEach(({ train }, k) => {
        expect([...made[k].memory!.keys()]).to.deep.equal(
          Array.from(train, (i) => `${X.data[2 * i]},${X.data[2 * i + 1]}`),
        );
        expect(Array.from(made[k].seen!.sampleWeight!)).to.deep.equal(pick(w, train));
        expect(Array.from(made[k].seen!.dates!)).to.deep.equal(pick(dates, train));
      });
      expect(made[splits.length].memory!.size).to.equal(n);
    });

    it('property: every calibrator fit sees exactly the out-of-fold predictions of its fold(s)', function () {
      fc.assert(
        fc.property(
          fc.record({
            seed: fc.integer(),
            nDates: fc.integer({ min: 8, max: 30 }),
            perDate: fc.integer({ min: 1, max: 4 }),
            nSplits: fc.integer({ min: 2, max: 4 }),
            method: fc.constantFrom('isotonic' as const, 'sigmoid' as const),
            ensemble: fc.boolean(),
          }),
          ({ seed, nDates, perDate, nSplits, method, ensemble }) => {
            const { n, dates, X, y } = panel(seed, nDates, perDate);
            // A base model whose out-of-fold scores differ by fold: logistic on the row index.
            const cv = expandingDateSplit(nSplits);
            const { calls } = spyCalibratorFits(() =>
              new CalibratedClassifier(() => new LogisticScoreClassifier(), { method, cv, ensemble }).fit(
                matrix(Array.from({ length: n }, (_, i) => [X.data[2 * i + 1]])),
                y,
                { dates },
              ),
            );
            const splits = cv.split({ date: dates });
            const Xs = matrix(Array.from({ length: n }, (_, i) => [X.data[2 * i + 1]]));
            const perFold = splits.map(({ train, test }) => ({
              test: Array.from(test),
              p: Array.from(
                new LogisticScoreClassifier()
                  .fit(takeRows(Xs, train), F(pick(y, train)))
                  .predictProba(takeRows(Xs, test)),
              ),
            }));
            if (ensemble) {
              expect(calls).to.have.length(splits.length);
              calls.forEach((call, k) => {
                expect(Array.from(call.args[0])).to.deep.equal(perFold[k].p);
                expect(Array.from(call.args[1])).to.deep.equal(pick(y, perFold[k].test));
              });
            } else {
              const all = perFold
                .flatMap((f) => f.test.map((i, j) => [i, f.p[j]] as const))
                .sort((a, b) => a[0] - b[0]);
              expect(calls).to.have.length(1);
              expect(Array.from(calls[0].args[0])).to.deep.equal(all.map(([, p]) => p));
              expect(Array.from(calls[0].args[1])).to.deep.equal(
                pick(
                  y,
                  all.map(([i]) => i),
                ),
              );
            }
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('fit options', function () {
    it('evalSet goes to the final refit only; t1 is passed to the splitter and to each fold fit', function () {
      const { dates, X, y } = panel(3, 20, 2);
      const t1 = Float64Array.from(dates, (d) => d + 2 * DAY);
      const seenByCv: (Float64Array | undefined)[] = [];
      const inner = expandingDateSplit(3);
      const cv: Splitter = {
        nSplits: 3,
        split: (data) => {
          seenByCv.push(data.t1);
          return inner.split(data);
        },
      };
      const made: MemorizingClassifier[] = [];
      const evalSet = { X, y };
      new CalibratedClassifier(
        () => {
          made.push(new MemorizingClassifier());
          return made[made.length - 1];
        },
        { cv },
      ).fit(X, y, { dates, t1, evalSet });
      expect(seenByCv[0]).to.equal(t1);
      const splits = inner.split({ date: dates });
      splits.forEach(({ train }, k) => {
        expect(made[k].seen!.evalSet).to.equal(undefined);
        expect(Array.from(made[k].seen!.t1!)).to.deep.equal(pick(t1, train));
      });
      expect(made[3].seen!.evalSet).to.equal(evalSet);
    });

    it('a Float32 matrix reaches the fold models as Float32 rows', function () {
      const { dates, X, y } = panel(5, 12, 1);
      const X32: Matrix = { ...X, data: Float32Array.from(X.data, (v) => v / 20) };
      const made: FixedScoreClassifier[] = [];
      new CalibratedClassifier(
        () => {
          made.push(new FixedScoreClassifier());
          return made[made.length - 1];
        },
        { cv: expandingDateSplit(2) },
      ).fit(X32, y, { dates });
      expect(made[0].fittedX!.data).to.be.instanceOf(Float32Array);
      expect(made[0].fittedX!.rows).to.equal(4);
    });

    it('isotonic calibration brings an overconfident base model closer to the true probabilities', function () {
      const rng = new Rng(11);
      const n = 3000;
      const z = Float64Array.from({ length: n }, () => 1.5 * rng.normal());
      const truth = z.map((v) => 1 / (1 + Math.exp(-0.4 * v)));
      const X = matrix(Array.from(z, (v) => [1 / (1 + Math.exp(-v))])); // score = sigmoid(z): overconfident
      const y = truth.map((p) => (rng.random() < p ? 1 : 0));
      const dates = Float64Array.from({ length: n }, (_, i) => D0 + i * DAY);
      const cc = new CalibratedClassifier(() => new FixedScoreClassifier(), {
        method: 'isotonic',
        cv: expandingDateSplit(5),
      }).fit(X, y, { dates });
      const raw = new FixedScoreClassifier().fit(X, y).predictProba(X);
      const cal = cc.predictProba(X);
      const mae = (p: Float64Array): number => p.reduce((s, v, i) => s + Math.abs(v - truth[i]), 0) / n;
      expect(mae(cal)).to.be.below(0.5 * mae(raw));
    });

    it('predict is 1 where predictProba > 0.5, else 0', function () {
      const { dates, X, y } = panel(9, 30, 2);
      const Xs = matrix(Array.from({ length: X.rows }, (_, i) => [y[i] * 0.6 + 0.2 + 0.1 * Math.sin(i)]));
      const cc = new CalibratedClassifier(() => new FixedScoreClassifier(), {
        cv: expandingDateSplit(3),
      }).fit(Xs, y, { dates });
      const p = cc.predictProba(Xs);
      expect(Array.from(cc.predict(Xs))).to.deep.equal(Array.from(p, (v) => (v > 0.5 ? 1 : 0)));
      expect(new Set(cc.predict(Xs))).to.deep.equal(new Set([0, 1]));
    });
  });

  describe('contract', function () {
    const data = panel(21, 60, 3);
    const Xs = matrix(Array.from({ length: data.n }, (_, i) => [data.X.data[2 * i + 1]]));
    const ys = Float64Array.from(Xs.data, (v, i) => (Math.sin(7 * i) < 1.6 * v - 0.3 ? 1 : 0));
    const probe = matrix(Array.from({ length: 41 }, (_, i) => [-4 + 0.2 * i]));

    for (const method of ['isotonic', 'sigmoid'] as const)
      for (const ensemble of [false, true])
        it(`toJSON → JSON text → fromJSON predicts identically (${method}, ensemble ${ensemble})`, function () {
          const cc = new CalibratedClassifier(() => new LogisticScoreClassifier(), {
            method,
            cv: expandingDateSplit(4),
            ensemble,
          }).fit(Xs, ys, { dates: data.dates, sampleWeight: data.w });
          const json = cc.toJSON();
          expect(json.format).to.equal('quantbook/calibrated-classifier');
          expect(json.params).to.deep.equal({ method, ensemble });
          expect(json.state.bases).to.have.length(ensemble ? 4 : 1);
          expect(json.state.bases[0].format).to.equal('test/logistic-score');
          expect(json.state.calibrators[0].format).to.equal(
            method === 'isotonic' ? 'quantbook/isotonic' : 'quantbook/platt',
          );
          const back = CalibratedClassifier.fromJSON(JSON.parse(JSON.stringify(json)), loadTestClassifier);
          expect(Array.from(back.predictProba(probe))).to.deep.equal(Array.from(cc.predictProba(probe)));
          expect(Array.from(back.predictProba(Xs))).to.deep.equal(Array.from(cc.predictProba(Xs)));
          expect(back.toJSON()).to.deep.equal(JSON.parse(JSON.stringify(json)));
        });

    it('a model loaded without { estimator, cv } refuses to fit (E_NO_ESTIMATOR); with them it refits', function () {
      const fresh = (): CalibratedClassifier =>
        new CalibratedClassifier(() => new LogisticScoreClassifier(), { cv: expandingDateSplit(3) });
      const json = fresh().fit(Xs, ys, { dates: data.dates }).toJSON();
      const loaded = CalibratedClassifier.fromJSON(json, loadTestClassifier);
      expect(() => loaded.fit(Xs, ys, { dates: data.dates }))
        .to.throw(QuantbookError, 'loaded from JSON without an estimator')
        .with.property('code', 'E_NO_ESTIMATOR');
      expect(() => loaded.oofScores).to.throw(NotFittedError);
      const refit = CalibratedClassifier.fromJSON(json, loadTestClassifier, {
        estimator: () => new LogisticScoreClassifier(),
        cv: expandingDateSplit(3),
      }).fit(Xs, ys, { dates: data.dates });
      expect(Array.from(refit.predictProba(probe))).to.deep.equal(Array.from(loaded.predictProba(probe)));
    });

    it('fromJSON rejects another format, version or a malformed state with a DataFormatError', function () {
      const json = new CalibratedClassifier(() => new LogisticScoreClassifier(), {
        cv: expandingDateSplit(3),
      })
        .fit(Xs, ys, { dates: data.dates })
        .toJSON();
      expect(() =>
        CalibratedClassifier.fromJSON({ ...json, format: 'quantbook/isotonic' }, loadTestClassifier),
      ).to.throw(
        DataFormatError,
        `expected format 'quantbook/calibrated-classifier', got "quantbook/isotonic"`,
      );
      expect(() => CalibratedClassifier.fromJSON({ ...json, version: 9 }, loadTestClassifier)).to.throw(
        DataFormatError,
        'version 9',
      );
      expect(() =>
        CalibratedClassifier.fromJSON({ ...json, params: { method: 'platt' } }, loadTestClassifier),
      ).to.throw(DataFormatError, 'got "platt"');
      expect(() =>
        CalibratedClassifier.fromJSON(
          { ...json, state: { ...json.state, calibrators: [] } },
          loadTestClassifier,
        ),
      ).to.throw(DataFormatError, 'equal length');
      const wrongCal = {
        ...json,
        state: {
          ...json.state,
          calibrators: [{ ...json.state.calibrators[0], format: 'quantbook/isotonic' }],
        },
      };
      expect(() => CalibratedClassifier.fromJSON(wrongCal, loadTestClassifier)).to.throw(
        DataFormatError,
        'quantbook/platt',
      );
    });

    it('predictProba, predict, toJSON, oofScores and bases before fit throw NotFittedError', function () {
      const cc = new CalibratedClassifier(() => new FixedScoreClassifier(), { cv: expandingDateSplit(3) });
      expect(() => cc.predictProba(probe)).to.throw(NotFittedError, 'CalibratedClassifier is not fitted yet');
      expect(() => cc.predict(probe)).to.throw(NotFittedError);
      expect(() => cc.toJSON()).to.throw(NotFittedError);
      expect(() => cc.oofScores).to.throw(NotFittedError);
      expect(() => cc.bases).to.throw(NotFittedError);
    });

    it('getParams returns method, ensemble, cv and the estimator factory (defaults: sigmoid, false)', function () {
      const cv = expandingDateSplit(3);
      const factory = (): Classifier => new FixedScoreClassifier();
      expect(new CalibratedClassifier(factory, { cv }).getParams()).to.deep.equal({
        method: 'sigmoid',
        ensemble: false,
        cv,
        estimator: factory,
      });
    });

    const cv = expandingDateSplit(3);
    for (const [label, make, message] of [
      [
        'a non-function estimator',
        () => new CalibratedClassifier(new FixedScoreClassifier() as never, { cv }),
        'estimator must be a factory',
      ],
      [
        "method 'platt'",
        () => new CalibratedClassifier(() => new FixedScoreClassifier(), { cv, method: 'platt' as never }),
        `got "platt"`,
      ],
      [
        'no cv',
        () => new CalibratedClassifier(() => new FixedScoreClassifier(), {} as never),
        'cv must be a Splitter',
      ],
      [
        "ensemble 'yes'",
        () => new CalibratedClassifier(() => new FixedScoreClassifier(), { cv, ensemble: 'yes' as never }),
        'ensemble must be a boolean, got yes',
      ],
      [
        'an unknown key',
        () => new CalibratedClassifier(() => new FixedScoreClassifier(), { cv, nSplits: 5 } as never),
        'unknown parameter "nSplits"',
      ],
    ] as const)
      it(`new CalibratedClassifier with ${label} throws a ParameterError (${message})`, function () {
        expect(make).to.throw(ParameterError, message);
      });

    describe('fit rejects bad input with typed errors', function () {
      const { dates, X, y } = panel(4, 12, 1);
      const fixed = (): CalibratedClassifier =>
        new CalibratedClassifier(() => new FixedScoreClassifier(), { cv: expandingDateSplit(2) });
      const withSplits = (splits: { train: number[]; test: number[] }[]): CalibratedClassifier =>
        new CalibratedClassifier(() => new FixedScoreClassifier(), { cv: fixedSplitter(splits) });

      it('missing dates: SchemaError saying dates are required', function () {
        expect(() => fixed().fit(X, y)).to.throw(SchemaError, 'options.dates is required');
        expect(() => fixed().fit(X, y, { sampleWeight: y.map(() => 1) })).to.throw(
          SchemaError,
          'options.dates is required',
        );
      });

      it('mismatched lengths and malformed X: SchemaError', function () {
        expect(() => fixed().fit(X, y, { dates: dates.subarray(1) })).to.throw(
          SchemaError,
          'options.dates must have length 12 (one value per row), got 11',
        );
        expect(() => fixed().fit(X, y.subarray(1), { dates })).to.throw(SchemaError, 'y must have length 12');
        expect(() => fixed().fit({ ...X, rows: 13 }, y, { dates })).to.throw(SchemaError, 'rows × cols');
        expect(() => fixed().fit(X, y, { dates, t1: dates.subarray(2) })).to.throw(
          SchemaError,
          'options.t1 must have length 12',
        );
      });

      it('labels other than 0/1 and negative weights: ParameterError naming the index', function () {
        const y2 = y.slice();
        y2[5] = 2;
        expect(() => fixed().fit(X, y2, { dates })).to.throw(ParameterError, 'got 2 at index 5');
        const w = y.map(() => 1);
        w[3] = -1;
        expect(() => fixed().fit(X, y, { dates, sampleWeight: w })).to.throw(
          ParameterError,
          'got -1 at index 3',
        );
      });

      it('malformed splits: ParameterError naming the split and row', function () {
        expect(() => withSplits([]).fit(X, y, { dates })).to.throw(ParameterError, 'no splits');
        expect(() =>
          withSplits([
            { train: [0, 1], test: [2, 3] },
            { train: [0, 1, 2], test: [3, 4] },
          ]).fit(X, y, { dates }),
        ).to.throw(ParameterError, 'row 3 is in the test folds of splits 0 and 1');
        expect(() => withSplits([{ train: [0, 1, 2], test: [2, 3] }]).fit(X, y, { dates })).to.throw(
          ParameterError,
          'row 2 is in both train and test of split 0',
        );
        expect(() => withSplits([{ train: [], test: [2, 3] }]).fit(X, y, { dates })).to.throw(
          ParameterError,
          'split 0 has 0 train',
        );
        expect(() => withSplits([{ train: [0], test: [12] }]).fit(X, y, { dates })).to.throw(
          ParameterError,
          'test row 12, outside [0, 12)',
        );
      });

      it('a non-finite out-of-fold score: ParameterError naming the row', function () {
        const Xn = matrix(Array.from({ length: 12 }, (_, i) => [i === 9 ? NaN : i / 12]));
        expect(() => fixed().fit(Xn, y, { dates })).to.throw(ParameterError, 'predicted NaN for row 9');
      });

      it('a factory returning the same instance twice: ParameterError', function () {
        const one = new FixedScoreClassifier();
        expect(() =>
          new CalibratedClassifier(() => one, { cv: expandingDateSplit(2) }).fit(X, y, { dates }),
        ).to.throw(ParameterError, 'same instance twice');
      });

      it('predictProba with another number of columns: SchemaError', function () {
        const cc = fixed().fit(X, y, { dates });
        expect(() => cc.predictProba(matrix([[0.5]]))).to.throw(
          SchemaError,
          'X has 1 columns, the model was fitted on 2',
        );
      });
    });
  });
});

/** Rows `idx` of `X` (test-side copy, independent of src). */
function takeRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  return matrix(
    Array.from(idx, (i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols))),
    X.columns,
  );
}
