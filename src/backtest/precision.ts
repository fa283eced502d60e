/**
 * Event precision (seed 000's `backtest_predictions`): of the high-risk calls — rows whose score is
 * at or above a threshold (70 on a 0–100 scale) — how many saw the event? Rows whose outcome is not
 * known yet (label NaN: the event window runs past the data) and rows without a score are left out
 * and counted, never silently dropped.
 *
 * ```
 *  (score, label) rows ──drop & count NaN label (unresolved) / NaN score (unscored)──▶
 *      metrics.precisionAtThreshold(label, score, threshold) → precision, calls, true positives
 * ```
 */
import { precisionAtThreshold } from '../metrics/threshold.js';
import { type TableInput, numbersOf } from './columns.js';
import { ParameterError, SchemaError } from '../util/errors.js';

/** Options of {@link eventPrecision}. */
export interface EventPrecisionOptions {
  /** A row is a high-risk call when score ≥ threshold. Default 70. */
  threshold?: number;
  /** Default 'score'. */
  scoreColumn?: string;
  /** 0/1 outcome column (1 = the event happened), NaN = not known yet. Default 'label'. */
  labelColumn?: string;
}

/** What {@link eventPrecision} returns. */
export interface EventPrecision {
  threshold: number;
  /** truePositives / calls; 0 when there is no call (sklearn's zero_division default). */
  precision: number;
  /** High-risk calls: evaluated rows with score ≥ threshold. */
  calls: number;
  /** Calls whose event happened. */
  truePositives: number;
  /** Calls whose event did not happen. */
  falsePositives: number;
  /** Rows with both a score and a known outcome. */
  evaluated: number;
  /** Share of evaluated rows whose event happened (the precision of calling everything). */
  baseRate: number;
  /** Rows left out because the outcome is not known yet (NaN label). */
  unresolved: number;
  /** Rows left out for want of a score (NaN score). */
  unscored: number;
}

/**
 * Precision of the high-risk calls.
 *
 * @param rows - Table or columns with the score and label columns.
 * @throws SchemaError on a label other than 0, 1 or NaN, or an infinite score.
 * @throws ParameterError on a non-finite threshold.
 * @example eventPrecision({ score: [85, 72, 40, 70, 90], label: [1, 0, 1, 1, NaN] })
 * // { precision: 0.6666666666666666, calls: 3, truePositives: 2, falsePositives: 1, evaluated: 4, unresolved: 1, … }
 */
export function eventPrecision(rows: TableInput, options: EventPrecisionOptions = {}): EventPrecision {
  const what = 'eventPrecision';
  const { threshold = 70, scoreColumn = 'score', labelColumn = 'label' } = options;
  if (!Number.isFinite(threshold))
    throw new ParameterError(`${what}: threshold must be finite, got ${threshold}`);
  const score = numbersOf(rows, scoreColumn, what);
  const label = numbersOf(rows, labelColumn, what);
  const y: number[] = [];
  const s: number[] = [];
  let unresolved = 0;
  let unscored = 0;
  for (let i = 0; i < score.length; i++) {
    if (Number.isNaN(score[i])) {
      unscored++;
      continue;
    }
    if (Number.isNaN(label[i])) {
      unresolved++;
      continue;
    }
    if (label[i] !== 0 && label[i] !== 1)
      throw new SchemaError(`${what}: ${labelColumn} must be 0, 1 or NaN, got ${label[i]} at row ${i}`);
    y.push(label[i]);
    s.push(score[i]);
  }
  let positives = 0;
  for (const v of y) positives += v;
  const p =
    y.length === 0 ? { precision: 0, calls: 0, truePositives: 0 } : precisionAtThreshold(y, s, threshold);
  return {
    threshold,
    precision: p.precision,
    calls: p.calls,
    truePositives: p.truePositives,
    falsePositives: p.calls - p.truePositives,
    evaluated: y.length,
    baseRate: y.length === 0 ? NaN : positives / y.length,
    unresolved,
    unscored,
  };
}
