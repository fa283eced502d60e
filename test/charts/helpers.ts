/**
 * Shared by the chart tests: Vega-Lite v5 JSON-schema validation (vega-lite's own
 * build/vega-lite-schema.json with ajv), JSON snapshots under test/fixtures/charts/, and the
 * deterministic inputs of every chart.
 *
 * Snapshots: `UPDATE_SNAPSHOTS=1 npx mocha … test/charts/charts.test.ts` rewrites them; otherwise a
 * missing or different snapshot fails the test.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import { expect } from 'chai';
import * as charts from '../../src/charts/index.js';
import { informationCoefficient, populationStabilityIndex, rocCurve } from '../../src/metrics/index.js';

const require = createRequire(import.meta.url);
const SNAPSHOT_DIR = fileURLToPath(new URL('../fixtures/charts/', import.meta.url));

let validator: ValidateFunction | undefined;

/** Validates a spec against the Vega-Lite v5 JSON schema; returns ajv's error text, or '' when valid. */
export function schemaErrors(spec: unknown): string {
  if (!validator) {
    const schema = require('vega-lite/build/vega-lite-schema.json') as object;
    const ajv = new AjvModule.default({ strict: false, allErrors: false, validateFormats: false });
    validator = ajv.compile(schema);
  }
  return validator(spec) ? '' : JSON.stringify(validator.errors?.slice(0, 3), null, 1);
}

/** Compares `value` with the JSON snapshot `name`.json (written when UPDATE_SNAPSHOTS=1). */
export function expectSnapshot(name: string, value: unknown): void {
  const file = path.join(SNAPSHOT_DIR, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  if (!fs.existsSync(file))
    throw new Error(
      `snapshot ${path.relative(process.cwd(), file)} is missing: run the test with UPDATE_SNAPSHOTS=1 once`,
    );
  expect(JSON.parse(text)).to.deep.equal(JSON.parse(fs.readFileSync(file, 'utf8')), `snapshot ${name}`);
}

/** The spec without its `config` (the theme is snapshotted once, not in every spec). */
export function withoutConfig(spec: charts.ChartSpec): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...spec };
  delete rest.config;
  return rest;
}

const DAY = 86_400_000;
const D0 = Date.UTC(2021, 0, 4);

/** Labels and two models' scores (12 rows, both classes). */
export const Y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1];
export const SCORE_A = [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.5, 0.45, 0.9, 0.3, 0.6, 0.55];
export const SCORE_B = [0.2, 0.3, 0.6, 0.7, 0.35, 0.65, 0.4, 0.55, 0.75, 0.25, 0.5, 0.45];

function equitySeries(): { date: number[]; equity: number[]; benchmark: number[] } {
  const date: number[] = [];
  const equity: number[] = [];
  const benchmark: number[] = [];
  let w = 1;
  let b = 1;
  for (let i = 0; i < 40; i++) {
    w *= 1 + Math.sin(i / 4) * 0.01 + 0.001;
    b *= 1 + Math.cos(i / 5) * 0.008;
    date.push(D0 + i * DAY);
    equity.push(w);
    benchmark.push(i === 7 ? NaN : b);
  }
  return { date, equity, benchmark };
}

function icInput(): ReturnType<typeof informationCoefficient> {
  const d: number[] = [];
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < 30; i++)
    for (let k = 0; k < 6; k++) {
      d.push(D0 + i * DAY);
      s.push(Math.sin(i * 3 + k * 2));
      r.push(Math.sin(i * 3 + k * 2) * 0.4 + Math.cos(i * 1.7 + k * k));
    }
  return informationCoefficient(d, s, r);
}

const ref = Array.from({ length: 100 }, (_, i) => Math.sin(i * 1.3) * 2);

/** Every chart with a deterministic input: name → spec. */
export const CHART_CASES: Record<string, () => charts.ChartSpec> = {
  roc: () =>
    charts.rocChart([
      { name: 'logistic', y: Y, score: SCORE_A },
      { name: 'gbdt', curve: rocCurve(Y, SCORE_B) },
    ]),
  pr: () =>
    charts.precisionRecallChart([
      { name: 'logistic', y: Y, score: SCORE_A },
      { name: 'gbdt', y: Y, score: SCORE_B },
    ]),
  calibration: () => charts.calibrationChart({ name: 'logistic', y: Y, prob: SCORE_A }, { nBins: 4 }),
  'calibration-two-models': () =>
    charts.calibrationChart(
      [
        { name: 'logistic', y: Y, prob: SCORE_A },
        { name: 'gbdt', y: Y, prob: SCORE_B },
      ],
      { nBins: 5, strategy: 'quantile' },
    ),
  importance: () =>
    charts.importanceChart(
      {
        names: ['rsi_14', 'macd', 'vol_20', 'ret_5', 'bb_width'],
        values: [0.3, 0.12, 0.25, 0.05, 0.18],
        std: [0.02, 0.03, 0.01, 0.02, 0.04],
      },
      { top: 4 },
    ),
  equity: () => charts.equityChart(equitySeries()),
  drawdown: () => charts.drawdownChart(equitySeries()),
  ic: () => charts.icChart(icInput(), { window: 5 }),
  quantiles: () => charts.quantileReturnsChart([-0.002, -0.0005, 0.0003, 0.001, 0.0031]),
  'quantiles-horizons': () =>
    charts.quantileReturnsChart({
      quantile: [1, 2, 3, 1, 2, 3],
      mean_return: [-0.001, 0, 0.002, -0.004, 0.001, 0.006],
      horizon: [1, 1, 1, 5, 5, 5],
    }),
  'cv-folds': () =>
    charts.cvFoldsChart([
      { fold: 0, auc: 0.55, brier: 0.248 },
      { fold: 1, auc: 0.58, brier: 0.245 },
      { fold: 2, auc: 0.52, brier: 0.25 },
    ]),
  comparison: () =>
    charts.comparisonChart({
      logistic: { auc: 0.56, brier: 0.248 },
      gbdt: { auc: { mean: 0.58, std: 0.02 }, brier: { mean: 0.246, std: 0.003 } },
    }),
  drift: () =>
    charts.driftChart({
      rsi: populationStabilityIndex(
        ref,
        ref.map((x) => x + 0.05),
      ),
      volume: populationStabilityIndex(
        ref,
        ref.map((x) => x * 1.5 + 1),
      ),
      macd: 0.15,
    }),
  'no-data': () => charts.rocChart([]),
};
