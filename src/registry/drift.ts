/**
 * The drift monitor: compares what a model sees and says now with its training reference, and advises
 * on retraining by seed 002's signals.
 *
 * ```
 *  current features ──KS D vs each feature's reference quantiles──▶ drifted when D > 0.15
 *  current scores ──PSI vs the reference bins (sample size beside it)──▶ shifted when PSI > 0.2
 *  rolling accuracy (prediction log with outcomes) ──▶ failing when < 0.75
 *        signals ──first matching rule──▶ no_action | schedule_retrain | emergency_retrain
 *
 *  default rules (in order):  accuracy                       → emergency_retrain
 *                             psi and features (≥ 3 drifted)  → emergency_retrain
 *                             psi                            → schedule_retrain
 *                             features (≥ 3 drifted)         → schedule_retrain
 *                             none                           → no_action
 * ```
 * Measured failure (accuracy) is an emergency on its own; a shift in both inputs and outputs is too;
 * one kind of shift alone schedules a retrain. A signal needs enough data to count: PSI on fewer than
 * `minPsiSample` scores and accuracy on fewer than `minOutcomes` outcomes are reported, not acted on
 * (PSI on small samples raises false alarms). Thresholds and rules are options.
 */
import type { ColumnTable } from 'arquero';
import { numericColumn, stringColumn } from '../data/panel.js';
import { MS_PER_DAY } from '../data/schema.js';
import { ksStatistic } from '../metrics/ks.js';
import type { Matrix } from '../types.js';
import { SchemaError } from '../util/errors.js';
import { rollingMetrics } from './prediction-log.js';
import { psiAgainstReference, type ReferenceStats } from './reference.js';

