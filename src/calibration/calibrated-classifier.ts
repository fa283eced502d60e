/**
 * CalibratedClassifier: a classifier whose probabilities are calibrated on out-of-fold predictions from a
 * time-series splitter — never on in-sample predictions (a model that memorizes its training rows would
 * look perfectly calibrated in sample). The leak-free version of scikit-learn's
 * `CalibratedClassifierCV(method='isotonic', cv=5)`, whose cv=5 is a StratifiedKFold over rows: its fold
 * models train on rows dated after the ones they score, and rows of one date fall on both sides.
 *
 * ```
 * fit(X, y, { dates, t1?, sampleWeight? })
 *   cv.split({ date: dates, t1 }) ─▶ splits (train_k, test_k); test folds disjoint
 *     each k: m_k = estimator();  m_k.fit(X[train_k], y[train_k], { sampleWeight, dates, t1 }[train_k])
 *             oof[test_k] = m_k.predictProba(X[test_k])            (m_k never saw a row of test_k)
 *   ensemble: false (default)
 *     calibrator.fit(oof[T], y[T], w[T]),  T = rows in some test fold, ascending; other rows are not used
 *     base = estimator().fit(X, y, options)                                   (refit on all rows)
 *     predictProba(X) = calibrator(base.predictProba(X))
 *   ensemble: true (sklearn's ensemble=True)
 *     calibrator_k.fit(oof[test_k], y[test_k], w[test_k])
 *     predictProba(X) = mean_k calibrator_k(m_k.predictProba(X))
 * ```
 *
 * Why ensemble=false by default: it ships one model trained on all rows, the newest included (which a
 * time-series splitter's fold models never all see), and one calibrator fitted on every out-of-fold score
 * (more points than any single fold). It is sklearn's `ensemble=False` (cross_val_predict, then refit),
 * except that sklearn requires the test folds to partition the rows; here the rows before the first test
 * fold are used by the refit only. The calibrator maps the fold models' scores, so it assumes the refit
 * model scores like them (sklearn makes the same assumption).
 *
 * Cloning: the estimator is given as a factory `() => Classifier` returning a new unfitted model per call
 * (explicit, and works for any class without a params/constructor convention); a factory that returns the
 * same instance twice is refused.
 */
import type { Classifier, FitOptions, Matrix, ModelJSON, Splitter } from '../types.js';
import {
  DataFormatError,
  NotFittedError,
  ParameterError,
  QuantbookError,
  SchemaError,
} from '../util/errors.js';
import { checkBinary, checkKeys, checkLength, checkWeights, paramsFromJSON, readEnvelope } from './checks.js';
import { checkSplits, take, takeRows } from './folds.js';
import { IsotonicCalibrator } from './isotonic.js';
import { PlattCalibrator } from './platt.js';

/** How scores are mapped to probabilities: isotonic regression, or Platt's sigmoid. */
export type CalibrationMethod = 'isotonic' | 'sigmoid';

/** Parameters of {@link CalibratedClassifier}. */
export interface CalibratedClassifierParams {
  /** The calibration map. Default 'sigmoid' (sklearn's default; isotonic needs more out-of-fold rows). */
  method?: CalibrationMethod;
  /** The splitter of the out-of-fold predictions (timeSeriesSplit, walkForwardSplit, purgedKFold). */
  cv: Splitter;
  /** Average one (model, calibrator) pair per fold instead of refitting (module doc). Default false. */
  ensemble?: boolean;
}

/** Serialized state: the fitted base model(s) and calibrator(s), pairwise (one pair unless ensemble). */
export interface CalibratedClassifierState {
  nFeatures: number;
  /** Rows the calibrator(s) were fitted on (rows in some test fold). */
  nCalibrationRows: number;
  bases: ModelJSON[];
  calibrators: ModelJSON[];
}

type FittedCalibrator = IsotonicCalibrator | PlattCalibrator;

interface Fitted {
  nFeatures: number;
  nCalibrationRows: number;
  bases: Classifier[];
  calibrators: FittedCalibrator[];
  /** Out-of-fold scores per row, NaN outside every test fold (fit only, not serialized). */
  oof?: Float64Array;
}

