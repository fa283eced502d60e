/**
 * Drift: the population stability index of each feature as horizontal bars, largest first, coloured
 * by the credit-scoring bands (< 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 major shift) with the
 * two thresholds as dashed rules.
 *
 * ```
 *  { feature: populationStabilityIndex(ref, cur) | psi } | rows { feature, psi }
 *      ──finite, ≥ 0 check──▶ sort descending ──▶ top k ──▶ bars by band + threshold rules
 * ```
 *
 * @see Yurdakul, B. (2018) Statistical properties of population stability index.
 */
import type { PopulationStabilityIndex } from '../metrics/psi.js';
import { COLORS, chartSize, noDataChart, topLevel, type ChartOptions, type ChartSpec } from './theme.js';
import { ParameterError, SchemaError } from '../util/errors.js';

/** What {@link driftChart} takes: PSI by feature (the metric's result or the number), or rows. */
export type DriftInput =
  Readonly<Record<string, PopulationStabilityIndex | number>> | readonly { feature: string; psi: number }[];

/** Options of {@link driftChart}. */
export interface DriftChartOptions extends ChartOptions {
  /** Band thresholds [moderate, major]. Default [0.1, 0.25]. */
  thresholds?: readonly [number, number];
  /** Show the `top` most drifted features. Default 30. */
  top?: number;
}

/** The band of a PSI value under thresholds [moderate, major]. */
export function psiBand(
  psi: number,
  thresholds: readonly [number, number] = [0.1, 0.25],
): 'stable' | 'moderate' | 'major' {
  return psi >= thresholds[1] ? 'major' : psi >= thresholds[0] ? 'moderate' : 'stable';
}

/**
 * PSI per feature.
 *
 * @param psi - `{ rsi: populationStabilityIndex(train.rsi, live.rsi), … }`, `{ rsi: 0.04 }`, or rows `{ feature, psi }`.
 * @param options - title ('Drift (PSI)'), thresholds ([0.1, 0.25]), top (30), width (360), height (18 px per feature).
 * @returns A layered Vega-Lite spec; a "no data" chart when there is no feature.
 * @throws SchemaError on a PSI that is negative or not finite, or a repeated feature.
 * @throws ParameterError on bad thresholds or top.
 * @example driftChart({ rsi: 0.04, volume: 0.31 }) // volume 'major' (vermillion) above rsi 'stable' (green)
 */
export function driftChart(psi: DriftInput, options: DriftChartOptions = {}): ChartSpec {
  const what = 'driftChart';
  const title = options.title ?? 'Drift (PSI)';
  const thresholds = options.thresholds ?? [0.1, 0.25];
  const top = options.top ?? 30;
  if (!(thresholds[0] > 0 && thresholds[1] > thresholds[0] && Number.isFinite(thresholds[1])))
    throw new ParameterError(
      `${what}: thresholds must be 0 < moderate < major, got [${thresholds.join(', ')}]`,
    );
  if (!(Number.isInteger(top) && top >= 1))
    throw new ParameterError(`${what}: top must be an integer ≥ 1, got ${top}`);
  const entries: [string, number][] = Array.isArray(psi)
    ? (psi as readonly { feature: string; psi: number }[]).map((r) => [r.feature, r.psi])
    : Object.entries(psi as Record<string, PopulationStabilityIndex | number>).map(([f, v]) => [
        f,
        typeof v === 'number' ? v : v.psi,
      ]);
  const seen = new Set<string>();
  for (const [feature, v] of entries) {
    if (seen.has(feature)) throw new SchemaError(`${what}: feature '${feature}' appears twice`);
    seen.add(feature);
    if (!(Number.isFinite(v) && v >= 0))
      throw new SchemaError(`${what}: PSI of '${feature}' must be a finite number ≥ 0, got ${String(v)}`);
  }
  if (entries.length === 0) return noDataChart(title, 'no data', options);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const shown = entries.slice(0, top);
  const { width, height } = chartSize(what, options, { width: 360, height: Math.max(40, 18 * shown.length) });
  const rows = shown.map(([feature, v]) => ({ feature, psi: v, band: psiBand(v, thresholds) }));
  const nMajor = entries.filter(([, v]) => psiBand(v, thresholds) === 'major').length;
  const nModerate = entries.filter(([, v]) => psiBand(v, thresholds) === 'moderate').length;
  const subtitle = `${nMajor} major, ${nModerate} moderate of ${entries.length} features${entries.length > shown.length ? ` (top ${shown.length} shown)` : ''}`;
  return {
    ...topLevel('drift', title, subtitle, options),
    width,
    height,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'feature', type: 'nominal', sort: shown.map(([f]) => f), title: null },
          x: { field: 'psi', type: 'quantitative', title: 'Population stability index' },
          color: {
            field: 'band',
            type: 'nominal',
            scale: {
              domain: ['stable', 'moderate', 'major'],
              range: [COLORS.positive, '#E69F00', COLORS.negative],
            },
            legend: { title: null, orient: 'bottom' },
          },
          tooltip: [
            { field: 'feature', type: 'nominal' },
            { field: 'psi', type: 'quantitative', format: '.4f', title: 'PSI' },
            { field: 'band', type: 'nominal' },
          ],
        },
      },
      {
        data: { values: thresholds.map((t) => ({ threshold: t })) },
        mark: { type: 'rule', strokeDash: [4, 4], color: COLORS.reference },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
}