/** Thresholds of the monitor; defaults are seed 002's (and two sample-size floors). */
export interface DriftThresholds {
  /** Rolling accuracy below this is a failure. Default 0.75. */
  accuracyFloor: number;
  /** PSI above this is a shift. Default 0.2. */
  psi: number;
  /** A feature with KS D above this has drifted. Default 0.15. */
  ks: number;
  /** This many drifted features make the `features` signal. Default 3. */
  minDriftedFeatures: number;
  /** Fewer current scores than this: PSI reported, not used. Default 100. */
  minPsiSample: number;
  /** Fewer known outcomes than this: accuracy reported, not used. Default 30. */
  minOutcomes: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> = Object.freeze({
  accuracyFloor: 0.75,
  psi: 0.2,
  ks: 0.15,
  minDriftedFeatures: 3,
  minPsiSample: 100,
  minOutcomes: 30,
});

/** The three signals. */
export type DriftSignal = 'accuracy' | 'psi' | 'features';
export type Recommendation = 'no_action' | 'schedule_retrain' | 'emergency_retrain';

/** When every signal in `when` fires, recommend `action`. */
export interface RetrainRule {
  when: DriftSignal[];
  action: Exclude<Recommendation, 'no_action'>;
}

export const DEFAULT_RETRAIN_RULES: readonly RetrainRule[] = Object.freeze([
  { when: ['accuracy'], action: 'emergency_retrain' },
  { when: ['psi', 'features'], action: 'emergency_retrain' },
  { when: ['psi'], action: 'schedule_retrain' },
  { when: ['features'], action: 'schedule_retrain' },
] as RetrainRule[]);

/**
 * The first rule whose signals all fire, or no_action.
 * @example recommendRetraining({ accuracy: false, psi: true, features: false }).recommendation // 'schedule_retrain'
 */
export function recommendRetraining(
  signals: Readonly<Record<DriftSignal, boolean>>,
  rules: readonly RetrainRule[] = DEFAULT_RETRAIN_RULES,
): { recommendation: Recommendation; rule: RetrainRule | null } {
  for (const rule of rules)
    if (rule.when.length > 0 && rule.when.every((s) => signals[s]))
      return { recommendation: rule.action, rule };
  return { recommendation: 'no_action', rule: null };
}

/** What the monitor looks at now. */
export interface DriftInput {
  /** Current feature values by name (a Matrix, or a table holding the columns). */
  features?: Matrix | ColumnTable;
  /** Current predictions. */
  scores?: ArrayLike<number>;
  /** Rolling accuracy and the outcomes behind it. */
  accuracy?: { value: number; n: number };
}

/** One feature's drift. */
export interface FeatureDrift {
  name: string;
  /** KS D between the current finite values and the reference quantiles; NaN when there is none. */
  ks: number;
  /** Finite current values. */
  n: number;
  referenceNanShare: number;
  currentNanShare: number;
  drifted: boolean;
}

/** The monitor's report. */
export interface DriftReport {
  features: FeatureDrift[];
  driftedFeatures: string[];
  /** PSI with the current sample size beside it; `reliable` false below minPsiSample. */
  psi: { value: number; sampleSize: number; referenceSize: number; reliable: boolean } | null;
  accuracy: { value: number; n: number; reliable: boolean } | null;
  signals: Record<DriftSignal, boolean>;
  recommendation: Recommendation;
  /** One sentence per signal, then the rule applied. */
  reasons: string[];
  thresholds: DriftThresholds;
}

function currentColumn(features: Matrix | ColumnTable, name: string): Float64Array | null {
  if ('data' in features && 'cols' in features) {
    const j = features.columns.indexOf(name);
    if (j < 0) return null;
    return Float64Array.from({ length: features.rows }, (_, i) => features.data[i * features.cols + j]);
  }
  return features.columnNames().includes(name) ? numericColumn(features, name) : null;
}

/**
 * Drift of current data against a model's reference statistics, with a retraining recommendation.
 *
 * @param reference - The model's reference.json (`RegisteredModel.reference`).
 * @param current - {@link DriftInput}: any of features, scores, accuracy.
 * @param options - `thresholds` and `rules` overriding the defaults.
 * @throws SchemaError when scores are given but the reference has no prediction distribution.
 */
export function monitorDrift(
  reference: ReferenceStats,
  current: DriftInput,
  options: { thresholds?: Partial<DriftThresholds>; rules?: readonly RetrainRule[] } = {},
): DriftReport {
  const t: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS, ...options.thresholds };
  const features: FeatureDrift[] = [];
  if (current.features) {
    for (const ref of reference.features) {
      const values = currentColumn(current.features, ref.name);
      if (values === null) continue;
      const finite = values.filter((v) => Number.isFinite(v));
      const ks =
        finite.length > 0 && ref.quantiles.length > 0
          ? ksStatistic(ref.quantiles, finite, { method: 'asymp' }).statistic
          : NaN;
      features.push({
        name: ref.name,
        ks,
        n: finite.length,
        referenceNanShare: ref.nan_count / Math.max(ref.n + ref.nan_count, 1),
        currentNanShare: values.length ? 1 - finite.length / values.length : 0,
        drifted: ks > t.ks,
      });
    }
  }
  const driftedFeatures = features.filter((f) => f.drifted).map((f) => f.name);
  let psi: DriftReport['psi'] = null;
  if (current.scores && current.scores.length > 0) {
    if (!reference.predictions)
      throw new SchemaError('monitorDrift: the reference has no prediction distribution');
    const r = psiAgainstReference(reference.predictions, current.scores);
    psi = {
      value: r.psi,
      sampleSize: r.sampleSize,
      referenceSize: r.referenceSize,
      reliable: r.sampleSize >= t.minPsiSample,
    };
  }
  const accuracy = current.accuracy
    ? {
        ...current.accuracy,
        reliable: current.accuracy.n >= t.minOutcomes && Number.isFinite(current.accuracy.value),
      }
    : null;
  const signals: Record<DriftSignal, boolean> = {
    accuracy: !!accuracy?.reliable && accuracy.value < t.accuracyFloor,
    psi: !!psi?.reliable && psi.value > t.psi,
    features: driftedFeatures.length >= t.minDriftedFeatures,
  };
  const reasons: string[] = [];
  if (accuracy)
    reasons.push(
      `rolling accuracy ${accuracy.value.toFixed(4)} on ${accuracy.n} outcomes ${
        !accuracy.reliable
          ? `(too few to act on: < ${t.minOutcomes})`
          : signals.accuracy
            ? `< ${t.accuracyFloor}`
            : `≥ ${t.accuracyFloor}`
      }`,
    );
  else reasons.push('rolling accuracy unknown (no outcomes yet)');
  if (psi)
    reasons.push(
      `PSI of predictions ${psi.value.toFixed(4)} on n = ${psi.sampleSize} (reference n = ${psi.referenceSize}) ${
        !psi.reliable
          ? `(sample too small to act on: < ${t.minPsiSample})`
          : signals.psi
            ? `> ${t.psi}`
            : `≤ ${t.psi}`
      }`,
    );
  else reasons.push('PSI not computed (no current predictions)');
  reasons.push(
    `${driftedFeatures.length} of ${features.length} feature(s) with KS > ${t.ks}${
      driftedFeatures.length ? ` (${driftedFeatures.join(', ')})` : ''
    }${signals.features ? ` ≥ ${t.minDriftedFeatures}` : ''}`,
  );
  const { recommendation, rule } = recommendRetraining(signals, options.rules);
  reasons.push(rule ? `${rule.when.join(' + ')} → ${recommendation}` : 'no signal → no_action');
  return { features, driftedFeatures, psi, accuracy, signals, recommendation, reasons, thresholds: t };
}