const METHODS: readonly CalibrationMethod[] = ['isotonic', 'sigmoid'];

/** Calibrates a base classifier's probabilities out of fold (see the module doc). */
export class CalibratedClassifier implements Classifier {
  static readonly format = 'quantbook/calibrated-classifier';
  static readonly version = 1;

  readonly method: CalibrationMethod;
  readonly ensemble: boolean;
  private estimator: (() => Classifier) | undefined;
  private cv: Splitter | undefined;
  private fitted: Fitted | undefined;

  /**
   * @param estimator - Factory returning a new, unfitted base classifier on each call.
   * @throws ParameterError for a non-function estimator, an unknown method, a cv without `split`, a
   *   non-boolean ensemble, or an unknown key.
   */
  constructor(estimator: () => Classifier, params: CalibratedClassifierParams) {
    const what = 'CalibratedClassifier';
    if (typeof estimator !== 'function')
      throw new ParameterError(
        `${what}: estimator must be a factory () => Classifier, got ${typeof estimator}`,
      );
    checkKeys(what, params, ['method', 'cv', 'ensemble']);
    const { method = 'sigmoid', cv, ensemble = false } = params;
    if (!METHODS.includes(method))
      throw new ParameterError(
        `${what}: method must be 'isotonic' or 'sigmoid', got ${JSON.stringify(method)}`,
      );
    if (cv === null || typeof cv !== 'object' || typeof (cv as Partial<Splitter>).split !== 'function')
      throw new ParameterError(
        `${what}: cv must be a Splitter (an object with split(data)), got ${cv === null ? 'null' : typeof cv}`,
      );
    if (typeof ensemble !== 'boolean')
      throw new ParameterError(`${what}: ensemble must be a boolean, got ${String(ensemble)}`);
    this.estimator = estimator;
    this.cv = cv;
    this.method = method;
    this.ensemble = ensemble;
  }

  /**
   * Fits the fold models, the calibrator(s) on their out-of-fold scores, and (ensemble=false) the base
   * model on all rows.
   * @param y - 0/1 labels, `(nSamples,)`.
   * @param options - `dates` (required: what cv splits on), `t1` (for purging splitters), `sampleWeight`
   *   (passed to every base fit and to the calibrator), `evalSet` (passed to the final refit only, so that
   *   no fold model early-stops on data that may overlap its test fold).
   * @throws SchemaError for a malformed X, mismatched lengths or missing `dates`; ParameterError for labels
   *   other than 0/1, bad weights, splits that are empty, out of range, or whose test folds overlap, a
   *   non-finite out-of-fold score (naming the row) or a factory returning the same instance twice;
   *   QuantbookError (E_NO_ESTIMATOR) when loaded by fromJSON without an estimator and cv.
   */
  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const what = 'CalibratedClassifier.fit';
    const { estimator, cv } = this;
    if (estimator === undefined || cv === undefined)
      throw new QuantbookError(
        'E_NO_ESTIMATOR',
        `${what}: this model was loaded from JSON without an estimator`,
        {
          hint: 'Pass { estimator, cv } to CalibratedClassifier.fromJSON, or construct a new CalibratedClassifier',
        },
      );
    const n = X.rows;
    if (!Number.isInteger(n) || !Number.isInteger(X.cols) || X.data.length !== n * X.cols)
      throw new SchemaError(
        `${what}: X.data has ${X.data.length} values, not rows × cols = ${n} × ${X.cols}`,
      );
    checkLength(what, 'y', y, n);
    checkBinary(what, y);
    const { dates, t1, sampleWeight } = options;
    if (dates === undefined)
      throw new SchemaError(
        `${what}: options.dates is required (the row dates cv splits on), got undefined`,
        {
          hint: 'Pass fit(X, y, { dates, t1 }) with the dataset’s date (and t1) columns',
        },
      );
    checkLength(what, 'options.dates', dates, n);
    if (t1 !== undefined) checkLength(what, 'options.t1', t1, n);
    const w = sampleWeight === undefined ? undefined : checkWeights(what, sampleWeight, n);
    const splits = cv.split(t1 === undefined ? { date: dates } : { date: dates, t1 });
    checkSplits(what, splits, n);

