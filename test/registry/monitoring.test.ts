/**
 * The production loop after scoring: reference statistics, the prediction log with realized outcomes and
 * rolling metrics, the drift monitor and its retraining advice, and experiment runs. Real data: a GBDT
 * on 5 symbols of ../shared/data trained to 2016, scored day by day in 2017.
 */
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { expect } from 'chai';
import { numericColumn, stringColumn } from '../../src/data/panel.js';
import { MS_PER_DAY } from '../../src/data/schema.js';
import { buildDataset, type Dataset } from '../../src/features/pipeline.js';
import { brierScore, rocAuc } from '../../src/metrics/classification.js';
import { ksStatistic } from '../../src/metrics/ks.js';
import { populationStabilityIndex } from '../../src/metrics/psi.js';
import { accuracy } from '../../src/metrics/threshold.js';
import type { GBDTClassifier } from '../../src/models/gbdt/index.js';
import type { Matrix } from '../../src/types.js';
import { quantileSorted, sortedFinite } from '../../src/util/quantile.js';
import {
  DEFAULT_RETRAIN_RULES,
  monitorDrift,
  monitorPredictionLog,
  recommendRetraining,
  type DriftSignal,
} from '../../src/registry/drift.js';
import { predictPanel, type Scorable } from '../../src/registry/predict.js';
import {
  appendPredictionLog,
  collectOutcomes,
  readPredictionLog,
  rollingMetrics,
  updateOutcomes,
} from '../../src/registry/prediction-log.js';
import { psiAgainstReference, referenceStats, summarize } from '../../src/registry/reference.js';
import { listRuns, logRun } from '../../src/registry/runs.js';
import { SPEC, realPanel, tempDir, trainGbdt, trainingRows, TRAIN_END } from './helpers.js';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

/** Rows of a panel dated ≤ end. */
function panelUpTo(panel: ColumnTable, end: number): ColumnTable {
  const d = numericColumn(panel, 'date');
  const rows: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] <= end) rows.push(i);
  return panel.reify(rows);
}