/**
 * {@link monitorDrift} on a model's own prediction log: the rows of that model version predicted in
 * the last `window` days of the log — their features (parsed from the log's JSON) and scores — and, when
 * the log has outcomes, the latest rolling accuracy over the same window.
 *
 * @param entry - The registered model (its reference statistics are the baseline).
 * @param log - A prediction log, with outcomes (collectOutcomes) or without.
 * @throws SchemaError when the model was saved without reference statistics.
 */
export function monitorPredictionLog(
  entry: { name: string; version: string; reference: ReferenceStats | null },
  log: ColumnTable,
  options: { window?: number; thresholds?: Partial<DriftThresholds>; rules?: readonly RetrainRule[] } = {},
): DriftReport {
  if (!entry.reference)
    throw new SchemaError(
      `monitorDrift: ${entry.name}@${entry.version} was saved without reference statistics`,
      {
        hint: 'Save models with { reference: { X } } to monitor them',
      },
    );
  const window = options.window ?? 30;
  const names = stringColumn(log, 'model_name');
  const versions = stringColumn(log, 'model_version');
  const date = numericColumn(log, 'prediction_date');
  const own: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < date.length; i++)
    if (names[i] === entry.name && versions[i] === entry.version) {
      own.push(i);
      last = Math.max(last, date[i]);
    }
  const rows = own.filter((i) => date[i] > last - window * MS_PER_DAY);
  const recent = log.reify(rows);
  const parsed = Array.from(
    recent.array('features') as ArrayLike<string>,
    (s) => JSON.parse(s) as Record<string, number | null>,
  );
  const columns = entry.reference.features.map((f) => f.name);
  const data = new Float64Array(rows.length * columns.length);
  parsed.forEach((o, i) => columns.forEach((c, j) => (data[i * columns.length + j] = o[c] ?? NaN)));
  const current: DriftInput = {
    features: { data, rows: rows.length, cols: columns.length, columns },
    scores: numericColumn(recent, 'score'),
  };
  if (log.columnNames().includes('outcome')) {
    // The latest window with known outcomes (recent predictions are not resolved yet).
    const rolling = rollingMetrics(log.reify(own), { window });
    const k = rolling.numRows() - 1;
    if (k >= 0)
      current.accuracy = { value: numericColumn(rolling, 'accuracy')[k], n: numericColumn(rolling, 'n')[k] };
  }
  return monitorDrift(entry.reference, current, options);
}