    const made = new Set<Classifier>();
    const make = (): Classifier => {
      const model = estimator();
      if (model === null || typeof model !== 'object' || typeof model.predictProba !== 'function')
        throw new ParameterError(
          `${what}: the estimator factory must return a Classifier (with predictProba), got ${model === null ? 'null' : typeof model}`,
        );
      if (made.has(model))
        throw new ParameterError(
          `${what}: the estimator factory returned the same instance twice; it must build a new one per call`,
        );
      made.add(model);
      return model;
    };
    const sub = (idx: Int32Array): FitOptions => ({
      ...(w === undefined ? {} : { sampleWeight: take(w, idx) }),
      dates: take(dates, idx),
      ...(t1 === undefined ? {} : { t1: take(t1, idx) }),
    });

    const oof = new Float64Array(n).fill(NaN);
    const bases: Classifier[] = [];
    const calibrators: FittedCalibrator[] = [];
    splits.forEach(({ train, test }, k) => {
      const model = make().fit(takeRows(X, train), take(y, train), sub(train));
      const scores = model.predictProba(takeRows(X, test));
      if (scores.length !== test.length)
        throw new SchemaError(
          `${what}: the split ${k} model returned ${scores.length} probabilities for ${test.length} rows`,
        );
      for (let j = 0; j < test.length; j++) {
        if (!Number.isFinite(scores[j]))
          throw new ParameterError(`${what}: the split ${k} model predicted ${scores[j]} for row ${test[j]}`);
        oof[test[j]] = scores[j];
      }
      if (this.ensemble) {
        bases.push(model);
        calibrators.push(this.newCalibrator().fit(scores, take(y, test), w && take(w, test)));
      }
    });
    const tested = Int32Array.from(oof.keys()).filter((i) => !Number.isNaN(oof[i]));
    if (!this.ensemble) {
      calibrators.push(this.newCalibrator().fit(take(oof, tested), take(y, tested), w && take(w, tested)));
      bases.push(make().fit(X, y, options));
    }
    this.fitted = { nFeatures: X.cols, nCalibrationRows: tested.length, bases, calibrators, oof };
    return this;
  }

  /**
   * Calibrated P(y = 1), `(nSamples,)` in [0, 1] (NaN where the base model gives NaN).
   * @throws NotFittedError before fit; SchemaError for a different number of columns than in fit.
   */
  predictProba(X: Matrix): Float64Array {
    const { nFeatures, bases, calibrators } = this.state();
    if (X.cols !== nFeatures)
      throw new SchemaError(
        `CalibratedClassifier.predictProba: X has ${X.cols} columns, the model was fitted on ${nFeatures}`,
      );
    const out = new Float64Array(X.rows);
    bases.forEach((base, k) => {
      const p = calibrators[k].predict(base.predictProba(X));
      for (let i = 0; i < out.length; i++) out[i] += p[i];
    });
    if (bases.length > 1) for (let i = 0; i < out.length; i++) out[i] /= bases.length;
    return out;
  }

  /** Class labels: 1 where predictProba > 0.5, else 0 (sklearn's argmax; a tie goes to 0). */
  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p > 0.5 ? 1 : 0));
  }

  /**
   * The out-of-fold scores fit collected, `(nSamples,)` (NaN for rows in no test fold): what the
   * calibrator was fitted on. Not serialized.
   * @throws NotFittedError before fit (and after fromJSON).
   */
  get oofScores(): Float64Array {
    const oof = this.state().oof;
    if (oof === undefined)
      throw new NotFittedError('CalibratedClassifier (out-of-fold scores exist after fit, not fromJSON)');
    return oof.slice();
  }

  /** The fitted base model(s): one unless ensemble. @throws NotFittedError. */
  get bases(): readonly Classifier[] {
    return this.state().bases.slice();
  }

  /** The fitted calibrator(s), pairwise with {@link bases}. @throws NotFittedError. */
  get calibrators(): readonly FittedCalibrator[] {
    return this.state().calibrators.slice();
  }

  /** `{ method, ensemble, cv, estimator }` (cv and estimator undefined after fromJSON without them). */
  getParams(): {
    method: CalibrationMethod;
    ensemble: boolean;
    cv: Splitter | undefined;
    estimator: (() => Classifier) | undefined;
  } {
    return { method: this.method, ensemble: this.ensemble, cv: this.cv, estimator: this.estimator };
  }

  /**
   * `{ format: 'quantbook/calibrated-classifier', version: 1, params: { method, ensemble }, state: {
   * nFeatures, nCalibrationRows, bases: [base.toJSON()…], calibrators: [calibrator.toJSON()…] } }` — the
   * splitter and the factory are code, not state: pass them again to fromJSON to refit.
   */
  toJSON(): ModelJSON<{ method: CalibrationMethod; ensemble: boolean }, CalibratedClassifierState> {
    const { nFeatures, nCalibrationRows, bases, calibrators } = this.state();
    return {
      format: CalibratedClassifier.format,
      version: CalibratedClassifier.version,
      params: { method: this.method, ensemble: this.ensemble },
      state: {
        nFeatures,
        nCalibrationRows,
        bases: bases.map((b) => b.toJSON()),
        calibrators: calibrators.map((c) => c.toJSON()),
      },
    };
  }

  /**
   * A fitted model from {@link toJSON}'s output; predictions are identical.
   * @param loadBase - Rebuilds a fitted base classifier from its JSON (e.g. `loadModel`, or `X.fromJSON`).
   * @param refit - Optionally the estimator factory and splitter, so that the loaded model can be fit again.
   * @throws DataFormatError for another format or version, bad params, or a malformed state.
   */
  static fromJSON(
    json: unknown,
    loadBase: (json: ModelJSON) => Classifier,
    refit?: { estimator: () => Classifier; cv: Splitter },
  ): CalibratedClassifier {
    const f = CalibratedClassifier.format;
    const { params, state } = readEnvelope(json, f, CalibratedClassifier.version);
    const none: Splitter = { nSplits: 0, split: () => [] };
    const model = paramsFromJSON(
      f,
      () =>
        new CalibratedClassifier(refit?.estimator ?? (() => loadBase({} as ModelJSON)), {
          ...(params as Omit<CalibratedClassifierParams, 'cv'>),
          cv: refit?.cv ?? none,
        }),
    );
    if (refit === undefined) {
      model.estimator = undefined; // fit() then explains how to refit
      model.cv = undefined;
    }
    const { nFeatures, nCalibrationRows, bases, calibrators } = state;
    if (!Number.isInteger(nFeatures) || !Number.isInteger(nCalibrationRows))
      throw new DataFormatError(
        `${f}: fromJSON: state.nFeatures and state.nCalibrationRows must be integers`,
      );
    if (
      !Array.isArray(bases) ||
      !Array.isArray(calibrators) ||
      bases.length === 0 ||
      bases.length !== calibrators.length
    )
      throw new DataFormatError(
        `${f}: fromJSON: state.bases and state.calibrators must be non-empty arrays of equal length`,
      );
    if (!model.ensemble && bases.length !== 1)
      throw new DataFormatError(
        `${f}: fromJSON: ensemble is false but state holds ${bases.length} base models`,
      );
    const load = (c: unknown): FittedCalibrator =>
      model.method === 'isotonic' ? IsotonicCalibrator.fromJSON(c) : PlattCalibrator.fromJSON(c);
    model.fitted = {
      nFeatures: nFeatures as number,
      nCalibrationRows: nCalibrationRows as number,
      bases: bases.map((b) => loadBase(b as ModelJSON)),
      calibrators: calibrators.map((c) => load(c)),
    };
    return model;
  }

  private newCalibrator(): FittedCalibrator {
    return this.method === 'isotonic' ? new IsotonicCalibrator() : new PlattCalibrator();
  }

  private state(): Fitted {
    if (this.fitted === undefined) throw new NotFittedError('CalibratedClassifier');
    return this.fitted;
  }
}