describe('registry/monitoring', () => {
  let panel: ColumnTable;
  let model: GBDTClassifier;
  let dataset: Dataset;
  let X: Matrix;
  let entry: Scorable;

  before(() => {
    panel = realPanel();
    ({ model, dataset, X } = trainGbdt(panel));
    entry = {
      name: 'dir5',
      version: '1.0.0',
      model,
      metadata: { features: dataset.featureNames, threshold: 0.5, dataset: SPEC },
    };
  });

  describe('reference statistics', () => {
    it('hold type-7 quantiles of each feature and PSI bins that reproduce populationStabilityIndex exactly', () => {
      const train = model.predictProba(X);
      const ref = referenceStats(X, train);
      expect(ref.rows).to.equal(X.rows);
      const j = X.columns.indexOf('rsi_14');
      const col = sortedFinite(Float64Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j]));
      const rsi = ref.features[j];
      expect(rsi.name).to.equal('rsi_14');
      expect(rsi.quantiles).to.have.length(201);
      expect(rsi.quantiles[0]).to.equal(col[0]);
      expect(rsi.quantiles[200]).to.equal(col[col.length - 1]);
      expect(rsi.quantiles[100]).to.be.closeTo(quantileSorted(col, 0.5), 1e-12);
      expect(rsi.quantiles[5]).to.be.closeTo(quantileSorted(col, 0.025), 1e-12);
      // 2017's scores against 2013–2016's.
      const hold = trainingRows(dataset, TRAIN_END + 1, Infinity);
      const now = model.predictProba(hold.X);
      const mine = psiAgainstReference(ref.predictions!, now);
      expect(mine.psi).to.be.closeTo(populationStabilityIndex(train, now).psi, 1e-12);
      expect(mine).to.include({ sampleSize: hold.X.rows, referenceSize: X.rows });
      expect(summarize([1, 2, NaN, 3])).to.include({ n: 3, nan_count: 1, mean: 2 });
    });
  });

  describe('prediction log', () => {
    it('appends each day’s scores, adds realized labels once known, and gives rolling 30-day metrics', () => {
      const tmp = tempDir();
      try {
        const file = path.join(tmp.dir, 'predictions.parquet');
        // Score each trading day of 2017-11 and 2017-12 as if live: data up to that day only.
        const days = [...new Set(numericColumn(panel, 'date'))].filter(
          (d) => d >= day('2017-11-01') && d <= day('2017-12-29'),
        );
        let total = 0;
        for (const d of days)
          total = appendPredictionLog(file, predictPanel(entry, panelUpTo(panel, d)), {
            loggedAt: new Date(d),
          });
        expect(total).to.equal(days.length * 5);
        const log = readPredictionLog(file);
        expect(log.columnNames()).to.deep.equal([
          'prediction_date',
          'symbol',
          'model_name',
          'model_version',
          'score',
          'class',
          'features',
          'logged_at',
        ]);
        const f0 = JSON.parse((log.array('features') as string[])[0]) as Record<string, number>;
        expect(Object.keys(f0)).to.deep.equal(dataset.featureNames);

        // Outcomes known as of 2017-12-22: the 5-day direction of rows up to 5 trading days before.
        const asOf = day('2017-12-22');
        const early = collectOutcomes(log, panelUpTo(panel, asOf), { label: SPEC.labels![0] });
        const truth = buildDataset(panel, { features: [], labels: SPEC.labels });
        const key = (s: string | null, d: number) => `${s}|${d}`;
        const label = new Map<string, [number, number]>();
        const ts = stringColumn(truth.table, 'symbol');
        const td = numericColumn(truth.table, 'date');
        const tv = numericColumn(truth.table, 'direction_5');
        const tt = numericColumn(truth.table, 't1');
        ts.forEach((s, i) => label.set(key(s, td[i]), [tv[i], tt[i]]));
        const ls = stringColumn(early, 'symbol');
        const ld = numericColumn(early, 'prediction_date');
        const lo = numericColumn(early, 'outcome');
        const lt = numericColumn(early, 'outcome_date');
        let known = 0;
        ls.forEach((s, i) => {
          const [v, t1] = label.get(key(s, ld[i]))!;
          if (t1 <= asOf) {
            expect([lo[i], lt[i]]).to.deep.equal([v, t1]);
            known++;
          } else expect(lo[i]).to.be.NaN;
        });
        expect(known).to.be.greaterThan(0).and.lessThan(ls.length);
        // Run again later on the file: old outcomes kept, the rest filled in.
        const later = updateOutcomes(file, panel, { label: SPEC.labels![0] });
        expect(numericColumn(later, 'outcome').every((v) => v === 0 || v === 1)).to.equal(true);
        expect(readPredictionLog(file).numRows()).to.equal(total);

        const rolling = rollingMetrics(later);
        expect(rolling.columnNames()).to.deep.equal(['date', 'n', 'accuracy', 'auc', 'brier']);
        const k = rolling.numRows() - 1;
        const d = numericColumn(rolling, 'date')[k];
        const y: number[] = [];
        const s: number[] = [];
        const pd = numericColumn(later, 'prediction_date');
        const ps = numericColumn(later, 'score');
        const po = numericColumn(later, 'outcome');
        for (let i = 0; i < pd.length; i++)
          if (pd[i] > d - 30 * MS_PER_DAY && pd[i] <= d) {
            y.push(po[i]);
            s.push(ps[i]);
          }
        expect(numericColumn(rolling, 'n')[k]).to.equal(y.length);
        expect(numericColumn(rolling, 'accuracy')[k]).to.equal(accuracy(y, s));
        expect(numericColumn(rolling, 'auc')[k]).to.equal(rocAuc(y, s));
        expect(numericColumn(rolling, 'brier')[k]).to.equal(brierScore(y, s));

        // The monitor on the log: the latest 30 days against the training reference.
        const report = monitorPredictionLog(
          { ...entry, reference: referenceStats(X, model.predictProba(X)) },
          later,
        );
        expect(report.features.map((f) => f.name)).to.deep.equal(dataset.featureNames);
        expect(report.psi!.sampleSize).to.be.within(100, 125);
        expect(report.accuracy!.n).to.be.greaterThan(0);
        expect(report.reasons.at(-1)).to.match(/→ (no_action|schedule_retrain|emergency_retrain)$/);
      } finally {
        tmp.remove();
      }
    });
  });

  describe('drift monitor', () => {
    it('KS per feature against the reference quantiles, PSI with its sample size, and the advice', () => {
      const ref = referenceStats(X, model.predictProba(X));
      const same = monitorDrift(ref, { features: X, scores: model.predictProba(X) });
      expect(same.features.every((f) => f.ks <= 0.01)).to.equal(true);
      expect(same.psi).to.deep.include({ sampleSize: X.rows, referenceSize: X.rows, reliable: true });
      expect(same.psi!.value).to.be.below(1e-3);
      expect(same.recommendation).to.equal('no_action');
      // D against the 201-quantile stand-in is within 1/200 of D against the full training sample.
      const hold = trainingRows(dataset, TRAIN_END + 1, Infinity);
      const now = monitorDrift(ref, { features: hold.X });
      for (const [j, f] of now.features.entries()) {
        const col = (M: Matrix) => Float64Array.from({ length: M.rows }, (_, i) => M.data[i * M.cols + j]);
        expect(f.ks, f.name).to.be.closeTo(
          ksStatistic(col(X), col(hold.X), { method: 'asymp' }).statistic,
          0.006,
        );
      }
      // Shift three features: KS > 0.15 → the features signal → schedule_retrain.
      const shifted = { ...X, data: X.data.slice() };
      for (const name of ['rsi_14', 'ret_5', 'volatility_10']) {
        const j = X.columns.indexOf(name);
        for (let i = 0; i < X.rows; i++)
          shifted.data[i * X.cols + j] = shifted.data[i * X.cols + j] * 1.5 + 1;
      }
      const r = monitorDrift(ref, { features: shifted });
      expect(r.driftedFeatures).to.have.members(['rsi_14', 'ret_5', 'volatility_10']);
      expect(r.signals).to.deep.equal({ accuracy: false, psi: false, features: true });
      expect(r.recommendation).to.equal('schedule_retrain');
      // Scores pushed up: PSI > 0.2 with the features → emergency; on 50 scores it is reported, not used.
      const high = model.predictProba(X).map((p) => Math.min(1, p + 0.2));
      expect(monitorDrift(ref, { features: shifted, scores: high }).recommendation).to.equal(
        'emergency_retrain',
      );
      const small = monitorDrift(ref, { scores: high.subarray(0, 50) });
      expect(small.psi).to.include({ sampleSize: 50, reliable: false });
      expect(small.psi!.value).to.be.above(0.2);
      expect(small.recommendation).to.equal('no_action');
      expect(small.reasons[1]).to.match(
        /^PSI of predictions \d\.\d{4} on n = 50 \(reference n = \d+\) \(sample too small to act on: < 100\)$/,
      );
      // Rolling accuracy below 0.75 on enough outcomes → emergency on its own.
      const acc = monitorDrift(ref, { accuracy: { value: 0.52, n: 500 } });
      expect(acc.recommendation).to.equal('emergency_retrain');
      expect(acc.reasons[0]).to.equal('rolling accuracy 0.5200 on 500 outcomes < 0.75');
      expect(monitorDrift(ref, { accuracy: { value: 0.52, n: 10 } }).recommendation).to.equal('no_action');
      // Thresholds are options.
      expect(
        monitorDrift(ref, { accuracy: { value: 0.52, n: 500 } }, { thresholds: { accuracyFloor: 0.5 } })
          .recommendation,
      ).to.equal('no_action');
    });

    it('recommendRetraining: every combination of signals, row by row', () => {
      // prettier-ignore
      const table: [accuracy: boolean, psi: boolean, features: boolean, expected: string][] = [
        [false, false, false, 'no_action'],
        [false, false, true,  'schedule_retrain'],
        [false, true,  false, 'schedule_retrain'],
        [false, true,  true,  'emergency_retrain'],
        [true,  false, false, 'emergency_retrain'],
        [true,  false, true,  'emergency_retrain'],
        [true,  true,  false, 'emergency_retrain'],
        [true,  true,  true,  'emergency_retrain'],
      ];
      for (const [accuracy, psi, features, expected] of table)
        expect(
          recommendRetraining({ accuracy, psi, features }).recommendation,
          JSON.stringify({ accuracy, psi, features }),
        ).to.equal(expected);
      const onlyAccuracy = [{ when: ['accuracy'] as DriftSignal[], action: 'schedule_retrain' as const }];
      expect(
        recommendRetraining({ accuracy: true, psi: true, features: true }, onlyAccuracy).recommendation,
      ).to.equal('schedule_retrain');
      expect(
        recommendRetraining({ accuracy: false, psi: true, features: true }, onlyAccuracy).recommendation,
      ).to.equal('no_action');
      expect(DEFAULT_RETRAIN_RULES).to.have.length(4);
    });
  });

  describe('experiment runs', () => {
    it('logRun appends runs; listRuns spreads metrics into columns', () => {
      const tmp = tempDir();
      try {
        const a = logRun(tmp.dir, {
          name: 'dir5',
          params: { maxDepth: 3 },
          metrics: { auc: 0.53, brier: 0.25 },
          dataHash: 'abc',
          time: new Date(0),
        });
        logRun(tmp.dir, {
          name: 'other',
          metrics: { auc: 0.51, sharpe: 0.7 },
          artifacts: ['reports/x.html'],
        });
        const runs = listRuns(tmp.dir);
        expect(runs.numRows()).to.equal(2);
        expect(runs.columnNames()).to.deep.equal([
          'run_id',
          'time',
          'name',
          'version',
          'params',
          'metrics',
          'artifacts',
          'data_hash',
          'metric_auc',
          'metric_brier',
          'metric_sharpe',
        ]);
        const rows = runs.objects() as Record<string, unknown>[];
        expect(rows[0]).to.include({
          run_id: a,
          time: '1970-01-01T00:00:00.000Z',
          name: 'dir5',
          metric_auc: 0.53,
          data_hash: 'abc',
        });
        expect(rows[1].metric_brier).to.be.NaN;
        expect(a).to.match(/^run-19700101T000000Z-[0-9a-f]{6}$/);
        expect(listRuns(tmp.dir, { name: 'other' }).numRows()).to.equal(1);
        const best = runs.orderby(aq.desc('metric_auc')).objects()[0] as { name: string };
        expect(best.name).to.equal('dir5');
        expect(listRuns(path.join(tmp.dir, 'none')).numRows()).to.equal(0);
      } finally {
        tmp.remove();
      }
    });
  });
});
